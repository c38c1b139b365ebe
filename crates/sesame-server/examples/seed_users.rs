//! Seeds many users for the benchmarks in `bench/`: `<prefix><n>` for n in FROM..COUNT,
//! each with the phone number `+4471` and n in eight digits, the employee id `E<n>`, an
//! active authenticator enrollment and a Soft PIN, in the database and with the key file
//! that `sesame serve` would use (the same settings: environment and `--config`), on
//! SQLite or PostgreSQL.
//!
//! Every user shares one authenticator secret (printed in hex) and the PIN 482913, so a
//! benchmark can compute every code; each secret is still sealed for its own user and each
//! counter, lock and used time step is per user, as in production. The PIN is hashed once
//! and the hash stored for everyone: seeding does not spend an argon2 hash per user. The
//! rows are the ones `create_users` and `save_enrollments` write, loaded in batches
//! (`SqlStore::load_users`: `COPY` on PostgreSQL).
//!
//! Usage: `seed_users [--from FROM] COUNT [PREFIX]` (FROM defaults to 0, PREFIX to
//! `bench`); growing a database step by step seeds from where the last step stopped.

use std::sync::Arc;

use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sesame_core::identity::{DisplayName, EmployeeId, Language, PhoneNumber, Username};
use sesame_core::verification::Kind;
use sesame_core::{Clock, SystemClock};
use sesame_server::service::verification::authenticator;
use sesame_server::state::AppState;
use sesame_server::Settings;
use sesame_store::{AuditResult, LoadedEnrollment, NewUser, SqlStore};

/// The shared authenticator secret (20 bytes, as apps use for SHA-1).
const SECRET: &[u8; 20] = b"sesame-bench-secret!";
const PIN: &str = "482913";
/// Users per transaction.
const CHUNK: usize = 20_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let usage = "usage: seed_users [--from FROM] COUNT [PREFIX]";
    let mut args = std::env::args().skip(1).peekable();
    let from: usize = if args.peek().map(String::as_str) == Some("--from") {
        args.next();
        args.next()
            .context(usage)?
            .parse()
            .context("FROM is a number")?
    } else {
        0
    };
    let count: usize = args
        .next()
        .context(usage)?
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
    let audit = services.audit(
        "cli:seed",
        "user.import",
        Some(&prefix),
        AuditResult::Success,
        None,
    );

    let peppered = sesame_core::secret_hash::peppered(&services.keys().pepper, PIN.as_bytes());
    let pin_hash = sesame_core::secret_hash::hash(&peppered).map_err(|e| anyhow!("{e}"))?;
    let pin_expires = Some(now.plus_minutes(365 * 24 * 60));
    let enrollments = |id: i64, _: &NewUser| {
        let sealed = services.seal(SECRET, &authenticator::context(id));
        vec![
            LoadedEnrollment {
                verification_id: authenticator::VERIFICATION_ID.to_owned(),
                kind: Kind::Authenticator,
                secret: STANDARD.encode(sealed),
                expires_at: None,
            },
            LoadedEnrollment {
                verification_id: "soft_pin".to_owned(),
                kind: Kind::SoftPin,
                secret: pin_hash.clone(),
                expires_at: pin_expires,
            },
        ]
    };

    let started = std::time::Instant::now();
    for first in (from..count).step_by(CHUNK) {
        let users = (first..count.min(first + CHUNK))
            .map(|n| {
                let name = format!("{prefix}{n}");
                Ok(NewUser {
                    username: Username::parse(&name)?,
                    display_name: DisplayName::parse(&name)?,
                    email: None,
                    phone: Some(PhoneNumber::parse(&format!("+4471{n:08}"))?),
                    employee_id: Some(EmployeeId::parse(&format!("E{n}"))?),
                    language: Language::english(),
                    groups: Vec::new(),
                    password_hash: None,
                    created_at: now,
                })
            })
            .collect::<Result<Vec<_>, sesame_core::Violation>>()
            .map_err(|v| anyhow!("{v}"))?;
        store.load_users(&users, &enrollments, &audit).await?;
    }
    store.close().await;
    eprintln!(
        "seeded {} users in {:.1} s",
        count.saturating_sub(from),
        started.elapsed().as_secs_f64()
    );
    println!("{}", hex::encode(SECRET));
    Ok(())
}
