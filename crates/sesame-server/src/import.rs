//! `sesame users import FILE` and the administration pages' import: users from CSV or
//! JSON lines, all or nothing.
//!
//! Every row is checked first (fields, duplicates within the file and against the
//! directory, the password policy); if any row is bad, every problem is reported with its
//! line number and nothing is written. Otherwise all rows go in one transaction.

use std::collections::HashMap;
use std::path::Path;

use secrecy::SecretString;
use serde::Deserialize;
use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, GroupName, Language, PhoneNumber, Username,
};
use sesame_core::{Checks, Timestamp, Violation};
use sesame_store::{AuditResult, NewUser};

use crate::service::{Actor, ServiceError, ServiceResult, Services};

/// One row as written in the file. CSV files use the same names as header columns, with
/// groups separated by `;`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    username: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    employee_id: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default, deserialize_with = "groups")]
    groups: Vec<String>,
    #[serde(default)]
    password: Option<SecretString>,
}

/// Groups as a JSON list or a `;`-separated CSV cell.
fn groups<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Groups {
        List(Vec<String>),
        Text(String),
    }
    Ok(match Option::<Groups>::deserialize(d)? {
        Some(Groups::List(list)) => list,
        Some(Groups::Text(text)) => text
            .split(';')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_owned)
            .collect(),
        None => Vec::new(),
    })
}

/// A problem with one line of the file.
#[derive(Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for LineProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

struct Parsed {
    line: usize,
    user: NewUser,
    password: Option<SecretString>,
}

/// Whether a file holds JSON lines (else CSV): by the extension of its name, else by its
/// first character.
fn is_json_lines(name: &str, text: &str) -> bool {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "jsonl" | "ndjson" | "json" => true,
        "csv" => false,
        _ => text.trim_start().starts_with('{'),
    }
}

