//! The pages for e-mail and SMS enrollment, with the seeds' three steps: send a code,
//! enter it (the enrollment now exists, pending), submit (the enrollment check runs).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::verification::CodeParams;
use sesame_store::EnrollmentState;

use super::csrf::{self, CheckedForm};
use super::visit::{signed_in, Visit};
use crate::auth::ClientAddress;
use crate::error::{status_of, AppError};
use crate::service::verification::codes::{self, CodeVerification};
use crate::service::ServiceError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct StepForm {
    csrf: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    code: String,
}

/// What the page says after a step.
#[derive(Default)]
struct Shown {
    notice: Option<String>,
    problem: Option<String>,
    /// A code is on its way: show the code field.
    code_form: bool,
}

fn path(id: &str) -> String {
    format!("/profile/codes/{id}")
}

async fn render(
    state: &AppState,
    visit: Visit,
    verification: &CodeVerification,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let id = &verification.record.id;
    let email = matches!(verification.params, CodeParams::Email(_));
    let title = tr.t(if email {
        "codes-title-email"
    } else {
        "codes-title-sms"
    });
    let enrollment = state
        .store()
        .list_enrollments(visit.user.id)
        .await?
        .into_iter()
        .find(|e| e.verification_id == *id);
    let action = |step: &str| format!("{}/{step}", path(id));
    let content: Markup = html! {
        h1 { (title) }
        @if let Some(notice) = &shown.notice { p.notice role="status" { (notice) } }
        @if let Some(problem) = &shown.problem { p.error #step-error role="alert" { (problem) } }
        section.card aria-labelledby="current-heading" {
            h2 #current-heading { (tr.t("codes-current")) }
            @match &enrollment {
                None => p #current { (tr.t("codes-none")) },
                Some(e) if e.state == EnrollmentState::Active => {
                    p #current { (tr.t_with("codes-active", &[("destination", e.destination.as_deref().unwrap_or(""))])) }
                    // A destructive step asks first, without needing a script.
                    details.confirm {
                        summary { (tr.t("codes-remove")) }
                        p { (tr.t("codes-remove-confirm")) }
                        form method="post" action=(action("remove")) {
                            input type="hidden" name="csrf" value=(visit.csrf);
                            button.danger type="submit" { (tr.t("codes-remove-yes")) }
                        }
                    }
                }
                Some(e) => {
                    p #current { (tr.t_with("codes-pending", &[("destination", e.destination.as_deref().unwrap_or(""))])) }
                    form method="post" action=(action("submit")) {
                        input type="hidden" name="csrf" value=(visit.csrf);
                        button type="submit" { (tr.t("codes-submit")) }
                    }
                }
            }
        }
        section.card aria-labelledby="send-heading" {
            h2 #send-heading { (tr.t("codes-step-send")) }
            form method="post" action=(action("send")) {
                input type="hidden" name="csrf" value=(visit.csrf);
                label for="address" { (tr.t(if email { "codes-address-email" } else { "codes-address-sms" })) }
                @if email {
                    input #address type="email" name="address" autocomplete="email" required;
                } @else {
                    input #address type="tel" name="address" autocomplete="tel" placeholder="+14155550123" required;
                }
                button type="submit" { (tr.t("codes-send")) }
            }
        }
        @if shown.code_form {
            section.card aria-labelledby="code-heading" {
                h2 #code-heading { (tr.t("codes-step-enter")) }
                form method="post" action=(action("verify")) {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    label for="code" { (tr.t("codes-code")) }
                    input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required;
                    button type="submit" { (tr.t("codes-confirm")) }
                }
            }
        }
        p { a href="/profile" { (tr.t("soft-pin-cancel")) } }
    };
    let body = visit.page(title, &path(id), content);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

pub async fn codes_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        let verification = codes::code_verification(state, &id).await?;
        render(
            state,
            visit,
            &verification,
            Shown::default(),
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn codes_step(
    State(state): State<AppState>,
    Path((id, step)): Path<(String, String)>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<StepForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        let verification = codes::code_verification(state, &id).await?;
        let source = source.as_deref();
        let user = visit.user.clone();
        let outcome = match step.as_str() {
            "send" => {
                codes::send_enrollment_code(state, &user, &verification, &form.address, source)
                    .await
                    .map(|sent| Shown {
                        notice: Some(
                            visit
                                .tr
                                .t_with("codes-sent", &[("destination", &sent.destination)]),
                        ),
                        code_form: true,
                        problem: None,
                    })
            }
            "verify" => {
                codes::verify_enrollment_code(state, &user, &verification, &form.code, source)
                    .await
                    .map(|_| Shown {
                        notice: Some(visit.tr.t("codes-verified")),
                        ..Shown::default()
                    })
            }
            "submit" => match codes::submit_enrollment(state, &user, &verification, source).await {
                Ok(()) => {
                    return Ok(
                        (visit.jar, Redirect::to("/profile?notice=enrollment-active"))
                            .into_response(),
                    )
                }
                Err(e) => Err(e),
            },
            "remove" => {
                if let Err(e) =
                    crate::auth::require_recent_sign_in(state, Some(visit.signed_in_at)).await
                {
                    let status = status_of(&e);
                    let shown = Shown {
                        problem: Some(visit.problem(&e)),
                        ..Shown::default()
                    };
                    return render(state, visit, &verification, shown, status).await;
                }
                let audit = state
                    .audit(
                        &format!("user:{}", user.username),
                        "enrollment.delete",
                        Some(user.username.as_str()),
                        sesame_store::AuditResult::Success,
                        source,
                    )
                    .with_detail(serde_json::json!({ "verification": id }).to_string());
                state
                    .store()
                    .delete_enrollment(user.id, &id, &audit)
                    .await?;
                return Ok((
                    visit.jar,
                    Redirect::to("/profile?notice=enrollment-removed"),
                )
                    .into_response());
            }
            _ => return Err(AppError::not_found("route.not_found", "no such step")),
        };
        match outcome {
            Ok(shown) => render(state, visit, &verification, shown, StatusCode::OK).await,
            Err(e @ ServiceError::NotFound { .. }) => Err(e.into()),
            Err(e) => {
                // A wrong code keeps the code field, so the user can try again.
                let code_form = step == "verify"
                    && matches!(
                        e,
                        ServiceError::Invalid {
                            code: "code.invalid",
                            ..
                        }
                    );
                let shown = Shown {
                    problem: Some(visit.problem(&e)),
                    code_form,
                    notice: None,
                };
                let status = status_of(&e);
                render(state, visit, &verification, shown, status).await
            }
        }
    })
    .await
}

impl csrf::CsrfProtected for StepForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}
