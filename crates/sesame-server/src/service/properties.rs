//! Runtime properties as administrators read and change them: only those of the modules
//! that are on exist, and a value is taken only in its property's type and range.
//! Shared by `/api/v1/properties` and the administration pages.

use sesame_core::property::{self, PropertyDef, PropertyValue, PROPERTIES};

use super::{Actor, ServiceError, ServiceResult, Services};

/// A property and its value now.
pub struct Current {
    pub def: &'static PropertyDef,
    pub value: PropertyValue,
}

/// A module's properties exist only while the module is on.
pub fn exists(services: &Services, def: &PropertyDef) -> bool {
    def.module()
        .is_none_or(|name| services.settings().modules.iter().any(|m| m.name() == name))
}

/// Every property that exists, with its value now (as stored, not cached).
pub async fn list(services: &Services) -> ServiceResult<Vec<Current>> {
    let stored = services.store().stored_properties().await?;
    let find = |key: &str| {
        stored
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    Ok(PROPERTIES
        .iter()
        .filter(|def| exists(services, def))
        .map(|def| Current {
            def,
            value: def.from_stored(find(def.key)),
        })
        .collect())
}

/// Changes a property; the value must have its type and range (`property.wrong_type`,
/// `property.out_of_range`). Audited with the value before and after.
pub async fn set(
    services: &Services,
    key: &str,
    value: &serde_json::Value,
    actor: Actor<'_>,
) -> ServiceResult<Current> {
    let def = property::find(key)
        .filter(|def| exists(services, def))
        .ok_or_else(|| {
            ServiceError::not_found("property.unknown", format!("There is no property {key}."))
        })?;
    let stored = def.parse(value)?.to_stored();
    let previous = services.store().stored_property(def.key).await?;
    let audit = actor
        .audit(services, "property.set", Some(def.key))
        .with_detail(
            serde_json::json!({
                "from": def.from_stored(previous.as_deref()),
                "to": def.from_stored(Some(&stored)),
            })
            .to_string(),
        );
    services
        .store()
        .set_property(def.key, &stored, &audit)
        .await?;
    services.properties_changed().await;
    Ok(Current {
        def,
        value: def.from_stored(Some(&stored)),
    })
}
