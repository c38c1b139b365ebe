//! Both migration folders make the same tables with the same columns.
//!
//! The migrations are written twice, once per backend; the repositories run one set of
//! statements on both. A table or column added to one folder only would pass every case
//! on that backend and fail in production on the other, so the two schemas are compared
//! here after migrating a fresh database of each. Each foreign key also leads an index, on
//! both: deleting a user (or a reset request) must find the rows that point to it without
//! reading their whole table.

use std::collections::{BTreeMap, BTreeSet};

use sesame_store::testing::{fresh_postgres_database, required_postgres_server};
use sesame_store::SqlStore;
use sqlx::Connection;

/// Each table's column names.
type Schema = BTreeMap<String, BTreeSet<String>>;

/// sqlx's record of applied migrations: its own, and spelled differently per backend.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

#[tokio::test]
#[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
async fn both_backends_migrate_to_the_same_tables_and_columns() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let sqlite_url = crate::sqlite_url(&dir);
    migrate(&sqlite_url).await;
    let postgres_url = fresh_postgres_database(&required_postgres_server()).await;
    migrate(&postgres_url).await;

    let sqlite = sqlite_schema(&sqlite_url).await;
    let postgres = postgres_schema(&postgres_url).await;
    assert!(
        sqlite.len() > 10,
        "the SQLite schema was not read: {sqlite:?}"
    );
    let differences = differences(&sqlite, &postgres);
    assert!(
        differences.is_empty(),
        "migrations/sqlite and migrations/postgres differ:\n{}",
        differences.join("\n")
    );
}

#[tokio::test]
async fn every_foreign_key_leads_an_index_on_sqlite() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let url = crate::sqlite_url(&dir);
    migrate(&url).await;
    // Each foreign key's first column, and whether an index of its table starts with it.
    let keys = sqlite_rows(
        &url,
        "SELECT t.name, f.\"from\", EXISTS (SELECT 1 FROM pragma_index_list(t.name) i, \
           pragma_index_info(i.name) c WHERE c.seqno = 0 AND c.name = f.\"from\") \
         FROM sqlite_master t, pragma_foreign_key_list(t.name) f \
         WHERE t.type = 'table' AND f.seq = 0",
    )
    .await;
    assert_indexed(&keys);
}

#[tokio::test]
#[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
async fn every_foreign_key_leads_an_index_on_postgres() {
    let url = fresh_postgres_database(&required_postgres_server()).await;
    migrate(&url).await;
    let keys = postgres_rows(
        &url,
        "SELECT k.conrelid::regclass::text, a.attname::text, EXISTS (SELECT 1 FROM pg_index i \
           WHERE i.indrelid = k.conrelid AND i.indkey[0] = k.conkey[1]) \
         FROM pg_constraint k \
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1] \
         WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace",
    )
    .await;
    assert_indexed(&keys);
}

/// Foreign keys to rows that are never deleted, which need no index of their own:
/// questions are retired, not deleted (an index on the answers' question would cost as
/// much as the answers' own).
const NEVER_DELETED: [(&str, &str); 1] = [("qa_answers", "question_id")];

/// Fails naming each (table, column) foreign key no index starts with.
fn assert_indexed(keys: &[(String, String, bool)]) {
    assert!(keys.len() >= 10, "the foreign keys were not read: {keys:?}");
    let unindexed: Vec<String> = keys
        .iter()
        .filter(|(table, column, indexed)| {
            !indexed && !NEVER_DELETED.contains(&(table.as_str(), column.as_str()))
        })
        .map(|(table, column, _)| format!("{table}.{column}"))
        .collect();
    assert!(
        unindexed.is_empty(),
        "foreign keys without an index that starts with them: {}",
        unindexed.join(", ")
    );
}

/// Connecting applies the migrations.
async fn migrate(url: &str) {
    let store = SqlStore::connect(url, 1)
        .await
        .unwrap_or_else(|e| panic!("migrating {url}: {e}"));
    store.close().await;
}

async fn sqlite_schema(url: &str) -> Schema {
    // `sqlite_%` tables are SQLite's own (sqlite_sequence for AUTOINCREMENT).
    collect(
        sqlite_rows(
            url,
            &format!(
                "SELECT t.name, c.name FROM sqlite_master t, pragma_table_info(t.name) c \
                 WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
                   AND t.name <> '{MIGRATIONS_TABLE}'"
            ),
        )
        .await,
    )
}

async fn postgres_schema(url: &str) -> Schema {
    collect(
        postgres_rows(
            url,
            &format!(
                "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
                 JOIN information_schema.tables t \
                   ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
                   AND c.table_name <> '{MIGRATIONS_TABLE}'"
            ),
        )
        .await,
    )
}

/// The rows of a catalogue query on the SQLite database at `url`.
async fn sqlite_rows<T>(url: &str, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let mut conn = sqlx::SqliteConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("sqlite: {e}"));
    let rows = sqlx::query_as(sql)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading SQLite's catalogue: {e}"));
    let _ = conn.close().await;
    rows
}

/// The rows of a catalogue query on the PostgreSQL database at `url`.
async fn postgres_rows<T>(url: &str, sql: &str) -> Vec<T>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("postgres: {e}"));
    let rows = sqlx::query_as(sql)
        .fetch_all(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("reading PostgreSQL's catalogue: {e}"));
    let _ = conn.close().await;
    rows
}

fn collect(columns: Vec<(String, String)>) -> Schema {
    let mut schema = Schema::new();
    for (table, column) in columns {
        schema.entry(table).or_default().insert(column);
    }
    schema
}

/// What one schema has and the other lacks, one line each; empty when they agree.
fn differences(sqlite: &Schema, postgres: &Schema) -> Vec<String> {
    let mut found = Vec::new();
    let tables: BTreeSet<&String> = sqlite.keys().chain(postgres.keys()).collect();
    for table in tables {
        match (sqlite.get(table), postgres.get(table)) {
            (Some(_), None) => found.push(format!("table {table}: only on SQLite")),
            (None, Some(_)) => found.push(format!("table {table}: only on PostgreSQL")),
            (Some(left), Some(right)) => {
                for column in left.difference(right) {
                    found.push(format!("column {table}.{column}: only on SQLite"));
                }
                for column in right.difference(left) {
                    found.push(format!("column {table}.{column}: only on PostgreSQL"));
                }
            }
            (None, None) => {}
        }
    }
    found
}

#[test]
fn a_column_on_one_backend_only_is_a_difference() {
    let schema = |columns: &[(&str, &str)]| {
        collect(
            columns
                .iter()
                .map(|(t, c)| ((*t).to_owned(), (*c).to_owned()))
                .collect(),
        )
    };
    let sqlite = schema(&[("users", "id"), ("users", "nickname"), ("codes", "id")]);
    let postgres = schema(&[("users", "id"), ("outbox", "id")]);
    assert_eq!(
        differences(&sqlite, &postgres),
        [
            "table codes: only on SQLite",
            "table outbox: only on PostgreSQL",
            "column users.nickname: only on SQLite",
        ]
    );
    assert!(differences(&sqlite, &sqlite).is_empty());
}
