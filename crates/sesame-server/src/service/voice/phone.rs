//! A phone line: a call driven turn by turn by a telephony provider's webhooks, over the
//! caller verification sessions of `call`. Each request of the provider is one turn: what
//! the caller keyed or said answers what the previous turn asked, and the turn says what
//! to tell the caller and ask next, or where to send the call. Nothing about a call is
//! kept in memory: the session's id is derived from the provider's id of the call under
//! the server's token key, so any node finds the session the first request opened, and
//! what a turn asked travels back with the provider's next request ([`Asked`]).
//!
//! The line identifies callers by the service's own fields, as the API does: the caller
//! ID answers `phone` on the first try; the employee id (and the phone number, once the
//! caller ID has identified nobody) is asked for, keyed or spoken. It takes the factors
//! a caller can key or say: Soft PIN, authenticator and e-mail or SMS codes. Security
//! questions are left out (their answers would have to travel between turns); a service
//! that asks for them, or identifies by e-mail or user name, is not served on the line.
//!
//! This module knows no provider's wire format: the edge turns a [`Turn`] into the
//! provider's markup and its prompts into the caller's language.

use secrecy::{ExposeSecret, SecretString};
use sesame_core::soft_pin::InputType;
use sesame_core::token::{derived_token, TokenKind};
use sesame_core::verification::{Kind, Params};
use sesame_core::voice::{IdentificationField, InputChoice, ServiceDefinition};
use sesame_store::{VerificationRecord, VoiceSessionState};

use super::call::{self, Orchestrator, Standing};
use super::factor::Input;
use crate::service::{ServiceError, ServiceResult, Services};

/// Re-asks in a row that counted nothing (silence, input that could not be read) before
/// the line gives up on the call.
pub const MAX_RETRIES: u32 = 3;

/// The longest a caller is kept waiting for a code the verification may not send yet (its
/// resend cooldown, 120 s by default); a longer wait ends the call.
const LONGEST_WAIT_SECONDS: u64 = 180;

/// A telephony provider's line.
pub struct Line {
    /// The provider's name: part of a call's key, and the actor in the audit (`phone:<name>`).
    pub provider: &'static str,
    /// The property naming where verified calls go next.
    pub handoff_property: &'static str,
}

/// One request of the provider during a call.
pub struct Request<'a> {
    /// The voice service the number is for.
    pub service: &'a str,
    /// The provider's id of the call.
    pub call_id: &'a str,
    pub caller_id: Option<&'a str>,
    /// What the previous turn asked, as the provider sent it back; `None` when a call
    /// comes in (or comes back after a pause).
    pub asked: Option<Asked>,
    pub heard: Heard,
    /// The provider's address, for the audit.
    pub source: Option<&'a str>,
}

/// What the caller gave.
pub enum Heard {
    Nothing,
    Keys(SecretString),
    /// A speech recogniser's transcript.
    Speech(SecretString),
}

/// What a turn asked, carried by the provider to the next request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asked {
    pub step: Step,
    /// Identification answers given so far in this try (identifiers, never secrets).
    pub collected: Vec<(IdentificationField, String)>,
    /// Re-asks in a row that counted nothing.
    pub retries: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Field(IdentificationField),
    Factor(String),
}

