//! Daily totals: what reports keep of purged records, and the lock purges take.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::Row;

use super::SqlStore;
use crate::{DailyTotal, ReportRepository, Result, DAY_MILLIS};

/// Adds to a day's total, or starts it.
pub(super) const ADD_TO_TOTAL: &str =
    "ON CONFLICT (day, metric, item) DO UPDATE SET total = report_totals.total + excluded.total";

/// The day (since 1970-01-01 UTC) a time falls on.
pub(super) fn day_of(at: i64) -> i64 {
    at.div_euclid(DAY_MILLIS)
}

/// The days that begin in `[since, until)`, as `[first, end)`.
pub(super) fn days_beginning_in(since: Timestamp, until: Timestamp) -> (i64, i64) {
    let first = day_of(since.as_millis() + DAY_MILLIS - 1);
    let end = day_of(until.as_millis() + DAY_MILLIS - 1);
    (first, end)
}

impl SqlStore {
    /// Takes the purge lock for the rest of the transaction: the `code_quotas` row
    /// `purge`, whose row lock serialises purges on PostgreSQL across nodes (SQLite has one
    /// writer), so two purges never count the same records into the totals.
    pub(super) async fn lock_purges(conn: &mut sqlx::AnyConnection) -> Result<()> {
        sqlx::query(
            "INSERT INTO code_quotas (quota_key, touched_at) VALUES ('purge', 0) \
             ON CONFLICT (quota_key) DO UPDATE SET touched_at = code_quotas.touched_at + 1",
        )
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Adds `(day, metric, item, count)` to the daily totals.
    pub(super) async fn add_totals(
        conn: &mut sqlx::AnyConnection,
        totals: impl IntoIterator<Item = (i64, String, String, i64)>,
    ) -> Result<()> {
        let add = format!(
            "INSERT INTO report_totals (day, metric, item, total) VALUES ($1, $2, $3, $4) \
             {ADD_TO_TOTAL}"
        );
        for (day, metric, item, total) in totals {
            sqlx::query(&add)
                .bind(day)
                .bind(metric)
                .bind(item)
                .bind(total)
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

#[async_trait]
impl ReportRepository for SqlStore {
    async fn daily_totals(
        &self,
        since: Timestamp,
        until: Timestamp,
        prefix: &str,
    ) -> Result<Vec<DailyTotal>> {
        let (first, end) = days_beginning_in(since, until);
        let rows = sqlx::query(
            "SELECT day, metric, item, total FROM report_totals \
             WHERE day >= $1 AND day < $2 AND metric LIKE $3 ESCAPE '\\' \
             ORDER BY day, metric, item",
        )
        .bind(first)
        .bind(end)
        .bind(format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DailyTotal {
                    day: row.try_get("day")?,
                    metric: row.try_get("metric")?,
                    item: row.try_get("item")?,
                    total: row.try_get("total")?,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_holds_the_days_that_begin_in_it() {
        let at = |ms: i64| Timestamp::from_millis(ms);
        let day = DAY_MILLIS;
        assert_eq!(days_beginning_in(at(0), at(day)), (0, 1));
        assert_eq!(days_beginning_in(at(0), at(day + 1)), (0, 2));
        assert_eq!(days_beginning_in(at(1), at(day)), (1, 1));
        assert_eq!(days_beginning_in(at(10 * day), at(12 * day)), (10, 12));
        assert_eq!(day_of(3 * day - 1), 2);
    }
}
