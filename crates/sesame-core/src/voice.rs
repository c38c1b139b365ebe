//! Voice services: how an AI voice agent identifies and authenticates a caller, and the
//! factor rules (SPEC.md, "AI voice agents") a service must keep to be used.
//!
//! A service names verifications by id; what a factor may do follows from the
//! verification's type ([`Kind`]). The rules depend on two runtime properties
//! (`voice.authenticate.mfa_mandatory`, `voice.step_up.enabled`), so a saved service is
//! checked again whenever it is read: a change of policy never silently breaks a service,
//! it reports what no longer fits.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::verification::{Assurance, Kind};
use crate::Violation;

crate::text_enum! {
    /// A profile field a caller is identified by.
    pub enum IdentificationField {
        /// The caller ID counts as the answer.
        Phone = "phone",
        EmployeeId = "employee_id",
        Email = "email",
        Username = "username",
    }
}

crate::text_enum! {
    /// How a caller may give a numeric factor: keyed digits, speech, or either.
    pub enum InputChoice {
        Text = "text",
        Voice = "voice",
        Both = "both",
    }
}

/// A service's configuration, as stored. Factors are verification ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDefinition {
    pub identification: Vec<IdentificationField>,
    pub first: String,
    pub second: Option<String>,
    pub step_up: Option<String>,
    /// Per numeric factor (Soft PIN, codes, authenticator); unlisted ones take both.
    #[serde(default)]
    pub input_types: BTreeMap<String, InputChoice>,
    /// The country (ISO 3166, such as `US`) a phone number given without its country
    /// code is read in; without one, only international numbers match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
}

crate::text_enum! {
    /// The place of a factor in a call.
    pub enum FactorRole {
        First = "first",
        Second = "second",
        StepUp = "step_up",
    }
}

impl ServiceDefinition {
    /// The factors a caller must pass to be authenticated, in the order they are asked.
    pub fn required(&self) -> Vec<(&str, FactorRole)> {
        let mut factors = vec![(self.first.as_str(), FactorRole::First)];
        if let Some(second) = &self.second {
            factors.push((second.as_str(), FactorRole::Second));
        }
        factors
    }

    /// How a caller may give `factor` (both ways unless the service says otherwise).
    pub fn input_choice(&self, factor: &str) -> InputChoice {
        self.input_types
            .get(factor)
            .copied()
            .unwrap_or(InputChoice::Both)
    }
}

impl InputChoice {
    pub fn allows_voice(self) -> bool {
        matches!(self, Self::Voice | Self::Both)
    }

    pub fn allows_text(self) -> bool {
        matches!(self, Self::Text | Self::Both)
    }
}

/// What a call has done so far, kept with its session.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallProgress {
    /// Factors passed, in order (the assertion's `amr`).
    #[serde(default)]
    pub passed: Vec<String>,
    /// Failures per factor in this call.
    #[serde(default)]
    pub failures: BTreeMap<String, u32>,
    /// Identification answers that identified nobody.
    #[serde(default)]
    pub identify_failures: u32,
    /// The factor whose challenge was started last and is not answered yet.
    #[serde(default)]
    pub pending: Option<PendingFactor>,
    #[serde(default)]
    pub step_up: Option<StepUp>,
}

/// A started challenge: the questions posed, when it began, and whether it is the step-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingFactor {
    pub factor: String,
    #[serde(default)]
    pub posed: Vec<i64>,
    /// Milliseconds since the epoch.
    pub at: i64,
    #[serde(default)]
    pub step_up: bool,
}

crate::text_enum! {
    /// Where the one step-up attempt of a call stands.
    pub enum StepUp {
        Started = "started",
        Passed = "passed",
        Failed = "failed",
    }
}

impl CallProgress {
    /// The next factor to pass, `None` once every required one has passed.
    pub fn next_factor<'a>(
        &self,
        definition: &'a ServiceDefinition,
    ) -> Option<(&'a str, FactorRole)> {
        definition
            .required()
            .into_iter()
            .find(|(factor, _)| !self.passed.iter().any(|p| p == factor))
    }
}

