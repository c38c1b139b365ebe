//! `/profile/password`: a signed-in user changes their password, with the same policy and
//! strength meter as a reset.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::csrf::{CheckedForm, CsrfProtected};
use super::reset::{strength_answer, strength_labels};
use super::visit::{signed_in, web_session, Visit};
use crate::auth::ClientAddress;
use crate::error::{status_of, AppError};
use crate::service::{password, ServiceError};
use crate::state::AppState;

const PATH: &str = "/profile/password";

async fn render(
    state: &AppState,
    visit: Visit,
    problems: &[String],
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let policy = password::policy_for(state, &visit.user).await?;
    let title = tr.t("password-change-title");
    let invalid = !problems.is_empty();
    let content = html! {
        h1 { (title) }
        section.card {
            @if invalid {
                div.error #password-errors role="alert" tabindex="-1" {
                    p { (tr.t("reset-password-problems")) }
                    ul { @for problem in problems { li { (problem) } } }
                }
            }
            form method="post" action=(PATH) {
                input type="hidden" name="csrf" value=(visit.csrf);
                label for="current_password" { (tr.t("password-current")) }
                input #current_password type="password" name="current_password" autocomplete="current-password" required
                    autofocus[invalid];
                p #password-rules { (tr.t_with("reset-password-rules", &[("min", &policy.min_length.to_string())])) }
                label for="new_password" { (tr.t("reset-new-password")) }
                input #new_password type="password" name="new_password" autocomplete="new-password"
                    minlength=(policy.min_length) maxlength=(policy.max_length) required
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby="password-rules password-strength";
                p #password-strength aria-live="polite" data-labels=(strength_labels(tr)) data-url={(PATH) "/strength"} {}
                label for="confirm" { (tr.t("reset-confirm-password")) }
                input #confirm type="password" name="confirm" autocomplete="new-password" required;
                button type="submit" { (tr.t("password-change-submit")) }
            }
            p { a href="/profile" { (tr.t("soft-pin-cancel")) } }
            script src="/static/strength.js" defer {}
        }
    };
    let body = visit.page(title, PATH, content);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

pub async fn page(State(state): State<AppState>, jar: CookieJar, headers: HeaderMap) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        render(state, visit, &[], StatusCode::OK).await
    })
    .await
}

#[derive(Deserialize)]
pub struct ChangeForm {
    csrf: String,
    current_password: SecretString,
    new_password: SecretString,
    confirm: SecretString,
}

impl CsrfProtected for ChangeForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<ChangeForm>,
) -> Response {
    let state = &state;
    let session = web_session(state, &jar)
        .await
        .ok()
        .flatten()
        .map(|(s, _)| s.id);
    signed_in(state, jar, &headers, |visit| async move {
        if form.new_password.expose_secret() != form.confirm.expose_secret() {
            let problem = visit.tr.t("soft-pin-error-mismatch");
            return render(state, visit, &[problem], StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        let user = visit.user.clone();
        let outcome = password::change(
            state,
            &user,
            form.current_password,
            form.new_password,
            session,
            source.as_deref(),
        )
        .await;
        match outcome {
            Ok(()) => {
                Ok((visit.jar, Redirect::to("/profile?notice=password-changed")).into_response())
            }
            Err(ServiceError::Rules(broken)) => {
                let problems: Vec<String> = broken
                    .iter()
                    .map(|v| visit.problem_text(v.code, &v.message))
                    .collect();
                render(state, visit, &problems, StatusCode::UNPROCESSABLE_ENTITY).await
            }
            Err(ServiceError::Internal(cause)) => Err(AppError::internal(cause)),
            Err(error) => {
                let problem = visit.problem(&error);
                render(state, visit, &[problem], status_of(&error)).await
            }
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct StrengthForm {
    csrf: String,
    password: SecretString,
}

impl CsrfProtected for StrengthForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The strength of a new password being typed, for the signed-in user.
pub async fn strength(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<StrengthForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        let policy = password::policy_for(state, &visit.user).await?;
        Ok(strength_answer(
            &visit.tr,
            &policy,
            &visit.user,
            &form.password,
        ))
    })
    .await
}
