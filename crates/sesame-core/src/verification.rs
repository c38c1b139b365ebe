//! Verification kinds and the parameters of the code-sending ones.
//!
//! A verification is a configured instance of a kind. Its parameters are stored as JSON
//! and parsed here, so a stored value always fits its kind.

use serde::{Deserialize, Serialize};

use crate::code::CodePolicy;
use crate::identity::{EmailAddress, PhoneNumber};
use crate::Violation;

/// Parameters of an `email_code` verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailCodeParams {
    pub length: u32,
    pub expiry_minutes: i64,
    pub resend_cooldown_seconds: i64,
    pub daily_limit: i64,
    pub max_attempts: i64,
    /// The enrollment check: addresses must be in one of these domains (empty = any).
    #[serde(default)]
    pub allowed_domains: Vec<String>,
}

/// Parameters of an `sms_code` verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsCodeParams {
    pub length: u32,
    pub expiry_minutes: i64,
    pub resend_cooldown_seconds: i64,
    pub daily_limit: i64,
    pub max_attempts: i64,
    /// The enrollment check: numbers must have one of these country calling codes, written
    /// `+1`, `+44` (empty = any).
    #[serde(default)]
    pub allowed_country_codes: Vec<String>,
}

/// The parameters of a code-sending verification, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeParams {
    Email(EmailCodeParams),
    Sms(SmsCodeParams),
}

impl CodeParams {
    /// Parses stored or submitted parameters of `kind`; `None` for kinds that send no code.
    pub fn parse(kind: &str, json: &str) -> Option<Result<Self, Vec<Violation>>> {
        let invalid = |e: serde_json::Error| {
            vec![Violation::new(
                "verification.params_invalid",
                format!("The parameters do not fit: {e}"),
            )]
        };
        let parsed = match kind {
            "email_code" => serde_json::from_str(json).map(Self::Email).map_err(invalid),
            "sms_code" => serde_json::from_str(json).map(Self::Sms).map_err(invalid),
            _ => return None,
        };
        Some(parsed.and_then(|params| {
            let broken = params.check();
            if broken.is_empty() {
                Ok(params)
            } else {
                Err(broken)
            }
        }))
    }

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

    pub fn to_json(&self) -> String {
        match self {
            Self::Email(p) => serde_json::to_string(p),
            Self::Sms(p) => serde_json::to_string(p),
        }
        .unwrap_or_default()
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
    /// not, in words for the user.
    pub fn enrollment_check(&self, destination: &str) -> Result<(), String> {
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
                    Err(format!(
                        "Only addresses in these domains can be enrolled: {}.",
                        p.allowed_domains.join(", ")
                    ))
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
                    Err(format!(
                        "Only numbers with these country codes can be enrolled: {}.",
                        p.allowed_country_codes.join(", ")
                    ))
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

    pub fn channel(&self) -> &'static str {
        match self {
            Self::Email(_) => "email",
            Self::Sms(_) => "sms",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = r#"{"length":6,"expiry_minutes":10,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_domains":["example.com"]}"#;
    const SMS: &str = r#"{"length":6,"expiry_minutes":5,"resend_cooldown_seconds":120,"daily_limit":10,"max_attempts":5,"allowed_country_codes":["+1","+44"]}"#;

    fn parsed(kind: &str, json: &str) -> CodeParams {
        match CodeParams::parse(kind, json) {
            Some(Ok(params)) => params,
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
    fn bad_parameters_are_refused_with_field_codes() {
        assert!(CodeParams::parse("soft_pin", "{}").is_none());
        let codes = |kind: &str, json: &str| match CodeParams::parse(kind, json) {
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
            ["code.length", "verification.allowed_domains"]
        );
        assert_eq!(
            codes("sms_code", &SMS.replace("+44", "44")),
            ["verification.allowed_country_codes"]
        );
    }
}
