//! One factor checked for a caller on the phone, in a session or in a one-shot check: what
//! the caller keyed or said is read into the answer the verification takes, then checked
//! as one counted attempt under the factor's phone lock (scope `voice.<factor>`, limits
//! `voice.max_failures` and `voice.lockout_minutes`), around the verification type's own
//! check and its own counters.

use std::sync::Mutex;

use secrecy::SecretString;
use sesame_core::soft_pin::{self, InputType};
use sesame_core::verification::{Kind, Params};
use sesame_core::voice::InputChoice;
use sesame_core::Timestamp;
use sesame_store::{AttemptAudits, AttemptCounter, AttemptLimit, AuditEvent, VerificationRecord};

use crate::service::attempts::{attempt, limit_from, Outcome};
use crate::service::verification::{self, authenticator, Answer, Checked, Claimant, Expects};
use crate::service::{ServiceError, ServiceResult, Services};

/// What the caller gave for a factor.
pub enum Input {
    /// Digits keyed (`text`) or a speech transcript (`voice`).
    Digits {
        input: SecretString,
        input_type: InputType,
        /// The language of a transcript; default: the session's, then the user's.
        language: Option<String>,
    },
    /// Answers to the questions posed, by question id.
    Answers(Vec<(i64, String)>),
}

/// The result of one counted check.
pub enum Verdict {
    Passed,
    /// Tries left before the factor locks (on the phone, for this user); `locked_until`
    /// when this failure locked it.
    Failed {
        remaining: u32,
        locked_until: Option<Timestamp>,
    },
    /// Locked before this attempt; nothing was checked.
    Locked {
        until: Timestamp,
    },
}

/// The counter scope of a factor's phone lock.
pub fn scope(factor: &str) -> String {
    format!("voice.{factor}")
}

pub async fn limit(services: &Services) -> ServiceResult<AttemptLimit> {
    limit_from(services, "voice.max_failures", "voice.lockout_minutes").await
}

/// The end of the phone lock of `factor` for `subject`, if it is locked now.
pub async fn locked_until(
    services: &Services,
    factor: &str,
    subject: &str,
) -> ServiceResult<Option<Timestamp>> {
    let counter = services.store().counter(&scope(factor), subject).await?;
    Ok(counter.locked_at(services.now()))
}

/// How many digits an answer to this verification has, for the types given as digits.
fn digits_of(verification: &VerificationRecord) -> Option<usize> {
    match (&verification.kind, &verification.params) {
        (Kind::SoftPin, _) => Some(soft_pin::LENGTH),
        (_, Params::Code(code)) => usize::try_from(code.policy().length).ok(),
        (_, Params::Authenticator(totp)) => Some(totp.digits),
        _ => None,
    }
}

/// Reads `input` into the answer `verification` takes. Input of the wrong form, spoken
/// where the service allows only keys (or the other way round), or not exactly the digits
/// expected is refused with 422 before anything is counted: a caller is asked again rather
/// than a reading guessed.
pub fn read(
    verification: &VerificationRecord,
    input: Input,
    choice: InputChoice,
    languages: &[&str],
) -> ServiceResult<Answer> {
    let expects = verification::expects(verification);
    match (input, digits_of(verification)) {
        (Input::Answers(answers), _) if expects == Expects::Answers => Ok(Answer::Answers(answers)),
        (
            Input::Digits {
                input, input_type, ..
            },
            Some(length),
        ) => {
            let allowed = match input_type {
                InputType::Text => choice.allows_text(),
                InputType::Voice => choice.allows_voice(),
            };
            if !allowed {
                return Err(ServiceError::invalid(
                    "voice.input_type_not_allowed",
                    format!(
                        "This factor is taken by {} only.",
                        match choice {
                            InputChoice::Text => "keypad",
                            _ => "voice",
                        }
                    ),
                ));
            }
            use secrecy::ExposeSecret;
            let digits =
                soft_pin::parse_digits(input.expose_secret(), input_type, languages, length)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "voice.unparsable_input",
                            format!("The input could not be read as exactly {length} digits."),
                        )
                    })?;
            Ok(match expects {
                Expects::Pin => Answer::Pin(digits),
                _ => Answer::Code(digits),
            })
        }
        _ => Err(ServiceError::invalid(
            "verification.answer_form",
            match expects {
                Expects::Answers => "This factor takes {\"answers\"}.",
                _ => "This factor takes {\"input\", \"input_type\"}.",
            },
        )),
    }
}

