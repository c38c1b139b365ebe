//! One-time codes: issuing them with their message and audit record, and checking them.
//!
//! On PostgreSQL a code is issued here, in one transaction that first locks its quota rows
//! (the quota key's and the client's, in the order of their names).
//! On SQLite `issue_code` hands it to the group-commit writer the store owns
//! (`group_commit`), which uses the binds, the daily window and the reading of a
//! refusal defined here, so both ways keep the same rules.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::audit::bind_audit;
use super::{ts, SqlStore};
use crate::{AuditEvent, CodeCheck, CodeRepository, IssueCode, Issued, Result};

/// The window of the daily cap.
pub(crate) const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// Binds a code's record, message (parameters 10 to 13, null for a decoy), audit event and
/// client key (21, null off the public routes) as parameters 1 to 21, in the order the
/// insert statements of both backends number them.
pub(crate) fn bind_record<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    code: &'q IssueCode,
    audit: &'q AuditEvent,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let message = code.message.as_ref();
    let query = query
        .bind(code.user_id)
        .bind(code.verification_id.as_str())
        .bind(code.binding.as_str())
        .bind(code.quota_key.as_str())
        .bind(code.destination.as_str())
        .bind(code.digest.clone())
        .bind(code.created_at.as_millis())
        .bind(code.expires_at.as_millis())
        .bind(i64::from(code.max_attempts))
        .bind(message.map(|m| m.channel.as_str()))
        .bind(message.map(|m| m.destination.as_str()))
        .bind(message.map(|m| m.sealed.clone()))
        .bind(message.map(|m| m.purpose.as_str()));
    bind_audit(query, audit).bind(code.client.as_ref().map(|c| c.key.as_str()))
}

/// When the cooldown after the last code (column `last`) ends, if it has not at `now`; a
/// last code stamped after `now` (asked for at the same moment, stored first) counts as
/// issued at `now`, so a zero cooldown never refuses.
pub(crate) fn cooldown_until(limits: &AnyRow, now: i64, seconds: u32) -> Result<Option<Timestamp>> {
    let last: Option<i64> = limits.try_get("last")?;
    Ok(last
        .map(|last| last.min(now) + i64::from(seconds) * 1000)
        .filter(|&allowed_at| allowed_at > now)
        .map(Timestamp::from_millis))
}

/// Why a code may not be issued now, from the binding's last code, the quota key's codes
/// of the last day (`last`, `issued`, `oldest`) and the client's (`client_issued`,
/// `client_oldest`); `None` when nothing forbids it. Past either daily count, the code may
/// come when both allow it again.
pub(crate) fn refusal(code: &IssueCode, limits: &AnyRow) -> Result<Option<Issued>> {
    let now = code.created_at.as_millis();
    if let Some(retry_at) = cooldown_until(limits, now, code.cooldown_seconds)? {
        return Ok(Some(Issued::TooSoon { retry_at }));
    }
    let mut counts = vec![(code.daily_limit, "issued", "oldest")];
    if let Some(client) = &code.client {
        counts.push((client.daily_limit, "client_issued", "client_oldest"));
    }
    let mut retry_at = None;
    for (limit, issued, oldest) in counts {
        let issued: i64 = limits.try_get(issued)?;
        if issued >= i64::from(limit) {
            let oldest: Option<i64> = limits.try_get(oldest)?;
            retry_at = retry_at.max(Some(oldest.unwrap_or(now) + DAY_MILLIS));
        }
    }
    Ok(retry_at.map(|at| Issued::DailyLimit {
        retry_at: Timestamp::from_millis(at),
    }))
}

/// The `code_quotas` rows an issue locks, in the one order every issue takes them.
fn quota_rows(code: &IssueCode) -> Vec<String> {
    let mut rows = vec![code.quota_key.clone()];
    if let Some(client) = &code.client {
        rows.push(format!("client:{}", client.key));
    }
    rows.sort();
    rows
}

const QUOTA_LOCK: &str = "INSERT INTO code_quotas (quota_key, touched_at) VALUES ($1, $2) \
     ON CONFLICT (quota_key) DO UPDATE SET touched_at = excluded.touched_at";

