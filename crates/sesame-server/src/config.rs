//! Bootstrap settings: defaults, then a TOML file, then `SESAME_*` environment variables.
//!
//! Every setting has one name, used as the TOML key and, upper-cased behind `SESAME_`, as
//! the environment variable. The layers are merged by figment into `RawSettings`, a derived
//! struct whose field types parse and check each value on its own; an unknown key is an
//! error there (`deny_unknown_fields`). `RawSettings::validate` then holds only the rules
//! that span several settings and builds the `Settings` the server runs with. Every error
//! is one line naming the setting and where its value came from. Variables beginning with
//! `SESAME_TEST_` are left to the test suite.
//!
//! This module reads the setting files it is pointed at (the TOML file, the database, SMTP
//! and LDAP CA files, the LDAP bind password file) and nothing else; it never prints a secret.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::service::credentials::ldap::{Attributes, DirectoryKind, LdapSettings};

/// Optional parts of Sesame, switched on at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// Soft PIN and caller verification for AI voice agents.
    VoiceAgents,
}

impl Module {
    const ALL: [(Module, &'static str); 1] = [(Module::VoiceAgents, "voice_agents")];

    fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(module, _)| *module)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(module, _)| *module == self)
            .map_or("", |(_, name)| name)
    }
}

impl Serialize for Module {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub database_max_connections: u32,
    /// PEM certificates of the authorities PostgreSQL's server certificate is checked
    /// against (with `sslmode=verify-full` or `verify-ca` in the URL).
    pub database_ca_file: Option<PathBuf>,
    pub modules: BTreeSet<Module>,
    pub bootstrap_admin_token: Option<SecretString>,
    pub log_format: LogFormat,
    pub log_level: String,
    /// Mark cookies `Secure`. Browsers accept secure cookies from http://localhost, so
    /// only turn this off for plain HTTP on another host name during development.
    pub secure_cookies: bool,
    /// Threads that compute password and PIN hashes (default: one per core).
    pub hash_workers: usize,
    /// Hash jobs allowed to wait before new ones are refused with 503 `server.busy`.
    pub hash_queue_limit: usize,
    pub email: EmailSettings,
    pub sms: SmsSettings,
    /// How long one attempt to hand a message to the SMTP server or SMS provider may take.
    pub delivery_timeout: std::time::Duration,
    /// The LDAP directory, when one is configured (`ldap_url`).
    pub ldap: Option<LdapSettings>,
    /// The base URL callers from outside (a telephony provider) reach Sesame at, such as
    /// `https://sesame.example.com`, without a trailing slash. Unset: taken from each
    /// request (`X-Forwarded-Proto`, else http, and the `Host` header).
    pub public_url: Option<String>,
    /// The auth token Twilio signs its webhooks with; without it the phone line through
    /// Twilio does not exist.
    pub twilio_auth_token: Option<SecretString>,
    /// Peers whose `X-Forwarded-For` or `Forwarded` header names the client; from any
    /// other peer the headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long a request's headers, and then its body, may take to arrive.
    pub request_timeout: std::time::Duration,
    /// Send `Strict-Transport-Security` (for servers reached only over HTTPS).
    pub hsts: bool,
    /// When set, `/metrics` answers only with `Authorization: Bearer <token>`.
    pub metrics_token: Option<SecretString>,
}

/// How e-mail leaves: SMTP, the log (development), or not at all.
#[derive(Debug, Clone)]
pub enum EmailSettings {
    Off,
    Smtp {
        url: SecretString,
        from: String,
        /// PEM certificates trusted for the SMTP server besides the public roots.
        roots: Option<Vec<u8>>,
    },
    Log {
        from: String,
    },
}

/// How SMS leaves: an HTTP provider, the log (development), or not at all.
#[derive(Debug, Clone)]
pub struct SmsSettings {
    pub provider: Option<sesame_delivery::SmsProvider>,
    pub url: String,
    pub from: String,
    pub account: String,
    pub secret: Option<SecretString>,
}

/// One bad setting, worded for the one line printed before exiting. `name` says where the
/// value came from as well, e.g. `SESAME_LISTEN (environment)` or
/// `listen (file /etc/sesame.toml)`.
#[derive(Debug, thiserror::Error)]
#[error("setting {name}: {problem}")]
pub struct SettingError {
    pub name: String,
    pub problem: String,
}

fn bad(name: impl Into<String>, problem: impl Into<String>) -> SettingError {
    SettingError {
        name: name.into(),
        problem: problem.into(),
    }
}

impl Settings {
    /// Loads settings from an optional TOML file and the given environment.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingError> {
        let layers = layers(file, env)?;
        let raw: RawSettings = layers.extract().map_err(from_figment)?;
        raw.validate(&Origins::of(&layers))
    }

    /// Defaults only, with the data in `data_dir`: the starting point of tests.
    pub fn with_data_dir(data_dir: &Path) -> Self {
        let raw = RawSettings {
            data_dir: data_dir.to_owned(),
            ..RawSettings::default()
        };
        match raw.validate(&Origins::default()) {
            Ok(settings) => settings,
            Err(e) => unreachable!("defaults are valid: {e}"),
        }
    }

    pub fn module_enabled(&self, module: Module) -> bool {
        self.modules.contains(&module)
    }
}

