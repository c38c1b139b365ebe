//! `/api/v1/users`: the local directory.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize};
use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, GroupName, Language, PhoneNumber, UserStatus, Username,
};
use sesame_core::password::{hash_password, PasswordPolicy};
use sesame_core::token::Role;
use sesame_core::Checks;
use sesame_store::{EnrollmentRecord, NewUser, UserChange, UserFilter, UserRecord};
use utoipa::{IntoParams, ToSchema};

use super::{paging, ApiJson, ApiPath, ApiQuery, PageOf};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::credentials;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    username: String,
    /// An initial password for the local credential store, checked against the password policy.
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
    email: Option<String>,
    /// E.164, such as +14155550123.
    phone: Option<String>,
    /// Unique when set: 1 to 64 letters, digits and `- _ . /`.
    employee_id: Option<String>,
    display_name: Option<String>,
    /// BCP 47 tag; default `en`.
    language: Option<String>,
    groups: Option<Vec<String>>,
}

/// Fields to change; absent fields stay as they are, `null` clears `email`, `phone` or
/// `employee_id`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeUser {
    display_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    employee_id: Option<Option<String>>,
    language: Option<String>,
    groups: Option<Vec<String>>,
    /// Disabling ends the user's sessions.
    #[schema(value_type = Option<super::schema::UserStatus>)]
    status: Option<String>,
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
}

/// Tells a field sent as `null` (Some(None)) from one not sent (None).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// A user, without secrets.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    username: String,
    display_name: String,
    #[schema(required = true)]
    email: Option<String>,
    /// E.164, such as +14155550123.
    #[schema(required = true)]
    phone: Option<String>,
    #[schema(required = true)]
    employee_id: Option<String>,
    language: String,
    groups: Vec<String>,
    #[schema(value_type = super::schema::UserStatus)]
    status: String,
    #[schema(value_type = super::schema::UserSource)]
    source: String,
    /// Whether the local credential store holds a password for the user.
    has_password: bool,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// The user's verifications (only when one user is read).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    enrollments: Option<Vec<EnrollmentView>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EnrollmentView {
    /// The verification's id.
    verification: String,
    #[serde(rename = "type")]
    #[schema(value_type = super::schema::VerificationType)]
    kind: String,
    #[schema(value_type = super::schema::EnrollmentStatus)]
    state: String,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(format = DateTime)]
    updated_at: String,
    /// When the enrollment stops being valid (Soft PIN expiry), if ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = DateTime)]
    expires_at: Option<String>,
    /// Where codes go (e-mail address or E.164 number), for code verifications.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    destination: Option<String>,
}

impl From<EnrollmentRecord> for EnrollmentView {
    fn from(e: EnrollmentRecord) -> Self {
        Self {
            verification: e.verification_id,
            kind: e.kind.as_str().to_owned(),
            state: e.state.as_str().to_owned(),
            created_at: e.created_at.to_rfc3339(),
            updated_at: e.updated_at.to_rfc3339(),
            expires_at: e.expires_at.map(|t| t.to_rfc3339()),
            destination: e.destination,
        }
    }
}

impl UserView {
    pub fn new(user: UserRecord, enrollments: Option<Vec<EnrollmentRecord>>) -> Self {
        Self {
            has_password: user.password_hash.is_some(),
            username: user.username.to_string(),
            display_name: user.display_name,
            email: user.email,
            phone: user.phone,
            employee_id: user.employee_id,
            language: user.language,
            groups: user.groups,
            status: user.status.as_str().to_owned(),
            source: user.source.as_str().to_owned(),
            created_at: user.created_at.to_rfc3339(),
            updated_at: user.updated_at.to_rfc3339(),
            enrollments: enrollments
                .map(|list| list.into_iter().map(EnrollmentView::from).collect()),
        }
    }
}

/// Checks a new password against the policy and hashes it on the hashing pool.
pub async fn policy_checked_hash(
    state: &AppState,
    password: SecretString,
    identity: Vec<String>,
) -> ApiResult<String> {
    state
        .hash_pool()
        .run(move || {
            let identity: Vec<&str> = identity.iter().map(String::as_str).collect();
            let broken = PasswordPolicy::default().check(&password, &identity);
            if !broken.is_empty() {
                return Err(AppError::rules(broken));
            }
            hash_password(&password).map_err(AppError::internal)
        })
        .await?
}

fn user_not_found() -> AppError {
    AppError::not_found("user.not_found", "There is no user with this user name.")
}

