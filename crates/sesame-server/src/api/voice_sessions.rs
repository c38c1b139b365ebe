//! `/api/v1/voice/sessions` and `/api/v1/verify`: caller verification for voice agents'
//! orchestrators (module `voice_agents`). The flow is `service::voice::call`'s; this
//! module only translates.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sesame_core::soft_pin::InputType;
use sesame_core::token::Role;
use sesame_core::voice::IdentificationField;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Allowed, Caller, Orchestrators};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::voice::call::{self, Challenged, Orchestrator};
use crate::service::voice::factor::{self, Input, OneShot};
use crate::service::ServiceError;
use crate::state::AppState;

fn orchestrator(caller: &Caller) -> Orchestrator<'_> {
    Orchestrator {
        actor: &caller.actor,
        source: caller.source.as_deref(),
    }
}

/// How a caller gave digits.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DigitsInputType {
    /// Keypad digits; spaces, dashes and dots may separate them.
    Text,
    /// A speech transcript, e.g. "four eight two nine one three".
    Voice,
}

impl From<DigitsInputType> for InputType {
    fn from(given: DigitsInputType) -> Self {
        match given {
            DigitsInputType::Text => InputType::Text,
            DigitsInputType::Voice => InputType::Voice,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenSession {
    /// The voice service's id.
    service: String,
    /// The caller ID of the call; it answers the `phone` identification.
    caller_id: Option<String>,
    /// The caller's language (BCP 47), for questions and spoken digits.
    language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentificationItem {
    #[schema(value_type = String)]
    field: IdentificationField,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionOpened {
    /// Names the session in the following steps.
    session_id: String,
    #[schema(format = DateTime)]
    expires_at: String,
    /// The fields to ask the caller for, in order.
    identification: Vec<IdentificationItem>,
}

/// Open a caller verification session for a call.
#[utoipa::path(post, path = "/api/v1/voice/sessions", operation_id = "open_voice_session", tag = "voice sessions",
    request_body = OpenSession,
    security(("bearer" = [])),
    responses((status = 201, body = SessionOpened), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_session(
    State(state): State<AppState>,
    caller: Allowed<Orchestrators>,
    ApiJson(body): ApiJson<OpenSession>,
) -> ApiResult<(StatusCode, Json<SessionOpened>)> {
    let opened = call::open(
        &state,
        &body.service,
        body.caller_id.as_deref(),
        body.language.as_deref(),
        orchestrator(&caller),
    )
    .await?;
    use secrecy::ExposeSecret;
    Ok((
        StatusCode::CREATED,
        Json(SessionOpened {
            session_id: opened.session_id.expose_secret().to_owned(),
            expires_at: opened.expires_at.to_rfc3339(),
            identification: opened
                .identification
                .into_iter()
                .map(|field| IdentificationItem { field })
                .collect(),
        }),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifyBody {
    /// What the caller said, by field (`phone`, `employee_id`, `email`, `username`); the
    /// session's caller ID answers `phone` when it is not given.
    answers: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FactorItem {
    /// A verification id.
    id: String,
    /// `first` or `second`.
    role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IdentifyResult {
    identified: bool,
    /// The factors to pass, in order; empty when nobody was identified.
    factors: Vec<FactorItem>,
}

/// Identify the caller by the service's fields.
#[utoipa::path(post, path = "/api/v1/voice/sessions/{id}/identify", operation_id = "identify_voice_caller", tag = "voice sessions",
    params(("id" = String, Path, description = "session id")),
    request_body = IdentifyBody,
    security(("bearer" = [])),
    responses((status = 200, body = IdentifyResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn identify(
    State(state): State<AppState>,
    caller: Allowed<Orchestrators>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<IdentifyBody>,
) -> ApiResult<Json<IdentifyResult>> {
    let mut answers = Vec::new();
    for (field, value) in body.answers {
        let field = IdentificationField::parse(&field).ok_or_else(|| {
            AppError::from(sesame_core::Violation::new(
                "voice.identification_unexpected",
                format!("{field} is not a field callers are identified by."),
            ))
        })?;
        answers.push((field, value));
    }
    let identified = call::identify(&state, &id, &answers, orchestrator(&caller)).await?;
    Ok(Json(IdentifyResult {
        identified: identified.identified,
        factors: identified
            .factors
            .into_iter()
            .map(|(id, role)| FactorItem {
                id,
                role: role.as_str().to_owned(),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PosedQuestion {
    id: i64,
    text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChallengeResult {
    /// `pin`, `code` or `answers`: what to ask the caller for.
    expects: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    questions: Option<Vec<PosedQuestion>>,
    /// Where the code went, masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    sent_to: Option<String>,
}

impl From<Challenged> for ChallengeResult {
    fn from(challenged: Challenged) -> Self {
        Self {
            expects: challenged.expects.as_str(),
            questions: (!challenged.questions.is_empty()).then(|| {
                challenged
                    .questions
                    .into_iter()
                    .map(|(id, text)| PosedQuestion { id, text })
                    .collect()
            }),
            sent_to: challenged.sent_to,
        }
    }
}

/// Start a factor: a code is sent now, questions are posed; a PIN or app code is asked for.
#[utoipa::path(post, path = "/api/v1/voice/sessions/{id}/challenges/{factor}", operation_id = "challenge_voice_factor", tag = "voice sessions",
    params(("id" = String, Path, description = "session id"), ("factor" = String, Path, description = "verification id")),
    security(("bearer" = [])),
    responses((status = 200, body = ChallengeResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 423, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn challenge(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, factor)): ApiPath<(String, String)>,
) -> ApiResult<Json<ChallengeResult>> {
    caller.require(&[Role::Orchestrator])?;
    let challenged = call::challenge(&state, &id, &factor, orchestrator(&caller)).await?;
    Ok(Json(challenged.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GivenAnswer {
    question_id: i64,
    answer: String,
}

/// Digits (`input`, `input_type`, `language`) or `answers` to the questions posed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FactorAnswer {
    /// What the caller keyed or said. Never echoed back or logged.
    #[schema(value_type = Option<String>)]
    input: Option<SecretString>,
    input_type: Option<DigitsInputType>,
    /// The language of a spoken input; default: the session's, then the user's.
    language: Option<String>,
    answers: Option<Vec<GivenAnswer>>,
}

impl FactorAnswer {
    fn into_input(self) -> Result<Input, AppError> {
        match (self.input, self.answers) {
            (Some(input), None) => Ok(Input::Digits {
                input,
                input_type: self.input_type.unwrap_or(DigitsInputType::Text).into(),
                language: self.language,
            }),
            (None, Some(answers)) => Ok(Input::Answers(
                answers
                    .into_iter()
                    .map(|a| (a.question_id, a.answer))
                    .collect(),
            )),
            _ => Err(AppError::bad_request(
                "request.invalid_body",
                "Send either input (with input_type) or answers.",
            )),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerResult {
    passed: bool,
    /// Tries left for this factor in this call.
    attempts_remaining: u32,
    /// Every required factor has passed.
    authenticated: bool,
    /// The signed assertion (compact JWS, EdDSA), once authenticated.
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<String>,
}

/// Answer a factor. The last failure a call allows ends it and locks the factor for the
/// user (423 `voice.factor_locked`).
#[utoipa::path(post, path = "/api/v1/voice/sessions/{id}/answers/{factor}", operation_id = "answer_voice_factor", tag = "voice sessions",
    params(("id" = String, Path, description = "session id"), ("factor" = String, Path, description = "verification id")),
    request_body = FactorAnswer,
    security(("bearer" = [])),
    responses((status = 200, body = AnswerResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Allowed<Orchestrators>,
    ApiPath((id, factor)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<FactorAnswer>,
) -> ApiResult<Json<AnswerResult>> {
    let input = body.into_input()?;
    let answered = call::answer(&state, &id, &factor, input, orchestrator(&caller)).await?;
    Ok(Json(AnswerResult {
        passed: answered.passed,
        attempts_remaining: answered.attempts_remaining,
        authenticated: answered.authenticated,
        result: answered.result,
    }))
}

/// Start the service's step-up factor (one attempt, a fresh challenge); answer it at
/// `.../answers/{factor}`.
#[utoipa::path(post, path = "/api/v1/voice/sessions/{id}/step-up", operation_id = "step_up_voice_session", tag = "voice sessions",
    params(("id" = String, Path, description = "session id")),
    security(("bearer" = [])),
    responses((status = 200, body = ChallengeResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn step_up(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ChallengeResult>> {
    caller.require(&[Role::Orchestrator])?;
    let challenged = call::step_up(&state, &id, orchestrator(&caller)).await?;
    Ok(Json(challenged.into()))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionResult {
    /// A signed assertion (compact JWS, EdDSA), valid for 300 s.
    result: String,
}

/// A fresh signed assertion while the session is authenticated.
#[utoipa::path(get, path = "/api/v1/voice/sessions/{id}/result", operation_id = "voice_session_result", tag = "voice sessions",
    params(("id" = String, Path, description = "session id")),
    security(("bearer" = [])),
    responses((status = 200, body = SessionResult), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody)))]
pub async fn result(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<SessionResult>> {
    caller.require(&[Role::Orchestrator])?;
    Ok(Json(SessionResult {
        result: call::result(&state, &id).await?,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    username: String,
    /// A verification answered by what the caller knows or holds: `soft_pin`,
    /// `authenticator`, or a custom one of those types.
    verification: String,
    /// What the caller keyed or said. Never echoed back or logged.
    #[schema(value_type = String)]
    input: SecretString,
    /// `text` (the default) or `voice`.
    input_type: Option<DigitsInputType>,
    /// The language of a spoken input; default: the user's, then every other one.
    language: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyResult {
    verified: bool,
    /// Failures left before the verification locks for this user on the phone.
    attempts_remaining: u32,
}

/// Check one verification of a user without a session, counted and locked like a
/// session's factor. Unknown users, users not enrolled and wrong input all answer
/// `verified: false`.
#[utoipa::path(post, path = "/api/v1/verify", operation_id = "verify_once", tag = "voice sessions",
    request_body = VerifyBody,
    security(("bearer" = [])),
    responses((status = 200, body = VerifyResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn verify(
    State(state): State<AppState>,
    caller: Allowed<Orchestrators>,
    ApiJson(body): ApiJson<VerifyBody>,
) -> ApiResult<Json<VerifyResult>> {
    let checked = factor::verify_once(
        &state,
        &body.username,
        &body.verification,
        body.input,
        body.input_type.unwrap_or(DigitsInputType::Text).into(),
        body.language.as_deref(),
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    let (verified, attempts_remaining) = match checked {
        OneShot::Verified { attempts_remaining } => (true, attempts_remaining),
        OneShot::NotVerified { attempts_remaining } => (false, attempts_remaining),
        OneShot::Unparsable => {
            return Err(ServiceError::invalid(
                "voice.unparsable_input",
                "The input could not be read as the digits this verification takes.",
            )
            .into())
        }
        OneShot::Locked { until } => {
            return Err(ServiceError::locked(
                "voice.factor_locked",
                "This verification is locked for this user after too many failures.",
                until,
                state.now(),
            )
            .into())
        }
    };
    Ok(Json(VerifyResult {
        verified,
        attempts_remaining,
    }))
}
