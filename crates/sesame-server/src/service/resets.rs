//! Password reset requests: identify, verify, then a new password or an unlock. Shared by
//! the API and the pages.
//!
//! Identifying answers the same whether or not the identity exists, is enrolled or is in
//! the process: an identity that cannot reset gets a request too, and walks a decoy flow
//! (questions from the bank, codes that are never sent) whose answers always fail.
//! `password_reset.max_wrong_answers` wrong answers fail the request; failed requests are
//! counted per identity in the database, and too many block self-service reset for a while.

use sesame_core::identity::UserStatus;
use sesame_core::verification::Kind;
use sesame_core::Channel;
use sesame_store::EnrollmentState;
use sesame_store::{ResetState, StepResult};

use secrecy::{ExposeSecret, SecretString};
use sesame_core::identity::subject_key;
use sesame_core::password::{self, PasswordPolicy};
use sesame_core::process::{AutoGenerate, Identification, ProcessDefinition};
use sesame_core::token::{generate_token, token_digest, TokenKind};
use sesame_core::{secret_hash, Timestamp};
use sesame_delivery::Content;
use sesame_store::{
    AttemptLimit, AuditResult, CompleteReset, NewMessage, NewReset, ProcessRecord, ResetRecord,
    UserRecord,
};

use crate::i18n::Tr;
use crate::service::attempts::limit_from;
use crate::service::credentials;
use crate::service::outbox::seal_content;
use crate::service::verification::{self, Answer, Challenge, Checked, Claimant};
use crate::service::{ServiceError, Services};

/// The counter scope of failed reset requests.
pub const SCOPE: &str = "password_reset";

/// A process and its parsed definition.
pub struct Process {
    pub record: ProcessRecord,
    pub definition: ProcessDefinition,
}

pub fn parse(record: ProcessRecord) -> Result<Process, ServiceError> {
    let definition = serde_json::from_str(&record.definition).map_err(|e| {
        ServiceError::internal(format!("stored process {} is invalid: {e}", record.id))
    })?;
    Ok(Process { record, definition })
}

/// Every active process, parsed (a stored one that no longer parses is left out).
pub async fn active_processes(state: &Services) -> Result<Vec<Process>, ServiceError> {
    Ok(state
        .store()
        .list_processes()
        .await?
        .into_iter()
        .filter(|p| p.active)
        .filter_map(|p| parse(p).ok())
        .collect())
}

fn process_not_found() -> ServiceError {
    ServiceError::not_found(
        "process.not_found",
        "There is no password reset process with this id.",
    )
}

/// An active process; `public` asks for one with public access.
pub async fn active_process(
    state: &Services,
    id: &str,
    public: bool,
) -> Result<Process, ServiceError> {
    let record = state
        .store()
        .find_process(id)
        .await?
        .filter(|p| p.active)
        .ok_or_else(process_not_found)?;
    let process = parse(record)?;
    if public && !process.definition.public_access {
        return Err(process_not_found());
    }
    Ok(process)
}

async fn block_limit(state: &Services) -> Result<AttemptLimit, ServiceError> {
    limit_from(
        state,
        "password_reset.max_failed_requests",
        "password_reset.block_minutes",
    )
    .await
}

/// 423 while the subject is blocked from self-service reset.
async fn ensure_not_blocked(state: &Services, subject: &str) -> Result<(), ServiceError> {
    let counter = state.store().counter(SCOPE, subject).await?;
    match counter.locked_at(state.now()) {
        Some(until) => Err(ServiceError::locked(
            "reset.blocked",
            "Too many failed reset requests: self-service reset is blocked for a while. \
             The service desk can help.",
            until,
            state.now(),
        )),
        None => Ok(()),
    }
}

pub struct Started {
    pub reset_id: SecretString,
    pub process: Process,
    pub expires_at: Timestamp,
}

/// The user an identifier names, if exactly one active user has it.
async fn find_identity(
    state: &Services,
    identification: Identification,
    identifier: &str,
) -> Result<Option<UserRecord>, ServiceError> {
    let found = match identification {
        Identification::Username => state.store().find_user(&subject_key(identifier)).await?,
        Identification::Email => {
            let mut users = state
                .store()
                .find_users_by_email(&identifier.trim().to_lowercase(), 2)
                .await?;
            // An address shared by two users names nobody.
            if users.len() == 1 {
                users.pop()
            } else {
                None
            }
        }
    };
    Ok(found.filter(|u| u.status == UserStatus::Active))
}

