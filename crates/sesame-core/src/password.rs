//! Passwords: argon2id hashing and the password policy.
//!
//! Hashing is CPU-heavy (see [`crate::secret_hash`]); callers run it on the server's
//! bounded hashing pool, never on an async worker.

use secrecy::{ExposeSecret, SecretString};

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

/// The password policy of SPEC.md: length, strength, and not built from the identity.
/// History is checked by the caller, which knows the stored hashes.
#[derive(Debug, Clone)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
    /// zxcvbn score from 0 to 4.
    pub min_strength: u8,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 12,
            max_length: 256,
            min_strength: 3,
        }
    }
}

impl PasswordPolicy {
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
}
