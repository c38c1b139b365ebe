//! Verifications as administrators keep them: custom ones made from a type or copied from
//! another, parameters changed, switched on or off. Parameters are checked by the type's
//! own rules (`Params::parse`). Shared by `/api/v1/verifications` and the administration
//! pages.

use sesame_core::verification::{Kind, Params};
use sesame_core::Violation;
use sesame_store::{StoreError, VerificationRecord};

use super::{Actor, ServiceError, ServiceResult, Services};

pub fn not_found() -> ServiceError {
    ServiceError::not_found(
        "verification.not_found",
        "There is no verification with this id.",
    )
}

/// Where a new verification comes from: a type, or a verification to copy.
pub enum Origin<'a> {
    Type(&'a str),
    Copy(&'a str),
    /// Neither or both were given.
    Unclear,
}

/// Creates a custom verification; every broken rule is reported at once. `params` is
/// the JSON of the type's parameters; without it, the type's defaults or the copied ones.
pub async fn create(
    services: &Services,
    id: &str,
    name: &str,
    origin: Origin<'_>,
    params: Option<&str>,
    actor: Actor<'_>,
) -> ServiceResult<VerificationRecord> {
    let mut broken = Vec::new();
    let id_ok = !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !id_ok {
        broken.push(Violation::new(
            "verification.id_invalid",
            "The id has 1 to 40 lower-case letters, digits and _.",
        ));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        broken.push(Violation::new(
            "verification.name_invalid",
            "The name has 1 to 100 characters.",
        ));
    }
    let (kind, inherited) = match origin {
        Origin::Type(kind) => match Kind::parse(kind) {
            Some(kind) => (Some(kind), Some(Params::default_for(kind))),
            None => {
                broken.push(Violation::new(
                    "verification.type_invalid",
                    "There is no verification type with this name.",
                ));
                (None, None)
            }
        },
        Origin::Copy(source) => {
            let original = services
                .store()
                .find_verification(source)
                .await?
                .ok_or_else(not_found)?;
            (Some(original.kind), Some(original.params))
        }
        Origin::Unclear => {
            broken.push(Violation::new(
                "verification.origin",
                "Give either type or copy_from.",
            ));
            (None, None)
        }
    };
    let params = match (kind, params) {
        (Some(kind), Some(text)) => Params::parse(kind, text).map_err(|b| broken.extend(b)).ok(),
        (_, None) => inherited,
        (None, _) => None,
    };
    let (Some(kind), Some(params)) = (kind, params.filter(|_| broken.is_empty())) else {
        return Err(ServiceError::Rules(broken));
    };
    let now = services.now();
    let record = VerificationRecord {
        id: id.to_owned(),
        name: name.to_owned(),
        kind,
        params,
        active: true,
        created_at: now,
        updated_at: now,
    };
    let audit = actor.audit(services, "verification.create", Some(&record.id));
    services
        .store()
        .create_verification(&record, &audit)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => ServiceError::conflict(
                "verification.exists",
                "A verification with this id already exists.",
            ),
            other => other.into(),
        })?;
    services.verifications_changed().await;
    Ok(record)
}

/// Changes the parameters (the JSON of the type's parameters) or switches a verification
/// on or off.
pub async fn update(
    services: &Services,
    id: &str,
    params: Option<&str>,
    active: Option<bool>,
    actor: Actor<'_>,
) -> ServiceResult<VerificationRecord> {
    let existing = services
        .store()
        .find_verification(id)
        .await?
        .ok_or_else(not_found)?;
    let params = match params {
        None => None,
        Some(text) => Some(Params::parse(existing.kind, text).map_err(ServiceError::Rules)?),
    };
    let audit = actor
        .audit(services, "verification.update", Some(id))
        .with_detail(
            serde_json::json!({ "params": params.is_some(), "active": active }).to_string(),
        );
    let changed = services
        .store()
        .update_verification(id, params.as_ref(), active, &audit)
        .await?
        .ok_or_else(not_found)?;
    services.verifications_changed().await;
    Ok(changed)
}