/// Step 1, self-service: starts a request for whoever `identifier` names. A process with
/// `captcha` first takes the solution (`crate::service::captcha`), before anything about
/// the identity is looked up or counted.
pub async fn identify(
    state: &Services,
    process: Process,
    identifier: &str,
    captcha: Option<&str>,
    source: Option<&str>,
) -> Result<Started, ServiceError> {
    if process.definition.captcha {
        crate::service::captcha::redeem(state, captcha).await?;
    }
    let user = find_identity(state, process.definition.identification, identifier).await?;
    let subject = match &user {
        Some(user) => user.username.key(),
        None => format!("identifier:{}", identifier.trim().to_lowercase()),
    };
    ensure_not_blocked(state, &subject).await?;
    let eligible = user
        .as_ref()
        .filter(|u| process.definition.applies_to(&u.groups));
    create(state, process, eligible, subject, None, source).await
}

/// Step 1, at the service desk: an agent starts a request for a caller they looked up.
/// The agent is told plainly when the user cannot use the process; the self-service block
/// does not apply.
pub async fn identify_for_agent(
    state: &Services,
    process: Process,
    user: &UserRecord,
    agent: &str,
    source: Option<&str>,
) -> Result<Started, ServiceError> {
    if user.status != UserStatus::Active || !process.definition.applies_to(&user.groups) {
        return Err(ServiceError::invalid(
            "reset.not_in_process",
            "This user is disabled or not in the groups of this process.",
        ));
    }
    let subject = user.username.key();
    create(state, process, Some(user), subject, Some(agent), source).await
}

async fn create(
    state: &Services,
    process: Process,
    eligible: Option<&UserRecord>,
    subject: String,
    agent: Option<&str>,
    source: Option<&str>,
) -> Result<Started, ServiceError> {
    let now = state.now();
    let expires_at = now.plus(
        state
            .minutes_property("password_reset.request_expiry_minutes")
            .await?,
    );
    let reset_id = generate_token(TokenKind::Reset, &mut rand::rngs::OsRng);
    let reset = NewReset {
        digest: token_digest(&state.keys().token, &reset_id),
        process_id: process.record.id.clone(),
        user_id: eligible.map(|u| u.id),
        subject: subject.clone(),
        agent: agent.map(str::to_owned),
        created_at: now,
        expires_at,
    };
    let audit = state
        .audit(
            agent.unwrap_or("anonymous"),
            "reset.start",
            Some(&subject),
            AuditResult::Success,
            source,
        )
        .with_detail(
            serde_json::json!({
                "process": process.record.id,
                // Visible to administrators only: whether this request can succeed.
                "eligible": eligible.is_some(),
            })
            .to_string(),
        );
    state.store().create_reset(&reset, &audit).await?;
    Ok(Started {
        reset_id,
        process,
        expires_at,
    })
}

/// A request in progress, with its process and user.
pub struct Request {
    pub record: ResetRecord,
    pub process: Process,
    pub user: Option<UserRecord>,
}

impl Request {
    fn passed(&self) -> Vec<&str> {
        self.record
            .steps
            .iter()
            .filter(|s| s.result == StepResult::Passed)
            .map(|s| s.verification_id.as_str())
            .collect()
    }

    /// Verifications still to pass before a new password or an unlock.
    pub fn still_needed(&self) -> usize {
        self.process.definition.still_needed(&self.passed())
    }

    /// The agent running the request, or the request itself for self-service.
    fn actor(&self) -> String {
        self.record
            .agent
            .clone()
            .unwrap_or_else(|| format!("reset:{}", self.record.id))
    }

    fn assisted(&self) -> bool {
        self.record.agent.is_some()
    }

    /// 423 while a self-service request's subject is blocked.
    async fn ensure_not_blocked(&self, state: &Services) -> Result<(), ServiceError> {
        if self.assisted() {
            return Ok(());
        }
        ensure_not_blocked(state, &self.record.subject).await
    }

