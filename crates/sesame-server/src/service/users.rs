//! The local directory as administrators change it: creating and changing users, ending
//! their sessions, finding them. Shared by `/api/v1/users` and the administration pages;
//! every change is audited as the actor who made it.

use secrecy::SecretString;
use sesame_core::identity::{
    DisplayName, EmailAddress, EmployeeId, GroupName, Language, PhoneNumber, UserStatus, Username,
};
use sesame_core::password::{hash_password, PasswordPolicy};
use sesame_core::Checks;
use sesame_store::{NewUser, StoreError, UserChange, UserRecord, UserSearch};

use super::{Actor, ServiceError, ServiceResult, Services};

/// A user to create, as typed: every field is checked by [`create`].
#[derive(Debug, Default)]
pub struct NewUserInput {
    pub username: String,
    /// An initial password for the local credential store, checked against the policy.
    pub password: Option<SecretString>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_id: Option<String>,
    pub display_name: Option<String>,
    pub language: Option<String>,
    pub groups: Vec<String>,
}

/// Fields to change; `None` leaves a field as it is, `Some(None)` clears `email`, `phone`
/// or `employee_id`.
#[derive(Debug, Default)]
pub struct UserEdit {
    pub display_name: Option<String>,
    pub email: Option<Option<String>>,
    pub phone: Option<Option<String>>,
    pub employee_id: Option<Option<String>>,
    pub language: Option<String>,
    pub groups: Option<Vec<String>>,
    pub status: Option<String>,
    pub password: Option<SecretString>,
}

pub fn not_found() -> ServiceError {
    ServiceError::not_found("user.not_found", "There is no user with this user name.")
}

/// The user a name names; a name that cannot exist is simply not found.
pub async fn find(services: &Services, username: &str) -> ServiceResult<UserRecord> {
    let key = Username::parse(username)
        .map(|u| u.key())
        .map_err(|_| not_found())?;
    services
        .store()
        .find_user(&key)
        .await?
        .ok_or_else(not_found)
}

/// Users whose user name, display name, e-mail address or employee id contains `text`
/// (any case), or whose phone number contains its digits however they are grouped (a
/// leading `0` or `00` of a national or international prefix left out): the page
/// `offset..offset + limit` in user name order.
pub async fn search(
    services: &Services,
    text: &str,
    offset: i64,
    limit: i64,
) -> ServiceResult<Vec<UserRecord>> {
    let text = text.trim();
    let phone_like = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}/".contains(c));
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    let search = UserSearch {
        text: text.to_lowercase(),
        digits: (phone_like && digits.len() >= 3).then(|| digits.to_owned()),
        offset: offset.max(0),
        limit,
    };
    Ok(services.store().search_users(&search).await?)
}

/// Checks a new password against the policy and hashes it on the hashing pool.
pub async fn policy_checked_hash(
    services: &Services,
    password: SecretString,
    identity: Vec<String>,
) -> ServiceResult<String> {
    services
        .hash_pool()
        .run(move || {
            let identity: Vec<&str> = identity.iter().map(String::as_str).collect();
            let broken = PasswordPolicy::default().check(&password, &identity);
            if !broken.is_empty() {
                return Err(ServiceError::Rules(broken));
            }
            hash_password(&password).map_err(ServiceError::internal)
        })
        .await?
}

/// A user name or employee id another user has.
fn conflict(error: StoreError) -> ServiceError {
    match error {
        StoreError::Conflict("employee id") => ServiceError::conflict(
            "user.employee_id_taken",
            "Another user has this employee id.",
        ),
        StoreError::Conflict(_) => ServiceError::conflict(
            "user.exists",
            "A user with this user name already exists (user names are case-insensitive).",
        ),
        other => other.into(),
    }
}

