//! Caller verification sessions: a voice agent's orchestrator opens a session for a call,
//! identifies the caller, authenticates them factor by factor in the service's order, may
//! step up once, and takes a signed assertion of the result.
//!
//! Sessions live in the database, so any node serves the next step; each change names the
//! version it read, so two nodes cannot both write one step. Every step is audited with
//! the orchestrator's key, the service, the caller ID and the outcome, never the input.
//! Failures of a factor are counted per call (the call ends at `voice.max_failures`) and
//! per user across calls and nodes (`factor::check`), where the last one locks the factor.

use std::collections::BTreeMap;

use secrecy::SecretString;
use sesame_core::identity::{EmailAddress, PhoneNumber, UserStatus};
use sesame_core::soft_pin;
use sesame_core::token::{generate_token, token_digest, TokenKind};
use sesame_core::voice::{
    self as rules, FactorRole, IdentificationField, PendingFactor, ServiceDefinition, StepUp,
};
use sesame_core::Timestamp;
use sesame_store::{
    metric, AuditEvent, AuditResult, EnrollmentState, NewVoiceSession, Tally, UserRecord,
    VerificationRecord, VoiceSessionRecord, VoiceSessionState,
};

use super::factor::{self, Input, Verdict};
use crate::service::attempts::Outcome;
use crate::service::verification::{self, Challenge, Claimant, Expects};
use crate::service::{ServiceError, ServiceResult, Services};

/// The `iss` of every assertion.
pub const ISSUER: &str = "sesame";
/// How long an assertion is valid.
pub const ASSERTION_SECONDS: u64 = 300;

/// Who takes the step: the orchestrator's key and address.
#[derive(Clone, Copy)]
pub struct Orchestrator<'a> {
    pub actor: &'a str,
    pub source: Option<&'a str>,
}

pub struct Opened {
    pub session_id: SecretString,
    pub expires_at: Timestamp,
    pub identification: Vec<IdentificationField>,
}

/// Opens a session for a call to `service_id`.
pub async fn open(
    services: &Services,
    service_id: &str,
    caller_id: Option<&str>,
    language: Option<&str>,
    who: Orchestrator<'_>,
) -> ServiceResult<Opened> {
    let session_id = generate_token(TokenKind::VoiceSession, &mut rand::rngs::OsRng);
    open_as(services, session_id, service_id, caller_id, language, who).await
}

/// Opens a session under an id the caller derived (a phone line's, from the provider's id
/// of the call, so that every node finds it again); 409 `conflict` when it exists.
pub async fn open_as(
    services: &Services,
    session_id: SecretString,
    service_id: &str,
    caller_id: Option<&str>,
    language: Option<&str>,
    who: Orchestrator<'_>,
) -> ServiceResult<Opened> {
    let service = usable_service(services, service_id).await?;
    let language = match language {
        Some(tag) => Some(
            sesame_core::identity::Language::parse(tag)
                .map_err(|v| ServiceError::Rules(vec![v]))?
                .as_str()
                .to_owned(),
        ),
        None => None,
    };
    let caller_id = caller_id.map(str::trim).filter(|c| !c.is_empty());
    if caller_id.is_some_and(|c| c.chars().count() > 64) {
        return Err(ServiceError::invalid(
            "voice.caller_id_invalid",
            "The caller ID has at most 64 characters.",
        ));
    }
    let now = services.now();
    let expires_at = now.plus(services.minutes_property("voice.session_minutes").await?);
    let new = NewVoiceSession {
        digest: token_digest(&services.keys().token, &session_id),
        service_id: service_id.to_owned(),
        caller_id: caller_id.map(str::to_owned),
        language,
        created_at: now,
        expires_at,
    };
    let audit = step_audit(
        services,
        who,
        "voice.session.open",
        None,
        AuditResult::Success,
        (service_id, caller_id, None),
    );
    services.store().create_voice_session(&new, &audit).await?;
    Ok(Opened {
        session_id,
        expires_at,
        identification: service.identification,
    })
}

/// A session with its service and user, as read for one step.
struct Call {
    record: VoiceSessionRecord,
    service: ServiceDefinition,
    user: Option<UserRecord>,
}

impl Call {
    fn user(&self) -> ServiceResult<&UserRecord> {
        self.user.as_ref().ok_or_else(|| {
            ServiceError::conflict("voice.not_identified", "Identify the caller first.")
        })
    }