impl Asked {
    /// As query parameters: `ask` (`field.<name>` or `factor.<id>`), `again` and one
    /// `given.<field>` per answer collected.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let ask = match &self.step {
            Step::Field(field) => format!("field.{field}"),
            Step::Factor(factor) => format!("factor.{factor}"),
        };
        let mut query = vec![("ask".to_owned(), ask)];
        if self.retries > 0 {
            query.push(("again".to_owned(), self.retries.to_string()));
        }
        for (field, answer) in &self.collected {
            query.push((format!("given.{field}"), answer.clone()));
        }
        query
    }

    /// Reads what `to_query` wrote; `None` without a readable `ask`.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<Self> {
        let mut step = None;
        let mut retries = 0;
        let mut collected = Vec::new();
        for (name, value) in pairs {
            match name {
                "ask" => {
                    step = match value.split_once('.') {
                        Some(("field", field)) => {
                            IdentificationField::parse(field).map(Step::Field)
                        }
                        Some(("factor", factor)) if !factor.is_empty() => {
                            Some(Step::Factor(factor.to_owned()))
                        }
                        _ => None,
                    }
                }
                "again" => retries = value.parse().unwrap_or(0).min(MAX_RETRIES),
                _ => {
                    let field = name
                        .strip_prefix("given.")
                        .and_then(IdentificationField::parse);
                    if let Some(field) = field {
                        collected.push((field, value.to_owned()));
                    }
                }
            }
        }
        Some(Self {
            step: step?,
            collected,
            retries,
        })
    }
}

/// What the line does in one turn: say `say`, then `next`, in `language` (a language of
/// the phone catalogue: the identified user's, else English).
#[derive(Debug)]
pub struct Turn {
    pub language: &'static str,
    pub say: Vec<Prompt>,
    pub next: Next,
}

#[derive(Debug)]
pub enum Next {
    /// Ask with `prompt` and wait for keys or speech, as `input` allows; the answer comes
    /// back with `asked`. `digits`: how many digits a complete answer has, when known.
    Gather {
        prompt: Prompt,
        input: InputChoice,
        digits: Option<usize>,
        asked: Asked,
    },
    /// Wait, then come back without an answer.
    Pause {
        seconds: u64,
    },
    /// Send the call on: the handoff URL with the signed assertion as `result`.
    Handoff {
        url: String,
    },
    HangUp,
}

/// Something the line says; its text is the phone catalogue's message `id()` with
/// `args()`, in the turn's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    AskField(IdentificationField),
    AskFactor {
        kind: Kind,
        input: InputChoice,
        digits: usize,
    },
    NotRecognised,
    Wrong,
    NotUnderstood,
    NoInput,
    CodeWait,
    Verified,
    NoHandoff,
    Ended,
    Unavailable,
    Trouble,
}

impl Prompt {
    pub fn id(&self) -> &'static str {
        match self {
            Self::AskField(IdentificationField::Phone) => "phone-ask-phone",
            Self::AskField(_) => "phone-ask-employee-id",
            Self::AskFactor { kind, .. } => match kind {
                Kind::SoftPin => "phone-ask-soft-pin",
                Kind::SmsCode => "phone-ask-sms-code",
                Kind::EmailCode => "phone-ask-email-code",
                _ => "phone-ask-app-code",
            },
            Self::NotRecognised => "phone-not-recognised",
            Self::Wrong => "phone-wrong",
            Self::NotUnderstood => "phone-not-understood",
            Self::NoInput => "phone-no-input",
            Self::CodeWait => "phone-code-wait",
            Self::Verified => "phone-verified",
            Self::NoHandoff => "phone-no-handoff",
            Self::Ended => "phone-ended",
            Self::Unavailable => "phone-unavailable",
            Self::Trouble => "phone-trouble",
        }
    }

    /// `input` (`keys`, `speech` or `both`) and `digits` for the prompts that ask.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        let (input, digits) = match self {
            Self::AskField(_) => (InputChoice::Both, None),
            Self::AskFactor { input, digits, .. } => (*input, Some(*digits)),
            _ => return Vec::new(),
        };
        let input = match input {
            InputChoice::Text => "keys",
            InputChoice::Voice => "speech",
            InputChoice::Both => "both",
        };
        let mut args = vec![("input", input.to_owned())];
        if let Some(digits) = digits {
            args.push(("digits", digits.to_string()));
        }
        args
    }
}

