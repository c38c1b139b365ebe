//! Human-assisted SMS codes: a service desk agent has Sesame make a code for a caller in a
//! conversation; Sesame sends it to the user's number, or hands it back once to the
//! agent's application to send; the agent checks what the caller reads back.
//!
//! The limits (retries per conversation, failures per user across conversations, the
//! conversation's resend cooldown, the rates per agent and overall) are counted in the
//! database by `AssistRepository`, so they hold under parallel requests and across nodes.
//! Codes are keyed digests, single use, never logged or audited; every generate and check
//! is audited with the agent, the user and the conversation id.

use secrecy::{ExposeSecret, SecretString};
use sesame_core::code;
use sesame_core::identity::{subject_key, PhoneNumber, UserStatus};
use sesame_core::verification::Kind;
use sesame_core::{Channel, Timestamp};
use sesame_store::{
    AssistChecked, AssistIssued, AuditResult, CheckAssistCode, EnrollmentState, IssueAssistCode,
    NewMessage, UserRecord,
};

use crate::i18n::Tr;
use crate::service::outbox::seal_content;
use crate::service::verification::codes::ensure_deliverable;
use crate::service::{ServiceError, ServiceResult, Services};
use sesame_delivery::Content;

/// How the code reaches the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Sesame sends it by SMS.
    Sms,
    /// Sesame hands it back once; the agent's application sends it.
    Return,
}

pub struct Generated {
    pub code_id: String,
    pub expires_at: Timestamp,
    /// The number the code is for, masked.
    pub sent_to: String,
    /// Only with `Delivery::Return`.
    pub code: Option<SecretString>,
}

/// Who asks: the agent as the audit names them, and their address.
#[derive(Clone, Copy)]
pub struct Agent<'a> {
    pub actor: &'a str,
    pub source: Option<&'a str>,
}

/// The number a code for `user` goes to: an active SMS enrollment's first (the base one
/// before custom ones), else the profile's phone.
async fn number_of(services: &Services, user: &UserRecord) -> ServiceResult<Option<String>> {
    let verifications = services.store().list_verifications().await?;
    let is_sms = |id: &str| {
        verifications
            .iter()
            .any(|v| v.id == id && v.kind == Kind::SmsCode && v.active)
    };
    let mut enrolled: Vec<_> = services
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .filter(|e| e.state == EnrollmentState::Active && is_sms(&e.verification_id))
        .filter_map(|e| Some((e.verification_id != "sms", e.destination?)))
        .collect();
    enrolled.sort();
    Ok(enrolled
        .into_iter()
        .map(|(_, number)| number)
        .next()
        .or_else(|| user.phone.clone()))
}

async fn user_named(services: &Services, username: &str) -> ServiceResult<UserRecord> {
    services
        .store()
        .find_user(&subject_key(username))
        .await?
        .filter(|u| u.status == UserStatus::Active)
        .ok_or_else(|| {
            ServiceError::not_found("user.not_found", "There is no active user with this name.")
        })
}

fn audit_detail(conversation: &str, code_id: &str) -> String {
    serde_json::json!({ "conversation_id": conversation, "code_id": code_id }).to_string()
}

