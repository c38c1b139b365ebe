//! The security questions page: choose questions from the bank and answer each.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use serde::Deserialize;

use super::csrf::{self, CheckedForm};
use super::visit::{signed_in, Visit};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::service::verification::qa;
use crate::service::ServiceError;
use crate::state::AppState;

/// Which security questions verification a page is for, and where its form posts: the
/// base one at `/profile/questions`, a custom one at `/profile/verifications/{id}`.
pub struct Target {
    id: String,
    path: String,
    action: String,
}

impl Target {
    fn base() -> Self {
        Self {
            id: qa::QA.to_owned(),
            path: "/profile/questions".to_owned(),
            action: "/profile/questions".to_owned(),
        }
    }

    pub fn custom(id: String) -> Self {
        let path = super::enrollment::path(&id);
        Self {
            action: format!("{path}/answers"),
            path,
            id,
        }
    }
}

#[derive(Deserialize)]
pub struct QuestionsForm {
    csrf: String,
    /// `question_0` .. and `answer_0` ..
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl csrf::CsrfProtected for QuestionsForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// What the user chose and typed, per row, kept after a refusal; `None` for a first visit.
type Given = Option<Vec<(i64, String)>>;

async fn render(
    state: &AppState,
    visit: Visit,
    target: &Target,
    (problems, given): (Vec<String>, Given),
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let (verification, params) = qa::questions_verification(state, &target.id).await?;
    let bank: Vec<_> = state
        .store()
        .list_questions()
        .await?
        .into_iter()
        .filter(|q| !q.retired)
        .collect();
    let enrolled = state.store().answers(visit.user.id, &target.id).await?;
    let title = super::enrollment::title(tr, &verification);
    let count = params.enroll_count.to_string();
    let content = html! {
        h1 { (title) }
        @if !problems.is_empty() {
            div.error #questions-errors role="alert" {
                ul { @for problem in &problems { li { (problem) } } }
            }
        }
        section.card {
            p { (tr.t_with("questions-intro", &[("count", &count)])) }
            @if !enrolled.is_empty() {
                p #questions-state { (tr.t_with("questions-enrolled", &[("count", &enrolled.len().to_string())])) }
            }
            form method="post" action=(target.action) {
                input type="hidden" name="csrf" value=(visit.csrf);
                @for n in 0..params.enroll_count {
                    @let kept = given.as_ref().and_then(|g| g.get(n));
                    fieldset {
                        legend { (tr.t_with("questions-number", &[("number", &(n + 1).to_string())])) }
                        label for=(format!("question_{n}")) { (tr.t("questions-question")) }
                        select id=(format!("question_{n}")) name=(format!("question_{n}")) required {
                            @for (index, question) in bank.iter().enumerate() {
                                @let chosen = kept.map_or(index == n, |(id, _)| *id == question.id);
                                option value=(question.id) selected[chosen] { (qa::text_in(question, &visit.user.language)) }
                            }
                        }
                        label for=(format!("answer_{n}")) { (tr.t("questions-answer")) }
                        @let answer = kept.map_or("", |(_, answer)| answer.as_str());
                        input id=(format!("answer_{n}")) type="text" name=(format!("answer_{n}")) autocomplete="off" required
                            value=(answer) autofocus[given.is_some() && answer.is_empty() && first_blank(&given) == Some(n)];
                    }
                }
                button type="submit" { (tr.t("questions-save")) }
            }
        }
        p { a href="/profile" { (tr.t("soft-pin-cancel")) } }
    };
    let body = visit.page(title, &target.path, content);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

pub async fn questions_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    page(&state, jar, &headers, Target::base()).await
}

pub async fn page(
    state: &AppState,
    jar: CookieJar,
    headers: &HeaderMap,
    target: Target,
) -> Response {
    signed_in(state, jar, headers, |visit| async move {
        render(state, visit, &target, (Vec::new(), None), StatusCode::OK).await
    })
    .await
}

pub async fn questions_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<QuestionsForm>,
) -> Response {
    submit(&state, source, jar, &headers, form, Target::base()).await
}

pub async fn submit(
    state: &AppState,
    source: Option<String>,
    jar: CookieJar,
    headers: &HeaderMap,
    form: QuestionsForm,
    target: Target,
) -> Response {
    signed_in(state, jar, headers, |visit| async move {
        let answers: Vec<(i64, String)> = (0..10)
            .filter_map(|n| {
                let question = form.fields.get(&format!("question_{n}"))?.parse().ok()?;
                let answer = form.fields.get(&format!("answer_{n}"))?.clone();
                Some((question, answer))
            })
            .collect();
        let user = visit.user.clone();
        let actor = format!("user:{}", user.username);
        let (_, params) = qa::questions_verification(state, &target.id).await?;
        let kept = kept_after_refusal(&answers, params.min_answer_length);
        match qa::enroll(state, &user, &target.id, answers, &actor, source.as_deref()).await {
            Ok(()) => {
                Ok((visit.jar, Redirect::to("/profile?notice=enrollment-active")).into_response())
            }
            Err(ServiceError::Rules(broken)) => {
                let problems = broken
                    .iter()
                    .map(|v| visit.problem_text(v.code, &v.message))
                    .collect();
                render(
                    state,
                    visit,
                    &target,
                    (problems, Some(kept)),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
            Err(other) => Err(other.into()),
        }
    })
    .await
}

/// The choices and answers to show again after a refusal: every one, but an answer at
/// fault (too short, or the same as an earlier one) is emptied for the user to retype.
fn kept_after_refusal(answers: &[(i64, String)], min_length: usize) -> Vec<(i64, String)> {
    let mut seen: Vec<String> = Vec::new();
    answers
        .iter()
        .map(|(question, answer)| {
            let normalized = sesame_core::questions::normalize(answer);
            let at_fault = normalized.chars().count() < min_length || seen.contains(&normalized);
            seen.push(normalized);
            (
                *question,
                if at_fault {
                    String::new()
                } else {
                    answer.clone()
                },
            )
        })
        .collect()
}

/// The first row whose answer is empty, where the cursor goes after a refusal.
fn first_blank(given: &Given) -> Option<usize> {
    given
        .as_ref()?
        .iter()
        .position(|(_, answer)| answer.is_empty())
}
