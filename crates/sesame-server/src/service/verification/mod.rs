//! One interface over every verification type: start a challenge, check an answer.
//!
//! Password resets and the service desk verify people through [`challenge`] and [`check`];
//! each type implements [`VerificationType`] in its own module (`codes`, `qa`,
//! `authenticator`, `soft_pin`, `personal_data`) and is registered with one line in
//! [`type_of`]. Someone Sesame does not know, or who is not enrolled, gets the same
//! answers after the same work, and never passes.

pub mod authenticator;
pub mod codes;
pub mod personal_data;
pub mod qa;
pub mod soft_pin;

use async_trait::async_trait;
use secrecy::SecretString;
use sesame_core::verification::Kind;
use sesame_store::{UserRecord, VerificationRecord};

use crate::service::{ServiceError, Services};

/// Who is being verified, and for what.
pub struct Claimant<'a> {
    /// `None` for an identity Sesame does not know.
    pub user: Option<&'a UserRecord>,
    /// The name attempts are counted under (the user's key, or the identifier as given).
    pub subject: &'a str,
    /// What codes are bound to (one reset request, one service desk call).
    pub binding: String,
    pub actor: String,
    pub source: Option<&'a str>,
    /// On the public reset flow, where anyone may ask for codes: the client's address.
    /// Codes are then counted per client too (see `codes`).
    pub public_client: Option<&'a str>,
}

/// What starting a verification gives the person.
#[derive(Debug)]
pub enum Challenge {
    /// A code is on its way to the enrolled address or number (if there is one).
    CodeSent,
    /// These questions, `(id, text)`, are to be answered.
    Questions(Vec<(i64, String)>),
    /// Nothing is sent: the person enters what they know or read (PIN, app code, data).
    Prompt,
}

/// The form an answer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expects {
    Code,
    Pin,
    Answers,
    Value,
}

impl Expects {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Code => "code",
            Self::Pin => "pin",
            Self::Answers => "answers",
            Self::Value => "value",
        }
    }
}

/// An answer, in the form its type takes.
pub enum Answer {
    Code(SecretString),
    Pin(SecretString),
    Answers(Vec<(i64, String)>),
    Value(String),
}

impl Answer {
    fn form(&self) -> Expects {
        match self {
            Self::Code(_) => Expects::Code,
            Self::Pin(_) => Expects::Pin,
            Self::Answers(_) => Expects::Answers,
            Self::Value(_) => Expects::Value,
        }
    }
}

pub enum Checked {
    Passed,
    Failed,
    Locked { until: sesame_core::Timestamp },
}

/// What every verification type does for a reset or a call. Its rules (assurance,
/// parameters) are on `sesame_core::verification::Kind`; its enrollment is its module's own.
#[async_trait]
pub trait VerificationType: Send + Sync {
    /// The form of the answer.
    fn expects(&self) -> Expects;

    /// Starts a verification: sends a code, picks questions, or asks for input.
    async fn challenge(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        language: &str,
    ) -> Result<Challenge, ServiceError>;

    /// Checks an answer of the expected form. `posed` are the question ids the challenge
    /// posed, for types that pose questions.
    async fn check(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        posed: &[i64],
    ) -> Result<Checked, ServiceError>;
}

/// The registry: one line per type.
pub fn type_of(kind: Kind) -> &'static dyn VerificationType {
    match kind {
        Kind::EmailCode | Kind::SmsCode => &codes::CodeType,
        Kind::SecurityQuestions => &qa::QuestionsType,
        Kind::Authenticator => &authenticator::AuthenticatorType,
        Kind::SoftPin => &soft_pin::SoftPinType,
        Kind::PersonalData | Kind::PersonalDataConfirmation => &personal_data::PersonalDataType,
    }
}

/// The active verification with this id when it is of `kind` (a base one or a custom
/// one), for enrolling in it; 404 `verification.not_found` otherwise.
pub async fn active_of_kind(
    services: &Services,
    id: &str,
    kind: Kind,
) -> Result<VerificationRecord, ServiceError> {
    services
        .verification(id)
        .await?
        .filter(|v| v.active && v.kind == kind)
        .ok_or_else(|| {
            ServiceError::not_found(
                "verification.not_found",
                format!("There is no active {} verification with this id.", kind),
            )
        })
}

/// The form a verification's answer takes.
pub fn expects(verification: &VerificationRecord) -> Expects {
    type_of(verification.kind).expects()
}

/// Starts a verification of any type.
pub async fn challenge(
    state: &Services,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    language: &str,
) -> Result<Challenge, ServiceError> {
    type_of(verification.kind)
        .challenge(state, verification, who, language)
        .await
}

/// Checks an answer to a verification of any type; an answer of the wrong form is refused
/// with 422 `verification.answer_form` before anything is counted.
pub async fn check(
    state: &Services,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    answer: Answer,
    posed: &[i64],
) -> Result<Checked, ServiceError> {
    let verification_type = type_of(verification.kind);
    let expected = verification_type.expects();
    if answer.form() != expected {
        return Err(ServiceError::invalid(
            "verification.answer_form",
            format!("This verification takes {{\"{}\"}}.", expected.as_str()),
        ));
    }
    verification_type
        .check(state, verification, who, answer, posed)
        .await
}

/// A pass or a failure from a plain yes or no.
pub fn checked(passed: bool) -> Checked {
    if passed {
        Checked::Passed
    } else {
        Checked::Failed
    }
}