/// Checks `answer` as one attempt counted under the phone lock of `verification` for
/// `who.subject` (and under the type's own counters inside). `audit` records the outcome.
pub async fn check(
    services: &Services,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    answer: Answer,
    posed: &[i64],
    audit: impl Fn(&Outcome) -> AuditEvent,
) -> ServiceResult<Verdict> {
    let limit = limit(services).await?;
    let scope = scope(&verification.id);
    if let (Kind::Authenticator, Answer::Code(code)) = (&verification.kind, &answer) {
        // An app code costs nothing to check: both counts, the check and the records are
        // settled in one transaction.
        use secrecy::ExposeSecret;
        let phone = AttemptCounter {
            scope,
            limit,
            audits: AttemptAudits::from_fn(audit, services.now()),
        };
        let outcomes = authenticator::check_code_under(
            services,
            phone,
            verification,
            who,
            code.expose_secret(),
        )
        .await?;
        let type_lock = match outcomes.get(1) {
            Some(Outcome::Locked { until }) => Some(*until),
            _ => None,
        };
        let outcome = outcomes
            .first()
            .copied()
            .ok_or_else(|| ServiceError::internal("an attempt was not counted"))?;
        return verdict(services, verification, who, &limit, outcome, type_lock).await;
    }
    // A lock of the type's own (from a reset, say) fails the attempt and ends the call.
    let type_lock = Mutex::new(None);
    let checked = async {
        Ok(
            match verification::check(services, verification, who, answer, posed).await? {
                Checked::Passed => true,
                Checked::Failed => false,
                Checked::Locked { until } => {
                    *type_lock.lock().map_err(ServiceError::internal)? = Some(until);
                    false
                }
            },
        )
    };
    let outcome = attempt(services, &scope, who.subject, &limit, checked, audit).await?;
    let type_lock = *type_lock.lock().map_err(ServiceError::internal)?;
    verdict(services, verification, who, &limit, outcome, type_lock).await
}

/// The verdict on an attempt that ended as `outcome` under the phone lock, with the end of
/// a lock of the type's own that refused it, if one did.
async fn verdict(
    services: &Services,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    limit: &AttemptLimit,
    outcome: Outcome,
    type_lock: Option<Timestamp>,
) -> ServiceResult<Verdict> {
    Ok(match outcome {
        Outcome::Passed => Verdict::Passed,
        Outcome::Locked { until } => Verdict::Locked { until },
        Outcome::Failed { locked: true, .. } => {
            let until = locked_until(services, &verification.id, who.subject)
                .await?
                .unwrap_or_else(|| services.now().plus(lockout(limit)));
            Verdict::Failed {
                remaining: 0,
                locked_until: Some(until),
            }
        }
        Outcome::Failed { remaining, .. } => match type_lock {
            Some(until) => Verdict::Locked { until },
            None => Verdict::Failed {
                remaining: u32::try_from(remaining).unwrap_or(0),
                locked_until: None,
            },
        },
    })
}

fn lockout(limit: &AttemptLimit) -> std::time::Duration {
    std::time::Duration::from_secs(u64::try_from(limit.lockout_minutes).unwrap_or(0) * 60)
}

/// The result of a one-shot check.
pub enum OneShot {
    Verified {
        attempts_remaining: u32,
    },
    NotVerified {
        attempts_remaining: u32,
    },
    /// Not exactly the digits expected; nothing was counted.
    Unparsable,
    Locked {
        until: Timestamp,
    },
}

/// Checks one verification of a user without a session, for orchestrators that run their
/// own flow: a verification answered by what the caller knows or holds (a Soft PIN, an
/// app code), counted and locked like a session's factor. An unknown user, a user who is
/// not enrolled and a wrong answer cost the same and answer `NotVerified`.
#[allow(clippy::too_many_arguments)]
pub async fn verify_once(
    services: &Services,
    username: &str,
    verification_id: &str,
    input: SecretString,
    input_type: InputType,
    language: Option<&str>,
    actor: &str,
    source: Option<&str>,
) -> ServiceResult<OneShot> {
    let verification = services
        .verification(verification_id)
        .await?
        .filter(|v| v.active)
        .ok_or_else(|| {
            ServiceError::not_found(
                "verification.not_found",
                "There is no active verification with this id.",
            )
        })?;
    if !matches!(verification.kind, Kind::SoftPin | Kind::Authenticator) {
        return Err(ServiceError::invalid(
            "verify.needs_challenge",
            "This verification sends a code or poses questions; use a voice session for it.",
        ));
    }
    let subject = sesame_core::identity::subject_key(username);
    let user = services
        .store()
        .find_user(&subject)
        .await?
        .filter(|u| u.status == sesame_core::identity::UserStatus::Active);
    let preferred = language
        .or(user.as_ref().map(|u| u.language.as_str()))
        .unwrap_or("en");
    let languages = soft_pin::languages_preferring(preferred.split('-').next().unwrap_or("en"));
    let input = Input::Digits {
        input,
        input_type,
        language: None,
    };
    let answer = match read(&verification, input, InputChoice::Both, &languages) {
        Err(ServiceError::Invalid {
            code: "voice.unparsable_input",
            ..
        }) => return Ok(OneShot::Unparsable),
        other => other?,
    };
    let who = Claimant {
        user: user.as_ref(),
        subject: &subject,
        binding: String::new(),
        actor: actor.to_owned(),
        source,
        public_client: None,
    };
    let audit = |outcome: &Outcome| {
        let result = match outcome {
            Outcome::Passed => sesame_store::AuditResult::Success,
            Outcome::Failed { .. } => sesame_store::AuditResult::Failure,
            Outcome::Locked { .. } => sesame_store::AuditResult::Denied,
        };
        services
            .audit(actor, "voice.verify", Some(&subject), result, source)
            .with_detail(serde_json::json!({ "verification": verification.id }).to_string())
    };
    let limit = limit(services).await?;
    Ok(
        match check(services, &verification, &who, answer, &[], audit).await? {
            Verdict::Passed => OneShot::Verified {
                attempts_remaining: u32::try_from(limit.max_failures).unwrap_or(0),
            },
            Verdict::Failed { remaining, .. } => OneShot::NotVerified {
                attempts_remaining: remaining,
            },
            Verdict::Locked { until } => OneShot::Locked { until },
        },
    )
}
