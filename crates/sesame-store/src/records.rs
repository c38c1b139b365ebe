//! What goes in and comes out of the store.

use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, GroupName, Language, PhoneNumber, UserSource,
    UserStatus, Username,
};
use sesame_core::text_enum;
use sesame_core::token::Role;
use sesame_core::verification::{Kind, Params};
use sesame_core::{Channel, Timestamp};

text_enum! {
    /// Where an enrollment stands.
    pub enum EnrollmentState {
        /// Waiting for its last step (a code verified but not submitted, an app not confirmed).
        Pending = "pending",
        Active = "active",
    }
}

text_enum! {
    /// Where a password reset request stands.
    pub enum ResetState {
        Open = "open",
        Failed = "failed",
        Done = "done",
    }
}

text_enum! {
    /// Where one verification of a reset request stands.
    pub enum StepResult {
        Posed = "posed",
        Passed = "passed",
        Failed = "failed",
    }
}

text_enum! {
    /// Where a message in the outbox stands.
    pub enum OutboxState {
        Queued = "queued",
        Sent = "sent",
        Failed = "failed",
    }
}

/// A user to create. Every field is already validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: Username,
    pub display_name: DisplayName,
    pub email: Option<EmailAddress>,
    pub phone: Option<PhoneNumber>,
    pub employee_id: Option<EmployeeId>,
    pub language: Language,
    pub groups: Vec<GroupName>,
    /// An argon2id PHC string, or none for a user without a local password.
    pub password_hash: Option<String>,
    pub created_at: Timestamp,
}

/// A change to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChange {
    pub display_name: Option<DisplayName>,
    pub email: Option<Option<EmailAddress>>,
    pub phone: Option<Option<PhoneNumber>>,
    pub employee_id: Option<Option<EmployeeId>>,
    pub language: Option<Language>,
    pub groups: Option<Vec<GroupName>>,
    pub status: Option<UserStatus>,
    pub password_hash: Option<String>,
    pub updated_at: Option<Timestamp>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: Username,
    pub display_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_id: Option<String>,
    pub language: String,
    pub status: UserStatus,
    pub source: UserSource,
    pub groups: Vec<String>,
    pub password_hash: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("status", &self.status)
            .field("password_hash", &self.password_hash.as_ref().map(|_| "***"))
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    pub group: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// A search for users by a part of what identifies them. `text` (lower case) is looked
/// for in the user name, the display name, the e-mail address and the employee id, each
/// compared in lower case (SQLite lowers ASCII letters only); `digits`, when given, in the
/// phone number.
#[derive(Debug, Clone, Default)]
pub struct UserSearch {
    pub text: String,
    pub digits: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentRecord {
    pub verification_id: String,
    pub kind: Kind,
    pub state: EnrollmentState,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// Where codes go, for e-mail and SMS enrollments.
    pub destination: Option<String>,
}

/// An enrollment with its secret material, for checking an answer.
#[derive(Clone, PartialEq, Eq)]
pub struct EnrollmentSecret {
    pub state: EnrollmentState,
    pub secret: Option<String>,
    pub updated_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// The authenticator time step accepted last.
    pub last_used_step: Option<i64>,
}

impl std::fmt::Debug for EnrollmentSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnrollmentSecret")
            .field("state", &self.state)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// An enrollment waiting for its last step.
#[derive(Clone)]
pub struct PendingEnrollment {
    pub user_id: i64,
    pub verification_id: String,
    pub kind: Kind,
    /// Where codes go, for code verifications.
    pub destination: Option<String>,
    /// Secret material to confirm (a sealed authenticator key).
    pub secret: Option<String>,
    pub at: Timestamp,
}

/// An active enrollment to create or replace.
#[derive(Clone)]
pub struct SaveEnrollment {
    pub user_id: i64,
    pub verification_id: String,
    pub kind: Kind,
    pub secret: String,
    pub expires_at: Option<Timestamp>,
    pub at: Timestamp,
    /// How many secrets of this kind to keep in the history, the new one included.
    pub history_keep: u32,
}

#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    pub role: Role,
    pub digest: Vec<u8>,
    pub created_by: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub created_by: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub user_id: i64,
    pub digest: Vec<u8>,
    pub source: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub id: i64,
    pub user_id: i64,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

/// How many consecutive failures lock a subject, and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptLimit {
    pub max_failures: i64,
    pub lockout_minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CounterState {
    pub failures: i64,
    pub locked_until: Option<Timestamp>,
}

impl CounterState {
    /// The end of the lock in force at `now`, if any.
    pub fn locked_at(&self, now: Timestamp) -> Option<Timestamp> {
        self.locked_until.filter(|until| *until > now)
    }
}

/// How a counted attempt ended, for one counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    Passed,
    Failed {
        /// Attempts left before the lock.
        remaining: i64,
        /// This failure locked the subject.
        locked: bool,
    },
    /// Locked before this attempt; nothing was checked.
    Locked {
        until: Timestamp,
    },
}