    fn claimant<'a>(
        &'a self,
        user: &'a UserRecord,
        subject: &'a str,
        factor: &str,
        who: Orchestrator<'a>,
    ) -> Claimant<'a> {
        Claimant {
            user: Some(user),
            subject,
            binding: format!("voice:{}:{factor}", self.record.id),
            actor: who.actor.to_owned(),
            source: who.source,
            public_client: None,
        }
    }

    /// The languages spoken input is read in: the one given, the session's, the user's,
    /// then every other.
    fn languages(&self, given: Option<&str>) -> Vec<&'static str> {
        let preferred = given
            .or(self.record.language.as_deref())
            .or(self.user.as_ref().map(|u| u.language.as_str()))
            .unwrap_or("en");
        soft_pin::languages_preferring(preferred.split('-').next().unwrap_or("en"))
    }
}

/// Where a call stands, for a line that drives it turn by turn (`phone`).
pub struct Standing {
    pub state: VoiceSessionState,
    pub service: ServiceDefinition,
    /// The identified user's language.
    pub language: Option<String>,
    /// Identification answers that identified nobody so far.
    pub identify_failures: u32,
    /// The factor to pass next, while the caller is identified.
    pub next_factor: Option<String>,
    /// The factor whose challenge was given and is not answered yet.
    pub pending: Option<String>,
}

/// Where the session stands, read as every step reads it; `None` when there is none.
pub async fn standing(services: &Services, session_id: &str) -> ServiceResult<Option<Standing>> {
    let call = match load(services, session_id).await {
        Err(ServiceError::NotFound {
            code: "voice.session_not_found",
            ..
        }) => return Ok(None),
        other => other?,
    };
    let progress = &call.record.progress;
    let next_factor = match call.record.state {
        VoiceSessionState::Identified => progress
            .next_factor(&call.service)
            .map(|(id, _)| id.to_owned()),
        _ => None,
    };
    Ok(Some(Standing {
        state: call.record.state,
        language: call.user.as_ref().map(|u| u.language.as_str().to_owned()),
        identify_failures: progress.identify_failures,
        next_factor,
        pending: progress
            .pending
            .as_ref()
            .filter(|p| !p.step_up)
            .map(|p| p.factor.clone()),
        service: call.service,
    }))
}

/// The key a user's attempts are counted under, as everywhere else in Sesame.
fn user_subject(user: &UserRecord) -> String {
    user.username.key()
}

/// The service, refused with 409 `voice_service.invalid` while it breaks today's rules.
async fn usable_service(services: &Services, id: &str) -> ServiceResult<ServiceDefinition> {
    let service = super::get(services, id).await?;
    // With step-up switched off the service still verifies callers; only its step-up is
    // unavailable.
    let blocking = service
        .problems
        .iter()
        .find(|p| p.code != "voice_service.step_up_disabled");
    if let Some(problem) = blocking {
        return Err(ServiceError::conflict(
            "voice_service.invalid",
            format!(
                "The voice service {id} breaks the factor rules of the moment ({}); an \
                 administrator must fix it first.",
                problem.code
            ),
        ));
    }
    Ok(service.record.definition)
}

async fn load(services: &Services, session_id: &str) -> ServiceResult<Call> {
    let digest = token_digest(
        &services.keys().token,
        &SecretString::from(session_id.to_owned()),
    );
    let record = services
        .store()
        .find_voice_session(&digest)
        .await?
        .ok_or_else(|| {
            ServiceError::not_found("voice.session_not_found", "There is no such session.")
        })?;
    if record.expires_at <= services.now() {
        return Err(ServiceError::expired(
            "voice.session_expired",
            "This session has expired; open a new one.",
        ));
    }
    let service = match usable_service(services, &record.service_id).await {
        Err(ServiceError::NotFound { .. }) => {
            return Err(ServiceError::conflict(
                "voice_service.invalid",
                "The voice service of this session was removed.",
            ))
        }
        other => other?,
    };
    let user = match record.user_id {
        Some(id) => services
            .store()
            .find_user_by_id(id)
            .await?
            .filter(|u| u.status == UserStatus::Active),
        None => None,
    };
    Ok(Call {
        record,
        service,
        user,
    })
}

