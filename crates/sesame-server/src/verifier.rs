//! One interface over every verification type: start a challenge, check an answer.
//!
//! Password resets and the service desk verify people through these two functions; each
//! type's engine stays in its own module (`codes`, `qa`, `authenticator`, `soft_pin`,
//! `sesame_core::verification` for personal data). Someone Sesame does not know, or who
//! is not enrolled, gets the same answers after the same work, and never passes.
//! A new type adds an arm to each `match` below.

use axum::http::StatusCode;
use secrecy::SecretString;
use sesame_core::soft_pin::InputType;
use sesame_core::verification::{Kind, PersonalDataParams, ProfileField};
use sesame_store::{CodeCheck, UserRecord, VerificationRecord};

use crate::attempts::Outcome;
use crate::codes::{self, CodeRequest};
use crate::error::AppError;
use crate::state::AppState;
use crate::{authenticator, qa, soft_pin};

/// Who is being verified, and for what.
pub struct Claimant<'a> {
    /// `None` for an identity Sesame does not know.
    pub user: Option<&'a UserRecord>,
    /// The name attempts are counted under (the user's key, or the identifier as given).
    pub subject: &'a str,
    /// What codes are bound to (one reset request, one service desk call).
    pub binding: &'a str,
    pub actor: &'a str,
    pub source: Option<&'a str>,
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

/// An answer, in the form its type takes.
pub enum Answer {
    Code(SecretString),
    Pin(SecretString),
    Answers(Vec<(i64, String)>),
    Value(String),
}

pub enum Checked {
    Passed,
    Failed,
    Locked { until: sesame_core::Timestamp },
}

pub fn kind_of(verification: &VerificationRecord) -> Result<Kind, AppError> {
    Kind::parse(&verification.kind)
        .ok_or_else(|| AppError::internal(format!("unknown kind {}", verification.kind)))
}

/// The active enrollment's destination (address or number) of a code verification.
async fn enrolled_destination(
    state: &AppState,
    user: Option<&UserRecord>,
    verification_id: &str,
) -> Result<Option<String>, AppError> {
    let Some(user) = user else {
        return Ok(None);
    };
    Ok(state
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .find(|e| e.verification_id == verification_id && e.state == "active")
        .and_then(|e| e.destination))
}

/// Starts a verification: sends a code, picks questions, or asks for input.
pub async fn challenge(
    state: &AppState,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    language: &str,
) -> Result<Challenge, AppError> {
    match kind_of(verification)? {
        Kind::EmailCode | Kind::SmsCode => {
            let code_verification = codes::code_verification(state, &verification.id).await?;
            codes::ensure_deliverable(state, code_verification.params.channel())?;
            let destination = enrolled_destination(state, who.user, &verification.id).await?;
            if let (Some(user), Some(destination)) = (who.user, destination) {
                codes::send_code(
                    state,
                    CodeRequest {
                        user,
                        verification: &code_verification,
                        destination,
                        binding: who.binding.to_owned(),
                        action: "verification.code",
                        actor: who.actor,
                        source: who.source,
                    },
                )
                .await?;
            }
            Ok(Challenge::CodeSent)
        }
        Kind::SecurityQuestions => Ok(Challenge::Questions(
            qa::challenge(state, verification, who.user, language).await?,
        )),
        Kind::SoftPin => {
            soft_pin::require_module(state)?;
            Ok(Challenge::Prompt)
        }
        Kind::Authenticator | Kind::PersonalData | Kind::PersonalDataConfirmation => {
            Ok(Challenge::Prompt)
        }
    }
}

fn wrong_form(expected: &str) -> AppError {
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "verification.answer_form",
        format!("This verification takes {expected}."),
    )
}