impl AttemptOutcome {
    /// The outcome of an attempt counted as `begun` under `limit`, `passed` or not.
    pub fn of(begun: &CounterState, limit: &AttemptLimit, now: Timestamp, passed: bool) -> Self {
        match begun.locked_at(now) {
            Some(until) => Self::Locked { until },
            None if passed => Self::Passed,
            None => Self::Failed {
                remaining: (limit.max_failures - begun.failures).max(0),
                locked: begun.failures >= limit.max_failures,
            },
        }
    }
}

/// An answer checked before it is counted: one that costs nothing to check (an app code
/// against its secret), so checking it first gives nothing away as long as the outcome is
/// acted on only when the count allows it (see [`crate::CounterRepository::settle_attempt`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckedAnswer {
    Wrong,
    /// Right if this time step of the enrollment was not used yet, nor a later one; it is
    /// used when it passes, so two nodes cannot both accept one code.
    TimeStep {
        user_id: i64,
        verification_id: String,
        step: i64,
    },
}

/// The activity record of each way an attempt can end under one counter. Records name
/// how it ended, never counts or times.
#[derive(Debug, Clone)]
pub struct AttemptAudits {
    pub passed: AuditEvent,
    pub failed: AuditEvent,
    /// The failure that locks.
    pub locking: AuditEvent,
    pub locked: AuditEvent,
}

impl AttemptAudits {
    /// The records `audit` makes of each way an attempt can end.
    pub fn from_fn(audit: impl Fn(&AttemptOutcome) -> AuditEvent, now: Timestamp) -> Self {
        let failed = |locked| AttemptOutcome::Failed {
            remaining: 0,
            locked,
        };
        Self {
            passed: audit(&AttemptOutcome::Passed),
            failed: audit(&failed(false)),
            locking: audit(&failed(true)),
            locked: audit(&AttemptOutcome::Locked { until: now }),
        }
    }

    pub fn of(&self, outcome: &AttemptOutcome) -> &AuditEvent {
        match outcome {
            AttemptOutcome::Passed => &self.passed,
            AttemptOutcome::Failed { locked: false, .. } => &self.failed,
            AttemptOutcome::Failed { locked: true, .. } => &self.locking,
            AttemptOutcome::Locked { .. } => &self.locked,
        }
    }
}

/// A counter an attempt is counted under: its scope, limit and records.
#[derive(Debug, Clone)]
pub struct AttemptCounter {
    pub scope: String,
    pub limit: AttemptLimit,
    pub audits: AttemptAudits,
}

/// One attempt, counted and settled in one transaction.
#[derive(Debug, Clone)]
pub struct SettleAttempt {
    pub subject: String,
    /// The counters to count under, outermost first. A counter that is locked stops the
    /// attempt: the ones after it do not count it.
    pub counters: Vec<AttemptCounter>,
    pub now: Timestamp,
    pub answer: CheckedAnswer,
}

text_enum! {
    /// How an audited action ended.
    pub enum AuditResult {
        Success = "success",
        Failure = "failure",
        Denied = "denied",
    }
}

/// One line of the activity log. Never holds a secret: `detail` is for names of fields
/// changed, counts and reasons, not values of secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub at: Timestamp,
    pub actor: String,
    pub subject: Option<String>,
    pub action: String,
    pub result: AuditResult,
    pub source: Option<String>,
    pub detail: Option<String>,
}

