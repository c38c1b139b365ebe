//! `sesame users import FILE` and the administration pages' import: users from CSV or
//! JSON lines, all or nothing.
//!
//! Every row is checked first (fields, duplicates within the file and against the
//! directory, the password policy); if any row is bad, the problems are reported with
//! their line numbers (the first [`PROBLEMS_KEPT`] of them, and how many in all) and nothing
//! is written. Otherwise all rows go in one transaction, written in batches. The file is
//! read a row at a time, twice, so memory does not grow with it beyond a few bytes a row
//! (digests of user names and employee ids, to find repeats), even when every row is bad.

use std::collections::hash_map::{Entry, HashMap};
use std::collections::{BinaryHeap, HashSet};
use std::hash::{BuildHasher, RandomState};
use std::io::BufRead;
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
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

/// How many problems a refused import reports; the others are counted.
pub const PROBLEMS_KEPT: usize = 1_000;

/// Why nothing was imported: the problems of the first lines, in line order (at most
/// [`PROBLEMS_KEPT`]), and how many problems there are in all.
#[derive(Debug, Default)]
pub struct Refused {
    pub problems: Vec<LineProblem>,
    pub total: usize,
}

/// The problems found so far: those of the lowest lines, and a count of all.
#[derive(Default)]
struct Problems {
    lowest: BinaryHeap<LineProblem>,
    total: usize,
}

impl Problems {
    fn push(&mut self, problem: LineProblem) {
        self.total += 1;
        self.lowest.push(problem);
        if self.lowest.len() > PROBLEMS_KEPT {
            self.lowest.pop();
        }
    }

    /// Counts a problem too far down the file to be listed.
    fn count_unlisted(&mut self) {
        self.total += 1;
    }

    fn is_empty(&self) -> bool {
        self.total == 0
    }

    fn refused(self) -> Refused {
        Refused {
            problems: self.lowest.into_sorted_vec(),
            total: self.total,
        }
    }
}

impl Extend<LineProblem> for Problems {
    fn extend<I: IntoIterator<Item = LineProblem>>(&mut self, problems: I) {
        for problem in problems {
            self.push(problem);
        }
    }
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
fn is_json_lines(name: &str, start: &[u8]) -> bool {
    let extension = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "jsonl" | "ndjson" | "json" => true,
        "csv" => false,
        _ => start.trim_ascii_start().starts_with(b"{"),
    }
}

/// One row of the file, or what is wrong with it.
enum Read {
    Row(usize, Row),
    Problem(LineProblem),
}

/// The rows of the file one at a time, so that no more than a row is held.
fn rows<'a>(
    json_lines: bool,
    reader: impl BufRead + Send + 'a,
) -> Box<dyn Iterator<Item = std::io::Result<Read>> + Send + 'a> {
    if json_lines {
        return Box::new(reader.lines().enumerate().filter_map(|(index, line)| {
            let line = match line {
                Ok(line) => line,
                Err(e) => return Some(Err(e)),
            };
            if line.trim().is_empty() {
                return None;
            }
            Some(Ok(match serde_json::from_str::<Row>(&line) {
                Ok(row) => Read::Row(index + 1, row),
                Err(e) => Read::Problem(LineProblem {
                    line: index + 1,
                    message: format!("not a valid user object: {e}"),
                }),
            }))
        }));
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => return Box::new(std::iter::once(csv_problem(e))),
    };
    Box::new(reader.into_records().map(move |record| {
        let record = match record {
            Ok(record) => record,
            Err(e) => return csv_problem(e),
        };
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        match record.deserialize::<Row>(Some(&headers)) {
            Ok(row) => Ok(Read::Row(line, row)),
            Err(e) => Ok(Read::Problem(LineProblem {
                line,
                message: csv_message(&e),
            })),
        }
    }))
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => e.to_string(),
    }
}

