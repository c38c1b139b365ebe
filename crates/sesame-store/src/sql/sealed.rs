//! Sealed values (outbox content, enrollment secrets), read and re-sealed for a key rotation.

use async_trait::async_trait;
use sqlx::Row;

use super::SqlStore;
use crate::{Result, SealedRepository};

#[async_trait]
impl SealedRepository for SqlStore {
    async fn sealed_messages(&self) -> Result<Vec<(i64, Vec<u8>)>> {
        let rows =
            sqlx::query("SELECT id, sealed FROM outbox WHERE sealed IS NOT NULL ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("sealed")?)))
            .collect()
    }

    async fn reseal_message(&self, id: i64, old: &[u8], new: &[u8]) -> Result<bool> {
        let done = sqlx::query("UPDATE outbox SET sealed = $3 WHERE id = $1 AND sealed = $2")
            .bind(id)
            .bind(old.to_vec())
            .bind(new.to_vec())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn enrollment_secrets(&self, kind: &str) -> Result<Vec<(i64, String, String)>> {
        let rows = sqlx::query(
            "SELECT user_id, verification_id, secret FROM enrollments \
             WHERE kind = $1 AND secret IS NOT NULL ORDER BY user_id, verification_id",
        )
        .bind(kind)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("user_id")?,
                    row.try_get("verification_id")?,
                    row.try_get("secret")?,
                ))
            })
            .collect()
    }

    async fn reseal_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        old: &str,
        new: &str,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE enrollments SET secret = $4 WHERE user_id = $1 AND verification_id = $2 AND secret = $3",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(old)
        .bind(new)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}