    /// Who a verification of this request checks: codes are bound to the request and the
    /// verification.
    fn claimant<'a>(&'a self, verification_id: &str, source: Option<&'a str>) -> Claimant<'a> {
        Claimant {
            user: self.user.as_ref(),
            subject: &self.record.subject,
            binding: format!("reset:{}:{verification_id}", self.record.id),
            actor: self.actor(),
            source,
            public_client: if self.assisted() { None } else { source },
        }
    }
}

/// How a request is reached: self-service pages and API, or the service desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    SelfService,
    ServiceDesk,
}

/// The open request with this id, reached the way it was started.
pub async fn open_request(
    state: &Services,
    reset_id: &str,
    access: Access,
) -> Result<Request, ServiceError> {
    let digest = token_digest(
        &state.keys().token,
        &SecretString::from(reset_id.to_owned()),
    );
    let record = state
        .store()
        .find_reset(&digest)
        .await?
        .filter(|r| r.agent.is_some() == (access == Access::ServiceDesk))
        .ok_or_else(|| {
            ServiceError::not_found("reset.not_found", "There is no reset request with this id.")
        })?;
    if record.expires_at <= state.now() {
        return Err(ServiceError::expired(
            "reset.expired",
            "The reset request has expired; start again.",
        ));
    }
    match record.state {
        ResetState::Failed => {
            return Err(ServiceError::conflict(
                "reset.failed",
                "A verification failed, so this reset request has ended; start again.",
            ))
        }
        ResetState::Done => {
            return Err(ServiceError::conflict(
                "reset.finished",
                "This reset request is already complete.",
            ))
        }
        ResetState::Open => {}
    }
    let process = parse(
        state
            .store()
            .find_process(&record.process_id)
            .await?
            .filter(|p| p.active)
            .ok_or_else(process_not_found)?,
    )?;
    let user = match record.user_id {
        Some(id) => state
            .store()
            .find_user_by_id(id)
            .await?
            .filter(|u| u.status == UserStatus::Active),
        None => None,
    };
    Ok(Request {
        record,
        process,
        user,
    })
}

async fn request_verification(
    state: &Services,
    request: &Request,
    verification_id: &str,
) -> Result<sesame_store::VerificationRecord, ServiceError> {
    let listed = request
        .process
        .definition
        .verifications
        .iter()
        .any(|v| v.id == verification_id);
    state
        .verification(verification_id)
        .await?
        .filter(|v| listed && v.active)
        .ok_or_else(|| {
            ServiceError::not_found(
                "verification.not_in_process",
                "This verification is not part of the reset process.",
            )
        })
}

/// Step 2a: starts one verification: sends the code, or poses the questions.
pub async fn challenge(
    state: &Services,
    reset_id: &str,
    access: Access,
    verification_id: &str,
    language: &str,
    source: Option<&str>,
) -> Result<Challenge, ServiceError> {
    let request = open_request(state, reset_id, access).await?;
    let verification = request_verification(state, &request, verification_id).await?;
    let now = state.now();
    // The resend cooldown is kept here, for every request alike, so that a second code
    // to an enrolled user and to nobody answer the same.
    if let Some(params) = verification.params.code() {
        let cooldown = params.policy().resend_cooldown();
        let posed_at = request
            .record
            .steps
            .iter()
            .find(|s| s.verification_id == verification.id)
            .and_then(|s| s.posed_at);
        if let Some(retry_at) = posed_at.map(|at| at.plus(cooldown)).filter(|t| *t > now) {
            return Err(ServiceError::throttled(
                "code.resend_too_soon",
                "A code was sent a moment ago; wait before asking for another.",
                retry_at,
                now,
            ));
        }
    }
    // The desk knows whom it helps: it is told when there is nowhere to send a code,
    // instead of hearing that one was sent.
    if access == Access::ServiceDesk && verification.params.code().is_some() {
        let enrolled = match &request.user {
            Some(user) => state
                .store()
                .list_enrollments(user.id)
                .await?
                .iter()
                .any(|e| {
                    e.verification_id == verification.id && e.state == EnrollmentState::Active
                }),
            None => false,
        };
        if !enrolled {
            return Err(ServiceError::conflict(
                "reset.not_enrolled",
                "The caller has no enrolled address or number for this verification; \
                 nothing was sent.",
            ));
        }
    }
    let who = request.claimant(&verification.id, source);
    let challenge = verification::challenge(state, &verification, &who, language).await?;
    let posed = match &challenge {
        Challenge::Questions(questions) => Some(
            serde_json::to_string(&questions.iter().map(|(id, _)| *id).collect::<Vec<_>>())
                .map_err(ServiceError::internal)?,
        ),
        _ => None,
    };
    state
        .store()
        .pose_step(request.record.id, &verification.id, posed.as_deref(), now)
        .await?;
    Ok(challenge)
}

