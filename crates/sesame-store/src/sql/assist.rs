//! Codes service desk agents have Sesame make for callers: issued under one lock so the
//! limits hold across nodes, checked with the count taken before the comparison.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{opt_ts, ts, SqlStore};
use crate::ASSIST_USER_SCOPE as USER_SCOPE;
use crate::{
    AssistChecked, AssistCodeRecord, AssistIssued, AssistRepository, AuditEvent, CheckAssistCode,
    IssueAssistCode, Result,
};

const MINUTE_MILLIS: i64 = 60_000;
/// The scope of a conversation's retries in `attempt_counters`.
const CONVERSATION_SCOPE: &str = "assist.conversation";

/// Takes (or creates) a counter row and holds its lock until commit; ($1 scope, $2
/// subject, $3 now).
const TAKE_COUNTER: &str =
    "INSERT INTO attempt_counters (scope, subject, failures, locked_until, updated_at) \
     VALUES ($1, $2, 0, NULL, $3) \
     ON CONFLICT (scope, subject) DO UPDATE SET updated_at = excluded.updated_at \
     RETURNING failures, locked_until";

/// What the limits of issuing look at ($1 user, $2 conversation, $3 agent, $4 a minute ago).
const LIMITS: &str = "SELECT \
     (SELECT MAX(created_at) FROM assist_codes WHERE user_id = $1 AND conversation = $2) AS last, \
     (SELECT COUNT(*) FROM assist_codes WHERE agent = $3 AND created_at > $4) AS by_agent, \
     (SELECT MIN(created_at) FROM assist_codes WHERE agent = $3 AND created_at > $4) AS agent_oldest, \
     (SELECT COUNT(*) FROM assist_codes WHERE created_at > $4) AS total, \
     (SELECT MIN(created_at) FROM assist_codes WHERE created_at > $4) AS total_oldest";

/// The conversation key the retries are counted under.
fn conversation_subject(user_id: i64, conversation: &str) -> String {
    format!("{user_id}/{conversation}")
}

fn code_from_row(row: &AnyRow) -> Result<AssistCodeRecord> {
    Ok(AssistCodeRecord {
        code_id: row.try_get("code_id")?,
        user_id: row.try_get("user_id")?,
        agent: row.try_get("agent")?,
        conversation: row.try_get("conversation")?,
        created_at: ts(row, "created_at")?,
        expires_at: ts(row, "expires_at")?,
        used_at: opt_ts(row, "used_at")?,
    })
}

/// Why a code may not be issued now, from `LIMITS`; `None` when nothing forbids it.
fn refusal(code: &IssueAssistCode, limits: &AnyRow) -> Result<Option<AssistIssued>> {
    let now = code.created_at.as_millis();
    if let Some(retry_at) = super::codes::cooldown_until(limits, now, code.cooldown_seconds)? {
        return Ok(Some(AssistIssued::TooSoon { retry_at }));
    }
    let window_end = |column: &str| -> Result<Timestamp> {
        let oldest: Option<i64> = limits.try_get(column)?;
        Ok(Timestamp::from_millis(
            oldest.unwrap_or(now) + MINUTE_MILLIS,
        ))
    };
    let by_agent: i64 = limits.try_get("by_agent")?;
    if by_agent >= i64::from(code.agent_per_minute) {
        return Ok(Some(AssistIssued::AgentLimited {
            retry_at: window_end("agent_oldest")?,
        }));
    }
    let total: i64 = limits.try_get("total")?;
    if total >= i64::from(code.total_per_minute) {
        return Ok(Some(AssistIssued::TotalLimited {
            retry_at: window_end("total_oldest")?,
        }));
    }
    Ok(None)
}

