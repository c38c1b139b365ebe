//! `/admin/questions`: the bank of security questions with every translation; adding a
//! question (English required), translating one and retiring it (users enrolled with it
//! keep it). The same service functions as `/api/v1/questions`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::Violation;
use sesame_store::QuestionRecord;

use super::{
    actor, actor_name, admin_page, field_problems, form_problems, notice_markup, refusal_errors,
    respond, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::{Tr, AVAILABLE};
use crate::service::questions;
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected};
use crate::web::visit::Visit;

#[derive(Debug, Default, Deserialize)]
pub struct QuestionForm {
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfProtected for QuestionForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl QuestionForm {
    /// The texts typed, by language (`text-<tag>` fields), empty ones left out.
    fn texts(&self) -> Vec<(String, String)> {
        let mut texts: Vec<(String, String)> = self
            .fields
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("text-")?.to_owned(), v.trim().to_owned())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        texts.sort();
        texts
    }
}

/// The languages a question's form offers: the catalogues' and those it has texts in.
fn languages(question: Option<&QuestionRecord>) -> Vec<String> {
    let mut all: Vec<String> = AVAILABLE.iter().map(|l| (*l).to_owned()).collect();
    for (language, _) in question.map(|q| q.texts.as_slice()).unwrap_or_default() {
        if !all.contains(language) {
            all.push(language.clone());
        }
    }
    all
}

/// Problems of texts belong to the English text (the one that must be there) unless
/// they name no field.
fn question_field(code: &str) -> &'static str {
    match code {
        "question.english_missing" | "question.text_invalid" | "user.language_invalid" => "text-en",
        _ => "",
    }
}

fn text_fields(
    tr: &Tr,
    languages: &[String],
    values: &dyn Fn(&str) -> String,
    errors: &FieldErrors,
) -> Markup {
    let order: Vec<String> = languages.iter().map(|l| format!("text-{l}")).collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    html! {
        @for language in languages {
            @let name = format!("text-{language}");
            @let invalid = !errors.at(&name).is_empty();
            label for=(name) { (tr.t_with("admin-question-text", &[("language", language.as_str())])) }
            input id=(name) name=(name) type="text" maxlength="200" value=(values(language)) lang=(language)
                required[language == "en"] aria-invalid=[invalid.then_some("true")]
                aria-describedby=[invalid.then(|| format!("{name}-error"))]
                autofocus[errors.first_in(&order, &name)];
            (field_problems(errors, &name))
        }
    }
}

async fn list_page(
    state: &AppState,
    visit: Visit,
    form: &QuestionForm,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let bank = state.store().list_questions().await?;
    let tr = &visit.tr;
    let languages = languages(None);
    let typed = |language: &str| {
        form.fields
            .get(&format!("text-{language}"))
            .cloned()
            .unwrap_or_default()
    };
    let content = html! {
        h1 { (tr.t("admin-questions")) }
        p.lead { (tr.t("admin-questions-intro")) }
        (notice_markup(notice))
        div.table-scroll tabindex="0" {
            table #questions {
                thead { tr {
                    th scope="col" { (tr.t("admin-question")) }
                    th scope="col" { (tr.t("admin-question-languages")) }
                    th scope="col" { (tr.t("admin-process-state")) }
                } }
                tbody {
                    @for q in &bank {
                        tr id={"question-" (q.id)} {
                            td { a href={"/admin/questions/" (q.id)} { (crate::service::verification::qa::text_in(q, &tr.tag())) } }
                            td { (q.texts.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", ")) }
                            td { (tr.t(if q.retired { "admin-question-retired" } else { "admin-active" })) }
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="new-heading" {
            h2 #new-heading { (tr.t("admin-question-new")) }
            (form_problems(tr, errors, &[]))
            form method="post" action="/admin/questions" novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (text_fields(tr, &languages, &typed, errors))
                button type="submit" { (tr.t("admin-question-add")) }
            }
        }
    };
    let title = visit.tr.t("admin-questions");
    respond(state, visit, "/admin/questions", title, status, content)
}

pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let notice = notice.text(&visit.tr);
        list_page(
            state,
            visit,
            &QuestionForm::default(),
            &FieldErrors::default(),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<QuestionForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let name = actor_name(&visit);
        match questions::create(state, &form.texts(), actor(&name, &source)).await {
            Ok(_) => Ok(Redirect::to("/admin/questions?notice=question-created").into_response()),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, question_field)?;
                list_page(state, visit, &form, &errors, None, status).await
            }
        }
    })
    .await
}

async fn question(state: &AppState, id: i64) -> Result<QuestionRecord, AppError> {
    state
        .store()
        .list_questions()
        .await?
        .into_iter()
        .find(|q| q.id == id)
        .ok_or_else(|| {
            AppError::not_found("question.not_found", "There is no question with this id.")
        })
}

async fn edit(
    state: &AppState,
    visit: Visit,
    q: &QuestionRecord,
    typed: Option<&QuestionForm>,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let languages = languages(Some(q));
    let value = |language: &str| match typed {
        Some(form) => form
            .fields
            .get(&format!("text-{language}"))
            .cloned()
            .unwrap_or_default(),
        None => q
            .texts
            .iter()
            .find(|(l, _)| l == language)
            .map(|(_, t)| t.clone())
            .unwrap_or_default(),
    };
    let retired = typed.map_or(q.retired, |f| f.fields.contains_key("retired"));
    let title = crate::service::verification::qa::text_in(q, &tr.tag());
    let content = html! {
        h1 { (title) }
        (notice_markup(notice))
        section.card {
            (form_problems(tr, errors, &[]))
            form method="post" action={"/admin/questions/" (q.id)} novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (text_fields(tr, &languages, &value, errors))
                div.check {
                    input #retired name="retired" type="checkbox" checked[retired];
                    label for="retired" { (tr.t("admin-question-retire")) }
                }
                button type="submit" { (tr.t("admin-save")) }
            }
        }
        p { a href="/admin/questions" { (tr.t("admin-back-to-questions")) } }
    };
    respond(state, visit, "/admin/questions", title, status, content)
}

pub async fn edit_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let q = question(state, id).await?;
        let notice = notice.text(&visit.tr);
        edit(
            state,
            visit,
            &q,
            None,
            &FieldErrors::default(),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CheckedForm(form): CheckedForm<QuestionForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let q = question(state, id).await?;
        let texts = form.texts();
        let outcome = if texts.iter().any(|(l, _)| l == "en") {
            let retired = Some(form.fields.contains_key("retired"));
            let name = actor_name(&visit);
            questions::update(state, id, &texts, retired, actor(&name, &source)).await
        } else {
            Err(Violation::new(
                "question.english_missing",
                "Every question needs an English text.",
            )
            .into())
        };
        match outcome {
            Ok(()) => Ok(
                Redirect::to(&format!("/admin/questions/{id}?notice=question-saved"))
                    .into_response(),
            ),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, question_field)?;
                edit(state, visit, &q, Some(&form), &errors, None, status).await
            }
        }
    })
    .await
}
