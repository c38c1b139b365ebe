//! A signed-in user changes their own password: the current one is checked as one counted
//! sign-in attempt (so this page is no way around the sign-in lock), the new one must keep
//! the password policy and differ from the recent ones, it is written to the user's own
//! credential store, every other session ends and the user gets the usual notice.

use secrecy::SecretString;
use sesame_core::password::PasswordPolicy;
use sesame_store::AuditResult;
use sesame_store::UserRecord;

use crate::service::attempts::{attempt, limit_from, Outcome, SIGNIN_SCOPE};
use crate::service::credentials;
use crate::service::resets::check_password;
use crate::service::{ServiceError, ServiceResult, Services};

/// Changes `user`'s password. 422 `password.current_wrong` for a wrong current password
/// (counted like a failed sign-in; 423 `auth.locked` once sign-in locks), 422 with every
/// rule the new one breaks. `keep_session` stays signed in; every other session ends.
pub async fn change(
    services: &Services,
    user: &UserRecord,
    current: SecretString,
    new: SecretString,
    keep_session: Option<i64>,
    source: Option<&str>,
) -> ServiceResult<()> {
    let store = credentials::of_user(services, user)?;
    let subject = user.username.key();
    let actor = format!("user:{}", user.username);
    let limit = limit_from(services, "signin.max_failures", "signin.lockout_minutes").await?;
    let audit = |outcome: &Outcome| {
        let result = match outcome {
            Outcome::Passed => AuditResult::Success,
            Outcome::Failed { .. } => AuditResult::Failure,
            Outcome::Locked { .. } => AuditResult::Denied,
        };
        services.audit(
            &actor,
            "password.verify_current",
            Some(&subject),
            result,
            source,
        )
    };
    let check = store.authenticate(services, user, current);
    match attempt(services, SIGNIN_SCOPE, &subject, &limit, check, audit).await? {
        Outcome::Passed => {}
        Outcome::Failed { .. } => {
            return Err(ServiceError::invalid(
                "password.current_wrong",
                "The current password is not right.",
            ))
        }
        Outcome::Locked { until } => {
            return Err(ServiceError::locked(
                "auth.locked",
                "Too many wrong passwords; try again later.",
                until,
                services.now(),
            ))
        }
    }
    let policy = policy_for(services, user).await?;
    let broken = check_password(services, user, &policy, store.keeps_history(), &new).await?;
    if !broken.is_empty() {
        return Err(ServiceError::Rules(broken));
    }
    let local_hash = store.set_password(services, user, &new).await?;
    let now = services.now();
    let audit = services
        .audit(
            &actor,
            "password.change",
            Some(user.username.as_str()),
            AuditResult::Success,
            source,
        )
        .with_detail(serde_json::json!({ "store": store.kind().as_str() }).to_string());
    match local_hash {
        Some(hash) => {
            services
                .store()
                .set_password(user.id, &hash, policy.history.max(1), now, &audit)
                .await?
        }
        None => services.store().append_audit(&audit).await?,
    }
    services
        .store()
        .revoke_user_sessions(user.id, keep_session, now)
        .await?;
    crate::service::outbox::notify_user(services, user, "notice-password-changed").await?;
    Ok(())
}

/// The password policy a user's new password keeps: that of the first active process
/// for the user's groups and credential store (what a reset would ask), else the default.
pub async fn policy_for(services: &Services, user: &UserRecord) -> ServiceResult<PasswordPolicy> {
    let kind = credentials::of_user(services, user)?.kind();
    Ok(crate::service::resets::active_processes(services)
        .await?
        .into_iter()
        .find(|p| p.definition.credential_store == kind && p.definition.applies_to(&user.groups))
        .map(|p| p.definition.password_policy)
        .unwrap_or_default())
}
