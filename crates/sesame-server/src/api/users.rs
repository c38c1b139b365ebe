//! `/api/v1/users`: the local directory.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize};
use sesame_core::identity::Username;
use sesame_core::token::Role;
use sesame_store::{EnrollmentRecord, UserFilter, UserRecord};
use utoipa::{IntoParams, ToSchema};

use super::{paging, ApiJson, ApiPath, ApiQuery, PageOf};
use crate::auth::{Admins, Allowed, Caller};
use crate::error::{ApiResult, ErrorBody};
use crate::service::credentials;
use crate::service::users::{self, NewUserInput, UserEdit};
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

/// Create a user in the local directory.
#[utoipa::path(post, path = "/api/v1/users", operation_id = "create_user", tag = "users", request_body = CreateUser,
    security(("bearer" = [])),
    responses((status = 201, body = UserView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    caller: Allowed<Admins>,
    ApiJson(body): ApiJson<CreateUser>,
) -> ApiResult<(StatusCode, Json<UserView>)> {
    let input = NewUserInput {
        username: body.username,
        password: body.password,
        email: body.email,
        phone: body.phone,
        employee_id: body.employee_id,
        display_name: body.display_name,
        language: body.language,
        groups: body.groups.unwrap_or_default(),
    };
    let user = users::create(&state, input, caller.as_actor()).await?;
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
    let key = Username::parse(&username)
        .map(|u| u.key())
        .map_err(|_| users::not_found())?;
    let (user, enrollments) = state
        .store()
        .find_user_with_enrollments(&key)
        .await?
        .ok_or_else(users::not_found)?;
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
    let edit = UserEdit {
        display_name: body.display_name,
        email: body.email,
        phone: body.phone,
        employee_id: body.employee_id,
        language: body.language,
        groups: body.groups,
        status: body.status,
        password: body.password,
    };
    let user = users::update(&state, &username, edit, caller.as_actor()).await?;
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
    let key = Username::parse(&username)
        .map(|u| u.key())
        .map_err(|_| users::not_found())?;
    let audit = caller.audit(&state, "user.delete", Some(&key));
    if state.store().delete_user(&key, &audit).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(users::not_found().into())
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
    let user = users::find(&state, &username).await?;
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
    let user = users::find(&state, &username).await?;
    let ended = users::end_sessions(&state, &user, caller.as_actor()).await?;
    Ok(Json(SessionsEnded { ended }))
}
