//! Who is calling: bearer tokens (API keys, user sessions, the bootstrap token) and the
//! client address.

use sesame_core::identity::UserStatus;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use secrecy::{ExposeSecret, SecretString};
use sesame_core::token::{constant_time_eq, Role, TokenKind};
use sesame_store::{AuditEvent, AuditResult, SessionRecord, UserRecord};

use crate::client::Client;
use crate::error::AppError;
use crate::service::{Actor, ServiceError, Services};
use crate::state::AppState;

/// An authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    pub role: Role,
    /// A signed-in member of the `admin.group` group: an administrator wherever the
    /// `admin` role is required, while the session keeps the `user` role for `/me`.
    pub administrator: bool,
    /// How the caller appears in the audit log: `api_key:<id>:<name>`, `user:<name>`,
    /// or `bootstrap`.
    pub actor: String,
    pub user: Option<UserRecord>,
    pub session_id: Option<i64>,
    /// When the user signed in, for sessions.
    pub signed_in_at: Option<sesame_core::Timestamp>,
    pub source: Option<String>,
}

impl Caller {
    /// Allows the call only for one of `roles`; a member of `admin.group` counts as
    /// `admin`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.role) || (self.administrator && roles.contains(&Role::Admin)) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }

    /// Whether the caller is an administrator: the `admin` role, or a signed-in member of
    /// `admin.group`.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin || self.administrator
    }

    /// The caller as the services record them.
    pub fn as_actor(&self) -> Actor<'_> {
        Actor {
            name: &self.actor,
            source: self.source.as_deref(),
        }
    }

    /// A successful action of this caller, for the audit log.
    pub fn audit(&self, state: &AppState, action: &str, subject: Option<&str>) -> AuditEvent {
        state.audit(
            &self.actor,
            action,
            subject,
            AuditResult::Success,
            self.source.as_deref(),
        )
    }

    /// Allows the call for service desk agents: API keys with the `service_desk` or
    /// `admin` role, administrators, and signed-in users in the `service_desk.group` group.
    pub async fn require_desk_agent(&self, state: &AppState) -> Result<(), AppError> {
        if self.is_admin() || self.role == Role::ServiceDesk {
            return Ok(());
        }
        match &self.user {
            Some(user) if is_desk_agent(state, user).await? => Ok(()),
            _ => Err(AppError::forbidden()),
        }
    }

    /// The signed-in user, for `/me` routes.
    pub fn signed_in_user(&self) -> Result<&UserRecord, AppError> {
        self.user.as_ref().ok_or_else(AppError::forbidden)
    }
}

/// Whether a user works as a service desk agent: a member of `service_desk.group`, or an
/// administrator (who may do whatever an agent does, on the API as on the pages).
pub async fn is_desk_agent(state: &AppState, user: &UserRecord) -> Result<bool, AppError> {
    let group = state.string_property("service_desk.group").await?;
    if user.groups.iter().any(|g| g.eq_ignore_ascii_case(&group)) {
        return Ok(true);
    }
    is_administrator(state, user).await
}

/// Whether a user is an administrator (a member of `admin.group`), on the pages and, with
/// their session, on the API.
pub async fn is_administrator(state: &AppState, user: &UserRecord) -> Result<bool, AppError> {
    let group = state.string_property("admin.group").await?;
    Ok(user.groups.iter().any(|g| g.eq_ignore_ascii_case(&group)))
}

/// Refuses with 403 `auth.reauthentication_required` unless the user signed in at most
/// `session.reauth_minutes` ago: removing a verification needs a fresh sign-in.
pub async fn require_recent_sign_in(
    services: &Services,
    signed_in_at: Option<sesame_core::Timestamp>,
) -> Result<(), ServiceError> {
    let minutes = services.int_property("session.reauth_minutes").await?;
    match signed_in_at {
        Some(at) if at.plus_minutes(minutes) > services.now() => Ok(()),
        _ => Err(ServiceError::forbidden(
            "auth.reauthentication_required",
            "Sign in again to remove a verification.",
        )),
    }
}

/// The client's address (see [`crate::client`]), as the audit records it.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<Client>()
                .map(|Client(ip)| ip.to_string()),
        ))
    }
}

/// Who may call an operation, checked by [`Allowed`].
pub trait Policy {
    fn allows(
        caller: &Caller,
        state: &AppState,
    ) -> impl std::future::Future<Output = Result<(), AppError>> + Send;
}

/// A caller whom the policy `P` allows, or the request is refused (401 without a valid
/// token, 403 for a role `P` does not allow). As an extractor of the request's parts it
/// runs before the body is read, so a caller without the right role gets 403 whatever the
/// body holds, never a complaint about the body: every operation that takes a body and a
/// token takes its caller this way.
pub struct Allowed<P> {
    caller: Caller,
    policy: std::marker::PhantomData<fn() -> P>,
}

