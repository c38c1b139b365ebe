//! Seeds many users for the benchmarks in `bench/`: `<prefix><n>` for n in 0..count, each
//! with an active authenticator enrollment and a Soft PIN, in the database and with the key
//! file that `sesame serve` would use (the same settings: environment and `--config`).
//!
//! Every user shares one authenticator secret (printed in hex) and the PIN 482913, so a
//! benchmark can compute every code; each secret is still sealed for its own user and each
//! counter, lock and used time step is per user, as in production. The PIN is hashed once
//! and the hash stored for everyone: seeding does not spend an argon2 hash per user.
//!
//! Usage: `seed_users COUNT [PREFIX]` (PREFIX defaults to `bench`).

use std::sync::Arc;

use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sesame_core::identity::{DisplayName, Language, Username};
use sesame_core::verification::Kind;
use sesame_core::{Clock, SystemClock};
use sesame_server::service::verification::authenticator;
use sesame_server::state::AppState;
use sesame_server::Settings;
use sesame_store::{
    AuditResult, EnrollmentRepository, NewUser, SaveEnrollment, SqlStore, UserRepository,
};

/// The shared authenticator secret (20 bytes, as apps use for SHA-1).
const SECRET: &[u8; 20] = b"sesame-bench-secret!";
const PIN: &str = "482913";
const CHUNK: usize = 2_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args
        .next()
        .context("usage: seed_users COUNT [PREFIX]")?
        .parse()
        .context("COUNT is a number")?;
    let prefix = args.next().unwrap_or_else(|| "bench".to_owned());
    let settings = Settings::load(None, std::env::vars()).map_err(|e| anyhow!("{e}"))?;
    let keys = sesame_server::keys::Keys::load_or_create(&settings.data_dir)?;
    let store = Arc::new(SqlStore::connect(&settings.database_url, 4).await?);
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = AppState::new(store.clone(), clock, keys, settings, Default::default());
    let services = state.services().clone();
    let now = services.now();
    let audit = |action: &str, subject: &str| {
        services.audit(
            "cli:seed",
            action,
            Some(subject),
            AuditResult::Success,
            None,
        )
    };

    let peppered = sesame_core::secret_hash::peppered(&services.keys().pepper, PIN.as_bytes());
    let pin_hash = sesame_core::secret_hash::hash(&peppered).map_err(|e| anyhow!("{e}"))?;

    let started = std::time::Instant::now();
    for first in (0..count).step_by(CHUNK) {
        let names: Vec<String> = (first..count.min(first + CHUNK))
            .map(|n| format!("{prefix}{n}"))
            .collect();
        let users = names
            .iter()
            .map(|name| {
                Ok(NewUser {
                    username: Username::parse(name)?,
                    display_name: DisplayName::parse(name)?,
                    email: None,
                    phone: None,
                    employee_id: None,
                    language: Language::english(),
                    groups: Vec::new(),
                    password_hash: None,
                    created_at: now,
                })
            })
            .collect::<Result<Vec<_>, sesame_core::Violation>>()
            .map_err(|v| anyhow!("{v}"))?;
        store
            .create_users(&users, &audit("user.import", &prefix))
            .await?;
        let mut enrollments = Vec::with_capacity(2 * names.len());
        for name in &names {
            let user = store
                .find_user(&sesame_core::identity::subject_key(name))
                .await?
                .context("a user just created")?;
            let sealed = services.seal(SECRET, &authenticator::context(user.id));
            let enrollment = |verification: &str, kind, secret, expires_at| SaveEnrollment {
                user_id: user.id,
                verification_id: verification.to_owned(),
                kind,
                secret,
                expires_at,
                at: now,
                history_keep: 1,
            };
            enrollments.push(enrollment(
                authenticator::VERIFICATION_ID,
                Kind::Authenticator,
                STANDARD.encode(sealed),
                None,
            ));
            enrollments.push(enrollment(
                "soft_pin",
                Kind::SoftPin,
                pin_hash.clone(),
                Some(now.plus_minutes(365 * 24 * 60)),
            ));
        }
        store
            .save_enrollments(&enrollments, &audit("enrollment.import", &prefix))
            .await?;
    }
    store.close().await;
    eprintln!(
        "seeded {count} users in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    println!("{}", hex::encode(SECRET));
    Ok(())
}
