//! Verification kinds and the parameters of the code-sending ones.
//!
//! A verification is a configured instance of a kind. Its parameters are stored as JSON
//! and parsed here, so a stored value always fits its kind.

use serde::{Deserialize, Serialize};

use crate::code::CodePolicy;
use crate::identity::{EmailAddress, PhoneNumber};
use crate::{Channel, Violation};

crate::text_enum! {
    /// The seven verification types. Everything a type means outside its own module is
    /// here: its name, its assurance, whether users enroll in it, and its parameters.
    pub enum Kind {
        SecurityQuestions = "security_questions",
        EmailCode = "email_code",
        SmsCode = "sms_code",
        Authenticator = "authenticator",
        PersonalDataConfirmation = "personal_data_confirmation",
        PersonalData = "personal_data",
        SoftPin = "soft_pin",
    }
}

/// How much a passed check of a type proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Assurance {
    Low,
    Medium,
    High,
}

impl Kind {
    /// SPEC.md's factor table.
    pub fn assurance(self) -> Assurance {
        match self {
            Self::Authenticator => Assurance::High,
            Self::EmailCode | Self::SmsCode | Self::SoftPin => Assurance::Medium,
            Self::SecurityQuestions | Self::PersonalDataConfirmation | Self::PersonalData => {
                Assurance::Low
            }
        }
    }

    /// Personal data needs no enrollment: it is checked against the profile.
    pub fn needs_enrollment(self) -> bool {
        !matches!(self, Self::PersonalDataConfirmation | Self::PersonalData)
    }
}

/// A verification's parameters, by type: parsed and checked once, where they enter Sesame
/// (the API, the store), and used as values everywhere else. The defaults of each type are
/// its parameter type's `Default`; `{}` stands for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Params {
    Code(CodeParams),
    Questions(crate::questions::QuestionParams),
    Authenticator(crate::totp::TotpParams),
    PersonalData(PersonalDataParams),
    /// Soft PIN rules are runtime properties (`soft_pin.*`), not parameters.
    SoftPin,
}

impl Params {
    /// The parameters a verification of `kind` has unless told otherwise.
    pub fn default_for(kind: Kind) -> Self {
        match kind {
            Kind::EmailCode => Self::Code(CodeParams::Email(EmailCodeParams::default())),
            Kind::SmsCode => Self::Code(CodeParams::Sms(SmsCodeParams::default())),
            Kind::SecurityQuestions => Self::Questions(Default::default()),
            Kind::Authenticator => Self::Authenticator(Default::default()),
            Kind::PersonalDataConfirmation => Self::PersonalData(PersonalDataParams {
                field: ProfileField::Email,
            }),
            Kind::PersonalData => Self::PersonalData(PersonalDataParams {
                field: ProfileField::Username,
            }),
            Kind::SoftPin => Self::SoftPin,
        }
    }

    /// Parses and checks parameters of `kind`, every broken rule with its code. `{}`
    /// stands for the defaults.
    pub fn parse(kind: Kind, json: &str) -> Result<Self, Vec<Violation>> {
        let params = Self::read(kind, json).map_err(|reason| {
            vec![Violation::new(
                "verification.params_invalid",
                format!("The parameters do not fit: {reason}"),
            )]
        })?;
        let broken = params.check();
        if broken.is_empty() {
            Ok(params)
        } else {
            Err(broken)
        }
    }

    /// Reads parameters of `kind` as stored, without the rules (they were checked when
    /// they entered Sesame, and a rule made stricter since must not make a stored
    /// verification unreadable). `{}` stands for the defaults.
    pub fn read(kind: Kind, json: &str) -> Result<Self, String> {
        if json.trim().is_empty() || json.trim() == "{}" {
            return Ok(Self::default_for(kind));
        }
        let text = |e: serde_json::Error| e.to_string();
        match kind {
            Kind::EmailCode => serde_json::from_str(json)
                .map(|p| Self::Code(CodeParams::Email(p)))
                .map_err(text),
            Kind::SmsCode => serde_json::from_str(json)
                .map(|p| Self::Code(CodeParams::Sms(p)))
                .map_err(text),
            Kind::SecurityQuestions => serde_json::from_str(json)
                .map(Self::Questions)
                .map_err(text),
            Kind::Authenticator => serde_json::from_str(json)
                .map(Self::Authenticator)
                .map_err(text),
            Kind::PersonalDataConfirmation | Kind::PersonalData => serde_json::from_str(json)
                .map(Self::PersonalData)
                .map_err(text),
            Kind::SoftPin => Err(
                "Soft PIN rules are runtime properties (soft_pin.*), not parameters.".to_owned(),
            ),
        }
    }

