//! Validated identity fields. Once parsed, a value cannot be invalid.
//!
//! Parsing happens at the edge (API, import, directory sync); everything behind it takes
//! these types, never raw strings.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::Violation;

/// A user name: 1 to 64 characters of ASCII letters, digits and `. _ - @ +`, starting
/// with a letter or digit. Case is kept for display; uniqueness and look-ups use
/// [`Username::key`], the lower-case form.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub const MAX_LEN: usize = 64;

    pub fn parse(text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let invalid = || {
            Violation::new(
                "user.username_invalid",
                "A user name has 1 to 64 characters: letters, digits and . _ - @ +, starting with a letter or digit.",
            )
        };
        let first_ok = text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let all_ok = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@' | '+'));
        if !first_ok || !all_ok || text.len() > Self::MAX_LEN {
            return Err(invalid());
        }
        Ok(Self(text.to_owned()))
    }

    /// The case-insensitive identity of this name.
    pub fn key(&self) -> String {
        self.0.to_ascii_lowercase()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The key that counts attempts for a name a caller gave, whether or not it is a valid
/// user name: names that cannot exist are counted and locked exactly like real ones.
pub fn subject_key(text: &str) -> String {
    match Username::parse(text) {
        Ok(name) => name.key(),
        Err(_) => text
            .trim()
            .to_lowercase()
            .chars()
            .take(Username::MAX_LEN)
            .collect(),
    }
}

/// An e-mail address, syntax-checked (RFC 5321/5322 as the `email_address` crate reads it)
/// and at most 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let has_dotted_domain = text
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.contains('.') && !domain.ends_with('.'));
        if text.len() > 254 || !has_dotted_domain || !email_address::EmailAddress::is_valid(text) {
            return Err(Violation::new(
                "user.email_invalid",
                "The e-mail address is not valid.",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Addresses are compared case-insensitively.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A phone number in E.164 form (`+` and up to 15 digits), checked against the numbering
/// plan of its country.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(text: &str) -> Result<Self, Violation> {
        let invalid = || {
            Violation::new(
                "user.phone_invalid",
                "The phone number must be a valid number in international E.164 form, such as +14155550123.",
            )
        };
        let text = text.trim();
        if !text.starts_with('+') {
            return Err(invalid());
        }
        let number = phonenumber::parse(None, text).map_err(|_| invalid())?;
        if !phonenumber::is_valid(&number) {
            return Err(invalid());
        }
        Ok(Self(
            number.format().mode(phonenumber::Mode::E164).to_string(),
        ))
    }

    /// A number however it was written or keyed (`+1 (415) 555-0101`, `00 1 415 555 0101`,
    /// or `4155550101` read in `region`, an ISO 3166 country code such as `US`), in E.164;
    /// `None` when it is no valid number.
    pub fn parse_in(text: &str, region: Option<&str>) -> Option<Self> {
        let text = text.trim();
        if text.starts_with('+') {
            return Self::parse(text).ok();
        }
        let region: phonenumber::country::Id = region?.parse().ok()?;
        let number = phonenumber::parse(Some(region), text).ok()?;
        phonenumber::is_valid(&number)
            .then(|| Self(number.format().mode(phonenumber::Mode::E164).to_string()))
    }

    /// Whether `code` is a region [`parse_in`](Self::parse_in) knows.
    pub fn is_region(code: &str) -> bool {
        code.parse::<phonenumber::country::Id>().is_ok()
    }

    /// The number with all but its last four digits hidden, to tell a caller where a code
    /// went: `+1••••••0101`.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 2, 4)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The country calling code (1 for +1 415 ...).
    pub fn country_code(&self) -> Option<u16> {
        phonenumber::parse(None, &self.0)
            .ok()
            .map(|n| n.code().value())
    }
}

/// A BCP 47 language tag in canonical form (`en`, `de`, `pt-BR`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    pub fn english() -> Self {
        Self("en".to_owned())
    }

    pub fn parse(text: &str) -> Result<Self, Violation> {
        let tag = unic_langid::LanguageIdentifier::from_str(text.trim()).map_err(|_| {
            Violation::new(
                "user.language_invalid",
                "The language must be a language tag such as en, de or pt-BR.",
            )
        })?;
        if tag.language.is_empty() {
            return Err(Violation::new(
                "user.language_invalid",
                "The language must be a language tag such as en, de or pt-BR.",
            ));
        }
        Ok(Self(tag.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A group name: 1 to 64 printable characters without commas or semicolons (they
/// separate groups in import files).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupName(String);

impl GroupName {
    pub fn parse(text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let ok = !text.is_empty()
            && text.chars().count() <= 64
            && !text.chars().any(|c| c.is_control() || c == ',' || c == ';');
        if !ok {
            return Err(Violation::new(
                "user.group_invalid",
                "A group name has 1 to 64 characters and no commas, semicolons or control characters.",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A sorted set of group names from a list, each broken name recorded in `checks`.
    pub fn parse_set(checks: &mut crate::Checks, names: &[String]) -> Vec<Self> {
        let mut parsed: Vec<Self> = names
            .iter()
            .filter_map(|name| checks.field(Self::parse(name)))
            .collect();
        parsed.sort();
        parsed.dedup();
        parsed
    }
}

/// A display name: up to 128 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        if text.chars().count() > 128 || text.chars().any(char::is_control) {
            return Err(Violation::new(
                "user.display_name_invalid",
                "A display name has at most 128 characters and no control characters.",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An employee number, as callers read it on the phone and HR systems keep it: 1 to 64
/// letters, digits and `- _ . /`, compared exactly (after trimming).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmployeeId(String);

impl EmployeeId {
    pub const MAX_LEN: usize = 64;

    pub fn parse(text: &str) -> Result<Self, Violation> {
        let text = text.trim();
        let fits = !text.is_empty()
            && text.len() <= Self::MAX_LEN
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if !fits {
            return Err(Violation::new(
                "user.employee_id_invalid",
                "An employee id has 1 to 64 letters, digits and - _ . /.",
            ));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_and_serialize_as_str {
    ($($ty:ty),*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
display_and_serialize_as_str!(
    Username,
    EmailAddress,
    PhoneNumber,
    EmployeeId,
    Language,
    GroupName,
    DisplayName
);

/// Whether a user may sign in and reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Disabled,
}

impl UserStatus {
    pub fn parse(text: &str) -> Result<Self, Violation> {
        match text {
            "active" => Ok(Self::Active),
            "disabled" => Ok(Self::Disabled),
            _ => Err(Violation::new(
                "user.status_invalid",
                "The status must be active or disabled.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }
}

crate::text_enum! {
    /// Where a user comes from, and so where their password lives.
    pub enum UserSource {
        /// Created in Sesame (API, import); Sesame keeps the password.
        Local = "local",
        /// Copied from the LDAP directory; the directory keeps the password.
        Ldap = "ldap",
    }
}

/// `text` with every character but the first `keep_start` and the last `keep_end` replaced
/// by `•`.
fn mask_middle(text: &str, keep_start: usize, keep_end: usize) -> String {
    let count = text.chars().count();
    text.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_start || i + keep_end >= count {
                c
            } else {
                '•'
            }
        })
        .collect()
}

/// An e-mail address with its local part hidden but for its first character, to tell a
/// caller where a code went: `j•••@example.com`.
pub fn masked_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<T: fmt::Debug + fmt::Display>(
        parsed: Result<T, Violation>,
        expected: Result<&str, &str>,
    ) {
        match (parsed, expected) {
            (Ok(value), Ok(want)) => assert_eq!(value.to_string(), want),
            (Err(v), Err(code)) => assert_eq!(v.code, code),
            (got, want) => panic!("got {got:?}, want {want:?}"),
        }
    }

    #[test]
    fn employee_ids() {
        check(EmployeeId::parse(" E-1042 "), Ok("E-1042"));
        check(EmployeeId::parse("hr/2024.7_b"), Ok("hr/2024.7_b"));
        check(EmployeeId::parse(""), Err("user.employee_id_invalid"));
        check(EmployeeId::parse("E 1042"), Err("user.employee_id_invalid"));
        check(
            EmployeeId::parse(&"9".repeat(65)),
            Err("user.employee_id_invalid"),
        );
    }

    #[test]
    fn usernames() {
        check(Username::parse("alice"), Ok("alice"));
        check(Username::parse(" Alice.Smith "), Ok("Alice.Smith"));
        check(Username::parse("a@example.com"), Ok("a@example.com"));
        check(
            Username::parse("x".repeat(64).as_str()),
            Ok(&"x".repeat(64)),
        );
        check(
            Username::parse(&"x".repeat(65)),
            Err("user.username_invalid"),
        );
        check(Username::parse(""), Err("user.username_invalid"));
        check(Username::parse("-alice"), Err("user.username_invalid"));
        check(Username::parse("al ice"), Err("user.username_invalid"));
        check(Username::parse("alice;drop"), Err("user.username_invalid"));
        check(Username::parse("ålice"), Err("user.username_invalid"));
        check(Username::parse("(uid=*)"), Err("user.username_invalid"));
    }

    #[test]
    fn username_key_is_case_insensitive() {
        let a = Username::parse("Alice").map(|u| u.key());
        let b = Username::parse("ALICE").map(|u| u.key());
        assert_eq!(a, b);
    }

    #[test]
    fn emails() {
        check(EmailAddress::parse("a@example.com"), Ok("a@example.com"));
        check(
            EmailAddress::parse(" A.B@Example.org "),
            Ok("A.B@Example.org"),
        );
        check(
            EmailAddress::parse("a@localhost"),
            Err("user.email_invalid"),
        );
        check(
            EmailAddress::parse("not-an-email"),
            Err("user.email_invalid"),
        );
        check(
            EmailAddress::parse("a@@example.com"),
            Err("user.email_invalid"),
        );
        check(EmailAddress::parse(""), Err("user.email_invalid"));
    }

    #[test]
    fn phones_are_normalised_to_e164() {
        check(PhoneNumber::parse("+14155550123"), Ok("+14155550123"));
        check(PhoneNumber::parse("+44 20 7946 0958"), Ok("+442079460958"));
        check(PhoneNumber::parse("+49 30 901820"), Ok("+4930901820"));
        check(PhoneNumber::parse("4155550123"), Err("user.phone_invalid"));
        check(PhoneNumber::parse("+1"), Err("user.phone_invalid"));
        check(PhoneNumber::parse("+1 555"), Err("user.phone_invalid"));
        check(PhoneNumber::parse("call me"), Err("user.phone_invalid"));
    }

    #[test]
    fn languages() {
        check(Language::parse("en"), Ok("en"));
        check(Language::parse("pt-br"), Ok("pt-BR"));
        check(Language::parse("de"), Ok("de"));
        check(Language::parse("not a tag"), Err("user.language_invalid"));
        check(Language::parse(""), Err("user.language_invalid"));
    }

    #[test]
    fn groups() {
        check(GroupName::parse("staff"), Ok("staff"));
        check(GroupName::parse("IT Service Desk"), Ok("IT Service Desk"));
        check(GroupName::parse("a,b"), Err("user.group_invalid"));
        check(GroupName::parse(" "), Err("user.group_invalid"));
    }

    #[test]
    fn phones_are_read_however_they_were_given() {
        let e164 = |text: &str, region: Option<&str>| {
            PhoneNumber::parse_in(text, region).map(|p| p.as_str().to_owned())
        };
        let want = Some("+14155550101".to_owned());
        assert_eq!(e164("+1 (415) 555-0101", None), want);
        assert_eq!(e164("4155550101", Some("US")), want);
        assert_eq!(e164("(415) 555-0101", Some("US")), want);
        assert_eq!(
            e164("4155550101", None),
            None,
            "no region, no national numbers"
        );
        assert_eq!(e164("4155550101", Some("XX")), None);
        assert_eq!(e164("555", Some("US")), None);
        assert_eq!(
            e164("020 7946 0018", Some("GB")),
            Some("+442079460018".to_owned())
        );
        assert!(PhoneNumber::is_region("US") && !PhoneNumber::is_region("ZZZ"));
    }

    #[test]
    fn masks_keep_only_what_tells_where_a_code_went() {
        let phone = PhoneNumber::parse("+14155550101").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(phone.masked(), "+1••••••0101");
        assert_eq!(masked_email("jane@example.com"), "j•••@example.com");
    }
}
