//! Password reset processes: who a process applies to, how users identify, which
//! verifications they pass, and what happens at the end. And the rules a process must keep
//! to be saved.

use serde::{Deserialize, Serialize};

use crate::password::PasswordPolicy;
use crate::verification::Kind;
use crate::Violation;

/// How users name themselves when they start a reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Identification {
    Username,
    Email,
}

/// Where the password lives and is reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CredentialStore {
    #[default]
    Local,
    Ldap,
}

impl CredentialStore {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Ldap => "ldap",
        }
    }
}

/// Whether Sesame makes the new password, and how the user gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoGenerate {
    /// The user chooses the new password.
    #[default]
    Off,
    /// Generated and shown once.
    Show,
    /// Generated and sent to the user's enrolled (or profile) e-mail address.
    Email,
    /// Generated and sent to the user's enrolled (or profile) phone number.
    Sms,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessVerification {
    pub id: String,
    #[serde(default)]
    pub mandatory: bool,
}

/// A process as administrators write it (everything but id, name and active flag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessDefinition {
    /// The groups whose members may use the process; empty means everyone.
    #[serde(default)]
    pub groups: Vec<String>,
    pub identification: Identification,
    /// Self-service at a public page; otherwise the service desk only.
    pub public_access: bool,
    /// Starting a self-service request needs a solved proof-of-work CAPTCHA (see
    /// `crate::captcha`); the service desk starts requests without one.
    #[serde(default)]
    pub captcha: bool,
    pub verifications: Vec<ProcessVerification>,
    /// How many verifications must pass, mandatory ones included.
    pub min_verifications: usize,
    #[serde(default)]
    pub credential_store: CredentialStore,
    #[serde(default)]
    pub allow_unlock: bool,
    /// A reset also clears the account's lockout.
    #[serde(default)]
    pub unlock_after_reset: bool,
    #[serde(default)]
    pub auto_generate: AutoGenerate,
    #[serde(default)]
    pub password_policy: PasswordPolicy,
}

impl ProcessDefinition {
    /// Every rule the process breaks; `kind_of` names the type of an active verification
    /// (`None`: no such verification). Codes name the field at fault.
    pub fn check(&self, kind_of: impl Fn(&str) -> Option<Kind>) -> Vec<Violation> {
        let mut broken = Vec::new();
        let mut kinds = Vec::new();
        for (index, v) in self.verifications.iter().enumerate() {
            if self.verifications[..index].iter().any(|w| w.id == v.id) {
                broken.push(Violation::new(
                    "process.verifications.duplicate",
                    format!("The verification {} is listed twice.", v.id),
                ));
            }
            match kind_of(&v.id) {
                Some(kind) => kinds.push(kind),
                None => broken.push(Violation::new(
                    "process.verifications.unknown",
                    format!("There is no active verification {}.", v.id),
                )),
            }
        }
        if self.verifications.is_empty() {
            broken.push(Violation::new(
                "process.verifications.empty",
                "A process needs at least one verification.",
            ));
        }
        let mandatory = self.verifications.iter().filter(|v| v.mandatory).count();
        if self.min_verifications > self.verifications.len() {
            broken.push(Violation::new(
                "process.min_verifications.too_many",
                format!(
                    "The minimum number of verifications ({}) exceeds the verifications attached ({}).",
                    self.min_verifications,
                    self.verifications.len()
                ),
            ));
        } else if self.min_verifications < mandatory.max(1) {
            broken.push(Violation::new(
                "process.min_verifications.too_few",
                format!(
                    "The minimum number of verifications must be at least 1 and at least the mandatory ones ({mandatory}), which count toward it."
                ),
            ));
        }
        if self.public_access {
            if kinds.contains(&Kind::PersonalDataConfirmation) {
                broken.push(Violation::new(
                    "process.public_access.personal_data_confirmation",
                    "A personal data confirmation verification cannot be used with public access.",
                ));
            }
            let weak_only = !kinds.is_empty()
                && kinds.iter().all(|k| {
                    matches!(
                        k,
                        Kind::SecurityQuestions
                            | Kind::PersonalData
                            | Kind::PersonalDataConfirmation
                    )
                });
            if weak_only {
                broken.push(Violation::new(
                    "process.public_access.weak_verifications",
                    "A process whose only verifications are security questions or personal data cannot have public access.",
                ));
            }
        }
        broken.extend(self.password_policy.check_itself());
        broken
    }