    /// Every rule the parameters break, each with its code.
    pub fn check(&self) -> Vec<Violation> {
        match self {
            Self::Code(params) => params.check(),
            Self::Questions(params) => params.check(),
            Self::Authenticator(params) => params.check(),
            Self::PersonalData(_) | Self::SoftPin => Vec::new(),
        }
    }

    /// The parameters as JSON, every field written out.
    pub fn to_json(&self) -> serde_json::Value {
        let value = match self {
            Self::Code(CodeParams::Email(p)) => serde_json::to_value(p),
            Self::Code(CodeParams::Sms(p)) => serde_json::to_value(p),
            Self::Questions(p) => serde_json::to_value(p),
            Self::Authenticator(p) => serde_json::to_value(p),
            Self::PersonalData(p) => serde_json::to_value(p),
            Self::SoftPin => Ok(serde_json::json!({})),
        };
        value.unwrap_or_else(|_| serde_json::json!({}))
    }

    /// The parameters of a code-sending type.
    pub fn code(&self) -> Option<&CodeParams> {
        match self {
            Self::Code(params) => Some(params),
            _ => None,
        }
    }
}

/// The profile field a personal data verification compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileField {
    Username,
    Email,
    Phone,
    DisplayName,
}

/// Parameters of the personal data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalDataParams {
    pub field: ProfileField,
}

/// Whether what a caller typed equals the profile's value: user names and e-mail addresses
/// case-insensitively, phone numbers in E.164 form, names after normalisation. An empty
/// profile value never matches.
pub fn personal_data_matches(field: ProfileField, typed: &str, profile: Option<&str>) -> bool {
    let Some(profile) = profile.filter(|p| !p.trim().is_empty()) else {
        return false;
    };
    let typed_key = match field {
        ProfileField::Username | ProfileField::Email => typed.trim().to_lowercase(),
        ProfileField::Phone => PhoneNumber::parse(typed)
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        ProfileField::DisplayName => crate::questions::normalize(typed),
    };
    let profile_key = match field {
        ProfileField::Username | ProfileField::Email => profile.trim().to_lowercase(),
        ProfileField::Phone => profile.to_owned(),
        ProfileField::DisplayName => crate::questions::normalize(profile),
    };
    !typed_key.is_empty()
        && crate::token::constant_time_eq(typed_key.as_bytes(), profile_key.as_bytes())
}

/// Parameters of an `email_code` verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailCodeParams {
    pub length: u32,
    pub expiry_minutes: u32,
    pub resend_cooldown_seconds: u32,
    pub daily_limit: u32,
    pub max_attempts: u32,
    /// The enrollment check: addresses must be in one of these domains (empty = any).
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

impl Default for EmailCodeParams {
    fn default() -> Self {
        let policy = CodePolicy::EMAIL;
        Self {
            length: policy.length,
            expiry_minutes: policy.expiry_minutes,
            resend_cooldown_seconds: policy.resend_cooldown_seconds,
            daily_limit: policy.daily_limit,
            max_attempts: policy.max_attempts,
            allowed_domains: Vec::new(),
        }
    }
}

/// Parameters of an `sms_code` verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsCodeParams {
    pub length: u32,
    pub expiry_minutes: u32,
    pub resend_cooldown_seconds: u32,
    pub daily_limit: u32,
    pub max_attempts: u32,
    /// The enrollment check: numbers must have one of these country calling codes, written
    /// `+1`, `+44` (empty = any).
    #[serde(default)]
    pub allowed_country_codes: Vec<String>,
}

impl Default for SmsCodeParams {
    fn default() -> Self {
        let policy = CodePolicy::SMS;
        Self {
            length: policy.length,
            expiry_minutes: policy.expiry_minutes,
            resend_cooldown_seconds: policy.resend_cooldown_seconds,
            daily_limit: policy.daily_limit,
            max_attempts: policy.max_attempts,
            allowed_country_codes: Vec::new(),
        }
    }
}

