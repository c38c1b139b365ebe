//! The audit log: writing a record (also inside other repositories' transactions), listing and purging.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::reports::ADD_TO_TOTAL;
use super::{parsed, ts, SqlStore};
use crate::{metric, AuditResult, DAY_MILLIS};
use crate::{AuditEvent, AuditFilter, AuditRecord, AuditRepository, Page, Result};

/// Binds an audit event's seven columns, in the order `audit_log`'s inserts name them.
pub(super) fn bind_audit<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    event: &'q AuditEvent,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    query
        .bind(event.at.as_millis())
        .bind(event.actor.as_str())
        .bind(event.subject.clone())
        .bind(event.action.as_str())
        .bind(event.result.as_str())
        .bind(event.source.clone())
        .bind(event.detail.clone())
}

impl SqlStore {
    pub(super) async fn insert_audit(
        conn: &mut sqlx::AnyConnection,
        event: &AuditEvent,
    ) -> Result<()> {
        let insert = sqlx::query(
            "INSERT INTO audit_log (at, actor, subject, action, result, source, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        bind_audit(insert, event).execute(conn).await?;
        Ok(())
    }
}

#[async_trait]
impl AuditRepository for SqlStore {
    async fn append_audit(&self, event: &AuditEvent) -> Result<()> {
        let mut conn = self.writer.acquire().await?;
        Self::insert_audit(&mut conn, event).await
    }

    async fn list_audit(&self, filter: &AuditFilter) -> Result<Page<AuditRecord>> {
        let (action_exact, action_prefix) = match &filter.action {
            Some(action) if action.ends_with('.') => (None, Some(format!("{action}%"))),
            Some(action) => (Some(action.clone()), None),
            None => (None, None),
        };
        let condition = "($1 IS NULL OR actor = $1) AND ($2 IS NULL OR subject = $2) \
             AND ($3 IS NULL OR action = $3) AND ($4 IS NULL OR action LIKE $4) \
             AND ($5 IS NULL OR result = $5) AND ($6 IS NULL OR at >= $6) \
             AND ($7 IS NULL OR at < $7)";
        fn bind_filter<'q>(
            sql: &'q str,
            filter: &AuditFilter,
            action_exact: &Option<String>,
            action_prefix: &Option<String>,
        ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
            sqlx::query(sql)
                .bind(filter.actor.clone())
                .bind(filter.subject.clone())
                .bind(action_exact.clone())
                .bind(action_prefix.clone())
                .bind(filter.result.clone())
                .bind(filter.since.map(Timestamp::as_millis))
                .bind(filter.until.map(Timestamp::as_millis))
        }
        let select = format!(
            "SELECT id, at, actor, subject, action, result, source, detail FROM audit_log \
             WHERE {condition} ORDER BY id DESC LIMIT $8 OFFSET $9"
        );
        let count = format!("SELECT COUNT(*) AS total FROM audit_log WHERE {condition}");
        let rows = bind_filter(&select, filter, &action_exact, &action_prefix)
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = bind_filter(&count, filter, &action_exact, &action_prefix)
            .fetch_one(&self.pool)
            .await?
            .try_get("total")?;
        let items = rows
            .iter()
            .map(|row| {
                Ok(AuditRecord {
                    id: row.try_get("id")?,
                    at: ts(row, "at")?,
                    actor: row.try_get("actor")?,
                    subject: row.try_get("subject")?,
                    action: row.try_get("action")?,
                    result: parsed(row, "result", AuditResult::parse)?,
                    source: row.try_get("source")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    async fn count_subjects(&self, action: &str, since: Timestamp) -> Result<i64> {
        Ok(sqlx::query(
            "SELECT COUNT(DISTINCT subject) AS subjects FROM audit_log \
             WHERE action = $1 AND at >= $2",
        )
        .bind(action)
        .bind(since.as_millis())
        .fetch_one(&self.pool)
        .await?
        .try_get("subjects")?)
    }

    async fn purge_audit(&self, before: Timestamp) -> Result<u64> {
        let mut tx = self.writer.begin().await?;
        Self::lock_purges(&mut tx).await?;
        let day = format!("at / {DAY_MILLIS}");
        sqlx::query(&format!(
            "INSERT INTO report_totals (day, metric, item, total) \
             SELECT {day}, '{}', '', COUNT(DISTINCT subject) FROM audit_log \
             WHERE at < $1 AND action = 'reset.blocked' GROUP BY {day} {ADD_TO_TOTAL}",
            metric::RESET_USERS_BLOCKED
        ))
        .bind(before.as_millis())
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(before.as_millis())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }
}
