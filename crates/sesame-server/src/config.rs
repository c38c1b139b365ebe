//! Bootstrap settings: defaults, then a TOML file, then `SESAME_*` environment variables.
//!
//! Every setting has one name, used as the TOML key and, upper-cased behind `SESAME_`, as
//! the environment variable. An unknown key, an unreadable file or a bad value stops the
//! start with one line that names the setting. Variables beginning with `SESAME_TEST_` are
//! left to the test suite.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub ldap: Option<crate::service::credentials::ldap::LdapSettings>,
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

/// One bad setting, worded for the one line printed before exiting.
#[derive(Debug, thiserror::Error)]
#[error("setting {name}: {problem}")]
pub struct SettingError {
    pub name: String,
    pub problem: String,
}

fn bad(name: &str, problem: impl Into<String>) -> SettingError {
    SettingError {
        name: name.to_owned(),
        problem: problem.into(),
    }
}

const KEYS: [&str; 34] = [
    "listen",
    "data_dir",
    "database_url",
    "database_max_connections",
    "modules",
    "bootstrap_admin_token",
    "log_format",
    "log_level",
    "secure_cookies",
    "hash_workers",
    "hash_queue_limit",
    "smtp_url",
    "smtp_ca_file",
    "email_from",
    "delivery_timeout_seconds",
    "email_transport",
    "sms_provider",
    "sms_url",
    "sms_from",
    "sms_account",
    "sms_secret",
    "ldap_url",
    "ldap_bind_dn",
    "ldap_bind_password_file",
    "ldap_user_base",
    "ldap_user_filter",
    "ldap_username_attribute",
    "ldap_email_attribute",
    "ldap_display_name_attribute",
    "ldap_phone_attribute",
    "ldap_groups_attribute",
    "ldap_mode",
    "ldap_starttls",
    "ldap_timeout_seconds",
];

/// A raw value and where it came from, for error messages.
struct Raw {
    value: toml::Value,
    origin: String,
}