/// The effective settings from the same sources as `Settings::load`, as TOML with the
/// keys a settings file takes. Each line says where its value came from; secrets show as
/// `(set)` and passwords in URLs as `***`. Settings that are not set are left out, and so
/// are the directory's when `ldap_url` is not set. Fails as `Settings::load` would.
pub fn effective_toml(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<String, SettingError> {
    let layers = layers(file, env)?;
    let raw: RawSettings = layers.extract().map_err(from_figment)?;
    let origins = Origins::of(&layers);
    let shown = raw.clone().with_derived_defaults();
    raw.validate(&origins)?;
    let text = toml::to_string(&shown)
        .map_err(|e| bad("(all)", format!("cannot be shown as TOML: {e}")))?;
    let mut out = String::new();
    for line in text.lines() {
        let key = line
            .split_once(" = ")
            .map(|(key, _)| key)
            .filter(|key| key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'));
        match key {
            Some(key) if key.starts_with("ldap_") && shown.ldap_url.is_none() => {}
            Some(key) => out.push_str(&format!("{line:<60} # {}\n", origins.source(key))),
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    Ok(out)
}

/// The name figment knows the environment layer by.
const ENVIRONMENT: &str = "environment";

/// The file (when given) and the environment, in the order they override each other; the
/// defaults are `RawSettings::default`.
fn layers(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
) -> Result<Figment, SettingError> {
    let mut layers = Figment::new();
    if let Some(path) = file {
        layers = layers.merge(SettingsFile::read(path)?);
    }
    Ok(layers.merge(Environment::new(env)))
}

/// A TOML settings file, read and parsed before it is merged so that a missing or broken
/// file is reported as such.
struct SettingsFile {
    path: PathBuf,
    table: toml::Table,
}

impl SettingsFile {
    fn read(path: &Path) -> Result<Self, SettingError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| bad("--config", format!("cannot read {}: {e}", path.display())))?;
        let table = text.parse().map_err(|e: toml::de::Error| {
            bad(
                "--config",
                format!("{} is not valid TOML: {}", path.display(), e.message()),
            )
        })?;
        Ok(Self {
            path: path.to_owned(),
            table,
        })
    }
}

impl Provider for SettingsFile {
    fn metadata(&self) -> Metadata {
        Metadata::from("file", self.path.as_path())
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        match Value::serialize(&self.table)? {
            Value::Dict(_, dict) => Ok(Profile::Default.collect(dict)),
            _ => Ok(Map::new()),
        }
    }
}

/// The `SESAME_*` variables, every value as the text it is; `SESAME_TEST_*` are skipped.
struct Environment {
    variables: Dict,
}

impl Environment {
    fn new(env: impl IntoIterator<Item = (String, String)>) -> Self {
        let variables = env
            .into_iter()
            .filter_map(|(name, value)| {
                let key = name.strip_prefix("SESAME_")?;
                (!key.starts_with("TEST_")).then(|| (key.to_ascii_lowercase(), Value::from(value)))
            })
            .collect();
        Self { variables }
    }
}

impl Provider for Environment {
    fn metadata(&self) -> Metadata {
        Metadata::named(ENVIRONMENT).interpolater(|_, keys| variable(&keys.join("_")))
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        Ok(Profile::Default.collect(self.variables.clone()))
    }
}

/// The environment variable of a setting.
fn variable(key: &str) -> String {
    format!("SESAME_{}", key.to_ascii_uppercase())
}

/// How a setting is named in an error: by its variable or key and where it came from.
fn describe(key: &str, metadata: &Metadata) -> String {
    if metadata.name == ENVIRONMENT {
        return format!("{} (environment)", variable(key));
    }
    match metadata.source.as_ref().and_then(|s| s.file_path()) {
        Some(path) => format!("{key} (file {})", path.display()),
        None => key.to_owned(),
    }
}

/// One line for the first problem figment found.
fn from_figment(error: figment::Error) -> SettingError {
    use figment::error::Kind;
    let key = error.path.join(".");
    let name = match &error.metadata {
        Some(metadata) if !key.is_empty() => describe(&key, metadata),
        _ if key.is_empty() => "(all)".to_owned(),
        _ => key,
    };
    let problem = match error.kind {
        Kind::UnknownField(..) => "unknown setting".to_owned(),
        Kind::UnknownVariant(_, expected) => format!("expected {}", one_of(expected)),
        Kind::InvalidType(actual, expected) => format!("expected {expected}, found {actual}"),
        kind => kind.to_string(),
    };
    bad(name, problem)
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(names: &[&str]) -> String {
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "nothing".to_owned(),
    }
}

/// Where each set value came from, for errors about rules across settings and for
/// `effective_toml`. A key that is not here has its default.
#[derive(Default)]
struct Origins {
    /// Key to its name in errors, e.g. `listen` to `SESAME_LISTEN (environment)`.
    named: Map<String, String>,
    /// Key to its source for `effective_toml`, e.g. `SESAME_LISTEN` or `file sesame.toml`.
    sources: Map<String, String>,
}

impl Origins {
    fn of(layers: &Figment) -> Self {
        let mut origins = Self::default();
        let keys = layers.extract::<Dict>().unwrap_or_default();
        for key in keys.keys() {
            if let Some(metadata) = layers.find_metadata(key) {
                origins.named.insert(key.clone(), describe(key, metadata));
                let source = match metadata.source.as_ref().and_then(|s| s.file_path()) {
                    _ if metadata.name == ENVIRONMENT => variable(key),
                    Some(path) => format!("file {}", path.display()),
                    None => metadata.name.to_string(),
                };
                origins.sources.insert(key.clone(), source);
            }
        }
        origins
    }

    /// The name of a setting in an error about its value.
    fn name(&self, key: &str) -> String {
        self.named
            .get(key)
            .cloned()
            .unwrap_or_else(|| format!("{key} (default)"))
    }

    /// The name of a setting that is missing but needed by `needed_by`, in the form (key
    /// or variable) that `needed_by` was given in.
    fn missing(&self, key: &str, needed_by: &str) -> String {
        let from_environment = self
            .sources
            .get(needed_by)
            .is_some_and(|source| source.starts_with("SESAME_"));
        if from_environment {
            format!("{} (not set)", variable(key))
        } else {
            format!("{key} (not set)")
        }
    }

    /// Where a value shown by `effective_toml` came from.
    fn source(&self, key: &str) -> String {
        self.sources
            .get(key)
            .cloned()
            .unwrap_or_else(|| "default".to_owned())
    }
}

/// Every setting as a settings file or the environment gives it, each value already parsed
/// and checked on its own. Unset settings have the defaults of `Default`.
#[derive(Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
struct RawSettings {
    #[serde(deserialize_with = "parse::address")]
    listen: SocketAddr,
    #[serde(deserialize_with = "parse::path")]
    data_dir: PathBuf,
    /// Unset: `sqlite://<data_dir>/sesame.db`.
    #[serde(
        deserialize_with = "parse::database_url",
        serialize_with = "show::url",
        skip_serializing_if = "Option::is_none"
    )]
    database_url: Option<String>,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 1000>")]
    database_max_connections: u32,
    #[serde(
        deserialize_with = "parse::some_path",
        skip_serializing_if = "Option::is_none"
    )]
    database_ca_file: Option<PathBuf>,
    #[serde(deserialize_with = "parse::modules")]
    modules: BTreeSet<Module>,
    #[serde(
        deserialize_with = "parse::admin_token",
        serialize_with = "show::secret",
        skip_serializing_if = "Option::is_none"
    )]
    bootstrap_admin_token: Option<SecretString>,
    log_format: LogFormat,
    #[serde(deserialize_with = "parse::log_level")]
    log_level: String,
    #[serde(deserialize_with = "parse::boolean")]
    secure_cookies: bool,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 256>")]
    hash_workers: usize,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 1_000_000>")]
    hash_queue_limit: usize,
    #[serde(
        deserialize_with = "parse::networks",
        serialize_with = "show::networks"
    )]
    trusted_proxies: Vec<ipnet::IpNet>,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 1_000_000>")]
    max_connections: usize,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 300>")]
    request_timeout_seconds: u64,
    #[serde(deserialize_with = "parse::boolean")]
    hsts: bool,
    #[serde(
        deserialize_with = "parse::metrics_token",
        serialize_with = "show::secret",
        skip_serializing_if = "Option::is_none"
    )]
    metrics_token: Option<SecretString>,

    #[serde(skip_serializing_if = "Option::is_none")]
    email_transport: Option<EmailTransportName>,
    #[serde(
        deserialize_with = "parse::smtp_url",
        serialize_with = "show::secret_url",
        skip_serializing_if = "Option::is_none"
    )]
    smtp_url: Option<SecretString>,
    #[serde(
        deserialize_with = "parse::some_path",
        skip_serializing_if = "Option::is_none"
    )]
    smtp_ca_file: Option<PathBuf>,
    #[serde(deserialize_with = "parse::email_from")]
    email_from: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    sms_provider: Option<SmsProviderName>,
    /// Unset: the Twilio API root with the twilio provider.
    #[serde(
        deserialize_with = "parse::http_url",
        serialize_with = "show::url",
        skip_serializing_if = "Option::is_none"
    )]
    sms_url: Option<String>,
    #[serde(deserialize_with = "parse::text")]
    sms_from: String,
    #[serde(deserialize_with = "parse::text")]
    sms_account: String,
    #[serde(
        deserialize_with = "parse::secret",
        serialize_with = "show::secret",
        skip_serializing_if = "Option::is_none"
    )]
    sms_secret: Option<SecretString>,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 300>")]
    delivery_timeout_seconds: u64,

    #[serde(
        deserialize_with = "parse::ldap_url",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_url: Option<String>,
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_bind_dn: Option<String>,
    #[serde(
        deserialize_with = "parse::some_path",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_bind_password_file: Option<PathBuf>,
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_user_base: Option<String>,
    /// Unset: the user name attribute equal to `{username}`; on Active Directory only for
    /// people whose account is not disabled (`ACTIVE_DIRECTORY_FILTER`).
    #[serde(
        deserialize_with = "parse::user_filter",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_user_filter: Option<String>,
    /// Unset: `uid`, or `sAMAccountName` on Active Directory.
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_username_attribute: Option<String>,
    #[serde(deserialize_with = "parse::non_empty")]
    ldap_email_attribute: String,
    /// Unset: `cn`, or `displayName` on Active Directory.
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_display_name_attribute: Option<String>,
    #[serde(deserialize_with = "parse::non_empty")]
    ldap_phone_attribute: String,
    /// Unset: `employeeNumber`, or `employeeID` on Active Directory.
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_employee_id_attribute: Option<String>,
    #[serde(
        deserialize_with = "parse::some_non_empty",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_groups_attribute: Option<String>,
    ldap_mode: LdapMode,
    #[serde(deserialize_with = "parse::boolean")]
    ldap_starttls: bool,
    #[serde(
        deserialize_with = "parse::some_path",
        skip_serializing_if = "Option::is_none"
    )]
    ldap_ca_file: Option<PathBuf>,
    #[serde(deserialize_with = "parse::whole::<_, _, 1, 120>")]
    ldap_timeout_seconds: u64,

    #[serde(
        deserialize_with = "parse::public_url",
        skip_serializing_if = "Option::is_none"
    )]
    public_url: Option<String>,
    #[serde(
        deserialize_with = "parse::secret",
        serialize_with = "show::secret",
        skip_serializing_if = "Option::is_none"
    )]
    twilio_auth_token: Option<SecretString>,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum EmailTransportName {
    Smtp,
    Log,
}

