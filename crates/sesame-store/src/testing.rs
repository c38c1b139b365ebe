//! Databases for tests: a fresh SQLite file or a fresh PostgreSQL database per test.
//!
//! The PostgreSQL variants need `SESAME_TEST_DATABASE_URL` to name a server (any database
//! on it); each test gets its own database named `sesame_test_<random>`. Tests that need
//! PostgreSQL are marked `#[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]`, so a
//! plain `cargo test` reports them as ignored; run with `-- --include-ignored` and the
//! variable set, they call [`required_postgres_server`], which fails them when it is unset.

use sqlx::{Connection, Executor};

/// The environment variable that names the PostgreSQL server for tests.
pub const POSTGRES_ENV: &str = "SESAME_TEST_DATABASE_URL";

/// The server URL from the environment, if the PostgreSQL suite is switched on.
pub fn postgres_server() -> Option<String> {
    std::env::var(POSTGRES_ENV).ok().filter(|v| !v.is_empty())
}

/// The server URL from the environment, for a test that was asked to run on PostgreSQL.
///
/// Panics with a clear message when `SESAME_TEST_DATABASE_URL` is not set: a PostgreSQL
/// test that runs must test PostgreSQL, not pass without doing anything.
pub fn required_postgres_server() -> String {
    match postgres_server() {
        Some(server) => server,
        None => panic!(
            "{POSTGRES_ENV} is not set, but a PostgreSQL test was run (--include-ignored); \
             set it to a server, e.g. postgres://postgres@127.0.0.1:5432/postgres, or run \
             without --include-ignored to skip the PostgreSQL tests"
        ),
    }
}

/// Creates an empty database on the server and returns its URL.
///
/// Panics with a clear message when the server cannot be reached: a suite that was asked
/// to run on PostgreSQL must fail, not skip.
pub async fn fresh_postgres_database(server_url: &str) -> String {
    let name = format!("sesame_test_{:016x}", rand_u64());
    let mut conn = match sqlx::PgConnection::connect(server_url).await {
        Ok(conn) => conn,
        Err(e) => panic!("{POSTGRES_ENV} is set but PostgreSQL is not reachable: {e}"),
    };
    if let Err(e) = conn
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
    {
        panic!("cannot create test database {name}: {e}");
    }
    let _ = conn.close().await;
    replace_database(server_url, &name)
}

/// Runs one statement on the server, for tests that change a database's settings (such as
/// making it read-only). Panics when it fails.
pub async fn execute_on_server(server_url: &str, statement: &str) {
    let mut conn = match sqlx::PgConnection::connect(server_url).await {
        Ok(conn) => conn,
        Err(e) => panic!("{POSTGRES_ENV} is set but PostgreSQL is not reachable: {e}"),
    };
    if let Err(e) = conn.execute(statement).await {
        panic!("{statement}: {e}");
    }
    let _ = conn.close().await;
}

fn replace_database(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(slash) => &base[..after_scheme + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // RandomState is seeded from the OS per process and differs per instance.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(u64::from(std::process::id()));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::replace_database;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://postgres@127.0.0.1:5432", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }
}