/// The binding's newest code and the codes of the last day of the quota key and of the
/// client ($1 quota key, $2 binding, $3 start of the day, $4 client key or null).
const LIMITS: &str = "SELECT (SELECT MAX(created_at) FROM codes WHERE binding = $2) AS last, \
     (SELECT COUNT(*) FROM codes WHERE quota_key = $1 AND created_at > $3) AS issued, \
     (SELECT MIN(created_at) FROM codes WHERE quota_key = $1 AND created_at > $3) AS oldest, \
     (SELECT COUNT(*) FROM codes WHERE client_key = $4 AND created_at > $3) AS client_issued, \
     (SELECT MIN(created_at) FROM codes WHERE client_key = $4 AND created_at > $3) \
       AS client_oldest";

/// The code, its message (none for a decoy) and the audit record in one statement, with
/// data-modifying CTEs (PostgreSQL takes one command per query).
const RECORD_CODE: &str = "WITH code AS (INSERT INTO codes (user_id, verification_id, binding, \
       quota_key, destination, digest, created_at, expires_at, max_attempts, client_key) \
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $21) RETURNING id), \
     message AS (INSERT INTO outbox (channel, destination, sealed, purpose, state, next_attempt_at, \
       created_at) SELECT $10, $11, $12, $13, 'queued', $7, $7 WHERE $10 IS NOT NULL \
       RETURNING id) \
     INSERT INTO audit_log (at, actor, subject, action, result, source, detail) \
     VALUES ($14, $15, $16, $17, $18, $19, $20)";

#[async_trait]
impl CodeRepository for SqlStore {
    async fn issue_code(&self, code: &IssueCode, audit: &AuditEvent) -> Result<Issued> {
        if let Some(codes) = &self.codes {
            return codes.issue(code, audit).await;
        }
        let now = code.created_at.as_millis();
        let mut tx = self.writer.begin().await?;
        // First lock the quota rows until commit, so issuing for one key or one client is
        // serialised on every node; then read the cooldown and the 24-hour counts.
        for row in quota_rows(code) {
            sqlx::query(QUOTA_LOCK)
                .bind(row)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        }
        let limits = sqlx::query(LIMITS)
            .bind(code.quota_key.as_str())
            .bind(code.binding.as_str())
            .bind(now - DAY_MILLIS)
            .bind(code.client.as_ref().map(|c| c.key.as_str()))
            .fetch_one(&mut *tx)
            .await?;
        if let Some(refused) = refusal(code, &limits)? {
            return Ok(refused);
        }
        let records = bind_record(sqlx::query(RECORD_CODE), code, audit);
        records.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Issued::Accepted)
    }

    async fn purge_codes(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM codes WHERE expires_at < $1")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        // The quota rows of code keys and clients (their names hold a colon, unlike the
        // named locks `ready`, `purge` and `assist`) that no issue has touched since
        // `before`: they only anchor locks, the next issue makes them again, and there is
        // one per client address and identity.
        sqlx::query("DELETE FROM code_quotas WHERE touched_at < $1 AND quota_key LIKE '%:%'")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }

    async fn check_code(&self, binding: &str, digest: &[u8], now: Timestamp) -> Result<CodeCheck> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "SELECT id, digest, expires_at, destination, used_at FROM codes \
             WHERE binding = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(binding)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(CodeCheck::NoCode);
        };
        let id: i64 = row.try_get("id")?;
        // Only the newest code of a binding counts: a new code replaces the older ones.
        if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
            return Ok(CodeCheck::NoCode);
        }
        if ts(&row, "expires_at")? <= now {
            return Ok(CodeCheck::Expired);
        }
        let counted = sqlx::query(
            "UPDATE codes SET attempts = attempts + 1 \
             WHERE id = $1 AND used_at IS NULL AND attempts < max_attempts \
             RETURNING attempts, max_attempts",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(counted) = counted else {
            tx.commit().await?;
            return Ok(CodeCheck::TooManyAttempts);
        };
        let stored: Vec<u8> = row.try_get("digest")?;
        let outcome = if sesame_core::token::constant_time_eq(&stored, digest) {
            sqlx::query("UPDATE codes SET used_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now.as_millis())
                .execute(&mut *tx)
                .await?;
            CodeCheck::Passed {
                destination: row.try_get("destination")?,
            }
        } else {
            let attempts: i64 = counted.try_get("attempts")?;
            let max: i64 = counted.try_get("max_attempts")?;
            CodeCheck::Wrong {
                remaining: max - attempts,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }
}
