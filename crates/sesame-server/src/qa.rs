//! Security questions enrollment, shared by the API and the pages.

use sesame_core::questions::{self, QuestionParams};
use sesame_core::{secret_hash, Violation};
use sesame_store::{AuditResult, QuestionRecord, UserRecord};

use crate::error::AppError;
use crate::state::AppState;

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

/// The verification's parameters (`{}` means 5 to answer, 3 asked, 3 characters at least).
pub async fn params(state: &AppState) -> Result<QuestionParams, AppError> {
    let record = state
        .store()
        .find_verification(QA)
        .await?
        .filter(|v| v.active)
        .ok_or_else(|| {
            AppError::not_found(
                "verification.not_found",
                "Security questions are switched off.",
            )
        })?;
    if record.params.trim() == "{}" {
        return Ok(QuestionParams::default());
    }
    serde_json::from_str(&record.params).map_err(AppError::internal)
}

/// Checks and stores a user's answers (hashed); `Ok(Err(..))` lists every broken rule.
pub async fn enroll(
    state: &AppState,
    user: &UserRecord,
    answers: Vec<(i64, String)>,
    actor: &str,
    source: Option<&str>,
) -> Result<Result<(), Vec<Violation>>, AppError> {
    let params = params(state).await?;
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
        return Ok(Err(broken));
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
        .map_err(AppError::internal)?;
    let chosen: Vec<i64> = hashed.iter().map(|(id, _)| *id).collect();
    let audit = state
        .audit(
            actor,
            "qa.enroll",
            Some(&user.username),
            AuditResult::Success,
            source,
        )
        .with_detail(serde_json::json!({ "questions": chosen }).to_string());
    state
        .store()
        .save_answers(user.id, QA, &hashed, state.now(), &audit)
        .await?;
    Ok(Ok(()))
}