/// The session of a call: derived from the provider, the service and the provider's id of
/// the call under the token key, the same on every node and unguessable without the key.
fn session_id(services: &Services, line: &Line, service: &str, call_id: &str) -> SecretString {
    let data = format!("phone call\0{}\0{service}\0{call_id}", line.provider);
    derived_token(
        TokenKind::VoiceSession,
        &services.keys().token,
        data.as_bytes(),
    )
}

/// The phone catalogue's language for a user's language tag; English when there is none.
fn phone_language(tag: Option<&str>) -> &'static str {
    let primary = tag
        .and_then(|tag| tag.split(['-', '_']).next())
        .unwrap_or("en")
        .to_ascii_lowercase();
    crate::i18n::PHONE
        .iter()
        .find(|language| **language == primary)
        .copied()
        .unwrap_or("en")
}

/// One turn of a call: opens its session at the first request, takes the answer to what
/// the last turn asked, and says what comes next. Ends that belong to the call (the
/// session ended or expired, a factor locked, a service the line cannot serve) are turns
/// that say goodbye; only failures of Sesame itself (the database, say) are errors.
pub async fn turn(services: &Services, line: &Line, request: Request<'_>) -> ServiceResult<Turn> {
    let session_id = session_id(services, line, request.service, request.call_id);
    let actor = format!("phone:{}", line.provider);
    let who = Orchestrator {
        actor: &actor,
        source: request.source,
    };
    let mut conversation = Conversation {
        services,
        line,
        service_id: request.service,
        session_id: session_id.expose_secret(),
        caller_id: request.caller_id.map(str::trim).filter(|c| !c.is_empty()),
        who,
        language: "en",
        said: Vec::new(),
    };
    match conversation
        .take(request.asked, request.heard, session_id.clone())
        .await
    {
        Ok(turn) => Ok(turn),
        Err(error) => conversation.ended_by(error),
    }
}

struct Conversation<'a> {
    services: &'a Services,
    line: &'a Line,
    service_id: &'a str,
    session_id: &'a str,
    caller_id: Option<&'a str>,
    who: Orchestrator<'a>,
    language: &'static str,
    said: Vec<Prompt>,
}

/// What a step of a turn came to.
enum Then {
    Reply(Turn),
    /// The session moved on: look again.
    Again,
}

