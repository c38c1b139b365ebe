//! E-mail and SMS codes for enrollment: send, check, submit. Shared by the API and pages.
//!
//! The three steps of the seeds: a code goes to the address the user typed; the right code
//! creates the enrollment at once as `pending`; submitting activates it, and only then runs
//! the verification's enrollment check (allowed domains or country codes).
//!
//! Codes as a verification: a code goes to the enrolled address or number. For someone it
//! cannot go to (unknown, or not enrolled) a decoy code is recorded instead, counted and
//! refused by the same cooldown and daily cap, and sent to nobody, so that the answers
//! never tell the two apart. On the public reset flow every code is counted per client
//! address as well: an identity's daily cap is counted per client, so no one else can
//! spend it, and each client gets `limits.codes_per_client_daily` codes a day in all.

use sesame_core::Channel;
use sesame_store::EnrollmentState;
use std::time::Duration;

use secrecy::ExposeSecret;
use sesame_core::code::{self, CodePolicy};
use sesame_core::verification::CodeParams;
use sesame_core::Timestamp;
use sesame_delivery::Content;
use sesame_store::{
    AuditResult, ClientQuota, CodeCheck, IssueCode, Issued, NewMessage, PendingEnrollment,
    UserRecord, VerificationRecord,
};

use crate::i18n::Tr;
use crate::service::outbox::seal_content;
use crate::service::verification::{
    checked, Answer, Challenge, Checked, Claimant, Expects, VerificationType,
};
use crate::service::{ServiceError, Services};

/// A code verification and its parsed parameters.
pub struct CodeVerification {
    pub record: VerificationRecord,
    pub params: CodeParams,
}

/// The active code-sending verification with this id, or 404.
pub async fn code_verification(
    state: &Services,
    id: &str,
) -> Result<CodeVerification, ServiceError> {
    let not_found = || {
        ServiceError::not_found(
            "verification.not_found",
            "There is no e-mail or SMS verification with this id.",
        )
    };
    let record = state
        .verification(id)
        .await?
        .filter(|v| v.active)
        .ok_or_else(not_found)?;
    match record.params.code().cloned() {
        Some(params) => Ok(CodeVerification { record, params }),
        None => Err(not_found()),
    }
}

fn enrollment_binding(verification_id: &str, user_id: i64) -> String {
    format!("enroll:{verification_id}:{user_id}")
}

pub struct Sent {
    pub destination: String,
    pub expires_at: Timestamp,
    pub resend_at: Timestamp,
}

/// Step 1: sends a code to the address or number the user typed.
pub async fn send_enrollment_code(
    state: &Services,
    user: &UserRecord,
    verification: &CodeVerification,
    typed: &str,
    source: Option<&str>,
) -> Result<Sent, ServiceError> {
    let destination = verification.params.destination(typed)?;
    ensure_deliverable(state, verification.params.channel())?;
    let actor = format!("user:{}", user.username);
    send_code(
        state,
        CodeRequest {
            user,
            verification,
            destination,
            binding: enrollment_binding(&verification.record.id, user.id),
            action: "enrollment.code",
            actor: &actor,
            source,
            public_client: None,
        },
    )
    .await
}

/// 503 unless messages of `channel` can be delivered.
pub fn ensure_deliverable(state: &Services, channel: Channel) -> Result<(), ServiceError> {
    if state.transports().can_deliver(channel) {
        return Ok(());
    }
    Err(ServiceError::unavailable(
        "delivery.unavailable",
        format!("Sesame cannot send {channel} messages: no {channel} delivery is configured."),
        Some(Duration::from_secs(60)),
    ))
}

/// A code to send: to whom, for what, bound to which enrollment or request.
pub struct CodeRequest<'a> {
    pub user: &'a UserRecord,
    pub verification: &'a CodeVerification,
    pub destination: String,
    pub binding: String,
    /// The audit action.
    pub action: &'static str,
    pub actor: &'a str,
    pub source: Option<&'a str>,
    /// On the public reset flow, where anyone may ask for codes: the client's address.
    pub public_client: Option<&'a str>,
}

