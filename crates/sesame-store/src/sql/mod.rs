//! The SQL implementation of the repositories, for SQLite and PostgreSQL.
//!
//! Both backends run the same statements through sqlx's `Any` driver: the SQL used here
//! is the common subset (`$n` parameters, `ON CONFLICT`, `RETURNING`), times are integer
//! milliseconds and booleans are derived in Rust, so one implementation serves both and
//! the contract tests hold them to the same behaviour. What differs lives in
//! [`Backend`]: the migrations, connection set-up and the few spellings that are not
//! shared.
//!
//! This module holds [`SqlStore`], [`Backend`], connecting (with SQLite's pragmas and its
//! background checkpoint) and the helpers every repository shares. Each repository trait
//! is implemented in the file named after the thing it stores (`users`, `tokens`,
//! `codes`, ...); `audit` also writes the audit record that other repositories add to
//! their own transactions.

mod assist;
mod audit;
mod bulk;
mod captcha;
/// Also used by [`group_commit`], which issues codes on SQLite with the same binds.
mod codes;
mod counters;
mod enrollments;
mod group_commit;
mod outbox;
mod point_reads;
mod processes;
mod properties;
mod questions;
mod reports;
mod resets;
mod sealed;
mod tokens;
mod users;
mod verifications;
mod voice_services;
mod voice_sessions;

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Connection, Executor, Row};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

pub use bulk::LoadedEnrollment;

use crate::{AuditEvent, Result, Store, StoreError};

/// Which database a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// How a claim skips rows another transaction holds (PostgreSQL); SQLite has one
    /// writer at a time and needs nothing.
    fn skip_locked(self) -> &'static str {
        match self {
            Self::Sqlite => "",
            Self::Postgres => "FOR UPDATE SKIP LOCKED",
        }
    }

    /// The aggregate that joins a user's groups into one text value.
    fn group_concat(self) -> &'static str {
        match self {
            Self::Sqlite => "group_concat(g.group_name, char(31))",
            Self::Postgres => "string_agg(g.group_name, chr(31))",
        }
    }
}

/// Separates group names in the aggregated column; group names cannot contain it.
const GROUP_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone)]
pub struct SqlStore {
    /// Reads.
    pool: AnyPool,
    /// Writes. On SQLite one connection, so writers queue here in order instead of
    /// contending for the database lock (whose busy handler sleeps); on PostgreSQL the
    /// same pool as reads.
    writer: AnyPool,
    backend: Backend,
    /// On SQLite, the queue that issues codes with group commit.
    codes: Option<group_commit::CodeWriter>,
    /// On SQLite, the queue that settles attempts with group commit.
    settler: Option<group_commit::AttemptSettler>,
    /// On SQLite (a file), look-ups by key without a thread hop.
    point_reads: Option<std::sync::Arc<point_reads::PointReader>>,
    /// The URL connected to (with the CA file, if any), for a connection of PostgreSQL's
    /// own driver where `COPY` is needed.
    url: Url,
}

/// A database URL, which may hold a password: never printed.
#[derive(Clone)]
struct Url(String);

impl std::fmt::Debug for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// The size of the write-ahead log, in pages (256 MiB of 4 KiB pages), past which the
/// writer starts it again from its beginning.
const WAL_RESTART_FRAMES: i64 = 65_536;
/// How long the first connection on start may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an SQLite connection waits for a lock held by another process.
const BUSY_TIMEOUT: &str = "PRAGMA busy_timeout = 10000";

/// How the store connects, besides its URL.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The most connections the pool opens.
    pub max_connections: u32,
    /// PostgreSQL: a PEM file of the certificate authorities the server's certificate is
    /// checked against (`sslmode=verify-ca` or `verify-full` in the URL), instead of the
    /// public roots. Read at each new connection, so a renewed file needs no restart.
    pub ca_file: Option<PathBuf>,
    /// The longest a query waits for a connection: for a free one, and while the
    /// database cannot be reached (a restart, a failover), for a new one. Past it the
    /// query fails with [`StoreError::Database`].
    pub acquire_timeout: Duration,
}

impl ConnectOptions {
    pub fn new(max_connections: u32) -> Self {
        Self {
            max_connections,
            ca_file: None,
            acquire_timeout: Duration::from_secs(30),
        }
    }
}

