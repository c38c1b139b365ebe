//! Credential stores: where a user's password lives, is checked and reset, and what an
//! unlock clears. Each store implements [`CredentialStore`] in its own module (`local`:
//! Sesame's argon2id hashes with a password history; `ldap`: the configured directory,
//! which keeps its own history and policy) and is opened by one line in [`open`].

pub mod ldap;
pub mod local;

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use secrecy::SecretString;
use sesame_core::identity::UserSource;
use sesame_core::process::CredentialStore as StoreKind;
use sesame_core::Violation;
use sesame_store::UserRecord;

use crate::service::attempts::SIGNIN_SCOPE;
use crate::service::{ServiceError, Services};
use ldap::{DirectoryError, DirectoryUser};

/// What every credential store does.
#[async_trait]
pub trait CredentialStore: Send + Sync {
    /// Which store this is, as processes and audit records name it.
    fn kind(&self) -> StoreKind;

    /// Whether Sesame checks the password history (a directory keeps its own).
    fn keeps_history(&self) -> bool;

    /// Whether `password` is the user's.
    async fn authenticate(
        &self,
        services: &Services,
        user: &UserRecord,
        password: SecretString,
    ) -> Result<bool, ServiceError>;

    /// Writes the new password. A store inside Sesame's database writes nothing yet and
    /// returns the hash, to be stored with the request's completion in one transaction.
    async fn set_password(
        &self,
        services: &Services,
        user: &UserRecord,
        password: &SecretString,
    ) -> Result<Option<String>, ServiceError>;

    /// Clears the store's own lockout of the account, if it keeps one.
    async fn unlock(&self, user: &UserRecord) -> Result<(), ServiceError>;

    /// The users the store holds, for copying into Sesame (`sesame users sync`).
    async fn list_users(&self) -> Result<Vec<DirectoryUser>, ServiceError>;
}

/// The registry: the store of a kind, or 503 when it is not configured here.
pub fn open(
    services: &Services,
    kind: StoreKind,
) -> Result<Arc<dyn CredentialStore>, ServiceError> {
    match kind {
        StoreKind::Local => Ok(Arc::new(local::LocalStore)),
        StoreKind::Ldap => services
            .directory()
            .cloned()
            .map(|directory| directory as Arc<dyn CredentialStore>)
            .ok_or_else(|| {
                ServiceError::unavailable(
                    "directory.unconfigured",
                    "No LDAP directory is configured.",
                    None,
                )
            }),
    }
}

/// The store that holds a user's password, by where the user comes from.
pub fn of_user(
    services: &Services,
    user: &UserRecord,
) -> Result<Arc<dyn CredentialStore>, ServiceError> {
    open(
        services,
        match user.source {
            UserSource::Local => StoreKind::Local,
            UserSource::Ldap => StoreKind::Ldap,
        },
    )
}

/// Why a process cannot use this credential store here, if it cannot.
pub fn check_configured(services: &Services, kind: StoreKind) -> Vec<Violation> {
    match open(services, kind) {
        Ok(_) => Vec::new(),
        Err(_) => vec![Violation::new(
            "process.credential_store",
            "No LDAP directory is configured (ldap_url in the configuration).",
        )],
    }
}

/// Unlocks an account: the store's own lockout first (when the store refuses or is down,
/// nothing else changes), then Sesame's sign-in lock; true when Sesame's lock or failure
/// count was there to clear. The one unlock path, for resets, the service desk and
/// administrators.
pub async fn unlock_account(
    services: &Services,
    store: &dyn CredentialStore,
    user: &UserRecord,
) -> Result<bool, ServiceError> {
    store.unlock(user).await?;
    Ok(services
        .store()
        .clear_counter(SIGNIN_SCOPE, &user.username.key())
        .await?)
}

/// Lifts every lock of a user: the account's (the directory's too, when it can be
/// reached), every factor's and the block from self-service reset; audited as `actor`.
/// Returns how many locks and failure counts were cleared.
pub async fn unlock_everything(
    services: &Services,
    user: &UserRecord,
    actor: &str,
    source: Option<&str>,
) -> Result<u64, ServiceError> {
    let account = match of_user(services, user) {
        Ok(store) => unlock_account(services, store.as_ref(), user).await?,
        // A directory user while no directory is configured: Sesame's own locks are
        // still lifted below.
        Err(_) => false,
    };
    let cleared = u64::from(account) + services.store().reset_subject(&user.username.key()).await?;
    let audit = services
        .audit(
            actor,
            "user.unlock",
            Some(user.username.as_str()),
            sesame_store::AuditResult::Success,
            source,
        )
        .with_detail(serde_json::json!({ "cleared": cleared }).to_string());
    services.store().append_audit(&audit).await?;
    Ok(cleared)
}

/// The error a user sees when the directory says no, cannot be reached, or is set up wrong
/// (the cause is logged for the operator; the user is not told the password was at fault).
pub fn directory_error(error: DirectoryError) -> ServiceError {
    match error {
        DirectoryError::Refused(reason) => ServiceError::invalid_with(
            "directory.refused",
            format!("The directory refused the change: {reason}."),
            reason,
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
        DirectoryError::Misconfigured(reason) => ServiceError::Unavailable {
            code: "directory.misconfigured",
            message: "Passwords cannot be changed through the directory until an administrator \
                      fixes its connection; nothing was changed. The service desk can help."
                .to_owned(),
            retry_after: None,
            cause: Some(format!(
                "the LDAP directory connection is misconfigured: {reason}"
            )),
        },
    }
}
