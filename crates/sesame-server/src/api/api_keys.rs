//! `/api/v1/api-keys`: keys for machines (orchestrators, service desk tools, automation).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_store::ApiKeyRecord;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, ErrorBody};
use crate::service::api_keys;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// What the key is for, e.g. `voice-orchestrator`.
    name: String,
    #[schema(value_type = super::schema::ApiKeyRole)]
    role: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyView {
    id: i64,
    name: String,
    #[schema(value_type = super::schema::ApiKeyRole)]
    role: String,
    /// The actor that created it, as the audit log names it.
    created_by: String,
    #[schema(format = DateTime)]
    created_at: String,
    /// Only for a revoked key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = DateTime)]
    revoked_at: Option<String>,
}

impl From<ApiKeyRecord> for ApiKeyView {
    fn from(key: ApiKeyRecord) -> Self {
        Self {
            id: key.id,
            name: key.name,
            role: key.role.as_str().to_owned(),
            created_by: key.created_by,
            created_at: key.created_at.to_rfc3339(),
            revoked_at: key.revoked_at.map(|t| t.to_rfc3339()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKey {
    #[serde(flatten)]
    key: ApiKeyView,
    /// The bearer token. Shown this once; Sesame keeps only a keyed digest of it.
    token: String,
}

/// Create an API key. The token is in this response only.
#[utoipa::path(post, path = "/api/v1/api-keys", operation_id = "create_api_key", tag = "api keys", request_body = CreateApiKey,
    security(("bearer" = [])),
    responses((status = 201, body = CreatedApiKey), (status = 422, body = ErrorBody)))]
pub async fn create_api_key(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<CreateApiKey>,
) -> ApiResult<(StatusCode, Json<CreatedApiKey>)> {
    let (key, token) = api_keys::create(&state, &body.name, &body.role, caller.as_actor()).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiKey {
            key: key.into(),
            token: token.expose_secret().to_owned(),
        }),
    ))
}

/// List API keys (never their tokens).
#[utoipa::path(get, path = "/api/v1/api-keys", operation_id = "list_api_keys", tag = "api keys",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiKeyView>)))]
pub async fn list_api_keys(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<ApiKeyView>>> {
    caller.require(&[Role::Admin])?;
    let keys = state.store().list_api_keys().await?;
    Ok(Json(keys.into_iter().map(ApiKeyView::from).collect()))
}

/// Revoke an API key; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/api-keys/{id}", operation_id = "revoke_api_key", tag = "api keys",
    params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn revoke_api_key(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::Admin])?;
    api_keys::revoke(&state, id, caller.as_actor()).await?;
    Ok(StatusCode::NO_CONTENT)
}
