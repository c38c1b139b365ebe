//! Bearer tokens: API keys and user sessions.
//!
//! A token is 256 random bits behind a prefix that says what it is. The database keeps
//! only an HMAC-SHA-256 of the token under a server-side key, so a copy of the database
//! cannot be replayed as credentials.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::{CryptoRng, RngCore};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::Violation;

/// What a caller may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    ServiceDesk,
    Orchestrator,
    User,
}

impl Role {
    /// The roles an API key can have (`user` comes only from signing in).
    pub fn parse_key_role(text: &str) -> Result<Self, Violation> {
        match text {
            "admin" => Ok(Self::Admin),
            "service_desk" => Ok(Self::ServiceDesk),
            "orchestrator" => Ok(Self::Orchestrator),
            _ => Err(Violation::new(
                "api_key.role_invalid",
                "The role must be admin, service_desk or orchestrator.",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::ServiceDesk => "service_desk",
            Self::Orchestrator => "orchestrator",
            Self::User => "user",
        }
    }
}

/// Which table a presented token is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    ApiKey,
    Session,
    /// A password reset request's id; never a bearer token for the API.
    Reset,
    /// A caller verification session's id; never a bearer token for the API.
    VoiceSession,
}

impl TokenKind {
    const fn prefix(self) -> &'static str {
        match self {
            Self::ApiKey => "sesame_key_",
            Self::Session => "sesame_session_",
            Self::Reset => "sesame_reset_",
            Self::VoiceSession => "sesame_call_",
        }
    }

    /// The kind of a presented bearer token, by its prefix.
    pub fn of(token: &str) -> Option<Self> {
        [Self::ApiKey, Self::Session]
            .into_iter()
            .find(|kind| token.starts_with(kind.prefix()))
    }
}

/// A fresh token of the given kind.
pub fn generate_token(kind: TokenKind, rng: &mut (impl RngCore + CryptoRng)) -> SecretString {
    let mut bytes = [0u8; 32];
    rng.fill_bytes(&mut bytes);
    SecretString::from(format!(
        "{}{}",
        kind.prefix(),
        URL_SAFE_NO_PAD.encode(bytes)
    ))
}

/// The keyed digest a token is stored and looked up by.
pub fn token_digest(key: &[u8; 32], token: &SecretString) -> Vec<u8> {
    keyed_digest(key, token.expose_secret().as_bytes())
}

/// A token of `kind` derived from `data` under `key` rather than drawn at random: every
/// node holding the key derives the same token from the same data, and nobody without the
/// key can (a call's session from the telephony provider's id of the call, say).
pub fn derived_token(kind: TokenKind, key: &[u8; 32], data: &[u8]) -> SecretString {
    SecretString::from(format!(
        "{}{}",
        kind.prefix(),
        URL_SAFE_NO_PAD.encode(keyed_digest(key, data))
    ))
}

/// HMAC-SHA-256 of `data` under `key`.
pub fn keyed_digest(key: &[u8; 32], data: &[u8]) -> Vec<u8> {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        unreachable!("HMAC takes keys of any length")
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Compares two byte strings in constant time.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_their_kind_and_differ() {
        let mut rng = rand::rngs::OsRng;
        let a = generate_token(TokenKind::ApiKey, &mut rng);
        let b = generate_token(TokenKind::ApiKey, &mut rng);
        assert_ne!(a.expose_secret(), b.expose_secret());
        assert_eq!(TokenKind::of(a.expose_secret()), Some(TokenKind::ApiKey));
        let s = generate_token(TokenKind::Session, &mut rng);
        assert_eq!(TokenKind::of(s.expose_secret()), Some(TokenKind::Session));
        assert_eq!(TokenKind::of("Bearer nonsense"), None);
        assert_eq!(a.expose_secret().len(), "sesame_key_".len() + 43);
    }

    #[test]
    fn derived_tokens_depend_on_key_and_data() {
        let derive = |key: u8, data: &str| {
            derived_token(TokenKind::VoiceSession, &[key; 32], data.as_bytes())
                .expose_secret()
                .to_owned()
        };
        assert_eq!(derive(1, "CA1"), derive(1, "CA1"));
        assert_ne!(derive(1, "CA1"), derive(2, "CA1"));
        assert_ne!(derive(1, "CA1"), derive(1, "CA2"));
        assert!(derive(1, "CA1").starts_with("sesame_call_"));
        assert_eq!(derive(1, "CA1").len(), "sesame_call_".len() + 43);
    }

    #[test]
    fn digest_depends_on_key() {
        let token = SecretString::from("sesame_key_x".to_owned());
        assert_ne!(
            token_digest(&[1; 32], &token),
            token_digest(&[2; 32], &token)
        );
        assert_eq!(
            token_digest(&[1; 32], &token),
            token_digest(&[1; 32], &token)
        );
    }

    #[test]
    fn secrets_do_not_print() {
        let mut rng = rand::rngs::OsRng;
        let token = generate_token(TokenKind::Session, &mut rng);
        assert!(!format!("{token:?}").contains("sesame_session_"));
    }
}
