//! The Soft PIN page: enroll or change, with each broken rule shown next to the field.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::csrf::{self, CheckedForm};
use super::visit::{signed_in, Visit};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::service::verification::soft_pin;
use crate::service::ServiceError;
use crate::state::AppState;

const PATH: &str = "/profile/soft-pin";

#[derive(Deserialize)]
pub struct SoftPinForm {
    csrf: String,
    pin: SecretString,
    pin_confirm: SecretString,
}

/// What the page shows: the form, with the problems of the last try.
struct Shown {
    status: StatusCode,
    problems: Vec<String>,
}

async fn render(state: &AppState, visit: Visit, shown: Shown) -> Result<Response, AppError> {
    let tr = &visit.tr;
    if !soft_pin::enrollment_enabled(state).await? {
        let content = html! {
            h1 { (tr.t("profile-soft-pin")) }
            p.error #soft-pin-unavailable role="alert" { (tr.t("soft-pin-unavailable")) }
        };
        let body = visit.page(tr.t("profile-soft-pin"), PATH, content);
        return Ok((StatusCode::FORBIDDEN, visit.jar, body).into_response());
    }
    let enrolled = state
        .store()
        .find_enrollment(visit.user.id, soft_pin::VERIFICATION_ID)
        .await?
        .is_some();
    let title = tr.t(if enrolled {
        "soft-pin-title-change"
    } else {
        "soft-pin-title-enroll"
    });
    let depth = state
        .int_property("soft_pin.history_depth")
        .await?
        .to_string();
    let invalid = !shown.problems.is_empty();
    let content = html! {
        h1 { (title) }
        section.card {
            p { (tr.t("soft-pin-intro")) }
            h2 #rules-heading { (tr.t("soft-pin-rules-heading")) }
            ul #pin-rules aria-labelledby="rules-heading" {
                li { (tr.t("soft-pin-rule-length")) }
                li { (tr.t("soft-pin-rule-repetition")) }
                li { (tr.t("soft-pin-rule-sequence")) }
                li { (tr.t_with("soft-pin-rule-history", &[("depth", &depth)])) }
            }
            form method="post" action=(PATH) novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                label for="pin" { (tr.t("soft-pin-field")) }
                @if invalid {
                    div.error #pin-errors role="alert" {
                        p { (tr.t("soft-pin-errors-heading")) }
                        ul {
                            @for problem in &shown.problems { li { (problem) } }
                        }
                    }
                }
                input #pin type="password" name="pin" inputmode="numeric" autocomplete="off"
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=(if invalid { "pin-errors pin-rules" } else { "pin-rules" });
                label for="pin_confirm" { (tr.t("soft-pin-confirm-field")) }
                input #pin_confirm type="password" name="pin_confirm" inputmode="numeric" autocomplete="off";
                button type="submit" { (tr.t("soft-pin-submit")) }
            }
            p { a href="/profile" { (tr.t("soft-pin-cancel")) } }
        }
    };
    let body = visit.page(title, PATH, content);
    Ok((
        shown.status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

pub async fn soft_pin_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        render(
            state,
            visit,
            Shown {
                status: StatusCode::OK,
                problems: Vec::new(),
            },
        )
        .await
    })
    .await
}

pub async fn soft_pin_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<SoftPinForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        if !soft_pin::enrollment_enabled(state).await? {
            return render(
                state,
                visit,
                Shown {
                    status: StatusCode::FORBIDDEN,
                    problems: Vec::new(),
                },
            )
            .await;
        }
        if form.pin.expose_secret() != form.pin_confirm.expose_secret() {
            let problems = vec![visit.tr.t("soft-pin-error-mismatch")];
            return render(
                state,
                visit,
                Shown {
                    status: StatusCode::UNPROCESSABLE_ENTITY,
                    problems,
                },
            )
            .await;
        }
        let actor = format!("user:{}", visit.user.username);
        match soft_pin::enroll(state, &visit.user, form.pin, &actor, source.as_deref()).await {
            Ok(()) => {
                Ok((visit.jar, Redirect::to("/profile?notice=soft-pin-saved")).into_response())
            }
            Err(ServiceError::Rules(broken)) => {
                let depth = state
                    .int_property("soft_pin.history_depth")
                    .await?
                    .to_string();
                let problems = broken
                    .iter()
                    .map(|v| {
                        let id =
                            format!("soft-pin-error-{}", v.code.trim_start_matches("soft_pin."));
                        visit.tr.t_with(&id, &[("depth", &depth)])
                    })
                    .collect();
                render(
                    state,
                    visit,
                    Shown {
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        problems,
                    },
                )
                .await
            }
            Err(other) => Err(other.into()),
        }
    })
    .await
}

impl csrf::CsrfProtected for SoftPinForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}
