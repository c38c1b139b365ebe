//! Voice services, their definitions stored as JSON.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{conflict, parsed, ts, SqlStore};
use crate::{AuditEvent, Result, VoiceServiceRecord, VoiceServiceRepository};

fn service_from_row(row: &AnyRow) -> Result<VoiceServiceRecord> {
    Ok(VoiceServiceRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        definition: parsed(row, "definition", |json| serde_json::from_str(json).ok())?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

fn definition_json(service: &VoiceServiceRecord) -> Result<String> {
    serde_json::to_string(&service.definition)
        .map_err(|e| crate::StoreError::Corrupt(format!("voice service definition: {e}")))
}

const SERVICE_COLUMNS: &str = "id, name, definition, created_at, updated_at";

#[async_trait]
impl VoiceServiceRepository for SqlStore {
    async fn list_voice_services(&self) -> Result<Vec<VoiceServiceRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {SERVICE_COLUMNS} FROM voice_services ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(service_from_row).collect()
    }

    async fn find_voice_service(&self, id: &str) -> Result<Option<VoiceServiceRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {SERVICE_COLUMNS} FROM voice_services WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(service_from_row).transpose()
    }

    async fn create_voice_service(
        &self,
        service: &VoiceServiceRecord,
        audit: &AuditEvent,
    ) -> Result<()> {
        let definition = definition_json(service)?;
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO voice_services (id, name, definition, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(service.id.as_str())
        .bind(service.name.as_str())
        .bind(definition)
        .bind(service.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "voice service"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn replace_voice_service(
        &self,
        service: &VoiceServiceRecord,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let update = sqlx::query(
            "UPDATE voice_services SET name = $2, definition = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(service.id.as_str())
        .bind(service.name.as_str())
        .bind(definition_json(service)?)
        .bind(service.updated_at.as_millis());
        self.change_with_audit(update, audit).await
    }

    async fn delete_voice_service(&self, id: &str, audit: &AuditEvent) -> Result<bool> {
        let delete = sqlx::query("DELETE FROM voice_services WHERE id = $1").bind(id);
        self.change_with_audit(delete, audit).await
    }
}
