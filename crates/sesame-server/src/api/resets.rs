//! `/api/v1/resets`: self-service password reset and unlock.
//!
//! Starting a request answers the same for every identifier; see `crate::service::resets`.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::ClientAddress;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::i18n::Tr;
use crate::service::resets::{self, Access, NewPassword, PasswordSet};
use crate::service::verification::{expects, Answer, Challenge};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartReset {
    /// The process id.
    process: String,
    /// A user name or e-mail address, as the process identifies users.
    identifier: String,
    /// For a process with `captcha`: a solved challenge of `GET /api/v1/captcha`, the
    /// base64 of `{algorithm, challenge, number, salt, signature}`. Without it: 422
    /// `captcha.required`; wrong, expired or used before: 422 `captcha.invalid`.
    #[serde(default)]
    captcha: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResetVerification {
    id: String,
    #[serde(rename = "type")]
    #[schema(value_type = super::schema::VerificationType)]
    kind: String,
    mandatory: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StartedReset {
    /// The request's secret id; every later step names it. Expires with the request.
    reset_id: String,
    #[schema(format = DateTime)]
    expires_at: String,
    /// The process's verifications; the user passes the mandatory ones and chooses among
    /// the others.
    verifications: Vec<ResetVerification>,
    /// How many verifications must pass.
    required: usize,
}

/// Start a reset request: identify.
///
/// The answer is the same, in body and status, whether or not the identity exists, is
/// enrolled or belongs to the process. A process with `captcha` first needs a solved
/// challenge of `GET /api/v1/captcha`, checked before anything else about the request.
#[utoipa::path(post, path = "/api/v1/resets", operation_id = "start_reset", tag = "resets", request_body = StartReset,
    responses((status = 201, body = StartedReset), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn start_reset(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiJson(body): ApiJson<StartReset>,
) -> ApiResult<(StatusCode, Json<StartedReset>)> {
    let identifier = body.identifier.trim();
    if identifier.is_empty() || identifier.chars().count() > 320 {
        return Err(AppError::rules(vec![sesame_core::Violation::new(
            "reset.identifier",
            "Give your user name or e-mail address.",
        )]));
    }
    let process = resets::active_process(&state, &body.process, true).await?;
    let started = resets::identify(
        &state,
        process,
        identifier,
        body.captcha.as_deref(),
        source.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(started_view(&state, started).await?),
    ))
}

pub(super) async fn started_view(
    state: &AppState,
    started: resets::Started,
) -> Result<StartedReset, AppError> {
    let mut verifications = Vec::new();
    for v in &started.process.definition.verifications {
        let kind = match state.verification(&v.id).await? {
            Some(record) => record.kind.as_str().to_owned(),
            None => continue,
        };
        verifications.push(ResetVerification {
            id: v.id.clone(),
            kind,
            mandatory: v.mandatory,
        });
    }
    Ok(StartedReset {
        reset_id: started.reset_id.expose_secret().to_owned(),
        expires_at: started.expires_at.to_rfc3339(),
        verifications,
        required: started.process.definition.min_verifications,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Question {
    id: i64,
    text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Started {
    #[schema(value_type = super::schema::ExpectedAnswer)]
    expects: &'static str,
    /// For e-mail and SMS codes: a code is on its way to the enrolled address or number,
    /// if there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    sent: Option<bool>,
    /// For security questions, in the language of `Accept-Language`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    questions: Option<Vec<Question>>,
}

/// Start one verification: sends the code, or poses the questions.
#[utoipa::path(post, path = "/api/v1/resets/{reset_id}/challenges/{id}", operation_id = "start_reset_challenge", tag = "resets",
    params(("reset_id" = String, Path), ("id" = String, Path, description = "verification id")),
    responses((status = 200, body = Started), (status = 404, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn start_challenge(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    headers: HeaderMap,
    ApiPath((reset_id, id)): ApiPath<(String, String)>,
) -> ApiResult<Json<Started>> {
    challenge_view(
        &state,
        &reset_id,
        Access::SelfService,
        &id,
        &headers,
        source,
    )
    .await
}

pub(super) async fn challenge_view(
    state: &AppState,
    reset_id: &str,
    access: Access,
    id: &str,
    headers: &HeaderMap,
    source: Option<String>,
) -> ApiResult<Json<Started>> {
    let language = Tr::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
    .tag();
    let challenge =
        resets::challenge(state, reset_id, access, id, &language, source.as_deref()).await?;
    let expects = match state.verification(id).await? {
        Some(record) => expects(&record).as_str(),
        None => "value",
    };
    Ok(Json(match challenge {
        Challenge::CodeSent => Started {
            expects: "code",
            sent: Some(true),
            questions: None,
        },
        Challenge::Questions(questions) => Started {
            expects: "answers",
            sent: None,
            questions: Some(
                questions
                    .into_iter()
                    .map(|(id, text)| Question { id, text })
                    .collect(),
            ),
        },
        Challenge::Prompt => Started {
            expects,
            sent: None,
            questions: None,
        },
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GivenAnswer {
    question_id: i64,
    answer: String,
}

/// Exactly one of the fields, as the verification expects.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    #[schema(value_type = Option<String>)]
    code: Option<SecretString>,
    #[schema(value_type = Option<String>)]
    pin: Option<SecretString>,
    answers: Option<Vec<GivenAnswer>>,
    value: Option<String>,
}

impl AnswerBody {
    fn into_answer(self) -> Result<Answer, AppError> {
        match (self.code, self.pin, self.answers, self.value) {
            (Some(code), None, None, None) => Ok(Answer::Code(code)),
            (None, Some(pin), None, None) => Ok(Answer::Pin(pin)),
            (None, None, Some(answers), None) => Ok(Answer::Answers(
                answers
                    .into_iter()
                    .map(|a| (a.question_id, a.answer))
                    .collect(),
            )),
            (None, None, None, Some(value)) => Ok(Answer::Value(value)),
            _ => Err(AppError::bad_request(
                "request.invalid_body",
                "Send exactly one of code, pin, answers or value.",
            )),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerResult {
    passed: bool,
    /// Verifications still to pass before the new password or unlock.
    remaining: usize,
    /// Wrong answers the request may still take (`password_reset.max_wrong_answers` in
    /// all); a wrong answer at 0 has ended the request: start a new one.
    tries_left: u32,
}

/// Answer one verification. Wrong answers count; the last one allowed ends the request,
/// which counts toward the block.
#[utoipa::path(post, path = "/api/v1/resets/{reset_id}/answers/{id}", operation_id = "answer_reset_challenge", tag = "resets", request_body = AnswerBody,
    params(("reset_id" = String, Path), ("id" = String, Path, description = "verification id")),
    responses((status = 200, body = AnswerResult), (status = 409, body = ErrorBody), (status = 410, body = ErrorBody), (status = 423, body = ErrorBody)))]
pub async fn answer(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiPath((reset_id, id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<AnswerBody>,
) -> ApiResult<Json<AnswerResult>> {
    answer_view(&state, &reset_id, Access::SelfService, &id, body, source).await
}

pub(super) async fn answer_view(
    state: &AppState,
    reset_id: &str,
    access: Access,
    id: &str,
    body: AnswerBody,
    source: Option<String>,
) -> ApiResult<Json<AnswerResult>> {
    let answer = body.into_answer()?;
    let answered = resets::answer(state, reset_id, access, id, answer, source.as_deref()).await?;
    Ok(Json(AnswerResult {
        passed: answered.passed,
        remaining: answered.remaining,
        tries_left: answered.tries_left,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    #[schema(value_type = Option<String>)]
    new_password: Option<SecretString>,
    #[serde(default)]
    generate: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordResult {
    /// The generated password, when the process shows it (only this once).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    password: Option<String>,
    /// How a generated password was sent, when the process sends it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<super::schema::DeliveryChannel>, nullable = false)]
    sent_by: Option<&'static str>,
}

/// Set the new password (chosen, or generated when the process says so).
#[utoipa::path(post, path = "/api/v1/resets/{reset_id}/password", operation_id = "set_reset_password", tag = "resets", request_body = PasswordBody,
    params(("reset_id" = String, Path)),
    responses((status = 200, body = PasswordResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn set_password(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiPath(reset_id): ApiPath<String>,
    ApiJson(body): ApiJson<PasswordBody>,
) -> ApiResult<Json<PasswordResult>> {
    let new = match (body.new_password, body.generate) {
        (Some(password), false) => NewPassword::Chosen(password),
        (None, true) => NewPassword::Generate,
        _ => {
            return Err(AppError::bad_request(
                "request.invalid_body",
                "Send either new_password or generate: true.",
            ))
        }
    };
    password_view(&state, &reset_id, Access::SelfService, new, source).await
}

pub(super) async fn password_view(
    state: &AppState,
    reset_id: &str,
    access: Access,
    new: NewPassword,
    source: Option<String>,
) -> ApiResult<Json<PasswordResult>> {
    let set = resets::set_password(state, reset_id, access, new, source.as_deref()).await?;
    Ok(Json(match set {
        PasswordSet::Chosen => PasswordResult {
            password: None,
            sent_by: None,
        },
        PasswordSet::Shown(password) => PasswordResult {
            password: Some(password.expose_secret().to_owned()),
            sent_by: None,
        },
        PasswordSet::Sent { channel } => PasswordResult {
            password: None,
            sent_by: Some(channel.as_str()),
        },
    }))
}

/// Unlock the account, when the process allows it.
#[utoipa::path(post, path = "/api/v1/resets/{reset_id}/unlock", operation_id = "unlock_reset", tag = "resets",
    params(("reset_id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn unlock(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    ApiPath(reset_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    resets::unlock(&state, &reset_id, Access::SelfService, source.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}