/// Why a proven destination may not be enrolled: it is outside the domains or country
/// codes the verification allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAllowed {
    /// The domains or country codes allowed, as a list to show.
    pub allowed: String,
    /// Why, in English.
    pub message: String,
}

/// The parameters of a code-sending verification, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeParams {
    Email(EmailCodeParams),
    Sms(SmsCodeParams),
}

impl CodeParams {
    pub fn policy(&self) -> CodePolicy {
        match self {
            Self::Email(p) => CodePolicy {
                length: p.length,
                expiry_minutes: p.expiry_minutes,
                resend_cooldown_seconds: p.resend_cooldown_seconds,
                daily_limit: p.daily_limit,
                max_attempts: p.max_attempts,
            },
            Self::Sms(p) => CodePolicy {
                length: p.length,
                expiry_minutes: p.expiry_minutes,
                resend_cooldown_seconds: p.resend_cooldown_seconds,
                daily_limit: p.daily_limit,
                max_attempts: p.max_attempts,
            },
        }
    }

    fn check(&self) -> Vec<Violation> {
        let mut broken = self.policy().check();
        match self {
            Self::Email(p) => {
                if p.allowed_domains
                    .iter()
                    .any(|d| EmailAddress::parse(&format!("x@{d}")).is_err())
                {
                    broken.push(Violation::new(
                        "verification.allowed_domains",
                        "allowed_domains must be domain names such as example.com.",
                    ));
                }
            }
            Self::Sms(p) => {
                let valid = |code: &String| {
                    code.strip_prefix('+').is_some_and(|digits| {
                        (1..=3).contains(&digits.len())
                            && digits.chars().all(|c| c.is_ascii_digit())
                    })
                };
                if !p.allowed_country_codes.iter().all(valid) {
                    broken.push(Violation::new(
                        "verification.allowed_country_codes",
                        "allowed_country_codes must be calling codes such as +1 or +44.",
                    ));
                }
            }
        }
        broken
    }

    /// The enrollment check: whether a proven destination may be enrolled. `Err` says why
    /// not.
    pub fn enrollment_check(&self, destination: &str) -> Result<(), NotAllowed> {
        match self {
            Self::Email(p) => {
                if p.allowed_domains.is_empty() {
                    return Ok(());
                }
                let domain = destination
                    .rsplit_once('@')
                    .map(|(_, d)| d.to_lowercase())
                    .unwrap_or_default();
                if p.allowed_domains
                    .iter()
                    .any(|allowed| allowed.to_lowercase() == domain)
                {
                    Ok(())
                } else {
                    let allowed = p.allowed_domains.join(", ");
                    Err(NotAllowed {
                        message: format!(
                            "Only addresses in these domains can be enrolled: {allowed}."
                        ),
                        allowed,
                    })
                }
            }
            Self::Sms(p) => {
                if p.allowed_country_codes.is_empty() {
                    return Ok(());
                }
                let code = PhoneNumber::parse(destination)
                    .ok()
                    .and_then(|n| n.country_code());
                if code.is_some_and(|code| {
                    p.allowed_country_codes
                        .iter()
                        .any(|allowed| *allowed == format!("+{code}"))
                }) {
                    Ok(())
                } else {
                    let allowed = p.allowed_country_codes.join(", ");
                    Err(NotAllowed {
                        message: format!(
                            "Only numbers with these country codes can be enrolled: {allowed}."
                        ),
                        allowed,
                    })
                }
            }
        }
    }

    /// Parses and normalises a destination typed by the user for this kind.
    pub fn destination(&self, typed: &str) -> Result<String, Violation> {
        match self {
            Self::Email(_) => EmailAddress::parse(typed).map(|e| e.as_str().to_owned()),
            Self::Sms(_) => PhoneNumber::parse(typed).map(|p| p.as_str().to_owned()),
        }
    }

