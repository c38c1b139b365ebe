//! Authenticator app (TOTP) enrollment: a fresh secret, shown once as an `otpauth://` URI
//! and QR code, active only after the user enters one valid code.
//!
//! The secret is sealed (XChaCha20-Poly1305) under a key from the key file, bound to its
//! user, before it reaches the database. Wrong codes are counted like any attempt, and a
//! code's time step is used once.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sesame_core::totp::{self, TotpParams};
use sesame_core::verification::{Kind, Params};
use sesame_store::EnrollmentState;
use sesame_store::{
    AttemptAudits, AttemptCounter, AuditResult, CheckedAnswer, PendingEnrollment, SettleAttempt,
    UserRecord, VerificationRecord,
};

use crate::service::attempts::{limit_from, Outcome};
use crate::service::verification::{
    active_of_kind, Answer, Challenge, Checked, Claimant, Expects, VerificationType,
};
use crate::service::{ServiceError, Services};

pub const VERIFICATION_ID: &str = "authenticator";
const SCOPE: &str = "authenticator";

pub fn context(user_id: i64) -> Vec<u8> {
    format!("sesame authenticator secret of user {user_id}").into_bytes()
}

pub struct Started {
    pub otpauth_uri: String,
    pub qr_svg: String,
}

/// Creates a pending enrollment in the authenticator verification `verification_id` (the
/// base one or a custom one) with a fresh secret.
pub async fn start(
    state: &Services,
    user: &UserRecord,
    verification_id: &str,
    source: Option<&str>,
) -> Result<Started, ServiceError> {
    let verification = active_of_kind(state, verification_id, Kind::Authenticator).await?;
    let secret = totp::new_secret(&mut rand::rngs::OsRng);
    let sealed = state.seal(&secret, &context(user.id));
    let started = setup_of(state, user, &verification, &secret).await?;
    let actor = format!("user:{}", user.username);
    let audit = state.audit(
        &actor,
        "authenticator.start",
        Some(user.username.as_str()),
        AuditResult::Success,
        source,
    );
    let pending = PendingEnrollment {
        user_id: user.id,
        verification_id: verification.id.clone(),
        kind: Kind::Authenticator,
        destination: None,
        secret: Some(STANDARD.encode(sealed)),
        at: state.now(),
    };
    state.store().save_pending(&pending, &audit).await?;
    Ok(started)
}

/// The URI and QR code of a secret, for the user's app. A custom authenticator carries
/// its own name as the issuer, so the app tells it apart from the base one.
async fn setup_of(
    state: &Services,
    user: &UserRecord,
    verification: &VerificationRecord,
    secret: &[u8],
) -> Result<Started, ServiceError> {
    let params = params_of(verification)?;
    let product = state.string_property("web.product_name").await?;
    let issuer = if verification.id == VERIFICATION_ID {
        product
    } else {
        format!("{product} {}", verification.name)
    };
    let otpauth_uri = params.otpauth_uri(secret, &issuer, user.username.as_str());
    let qr_svg = totp::qr_svg(&otpauth_uri)
        .ok_or_else(|| ServiceError::internal("QR code could not be made"))?;
    Ok(Started {
        otpauth_uri,
        qr_svg,
    })
}

/// The set-up of a pending enrollment again (after a wrong code, or a reload), so the
/// QR code stays on screen until the user confirms; `None` when nothing is pending.
pub async fn pending_setup(
    state: &Services,
    user: &UserRecord,
    verification_id: &str,
) -> Result<Option<Started>, ServiceError> {
    let verification = active_of_kind(state, verification_id, Kind::Authenticator).await?;
    let pending = state
        .store()
        .find_enrollment(user.id, &verification.id)
        .await?
        .filter(|e| e.state == EnrollmentState::Pending)
        .and_then(|e| e.secret);
    let Some(text) = pending else {
        return Ok(None);
    };
    let secret = STANDARD
        .decode(text)
        .ok()
        .and_then(|sealed| state.open_sealed(&sealed, &context(user.id)))
        .ok_or_else(|| ServiceError::internal("the authenticator secret cannot be opened"))?;
    Ok(Some(setup_of(state, user, &verification, &secret).await?))
}