/// Writes the session's new state; 409 `voice.session_busy` when another step of the
/// same call was written first.
async fn save(
    services: &Services,
    call: &mut Call,
    audit: Option<&AuditEvent>,
) -> ServiceResult<()> {
    call.record.updated_at = services.now();
    if services
        .store()
        .update_voice_session(&call.record, audit)
        .await?
    {
        call.record.version += 1;
        Ok(())
    } else {
        Err(ServiceError::conflict(
            "voice.session_busy",
            "Another step of this call was taken at the same moment; try again.",
        ))
    }
}

/// An audit record of one step: the orchestrator, the subject, the outcome, and in its
/// detail the service, the caller ID and the factor (never the input).
fn step_audit(
    services: &Services,
    who: Orchestrator<'_>,
    action: &str,
    subject: Option<&str>,
    result: AuditResult,
    (service, caller_id, factor): (&str, Option<&str>, Option<&str>),
) -> AuditEvent {
    let mut detail = serde_json::json!({ "service": service, "caller_id": caller_id });
    if let Some(factor) = factor {
        detail["factor"] = factor.into();
    }
    services
        .audit(who.actor, action, subject, result, who.source)
        .with_detail(detail.to_string())
}

fn call_audit(
    services: &Services,
    call: &Call,
    who: Orchestrator<'_>,
    action: &str,
    result: AuditResult,
    factor: Option<&str>,
) -> AuditEvent {
    step_audit(
        services,
        who,
        action,
        call.user.as_ref().map(|u| u.username.as_str()),
        result,
        (
            &call.record.service_id,
            call.record.caller_id.as_deref(),
            factor,
        ),
    )
}

pub struct Identified {
    pub identified: bool,
    /// The factors to pass, in order, when a caller was identified.
    pub factors: Vec<(String, FactorRole)>,
}

/// Identifies the caller by the service's fields. The caller ID answers `phone` unless an
/// answer is given; a phone number matches in E.164 however it was keyed or said. Every
/// field must match the same one active user, and an answer that matches several users
/// identifies nobody. Each field is looked up whatever the others gave, so a known and an
/// unknown caller cost the same work. Answers that identify nobody are counted; at
/// `voice.max_failures` the call ends.
pub async fn identify(
    services: &Services,
    session_id: &str,
    answers: &[(IdentificationField, String)],
    who: Orchestrator<'_>,
) -> ServiceResult<Identified> {
    let mut call = load(services, session_id).await?;
    match call.record.state {
        VoiceSessionState::Open => {}
        VoiceSessionState::Identified | VoiceSessionState::Authenticated => {
            return Err(ServiceError::conflict(
                "voice.already_identified",
                "The caller of this session is identified already.",
            ))
        }
        VoiceSessionState::Failed | VoiceSessionState::Unidentified => return Err(ended()),
    }
    let mut broken = Vec::new();
    for (field, _) in answers {
        if !call.service.identification.contains(field) {
            broken.push(sesame_core::Violation::new(
                "voice.identification_unexpected",
                format!("This service does not identify callers by {field}."),
            ));
        }
    }
    let mut given = Vec::new();
    for field in &call.service.identification {
        let answer = answers
            .iter()
            .find(|(given, _)| given == field)
            .map(|(_, answer)| answer.as_str())
            .or(match field {
                IdentificationField::Phone => call.record.caller_id.as_deref(),
                _ => None,
            });
        match answer {
            Some(answer) => given.push((*field, answer)),
            None => broken.push(sesame_core::Violation::new(
                "voice.identification_missing",
                format!("Give the caller's {field}."),
            )),
        }
    }
    if !broken.is_empty() {
        return Err(ServiceError::Rules(broken));
    }
    let languages = call.languages(None);
    let mut matched: Option<Vec<i64>> = None;
    for (field, answer) in given {
        let ids = candidates(services, &call.service, field, answer, &languages).await?;
        matched = Some(match matched {
            None if ids.len() == 1 => ids,
            Some(so_far) if ids.len() == 1 && so_far == ids => so_far,
            _ => Vec::new(),
        });
    }
    let user_id = matched.filter(|ids| ids.len() == 1).map(|ids| ids[0]);
    // The same look-up for everyone: the user's record, or nobody's.
    let user = services
        .store()
        .find_user_by_id(user_id.unwrap_or(0))
        .await?
        .filter(|u| u.status == UserStatus::Active);
    let max_failures = services.count_property("voice.max_failures").await?;
    let identified = user.is_some();
    match &user {
        Some(user) => {
            call.record.user_id = Some(user.id);
            call.record.state = VoiceSessionState::Identified;
        }
        None => {
            call.record.progress.identify_failures += 1;
            if call.record.progress.identify_failures >= max_failures {
                call.record.state = VoiceSessionState::Unidentified;
            }
        }
    }
    call.user = user;
    let result = if identified {
        AuditResult::Success
    } else {
        AuditResult::Failure
    };
    let audit = call_audit(services, &call, who, "voice.session.identify", result, None);
    save(services, &mut call, Some(&audit)).await?;
    let factors = if identified {
        call.service
            .required()
            .into_iter()
            .map(|(id, role)| (id.to_owned(), role))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Identified {
        identified,
        factors,
    })
}

