//! Security questions: the enrollment rules, answer normalisation, and choosing which
//! enrolled questions to pose.
//!
//! Answers are compared after NFKC normalisation, Unicode case folding and collapsing of
//! white space, so "  New   York" and "new york" are the same answer. Only keyed argon2id
//! hashes of the normalised answers are stored (see [`crate::secret_hash`]).

use rand::seq::SliceRandom;
use rand::Rng;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::Violation;

/// The parameters of a security questions verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionParams {
    /// Questions a user answers at enrollment, 1 to 10.
    pub enroll_count: usize,
    /// Questions posed at verification, 1 to `enroll_count`; all must be right.
    pub verify_count: usize,
    /// Characters an answer needs at least, 1 to 20.
    pub min_answer_length: usize,
}

impl Default for QuestionParams {
    fn default() -> Self {
        Self {
            enroll_count: 5,
            verify_count: 3,
            min_answer_length: 3,
        }
    }
}

impl QuestionParams {
    pub fn check(&self) -> Vec<Violation> {
        let mut broken = Vec::new();
        if !(1..=10).contains(&self.enroll_count) {
            broken.push(Violation::new(
                "questions.enroll_count",
                "enroll_count must be from 1 to 10.",
            ));
        }
        if self.verify_count < 1 || self.verify_count > self.enroll_count {
            broken.push(Violation::new(
                "questions.verify_count",
                "verify_count must be from 1 to enroll_count.",
            ));
        }
        if !(1..=20).contains(&self.min_answer_length) {
            broken.push(Violation::new(
                "questions.min_answer_length",
                "min_answer_length must be from 1 to 20.",
            ));
        }
        broken
    }
}

/// The most characters an answer may have, as given (before normalisation).
pub const MAX_ANSWER_CHARS: usize = 200;

/// An answer as given, enrolled or checked: at most [`MAX_ANSWER_CHARS`] characters, no
/// control characters.
pub fn check_answer(answer: &str) -> Result<(), Violation> {
    if answer.chars().count() > MAX_ANSWER_CHARS || answer.chars().any(char::is_control) {
        return Err(Violation::new(
            "questions.answer_invalid",
            format!(
                "An answer has at most {MAX_ANSWER_CHARS} characters and no control characters."
            ),
        ));
    }
    Ok(())
}

