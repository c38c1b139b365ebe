//! Enrolling in a custom verification: `/profile/verifications/{id}` shows the page of its
//! type (an authenticator app, security questions), as the base verifications have at
//! their own addresses; e-mail and SMS codes live at `/profile/codes/{id}`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use sesame_core::verification::Kind;

use super::authenticator::{self, AuthenticatorForm};
use super::csrf::CheckedForm;
use super::questions::{self, QuestionsForm};
use crate::auth::ClientAddress;
use crate::state::AppState;

pub async fn verification_page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let kind = match state.verification(&id).await {
        Ok(Some(v)) if v.active => Some(v.kind),
        Ok(_) => None,
        Err(e) => {
            crate::error::log_cause(&e);
            let tr = super::layout::visitor_language(&headers);
            return super::layout::problem_page(&tr, axum::http::StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    match kind {
        Some(Kind::Authenticator) => {
            authenticator::page(&state, jar, &headers, authenticator::Target::custom(id)).await
        }
        Some(Kind::SecurityQuestions) => {
            questions::page(&state, jar, &headers, questions::Target::custom(id)).await
        }
        Some(Kind::EmailCode | Kind::SmsCode) => {
            Redirect::to(&format!("/profile/codes/{id}")).into_response()
        }
        _ => super::layout::not_found_page(&super::layout::visitor_language(&headers)),
    }
}

pub async fn authenticator_start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<AuthenticatorForm>,
) -> Response {
    authenticator::start(
        &state,
        source,
        jar,
        &headers,
        authenticator::Target::custom(id),
    )
    .await
}

pub async fn authenticator_confirm(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<AuthenticatorForm>,
) -> Response {
    authenticator::confirm(
        &state,
        source,
        jar,
        &headers,
        form,
        authenticator::Target::custom(id),
    )
    .await
}

pub async fn answers_submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<QuestionsForm>,
) -> Response {
    questions::submit(
        &state,
        source,
        jar,
        &headers,
        form,
        questions::Target::custom(id),
    )
    .await
}
