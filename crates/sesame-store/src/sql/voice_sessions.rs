//! Caller verification sessions, their progress stored as JSON.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use std::collections::BTreeMap;

use super::reports::day_of;
use super::{conflict, parsed, ts, SqlStore};
use crate::{
    AuditEvent, NewVoiceSession, Result, StoreError, Tally, VoiceSessionRecord,
    VoiceSessionRepository, VoiceSessionState,
};

/// Sessions counted and deleted in one transaction of a purge.
const PURGE_BATCH: usize = 1000;

const SESSION_COLUMNS: &str = "id, service_id, caller_id, language, user_id, state, progress, \
                               version, created_at, updated_at, expires_at";

fn session_from_row(row: &AnyRow) -> Result<VoiceSessionRecord> {
    Ok(VoiceSessionRecord {
        id: row.try_get("id")?,
        service_id: row.try_get("service_id")?,
        caller_id: row.try_get("caller_id")?,
        language: row.try_get("language")?,
        user_id: row.try_get("user_id")?,
        state: parsed(row, "state", VoiceSessionState::parse)?,
        progress: parsed(row, "progress", |json| serde_json::from_str(json).ok())?,
        version: row.try_get("version")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
        expires_at: ts(row, "expires_at")?,
    })
}

#[async_trait]
impl VoiceSessionRepository for SqlStore {
    async fn create_voice_session(
        &self,
        session: &NewVoiceSession,
        audit: &AuditEvent,
    ) -> Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO voice_sessions (digest, service_id, caller_id, language, state, \
               progress, version, created_at, updated_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, '{}', 1, $6, $6, $7) RETURNING id",
        )
        .bind(session.digest.clone())
        .bind(session.service_id.as_str())
        .bind(session.caller_id.clone())
        .bind(session.language.clone())
        .bind(VoiceSessionState::Open.as_str())
        .bind(session.created_at.as_millis())
        .bind(session.expires_at.as_millis())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict(e, "voice session"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn find_voice_session(&self, digest: &[u8]) -> Result<Option<VoiceSessionRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM voice_sessions WHERE digest = $1"
        ))
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(session_from_row).transpose()
    }

    async fn update_voice_session(
        &self,
        session: &VoiceSessionRecord,
        audit: Option<&AuditEvent>,
    ) -> Result<bool> {
        let progress = serde_json::to_string(&session.progress)
            .map_err(|e| StoreError::Corrupt(format!("voice session progress: {e}")))?;
        let mut tx = self.writer.begin().await?;
        let changed = sqlx::query(
            "UPDATE voice_sessions SET user_id = $3, state = $4, progress = $5, \
               version = version + 1, updated_at = $6 \
             WHERE id = $1 AND version = $2",
        )
        .bind(session.id)
        .bind(session.version)
        .bind(session.user_id)
        .bind(session.state.as_str())
        .bind(progress)
        .bind(session.updated_at.as_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Ok(false);
        }
        if let Some(audit) = audit {
            Self::insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn voice_sessions_between(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<VoiceSessionRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {SESSION_COLUMNS} FROM voice_sessions \
             WHERE created_at >= $1 AND created_at < $2 ORDER BY id"
        ))
        .bind(since.as_millis())
        .bind(until.as_millis())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(session_from_row).collect()
    }

    async fn purge_voice_sessions(
        &self,
        before: Timestamp,
        tally: &(dyn for<'r> Fn(&'r VoiceSessionRecord) -> Tally + Send + Sync),
    ) -> Result<u64> {
        // In batches, each counted and deleted in one transaction.
        let mut purged = 0;
        loop {
            let mut tx = self.writer.begin().await?;
            Self::lock_purges(&mut tx).await?;
            let rows = sqlx::query(&format!(
                "SELECT {SESSION_COLUMNS} FROM voice_sessions WHERE expires_at < $1 \
                 ORDER BY id LIMIT {PURGE_BATCH}"
            ))
            .bind(before.as_millis())
            .fetch_all(&mut *tx)
            .await?;
            let sessions = rows
                .iter()
                .map(session_from_row)
                .collect::<Result<Vec<_>>>()?;
            let Some(last) = sessions.last().map(|s| s.id) else {
                return Ok(purged);
            };
            let mut totals = BTreeMap::new();
            for session in &sessions {
                let day = day_of(session.created_at.as_millis());
                for (metric, item, count) in tally(session) {
                    *totals.entry((day, metric, item)).or_insert(0) += count;
                }
            }
            Self::add_totals(
                &mut tx,
                totals
                    .into_iter()
                    .map(|((day, metric, item), total)| (day, metric, item, total)),
            )
            .await?;
            purged += sqlx::query("DELETE FROM voice_sessions WHERE expires_at < $1 AND id <= $2")
                .bind(before.as_millis())
                .bind(last)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
        }
    }
}