/// Whether a PEM file of certificate authorities can be used with `url`: only for
/// PostgreSQL, only where the URL asks for the server's certificate to be checked
/// (`sslmode=verify-ca` or `verify-full`; with `require` nothing would be checked against
/// it), and only if it holds a certificate. The problem, worded for the operator.
pub fn check_ca_file(url: &str, pem: &[u8]) -> std::result::Result<(), String> {
    if Backend::of_url(url) != Some(Backend::Postgres) {
        return Err("a CA file is used only with a postgres:// database URL".to_owned());
    }
    let options = AnyConnectOptions::from_str(url).map_err(|e| e.to_string())?;
    let mode = options
        .database_url
        .query_pairs()
        .filter(|(key, _)| key == "sslmode" || key == "ssl-mode")
        .map(|(_, value)| value.into_owned())
        .last();
    if !matches!(mode.as_deref(), Some("verify-ca" | "verify-full")) {
        return Err(
            "the database URL must ask for the server's certificate to be checked: \
             add sslmode=verify-full (or verify-ca)"
                .to_owned(),
        );
    }
    if !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err("no PEM certificate in the file".to_owned());
    }
    Ok(())
}

impl SqlStore {
    /// Connects, creating an SQLite file if needed, and applies pending migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        Self::connect_with(url, &ConnectOptions::new(max_connections)).await
    }

    /// [`SqlStore::connect`] with the other options.
    pub async fn connect_with(url: &str, connect: &ConnectOptions) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or(StoreError::UnsupportedUrl)?;
        if backend == Backend::Sqlite {
            create_private_file(url)?;
        }
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let mut options = AnyConnectOptions::from_str(&url)?;
        if let Some(ca_file) = &connect.ca_file {
            // The Any driver takes PostgreSQL's options from the URL only.
            options
                .database_url
                .query_pairs_mut()
                .append_pair("sslrootcert", &ca_file.to_string_lossy());
        }
        // One connection first, so that a database that cannot be opened or reached fails
        // the start at once with its cause (a refused certificate too), instead of the
        // pool retrying until its acquire timeout.
        match tokio::time::timeout(CONNECT_TIMEOUT, AnyConnection::connect_with(&options)).await {
            Ok(Ok(probe)) => probe.close().await?,
            Ok(Err(e)) => return Err(e.into()),
            Err(_) => {
                return Err(StoreError::Database(sqlx::Error::Io(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
                ))))
            }
        }
        let copy_url = options.database_url.to_string();
        let pool = Self::pool_options(backend, connect, connect.max_connections, "")
            .connect_with(options.clone())
            .await?;
        let writer = match backend {
            Backend::Sqlite => {
                // The writer leaves checkpoints to a background task, so no commit waits
                // while the log is copied into the database file.
                let writer = Self::pool_options(
                    backend,
                    connect,
                    1,
                    "PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -65536;",
                )
                .connect_with(options)
                .await?;
                Self::checkpoint_in_background(pool.clone(), writer.clone());
                writer
            }
            Backend::Postgres => pool.clone(),
        };
        match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite").run(&writer).await?,
            Backend::Postgres => sqlx::migrate!("migrations/postgres").run(&writer).await?,
        }
        let codes =
            (backend == Backend::Sqlite).then(|| group_commit::CodeWriter::start(writer.clone()));
        let settler = (backend == Backend::Sqlite)
            .then(|| group_commit::AttemptSettler::start(writer.clone()));
        // Only for a plain database file: a URL with other options (another mode, a shared
        // cache) is read through sqlx alone.
        let plain_file = url
            .split_once('?')
            .is_none_or(|(_, query)| query == "mode=rwc");
        let point_reads = (backend == Backend::Sqlite && plain_file)
            .then(|| sqlite_file(&url))
            .flatten()
            .map(|path| std::sync::Arc::new(point_reads::PointReader::new(path)));
        Ok(Self {
            pool,
            writer,
            backend,
            codes,
            settler,
            point_reads,
            url: Url(copy_url),
        })
    }

    /// `sqlite_pragmas`: set on each SQLite connection after the ones every connection has.
    fn pool_options(
        backend: Backend,
        connect: &ConnectOptions,
        max_connections: u32,
        sqlite_pragmas: &'static str,
    ) -> AnyPoolOptions {
        // A connection is tested before it is handed out (`test_before_acquire`, on by
        // default), so after the database restarted the dead ones are replaced instead of
        // failing a request each.
        AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(connect.acquire_timeout)
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the one writer; FULL makes every
                        // commit durable before it is acknowledged.
                        let pragmas = format!(
                            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA foreign_keys = ON; {BUSY_TIMEOUT}; {sqlite_pragmas}"
                        );
                        conn.execute(pragmas.as_str()).await?;
                    }
                    Ok(())
                })
            })
    }

    /// Copies the write-ahead log into the database file once a second, from a reading
    /// connection (a passive checkpoint never blocks the writer), until the pool closes.
    /// Once a second rather than more often: a page written many times in a second (index
    /// pages are) is copied and synced once, and those syncs are what writers' commits
    /// queue behind on the disk. Under steady writes a passive checkpoint never reaches the
    /// end of the log, so the log would grow without bound: past [`WAL_RESTART_FRAMES`]
    /// the writer copies the rest itself and starts the log again.
    fn checkpoint_in_background(pool: AnyPool, writer: AnyPool) {
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(1000));
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if pool.is_closed() {
                    return;
                }
                if let Err(e) = checkpoint(&pool, &writer).await {
                    if !pool.is_closed() {
                        tracing::warn!(error = %e, "WAL checkpoint failed");
                    }
                }
            }
        });
    }

    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