impl Settings {
    /// Loads settings from an optional TOML file and the given environment.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, SettingError> {
        let mut raw: BTreeMap<&'static str, Raw> = BTreeMap::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| bad("--config", format!("cannot read {}: {e}", path.display())))?;
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
                bad(
                    "--config",
                    format!("{} is not valid TOML: {}", path.display(), e.message()),
                )
            })?;
            for (key, value) in table {
                let known = KEYS
                    .iter()
                    .find(|k| **k == key)
                    .ok_or_else(|| bad(&key, format!("unknown setting in {}", path.display())))?;
                raw.insert(
                    known,
                    Raw {
                        value,
                        origin: format!("{key} in {}", path.display()),
                    },
                );
            }
        }
        for (name, value) in env {
            let Some(key) = name.strip_prefix("SESAME_") else {
                continue;
            };
            if key.starts_with("TEST_") {
                continue;
            }
            let lower = key.to_ascii_lowercase();
            let known = KEYS
                .iter()
                .find(|k| **k == lower)
                .ok_or_else(|| bad(&name, "unknown setting"))?;
            raw.insert(
                known,
                Raw {
                    value: toml::Value::String(value),
                    origin: name.clone(),
                },
            );
        }
        Self::from_raw(raw)
    }

    fn from_raw(mut raw: BTreeMap<&'static str, Raw>) -> Result<Self, SettingError> {
        let mut take = |key: &str| raw.remove(key);
        let listen = match take("listen") {
            Some(r) => text(&r)?
                .parse()
                .map_err(|_| bad(&r.origin, "expected address:port, such as 127.0.0.1:8080"))?,
            None => SocketAddr::from(([127, 0, 0, 1], 8080)),
        };
        let data_dir = match take("data_dir") {
            Some(r) => PathBuf::from(non_empty(&r)?),
            None => PathBuf::from("sesame-data"),
        };
        let database_url = match take("database_url") {
            Some(r) => {
                let url = non_empty(&r)?;
                if sesame_store::Backend::of_url(&url).is_none() {
                    return Err(bad(
                        &r.origin,
                        "expected a sqlite://PATH or postgres://... URL",
                    ));
                }
                url
            }
            None => format!("sqlite://{}", data_dir.join("sesame.db").display()),
        };
        let database_max_connections = match take("database_max_connections") {
            Some(r) => u32::try_from(integer(&r, 1, 1000)?).unwrap_or(10),
            None => 10,
        };
        let modules = match take("modules") {
            Some(r) => parse_modules(&r)?,
            None => BTreeSet::from([Module::VoiceAgents]),
        };
        let bootstrap_admin_token = match take("bootstrap_admin_token") {
            Some(r) => {
                let token = text(&r)?;
                if token.len() < 20 {
                    return Err(bad(&r.origin, "must be at least 20 characters long"));
                }
                Some(SecretString::from(token))
            }
            None => None,
        };
        let log_format = match take("log_format") {
            Some(r) => match text(&r)?.as_str() {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => return Err(bad(&r.origin, "expected text or json")),
            },
            None => LogFormat::Text,
        };
        let log_level = match take("log_level") {
            Some(r) => {
                let level = non_empty(&r)?;
                tracing_subscriber::EnvFilter::try_new(&level)
                    .map_err(|e| bad(&r.origin, format!("not a log filter: {e}")))?;
                level
            }
            None => "info".to_owned(),
        };
        let secure_cookies = match take("secure_cookies") {
            Some(r) => boolean(&r)?,
            None => true,
        };
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        let hash_workers = match take("hash_workers") {
            Some(r) => usize::try_from(integer(&r, 1, 256)?).unwrap_or(cores),
            None => cores,
        };
        let hash_queue_limit = match take("hash_queue_limit") {
            Some(r) => usize::try_from(integer(&r, 1, 1_000_000)?).unwrap_or(1024),
            None => 1024,
        };
        let email_from = match take("email_from") {
            Some(r) => {
                let from = non_empty(&r)?;
                sesame_delivery::EmailTransport::log(&from).map_err(|e| bad(&r.origin, e))?;
                from
            }
            None => "Sesame <sesame@localhost>".to_owned(),
        };
        let email = match (take("email_transport"), take("smtp_url")) {
            (Some(r), _) if text(&r)? == "log" => EmailSettings::Log { from: email_from },
            (Some(r), _) if text(&r)? != "smtp" => {
                return Err(bad(&r.origin, "expected smtp or log"))
            }
            (_, Some(r)) => {
                let url = non_empty(&r)?;
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(bad(
                        &r.origin,
                        "expected smtp://host:port or smtps://host:port",
                    ));
                }
                sesame_delivery::EmailTransport::check(&url, &email_from)
                    .map_err(|e| bad(&r.origin, e))?;
                let roots = match take("smtp_ca_file") {
                    Some(file) => {
                        let path = non_empty(&file)?;
                        let pem = std::fs::read(&path)
                            .map_err(|e| bad(&file.origin, format!("cannot read {path}: {e}")))?;
                        sesame_delivery::EmailTransport::check_roots(&url, &pem)
                            .map_err(|e| bad(&file.origin, e))?;
                        Some(pem)
                    }
                    None => None,
                };
                EmailSettings::Smtp {
                    url: SecretString::from(url),
                    from: email_from,
                    roots,
                }
            }
            (_, None) => EmailSettings::Off,
        };
        let sms_provider = match take("sms_provider") {
            Some(r) => Some(
                sesame_delivery::SmsProvider::parse(&text(&r)?)
                    .ok_or_else(|| bad(&r.origin, "expected twilio, webhook or log"))?,
            ),
            None => None,
        };
        let mut sms_text = |key: &str| {
            take(key)
                .map(|r| text(&r).map(|v| (v, r.origin)))
                .transpose()
        };
        let sms_url = sms_text("sms_url")?;
        let sms_from = sms_text("sms_from")?.map(|(v, _)| v).unwrap_or_default();
        let sms_account = sms_text("sms_account")?.map(|(v, _)| v).unwrap_or_default();
        let sms_secret = sms_text("sms_secret")?.map(|(v, _)| SecretString::from(v));
        let sms_url = match (sms_provider, sms_url) {
            (_, Some((url, origin))) => {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(bad(&origin, "expected an http:// or https:// URL"));
                }
                url
            }
            (Some(sesame_delivery::SmsProvider::Twilio), None) => {
                "https://api.twilio.com".to_owned()
            }
            (Some(sesame_delivery::SmsProvider::Webhook), None) => {
                return Err(bad(
                    "SESAME_SMS_URL",
                    "the webhook provider needs the URL to post to",
                ))
            }
            (_, None) => String::new(),
        };
        if sms_provider == Some(sesame_delivery::SmsProvider::Twilio)
            && (sms_account.is_empty() || sms_secret.is_none())
        {
            return Err(bad(
                "SESAME_SMS_ACCOUNT",
                "the twilio provider needs SESAME_SMS_ACCOUNT and SESAME_SMS_SECRET",
            ));
        }
        if sms_provider == Some(sesame_delivery::SmsProvider::Webhook) && sms_secret.is_none() {
            return Err(bad(
                "SESAME_SMS_SECRET",
                "the webhook provider needs an HMAC key in SESAME_SMS_SECRET",
            ));
        }
        let sms = SmsSettings {
            provider: sms_provider,
            url: sms_url,
            from: sms_from,
            account: sms_account,
            secret: sms_secret,
        };
        let delivery_timeout = match take("delivery_timeout_seconds") {
            Some(r) => integer(&r, 1, 300)?,
            None => 15,
        };
        let ldap = ldap_settings(&mut take)?;
        Ok(Self {
            email,
            sms,
            delivery_timeout: std::time::Duration::from_secs(
                u64::try_from(delivery_timeout).unwrap_or(15),
            ),
            ldap,
            listen,
            data_dir,
            database_url,
            database_max_connections,
            modules,
            bootstrap_admin_token,
            log_format,
            log_level,
            secure_cookies,
            hash_workers,
            hash_queue_limit,
        })
    }

    /// Defaults only, with the data in `data_dir`: the starting point of tests.
    pub fn with_data_dir(data_dir: &Path) -> Self {
        let mut raw = BTreeMap::new();
        raw.insert(
            "data_dir",
            Raw {
                value: toml::Value::String(data_dir.display().to_string()),
                origin: "data_dir".to_owned(),
            },
        );
        match Self::from_raw(raw) {
            Ok(settings) => settings,
            Err(e) => unreachable!("defaults are valid: {e}"),
        }
    }

    pub fn module_enabled(&self, module: Module) -> bool {
        self.modules.contains(&module)
    }
}