/// Issues a code bound to `request.binding` and queues its message, within the
/// verification's cooldown and daily cap (the user's for e-mail, the device's for SMS).
pub async fn send_code(state: &Services, request: CodeRequest<'_>) -> Result<Sent, ServiceError> {
    let quota = match &request.verification.params {
        CodeParams::Email(_) => format!(
            "{}:user:{}",
            request.verification.record.id, request.user.id
        ),
        CodeParams::Sms(_) => format!(
            "{}:device:{}",
            request.verification.record.id, request.destination
        ),
    };
    record_code(
        state,
        Recorded {
            verification: request.verification,
            user: Some(request.user),
            subject: request.user.username.as_str(),
            quota,
            binding: request.binding,
            destination: Some(request.destination),
            action: request.action,
            actor: request.actor,
            source: request.source,
            public_client: request.public_client,
        },
    )
    .await
}

/// For someone a code cannot go to (an unknown identity, or a user not enrolled): a decoy
/// code, recorded and counted like one that is sent, under the subject's own daily cap,
/// refused exactly as a real one would be, and sent to nobody.
pub async fn record_decoy_code(
    state: &Services,
    verification: &CodeVerification,
    who: &Claimant<'_>,
) -> Result<(), ServiceError> {
    record_code(
        state,
        Recorded {
            verification,
            user: None,
            subject: who.subject,
            quota: format!("{}:subject:{}", verification.record.id, who.subject),
            binding: who.binding.clone(),
            destination: None,
            action: "verification.code",
            actor: &who.actor,
            source: who.source,
            public_client: who.public_client,
        },
    )
    .await
    .map(|_| ())
}

/// A code to record: for a user, to a destination, or a decoy (neither).
struct Recorded<'a> {
    verification: &'a CodeVerification,
    user: Option<&'a UserRecord>,
    /// Whom the audit record names.
    subject: &'a str,
    /// What the daily cap counts (before the client is added on the public flow).
    quota: String,
    binding: String,
    destination: Option<String>,
    action: &'static str,
    actor: &'a str,
    source: Option<&'a str>,
    public_client: Option<&'a str>,
}

/// The client's daily count on the public flow: its network (see
/// [`crate::service::client_network`]) and `limits.codes_per_client_daily`.
async fn client_quota(
    state: &Services,
    public_client: Option<&str>,
) -> Result<Option<ClientQuota>, ServiceError> {
    let Some(ip) = public_client.and_then(|a| a.parse::<std::net::IpAddr>().ok()) else {
        return Ok(None);
    };
    let key = match crate::service::client_network(ip) {
        std::net::IpAddr::V6(network) => format!("{network}/64"),
        v4 => v4.to_string(),
    };
    Ok(Some(ClientQuota {
        key,
        daily_limit: state
            .count_property("limits.codes_per_client_daily")
            .await?,
    }))
}