/// The form an answer is compared in.
pub fn normalize(answer: &str) -> String {
    let composed: String = answer.nfkc().collect();
    let folded = caseless::default_case_fold_str(&composed);
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every rule an enrollment breaks: the number of questions, known and not retired ones,
/// no question twice, answers long enough and all different. `available` holds the ids that
/// can be picked now.
pub fn check_enrollment(
    params: &QuestionParams,
    answers: &[(i64, String)],
    available: &[i64],
) -> Vec<Violation> {
    let mut broken = Vec::new();
    if answers.len() != params.enroll_count {
        broken.push(Violation::new(
            "questions.count",
            format!("Answer exactly {} questions.", params.enroll_count),
        ));
    }
    if answers.iter().any(|(id, _)| !available.contains(id)) {
        broken.push(Violation::new(
            "questions.unknown",
            "One of the questions does not exist or can no longer be chosen.",
        ));
    }
    let mut ids: Vec<i64> = answers.iter().map(|(id, _)| *id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != answers.len() {
        broken.push(Violation::new(
            "questions.repeated",
            "Choose each question only once.",
        ));
    }
    if let Some(broken_answer) = answers.iter().find_map(|(_, a)| check_answer(a).err()) {
        broken.push(broken_answer);
    }
    let normalized: Vec<String> = answers.iter().map(|(_, a)| normalize(a)).collect();
    if normalized
        .iter()
        .any(|a| a.chars().count() < params.min_answer_length)
    {
        broken.push(Violation::new(
            "questions.answer_too_short",
            format!(
                "Every answer needs at least {} characters.",
                params.min_answer_length
            ),
        ));
    }
    let mut distinct = normalized.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != normalized.len() {
        broken.push(Violation::new(
            "questions.answers_repeated",
            "Give a different answer to each question.",
        ));
    }
    broken
}

/// `count` of the enrolled questions, chosen at random.
pub fn choose(enrolled: &[i64], count: usize, rng: &mut impl Rng) -> Vec<i64> {
    let mut chosen: Vec<i64> = enrolled
        .choose_multiple(rng, count.min(enrolled.len()))
        .copied()
        .collect();
    chosen.sort_unstable();
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_normalised() {
        assert_eq!(normalize("  New   York "), "new york");
        assert_eq!(normalize("STRASSE"), normalize("straße"));
        assert_eq!(
            normalize("ﬁsh"),
            "fish",
            "NFKC turns the ligature into letters"
        );
        assert_eq!(
            normalize("Café"),
            normalize("Cafe\u{301}"),
            "composed and decomposed alike"
        );
        assert_eq!(normalize("\tRex\n"), "rex");
    }

    fn codes(answers: &[(i64, &str)]) -> Vec<&'static str> {
        let answers: Vec<(i64, String)> = answers
            .iter()
            .map(|(id, a)| (*id, (*a).to_owned()))
            .collect();
        check_enrollment(&QuestionParams::default(), &answers, &[1, 2, 3, 4, 5, 6])
            .into_iter()
            .map(|v| v.code)
            .collect()
    }

    #[test]
    fn enrollment_rules() {
        assert!(codes(&[
            (1, "rex"),
            (2, "paris"),
            (3, "blue"),
            (4, "maple st"),
            (5, "smith")
        ])
        .is_empty());
        assert_eq!(codes(&[(1, "rex"), (2, "paris")]), ["questions.count"]);
        assert_eq!(
            codes(&[
                (1, "rex"),
                (2, "paris"),
                (3, "blue"),
                (4, "maple"),
                (9, "smith")
            ]),
            ["questions.unknown"]
        );
        assert_eq!(
            codes(&[
                (1, "rex"),
                (1, "paris"),
                (3, "blue"),
                (4, "maple"),
                (5, "smith")
            ]),
            ["questions.repeated"]
        );
        assert_eq!(
            codes(&[
                (1, "re"),
                (2, "paris"),
                (3, "blue"),
                (4, "maple"),
                (5, "smith")
            ]),
            ["questions.answer_too_short"]
        );
        let long = "a".repeat(MAX_ANSWER_CHARS + 1);
        assert_eq!(
            codes(&[
                (1, "rex"),
                (2, &long),
                (3, "blue"),
                (4, "maple"),
                (5, "smith")
            ]),
            ["questions.answer_invalid"]
        );
        assert_eq!(
            codes(&[
                (1, "rex"),
                (2, "par\u{0}is"),
                (3, "blue"),
                (4, "maple"),
                (5, "smith")
            ]),
            ["questions.answer_invalid"]
        );
        assert!(check_answer(&"é".repeat(MAX_ANSWER_CHARS)).is_ok());
        assert_eq!(
            codes(&[
                (1, "Rex"),
                (2, " rex "),
                (3, "blue"),
                (4, "maple"),
                (5, "smith")
            ]),
            ["questions.answers_repeated"]
        );
        assert_eq!(
            QuestionParams {
                enroll_count: 2,
                verify_count: 3,
                min_answer_length: 0
            }
            .check()
            .len(),
            2
        );
    }

    #[test]
    fn choosing_takes_distinct_enrolled_questions() {
        let enrolled = [10, 20, 30, 40, 50];
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let chosen = choose(&enrolled, 3, &mut rand::thread_rng());
            assert_eq!(chosen.len(), 3);
            assert!(chosen.windows(2).all(|w| w[0] < w[1]), "distinct");
            assert!(chosen.iter().all(|id| enrolled.contains(id)));
            seen.extend(chosen);
        }
        assert_eq!(seen.len(), 5, "every question comes up");
        assert_eq!(choose(&[1, 2], 3, &mut rand::thread_rng()), [1, 2]);
    }
}
