//! `/api/v1/verifications`: the configured verifications and their parameters.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_core::verification::Assurance;
use sesame_store::VerificationRecord;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, ErrorBody};
use crate::service::verifications::{self, Origin};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationView {
    id: String,
    name: String,
    #[serde(rename = "type")]
    #[schema(value_type = super::schema::VerificationType)]
    kind: String,
    /// The parameters of the verification's type.
    #[schema(value_type = std::collections::BTreeMap<String, serde_json::Value>)]
    params: serde_json::Value,
    /// By type; null only for a type this server does not know.
    #[schema(value_type = Option<super::schema::Assurance>, required = true)]
    assurance: Option<Assurance>,
    active: bool,
    #[schema(format = DateTime)]
    updated_at: String,
}

impl From<VerificationRecord> for VerificationView {
    fn from(v: VerificationRecord) -> Self {
        Self {
            params: v.params.to_json(),
            assurance: Some(v.kind.assurance()),
            id: v.id,
            name: v.name,
            kind: v.kind.as_str().to_owned(),
            active: v.active,
            updated_at: v.updated_at.to_rfc3339(),
        }
    }
}

/// Every verification.
#[utoipa::path(get, path = "/api/v1/verifications", operation_id = "list_verifications", tag = "verifications",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<VerificationView>)))]
pub async fn list_verifications(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<VerificationView>>> {
    caller.require(&[Role::Admin])?;
    let all = state.store().list_verifications().await?;
    Ok(Json(all.into_iter().map(VerificationView::from).collect()))
}

/// One verification.
#[utoipa::path(get, path = "/api/v1/verifications/{id}", operation_id = "get_verification", tag = "verifications",
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = VerificationView), (status = 404, body = ErrorBody)))]
pub async fn get_verification(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
) -> ApiResult<Json<VerificationView>> {
    caller.require(&[Role::Admin])?;
    let found = state
        .store()
        .find_verification(&id)
        .await?
        .ok_or_else(verifications::not_found)?;
    Ok(Json(found.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeVerification {
    /// The whole parameter object of the verification's type.
    #[schema(value_type = Option<std::collections::BTreeMap<String, serde_json::Value>>)]
    params: Option<serde_json::Value>,
    active: Option<bool>,
}

/// Change parameters or switch a verification on or off.
#[utoipa::path(patch, path = "/api/v1/verifications/{id}", operation_id = "update_verification", tag = "verifications", request_body = ChangeVerification,
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = VerificationView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_verification(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeVerification>,
) -> ApiResult<Json<VerificationView>> {
    let params = body.params.as_ref().map(ToString::to_string);
    let changed = verifications::update(
        &state,
        &id,
        params.as_deref(),
        body.active,
        caller.as_actor(),
    )
    .await?;
    Ok(Json(changed.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVerification {
    /// Lower-case letters, digits and `_`; used in every URL.
    id: String,
    name: String,
    /// The type of a new verification ...
    #[serde(rename = "type")]
    #[schema(value_type = Option<super::schema::VerificationType>)]
    kind: Option<String>,
    /// ... or the id of a verification to copy (type and parameters).
    copy_from: Option<String>,
    /// Parameters for the type; default: the type's defaults or the copied ones.
    #[schema(value_type = Option<std::collections::BTreeMap<String, serde_json::Value>>)]
    params: Option<serde_json::Value>,
}

/// Create a custom verification from a type or by copying one.
#[utoipa::path(post, path = "/api/v1/verifications", operation_id = "create_verification", tag = "verifications", request_body = NewVerification,
    security(("bearer" = [])),
    responses((status = 201, body = VerificationView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_verification(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<NewVerification>,
) -> ApiResult<(axum::http::StatusCode, Json<VerificationView>)> {
    let origin = match (&body.kind, &body.copy_from) {
        (Some(kind), None) => Origin::Type(kind),
        (None, Some(source)) => Origin::Copy(source),
        _ => Origin::Unclear,
    };
    let params = body.params.as_ref().map(ToString::to_string);
    let record = verifications::create(
        &state,
        &body.id,
        &body.name,
        origin,
        params.as_deref(),
        caller.as_actor(),
    )
    .await?;
    Ok((axum::http::StatusCode::CREATED, Json(record.into())))
}