/// The directory settings, all or nothing: without `ldap_url` no other `ldap_` key may be
/// set.
fn ldap_settings(
    take: &mut impl FnMut(&str) -> Option<Raw>,
) -> Result<Option<crate::service::credentials::ldap::LdapSettings>, SettingError> {
    use crate::service::credentials::ldap::{Attributes, DirectoryKind, LdapSettings};
    let Some(url_raw) = take("ldap_url") else {
        for key in KEYS.iter().filter(|k| k.starts_with("ldap_")) {
            if let Some(r) = take(key) {
                return Err(bad(&r.origin, "set ldap_url first"));
            }
        }
        return Ok(None);
    };
    let url = non_empty(&url_raw)?;
    if !(url.starts_with("ldap://") || url.starts_with("ldaps://")) {
        return Err(bad(
            &url_raw.origin,
            "expected ldap://host:port or ldaps://host:port",
        ));
    }
    let mut required = |key: &str| match take(key) {
        Some(r) => non_empty(&r),
        None => Err(bad(key, "needed with ldap_url")),
    };
    let bind_dn = required("ldap_bind_dn")?;
    let user_base = required("ldap_user_base")?;
    let password_file = required("ldap_bind_password_file")?;
    let bind_password = std::fs::read_to_string(&password_file)
        .map_err(|e| bad("ldap_bind_password_file", format!("{password_file}: {e}")))?
        .trim_end_matches(['\r', '\n'])
        .to_owned();
    let mut optional = |key: &str, default: &str| match take(key) {
        Some(r) => non_empty(&r),
        None => Ok(default.to_owned()),
    };
    let user_filter = optional(
        "ldap_user_filter",
        "(&(objectClass=inetOrgPerson)(uid={username}))",
    )?;
    if !user_filter.contains("{username}") {
        return Err(bad("ldap_user_filter", "must contain {username}"));
    }
    let attributes = Attributes {
        username: optional("ldap_username_attribute", "uid")?,
        email: optional("ldap_email_attribute", "mail")?,
        display_name: optional("ldap_display_name_attribute", "cn")?,
        phone: optional("ldap_phone_attribute", "telephoneNumber")?,
        groups: take("ldap_groups_attribute")
            .map(|r| non_empty(&r))
            .transpose()?,
    };
    let kind = match take("ldap_mode") {
        Some(r) => match text(&r)?.as_str() {
            "openldap" => DirectoryKind::OpenLdap,
            "active_directory" => DirectoryKind::ActiveDirectory,
            _ => return Err(bad(&r.origin, "expected openldap or active_directory")),
        },
        None => DirectoryKind::OpenLdap,
    };
    let starttls = match take("ldap_starttls") {
        Some(r) => boolean(&r)?,
        None => false,
    };
    let timeout = match take("ldap_timeout_seconds") {
        Some(r) => integer(&r, 1, 120)?,
        None => 5,
    };
    let settings = LdapSettings {
        url,
        bind_dn,
        bind_password: SecretString::from(bind_password),
        user_base,
        user_filter,
        attributes,
        kind,
        starttls,
        timeout: std::time::Duration::from_secs(u64::try_from(timeout).unwrap_or(5)),
    };
    if kind == DirectoryKind::ActiveDirectory && !settings.encrypted() {
        return Err(bad(
            "ldap_mode",
            "Active Directory takes passwords only over TLS: use ldaps:// or ldap_starttls = true",
        ));
    }
    Ok(Some(settings))
}

fn text(raw: &Raw) -> Result<String, SettingError> {
    match &raw.value {
        toml::Value::String(s) => Ok(s.clone()),
        _ => Err(bad(&raw.origin, "expected a string")),
    }
}

