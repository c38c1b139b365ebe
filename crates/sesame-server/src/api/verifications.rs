//! `/api/v1/verifications`: the configured verifications and their parameters.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_core::verification::CodeParams;
use sesame_core::Violation;
use sesame_store::VerificationRecord;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::Caller;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct VerificationView {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[schema(value_type = Object)]
    params: serde_json::Value,
    active: bool,
    updated_at: String,
}

impl From<VerificationRecord> for VerificationView {
    fn from(v: VerificationRecord) -> Self {
        Self {
            params: serde_json::from_str(&v.params).unwrap_or_default(),
            id: v.id,
            name: v.name,
            kind: v.kind,
            active: v.active,
            updated_at: v.updated_at.to_rfc3339(),
        }
    }
}

/// Every verification.
#[utoipa::path(get, path = "/api/v1/verifications", tag = "verifications",
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

fn not_found() -> AppError {
    AppError::not_found(
        "verification.not_found",
        "There is no verification with this id.",
    )
}

/// One verification.
#[utoipa::path(get, path = "/api/v1/verifications/{id}", tag = "verifications",
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
        .ok_or_else(not_found)?;
    Ok(Json(found.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeVerification {
    /// The whole parameter object of the verification's type.
    #[schema(value_type = Object)]
    params: Option<serde_json::Value>,
    active: Option<bool>,
}

/// Change parameters or switch a verification on or off.
#[utoipa::path(patch, path = "/api/v1/verifications/{id}", tag = "verifications", request_body = ChangeVerification,
    params(("id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = VerificationView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_verification(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeVerification>,
) -> ApiResult<Json<VerificationView>> {
    caller.require(&[Role::Admin])?;
    let existing = state
        .store()
        .find_verification(&id)
        .await?
        .ok_or_else(not_found)?;
    let params = match &body.params {
        None => None,
        Some(value) => {
            let json = value.to_string();
            match CodeParams::parse(&existing.kind, &json) {
                Some(Ok(parsed)) => Some(parsed.to_json()),
                Some(Err(broken)) => return Err(AppError::rules(broken)),
                None if value.as_object().is_some_and(|o| o.is_empty()) => Some("{}".to_owned()),
                None => {
                    return Err(AppError::rules(vec![Violation::new(
                        "verification.params_invalid",
                        format!(
                            "Verifications of type {} take no parameters here.",
                            existing.kind
                        ),
                    )]))
                }
            }
        }
    };
    let audit = caller
        .audit(&state, "verification.update", Some(&id))
        .with_detail(
            serde_json::json!({ "params": body.params.is_some(), "active": body.active })
                .to_string(),
        );
    let changed = state
        .store()
        .update_verification(&id, params.as_deref(), body.active, &audit)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(changed.into()))
}