/// The ids of the users (at most two: more than one is too many) whose `field` is
/// `answer`.
async fn candidates(
    services: &Services,
    service: &ServiceDefinition,
    field: IdentificationField,
    answer: &str,
    languages: &[&str],
) -> ServiceResult<Vec<i64>> {
    let store = services.store();
    let ids = |users: Vec<UserRecord>| users.into_iter().map(|u| u.id).collect::<Vec<_>>();
    Ok(match field {
        IdentificationField::Phone => {
            let phone = spoken_digits(answer, languages)
                .and_then(|digits| {
                    PhoneNumber::parse_in(&digits, service.default_region.as_deref())
                })
                .or_else(|| PhoneNumber::parse_in(answer, service.default_region.as_deref()));
            // An unreadable number is looked up too, as nobody's, for the same work.
            let e164 = phone.as_ref().map_or("", PhoneNumber::as_str);
            ids(store.find_users_by_phone(e164, 2).await?)
        }
        IdentificationField::Email => {
            let key = EmailAddress::parse(answer)
                .map(|e| e.key())
                .unwrap_or_default();
            ids(store.find_users_by_email(&key, 2).await?)
        }
        IdentificationField::EmployeeId => {
            let id = spoken_digits(answer, languages).unwrap_or_else(|| answer.trim().to_owned());
            ids(store
                .find_user_by_employee_id(&id)
                .await?
                .into_iter()
                .collect())
        }
        IdentificationField::Username => {
            let key = sesame_core::identity::subject_key(answer);
            ids(store.find_user(&key).await?.into_iter().collect())
        }
    })
}

/// The digits of a number said in words ("four one five, five five five ..."); `None`
/// for an answer that holds digits (it is taken as written) or is no number.
fn spoken_digits(answer: &str, languages: &[&str]) -> Option<String> {
    if answer.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let answer = answer.trim_start();
    let spoken_plus = answer
        .get(..5)
        .is_some_and(|start| start.eq_ignore_ascii_case("plus "));
    let plus = spoken_plus || answer.starts_with('+');
    let number = if spoken_plus {
        &answer[5..]
    } else {
        answer.trim_start_matches('+')
    };
    let digits = languages
        .iter()
        .filter_map(|tag| soft_pin::number_words(tag))
        .find_map(|words| words.parse(number))?;
    Some(if plus { format!("+{digits}") } else { digits })
}

fn ended() -> ServiceError {
    ServiceError::conflict(
        "voice.session_ended",
        "This call's verification has ended; open a new session for another try.",
    )
}

pub struct Challenged {
    pub expects: Expects,
    pub questions: Vec<(i64, String)>,
    /// Where a code went, masked.
    pub sent_to: Option<String>,
}

/// Starts `factor`: a code is sent now, questions are posed; a PIN or an app code is
/// simply asked for. Factors come in the service's order.
pub async fn challenge(
    services: &Services,
    session_id: &str,
    factor: &str,
    who: Orchestrator<'_>,
) -> ServiceResult<Challenged> {
    let mut call = load(services, session_id).await?;
    let step_up = expect_factor(&call, factor)?;
    start(services, &mut call, factor, step_up, who).await
}

