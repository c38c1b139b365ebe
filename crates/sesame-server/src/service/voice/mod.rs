//! Voice services: saved, read and checked against the factor rules of the moment.
//!
//! A service is checked when it is saved (every broken rule refused, one code per field at
//! fault) and again whenever it is read: a change of `voice.authenticate.mfa_mandatory` or
//! `voice.step_up.enabled`, or a verification switched off, never silently breaks a saved
//! service; it is shown with its problems instead.

pub mod call;
pub mod factor;
pub mod phone;

use sesame_core::voice::{self, FactorPolicy, ServiceDefinition};
use sesame_core::Violation;
use sesame_store::{AuditResult, VoiceServiceRecord};

use crate::service::{ServiceError, ServiceResult, Services};

/// A saved service and what it breaks under today's rules.
pub struct Service {
    pub record: VoiceServiceRecord,
    pub problems: Vec<Violation>,
}

/// The factor rules' properties now.
pub async fn policy(services: &Services) -> ServiceResult<FactorPolicy> {
    Ok(FactorPolicy {
        mfa_mandatory: services
            .bool_property("voice.authenticate.mfa_mandatory")
            .await?,
        step_up_enabled: services.bool_property("voice.step_up.enabled").await?,
    })
}

/// Every rule `definition` breaks now.
pub async fn problems(
    services: &Services,
    definition: &ServiceDefinition,
) -> ServiceResult<Vec<Violation>> {
    let verifications = services.store().list_verifications().await?;
    let kind_of = |id: &str| {
        verifications
            .iter()
            .find(|v| v.id == id && v.active)
            .map(|v| v.kind)
    };
    Ok(voice::check(definition, kind_of, policy(services).await?))
}

fn not_found() -> ServiceError {
    ServiceError::not_found(
        "voice_service.not_found",
        "There is no voice service with this id.",
    )
}

pub async fn list(services: &Services) -> ServiceResult<Vec<Service>> {
    let mut all = Vec::new();
    for record in services.store().list_voice_services().await? {
        let problems = problems(services, &record.definition).await?;
        all.push(Service { record, problems });
    }
    Ok(all)
}

pub async fn get(services: &Services, id: &str) -> ServiceResult<Service> {
    let record = services
        .store()
        .find_voice_service(id)
        .await?
        .ok_or_else(not_found)?;
    let problems = problems(services, &record.definition).await?;
    Ok(Service { record, problems })
}

/// Every rule a service to save breaks: its id and name, and the factor rules.
async fn checked(
    services: &Services,
    id: &str,
    name: &str,
    definition: &ServiceDefinition,
) -> ServiceResult<()> {
    let mut broken = Vec::new();
    let id_ok = !id.is_empty()
        && id.len() <= 40
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !id_ok {
        broken.push(Violation::new(
            "voice_service.id_invalid",
            "The id has 1 to 40 lower-case letters, digits, - and _.",
        ));
    }
    if name.trim().is_empty() || name.chars().count() > 100 {
        broken.push(Violation::new(
            "voice_service.name_invalid",
            "The name has 1 to 100 characters.",
        ));
    }
    broken.extend(problems(services, definition).await?);
    if broken.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Rules(broken))
    }
}

pub async fn create(
    services: &Services,
    id: &str,
    name: &str,
    definition: ServiceDefinition,
    actor: &str,
    source: Option<&str>,
) -> ServiceResult<Service> {
    checked(services, id, name, &definition).await?;
    let now = services.now();
    let record = VoiceServiceRecord {
        id: id.to_owned(),
        name: name.trim().to_owned(),
        definition,
        created_at: now,
        updated_at: now,
    };
    let audit = services.audit(
        actor,
        "voice_service.create",
        Some(id),
        AuditResult::Success,
        source,
    );
    services
        .store()
        .create_voice_service(&record, &audit)
        .await
        .map_err(|e| match e {
            sesame_store::StoreError::Conflict(_) => ServiceError::conflict(
                "voice_service.exists",
                "A voice service with this id already exists.",
            ),
            other => other.into(),
        })?;
    Ok(Service {
        record,
        problems: Vec::new(),
    })
}

pub async fn replace(
    services: &Services,
    id: &str,
    name: &str,
    definition: ServiceDefinition,
    actor: &str,
    source: Option<&str>,
) -> ServiceResult<Service> {
    let existing = services
        .store()
        .find_voice_service(id)
        .await?
        .ok_or_else(not_found)?;
    checked(services, id, name, &definition).await?;
    let record = VoiceServiceRecord {
        name: name.trim().to_owned(),
        definition,
        updated_at: services.now(),
        ..existing
    };
    let audit = services.audit(
        actor,
        "voice_service.update",
        Some(id),
        AuditResult::Success,
        source,
    );
    if !services
        .store()
        .replace_voice_service(&record, &audit)
        .await?
    {
        return Err(not_found());
    }
    Ok(Service {
        record,
        problems: Vec::new(),
    })
}

pub async fn delete(
    services: &Services,
    id: &str,
    actor: &str,
    source: Option<&str>,
) -> ServiceResult<()> {
    let audit = services.audit(
        actor,
        "voice_service.delete",
        Some(id),
        AuditResult::Success,
        source,
    );
    if services.store().delete_voice_service(id, &audit).await? {
        Ok(())
    } else {
        Err(not_found())
    }
}

/// The factors of the voice services, split by whether a user can use them on the phone.
pub struct PhoneFactors {
    /// Factors the user has an active enrollment in.
    pub usable: Vec<sesame_store::VerificationRecord>,
    /// Factors a service asks for that the user has not set up.
    pub missing: Vec<sesame_store::VerificationRecord>,
}

/// Which factors of the saved voice services `user` can use when calling.
pub async fn phone_factors(
    services: &Services,
    user: &sesame_store::UserRecord,
) -> ServiceResult<PhoneFactors> {
    let mut used: Vec<String> = Vec::new();
    for record in services.store().list_voice_services().await? {
        let definition = record.definition;
        for factor in [
            Some(definition.first),
            definition.second,
            definition.step_up,
        ]
        .into_iter()
        .flatten()
        {
            if !used.contains(&factor) {
                used.push(factor);
            }
        }
    }
    let now = services.now();
    let enrolled: Vec<String> = services
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .filter(|e| {
            e.state == sesame_store::EnrollmentState::Active
                && e.expires_at.is_none_or(|at| at > now)
        })
        .map(|e| e.verification_id)
        .collect();
    let (mut usable, mut missing) = (Vec::new(), Vec::new());
    for verification in services.store().list_verifications().await? {
        if !verification.active || !used.contains(&verification.id) {
            continue;
        }
        if enrolled.contains(&verification.id) {
            usable.push(verification);
        } else {
            missing.push(verification);
        }
    }
    Ok(PhoneFactors { usable, missing })
}
