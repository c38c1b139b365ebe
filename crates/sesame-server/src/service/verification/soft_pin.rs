//! Soft PIN enrollment and verification, shared by the API and the web pages.
//!
//! Exists only with the `voice_agents` module. PINs are stored as argon2id hashes of the
//! PIN keyed with the pepper; history entries the same way. Verification of an unknown
//! user name, a user without a PIN, an expired PIN and a wrong PIN costs the same work
//! and gives the same answer, and every name is counted and locked alike.

use secrecy::{ExposeSecret, SecretString};
use sesame_core::identity::subject_key;
use sesame_core::identity::UserStatus;
use sesame_core::secret_hash;
use sesame_core::soft_pin::{self, InputType};
use sesame_core::verification::Kind;
use sesame_store::EnrollmentState;
use sesame_store::{AuditResult, SaveEnrollment, UserRecord};

use crate::service::attempts::{attempt, limit_from, Outcome};
use crate::service::verification::{
    Answer, Challenge, Checked, Claimant, Expects, VerificationType,
};
use crate::service::{ServiceError, Services};

pub const VERIFICATION_ID: &str = "soft_pin";
/// The counter scope of verification lockouts.
pub const SCOPE: &str = "soft_pin";
/// History is kept this deep whatever the property says, so raising it takes effect.
const HISTORY_KEEP: u32 = 30;
/// What users and the API see when enrollment is switched off (seed wording, exactly).
pub const DISABLED_MESSAGE: &str =
    "Soft PIN enrollment is not available at this time. Please contact your administrator for more details.";

/// Soft PIN exists only with the `voice_agents` module.
pub fn require_module(state: &Services) -> Result<(), ServiceError> {
    if state.module_enabled(crate::config::Module::VoiceAgents) {
        Ok(())
    } else {
        Err(ServiceError::not_found(
            "verification.not_found",
            "Soft PIN needs the voice_agents module.",
        ))
    }
}

pub async fn enrollment_enabled(state: &Services) -> Result<bool, ServiceError> {
    Ok(state
        .property("soft_pin.enrollment.enabled")
        .await?
        .to_stored()
        == "true")
}

fn peppered(state: &Services, pin: &SecretString) -> Vec<u8> {
    secret_hash::peppered(&state.keys().pepper, pin.expose_secret().as_bytes())
}

/// Enrolls or changes the user's PIN. `ServiceError::Rules` lists every broken rule.
pub async fn enroll(
    state: &Services,
    user: &UserRecord,
    pin: SecretString,
    actor: &str,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let mut broken = soft_pin::check_rules(pin.expose_secret());
    let depth = state.count_property("soft_pin.history_depth").await?;
    let well_formed = !broken.iter().any(|v| v.code == "soft_pin.length");
    let history = if well_formed {
        state
            .store()
            .secret_history(user.id, VERIFICATION_ID, depth)
            .await?
    } else {
        Vec::new()
    };
    let secret = peppered(state, &pin);
    let rules_pass = broken.is_empty();
    let (reused, hash) = state
        .hash_pool()
        .run(move || {
            let reused = history.iter().any(|old| secret_hash::verify(&secret, old));
            let hash = (rules_pass && !reused).then(|| secret_hash::hash(&secret));
            (reused, hash)
        })
        .await?;
    if reused {
        broken.push(soft_pin::history_violation(depth));
    }
    let Some(hash) = hash.filter(|_| broken.is_empty()) else {
        return Err(ServiceError::Rules(broken));
    };
    let hash = hash.map_err(ServiceError::internal)?;
    let now = state.now();
    let existing = state
        .store()
        .find_enrollment(user.id, VERIFICATION_ID)
        .await?;
    let action = if existing.is_some() {
        "soft_pin.change"
    } else {
        "soft_pin.enroll"
    };
    let expiry_days = state.int_property("soft_pin.expiry_days").await?;
    let save = SaveEnrollment {
        user_id: user.id,
        verification_id: VERIFICATION_ID.to_owned(),
        kind: Kind::SoftPin,
        secret: hash,
        expires_at: soft_pin::expires_at(now, expiry_days),
        at: now,
        history_keep: HISTORY_KEEP,
    };
    let audit = state.audit(
        actor,
        action,
        Some(user.username.as_str()),
        AuditResult::Success,
        source,
    );
    state.store().save_enrollment(&save, &audit).await?;
    crate::service::outbox::notify_user(state, user, "notice-soft-pin-changed").await?;
    Ok(())
}