impl<P> std::ops::Deref for Allowed<P> {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl<P: Policy> FromRequestParts<AppState> for Allowed<P> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        P::allows(&caller, state).await?;
        Ok(Self {
            caller,
            policy: std::marker::PhantomData,
        })
    }
}

/// API keys with the `admin` role (and the bootstrap token).
pub enum Admins {}
/// Service desk agents: see [`Caller::require_desk_agent`].
pub enum DeskAgents {}
/// Signed-in users, with their session token.
pub enum Users {}
/// API keys with the `orchestrator` role.
pub enum Orchestrators {}
/// API keys with the `orchestrator` or `admin` role.
pub enum OrchestratorsAndAdmins {}

impl Policy for Admins {
    async fn allows(caller: &Caller, _state: &AppState) -> Result<(), AppError> {
        caller.require(&[Role::Admin])
    }
}

impl Policy for DeskAgents {
    async fn allows(caller: &Caller, state: &AppState) -> Result<(), AppError> {
        caller.require_desk_agent(state).await
    }
}

impl Policy for Users {
    async fn allows(caller: &Caller, _state: &AppState) -> Result<(), AppError> {
        caller.require(&[Role::User])
    }
}

impl Policy for Orchestrators {
    async fn allows(caller: &Caller, _state: &AppState) -> Result<(), AppError> {
        caller.require(&[Role::Orchestrator])
    }
}

impl Policy for OrchestratorsAndAdmins {
    async fn allows(caller: &Caller, _state: &AppState) -> Result<(), AppError> {
        caller.require(&[Role::Orchestrator, Role::Admin])
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let ClientAddress(source) = ClientAddress::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientAddress(None));
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(|token| SecretString::from(token.trim().to_owned()))
            .ok_or_else(AppError::unauthenticated)?;
        authenticate(state, &token, source).await
    }
}

/// Resolves a bearer token to a caller.
pub async fn authenticate(
    state: &AppState,
    token: &SecretString,
    source: Option<String>,
) -> Result<Caller, AppError> {
    let digest = state.token_digest(token);
    if let Some(bootstrap) = state.bootstrap_digest() {
        if constant_time_eq(&digest, bootstrap) {
            return Ok(Caller {
                role: Role::Admin,
                administrator: false,
                actor: "bootstrap".to_owned(),
                user: None,
                session_id: None,
                signed_in_at: None,
                source,
            });
        }
    }
    match TokenKind::of(token.expose_secret()) {
        Some(TokenKind::ApiKey) => {
            let key = state
                .store()
                .find_api_key(&digest)
                .await?
                .ok_or_else(AppError::unauthenticated)?;
            let role = key.role;
            Ok(Caller {
                role,
                administrator: false,
                actor: format!("api_key:{}:{}", key.id, key.name),
                user: None,
                session_id: None,
                signed_in_at: None,
                source,
            })
        }
        Some(TokenKind::Session) => {
            let (session, user) = live_session(state, &digest)
                .await?
                .ok_or_else(AppError::unauthenticated)?;
            let administrator = is_administrator(state, &user).await?;
            Ok(Caller {
                role: Role::User,
                administrator,
                actor: format!("user:{}", user.username),
                user: Some(user),
                session_id: Some(session.id),
                signed_in_at: Some(session.created_at),
                source,
            })
        }
        Some(TokenKind::Reset | TokenKind::VoiceSession) | None => Err(AppError::unauthenticated()),
    }
}

/// The session with this digest and its user, if the session is neither revoked nor
/// expired (absolute lifetime and idle time, both properties) and the user is active.
pub async fn live_session(
    state: &AppState,
    digest: &[u8],
) -> Result<Option<(SessionRecord, UserRecord)>, AppError> {
    let Some((session, user)) = state.store().find_session_user(digest).await? else {
        return Ok(None);
    };
    let now = state.now();
    let lifetime = state.int_property("session.lifetime_minutes").await?;
    let idle = state.int_property("session.idle_minutes").await?;
    if session.created_at.plus_minutes(lifetime) <= now
        || session.last_seen_at.plus_minutes(idle) <= now
    {
        return Ok(None);
    }
    if user.status != UserStatus::Active {
        return Ok(None);
    }
    // Recording activity costs a write; once a minute is precise enough for idle time.
    if session.last_seen_at.plus_minutes(1) <= now {
        state.store().touch_session(session.id, now).await?;
    }
    Ok(Some((session, user)))
}