fn read_rows(name: &str, text: &str) -> Result<Vec<(usize, Row)>, Vec<LineProblem>> {
    let json_lines = is_json_lines(name, text);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    if json_lines {
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Row>(line) {
                Ok(row) => rows.push((index + 1, row)),
                Err(e) => problems.push(LineProblem {
                    line: index + 1,
                    message: format!("not a valid user object: {e}"),
                }),
            }
        }
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        for record in reader.deserialize::<Row>() {
            match record {
                Ok(row) => rows.push((0, row)),
                Err(e) => {
                    let line = e
                        .position()
                        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                    let message = match e.kind() {
                        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
                        _ => e.to_string(),
                    };
                    problems.push(LineProblem { line, message });
                }
            }
        }
        // Line numbers of good CSV rows: re-read positions (quoted cells may span lines).
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let lines: Vec<usize> = reader
            .records()
            .filter_map(|r| {
                r.ok()
                    .and_then(|r| r.position().map(|p| usize::try_from(p.line()).unwrap_or(0)))
            })
            .collect();
        let mut good = lines.into_iter();
        for row in &mut rows {
            row.0 = good.next().unwrap_or(0);
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

fn check_row(line: usize, row: Row, now: Timestamp) -> Result<Parsed, Vec<LineProblem>> {
    let mut checks = Checks::default();
    let username = checks.field(Username::parse(&row.username));
    let email = checks.optional(row.email.as_deref(), EmailAddress::parse);
    let phone = checks.optional(row.phone.as_deref(), PhoneNumber::parse);
    let employee_id = checks.optional(row.employee_id.as_deref(), EmployeeId::parse);
    let display_name = checks.field(DisplayName::parse(
        row.display_name.as_deref().unwrap_or(""),
    ));
    let language = checks.optional(row.language.as_deref(), Language::parse);
    let groups = GroupName::parse_set(&mut checks, &row.groups);
    let broken = match checks.finish() {
        Ok(()) => Vec::new(),
        Err(broken) => broken,
    };
    let problems = |broken: Vec<Violation>| {
        broken
            .into_iter()
            .map(|v| LineProblem {
                line,
                message: format!("{} ({})", v.message, v.code),
            })
            .collect()
    };
    match (username, display_name) {
        (Some(username), Some(display_name)) if broken.is_empty() => Ok(Parsed {
            line,
            user: NewUser {
                username,
                display_name,
                email,
                phone,
                employee_id,
                language: language.unwrap_or_else(Language::english),
                groups,
                password_hash: None,
                created_at: now,
            },
            password: row.password,
        }),
        _ => Err(problems(broken)),
    }
}

/// Imports the file; returns how many users were created, or every problem found.
pub async fn import_users(
    services: &Services,
    path: &Path,
    actor: &str,
) -> anyhow::Result<Result<usize, Vec<LineProblem>>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let actor = Actor {
        name: actor,
        source: None,
    };
    import_text(services, &path.display().to_string(), &text, actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Imports the text of a file called `name` (CSV, or JSON lines by its extension or first
/// character); returns how many users were created, or every problem found. Passwords are
/// hashed on the hashing pool.
pub async fn import_text(
    services: &Services,
    name: &str,
    text: &str,
    actor: Actor<'_>,
) -> ServiceResult<Result<usize, Vec<LineProblem>>> {
    let store = services.store();
    let now = services.now();
    let rows = match read_rows(name, text) {
        Ok(rows) => rows,
        Err(problems) => return Ok(Err(problems)),
    };
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    for (line, row) in rows {
        match check_row(line, row, now) {
            Ok(row) => parsed.push(row),
            Err(found) => problems.extend(found),
        }
    }
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut first_employee_line: HashMap<&str, usize> = HashMap::new();
    for row in &parsed {
        let Some(employee_id) = &row.user.employee_id else {
            continue;
        };
        if let Some(first) = first_employee_line.get(employee_id.as_str()) {
            problems.push(LineProblem {
                line: row.line,
                message: format!("employee id {employee_id} already appears on line {first}"),
            });
        } else {
            first_employee_line.insert(employee_id.as_str(), row.line);
            if store
                .find_user_by_employee_id(employee_id.as_str())
                .await?
                .is_some()
            {
                problems.push(LineProblem {
                    line: row.line,
                    message: format!("employee id {employee_id} already belongs to a user"),
                });
            }
        }
    }
    for row in &parsed {
        let key = row.user.username.key();
        if let Some(first) = first_line.get(&key) {
            problems.push(LineProblem {
                line: row.line,
                message: format!("user {} already appears on line {first}", row.user.username),
            });
        } else {
            first_line.insert(key.clone(), row.line);
            if store.find_user(&key).await?.is_some() {
                problems.push(LineProblem {
                    line: row.line,
                    message: format!("user {} already exists", row.user.username),
                });
            }
        }
    }
    // Passwords last: hashing is the slow part, and is wasted if the file is refused anyway.
    if problems.is_empty() {
        for row in &mut parsed {
            let Some(password) = row.password.take() else {
                continue;
            };
            let identity: Vec<String> = [
                Some(row.user.username.as_str().to_owned()),
                row.user.email.as_ref().map(|e| e.as_str().to_owned()),
            ]
            .into_iter()
            .flatten()
            .collect();
            match crate::service::users::policy_checked_hash(services, password, identity).await {
                Ok(hash) => row.user.password_hash = Some(hash),
                Err(ServiceError::Rules(broken)) => {
                    problems.extend(broken.into_iter().map(|v| LineProblem {
                        line: row.line,
                        message: format!("{} ({})", v.message, v.code),
                    }));
                }
                Err(other) => return Err(other),
            }
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.line);
        return Ok(Err(problems));
    }
    let users: Vec<NewUser> = parsed.into_iter().map(|row| row.user).collect();
    let audit = actor
        .audit(services, "user.import", None)
        .with_detail(serde_json::json!({ "file": name, "users": users.len() }).to_string());
    Ok(Ok(store.create_users(&users, &audit).await?))
}

/// What `sesame users sync` did: the store's counts, the directory entries it could not
/// take (with the reason) and the values it left out of entries it took.
#[derive(Debug)]
pub struct Synced {
    pub outcome: sesame_store::SyncOutcome,
    pub rejected: Vec<String>,
    /// `user: attribute left out: reason`, for values Sesame does not accept (a phone
    /// number not in international form, say); the user is taken without them.
    pub dropped: Vec<String>,
}

/// `sesame users sync`: copies the directory's users into Sesame (as `ldap` users, who
/// sign in against the directory) so they can enroll. Users already copied count as
/// updated only when something changed.
pub async fn sync_from_directory(
    state: &crate::state::AppState,
    actor: &str,
) -> Result<Synced, crate::error::AppError> {
    let directory =
        crate::service::credentials::open(state, sesame_core::process::CredentialStore::Ldap)?;
    let found = directory.list_users().await?;
    let attributes = state
        .settings()
        .ldap
        .as_ref()
        .map(|ldap| ldap.attributes.clone())
        .ok_or_else(|| ServiceError::internal("a directory without its settings"))?;
    let now = state.now();
    let mut users = Vec::new();
    let mut rejected = Vec::new();
    let mut dropped = Vec::new();
    for entry in found {
        let mut checks = Checks::default();
        let username = checks.field(Username::parse(&entry.username));
        // Profile values the directory holds in another shape are left out, not fatal,
        // and said.
        let mut left_out = |attribute: &str, broken: Violation| {
            dropped.push(format!(
                "{}: {attribute} left out: {}",
                entry.username, broken.message
            ));
        };
        let email = taken(&entry.email, EmailAddress::parse).unwrap_or_else(|broken| {
            left_out(&attributes.email, broken);
            None
        });
        let phone = taken(&entry.phone, PhoneNumber::parse).unwrap_or_else(|broken| {
            left_out(&attributes.phone, broken);
            None
        });
        let employee_id = taken(&entry.employee_id, EmployeeId::parse).unwrap_or_else(|broken| {
            left_out(&attributes.employee_id, broken);
            None
        });
        let display_name = checks.field(DisplayName::parse(
            entry.display_name.as_deref().unwrap_or(&entry.username),
        ));
        let mut groups = Vec::new();
        for group in &entry.groups {
            match GroupName::parse(group) {
                Ok(group) => groups.push(group),
                Err(broken) => dropped.push(format!(
                    "{}: group {group:?} left out: {}",
                    entry.username, broken.message
                )),
            }
        }
        match (checks.finish(), username, display_name) {
            (Ok(()), Some(username), Some(display_name)) => users.push(NewUser {
                username,
                display_name,
                email,
                phone,
                employee_id,
                language: Language::english(),
                groups,
                password_hash: None,
                created_at: now,
            }),
            (broken, _, _) => rejected.push(format!(
                "{}: {}",
                entry.username,
                broken
                    .err()
                    .unwrap_or_default()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
    let audit = state.audit(actor, "user.sync", None, AuditResult::Success, None);
    let outcome = state.store().sync_directory_users(&users, &audit).await?;
    Ok(Synced {
        outcome,
        rejected,
        dropped,
    })
}

/// A value the directory may or may not have, parsed: `Ok(None)` when it has none.
fn taken<T>(
    value: &Option<String>,
    parse: impl Fn(&str) -> Result<T, Violation>,
) -> Result<Option<T>, Violation> {
    value.as_deref().map(parse).transpose()
}
