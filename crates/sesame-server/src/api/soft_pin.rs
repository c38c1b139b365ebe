//! `/api/v1/me/soft-pin` and `/api/v1/soft-pin/verify` (module `voice_agents`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sesame_core::soft_pin::InputType;
use utoipa::ToSchema;

use super::ApiJson;
use crate::auth::{Allowed, OrchestratorsAndAdmins, Users};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::verification::soft_pin;
use crate::service::voice::factor::{self, OneShot};
use crate::service::ServiceError;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetSoftPin {
    /// Six digits.
    #[schema(value_type = String, example = "482913")]
    pin: SecretString,
}

/// Enroll or change the signed-in user's Soft PIN.
///
/// 422 lists every broken rule in `details`: `soft_pin.length`, `soft_pin.repetition`,
/// `soft_pin.sequence`, `soft_pin.history`.
#[utoipa::path(put, path = "/api/v1/me/soft-pin", operation_id = "set_soft_pin", tag = "soft pin", request_body = SetSoftPin,
    security(("bearer" = [])),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_soft_pin(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiJson(body): ApiJson<SetSoftPin>,
) -> ApiResult<StatusCode> {
    if !soft_pin::enrollment_enabled(&state).await? {
        return Err(AppError::new(
            StatusCode::FORBIDDEN,
            "soft_pin.enrollment_disabled",
            soft_pin::DISABLED_MESSAGE,
        ));
    }
    let user = caller.signed_in_user()?;
    soft_pin::enroll(
        &state,
        user,
        body.pin,
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SoftPinInputType {
    /// Keypad digits; spaces, dashes and dots may separate them.
    Text,
    /// A speech transcript, e.g. "four eight two nine one three" or "double five ...".
    Voice,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifySoftPin {
    username: String,
    /// What the caller keyed or said. Never echoed back or logged.
    #[schema(value_type = String)]
    input: SecretString,
    input_type: SoftPinInputType,
    /// Language of a spoken input (`en`, `es`, `de`, `fr`, `pt`, `it`, `nl`); default: the
    /// user's language, then every other one in turn.
    language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SoftPinResult {
    verified: bool,
    /// Wrong PINs left before verification locks for this user.
    attempts_remaining: i64,
}

/// Check a caller's Soft PIN (for voice agent orchestrators): `POST /api/v1/verify` for
/// the `soft_pin` verification, with the same counters and lockouts as voice sessions.
///
/// Unknown users, users without a PIN and wrong PINs all answer `verified: false`.
/// Input that is not six digits answers 422 `soft_pin.unparsable_input` and is not
/// counted. After too many wrong PINs every attempt answers 423 `soft_pin.locked`.
#[utoipa::path(post, path = "/api/v1/soft-pin/verify", operation_id = "verify_soft_pin", tag = "soft pin", request_body = VerifySoftPin,
    security(("bearer" = [])),
    responses((status = 200, body = SoftPinResult), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn verify_soft_pin(
    State(state): State<AppState>,
    caller: Allowed<OrchestratorsAndAdmins>,
    ApiJson(body): ApiJson<VerifySoftPin>,
) -> ApiResult<Json<SoftPinResult>> {
    let input_type = match body.input_type {
        SoftPinInputType::Text => InputType::Text,
        SoftPinInputType::Voice => InputType::Voice,
    };
    let checked = factor::verify_once(
        &state,
        &body.username,
        soft_pin::VERIFICATION_ID,
        body.input,
        input_type,
        body.language.as_deref(),
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    let (verified, attempts_remaining) = match checked {
        OneShot::Verified { attempts_remaining } => (true, attempts_remaining),
        OneShot::NotVerified { attempts_remaining } => (false, attempts_remaining),
        OneShot::Unparsable => {
            return Err(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "soft_pin.unparsable_input",
                "The input could not be read as exactly six digits.",
            ))
        }
        OneShot::Locked { until } => {
            return Err(ServiceError::locked(
                "soft_pin.locked",
                "Soft PIN verification is locked for this user after too many wrong PINs.",
                until,
                state.now(),
            )
            .into())
        }
    };
    Ok(Json(SoftPinResult {
        verified,
        attempts_remaining: i64::from(attempts_remaining),
    }))
}