#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum SmsProviderName {
    Twilio,
    Webhook,
    Log,
}

/// The people an Active Directory user filter finds by default: user objects of the person
/// category (not computers) whose account is not disabled (`userAccountControl` bit 2,
/// matched bitwise), so that `krbtgt`, `Guest` and disabled staff are never taken.
const ACTIVE_DIRECTORY_FILTER: &str =
    "(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2))";

#[derive(Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
enum LdapMode {
    Openldap,
    ActiveDirectory,
}

impl Default for RawSettings {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("sesame-data"),
            database_url: None,
            database_max_connections: 10,
            database_ca_file: None,
            modules: BTreeSet::from([Module::VoiceAgents]),
            bootstrap_admin_token: None,
            log_format: LogFormat::Text,
            log_level: "info".to_owned(),
            secure_cookies: true,
            hash_workers: std::thread::available_parallelism().map_or(2, usize::from),
            hash_queue_limit: 1024,
            trusted_proxies: Vec::new(),
            max_connections: 1024,
            request_timeout_seconds: 10,
            hsts: false,
            metrics_token: None,
            email_transport: None,
            smtp_url: None,
            smtp_ca_file: None,
            email_from: "Sesame <sesame@localhost>".to_owned(),
            sms_provider: None,
            sms_url: None,
            sms_from: String::new(),
            sms_account: String::new(),
            sms_secret: None,
            delivery_timeout_seconds: 15,
            ldap_url: None,
            ldap_bind_dn: None,
            ldap_bind_password_file: None,
            ldap_user_base: None,
            ldap_user_filter: None,
            ldap_username_attribute: None,
            ldap_email_attribute: "mail".to_owned(),
            ldap_display_name_attribute: None,
            ldap_phone_attribute: "telephoneNumber".to_owned(),
            ldap_employee_id_attribute: None,
            ldap_groups_attribute: None,
            ldap_mode: LdapMode::Openldap,
            ldap_starttls: false,
            ldap_ca_file: None,
            ldap_timeout_seconds: 5,
            public_url: None,
            twilio_auth_token: None,
        }
    }
}

impl RawSettings {
    /// Fills in the defaults that depend on other settings.
    fn with_derived_defaults(mut self) -> Self {
        if self.database_url.is_none() {
            let database = self.data_dir.join("sesame.db");
            self.database_url = Some(format!("sqlite://{}", database.display()));
        }
        if self.sms_url.is_none() && self.sms_provider == Some(SmsProviderName::Twilio) {
            self.sms_url = Some("https://api.twilio.com".to_owned());
        }
        let active_directory = self.ldap_mode == LdapMode::ActiveDirectory;
        let pick = |openldap: &str, ad: &str| {
            Some(if active_directory { ad } else { openldap }.to_owned())
        };
        if self.ldap_username_attribute.is_none() {
            self.ldap_username_attribute = pick("uid", "sAMAccountName");
        }
        if self.ldap_display_name_attribute.is_none() {
            self.ldap_display_name_attribute = pick("cn", "displayName");
        }
        if self.ldap_employee_id_attribute.is_none() {
            self.ldap_employee_id_attribute = pick("employeeNumber", "employeeID");
        }
        if self.ldap_user_filter.is_none() {
            let named = format!(
                "({}={{username}})",
                self.ldap_username_attribute.as_deref().unwrap_or_default()
            );
            self.ldap_user_filter = Some(if active_directory {
                format!("(&{ACTIVE_DIRECTORY_FILTER}{named})")
            } else {
                named
            });
        }
        self
    }

    /// The rules across settings, and the files that settings point to; builds `Settings`.
    fn validate(self, origins: &Origins) -> Result<Settings, SettingError> {
        let raw = self.with_derived_defaults();
        raw.check_database_ca_file(origins)?;
        let email = raw.email(origins)?;
        let sms = raw.sms(origins)?;
        let ldap = raw.ldap(origins)?;
        Ok(Settings {
            listen: raw.listen,
            database_url: raw.database_url.unwrap_or_default(),
            data_dir: raw.data_dir,
            database_max_connections: raw.database_max_connections,
            database_ca_file: raw.database_ca_file,
            modules: raw.modules,
            bootstrap_admin_token: raw.bootstrap_admin_token,
            log_format: raw.log_format,
            log_level: raw.log_level,
            secure_cookies: raw.secure_cookies,
            hash_workers: raw.hash_workers,
            hash_queue_limit: raw.hash_queue_limit,
            email,
            sms,
            delivery_timeout: std::time::Duration::from_secs(raw.delivery_timeout_seconds),
            ldap,
            public_url: raw.public_url,
            twilio_auth_token: raw.twilio_auth_token,
            trusted_proxies: raw.trusted_proxies,
            max_connections: raw.max_connections,
            request_timeout: std::time::Duration::from_secs(raw.request_timeout_seconds),
            hsts: raw.hsts,
            metrics_token: raw.metrics_token,
        })
    }

    /// A database CA file must be readable, hold certificates, and go with a PostgreSQL URL
    /// that has the server's certificate checked.
    fn check_database_ca_file(&self, origins: &Origins) -> Result<(), SettingError> {
        let Some(path) = &self.database_ca_file else {
            return Ok(());
        };
        let name = origins.name("database_ca_file");
        let pem = std::fs::read(path)
            .map_err(|e| bad(&name, format!("cannot read {}: {e}", path.display())))?;
        sesame_store::check_ca_file(self.database_url.as_deref().unwrap_or_default(), &pem)
            .map_err(|e| bad(&name, e))
    }

    /// The e-mail transport: `email_transport = "log"` wins over `smtp_url`; the SMTP URL
    /// must suit `email_from`, and a CA file must hold certificates and the URL use TLS.
    fn email(&self, origins: &Origins) -> Result<EmailSettings, SettingError> {
        let from = self.email_from.clone();
        if self.email_transport == Some(EmailTransportName::Log) {
            return Ok(EmailSettings::Log { from });
        }
        let Some(url) = &self.smtp_url else {
            return Ok(EmailSettings::Off);
        };
        sesame_delivery::EmailTransport::check(url.expose_secret(), &from)
            .map_err(|e| bad(origins.name("smtp_url"), e))?;
        let roots = match &self.smtp_ca_file {
            Some(path) => {
                let name = origins.name("smtp_ca_file");
                let pem = std::fs::read(path)
                    .map_err(|e| bad(&name, format!("cannot read {}: {e}", path.display())))?;
                sesame_delivery::EmailTransport::check_roots(url.expose_secret(), &pem)
                    .map_err(|e| bad(&name, e))?;
                Some(pem)
            }
            None => None,
        };
        Ok(EmailSettings::Smtp {
            url: url.clone(),
            from,
            roots,
        })
    }