    pub fn channel(&self) -> Channel {
        match self {
            Self::Email(_) => Channel::Email,
            Self::Sms(_) => Channel::Sms,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = r#"{"length":6,"expiry_minutes":10,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_domains":["example.com"]}"#;
    const SMS: &str = r#"{"length":6,"expiry_minutes":5,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_country_codes":["+1","+44"]}"#;

    fn parsed(kind: &str, json: &str) -> CodeParams {
        match Kind::parse(kind).map(|kind| Params::parse(kind, json)) {
            Some(Ok(Params::Code(params))) => params,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn enrollment_checks() {
        let email = parsed("email_code", EMAIL);
        assert_eq!(email.enrollment_check("a@Example.COM"), Ok(()));
        assert!(email.enrollment_check("a@evil.com").is_err());
        assert!(email.enrollment_check("a@sub.example.com").is_err());
        let sms = parsed("sms_code", SMS);
        assert_eq!(sms.enrollment_check("+14155550123"), Ok(()));
        assert_eq!(sms.enrollment_check("+442079460958"), Ok(()));
        assert!(sms.enrollment_check("+4930901820").is_err());
        assert_eq!(sms.policy(), CodePolicy::SMS);
    }

    #[test]
    fn every_kind_has_valid_defaults_and_an_assurance() {
        for &kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            let defaults = Params::parse(kind, "{}").unwrap_or_else(|e| panic!("{kind:?}: {e:?}"));
            assert_eq!(defaults, Params::default_for(kind));
            if kind != Kind::SoftPin {
                // The defaults written out read back as themselves.
                let written = defaults.to_json().to_string();
                assert_eq!(Params::parse(kind, &written), Ok(defaults), "{kind:?}");
            }
        }
        assert_eq!(Kind::Authenticator.assurance(), Assurance::High);
        assert_eq!(Kind::SoftPin.assurance(), Assurance::Medium);
        assert_eq!(Kind::SecurityQuestions.assurance(), Assurance::Low);
        assert!(!Kind::PersonalData.needs_enrollment());
        let codes = |kind: Kind, json: &str| {
            Params::parse(kind, json)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.code)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(
                Kind::Authenticator,
                r#"{"algorithm":"SHA1","digits":7,"step_seconds":30,"drift_steps":1}"#
            ),
            ["totp.digits"]
        );
        assert_eq!(
            codes(Kind::PersonalData, r#"{"field":"shoe_size"}"#),
            ["verification.params_invalid"]
        );
        assert_eq!(
            codes(Kind::SoftPin, r#"{"length":7}"#),
            ["verification.params_invalid"]
        );
    }

    #[test]
    fn personal_data_compares_with_the_profile() {
        assert!(personal_data_matches(
            ProfileField::Email,
            " Alice@Example.COM ",
            Some("alice@example.com")
        ));
        assert!(!personal_data_matches(
            ProfileField::Email,
            "bob@example.com",
            Some("alice@example.com")
        ));
        assert!(personal_data_matches(
            ProfileField::Username,
            "ALICE",
            Some("alice")
        ));
        assert!(personal_data_matches(
            ProfileField::Phone,
            "+1 415 555 0123",
            Some("+14155550123")
        ));
        assert!(personal_data_matches(
            ProfileField::DisplayName,
            "alice  SMITH",
            Some("Alice Smith")
        ));
        assert!(!personal_data_matches(ProfileField::Email, "", Some("")));
        assert!(!personal_data_matches(ProfileField::Phone, "x", None));
    }

    #[test]
    fn bad_parameters_are_refused_with_field_codes() {
        assert_eq!(Params::parse(Kind::SoftPin, "{}"), Ok(Params::SoftPin));
        let codes = |kind: &str, json: &str| match Kind::parse(kind)
            .map(|kind| Params::parse(kind, json))
        {
            Some(Err(broken)) => broken.into_iter().map(|v| v.code).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            codes("email_code", r#"{"length":6}"#),
            ["verification.params_invalid"]
        );
        assert_eq!(
            codes(
                "email_code",
                &EMAIL
                    .replace("\"length\":6", "\"length\":12")
                    .replace("example.com", "not a domain")
            ),
            ["code_params.length", "verification.allowed_domains"]
        );
        assert_eq!(
            codes("sms_code", &SMS.replace("+44", "44")),
            ["verification.allowed_country_codes"]
        );
    }
}
