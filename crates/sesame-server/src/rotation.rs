//! `sesame keys rotate`: a new sealing key, and every sealed value re-sealed under it.
//!
//! The new key is written to the key file first; old keys stay in it, so every value opens
//! at every moment. Running servers read a key they do not know from the file when they
//! meet it, so rotation needs no downtime; they seal new values with the newest key they
//! loaded at start, so restart them after a rotation before retiring an old key by hand.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sesame_delivery::SEAL_CONTEXT;
use sesame_store::AuditResult;

use crate::error::AppError;
use crate::keys::Keys;
use crate::service::verification::authenticator;
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

/// The whole rotation for the CLI: add the key, then re-seal.
pub fn add_key(data_dir: &std::path::Path) -> Result<u8, crate::keys::KeyError> {
    Keys::add_seal_key(data_dir)
}
