//! API keys and sessions, found by the digest of their token.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::users::{user_from_row, USER_COLUMNS};
use super::{conflict, opt_ts, parsed, ts, Columns, SqlStore};
use crate::{
    ApiKeyRecord, AuditEvent, NewApiKey, NewSession, Result, SessionRecord, TokenRepository,
    UserRecord,
};
use sesame_core::token::Role;

fn api_key_from_row(row: &impl Columns) -> Result<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: row.int("id")?,
        name: row.text("name")?,
        role: parsed(row, "role", |t| Role::parse_key_role(t).ok())?,
        created_by: row.text("created_by")?,
        created_at: ts(row, "created_at")?,
        revoked_at: opt_ts(row, "revoked_at")?,
    })
}

const API_KEY_COLUMNS: &str = "id, name, role, created_by, created_at, revoked_at";

#[async_trait]
impl TokenRepository for SqlStore {
    async fn create_api_key(&self, key: &NewApiKey, audit: &AuditEvent) -> Result<ApiKeyRecord> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO api_keys (name, role, digest, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {API_KEY_COLUMNS}"
        ))
        .bind(key.name.as_str())
        .bind(key.role.as_str())
        .bind(key.digest.clone())
        .bind(key.created_by.as_str())
        .bind(key.created_at.as_millis())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict(e, "api key"))?;
        let record = api_key_from_row(&row)?;
        let audit = AuditEvent {
            subject: Some(format!("api_key:{}", record.id)),
            ..audit.clone()
        };
        Self::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn find_api_key(&self, digest: &[u8]) -> Result<Option<ApiKeyRecord>> {
        let sql = format!(
            "SELECT {API_KEY_COLUMNS} FROM api_keys WHERE digest = $1 AND revoked_at IS NULL"
        );
        if let Some(reader) = &self.point_reads {
            return Ok(reader
                .rows(&sql, [digest], |row| api_key_from_row(row))?
                .pop());
        }
        let row = sqlx::query(&sql)
            .bind(digest.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(api_key_from_row).transpose()
    }

    async fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {API_KEY_COLUMNS} FROM api_keys ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(api_key_from_row).collect()
    }

    async fn revoke_api_key(&self, id: i64, audit: &AuditEvent) -> Result<bool> {
        let revoke =
            sqlx::query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(audit.at.as_millis());
        self.change_with_audit(revoke, audit).await
    }

    async fn create_session(&self, session: &NewSession) -> Result<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO sessions (user_id, digest, source, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(session.user_id)
        .bind(session.digest.clone())
        .bind(session.source.clone())
        .bind(session.created_at.as_millis())
        .fetch_one(&self.writer)
        .await
        .map_err(|e| conflict(e, "session"))?;
        Ok(id)
    }

    async fn find_session_user(
        &self,
        digest: &[u8],
    ) -> Result<Option<(SessionRecord, UserRecord)>> {
        let row = sqlx::query(&format!(
            "SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, {USER_COLUMNS}, \
             (SELECT {} FROM user_groups g WHERE g.user_id = u.id) AS groups \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.digest = $1 AND s.revoked_at IS NULL",
            self.backend.group_concat()
        ))
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let user = user_from_row(&row)?;
            let session = SessionRecord {
                id: row.try_get("session_id")?,
                user_id: user.id,
                created_at: ts(&row, "session_created_at")?,
                last_seen_at: ts(&row, "last_seen_at")?,
            };
            Ok((session, user))
        })
        .transpose()
    }

    async fn touch_session(&self, id: i64, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
            .bind(id)
            .bind(now.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn revoke_session(&self, id: i64, now: Timestamp) -> Result<bool> {
        let done =
            sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now.as_millis())
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        keep: Option<i64>,
        now: Timestamp,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $2 \
             WHERE user_id = $1 AND revoked_at IS NULL AND ($3 IS NULL OR id <> $3)",
        )
        .bind(user_id)
        .bind(now.as_millis())
        .bind(keep)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }
}