fn non_empty(raw: &Raw) -> Result<String, SettingError> {
    let value = text(raw)?;
    if value.trim().is_empty() {
        return Err(bad(&raw.origin, "must not be empty"));
    }
    Ok(value)
}

fn integer(raw: &Raw, min: i64, max: i64) -> Result<i64, SettingError> {
    let value = match &raw.value {
        toml::Value::Integer(i) => Some(*i),
        toml::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    value.filter(|v| (min..=max).contains(v)).ok_or_else(|| {
        bad(
            &raw.origin,
            format!("expected a whole number from {min} to {max}"),
        )
    })
}

fn boolean(raw: &Raw) -> Result<bool, SettingError> {
    match &raw.value {
        toml::Value::Boolean(b) => Ok(*b),
        toml::Value::String(s) if s == "true" => Ok(true),
        toml::Value::String(s) if s == "false" => Ok(false),
        _ => Err(bad(&raw.origin, "expected true or false")),
    }
}

fn parse_modules(raw: &Raw) -> Result<BTreeSet<Module>, SettingError> {
    let names: Vec<String> = match &raw.value {
        toml::Value::String(s) => s.split(',').map(|n| n.trim().to_owned()).collect(),
        toml::Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| bad(&raw.origin, "expected a list of module names"))?,
        _ => {
            return Err(bad(
                &raw.origin,
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
                bad(
                    &raw.origin,
                    format!("unknown module {name:?} (known: {})", known.join(", ")),
                )
            })
        })
        .collect()
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
            "setting SESAME_LISTEN: expected address:port, such as 127.0.0.1:8080"
        );
        assert_eq!(
            load_err(None, &[("SESAME_DATABASE_URL", "mysql://x")]),
            "setting SESAME_DATABASE_URL: expected a sqlite://PATH or postgres://... URL"
        );
        assert_eq!(
            load_err(None, &[("SESAME_LISTN", "x")]),
            "setting SESAME_LISTN: unknown setting"
        );
        assert!(
            load_err(None, &[("SESAME_MODULES", "voice_agents,telepathy")])
                .starts_with("setting SESAME_MODULES: unknown module \"telepathy\"")
        );
        assert_eq!(
            load_err(None, &[("SESAME_HASH_WORKERS", "0")]),
            "setting SESAME_HASH_WORKERS: expected a whole number from 1 to 256"
        );
        assert_eq!(
            load_err(None, &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", "short")]),
            "setting SESAME_BOOTSTRAP_ADMIN_TOKEN: must be at least 20 characters long"
        );
        let missing = load_err(Some(Path::new("/nonexistent/sesame.toml")), &[]);
        assert!(
            missing.starts_with("setting --config: cannot read /nonexistent/sesame.toml"),
            "{missing}"
        );
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
            "setting SESAME_SMTP_URL: expected smtp://host:port or smtps://host:port"
        );
        assert_eq!(
            load_err(None, &[("SESAME_EMAIL_TRANSPORT", "pigeon")]),
            "setting SESAME_EMAIL_TRANSPORT: expected smtp or log"
        );
        assert_eq!(
            load_err(None, &[("SESAME_SMS_PROVIDER", "pigeon")]),
            "setting SESAME_SMS_PROVIDER: expected twilio, webhook or log"
        );
        assert!(load_err(
            None,
            &[
                ("SESAME_SMS_PROVIDER", "webhook"),
                ("SESAME_SMS_SECRET", "k")
            ]
        )
        .starts_with("setting SESAME_SMS_URL:"));
        assert!(load_err(None, &[("SESAME_SMS_PROVIDER", "twilio")])
            .starts_with("setting SESAME_SMS_ACCOUNT:"));
        assert!(load_err(None, &[("SESAME_EMAIL_FROM", "not an address")])
            .starts_with("setting SESAME_EMAIL_FROM:"));
        assert_eq!(
            load(&[("SESAME_DELIVERY_TIMEOUT_SECONDS", "3")]).delivery_timeout,
            std::time::Duration::from_secs(3)
        );
        assert!(load_err(None, &[("SESAME_DELIVERY_TIMEOUT_SECONDS", "0")])
            .starts_with("setting SESAME_DELIVERY_TIMEOUT_SECONDS:"));
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
        .starts_with("setting SESAME_SMTP_CA_FILE: cannot read /nonexistent/ca.pem"));
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
    fn unknown_file_keys_are_errors() {
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        writeln!(file, "listen = \"127.0.0.1:9000\"\nlisten_port = 3")
            .unwrap_or_else(|e| panic!("{e}"));
        let message = load_err(Some(file.path()), &[]);
        assert!(
            message.starts_with("setting listen_port: unknown setting in"),
            "{message}"
        );
        let mut file = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
        writeln!(file, "listen = ").unwrap_or_else(|e| panic!("{e}"));
        assert!(load_err(Some(file.path()), &[]).contains("is not valid TOML"));
    }
}