/// E-mails the users whose Soft PIN enters its reminder window (`soft_pin.reminder_days`
/// before it expires), once per PIN, also on several nodes. Returns how many went out.
pub async fn send_expiry_reminders(state: &Services) -> Result<usize, ServiceError> {
    if !state.module_enabled(crate::config::Module::VoiceAgents) {
        return Ok(0);
    }
    let days = state.int_property("soft_pin.reminder_days").await?;
    let now = state.now();
    let window_end = now.plus_minutes(days * 24 * 60);
    let mut sent = 0;
    for user_id in state
        .store()
        .due_reminders(VERIFICATION_ID, window_end, now)
        .await?
    {
        let Some(user) = state.store().find_user_by_id(user_id).await? else {
            continue;
        };
        if user.status != UserStatus::Active
            || !state
                .store()
                .mark_reminded(user_id, VERIFICATION_ID, now)
                .await?
        {
            continue;
        }
        if crate::service::outbox::notify_user(state, &user, "notice-soft-pin-expiring").await? {
            sent += 1;
        }
    }
    Ok(sent)
}

pub enum Verified {
    Yes { attempts_remaining: i64 },
    No { attempts_remaining: i64 },
    Unparsable,
    Locked { until: sesame_core::Timestamp },
}

pub struct VerifyRequest<'a> {
    pub username: &'a str,
    pub input: &'a str,
    pub input_type: InputType,
    /// Overrides the user's language for spoken input.
    pub language: Option<&'a str>,
}

/// Checks what a caller typed or said against the user's PIN.
pub async fn verify(
    state: &Services,
    request: VerifyRequest<'_>,
    actor: &str,
    source: Option<&str>,
) -> Result<Verified, ServiceError> {
    let subject = subject_key(request.username);
    let store = state.store();
    let user = store
        .find_user(&subject)
        .await?
        .filter(|u| u.status == UserStatus::Active);
    let preferred = request
        .language
        .or(user.as_ref().map(|u| u.language.as_str()))
        .unwrap_or("en");
    let languages = soft_pin::languages_preferring(preferred);
    let Some(pin) = soft_pin::parse_input(request.input, request.input_type, &languages) else {
        return Ok(Verified::Unparsable);
    };
    // The same query runs for unknown users, so both paths do the same work.
    let enrollment = store
        .find_enrollment(user.as_ref().map_or(0, |u| u.id), VERIFICATION_ID)
        .await?;
    let now = state.now();
    let stored = enrollment
        .filter(|e| e.state == EnrollmentState::Active && e.expires_at.is_none_or(|at| at > now))
        .and_then(|e| e.secret);
    let secret = peppered(state, &pin);
    let check = state.hash_pool().run(move || match stored {
        Some(hash) => secret_hash::verify(&secret, &hash),
        None => secret_hash::verify_dummy(&secret),
    });
    let limit = limit_from(state, "soft_pin.max_failures", "soft_pin.lockout_minutes").await?;
    let audit = |outcome: &Outcome| {
        let (action, result) = match outcome {
            Outcome::Passed => ("soft_pin.verify", AuditResult::Success),
            Outcome::Failed { locked: true, .. } => ("soft_pin.lockout", AuditResult::Failure),
            Outcome::Failed { .. } => ("soft_pin.verify", AuditResult::Failure),
            Outcome::Locked { .. } => ("soft_pin.verify", AuditResult::Denied),
        };
        state.audit(actor, action, Some(&subject), result, source)
    };
    let verified = match attempt(state, SCOPE, &subject, &limit, check, audit).await? {
        Outcome::Passed => Verified::Yes {
            attempts_remaining: limit.max_failures,
        },
        Outcome::Failed { remaining, .. } => Verified::No {
            attempts_remaining: remaining,
        },
        Outcome::Locked { until } => Verified::Locked { until },
    };
    Ok(verified)
}

/// The Soft PIN as a verification (with the `voice_agents` module only).
pub struct SoftPinType;

#[async_trait::async_trait]
impl VerificationType for SoftPinType {
    fn expects(&self) -> Expects {
        Expects::Pin
    }

    async fn challenge(
        &self,
        state: &Services,
        _verification: &sesame_store::VerificationRecord,
        _who: &Claimant<'_>,
        _language: &str,
    ) -> Result<Challenge, ServiceError> {
        require_module(state)?;
        Ok(Challenge::Prompt)
    }

    async fn check(
        &self,
        state: &Services,
        _verification: &sesame_store::VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        _posed: &[i64],
    ) -> Result<Checked, ServiceError> {
        require_module(state)?;
        let Answer::Pin(pin) = answer else {
            return Ok(Checked::Failed);
        };
        let request = VerifyRequest {
            username: who.user.map_or(who.subject, |u| u.username.as_str()),
            input: pin.expose_secret(),
            input_type: InputType::Text,
            language: None,
        };
        Ok(
            match verify(state, request, &who.actor, who.source).await? {
                Verified::Yes { .. } => Checked::Passed,
                Verified::No { .. } | Verified::Unparsable => Checked::Failed,
                Verified::Locked { until } => Checked::Locked { until },
            },
        )
    }
}
