//! Runtime properties: typed settings an administrator changes through the API.
//!
//! Every property is declared once in [`PROPERTIES`] with its type, range and default.
//! Values are stored as text; [`PropertyDef::parse`] is the only way in, so a stored value
//! always fits its declaration.

use serde::Serialize;
use serde_json::Value;

use crate::Violation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PropertyKind {
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// 0 switches the setting off; otherwise a whole number from `min` to `max`.
    IntOrOff {
        min: i64,
        max: i64,
    },
    String {
        max_length: usize,
    },
    /// An `https://` URL of at most `max_length` characters, or empty for none.
    Url {
        max_length: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum PropertyValue {
    Bool(bool),
    Int(i64),
    String(String),
}

impl PropertyValue {
    /// The stored text form.
    pub fn to_stored(&self) -> String {
        match self {
            Self::Bool(b) => b.to_string(),
            Self::Int(i) => i.to_string(),
            Self::String(s) => s.clone(),
        }
    }
}

#[derive(Debug)]
pub struct PropertyDef {
    pub key: &'static str,
    pub kind: PropertyKind,
    pub default: &'static str,
    pub description: &'static str,
}

/// Every property Sesame knows.
pub static PROPERTIES: &[PropertyDef] = &[
    PropertyDef {
        key: "admin.alert_blocked_users",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "10",
        description: "More users than this blocked from self-service reset within \
                      admin.alert_window_minutes raise an alert: a notice on the \
                      administration overview and an audit record.",
    },
    PropertyDef {
        key: "admin.alert_window_minutes",
        kind: PropertyKind::Int { min: 1, max: 1440 },
        default: "60",
        description: "The window, in minutes, in which blocked users are counted for the \
                      alert.",
    },
    PropertyDef {
        key: "admin.group",
        kind: PropertyKind::String { max_length: 64 },
        default: "sesame-admins",
        description: "Signed-in users in this group are administrators: on the \
                      administration pages and, with their session, on the admin API.",
    },
    PropertyDef {
        key: "assist.agent_per_minute",
        kind: PropertyKind::Int { min: 1, max: 1000 },
        default: "10",
        description: "Caller codes one service desk agent may have made in any minute.",
    },
    PropertyDef {
        key: "assist.code_length",
        kind: PropertyKind::Int { min: 6, max: 8 },
        default: "6",
        description: "Digits of a code a service desk agent has sent to a caller.",
    },
    PropertyDef {
        key: "assist.expiry_minutes",
        kind: PropertyKind::Int { min: 1, max: 10 },
        default: "3",
        description: "Minutes a caller code stays valid.",
    },
    PropertyDef {
        key: "assist.lockout_minutes",
        kind: PropertyKind::Int {
            min: 1,
            max: 43_200,
        },
        default: "1440",
        description: "How long a user gets no caller code after too many wrong ones, unless \
                      an administrator or the service desk unlocks them first.",
    },
    PropertyDef {
        key: "assist.max_user_failures",
        kind: PropertyKind::Int { min: 1, max: 100 },
        default: "10",
        description: "Wrong caller codes in a row, across conversations, that lock the user.",
    },
    PropertyDef {
        key: "assist.resend_cooldown_seconds",
        kind: PropertyKind::Int { min: 0, max: 600 },
        default: "60",
        description: "Seconds before another caller code in the same conversation.",
    },
    PropertyDef {
        key: "assist.retries_per_conversation",
        kind: PropertyKind::Int { min: 1, max: 10 },
        default: "3",
        description: "Wrong caller codes one conversation may check.",
    },
    PropertyDef {
        key: "assist.total_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "100",
        description: "Caller codes all service desk agents together may have made in any minute.",
    },
    PropertyDef {
        key: "audit.retention_days",
        kind: PropertyKind::Int { min: 1, max: 3650 },
        default: "90",
        description: "Days an audit record is kept before it is purged.",
    },
    PropertyDef {
        key: "authenticator.lockout_minutes",
        kind: PropertyKind::Int { min: 1, max: 1440 },
        default: "15",
        description:
            "How long authenticator checks stay locked for a user after too many wrong codes.",
    },
    PropertyDef {
        key: "authenticator.max_failures",
        kind: PropertyKind::Int { min: 1, max: 20 },
        default: "5",
        description:
            "Consecutive wrong authenticator codes that lock authenticator checks for the user.",
    },
    PropertyDef {
        key: "captcha.max_number",
        kind: PropertyKind::Int {
            min: 1_000,
            max: 10_000_000,
        },
        default: "200000",
        description: "The largest number a CAPTCHA challenge asks a browser to find. A \
                      browser tries half of them on average, at some 100,000 a second: the \
                      default takes about a second.",
    },
    PropertyDef {
        key: "help_desk.contact",
        kind: PropertyKind::String { max_length: 200 },
        default: "",
        description: "How people reach the help desk (a phone number, an address, a page), \
                      shown where self-service cannot go on; empty shows no contact.",
    },
    PropertyDef {
        key: "limits.captcha_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "30",
        description: "CAPTCHA challenges one client address may fetch in a minute, counted \
                      on each node.",
    },
    PropertyDef {
        key: "limits.codes_per_client_daily",
        kind: PropertyKind::Int {
            min: 1,
            max: 1_000_000,
        },
        default: "100",
        description: "E-mail and SMS codes of self-service resets one client address may ask \
                      for in 24 hours, for every identity together, counted in the database. \
                      Each identity's daily cap of a verification is counted per client \
                      address there too, so no one else can spend it.",
    },
    PropertyDef {
        key: "limits.identify_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "30",
        description: "Reset requests one client address may start in a minute (API and \
                      page), counted on each node.",
    },
    PropertyDef {
        key: "limits.phone_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "300",
        description: "Requests of a telephony provider's webhook (one per turn of a call) one \
                      client address may make in a minute, counted on each node.",
    },
    PropertyDef {
        key: "limits.reset_steps_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "60",
        description: "Steps of reset requests (challenges, answers, new passwords, unlocks) \
                      one client address may take in a minute, counted on each node.",
    },
    PropertyDef {
        key: "limits.signin_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "30",
        description: "Sign-ins one client address may try in a minute (API and page), \
                      counted on each node.",
    },
    PropertyDef {
        key: "limits.strength_per_minute",
        kind: PropertyKind::Int {
            min: 1,
            max: 100_000,
        },
        default: "120",
        description: "Strength checks of a password being typed (the reset and profile \
                      pages ask as the user types) one client address may make in a \
                      minute, counted on each node.",
    },
    PropertyDef {
        key: "password_reset.block_minutes",
        kind: PropertyKind::Int {
            min: 1,
            max: 43_200,
        },
        default: "1440",
        description: "How long a user stays blocked from self-service reset after too many \
                      failed reset requests.",
    },
    PropertyDef {
        key: "password_reset.max_failed_requests",
        kind: PropertyKind::Int { min: 1, max: 100 },
        default: "3",
        description: "Failed reset requests that block the user from self-service reset.",
    },
    PropertyDef {
        key: "password_reset.max_wrong_answers",
        kind: PropertyKind::Int { min: 1, max: 10 },
        default: "3",
        description: "Wrong answers, in all, after which a reset request fails (and counts \
                      toward the block). Codes keep their own limits as well.",
    },
    PropertyDef {
        key: "password_reset.request_expiry_minutes",
        kind: PropertyKind::Int { min: 1, max: 1440 },
        default: "10",
        description: "How long a password reset request stays usable.",
    },
    PropertyDef {
        key: "service_desk.group",
        kind: PropertyKind::String { max_length: 64 },
        default: "service-desk",
        description: "Signed-in users in this group work as service desk agents on the \
                      service desk page and API.",
    },
    PropertyDef {
        key: "session.idle_minutes",
        kind: PropertyKind::Int { min: 1, max: 1440 },
        default: "30",
        description: "A user session ends after this many minutes without a request.",
    },
    PropertyDef {
        key: "session.lifetime_minutes",
        kind: PropertyKind::Int {
            min: 5,
            max: 43_200,
        },
        default: "720",
        description: "A user session ends this many minutes after sign-in, active or not.",
    },
    PropertyDef {
        key: "session.reauth_minutes",
        kind: PropertyKind::Int { min: 1, max: 1440 },
        default: "10",
        description: "Removing a verification needs a sign-in at most this many minutes old.",
    },
    PropertyDef {
        key: "signin.lockout_minutes",
        kind: PropertyKind::Int {
            min: 1,
            max: 10_080,
        },
        default: "15",
        description: "How long sign-in stays locked for a user name after too many failures.",
    },
    PropertyDef {
        key: "signin.max_failures",
        kind: PropertyKind::Int { min: 1, max: 100 },
        default: "10",
        description: "Consecutive failed sign-ins that lock sign-in for that user name.",
    },
    PropertyDef {
        key: "soft_pin.enrollment.enabled",
        kind: PropertyKind::Bool,
        default: "true",
        description: "Whether users may enroll or change a Soft PIN. Off hides the option; \
                      enrolled PINs still verify.",
    },
    PropertyDef {
        key: "soft_pin.expiry_days",
        kind: PropertyKind::IntOrOff { min: 30, max: 3650 },
        default: "90",
        description: "Days a Soft PIN stays valid after it is set; 0 = never expires.",
    },
    PropertyDef {
        key: "soft_pin.history_depth",
        kind: PropertyKind::Int { min: 1, max: 30 },
        default: "5",
        description:
            "A new Soft PIN must differ from this many previous PINs, the current one included.",
    },
    PropertyDef {
        key: "soft_pin.lockout_minutes",
        kind: PropertyKind::Int {
            min: 1,
            max: 43_200,
        },
        default: "1440",
        description:
            "How long Soft PIN verification stays locked for a user after too many failures.",
    },
    PropertyDef {
        key: "soft_pin.max_failures",
        kind: PropertyKind::Int { min: 1, max: 10 },
        default: "3",
        description: "Consecutive wrong Soft PINs that lock Soft PIN verification for the user.",
    },
    PropertyDef {
        key: "soft_pin.reminder_days",
        kind: PropertyKind::Int { min: 1, max: 60 },
        default: "10",
        description: "Days before a Soft PIN expires that the profile starts reminding the user.",
    },
    PropertyDef {
        key: "voice.authenticate.mfa_mandatory",
        kind: PropertyKind::Bool,
        default: "true",
        description: "Whether voice services must authenticate callers with two factors.",
    },
    PropertyDef {
        key: "voice.lockout_minutes",
        kind: PropertyKind::Int {
            min: 1,
            max: 43_200,
        },
        default: "1440",
        description: "How long a factor stays locked for a user on the phone after a call \
                      used up its tries.",
    },
    PropertyDef {
        key: "voice.max_failures",
        kind: PropertyKind::Int { min: 1, max: 10 },
        default: "3",
        description: "Failures of one factor that end a call and lock that factor for the \
                      user (counted across calls until a right answer).",
    },
    PropertyDef {
        key: "voice.session_minutes",
        kind: PropertyKind::Int { min: 1, max: 120 },
        default: "15",
        description: "Minutes a caller verification session lasts from its opening.",
    },
    PropertyDef {
        key: "voice.step_up.enabled",
        kind: PropertyKind::Bool,
        default: "true",
        description: "Whether voice services may ask for a step-up factor before a sensitive task.",
    },
    PropertyDef {
        key: "voice.twilio.handoff_url",
        kind: PropertyKind::Url { max_length: 2048 },
        default: "",
        description: "Where the phone line sends a call once the caller is verified: the \
                      TwiML URL of the call's next leg, which gets the signed assertion as its \
                      `result` query parameter. Empty: verified callers are told they cannot \
                      be put through, and the call ends.",
    },
    PropertyDef {
        key: "web.product_name",
        kind: PropertyKind::String { max_length: 64 },
        default: "Sesame",
        description: "The name shown in the header of every web page.",
    },
];

pub fn find(key: &str) -> Option<&'static PropertyDef> {
    PROPERTIES.iter().find(|def| def.key == key)
}

/// The optional modules whose properties exist only while they are on, by the prefix
/// every one of their property keys has.
const MODULE_PREFIXES: [(&str, &str); 2] =
    [("soft_pin.", "voice_agents"), ("voice.", "voice_agents")];

impl PropertyDef {
    /// The optional module this property belongs to (`voice_agents` for `voice.*` and
    /// `soft_pin.*`); `None` for the base system's.
    pub fn module(&self) -> Option<&'static str> {
        MODULE_PREFIXES
            .iter()
            .find(|(prefix, _)| self.key.starts_with(prefix))
            .map(|(_, module)| *module)
    }

    /// Checks a JSON value sent by an administrator.
    pub fn parse(&self, value: &Value) -> Result<PropertyValue, Violation> {
        match (self.kind, value) {
            (PropertyKind::Bool, Value::Bool(b)) => Ok(PropertyValue::Bool(*b)),
            (PropertyKind::Int { min, max }, Value::Number(n)) => match n.as_i64() {
                Some(i) if (min..=max).contains(&i) => Ok(PropertyValue::Int(i)),
                _ => Err(Violation::new(
                    "property.out_of_range",
                    format!("{} must be a whole number from {min} to {max}.", self.key),
                )),
            },
            (PropertyKind::IntOrOff { min, max }, Value::Number(n)) => match n.as_i64() {
                Some(i) if i == 0 || (min..=max).contains(&i) => Ok(PropertyValue::Int(i)),
                _ => Err(Violation::new(
                    "property.out_of_range",
                    format!(
                        "{} must be 0 (off) or a whole number from {min} to {max}.",
                        self.key
                    ),
                )),
            },
            (PropertyKind::String { max_length }, Value::String(s)) => {
                if s.chars().count() > max_length || s.chars().any(char::is_control) {
                    Err(Violation::new(
                        "property.out_of_range",
                        format!(
                            "{} must be text of at most {max_length} characters without control characters.",
                            self.key
                        ),
                    ))
                } else {
                    Ok(PropertyValue::String(s.clone()))
                }
            }
            (PropertyKind::Url { max_length }, Value::String(s)) => {
                if s.is_empty() || (s.chars().count() <= max_length && is_https_url(s)) {
                    Ok(PropertyValue::String(s.clone()))
                } else {
                    Err(Violation::new(
                        "property.out_of_range",
                        format!(
                            "{} must be an https:// URL of at most {max_length} characters, or \
                             empty.",
                            self.key
                        ),
                    ))
                }
            }
            (kind, _) => Err(Violation::new(
                "property.wrong_type",
                format!(
                    "{} takes {}.",
                    self.key,
                    match kind {
                        PropertyKind::Bool => "true or false",
                        PropertyKind::Int { .. } | PropertyKind::IntOrOff { .. } =>
                            "a whole number",
                        PropertyKind::String { .. } | PropertyKind::Url { .. } => "a string",
                    }
                ),
            )),
        }
    }

    /// Reads a stored value; a value that no longer fits (a range was narrowed in a newer
    /// version) falls back to the default.
    pub fn from_stored(&self, stored: Option<&str>) -> PropertyValue {
        let parse = |text: &str| -> Option<PropertyValue> {
            let json = match self.kind {
                PropertyKind::String { .. } | PropertyKind::Url { .. } => {
                    Value::String(text.to_owned())
                }
                _ => serde_json::from_str(text).ok()?,
            };
            self.parse(&json).ok()
        };
        stored
            .and_then(parse)
            .or_else(|| parse(self.default))
            .unwrap_or(PropertyValue::String(self.default.to_owned()))
    }
}