impl Conversation<'_> {
    async fn take(
        &mut self,
        asked: Option<Asked>,
        heard: Heard,
        session_id: SecretString,
    ) -> ServiceResult<Turn> {
        let mut answer = Some((asked, heard));
        // Each pass takes a step (open, identify, pass a factor) or replies: a turn takes
        // a few at most.
        for _ in 0..6 {
            let standing = match call::standing(self.services, self.session_id).await? {
                Some(standing) => standing,
                None => {
                    self.open(session_id.clone()).await?;
                    continue;
                }
            };
            self.language = phone_language(standing.language.as_deref());
            if let Some(problem) = self.unsupported(&standing.service).await? {
                tracing::warn!(
                    service = self.service_id,
                    provider = self.line.provider,
                    "the phone line cannot serve this voice service: {problem}"
                );
                return Ok(self.goodbye(Prompt::Unavailable));
            }
            let then = match standing.state {
                VoiceSessionState::Open => self.identify(&standing, answer.take()).await?,
                VoiceSessionState::Identified => {
                    self.authenticate(&standing, answer.take()).await?
                }
                VoiceSessionState::Authenticated => {
                    let result = call::result(self.services, self.session_id).await?;
                    Then::Reply(self.handoff(result).await?)
                }
                VoiceSessionState::Failed | VoiceSessionState::Unidentified => {
                    Then::Reply(self.goodbye(Prompt::Ended))
                }
            };
            match then {
                Then::Reply(turn) => return Ok(turn),
                Then::Again => continue,
            }
        }
        Err(ServiceError::internal(
            "a phone turn did not settle on a reply",
        ))
    }

    /// Opens the session at the call's first request; another node's opening it at the
    /// same moment is as good.
    async fn open(&self, session_id: SecretString) -> ServiceResult<()> {
        match call::open_as(
            self.services,
            session_id,
            self.service_id,
            self.caller_id,
            None,
            self.who,
        )
        .await
        {
            Ok(_)
            | Err(ServiceError::Conflict {
                code: "conflict", ..
            }) => Ok(()),
            Err(other) => Err(other),
        }
    }

    /// Why the line cannot serve `service`, if it cannot.
    async fn unsupported(&self, service: &ServiceDefinition) -> ServiceResult<Option<String>> {
        if let Some(field) = service.identification.iter().find(|field| {
            !matches!(
                field,
                IdentificationField::Phone | IdentificationField::EmployeeId
            )
        }) {
            return Ok(Some(format!(
                "it identifies callers by {field}, which cannot be keyed"
            )));
        }
        for (factor, _) in service.required() {
            match self.services.verification(factor).await? {
                Some(verification) if shape(&verification).is_none() => {
                    return Ok(Some(format!(
                        "its factor {factor} ({}) cannot be keyed or said as digits",
                        verification.kind
                    )))
                }
                _ => {}
            }
        }
        Ok(None)
    }

    /// Identification: the service's fields, the caller ID answering `phone` on the first
    /// try, every other field asked one by one; then one counted try.
    async fn identify(
        &mut self,
        standing: &Standing,
        answer: Option<(Option<Asked>, Heard)>,
    ) -> ServiceResult<Then> {
        let fields = &standing.service.identification;
        let caller_id_answers = standing.identify_failures == 0
            && self.caller_id.is_some()
            && fields.contains(&IdentificationField::Phone);
        let to_ask: Vec<IdentificationField> = fields
            .iter()
            .copied()
            .filter(|field| !(caller_id_answers && *field == IdentificationField::Phone))
            .collect();
        let unanswered = |collected: &[(IdentificationField, String)]| {
            to_ask
                .iter()
                .copied()
                .find(|field| !collected.iter().any(|(given, _)| given == field))
        };
        let (mut collected, mut retries) = (Vec::new(), 0);
        if let Some((Some(asked), heard)) = answer {
            if let Step::Field(field) = asked.step {
                if unanswered(&asked.collected) == Some(field) {
                    (collected, retries) = (asked.collected, asked.retries);
                    match spoken_or_keyed(heard) {
                        Some((text, _)) => {
                            collected.push((field, text.expose_secret().trim().to_owned()));
                            retries = 0;
                        }
                        None => {
                            retries += 1;
                            self.said.push(Prompt::NoInput);
                        }
                    }
                }
            }
        }
        if retries >= MAX_RETRIES {
            return Ok(Then::Reply(self.goodbye(Prompt::Ended)));
        }
        if let Some(field) = unanswered(&collected) {
            return Ok(Then::Reply(self.ask(
                Prompt::AskField(field),
                InputChoice::Both,
                None,
                Asked {
                    step: Step::Field(field),
                    collected,
                    retries,
                },
            )));
        }
        let identified =
            call::identify(self.services, self.session_id, &collected, self.who).await?;
        if !identified.identified {
            self.said.push(Prompt::NotRecognised);
        }
        Ok(Then::Again)
    }

    /// The next factor: an answer to it is checked; then it is asked (again), its
    /// challenge started first unless one is waiting for the answer.
    async fn authenticate(
        &mut self,
        standing: &Standing,
        answer: Option<(Option<Asked>, Heard)>,
    ) -> ServiceResult<Then> {
        let Some(factor) = standing.next_factor.clone() else {
            return Err(ServiceError::internal(
                "an identified call has no factor to pass",
            ));
        };
        let verification = self
            .services
            .verification(&factor)
            .await?
            .filter(|v| v.active)
            .ok_or_else(|| {
                ServiceError::conflict(
                    "voice_service.invalid",
                    format!("The verification {factor} is no longer active."),
                )
            })?;
        let Some((kind, digits)) = shape(&verification) else {
            return Err(ServiceError::internal(
                "a factor the line cannot ask passed the check",
            ));
        };
        let input = standing.service.input_choice(&factor);
        let mut retries = 0;
        let challenged = standing.pending.as_deref() == Some(factor.as_str());
        if let Some((Some(asked), heard)) = answer {
            if asked.step == Step::Factor(factor.clone()) {
                retries = asked.retries;
                match spoken_or_keyed(heard) {
                    None => {
                        retries += 1;
                        self.said.push(Prompt::NoInput);
                    }
                    Some((given, input_type)) => {
                        let given = Input::Digits {
                            input: given,
                            input_type,
                            language: Some(self.language.to_owned()),
                        };
                        match call::answer(self.services, self.session_id, &factor, given, self.who)
                            .await
                        {
                            Ok(answered) if answered.passed => {
                                return Ok(match answered.result {
                                    Some(result) => Then::Reply(self.handoff(result).await?),
                                    None => Then::Again,
                                });
                            }
                            // The code sent or the factor asked stays to be tried again.
                            Ok(_) => {
                                self.said.push(Prompt::Wrong);
                                retries = 0;
                            }
                            Err(ServiceError::Locked { .. }) => {
                                self.said.push(Prompt::Wrong);
                                return Ok(Then::Reply(self.goodbye(Prompt::Ended)));
                            }
                            Err(ServiceError::Invalid {
                                code:
                                    "voice.unparsable_input"
                                    | "voice.input_type_not_allowed"
                                    | "verification.answer_form",
                                ..
                            }) => {
                                retries += 1;
                                self.said.push(Prompt::NotUnderstood);
                            }
                            // Another step of the call came first: look again.
                            Err(ServiceError::Conflict {
                                code:
                                    "voice.session_busy"
                                    | "voice.challenge_expired"
                                    | "voice.not_challenged"
                                    | "voice.factor_out_of_order"
                                    | "voice.factor_passed",
                                ..
                            }) => return Ok(Then::Again),
                            Err(other) => return Err(other),
                        }
                    }
                }
            }
        }
        if retries >= MAX_RETRIES {
            return Ok(Then::Reply(self.goodbye(Prompt::Ended)));
        }
        if !challenged {
            match call::challenge(self.services, self.session_id, &factor, self.who).await {
                Ok(_) => {}
                Err(ServiceError::Throttled { retry_after, .. })
                    if retry_after.as_secs() <= LONGEST_WAIT_SECONDS =>
                {
                    self.said.push(Prompt::CodeWait);
                    return Ok(Then::Reply(self.reply(Next::Pause {
                        seconds: retry_after.as_secs().max(1),
                    })));
                }
                Err(other) => return Err(other),
            }
        }
        Ok(Then::Reply(self.ask(
            Prompt::AskFactor {
                kind,
                input,
                digits,
            },
            input,
            Some(digits),
            Asked {
                step: Step::Factor(factor),
                collected: Vec::new(),
                retries,
            },
        )))
    }

    /// Sends a verified call on to the handoff URL, or, without one, says so and ends it.
    async fn handoff(&mut self, result: String) -> ServiceResult<Turn> {
        let property = self.line.handoff_property;
        let configured = self.services.string_property(property).await?;
        self.said.push(Prompt::Verified);
        if configured.is_empty() {
            tracing::warn!(
                service = self.service_id,
                provider = self.line.provider,
                "a caller was verified but {property} is not set: the call ends instead of being handed on"
            );
            return Ok(self.goodbye(Prompt::NoHandoff));
        }
        let mut url = url::Url::parse(&configured)
            .map_err(|e| ServiceError::internal(format!("{property} is not a URL: {e}")))?;
        url.query_pairs_mut().append_pair("result", &result);
        Ok(self.reply(Next::Handoff { url: url.into() }))
    }

    fn ask(
        &mut self,
        prompt: Prompt,
        input: InputChoice,
        digits: Option<usize>,
        asked: Asked,
    ) -> Turn {
        self.reply(Next::Gather {
            prompt,
            input,
            digits,
            asked,
        })
    }

    fn goodbye(&mut self, last: Prompt) -> Turn {
        self.said.push(last);
        self.reply(Next::HangUp)
    }

    fn reply(&mut self, next: Next) -> Turn {
        Turn {
            language: self.language,
            say: std::mem::take(&mut self.said),
            next,
        }
    }

    /// The goodbye for an error that ends the call on the line; failures of Sesame itself
    /// stay errors, for the edge to log.
    fn ended_by(&mut self, error: ServiceError) -> ServiceResult<Turn> {
        match error {
            ServiceError::Expired { .. }
            | ServiceError::Locked { .. }
            | ServiceError::Throttled { .. }
            | ServiceError::Conflict {
                code: "voice.session_ended",
                ..
            } => Ok(self.goodbye(Prompt::Ended)),
            ServiceError::NotFound {
                code: "voice_service.not_found",
                ..
            }
            | ServiceError::Conflict {
                code: "voice_service.invalid",
                ..
            }
            | ServiceError::Unavailable {
                code: "delivery.unavailable",
                ..
            } => {
                tracing::warn!(
                    service = self.service_id,
                    provider = self.line.provider,
                    error = %error,
                    "the phone line cannot verify callers of this voice service"
                );
                Ok(self.goodbye(Prompt::Unavailable))
            }
            other => Err(other),
        }
    }
}

