//! Sesame's persistence.
//!
//! The rest of Sesame talks to storage only through the repository traits gathered in
//! [`Store`]. [`SqlStore`] implements them for SQLite and PostgreSQL; this is the only
//! crate that knows SQL. Every method either does what it says or returns a
//! [`StoreError`]: a database failure is never turned into "not found".
//!
//! Mutations an administrator makes take the [`AuditEvent`] that records them, and the
//! store writes both in one transaction, so a change never lands without its audit record.
//!
//! Where things are:
//! - this file: [`Store`] and the repository traits it sums, one per thing stored
//!   ([`UserRepository`], [`OutboxRepository`], ...), and [`StoreError`];
//! - `records`: the records the traits take and return;
//! - `sql/`: [`SqlStore`]. `sql/mod.rs` holds [`Backend`], connecting (migrations,
//!   SQLite's pragmas and background checkpoint) and the helpers every repository uses;
//!   each trait is implemented in the file named after its thing (`sql/users.rs`,
//!   `sql/outbox.rs`, `sql/codes.rs`, ...), and `sql/audit.rs` also writes the audit
//!   record other repositories add to their transactions, and `sql/reports.rs` the daily
//!   totals that purges move counts into;
//!   `sql/group_commit.rs` issues codes on SQLite in batches, with the binds and limits of
//!   `sql/codes.rs` (it uses that file; that file does not use it);
//! - [`testing`]: fresh databases for tests.
//!
//! A part of Sesame that needs one thing takes that trait, not the whole store: the
//! delivery worker holds an `Arc<dyn OutboxRepository>`, and an `Arc<dyn Store>` coerces
//! to it. The contract suite in `tests/contract` holds both backends to the same
//! behaviour, and checks that both migration folders make the same tables and columns.

mod records;
mod sql;
pub mod testing;

use async_trait::async_trait;
use sesame_core::Timestamp;

