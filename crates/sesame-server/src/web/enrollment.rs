//! Where each verification is enrolled in, and what it is called there; shared by the
//! profile and the enrollment pages.

use sesame_core::verification::Kind;
use sesame_store::VerificationRecord;

use crate::i18n::Tr;
use crate::service::verification::authenticator::VERIFICATION_ID as AUTHENTICATOR;
use crate::service::verification::qa::QA;

/// Where a custom verification is enrolled in.
pub fn path(id: &str) -> String {
    format!("/profile/verifications/{id}")
}

/// Where the signed-in user enrolls in `verification`, if it takes an enrollment there.
pub fn enroll_link(verification: &VerificationRecord) -> Option<String> {
    match (verification.kind, verification.id.as_str()) {
        (Kind::Authenticator, AUTHENTICATOR) => Some("/profile/authenticator".to_owned()),
        (Kind::SecurityQuestions, QA) => Some("/profile/questions".to_owned()),
        (Kind::EmailCode | Kind::SmsCode, id) => Some(format!("/profile/codes/{id}")),
        (Kind::Authenticator | Kind::SecurityQuestions, id) => Some(path(id)),
        _ => None,
    }
}

/// A verification's name in the visitor's language: the catalogue's for the base ones,
/// the name an administrator gave for custom ones.
pub fn title(tr: &Tr, verification: &VerificationRecord) -> String {
    match (verification.kind, verification.id.as_str()) {
        (Kind::Authenticator, AUTHENTICATOR) => tr.t("authenticator-title"),
        (Kind::SecurityQuestions, QA) => tr.t("questions-title"),
        (_, id) => tr.t_or(&format!("verification-{id}"), &verification.name),
    }
}