/// One turn of the background checkpoint: a passive checkpoint and, when the log has grown
/// past [`WAL_RESTART_FRAMES`], a restart of the log from the writer.
async fn checkpoint(pool: &AnyPool, writer: &AnyPool) -> std::result::Result<(), sqlx::Error> {
    let log: i64 = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?
        .try_get(1)?;
    if log > WAL_RESTART_FRAMES {
        restart_log(writer).await?;
    }
    Ok(())
}

/// Copies the rest of the write-ahead log into the database file from the writing
/// connection, and starts the log again from its beginning, unless a reader still reads
/// from the log: then nothing waits (no busy handler) and the next turn tries again.
async fn restart_log(writer: &AnyPool) -> std::result::Result<(), sqlx::Error> {
    let mut conn = writer.acquire().await?;
    conn.execute("PRAGMA busy_timeout = 0").await?;
    let outcome = conn.execute("PRAGMA wal_checkpoint(RESTART)").await;
    // As the connection was opened: a writer without its busy handler would fail where it
    // should wait.
    if let Err(e) = conn.execute(BUSY_TIMEOUT).await {
        conn.detach();
        return Err(e);
    }
    outcome.map(|_| ())
}

/// The file an SQLite URL names; `None` for an in-memory database.
fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| std::path::PathBuf::from(path))
}

/// Creates the SQLite file readable by its owner only (it holds password hashes), before
/// SQLite would create it with the process's default mode. SQLite gives the `-wal` and
/// `-shm` files the same mode.
fn create_private_file(url: &str) -> Result<()> {
    let Some(path) = sqlite_file(url) else {
        return Ok(());
    };
    if path.exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError::Database(sqlx::Error::Io(e))),
    }
}

/// A uniqueness rule broken by `error`, named by what it is about (`what`, or the employee
/// id when that is the column at fault), or the database failure it is.
fn conflict(error: sqlx::Error, what: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Conflict(if db.message().contains("employee_id") {
                "employee id"
            } else {
                what
            })
        }
        _ => StoreError::Database(error),
    }
}

/// The columns of a result row by name, whichever way it was read (sqlx, or
/// [`point_reads`] on SQLite), so that records are decoded once.
pub(crate) trait Columns {
    fn text(&self, column: &str) -> Result<String>;
    fn opt_text(&self, column: &str) -> Result<Option<String>>;
    fn int(&self, column: &str) -> Result<i64>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>>;
}

impl Columns for AnyRow {
    fn text(&self, column: &str) -> Result<String> {
        Ok(self.try_get(column)?)
    }

    fn opt_text(&self, column: &str) -> Result<Option<String>> {
        Ok(self.try_get(column)?)
    }

    fn int(&self, column: &str) -> Result<i64> {
        Ok(self.try_get(column)?)
    }

    fn opt_int(&self, column: &str) -> Result<Option<i64>> {
        Ok(self.try_get(column)?)
    }
}

fn ts(row: &impl Columns, column: &str) -> Result<Timestamp> {
    Ok(Timestamp::from_millis(row.int(column)?))
}

/// A text column read into its type; a text the type does not know is a corrupt row, never
/// a default.
fn parsed<T>(row: &impl Columns, column: &str, parse: impl FnOnce(&str) -> Option<T>) -> Result<T> {
    let text = row.text(column)?;
    parse(&text).ok_or_else(|| StoreError::Corrupt(format!("{column} = {text:?}")))
}

fn opt_ts(row: &impl Columns, column: &str) -> Result<Option<Timestamp>> {
    Ok(row.opt_int(column)?.map(Timestamp::from_millis))
}

impl SqlStore {
    /// Runs one statement and, if it changed a row, records `audit`, in one transaction.
    async fn change_with_audit<'q>(
        &self,
        statement: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let changed = statement.execute(&mut *tx).await?.rows_affected() > 0;
        if changed {
            Self::insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(changed)
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO code_quotas (quota_key, touched_at) VALUES ('ready', 0) \
             ON CONFLICT (quota_key) DO UPDATE SET touched_at = excluded.touched_at",
        )
        .execute(&mut *tx)
        .await?;
        tx.rollback().await?;
        Ok(())
    }
}
