//! `/api/v1/voice/services`: how voice agents identify and authenticate callers, and
//! `/api/v1/voice/jwks.json`: the keys that sign voice assertions (module `voice_agents`).
//! The rules are `service::voice`'s and the keys `signing`'s; this module only translates.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_core::voice::{IdentificationField, InputChoice, ServiceDefinition};
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, ErrorBody};
use crate::service::voice::{self, Service};
use crate::signing::Jwks;
use crate::state::AppState;

/// A field a caller is identified by.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoiceIdentification {
    /// `phone` (the caller ID counts as the answer), `employee_id`, `email` or `username`.
    #[schema(value_type = String)]
    field: IdentificationField,
}

/// A voice service as the API takes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoiceServiceBody {
    /// Lower-case letters, digits, `-` and `_`; required on create, and on replace the same
    /// as in the path if given.
    id: Option<String>,
    name: String,
    identification: Vec<VoiceIdentification>,
    /// The first factor: a verification id.
    first: String,
    /// The second factor, required while `voice.authenticate.mfa_mandatory`.
    second: Option<String>,
    /// A factor asked once more before a sensitive task.
    step_up: Option<String>,
    /// Per numeric factor: `text` (keypad), `voice` or `both` (the default).
    #[serde(default)]
    #[schema(value_type = BTreeMap<String, String>)]
    input_types: BTreeMap<String, InputChoice>,
    /// The country (ISO 3166, such as `US`) a phone number said or keyed without its
    /// country code is read in; without it only international numbers match.
    default_region: Option<String>,
}

impl VoiceServiceBody {
    fn definition(self) -> (Option<String>, String, ServiceDefinition) {
        (
            self.id,
            self.name,
            ServiceDefinition {
                identification: self.identification.into_iter().map(|i| i.field).collect(),
                first: self.first,
                second: self.second,
                step_up: self.step_up,
                input_types: self.input_types,
                default_region: self.default_region,
            },
        )
    }
}

/// A rule a saved service breaks under today's properties.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoiceServiceProblem {
    code: &'static str,
    message: String,
}

/// A voice service, with what it breaks now (sessions for it are refused until fixed).
#[derive(Debug, Serialize, ToSchema)]
pub struct VoiceServiceView {
    id: String,
    name: String,
    identification: Vec<VoiceIdentification>,
    first: String,
    #[schema(required = true)]
    second: Option<String>,
    #[schema(required = true)]
    step_up: Option<String>,
    #[schema(value_type = BTreeMap<String, String>)]
    input_types: BTreeMap<String, InputChoice>,
    #[schema(required = true)]
    default_region: Option<String>,
    /// Empty when the service fits the rules of the moment.
    problems: Vec<VoiceServiceProblem>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
}

impl From<Service> for VoiceServiceView {
    fn from(service: Service) -> Self {
        let record = service.record;
        let definition = record.definition;
        Self {
            id: record.id,
            name: record.name,
            identification: definition
                .identification
                .into_iter()
                .map(|field| VoiceIdentification { field })
                .collect(),
            first: definition.first,
            second: definition.second,
            step_up: definition.step_up,
            input_types: definition.input_types,
            default_region: definition.default_region,
            problems: service
                .problems
                .into_iter()
                .map(|v| VoiceServiceProblem {
                    code: v.code,
                    message: v.message,
                })
                .collect(),
            created_at: record.created_at.to_rfc3339(),
            updated_at: record.updated_at.to_rfc3339(),
        }
    }
}

/// Every voice service, each with the rules it breaks now.
#[utoipa::path(get, path = "/api/v1/voice/services", operation_id = "list_voice_services", tag = "voice",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<VoiceServiceView>)))]
pub async fn list_services(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<VoiceServiceView>>> {
    caller.require(&[Role::Admin])?;
    let services = voice::list(&state).await?;
    Ok(Json(
        services.into_iter().map(VoiceServiceView::from).collect(),
    ))
}

/// Create a voice service; every broken factor rule is reported with its own code.
#[utoipa::path(post, path = "/api/v1/voice/services", operation_id = "create_voice_service", tag = "voice",
    request_body = VoiceServiceBody,
    security(("bearer" = [])),
    responses((status = 201, body = VoiceServiceView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_service(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<VoiceServiceBody>,
) -> ApiResult<(StatusCode, Json<VoiceServiceView>)> {
    let (id, name, definition) = body.definition();
    let id = id.unwrap_or_default();
    let created = voice::create(
        &state,
        &id,
        &name,
        definition,
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// A voice service, with the rules it breaks now.
#[utoipa::path(get, path = "/api/v1/voice/services/{id}", operation_id = "get_voice_service", tag = "voice",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = VoiceServiceView), (status = 404, body = ErrorBody)))]
pub async fn get_service(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<VoiceServiceView>> {
    caller.require(&[Role::Admin])?;
    Ok(Json(voice::get(&state, &id).await?.into()))
}

/// Replace a voice service (the same checks as creating one).
#[utoipa::path(put, path = "/api/v1/voice/services/{id}", operation_id = "replace_voice_service", tag = "voice",
    params(("id" = String, Path)),
    request_body = VoiceServiceBody,
    security(("bearer" = [])),
    responses((status = 200, body = VoiceServiceView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn replace_service(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<VoiceServiceBody>,
) -> ApiResult<Json<VoiceServiceView>> {
    let (body_id, name, definition) = body.definition();
    if body_id.is_some_and(|given| given != id) {
        return Err(sesame_core::Violation::new(
            "voice_service.id_mismatch",
            "The id in the body differs from the one in the path; a service keeps its id.",
        )
        .into());
    }
    let replaced = voice::replace(
        &state,
        &id,
        &name,
        definition,
        &caller.actor,
        caller.source.as_deref(),
    )
    .await?;
    Ok(Json(replaced.into()))
}

/// Remove a voice service.
#[utoipa::path(delete, path = "/api/v1/voice/services/{id}", operation_id = "delete_voice_service", tag = "voice",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_service(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::Admin])?;
    voice::delete(&state, &id, &caller.actor, caller.source.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The public keys that sign voice assertions (JWS, EdDSA over Ed25519): every key that
/// may have signed an assertion still alive, and a key about to sign, published an
/// assertion lifetime (300 s) before it does. Match an assertion's `kid` against these.
#[utoipa::path(get, path = "/api/v1/voice/jwks.json", operation_id = "get_voice_jwks", tag = "voice",
    responses((status = 200, body = Jwks)))]
pub async fn jwks(
    State(state): State<AppState>,
) -> ApiResult<([(axum::http::HeaderName, &'static str); 1], Json<Jwks>)> {
    // Cached for less than the 300 s a new key is published before it signs.
    Ok((
        [(axum::http::header::CACHE_CONTROL, "public, max-age=120")],
        Json(state.jwks()?),
    ))
}