/// The user a path names, or 404.
async fn existing_user(state: &AppState, username: &str) -> ApiResult<UserRecord> {
    state
        .store()
        .find_user(&lookup_key(username)?)
        .await?
        .ok_or_else(user_not_found)
}

/// 409 for a user name or employee id another user has.
fn user_conflict(error: sesame_store::StoreError) -> AppError {
    match error {
        sesame_store::StoreError::Conflict("employee id") => AppError::new(
            StatusCode::CONFLICT,
            "user.employee_id_taken",
            "Another user has this employee id.",
        ),
        sesame_store::StoreError::Conflict(_) => AppError::new(
            StatusCode::CONFLICT,
            "user.exists",
            "A user with this user name already exists (user names are case-insensitive).",
        ),
        other => other.into(),
    }
}

fn lookup_key(username: &str) -> ApiResult<String> {
    // A name that cannot exist is simply not found.
    Username::parse(username)
        .map(|u| u.key())
        .map_err(|_| user_not_found())
}

/// Create a user in the local directory.
#[utoipa::path(post, path = "/api/v1/users", operation_id = "create_user", tag = "users", request_body = CreateUser,
    security(("bearer" = [])),
    responses((status = 201, body = UserView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let mut checks = Checks::default();
    let username = checks.field(Username::parse(&body.username));
    let email = checks.optional(body.email.as_deref(), EmailAddress::parse);
    let phone = checks.optional(body.phone.as_deref(), PhoneNumber::parse);
    let employee_id = checks.optional(body.employee_id.as_deref(), EmployeeId::parse);
    let display_name = checks.optional(body.display_name.as_deref(), DisplayName::parse);
    let language = checks.optional(body.language.as_deref(), Language::parse);
    let groups = GroupName::parse_set(&mut checks, body.groups.as_deref().unwrap_or_default());
    checks.finish().map_err(AppError::rules)?;
    let Some(username) = username else {
        return Err(AppError::internal("username passed checks but is missing"));
    };
    let password_hash = match body.password {
        Some(password) => {
            let identity = [
                Some(username.as_str().to_owned()),
                email.as_ref().map(|e| e.as_str().to_owned()),
            ];
            Some(
                policy_checked_hash(&state, password, identity.into_iter().flatten().collect())
                    .await?,
            )
        }
        None => None,
    };
    let new_user = NewUser {
        display_name: display_name
            .unwrap_or_else(|| DisplayName::parse("").unwrap_or_else(|_| unreachable!())),
        username,
        email,
        phone,
        employee_id,
        language: language.unwrap_or_else(Language::english),
        groups,
        password_hash,
        created_at: state.now(),
    };
    let audit = caller.audit(&state, "user.create", Some(new_user.username.as_str()));
    let user = state
        .store()
        .create_user(&new_user, &audit)
        .await
        .map_err(user_conflict)?;
    Ok((
        StatusCode::CREATED,
        Json(UserView::new(user, Some(Vec::new()))),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListUsers {
    /// Only users in this group.
    group: Option<String>,
    /// From 1; default 1.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// From 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

/// List users, a page at a time, optionally only one group's.
#[utoipa::path(get, path = "/api/v1/users", operation_id = "list_users", tag = "users", params(ListUsers),
    security(("bearer" = [])),
    responses((status = 200, body = PageOf<UserView>)))]
pub async fn list_users(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListUsers>,
) -> ApiResult<Json<PageOf<UserView>>> {
    caller.require(&[Role::Admin, Role::ServiceDesk])?;
    let (page, per_page, offset) = paging(query.page, query.per_page)?;
    let found = state
        .store()
        .list_users(&UserFilter {
            group: query.group,
            offset,
            limit: per_page,
        })
        .await?;
    Ok(Json(PageOf {
        items: found
            .items
            .into_iter()
            .map(|u| UserView::new(u, None))
            .collect(),
        total: found.total,
        page,
        per_page,
    }))
}

/// Read one user, with enrollments by verification.
#[utoipa::path(get, path = "/api/v1/users/{username}", operation_id = "get_user", tag = "users",
    params(("username" = String, Path, description = "case-insensitive")),
    security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody)))]
pub async fn get_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<Json<UserView>> {
    caller.require_desk_agent(&state).await?;
    let (user, enrollments) = state
        .store()
        .find_user_with_enrollments(&lookup_key(&username)?)
        .await?
        .ok_or_else(user_not_found)?;
    Ok(Json(UserView::new(user, Some(enrollments))))
}

