//! The rows a new user and their enrollments are written as, and loading many users at
//! once.
//!
//! `create_users` and `save_enrollments` write these rows one statement at a time, which
//! is right for a request and too slow for a population of millions (seeding a database to
//! measure how Sesame scales). [`SqlStore::load_users`] writes the same rows, encoded by the
//! same functions: on PostgreSQL with `COPY`, on SQLite with inserts of many rows each, in
//! one transaction either way.

use sesame_core::verification::Kind;
use sesame_core::Timestamp;
use sqlx::any::AnyArguments;
use sqlx::{Any, Connection};

use super::{Backend, SqlStore};
use crate::{AuditEvent, NewUser, Result};

/// One value of a row as the store writes it.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

impl Value {
    fn text(text: &str) -> Self {
        Self::Text(Some(text.to_owned()))
    }
}

/// Binds `values` in order (`$n`, `$n+1`, ...).
pub(super) fn bind_values<'q>(
    mut query: sqlx::query::Query<'q, Any, AnyArguments<'q>>,
    values: Vec<Value>,
) -> sqlx::query::Query<'q, Any, AnyArguments<'q>> {
    for value in values {
        query = match value {
            Value::Text(text) => query.bind(text),
            Value::Int(int) => query.bind(int),
        };
    }
    query
}

/// `($first, $first+1, ...)` for `count` parameters.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    format!("({})", list.join(", "))
}

/// The columns of a new user's row, in the order of [`user_values`].
pub(super) const USER_COLUMNS: [&str; 11] = [
    "username",
    "username_key",
    "display_name",
    "email",
    "email_key",
    "phone",
    "language",
    "password_hash",
    "created_at",
    "updated_at",
    "employee_id",
];

pub(super) fn user_values(user: &NewUser) -> Vec<Value> {
    let at = user.created_at.as_millis();
    vec![
        Value::text(user.username.as_str()),
        Value::Text(Some(user.username.key())),
        Value::text(user.display_name.as_str()),
        Value::Text(user.email.as_ref().map(|e| e.as_str().to_owned())),
        Value::Text(user.email.as_ref().map(|e| e.key())),
        Value::Text(user.phone.as_ref().map(|p| p.as_str().to_owned())),
        Value::text(user.language.as_str()),
        Value::Text(user.password_hash.clone()),
        Value::Int(Some(at)),
        Value::Int(Some(at)),
        Value::Text(user.employee_id.as_ref().map(|e| e.as_str().to_owned())),
    ]
}

/// The columns of an active enrollment's row, in the order of [`enrollment_values`].
pub(super) const ENROLLMENT_COLUMNS: [&str; 8] = [
    "user_id",
    "verification_id",
    "kind",
    "state",
    "secret",
    "expires_at",
    "created_at",
    "updated_at",
];

pub(super) fn enrollment_values(
    user_id: i64,
    verification_id: &str,
    kind: Kind,
    secret: &str,
    expires_at: Option<Timestamp>,
    at: Timestamp,
) -> Vec<Value> {
    vec![
        Value::Int(Some(user_id)),
        Value::text(verification_id),
        Value::text(kind.as_str()),
        Value::text(crate::EnrollmentState::Active.as_str()),
        Value::text(secret),
        Value::Int(expires_at.map(Timestamp::as_millis)),
        Value::Int(Some(at.as_millis())),
        Value::Int(Some(at.as_millis())),
    ]
}

/// The columns of a row of `secret_history`, in the order of [`history_values`].
pub(super) const HISTORY_COLUMNS: [&str; 4] = ["user_id", "kind", "secret", "created_at"];

pub(super) fn history_values(user_id: i64, kind: Kind, secret: &str, at: Timestamp) -> Vec<Value> {
    vec![
        Value::Int(Some(user_id)),
        Value::text(kind.as_str()),
        Value::text(secret),
        Value::Int(Some(at.as_millis())),
    ]
}

/// An active enrollment of a user being loaded, as `save_enrollments` would write it.
#[derive(Debug, Clone)]
pub struct LoadedEnrollment {
    pub verification_id: String,
    pub kind: Kind,
    /// A PHC hash, or a sealed secret (which is sealed for the user's id, hence
    /// [`SqlStore::load_users`] asking for it once the id is known).
    pub secret: String,
    pub expires_at: Option<Timestamp>,
}

/// The rows of one batch, by table.
#[derive(Default)]
struct Rows {
    users: Vec<Vec<Value>>,
    groups: Vec<Vec<Value>>,
    enrollments: Vec<Vec<Value>>,
    history: Vec<Vec<Value>>,
}

/// The rows of one table.
struct Table {
    name: &'static str,
    columns: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
}

impl Rows {
    /// By table, in an order that keeps the foreign keys.
    fn tables(self) -> [Table; 4] {
        let table = |name, columns: &[&'static str], rows| Table {
            name,
            columns: columns.to_vec(),
            rows,
        };
        let mut users = vec!["id"];
        users.extend(USER_COLUMNS);
        [
            table("users", &users, self.users),
            table("user_groups", &["user_id", "group_name"], self.groups),
            table("enrollments", &ENROLLMENT_COLUMNS, self.enrollments),
            table("secret_history", &HISTORY_COLUMNS, self.history),
        ]
    }
}

