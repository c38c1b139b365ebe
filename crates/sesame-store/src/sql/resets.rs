//! Reset requests, their steps, completing them with the new password, and their summary.

use std::collections::BTreeMap;

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::reports::ADD_TO_TOTAL;
use super::{opt_ts, parsed, ts, SqlStore};
use crate::{
    metric, AuditEvent, CompleteReset, NewReset, ReportRepository, ResetDay, ResetRecord,
    ResetRepository, ResetStep, ResetSummary, Result, StepFinished, DAY_MILLIS,
};
use crate::{ResetState, StepResult};

impl SqlStore {
    async fn store_password(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        hash: &str,
        history_keep: u32,
        at: Timestamp,
    ) -> Result<()> {
        // The password being replaced joins the history first, if it is not there yet
        // (a password an administrator set never passed through here).
        sqlx::query(
            "INSERT INTO secret_history (user_id, kind, secret, created_at) \
             SELECT id, 'password', password_hash, $2 FROM users u \
             WHERE id = $1 AND password_hash IS NOT NULL AND NOT EXISTS \
               (SELECT 1 FROM secret_history h WHERE h.user_id = u.id \
                AND h.kind = 'password' AND h.secret = u.password_hash)",
        )
        .bind(user_id)
        .bind(at.as_millis())
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
            .bind(at.as_millis())
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO secret_history (user_id, kind, secret, created_at) \
             VALUES ($1, 'password', $2, $3)",
        )
        .bind(user_id)
        .bind(hash)
        .bind(at.as_millis())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "DELETE FROM secret_history WHERE user_id = $1 AND kind = 'password' AND id NOT IN \
             (SELECT id FROM secret_history WHERE user_id = $1 AND kind = 'password' \
              ORDER BY id DESC LIMIT $2)",
        )
        .bind(user_id)
        .bind(i64::from(history_keep))
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl ResetRepository for SqlStore {
    async fn create_reset(&self, reset: &NewReset, audit: &AuditEvent) -> Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reset_requests \
               (digest, process_id, user_id, subject, agent, state, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(reset.digest.clone())
        .bind(reset.process_id.as_str())
        .bind(reset.user_id)
        .bind(reset.subject.as_str())
        .bind(reset.agent.clone())
        .bind(reset.created_at.as_millis())
        .bind(reset.expires_at.as_millis())
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn find_reset(&self, digest: &[u8]) -> Result<Option<ResetRecord>> {
        let Some(row) = sqlx::query(
            "SELECT id, process_id, user_id, subject, agent, state, wrong_answers, created_at, \
               expires_at FROM reset_requests WHERE digest = $1",
        )
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let steps = sqlx::query(
            "SELECT verification_id, posed, posed_at, result FROM reset_steps \
             WHERE reset_id = $1 \
             ORDER BY verification_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|step| {
            Ok(ResetStep {
                verification_id: step.try_get("verification_id")?,
                posed: step.try_get("posed")?,
                posed_at: opt_ts(step, "posed_at")?,
                result: parsed(step, "result", StepResult::parse)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(ResetRecord {
            id,
            process_id: row.try_get("process_id")?,
            user_id: row.try_get("user_id")?,
            subject: row.try_get("subject")?,
            agent: row.try_get("agent")?,
            state: parsed(&row, "state", ResetState::parse)?,
            wrong_answers: u32::try_from(row.try_get::<i64, _>("wrong_answers")?).unwrap_or(0),
            created_at: ts(&row, "created_at")?,
            expires_at: ts(&row, "expires_at")?,
            steps,
        }))
    }

    async fn pose_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        posed: Option<&str>,
        at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO reset_steps (reset_id, verification_id, posed, posed_at, result) \
             VALUES ($1, $2, $3, $4, 'posed') \
             ON CONFLICT (reset_id, verification_id) DO UPDATE SET \
               posed = excluded.posed, posed_at = excluded.posed_at, result = 'posed'",
        )
        .bind(reset_id)
        .bind(verification_id)
        .bind(posed.map(str::to_owned))
        .bind(at.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn finish_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        passed: bool,
        max_wrong_answers: u32,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<StepFinished> {
        let mut tx = self.writer.begin().await?;
        // One statement, so that parallel wrong answers each count and the last allowed
        // one fails the request on every node.
        let row = if passed {
            sqlx::query(
                "SELECT wrong_answers, state FROM reset_requests WHERE id = $1 AND state = 'open'",
            )
            .bind(reset_id)
            .fetch_optional(&mut *tx)
            .await?
        } else {
            sqlx::query(
                "UPDATE reset_requests SET wrong_answers = wrong_answers + 1, \
                   state = CASE WHEN wrong_answers + 1 >= $3 THEN 'failed' ELSE state END, \
                   finished_at = CASE WHEN wrong_answers + 1 >= $3 THEN $2 ELSE finished_at END \
                 WHERE id = $1 AND state = 'open' RETURNING wrong_answers, state",
            )
            .bind(reset_id)
            .bind(at.as_millis())
            .bind(i64::from(max_wrong_answers))
            .fetch_optional(&mut *tx)
            .await?
        };
        let finished = match &row {
            Some(row) => StepFinished {
                counted: true,
                wrong_answers: u32::try_from(row.try_get::<i64, _>("wrong_answers")?).unwrap_or(0),
                request_failed: parsed(row, "state", ResetState::parse)? == ResetState::Failed,
            },
            None => StepFinished {
                counted: false,
                wrong_answers: 0,
                request_failed: false,
            },
        };
        if finished.counted {
            sqlx::query(
                "INSERT INTO reset_steps (reset_id, verification_id, result) VALUES ($1, $2, $3) \
                 ON CONFLICT (reset_id, verification_id) DO UPDATE SET result = excluded.result",
            )
            .bind(reset_id)
            .bind(verification_id)
            .bind(if passed { "passed" } else { "failed" })
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(finished)
    }

    async fn complete_reset(&self, complete: &CompleteReset, audit: &AuditEvent) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "UPDATE reset_requests SET state = 'done', finished_at = $2 \
             WHERE id = $1 AND state = 'open'",
        )
        .bind(complete.reset_id)
        .bind(complete.at.as_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !claimed {
            return Ok(false);
        }
        if let Some((hash, keep)) = &complete.password {
            Self::store_password(&mut tx, complete.user_id, hash, *keep, complete.at).await?;
        }
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(complete.user_id)
        .bind(complete.at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        history_keep: u32,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        Self::store_password(&mut tx, user_id, hash, history_keep, at).await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_summary(&self, since: Timestamp, until: Timestamp) -> Result<ResetSummary> {
        let (since, until) = (since.as_millis(), until.as_millis());
        let count = |sql: &'static str| {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(since)
                .bind(until)
                .fetch_one(&self.pool)
        };
        let started =
            count("SELECT COUNT(*) FROM reset_requests WHERE created_at >= $1 AND created_at < $2")
                .await?;
        let succeeded = count(
            "SELECT COUNT(*) FROM reset_requests \
             WHERE state = 'done' AND created_at >= $1 AND created_at < $2",
        )
        .await?;
        let failed = count(
            "SELECT COUNT(*) FROM reset_requests \
             WHERE state = 'failed' AND created_at >= $1 AND created_at < $2",
        )
        .await?;
        let users_blocked = count(
            "SELECT COUNT(DISTINCT subject) FROM audit_log \
             WHERE action = 'reset.blocked' AND at >= $1 AND at < $2",
        )
        .await?;
        let failed_verifications = sqlx::query(
            "SELECT s.verification_id, COUNT(*) AS n FROM reset_steps s \
             JOIN reset_requests r ON r.id = s.reset_id \
             WHERE s.result = 'failed' AND r.created_at >= $1 AND r.created_at < $2 \
             GROUP BY s.verification_id ORDER BY s.verification_id",
        )
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("verification_id")?, row.try_get("n")?)))
        .collect::<Result<Vec<_>>>()?;
        let enrollments_by_type = sqlx::query(
            "SELECT kind, COUNT(*) AS n FROM enrollments WHERE state = 'active' \
             GROUP BY kind ORDER BY kind",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("kind")?, row.try_get("n")?)))
        .collect::<Result<Vec<_>>>()?;
        let enrollments_by_verification = sqlx::query(
            "SELECT verification_id, COUNT(*) AS n FROM enrollments WHERE state = 'active' \
             GROUP BY verification_id ORDER BY verification_id",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("verification_id")?, row.try_get("n")?)))
        .collect::<Result<Vec<_>>>()?;
        let mut summary = ResetSummary {
            started,
            succeeded,
            failed,
            failed_verifications,
            users_blocked,
            enrollments_by_type,
            enrollments_by_verification,
        };
        let purged = self
            .daily_totals(
                Timestamp::from_millis(since),
                Timestamp::from_millis(until),
                "reset.",
            )
            .await?;
        for total in purged {
            match total.metric.as_str() {
                metric::RESET_STARTED => summary.started += total.total,
                metric::RESET_SUCCEEDED => summary.succeeded += total.total,
                metric::RESET_FAILED => summary.failed += total.total,
                metric::RESET_USERS_BLOCKED => summary.users_blocked += total.total,
                metric::RESET_FAILED_VERIFICATION => {
                    let failures = &mut summary.failed_verifications;
                    match failures.iter_mut().find(|(id, _)| *id == total.item) {
                        Some((_, count)) => *count += total.total,
                        None => failures.push((total.item, total.total)),
                    }
                }
                _ => {}
            }
        }
        summary.failed_verifications.sort();
        Ok(summary)
    }

    async fn purge_resets(&self, before: Timestamp) -> Result<u64> {
        let mut tx = self.writer.begin().await?;
        Self::lock_purges(&mut tx).await?;
        let day = format!("created_at / {DAY_MILLIS}");
        for (name, condition) in [
            (metric::RESET_STARTED, "TRUE"),
            (metric::RESET_SUCCEEDED, "state = 'done'"),
            (metric::RESET_FAILED, "state = 'failed'"),
        ] {
            sqlx::query(&format!(
                "INSERT INTO report_totals (day, metric, item, total) \
                 SELECT {day}, '{name}', '', COUNT(*) FROM reset_requests \
                 WHERE expires_at < $1 AND {condition} GROUP BY {day} {ADD_TO_TOTAL}"
            ))
            .bind(before.as_millis())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(&format!(
            "INSERT INTO report_totals (day, metric, item, total) \
             SELECT r.{day}, '{}', s.verification_id, COUNT(*) \
             FROM reset_steps s JOIN reset_requests r ON r.id = s.reset_id \
             WHERE r.expires_at < $1 AND s.result = 'failed' \
             GROUP BY r.{day}, s.verification_id {ADD_TO_TOTAL}",
            metric::RESET_FAILED_VERIFICATION
        ))
        .bind(before.as_millis())
        .execute(&mut *tx)
        .await?;
        // The steps go with their request.
        let purged = sqlx::query("DELETE FROM reset_requests WHERE expires_at < $1")
            .bind(before.as_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(purged)
    }

    async fn reset_days(&self, since: Timestamp, until: Timestamp) -> Result<Vec<ResetDay>> {
        let mut days: BTreeMap<i64, ResetDay> = BTreeMap::new();
        fn on(days: &mut BTreeMap<i64, ResetDay>, number: i64) -> &mut ResetDay {
            days.entry(number)
                .or_insert_with(|| ResetDay::empty(Timestamp::from_millis(number * DAY_MILLIS)))
        }
        let (from, to) = (since.as_millis(), until.as_millis());
        let rows = sqlx::query(
            "SELECT created_at / 86400000 AS day, state, COUNT(*) AS n FROM reset_requests \
             WHERE created_at >= $1 AND created_at < $2 \
             GROUP BY day, state",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let count: i64 = row.try_get("n")?;
            let entry = on(&mut days, row.try_get("day")?);
            match parsed(row, "state", ResetState::parse)? {
                ResetState::Done => entry.succeeded += count,
                ResetState::Failed => entry.failed += count,
                ResetState::Open => entry.unfinished += count,
            }
        }
        let blocked = sqlx::query(
            "SELECT at / 86400000 AS day, COUNT(DISTINCT subject) AS n FROM audit_log \
             WHERE action = 'reset.blocked' AND at >= $1 AND at < $2 GROUP BY day",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.pool)
        .await?;
        for row in &blocked {
            on(&mut days, row.try_get("day")?).blocked += row.try_get::<i64, _>("n")?;
        }
        // Purged days, from their totals: what was started and did not end is unfinished.
        for total in self.daily_totals(since, until, "reset.").await? {
            let entry = on(&mut days, total.day);
            match total.metric.as_str() {
                metric::RESET_STARTED => entry.unfinished += total.total,
                metric::RESET_SUCCEEDED => {
                    entry.succeeded += total.total;
                    entry.unfinished -= total.total;
                }
                metric::RESET_FAILED => {
                    entry.failed += total.total;
                    entry.unfinished -= total.total;
                }
                metric::RESET_USERS_BLOCKED => entry.blocked += total.total,
                _ => {}
            }
        }
        Ok(days.into_values().collect())
    }
}
