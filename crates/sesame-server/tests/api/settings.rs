//! The settings parser on generated input: any value of any setting, from the environment
//! or a file, is taken or refused with an error naming the setting; none panics.

use proptest::prelude::*;
use sesame_server::Settings;

const NAMES: [&str; 24] = [
    "SESAME_LISTEN",
    "SESAME_DATA_DIR",
    "SESAME_DATABASE_URL",
    "SESAME_DATABASE_CA_FILE",
    "SESAME_MODULES",
    "SESAME_TRUSTED_PROXIES",
    "SESAME_HASH_WORKERS",
    "SESAME_HASH_QUEUE_LIMIT",
    "SESAME_MAX_CONNECTIONS",
    "SESAME_REQUEST_TIMEOUT_SECONDS",
    "SESAME_DELIVERY_TIMEOUT_SECONDS",
    "SESAME_HSTS",
    "SESAME_SECURE_COOKIES",
    "SESAME_PUBLIC_URL",
    "SESAME_EMAIL_FROM",
    "SESAME_EMAIL_TRANSPORT",
    "SESAME_SMTP_URL",
    "SESAME_SMS_PROVIDER",
    "SESAME_LDAP_MODE",
    "SESAME_LDAP_URL",
    "SESAME_LDAP_STARTTLS",
    "SESAME_METRICS_TOKEN",
    "SESAME_BOOTSTRAP_ADMIN_TOKEN",
    "SESAME_LISTN",
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{1,12}",
        "-?[0-9]{1,3}(\\.[0-9])?",
        "(true|false|yes|1|0|TRUE)",
        "(sqlite|postgres)://[a-z0-9@:/.?=&]{0,30}",
        "[0-9./:a-f]{0,40}(,[0-9./:a-f]{0,20}){0,3}",
        "\\[?\"?[a-z_]{0,12}\"?(, ?\"?[a-z_]{0,12}\"?)*\\]?",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_environment_is_taken_or_refused_by_name(
        settings in proptest::collection::vec((proptest::sample::select(NAMES.to_vec()), value()), 0..6)
    ) {
        let env: Vec<(String, String)> = settings
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        if let Err(e) = Settings::load(None, env) {
            let text = e.to_string();
            prop_assert!(
                settings.iter().any(|(name, _)| text.contains(name)),
                "the error names no setting that was given: {}", text
            );
        }
    }

    #[test]
    fn any_settings_file_is_taken_or_refused(text in prop_oneof![
        any::<String>(),
        "([a-z_]{1,12} = (\"[^\"\\n]{0,12}\"|[0-9]{1,5}|true|\\[\\]))(\\n[a-z_]{1,12} = [0-9a-z\"]{1,8}){0,4}",
    ]) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let file = dir.path().join("sesame.toml");
        std::fs::write(&file, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let _ = Settings::load(Some(&file), Vec::<(String, String)>::new());
    }
}