pub use records::*;
pub use sql::{check_ca_file, Backend, ConnectOptions, LoadedEnrollment, SqlStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken; the string names what (e.g. `username`).
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// The database could not be reached or failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database URL (expected sqlite:// or postgres://)")]
    UnsupportedUrl,
    /// A read on SQLite's direct path failed (the database could not be read).
    #[error("database read error: {0}")]
    Read(String),
    /// A stored value its type does not know (a row written by something else).
    #[error("a stored value cannot be read: {0}")]
    Corrupt(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Users being created in one transaction, a batch at a time ([`UserRepository::begin_users`]).
/// Dropped without [`UserBatches::commit`], it creates nobody.
#[async_trait]
pub trait UserBatches: Send {
    async fn add(&mut self, users: &[NewUser]) -> Result<()>;
    /// Keeps every user added and records `audit`; returns how many were added.
    async fn commit(self: Box<Self>, audit: &AuditEvent) -> Result<usize>;
}

#[async_trait]
pub trait UserRepository: Send + Sync {
    async fn create_user(&self, user: &NewUser, audit: &AuditEvent) -> Result<UserRecord>;
    /// Creates all users or none (one transaction).
    async fn create_users(&self, users: &[NewUser], audit: &AuditEvent) -> Result<usize>;
    /// Starts creating users batch by batch, all or none: for imports too large to hold
    /// at once. Nothing is kept unless [`UserBatches::commit`] is called.
    async fn begin_users(&self) -> Result<Box<dyn UserBatches>>;
    /// Looks a user up by the case-insensitive key of the user name.
    async fn find_user(&self, username_key: &str) -> Result<Option<UserRecord>>;
    async fn find_user_by_id(&self, id: i64) -> Result<Option<UserRecord>>;
    /// The user with this employee id (compared exactly), if any.
    async fn find_user_by_employee_id(&self, employee_id: &str) -> Result<Option<UserRecord>>;
    /// A user and their enrollments (by verification id), in one query.
    async fn find_user_with_enrollments(
        &self,
        username_key: &str,
    ) -> Result<Option<(UserRecord, Vec<EnrollmentRecord>)>>;
    /// Users whose profile e-mail address has this case-insensitive key (at most `limit`).
    async fn find_users_by_email(&self, email_key: &str, limit: i64) -> Result<Vec<UserRecord>>;
    /// Users whose phone number is `e164`, at most `limit`.
    async fn find_users_by_phone(&self, e164: &str, limit: i64) -> Result<Vec<UserRecord>>;
    async fn list_users(&self, filter: &UserFilter) -> Result<Page<UserRecord>>;
    /// Users matching a search (see [`UserSearch`]), in the order of their user names: at
    /// most `limit` after skipping `offset`. The users table is walked in user name order
    /// and the walk stops once the page is full, so a page costs at most the rows before it.
    async fn search_users(&self, search: &UserSearch) -> Result<Vec<UserRecord>>;
    async fn update_user(
        &self,
        username_key: &str,
        change: &UserChange,
        audit: &AuditEvent,
    ) -> Result<Option<UserRecord>>;
    async fn delete_user(&self, username_key: &str, audit: &AuditEvent) -> Result<bool>;
    async fn list_enrollments(&self, user_id: i64) -> Result<Vec<EnrollmentRecord>>;
    /// Makes the users from a directory (`source = 'ldap'`) match `users`, in one
    /// transaction: creates the new, updates the known (profile and groups, enabled
    /// again), disables those gone from the directory. Local users are never touched.
    async fn sync_directory_users(
        &self,
        users: &[NewUser],
        audit: &AuditEvent,
    ) -> Result<SyncOutcome>;
}

#[async_trait]
pub trait TokenRepository: Send + Sync {
    async fn create_api_key(&self, key: &NewApiKey, audit: &AuditEvent) -> Result<ApiKeyRecord>;
    /// An unrevoked key with this digest.
    async fn find_api_key(&self, digest: &[u8]) -> Result<Option<ApiKeyRecord>>;
    async fn list_api_keys(&self) -> Result<Vec<ApiKeyRecord>>;
    async fn revoke_api_key(&self, id: i64, audit: &AuditEvent) -> Result<bool>;

    async fn create_session(&self, session: &NewSession) -> Result<i64>;
    /// An unrevoked session with this digest and its user (expiry is the caller's rule).
    async fn find_session_user(&self, digest: &[u8])
        -> Result<Option<(SessionRecord, UserRecord)>>;
    async fn touch_session(&self, id: i64, now: Timestamp) -> Result<()>;
    async fn revoke_session(&self, id: i64, now: Timestamp) -> Result<bool>;
    /// Ends every session of a user but `keep`; returns how many ended.
    async fn revoke_user_sessions(
        &self,
        user_id: i64,
        keep: Option<i64>,
        now: Timestamp,
    ) -> Result<u64>;
}

#[async_trait]
pub trait PropertyRepository: Send + Sync {
    /// Every stored value, by key. Keys never set are absent.
    async fn stored_properties(&self) -> Result<Vec<(String, String)>>;
    async fn stored_property(&self, key: &str) -> Result<Option<String>>;
    async fn set_property(&self, key: &str, value: &str, audit: &AuditEvent) -> Result<()>;
}

/// Attempt limits, counted in the database so they hold across nodes.
///
/// An attempt is counted when it begins, before the secret is checked: concurrent
/// attempts each take a number, and one past the limit is refused at once. So no burst of
/// parallel guesses can check more secrets than the limit allows.
#[async_trait]
pub trait CounterRepository: Send + Sync {
    async fn counter(&self, scope: &str, subject: &str) -> Result<CounterState>;
    /// Counts an attempt. The returned state is locked (at `now`) when a lock is in force
    /// or this attempt is past `limit.max_failures`; then the attempt must not go on.
    /// A lock that has run out starts a fresh count.
    async fn begin_attempt(
        &self,
        scope: &str,
        subject: &str,
        limit: &AttemptLimit,
        now: Timestamp,
    ) -> Result<CounterState>;
    /// Ends a begun attempt and records `audit`, in one transaction. A pass starts the
    /// count again; the failure that reaches the limit locks the subject until
    /// `now + limit.lockout_minutes`.
    #[allow(clippy::too_many_arguments)]
    async fn finish_attempt(
        &self,
        scope: &str,
        subject: &str,
        attempt: &CounterState,
        passed: bool,
        limit: &AttemptLimit,
        now: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Counts `attempt` under each of its counters in turn and, if none is locked, acts on
    /// its answer (uses the time step) and ends it under each counter as
    /// [`finish_attempt`](Self::finish_attempt) does, with the activity records, all in one
    /// transaction: an attempt costs one commit, and nothing of its answer takes effect
    /// unless it was counted. On SQLite, concurrent attempts share a commit. The outcome
    /// under each counter that counted it, in order.
    async fn settle_attempt(&self, attempt: &SettleAttempt) -> Result<Vec<AttemptOutcome>>;
    /// Clears the counter and lock of a subject in one scope; false when there was none.
    async fn clear_counter(&self, scope: &str, subject: &str) -> Result<bool>;
    /// Clears every counter and lock of a subject, in all scopes; returns how many.
    async fn reset_subject(&self, subject: &str) -> Result<u64>;
    /// The scopes in which `subject` is locked at `now`, with the end of each lock.
    async fn locks_of(&self, subject: &str, now: Timestamp) -> Result<Vec<(String, Timestamp)>>;
}

/// Secrets of enrollments (hashed PINs, encrypted keys) and their history.
#[async_trait]
pub trait EnrollmentRepository: Send + Sync {
    async fn find_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
    ) -> Result<Option<EnrollmentSecret>>;
    /// Creates or replaces an active enrollment with its secret, appends the secret to the
    /// history of its kind (keeping the newest `history_keep`), and records `audit`, in
    /// one transaction.
    async fn save_enrollment(&self, enrollment: &SaveEnrollment, audit: &AuditEvent) -> Result<()>;
    /// [`save_enrollment`](Self::save_enrollment) for many, all or none, with one `audit`.
    async fn save_enrollments(
        &self,
        enrollments: &[SaveEnrollment],
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Users whose active enrollment in `verification_id` expires after `now` and no later
    /// than `expiring_before`, and who have not been reminded since it was set.
    async fn due_reminders(
        &self,
        verification_id: &str,
        expiring_before: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<i64>>;
    /// Records the reminder; false when another node (or an earlier run) already did.
    async fn mark_reminded(
        &self,
        user_id: i64,
        verification_id: &str,
        at: Timestamp,
    ) -> Result<bool>;
    /// The newest `limit` secrets of a kind, newest first.
    async fn secret_history(&self, user_id: i64, kind: &str, limit: u32) -> Result<Vec<String>>;
    /// Records an enrollment to be completed (a proven destination, a secret to confirm) as
    /// `pending`, replacing an earlier one of the same verification.
    async fn save_pending(&self, pending: &PendingEnrollment, audit: &AuditEvent) -> Result<()>;
    /// Turns a `pending` enrollment `active`; false when there is none pending.
    async fn activate_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<bool>;
    async fn delete_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        audit: &AuditEvent,
    ) -> Result<bool>;
}

#[async_trait]
pub trait VerificationRepository: Send + Sync {
    async fn list_verifications(&self) -> Result<Vec<VerificationRecord>>;
    async fn find_verification(&self, id: &str) -> Result<Option<VerificationRecord>>;
    /// Creates a custom verification; `Conflict` when the id is taken.
    async fn create_verification(
        &self,
        verification: &VerificationRecord,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Changes what is given; `None` when there is no such verification.
    async fn update_verification(
        &self,
        id: &str,
        params: Option<&sesame_core::verification::Params>,
        active: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<Option<VerificationRecord>>;
}

#[async_trait]
pub trait ProcessRepository: Send + Sync {
    async fn list_processes(&self) -> Result<Vec<ProcessRecord>>;
    async fn find_process(&self, id: &str) -> Result<Option<ProcessRecord>>;
    /// `Conflict` when the id is taken.
    async fn create_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<()>;
    /// Replaces name, definition and active flag; false when there is no such process.
    async fn update_process(&self, process: &ProcessRecord, audit: &AuditEvent) -> Result<bool>;
}

/// Voice services: the configuration a voice agent uses to verify callers.
#[async_trait]
pub trait VoiceServiceRepository: Send + Sync {
    async fn list_voice_services(&self) -> Result<Vec<VoiceServiceRecord>>;
    async fn find_voice_service(&self, id: &str) -> Result<Option<VoiceServiceRecord>>;
    /// `Conflict` when the id is taken.
    async fn create_voice_service(
        &self,
        service: &VoiceServiceRecord,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Replaces name and definition; false when there is no such service.
    async fn replace_voice_service(
        &self,
        service: &VoiceServiceRecord,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// False when there was no such service.
    async fn delete_voice_service(&self, id: &str, audit: &AuditEvent) -> Result<bool>;
}

/// Caller verification sessions of voice agents.
#[async_trait]
pub trait VoiceSessionRepository: Send + Sync {
    /// Creates an `open` session with empty progress, with `audit`; returns its row id.
    async fn create_voice_session(
        &self,
        session: &NewVoiceSession,
        audit: &AuditEvent,
    ) -> Result<i64>;
    /// The session with this digest.
    async fn find_voice_session(&self, digest: &[u8]) -> Result<Option<VoiceSessionRecord>>;
    /// Writes the session's user, state and progress (and `updated_at`) if its version is
    /// still `session.version`, raising the version, with `audit` if given, in one
    /// transaction. False (and nothing written) when another change came first.
    async fn update_voice_session(
        &self,
        session: &VoiceSessionRecord,
        audit: Option<&AuditEvent>,
    ) -> Result<bool>;
    /// The sessions created in `[since, until)`, for reports.
    async fn voice_sessions_between(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<VoiceSessionRecord>>;
    /// Deletes the sessions that expired before `before` and adds what `tally` counts of
    /// each to the daily totals of the day it was created, in the same transactions, one
    /// purge at a time on every node; returns how many.
    async fn purge_voice_sessions(
        &self,
        before: Timestamp,
        tally: &(dyn for<'r> Fn(&'r VoiceSessionRecord) -> Tally + Send + Sync),
    ) -> Result<u64>;
}

/// Codes service desk agents have Sesame make for callers.
#[async_trait]
pub trait AssistRepository: Send + Sync {
    /// Issues a code (and queues its SMS) with `audit`, in one transaction that first
    /// takes the assist lock, so that the user's lock, the conversation's cooldown and the
    /// rate limits hold on every node. A new code voids the conversation's older ones.
    async fn issue_assist_code(
        &self,
        code: &IssueAssistCode,
        audit: &AuditEvent,
    ) -> Result<AssistIssued>;
    async fn find_assist_code(&self, code_id: &str) -> Result<Option<AssistCodeRecord>>;
    /// Checks a code: counts it against the conversation's retries and the user's
    /// failures before comparing, in one transaction with the record `audit` makes of the
    /// outcome. A right code is used and clears both counts. `None` for an unknown code id.
    async fn check_assist_code(
        &self,
        check: &CheckAssistCode,
        audit: &(dyn Fn(AssistChecked) -> AuditEvent + Send + Sync),
    ) -> Result<Option<AssistChecked>>;
    /// Deletes the codes that expired before `before`; returns how many.
    async fn purge_assist_codes(&self, before: Timestamp) -> Result<u64>;
}

/// Reset requests: one run of a process for one identity.
#[async_trait]
pub trait ResetRepository: Send + Sync {
    async fn create_reset(&self, reset: &NewReset, audit: &AuditEvent) -> Result<i64>;
    /// The request with this digest, with its steps.
    async fn find_reset(&self, digest: &[u8]) -> Result<Option<ResetRecord>>;
    /// Records that a verification was started (with the questions posed, if any); starting
    /// it again replaces what was posed and clears an earlier result.
    async fn pose_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        posed: Option<&str>,
        at: Timestamp,
    ) -> Result<()>;
    /// Records a verification's result while the request is open. A wrong answer counts,
    /// and the one that reaches `max_wrong_answers` fails the request.
    async fn finish_step(
        &self,
        reset_id: i64,
        verification_id: &str,
        passed: bool,
        max_wrong_answers: u32,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<StepFinished>;
    /// Ends an open request successfully: stores the new local password (if any) with its
    /// history, ends every session of the user, records `audit`, in one transaction.
    /// False when the request was no longer open (nothing changed then).
    async fn complete_reset(&self, complete: &CompleteReset, audit: &AuditEvent) -> Result<bool>;
    /// Sets a user's local password and keeps it in the history, with `audit`.
    async fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        history_keep: u32,
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// Requests, failures and blocks in `[since, until)`: the records still kept, and the
    /// daily totals of purged ones for every day that begins in the period.
    async fn reset_summary(&self, since: Timestamp, until: Timestamp) -> Result<ResetSummary>;
    /// Deletes the requests (with their steps) that expired before `before`, and adds what
    /// the summary counts of them to the daily totals, in one transaction, one purge at a
    /// time on every node; returns how many requests.
    async fn purge_resets(&self, before: Timestamp) -> Result<u64>;
    /// The requests started in `[since, until)` by day (UTC) and how they stand, and the
    /// users blocked from self-service reset each day, oldest first; purged days come from
    /// their daily totals (those that begin in the period, as in the summary); days without
    /// either are left out.
    async fn reset_days(&self, since: Timestamp, until: Timestamp) -> Result<Vec<ResetDay>>;
}

/// Sealed values, for re-sealing them under a new key.
#[async_trait]
pub trait SealedRepository: Send + Sync {
    /// `(id, sealed content)` of every message whose content is still kept.
    async fn sealed_messages(&self) -> Result<Vec<(i64, Vec<u8>)>>;
    /// Replaces a message's sealed content, unless it changed (sent, erased) meanwhile.
    async fn reseal_message(&self, id: i64, old: &[u8], new: &[u8]) -> Result<bool>;
    /// `(user id, verification id, secret)` of every enrollment of `kind` with a secret.
    async fn enrollment_secrets(&self, kind: &str) -> Result<Vec<(i64, String, String)>>;
    /// Replaces an enrollment's secret, unless it changed meanwhile.
    async fn reseal_enrollment(
        &self,
        user_id: i64,
        verification_id: &str,
        old: &str,
        new: &str,
    ) -> Result<bool>;
}

/// The question bank and users' hashed answers.
#[async_trait]
pub trait QuestionRepository: Send + Sync {
    async fn list_questions(&self) -> Result<Vec<QuestionRecord>>;
    async fn create_question(
        &self,
        texts: &[(String, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<i64>;
    /// Replaces the texts given (per language) and sets `retired`; false when unknown.
    async fn update_question(
        &self,
        id: i64,
        texts: &[(String, String)],
        retired: Option<bool>,
        audit: &AuditEvent,
    ) -> Result<bool>;
    /// Replaces a user's answers and makes the enrollment active, in one transaction.
    async fn save_answers(
        &self,
        user_id: i64,
        verification_id: &str,
        answers: &[(i64, String)],
        at: Timestamp,
        audit: &AuditEvent,
    ) -> Result<()>;
    /// `(question id, answer hash)` of a user's enrollment.
    async fn answers(&self, user_id: i64, verification_id: &str) -> Result<Vec<(i64, String)>>;
}

/// One-time codes. Issuing a code queues its message in the outbox in the same
/// transaction.
#[async_trait]
pub trait CodeRepository: Send + Sync {
    /// Issues a code and queues its message, in one transaction, unless the binding's
    /// cooldown or the quota key's daily cap forbids it. Issuing locks the quota key, so
    /// the cap holds across nodes. Only the newest code of a binding can be used.
    async fn issue_code(&self, code: &IssueCode, audit: &AuditEvent) -> Result<Issued>;
    /// Checks a code digest against the newest usable code of the binding. The entry is
    /// counted before it is compared, so parallel guesses cannot exceed the code's limit.
    async fn check_code(&self, binding: &str, digest: &[u8], now: Timestamp) -> Result<CodeCheck>;
    /// Deletes the codes that expired before `before`; returns how many.
    async fn purge_codes(&self, before: Timestamp) -> Result<u64>;
}

/// Solved CAPTCHA challenges, so that each solution is accepted once on every node.
#[async_trait]
pub trait CaptchaRepository: Send + Sync {
    /// Records the challenge (its hex digest) as solved, kept until `expires_at`: `true`
    /// the first time, `false` when it was recorded before (by any node).
    async fn use_captcha_solution(&self, challenge: &str, expires_at: Timestamp) -> Result<bool>;
    /// Deletes the solutions of challenges that expired before `before`; returns how many.
    async fn purge_captcha_solutions(&self, before: Timestamp) -> Result<u64>;
}

/// The outbox: messages waiting to be delivered, and what became of them.
///
/// Requests queue messages here and return; the delivery worker claims due messages one
/// at a time and records the outcome. A message's content is sealed, and erased once it
/// is sent or given up.
#[async_trait]
pub trait OutboxRepository: Send + Sync {
    /// Queues a message that carries no code (a notice).
    async fn queue_message(&self, message: &NewMessage, now: Timestamp) -> Result<i64>;
    /// Claims the oldest due message for `lease_seconds`; two workers never hold one
    /// message at once.
    async fn claim_message(
        &self,
        now: Timestamp,
        lease_seconds: i64,
    ) -> Result<Option<OutboxMessage>>;
    /// Marks a message sent and erases its content.
    async fn message_sent(&self, id: i64, now: Timestamp) -> Result<()>;
    /// Records a failed delivery: retried at `retry_at`, or given up (content erased).
    async fn message_failed(&self, id: i64, error: &str, retry_at: Option<Timestamp>)
        -> Result<()>;
    /// Newest first; `state` filters (`queued`, `sent`, `failed`).
    async fn list_outbox(
        &self,
        state: Option<&str>,
        offset: i64,
        limit: i64,
    ) -> Result<Page<OutboxRecord>>;
    /// Deletes the messages sent or given up before `before` (given up: last tried);
    /// returns how many. Queued messages are never deleted.
    async fn purge_outbox(&self, before: Timestamp) -> Result<u64>;
}

#[async_trait]
pub trait AuditRepository: Send + Sync {
    async fn append_audit(&self, event: &AuditEvent) -> Result<()>;
    /// Newest first.
    async fn list_audit(&self, filter: &AuditFilter) -> Result<Page<AuditRecord>>;
    /// How many different subjects the records of `action` since `since` name.
    async fn count_subjects(&self, action: &str, since: Timestamp) -> Result<i64>;
    /// Deletes records older than `before` and adds the users blocked from self-service
    /// reset in them to the daily totals, in one transaction, one purge at a time on every
    /// node; returns how many records. Pass the start of a day, so that each day's users
    /// are counted once.
    async fn purge_audit(&self, before: Timestamp) -> Result<u64>;
}

/// What reports keep of purged records: counts per day.
#[async_trait]
pub trait ReportRepository: Send + Sync {
    /// The totals of the days that begin in `[since, until)` whose metric begins with
    /// `prefix`, by day, metric and item.
    async fn daily_totals(
        &self,
        since: Timestamp,
        until: Timestamp,
        prefix: &str,
    ) -> Result<Vec<DailyTotal>>;
}

/// Everything Sesame stores.
#[async_trait]
pub trait Store:
    UserRepository
    + TokenRepository
    + PropertyRepository
    + CounterRepository
    + EnrollmentRepository
    + VerificationRepository
    + QuestionRepository
    + SealedRepository
    + CodeRepository
    + CaptchaRepository
    + OutboxRepository
    + ProcessRepository
    + VoiceServiceRepository
    + VoiceSessionRepository
    + AssistRepository
    + ResetRepository
    + AuditRepository
    + ReportRepository
{
    /// Answers when the database does and takes writes: a write is tried in a transaction
    /// that is rolled back, so a database opened read-only, or a PostgreSQL session that is
    /// read-only (`default_transaction_read_only`, a standby), fails here.
    async fn ping(&self) -> Result<()>;
}