/// Creates a user in the local directory; every broken rule is reported at once.
pub async fn create(
    services: &Services,
    input: NewUserInput,
    actor: Actor<'_>,
) -> ServiceResult<UserRecord> {
    let mut checks = Checks::default();
    let username = checks.field(Username::parse(&input.username));
    let email = checks.optional(input.email.as_deref(), EmailAddress::parse);
    let phone = checks.optional(input.phone.as_deref(), PhoneNumber::parse);
    let employee_id = checks.optional(input.employee_id.as_deref(), EmployeeId::parse);
    let display_name = checks.optional(input.display_name.as_deref(), DisplayName::parse);
    let language = checks.optional(input.language.as_deref(), Language::parse);
    let groups = GroupName::parse_set(&mut checks, &input.groups);
    checks.finish().map_err(ServiceError::Rules)?;
    let Some(username) = username else {
        return Err(ServiceError::internal(
            "username passed checks but is missing",
        ));
    };
    let password_hash = match input.password {
        Some(password) => {
            let identity = [
                Some(username.as_str().to_owned()),
                email.as_ref().map(|e| e.as_str().to_owned()),
            ];
            Some(
                policy_checked_hash(services, password, identity.into_iter().flatten().collect())
                    .await?,
            )
        }
        None => None,
    };
    let display_name = match display_name {
        Some(name) => name,
        None => DisplayName::parse("").map_err(|v| ServiceError::internal(v.message))?,
    };
    let new_user = NewUser {
        display_name,
        username,
        email,
        phone,
        employee_id,
        language: language.unwrap_or_else(Language::english),
        groups,
        password_hash,
        created_at: services.now(),
    };
    let audit = actor.audit(services, "user.create", Some(new_user.username.as_str()));
    services
        .store()
        .create_user(&new_user, &audit)
        .await
        .map_err(conflict)
}

/// Changes a user; disabling or a new password ends the user's sessions.
pub async fn update(
    services: &Services,
    username: &str,
    edit: UserEdit,
    actor: Actor<'_>,
) -> ServiceResult<UserRecord> {
    let existing = find(services, username).await?;
    let mut checks = Checks::default();
    let mut fields = Vec::new();
    let mut change = UserChange {
        updated_at: Some(services.now()),
        ..UserChange::default()
    };
    if let Some(text) = &edit.display_name {
        change.display_name = checks.field(DisplayName::parse(text));
        fields.push("display_name");
    }
    if let Some(email) = &edit.email {
        change.email = match email {
            Some(text) => checks.field(EmailAddress::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("email");
    }
    if let Some(phone) = &edit.phone {
        change.phone = match phone {
            Some(text) => checks.field(PhoneNumber::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("phone");
    }
    if let Some(employee_id) = &edit.employee_id {
        change.employee_id = match employee_id {
            Some(text) => checks.field(EmployeeId::parse(text)).map(Some),
            None => Some(None),
        };
        fields.push("employee_id");
    }
    if let Some(text) = &edit.language {
        change.language = checks.field(Language::parse(text));
        fields.push("language");
    }
    if let Some(groups) = &edit.groups {
        change.groups = Some(GroupName::parse_set(&mut checks, groups));
        fields.push("groups");
    }
    if let Some(text) = &edit.status {
        change.status = checks.field(UserStatus::parse(text));
        fields.push("status");
    }
    checks.finish().map_err(ServiceError::Rules)?;
    if let Some(password) = edit.password {
        let email = match &change.email {
            Some(new) => new.as_ref().map(|e| e.as_str().to_owned()),
            None => existing.email.clone(),
        };
        let identity = [Some(existing.username.to_string()), email]
            .into_iter()
            .flatten()
            .collect();
        change.password_hash = Some(policy_checked_hash(services, password, identity).await?);
        fields.push("password");
    }
    let audit = actor
        .audit(services, "user.update", Some(existing.username.as_str()))
        .with_detail(serde_json::json!({ "fields": fields }).to_string());
    let user = services
        .store()
        .update_user(&existing.username.key(), &change, &audit)
        .await
        .map_err(conflict)?
        .ok_or_else(not_found)?;
    if change.status == Some(UserStatus::Disabled) || change.password_hash.is_some() {
        services
            .store()
            .revoke_user_sessions(user.id, None, services.now())
            .await?;
    }
    Ok(user)
}

/// Ends every session of a user; returns how many ended.
pub async fn end_sessions(
    services: &Services,
    user: &UserRecord,
    actor: Actor<'_>,
) -> ServiceResult<u64> {
    let ended = services
        .store()
        .revoke_user_sessions(user.id, None, services.now())
        .await?;
    let audit = actor
        .audit(services, "session.revoke_all", Some(user.username.as_str()))
        .with_detail(serde_json::json!({ "ended": ended }).to_string());
    services.store().append_audit(&audit).await?;
    Ok(ended)
}