/// The TOTP parameters of an authenticator verification.
pub fn params_of(record: &VerificationRecord) -> Result<TotpParams, ServiceError> {
    match record.params {
        Params::Authenticator(params) => Ok(params),
        _ => Err(ServiceError::internal(format!(
            "{} is not an authenticator",
            record.id
        ))),
    }
}

/// Checks `code` against the user's authenticator enrollment of `verification` in `state`
/// (`pending` while confirming, `active` when verifying), as one counted attempt. A code's
/// time step is used once. An unknown user (`None`) is counted under `subject` and fails.
#[allow(clippy::too_many_arguments)]
pub async fn check_code(
    state: &Services,
    verification: &VerificationRecord,
    user: Option<&UserRecord>,
    subject: &str,
    wanted_state: EnrollmentState,
    code: &str,
    action: &str,
    actor: &str,
    source: Option<&str>,
) -> Result<Outcome, ServiceError> {
    let answer = answer_of(state, verification, user, wanted_state, code).await?;
    let own = counter(state, subject, action, actor, source).await?;
    let outcomes = settle(state, subject, vec![own], answer).await?;
    outcomes
        .last()
        .copied()
        .ok_or_else(|| ServiceError::internal("an attempt was not counted"))
}

/// Checks an active enrollment's `code` as one attempt counted first under `outer` (a
/// factor's phone lock, say) and then under the authenticator's own counter, in one
/// transaction. The outcome under each counter that counted it, `outer` first.
pub async fn check_code_under(
    state: &Services,
    outer: AttemptCounter,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    code: &str,
) -> Result<Vec<Outcome>, ServiceError> {
    let answer = answer_of(state, verification, who.user, EnrollmentState::Active, code).await?;
    let own = counter(
        state,
        who.subject,
        "authenticator.verify",
        &who.actor,
        who.source,
    )
    .await?;
    settle(state, who.subject, vec![outer, own], answer).await
}

/// What `code` answers, checked before it is counted: an app code costs nothing to check,
/// and the store acts on the answer (uses its time step) only if the count allows it.
async fn answer_of(
    state: &Services,
    verification: &VerificationRecord,
    user: Option<&UserRecord>,
    wanted_state: EnrollmentState,
    code: &str,
) -> Result<CheckedAnswer, ServiceError> {
    let params = params_of(verification)?;
    let Some(user) = user else {
        return Ok(CheckedAnswer::Wrong);
    };
    let enrollment = state
        .store()
        .find_enrollment(user.id, &verification.id)
        .await?
        .filter(|e| e.state == wanted_state);
    let Some(enrollment) = enrollment else {
        return Ok(CheckedAnswer::Wrong);
    };
    let last = enrollment
        .last_used_step
        .and_then(|s| u64::try_from(s).ok());
    let secret = enrollment
        .secret
        .and_then(|text| STANDARD.decode(text).ok())
        .and_then(|sealed| state.open_sealed(&sealed, &context(user.id)))
        .ok_or_else(|| ServiceError::internal("the authenticator secret cannot be opened"))?;
    let now_seconds = state.now().unix_seconds();
    Ok(
        match params.accept(&secret, code.trim(), now_seconds, last) {
            Some(step) => CheckedAnswer::TimeStep {
                user_id: user.id,
                verification_id: verification.id.clone(),
                step: i64::try_from(step).map_err(ServiceError::internal)?,
            },
            None => CheckedAnswer::Wrong,
        },
    )
}

