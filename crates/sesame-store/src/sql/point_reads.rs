//! Point reads on SQLite without a thread hop.
//!
//! sqlx runs each SQLite connection on a thread of its own, so every query is handed to
//! that thread and its rows handed back: two context switches, which cost more than an
//! indexed look-up itself. Hot look-ups (an API key by digest on every request with an
//! API key, a user with their enrollments) run here instead, on a small pool of read-only
//! connections, on the calling thread. Only look-ups by a unique key belong here: they
//! take microseconds, so holding the calling thread is cheaper than leaving it. The SQL
//! and the row decoding are the ones the sqlx path uses, so both paths read the same.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{OpenFlags, Params};

use super::Columns;
use crate::{Result, StoreError};

/// Idle connections kept for the next read; more are opened when many read at once.
const IDLE_CONNECTIONS: usize = 8;

pub(crate) struct PointReader {
    path: PathBuf,
    idle: Mutex<Vec<rusqlite::Connection>>,
}

impl std::fmt::Debug for PointReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PointReader")
            .field("path", &self.path)
            .finish()
    }
}

impl PointReader {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    fn connection(&self) -> Result<rusqlite::Connection> {
        if let Some(conn) = self.idle.lock().ok().and_then(|mut idle| idle.pop()) {
            return Ok(conn);
        }
        let conn = rusqlite::Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // Reads hold the calling thread, so they wait for a lock only briefly (a WAL reader
        // waits only while another process recovers the log).
        conn.busy_timeout(Duration::from_millis(250))?;
        conn.set_prepared_statement_cache_capacity(32);
        Ok(conn)
    }

    /// The rows of `sql` with `params`, each decoded by `decode`.
    pub(crate) fn rows<T>(
        &self,
        sql: &str,
        params: impl Params,
        decode: impl Fn(&rusqlite::Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        let conn = self.connection()?;
        let found = {
            let mut statement = conn.prepare_cached(sql)?;
            let mut rows = statement.query(params)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next()? {
                found.push(decode(row)?);
            }
            found
        };
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < IDLE_CONNECTIONS {
                idle.push(conn);
            }
        }
        Ok(found)
    }
}

impl Columns for rusqlite::Row<'_> {
    fn text(&self, column: &str) -> Result<String> {
        Ok(self.get(column)?)
    }

    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        Ok(self.get(column)?)
    }

    fn int(&self, column: &str) -> Result<i64> {
        Ok(self.get(column)?)
    }

    fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.get(column)?)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Read(error.to_string())
    }
}
