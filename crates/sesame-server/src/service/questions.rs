//! The question bank as administrators keep it: questions with a text per language
//! (English required), translated and retired. Shared by `/api/v1/questions` and the
//! administration pages.

use sesame_core::Violation;

use super::{Actor, ServiceError, ServiceResult, Services};

/// Texts by language tag, checked: a known tag and 1 to 200 characters each.
pub fn checked_texts(texts: &[(String, String)]) -> ServiceResult<Vec<(String, String)>> {
    let mut broken = Vec::new();
    let mut out = Vec::new();
    for (language, text) in texts {
        match sesame_core::identity::Language::parse(language) {
            Ok(tag) => out.push((tag.as_str().to_owned(), text.trim().to_owned())),
            Err(v) => broken.push(v),
        }
        if text.trim().is_empty() || text.chars().count() > 200 {
            broken.push(Violation::new(
                "question.text_invalid",
                "A question has 1 to 200 characters.",
            ));
        }
    }
    if broken.is_empty() {
        Ok(out)
    } else {
        Err(ServiceError::Rules(broken))
    }
}

/// Adds a question; returns its id.
pub async fn create(
    services: &Services,
    texts: &[(String, String)],
    actor: Actor<'_>,
) -> ServiceResult<i64> {
    if !texts.iter().any(|(language, _)| language == "en") {
        return Err(Violation::new(
            "question.english_missing",
            "Every question needs an English text.",
        )
        .into());
    }
    let texts = checked_texts(texts)?;
    let audit = actor.audit(services, "question.create", None);
    Ok(services
        .store()
        .create_question(&texts, services.now(), &audit)
        .await?)
}

/// Adds or replaces texts and retires a question or brings it back.
pub async fn update(
    services: &Services,
    id: i64,
    texts: &[(String, String)],
    retired: Option<bool>,
    actor: Actor<'_>,
) -> ServiceResult<()> {
    let texts = checked_texts(texts)?;
    let audit = actor.audit(services, "question.update", Some(&format!("question:{id}")));
    if services
        .store()
        .update_question(id, &texts, retired, &audit)
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::not_found(
            "question.not_found",
            "There is no question with this id.",
        ))
    }
}
