//! Credential stores: where a user's password lives and is reset, and what an unlock
//! clears. `local` is Sesame's own argon2id hashes with a password history.

use axum::http::StatusCode;
use secrecy::SecretString;
use sesame_core::identity::subject_key;
use sesame_core::password::hash_password;
use sesame_core::process::{CredentialStore as StoreKind, ProcessDefinition};
use sesame_store::UserRecord;

use crate::error::AppError;
use crate::state::AppState;

pub enum CredentialStore {
    Local,
}

/// The credential store a process writes to.
pub fn for_process(
    _state: &AppState,
    definition: &ProcessDefinition,
) -> Result<CredentialStore, AppError> {
    match definition.credential_store {
        StoreKind::Local => Ok(CredentialStore::Local),
        StoreKind::Ldap => Err(AppError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "directory.unconfigured",
            "No LDAP directory is configured.",
        )),
    }
}

/// Why a process cannot use this credential store here, if it cannot.
pub fn check_configured(_state: &AppState, kind: StoreKind) -> Vec<sesame_core::Violation> {
    match kind {
        StoreKind::Local => Vec::new(),
        StoreKind::Ldap => vec![sesame_core::Violation::new(
            "process.credential_store",
            "No LDAP directory is configured (ldap_url in the configuration).",
        )],
    }
}

impl CredentialStore {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Local => "local",
        }
    }

    /// Whether Sesame checks the password history (a directory keeps its own).
    pub fn keeps_history(&self) -> bool {
        matches!(self, Self::Local)
    }

    /// Writes the new password. For the local store nothing is written yet: the hash is
    /// returned, to be stored with the request's completion in one transaction.
    pub async fn write_password(
        &self,
        state: &AppState,
        _user: &UserRecord,
        password: &SecretString,
    ) -> Result<Option<String>, AppError> {
        match self {
            Self::Local => {
                let password = password.clone();
                let hash = state
                    .hash_pool()
                    .run(move || hash_password(&password))
                    .await?
                    .map_err(AppError::internal)?;
                Ok(Some(hash))
            }
        }
    }

    /// Clears the account's lockout: Sesame's sign-in lock, and the directory's.
    pub async fn unlock(&self, state: &AppState, user: &UserRecord) -> Result<(), AppError> {
        state
            .store()
            .clear_counter(crate::signin::SCOPE, &subject_key(&user.username))
            .await?;
        Ok(())
    }
}
