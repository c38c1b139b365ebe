//! Attempt counters and locks, counted when an attempt begins.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{opt_ts, SqlStore};
use crate::{AttemptLimit, AuditEvent, CounterRepository, CounterState, Result};

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
        .fetch_one(&self.writer)
        .await?;
        counter_from_row(&row)
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
        if passed {
            sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND subject = $2")
                .bind(scope)
                .bind(subject)
                .execute(&mut *tx)
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
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
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
