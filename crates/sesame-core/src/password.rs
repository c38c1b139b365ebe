//! Passwords: argon2id hashing and the password policy.
//!
//! Hashing is CPU-heavy (see [`crate::secret_hash`]); callers run it on the server's
//! bounded hashing pool, never on an async worker.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::{secret_hash, Violation};

/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash_password(password: &SecretString) -> Result<String, argon2::password_hash::Error> {
    secret_hash::hash(password.expose_secret().as_bytes())
}

/// Checks a password against a stored PHC string. A malformed stored hash never matches.
pub fn verify_password(password: &SecretString, stored: &str) -> bool {
    secret_hash::verify(password.expose_secret().as_bytes(), stored)
}

/// Checks a password against a hash nobody knows the password of, and fails: the same
/// work as [`verify_password`] when there is no real hash to check.
pub fn verify_against_dummy(password: &SecretString) -> bool {
    secret_hash::verify_dummy(password.expose_secret().as_bytes())
}

/// The password policy of SPEC.md: length, strength, not built from the identity, not
/// recently used. History is checked by the caller, which knows the stored hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
    /// zxcvbn score from 0 to 4.
    pub min_strength: u8,
    /// How many earlier passwords may not be used again (local store).
    pub history: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 12,
            max_length: 256,
            min_strength: 3,
            history: 5,
        }
    }
}

/// The characters of generated passwords: letters and digits that cannot be mistaken for
/// one another when read aloud or from a screen.
const GENERATED_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// A random password of 20 characters from [`GENERATED_ALPHABET`] (about 115 bits).
pub fn generate(rng: &mut (impl rand::RngCore + rand::CryptoRng)) -> SecretString {
    use rand::Rng;
    let password: String = (0..20)
        .map(|_| char::from(GENERATED_ALPHABET[rng.gen_range(0..GENERATED_ALPHABET.len())]))
        .collect();
    SecretString::from(password)
}

/// zxcvbn's strength score (0 to 4) of a password, knowing the identity's words. Overlong
/// input scores 0 without being estimated.
pub fn strength(password: &SecretString, identity: &[&str]) -> u8 {
    let password = password.expose_secret();
    if password.chars().count() > 256 {
        return 0;
    }
    u8::from(zxcvbn::zxcvbn(password, identity).score())
}

impl PasswordPolicy {
    /// The rules a policy itself must keep: 8 to 256 characters (NIST SP 800-63B's floor),
    /// a strength from 0 to 4, a history of at most 24.
    pub fn check_itself(&self) -> Vec<Violation> {
        let mut broken = Vec::new();
        if self.min_length < 8 || self.min_length > self.max_length || self.max_length > 256 {
            broken.push(Violation::new(
                "process.password_policy.length",
                "The password length runs from at least 8 to at most 256 characters.",
            ));
        }
        if self.min_strength > 4 {
            broken.push(Violation::new(
                "process.password_policy.min_strength",
                "The strength is a zxcvbn score from 0 to 4.",
            ));
        }
        if self.history > 24 {
            broken.push(Violation::new(
                "process.password_policy.history",
                "At most 24 earlier passwords can be remembered.",
            ));
        }
        broken
    }

    /// Every rule the password breaks, each with its own code. `identity` holds the user
    /// name, e-mail address and other words the password must not be built from.
    pub fn check(&self, password: &SecretString, identity: &[&str]) -> Vec<Violation> {
        let password = password.expose_secret();
        let length = password.chars().count();
        let mut broken = Vec::new();
        if length < self.min_length {
            broken.push(Violation::new(
                "password.too_short",
                format!(
                    "The password must have at least {} characters.",
                    self.min_length
                ),
            ));
        }
        if length > self.max_length {
            broken.push(Violation::new(
                "password.too_long",
                format!(
                    "The password must have at most {} characters.",
                    self.max_length
                ),
            ));
            // Longer input is not worth estimating.
            return broken;
        }
        let lowered = password.to_lowercase();
        let contains_identity = identity
            .iter()
            .flat_map(|item| {
                let item = item.to_lowercase();
                let local = item.split('@').next().map(str::to_owned);
                [Some(item), local]
            })
            .flatten()
            .any(|word| word.chars().count() >= 3 && lowered.contains(&word));
        if contains_identity {
            broken.push(Violation::new(
                "password.contains_identity",
                "The password must not contain your user name or e-mail address.",
            ));
        }
        let score = u8::from(zxcvbn::zxcvbn(password, identity).score());
        if score < self.min_strength {
            broken.push(Violation::new(
                "password.too_weak",
                "The password is too easy to guess. Use a longer phrase of unrelated words.",
            ));
        }
        broken
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn hash_and_verify() {
        let hash = hash_password(&secret("correct horse battery staple")).unwrap_or_default();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password(
            &secret("correct horse battery staple"),
            &hash
        ));
        assert!(!verify_password(
            &secret("correct horse battery stapler"),
            &hash
        ));
        assert!(!verify_password(&secret("anything"), "not a hash"));
        assert!(!verify_against_dummy(&secret("anything")));
    }

    fn check(password: &str, expected: &[&str]) {
        let codes: Vec<_> = PasswordPolicy::default()
            .check(&secret(password), &["alice", "alice.smith@example.com"])
            .into_iter()
            .map(|v| v.code)
            .collect();
        assert_eq!(codes, expected, "password {password:?}");
    }

    #[test]
    fn policy() {
        check("violet-harbor-quantum-tulip", &[]);
        check("short", &["password.too_short", "password.too_weak"]);
        check("aaaaaaaaaaaa", &["password.too_weak"]);
        check("password1234", &["password.too_weak"]);
        check(&"x".repeat(257), &["password.too_long"]);
        check("alice-violet-harbor", &["password.contains_identity"]);
        check("Alice.Smith-river-42-moon", &["password.contains_identity"]);
    }

    #[test]
    fn generated_passwords_pass_the_default_policy_and_differ() {
        let mut rng = rand::rngs::OsRng;
        let first = generate(&mut rng);
        let second = generate(&mut rng);
        assert_eq!(first.expose_secret().chars().count(), 20);
        assert_ne!(first.expose_secret(), second.expose_secret());
        assert!(PasswordPolicy::default()
            .check(&first, &["alice"])
            .is_empty());
    }

    #[test]
    fn a_policy_must_itself_be_sane() {
        assert!(PasswordPolicy::default().check_itself().is_empty());
        let loose = PasswordPolicy {
            min_length: 4,
            min_strength: 5,
            history: 30,
            ..PasswordPolicy::default()
        };
        let codes: Vec<_> = loose.check_itself().into_iter().map(|v| v.code).collect();
        assert_eq!(
            codes,
            [
                "process.password_policy.length",
                "process.password_policy.min_strength",
                "process.password_policy.history"
            ]
        );
    }
}