    /// Whether a user in `groups` belongs to this process.
    pub fn applies_to(&self, groups: &[String]) -> bool {
        self.groups.is_empty()
            || self
                .groups
                .iter()
                .any(|g| groups.iter().any(|u| u.eq_ignore_ascii_case(g)))
    }

    /// How many more verifications must pass after `passed` (verification ids): every
    /// mandatory one, and `min_verifications` in all.
    pub fn still_needed(&self, passed: &[&str]) -> usize {
        let counted = self
            .verifications
            .iter()
            .filter(|v| passed.contains(&v.id.as_str()))
            .count();
        let mandatory_missing = self
            .verifications
            .iter()
            .filter(|v| v.mandatory && !passed.contains(&v.id.as_str()))
            .count();
        mandatory_missing.max(self.min_verifications.saturating_sub(counted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(public: bool, verifications: &[(&str, bool)], min: usize) -> ProcessDefinition {
        ProcessDefinition {
            groups: vec![],
            identification: Identification::Username,
            public_access: public,
            captcha: false,
            verifications: verifications
                .iter()
                .map(|(id, mandatory)| ProcessVerification {
                    id: (*id).to_owned(),
                    mandatory: *mandatory,
                })
                .collect(),
            min_verifications: min,
            credential_store: CredentialStore::Local,
            allow_unlock: false,
            unlock_after_reset: false,
            auto_generate: AutoGenerate::Off,
            password_policy: PasswordPolicy::default(),
        }
    }

    fn base_kinds(id: &str) -> Option<Kind> {
        match id {
            "qa" => Some(Kind::SecurityQuestions),
            "email" => Some(Kind::EmailCode),
            "sms" => Some(Kind::SmsCode),
            "confirm_email" => Some(Kind::PersonalDataConfirmation),
            "enter_username" => Some(Kind::PersonalData),
            _ => None,
        }
    }

    fn codes(p: &ProcessDefinition) -> Vec<&'static str> {
        p.check(base_kinds).into_iter().map(|v| v.code).collect()
    }

    #[test]
    fn the_rules_of_saving_a_process() {
        assert!(codes(&process(true, &[("email", true), ("qa", false)], 2)).is_empty());
        assert_eq!(
            codes(&process(
                true,
                &[("email", false), ("confirm_email", false)],
                1
            )),
            ["process.public_access.personal_data_confirmation"]
        );
        assert_eq!(
            codes(&process(
                true,
                &[("qa", false), ("enter_username", false)],
                1
            )),
            ["process.public_access.weak_verifications"]
        );
        // The same verifications are fine for the service desk.
        assert!(codes(&process(
            false,
            &[("qa", false), ("confirm_email", false)],
            1
        ))
        .is_empty());
        assert_eq!(
            codes(&process(false, &[("email", false)], 2)),
            ["process.min_verifications.too_many"]
        );
        assert_eq!(
            codes(&process(
                false,
                &[("email", true), ("sms", true), ("qa", false)],
                1
            )),
            ["process.min_verifications.too_few"]
        );
        assert_eq!(
            codes(&process(
                false,
                &[("email", false), ("email", false), ("nope", false)],
                1
            )),
            [
                "process.verifications.duplicate",
                "process.verifications.unknown"
            ]
        );
    }

    #[test]
    fn mandatory_verifications_count_toward_the_minimum() {
        let p = process(true, &[("email", true), ("sms", false), ("qa", false)], 2);
        assert_eq!(p.still_needed(&[]), 2);
        assert_eq!(
            p.still_needed(&["sms", "qa"]),
            1,
            "the mandatory one is missing"
        );
        assert_eq!(p.still_needed(&["email"]), 1);
        assert_eq!(p.still_needed(&["email", "qa"]), 0);
        assert_eq!(
            p.still_needed(&["email", "other"]),
            1,
            "only attached ones count"
        );
    }

    #[test]
    fn groups_decide_who_a_process_applies_to() {
        let mut p = process(true, &[("email", false)], 1);
        assert!(p.applies_to(&[]), "no groups: everyone");
        p.groups = vec!["staff".to_owned()];
        assert!(p.applies_to(&["Staff".to_owned()]));
        assert!(!p.applies_to(&["contractors".to_owned()]));
    }
}
