//! Attempt-limited checks: sign-in, Soft PIN, and every other secret a caller guesses.
//!
//! The attempt is counted in the database before the secret is checked (see
//! `CounterRepository`), so parallel guesses cannot get past the limit; a right answer
//! resets the count, and the wrong answer that reaches the limit locks the subject. The
//! outcome and its audit record are written in one transaction.

use std::future::Future;

use sesame_store::{AttemptLimit, AuditEvent};

use crate::service::{ServiceError, Services};

/// The counter scope of sign-in failures: the lock an account unlock lifts.
pub const SIGNIN_SCOPE: &str = "signin";

/// How an attempt ended under one counter.
pub use sesame_store::AttemptOutcome as Outcome;

/// The limit made of two integer properties.
pub async fn limit_from(
    state: &Services,
    max_key: &str,
    minutes_key: &str,
) -> Result<AttemptLimit, ServiceError> {
    Ok(AttemptLimit {
        max_failures: state.int_property(max_key).await?,
        lockout_minutes: state.int_property(minutes_key).await?,
    })
}

/// Runs `check` as one counted attempt for `subject` in `scope`, and records the audit
/// event `audit` makes of the outcome.
pub async fn attempt<F>(
    state: &Services,
    scope: &str,
    subject: &str,
    limit: &AttemptLimit,
    check: F,
    audit: impl Fn(&Outcome) -> AuditEvent,
) -> Result<Outcome, ServiceError>
where
    F: Future<Output = Result<bool, ServiceError>>,
{
    let store = state.store();
    let now = state.now();
    let begun = store.begin_attempt(scope, subject, limit, now).await?;
    if let Some(until) = begun.locked_at(now) {
        let outcome = Outcome::Locked { until };
        store.append_audit(&audit(&outcome)).await?;
        return Ok(outcome);
    }
    let passed = check.await?;
    // The lock this failure may set is decided by the store; predict it for the audit.
    let outcome = Outcome::of(&begun, limit, now, passed);
    store
        .finish_attempt(scope, subject, &begun, passed, limit, now, &audit(&outcome))
        .await?;
    Ok(outcome)
}
