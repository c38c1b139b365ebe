//! The authenticator page: scan a QR code (or type the key), then confirm with one code.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, PreEscaped};
use serde::Deserialize;
use sesame_store::EnrollmentState;

use super::csrf::{self, CheckedForm};
use super::visit::{signed_in, Visit};
use crate::auth::ClientAddress;
use crate::error::{status_of, AppError};
use crate::service::verification::authenticator::{self, Started, VERIFICATION_ID};
use crate::state::AppState;

/// Which authenticator verification a page is for, and where its forms post: the base one
/// at `/profile/authenticator`, a custom one at `/profile/verifications/{id}`.
pub struct Target {
    id: String,
    path: String,
}

impl Target {
    fn base() -> Self {
        Self {
            id: VERIFICATION_ID.to_owned(),
            path: "/profile/authenticator".to_owned(),
        }
    }

    pub fn custom(id: String) -> Self {
        Self {
            path: super::enrollment::path(&id),
            id,
        }
    }
}

#[derive(Deserialize)]
pub struct AuthenticatorForm {
    csrf: String,
    #[serde(default)]
    code: String,
}

impl csrf::CsrfProtected for AuthenticatorForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn render(
    state: &AppState,
    visit: Visit,
    target: &Target,
    started: Option<Started>,
    problem: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let verification = crate::service::verification::active_of_kind(
        state,
        &target.id,
        sesame_core::verification::Kind::Authenticator,
    )
    .await?;
    let current = state
        .store()
        .find_enrollment(visit.user.id, &target.id)
        .await?;
    let pending = current
        .as_ref()
        .is_some_and(|e| e.state == EnrollmentState::Pending);
    let active = current
        .as_ref()
        .is_some_and(|e| e.state == EnrollmentState::Active);
    // A pending set-up stays on screen (after a wrong code too) until it is confirmed.
    let started = match started {
        Some(started) => Some(started),
        None if pending => authenticator::pending_setup(state, &visit.user, &target.id).await?,
        None => None,
    };
    let title = super::enrollment::title(tr, &verification);
    let path = target.path.as_str();
    let digits = authenticator::params_of(&verification)?.digits.to_string();
    let content = html! {
        h1 { (title) }
        @if let Some(problem) = &problem { p.error role="alert" { (problem) } }
        section.card {
            p { (tr.t("authenticator-intro")) }
            @if active {
                p #authenticator-state { (tr.t("authenticator-active")) }
            }
            @if let Some(started) = &started {
                h2 { (tr.t("authenticator-scan")) }
                figure.qr {
                    // The SVG document without its XML declaration, inline in the page.
                    (PreEscaped(started.qr_svg.find("<svg").map_or("", |at| &started.qr_svg[at..])))
                    figcaption { (tr.t("authenticator-qr-caption")) }
                }
                @let key = manual_key(&started.otpauth_uri);
                details {
                    summary { (tr.t("authenticator-manual")) }
                    p { (tr.t("authenticator-manual-key")) }
                    p.key-line {
                        code #manual-key { (key) }
                        " "
                        button.secondary.copy type="button" data-copy=(key.replace(' ', "")) hidden { (tr.t("authenticator-copy")) }
                    }
                    p { a #otpauth-link href=(started.otpauth_uri) { (tr.t("authenticator-open-app")) } }
                }
                script src="/static/copy.js" defer {}
            }
            @if started.is_some() || pending {
                form method="post" action=(format!("{path}/confirm")) {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    label for="code" { (tr.t_with("authenticator-code", &[("digits", &digits)])) }
                    input #code type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required;
                    button type="submit" { (tr.t("authenticator-confirm")) }
                }
            }
            form method="post" action=(format!("{path}/start")) {
                input type="hidden" name="csrf" value=(visit.csrf);
                @if started.is_some() || active || pending {
                    button.secondary type="submit" { (tr.t("authenticator-restart")) }
                } @else {
                    button type="submit" { (tr.t("authenticator-start")) }
                }
            }
        }
        p { a href="/profile" { (tr.t("soft-pin-cancel")) } }
    };
    let body = visit.page(title, path, content);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

pub async fn authenticator_page(
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
        render(state, visit, &target, None, None, StatusCode::OK).await
    })
    .await
}

pub async fn authenticator_start(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<AuthenticatorForm>,
) -> Response {
    start(&state, source, jar, &headers, Target::base()).await
}

pub async fn start(
    state: &AppState,
    source: Option<String>,
    jar: CookieJar,
    headers: &HeaderMap,
    target: Target,
) -> Response {
    signed_in(state, jar, headers, |visit| async move {
        let user = visit.user.clone();
        let started = authenticator::start(state, &user, &target.id, source.as_deref()).await?;
        render(state, visit, &target, Some(started), None, StatusCode::OK).await
    })
    .await
}

pub async fn authenticator_confirm(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<AuthenticatorForm>,
) -> Response {
    confirm(&state, source, jar, &headers, form, Target::base()).await
}

pub async fn confirm(
    state: &AppState,
    source: Option<String>,
    jar: CookieJar,
    headers: &HeaderMap,
    form: AuthenticatorForm,
    target: Target,
) -> Response {
    signed_in(state, jar, headers, |visit| async move {
        let user = visit.user.clone();
        match authenticator::confirm(state, &user, &target.id, &form.code, source.as_deref()).await
        {
            Ok(()) => {
                Ok((visit.jar, Redirect::to("/profile?notice=enrollment-active")).into_response())
            }
            Err(e) if e.is_refusal() => {
                let message = visit.problem(&e);
                render(state, visit, &target, None, Some(message), status_of(&e)).await
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// The base32 key of an `otpauth://` URI in groups of four, as people type it.
fn manual_key(uri: &str) -> String {
    let secret = uri
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("secret="))
        .unwrap_or_default();
    secret
        .as_bytes()
        .chunks(4)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
