//! Credential stores: where a user's password lives and is reset, and what an unlock
//! clears. `local` is Sesame's own argon2id hashes with a password history; `ldap` is the
//! configured directory, which keeps its own history and policy.

pub mod ldap;

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use sesame_core::password::hash_password;
use sesame_core::process::{CredentialStore as StoreKind, ProcessDefinition};
use sesame_core::Violation;
use sesame_store::UserRecord;

use crate::service::credentials::ldap::{Directory, DirectoryError};
use crate::service::{ServiceError, Services};

pub enum CredentialStore {
    Local,
    Ldap(Arc<Directory>),
}

fn unconfigured() -> ServiceError {
    ServiceError::unavailable(
        "directory.unconfigured",
        "No LDAP directory is configured.",
        None,
    )
}

/// Why a process cannot use this credential store here, if it cannot.
pub fn check_configured(state: &Services, kind: StoreKind) -> Vec<Violation> {
    match kind {
        StoreKind::Ldap if state.directory().is_none() => vec![Violation::new(
            "process.credential_store",
            "No LDAP directory is configured (ldap_url in the configuration).",
        )],
        _ => Vec::new(),
    }
}

/// The credential store a process writes to.
pub fn for_process(
    state: &Services,
    definition: &ProcessDefinition,
) -> Result<CredentialStore, ServiceError> {
    match definition.credential_store {
        StoreKind::Local => Ok(CredentialStore::Local),
        StoreKind::Ldap => state
            .directory()
            .cloned()
            .map(CredentialStore::Ldap)
            .ok_or_else(unconfigured),
    }
}

/// The error a user sees when the directory says no or cannot be reached.
pub fn directory_error(error: DirectoryError) -> ServiceError {
    match error {
        DirectoryError::Refused(reason) => ServiceError::invalid(
            "directory.refused",
            format!("The directory refused the change: {reason}."),
        ),
        DirectoryError::NoSuchUser => ServiceError::invalid(
            "directory.no_such_user",
            "The directory has no account for this user; ask the service desk.",
        ),
        DirectoryError::Unavailable(reason) => ServiceError::Unavailable {
            code: "directory.unavailable",
            message:
                "The directory cannot be reached right now; nothing was changed. Try again later."
                    .to_owned(),
            retry_after: Some(Duration::from_secs(60)),
            cause: Some(format!("the LDAP directory is unavailable: {reason}")),
        },
    }
}

impl CredentialStore {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Ldap(_) => "ldap",
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
        state: &Services,
        user: &UserRecord,
        password: &SecretString,
    ) -> Result<Option<String>, ServiceError> {
        match self {
            Self::Local => {
                let password = password.clone();
                let hash = state
                    .hash_pool()
                    .run(move || hash_password(&password))
                    .await?
                    .map_err(ServiceError::internal)?;
                Ok(Some(hash))
            }
            Self::Ldap(directory) => {
                directory
                    .set_password(user.username.as_str(), password)
                    .await
                    .map_err(directory_error)?;
                Ok(None)
            }
        }
    }

    /// Clears the account's lockout: Sesame's sign-in lock, and the directory's.
    pub async fn unlock(&self, state: &Services, user: &UserRecord) -> Result<(), ServiceError> {
        if let Self::Ldap(directory) = self {
            directory
                .unlock(user.username.as_str())
                .await
                .map_err(directory_error)?;
        }
        state
            .store()
            .clear_counter(crate::service::signin::SCOPE, &user.username.key())
            .await?;
        Ok(())
    }
}
