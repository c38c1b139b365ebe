//! An LDAP directory (OpenLDAP or Active Directory) as a credential store: sign-in binds as
//! the user, a reset writes the new password, an unlock clears the directory's lockout,
//! and users can be copied into Sesame so they can enroll.
//!
//! Every operation opens its own connection, binds as the service account (except the
//! user's own bind for sign-in) and ends within the configured timeout.

use std::collections::HashSet;
use std::time::Duration;

use ldap3::exop::PasswordModify;
use ldap3::{
    ldap_escape, Ldap, LdapConnAsync, LdapConnSettings, LdapError, Mod, Scope, SearchEntry,
};
use secrecy::{ExposeSecret, SecretString};

/// Which directory server it is; decides the password and lockout attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectoryKind {
    /// OpenLDAP and other RFC-minded servers: password modify extended operation (or a
    /// `userPassword` replace), `pwdAccountLockedTime` of the ppolicy overlay.
    OpenLdap,
    /// Active Directory: `unicodePwd` over TLS, `lockoutTime`.
    ActiveDirectory,
}

/// The profile attributes Sesame reads.
#[derive(Debug, Clone)]
pub struct Attributes {
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub phone: String,
    pub employee_id: String,
    /// Values become group names (for DNs, the first RDN's value); none: no groups.
    pub groups: Option<String>,
}

#[derive(Debug, Clone)]
pub struct LdapSettings {
    /// `ldap://host:port` or `ldaps://host:port`.
    pub url: String,
    pub bind_dn: String,
    pub bind_password: SecretString,
    pub user_base: String,
    /// A filter with `{username}` where the (escaped) user name goes.
    pub user_filter: String,
    pub attributes: Attributes,
    pub kind: DirectoryKind,
    pub starttls: bool,
    pub timeout: Duration,
}

impl LdapSettings {
    /// Whether the connection is encrypted (Active Directory requires it for passwords).
    pub fn encrypted(&self) -> bool {
        self.url.starts_with("ldaps://") || self.starttls
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// Down, unreachable, too slow, or busy: try again later.
    #[error("the directory is unavailable: {0}")]
    Unavailable(String),
    /// The directory refused the change, with its reason.
    #[error("the directory refused: {0}")]
    Refused(String),
    /// No such user in the directory.
    #[error("the user is not in the directory")]
    NoSuchUser,
}

/// A user as the directory has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryUser {
    pub username: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub employee_id: Option<String>,
    pub groups: Vec<String>,
}

const PASSWORD_MODIFY_OID: &str = "1.3.6.1.4.1.4203.1.11.1";
/// Result codes that mean the server cannot serve now rather than "no".
const UNAVAILABLE_CODES: [u32; 4] = [51, 52, 80, 3];

fn classify(error: LdapError) -> DirectoryError {
    match error {
        LdapError::LdapResult { result } if !UNAVAILABLE_CODES.contains(&result.rc) => {
            let reason = if result.text.trim().is_empty() {
                format!("result code {}", result.rc)
            } else {
                result.text.trim().to_owned()
            };
            DirectoryError::Refused(reason)
        }
        LdapError::LdapResult { result } => {
            DirectoryError::Unavailable(format!("result code {}: {}", result.rc, result.text))
        }
        other => DirectoryError::Unavailable(other.to_string()),
    }
}

pub struct Directory {
    settings: LdapSettings,
}

impl Directory {
    pub fn new(settings: LdapSettings) -> Self {
        Self { settings }
    }

    pub fn kind(&self) -> DirectoryKind {
        self.settings.kind
    }

    async fn open(&self) -> Result<Ldap, DirectoryError> {
        let settings = LdapConnSettings::new()
            .set_conn_timeout(self.settings.timeout)
            .set_starttls(self.settings.starttls);
        let (conn, ldap) = LdapConnAsync::with_settings(settings, &self.settings.url)
            .await
            .map_err(classify)?;
        ldap3::drive!(conn);
        Ok(ldap)
    }

    /// A connection bound as the service account.
    async fn service(&self) -> Result<Ldap, DirectoryError> {
        let mut ldap = self.open().await?;
        ldap.with_timeout(self.settings.timeout)
            .simple_bind(
                &self.settings.bind_dn,
                self.settings.bind_password.expose_secret(),
            )
            .await
            .and_then(|r| r.success())
            .map_err(|e| match classify(e) {
                // A refused service bind is a configuration fault, not the user's.
                DirectoryError::Refused(reason) => {
                    DirectoryError::Unavailable(format!("service bind refused: {reason}"))
                }
                other => other,
            })?;
        Ok(ldap)
    }

