//! Caller verification sessions, their progress stored as JSON.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{conflict, parsed, ts, SqlStore};
use crate::{
    AuditEvent, NewVoiceSession, Result, StoreError, VoiceSessionRecord, VoiceSessionRepository,
    VoiceSessionState,
};

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

    async fn purge_voice_sessions(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM voice_sessions WHERE created_at < $1")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}