/// Whether `factor` may be challenged or answered now, and if it is the step-up.
fn expect_factor(call: &Call, factor: &str) -> ServiceResult<bool> {
    let progress = &call.record.progress;
    let known = call.service.required().iter().any(|(id, _)| *id == factor)
        || call.service.step_up.as_deref() == Some(factor);
    if !known {
        return Err(ServiceError::not_found(
            "voice.factor_unknown",
            format!("{factor} is not a factor of this service."),
        ));
    }
    match call.record.state {
        VoiceSessionState::Open => Err(ServiceError::conflict(
            "voice.not_identified",
            "Identify the caller first.",
        )),
        VoiceSessionState::Failed | VoiceSessionState::Unidentified => Err(ended()),
        VoiceSessionState::Identified => match progress.next_factor(&call.service) {
            Some((next, _)) if next == factor => Ok(false),
            _ if progress.passed.iter().any(|p| p == factor) => Err(ServiceError::conflict(
                "voice.factor_passed",
                format!("{factor} has passed already."),
            )),
            _ => Err(ServiceError::conflict(
                "voice.factor_out_of_order",
                "Factors are asked in the service's order.",
            )),
        },
        VoiceSessionState::Authenticated => {
            let started = progress.step_up == Some(StepUp::Started)
                && call.service.step_up.as_deref() == Some(factor);
            if started {
                Ok(true)
            } else {
                Err(ServiceError::conflict(
                    "voice.already_authenticated",
                    "The caller is authenticated; only a started step-up takes an answer now.",
                ))
            }
        }
    }
}

/// 423 `voice.factor_locked` while `factor` is locked for the user on the phone. The call
/// ends, unless this is the step-up: then only the step-up has failed.
async fn ensure_unlocked(
    services: &Services,
    call: &mut Call,
    (factor, step_up): (&str, bool),
    who: Orchestrator<'_>,
) -> ServiceResult<()> {
    let user = call.user()?;
    if let Some(until) = factor::locked_until(services, factor, &user_subject(user)).await? {
        if step_up {
            call.record.progress.step_up = Some(StepUp::Failed);
            call.record.progress.pending = None;
        } else {
            call.record.state = VoiceSessionState::Failed;
        }
        let audit = call_audit(
            services,
            call,
            who,
            "voice.session.locked",
            AuditResult::Denied,
            Some(factor),
        );
        save(services, call, Some(&audit)).await?;
        return Err(factor_locked(services, until));
    }
    Ok(())
}

fn factor_locked(services: &Services, until: Timestamp) -> ServiceError {
    ServiceError::locked(
        "voice.factor_locked",
        "This factor is locked for this caller after too many failures; the call's \
         verification has ended.",
        until,
        services.now(),
    )
}

async fn start(
    services: &Services,
    call: &mut Call,
    factor: &str,
    step_up: bool,
    who: Orchestrator<'_>,
) -> ServiceResult<Challenged> {
    ensure_unlocked(services, call, (factor, step_up), who).await?;
    let verification = active_verification(services, factor).await?;
    let now = services.now();
    // A second code is sent only after the verification's cooldown.
    if let (Some(params), Some(pending)) =
        (verification.params.code(), &call.record.progress.pending)
    {
        let retry_at = Timestamp::from_millis(pending.at).plus(params.policy().resend_cooldown());
        if pending.factor == factor && pending.step_up == step_up && retry_at > now {
            return Err(ServiceError::throttled(
                "code.resend_too_soon",
                "A code was sent a moment ago; wait before asking for another.",
                retry_at,
                now,
            ));
        }
    }
    let user = call.user()?.clone();
    let language = call.languages(None)[0];
    let subject = user_subject(&user);
    let claimant = call.claimant(&user, &subject, binding_factor(factor, step_up), who);
    let challenge = verification::challenge(services, &verification, &claimant, language).await?;
    let (questions, sent_to) = match challenge {
        Challenge::Questions(questions) => (questions, None),
        Challenge::CodeSent => (
            Vec::new(),
            destination(services, &user, &verification).await?,
        ),
        Challenge::Prompt => (Vec::new(), None),
    };
    call.record.progress.pending = Some(PendingFactor {
        factor: factor.to_owned(),
        posed: questions.iter().map(|(id, _)| *id).collect(),
        at: now.as_millis(),
        step_up,
    });
    let action = if step_up {
        "voice.session.step_up"
    } else {
        "voice.session.challenge"
    };
    let audit = call_audit(
        services,
        call,
        who,
        action,
        AuditResult::Success,
        Some(factor),
    );
    save(services, call, Some(&audit)).await?;
    Ok(Challenged {
        expects: verification::expects(&verification),
        questions,
        sent_to,
    })
}