pub struct Answered {
    pub passed: bool,
    /// Verifications still to pass.
    pub remaining: usize,
    /// Wrong answers the request may still take; after a wrong answer at 0 it has failed.
    pub tries_left: u32,
}

/// Step 2b: checks an answer. A wrong one counts; the last one the process allows fails
/// the request, which counts toward the block.
pub async fn answer(
    state: &Services,
    reset_id: &str,
    access: Access,
    verification_id: &str,
    answer: Answer,
    source: Option<&str>,
) -> Result<Answered, ServiceError> {
    let request = open_request(state, reset_id, access).await?;
    request.ensure_not_blocked(state).await?;
    let verification = request_verification(state, &request, verification_id).await?;
    let step = request
        .record
        .steps
        .iter()
        .find(|s| s.verification_id == verification.id);
    let max_wrong = state
        .count_property("password_reset.max_wrong_answers")
        .await?;
    if step.is_some_and(|s| s.result == StepResult::Passed) {
        return Ok(Answered {
            passed: true,
            remaining: request.still_needed(),
            tries_left: max_wrong.saturating_sub(request.record.wrong_answers),
        });
    }
    let posed: Vec<i64> = match step.and_then(|s| s.posed.as_deref()) {
        Some(json) => serde_json::from_str(json).map_err(ServiceError::internal)?,
        None => Vec::new(),
    };
    if matches!(answer, Answer::Answers(_)) && posed.is_empty() {
        return Err(ServiceError::conflict(
            "reset.not_started",
            "Start this verification first: its questions have not been posed.",
        ));
    }
    let who = request.claimant(&verification.id, source);
    let checked = verification::check(state, &verification, &who, answer, &posed).await?;
    let now = state.now();
    let detail = serde_json::json!({ "verification": verification.id }).to_string();
    let passed = match checked {
        Checked::Locked { until } => {
            return Err(ServiceError::locked(
                "verification.locked",
                "This verification is locked for a while after too many failures.",
                until,
                now,
            ))
        }
        Checked::Passed => true,
        Checked::Failed => false,
    };
    let result = if passed {
        AuditResult::Success
    } else {
        AuditResult::Failure
    };
    let audit = state
        .audit(
            &who.actor,
            "reset.verify",
            Some(&request.record.subject),
            result,
            source,
        )
        .with_detail(detail);
    let finished = state
        .store()
        .finish_step(
            request.record.id,
            &verification.id,
            passed,
            max_wrong,
            now,
            &audit,
        )
        .await?;
    if !finished.counted {
        return Err(ServiceError::conflict(
            "reset.failed",
            "This reset request has ended; start again.",
        ));
    }
    if finished.request_failed {
        count_failed_request(state, &request, source).await?;
    }
    let mut passed_ids = request.passed();
    if passed {
        passed_ids.push(&verification.id);
    }
    Ok(Answered {
        passed,
        remaining: request.process.definition.still_needed(&passed_ids),
        tries_left: max_wrong.saturating_sub(finished.wrong_answers),
    })
}

/// Counts a failed request; the one that reaches the limit blocks the subject.
async fn count_failed_request(
    state: &Services,
    request: &Request,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let limit = block_limit(state).await?;
    let subject = &request.record.subject;
    let now = state.now();
    let begun = state
        .store()
        .begin_attempt(SCOPE, subject, &limit, now)
        .await?;
    let blocks = begun.failures >= limit.max_failures;
    let (action, result) = if blocks {
        ("reset.blocked", AuditResult::Denied)
    } else {
        ("reset.fail", AuditResult::Failure)
    };
    let audit = state.audit(&request.actor(), action, Some(subject), result, source);
    state
        .store()
        .finish_attempt(SCOPE, subject, &begun, false, &limit, now, &audit)
        .await?;
    if blocks {
        super::reports::record_blocked_alert(state).await?;
    }
    Ok(())
}

