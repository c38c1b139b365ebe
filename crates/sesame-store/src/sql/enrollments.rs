//! Enrollments: their secrets, the history of each kind, pending ones and used steps.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::{bulk, opt_ts, parsed, ts, SqlStore};
use crate::EnrollmentState;
use crate::{
    AuditEvent, EnrollmentRepository, EnrollmentSecret, PendingEnrollment, Result, SaveEnrollment,
};

impl SqlStore {
    /// Creates or replaces one active enrollment and appends its secret to the history.
    async fn save_one_enrollment(
        conn: &mut sqlx::AnyConnection,
        enrollment: &SaveEnrollment,
    ) -> Result<()> {
        let sql = format!(
            "INSERT INTO enrollments ({}) VALUES {} \
             ON CONFLICT (user_id, verification_id) DO UPDATE SET \
               kind = excluded.kind, state = excluded.state, secret = excluded.secret, \
               expires_at = excluded.expires_at, updated_at = excluded.updated_at, \
               reminded_at = NULL",
            bulk::ENROLLMENT_COLUMNS.join(", "),
            bulk::placeholders(1, bulk::ENROLLMENT_COLUMNS.len())
        );
        let values = bulk::enrollment_values(
            enrollment.user_id,
            &enrollment.verification_id,
            enrollment.kind,
            &enrollment.secret,
            enrollment.expires_at,
            enrollment.at,
        );
        bulk::bind_values(sqlx::query(&sql), values)
            .execute(&mut *conn)
            .await?;
        let sql = format!(
            "INSERT INTO secret_history ({}) VALUES {}",
            bulk::HISTORY_COLUMNS.join(", "),
            bulk::placeholders(1, bulk::HISTORY_COLUMNS.len())
        );
        let values = bulk::history_values(
            enrollment.user_id,
            enrollment.kind,
            &enrollment.secret,
            enrollment.at,
        );
        bulk::bind_values(sqlx::query(&sql), values)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "DELETE FROM secret_history WHERE user_id = $1 AND kind = $2 AND id NOT IN \
             (SELECT id FROM secret_history WHERE user_id = $1 AND kind = $2 \
              ORDER BY id DESC LIMIT $3)",
        )
        .bind(enrollment.user_id)
        .bind(enrollment.kind.as_str())
        .bind(i64::from(enrollment.history_keep))
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl EnrollmentRepository for SqlStore {
    async fn due_reminders(
        &self,
        verification_id: &str,
        expiring_before: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT user_id FROM enrollments WHERE verification_id = $1 AND state = 'active' \
             AND reminded_at IS NULL AND expires_at IS NOT NULL \
             AND expires_at > $3 AND expires_at <= $2 ORDER BY user_id",
        )
        .bind(verification_id)
        .bind(expiring_before.as_millis())
        .bind(now.as_millis())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| Ok(row.try_get("user_id")?)).collect()
    }

    async fn mark_reminded(
        &self,
        user_id: i64,
        verification_id: &str,
        at: Timestamp,
    ) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE enrollments SET reminded_at = $3 \
             WHERE user_id = $1 AND verification_id = $2 AND reminded_at IS NULL",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(at.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn find_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
    ) -> Result<Option<EnrollmentSecret>> {
        let row = sqlx::query(
            "SELECT state, secret, updated_at, expires_at, last_used_step FROM enrollments \
             WHERE user_id = $1 AND verification_id = $2",
        )
        .bind(user_id)
        .bind(verification_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(EnrollmentSecret {
                state: parsed(&row, "state", EnrollmentState::parse)?,
                secret: row.try_get("secret")?,
                updated_at: ts(&row, "updated_at")?,
                expires_at: opt_ts(&row, "expires_at")?,
                last_used_step: row.try_get("last_used_step")?,
            })
        })
        .transpose()
    }

    async fn save_enrollment(&self, enrollment: &SaveEnrollment, audit: &AuditEvent) -> Result<()> {
        self.save_enrollments(std::slice::from_ref(enrollment), audit)
            .await
    }

    async fn save_enrollments(
        &self,
        enrollments: &[SaveEnrollment],
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        for enrollment in enrollments {
            Self::save_one_enrollment(&mut tx, enrollment).await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn secret_history(&self, user_id: i64, kind: &str, limit: u32) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT secret FROM secret_history WHERE user_id = $1 AND kind = $2 \
             ORDER BY id DESC LIMIT $3",
        )
        .bind(user_id)
        .bind(kind)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn save_pending(&self, pending: &PendingEnrollment, audit: &AuditEvent) -> Result<()> {
        let upsert = sqlx::query(
            "INSERT INTO enrollments (user_id, verification_id, kind, state, destination, secret, \
               created_at, updated_at) \
             VALUES ($1, $2, $3, 'pending', $4, $5, $6, $6) \
             ON CONFLICT (user_id, verification_id) DO UPDATE SET \
               kind = excluded.kind, state = 'pending', destination = excluded.destination, \
               secret = excluded.secret, expires_at = NULL, last_used_step = NULL, \
               updated_at = excluded.updated_at",
        )
        .bind(pending.user_id)
        .bind(pending.verification_id.as_str())
        .bind(pending.kind.as_str())
        .bind(pending.destination.clone())
        .bind(pending.secret.clone())
        .bind(pending.at.as_millis());
        self.change_with_audit(upsert, audit).await.map(|_| ())
    }

    async fn activate_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let activate = sqlx::query(
            "UPDATE enrollments SET state = 'active', updated_at = $3 \
             WHERE user_id = $1 AND verification_id = $2 AND state = 'pending'",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(at.as_millis());
        self.change_with_audit(activate, audit).await
    }

    async fn delete_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM qa_answers WHERE user_id = $1 AND verification_id = $2")
            .bind(user_id)
            .bind(verification_id)
            .execute(&mut *tx)
            .await?;
        let deleted =
            sqlx::query("DELETE FROM enrollments WHERE user_id = $1 AND verification_id = $2")
                .bind(user_id)
                .bind(verification_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if deleted {
            Self::insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(deleted)
    }
}

/// Records that a code of time step `step` was accepted, unless that step or a later one
/// already was: false means a replay. Atomic, so two nodes cannot both accept one code.
pub(super) async fn use_step_on(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    verification_id: &str,
    step: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE enrollments SET last_used_step = $3 WHERE user_id = $1 AND verification_id = $2 \
         AND (last_used_step IS NULL OR last_used_step < $3)",
    )
    .bind(user_id)
    .bind(verification_id)
    .bind(step)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}
