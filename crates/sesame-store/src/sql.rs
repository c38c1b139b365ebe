//! The SQL implementation of the repositories, for SQLite and PostgreSQL.
//!
//! Both backends run the same statements through sqlx's `Any` driver: the SQL used here
//! is the common subset (`$n` parameters, `ON CONFLICT`, `RETURNING`), times are integer
//! milliseconds and booleans are derived in Rust, so one implementation serves both and
//! the contract tests hold them to the same behaviour. What differs lives in
//! [`Backend`]: the migrations, connection set-up and the few spellings that are not
//! shared.

use async_trait::async_trait;
use sesame_core::Timestamp;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::str::FromStr;
use std::time::Duration;

use crate::*;

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
    codes: Option<crate::group_commit::CodeWriter>,
}

/// The size of the write-ahead log, in pages (256 MiB of 4 KiB pages), past which the
/// writer starts it again from its beginning.
const WAL_RESTART_FRAMES: i64 = 65_536;
/// How long an SQLite connection waits for a lock held by another process.
const BUSY_TIMEOUT: &str = "PRAGMA busy_timeout = 10000";

impl SqlStore {
    /// Connects, creating an SQLite file if needed, and applies pending migrations.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of_url(url).ok_or(StoreError::UnsupportedUrl)?;
        if backend == Backend::Sqlite {
            create_private_file(url)?;
        }
        let url = match backend {
            Backend::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = Self::pool_options(backend, max_connections, "")
            .connect_with(options.clone())
            .await?;
        let writer = match backend {
            Backend::Sqlite => {
                // The writer leaves checkpoints to a background task, so no commit waits
                // while the log is copied into the database file.
                let writer = Self::pool_options(
                    backend,
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
        let codes = (backend == Backend::Sqlite)
            .then(|| crate::group_commit::CodeWriter::start(writer.clone()));
        Ok(Self {
            pool,
            writer,
            backend,
            codes,
        })
    }

    /// `sqlite_pragmas`: set on each SQLite connection after the ones every connection has.
    fn pool_options(
        backend: Backend,
        max_connections: u32,
        sqlite_pragmas: &'static str,
    ) -> AnyPoolOptions {
        AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
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

/// Creates the SQLite file readable by its owner only (it holds password hashes), before
/// SQLite would create it with the process's default mode. SQLite gives the `-wal` and
/// `-shm` files the same mode.
fn create_private_file(url: &str) -> Result<()> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" || std::path::Path::new(path).exists() {
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

fn conflict(error: sqlx::Error, what: &'static str) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::Database(error),
    }
}

fn ts(row: &AnyRow, column: &str) -> Result<Timestamp> {
    Ok(Timestamp::from_millis(row.try_get::<i64, _>(column)?))
}

fn opt_ts(row: &AnyRow, column: &str) -> Result<Option<Timestamp>> {
    Ok(row
        .try_get::<Option<i64>, _>(column)?
        .map(Timestamp::from_millis))
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.email, u.phone, u.language, \
     u.status, u.source, u.password_hash, u.created_at, u.updated_at";

fn user_from_row(row: &AnyRow) -> Result<UserRecord> {
    let groups: Option<String> = row.try_get("groups")?;
    let mut groups: Vec<String> = groups
        .map(|g| g.split(GROUP_SEPARATOR).map(str::to_owned).collect())
        .unwrap_or_default();
    groups.sort();
    Ok(UserRecord {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        language: row.try_get("language")?,
        status: row.try_get("status")?,
        source: row.try_get("source")?,
        groups,
        password_hash: row.try_get("password_hash")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

impl SqlStore {
    fn user_select(&self, condition: &str) -> String {
        format!(
            "SELECT {USER_COLUMNS}, (SELECT {} FROM user_groups g WHERE g.user_id = u.id) AS groups \
             FROM users u WHERE {condition}",
            self.backend.group_concat()
        )
    }

    async fn insert_user(conn: &mut sqlx::AnyConnection, user: &NewUser) -> Result<i64> {
        let at = user.created_at.as_millis();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, username_key, display_name, email, email_key, phone, \
             language, password_hash, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(user.username.as_str())
        .bind(user.username.key())
        .bind(user.display_name.as_str())
        .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
        .bind(user.email.as_ref().map(|e| e.key()))
        .bind(user.phone.as_ref().map(|p| p.as_str().to_owned()))
        .bind(user.language.as_str())
        .bind(user.password_hash.clone())
        .bind(at)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| conflict(e, "username"))?;
        for group in &user.groups {
            sqlx::query(
                "INSERT INTO user_groups (user_id, group_name) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(group.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Ok(id)
    }

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

    async fn insert_audit(conn: &mut sqlx::AnyConnection, event: &AuditEvent) -> Result<()> {
        let insert = sqlx::query(
            "INSERT INTO audit_log (at, actor, subject, action, result, source, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        bind_audit(insert, event).execute(conn).await?;
        Ok(())
    }
}

#[async_trait]
impl UserRepository for SqlStore {
    async fn create_user(&self, user: &NewUser, audit: &AuditEvent) -> Result<UserRecord> {
        let mut tx = self.writer.begin().await?;
        let id = Self::insert_user(&mut tx, user).await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        self.find_user_by_id(id)
            .await?
            .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
    }

    async fn create_users(&self, users: &[NewUser], audit: &AuditEvent) -> Result<usize> {
        let mut tx = self.writer.begin().await?;
        for user in users {
            Self::insert_user(&mut tx, user).await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(users.len())
    }

    async fn find_user(&self, username_key: &str) -> Result<Option<UserRecord>> {
        let row = sqlx::query(&self.user_select("u.username_key = $1"))
            .bind(username_key)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_users_by_email(&self, email_key: &str, limit: i64) -> Result<Vec<UserRecord>> {
        let rows = sqlx::query(&format!(
            "{} ORDER BY u.id LIMIT $2",
            self.user_select("u.email_key = $1")
        ))
        .bind(email_key)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn find_user_by_id(&self, id: i64) -> Result<Option<UserRecord>> {
        let row = sqlx::query(&self.user_select("u.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn list_users(&self, filter: &UserFilter) -> Result<Page<UserRecord>> {
        let condition = "($1 IS NULL OR EXISTS (SELECT 1 FROM user_groups f \
                         WHERE f.user_id = u.id AND f.group_name = $1))";
        let rows = sqlx::query(&format!(
            "{} ORDER BY u.username_key LIMIT $2 OFFSET $3",
            self.user_select(condition)
        ))
        .bind(filter.group.clone())
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 =
            sqlx::query_scalar(&format!("SELECT COUNT(*) FROM users u WHERE {condition}"))
                .bind(filter.group.clone())
                .fetch_one(&self.pool)
                .await?;
        Ok(Page {
            items: rows.iter().map(user_from_row).collect::<Result<_>>()?,
            total,
        })
    }

    async fn update_user(
        &self,
        username_key: &str,
        change: &UserChange,
        audit: &AuditEvent,
    ) -> Result<Option<UserRecord>> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username_key = $1")
            .bind(username_key)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        let (set_email, email, email_key) = match &change.email {
            Some(email) => (
                1i64,
                email.as_ref().map(|e| e.as_str().to_owned()),
                email.as_ref().map(|e| e.key()),
            ),
            None => (0, None, None),
        };
        let (set_phone, phone) = match &change.phone {
            Some(phone) => (1i64, phone.as_ref().map(|p| p.as_str().to_owned())),
            None => (0, None),
        };
        sqlx::query(
            "UPDATE users SET \
               display_name = COALESCE($2, display_name), \
               email = CASE WHEN $3 = 1 THEN $4 ELSE email END, \
               email_key = CASE WHEN $3 = 1 THEN $5 ELSE email_key END, \
               phone = CASE WHEN $6 = 1 THEN $7 ELSE phone END, \
               language = COALESCE($8, language), \
               status = COALESCE($9, status), \
               password_hash = COALESCE($10, password_hash), \
               updated_at = COALESCE($11, updated_at) \
             WHERE id = $1",
        )
        .bind(id)
        .bind(change.display_name.as_ref().map(|d| d.as_str().to_owned()))
        .bind(set_email)
        .bind(email)
        .bind(email_key)
        .bind(set_phone)
        .bind(phone)
        .bind(change.language.as_ref().map(|l| l.as_str().to_owned()))
        .bind(change.status.map(|s| s.as_str().to_owned()))
        .bind(change.password_hash.clone())
        .bind(change.updated_at.map(Timestamp::as_millis))
        .execute(&mut *tx)
        .await?;
        if let Some(groups) = &change.groups {
            sqlx::query("DELETE FROM user_groups WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            for group in groups {
                sqlx::query(
                    "INSERT INTO user_groups (user_id, group_name) VALUES ($1, $2) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(id)
                .bind(group.as_str())
                .execute(&mut *tx)
                .await?;
            }
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        self.find_user_by_id(id).await
    }

    async fn delete_user(&self, username_key: &str, audit: &AuditEvent) -> Result<bool> {
        let delete = sqlx::query("DELETE FROM users WHERE username_key = $1").bind(username_key);
        self.change_with_audit(delete, audit).await
    }

    async fn sync_directory_users(
        &self,
        users: &[NewUser],
        audit: &AuditEvent,
    ) -> Result<SyncOutcome> {
        let mut tx = self.writer.begin().await?;
        let mut outcome = SyncOutcome::default();
        let mut seen = Vec::new();
        for user in users {
            let existing: Option<(i64, String)> =
                sqlx::query_as("SELECT id, source FROM users WHERE username_key = $1")
                    .bind(user.username.key())
                    .fetch_optional(&mut *tx)
                    .await?;
            let id = match existing {
                Some((_, source)) if source != "ldap" => {
                    outcome.skipped.push(user.username.as_str().to_owned());
                    continue;
                }
                Some((id, _)) => {
                    sqlx::query(
                        "UPDATE users SET display_name = $2, email = $3, email_key = $4, \
                         phone = $5, status = 'active', updated_at = $6 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(user.display_name.as_str())
                    .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
                    .bind(user.email.as_ref().map(|e| e.key()))
                    .bind(user.phone.as_ref().map(|p| p.as_str().to_owned()))
                    .bind(user.created_at.as_millis())
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("DELETE FROM user_groups WHERE user_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    for group in &user.groups {
                        sqlx::query(
                            "INSERT INTO user_groups (user_id, group_name) VALUES ($1, $2) \
                             ON CONFLICT DO NOTHING",
                        )
                        .bind(id)
                        .bind(group.as_str())
                        .execute(&mut *tx)
                        .await?;
                    }
                    outcome.updated += 1;
                    id
                }
                None => {
                    let id = Self::insert_user(&mut tx, user).await?;
                    sqlx::query("UPDATE users SET source = 'ldap' WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    outcome.created += 1;
                    id
                }
            };
            seen.push(id);
        }
        let known: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM users WHERE source = 'ldap' AND status = 'active'")
                .fetch_all(&mut *tx)
                .await?;
        for id in known.into_iter().filter(|id| !seen.contains(id)) {
            sqlx::query("UPDATE users SET status = 'disabled', updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(audit.at.as_millis())
                .execute(&mut *tx)
                .await?;
            outcome.disabled += 1;
        }
        let mut audit = audit.clone();
        audit.detail = Some(format!(
            "{{\"created\":{},\"updated\":{},\"disabled\":{},\"skipped\":{}}}",
            outcome.created,
            outcome.updated,
            outcome.disabled,
            outcome.skipped.len()
        ));
        Self::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn list_enrollments(&self, user_id: i64) -> Result<Vec<EnrollmentRecord>> {
        let rows = sqlx::query(
            "SELECT verification_id, kind, state, created_at, updated_at, expires_at, destination \
             FROM enrollments WHERE user_id = $1 ORDER BY verification_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(EnrollmentRecord {
                    verification_id: row.try_get("verification_id")?,
                    kind: row.try_get("kind")?,
                    state: row.try_get("state")?,
                    created_at: ts(row, "created_at")?,
                    updated_at: ts(row, "updated_at")?,
                    expires_at: opt_ts(row, "expires_at")?,
                    destination: row.try_get("destination")?,
                })
            })
            .collect()
    }
}

#[async_trait]
impl EnrollmentRepository for SqlStore {
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
                state: row.try_get("state")?,
                secret: row.try_get("secret")?,
                updated_at: ts(&row, "updated_at")?,
                expires_at: opt_ts(&row, "expires_at")?,
                last_used_step: row.try_get("last_used_step")?,
            })
        })
        .transpose()
    }

    async fn save_enrollment(&self, enrollment: &SaveEnrollment, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO enrollments \
               (user_id, verification_id, kind, state, secret, expires_at, created_at, updated_at) \
             VALUES ($1, $2, $3, 'active', $4, $5, $6, $6) \
             ON CONFLICT (user_id, verification_id) DO UPDATE SET \
               kind = excluded.kind, state = 'active', secret = excluded.secret, \
               expires_at = excluded.expires_at, updated_at = excluded.updated_at",
        )
        .bind(enrollment.user_id)
        .bind(enrollment.verification_id.as_str())
        .bind(enrollment.kind.as_str())
        .bind(enrollment.secret.as_str())
        .bind(enrollment.expires_at.map(Timestamp::as_millis))
        .bind(enrollment.at.as_millis())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO secret_history (user_id, kind, secret, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(enrollment.user_id)
        .bind(enrollment.kind.as_str())
        .bind(enrollment.secret.as_str())
        .bind(enrollment.at.as_millis())
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM secret_history WHERE user_id = $1 AND kind = $2 AND id NOT IN \
             (SELECT id FROM secret_history WHERE user_id = $1 AND kind = $2 \
              ORDER BY id DESC LIMIT $3)",
        )
        .bind(enrollment.user_id)
        .bind(enrollment.kind.as_str())
        .bind(enrollment.history_keep)
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn secret_history(&self, user_id: i64, kind: &str, limit: i64) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT secret FROM secret_history WHERE user_id = $1 AND kind = $2 \
             ORDER BY id DESC LIMIT $3",
        )
        .bind(user_id)
        .bind(kind)
        .bind(limit)
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

    async fn use_step(&self, user_id: i64, verification_id: &str, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE enrollments SET last_used_step = $3 WHERE user_id = $1 AND verification_id = $2 \
             AND (last_used_step IS NULL OR last_used_step < $3)",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(step)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() > 0)
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

fn verification_from_row(row: &AnyRow) -> Result<VerificationRecord> {
    Ok(VerificationRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: row.try_get("kind")?,
        params: row.try_get("params")?,
        active: row.try_get::<i64, _>("active")? != 0,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

const VERIFICATION_COLUMNS: &str = "id, name, kind, params, active, created_at, updated_at";

#[async_trait]
impl VerificationRepository for SqlStore {
    async fn list_verifications(&self) -> Result<Vec<VerificationRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {VERIFICATION_COLUMNS} FROM verifications ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(verification_from_row).collect()
    }

    async fn find_verification(&self, id: &str) -> Result<Option<VerificationRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {VERIFICATION_COLUMNS} FROM verifications WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(verification_from_row).transpose()
    }

    async fn create_verification(
        &self,
        verification: &VerificationRecord,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO verifications (id, name, kind, params, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(verification.id.as_str())
        .bind(verification.name.as_str())
        .bind(verification.kind.as_str())
        .bind(verification.params.as_str())
        .bind(i64::from(verification.active))
        .bind(verification.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "verification"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_verification(
        &self,
        id: &str,
        params: Option<&str>,
        active: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<Option<VerificationRecord>> {
        let update = sqlx::query(
            "UPDATE verifications SET params = COALESCE($2, params), \
             active = COALESCE($3, active), updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(params.map(str::to_owned))
        .bind(active.map(i64::from))
        .bind(audit.at.as_millis());
        if !self.change_with_audit(update, audit).await? {
            return Ok(None);
        }
        self.find_verification(id).await
    }
}

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

#[async_trait]
impl QuestionRepository for SqlStore {
    async fn list_questions(&self) -> Result<Vec<QuestionRecord>> {
        let rows = sqlx::query(
            "SELECT q.id, q.retired, t.language, t.text FROM questions q \
             LEFT JOIN question_texts t ON t.question_id = q.id ORDER BY q.id, t.language",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut questions: Vec<QuestionRecord> = Vec::new();
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            if questions.last().is_none_or(|q| q.id != id) {
                let retired = row.try_get::<i64, _>("retired")? != 0;
                questions.push(QuestionRecord {
                    id,
                    retired,
                    texts: Vec::new(),
                });
            }
            let language: Option<String> = row.try_get("language")?;
            let text: Option<String> = row.try_get("text")?;
            if let (Some(language), Some(text), Some(question)) =
                (language, text, questions.last_mut())
            {
                question.texts.push((language, text));
            }
        }
        Ok(questions)
    }

    async fn create_question(
        &self,
        texts: &[(String, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO questions (retired, created_at) VALUES (0, $1) RETURNING id",
        )
        .bind(at.as_millis())
        .fetch_one(&mut *tx)
        .await?;
        for (language, text) in texts {
            sqlx::query(
                "INSERT INTO question_texts (question_id, language, text) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(language.as_str())
            .bind(text.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let audit = AuditEvent {
            subject: Some(format!("question:{id}")),
            ..audit.clone()
        };
        Self::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_question(
        &self,
        id: i64,
        texts: &[(String, String)],
        retired: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let found =
            sqlx::query("UPDATE questions SET retired = COALESCE($2, retired) WHERE id = $1")
                .bind(id)
                .bind(retired.map(i64::from))
                .execute(&mut *tx)
                .await?
                .rows_affected()
                > 0;
        if !found {
            return Ok(false);
        }
        for (language, text) in texts {
            sqlx::query(
                "INSERT INTO question_texts (question_id, language, text) VALUES ($1, $2, $3) \
                 ON CONFLICT (question_id, language) DO UPDATE SET text = excluded.text",
            )
            .bind(id)
            .bind(language.as_str())
            .bind(text.as_str())
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn save_answers(
        &self,
        user_id: i64,
        verification_id: &str,
        answers: &[(i64, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM qa_answers WHERE user_id = $1 AND verification_id = $2")
            .bind(user_id)
            .bind(verification_id)
            .execute(&mut *tx)
            .await?;
        for (question_id, hash) in answers {
            sqlx::query(
                "INSERT INTO qa_answers (user_id, verification_id, question_id, answer_hash) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(verification_id)
            .bind(*question_id)
            .bind(hash.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO enrollments (user_id, verification_id, kind, state, created_at, updated_at) \
             VALUES ($1, $2, 'security_questions', 'active', $3, $3) \
             ON CONFLICT (user_id, verification_id) DO UPDATE SET state = 'active', \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(verification_id)
        .bind(at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn answers(&self, user_id: i64, verification_id: &str) -> Result<Vec<(i64, String)>> {
        let rows = sqlx::query(
            "SELECT question_id, answer_hash FROM qa_answers \
             WHERE user_id = $1 AND verification_id = $2 ORDER BY question_id",
        )
        .bind(user_id)
        .bind(verification_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("question_id")?, row.try_get("answer_hash")?)))
            .collect()
    }
}

fn outbox_from_row(row: &AnyRow) -> Result<OutboxRecord> {
    Ok(OutboxRecord {
        id: row.try_get("id")?,
        channel: row.try_get("channel")?,
        destination: row.try_get("destination")?,
        purpose: row.try_get("purpose")?,
        state: row.try_get("state")?,
        attempts: row.try_get("attempts")?,
        next_attempt_at: ts(row, "next_attempt_at")?,
        last_error: row.try_get("last_error")?,
        created_at: ts(row, "created_at")?,
        sent_at: opt_ts(row, "sent_at")?,
    })
}

/// The window of the daily cap.
pub(crate) const DAY_MILLIS: i64 = 24 * 60 * 60 * 1000;

/// Binds a code's record, message and audit event as parameters 1 to 20, in the order
/// the insert statements of both backends number them.
pub(crate) fn bind_record<'q>(
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    code: &'q IssueCode,
    audit: &'q AuditEvent,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    let query = query
        .bind(code.user_id)
        .bind(code.verification_id.as_str())
        .bind(code.binding.as_str())
        .bind(code.quota_key.as_str())
        .bind(code.destination.as_str())
        .bind(code.digest.clone())
        .bind(code.created_at.as_millis())
        .bind(code.expires_at.as_millis())
        .bind(code.max_attempts)
        .bind(code.message.channel.as_str())
        .bind(code.message.destination.as_str())
        .bind(code.message.sealed.clone())
        .bind(code.message.purpose.as_str());
    bind_audit(query, audit)
}

/// Binds an audit event's seven columns, in the order `audit_log`'s inserts name them.
fn bind_audit<'q>(
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

/// Why a code may not be issued now, from the binding's last code and the quota key's
/// codes of the last day (`last`, `issued`, `oldest`); `None` when nothing forbids it.
pub(crate) fn refusal(code: &IssueCode, limits: &AnyRow) -> Result<Option<Issued>> {
    let now = code.created_at.as_millis();
    let last: Option<i64> = limits.try_get("last")?;
    if let Some(last) = last {
        let allowed_at = last + code.cooldown_seconds * 1000;
        if allowed_at > now {
            return Ok(Some(Issued::TooSoon {
                retry_at: Timestamp::from_millis(allowed_at),
            }));
        }
    }
    let issued: i64 = limits.try_get("issued")?;
    if issued >= code.daily_limit {
        let oldest: Option<i64> = limits.try_get("oldest")?;
        let retry_at = oldest.unwrap_or(now) + DAY_MILLIS;
        return Ok(Some(Issued::DailyLimit {
            retry_at: Timestamp::from_millis(retry_at),
        }));
    }
    Ok(None)
}

const QUOTA_LOCK: &str = "INSERT INTO code_quotas (quota_key, touched_at) VALUES ($1, $2) \
     ON CONFLICT (quota_key) DO UPDATE SET touched_at = excluded.touched_at";

/// The binding's newest code and the quota key's codes of the last day ($1 quota key,
/// $2 binding, $3 start of the day).
const LIMITS: &str = "SELECT (SELECT MAX(created_at) FROM codes WHERE binding = $2) AS last, \
     (SELECT COUNT(*) FROM codes WHERE quota_key = $1 AND created_at > $3) AS issued, \
     (SELECT MIN(created_at) FROM codes WHERE quota_key = $1 AND created_at > $3) AS oldest";

/// The code, its message and the audit record in one statement, with data-modifying CTEs
/// (PostgreSQL takes one command per query).
const RECORD_CODE: &str = "WITH code AS (INSERT INTO codes (user_id, verification_id, binding, \
       quota_key, destination, digest, created_at, expires_at, max_attempts) \
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id), \
     message AS (INSERT INTO outbox (channel, destination, sealed, purpose, state, next_attempt_at, \
       created_at) VALUES ($10, $11, $12, $13, 'queued', $7, $7) RETURNING id) \
     INSERT INTO audit_log (at, actor, subject, action, result, source, detail) \
     VALUES ($14, $15, $16, $17, $18, $19, $20)";

#[async_trait]
impl CodeRepository for SqlStore {
    async fn issue_code(&self, code: &IssueCode, audit: &AuditEvent) -> Result<Issued> {
        if let Some(codes) = &self.codes {
            return codes.issue(code, audit).await;
        }
        let now = code.created_at.as_millis();
        let mut tx = self.writer.begin().await?;
        // First lock the quota row until commit, so issuing for one key is serialised on
        // every node; then read the cooldown and the 24-hour count.
        sqlx::query(QUOTA_LOCK)
            .bind(code.quota_key.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let limits = sqlx::query(LIMITS)
            .bind(code.quota_key.as_str())
            .bind(code.binding.as_str())
            .bind(now - DAY_MILLIS)
            .fetch_one(&mut *tx)
            .await?;
        if let Some(refused) = refusal(code, &limits)? {
            return Ok(refused);
        }
        let records = bind_record(sqlx::query(RECORD_CODE), code, audit);
        records.execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Issued::Accepted)
    }

    async fn check_code(&self, binding: &str, digest: &[u8], now: Timestamp) -> Result<CodeCheck> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(
            "SELECT id, digest, expires_at, destination, used_at FROM codes \
             WHERE binding = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(binding)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(CodeCheck::NoCode);
        };
        let id: i64 = row.try_get("id")?;
        // Only the newest code of a binding counts: a new code replaces the older ones.
        if row.try_get::<Option<i64>, _>("used_at")?.is_some() {
            return Ok(CodeCheck::NoCode);
        }
        if ts(&row, "expires_at")? <= now {
            return Ok(CodeCheck::Expired);
        }
        let counted = sqlx::query(
            "UPDATE codes SET attempts = attempts + 1 \
             WHERE id = $1 AND used_at IS NULL AND attempts < max_attempts \
             RETURNING attempts, max_attempts",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(counted) = counted else {
            tx.commit().await?;
            return Ok(CodeCheck::TooManyAttempts);
        };
        let stored: Vec<u8> = row.try_get("digest")?;
        let outcome = if sesame_core::token::constant_time_eq(&stored, digest) {
            sqlx::query("UPDATE codes SET used_at = $2 WHERE id = $1")
                .bind(id)
                .bind(now.as_millis())
                .execute(&mut *tx)
                .await?;
            CodeCheck::Passed {
                destination: row.try_get("destination")?,
            }
        } else {
            let attempts: i64 = counted.try_get("attempts")?;
            let max: i64 = counted.try_get("max_attempts")?;
            CodeCheck::Wrong {
                remaining: max - attempts,
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

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
                channel: row.try_get("channel")?,
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

fn api_key_from_row(row: &AnyRow) -> Result<ApiKeyRecord> {
    Ok(ApiKeyRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: row.try_get("role")?,
        created_by: row.try_get("created_by")?,
        created_at: ts(row, "created_at")?,
        revoked_at: opt_ts(row, "revoked_at")?,
    })
}

const API_KEY_COLUMNS: &str = "id, name, role, created_by, created_at, revoked_at";

#[async_trait]
impl TokenRepository for SqlStore {
    async fn create_api_key(&self, key: &NewApiKey, audit: &AuditEvent) -> Result<ApiKeyRecord> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO api_keys (name, role, digest, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {API_KEY_COLUMNS}"
        ))
        .bind(key.name.as_str())
        .bind(key.role.as_str())
        .bind(key.digest.clone())
        .bind(key.created_by.as_str())
        .bind(key.created_at.as_millis())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict(e, "api key"))?;
        let record = api_key_from_row(&row)?;
        let audit = AuditEvent {
            subject: Some(format!("api_key:{}", record.id)),
            ..audit.clone()
        };
        Self::insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(record)
    }

    async fn find_api_key(&self, digest: &[u8]) -> Result<Option<ApiKeyRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {API_KEY_COLUMNS} FROM api_keys WHERE digest = $1 AND revoked_at IS NULL"
        ))
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(api_key_from_row).transpose()
    }

    async fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {API_KEY_COLUMNS} FROM api_keys ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(api_key_from_row).collect()
    }

    async fn revoke_api_key(&self, id: i64, audit: &AuditEvent) -> Result<bool> {
        let revoke =
            sqlx::query("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(audit.at.as_millis());
        self.change_with_audit(revoke, audit).await
    }

    async fn create_session(&self, session: &NewSession) -> Result<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO sessions (user_id, digest, source, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(session.user_id)
        .bind(session.digest.clone())
        .bind(session.source.clone())
        .bind(session.created_at.as_millis())
        .fetch_one(&self.writer)
        .await
        .map_err(|e| conflict(e, "session"))?;
        Ok(id)
    }

    async fn find_session_user(
        &self,
        digest: &[u8],
    ) -> Result<Option<(SessionRecord, UserRecord)>> {
        let row = sqlx::query(&format!(
            "SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, {USER_COLUMNS}, \
             (SELECT {} FROM user_groups g WHERE g.user_id = u.id) AS groups \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.digest = $1 AND s.revoked_at IS NULL",
            self.backend.group_concat()
        ))
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            let user = user_from_row(&row)?;
            let session = SessionRecord {
                id: row.try_get("session_id")?,
                user_id: user.id,
                created_at: ts(&row, "session_created_at")?,
                last_seen_at: ts(&row, "last_seen_at")?,
            };
            Ok((session, user))
        })
        .transpose()
    }

    async fn touch_session(&self, id: i64, now: Timestamp) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id = $1 AND last_seen_at < $2")
            .bind(id)
            .bind(now.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn revoke_session(&self, id: i64, now: Timestamp) -> Result<bool> {
        let done =
            sqlx::query("UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
                .bind(id)
                .bind(now.as_millis())
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        keep: Option<i64>,
        now: Timestamp,
    ) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE sessions SET revoked_at = $2 \
             WHERE user_id = $1 AND revoked_at IS NULL AND ($3 IS NULL OR id <> $3)",
        )
        .bind(user_id)
        .bind(now.as_millis())
        .bind(keep)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }
}

#[async_trait]
impl PropertyRepository for SqlStore {
    async fn stored_properties(&self) -> Result<Vec<(String, String)>> {
        let rows = sqlx::query("SELECT key, value FROM properties ORDER BY key")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("key")?, row.try_get("value")?)))
            .collect()
    }

    async fn stored_property(&self, key: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM properties WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn set_property(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO properties (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, \
             updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(audit.actor.as_str())
        .bind(audit.at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn counter_from_row(row: &AnyRow) -> Result<CounterState> {
    Ok(CounterState {
        failures: row.try_get("failures")?,
        locked_until: opt_ts(row, "locked_until")?,
    })
}

#[async_trait]
impl CounterRepository for SqlStore {
    async fn counter(&self, scope: &str, subject: &str) -> Result<CounterState> {
        let row = sqlx::query(
            "SELECT failures, locked_until FROM attempt_counters WHERE scope = $1 AND subject = $2",
        )
        .bind(scope)
        .bind(subject)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row
            .as_ref()
            .map(counter_from_row)
            .transpose()?
            .unwrap_or_default())
    }

    async fn begin_attempt(
        &self,
        scope: &str,
        subject: &str,
        limit: &AttemptLimit,
        now: Timestamp,
    ) -> Result<CounterState> {
        // One statement, so concurrent attempts (also from other nodes) each get their own
        // number, and one past the limit locks at once. SET expressions read the old row.
        let row = sqlx::query(
            "INSERT INTO attempt_counters (scope, subject, failures, locked_until, updated_at) \
             VALUES ($1, $2, 1, NULL, $3) \
             ON CONFLICT (scope, subject) DO UPDATE SET \
               failures = CASE \
                 WHEN attempt_counters.locked_until IS NOT NULL \
                      AND attempt_counters.locked_until <= $3 THEN 1 \
                 WHEN attempt_counters.locked_until IS NOT NULL THEN attempt_counters.failures \
                 ELSE attempt_counters.failures + 1 END, \
               locked_until = CASE \
                 WHEN attempt_counters.locked_until IS NOT NULL \
                      AND attempt_counters.locked_until <= $3 THEN NULL \
                 WHEN attempt_counters.locked_until IS NOT NULL \
                   THEN attempt_counters.locked_until \
                 WHEN attempt_counters.failures + 1 > $4 THEN $5 \
                 ELSE NULL END, \
               updated_at = $3 \
             RETURNING failures, locked_until",
        )
        .bind(scope)
        .bind(subject)
        .bind(now.as_millis())
        .bind(limit.max_failures)
        .bind(now.plus_minutes(limit.lockout_minutes).as_millis())
        .fetch_one(&self.writer)
        .await?;
        counter_from_row(&row)
    }

    async fn finish_attempt(
        &self,
        scope: &str,
        subject: &str,
        attempt: &CounterState,
        passed: bool,
        limit: &AttemptLimit,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        if passed {
            sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND subject = $2")
                .bind(scope)
                .bind(subject)
                .execute(&mut *tx)
                .await?;
        } else if attempt.failures >= limit.max_failures {
            sqlx::query(
                "UPDATE attempt_counters SET locked_until = $3, updated_at = $4 \
                 WHERE scope = $1 AND subject = $2 AND locked_until IS NULL",
            )
            .bind(scope)
            .bind(subject)
            .bind(now.plus_minutes(limit.lockout_minutes).as_millis())
            .bind(now.as_millis())
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn clear_counter(&self, scope: &str, subject: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM attempt_counters WHERE scope = $1 AND subject = $2")
            .bind(scope)
            .bind(subject)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn reset_subject(&self, subject: &str) -> Result<u64> {
        let done = sqlx::query("DELETE FROM attempt_counters WHERE subject = $1")
            .bind(subject)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
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
                    result: row.try_get("result")?,
                    source: row.try_get("source")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect::<Result<_>>()?;
        Ok(Page { items, total })
    }

    async fn purge_audit(&self, before: Timestamp) -> Result<u64> {
        let done = sqlx::query("DELETE FROM audit_log WHERE at < $1")
            .bind(before.as_millis())
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}

fn process_from_row(row: &AnyRow) -> Result<ProcessRecord> {
    Ok(ProcessRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        definition: row.try_get("definition")?,
        active: row.try_get::<i64, _>("active")? != 0,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

const PROCESS_COLUMNS: &str = "id, name, definition, active, created_at, updated_at";

#[async_trait]
impl ProcessRepository for SqlStore {
    async fn list_processes(&self) -> Result<Vec<ProcessRecord>> {
        let rows = sqlx::query(&format!(
            "SELECT {PROCESS_COLUMNS} FROM processes ORDER BY id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(process_from_row).collect()
    }

    async fn find_process(&self, id: &str) -> Result<Option<ProcessRecord>> {
        let row = sqlx::query(&format!(
            "SELECT {PROCESS_COLUMNS} FROM processes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(process_from_row).transpose()
    }

    async fn create_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO processes (id, name, definition, active, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(process.id.as_str())
        .bind(process.name.as_str())
        .bind(process.definition.as_str())
        .bind(i64::from(process.active))
        .bind(process.created_at.as_millis())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "process"))?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn update_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<bool> {
        let update = sqlx::query(
            "UPDATE processes SET name = $2, definition = $3, active = $4, updated_at = $5 \
             WHERE id = $1",
        )
        .bind(process.id.as_str())
        .bind(process.name.as_str())
        .bind(process.definition.as_str())
        .bind(i64::from(process.active))
        .bind(process.updated_at.as_millis());
        self.change_with_audit(update, audit).await
    }
}

impl SqlStore {
    async fn store_password(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        hash: &str,
        history_keep: i64,
        at: Timestamp,
    ) -> Result<()> {
        // The password being replaced joins the history first, if it is not there yet
        // (a password an administrator set never passed through here).
        sqlx::query(
            "INSERT INTO secret_history (user_id, kind, secret, created_at) \
             SELECT id, 'password', password_hash, $2 FROM users u \
             WHERE id = $1 AND password_hash IS NOT NULL AND NOT EXISTS \
               (SELECT 1 FROM secret_history h WHERE h.user_id = u.id \
                AND h.kind = 'password' AND h.secret = u.password_hash)",
        )
        .bind(user_id)
        .bind(at.as_millis())
        .execute(&mut *conn)
        .await?;
        sqlx::query("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(user_id)
            .bind(hash)
            .bind(at.as_millis())
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "INSERT INTO secret_history (user_id, kind, secret, created_at) \
             VALUES ($1, 'password', $2, $3)",
        )
        .bind(user_id)
        .bind(hash)
        .bind(at.as_millis())
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "DELETE FROM secret_history WHERE user_id = $1 AND kind = 'password' AND id NOT IN \
             (SELECT id FROM secret_history WHERE user_id = $1 AND kind = 'password' \
              ORDER BY id DESC LIMIT $2)",
        )
        .bind(user_id)
        .bind(history_keep)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }
}

#[async_trait]
impl ResetRepository for SqlStore {
    async fn create_reset(&self, reset: &NewReset, audit: &AuditEvent) -> Result<i64> {
        let mut tx = self.writer.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reset_requests \
               (digest, process_id, user_id, subject, agent, state, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
        )
        .bind(reset.digest.clone())
        .bind(reset.process_id.as_str())
        .bind(reset.user_id)
        .bind(reset.subject.as_str())
        .bind(reset.agent.clone())
        .bind(reset.created_at.as_millis())
        .bind(reset.expires_at.as_millis())
        .fetch_one(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn find_reset(&self, digest: &[u8]) -> Result<Option<ResetRecord>> {
        let Some(row) = sqlx::query(
            "SELECT id, process_id, user_id, subject, agent, state, created_at, expires_at \
             FROM reset_requests WHERE digest = $1",
        )
        .bind(digest.to_vec())
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let id: i64 = row.try_get("id")?;
        let steps = sqlx::query(
            "SELECT verification_id, posed, posed_at, result FROM reset_steps \
             WHERE reset_id = $1 \
             ORDER BY verification_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|step| {
            Ok(ResetStep {
                verification_id: step.try_get("verification_id")?,
                posed: step.try_get("posed")?,
                posed_at: opt_ts(step, "posed_at")?,
                result: step.try_get("result")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(Some(ResetRecord {
            id,
            process_id: row.try_get("process_id")?,
            user_id: row.try_get("user_id")?,
            subject: row.try_get("subject")?,
            agent: row.try_get("agent")?,
            state: row.try_get("state")?,
            created_at: ts(&row, "created_at")?,
            expires_at: ts(&row, "expires_at")?,
            steps,
        }))
    }

    async fn pose_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        posed: Option<&str>,
        at: Timestamp,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO reset_steps (reset_id, verification_id, posed, posed_at, result) \
             VALUES ($1, $2, $3, $4, 'posed') \
             ON CONFLICT (reset_id, verification_id) DO UPDATE SET \
               posed = excluded.posed, posed_at = excluded.posed_at, result = 'posed'",
        )
        .bind(reset_id)
        .bind(verification_id)
        .bind(posed.map(str::to_owned))
        .bind(at.as_millis())
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn finish_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        passed: bool,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let open = if passed {
            sqlx::query("SELECT id FROM reset_requests WHERE id = $1 AND state = 'open'")
                .bind(reset_id)
                .fetch_optional(&mut *tx)
                .await?
                .is_some()
        } else {
            sqlx::query(
                "UPDATE reset_requests SET state = 'failed', finished_at = $2 \
                 WHERE id = $1 AND state = 'open'",
            )
            .bind(reset_id)
            .bind(at.as_millis())
            .execute(&mut *tx)
            .await?
            .rows_affected()
                > 0
        };
        if open {
            sqlx::query(
                "INSERT INTO reset_steps (reset_id, verification_id, result) VALUES ($1, $2, $3) \
                 ON CONFLICT (reset_id, verification_id) DO UPDATE SET result = excluded.result",
            )
            .bind(reset_id)
            .bind(verification_id)
            .bind(if passed { "passed" } else { "failed" })
            .execute(&mut *tx)
            .await?;
        }
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(open)
    }

    async fn complete_reset(&self, complete: &CompleteReset, audit: &AuditEvent) -> Result<bool> {
        let mut tx = self.writer.begin().await?;
        let claimed = sqlx::query(
            "UPDATE reset_requests SET state = 'done', finished_at = $2 \
             WHERE id = $1 AND state = 'open'",
        )
        .bind(complete.reset_id)
        .bind(complete.at.as_millis())
        .execute(&mut *tx)
        .await?
        .rows_affected()
            > 0;
        if !claimed {
            return Ok(false);
        }
        if let Some((hash, keep)) = &complete.password {
            Self::store_password(&mut tx, complete.user_id, hash, *keep, complete.at).await?;
        }
        sqlx::query(
            "UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(complete.user_id)
        .bind(complete.at.as_millis())
        .execute(&mut *tx)
        .await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        history_keep: i64,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()> {
        let mut tx = self.writer.begin().await?;
        Self::store_password(&mut tx, user_id, hash, history_keep, at).await?;
        Self::insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn reset_summary(&self, since: Timestamp, until: Timestamp) -> Result<ResetSummary> {
        let (since, until) = (since.as_millis(), until.as_millis());
        let count = |sql: &'static str| {
            sqlx::query_scalar::<_, i64>(sql)
                .bind(since)
                .bind(until)
                .fetch_one(&self.pool)
        };
        let started =
            count("SELECT COUNT(*) FROM reset_requests WHERE created_at >= $1 AND created_at < $2")
                .await?;
        let succeeded = count(
            "SELECT COUNT(*) FROM reset_requests \
             WHERE state = 'done' AND created_at >= $1 AND created_at < $2",
        )
        .await?;
        let failed = count(
            "SELECT COUNT(*) FROM reset_requests \
             WHERE state = 'failed' AND created_at >= $1 AND created_at < $2",
        )
        .await?;
        let users_blocked = count(
            "SELECT COUNT(DISTINCT subject) FROM audit_log \
             WHERE action = 'reset.blocked' AND at >= $1 AND at < $2",
        )
        .await?;
        let failed_verifications = sqlx::query(
            "SELECT s.verification_id, COUNT(*) AS n FROM reset_steps s \
             JOIN reset_requests r ON r.id = s.reset_id \
             WHERE s.result = 'failed' AND r.created_at >= $1 AND r.created_at < $2 \
             GROUP BY s.verification_id ORDER BY s.verification_id",
        )
        .bind(since)
        .bind(until)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("verification_id")?, row.try_get("n")?)))
        .collect::<Result<Vec<_>>>()?;
        let enrollments_by_type = sqlx::query(
            "SELECT kind, COUNT(*) AS n FROM enrollments WHERE state = 'active' \
             GROUP BY kind ORDER BY kind",
        )
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("kind")?, row.try_get("n")?)))
        .collect::<Result<Vec<_>>>()?;
        Ok(ResetSummary {
            started,
            succeeded,
            failed,
            failed_verifications,
            users_blocked,
            enrollments_by_type,
        })
    }
}

#[async_trait]
impl Store for SqlStore {
    async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