/// The verified user of a request, or 403.
fn verified_user(request: &Request) -> Result<&UserRecord, ServiceError> {
    match &request.user {
        Some(user) if request.still_needed() == 0 => Ok(user),
        _ => Err(ServiceError::forbidden(
            "reset.not_verified",
            "Pass the verifications of the process first.",
        )),
    }
}

/// What the user asks for at the end.
pub enum NewPassword {
    Chosen(SecretString),
    Generate,
}

pub enum PasswordSet {
    /// The user chose it.
    Chosen,
    /// Generated and to be shown once.
    Shown(SecretString),
    /// Generated and sent by e-mail or SMS.
    Sent { channel: Channel },
}

/// Every rule the chosen password breaks, history (local store) included.
pub async fn check_password(
    state: &Services,
    user: &UserRecord,
    policy: &PasswordPolicy,
    check_history: bool,
    new: &SecretString,
) -> Result<Vec<sesame_core::Violation>, ServiceError> {
    let mut identity = vec![user.username.as_str(), user.display_name.as_str()];
    identity.extend(user.email.as_deref());
    let mut broken = policy.check(new, &identity);
    if broken.is_empty() && check_history && policy.history > 0 {
        let mut earlier = state
            .store()
            .secret_history(user.id, "password", policy.history)
            .await?;
        earlier.extend(user.password_hash.clone());
        let candidate = new.clone();
        let reused = state
            .hash_pool()
            .run(move || {
                earlier
                    .iter()
                    .any(|old| secret_hash::verify(candidate.expose_secret().as_bytes(), old))
            })
            .await?;
        if reused {
            broken.push(sesame_core::Violation::new(
                "password.reused",
                format!(
                    "The password must not be one of your last {} passwords.",
                    policy.history
                ),
            ));
        }
    }
    Ok(broken)
}

/// Step 3: sets the new password in the process's credential store, ends the user's
/// sessions, notifies the user. `ServiceError::Rules` lists the rules a chosen password breaks.
pub async fn set_password(
    state: &Services,
    reset_id: &str,
    access: Access,
    new: NewPassword,
    source: Option<&str>,
) -> Result<PasswordSet, ServiceError> {
    let request = open_request(state, reset_id, access).await?;
    request.ensure_not_blocked(state).await?;
    let user = verified_user(&request)?;
    let definition = &request.process.definition;
    let store = credentials::open(state, definition.credential_store)?;
    // At the service desk the password is always generated: no agent learns one a
    // caller chose, and no caller has to spell one out.
    let mode = match (definition.auto_generate, request.assisted()) {
        (AutoGenerate::Off, true) => AutoGenerate::Show,
        (mode, _) => mode,
    };
    let (password, outcome) = match (mode, new) {
        (AutoGenerate::Off, NewPassword::Chosen(password)) => {
            let broken = check_password(
                state,
                user,
                &definition.password_policy,
                store.keeps_history(),
                &password,
            )
            .await?;
            if !broken.is_empty() {
                return Err(ServiceError::Rules(broken));
            }
            (password, PasswordSet::Chosen)
        }
        (AutoGenerate::Off, NewPassword::Generate) => {
            return Err(ServiceError::invalid(
                "reset.generate_not_allowed",
                "This process lets you choose the new password: send new_password.",
            ))
        }
        (mode, NewPassword::Generate) => {
            let generated = password::generate(&mut rand::rngs::OsRng);
            let outcome = match mode {
                AutoGenerate::Email => PasswordSet::Sent {
                    channel: Channel::Email,
                },
                AutoGenerate::Sms => PasswordSet::Sent {
                    channel: Channel::Sms,
                },
                _ => PasswordSet::Shown(generated.clone()),
            };
            (generated, outcome)
        }
        (_, NewPassword::Chosen(_)) => {
            return Err(ServiceError::invalid(
                "reset.password_generated",
                "This process generates the new password: send {\"generate\": true}.",
            ))
        }
    };
    let destination = match &outcome {
        PasswordSet::Sent { channel } => {
            crate::service::verification::codes::ensure_deliverable(state, *channel)?;
            Some(
                generated_password_destination(state, user, *channel)
                    .await?
                    .ok_or_else(|| {
                        ServiceError::conflict("reset.no_destination",
                            format!("There is no {channel} destination to send the new password to; ask the service desk."),
                        )
                    })?,
            )
        }
        _ => None,
    };
    let local_hash = store.set_password(state, user, &password).await?;
    if definition.unlock_after_reset {
        credentials::unlock_account(state, store.as_ref(), user).await?;
    }
    let keep = definition.password_policy.history.max(1);
    let complete = CompleteReset {
        reset_id: request.record.id,
        user_id: user.id,
        password: local_hash.map(|hash| (hash, keep)),
        at: state.now(),
    };
    let audit = state
        .audit(
            &request.actor(),
            "reset.password",
            Some(user.username.as_str()),
            AuditResult::Success,
            source,
        )
        .with_detail(
            serde_json::json!({
                "process": request.process.record.id,
                "store": store.kind().as_str(),
                "generated": !matches!(outcome, PasswordSet::Chosen),
            })
            .to_string(),
        );
    complete_request(state, &request, &complete, &audit).await?;
    if let (PasswordSet::Sent { channel }, Some(destination)) = (&outcome, destination) {
        send_generated_password(state, user, *channel, destination, &password).await?;
    }
    crate::service::outbox::notify_user(state, user, "notice-password-reset").await?;
    Ok(outcome)
}

