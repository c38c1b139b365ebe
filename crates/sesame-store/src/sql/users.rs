//! Users, their groups, and the users copied from a directory.

use async_trait::async_trait;
use sesame_core::Timestamp;

use sqlx::Row;

use super::{bulk, conflict, opt_ts, parsed, ts, Columns, SqlStore, GROUP_SEPARATOR};
use crate::EnrollmentState;
use crate::{
    AuditEvent, EnrollmentRecord, NewUser, Page, Result, StoreError, SyncOutcome, UserBatches,
    UserChange, UserFilter, UserRecord, UserRepository, UserSearch,
};
use sesame_core::identity::{GroupName, UserSource, UserStatus, Username};
use sesame_core::verification::Kind;

pub(super) const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.email, u.phone, u.employee_id, u.language, \
     u.status, u.source, u.password_hash, u.created_at, u.updated_at";

pub(super) fn user_from_row(row: &impl Columns) -> Result<UserRecord> {
    let groups = row.opt_text("groups")?;
    let mut groups: Vec<String> = groups
        .map(|g| g.split(GROUP_SEPARATOR).map(str::to_owned).collect())
        .unwrap_or_default();
    groups.sort();
    Ok(UserRecord {
        id: row.int("id")?,
        username: parsed(row, "username", |t| Username::parse(t).ok())?,
        display_name: row.text("display_name")?,
        email: row.opt_text("email")?,
        phone: row.opt_text("phone")?,
        employee_id: row.opt_text("employee_id")?,
        language: row.text("language")?,
        status: parsed(row, "status", |t| UserStatus::parse(t).ok())?,
        source: parsed(row, "source", UserSource::parse)?,
        groups,
        password_hash: row.opt_text("password_hash")?,
        created_at: ts(row, "created_at")?,
        updated_at: ts(row, "updated_at")?,
    })
}

/// Whether a directory user copied earlier already holds what the directory has now (and
/// is active), so that a sync leaves them alone.
fn same_as_directory(known: &UserRecord, user: &NewUser) -> bool {
    let mut groups: Vec<&str> = user.groups.iter().map(GroupName::as_str).collect();
    groups.sort_unstable();
    groups.dedup();
    known.status == UserStatus::Active
        && known.display_name == user.display_name.as_str()
        && known.email.as_deref() == user.email.as_ref().map(|e| e.as_str())
        && known.phone.as_deref() == user.phone.as_ref().map(|p| p.as_str())
        && known.employee_id.as_deref() == user.employee_id.as_ref().map(|e| e.as_str())
        && known.groups.iter().map(String::as_str).eq(groups)
}

/// A row of a user joined with one of their enrollments, if any.
fn user_with_enrollment(row: &impl Columns) -> Result<(UserRecord, Option<EnrollmentRecord>)> {
    let enrollment = match row.opt_text("e_verification_id")? {
        Some(_) => Some(enrollment_from_row(row, "e_")?),
        None => None,
    };
    Ok((user_from_row(row)?, enrollment))
}

/// An enrollment from a row whose enrollment columns are named with `prefix`.
fn enrollment_from_row(row: &impl Columns, prefix: &str) -> Result<EnrollmentRecord> {
    let column = |name: &str| format!("{prefix}{name}");
    Ok(EnrollmentRecord {
        verification_id: row.text(&column("verification_id"))?,
        kind: parsed(row, &column("kind"), Kind::parse)?,
        state: parsed(row, &column("state"), EnrollmentState::parse)?,
        created_at: ts(row, &column("created_at"))?,
        updated_at: ts(row, &column("updated_at"))?,
        expires_at: opt_ts(row, &column("expires_at"))?,
        destination: row.opt_text(&column("destination"))?,
    })
}

