//! `/api/v1/desk/resets`: the service desk resets a password or unlocks an account for a
//! caller: it looks the user up (`GET /api/v1/users/{username}` shows enrollments), starts
//! a request, sends a code to an enrolled address or number, checks what the caller reads
//! back, then resets (the password is generated) or unlocks. Every step is audited with
//! the agent as actor.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use sesame_core::identity::subject_key;
use utoipa::ToSchema;

use super::resets::{
    answer_view, challenge_view, password_view, started_view, AnswerBody, AnswerResult,
    PasswordResult, Started, StartedReset,
};
use super::{ApiJson, ApiPath};
use crate::auth::{Allowed, Caller, DeskAgents};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::resets::{self, Access, NewPassword};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartAssisted {
    /// The process id (service-desk-only processes included).
    process: String,
    /// The caller's user name.
    username: String,
}

/// Start a reset request for a caller.
#[utoipa::path(post, path = "/api/v1/desk/resets", operation_id = "start_desk_reset", tag = "service desk", request_body = StartAssisted,
    security(("bearer" = [])),
    responses((status = 201, body = StartedReset), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start(
    State(state): State<AppState>,
    caller: Allowed<DeskAgents>,
    ApiJson(body): ApiJson<StartAssisted>,
) -> ApiResult<(StatusCode, Json<StartedReset>)> {
    let process = resets::active_process(&state, &body.process, false).await?;
    let user = state
        .store()
        .find_user(&subject_key(&body.username))
        .await?
        .ok_or_else(|| AppError::not_found("user.not_found", "There is no user with this name."))?;
    let started = resets::identify_for_agent(
        &state,
        process,
        &user,
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(started_view(&state, started).await?),
    ))
}

/// Start one verification: send a code to the caller's enrolled address or number, or
/// pose questions to read out.
#[utoipa::path(post, path = "/api/v1/desk/resets/{reset_id}/challenges/{id}", operation_id = "start_desk_reset_challenge", tag = "service desk",
    params(("reset_id" = String, Path), ("id" = String, Path, description = "verification id")),
    security(("bearer" = [])),
    responses((status = 200, body = Started), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "`reset.not_enrolled`: nowhere to send a code; nothing was sent"), (status = 429, body = ErrorBody)))]
pub async fn challenge(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    ApiPath((reset_id, id)): ApiPath<(String, String)>,
) -> ApiResult<Json<Started>> {
    caller.require_desk_agent(&state).await?;
    challenge_view(
        &state,
        &reset_id,
        Access::ServiceDesk,
        &id,
        &headers,
        caller.source,
    )
    .await
}

/// Check what the caller reads back or answers.
#[utoipa::path(post, path = "/api/v1/desk/resets/{reset_id}/answers/{id}", operation_id = "answer_desk_reset_challenge", tag = "service desk", request_body = AnswerBody,
    params(("reset_id" = String, Path), ("id" = String, Path, description = "verification id")),
    security(("bearer" = [])),
    responses((status = 200, body = AnswerResult), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Allowed<DeskAgents>,
    ApiPath((reset_id, id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<AnswerResult>> {
    answer_view(
        &state,
        &reset_id,
        Access::ServiceDesk,
        &id,
        body,
        caller.source.clone(),
    )
    .await
}

/// Reset the password: it is generated, and shown to the agent once (or sent, when the
/// process says so).
#[utoipa::path(post, path = "/api/v1/desk/resets/{reset_id}/password", operation_id = "set_desk_reset_password", tag = "service desk",
    params(("reset_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PasswordResult), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(reset_id): ApiPath<String>,
) -> ApiResult<Json<PasswordResult>> {
    caller.require_desk_agent(&state).await?;
    password_view(
        &state,
        &reset_id,
        Access::ServiceDesk,
        NewPassword::Generate,
        caller.source,
    )
    .await
}

/// Unlock the account, when the process allows it.
#[utoipa::path(post, path = "/api/v1/desk/resets/{reset_id}/unlock", operation_id = "unlock_desk_reset", tag = "service desk",
    params(("reset_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn unlock(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(reset_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    caller.require_desk_agent(&state).await?;
    resets::unlock(
        &state,
        &reset_id,
        Access::ServiceDesk,
        caller.source.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
