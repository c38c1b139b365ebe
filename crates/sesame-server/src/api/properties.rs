//! `/api/v1/properties`: runtime settings, typed and range-checked.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::property::{PropertyKind, PropertyValue};
use sesame_core::token::Role;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, ErrorBody};
use crate::service::properties;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PropertyView {
    /// Dotted, e.g. `session.idle_minutes`.
    key: &'static str,
    #[schema(value_type = super::schema::PropertyKind)]
    kind: PropertyKind,
    #[schema(value_type = super::schema::PropertyValue)]
    value: PropertyValue,
    #[schema(value_type = super::schema::PropertyValue)]
    default: PropertyValue,
    description: &'static str,
}

fn view(current: properties::Current) -> PropertyView {
    PropertyView {
        key: current.def.key,
        kind: current.def.kind,
        value: current.value,
        default: current.def.from_stored(None),
        description: current.def.description,
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetProperty {
    /// Of the property's kind and in its range.
    #[schema(value_type = super::schema::PropertyValue)]
    value: serde_json::Value,
}

/// Every property with its type, current value and default.
#[utoipa::path(get, path = "/api/v1/properties", operation_id = "list_properties", tag = "properties",
    security(("bearer" = [])),
    responses((status = 200, body = Vec<PropertyView>)))]
pub async fn list_properties(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Vec<PropertyView>>> {
    caller.require(&[Role::Admin])?;
    let all = properties::list(&state).await?;
    Ok(Json(all.into_iter().map(view).collect()))
}

/// Change a property. The value must have the property's type and range.
#[utoipa::path(put, path = "/api/v1/properties/{key}", operation_id = "set_property", tag = "properties", request_body = SetProperty,
    params(("key" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PropertyView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_property(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(key): ApiPath<String>,
    ApiJson(body): ApiJson<SetProperty>,
) -> ApiResult<Json<PropertyView>> {
    let changed = properties::set(&state, &key, &body.value, caller.as_actor()).await?;
    Ok(Json(view(changed)))
}