/// An absolute `https://` URL with a host, without spaces or control characters.
fn is_https_url(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("https://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    !host.is_empty()
        && !host.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(key: &str, value: Value, expected: Result<PropertyValue, &str>) {
        let def = find(key).unwrap_or_else(|| panic!("no property {key}"));
        assert_eq!(
            def.parse(&value).map_err(|v| v.code),
            expected,
            "{key} = {value}"
        );
    }

    #[test]
    fn parse_checks_type_and_range() {
        check(
            "session.idle_minutes",
            json!(45),
            Ok(PropertyValue::Int(45)),
        );
        check("session.idle_minutes", json!(1), Ok(PropertyValue::Int(1)));
        check(
            "session.idle_minutes",
            json!(1440),
            Ok(PropertyValue::Int(1440)),
        );
        check(
            "session.idle_minutes",
            json!(0),
            Err("property.out_of_range"),
        );
        check(
            "session.idle_minutes",
            json!(1441),
            Err("property.out_of_range"),
        );
        check(
            "session.idle_minutes",
            json!(1.5),
            Err("property.out_of_range"),
        );
        check(
            "session.idle_minutes",
            json!("45"),
            Err("property.wrong_type"),
        );
        check(
            "session.idle_minutes",
            json!(true),
            Err("property.wrong_type"),
        );
        check(
            "web.product_name",
            json!("Acme"),
            Ok(PropertyValue::String("Acme".into())),
        );
        check(
            "web.product_name",
            json!("x".repeat(65)),
            Err("property.out_of_range"),
        );
        check("web.product_name", json!(3), Err("property.wrong_type"));
        let handoff = "voice.twilio.handoff_url";
        for url in [
            "",
            "https://agent.example.com/calls",
            "https://a.example:8443/x?y=1",
        ] {
            check(handoff, json!(url), Ok(PropertyValue::String(url.into())));
        }
        for url in [
            "http://agent.example.com/calls",
            "agent.example.com",
            "https://",
            "https://user@agent.example.com/",
            "https://agent.example.com/a b",
        ] {
            check(handoff, json!(url), Err("property.out_of_range"));
        }
        check(handoff, json!(1), Err("property.wrong_type"));
    }

    #[test]
    fn defaults_fit_their_declarations() {
        for def in PROPERTIES {
            let value = def.from_stored(None);
            assert_eq!(value.to_stored(), def.default, "{}", def.key);
        }
    }

    #[test]
    fn keys_are_sorted_and_unique() {
        let keys: Vec<_> = PROPERTIES.iter().map(|d| d.key).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(keys, sorted);
    }

    #[test]
    fn stored_values_round_trip() {
        let def = find("session.idle_minutes").unwrap_or_else(|| panic!("missing"));
        assert_eq!(def.from_stored(Some("45")), PropertyValue::Int(45));
        assert_eq!(def.from_stored(Some("garbage")), PropertyValue::Int(30));
    }
}
