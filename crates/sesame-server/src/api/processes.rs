//! `/api/v1/processes`: password reset processes.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::process::ProcessDefinition;
use sesame_core::token::Role;
use sesame_core::Violation;
use sesame_store::{ProcessRecord, StoreError};

use super::schema::ProcessSchema;
use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::resets;
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

fn not_found() -> AppError {
    AppError::not_found(
        "process.not_found",
        "There is no password reset process with this id.",
    )
}

/// Parses and checks a process; every broken rule is reported, each code naming its field.
async fn checked(
    state: &AppState,
    body: &ProcessBody,
) -> Result<(String, ProcessDefinition), AppError> {
    let mut broken = Vec::new();
    let id_ok = !body.id.is_empty()
        && body.id.len() <= 40
        && body
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !id_ok {
        broken.push(Violation::new(
            "process.id",
            "The id has 1 to 40 lower-case letters, digits, - and _.",
        ));
    }
    let name = body.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        broken.push(Violation::new(
            "process.name",
            "The name has 1 to 100 characters.",
        ));
    }
    let definition = match serde_json::from_value::<ProcessDefinition>(body.definition.clone()) {
        Ok(definition) => Some(definition),
        Err(e) => {
            broken.push(Violation::new(
                "process.invalid",
                format!("The process does not fit: {e}"),
            ));
            None
        }
    };
    if let Some(definition) = &definition {
        let verifications = state.store().list_verifications().await?;
        broken.extend(definition.check(|id| {
            verifications
                .iter()
                .find(|v| v.id == id && v.active)
                .map(|v| v.kind)
        }));
        broken.extend(crate::service::credentials::check_configured(
            state,
            definition.credential_store,
        ));
        // The Soft PIN belongs to the voice agents module: without it, no process asks for it.
        if !state.module_enabled(crate::config::Module::VoiceAgents) {
            for v in &definition.verifications {
                let soft_pin = verifications.iter().any(|known| {
                    known.id == v.id && known.kind == sesame_core::verification::Kind::SoftPin
                });
                if soft_pin {
                    broken.push(Violation::new(
                        "process.verifications.module_off",
                        format!("{} needs the voice_agents module, which is off.", v.id),
                    ));
                }
            }
        }
    }
    match definition {
        Some(definition) if broken.is_empty() => Ok((name.to_owned(), definition)),
        _ => Err(AppError::rules(broken)),
    }
}

fn record(
    id: &str,
    name: String,
    definition: &ProcessDefinition,
    active: bool,
    state: &AppState,
) -> Result<ProcessRecord, AppError> {
    let now = state.now();
    Ok(ProcessRecord {
        id: id.to_owned(),
        name,
        definition: serde_json::to_string(definition).map_err(AppError::internal)?,
        active,
        created_at: now,
        updated_at: now,
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
    let (name, definition) = checked(&state, &body).await?;
    let record = record(&body.id, name, &definition, body.active, &state)?;
    let audit = caller.audit(&state, "process.create", Some(&record.id));
    state
        .store()
        .create_process(&record, &audit)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => AppError::new(
                StatusCode::CONFLICT,
                "process.exists",
                "A process with this id already exists.",
            ),
            other => other.into(),
        })?;
    Ok((StatusCode::CREATED, Json(view(resets::parse(record)?))))
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
    let all = state.store().list_processes().await?;
    Ok(Json(
        all.into_iter()
            .map(|p| resets::parse(p).map(view))
            .collect::<Result<_, _>>()?,
    ))
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
    let found = state
        .store()
        .find_process(&id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(view(resets::parse(found)?)))
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
    let existing = state
        .store()
        .find_process(&id)
        .await?
        .ok_or_else(not_found)?;
    let (name, definition) = checked(&state, &body).await?;
    let mut changed = record(&id, name, &definition, body.active, &state)?;
    changed.created_at = existing.created_at;
    let audit = caller.audit(&state, "process.update", Some(&id));
    if !state.store().update_process(&changed, &audit).await? {
        return Err(not_found());
    }
    Ok(Json(view(resets::parse(changed)?)))
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
    let mut existing = state
        .store()
        .find_process(&id)
        .await?
        .ok_or_else(not_found)?;
    existing.active = false;
    existing.updated_at = state.now();
    let audit = caller.audit(&state, "process.deactivate", Some(&id));
    state.store().update_process(&existing, &audit).await?;
    Ok(StatusCode::NO_CONTENT)
}
