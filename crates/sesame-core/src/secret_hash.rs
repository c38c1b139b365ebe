//! argon2id hashing of secrets: passwords, and peppered PINs and answers.
//!
//! Every hash uses OWASP's argon2id parameters (m = 19 MiB, t = 2, p = 1) with a fresh
//! salt, stored as a PHC string. PINs and answers are short, so before hashing they are
//! keyed with HMAC-SHA-256 under a pepper held outside the database: a stolen database
//! alone cannot be brute-forced. The work is CPU-heavy; callers run it on the server's
//! bounded hashing pool.

use std::cell::RefCell;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::token::keyed_digest;

fn argon2() -> Argon2<'static> {
    Argon2::default()
}

/// Hashes secret bytes into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`).
pub fn hash(secret: &[u8]) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let hasher = argon2();
    let mut raw_salt = [0u8; 64];
    let raw_salt = salt.decode_b64(&mut raw_salt)?;
    let mut output = [0u8; 32];
    with_memory(hasher.params().block_count(), |memory| {
        hasher.hash_password_into_with_memory(secret, raw_salt, &mut output, memory)
    })?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: hasher.params().try_into()?,
        salt: Some(salt.as_salt()),
        hash: Some(argon2::password_hash::Output::new(&output)?),
    };
    Ok(hash.to_string())
}

/// Runs `work` with this thread's argon2 working memory of `blocks` blocks.
fn with_memory<R>(blocks: usize, work: impl FnOnce(&mut [Block]) -> R) -> R {
    MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        work(&mut memory[..blocks])
    })
}

thread_local! {
    /// The argon2 working memory of this thread, kept between checks. Allocating 19 MiB
    /// afresh for every check costs a third of the time in page faults.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Checks secret bytes against a stored PHC string. A malformed stored hash never matches.
pub fn verify(secret: &[u8], stored: &str) -> bool {
    verify_parsed(secret, stored).unwrap_or(false)
}

fn verify_parsed(secret: &[u8], stored: &str) -> Option<bool> {
    let parsed = PasswordHash::new(stored).ok()?;
    let algorithm = Algorithm::try_from(parsed.algorithm).ok()?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).ok()?,
        None => Version::default(),
    };
    let params = Params::try_from(&parsed).ok()?;
    let expected = parsed.hash?;
    let mut salt = [0u8; 64];
    let salt = parsed.salt?.decode_b64(&mut salt).ok()?;
    let mut actual = vec![0u8; expected.len()];
    let blocks = params.block_count();
    let hasher = Argon2::new(algorithm, version, params);
    with_memory(blocks, |memory| {
        hasher.hash_password_into_with_memory(secret, salt, &mut actual, memory)
    })
    .ok()?;
    Some(crate::token::constant_time_eq(&actual, expected.as_bytes()))
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

    #[test]
    fn verify_agrees_with_the_reference_implementation() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let stored = hash(b"correct horse").unwrap_or_default();
        for candidate in [
            &b"correct horse"[..],
            b"correct hors",
            b"",
            b"correct horse ",
        ] {
            let reference = PasswordHash::new(&stored)
                .map(|parsed| argon2().verify_password(candidate, &parsed).is_ok())
                .unwrap_or(false);
            assert_eq!(verify(candidate, &stored), reference, "{candidate:?}");
            assert_eq!(reference, candidate == b"correct horse", "{candidate:?}");
        }
        // Other parameters stored in the hash are honoured.
        let light = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap_or_default(),
        );
        let salt = SaltString::generate(&mut OsRng);
        let stored = light
            .hash_password(b"pin", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default();
        assert!(verify(b"pin", &stored));
        assert!(!verify(b"pun", &stored));
        assert!(!verify(
            b"pin",
            "$argon2id$v=19$m=1024,t=1,p=1$bm90YXNhbHQ$"
        ));
    }
}
