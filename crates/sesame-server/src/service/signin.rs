//! Signing in against the user's credential store (Sesame's own, or a bind to the LDAP
//! directory for users copied from it), shared by the API and the web pages.
//!
//! An unknown user name, a user without a password, a disabled user and a wrong password
//! all cost one argon2id verification and give the same answer. Failures are counted per
//! user name in the database (known or not), and too many lock sign-in for that name.

use secrecy::SecretString;
use sesame_core::identity::{subject_key, UserStatus};
use sesame_core::token::{generate_token, TokenKind};
use sesame_core::Timestamp;
use sesame_store::{AuditResult, NewSession};

use crate::service::attempts::{attempt, limit_from, Outcome, SIGNIN_SCOPE};
use crate::service::credentials;
use crate::service::{ServiceError, Services};

pub enum SignIn {
    Success {
        token: SecretString,
        expires_at: Timestamp,
    },
    Refused,
    Locked {
        until: Timestamp,
    },
}

pub async fn sign_in(
    state: &Services,
    username: &str,
    password: SecretString,
    source: Option<&str>,
) -> Result<SignIn, ServiceError> {
    let subject = subject_key(username);
    let store = state.store();
    let now = state.now();
    let user = store.find_user(&subject).await?;
    let active = user.as_ref().filter(|u| u.status == UserStatus::Active);
    // The user's own store checks the password (a directory user binds as themselves);
    // anyone else costs one check against a dummy hash.
    let checked_by = active.and_then(|u| Some((u, credentials::of_user(state, u).ok()?)));
    let limit = limit_from(state, "signin.max_failures", "signin.lockout_minutes").await?;
    let check = async {
        match checked_by {
            Some((user, store)) => store.authenticate(state, user, password).await,
            None => credentials::local::verify(state, None, password).await,
        }
    };
    let audit = |outcome: &Outcome| {
        let (action, result) = match outcome {
            Outcome::Passed => ("session.create", AuditResult::Success),
            Outcome::Failed { locked: true, .. } => ("session.lockout", AuditResult::Failure),
            Outcome::Failed { .. } => ("session.create", AuditResult::Failure),
            Outcome::Locked { .. } => ("session.create", AuditResult::Denied),
        };
        let actor = match outcome {
            Outcome::Passed => format!("user:{subject}"),
            _ => "anonymous".to_owned(),
        };
        state.audit(&actor, action, Some(&subject), result, source)
    };
    let user = match (
        attempt(state, SIGNIN_SCOPE, &subject, &limit, check, audit).await?,
        user,
    ) {
        (Outcome::Passed, Some(user)) => user,
        (Outcome::Locked { until }, _) => return Ok(SignIn::Locked { until }),
        (Outcome::Failed { .. }, _) => return Ok(SignIn::Refused),
        (Outcome::Passed, None) => return Err(ServiceError::internal("a dummy hash matched")),
    };
    let token = generate_token(TokenKind::Session, &mut rand::rngs::OsRng);
    store
        .create_session(&NewSession {
            user_id: user.id,
            digest: state.token_digest(&token),
            source: source.map(str::to_owned),
            created_at: now,
        })
        .await?;
    let lifetime = state.int_property("session.lifetime_minutes").await?;
    Ok(SignIn::Success {
        token,
        expires_at: now.plus_minutes(lifetime),
    })
}