/// The assurance a caller reaches with the factors passed: the highest of them, and high
/// for two factors of different types of at least medium assurance each (a PIN and a
/// code, say; two e-mail codes are one way of proving twice). `None` before any factor
/// passed.
pub fn assurance(passed: &[Kind]) -> Option<Assurance> {
    let highest = passed.iter().map(|k| k.assurance()).max()?;
    let mut strong: Vec<Kind> = passed
        .iter()
        .copied()
        .filter(|k| k.assurance() >= Assurance::Medium)
        .collect();
    strong.sort_by_key(|k| k.as_str());
    strong.dedup();
    let strong = strong.len();
    Some(if strong >= 2 {
        Assurance::High
    } else {
        highest
    })
}

/// The properties the factor rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactorPolicy {
    pub mfa_mandatory: bool,
    pub step_up_enabled: bool,
}

/// What a verification type may do in a call (SPEC.md's factor table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Roles {
    /// Allowed as the only factor when a second one is not mandatory.
    alone: bool,
    first: First,
    second: bool,
    step_up: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum First {
    Yes,
    /// Only while a second factor is not mandatory.
    WithoutMfa,
    No,
}

fn roles(kind: Kind) -> Roles {
    let roles = |alone, first, second, step_up| Roles {
        alone,
        first,
        second,
        step_up,
    };
    match kind {
        Kind::Authenticator => roles(true, First::Yes, true, true),
        Kind::SoftPin => roles(true, First::Yes, true, false),
        Kind::SmsCode => roles(false, First::No, true, true),
        Kind::EmailCode => roles(false, First::WithoutMfa, true, false),
        Kind::SecurityQuestions => roles(false, First::Yes, false, false),
        // Personal data identifies; it does not authenticate.
        Kind::PersonalData | Kind::PersonalDataConfirmation => {
            roles(false, First::No, false, false)
        }
    }
}

/// Whether a caller gives this type of factor as digits (and so by keypad or voice).
pub fn is_numeric(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::SoftPin | Kind::EmailCode | Kind::SmsCode | Kind::Authenticator
    )
}