impl AuditEvent {
    /// Adds a JSON detail (names of fields changed, counts, reasons; never a secret).
    pub fn with_detail(self, detail: impl Into<String>) -> Self {
        Self {
            detail: Some(detail.into()),
            ..self
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: Timestamp,
    pub actor: String,
    pub subject: Option<String>,
    pub action: String,
    pub result: AuditResult,
    pub source: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub subject: Option<String>,
    /// Exact action, or a prefix when it ends with `.` (e.g. `user.`).
    pub action: Option<String>,
    pub result: Option<String>,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub offset: i64,
    pub limit: i64,
}

/// A configured verification with its parameters, parsed for its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationRecord {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub params: Params,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A code to issue, with the message that carries it.
#[derive(Clone)]
pub struct IssueCode {
    pub user_id: Option<i64>,
    pub verification_id: String,
    /// What the code is for (one enrollment or one request); only a check with the same
    /// binding can use it, and a new code voids the older ones of its binding.
    pub binding: String,
    /// What the daily cap counts: the user (e-mail) or the device (SMS).
    pub quota_key: String,
    pub destination: String,
    pub digest: Vec<u8>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub max_attempts: u32,
    pub cooldown_seconds: u32,
    pub daily_limit: u32,
    /// On the routes anyone may call: the client the code was asked for from, whose codes
    /// of the last 24 hours are counted across every identity.
    pub client: Option<ClientQuota>,
    /// The message that carries the code; `None` for a decoy, which is recorded and
    /// counted like a code that is sent, and goes to nobody.
    pub message: Option<NewMessage>,
}

/// A client's daily count of codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientQuota {
    /// The client's address (IPv6 by its /64).
    pub key: String,
    /// The most codes the client may be given in 24 hours.
    pub daily_limit: u32,
}

/// A message for the outbox; `sealed` is its encrypted content.
#[derive(Clone)]
pub struct NewMessage {
    pub channel: Channel,
    pub destination: String,
    pub sealed: Vec<u8>,
    pub purpose: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Issued {
    Accepted,
    TooSoon { retry_at: Timestamp },
    DailyLimit { retry_at: Timestamp },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    Passed {
        destination: String,
    },
    Wrong {
        remaining: i64,
    },
    Expired,
    /// The code had too many wrong entries and is void.
    TooManyAttempts,
    /// No usable code for this binding (never sent, used, or replaced).
    NoCode,
}

/// A message claimed for delivery.
#[derive(Clone)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: Channel,
    pub destination: String,
    pub sealed: Vec<u8>,
    /// Delivery attempts so far, this one included.
    pub attempts: i64,
}

/// A message as administrators see it: never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: i64,
    pub channel: Channel,
    pub destination: String,
    pub purpose: String,
    pub state: OutboxState,
    pub attempts: i64,
    pub next_attempt_at: Timestamp,
    pub last_error: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

/// A question of the bank with its texts by language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRecord {
    pub id: i64,
    pub retired: bool,
    /// `(language, text)`, sorted by language.
    pub texts: Vec<(String, String)>,
}

/// A password reset process; `definition` is its JSON, parsed by the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessRecord {
    pub id: String,
    pub name: String,
    pub definition: String,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A voice service as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceServiceRecord {
    pub id: String,
    pub name: String,
    pub definition: sesame_core::voice::ServiceDefinition,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

text_enum! {
    /// Where a caller verification session stands; the last three are final.
    pub enum VoiceSessionState {
        /// Waiting for the caller's identification.
        Open = "open",
        /// A caller was identified and is authenticating.
        Identified = "identified",
        /// Every required factor passed.
        Authenticated = "authenticated",
        /// A factor failed too often or was locked: the call ended.
        Failed = "failed",
        /// The identification answers matched nobody too often.
        Unidentified = "unidentified",
    }
}

/// A caller verification session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceSessionRecord {
    pub id: i64,
    pub service_id: String,
    pub caller_id: Option<String>,
    pub language: Option<String>,
    pub user_id: Option<i64>,
    pub state: VoiceSessionState,
    pub progress: sesame_core::voice::CallProgress,
    /// Grows with every change; an update names the version it read.
    pub version: i64,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub expires_at: Timestamp,
}