/// A CSV error: a problem with a line, or the file that could not be read.
fn csv_problem(e: csv::Error) -> std::io::Result<Read> {
    let line = e
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
    let message = csv_message(&e);
    match e.into_kind() {
        csv::ErrorKind::Io(io) => Err(io),
        _ => Ok(Read::Problem(LineProblem { line, message })),
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

/// Users written per statement batch while importing.
const BATCH: usize = 1_000;

/// Imports the file; returns how many users were created, or why none were. The file is
/// read row by row, twice (checked, then written), never held whole.
pub async fn import_users(
    services: &Services,
    path: &Path,
    actor: &str,
) -> anyhow::Result<Result<usize, Refused>> {
    let cannot_read = |e: std::io::Error| anyhow::anyhow!("cannot read {}: {e}", path.display());
    std::fs::File::open(path).map_err(cannot_read)?;
    let open = || std::fs::File::open(path).map(std::io::BufReader::new);
    let actor = Actor {
        name: actor,
        source: None,
    };
    import_from(services, &path.display().to_string(), &open, actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

/// Imports the text of a file called `name` (CSV, or JSON lines by its extension or first
/// character); returns how many users were created, or why none were. Passwords are
/// hashed on the hashing pool.
pub async fn import_text(
    services: &Services,
    name: &str,
    text: &str,
    actor: Actor<'_>,
) -> ServiceResult<Result<usize, Refused>> {
    let open = || std::io::Result::Ok(text.as_bytes());
    import_from(services, name, &open, actor).await
}

/// A value already seen in the file, by a keyed digest (a few bytes a row, however long
/// the file), and the line it was first seen on.
struct Seen {
    digests: HashMap<u64, usize>,
    hasher: RandomState,
}

impl Seen {
    fn new() -> Self {
        Self {
            digests: HashMap::new(),
            hasher: RandomState::new(),
        }
    }

    /// The line a value with the same digest was first seen on, or `None` (and it is
    /// remembered as seen on `line`).
    fn first(&mut self, value: &str, line: usize) -> Option<usize> {
        match self.digests.entry(self.hasher.hash_one(value)) {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(line);
                None
            }
        }
    }
}

/// What a row may repeat from an earlier one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unique {
    Username,
    EmployeeId,
}

/// A row whose user name or employee id has the digest of one on an earlier line: the same
/// value, unless the digests merely collide (confirmed on a second reading).
struct Repeat {
    line: usize,
    first: usize,
    what: Unique,
    value: String,
}

/// The problem of a row whose user name or employee id is taken already, if it is.
async fn in_use(
    services: &Services,
    what: Unique,
    value: &str,
    line: usize,
) -> ServiceResult<Option<LineProblem>> {
    let store = services.store();
    let message = match what {
        Unique::EmployeeId => store
            .find_user_by_employee_id(value)
            .await?
            .map(|_| format!("employee id {value} already belongs to a user")),
        Unique::Username => store
            .find_user(&sesame_core::identity::subject_key(value))
            .await?
            .map(|_| format!("user {value} already exists")),
    };
    Ok(message.map(|message| LineProblem { line, message }))
}

/// Imports the file that `open` reads from its beginning (once per reading).
async fn import_from<R: BufRead + Send>(
    services: &Services,
    name: &str,
    open: &(impl Fn() -> std::io::Result<R> + Sync),
    actor: Actor<'_>,
) -> ServiceResult<Result<usize, Refused>> {
    let unreadable = |e: std::io::Error| ServiceError::internal(format!("cannot read {name}: {e}"));
    let now = services.now();
    let json_lines = {
        let mut reader = open().map_err(unreadable)?;
        is_json_lines(name, reader.fill_buf().map_err(unreadable)?)
    };

    // First reading: every row is checked; nothing is kept but digests, problems and the
    // lines that repeat an earlier one (as many as could still be reported).
    let mut problems = Problems::default();
    let mut usernames = Seen::new();
    let mut employee_ids = Seen::new();
    let mut repeats = Vec::new();
    for read in rows(json_lines, open().map_err(unreadable)?) {
        let (line, row) = match read.map_err(unreadable)? {
            Read::Row(line, row) => (line, row),
            Read::Problem(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let user = match check_row(line, row, now) {
            Ok(parsed) => parsed.user,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let mut unique = vec![(Unique::Username, user.username.to_string(), &mut usernames)];
        if let Some(employee_id) = &user.employee_id {
            unique.insert(
                0,
                (
                    Unique::EmployeeId,
                    employee_id.as_str().to_owned(),
                    &mut employee_ids,
                ),
            );
        }
        for (what, value, seen) in unique {
            let key = match what {
                Unique::Username => user.username.key(),
                Unique::EmployeeId => value.clone(),
            };
            match seen.first(&key, line) {
                // Past so many, a repeat's line is too far down to be reported: it is
                // counted without the second reading that tells it from a digest collision.
                Some(_) if repeats.len() == PROBLEMS_KEPT => problems.count_unlisted(),
                Some(first) => repeats.push(Repeat {
                    line,
                    first,
                    what,
                    value,
                }),
                None => problems.extend(in_use(services, what, &value, line).await?),
            }
        }
    }
    if !repeats.is_empty() {
        // The values on the lines repeated, read again to tell a repeat from a collision.
        let wanted: HashSet<usize> = repeats.iter().map(|r| r.first).collect();
        let mut values: HashMap<(usize, bool), String> = HashMap::new();
        for read in rows(json_lines, open().map_err(unreadable)?) {
            if let Read::Row(line, row) = read.map_err(unreadable)? {
                if wanted.contains(&line) {
                    if let Ok(parsed) = check_row(line, row, now) {
                        values.insert((line, true), parsed.user.username.key());
                        if let Some(id) = parsed.user.employee_id {
                            values.insert((line, false), id.as_str().to_owned());
                        }
                    }
                }
            }
        }
        for repeat in repeats {
            let key = match repeat.what {
                Unique::Username => sesame_core::identity::subject_key(&repeat.value),
                Unique::EmployeeId => repeat.value.clone(),
            };
            let first = values.get(&(repeat.first, repeat.what == Unique::Username));
            if first == Some(&key) {
                let what = match repeat.what {
                    Unique::Username => "user",
                    Unique::EmployeeId => "employee id",
                };
                problems.push(LineProblem {
                    line: repeat.line,
                    message: format!(
                        "{what} {} already appears on line {}",
                        repeat.value, repeat.first
                    ),
                });
            } else {
                problems.extend(in_use(services, repeat.what, &repeat.value, repeat.line).await?);
            }
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems.refused()));
    }

    // Second reading: passwords are checked and hashed (the slow part, wasted if the file
    // is refused anyway, so last) and the users written in batches, in one transaction
    // that is dropped, and so rolled back, if any password is refused.
    let mut batches = services.store().begin_users().await?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut added = 0;
    for read in rows(json_lines, open().map_err(unreadable)?) {
        let (line, row) = match read.map_err(unreadable)? {
            Read::Row(line, row) => (line, row),
            Read::Problem(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut row = match check_row(line, row, now) {
            Ok(row) => row,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        if let Some(password) = row.password.take() {
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
                    continue;
                }
                Err(other) => return Err(other),
            }
        }
        if problems.is_empty() {
            batch.push(row.user);
            if batch.len() == BATCH {
                batches.add(&batch).await?;
                added += batch.len();
                batch.clear();
            }
        }
    }
    if !problems.is_empty() {
        return Ok(Err(problems.refused()));
    }
    batches.add(&batch).await?;
    added += batch.len();
    let audit = actor
        .audit(services, "user.import", None)
        .with_detail(serde_json::json!({ "file": name, "users": added }).to_string());
    Ok(Ok(batches.commit(&audit).await?))
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