/// Change a user.
#[utoipa::path(patch, path = "/api/v1/users/{username}", operation_id = "update_user", tag = "users", request_body = ChangeUser,
    params(("username" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiPath(username): ApiPath<String>,
    ApiJson(body): ApiJson<ChangeUser>,
) -> ApiResult<Json<UserView>> {
    let key = lookup_key(&username)?;
    let existing = existing_user(&state, &username).await?;
    let mut checks = Checks::default();
    let mut fields = Vec::new();
    let mut change = UserChange {
        updated_at: Some(state.now()),
        ..UserChange::default()
    };
    if let Some(text) = &body.display_name {
        change.display_name = checks.field(DisplayName::parse(text));
        fields.push("display_name");
    }
    if let Some(email) = &body.email {
        change.email = match email {
            Some(text) => checks.field(EmailAddress::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("email");
    }
    if let Some(phone) = &body.phone {
        change.phone = match phone {
            Some(text) => checks.field(PhoneNumber::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("phone");
    }
    if let Some(employee_id) = &body.employee_id {
        change.employee_id = match employee_id {
            Some(text) => checks.field(EmployeeId::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("employee_id");
    }
    if let Some(text) = &body.language {
        change.language = checks.field(Language::parse(text));
        fields.push("language");
    }
    if let Some(groups) = &body.groups {
        change.groups = Some(GroupName::parse_set(&mut checks, groups));
        fields.push("groups");
    }
    if let Some(text) = &body.status {
        change.status = checks.field(UserStatus::parse(text));
        fields.push("status");
    }
    checks.finish().map_err(AppError::rules)?;
    if let Some(password) = body.password {
        let email = match &change.email {
            Some(new) => new.as_ref().map(|e| e.as_str().to_owned()),
            None => existing.email.clone(),
        };
        let identity = [Some(existing.username.to_string()), email]
            .into_iter()
            .flatten()
            .collect();
        change.password_hash = Some(policy_checked_hash(&state, password, identity).await?);
        fields.push("password");
    }
    let audit = caller
        .audit(&state, "user.update", Some(existing.username.as_str()))
        .with_detail(serde_json::json!({ "fields": fields }).to_string());
    let user = state
        .store()
        .update_user(&key, &change, &audit)
        .await
        .map_err(user_conflict)?
        .ok_or_else(user_not_found)?;
    if change.status == Some(UserStatus::Disabled) || change.password_hash.is_some() {
        state
            .store()
            .revoke_user_sessions(user.id, None, state.now())
            .await?;
    }
    let enrollments = state.store().list_enrollments(user.id).await?;
    Ok(Json(UserView::new(user, Some(enrollments))))
}

/// Delete a user, with their sessions and enrollments.
#[utoipa::path(delete, path = "/api/v1/users/{username}", operation_id = "delete_user", tag = "users",
    params(("username" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<StatusCode> {
    caller.require(&[Role::Admin])?;
    let key = lookup_key(&username)?;
    let audit = caller.audit(&state, "user.delete", Some(&key));
    if state.store().delete_user(&key, &audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(user_not_found())
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Unlocked {
    /// How many locks and failure counts were cleared.
    cleared: u64,
}

/// Clear a user's lockouts and failure counts (and, for a directory user, the directory's
/// lockout). Lifts a block from self-service reset too.
#[utoipa::path(post, path = "/api/v1/users/{username}/unlock", operation_id = "unlock_user", tag = "users",
    params(("username" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = Unlocked), (status = 404, body = ErrorBody)))]
pub async fn unlock_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<Json<Unlocked>> {
    caller.require(&[Role::Admin, Role::ServiceDesk])?;
    let user = existing_user(&state, &username).await?;
    let cleared =
        credentials::unlock_everything(&state, &user, &caller.actor, caller.source.as_deref())
            .await?;
    Ok(Json(Unlocked { cleared }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionsEnded {
    ended: u64,
}

/// End every session of a user.
#[utoipa::path(delete, path = "/api/v1/users/{username}/sessions", operation_id = "end_user_sessions", tag = "users",
    params(("username" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = SessionsEnded), (status = 404, body = ErrorBody)))]
pub async fn end_user_sessions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(username): ApiPath<String>,
) -> ApiResult<Json<SessionsEnded>> {
    caller.require(&[Role::Admin])?;
    let user = existing_user(&state, &username).await?;
    let ended = state
        .store()
        .revoke_user_sessions(user.id, None, state.now())
        .await?;
    let audit = caller
        .audit(&state, "session.revoke_all", Some(user.username.as_str()))
        .with_detail(serde_json::json!({ "ended": ended }).to_string());
    state.store().append_audit(&audit).await?;
    Ok(Json(SessionsEnded { ended }))
}
