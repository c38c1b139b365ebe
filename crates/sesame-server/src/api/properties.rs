//! `/api/v1/properties`: runtime settings, typed and range-checked.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::property::{self, PropertyDef, PropertyKind, PropertyValue, PROPERTIES};
use sesame_core::token::Role;
use utoipa::ToSchema;

use super::{ApiJson, ApiPath};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, AppError, ErrorBody};
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

fn view(def: &'static PropertyDef, stored: Option<&str>) -> PropertyView {
    PropertyView {
        key: def.key,
        kind: def.kind,
        value: def.from_stored(stored),
        default: def.from_stored(None),
        description: def.description,
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
    let stored = state.store().stored_properties().await?;
    let find = |key: &str| {
        stored
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    Ok(Json(
        PROPERTIES
            .iter()
            .filter(|def| exists(&state, def))
            .map(|def| view(def, find(def.key)))
            .collect(),
    ))
}

/// A module's properties exist only while the module is on.
fn exists(state: &AppState, def: &PropertyDef) -> bool {
    def.module()
        .is_none_or(|name| state.settings().modules.iter().any(|m| m.name() == name))
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
    let def = property::find(&key)
        .filter(|def| exists(&state, def))
        .ok_or_else(|| {
            AppError::not_found("property.unknown", format!("There is no property {key}."))
        })?;
    let value = def.parse(&body.value)?.to_stored();
    let previous = state.store().stored_property(def.key).await?;
    let audit = caller.audit(&state, "property.set", Some(def.key)).with_detail(serde_json::json!({ "from": def.from_stored(previous.as_deref()), "to": def.from_stored(Some(&value)) })
            .to_string(),);
    state.store().set_property(def.key, &value, &audit).await?;
    state.properties_changed().await;
    Ok(Json(view(def, Some(&value))))
}
