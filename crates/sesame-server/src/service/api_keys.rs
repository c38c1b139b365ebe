//! API keys: bearer tokens for machines, each with one role. The token is made here and
//! handed out once; Sesame keeps only its keyed digest. Shared by `/api/v1/api-keys`, the
//! administration pages and `sesame admin token`.

use secrecy::SecretString;
use sesame_core::token::{generate_token, Role, TokenKind};
use sesame_core::Violation;
use sesame_store::{ApiKeyRecord, NewApiKey};

use super::{Actor, ServiceError, ServiceResult, Services};

/// Creates a key from what an administrator typed: a name of 1 to 64 characters and a
/// role a key can have. Every broken rule is reported at once.
pub async fn create(
    services: &Services,
    name: &str,
    role: &str,
    actor: Actor<'_>,
) -> ServiceResult<(ApiKeyRecord, SecretString)> {
    let name = name.trim();
    let mut broken = Vec::new();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        broken.push(Violation::new(
            "api_key.name_invalid",
            "The name has 1 to 64 characters.",
        ));
    }
    let role = Role::parse_key_role(role).map_err(|v| broken.push(v)).ok();
    match role {
        Some(role) if broken.is_empty() => issue(services, name, role, actor).await,
        _ => Err(ServiceError::Rules(broken)),
    }
}

/// Creates a key and returns it with its token.
pub async fn issue(
    services: &Services,
    name: &str,
    role: Role,
    actor: Actor<'_>,
) -> ServiceResult<(ApiKeyRecord, SecretString)> {
    let token = generate_token(TokenKind::ApiKey, &mut rand::rngs::OsRng);
    let audit = actor
        .audit(services, "api_key.create", None)
        .with_detail(serde_json::json!({ "name": name, "role": role.as_str() }).to_string());
    let key = services
        .store()
        .create_api_key(
            &NewApiKey {
                name: name.to_owned(),
                role,
                digest: services.token_digest(&token),
                created_by: actor.name.to_owned(),
                created_at: services.now(),
            },
            &audit,
        )
        .await?;
    Ok((key, token))
}

/// Revokes a key; it stops working at once.
pub async fn revoke(services: &Services, id: i64, actor: Actor<'_>) -> ServiceResult<()> {
    let subject = format!("api_key:{id}");
    let audit = actor.audit(services, "api_key.revoke", Some(&subject));
    if services.store().revoke_api_key(id, &audit).await? {
        Ok(())
    } else {
        Err(ServiceError::not_found(
            "api_key.not_found",
            "There is no active API key with this id.",
        ))
    }
}