    fn attributes(&self) -> Vec<&str> {
        let a = &self.settings.attributes;
        let mut names = vec![
            a.username.as_str(),
            a.email.as_str(),
            a.display_name.as_str(),
            a.phone.as_str(),
            a.employee_id.as_str(),
        ];
        names.extend(a.groups.as_deref());
        names
    }

    async fn search(
        &self,
        ldap: &mut Ldap,
        filter: &str,
    ) -> Result<Vec<SearchEntry>, DirectoryError> {
        let (entries, _) = ldap
            .with_timeout(self.settings.timeout)
            .search(
                &self.settings.user_base,
                Scope::Subtree,
                filter,
                self.attributes(),
            )
            .await
            .and_then(|r| r.success())
            .map_err(classify)?;
        Ok(entries.into_iter().map(SearchEntry::construct).collect())
    }

    /// The entry of one user, found with the service account.
    async fn find(&self, ldap: &mut Ldap, username: &str) -> Result<SearchEntry, DirectoryError> {
        let filter = self
            .settings
            .user_filter
            .replace("{username}", &ldap_escape(username));
        let mut found = self.search(ldap, &filter).await?;
        match found.len() {
            1 => Ok(found.remove(0)),
            _ => Err(DirectoryError::NoSuchUser),
        }
    }