/// Records a code, with its message when it has a destination, within the binding's
/// cooldown and the daily caps. A decoy does the same work as a code that is sent (the
/// message is written and sealed, then left out) and gets the same answers.
async fn record_code(state: &Services, recorded: Recorded<'_>) -> Result<Sent, ServiceError> {
    let Recorded {
        verification,
        user,
        subject,
        quota,
        binding,
        destination,
        action,
        actor,
        source,
        public_client,
    } = recorded;
    let params = &verification.params;
    let channel = params.channel();
    let policy: CodePolicy = params.policy();
    let now = state.now();
    let code = code::generate(policy.length, &mut rand::rngs::OsRng);
    let client = client_quota(state, public_client).await?;
    // On the public flow the cap is counted per client: a stranger spends only the codes
    // their own address may have.
    let quota_key = match &client {
        Some(client) => format!("{quota}:client:{}", client.key),
        None => quota,
    };
    let tr = Tr::for_tag(user.map_or("en", |u| u.language.as_str()));
    let product = state.string_property("web.product_name").await?;
    let minutes = policy.expiry_minutes.to_string();
    let args = [
        ("code", code.expose_secret()),
        ("minutes", minutes.as_str()),
        ("product", product.as_str()),
    ];
    let content = Content {
        subject: tr.t_with("email-code-subject", &args),
        body: tr.t_with(
            if channel == Channel::Email {
                "email-code-body"
            } else {
                "sms-code-body"
            },
            &args,
        ),
    };
    let sealed = seal_content(state, &content)?;
    let message = destination.as_ref().map(|destination| NewMessage {
        channel,
        destination: destination.clone(),
        sealed,
        purpose: action.to_owned(),
    });
    let issue = IssueCode {
        user_id: user.map(|u| u.id),
        verification_id: verification.record.id.clone(),
        digest: code::digest(&state.keys().codes, &binding, &code),
        binding,
        quota_key,
        destination: destination.clone().unwrap_or_default(),
        created_at: now,
        expires_at: now.plus(policy.expiry()),
        max_attempts: policy.max_attempts,
        cooldown_seconds: policy.resend_cooldown_seconds,
        daily_limit: policy.daily_limit,
        client,
        message,
    };
    let mut detail =
        serde_json::json!({ "verification": verification.record.id, "channel": channel });
    if destination.is_none() {
        // For administrators: nothing was sent.
        detail["decoy"] = serde_json::json!(true);
    }
    let audit = state
        .audit(actor, action, Some(subject), AuditResult::Success, source)
        .with_detail(detail.to_string());
    match state.store().issue_code(&issue, &audit).await? {
        Issued::Accepted => {
            if issue.message.is_some() {
                state.outbox_wake().notify_one();
            }
            Ok(Sent {
                destination: destination.unwrap_or_default(),
                expires_at: issue.expires_at,
                resend_at: now.plus(policy.resend_cooldown()),
            })
        }
        Issued::TooSoon { retry_at } => Err(ServiceError::throttled(
            "code.resend_too_soon",
            "A code was sent a moment ago; wait before asking for another.",
            retry_at,
            now,
        )),
        Issued::DailyLimit { retry_at } => Err(ServiceError::throttled(
            "code.daily_limit",
            "Too many codes were sent in the last 24 hours; try again later.",
            retry_at,
            now,
        )),
    }
}

/// Checks a typed code against the newest code of `binding` (counted before compared).
pub async fn check_code(
    state: &Services,
    binding: &str,
    typed: &str,
) -> Result<CodeCheck, ServiceError> {
    let digest = code::digest(&state.keys().codes, binding, &code::normalize(typed));
    Ok(state
        .store()
        .check_code(binding, &digest, state.now())
        .await?)
}

/// Step 2: checks the code; when right, the enrollment exists at once, `pending`.
pub async fn verify_enrollment_code(
    state: &Services,
    user: &UserRecord,
    verification: &CodeVerification,
    typed: &str,
    source: Option<&str>,
) -> Result<String, ServiceError> {
    let binding = enrollment_binding(&verification.record.id, user.id);
    let now = state.now();
    let actor = format!("user:{}", user.username);
    let checked = check_code(state, &binding, typed).await?;
    let failure = |action: &str| {
        state.audit(
            &actor,
            action,
            Some(user.username.as_str()),
            AuditResult::Failure,
            source,
        )
    };
    match checked {
        CodeCheck::Passed { destination } => {
            let audit = state
                .audit(
                    &actor,
                    "enrollment.verify",
                    Some(user.username.as_str()),
                    AuditResult::Success,
                    source,
                )
                .with_detail(
                    serde_json::json!({ "verification": verification.record.id }).to_string(),
                );
            let pending = PendingEnrollment {
                user_id: user.id,
                verification_id: verification.record.id.clone(),
                kind: verification.record.kind,
                destination: Some(destination.clone()),
                secret: None,
                at: now,
            };
            state.store().save_pending(&pending, &audit).await?;
            Ok(destination)
        }
        other => {
            state
                .store()
                .append_audit(&failure("enrollment.verify"))
                .await?;
            Err(code_refusal(other, now))
        }
    }
}