/// The authenticator's own counter of `subject`'s attempts, recorded as `action`.
async fn counter(
    state: &Services,
    subject: &str,
    action: &str,
    actor: &str,
    source: Option<&str>,
) -> Result<AttemptCounter, ServiceError> {
    let limit = limit_from(
        state,
        "authenticator.max_failures",
        "authenticator.lockout_minutes",
    )
    .await?;
    let audit = |outcome: &Outcome| {
        let (action, result) = match outcome {
            Outcome::Passed => (action, AuditResult::Success),
            Outcome::Failed { locked: true, .. } => ("authenticator.lockout", AuditResult::Failure),
            Outcome::Failed { .. } => (action, AuditResult::Failure),
            Outcome::Locked { .. } => (action, AuditResult::Denied),
        };
        state.audit(actor, action, Some(subject), result, source)
    };
    Ok(AttemptCounter {
        scope: SCOPE.to_owned(),
        limit,
        audits: AttemptAudits::from_fn(audit, state.now()),
    })
}

async fn settle(
    state: &Services,
    subject: &str,
    counters: Vec<AttemptCounter>,
    answer: CheckedAnswer,
) -> Result<Vec<Outcome>, ServiceError> {
    let attempt = SettleAttempt {
        subject: subject.to_owned(),
        counters,
        now: state.now(),
        answer,
    };
    Ok(state.store().settle_attempt(&attempt).await?)
}

/// Activates the pending enrollment when `code` is valid now.
pub async fn confirm(
    state: &Services,
    user: &UserRecord,
    verification_id: &str,
    code: &str,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let verification = active_of_kind(state, verification_id, Kind::Authenticator).await?;
    let pending = state
        .store()
        .find_enrollment(user.id, &verification.id)
        .await?
        .is_some_and(|e| e.state == EnrollmentState::Pending);
    if !pending {
        return Err(ServiceError::conflict(
            "enrollment.not_pending",
            "Start the authenticator set-up first.",
        ));
    }
    let subject = user.username.key();
    let actor = format!("user:{}", user.username);
    let outcome = check_code(
        state,
        &verification,
        Some(user),
        &subject,
        EnrollmentState::Pending,
        code,
        "authenticator.confirm",
        &actor,
        source,
    )
    .await?;
    match outcome {
        Outcome::Passed => {
            let audit = state.audit(
                &actor,
                "enrollment.activate",
                Some(user.username.as_str()),
                AuditResult::Success,
                source,
            );
            state
                .store()
                .activate_enrollment(user.id, &verification.id, state.now(), &audit)
                .await?;
            Ok(())
        }
        Outcome::Failed { remaining, .. } => Err(ServiceError::invalid(
            "authenticator.invalid_code",
            format!("The code is not right. Tries left: {remaining}."),
        )),
        Outcome::Locked { until } => Err(ServiceError::locked(
            "authenticator.locked",
            "Too many wrong codes; authenticator checks are locked for a while.",
            until,
            state.now(),
        )),
    }
}

/// An authenticator app as a verification: the person reads the current code.
pub struct AuthenticatorType;

#[async_trait::async_trait]
impl VerificationType for AuthenticatorType {
    fn expects(&self) -> Expects {
        Expects::Code
    }

    async fn challenge(
        &self,
        _state: &Services,
        _verification: &VerificationRecord,
        _who: &Claimant<'_>,
        _language: &str,
    ) -> Result<Challenge, ServiceError> {
        Ok(Challenge::Prompt)
    }

    async fn check(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        _posed: &[i64],
    ) -> Result<Checked, ServiceError> {
        use secrecy::ExposeSecret;
        let Answer::Code(code) = answer else {
            return Ok(Checked::Failed);
        };
        let outcome = check_code(
            state,
            verification,
            who.user,
            who.subject,
            EnrollmentState::Active,
            code.expose_secret(),
            "authenticator.verify",
            &who.actor,
            who.source,
        )
        .await?;
        Ok(match outcome {
            Outcome::Passed => Checked::Passed,
            Outcome::Failed { .. } => Checked::Failed,
            Outcome::Locked { until } => Checked::Locked { until },
        })
    }
}