    /// The SMS provider with what it needs: a URL for the webhook, an account and secret
    /// for Twilio, an HMAC key for the webhook.
    fn sms(&self, origins: &Origins) -> Result<SmsSettings, SettingError> {
        use sesame_delivery::SmsProvider;
        let provider = self.sms_provider.map(|name| match name {
            SmsProviderName::Twilio => SmsProvider::Twilio,
            SmsProviderName::Webhook => SmsProvider::Webhook,
            SmsProviderName::Log => SmsProvider::Log,
        });
        let needs = |key: &str, problem: &str| bad(origins.missing(key, "sms_provider"), problem);
        match provider {
            Some(SmsProvider::Webhook) if self.sms_url.is_none() => {
                return Err(needs(
                    "sms_url",
                    "the webhook provider needs the URL to post to",
                ))
            }
            Some(SmsProvider::Webhook) if self.sms_secret.is_none() => {
                return Err(needs(
                    "sms_secret",
                    "the webhook provider needs an HMAC key in sms_secret",
                ))
            }
            Some(SmsProvider::Twilio) if self.sms_account.is_empty() => {
                return Err(needs(
                    "sms_account",
                    "the twilio provider needs sms_account and sms_secret",
                ))
            }
            Some(SmsProvider::Twilio) if self.sms_secret.is_none() => {
                return Err(needs(
                    "sms_secret",
                    "the twilio provider needs sms_account and sms_secret",
                ))
            }
            _ => {}
        }
        Ok(SmsSettings {
            provider,
            url: self.sms_url.clone().unwrap_or_default(),
            from: self.sms_from.clone(),
            account: self.sms_account.clone(),
            secret: self.sms_secret.clone(),
        })
    }

    /// The directory settings, all or nothing: without `ldap_url` no other `ldap_` key may
    /// be set; with it, the bind DN, user base and password file are needed, and Active
    /// Directory needs TLS.
    fn ldap(&self, origins: &Origins) -> Result<Option<LdapSettings>, SettingError> {
        let Some(url) = &self.ldap_url else {
            let stray = origins
                .named
                .iter()
                .find(|(key, _)| key.starts_with("ldap_"));
            return match stray {
                Some((_, name)) => Err(bad(name, "set ldap_url first")),
                None => Ok(None),
            };
        };
        let needed = |value: &Option<String>, key: &str| {
            value
                .clone()
                .ok_or_else(|| bad(origins.missing(key, "ldap_url"), "needed with ldap_url"))
        };
        let bind_dn = needed(&self.ldap_bind_dn, "ldap_bind_dn")?;
        let user_base = needed(&self.ldap_user_base, "ldap_user_base")?;
        let Some(password_file) = &self.ldap_bind_password_file else {
            return Err(bad(
                origins.missing("ldap_bind_password_file", "ldap_url"),
                "needed with ldap_url",
            ));
        };
        let bind_password = std::fs::read_to_string(password_file)
            .map_err(|e| {
                bad(
                    origins.name("ldap_bind_password_file"),
                    format!("cannot read {}: {e}", password_file.display()),
                )
            })?
            .trim_end_matches(['\r', '\n'])
            .to_owned();
        let kind = match self.ldap_mode {
            LdapMode::Openldap => DirectoryKind::OpenLdap,
            LdapMode::ActiveDirectory => DirectoryKind::ActiveDirectory,
        };
        let ca_certificates = match &self.ldap_ca_file {
            Some(path) => {
                let name = origins.name("ldap_ca_file");
                let pem = std::fs::read(path)
                    .map_err(|e| bad(&name, format!("cannot read {}: {e}", path.display())))?;
                crate::service::credentials::ldap::read_ca_certificates(&pem)
                    .map_err(|e| bad(&name, e))?
            }
            None => Vec::new(),
        };
        // Filled in by `with_derived_defaults`.
        let derived = |value: &Option<String>| value.clone().unwrap_or_default();
        let settings = LdapSettings {
            url: url.clone(),
            bind_dn,
            bind_password: SecretString::from(bind_password),
            user_base,
            user_filter: derived(&self.ldap_user_filter),
            attributes: Attributes {
                username: derived(&self.ldap_username_attribute),
                email: self.ldap_email_attribute.clone(),
                display_name: derived(&self.ldap_display_name_attribute),
                phone: self.ldap_phone_attribute.clone(),
                employee_id: derived(&self.ldap_employee_id_attribute),
                groups: self.ldap_groups_attribute.clone(),
            },
            kind,
            starttls: self.ldap_starttls,
            ca_certificates,
            timeout: std::time::Duration::from_secs(self.ldap_timeout_seconds),
        };
        if kind == DirectoryKind::ActiveDirectory && !settings.encrypted() {
            return Err(bad(
                origins.name("ldap_mode"),
                "Active Directory takes passwords only over TLS: use ldaps:// or ldap_starttls = true",
            ));
        }
        if !settings.ca_certificates.is_empty() && !settings.encrypted() {
            return Err(bad(
                origins.name("ldap_ca_file"),
                "trusted certificates are given but the directory is reached without TLS \
                 (use ldaps:// or ldap_starttls = true)",
            ));
        }
        Ok(Some(settings))
    }
}

/// Field parsers for `RawSettings`. A value from the environment is always text, one from
/// the file may be a number, a boolean or a list, so each parser takes both. A parser
/// checks its one value; rules across settings are in `RawSettings::validate`.
mod parse {
    use std::collections::BTreeSet;
    use std::fmt;
    use std::net::SocketAddr;
    use std::path::PathBuf;