/// What the caller gave, as the answer to a factor takes it; `None` for nothing.
fn spoken_or_keyed(heard: Heard) -> Option<(SecretString, InputType)> {
    let (given, input_type) = match heard {
        Heard::Nothing => return None,
        Heard::Keys(keys) => (keys, InputType::Text),
        Heard::Speech(speech) => (speech, InputType::Voice),
    };
    (!given.expose_secret().trim().is_empty()).then_some((given, input_type))
}

/// How a factor is asked on the line: its kind and the digits of an answer; `None` for
/// factors that are not digits (security questions, personal data).
fn shape(verification: &VerificationRecord) -> Option<(Kind, usize)> {
    let digits = match (&verification.kind, &verification.params) {
        (Kind::SoftPin, _) => sesame_core::soft_pin::LENGTH,
        (Kind::SmsCode | Kind::EmailCode, Params::Code(code)) => {
            usize::try_from(code.policy().length).ok()?
        }
        (Kind::Authenticator, Params::Authenticator(totp)) => totp.digits,
        _ => return None,
    };
    Some((verification.kind, digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(asked: Asked) {
        let query = asked.to_query();
        let pairs = query.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        assert_eq!(Asked::from_query(pairs), Some(asked));
    }

    #[test]
    fn what_was_asked_travels_as_a_query() {
        round_trip(Asked {
            step: Step::Field(IdentificationField::EmployeeId),
            collected: vec![(IdentificationField::Phone, "+1 415 555 0101".to_owned())],
            retries: 2,
        });
        round_trip(Asked {
            step: Step::Factor("work_app".to_owned()),
            collected: Vec::new(),
            retries: 0,
        });
        assert_eq!(Asked::from_query([("again", "1")]), None);
        assert_eq!(Asked::from_query([("ask", "field.shoe_size")]), None);
        assert_eq!(Asked::from_query([("ask", "factor.")]), None);
        let many = Asked::from_query([("ask", "factor.soft_pin"), ("again", "99")]);
        assert_eq!(many.map(|a| a.retries), Some(MAX_RETRIES));
    }

    #[test]
    fn prompts_are_in_the_callers_language_or_english() {
        assert_eq!(phone_language(Some("de-AT")), "de");
        assert_eq!(phone_language(Some("es")), "es");
        assert_eq!(phone_language(Some("fr")), "en");
        assert_eq!(phone_language(None), "en");
    }
}
