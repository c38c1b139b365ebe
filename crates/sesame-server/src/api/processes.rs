//! `/api/v1/processes`: password reset processes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::process::ProcessDefinition;
use sesame_core::token::Role;
use sesame_core::Violation;

use super::schema::ProcessSchema;
use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::{processes, resets};
use crate::state::AppState;

/// A process as the API shows and takes it; the document describes it as
/// `schema::ProcessSchema`, field by field.
#[derive(Debug, Serialize, Deserialize)]
pub struct ProcessBody {
    /// Lower-case letters, digits, `-` and `_`; used in URLs.
    id: String,
    name: String,
    /// Every field of `sesame_core::process::ProcessDefinition`.
    #[serde(flatten)]
    definition: serde_json::Value,
    #[serde(default = "active_default")]
    active: bool,
}

fn active_default() -> bool {
    true
}

fn view(process: resets::Process) -> ProcessBody {
    ProcessBody {
        definition: serde_json::to_value(&process.definition).unwrap_or_default(),
        id: process.record.id,
        name: process.record.name,
        active: process.record.active,
    }
}

/// Reads the definition of a body; when it does not fit, every rule the id and name break
/// is reported with it.
fn definition(body: &ProcessBody) -> Result<ProcessDefinition, AppError> {
    serde_json::from_value::<ProcessDefinition>(body.definition.clone()).map_err(|e| {
        let mut broken = processes::check_names(&body.id, &body.name);
        broken.push(Violation::new(
            "process.invalid",
            format!("The process does not fit: {e}"),
        ));
        AppError::rules(broken)
    })
}

/// Create a password reset process.
#[utoipa::path(post, path = "/api/v1/processes", operation_id = "create_process", tag = "processes", request_body = ProcessSchema,
    security(("bearer" = [])),
    responses((status = 201, body = ProcessSchema), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_process(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<ProcessBody>,
) -> ApiResult<(StatusCode, Json<ProcessBody>)> {
    let definition = definition(&body)?;
    let process = processes::create(
        &state,
        &body.id,
        &body.name,
        &definition,
        body.active,
        caller.as_actor(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view(process))))
}

/// Every process.
#[utoipa::path(get, path = "/api/v1/processes", operation_id = "list_processes", tag = "processes",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ProcessSchema>)))]
pub async fn list_processes(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ProcessBody>>> {
    caller.require(&[Role::Admin])?;
    let all = processes::list(&state).await?;
    Ok(Json(all.into_iter().map(view).collect()))
}

/// One process.
#[utoipa::path(get, path = "/api/v1/processes/{id}", operation_id = "get_process", tag = "processes",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ProcessSchema), (status = 404, body = ErrorBody)))]
pub async fn get_process(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<ProcessBody>> {
    caller.require(&[Role::Admin])?;
    Ok(Json(view(processes::get(&state, &id).await?)))
}

/// Replace a process (the id in the body must match the path).
#[utoipa::path(put, path = "/api/v1/processes/{id}", operation_id = "update_process", tag = "processes", request_body = ProcessSchema,
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ProcessSchema), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_process(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ProcessBody>,
) -> ApiResult<Json<ProcessBody>> {
    if body.id != id {
        return Err(AppError::rules(vec![Violation::new(
            "process.id",
            "The id in the body must be the one in the path.",
        )]));
    }
    let definition = definition(&body)?;
    let process = processes::update(
        &state,
        &id,
        &body.name,
        &definition,
        body.active,
        caller.as_actor(),
    )
    .await?;
    Ok(Json(view(process)))
}

/// Deactivate a process: its requests in flight end, new ones cannot start. It stays
/// listed, and `PUT` with `active: true` brings it back.
#[utoipa::path(delete, path = "/api/v1/processes/{id}", operation_id = "deactivate_process", tag = "processes",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn deactivate_process(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::Admin])?;
    processes::deactivate(&state, &id, caller.as_actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