/// Codes of a step-up are bound apart from the same factor's earlier code.
fn binding_factor(factor: &str, step_up: bool) -> &str {
    if step_up {
        "step_up"
    } else {
        factor
    }
}

async fn active_verification(services: &Services, id: &str) -> ServiceResult<VerificationRecord> {
    services
        .verification(id)
        .await?
        .filter(|v| v.active)
        .ok_or_else(|| {
            ServiceError::conflict(
                "voice_service.invalid",
                format!("The verification {id} is no longer active."),
            )
        })
}

/// Where the user's code of `verification` goes, masked.
async fn destination(
    services: &Services,
    user: &UserRecord,
    verification: &VerificationRecord,
) -> ServiceResult<Option<String>> {
    let enrollment = services
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .find(|e| e.verification_id == verification.id && e.state == EnrollmentState::Active);
    Ok(enrollment
        .and_then(|e| e.destination)
        .map(|to| match PhoneNumber::parse(&to) {
            Ok(phone) => phone.masked(),
            Err(_) => sesame_core::identity::masked_email(&to),
        }))
}

pub struct Answered {
    pub passed: bool,
    pub attempts_remaining: u32,
    pub authenticated: bool,
    /// The signed assertion, once every required factor has passed (and after a passed
    /// step-up).
    pub result: Option<String>,
}

/// Checks the caller's answer to `factor`. A failure leaves `voice.max_failures` minus
/// the failures so far in this call (or fewer, when earlier calls failed too); the last
/// ends the call and locks the factor for the user (423 `voice.factor_locked`). The one
/// step-up attempt passes or fails without ending the call.
pub async fn answer(
    services: &Services,
    session_id: &str,
    factor: &str,
    input: Input,
    who: Orchestrator<'_>,
) -> ServiceResult<Answered> {
    let mut call = load(services, session_id).await?;
    let step_up = expect_factor(&call, factor)?;
    let verification = active_verification(services, factor).await?;
    let pending = call
        .record
        .progress
        .pending
        .clone()
        .filter(|p| p.factor == factor && p.step_up == step_up);
    let prompt_only = matches!(verification::expects(&verification), Expects::Pin)
        || verification.kind == sesame_core::verification::Kind::Authenticator;
    if pending.is_none() && (step_up || !prompt_only) {
        return Err(ServiceError::conflict(
            "voice.not_challenged",
            "Start this factor's challenge first: its code or questions have not been given.",
        ));
    }
    let language = match &input {
        Input::Digits { language, .. } => language.clone(),
        Input::Answers(_) => None,
    };
    let languages = call.languages(language.as_deref());
    let answer = factor::read(
        &verification,
        input,
        call.service.input_choice(factor),
        &languages,
    )?;
    ensure_unlocked(services, &mut call, (factor, step_up), who).await?;
    // A code sent long ago is dead: a new challenge is due, and nothing is counted.
    if let (Some(pending), Some(params)) = (&pending, verification.params.code()) {
        let sent = Timestamp::from_millis(pending.at);
        if sent.plus(params.policy().expiry()) <= services.now() {
            call.record.progress.pending = None;
            save(services, &mut call, None).await?;
            return Err(ServiceError::conflict(
                "voice.challenge_expired",
                "The code sent has expired; start this factor's challenge again.",
            ));
        }
    }
    // The attempt is claimed in the session before the secret is checked, so that
    // answers given at once (on one node or several) cannot get past the call's own
    // limits: the step-up's one attempt, and the failures a call allows.
    {
        let progress = &mut call.record.progress;
        if step_up {
            progress.step_up = Some(StepUp::Failed);
            progress.pending = None;
        } else {
            *progress.failures.entry(factor.to_owned()).or_insert(0) += 1;
        }
    }
    save(services, &mut call, None).await?;
    let user = call.user()?.clone();
    let subject = user_subject(&user);
    let claimant = call.claimant(&user, &subject, binding_factor(factor, step_up), who);
    let posed = pending.map(|p| p.posed).unwrap_or_default();
    let audit = |outcome: &Outcome| {
        let result = match outcome {
            Outcome::Passed => AuditResult::Success,
            Outcome::Failed { .. } => AuditResult::Failure,
            Outcome::Locked { .. } => AuditResult::Denied,
        };
        call_audit(
            services,
            &call,
            who,
            "voice.session.answer",
            result,
            Some(factor),
        )
    };
    let verdict = factor::check(services, &verification, &claimant, answer, &posed, audit).await?;
    let max_failures = services.count_property("voice.max_failures").await?;
    let progress = &mut call.record.progress;
    // A code sent or questions posed stay to be answered again after a wrong answer
    // (the code keeps its own limit of entries); a pass, the step-up's one attempt or a
    // lock ends them. The failure claimed above stands unless the answer passed.
    let mut passed = false;
    let mut remaining = 0;
    let mut locked = None;
    match verdict {
        Verdict::Passed => {
            passed = true;
            progress.pending = None;
            if let Some(claimed) = progress.failures.get_mut(factor).filter(|_| !step_up) {
                *claimed = claimed.saturating_sub(1);
            }
            // A step-up with a factor passed before shows in `step_up`, not twice in `amr`.
            if !progress.passed.iter().any(|p| p == factor) {
                progress.passed.push(factor.to_owned());
            }
            remaining = max_failures;
        }
        Verdict::Failed {
            remaining: left,
            locked_until,
        } => {
            let failures = progress.failures.get(factor).copied().unwrap_or(0);
            remaining = left.min(max_failures.saturating_sub(failures));
            locked = locked_until;
            if remaining == 0 && locked.is_none() && !step_up {
                // The call's tries are spent though the user's count was reset meanwhile
                // (a pass in another call): the call ends all the same.
                let lockout = services.minutes_property("voice.lockout_minutes").await?;
                locked = Some(services.now().plus(lockout));
            }
        }
        Verdict::Locked { until } => locked = Some(until),
    }
    if step_up {
        progress.step_up = Some(if passed {
            StepUp::Passed
        } else {
            StepUp::Failed
        });
    }
    let (action, result) = match (passed, locked) {
        (true, _) if progress.next_factor(&call.service).is_none() && !step_up => {
            call.record.state = VoiceSessionState::Authenticated;
            ("voice.session.authenticated", AuditResult::Success)
        }
        (_, Some(_)) if !step_up => {
            call.record.state = VoiceSessionState::Failed;
            ("voice.session.failed", AuditResult::Denied)
        }
        _ => ("", AuditResult::Success),
    };
    let audit = (!action.is_empty())
        .then(|| call_audit(services, &call, who, action, result, Some(factor)));
    save(services, &mut call, audit.as_ref()).await?;
    if let (Some(until), false) = (locked, step_up) {
        return Err(factor_locked(services, until));
    }
    let authenticated = call.record.state == VoiceSessionState::Authenticated;
    let result = if authenticated && passed {
        Some(assertion(services, &call).await?)
    } else {
        None
    };
    Ok(Answered {
        passed,
        attempts_remaining: if step_up && !passed { 0 } else { remaining },
        authenticated,
        result,
    })
}

