//! `/api/v1/assist/codes`: a service desk agent verifies a caller with an SMS code. The
//! flow and its limits are `service::assist`'s; this module only translates.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Allowed, Caller, DeskAgents};
use crate::error::{ApiResult, ErrorBody};
use crate::service::assist::{self, Agent, Delivery};
use crate::state::AppState;

fn agent(caller: &Caller) -> Agent<'_> {
    Agent {
        actor: &caller.actor,
        source: caller.source.as_deref(),
    }
}

/// How the code reaches the caller.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AssistDelivery {
    /// Sesame sends it by SMS to the user's number.
    Sms,
    /// Sesame returns it once, for the agent's application to send.
    Return,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenerateCode {
    username: String,
    /// The agent's conversation with the caller (a call or chat id): retries and the
    /// resend cooldown count per conversation.
    conversation_id: String,
    delivery: AssistDelivery,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GeneratedCode {
    /// Names the code when checking it.
    code_id: String,
    #[schema(format = DateTime)]
    expires_at: String,
    /// The user's number, masked.
    sent_to: String,
    /// The code, with `delivery: "return"` only, this once.
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
}

/// Make a code for a caller: sent by SMS to the user's number, or returned once.
#[utoipa::path(post, path = "/api/v1/assist/codes", operation_id = "generate_assist_code", tag = "service desk",
    request_body = GenerateCode,
    security(("bearer" = [])),
    responses((status = 201, body = GeneratedCode), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn generate(
    State(state): State<AppState>,
    caller: Allowed<DeskAgents>,
    ApiJson(body): ApiJson<GenerateCode>,
) -> ApiResult<(StatusCode, Json<GeneratedCode>)> {
    let delivery = match body.delivery {
        AssistDelivery::Sms => Delivery::Sms,
        AssistDelivery::Return => Delivery::Return,
    };
    let generated = assist::generate(
        &state,
        &body.username,
        &body.conversation_id,
        delivery,
        agent(&caller),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(GeneratedCode {
            code_id: generated.code_id,
            expires_at: generated.expires_at.to_rfc3339(),
            sent_to: generated.sent_to,
            code: generated.code.map(|c| c.expose_secret().to_owned()),
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckCode {
    /// What the caller read back. Never logged.
    #[schema(value_type = String)]
    code: SecretString,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedCode {
    valid: bool,
    /// Wrong codes this conversation may still check.
    retries_remaining: u32,
}

/// Check the code a caller read back.
#[utoipa::path(post, path = "/api/v1/assist/codes/{code_id}/check", operation_id = "check_assist_code", tag = "service desk",
    params(("code_id" = String, Path)),
    request_body = CheckCode,
    security(("bearer" = [])),
    responses((status = 200, body = CheckedCode), (status = 404, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn check(
    State(state): State<AppState>,
    caller: Allowed<DeskAgents>,
    ApiPath(code_id): ApiPath<String>,
    ApiJson(body): ApiJson<CheckCode>,
) -> ApiResult<Json<CheckedCode>> {
    let checked =
        assist::check(&state, &code_id, body.code.expose_secret(), agent(&caller)).await?;
    Ok(Json(CheckedCode {
        valid: checked.valid,
        retries_remaining: checked.retries_remaining,
    }))
}
