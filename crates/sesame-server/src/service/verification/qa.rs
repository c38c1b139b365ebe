//! Security questions enrollment, shared by the API and the pages.

use sesame_core::questions::{self, QuestionParams};
use sesame_core::secret_hash;
use sesame_core::verification::{Kind, Params};
use sesame_store::{AuditResult, QuestionRecord, UserRecord, VerificationRecord};

use crate::service::verification::{
    active_of_kind, checked, Answer, Challenge, Checked, Claimant, Expects, VerificationType,
};
use crate::service::{ServiceError, Services};

/// The base system's security questions verification.
pub const QA: &str = "qa";

/// A question's text in `language`: the exact tag, its primary language, then English.
pub fn text_in(question: &QuestionRecord, language: &str) -> String {
    let primary = language.split('-').next().unwrap_or("en");
    [language, primary, "en"]
        .iter()
        .find_map(|wanted| {
            question
                .texts
                .iter()
                .find(|(l, _)| l == wanted)
                .map(|(_, t)| t.clone())
        })
        .or_else(|| question.texts.first().map(|(_, t)| t.clone()))
        .unwrap_or_default()
}

/// The active security questions verification with this id (the base `qa` or a custom
/// one) and its parameters.
pub async fn questions_verification(
    state: &Services,
    id: &str,
) -> Result<(VerificationRecord, QuestionParams), ServiceError> {
    let record = active_of_kind(state, id, Kind::SecurityQuestions).await?;
    let params = params_of(&record)?;
    Ok((record, params))
}

/// The parameters of a security questions verification.
pub fn params_of(record: &VerificationRecord) -> Result<QuestionParams, ServiceError> {
    match record.params {
        Params::Questions(params) => Ok(params),
        _ => Err(ServiceError::internal(format!(
            "{} is not security questions",
            record.id
        ))),
    }
}

/// Checks and stores a user's answers (hashed); `ServiceError::Rules` lists every broken rule.
pub async fn enroll(
    state: &Services,
    user: &UserRecord,
    verification_id: &str,
    answers: Vec<(i64, String)>,
    actor: &str,
    source: Option<&str>,
) -> Result<(), ServiceError> {
    let (verification, params) = questions_verification(state, verification_id).await?;
    let available: Vec<i64> = state
        .store()
        .list_questions()
        .await?
        .into_iter()
        .filter(|q| !q.retired)
        .map(|q| q.id)
        .collect();
    let broken = questions::check_enrollment(&params, &answers, &available);
    if !broken.is_empty() {
        return Err(ServiceError::Rules(broken));
    }
    let pepper = state.keys().pepper;
    let hashed = state
        .hash_pool()
        .run(move || {
            answers
                .iter()
                .map(|(id, answer)| {
                    let secret =
                        secret_hash::peppered(&pepper, questions::normalize(answer).as_bytes());
                    secret_hash::hash(&secret).map(|hash| (*id, hash))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .await?
        .map_err(ServiceError::internal)?;
    let chosen: Vec<i64> = hashed.iter().map(|(id, _)| *id).collect();
    let audit = state
        .audit(
            actor,
            "qa.enroll",
            Some(user.username.as_str()),
            AuditResult::Success,
            source,
        )
        .with_detail(serde_json::json!({ "questions": chosen }).to_string());
    state
        .store()
        .save_answers(user.id, &verification.id, &hashed, state.now(), &audit)
        .await?;
    Ok(())
}

/// The questions to pose: `verify_count` of the user's enrolled ones for `verification`,
/// as `(id, text)` in `language`. Someone with no answers (an unknown identity, a user not
/// enrolled) is posed questions from the bank all the same, so the challenge tells nothing;
/// they cannot be answered right.
///
/// The choice is random but fixed per `subject` and day (drawn from a keyed digest of
/// both): asking again, in the same request or a new one, poses the same questions, so
/// nobody can draw until only questions they can answer come up. Unknown identities are
/// treated alike, so a changing draw would not give them away either.
pub async fn challenge(
    state: &Services,
    verification: &VerificationRecord,
    (user, subject): (Option<&UserRecord>, &str),
    language: &str,
) -> Result<Vec<(i64, String)>, ServiceError> {
    let params = params_of(verification)?;
    let enrolled: Vec<i64> = state
        .store()
        .answers(user.map_or(0, |u| u.id), &verification.id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let bank = state.store().list_questions().await?;
    let pool = if enrolled.is_empty() {
        bank.iter().filter(|q| !q.retired).map(|q| q.id).collect()
    } else {
        enrolled
    };
    let day = state.now().as_millis().div_euclid(24 * 60 * 60 * 1000);
    let seed = sesame_core::token::keyed_digest(
        &state.keys().pepper,
        format!("questions:{}:{subject}:{day}", verification.id).as_bytes(),
    );
    let mut draw = <rand::rngs::StdRng as rand::SeedableRng>::from_seed(
        seed.try_into()
            .map_err(|_| ServiceError::internal("a digest is 32 bytes"))?,
    );
    let chosen = questions::choose(&pool, params.verify_count, &mut draw);
    Ok(chosen
        .into_iter()
        .filter_map(|id| {
            bank.iter()
                .find(|q| q.id == id)
                .map(|q| (id, text_in(q, language)))
        })
        .collect())
}

/// Whether every answer is right. The result says only that: not which answer was wrong.
/// Each posed question is checked (and hashed) even after a wrong one, so the time taken
/// tells nothing either.
pub async fn check(
    state: &Services,
    verification_id: &str,
    user: Option<&UserRecord>,
    posed: &[i64],
    given: Vec<(i64, String)>,
) -> Result<bool, ServiceError> {
    for (_, answer) in &given {
        questions::check_answer(answer).map_err(|broken| ServiceError::Rules(vec![broken]))?;
    }
    let stored = state
        .store()
        .answers(user.map_or(0, |u| u.id), verification_id)
        .await?;
    let pepper = state.keys().pepper;
    let posed = posed.to_vec();
    state
        .hash_pool()
        .run(move || {
            let mut all_right = !posed.is_empty();
            for id in &posed {
                let answer = given
                    .iter()
                    .find(|(q, _)| q == id)
                    .map_or("", |(_, a)| a.as_str());
                let secret =
                    secret_hash::peppered(&pepper, questions::normalize(answer).as_bytes());
                let right = match stored.iter().find(|(q, _)| q == id) {
                    Some((_, hash)) => secret_hash::verify(&secret, hash),
                    None => secret_hash::verify_dummy(&secret),
                };
                all_right &= right;
            }
            all_right
        })
        .await
}

/// Security questions as a verification: `verify_count` questions posed, all to be right.
pub struct QuestionsType;

#[async_trait::async_trait]
impl VerificationType for QuestionsType {
    fn expects(&self) -> Expects {
        Expects::Answers
    }

    async fn challenge(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        language: &str,
    ) -> Result<Challenge, ServiceError> {
        Ok(Challenge::Questions(
            challenge(state, verification, (who.user, who.subject), language).await?,
        ))
    }

    async fn check(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        posed: &[i64],
    ) -> Result<Checked, ServiceError> {
        let Answer::Answers(given) = answer else {
            return Ok(Checked::Failed);
        };
        Ok(checked(
            check(state, &verification.id, who.user, posed, given).await?,
        ))
    }
}
