//! Signing in against the local credential store, shared by the API and the web pages.
//!
//! An unknown user name, a user without a password, a disabled user and a wrong password
//! all cost one argon2id verification and give the same answer. Failures are counted per
//! user name in the database (known or not), and too many lock sign-in for that name.

use secrecy::SecretString;
use sesame_core::identity::Username;
use sesame_core::password::{verify_against_dummy, verify_password};
use sesame_core::token::{generate_token, TokenKind};
use sesame_core::Timestamp;
use sesame_store::{AttemptLimit, AuditResult, NewSession, UserRecord};

use crate::error::AppError;
use crate::state::AppState;

pub const SCOPE: &str = "signin";

pub enum SignIn {
    Success {
        token: SecretString,
        expires_at: Timestamp,
        user: Box<UserRecord>,
    },
    Refused,
    Locked {
        until: Timestamp,
    },
}

pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: SecretString,
    source: Option<&str>,
) -> Result<SignIn, AppError> {
    // Malformed names cannot exist; they walk the same path as unknown ones.
    let subject = match Username::parse(username) {
        Ok(name) => name.key(),
        Err(_) => username
            .trim()
            .to_lowercase()
            .chars()
            .take(Username::MAX_LEN)
            .collect(),
    };
    let store = state.store();
    let now = state.now();
    if let Some(until) = store.counter(SCOPE, &subject).await?.locked_at(now) {
        let event = state.audit(
            "anonymous",
            "session.create",
            Some(&subject),
            AuditResult::Denied,
            source,
        );
        store.append_audit(&event).await?;
        return Ok(SignIn::Locked { until });
    }
    let user = store.find_user(&subject).await?;
    let stored_hash = user
        .as_ref()
        .filter(|u| u.status == "active")
        .and_then(|u| u.password_hash.clone());
    let matches = state
        .hash_pool()
        .run(move || match stored_hash {
            Some(hash) => verify_password(&password, &hash),
            None => verify_against_dummy(&password),
        })
        .await?;
    let user = match (matches, user) {
        (true, Some(user)) => user,
        _ => {
            let limit = AttemptLimit {
                max_failures: state.int_property("signin.max_failures").await?,
                lockout_minutes: state.int_property("signin.lockout_minutes").await?,
            };
            let counted = store.record_failure(SCOPE, &subject, &limit, now).await?;
            let action = if counted.locked_at(now).is_some() {
                "session.lockout"
            } else {
                "session.create"
            };
            let event = state.audit(
                "anonymous",
                action,
                Some(&subject),
                AuditResult::Failure,
                source,
            );
            store.append_audit(&event).await?;
            return Ok(SignIn::Refused);
        }
    };
    store.reset_counter(SCOPE, &subject).await?;
    let token = generate_token(TokenKind::Session, &mut rand::rngs::OsRng);
    store
        .create_session(&NewSession {
            user_id: user.id,
            digest: state.token_digest(&token),
            source: source.map(str::to_owned),
            created_at: now,
        })
        .await?;
    let actor = format!("user:{}", user.username);
    let event = state.audit(
        &actor,
        "session.create",
        Some(&user.username),
        AuditResult::Success,
        source,
    );
    store.append_audit(&event).await?;
    let lifetime = state.int_property("session.lifetime_minutes").await?;
    Ok(SignIn::Success {
        token,
        expires_at: now.plus_minutes(lifetime),
        user: Box::new(user),
    })
}
