//! Verifications: the base system's seven and custom ones, with their parameters.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{conflict, parsed, ts, SqlStore};
use crate::{AuditEvent, Result, VerificationRecord, VerificationRepository};
use sesame_core::verification::{Kind, Params};

fn verification_from_row(row: &AnyRow) -> Result<VerificationRecord> {
    let kind = parsed(row, "kind", Kind::parse)?;
    Ok(VerificationRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind,
        params: parsed(row, "params", |json| Params::read(kind, json).ok())?,
        active: row.try_get::<i64, _>("active")? != 0,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

const VERIFICATION_COLUMNS: &str = "id, name, kind, params, active, created_at, updated_at";

#[async_trait]
impl VerificationRepository for SqlStore {
    async fn list_verifications(&self) -> Result<Vec<VerificationRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERIFICATION_COLUMNS} FROM verifications ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(verification_from_row).collect()
    }

    async fn find_verification(&self, id: &str) -> Result<Option<VerificationRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(verification_from_row).transpose()
    }

    async fn create_verification(
        &self,
        verification: &VerificationRecord,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO verifications (id, name, kind, params, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(verification.id.as_str())
        .bind(verification.name.as_str())
        .bind(verification.kind.as_str())
        .bind(verification.params.to_json().to_string())
        .bind(i64::from(verification.active))
        .bind(verification.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "verification"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_verification(
        &self,
        id: &str,
        params: Option<&Params>,
        active: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<Option<VerificationRecord>> {
        let update = sqlx::query(
            "UPDATE verifications SET params = COALESCE($2, params), \
             active = COALESCE($3, active), updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(params.map(|p| p.to_json().to_string()))
        .bind(active.map(i64::from))
        .bind(audit.at.as_millis());
        if !self.change_with_audit(update, audit).await? {
            return Ok(None);
        }
        self.find_verification(id).await
    }
}