/// Makes a code for `username` in `conversation`. 409 `assist.no_phone` when the user has
/// no number (the desk is never told a code went out when none did); 423
/// `assist.user_locked`; 429 `code.resend_too_soon` or `assist.rate_limited`.
pub async fn generate(
    services: &Services,
    username: &str,
    conversation: &str,
    delivery: Delivery,
    agent: Agent<'_>,
) -> ServiceResult<Generated> {
    let conversation = conversation.trim();
    if conversation.is_empty() || conversation.chars().count() > 128 {
        return Err(ServiceError::invalid(
            "assist.conversation_invalid",
            "The conversation id has 1 to 128 characters.",
        ));
    }
    let user = user_named(services, username).await?;
    let number = number_of(services, &user).await?.ok_or_else(|| {
        ServiceError::conflict(
            "assist.no_phone",
            "This user has no phone number to send a code to.",
        )
    })?;
    if delivery == Delivery::Sms {
        ensure_deliverable(services, Channel::Sms)?;
    }
    let length = services.count_property("assist.code_length").await?;
    let expiry = services.minutes_property("assist.expiry_minutes").await?;
    let code = code::generate(length, &mut rand::rngs::OsRng);
    let code_id = hex::encode(rand::random::<[u8; 16]>());
    let now = services.now();
    let message = match delivery {
        Delivery::Sms => {
            let tr = Tr::for_tag(&user.language);
            let product = services.string_property("web.product_name").await?;
            let minutes = (expiry.as_secs() / 60).to_string();
            let args = [
                ("code", code.expose_secret()),
                ("minutes", minutes.as_str()),
                ("product", product.as_str()),
            ];
            let content = Content {
                subject: tr.t_with("email-code-subject", &args),
                body: tr.t_with("assist-sms-body", &args),
            };
            Some(NewMessage {
                channel: Channel::Sms,
                destination: number.clone(),
                sealed: seal_content(services, &content)?,
                purpose: "assist.code".to_owned(),
            })
        }
        Delivery::Return => None,
    };
    let issue = IssueAssistCode {
        code_id: code_id.clone(),
        user_id: user.id,
        agent: agent.actor.to_owned(),
        conversation: conversation.to_owned(),
        digest: code::digest(&services.keys().codes, &code_id, &code),
        created_at: now,
        expires_at: now.plus(expiry),
        cooldown_seconds: services
            .count_property("assist.resend_cooldown_seconds")
            .await?,
        agent_per_minute: services.count_property("assist.agent_per_minute").await?,
        total_per_minute: services.count_property("assist.total_per_minute").await?,
        user_key: user.username.key(),
        message,
    };
    let audit = services
        .audit(
            agent.actor,
            "assist.generate",
            Some(user.username.as_str()),
            AuditResult::Success,
            agent.source,
        )
        .with_detail(audit_detail(conversation, &code_id));
    let rate_limited = |retry_at| {
        ServiceError::throttled(
            "assist.rate_limited",
            "Too many caller codes were made in the last minute; try again shortly.",
            retry_at,
            now,
        )
    };
    match services.store().issue_assist_code(&issue, &audit).await? {
        AssistIssued::Accepted => {}
        AssistIssued::TooSoon { retry_at } => {
            return Err(ServiceError::throttled(
                "code.resend_too_soon",
                "A code was made for this conversation a moment ago; wait before another.",
                retry_at,
                now,
            ))
        }
        AssistIssued::AgentLimited { retry_at } | AssistIssued::TotalLimited { retry_at } => {
            return Err(rate_limited(retry_at))
        }
        AssistIssued::UserLocked { until } => return Err(user_locked(until, now)),
    }
    if delivery == Delivery::Sms {
        services.outbox_wake().notify_one();
    }
    Ok(Generated {
        code_id,
        expires_at: issue.expires_at,
        sent_to: PhoneNumber::parse(&number)
            .map(|p| p.masked())
            .unwrap_or_else(|_| "•••".to_owned()),
        code: (delivery == Delivery::Return).then_some(code),
    })
}

fn user_locked(until: Timestamp, now: Timestamp) -> ServiceError {
    ServiceError::locked(
        "assist.user_locked",
        "Too many wrong codes for this user; an administrator or the service desk must \
         unlock them first.",
        until,
        now,
    )
}

pub struct Checked {
    pub valid: bool,
    pub retries_remaining: u32,
}

/// Checks the code a caller read back. 404 `assist.code_not_found`; 429
/// `assist.retries_exhausted` once the conversation's retries are spent; 423
/// `assist.user_locked`.
pub async fn check(
    services: &Services,
    code_id: &str,
    typed: &str,
    agent: Agent<'_>,
) -> ServiceResult<Checked> {
    let not_found = || {
        ServiceError::not_found(
            "assist.code_not_found",
            "There is no caller code with this id.",
        )
    };
    let record = services
        .store()
        .find_assist_code(code_id)
        .await?
        .ok_or_else(not_found)?;
    let user = services
        .store()
        .find_user_by_id(record.user_id)
        .await?
        .ok_or_else(not_found)?;
    let now = services.now();
    let check = CheckAssistCode {
        code_id: code_id.to_owned(),
        digest: code::digest(&services.keys().codes, code_id, &code::normalize(typed)),
        now,
        retries: services
            .count_property("assist.retries_per_conversation")
            .await?,
        max_user_failures: services.count_property("assist.max_user_failures").await?,
        lockout_minutes: services.int_property("assist.lockout_minutes").await?,
        user_key: user.username.key(),
    };
    let audit = |checked: AssistChecked| {
        let (action, result) = match checked {
            AssistChecked::Valid => ("assist.check", AuditResult::Success),
            AssistChecked::Invalid {
                user_locked: true, ..
            } => ("assist.lockout", AuditResult::Failure),
            AssistChecked::Invalid { .. } => ("assist.check", AuditResult::Failure),
            AssistChecked::Exhausted | AssistChecked::UserLocked { .. } => {
                ("assist.check", AuditResult::Denied)
            }
        };
        services
            .audit(
                agent.actor,
                action,
                Some(user.username.as_str()),
                result,
                agent.source,
            )
            .with_detail(audit_detail(&record.conversation, code_id))
    };
    let retries = check.retries;
    match services
        .store()
        .check_assist_code(&check, &audit)
        .await?
        .ok_or_else(not_found)?
    {
        AssistChecked::Valid => Ok(Checked {
            valid: true,
            retries_remaining: retries,
        }),
        AssistChecked::Invalid {
            retries_remaining, ..
        } => Ok(Checked {
            valid: false,
            retries_remaining,
        }),
        AssistChecked::Exhausted => Err(ServiceError::Throttled {
            code: "assist.retries_exhausted",
            message: "This conversation has used its retries; the caller cannot be verified \
                      by SMS code in it."
                .to_owned(),
            retry_after: std::time::Duration::ZERO,
        }),
        AssistChecked::UserLocked { until } => Err(user_locked(until, now)),
    }
}