/// A `LIKE` pattern for values containing `text` as it is (`\\`, `%` and `_` escaped).
fn contains(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
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
        let sql = format!(
            "INSERT INTO users ({}) VALUES {} RETURNING id",
            bulk::USER_COLUMNS.join(", "),
            bulk::placeholders(1, bulk::USER_COLUMNS.len())
        );
        let id: i64 = bulk::bind_values(sqlx::query(&sql), bulk::user_values(user))
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| conflict(e, "username"))?
            .try_get("id")?;
        Self::add_groups(conn, id, &user.groups).await?;
        Ok(id)
    }

    /// Makes a user's groups exactly `groups`.
    async fn replace_groups(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        groups: &[GroupName],
    ) -> Result<()> {
        sqlx::query("DELETE FROM user_groups WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
        Self::add_groups(conn, user_id, groups).await
    }

    async fn add_groups(
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        groups: &[GroupName],
    ) -> Result<()> {
        for group in groups {
            sqlx::query(
                "INSERT INTO user_groups (user_id, group_name) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(group.as_str())
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// Users created in one open transaction; rolled back when dropped uncommitted.
struct SqlUserBatches {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    added: usize,
}

#[async_trait]
impl UserBatches for SqlUserBatches {
    async fn add(&mut self, users: &[NewUser]) -> Result<()> {
        for user in users {
            SqlStore::insert_user(&mut self.tx, user).await?;
        }
        self.added += users.len();
        Ok(())
    }

    async fn commit(mut self: Box<Self>, audit: &AuditEvent) -> Result<usize> {
        SqlStore::insert_audit(&mut self.tx, audit).await?;
        self.tx.commit().await?;
        Ok(self.added)
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

    async fn begin_users(&self) -> Result<Box<dyn UserBatches>> {
        Ok(Box::new(SqlUserBatches {
            tx: self.writer.begin().await?,
            added: 0,
        }))
    }

    async fn find_user(&self, username_key: &str) -> Result<Option<UserRecord>> {
        let row = sqlx::query(&self.user_select("u.username_key = $1"))
            .bind(username_key)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user_by_employee_id(&self, employee_id: &str) -> Result<Option<UserRecord>> {
        let row = sqlx::query(&self.user_select("u.employee_id = $1"))
            .bind(employee_id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    async fn find_user_with_enrollments(
        &self,
        username_key: &str,
    ) -> Result<Option<(UserRecord, Vec<EnrollmentRecord>)>> {
        // One row per enrollment (one with empty enrollment columns when there is none).
        let sql = format!(
            "SELECT {USER_COLUMNS}, \
             (SELECT {} FROM user_groups g WHERE g.user_id = u.id) AS groups, \
             e.verification_id AS e_verification_id, e.kind AS e_kind, e.state AS e_state, \
             e.created_at AS e_created_at, e.updated_at AS e_updated_at, \
             e.expires_at AS e_expires_at, e.destination AS e_destination \
             FROM users u LEFT JOIN enrollments e ON e.user_id = u.id \
             WHERE u.username_key = $1 ORDER BY e.verification_id",
            self.backend.group_concat()
        );
        let rows = match &self.point_reads {
            Some(reader) => reader.rows(&sql, [username_key], |row| user_with_enrollment(row))?,
            None => sqlx::query(&sql)
                .bind(username_key)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(user_with_enrollment)
                .collect::<Result<_>>()?,
        };
        let mut rows = rows.into_iter();
        let Some((user, first)) = rows.next() else {
            return Ok(None);
        };
        let enrollments = first
            .into_iter()
            .chain(rows.filter_map(|(_, e)| e))
            .collect();
        Ok(Some((user, enrollments)))
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

    async fn find_users_by_phone(&self, e164: &str, limit: i64) -> Result<Vec<UserRecord>> {
        let rows = sqlx::query(&format!(
            "{} ORDER BY u.id LIMIT $2",
            self.user_select("u.phone = $1")
        ))
        .bind(e164)
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

    async fn search_users(&self, search: &UserSearch) -> Result<Vec<UserRecord>> {
        let condition = "u.username_key LIKE $1 ESCAPE '\\' \
             OR LOWER(u.display_name) LIKE $1 ESCAPE '\\' \
             OR u.email_key LIKE $1 ESCAPE '\\' \
             OR LOWER(u.employee_id) LIKE $1 ESCAPE '\\' \
             OR ($2 IS NOT NULL AND u.phone LIKE $2 ESCAPE '\\')";
        let rows = sqlx::query(&format!(
            "{} ORDER BY u.username_key LIMIT $3 OFFSET $4",
            self.user_select(&format!("({condition})"))
        ))
        .bind(contains(&search.text))
        .bind(search.digits.as_deref().map(contains))
        .bind(search.limit)
        .bind(search.offset)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_from_row).collect()
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
        let (set_employee_id, employee_id) = match &change.employee_id {
            Some(id) => (1i64, id.as_ref().map(|e| e.as_str().to_owned())),
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
               updated_at = COALESCE($11, updated_at), \
               employee_id = CASE WHEN $12 = 1 THEN $13 ELSE employee_id END \
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
        .bind(set_employee_id)
        .bind(employee_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict(e, "user"))?;
        if let Some(groups) = &change.groups {
            Self::replace_groups(&mut tx, id, groups).await?;
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
            let existing = sqlx::query(&self.user_select("u.username_key = $1"))
                .bind(user.username.key())
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(user_from_row)
                .transpose()?;
            let id = match existing {
                Some(known) if known.source != UserSource::Ldap => {
                    outcome.skipped.push(user.username.as_str().to_owned());
                    continue;
                }
                Some(known) if same_as_directory(&known, user) => known.id,
                Some(UserRecord { id, .. }) => {
                    sqlx::query(
                        "UPDATE users SET display_name = $2, email = $3, email_key = $4, \
                         phone = $5, status = 'active', updated_at = $6, employee_id = $7 \
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind(user.display_name.as_str())
                    .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
                    .bind(user.email.as_ref().map(|e| e.key()))
                    .bind(user.phone.as_ref().map(|p| p.as_str().to_owned()))
                    .bind(user.created_at.as_millis())
                    .bind(user.employee_id.as_ref().map(|e| e.as_str().to_owned()))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| conflict(e, "user"))?;
                    Self::replace_groups(&mut tx, id, &user.groups).await?;
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
            .map(|row| enrollment_from_row(row, ""))
            .collect()
    }
}