/// The answer to a code that did not pass.
pub fn code_refusal(checked: CodeCheck, now: Timestamp) -> ServiceError {
    match checked {
        CodeCheck::Expired => ServiceError::throttled(
            "code.expired",
            "The code has expired; ask for a new one.",
            now,
            now,
        ),
        CodeCheck::TooManyAttempts => ServiceError::throttled(
            "code.too_many_attempts",
            "The code was entered wrongly too often and no longer works; ask for a new one.",
            now,
            now,
        ),
        CodeCheck::Wrong { remaining } => ServiceError::invalid(
            "code.invalid",
            format!("The code is not right. Tries left for this code: {remaining}."),
        ),
        CodeCheck::NoCode | CodeCheck::Passed { .. } => ServiceError::invalid(
            "code.invalid",
            "The code is not right, or no code is waiting; ask for a new one.",
        ),
    }
}

/// Step 3: activates the pending enrollment after the enrollment check. The check runs
/// here and only here.
pub async fn submit_enrollment(
    state: &Services,
    user: &UserRecord,
    verification: &CodeVerification,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let id = &verification.record.id;
    let pending = state
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .find(|e| e.verification_id == *id && e.state == EnrollmentState::Pending)
        .ok_or_else(|| {
            ServiceError::conflict("enrollment.not_pending",
                "There is no verified address waiting to be submitted; send and enter a code first.",
            )
        })?;
    let destination = pending.destination.unwrap_or_default();
    let actor = format!("user:{}", user.username);
    let checked = verification.params.enrollment_check(&destination);
    let result = if checked.is_ok() {
        AuditResult::Success
    } else {
        AuditResult::Failure
    };
    let check_audit = state
        .audit(
            &actor,
            "enrollment.check",
            Some(user.username.as_str()),
            result,
            source,
        )
        .with_detail(serde_json::json!({ "verification": id }).to_string());
    if let Err(refused) = checked {
        state.store().append_audit(&check_audit).await?;
        return Err(ServiceError::invalid_with(
            "enrollment.check_failed",
            refused.message,
            refused.allowed,
        ));
    }
    state.store().append_audit(&check_audit).await?;
    let audit = state
        .audit(
            &actor,
            "enrollment.activate",
            Some(user.username.as_str()),
            AuditResult::Success,
            source,
        )
        .with_detail(serde_json::json!({ "verification": id }).to_string());
    state
        .store()
        .activate_enrollment(user.id, id, state.now(), &audit)
        .await?;
    Ok(())
}

/// E-mail and SMS codes as a verification: the code goes to the address or number the
/// user enrolled; nothing goes anywhere for someone not enrolled, and the answer is the
/// same.
pub struct CodeType;

#[async_trait::async_trait]
impl VerificationType for CodeType {
    fn expects(&self) -> Expects {
        Expects::Code
    }

    async fn challenge(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        _language: &str,
    ) -> Result<Challenge, ServiceError> {
        let code_verification = code_verification(state, &verification.id).await?;
        ensure_deliverable(state, code_verification.params.channel())?;
        // The same look-up for everyone: the user's enrollments, or nobody's.
        let destination = state
            .store()
            .list_enrollments(who.user.map_or(0, |u| u.id))
            .await?
            .into_iter()
            .find(|e| e.verification_id == verification.id && e.state == EnrollmentState::Active)
            .and_then(|e| e.destination);
        match (who.user, destination) {
            (Some(user), Some(destination)) => {
                send_code(
                    state,
                    CodeRequest {
                        user,
                        verification: &code_verification,
                        destination,
                        binding: who.binding.clone(),
                        action: "verification.code",
                        actor: &who.actor,
                        source: who.source,
                        public_client: who.public_client,
                    },
                )
                .await?;
            }
            _ => record_decoy_code(state, &code_verification, who).await?,
        }
        Ok(Challenge::CodeSent)
    }

    async fn check(
        &self,
        state: &Services,
        _verification: &VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        _posed: &[i64],
    ) -> Result<Checked, ServiceError> {
        let Answer::Code(code) = answer else {
            return Ok(Checked::Failed);
        };
        let result = check_code(state, &who.binding, code.expose_secret()).await?;
        Ok(checked(matches!(result, CodeCheck::Passed { .. })))
    }
}
