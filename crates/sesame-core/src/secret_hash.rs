//! argon2id hashing of secrets: passwords, and peppered PINs and answers.
//!
//! Every hash uses OWASP's argon2id parameters (m = 19 MiB, t = 2, p = 1) with a fresh
//! salt, stored as a PHC string. PINs and answers are short, so before hashing they are
//! keyed with HMAC-SHA-256 under a pepper held outside the database: a stolen database
//! alone cannot be brute-forced. The work is CPU-heavy; callers run it on the server's
//! bounded hashing pool.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::token::keyed_digest;

fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes secret bytes into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash(secret: &[u8]) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2().hash_password(secret, &salt)?.to_string())
}

/// Checks secret bytes against a stored PHC string. A malformed stored hash never matches.
pub fn verify(secret: &[u8], stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2().verify_password(secret, &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Does the work of [`verify`] against a hash of something nobody knows, and fails. Used
/// when there is nothing real to check (unknown user, nothing enrolled), so that the
/// answer costs the same either way.
pub fn verify_dummy(secret: &[u8]) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash(&rand::random::<[u8; 32]>()).unwrap_or_default());
    verify(secret, stored);
    false
}

/// The secret keyed with the pepper: what is hashed for PINs and answers.
pub fn peppered(pepper: &[u8; 32], secret: &[u8]) -> Vec<u8> {
    keyed_digest(pepper, secret)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peppered_hashes_verify_only_with_the_same_pepper() {
        let stored = hash(&peppered(&[1; 32], b"482913")).unwrap_or_default();
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify(&peppered(&[1; 32], b"482913"), &stored));
        assert!(!verify(&peppered(&[2; 32], b"482913"), &stored));
        assert!(!verify(&peppered(&[1; 32], b"482914"), &stored));
        assert!(!verify(b"482913", &stored), "the bare PIN does not match");
        assert!(!verify_dummy(b"482913"));
    }
}