/// A session to create; `digest` is the keyed digest of its id.
#[derive(Debug, Clone)]
pub struct NewVoiceSession {
    pub digest: Vec<u8>,
    pub service_id: String,
    pub caller_id: Option<String>,
    pub language: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

/// The counter scope of a user's wrong caller codes (`attempt_counters`); an unlock clears it.
pub const ASSIST_USER_SCOPE: &str = "assist.user";

/// A code a service desk agent has Sesame make for a caller, to issue.
#[derive(Clone)]
pub struct IssueAssistCode {
    /// The code's public id (what a check names).
    pub code_id: String,
    pub user_id: i64,
    pub agent: String,
    pub conversation: String,
    pub digest: Vec<u8>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    /// Seconds before another code for the same user and conversation.
    pub cooldown_seconds: u32,
    /// Codes in any 60 seconds, by this agent and by everyone.
    pub agent_per_minute: u32,
    pub total_per_minute: u32,
    /// The key of the user's failure count (scope `assist.user`): no code while it locks.
    pub user_key: String,
    /// The SMS, when Sesame sends the code.
    pub message: Option<NewMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistIssued {
    Accepted,
    TooSoon { retry_at: Timestamp },
    AgentLimited { retry_at: Timestamp },
    TotalLimited { retry_at: Timestamp },
    UserLocked { until: Timestamp },
}

/// An assist code as stored, without its digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistCodeRecord {
    pub code_id: String,
    pub user_id: i64,
    pub agent: String,
    pub conversation: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
}

/// A check of what a caller read back.
pub struct CheckAssistCode {
    pub code_id: String,
    pub digest: Vec<u8>,
    pub now: Timestamp,
    /// Wrong codes a conversation may have.
    pub retries: u32,
    /// Wrong codes in a row that lock the user for `lockout_minutes`.
    pub max_user_failures: u32,
    pub lockout_minutes: i64,
    pub user_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistChecked {
    /// Right, in time and not used before: now used.
    Valid,
    /// Wrong, expired, replaced or used: counted.
    Invalid {
        retries_remaining: u32,
        /// This failure locked the user.
        user_locked: bool,
    },
    /// The conversation's retries were spent before; nothing was compared.
    Exhausted,
    /// The user is locked; nothing was compared.
    UserLocked { until: Timestamp },
}

/// A reset request to create. `user_id` is `None` for an identity Sesame does not know.
#[derive(Debug, Clone)]
pub struct NewReset {
    pub digest: Vec<u8>,
    pub process_id: String,
    pub user_id: Option<i64>,
    /// What failed requests are counted under.
    pub subject: String,
    /// The service desk agent running the request for a caller.
    pub agent: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetRecord {
    pub id: i64,
    pub process_id: String,
    pub user_id: Option<i64>,
    pub subject: String,
    pub agent: Option<String>,
    pub state: ResetState,
    /// Wrong answers so far; the request fails at the process's maximum.
    pub wrong_answers: u32,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub steps: Vec<ResetStep>,
}

/// What recording an answer did to its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepFinished {
    /// The request was open, so the answer counted.
    pub counted: bool,
    /// Wrong answers of the request, this one included.
    pub wrong_answers: u32,
    /// This wrong answer was the last one allowed: the request has failed.
    pub request_failed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResetStep {
    pub verification_id: String,
    /// The question ids posed, as JSON, for security questions.
    pub posed: Option<String>,
    /// When it was last started.
    pub posed_at: Option<Timestamp>,
    pub result: StepResult,
}

/// The end of a reset request that succeeded.
#[derive(Debug, Clone)]
pub struct CompleteReset {
    pub reset_id: i64,
    pub user_id: i64,
    /// A new local password hash, kept in the password history this deep.
    pub password: Option<(String, u32)>,
    pub at: Timestamp,
}

/// A count a report keeps once the records it counts are purged: how many of `metric`
/// (by `item`, or `""`) began on `day`, in whole days since 1970-01-01 UTC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyTotal {
    pub day: i64,
    pub metric: String,
    pub item: String,
    pub total: i64,
}

/// What one purged record adds to the daily totals of the day it began: `(metric, item,
/// count)`.
pub type Tally = Vec<(String, String, i64)>;

/// The metrics of [`DailyTotal`]s.
pub mod metric {
    /// Reset requests started, by day.
    pub const RESET_STARTED: &str = "reset.started";
    /// Reset requests that ended with a new password or an unlock.
    pub const RESET_SUCCEEDED: &str = "reset.succeeded";
    /// Reset requests that ended with a failed answer.
    pub const RESET_FAILED: &str = "reset.failed";
    /// Failed answers in reset requests, by verification id.
    pub const RESET_FAILED_VERIFICATION: &str = "reset.failed_verification";
    /// Users blocked from self-service reset (each counted once a day).
    pub const RESET_USERS_BLOCKED: &str = "reset.users_blocked";
    /// Voice sessions by outcome (`voice.session.<outcome>`), by service id.
    pub const VOICE_SESSION_PREFIX: &str = "voice.session.";
    /// Failed answers in voice sessions, by factor.
    pub const VOICE_FAILURES: &str = "voice.failures";
}

/// Milliseconds in a day.
pub const DAY_MILLIS: i64 = 86_400_000;

/// Counts over a period, for the summary report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetSummary {
    pub started: i64,
    pub succeeded: i64,
    pub failed: i64,
    /// `(verification id, failures)`.
    pub failed_verifications: Vec<(String, i64)>,
    /// Users blocked from self-service reset in the period.
    pub users_blocked: i64,
    /// `(verification type, active enrollments)`, now.
    pub enrollments_by_type: Vec<(String, i64)>,
    /// `(verification id, active enrollments)`, now.
    pub enrollments_by_verification: Vec<(String, i64)>,
}

/// The reset requests started on one day (UTC), by how they stand now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetDay {
    /// The start of the day.
    pub day: Timestamp,
    pub succeeded: i64,
    pub failed: i64,
    /// Still open, or expired before they ended.
    pub unfinished: i64,
    /// Users blocked from self-service reset that day.
    pub blocked: i64,
}

impl ResetDay {
    /// The day beginning at `day`, with nothing in it.
    pub fn empty(day: Timestamp) -> Self {
        Self {
            day,
            succeeded: 0,
            failed: 0,
            unfinished: 0,
            blocked: 0,
        }
    }
}

/// What copying users from a directory did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncOutcome {
    pub created: usize,
    pub updated: usize,
    /// Directory users no longer in the directory, now disabled.
    pub disabled: usize,
    /// Names the directory has that belong to local users; left alone.
    pub skipped: Vec<String>,
}
