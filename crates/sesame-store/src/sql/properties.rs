//! Runtime properties as stored; defaults and ranges live in `sesame_core::property`.

use async_trait::async_trait;
use sqlx::Row;

use super::SqlStore;
use crate::{AuditEvent, PropertyRepository, Result};

#[async_trait]
impl PropertyRepository for SqlStore {
    async fn stored_properties(&self) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT key, value FROM properties ORDER BY key")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("value")?)))
            .collect()
    }

    async fn stored_property(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM properties WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn set_property(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO properties (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(audit.actor.as_str())
        .bind(audit.at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