/// Appends `values` to `out` as one line of `COPY`'s text format.
fn copy_line(out: &mut Vec<u8>, values: &[Value]) {
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push(b'\t');
        }
        match value {
            Value::Text(None) | Value::Int(None) => out.extend_from_slice(b"\\N"),
            Value::Int(Some(int)) => out.extend_from_slice(int.to_string().as_bytes()),
            Value::Text(Some(text)) => {
                for byte in text.bytes() {
                    match byte {
                        b'\\' => out.extend_from_slice(b"\\\\"),
                        b'\t' => out.extend_from_slice(b"\\t"),
                        b'\n' => out.extend_from_slice(b"\\n"),
                        b'\r' => out.extend_from_slice(b"\\r"),
                        other => out.push(other),
                    }
                }
            }
        }
    }
    out.push(b'\n');
}

/// Rows per `INSERT` on SQLite (under its limit of 32,766 parameters).
const SQLITE_ROWS_PER_INSERT: usize = 500;

impl SqlStore {
    /// Creates `users` with their groups and, for each, the active enrollments
    /// `enrollments(id, user)` gives (each secret also in the history, as
    /// `save_enrollments` keeps it), in one transaction, and records `audit`. The rows are
    /// those `create_users` and `save_enrollments` write; ids follow the ones in use.
    /// For a population too large for a statement per row; a user who exists already
    /// fails the whole batch.
    pub async fn load_users(
        &self,
        users: &[NewUser],
        enrollments: impl Fn(i64, &NewUser) -> Vec<LoadedEnrollment>,
        audit: &AuditEvent,
    ) -> Result<usize> {
        let rows = |ids: &[i64]| {
            let mut rows = Rows::default();
            for (&id, user) in ids.iter().zip(users) {
                let mut values = vec![Value::Int(Some(id))];
                values.extend(user_values(user));
                rows.users.push(values);
                for group in &user.groups {
                    rows.groups
                        .push(vec![Value::Int(Some(id)), Value::text(group.as_str())]);
                }
                for e in enrollments(id, user) {
                    let at = user.created_at;
                    rows.enrollments.push(enrollment_values(
                        id,
                        &e.verification_id,
                        e.kind,
                        &e.secret,
                        e.expires_at,
                        at,
                    ));
                    rows.history.push(history_values(id, e.kind, &e.secret, at));
                }
            }
            rows
        };
        match self.backend {
            Backend::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url.0).await?;
                let mut tx = conn.begin().await?;
                let ids: Vec<i64> = sqlx::query_scalar(
                    "SELECT nextval(pg_get_serial_sequence('users', 'id')) \
                     FROM generate_series(1, $1)",
                )
                .bind(i64::try_from(users.len()).unwrap_or(i64::MAX))
                .fetch_all(&mut *tx)
                .await?;
                for Table {
                    name: table,
                    columns,
                    rows,
                } in rows(&ids).tables()
                {
                    if rows.is_empty() {
                        continue;
                    }
                    let mut data = Vec::with_capacity(rows.len() * 64);
                    for row in &rows {
                        copy_line(&mut data, row);
                    }
                    // COPY writes the given ids into the identity column, as INSERT's
                    // OVERRIDING SYSTEM VALUE would.
                    let mut copy = tx
                        .copy_in_raw(&format!("COPY {table} ({}) FROM STDIN", columns.join(", ")))
                        .await?;
                    copy.send(data).await?;
                    copy.finish().await?;
                }
                tx.commit().await?;
                conn.close().await?;
                let mut conn = self.writer.acquire().await?;
                Self::insert_audit(&mut conn, audit).await?;
            }
            Backend::Sqlite => {
                let mut tx = self.writer.begin().await?;
                let last: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM users")
                    .fetch_one(&mut *tx)
                    .await?;
                let ids: Vec<i64> = (1..).map(|n| last + n).take(users.len()).collect();
                for Table {
                    name: table,
                    columns,
                    rows,
                } in rows(&ids).tables()
                {
                    for chunk in rows.chunks(SQLITE_ROWS_PER_INSERT) {
                        let tuples: Vec<String> = (0..chunk.len())
                            .map(|n| placeholders(1 + n * columns.len(), columns.len()))
                            .collect();
                        let sql = format!(
                            "INSERT INTO {table} ({}) VALUES {}",
                            columns.join(", "),
                            tuples.join(", ")
                        );
                        bind_values(sqlx::query(&sql), chunk.concat())
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
            }
        }
        Ok(users.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_lines_escape_what_the_text_format_reserves() {
        let mut out = Vec::new();
        copy_line(
            &mut out,
            &[
                Value::Int(Some(7)),
                Value::Text(Some("a\tb\\c\nd\re".to_owned())),
                Value::Text(None),
                Value::Int(None),
            ],
        );
        assert_eq!(out, b"7\ta\\tb\\\\c\\nd\\re\t\\N\t\\N\n");
    }
}
