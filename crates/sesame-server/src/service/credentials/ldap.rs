//! An LDAP directory (OpenLDAP or Active Directory) as a credential store: sign-in binds as
//! the user, a reset writes the new password, an unlock clears the directory's lockout,
//! and users can be copied into Sesame so they can enroll.
//!
//! Every operation opens its own connection, binds as the service account (except the
//! user's own bind for sign-in) and ends within the configured timeout. TLS trusts the
//! system's certificates and those of `ldap_ca_file`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use ldap3::controls::RawControl;
use ldap3::exop::PasswordModify;
use ldap3::{
    ldap_escape, Ldap, LdapConnAsync, LdapConnSettings, LdapError, Mod, Scope, SearchEntry,
};
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};
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
    /// Certificates trusted for the directory's TLS besides the system's (a private CA).
    pub ca_certificates: Vec<CertificateDer<'static>>,
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
    /// The service account cannot bind or lacks a right it needs: the operator's to fix.
    #[error("the directory connection is misconfigured: {0}")]
    Misconfigured(String),
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
/// Active Directory's policy hints (`LDAP_SERVER_POLICY_HINTS_OID`, and the OID Windows
/// Server 2008 R2 used before it): with them a password reset keeps the password history.
const POLICY_HINTS_OIDS: [&str; 2] = ["1.2.840.113556.1.4.2239", "1.2.840.113556.1.4.2066"];
/// The hints' value: `SEQUENCE { Flags INTEGER 1 }`, 1 asking for the history to apply.
const POLICY_HINTS_VALUE: [u8; 5] = [0x30, 0x03, 0x02, 0x01, 0x01];
/// Result codes that mean the server cannot serve now rather than "no".
const UNAVAILABLE_CODES: [u32; 4] = [51, 52, 80, 3];
/// insufficientAccessRights: the service account may not do what was asked.
const INSUFFICIENT_ACCESS: u32 = 50;

fn classify(error: LdapError) -> DirectoryError {
    match error {
        LdapError::LdapResult { result } if result.rc == INSUFFICIENT_ACCESS => {
            DirectoryError::Misconfigured(format!(
                "the service account lacks the right (result code 50): {}",
                result.text.trim()
            ))
        }
        LdapError::LdapResult { result } if !UNAVAILABLE_CODES.contains(&result.rc) => {
            let text = result.text.trim();
            let reason = match password_restriction(text) {
                Some(reason) => reason,
                None if text.is_empty() => format!("result code {}", result.rc),
                None => text.to_owned(),
            };
            DirectoryError::Refused(reason)
        }
        LdapError::LdapResult { result } => {
            DirectoryError::Unavailable(format!("result code {}: {}", result.rc, result.text))
        }
        other => DirectoryError::Unavailable(other.to_string()),
    }
}

/// Active Directory's refusal of a password (`0000052D`, a password restriction) in words
/// a user can act on: Samba names the rule after `check_password_restrictions: `; Windows
/// only says which internal check failed, so the policy is named instead.
fn password_restriction(text: &str) -> Option<String> {
    if !text.starts_with("0000052D") {
        return None;
    }
    let samba = text
        .split_once("check_password_restrictions: ")
        .map(|(_, rule)| rule.trim().trim_end_matches(['!', '.']).to_owned())
        .filter(|rule| !rule.is_empty());
    Some(samba.unwrap_or_else(|| {
        "the password does not meet the domain's password policy (length, complexity or history)"
            .to_owned()
    }))
}

/// The TLS set-up for the directory: the system's trusted certificates (as ldap3 loads them)
/// and `extra`, with ring as the provider.
fn tls_config(extra: &[CertificateDer<'static>]) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    // A system certificate that cannot be read is left out, not fatal.
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    roots.add_parsable_certificates(extra.iter().cloned());
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    match ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions() {
        Ok(builder) => Arc::new(builder.with_root_certificates(roots).with_no_client_auth()),
        Err(e) => unreachable!("ring offers the safe TLS versions: {e}"),
    }
}

/// The certificates of a PEM file that can be trusted as authorities, or why not.
pub fn read_ca_certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    use rustls::pki_types::pem::PemObject;
    let certificates = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("not PEM certificates: {e}"))?;
    if certificates.is_empty() {
        return Err("no PEM certificate in the file".to_owned());
    }
    let mut roots = RootCertStore::empty();
    for certificate in &certificates {
        roots
            .add(certificate.clone())
            .map_err(|e| format!("a certificate cannot be trusted: {e}"))?;
    }
    Ok(certificates)
}

pub struct Directory {
    settings: LdapSettings,
    tls: Arc<ClientConfig>,
}

impl Directory {
    pub fn new(settings: LdapSettings) -> Self {
        let tls = tls_config(&settings.ca_certificates);
        Self { settings, tls }
    }

    pub fn kind(&self) -> DirectoryKind {
        self.settings.kind
    }

    async fn open(&self) -> Result<Ldap, DirectoryError> {
        let settings = LdapConnSettings::new()
            .set_conn_timeout(self.settings.timeout)
            .set_config(self.tls.clone())
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
                    DirectoryError::Misconfigured(format!("service bind refused: {reason}"))
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
                // A reset skips the history unless the server takes the policy hints.
                let supported = self.root_dse(&mut ldap, "supportedControl").await?;
                let hints = POLICY_HINTS_OIDS
                    .iter()
                    .find(|oid| supported.iter().any(|s| s == *oid));
                let request = ldap.with_timeout(self.settings.timeout);
                if let Some(oid) = hints {
                    request.with_controls(RawControl {
                        ctype: (*oid).to_owned(),
                        crit: true,
                        val: Some(POLICY_HINTS_VALUE.to_vec()),
                    });
                }
                request
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
                let extensions = self.root_dse(&mut ldap, "supportedExtension").await?;
                if extensions.iter().any(|oid| oid == PASSWORD_MODIFY_OID) {
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

    /// The values of one attribute of the root DSE (what the server offers).
    async fn root_dse(
        &self,
        ldap: &mut Ldap,
        attribute: &str,
    ) -> Result<Vec<String>, DirectoryError> {
        let (entries, _) = ldap
            .with_timeout(self.settings.timeout)
            .search("", Scope::Base, "(objectClass=*)", vec![attribute])
            .await
            .and_then(|r| r.success())
            .map_err(classify)?;
        Ok(entries
            .into_iter()
            .map(SearchEntry::construct)
            .flat_map(|e| e.attrs)
            .filter(|(name, _)| name.eq_ignore_ascii_case(attribute))
            .flat_map(|(_, values)| values)
            .collect())
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
    fn active_directory_refusals_are_worded_for_the_user() {
        let check = |text: &str, expected: Option<&str>| {
            assert_eq!(password_restriction(text).as_deref(), expected, "{text}");
        };
        check(
            "0000052D: Constraint violation - check_password_restrictions: the password does not meet the complexity criteria!",
            Some("the password does not meet the complexity criteria"),
        );
        check(
            "0000052D: SvcErr: DSID-031A12D2, problem 5003 (WILL_NOT_PERFORM), data 0",
            Some("the password does not meet the domain's password policy (length, complexity or history)"),
        );
        check("Password is in history of old passwords", None);
    }

    #[test]
    fn group_names_come_from_the_first_rdn() {
        assert_eq!(group_name("cn=Staff,ou=groups,dc=example,dc=org"), "Staff");
        assert_eq!(group_name("staff"), "staff");
    }
}
