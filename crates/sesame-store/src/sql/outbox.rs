//! The outbox: queuing messages, claiming the oldest due one with a lease, recording what
//! became of it, and listing it for administrators.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::AnyRow;
use sqlx::Row;

use super::{opt_ts, parsed, ts, SqlStore};
use crate::OutboxState;
use crate::{NewMessage, OutboxMessage, OutboxRecord, OutboxRepository, Page, Result};
use sesame_core::Channel;

fn outbox_from_row(row: &AnyRow) -> Result<OutboxRecord> {
    Ok(OutboxRecord {
        id: row.try_get("id")?,
        channel: parsed(row, "channel", Channel::parse)?,
        destination: row.try_get("destination")?,
        purpose: row.try_get("purpose")?,
        state: parsed(row, "state", OutboxState::parse)?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: ts(row, "next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        created_at: ts(row, "created_at")?,
        sent_at: opt_ts(row, "sent_at")?,
    })
}

#[async_trait]
impl OutboxRepository for SqlStore {
    async fn queue_message(&self, message: &NewMessage, now: Timestamp) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO outbox (channel, destination, sealed, purpose, state, next_attempt_at, created_at) \
             VALUES ($1, $2, $3, $4, 'queued', $5, $5) RETURNING id",
        )
        .bind(message.channel.as_str())
        .bind(message.destination.as_str())
        .bind(message.sealed.clone())
        .bind(message.purpose.as_str())
        .bind(now.as_millis())
        .fetch_one(&self.writer)
        .await?)
    }

    async fn claim_message(
        &self,
        now: Timestamp,
        lease_seconds: i64,
    ) -> Result<Option<OutboxMessage>> {
        // Oldest due first, in the order of the `outbox_due` index: finding the next
        // message costs the same however long the queue is.
        let row = sqlx::query(&format!(
            "UPDATE outbox SET lease_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= $1 \
                         AND (lease_until IS NULL OR lease_until <= $1) \
                         ORDER BY next_attempt_at, id LIMIT 1 {}) \
               AND (lease_until IS NULL OR lease_until <= $1) \
             RETURNING id, channel, destination, sealed, attempts",
            self.backend.skip_locked()
        ))
        .bind(now.as_millis())
        .bind(now.as_millis() + lease_seconds * 1000)
        .fetch_optional(&self.writer)
        .await?;
        row.map(|row| {
            Ok(OutboxMessage {
                id: row.try_get("id")?,
                channel: parsed(&row, "channel", Channel::parse)?,
                destination: row.try_get("destination")?,
                sealed: row
                    .try_get::<Option<Vec<u8>>, _>("sealed")?
                    .unwrap_or_default(),
                attempts: row.try_get("attempts")?,
            })
        })
        .transpose()
    }

    async fn message_sent(&self, id: i64, now: Timestamp) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET state = 'sent', sealed = NULL, sent_at = $2, lease_until = NULL, \
             last_error = NULL WHERE id = $1",
        )
        .bind(id)
        .bind(now.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn message_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<()> {
        // Given up: the state says so and the content is erased.
        sqlx::query(
            "UPDATE outbox SET state = CASE WHEN $3 IS NULL THEN 'failed' ELSE state END, \
               sealed = CASE WHEN $3 IS NULL THEN NULL ELSE sealed END, \
               next_attempt_at = COALESCE($3, next_attempt_at), lease_until = NULL, last_error = $2 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(error)
        .bind(retry_at.map(Timestamp::as_millis))
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn purge_outbox(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM outbox WHERE (state = 'sent' AND sent_at < $1) \
             OR (state = 'failed' AND next_attempt_at < $1)",
        )
        .bind(before.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn list_outbox(
        &self,
        state: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<Page<OutboxRecord>> {
        let rows = sqlx::query(
            "SELECT id, channel, destination, purpose, state, attempts, next_attempt_at, last_error, \
             created_at, sent_at FROM outbox WHERE ($1 IS NULL OR state = $1) \
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(state.map(str::to_owned))
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE ($1 IS NULL OR state = $1)")
                .bind(state.map(str::to_owned))
                .fetch_one(&self.pool)
                .await?;
        Ok(Page {
            items: rows.iter().map(outbox_from_row).collect::<Result<_>>()?,
            total,
        })
    }
}