/// Starts the service's step-up factor once the caller is authenticated: one attempt,
/// with a fresh challenge. 409 `voice.step_up_unavailable` when step-up is off or the
/// service has none, `voice.step_up_used` once it was started.
pub async fn step_up(
    services: &Services,
    session_id: &str,
    who: Orchestrator<'_>,
) -> ServiceResult<Challenged> {
    let mut call = load(services, session_id).await?;
    if call.record.state != VoiceSessionState::Authenticated {
        return Err(not_authenticated());
    }
    let factor = match &call.service.step_up {
        Some(factor) if services.bool_property("voice.step_up.enabled").await? => factor.clone(),
        _ => {
            return Err(ServiceError::conflict(
                "voice.step_up_unavailable",
                "This service has no step-up factor, or step-up is switched off.",
            ))
        }
    };
    if call.record.progress.step_up.is_some() {
        return Err(ServiceError::conflict(
            "voice.step_up_used",
            "A call gets one step-up attempt; it was started already.",
        ));
    }
    call.record.progress.step_up = Some(StepUp::Started);
    start(services, &mut call, &factor, true, who).await
}

fn not_authenticated() -> ServiceError {
    ServiceError::conflict(
        "voice.not_authenticated",
        "The caller of this session is not authenticated.",
    )
}

/// A fresh signed assertion while the session is authenticated.
pub async fn result(services: &Services, session_id: &str) -> ServiceResult<String> {
    let call = load(services, session_id).await?;
    if call.record.state != VoiceSessionState::Authenticated {
        return Err(not_authenticated());
    }
    assertion(services, &call).await
}