/// Checks an answer. `posed` are the question ids the challenge posed (security
/// questions only).
pub async fn check(
    state: &AppState,
    verification: &VerificationRecord,
    who: &Claimant<'_>,
    answer: Answer,
    posed: &[i64],
) -> Result<Checked, AppError> {
    use secrecy::ExposeSecret;
    let kind = kind_of(verification)?;
    let passed = match (kind, answer) {
        (Kind::EmailCode | Kind::SmsCode, Answer::Code(code)) => {
            matches!(
                codes::check_code(state, who.binding, code.expose_secret()).await?,
                CodeCheck::Passed { .. }
            )
        }
        (Kind::EmailCode | Kind::SmsCode, _) => return Err(wrong_form("a code: {\"code\"}")),
        (Kind::SecurityQuestions, Answer::Answers(given)) => {
            qa::check(state, &verification.id, who.user, posed, given).await?
        }
        (Kind::SecurityQuestions, _) => {
            return Err(wrong_form(
                "answers: {\"answers\": [{\"question_id\", \"answer\"}]}",
            ))
        }
        (Kind::Authenticator, Answer::Code(code)) => {
            let outcome = authenticator::check_code(
                state,
                verification,
                who.user,
                who.subject,
                "active",
                code.expose_secret(),
                "authenticator.verify",
                who.actor,
                who.source,
            )
            .await?;
            return Ok(match outcome {
                Outcome::Passed => Checked::Passed,
                Outcome::Failed { .. } => Checked::Failed,
                Outcome::Locked { until } => Checked::Locked { until },
            });
        }
        (Kind::Authenticator, _) => return Err(wrong_form("a code: {\"code\"}")),
        (Kind::SoftPin, Answer::Pin(pin)) => {
            soft_pin::require_module(state)?;
            let request = soft_pin::VerifyRequest {
                username: who.user.map_or(who.subject, |u| u.username.as_str()),
                input: pin.expose_secret(),
                input_type: InputType::Text,
                language: None,
            };
            return Ok(
                match soft_pin::verify(state, request, who.actor, who.source).await? {
                    soft_pin::Verified::Yes { .. } => Checked::Passed,
                    soft_pin::Verified::No { .. } | soft_pin::Verified::Unparsable => {
                        Checked::Failed
                    }
                    soft_pin::Verified::Locked { until } => Checked::Locked { until },
                },
            );
        }
        (Kind::SoftPin, _) => return Err(wrong_form("a PIN: {\"pin\"}")),
        (Kind::PersonalData | Kind::PersonalDataConfirmation, Answer::Value(typed)) => {
            personal_data_matches(state, verification, who.user, &typed).await?
        }
        (Kind::PersonalData | Kind::PersonalDataConfirmation, _) => {
            return Err(wrong_form("a value: {\"value\"}"))
        }
    };
    Ok(if passed {
        Checked::Passed
    } else {
        Checked::Failed
    })
}

/// Compares typed personal data with the profile field the verification names. E-mail
/// addresses match the profile's or any enrolled one.
async fn personal_data_matches(
    state: &AppState,
    verification: &VerificationRecord,
    user: Option<&UserRecord>,
    typed: &str,
) -> Result<bool, AppError> {
    let json = match verification.params.trim() {
        "{}" => kind_of(verification)?.default_params(),
        stored => stored,
    };
    let params: PersonalDataParams = serde_json::from_str(json).map_err(AppError::internal)?;
    let Some(user) = user else {
        return Ok(false);
    };
    let field = params.field;
    let mut candidates: Vec<Option<String>> = vec![match field {
        ProfileField::Username => Some(user.username.clone()),
        ProfileField::Email => user.email.clone(),
        ProfileField::Phone => user.phone.clone(),
        ProfileField::DisplayName => Some(user.display_name.clone()),
    }];
    if field == ProfileField::Email {
        candidates.extend(
            state
                .store()
                .list_enrollments(user.id)
                .await?
                .into_iter()
                .filter(|e| e.kind == "email_code" && e.state == "active")
                .map(|e| e.destination),
        );
    }
    Ok(candidates.iter().any(|profile| {
        sesame_core::verification::personal_data_matches(field, typed, profile.as_deref())
    }))
}
