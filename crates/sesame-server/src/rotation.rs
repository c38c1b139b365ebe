//! `sesame keys rotate`: a new sealing key, every sealed value re-sealed under it, and a new
//! signing key for voice assertions.
//!
//! The new keys are written to the key file first; old keys stay in it, so every value opens
//! at every moment. Running servers read a sealing key they do not know from the file when
//! they meet it, so rotation needs no downtime; they seal new values with the newest key they
//! loaded at start, so restart them after a rotation before retiring an old key by hand.
//!
//! The new signing key starts signing one assertion lifetime (300 s) after the rotation.
//! Running servers notice the changed file at their next signature or JWKS request and
//! publish the new public key at once, so orchestrators that cache the JWKS know it before
//! it signs; the old key signs until then and stays in the JWKS for another 300 s, until
//! nothing it signed is alive. No restart is needed for signing.

use std::path::Path;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sesame_core::Timestamp;
use sesame_delivery::SEAL_CONTEXT;
use sesame_store::AuditResult;

use crate::error::AppError;
use crate::keys::{KeyError, Keys};
use crate::service::verification::authenticator;
use crate::signing::{self, NewSigningKey};
use crate::state::AppState;

#[derive(Debug, PartialEq, Eq)]
pub struct Rotated {
    pub key_id: u8,
    pub messages: usize,
    pub secrets: usize,
}

/// Adds a key and re-seals messages and authenticator secrets under it. `state` must be
/// built with the keys read after the new key was added (see `sesame keys rotate`).
pub async fn reseal_all(state: &AppState, actor: &str) -> Result<Rotated, AppError> {
    let (key_id, _) = state.keys().current_seal();
    let store = state.store();
    let mut messages = 0;
    for (id, sealed) in store.sealed_messages().await? {
        if sesame_core::seal::key_id(&sealed) == Some(key_id) {
            continue;
        }
        let Some(plain) = state.open_sealed(&sealed, SEAL_CONTEXT) else {
            tracing::warn!(id, "outbox message cannot be opened; left as it is");
            continue;
        };
        if store
            .reseal_message(id, &sealed, &state.seal(&plain, SEAL_CONTEXT))
            .await?
        {
            messages += 1;
        }
    }
    let mut secrets = 0;
    for (user_id, verification_id, text) in store.enrollment_secrets("authenticator").await? {
        let Some(sealed) = STANDARD.decode(&text).ok() else {
            continue;
        };
        if sesame_core::seal::key_id(&sealed) == Some(key_id) {
            continue;
        }
        let context = authenticator::context(user_id);
        let Some(plain) = state.open_sealed(&sealed, &context) else {
            tracing::warn!(
                user_id,
                "authenticator secret cannot be opened; left as it is"
            );
            continue;
        };
        let resealed = STANDARD.encode(state.seal(&plain, &context));
        if store
            .reseal_enrollment(user_id, &verification_id, &text, &resealed)
            .await?
        {
            secrets += 1;
        }
    }
    let audit = state
        .audit(actor, "keys.rotate", None, AuditResult::Success, None)
        .with_detail(
            serde_json::json!({ "key_id": key_id, "messages": messages, "secrets": secrets })
                .to_string(),
        );
    store.append_audit(&audit).await?;
    Ok(Rotated {
        key_id,
        messages,
        secrets,
    })
}

/// The keys a rotation added to the key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedKeys {
    /// The id of the new sealing key.
    pub seal_id: u8,
    /// The new signing key and when it starts signing.
    pub signing: NewSigningKey,
}

/// The first half of a rotation: adds a sealing key and a signing key to the key file at
/// `now`. Re-sealing (`reseal_all`) follows, with the keys read again.
pub fn add_keys(data_dir: &Path, now: Timestamp) -> Result<AddedKeys, KeyError> {
    let seal_id = Keys::add_seal_key(data_dir)?;
    let signing = signing::add_signing_key(data_dir, now)?;
    Ok(AddedKeys { seal_id, signing })
}