/// Every rule the service breaks under `policy`, one code per field at fault.
/// `kind_of` gives the type of an active verification id, `None` for an unknown one.
pub fn check(
    definition: &ServiceDefinition,
    kind_of: impl Fn(&str) -> Option<Kind>,
    policy: FactorPolicy,
) -> Vec<Violation> {
    let mut broken = Vec::new();
    let mut refuse = |code: &'static str, message: String| {
        broken.push(Violation::new(code, message));
    };
    if definition.identification.is_empty() {
        refuse(
            "voice_service.identification_required",
            "Name at least one field that identifies a caller.".to_owned(),
        );
    }
    let mut fields = definition.identification.clone();
    fields.sort_by_key(|f| f.as_str());
    fields.dedup();
    if fields.len() != definition.identification.len() {
        refuse(
            "voice_service.identification_repeated",
            "Each identification field may be asked once.".to_owned(),
        );
    }
    let unknown = |id: &str| format!("There is no active verification {id}.");
    let first = kind_of(&definition.first);
    match first.map(roles) {
        None => refuse(
            "voice_service.verification_unknown",
            unknown(&definition.first),
        ),
        Some(r)
            if r.first == First::No || (r.first == First::WithoutMfa && policy.mfa_mandatory) =>
        {
            refuse(
                "voice_service.first_not_allowed",
                format!("{} may not be the first factor.", definition.first),
            )
        }
        Some(_) => {}
    }
    match &definition.second {
        None if policy.mfa_mandatory => refuse(
            "voice_service.second_required",
            "A second factor is required (voice.authenticate.mfa_mandatory).".to_owned(),
        ),
        None => {
            if first.map(roles).is_some_and(|r| !r.alone) {
                refuse(
                    "voice_service.alone_not_allowed",
                    format!("{} may not be the only factor.", definition.first),
                );
            }
        }
        Some(second) if *second == definition.first => refuse(
            "voice_service.same_factor_twice",
            "The second factor must differ from the first.".to_owned(),
        ),
        Some(second) => match kind_of(second).map(roles) {
            None => refuse("voice_service.verification_unknown", unknown(second)),
            Some(r) if !r.second => refuse(
                "voice_service.second_not_allowed",
                format!("{second} may not be the second factor."),
            ),
            Some(_) => {}
        },
    }
    if let Some(step_up) = &definition.step_up {
        if !policy.step_up_enabled {
            refuse(
                "voice_service.step_up_disabled",
                "Step-up is switched off (voice.step_up.enabled).".to_owned(),
            );
        }
        match kind_of(step_up).map(roles) {
            None => refuse("voice_service.verification_unknown", unknown(step_up)),
            Some(r) if !r.step_up => refuse(
                "voice_service.step_up_not_allowed",
                format!("{step_up} may not be the step-up factor."),
            ),
            Some(_) => {}
        }
    }
    if let Some(region) = &definition.default_region {
        if !crate::identity::PhoneNumber::is_region(region) {
            refuse(
                "voice_service.region_unknown",
                format!("{region} is not a country code such as US or DE."),
            );
        }
    }
    let factors: Vec<&String> = [Some(&definition.first), definition.second.as_ref()]
        .into_iter()
        .chain([definition.step_up.as_ref()])
        .flatten()
        .collect();
    for id in definition.input_types.keys() {
        let numeric = factors.contains(&id) && kind_of(id).is_some_and(is_numeric);
        if !numeric {
            refuse(
                "voice_service.input_type_not_numeric",
                format!("{id} is not a factor of this service that callers give as digits."),
            );
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(id: &str) -> Option<Kind> {
        match id {
            "app" => Some(Kind::Authenticator),
            "pin" => Some(Kind::SoftPin),
            "sms" => Some(Kind::SmsCode),
            "email" => Some(Kind::EmailCode),
            "qa" => Some(Kind::SecurityQuestions),
            "name" => Some(Kind::PersonalData),
            _ => None,
        }
    }

    const MFA: FactorPolicy = FactorPolicy {
        mfa_mandatory: true,
        step_up_enabled: true,
    };
    const NO_MFA: FactorPolicy = FactorPolicy {
        mfa_mandatory: false,
        step_up_enabled: true,
    };
    const NO_STEP_UP: FactorPolicy = FactorPolicy {
        mfa_mandatory: true,
        step_up_enabled: false,
    };

    /// The codes `(first, second, step_up)` breaks under `policy`.
    fn check_factors(
        factors: (&str, Option<&str>, Option<&str>),
        policy: FactorPolicy,
        expected: &[&str],
    ) {
        let definition = ServiceDefinition {
            identification: vec![IdentificationField::Phone],
            first: factors.0.to_owned(),
            second: factors.1.map(str::to_owned),
            step_up: factors.2.map(str::to_owned),
            input_types: BTreeMap::new(),
            default_region: None,
        };
        let codes: Vec<&str> = check(&definition, kind_of, policy)
            .into_iter()
            .map(|v| v.code)
            .collect();
        assert_eq!(codes, expected, "{factors:?} under {policy:?}");
    }

    #[test]
    fn the_factor_table_is_kept() {
        // Allowed pairs.
        check_factors(("pin", Some("sms"), Some("app")), MFA, &[]);
        check_factors(("app", Some("pin"), Some("sms")), MFA, &[]);
        check_factors(("qa", Some("app"), None), MFA, &[]);
        // First factors.
        check_factors(
            ("sms", Some("pin"), None),
            MFA,
            &["voice_service.first_not_allowed"],
        );
        check_factors(
            ("email", Some("pin"), None),
            MFA,
            &["voice_service.first_not_allowed"],
        );
        check_factors(("email", Some("pin"), None), NO_MFA, &[]);
        check_factors(
            ("name", Some("pin"), None),
            MFA,
            &["voice_service.first_not_allowed"],
        );
        // Second factors.
        check_factors(
            ("pin", Some("qa"), None),
            MFA,
            &["voice_service.second_not_allowed"],
        );
        check_factors(("pin", None, None), MFA, &["voice_service.second_required"]);
        check_factors(
            ("pin", Some("pin"), None),
            MFA,
            &["voice_service.same_factor_twice"],
        );
        // Alone, when a second factor is not mandatory.
        check_factors(("app", None, None), NO_MFA, &[]);
        check_factors(("pin", None, None), NO_MFA, &[]);
        check_factors(
            ("qa", None, None),
            NO_MFA,
            &["voice_service.alone_not_allowed"],
        );
        check_factors(
            ("email", None, None),
            NO_MFA,
            &["voice_service.alone_not_allowed"],
        );
        // Step-up.
        check_factors(
            ("pin", Some("app"), Some("pin")),
            MFA,
            &["voice_service.step_up_not_allowed"],
        );
        check_factors(
            ("pin", Some("app"), Some("email")),
            MFA,
            &["voice_service.step_up_not_allowed"],
        );
        check_factors(
            ("pin", Some("app"), Some("sms")),
            NO_STEP_UP,
            &["voice_service.step_up_disabled"],
        );
        // Unknown verifications, each where it stands.
        check_factors(
            ("nope", Some("gone"), Some("lost")),
            MFA,
            &[
                "voice_service.verification_unknown",
                "voice_service.verification_unknown",
                "voice_service.verification_unknown",
            ],
        );
    }

    #[test]
    fn identification_and_input_types_are_checked() {
        let mut definition = ServiceDefinition {
            identification: vec![],
            first: "pin".to_owned(),
            second: Some("qa".to_owned()),
            step_up: None,
            input_types: BTreeMap::from([
                ("pin".to_owned(), InputChoice::Voice),
                ("qa".to_owned(), InputChoice::Text),
            ]),
            default_region: Some("Atlantis".to_owned()),
        };
        let codes = |d: &ServiceDefinition| {
            check(d, kind_of, NO_MFA)
                .into_iter()
                .map(|v| v.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&definition),
            [
                "voice_service.identification_required",
                "voice_service.second_not_allowed",
                "voice_service.region_unknown",
                "voice_service.input_type_not_numeric"
            ]
        );
        definition.default_region = Some("US".to_owned());
        definition.identification = vec![IdentificationField::Phone, IdentificationField::Phone];
        definition.second = Some("app".to_owned());
        definition.input_types.remove("qa");
        assert_eq!(
            codes(&definition),
            ["voice_service.identification_repeated"]
        );
    }

    #[test]
    fn a_stored_definition_reads_back() {
        let json = r#"{"identification":["phone","employee_id"],"first":"pin","second":"app","step_up":null,"input_types":{"pin":"voice"}}"#;
        let definition: ServiceDefinition =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(definition.input_types.get("pin"), Some(&InputChoice::Voice));
        assert_eq!(
            serde_json::to_string(&definition).unwrap_or_default(),
            json,
            "written as read"
        );
        assert!(serde_json::from_str::<ServiceDefinition>(
            r#"{"identification":["fax"],"first":"pin","second":null,"step_up":null}"#
        )
        .is_err());
    }

    #[test]
    fn assurance_is_what_the_factors_reach_together() {
        use Kind::*;
        assert_eq!(assurance(&[]), None);
        assert_eq!(assurance(&[SecurityQuestions]), Some(Assurance::Low));
        assert_eq!(assurance(&[SoftPin]), Some(Assurance::Medium));
        assert_eq!(
            assurance(&[SecurityQuestions, SmsCode]),
            Some(Assurance::Medium)
        );
        assert_eq!(assurance(&[SoftPin, SmsCode]), Some(Assurance::High));
        assert_eq!(assurance(&[Authenticator]), Some(Assurance::High));
        assert_eq!(
            assurance(&[EmailCode, EmailCode]),
            Some(Assurance::Medium),
            "one type twice"
        );
    }

    #[test]
    fn a_call_asks_the_factors_in_order() {
        let definition = ServiceDefinition {
            identification: vec![IdentificationField::Phone],
            first: "pin".to_owned(),
            second: Some("app".to_owned()),
            step_up: Some("sms".to_owned()),
            input_types: BTreeMap::new(),
            default_region: None,
        };
        let mut progress = CallProgress::default();
        assert_eq!(
            progress.next_factor(&definition),
            Some(("pin", FactorRole::First))
        );
        progress.passed.push("pin".to_owned());
        assert_eq!(
            progress.next_factor(&definition),
            Some(("app", FactorRole::Second))
        );
        progress.passed.push("app".to_owned());
        assert_eq!(progress.next_factor(&definition), None);
        assert_eq!(definition.input_choice("pin"), InputChoice::Both);
    }
}