    use secrecy::SecretString;
    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer};

    use super::Module;

    /// One value as written.
    enum Written {
        Text(String),
        Whole(i128),
        Boolean(bool),
        List(Vec<String>),
    }

    impl<'de> Deserialize<'de> for Written {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(WrittenVisitor)
        }
    }

    struct WrittenVisitor;

    impl<'de> Visitor<'de> for WrittenVisitor {
        type Value = Written;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string, a whole number, true or false, or a list of strings")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<Written, E> {
            Ok(Written::Text(value.to_owned()))
        }

        fn visit_string<E: Error>(self, value: String) -> Result<Written, E> {
            Ok(Written::Text(value))
        }

        fn visit_i64<E: Error>(self, value: i64) -> Result<Written, E> {
            Ok(Written::Whole(value.into()))
        }

        fn visit_u64<E: Error>(self, value: u64) -> Result<Written, E> {
            Ok(Written::Whole(value.into()))
        }

        fn visit_bool<E: Error>(self, value: bool) -> Result<Written, E> {
            Ok(Written::Boolean(value))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Written, A::Error> {
            let mut list = Vec::new();
            while let Some(item) = items.next_element::<Written>()? {
                match item {
                    Written::Text(text) => list.push(text),
                    _ => return Err(A::Error::custom("expected a list of strings")),
                }
            }
            Ok(Written::List(list))
        }
    }

    pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        match Written::deserialize(deserializer)? {
            Written::Text(text) => Ok(text),
            _ => Err(D::Error::custom("expected a string")),
        }
    }

    pub fn non_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let text = text(deserializer)?;
        if text.trim().is_empty() {
            return Err(D::Error::custom("must not be empty"));
        }
        Ok(text)
    }

    pub fn some_non_empty<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        non_empty(deserializer).map(Some)
    }

    pub fn path<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        non_empty(deserializer).map(PathBuf::from)
    }

    pub fn some_path<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<PathBuf>, D::Error> {
        path(deserializer).map(Some)
    }

    /// A whole number from `MIN` to `MAX`, written as a number or as text.
    pub fn whole<'de, D, T, const MIN: i64, const MAX: i64>(deserializer: D) -> Result<T, D::Error>
    where
        D: Deserializer<'de>,
        T: TryFrom<i128>,
    {
        let value = match Written::deserialize(deserializer)? {
            Written::Whole(value) => Some(value),
            Written::Text(text) => text.trim().parse().ok(),
            _ => None,
        };
        value
            .filter(|v| (i128::from(MIN)..=i128::from(MAX)).contains(v))
            .and_then(|v| T::try_from(v).ok())
            .ok_or_else(|| D::Error::custom(format!("expected a whole number from {MIN} to {MAX}")))
    }

    pub fn boolean<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
        match Written::deserialize(deserializer)? {
            Written::Boolean(value) => Ok(value),
            Written::Text(text) if text == "true" => Ok(true),
            Written::Text(text) if text == "false" => Ok(false),
            _ => Err(D::Error::custom("expected true or false")),
        }
    }

    pub fn address<'de, D: Deserializer<'de>>(deserializer: D) -> Result<SocketAddr, D::Error> {
        text(deserializer)?
            .parse()
            .map_err(|_| D::Error::custom("expected address:port, such as 127.0.0.1:8080"))
    }

    pub fn database_url<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let url = non_empty(deserializer)?;
        match sesame_store::Backend::of_url(&url) {
            Some(_) => Ok(Some(url)),
            None => Err(D::Error::custom(
                "expected a sqlite://PATH or postgres://... URL",
            )),
        }
    }

    /// A list of module names, or the names separated by commas; empty means none.
    pub fn modules<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeSet<Module>, D::Error> {
        let names = match Written::deserialize(deserializer)? {
            Written::Text(text) => text.split(',').map(|n| n.trim().to_owned()).collect(),
            Written::List(names) => names,
            _ => {
                return Err(D::Error::custom(
                    "expected a comma-separated list of module names",
                ))
            }
        };
        names
            .iter()
            .filter(|name| !name.is_empty())
            .map(|name| {
                Module::parse(name).ok_or_else(|| {
                    let known: Vec<_> = Module::ALL.iter().map(|(_, n)| *n).collect();
                    D::Error::custom(format!(
                        "unknown module {name:?} (known: {})",
                        known.join(", ")
                    ))
                })
            })
            .collect()
    }

    pub fn secret<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SecretString>, D::Error> {
        text(deserializer).map(|text| Some(SecretString::from(text)))
    }

    pub fn admin_token<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SecretString>, D::Error> {
        let token = text(deserializer)?;
        if token.len() < 20 {
            return Err(D::Error::custom("must be at least 20 characters long"));
        }
        Ok(Some(SecretString::from(token)))
    }

    /// Networks (`10.0.0.0/8`, `2001:db8::/32`) or single addresses, as a list or separated
    /// by commas; empty means none.
    pub fn networks<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<ipnet::IpNet>, D::Error> {
        let items = match Written::deserialize(deserializer)? {
            Written::Text(text) => text.split(',').map(|n| n.trim().to_owned()).collect(),
            Written::List(items) => items,
            _ => {
                return Err(D::Error::custom(
                    "expected a comma-separated list of networks such as 10.0.0.0/8",
                ))
            }
        };
        items
            .iter()
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<ipnet::IpNet>()
                    .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map(|network| network.trunc())
                    .map_err(|_| {
                        D::Error::custom(format!(
                            "{item:?} is not a network such as 10.0.0.0/8 or an address"
                        ))
                    })
            })
            .collect()
    }

    pub fn metrics_token<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SecretString>, D::Error> {
        let token = text(deserializer)?;
        if token.len() < 20 {
            return Err(D::Error::custom("must be at least 20 characters long"));
        }
        Ok(Some(SecretString::from(token)))
    }

    pub fn log_level<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let level = non_empty(deserializer)?;
        tracing_subscriber::EnvFilter::try_new(&level)
            .map_err(|e| D::Error::custom(format!("not a log filter: {e}")))?;
        Ok(level)
    }

    pub fn email_from<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let from = non_empty(deserializer)?;
        sesame_delivery::EmailTransport::log(&from).map_err(D::Error::custom)?;
        Ok(from)
    }

    pub fn smtp_url<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SecretString>, D::Error> {
        let url = non_empty(deserializer)?;
        if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
            return Err(D::Error::custom(
                "expected smtp://host:port or smtps://host:port",
            ));
        }
        Ok(Some(SecretString::from(url)))
    }

    pub fn http_url<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let url = non_empty(deserializer)?;
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(D::Error::custom("expected an http:// or https:// URL"));
        }
        Ok(Some(url))
    }

    /// A base URL: `http://` or `https://` and a host, an optional path, no query; the
    /// trailing slash is dropped.
    pub fn public_url<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let url = non_empty(deserializer)?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        let host = rest.and_then(|rest| rest.split('/').next());
        let plain = !url.contains(['?', '#', '@']) && !url.chars().any(char::is_whitespace);
        if host.is_none_or(str::is_empty) || !plain {
            return Err(D::Error::custom(
                "expected the base URL Sesame is reached at from outside, such as https://sesame.example.com",
            ));
        }
        Ok(Some(url.trim_end_matches('/').to_owned()))
    }

    pub fn ldap_url<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let url = non_empty(deserializer)?;
        if !(url.starts_with("ldap://") || url.starts_with("ldaps://")) {
            return Err(D::Error::custom(
                "expected ldap://host:port or ldaps://host:port",
            ));
        }
        Ok(Some(url))
    }

    pub fn user_filter<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<String>, D::Error> {
        let filter = non_empty(deserializer)?;
        if !filter.contains("{username}") {
            return Err(D::Error::custom("must contain {username}"));
        }
        Ok(Some(filter))
    }
}

