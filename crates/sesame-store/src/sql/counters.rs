//! Attempt counters and locks, counted when an attempt begins.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use sqlx::Row;

use super::{opt_ts, SqlStore};
use crate::{
    AttemptLimit, AttemptOutcome, AuditEvent, CheckedAnswer, CounterRepository, CounterState,
    Result, SettleAttempt,
};

fn counter_from_row(row: &AnyRow) -> Result<CounterState> {
    Ok(CounterState {
        failures: row.try_get("failures")?,
        locked_until: opt_ts(row, "locked_until")?,
    })
}

#[async_trait]
impl CounterRepository for SqlStore {
    async fn counter(&self, scope: &str, subject: &str) -> Result<CounterState> {
        let row = sqlx::query(
            "SELECT failures, locked_until FROM attempt_counters WHERE scope = $1 AND subject = $2",
        )
        .bind(scope)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .as_ref()
            .map(counter_from_row)
            .transpose()?
            .unwrap_or_default())
    }

    async fn begin_attempt(
        &self,
        scope: &str,
        subject: &str,
        limit: &AttemptLimit,
        now: Timestamp,
    ) -> Result<CounterState> {
        let mut conn = self.writer.acquire().await?;
        begin_on(&mut conn, scope, subject, limit, now).await
    }

    async fn finish_attempt(
        &self,
        scope: &str,
        subject: &str,
        attempt: &CounterState,
        passed: bool,
        limit: &AttemptLimit,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        finish_on(&mut tx, scope, subject, attempt, passed, limit, now).await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn settle_attempt(&self, attempt: &SettleAttempt) -> Result<Vec<AttemptOutcome>> {
        if let Some(settler) = &self.settler {
            return settler.settle(attempt).await;
        }
        let mut tx = self.writer.begin().await?;
        let outcomes = settle_on(&mut tx, attempt).await?;
        tx.commit().await?;
        Ok(outcomes)
    }

    async fn clear_counter(&self, scope: &str, subject: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND subject = $2")
            .bind(scope)
            .bind(subject)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn locks_of(&self, subject: &str, now: Timestamp) -> Result<Vec<(String, Timestamp)>> {
        let rows = sqlx::query(
            "SELECT scope, locked_until FROM attempt_counters \
             WHERE subject = $1 AND locked_until > $2 ORDER BY scope",
        )
        .bind(subject)
        .bind(now.as_millis())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("scope")?, super::ts(row, "locked_until")?)))
            .collect()
    }

    async fn reset_subject(&self, subject: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM attempt_counters WHERE subject = $1")
            .bind(subject)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}

/// Counts an attempt (see [`CounterRepository::begin_attempt`]).
async fn begin_on(
    conn: &mut AnyConnection,
    scope: &str,
    subject: &str,
    limit: &AttemptLimit,
    now: Timestamp,
) -> Result<CounterState> {
    // One statement, so concurrent attempts (also from other nodes) each get their own
    // number, and one past the limit locks at once. SET expressions read the old row.
    let row = sqlx::query(
        "INSERT INTO attempt_counters (scope, subject, failures, locked_until, updated_at) \
         VALUES ($1, $2, 1, NULL, $3) \
         ON CONFLICT (scope, subject) DO UPDATE SET \
           failures = CASE \
             WHEN attempt_counters.locked_until IS NOT NULL \
                  AND attempt_counters.locked_until <= $3 THEN 1 \
             WHEN attempt_counters.locked_until IS NOT NULL THEN attempt_counters.failures \
             ELSE attempt_counters.failures + 1 END, \
           locked_until = CASE \
             WHEN attempt_counters.locked_until IS NOT NULL \
                  AND attempt_counters.locked_until <= $3 THEN NULL \
             WHEN attempt_counters.locked_until IS NOT NULL \
               THEN attempt_counters.locked_until \
             WHEN attempt_counters.failures + 1 > $4 THEN $5 \
             ELSE NULL END, \
           updated_at = $3 \
         RETURNING failures, locked_until",
    )
    .bind(scope)
    .bind(subject)
    .bind(now.as_millis())
    .bind(limit.max_failures)
    .bind(now.plus_minutes(limit.lockout_minutes).as_millis())
    .fetch_one(&mut *conn)
    .await?;
    counter_from_row(&row)
}

/// Ends a begun attempt (see [`CounterRepository::finish_attempt`]), without its record.
async fn finish_on(
    conn: &mut AnyConnection,
    scope: &str,
    subject: &str,
    attempt: &CounterState,
    passed: bool,
    limit: &AttemptLimit,
    now: Timestamp,
) -> Result<()> {
    if passed {
        sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND subject = $2")
            .bind(scope)
            .bind(subject)
            .execute(&mut *conn)
            .await?;
    } else if attempt.failures >= limit.max_failures {
        sqlx::query(
            "UPDATE attempt_counters SET locked_until = $3, updated_at = $4 \
             WHERE scope = $1 AND subject = $2 AND locked_until IS NULL",
        )
        .bind(scope)
        .bind(subject)
        .bind(now.plus_minutes(limit.lockout_minutes).as_millis())
        .bind(now.as_millis())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Counts, acts on and ends `attempt` on `conn`, inside a transaction the caller commits
/// (see [`CounterRepository::settle_attempt`]).
pub(super) async fn settle_on(
    conn: &mut AnyConnection,
    attempt: &SettleAttempt,
) -> Result<Vec<AttemptOutcome>> {
    let (subject, now) = (attempt.subject.as_str(), attempt.now);
    let mut begun = Vec::with_capacity(attempt.counters.len());
    for counter in &attempt.counters {
        let state = begin_on(conn, &counter.scope, subject, &counter.limit, now).await?;
        begun.push(state);
        if state.locked_at(now).is_some() {
            break;
        }
    }
    let allowed = begun.iter().all(|state| state.locked_at(now).is_none());
    let passed = allowed
        && match &attempt.answer {
            CheckedAnswer::Wrong => false,
            CheckedAnswer::TimeStep {
                user_id,
                verification_id,
                step,
            } => super::enrollments::use_step_on(conn, *user_id, verification_id, *step).await?,
        };
    let mut outcomes = Vec::with_capacity(begun.len());
    for (state, counter) in begun.iter().zip(&attempt.counters) {
        let (scope, limit) = (counter.scope.as_str(), &counter.limit);
        let outcome = AttemptOutcome::of(state, limit, now, passed);
        if !matches!(outcome, AttemptOutcome::Locked { .. }) {
            finish_on(conn, scope, subject, state, passed, limit, now).await?;
        }
        SqlStore::insert_audit(conn, counter.audits.of(&outcome)).await?;
        outcomes.push(outcome);
    }
    Ok(outcomes)
}
