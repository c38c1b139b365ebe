//! Password reset processes (their definitions as stored).

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{conflict, ts, SqlStore};
use crate::{AuditEvent, ProcessRecord, ProcessRepository, Result};

fn process_from_row(row: &AnyRow) -> Result<ProcessRecord> {
    Ok(ProcessRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        definition: row.try_get("definition")?,
        active: row.try_get::<i64, _>("active")? != 0,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

const PROCESS_COLUMNS: &str = "id, name, definition, active, created_at, updated_at";

#[async_trait]
impl ProcessRepository for SqlStore {
    async fn list_processes(&self) -> Result<Vec<ProcessRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {PROCESS_COLUMNS} FROM processes ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(process_from_row).collect()
    }

    async fn find_process(&self, id: &str) -> Result<Option<ProcessRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {PROCESS_COLUMNS} FROM processes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(process_from_row).transpose()
    }

    async fn create_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO processes (id, name, definition, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(process.id.as_str())
        .bind(process.name.as_str())
        .bind(process.definition.as_str())
        .bind(i64::from(process.active))
        .bind(process.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "process"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<bool> {
        let update = sqlx::query(
            "UPDATE processes SET name = $2, definition = $3, active = $4, updated_at = $5 \
             WHERE id = $1",
        )
        .bind(process.id.as_str())
        .bind(process.name.as_str())
        .bind(process.definition.as_str())
        .bind(i64::from(process.active))
        .bind(process.updated_at.as_millis());
        self.change_with_audit(update, audit).await
    }
}
