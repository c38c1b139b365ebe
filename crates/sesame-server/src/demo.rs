//! `sesame demo`: a user with enrollments and a self-service process, so that a newcomer
//! can try a reset (and a call) at once. Run against a development database only.

use secrecy::SecretString;
use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, Language, PhoneNumber, Username,
};
use sesame_core::process::ProcessDefinition;
use sesame_core::verification::Kind;
use sesame_store::{NewUser, PendingEnrollment, ProcessRecord, StoreError, UserRecord};

use crate::service::verification::{qa, soft_pin};
use crate::service::{ServiceError, Services};

pub const USERNAME: &str = "demo";
pub const PASSWORD: &str = "violet-harbor-quantum-tulip";
pub const PIN: &str = "482913";
pub const PROCESS: &str = "self";
/// The answers to the first five questions of the bank.
pub const ANSWERS: [&str; 5] = ["Rex", "Paris", "Hill School", "Smith", "Volvo"];

/// What `seed` did.
pub enum Seeded {
    Created,
    /// The demo user was there already; nothing changed.
    AlreadyThere,
}

fn checked<T>(parsed: Result<T, sesame_core::Violation>) -> Result<T, ServiceError> {
    parsed.map_err(|v| ServiceError::internal(format!("demo data breaks a rule: {v}")))
}

/// Creates the demo user (password, e-mail, phone, employee id), enrolls them in e-mail
/// codes, security questions and (with the voice module) a Soft PIN, and creates the
/// self-service process `self` (an e-mailed code and the questions) unless it exists.
pub async fn seed(services: &Services) -> Result<Seeded, ServiceError> {
    let store = services.store();
    if store.find_user(USERNAME).await?.is_some() {
        return Ok(Seeded::AlreadyThere);
    }
    let now = services.now();
    let password = SecretString::from(PASSWORD.to_owned());
    let hash = services
        .hash_pool()
        .run(move || sesame_core::password::hash_password(&password))
        .await?
        .map_err(ServiceError::internal)?;
    let new = NewUser {
        username: checked(Username::parse(USERNAME))?,
        display_name: checked(DisplayName::parse("Dana Demo"))?,
        email: Some(checked(EmailAddress::parse("demo@example.com"))?),
        phone: Some(checked(PhoneNumber::parse("+14155550123"))?),
        employee_id: Some(checked(EmployeeId::parse("E-1001"))?),
        language: Language::english(),
        groups: Vec::new(),
        password_hash: Some(hash),
        created_at: now,
    };
    let audit = |action: &str, subject: &str| {
        services.audit(
            "cli:demo",
            action,
            Some(subject),
            sesame_store::AuditResult::Success,
            None,
        )
    };
    let user: UserRecord = store
        .create_user(&new, &audit("user.create", USERNAME))
        .await?;
    let email = PendingEnrollment {
        user_id: user.id,
        verification_id: "email".to_owned(),
        kind: Kind::EmailCode,
        destination: Some("demo@example.com".to_owned()),
        secret: None,
        at: now,
    };
    store
        .save_pending(&email, &audit("enrollment.code_verified", USERNAME))
        .await?;
    store
        .activate_enrollment(
            user.id,
            "email",
            now,
            &audit("enrollment.activate", USERNAME),
        )
        .await?;
    let answers = ANSWERS
        .iter()
        .zip(1..)
        .map(|(answer, id)| (id, (*answer).to_owned()))
        .collect();
    qa::enroll(services, &user, qa::QA, answers, "cli:demo", None).await?;
    if services.module_enabled(crate::config::Module::VoiceAgents) {
        soft_pin::enroll(
            services,
            &user,
            SecretString::from(PIN.to_owned()),
            "cli:demo",
            None,
        )
        .await?;
    }
    let definition: ProcessDefinition = serde_json::from_value(serde_json::json!({
        "identification": "username",
        "public_access": true,
        "verifications": [{"id": "email", "mandatory": true}, {"id": "qa"}],
        "min_verifications": 2,
        "allow_unlock": true,
    }))
    .map_err(ServiceError::internal)?;
    let process = ProcessRecord {
        id: PROCESS.to_owned(),
        name: "Forgot password".to_owned(),
        definition: serde_json::to_string(&definition).map_err(ServiceError::internal)?,
        active: true,
        created_at: now,
        updated_at: now,
    };
    match store
        .create_process(&process, &audit("process.create", PROCESS))
        .await
    {
        Ok(()) | Err(StoreError::Conflict(_)) => {}
        Err(other) => return Err(other.into()),
    }
    Ok(Seeded::Created)
}
