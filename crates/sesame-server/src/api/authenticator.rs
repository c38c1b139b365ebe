//! `/api/v1/me/enrollments/authenticator`: set up an authenticator app; and
//! `/api/v1/me/enrollments/{id}/setup` and `.../confirm` for a custom authenticator
//! verification.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Allowed, Caller, Users};
use crate::error::{ApiResult, ErrorBody};
use crate::service::verification::authenticator::{self, VERIFICATION_ID};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthenticatorStarted {
    /// For authenticator apps; holds the secret, so it is shown this once.
    otpauth_uri: String,
    /// The same URI as a QR code (SVG).
    qr_svg: String,
}

/// Start: a fresh secret, pending until confirmed with a code.
#[utoipa::path(post, path = "/api/v1/me/enrollments/authenticator", operation_id = "start_authenticator_enrollment", tag = "enrollments",
    security(("bearer" = [])),
    responses((status = 201, body = AuthenticatorStarted)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<(StatusCode, Json<AuthenticatorStarted>)> {
    start_for(&state, &caller, VERIFICATION_ID).await
}

async fn start_for(
    state: &AppState,
    caller: &Caller,
    verification_id: &str,
) -> ApiResult<(StatusCode, Json<AuthenticatorStarted>)> {
    caller.require(&[Role::User])?;
    let user = caller.signed_in_user()?;
    let started =
        authenticator::start(state, user, verification_id, caller.source.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(AuthenticatorStarted {
            otpauth_uri: started.otpauth_uri,
            qr_svg: started.qr_svg,
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmAuthenticator {
    code: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthenticatorState {
    #[schema(value_type = super::schema::EnrollmentStatus)]
    state: &'static str,
}

/// Confirm with one valid code; the enrollment becomes active.
#[utoipa::path(post, path = "/api/v1/me/enrollments/authenticator/confirm", operation_id = "confirm_authenticator_enrollment", tag = "enrollments",
    request_body = ConfirmAuthenticator,
    security(("bearer" = [])),
    responses((status = 200, body = AuthenticatorState), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiJson(body): ApiJson<ConfirmAuthenticator>,
) -> ApiResult<Json<AuthenticatorState>> {
    confirm_for(&state, &caller, VERIFICATION_ID, &body).await
}

async fn confirm_for(
    state: &AppState,
    caller: &Caller,
    verification_id: &str,
    body: &ConfirmAuthenticator,
) -> ApiResult<Json<AuthenticatorState>> {
    caller.require(&[Role::User])?;
    let user = caller.signed_in_user()?;
    authenticator::confirm(
        state,
        user,
        verification_id,
        &body.code,
        caller.source.as_deref(),
    )
    .await?;
    Ok(Json(AuthenticatorState { state: "active" }))
}

/// Remove the authenticator enrollment.
#[utoipa::path(delete, path = "/api/v1/me/enrollments/authenticator", operation_id = "remove_authenticator_enrollment", tag = "enrollments",
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    super::enrollments::remove_enrollment(&state, &caller, VERIFICATION_ID).await
}

/// Start the set-up of an authenticator verification by id (a custom one, or
/// `authenticator`): a fresh secret, pending until confirmed with a code.
#[utoipa::path(post, path = "/api/v1/me/enrollments/{id}/setup", operation_id = "start_authenticator_enrollment_by_id", tag = "enrollments",
    params(("id" = String, Path, description = "An authenticator verification's id")),
    security(("bearer" = [])),
    responses((status = 201, body = AuthenticatorStarted), (status = 404, body = ErrorBody)))]
pub async fn start_by_id(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<(StatusCode, Json<AuthenticatorStarted>)> {
    start_for(&state, &caller, &id).await
}

/// Confirm an authenticator verification by id with one valid code.
#[utoipa::path(post, path = "/api/v1/me/enrollments/{id}/confirm", operation_id = "confirm_authenticator_enrollment_by_id", tag = "enrollments",
    params(("id" = String, Path, description = "An authenticator verification's id")),
    request_body = ConfirmAuthenticator,
    security(("bearer" = [])),
    responses((status = 200, body = AuthenticatorState), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn confirm_by_id(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ConfirmAuthenticator>,
) -> ApiResult<Json<AuthenticatorState>> {
    confirm_for(&state, &caller, &id, &body).await
}
