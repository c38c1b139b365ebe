//! `/api/v1/sessions` and `/api/v1/me`: signing in and the signed-in user.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use utoipa::ToSchema;

use super::users::UserView;
use super::ApiJson;
use crate::auth::{Allowed, Caller, ClientAddress, Users};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::signin::{sign_in, SignIn};
use crate::service::ServiceError;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    username: String,
    #[schema(value_type = String)]
    password: SecretString,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedSession {
    /// A bearer token with the `user` role.
    token: String,
    /// When the session ends at the latest; it also ends after a while without use.
    #[schema(format = DateTime)]
    expires_at: String,
}

/// Sign in with user name and password (local credential store).
///
/// A wrong password and an unknown user name get the same answer.
#[utoipa::path(post, path = "/api/v1/sessions", operation_id = "create_session", tag = "sessions", request_body = CreateSession,
    responses((status = 201, body = CreatedSession), (status = 401, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn create_session(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiJson(body): ApiJson<CreateSession>,
) -> ApiResult<(StatusCode, Json<CreatedSession>)> {
    match sign_in(&state, &body.username, body.password, source.as_deref()).await? {
        SignIn::Success {
            token, expires_at, ..
        } => Ok((
            StatusCode::CREATED,
            Json(CreatedSession {
                token: token.expose_secret().to_owned(),
                expires_at: expires_at.to_rfc3339(),
            }),
        )),
        SignIn::Refused => Err(AppError::new(
            StatusCode::UNAUTHORIZED,
            "auth.invalid_credentials",
            "The user name or password is incorrect.",
        )),
        SignIn::Locked { until } => Err(ServiceError::locked(
            "auth.locked",
            "Too many failed sign-ins for this user name; try again later.",
            until,
            state.now(),
        )
        .into()),
    }
}

/// Sign out: end the session whose token is presented.
#[utoipa::path(delete, path = "/api/v1/sessions/current", operation_id = "end_current_session", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn end_current_session(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::User])?;
    let Some(session_id) = caller.session_id else {
        return Err(AppError::forbidden());
    };
    state
        .store()
        .revoke_session(session_id, state.now())
        .await?;
    let user = caller.signed_in_user()?;
    let audit = caller.audit(&state, "session.end", Some(user.username.as_str()));
    state.store().append_audit(&audit).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The signed-in user, with enrollments.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "sessions",
    security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<UserView>> {
    caller.require(&[Role::User])?;
    let user = caller.signed_in_user()?.clone();
    let enrollments = state.store().list_enrollments(user.id).await?;
    Ok(Json(UserView::new(user, Some(enrollments))))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[schema(value_type = String)]
    current_password: SecretString,
    #[schema(value_type = String)]
    new_password: SecretString,
}

/// Change the signed-in user's password: the current one is checked like a sign-in, the
/// new one must keep the password policy; every other session ends.
#[utoipa::path(put, path = "/api/v1/me/password", operation_id = "change_my_password", tag = "sessions",
    request_body = ChangePassword,
    security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiJson(body): ApiJson<ChangePassword>,
) -> ApiResult<StatusCode> {
    let user = caller.signed_in_user()?.clone();
    crate::service::password::change(
        &state,
        &user,
        body.current_password,
        body.new_password,
        caller.session_id,
        caller.source.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
