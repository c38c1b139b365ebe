//! Sealing data at rest with an AEAD (XChaCha20-Poly1305) under a key held outside the
//! database. A sealed value is `key id (1 byte) || nonce (24 bytes) || ciphertext`, so the
//! key that opens it is known and keys can be rotated.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::{CryptoRng, RngCore};

const NONCE_LEN: usize = 24;

/// Seals `plaintext` under `key`, tagged with `key_id`. `context` is authenticated but not
/// stored: opening with another context fails (it binds the value to its place).
pub fn seal(
    key_id: u8,
    key: &[u8; 32],
    plaintext: &[u8],
    context: &[u8],
    rng: &mut (impl RngCore + CryptoRng),
) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(key.into());
    let payload = Payload {
        msg: plaintext,
        aad: context,
    };
    let Ok(ciphertext) = cipher.encrypt(XNonce::from_slice(&nonce), payload) else {
        unreachable!("encryption with a valid key and nonce cannot fail")
    };
    let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
    sealed.push(key_id);
    sealed.extend_from_slice(&nonce);
    sealed.extend_from_slice(&ciphertext);
    sealed
}

/// The key id a sealed value names.
pub fn key_id(sealed: &[u8]) -> Option<u8> {
    sealed.first().copied()
}

/// Opens a sealed value with the key its id names; `None` when it was tampered with, sealed
/// under another key, or for another context.
pub fn open(key: &[u8; 32], sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < 1 + NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = sealed[1..].split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: context,
            },
        )
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn round_trip_and_tampering() {
        let key = [5u8; 32];
        let sealed = seal(1, &key, b"your code is 123456", b"outbox:email", &mut OsRng);
        assert_eq!(key_id(&sealed), Some(1));
        assert!(
            !sealed.windows(6).any(|w| w == b"123456"),
            "no plaintext inside"
        );
        assert_eq!(
            open(&key, &sealed, b"outbox:email").as_deref(),
            Some(&b"your code is 123456"[..])
        );
        assert_eq!(
            open(&[6u8; 32], &sealed, b"outbox:email"),
            None,
            "another key"
        );
        assert_eq!(open(&key, &sealed, b"outbox:sms"), None, "another context");
        let mut tampered = sealed.clone();
        if let Some(last) = tampered.last_mut() {
            *last ^= 1;
        }
        assert_eq!(open(&key, &tampered, b"outbox:email"), None);
        assert_eq!(open(&key, &sealed[..10], b"outbox:email"), None);
        assert_ne!(
            seal(1, &key, b"x", b"", &mut OsRng),
            seal(1, &key, b"x", b"", &mut OsRng),
            "fresh nonces"
        );
    }
}
