//! `/api/v1/me/enrollments`: the signed-in user's verifications, and the three-step
//! enrollment of e-mail and SMS codes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use utoipa::ToSchema;

use super::users::EnrollmentView;
use super::{ApiJson, ApiPath};
use crate::auth::{Allowed, Caller, Users};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::verification::codes::{
    code_verification, send_enrollment_code, submit_enrollment, verify_enrollment_code,
};
use crate::state::AppState;

/// The signed-in user's enrollments.
#[utoipa::path(get, path = "/api/v1/me/enrollments", operation_id = "list_my_enrollments", tag = "enrollments",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<EnrollmentView>)))]
pub async fn list_enrollments(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<EnrollmentView>>> {
    caller.require(&[Role::User])?;
    let user = caller.signed_in_user()?;
    let enrollments = state.store().list_enrollments(user.id).await?;
    Ok(Json(
        enrollments.into_iter().map(EnrollmentView::from).collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendCode {
    /// An e-mail address, or a phone number in E.164 form.
    address: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CodeSent {
    /// Where the code went, normalised.
    destination: String,
    #[schema(format = DateTime)]
    expires_at: String,
    /// When another code may be asked for.
    #[schema(format = DateTime)]
    resend_after: String,
}

/// Step 1: send a code to an address or number.
#[utoipa::path(post, path = "/api/v1/me/enrollments/{id}/code", operation_id = "send_enrollment_code", tag = "enrollments", request_body = SendCode,
    params(("id" = String, Path, description = "a verification of type email_code or sms_code, e.g. email or sms")),
    security(("bearer" = [])),
    responses((status = 202, body = CodeSent), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn send_code(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<SendCode>,
) -> ApiResult<(StatusCode, Json<CodeSent>)> {
    let verification = code_verification(&state, &id).await?;
    let user = caller.signed_in_user()?;
    let sent = send_enrollment_code(
        &state,
        user,
        &verification,
        &body.address,
        caller.source.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(CodeSent {
            destination: sent.destination,
            expires_at: sent.expires_at.to_rfc3339(),
            resend_after: sent.resend_at.to_rfc3339(),
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterCode {
    #[schema(value_type = String)]
    code: secrecy::SecretString,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrollmentState {
    /// `pending` after the code, `active` after submitting.
    #[schema(value_type = super::schema::EnrollmentStatus)]
    state: &'static str,
}

/// Step 2: enter the code. When it is right the enrollment exists at once, `pending`.
#[utoipa::path(post, path = "/api/v1/me/enrollments/{id}/verify", operation_id = "verify_enrollment_code", tag = "enrollments", request_body = EnterCode,
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = EnrollmentState), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn verify_code(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EnterCode>,
) -> ApiResult<Json<EnrollmentState>> {
    use secrecy::ExposeSecret;
    let verification = code_verification(&state, &id).await?;
    let user = caller.signed_in_user()?;
    verify_enrollment_code(
        &state,
        user,
        &verification,
        body.code.expose_secret(),
        caller.source.as_deref(),
    )
    .await?;
    Ok(Json(EnrollmentState { state: "pending" }))
}

/// Step 3: submit. The enrollment becomes active after the verification's enrollment check.
#[utoipa::path(post, path = "/api/v1/me/enrollments/{id}/submit", operation_id = "submit_enrollment", tag = "enrollments",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = EnrollmentState), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<EnrollmentState>> {
    caller.require(&[Role::User])?;
    let verification = code_verification(&state, &id).await?;
    let user = caller.signed_in_user()?;
    submit_enrollment(&state, user, &verification, caller.source.as_deref()).await?;
    Ok(Json(EnrollmentState { state: "active" }))
}

/// Remove one of the signed-in user's enrollments.
#[utoipa::path(delete, path = "/api/v1/me/enrollments/{id}", operation_id = "remove_enrollment", tag = "enrollments",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    remove_enrollment(&state, &caller, &id).await
}

/// Removes one of the signed-in user's enrollments (and with it any secret or answers).
pub async fn remove_enrollment(
    state: &AppState,
    caller: &Caller,
    id: &str,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::User])?;
    let user = caller.signed_in_user()?;
    crate::auth::require_recent_sign_in(state, caller.signed_in_at).await?;
    let audit = caller
        .audit(state, "enrollment.delete", Some(user.username.as_str()))
        .with_detail(serde_json::json!({ "verification": id }).to_string());
    if state.store().delete_enrollment(user.id, id, &audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(
            "enrollment.not_found",
            "You have no enrollment for this verification.",
        ))
    }
}
