//! `/api/v1/questions` (the bank) and `/api/v1/me/enrollments/qa` (a user's answers).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;

use utoipa::{IntoParams, ToSchema};

use super::{ApiJson, ApiPath, ApiQuery};
use crate::auth::{Admins, Allowed, Caller, Users};
use crate::error::{ApiResult, ErrorBody};
use crate::service::questions;
use crate::state::AppState;

use crate::service::verification::qa::QA;

#[derive(Debug, Serialize, ToSchema)]
pub struct QuestionView {
    id: i64,
    text: String,
    /// Administrators only: retired questions stay valid for those enrolled with them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    retired: Option<bool>,
    /// Administrators only: every translation, by language tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    texts: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QuestionsQuery {
    /// The language of the texts; default the user's, or English.
    language: Option<String>,
}

/// The question bank in the caller's language. Users see the questions they can choose.
#[utoipa::path(get, path = "/api/v1/questions", operation_id = "list_questions", tag = "questions", params(QuestionsQuery),
    security(("bearer" = [])),
    responses((status = 200, body = Vec<QuestionView>)))]
pub async fn list_questions(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<QuestionsQuery>,
) -> ApiResult<Json<Vec<QuestionView>>> {
    caller.require(&[Role::User, Role::Admin])?;
    let language = query
        .language
        .or_else(|| caller.user.as_ref().map(|u| u.language.clone()))
        .unwrap_or_else(|| "en".to_owned());
    let admin = caller.is_admin();
    let bank = state.store().list_questions().await?;
    Ok(Json(
        bank.into_iter()
            .filter(|q| admin || !q.retired)
            .map(|q| QuestionView {
                id: q.id,
                text: crate::service::verification::qa::text_in(&q, &language),
                retired: admin.then_some(q.retired),
                texts: admin.then(|| q.texts.iter().cloned().collect()),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuestion {
    /// Texts by language tag; English (`en`) is required.
    texts: BTreeMap<String, String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedQuestion {
    id: i64,
}

/// Add a question to the bank.
#[utoipa::path(post, path = "/api/v1/questions", operation_id = "create_question", tag = "questions", request_body = NewQuestion,
    security(("bearer" = [])),
    responses((status = 201, body = CreatedQuestion), (status = 422, body = ErrorBody)))]
pub async fn create_question(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<NewQuestion>,
) -> ApiResult<(StatusCode, Json<CreatedQuestion>)> {
    let texts: Vec<(String, String)> = body.texts.into_iter().collect();
    let id = questions::create(&state, &texts, caller.as_actor()).await?;
    Ok((StatusCode::CREATED, Json(CreatedQuestion { id })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeQuestion {
    /// Texts to add or replace, by language tag.
    #[serde(default)]
    texts: BTreeMap<String, String>,
    /// A retired question cannot be chosen anew; users enrolled with it keep it.
    retired: Option<bool>,
}

/// Translate or retire a question.
#[utoipa::path(patch, path = "/api/v1/questions/{id}", operation_id = "update_question", tag = "questions", request_body = ChangeQuestion,
    params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_question(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<ChangeQuestion>,
) -> ApiResult<StatusCode> {
    let texts: Vec<(String, String)> = body.texts.into_iter().collect();
    questions::update(&state, id, &texts, body.retired, caller.as_actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    question_id: i64,
    #[schema(value_type = String)]
    answer: secrecy::SecretString,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrollAnswers {
    answers: Vec<Answer>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QaState {
    #[schema(value_type = super::schema::EnrollmentStatus)]
    state: &'static str,
}

/// Enroll (or re-enroll) in security questions: choose questions and answer each.
#[utoipa::path(put, path = "/api/v1/me/enrollments/qa", operation_id = "enroll_security_questions", tag = "enrollments", request_body = EnrollAnswers,
    security(("bearer" = [])),
    responses((status = 200, body = QaState), (status = 422, body = ErrorBody)))]
pub async fn enroll_answers(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiJson(body): ApiJson<EnrollAnswers>,
) -> ApiResult<Json<QaState>> {
    enroll_for(&state, &caller, QA, body).await
}

async fn enroll_for(
    state: &AppState,
    caller: &Caller,
    verification_id: &str,
    body: EnrollAnswers,
) -> ApiResult<Json<QaState>> {
    caller.require(&[Role::User])?;
    use secrecy::ExposeSecret;
    let user = caller.signed_in_user()?;
    let answers: Vec<(i64, String)> = body
        .answers
        .iter()
        .map(|a| (a.question_id, a.answer.expose_secret().to_owned()))
        .collect();
    crate::service::verification::qa::enroll(
        state,
        user,
        verification_id,
        answers,
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    Ok(Json(QaState { state: "active" }))
}

/// Remove the security questions enrollment and its answers.
#[utoipa::path(delete, path = "/api/v1/me/enrollments/qa", operation_id = "remove_security_questions", tag = "enrollments",
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove_answers(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<StatusCode> {
    super::enrollments::remove_enrollment(&state, &caller, QA).await
}

/// Enroll in a security questions verification by id (a custom one, or `qa`).
#[utoipa::path(put, path = "/api/v1/me/enrollments/{id}/answers", operation_id = "enroll_security_questions_by_id", tag = "enrollments",
    params(("id" = String, Path, description = "A security questions verification's id")),
    request_body = EnrollAnswers,
    security(("bearer" = [])),
    responses((status = 200, body = QaState), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn enroll_answers_by_id(
    State(state): State<AppState>,
    caller: Allowed<Users>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<EnrollAnswers>,
) -> ApiResult<Json<QaState>> {
    enroll_for(&state, &caller, &id, body).await
}