/// The signed assertion of an authenticated call: who, by which factors, how surely.
async fn assertion(services: &Services, call: &Call) -> ServiceResult<String> {
    let user = call.user()?;
    let mut kinds = Vec::new();
    for id in &call.record.progress.passed {
        if let Some(verification) = services.verification(id).await? {
            kinds.push(verification.kind);
        }
    }
    let assurance = rules::assurance(&kinds)
        .ok_or_else(|| ServiceError::internal("an authenticated call passed no factor"))?;
    let now = services.now().unix_seconds();
    let claims = serde_json::json!({
        "iss": ISSUER,
        "aud": call.record.service_id,
        "sub": user.id.to_string(),
        "username": user.username.as_str(),
        // The session's id is a secret (with any orchestrator key it reads and steps the
        // session); the assertion, which travels on, carries its row number instead.
        "sid": call.record.id.to_string(),
        "amr": call.record.progress.passed,
        "assurance": assurance,
        "step_up": call.record.progress.step_up == Some(StepUp::Passed),
        "iat": now,
        "exp": now + ASSERTION_SECONDS,
    });
    services.sign_assertion(&claims)
}

/// Voice sessions over a period, for reports.
pub struct Report {
    /// `(service, outcome, sessions)`, by service and outcome.
    pub sessions: Vec<(String, &'static str, i64)>,
    /// `(factor, failures)`: failed answers in those sessions, by factor.
    pub failures: Vec<(String, i64)>,
}

/// The outcomes [`outcome`] gives.
const OUTCOMES: [&str; 5] = [
    "authenticated",
    "failed",
    "unidentified",
    "abandoned",
    "in_progress",
];

/// What one session counts in reports, as daily totals keep it once the session is
/// purged: one session of its service under its outcome at `now`, and its failures by
/// factor.
pub fn tally(record: &VoiceSessionRecord, now: Timestamp) -> Tally {
    let mut tally = vec![(
        format!("{}{}", metric::VOICE_SESSION_PREFIX, outcome(record, now)),
        record.service_id.clone(),
        1,
    )];
    for (factor, count) in &record.progress.failures {
        tally.push((
            metric::VOICE_FAILURES.to_owned(),
            factor.clone(),
            i64::from(*count),
        ));
    }
    tally
}

/// The sessions opened in `[since, until)`: how each ended, and which factors failed;
/// the sessions still kept and the daily totals of purged ones, for every day that begins
/// in the period.
pub async fn report(
    services: &Services,
    since: Timestamp,
    until: Timestamp,
) -> ServiceResult<Report> {
    let now = services.now();
    let mut sessions = BTreeMap::new();
    let mut failures = BTreeMap::new();
    let mut add = |name: &str, item: String, count: i64| {
        if let Some(outcome) = name.strip_prefix(metric::VOICE_SESSION_PREFIX) {
            if let Some(outcome) = OUTCOMES.iter().find(|known| **known == outcome) {
                *sessions.entry((item, *outcome)).or_insert(0) += count;
            }
        } else if name == metric::VOICE_FAILURES {
            *failures.entry(item).or_insert(0) += count;
        }
    };
    for record in services
        .store()
        .voice_sessions_between(since, until)
        .await?
    {
        for (name, item, count) in tally(&record, now) {
            add(&name, item, count);
        }
    }
    for total in services
        .store()
        .daily_totals(since, until, "voice.")
        .await?
    {
        add(&total.metric, total.item, total.total);
    }
    Ok(Report {
        sessions: sessions
            .into_iter()
            .map(|((service, outcome), count)| (service, outcome, count))
            .collect(),
        failures: failures.into_iter().collect(),
    })
}

/// How a session ended, or stands at `now`: `authenticated`, `failed`, `unidentified`,
/// `abandoned` (expired before either) or `in_progress`.
pub fn outcome(record: &VoiceSessionRecord, now: Timestamp) -> &'static str {
    match record.state {
        VoiceSessionState::Authenticated => "authenticated",
        VoiceSessionState::Failed => "failed",
        VoiceSessionState::Unidentified => "unidentified",
        VoiceSessionState::Open | VoiceSessionState::Identified if record.expires_at <= now => {
            "abandoned"
        }
        VoiceSessionState::Open | VoiceSessionState::Identified => "in_progress",
    }
}
