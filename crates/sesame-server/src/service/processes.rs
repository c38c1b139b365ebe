//! Password reset processes as administrators keep them: checked against the rules of
//! `sesame_core::process` before they are saved, each broken rule named by the field at
//! fault. Shared by `/api/v1/processes` and the administration pages.

use sesame_core::process::ProcessDefinition;
use sesame_core::Violation;
use sesame_store::{ProcessRecord, StoreError};

use super::resets::{self, Process};
use super::{Actor, ServiceError, ServiceResult, Services};

pub fn not_found() -> ServiceError {
    ServiceError::not_found(
        "process.not_found",
        "There is no password reset process with this id.",
    )
}

/// The rules an id and a name keep.
pub fn check_names(id: &str, name: &str) -> Vec<Violation> {
    let mut broken = Vec::new();
    let id_ok = !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !id_ok {
        broken.push(Violation::new(
            "process.id",
            "The id has 1 to 40 lower-case letters, digits, - and _.",
        ));
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        broken.push(Violation::new(
            "process.name",
            "The name has 1 to 100 characters.",
        ));
    }
    broken
}

/// Every rule a process to save breaks: its id and name, the process rules against the
/// active verifications, the credential store configured, the module of the Soft PIN.
pub async fn check(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ProcessDefinition,
) -> ServiceResult<Vec<Violation>> {
    let mut broken = check_names(id, name);
    let verifications = services.store().list_verifications().await?;
    broken.extend(definition.check(|id| {
        verifications
            .iter()
            .find(|v| v.id == id && v.active)
            .map(|v| v.kind)
    }));
    broken.extend(super::credentials::check_configured(
        services,
        definition.credential_store,
    ));
    // The Soft PIN belongs to the voice agents module: without it, no process asks for it.
    if !services.module_enabled(crate::config::Module::VoiceAgents) {
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
    Ok(broken)
}

async fn checked(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ProcessDefinition,
) -> ServiceResult<()> {
    let broken = check(services, id, name, definition).await?;
    if broken.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Rules(broken))
    }
}

fn record(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ProcessDefinition,
    active: bool,
) -> ServiceResult<ProcessRecord> {
    let now = services.now();
    Ok(ProcessRecord {
        id: id.to_owned(),
        name: name.trim().to_owned(),
        definition: serde_json::to_string(definition).map_err(ServiceError::internal)?,
        active,
        created_at: now,
        updated_at: now,
    })
}

/// Every process, active or not.
pub async fn list(services: &Services) -> ServiceResult<Vec<Process>> {
    services
        .store()
        .list_processes()
        .await?
        .into_iter()
        .map(resets::parse)
        .collect()
}

pub async fn get(services: &Services, id: &str) -> ServiceResult<Process> {
    let found = services
        .store()
        .find_process(id)
        .await?
        .ok_or_else(not_found)?;
    resets::parse(found)
}

pub async fn create(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ProcessDefinition,
    active: bool,
    actor: Actor<'_>,
) -> ServiceResult<Process> {
    checked(services, id, name, definition).await?;
    let record = record(services, id, name, definition, active)?;
    let audit = actor.audit(services, "process.create", Some(&record.id));
    services
        .store()
        .create_process(&record, &audit)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => {
                ServiceError::conflict("process.exists", "A process with this id already exists.")
            }
            other => other.into(),
        })?;
    resets::parse(record)
}

/// Replaces a process's name, definition and active flag.
pub async fn update(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ProcessDefinition,
    active: bool,
    actor: Actor<'_>,
) -> ServiceResult<Process> {
    let existing = services
        .store()
        .find_process(id)
        .await?
        .ok_or_else(not_found)?;
    checked(services, id, name, definition).await?;
    let mut changed = record(services, id, name, definition, active)?;
    changed.created_at = existing.created_at;
    let audit = actor.audit(services, "process.update", Some(id));
    if !services.store().update_process(&changed, &audit).await? {
        return Err(not_found());
    }
    resets::parse(changed)
}

/// Deactivates a process: its requests in flight end, new ones cannot start.
pub async fn deactivate(services: &Services, id: &str, actor: Actor<'_>) -> ServiceResult<()> {
    let mut existing = services
        .store()
        .find_process(id)
        .await?
        .ok_or_else(not_found)?;
    existing.active = false;
    existing.updated_at = services.now();
    let audit = actor.audit(services, "process.deactivate", Some(id));
    services.store().update_process(&existing, &audit).await?;
    Ok(())
}