/// Ends a request successfully (once: a second completion is refused) and forgets the
/// identity's failed requests.
async fn complete_request(
    state: &Services,
    request: &Request,
    complete: &CompleteReset,
    audit: &sesame_store::AuditEvent,
) -> Result<(), ServiceError> {
    if !state.store().complete_reset(complete, audit).await? {
        return Err(ServiceError::conflict(
            "reset.finished",
            "This reset request is already complete.",
        ));
    }
    state
        .store()
        .clear_counter(SCOPE, &request.record.subject)
        .await?;
    Ok(())
}

/// Step 3, the other way: clears the account's lockout where the process allows it.
pub async fn unlock(
    state: &Services,
    reset_id: &str,
    access: Access,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let request = open_request(state, reset_id, access).await?;
    request.ensure_not_blocked(state).await?;
    let user = verified_user(&request)?;
    let definition = &request.process.definition;
    if !definition.allow_unlock {
        return Err(ServiceError::forbidden(
            "reset.unlock_not_allowed",
            "This process does not unlock accounts.",
        ));
    }
    let store = credentials::open(state, definition.credential_store)?;
    credentials::unlock_account(state, store.as_ref(), user).await?;
    let complete = CompleteReset {
        reset_id: request.record.id,
        user_id: user.id,
        password: None,
        at: state.now(),
    };
    let audit = state
        .audit(
            &request.actor(),
            "reset.unlock",
            Some(user.username.as_str()),
            AuditResult::Success,
            source,
        )
        .with_detail(
            serde_json::json!({ "process": request.process.record.id, "store": store.kind().as_str() })
                .to_string(),
        );
    complete_request(state, &request, &complete, &audit).await?;
    crate::service::outbox::notify_user(state, user, "notice-account-unlocked").await?;
    Ok(())
}

/// Where a generated password goes: the enrolled address or number, else the profile's.
async fn generated_password_destination(
    state: &Services,
    user: &UserRecord,
    channel: Channel,
) -> Result<Option<String>, ServiceError> {
    let kind = match channel {
        Channel::Email => Kind::EmailCode,
        Channel::Sms => Kind::SmsCode,
    };
    let enrolled = state
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .find(|e| e.kind == kind && e.state == EnrollmentState::Active)
        .and_then(|e| e.destination);
    let profile = match channel {
        Channel::Email => user.email.clone(),
        Channel::Sms => user.phone.clone(),
    };
    Ok(enrolled.or(profile))
}

async fn send_generated_password(
    state: &Services,
    user: &UserRecord,
    channel: Channel,
    destination: String,
    password: &SecretString,
) -> Result<(), ServiceError> {
    let tr = Tr::for_tag(&user.language);
    let product = state.string_property("web.product_name").await?;
    let args = [
        ("product", product.as_str()),
        ("password", password.expose_secret()),
    ];
    let content = Content {
        subject: tr.t_with("generated-password-subject", &args),
        body: tr.t_with("generated-password-body", &args),
    };
    let message = NewMessage {
        channel,
        destination,
        sealed: seal_content(state, &content)?,
        purpose: "generated password".to_owned(),
    };
    state.store().queue_message(&message, state.now()).await?;
    state.outbox_wake().notify_one();
    Ok(())
}