#[async_trait]
impl AssistRepository for SqlStore {
    async fn issue_assist_code(
        &self,
        code: &IssueAssistCode,
        audit: &AuditEvent,
    ) -> Result<AssistIssued> {
        let now = code.created_at.as_millis();
        let mut tx = self.writer.begin().await?;
        // One lock for every assist issue on every node, so the counts below stay true
        // until this code is in.
        sqlx::query(
            "INSERT INTO code_quotas (quota_key, touched_at) VALUES ('assist', $1) \
             ON CONFLICT (quota_key) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let lock: Option<i64> = sqlx::query_scalar(
            "SELECT locked_until FROM attempt_counters WHERE scope = $1 AND subject = $2",
        )
        .bind(USER_SCOPE)
        .bind(code.user_key.as_str())
        .fetch_optional(&mut *tx)
        .await?
        .flatten();
        if let Some(until) = lock.filter(|until| *until > now) {
            return Ok(AssistIssued::UserLocked {
                until: Timestamp::from_millis(until),
            });
        }
        let limits = sqlx::query(LIMITS)
            .bind(code.user_id)
            .bind(code.conversation.as_str())
            .bind(code.agent.as_str())
            .bind(now - MINUTE_MILLIS)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(refused) = refusal(code, &limits)? {
            return Ok(refused);
        }
        sqlx::query(
            "UPDATE assist_codes SET used_at = $3 \
             WHERE user_id = $1 AND conversation = $2 AND used_at IS NULL",
        )
        .bind(code.user_id)
        .bind(code.conversation.as_str())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO assist_codes (code_id, user_id, agent, conversation, digest, \
               created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(code.code_id.as_str())
        .bind(code.user_id)
        .bind(code.agent.as_str())
        .bind(code.conversation.as_str())
        .bind(code.digest.clone())
        .bind(now)
        .bind(code.expires_at.as_millis())
        .execute(&mut *tx)
        .await?;
        if let Some(message) = &code.message {
            sqlx::query(
                "INSERT INTO outbox (channel, destination, sealed, purpose, state, \
                   next_attempt_at, created_at) VALUES ($1, $2, $3, $4, 'queued', $5, $5)",
            )
            .bind(message.channel.as_str())
            .bind(message.destination.as_str())
            .bind(message.sealed.clone())
            .bind(message.purpose.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(AssistIssued::Accepted)
    }

    async fn find_assist_code(&self, code_id: &str) -> Result<Option<AssistCodeRecord>> {
        let row = sqlx::query(
            "SELECT code_id, user_id, agent, conversation, created_at, expires_at, used_at \
             FROM assist_codes WHERE code_id = $1",
        )
        .bind(code_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(code_from_row).transpose()
    }

    async fn purge_assist_codes(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM assist_codes WHERE expires_at < $1")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }

    async fn check_assist_code(
        &self,
        check: &CheckAssistCode,
        audit: &(dyn Fn(AssistChecked) -> AuditEvent + Send + Sync),
    ) -> Result<Option<AssistChecked>> {
        let now = check.now.as_millis();
        let mut tx = self.writer.begin().await?;
        let Some(row) = sqlx::query(
            "SELECT user_id, conversation, digest, expires_at, used_at FROM assist_codes \
             WHERE code_id = $1",
        )
        .bind(check.code_id.as_str())
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(None);
        };
        let conversation = conversation_subject(
            row.try_get("user_id")?,
            &row.try_get::<String, _>("conversation")?,
        );
        // The conversation's row, then the user's, always in this order: parallel checks
        // wait for each other here, on every node, so no count is read stale.
        let conversation_count = sqlx::query(TAKE_COUNTER)
            .bind(CONVERSATION_SCOPE)
            .bind(conversation.as_str())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let user_count = sqlx::query(TAKE_COUNTER)
            .bind(USER_SCOPE)
            .bind(check.user_key.as_str())
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let user_lock = opt_ts(&user_count, "locked_until")?;
        // A lock that has run out starts a fresh count.
        let user_failures: i64 = match user_lock {
            Some(until) if until.as_millis() <= now => 0,
            _ => user_count.try_get("failures")?,
        };
        let user_lock = user_lock.filter(|until| until.as_millis() > now);
        let spent: i64 = conversation_count.try_get("failures")?;
        let retries = i64::from(check.retries);
        let checked = if let Some(until) = user_lock {
            AssistChecked::UserLocked { until }
        } else if spent >= retries {
            AssistChecked::Exhausted
        } else {
            let stored: Vec<u8> = row.try_get("digest")?;
            let usable =
                opt_ts(&row, "used_at")?.is_none() && ts(&row, "expires_at")?.as_millis() > now;
            let right = usable && sesame_core::token::constant_time_eq(&stored, &check.digest);
            let used = right
                && sqlx::query(
                    "UPDATE assist_codes SET used_at = $2 WHERE code_id = $1 AND used_at IS NULL",
                )
                .bind(check.code_id.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                    == 1;
            if used {
                sqlx::query(
                    "DELETE FROM attempt_counters WHERE (scope = $1 AND subject = $2) \
                     OR (scope = $3 AND subject = $4)",
                )
                .bind(CONVERSATION_SCOPE)
                .bind(conversation.as_str())
                .bind(USER_SCOPE)
                .bind(check.user_key.as_str())
                .execute(&mut *tx)
                .await?;
                AssistChecked::Valid
            } else {
                let user_locked = user_failures + 1 >= i64::from(check.max_user_failures);
                sqlx::query(
                    "UPDATE attempt_counters SET failures = failures + 1 \
                     WHERE scope = $1 AND subject = $2",
                )
                .bind(CONVERSATION_SCOPE)
                .bind(conversation.as_str())
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE attempt_counters SET failures = $3, locked_until = $4 \
                     WHERE scope = $1 AND subject = $2",
                )
                .bind(USER_SCOPE)
                .bind(check.user_key.as_str())
                .bind(user_failures + 1)
                .bind(
                    user_locked.then(|| check.now.plus_minutes(check.lockout_minutes).as_millis()),
                )
                .execute(&mut *tx)
                .await?;
                AssistChecked::Invalid {
                    retries_remaining: u32::try_from(retries - spent - 1).unwrap_or(0),
                    user_locked,
                }
            }
        };
        Self::insert_audit(&mut tx, &audit(checked)).await?;
        tx.commit().await?;
        Ok(Some(checked))
    }
}