    /// Whether `password` is the user's: a bind as the user. Never binds with an empty
    /// password (LDAP would take that as an anonymous bind and succeed).
    pub async fn authenticate(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<bool, DirectoryError> {
        if password.expose_secret().is_empty() {
            return Ok(false);
        }
        let mut service = self.service().await?;
        let entry = match self.find(&mut service, username).await {
            Ok(entry) => entry,
            Err(DirectoryError::NoSuchUser) => return Ok(false),
            Err(other) => return Err(other),
        };
        let _ = service.unbind().await;
        let mut ldap = self.open().await?;
        let bound = ldap
            .with_timeout(self.settings.timeout)
            .simple_bind(&entry.dn, password.expose_secret())
            .await
            .map_err(classify)?;
        let _ = ldap.unbind().await;
        match bound.rc {
            0 => Ok(true),
            49 => Ok(false),
            _ => Err(classify(LdapError::LdapResult { result: bound })),
        }
    }

    /// Sets a user's password as the service account.
    pub async fn set_password(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<(), DirectoryError> {
        let mut ldap = self.service().await?;
        let entry = self.find(&mut ldap, username).await?;
        let outcome = match self.settings.kind {
            DirectoryKind::ActiveDirectory => {
                if !self.settings.encrypted() {
                    return Err(DirectoryError::Unavailable(
                        "Active Directory takes passwords only over TLS (ldaps:// or StartTLS)"
                            .to_owned(),
                    ));
                }
                // unicodePwd: the password in double quotes, UTF-16LE.
                let quoted: Vec<u8> = format!("\"{}\"", password.expose_secret())
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect();
                ldap.with_timeout(self.settings.timeout)
                    .modify(
                        &entry.dn,
                        vec![Mod::Replace(
                            b"unicodePwd".to_vec(),
                            HashSet::from([quoted]),
                        )],
                    )
                    .await
                    .and_then(|r| r.success())
                    .map(|_| ())
            }
            DirectoryKind::OpenLdap => {
                if self.offers_password_modify(&mut ldap).await? {
                    ldap.with_timeout(self.settings.timeout)
                        .extended(PasswordModify {
                            user_id: Some(&entry.dn),
                            old_pass: None,
                            new_pass: Some(password.expose_secret()),
                        })
                        .await
                        .and_then(|r| r.success())
                        .map(|_| ())
                } else {
                    ldap.with_timeout(self.settings.timeout)
                        .modify(
                            &entry.dn,
                            vec![Mod::Replace(
                                "userPassword",
                                HashSet::from([password.expose_secret()]),
                            )],
                        )
                        .await
                        .and_then(|r| r.success())
                        .map(|_| ())
                }
            }
        };
        let _ = ldap.unbind().await;
        outcome.map_err(classify)
    }

    /// Whether the root DSE lists the password modify extended operation.
    async fn offers_password_modify(&self, ldap: &mut Ldap) -> Result<bool, DirectoryError> {
        let (entries, _) = ldap
            .with_timeout(self.settings.timeout)
            .search(
                "",
                Scope::Base,
                "(objectClass=*)",
                vec!["supportedExtension"],
            )
            .await
            .and_then(|r| r.success())
            .map_err(classify)?;
        Ok(entries.into_iter().map(SearchEntry::construct).any(|e| {
            e.attrs
                .get("supportedExtension")
                .is_some_and(|oids| oids.iter().any(|o| o == PASSWORD_MODIFY_OID))
        }))
    }

    /// Clears the directory's lockout of a user.
    pub async fn unlock(&self, username: &str) -> Result<(), DirectoryError> {
        let mut ldap = self.service().await?;
        let entry = self.find(&mut ldap, username).await?;
        let change = match self.settings.kind {
            DirectoryKind::OpenLdap => Mod::Delete("pwdAccountLockedTime", HashSet::new()),
            DirectoryKind::ActiveDirectory => Mod::Replace("lockoutTime", HashSet::from(["0"])),
        };
        let result = ldap
            .with_timeout(self.settings.timeout)
            .modify(&entry.dn, vec![change])
            .await
            .map_err(classify)?;
        let _ = ldap.unbind().await;
        // 16: noSuchAttribute, the account was not locked.
        match result.rc {
            0 | 16 => Ok(()),
            _ => Err(classify(LdapError::LdapResult { result })),
        }
    }

    /// Every user the filter matches (with `*` for the user name).
    pub async fn users(&self) -> Result<Vec<DirectoryUser>, DirectoryError> {
        let mut ldap = self.service().await?;
        let filter = self.settings.user_filter.replace("{username}", "*");
        let entries = self.search(&mut ldap, &filter).await?;
        let _ = ldap.unbind().await;
        let a = &self.settings.attributes;
        let first = |entry: &SearchEntry, name: &str| {
            entry
                .attrs
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .and_then(|(_, values)| values.first().cloned())
                .filter(|v| !v.trim().is_empty())
        };
        Ok(entries
            .iter()
            .filter_map(|entry| {
                let username = first(entry, &a.username)?;
                let groups = a
                    .groups
                    .as_deref()
                    .and_then(|name| {
                        entry
                            .attrs
                            .iter()
                            .find(|(key, _)| key.eq_ignore_ascii_case(name))
                    })
                    .map(|(_, values)| values.iter().map(|v| group_name(v)).collect())
                    .unwrap_or_default();
                Some(DirectoryUser {
                    username,
                    display_name: first(entry, &a.display_name),
                    email: first(entry, &a.email),
                    phone: first(entry, &a.phone),
                    employee_id: first(entry, &a.employee_id),
                    groups,
                })
            })
            .collect())
    }
}

/// A group's name from an attribute value: the first RDN's value of a DN, else the value.
fn group_name(value: &str) -> String {
    match value.split_once('=') {
        Some((_, rest)) if value.contains(',') => {
            rest.split(',').next().unwrap_or(rest).trim().to_owned()
        }
        _ => value.trim().to_owned(),
    }
}

#[async_trait::async_trait]
impl super::CredentialStore for Directory {
    fn kind(&self) -> sesame_core::process::CredentialStore {
        sesame_core::process::CredentialStore::Ldap
    }

    fn keeps_history(&self) -> bool {
        false
    }

    async fn authenticate(
        &self,
        _services: &crate::service::Services,
        user: &sesame_store::UserRecord,
        password: SecretString,
    ) -> Result<bool, crate::service::ServiceError> {
        Directory::authenticate(self, user.username.as_str(), &password)
            .await
            .map_err(super::directory_error)
    }

    async fn set_password(
        &self,
        _services: &crate::service::Services,
        user: &sesame_store::UserRecord,
        password: &SecretString,
    ) -> Result<Option<String>, crate::service::ServiceError> {
        Directory::set_password(self, user.username.as_str(), password)
            .await
            .map_err(super::directory_error)?;
        Ok(None)
    }

    async fn unlock(
        &self,
        user: &sesame_store::UserRecord,
    ) -> Result<(), crate::service::ServiceError> {
        Directory::unlock(self, user.username.as_str())
            .await
            .map_err(super::directory_error)
    }

    async fn list_users(&self) -> Result<Vec<DirectoryUser>, crate::service::ServiceError> {
        self.users().await.map_err(super::directory_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_come_from_the_first_rdn() {
        assert_eq!(group_name("cn=Staff,ou=groups,dc=example,dc=org"), "Staff");
        assert_eq!(group_name("staff"), "staff");
    }
}