/// How `effective_toml` shows secrets: never their values.
/// A URL with its secrets hidden (the password of the authority, secret query
/// parameters), for the log and `sesame config`.
pub fn redact_url(url: &str) -> String {
    // The password in the authority: `scheme://user:password@host`.
    let url = match (
        url.find("://"),
        url.split('?').next().and_then(|u| u.rfind('@')),
    ) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    };
    // Secrets in the query: `?password=...`, `sslpassword`, tokens and keys.
    let Some((base, query)) = url.split_once('?') else {
        return url;
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _))
                if ["password", "pass", "secret", "token", "key", "sig"]
                    .iter()
                    .any(|word| name.to_ascii_lowercase().contains(word)) =>
            {
                format!("{name}=***")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

mod show {
    use secrecy::{ExposeSecret, SecretString};
    use serde::Serializer;

    pub fn secret<S: Serializer>(
        value: &Option<SecretString>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(_) => serializer.serialize_str("(set)"),
            None => serializer.serialize_none(),
        }
    }

    pub fn networks<S: Serializer>(
        value: &[ipnet::IpNet],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(ToString::to_string))
    }

    /// A URL with the password in it replaced by `***`.
    pub fn url<S: Serializer>(value: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(url) => serializer.serialize_str(&super::redact_url(url)),
            None => serializer.serialize_none(),
        }
    }

    pub fn secret_url<S: Serializer>(
        value: &Option<SecretString>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(url) => serializer.serialize_str(&super::redact_url(url.expose_secret())),
            None => serializer.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::io::Write;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn load_err(file: Option<&Path>, pairs: &[(&str, &str)]) -> String {
        match Settings::load(file, env(pairs)) {
            Ok(_) => panic!("expected an error for {pairs:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn defaults_need_no_file() {
        let s = Settings::load(None, env(&[("PATH", "/bin")])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("sesame-data"));
        assert_eq!(s.database_url, "sqlite://sesame-data/sesame.db");
        assert!(s.module_enabled(Module::VoiceAgents));
        assert!(s.secure_cookies);
    }

    #[test]
    fn environment_wins_over_file() {
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        writeln!(
            file,
            "listen = \"127.0.0.1:9000\"\ndata_dir = \"/var/lib/sesame\"\nmodules = []"
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let s = Settings::load(
            Some(file.path()),
            env(&[
                ("SESAME_LISTEN", "0.0.0.0:0"),
                ("SESAME_TEST_DATABASE_URL", "ignored"),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.listen.to_string(), "0.0.0.0:0");
        assert_eq!(s.data_dir, PathBuf::from("/var/lib/sesame"));
        assert_eq!(s.database_url, "sqlite:///var/lib/sesame/sesame.db");
        assert!(s.modules.is_empty());
    }

    #[test]
    fn modules_empty_string_means_none() {
        let s =
            Settings::load(None, env(&[("SESAME_MODULES", "")])).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.modules.is_empty());
        let s = Settings::load(None, env(&[("SESAME_MODULES", "voice_agents")]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(s.module_enabled(Module::VoiceAgents));
    }

    #[test]
    fn bootstrap_token_is_kept_secret() {
        let token = "a-long-enough-bootstrap-token";
        let s = Settings::load(None, env(&[("SESAME_BOOTSTRAP_ADMIN_TOKEN", token)]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.bootstrap_admin_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            Some(token.to_owned())
        );
        assert!(!format!("{s:?}").contains(token));
    }

    #[test]
    fn bad_settings_name_themselves() {
        assert_eq!(
            load_err(None, &[("SESAME_LISTEN", "localhost")]),
            "setting SESAME_LISTEN (environment): expected address:port, such as 127.0.0.1:8080"
        );
        assert_eq!(
            load_err(None, &[("SESAME_DATABASE_URL", "mysql://x")]),
            "setting SESAME_DATABASE_URL (environment): expected a sqlite://PATH or postgres://... URL"
        );
        assert_eq!(
            load_err(None, &[("SESAME_LISTN", "x")]),
            "setting SESAME_LISTN (environment): unknown setting"
        );
        assert!(
            load_err(None, &[("SESAME_MODULES", "voice_agents,telepathy")])
                .starts_with("setting SESAME_MODULES (environment): unknown module \"telepathy\"")
        );
        assert_eq!(
            load_err(None, &[("SESAME_HASH_WORKERS", "0")]),
            "setting SESAME_HASH_WORKERS (environment): expected a whole number from 1 to 256"
        );
        assert_eq!(
            load_err(None, &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", "short")]),
            "setting SESAME_BOOTSTRAP_ADMIN_TOKEN (environment): must be at least 20 characters long"
        );
        let missing = load_err(Some(Path::new("/nonexistent/sesame.toml")), &[]);
        assert!(
            missing.starts_with("setting --config: cannot read /nonexistent/sesame.toml"),
            "{missing}"
        );
    }

    #[test]
    fn edge_settings() {
        let load = |pairs: &[(&str, &str)]| {
            Settings::load(None, env(pairs)).unwrap_or_else(|e| panic!("{e}"))
        };
        let defaults = load(&[]);
        assert!(defaults.trusted_proxies.is_empty());
        assert_eq!(defaults.max_connections, 1024);
        assert_eq!(defaults.request_timeout, std::time::Duration::from_secs(10));
        assert!(!defaults.hsts);
        assert!(defaults.metrics_token.is_none());
        let set = load(&[
            (
                "SESAME_TRUSTED_PROXIES",
                "10.0.0.0/8, 192.168.1.7,2001:db8::/32",
            ),
            ("SESAME_MAX_CONNECTIONS", "64"),
            ("SESAME_REQUEST_TIMEOUT_SECONDS", "3"),
            ("SESAME_HSTS", "true"),
            ("SESAME_METRICS_TOKEN", "a-token-for-the-scraper"),
        ]);
        let proxies: Vec<String> = set
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(proxies, ["10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32"]);
        assert_eq!(set.max_connections, 64);
        assert_eq!(set.request_timeout, std::time::Duration::from_secs(3));
        assert!(set.hsts);
        assert!(set.metrics_token.is_some());
        assert_eq!(
            load_err(None, &[("SESAME_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")]),
            "setting SESAME_TRUSTED_PROXIES (environment): \"proxy.local\" is not a network such as 10.0.0.0/8 or an address"
        );
        assert_eq!(
            load_err(None, &[("SESAME_METRICS_TOKEN", "short")]),
            "setting SESAME_METRICS_TOKEN (environment): must be at least 20 characters long"
        );
        let file = file_with("trusted_proxies = [\"10.1.0.0/16\"]\n");
        let from_file =
            Settings::load(Some(file.path()), env(&[])).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from_file.trusted_proxies.len(), 1);
        let shown = effective_toml(
            None,
            env(&[
                ("SESAME_TRUSTED_PROXIES", "10.0.0.0/8"),
                ("SESAME_METRICS_TOKEN", "a-token-for-the-scraper"),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            shown.contains("trusted_proxies = [\"10.0.0.0/8\"]"),
            "{shown}"
        );
        assert!(shown.contains("metrics_token = \"(set)\""), "{shown}");
        assert!(!shown.contains("a-token-for-the-scraper"));
    }

    #[test]
    fn delivery_settings() {
        let load = |pairs: &[(&str, &str)]| {
            Settings::load(None, env(pairs)).unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(matches!(load(&[]).email, EmailSettings::Off));
        assert!(matches!(
            load(&[("SESAME_EMAIL_TRANSPORT", "log")]).email,
            EmailSettings::Log { .. }
        ));
        let smtp = load(&[
            (
                "SESAME_SMTP_URL",
                "smtp://mailer:hunter2@mail.example.com:587?tls=required",
            ),
            ("SESAME_EMAIL_FROM", "Sesame <id@example.com>"),
        ]);
        assert!(
            matches!(&smtp.email, EmailSettings::Smtp { from, .. } if from == "Sesame <id@example.com>")
        );
        assert!(
            !format!("{smtp:?}").contains("hunter2"),
            "the SMTP password does not print"
        );
        let twilio = load(&[
            ("SESAME_SMS_PROVIDER", "twilio"),
            ("SESAME_SMS_ACCOUNT", "AC1"),
            ("SESAME_SMS_SECRET", "t"),
        ]);
        assert_eq!(twilio.sms.url, "https://api.twilio.com");
        assert_eq!(
            load_err(None, &[("SESAME_SMTP_URL", "http://mail")]),
            "setting SESAME_SMTP_URL (environment): expected smtp://host:port or smtps://host:port"
        );
        assert_eq!(
            load_err(None, &[("SESAME_EMAIL_TRANSPORT", "pigeon")]),
            "setting SESAME_EMAIL_TRANSPORT (environment): expected smtp or log"
        );
        assert_eq!(
            load_err(None, &[("SESAME_SMS_PROVIDER", "pigeon")]),
            "setting SESAME_SMS_PROVIDER (environment): expected twilio, webhook or log"
        );
        assert!(load_err(
            None,
            &[
                ("SESAME_SMS_PROVIDER", "webhook"),
                ("SESAME_SMS_SECRET", "k")
            ]
        )
        .starts_with("setting SESAME_SMS_URL (not set):"));
        assert!(load_err(None, &[("SESAME_SMS_PROVIDER", "twilio")])
            .starts_with("setting SESAME_SMS_ACCOUNT (not set):"));
        assert!(load_err(None, &[("SESAME_EMAIL_FROM", "not an address")])
            .starts_with("setting SESAME_EMAIL_FROM (environment):"));
        assert_eq!(
            load(&[("SESAME_DELIVERY_TIMEOUT_SECONDS", "3")]).delivery_timeout,
            std::time::Duration::from_secs(3)
        );
        assert!(load_err(None, &[("SESAME_DELIVERY_TIMEOUT_SECONDS", "0")])
            .starts_with("setting SESAME_DELIVERY_TIMEOUT_SECONDS (environment):"));
    }

    #[test]
    fn a_private_authority_for_smtp() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ca = dir.path().join("ca.pem");
        let certified = rcgen::generate_simple_self_signed(vec!["mail.example.com".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&ca, certified.cert.pem()).unwrap_or_else(|e| panic!("{e}"));
        let ca = ca.display().to_string();
        let starttls = "smtp://mail.example.com:587?tls=required";
        let settings = Settings::load(
            None,
            env(&[("SESAME_SMTP_URL", starttls), ("SESAME_SMTP_CA_FILE", &ca)]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            settings.email,
            EmailSettings::Smtp { roots: Some(_), .. }
        ));
        assert!(load_err(
            None,
            &[
                ("SESAME_SMTP_URL", "smtp://mail.example.com:25"),
                ("SESAME_SMTP_CA_FILE", &ca)
            ]
        )
        .contains("does not use TLS"));
        assert!(load_err(
            None,
            &[
                ("SESAME_SMTP_URL", starttls),
                ("SESAME_SMTP_CA_FILE", "/nonexistent/ca.pem")
            ]
        )
        .starts_with("setting SESAME_SMTP_CA_FILE (environment): cannot read /nonexistent/ca.pem"));
        let not_pem = dir.path().join("key.txt");
        std::fs::write(&not_pem, "hello").unwrap_or_else(|e| panic!("{e}"));
        assert!(load_err(
            None,
            &[
                ("SESAME_SMTP_URL", starttls),
                ("SESAME_SMTP_CA_FILE", &not_pem.display().to_string())
            ]
        )
        .contains("no PEM certificate"));
    }

    #[test]
    fn a_private_authority_for_postgres() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let ca = dir.path().join("ca.pem");
        let certified = rcgen::generate_simple_self_signed(vec!["db.example.com".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&ca, certified.cert.pem()).unwrap_or_else(|e| panic!("{e}"));
        let ca = ca.display().to_string();
        let verified = "postgres://sesame@db.example.com/sesame?sslmode=verify-full";
        let settings = Settings::load(
            None,
            env(&[
                ("SESAME_DATABASE_URL", verified),
                ("SESAME_DATABASE_CA_FILE", &ca),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(settings.database_ca_file.as_deref(), Some(Path::new(&ca)));
        let with = |url: &str, file: &str| {
            load_err(
                None,
                &[
                    ("SESAME_DATABASE_URL", url),
                    ("SESAME_DATABASE_CA_FILE", file),
                ],
            )
        };
        assert_eq!(
            with(verified, "/nonexistent/ca.pem"),
            "setting SESAME_DATABASE_CA_FILE (environment): cannot read /nonexistent/ca.pem: \
             No such file or directory (os error 2)"
        );
        for unchecked in [
            "postgres://sesame@db.example.com/sesame",
            "postgres://sesame@db.example.com/sesame?sslmode=require",
        ] {
            assert!(
                with(unchecked, &ca).starts_with(
                    "setting SESAME_DATABASE_CA_FILE (environment): the database URL must ask \
                     for the server's certificate to be checked"
                ),
                "{unchecked}"
            );
        }
        assert!(with("sqlite:///tmp/sesame.db", &ca)
            .contains("a CA file is used only with a postgres:// database URL"));
        let not_pem = dir.path().join("key.txt");
        std::fs::write(&not_pem, "hello").unwrap_or_else(|e| panic!("{e}"));
        assert!(with(verified, &not_pem.display().to_string()).contains("no PEM certificate"));
    }

    #[test]
    fn unknown_file_keys_are_errors() {
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        writeln!(file, "listen = \"127.0.0.1:9000\"\nlisten_port = 3")
            .unwrap_or_else(|e| panic!("{e}"));
        let message = load_err(Some(file.path()), &[]);
        assert_eq!(
            message,
            format!(
                "setting listen_port (file {}): unknown setting",
                file.path().display()
            )
        );
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        writeln!(file, "listen = ").unwrap_or_else(|e| panic!("{e}"));
        assert!(load_err(Some(file.path()), &[]).contains("is not valid TOML"));
    }

    /// A settings file holding `text`, kept until the end of the test.
    fn file_with(text: &str) -> tempfile::NamedTempFile {
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        write!(file, "{text}").unwrap_or_else(|e| panic!("{e}"));
        file
    }

    #[test]
    fn file_values_take_their_own_types_and_the_environment_text() {
        let file = file_with(
            "hash_workers = 3\nsecure_cookies = false\nmodules = [\"voice_agents\"]\n\
             database_max_connections = \"7\"\n",
        );
        let s = Settings::load(
            Some(file.path()),
            env(&[("SESAME_HASH_QUEUE_LIMIT", " 12 ")]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.hash_workers, 3);
        assert!(!s.secure_cookies);
        assert!(s.module_enabled(Module::VoiceAgents));
        assert_eq!(s.database_max_connections, 7);
        assert_eq!(s.hash_queue_limit, 12);
        let s = Settings::load(
            Some(file.path()),
            env(&[("SESAME_SECURE_COOKIES", "true"), ("SESAME_MODULES", "")]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert!(s.secure_cookies);
        assert!(s.modules.is_empty());
    }

    #[test]
    fn bad_file_values_name_the_key_and_the_file() {
        let check = |text: &str, expected: &str| {
            let file = file_with(text);
            let expected = expected.replace("FILE", &file.path().display().to_string());
            assert_eq!(load_err(Some(file.path()), &[]), expected, "{text}");
        };
        check(
            "hash_workers = 0",
            "setting hash_workers (file FILE): expected a whole number from 1 to 256",
        );
        check(
            "secure_cookies = \"yes\"",
            "setting secure_cookies (file FILE): expected true or false",
        );
        check(
            "listen = 8080",
            "setting listen (file FILE): expected a string",
        );
        check(
            "log_format = \"xml\"",
            "setting log_format (file FILE): expected text or json",
        );
        check(
            "modules = [\"voice_agents\", 3]",
            "setting modules (file FILE): expected a list of strings",
        );
        check(
            "[ldap]\nurl = \"ldap://x\"",
            "setting ldap (file FILE): unknown setting",
        );
        check(
            "ldap_bind_dn = \"cn=sesame\"",
            "setting ldap_bind_dn (file FILE): set ldap_url first",
        );
        check(
            "sms_provider = \"webhook\"\nsms_url = \"https://hook.example.com\"",
            "setting sms_secret (not set): the webhook provider needs an HMAC key in sms_secret",
        );
    }

    #[test]
    fn the_environment_is_named_where_it_wins() {
        let file = file_with("hash_workers = 0");
        let message = load_err(Some(file.path()), &[("SESAME_HASH_WORKERS", "x")]);
        assert_eq!(
            message,
            "setting SESAME_HASH_WORKERS (environment): expected a whole number from 1 to 256"
        );
    }

    #[test]
    fn database_passwords_are_hidden() {
        assert_eq!(
            redact_url("postgres://sesame:hunter2@db:5432/sesame"),
            "postgres://sesame:***@db:5432/sesame"
        );
        assert_eq!(
            redact_url("postgres://sesame@db/sesame"),
            "postgres://sesame@db/sesame"
        );
        assert_eq!(
            redact_url("sqlite://sesame-data/sesame.db"),
            "sqlite://sesame-data/sesame.db"
        );
        assert_eq!(
            redact_url("postgres://db/sesame?user=sesame&password=hunter2&sslmode=require"),
            "postgres://db/sesame?user=sesame&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("https://hook.example.com/sms?token=abc123&to=x"),
            "https://hook.example.com/sms?token=***&to=x"
        );
    }

    #[test]
    fn directory_settings_read_the_password_file() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let password_file = dir.path().join("bind-password");
        std::fs::write(&password_file, "s3cret\n").unwrap_or_else(|e| panic!("{e}"));
        let password_file = password_file.display().to_string();
        let directory = [
            ("SESAME_LDAP_URL", "ldap://ldap.example.com:389"),
            ("SESAME_LDAP_BIND_DN", "cn=sesame,dc=example,dc=org"),
            ("SESAME_LDAP_USER_BASE", "ou=people,dc=example,dc=org"),
            ("SESAME_LDAP_BIND_PASSWORD_FILE", password_file.as_str()),
        ];
        let s = Settings::load(None, env(&directory)).unwrap_or_else(|e| panic!("{e}"));
        let ldap = s.ldap.unwrap_or_else(|| panic!("no directory"));
        assert_eq!(ldap.bind_password.expose_secret(), "s3cret");
        assert_eq!(ldap.attributes.username, "uid");
        assert_eq!(ldap.kind, DirectoryKind::OpenLdap);
        assert_eq!(ldap.user_filter, "(uid={username})");

        assert_eq!(
            load_err(None, &directory[..2]),
            "setting SESAME_LDAP_USER_BASE (not set): needed with ldap_url"
        );
        let mut missing = directory.to_vec();
        missing[3].1 = "/nonexistent/bind-password";
        assert!(load_err(None, &missing).starts_with(
            "setting SESAME_LDAP_BIND_PASSWORD_FILE (environment): cannot read /nonexistent/bind-password"
        ));
        let mut active_directory = directory.to_vec();
        active_directory.push(("SESAME_LDAP_MODE", "active_directory"));
        assert!(load_err(None, &active_directory)
            .starts_with("setting SESAME_LDAP_MODE (environment): Active Directory takes passwords only over TLS"));
        active_directory.push(("SESAME_LDAP_STARTTLS", "true"));
        let ad = Settings::load(None, env(&active_directory))
            .unwrap_or_else(|e| panic!("{e}"))
            .ldap
            .unwrap_or_else(|| panic!("no directory"));
        assert_eq!(
            ad.user_filter,
            "(&(objectCategory=person)(objectClass=user)\
             (!(userAccountControl:1.2.840.113556.1.4.803:=2))(sAMAccountName={username}))",
            "people, without disabled accounts"
        );
        assert_eq!(
            (
                ad.attributes.username.as_str(),
                ad.attributes.display_name.as_str(),
                ad.attributes.employee_id.as_str()
            ),
            ("sAMAccountName", "displayName", "employeeID")
        );
        let mut by_principal = active_directory.clone();
        by_principal.push(("SESAME_LDAP_USERNAME_ATTRIBUTE", "userPrincipalName"));
        let principal = Settings::load(None, env(&by_principal))
            .unwrap_or_else(|e| panic!("{e}"))
            .ldap
            .unwrap_or_else(|| panic!("no directory"));
        assert!(
            principal
                .user_filter
                .ends_with("(userPrincipalName={username}))"),
            "the default filter follows the user name attribute: {}",
            principal.user_filter
        );
        assert!(load_err(None, &[("SESAME_LDAP_USER_FILTER", "(uid=x)")])
            .starts_with("setting SESAME_LDAP_USER_FILTER (environment): must contain {username}"));
    }

    #[test]
    fn a_private_authority_for_the_directory() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let password_file = dir.path().join("bind-password");
        std::fs::write(&password_file, "s3cret\n").unwrap_or_else(|e| panic!("{e}"));
        let password_file = password_file.display().to_string();
        let ca = dir.path().join("ca.pem");
        let certified = rcgen::generate_simple_self_signed(vec!["dc1.example.com".to_owned()])
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&ca, certified.cert.pem()).unwrap_or_else(|e| panic!("{e}"));
        let ca = ca.display().to_string();
        let with = |url: &'static str, ca: &str| {
            vec![
                ("SESAME_LDAP_URL", url.to_owned()),
                (
                    "SESAME_LDAP_BIND_DN",
                    "CN=sesame,CN=Users,DC=example,DC=com".to_owned(),
                ),
                ("SESAME_LDAP_USER_BASE", "DC=example,DC=com".to_owned()),
                ("SESAME_LDAP_BIND_PASSWORD_FILE", password_file.clone()),
                ("SESAME_LDAP_CA_FILE", ca.to_owned()),
            ]
        };
        let load = |vars: Vec<(&str, String)>| {
            let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
            Settings::load(None, env(&vars)).map_err(|e| e.to_string())
        };
        let ldap = load(with("ldaps://dc1.example.com", &ca))
            .unwrap_or_else(|e| panic!("{e}"))
            .ldap
            .unwrap_or_else(|| panic!("no directory"));
        assert_eq!(ldap.ca_certificates.len(), 1);
        let error = |vars| load(vars).err().unwrap_or_default();
        assert!(error(with("ldap://dc1.example.com", &ca)).contains("without TLS"));
        assert!(
            error(with("ldaps://dc1.example.com", "/nonexistent/ca.pem")).starts_with(
                "setting SESAME_LDAP_CA_FILE (environment): cannot read /nonexistent/ca.pem"
            )
        );
        let not_pem = dir.path().join("key.txt");
        std::fs::write(&not_pem, "hello").unwrap_or_else(|e| panic!("{e}"));
        let not_pem = not_pem.display().to_string();
        assert!(error(with("ldaps://dc1.example.com", &not_pem)).contains("no PEM certificate"));
    }

    #[test]
    fn effective_settings_show_sources_and_hide_secrets() {
        let file = file_with(
            "listen = \"127.0.0.1:9000\"\ndata_dir = \"/var/lib/sesame\"\n\
             smtp_url = \"smtp://mailer:hunter2@mail.example.com:587?tls=required\"\n",
        );
        let token = "a-long-enough-bootstrap-token";
        let text = effective_toml(
            Some(file.path()),
            env(&[
                ("SESAME_LISTEN", "0.0.0.0:8443"),
                ("SESAME_BOOTSTRAP_ADMIN_TOKEN", token),
                ("SESAME_SMS_PROVIDER", "twilio"),
                ("SESAME_SMS_ACCOUNT", "AC1"),
                ("SESAME_SMS_SECRET", "twilio-auth-token"),
            ]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for secret in [token, "hunter2", "twilio-auth-token"] {
            assert!(!text.contains(secret), "{secret} is shown:\n{text}");
        }
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        let shown = |key: &str| table.get(key).map(ToString::to_string);
        assert_eq!(shown("listen").as_deref(), Some("\"0.0.0.0:8443\""));
        assert_eq!(shown("data_dir").as_deref(), Some("\"/var/lib/sesame\""));
        assert_eq!(
            shown("database_url").as_deref(),
            Some("\"sqlite:///var/lib/sesame/sesame.db\"")
        );
        assert_eq!(shown("bootstrap_admin_token").as_deref(), Some("\"(set)\""));
        assert_eq!(
            shown("smtp_url").as_deref(),
            Some("\"smtp://mailer:***@mail.example.com:587?tls=required\"")
        );
        assert_eq!(
            shown("sms_url").as_deref(),
            Some("\"https://api.twilio.com\"")
        );
        assert_eq!(shown("modules").as_deref(), Some("[\"voice_agents\"]"));
        assert_eq!(
            shown("ldap_user_filter"),
            None,
            "no directory, no ldap_ lines"
        );
        let line = |key: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("{key} = ")))
                .unwrap_or_else(|| panic!("no {key} in\n{text}"))
                .to_owned()
        };
        assert!(line("listen").ends_with("# SESAME_LISTEN"), "{text}");
        assert!(
            line("data_dir").ends_with(&format!("# file {}", file.path().display())),
            "{text}"
        );
        assert!(line("log_level").ends_with("# default"), "{text}");
        assert!(effective_toml(None, env(&[("SESAME_LISTEN", "x")])).is_err());
    }

    #[test]
    fn the_phone_line_settings() {
        let voice_token = "voice-webhook-auth-token";
        let phone = [
            ("SESAME_TWILIO_AUTH_TOKEN", voice_token),
            ("SESAME_PUBLIC_URL", "https://sesame.example.com/"),
        ];
        let s = Settings::load(None, env(&phone)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            s.twilio_auth_token.as_ref().map(|t| t.expose_secret()),
            Some(voice_token)
        );
        assert_eq!(s.public_url.as_deref(), Some("https://sesame.example.com"));
        assert!(!format!("{s:?}").contains(voice_token));
        let text = effective_toml(None, env(&phone)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!text.contains(voice_token), "{text}");
        let table: toml::Table = text.parse().unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(table["twilio_auth_token"].as_str(), Some("(set)"));
        assert_eq!(
            table["public_url"].as_str(),
            Some("https://sesame.example.com")
        );
        let unset = Settings::load(None, env(&[])).unwrap_or_else(|e| panic!("{e}"));
        assert!(unset.twilio_auth_token.is_none() && unset.public_url.is_none());
        for bad in ["sesame.example.com", "https://", "https://x.example/?a=1"] {
            assert!(
                load_err(None, &[("SESAME_PUBLIC_URL", bad)])
                    .starts_with("setting SESAME_PUBLIC_URL (environment): expected the base URL"),
                "{bad}"
            );
        }
    }
}
