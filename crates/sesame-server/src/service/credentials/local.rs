//! Sesame's own credential store: argon2id hashes in the database, with a password
//! history. An account has no lockout here beyond Sesame's sign-in lock.

use async_trait::async_trait;
use secrecy::SecretString;
use sesame_core::password::{hash_password, verify_against_dummy, verify_password};
use sesame_core::process::CredentialStore as StoreKind;
use sesame_store::UserRecord;

use super::{CredentialStore, DirectoryUser};
use crate::service::{ServiceError, Services};

pub struct LocalStore;

/// Checks a password against a stored hash, or against a dummy hash when there is none,
/// so that both cost one argon2id verification.
pub async fn verify(
    services: &Services,
    stored_hash: Option<String>,
    password: SecretString,
) -> Result<bool, ServiceError> {
    services
        .hash_pool()
        .run(move || match stored_hash {
            Some(hash) => verify_password(&password, &hash),
            None => verify_against_dummy(&password),
        })
        .await
}

#[async_trait]
impl CredentialStore for LocalStore {
    fn kind(&self) -> StoreKind {
        StoreKind::Local
    }

    fn keeps_history(&self) -> bool {
        true
    }

    async fn authenticate(
        &self,
        services: &Services,
        user: &UserRecord,
        password: SecretString,
    ) -> Result<bool, ServiceError> {
        verify(services, user.password_hash.clone(), password).await
    }

    async fn set_password(
        &self,
        services: &Services,
        _user: &UserRecord,
        password: &SecretString,
    ) -> Result<Option<String>, ServiceError> {
        let password = password.clone();
        let hash = services
            .hash_pool()
            .run(move || hash_password(&password))
            .await?
            .map_err(ServiceError::internal)?;
        Ok(Some(hash))
    }

    async fn unlock(&self, _user: &UserRecord) -> Result<(), ServiceError> {
        Ok(())
    }

    async fn list_users(&self) -> Result<Vec<DirectoryUser>, ServiceError> {
        Err(ServiceError::invalid(
            "credentials.not_listable",
            "Sesame's own store is not a directory to copy users from.",
        ))
    }
}
