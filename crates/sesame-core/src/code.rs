//! One-time codes sent by e-mail or SMS.
//!
//! A code is a string of decimal digits from a CSPRNG. Only a keyed digest of it is stored:
//! HMAC-SHA-256 under a server-side key over the code *and* what it is bound to (one
//! enrollment or one request), so a code is worth nothing anywhere else. The limits (expiry,
//! resend cooldown, daily cap, wrong entries) are parameters of the verification.

use rand::{CryptoRng, Rng};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::time::Duration;

use crate::token::keyed_digest;
use crate::Violation;

/// The limits of one code-sending verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodePolicy {
    /// Digits per code, 4 to 10.
    pub length: u32,
    /// Minutes a code stays valid, 1 to 60.
    pub expiry_minutes: u32,
    /// Seconds before another code may be sent for the same enrollment or request, 0 to 3600.
    pub resend_cooldown_seconds: u32,
    /// Codes per user (e-mail) or per device (SMS) in any 24 hours, 1 to 100.
    pub daily_limit: u32,
    /// Wrong entries a code survives; then it is void. 1 to 10.
    pub max_attempts: u32,
}

impl CodePolicy {
    pub const EMAIL: Self = Self {
        length: 6,
        expiry_minutes: 10,
        resend_cooldown_seconds: 120,
        daily_limit: 10,
        max_attempts: 5,
    };

    pub const SMS: Self = Self {
        length: 6,
        expiry_minutes: 5,
        resend_cooldown_seconds: 120,
        daily_limit: 10,
        max_attempts: 5,
    };

    /// How long a code stays valid.
    pub fn expiry(&self) -> Duration {
        Duration::from_secs(u64::from(self.expiry_minutes) * 60)
    }

    /// How long before another code may be sent.
    pub fn resend_cooldown(&self) -> Duration {
        Duration::from_secs(u64::from(self.resend_cooldown_seconds))
    }

    /// Every field out of range, each with its own code (`code_params.<field>`: apart
    /// from `code.daily_limit` and the other refusals of a code being sent or entered).
    pub fn check(&self) -> Vec<Violation> {
        let mut broken = Vec::new();
        let mut range = |ok: bool, code: &'static str, message: &str| {
            if !ok {
                broken.push(Violation::new(code, message));
            }
        };
        range(
            (4..=10).contains(&self.length),
            "code_params.length",
            "length must be from 4 to 10 digits.",
        );
        range(
            (1..=60).contains(&self.expiry_minutes),
            "code_params.expiry_minutes",
            "expiry_minutes must be from 1 to 60.",
        );
        range(
            (0..=3600).contains(&self.resend_cooldown_seconds),
            "code_params.resend_cooldown_seconds",
            "resend_cooldown_seconds must be from 0 to 3600.",
        );
        range(
            (1..=100).contains(&self.daily_limit),
            "code_params.daily_limit",
            "daily_limit must be from 1 to 100.",
        );
        range(
            (1..=10).contains(&self.max_attempts),
            "code_params.max_attempts",
            "max_attempts must be from 1 to 10.",
        );
        broken
    }
}

/// A fresh code of `length` uniformly random digits.
pub fn generate(length: u32, rng: &mut (impl Rng + CryptoRng)) -> SecretString {
    let digits: String = (0..length)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect();
    SecretString::from(digits)
}

/// The stored digest of a code for what it is bound to.
pub fn digest(key: &[u8; 32], binding: &str, code: &SecretString) -> Vec<u8> {
    let mut data = Vec::with_capacity(binding.len() + 1 + code.expose_secret().len());
    data.extend_from_slice(binding.as_bytes());
    data.push(0);
    data.extend_from_slice(code.expose_secret().as_bytes());
    keyed_digest(key, &data)
}

/// What a person typed, as a code: digits only, spaces and dashes dropped.
pub fn normalize(typed: &str) -> SecretString {
    SecretString::from(
        typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect::<String>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn codes_are_digits_of_the_asked_length_and_vary() {
        for length in [4, 6, 8, 10] {
            let code = generate(length, &mut OsRng);
            assert_eq!(code.expose_secret().len(), length as usize);
            assert!(code.expose_secret().chars().all(|c| c.is_ascii_digit()));
        }
        let many: std::collections::HashSet<String> = (0..200)
            .map(|_| generate(6, &mut OsRng).expose_secret().to_owned())
            .collect();
        assert!(many.len() > 190, "codes repeat too often");
        // Every digit shows up in every position over many draws.
        let draws: Vec<String> = (0..2000)
            .map(|_| generate(6, &mut OsRng).expose_secret().to_owned())
            .collect();
        for position in 0..6 {
            for digit in '0'..='9' {
                assert!(draws.iter().any(|d| d.chars().nth(position) == Some(digit)));
            }
        }
    }

    #[test]
    fn digests_bind_the_code_to_one_purpose() {
        let code = SecretString::from("123456".to_owned());
        let a = digest(&[1; 32], "enroll:email:1", &code);
        assert_eq!(a, digest(&[1; 32], "enroll:email:1", &code));
        assert_ne!(a, digest(&[1; 32], "enroll:email:2", &code));
        assert_ne!(a, digest(&[2; 32], "enroll:email:1", &code));
        assert_ne!(
            a,
            digest(
                &[1; 32],
                "enroll:email:1",
                &SecretString::from("123457".to_owned())
            )
        );
        assert_eq!(normalize(" 123-456 ").expose_secret(), "123456");
    }

    #[test]
    fn policies_are_range_checked() {
        assert!(CodePolicy::EMAIL.check().is_empty());
        assert!(CodePolicy::SMS.check().is_empty());
        let bad = CodePolicy {
            length: 3,
            expiry_minutes: 0,
            resend_cooldown_seconds: 3601,
            daily_limit: 0,
            max_attempts: 11,
        };
        let codes: Vec<_> = bad.check().into_iter().map(|v| v.code).collect();
        assert_eq!(
            codes,
            [
                "code_params.length",
                "code_params.expiry_minutes",
                "code_params.resend_cooldown_seconds",
                "code_params.daily_limit",
                "code_params.max_attempts"
            ]
        );
    }
}
