//! The `sesame` command line: `serve`, `config`, `admin token`, `keys rotate`,
//! `users import`, `users sync`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use secrecy::ExposeSecret;
use sesame_core::token::Role;
use sesame_core::{Clock, SystemClock};
use tracing_subscriber::EnvFilter;

use crate::app::Application;
use crate::config::{LogFormat, Settings};

#[derive(Debug, Parser)]
#[command(
    name = "sesame",
    version,
    about = "Self-service password reset and identity verification server"
)]
struct Cli {
    /// A TOML file of settings; SESAME_* environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the server.
    Serve,
    /// Print the effective settings as TOML, each with where it came from; secrets are
    /// not shown.
    Config,
    /// Administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The server's secret keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The local user directory.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Seed a demo user with enrollments and a self-service process, and print what to try
    /// (for a development database).
    Demo,
}

#[derive(Debug, Subcommand)]
enum AdminCommand {
    /// Create an API key with the admin role and print its token.
    Token {
        /// A name for the key, shown in the key list and the audit log.
        #[arg(long, default_value = "cli")]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Add a new sealing key and re-encrypt every sealed secret and message under it, and
    /// add a new signing key for voice assertions, published now and signing in 300 s.
    Rotate,
}

#[derive(Debug, Subcommand)]
enum UsersCommand {
    /// Import users from a CSV or JSON-lines file (all or nothing).
    Import { file: PathBuf },
    /// Copy users from the LDAP directory (ldap_url) so they can enroll; users gone from
    /// the directory are disabled. Local users are never changed.
    Sync,
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Config = cli.command {
        return show_config(cli.config.as_deref());
    }
    let settings = match Settings::load(cli.config.as_deref(), environment()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("sesame: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(&settings);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("sesame: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve => serve(settings).await,
            // Answered above, before any logging or runtime is set up.
            Command::Config => Ok(show_config(cli.config.as_deref())),
            Command::Admin {
                command: AdminCommand::Token { name },
            } => admin_token(settings, &name).await,
            Command::Keys {
                command: KeysCommand::Rotate,
            } => rotate(settings).await,
            Command::Users {
                command: UsersCommand::Import { file },
            } => import(settings, &file).await,
            Command::Users {
                command: UsersCommand::Sync,
            } => sync(settings).await,
            Command::Demo => demo(settings).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sesame: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The process environment. A variable that is not valid UTF-8 (anyone's, not only
/// Sesame's) has its bad bytes replaced instead of stopping the program.
fn environment() -> impl Iterator<Item = (String, String)> {
    std::env::vars_os().map(|(name, value)| {
        (
            name.to_string_lossy().into_owned(),
            value.to_string_lossy().into_owned(),
        )
    })
}

/// `sesame config`: the settings `serve` would run with, from the same file and
/// environment, with the same errors.
fn show_config(file: Option<&std::path::Path>) -> ExitCode {
    match crate::config::effective_toml(file, environment()) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sesame: {e}");
            ExitCode::from(2)
        }
    }
}

fn init_logging(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log_level).unwrap_or_else(|_| EnvFilter::new("info"));
    use std::io::IsTerminal;
    // Colours only for a person at a terminal, never in files or pipes.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    match settings.log_format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.init(),
    }
}

async fn serve(settings: Settings) -> anyhow::Result<ExitCode> {
    let backend = if settings.database_url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let modules: Vec<_> = settings.modules.iter().map(|m| m.name()).collect();
    // The absolute path, so that the log says where the data is whatever the working
    // directory was.
    let data_dir = std::path::absolute(&settings.data_dir)
        .unwrap_or_else(|_| settings.data_dir.clone())
        .display()
        .to_string();
    let database = crate::config::redact_url(&settings.database_url);
    let app = Application::build(settings, Arc::new(SystemClock)).await?;
    let address = app.local_addr()?;
    tracing::info!(
        %address,
        backend,
        modules = modules.join(","),
        data_dir = %data_dir,
        database = %database,
        "sesame listening on http://{address}"
    );
    app.run_until(shutdown_signal()).await?;
    tracing::info!("sesame stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(e) => {
                    tracing::error!(error = %e, "cannot listen for SIGTERM");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {},
            _ = terminate.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down: finishing requests in flight");
}

/// The store and state without a listener, for commands that work on the database.
async fn offline_state(
    settings: Settings,
) -> anyhow::Result<(crate::state::AppState, Arc<sesame_store::SqlStore>)> {
    let keys = crate::keys::Keys::load_or_create(&settings.data_dir)?;
    let store = Arc::new(
        sesame_store::SqlStore::connect_with(
            &settings.database_url,
            &sesame_store::ConnectOptions {
                max_connections: 2,
                ..crate::app::connect_options(&settings)
            },
        )
        .await
        .map_err(|e| crate::app::database_failure(&settings.database_url, e))?,
    );
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Ok((
        crate::state::AppState::new(store.clone(), clock, keys, settings, Default::default()),
        store,
    ))
}

async fn admin_token(settings: Settings, name: &str) -> anyhow::Result<ExitCode> {
    let database = crate::config::redact_url(&settings.database_url);
    let (state, store) = offline_state(settings).await?;
    let (key, token) = crate::service::api_keys::issue(
        &state,
        name,
        Role::Admin,
        crate::service::Actor {
            name: "cli",
            source: None,
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.close().await;
    eprintln!(
        "Created admin API key {} ({}) in the database {database}. The token is shown once:",
        key.id, key.name
    );
    println!("{}", token.expose_secret());
    Ok(ExitCode::SUCCESS)
}

async fn demo(settings: Settings) -> anyhow::Result<ExitCode> {
    use crate::demo;
    let database = crate::config::redact_url(&settings.database_url);
    let listen = settings.listen;
    let voice = settings.module_enabled(crate::config::Module::VoiceAgents);
    let (state, store) = offline_state(settings).await?;
    let seeded = demo::seed(&state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.close().await;
    match seeded {
        demo::Seeded::Created => println!("Seeded the demo in the database {database}."),
        demo::Seeded::AlreadyThere => {
            println!("The demo user is already in the database {database}; nothing changed.")
        }
    }
    let base = format!("http://{listen}");
    println!(
        "\nUser {user}, password {password}: sign in at {base}/signin.\n\
         Forgot-password walk-through: start the server with e-mails going to its log,\n  \
         SESAME_EMAIL_TRANSPORT=log sesame serve\n\
         open {base}/reset, enter {user}, send the e-mail code (it appears in the log),\n\
         then answer the security questions: {answers}.",
        user = demo::USERNAME,
        password = demo::PASSWORD,
        answers = demo::ANSWERS
            .iter()
            .zip(1..)
            .map(|(a, n)| format!("{n}. {a}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    if voice {
        println!(
            "A voice agent can check the Soft PIN {pin}:\n  \
             curl -X POST {base}/api/v1/verify -H \"Authorization: Bearer <orchestrator key>\" \\\n    \
             -H 'content-type: application/json' \\\n    \
             -d '{{\"username\": \"{user}\", \"verification\": \"soft_pin\", \"input\": \"four eight two nine one three\", \"input_type\": \"voice\"}}'",
            pin = demo::PIN,
            user = demo::USERNAME,
        );
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(settings: Settings, file: &std::path::Path) -> anyhow::Result<ExitCode> {
    let (state, store) = offline_state(settings).await?;
    let outcome = crate::import::import_users(&state, file, "cli").await?;
    store.close().await;
    match outcome {
        Ok(count) => {
            println!("Imported {count} users from {}.", file.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(refused) => {
            for problem in &refused.problems {
                eprintln!("{}: {problem}", file.display());
            }
            let more = refused.total - refused.problems.len();
            if more > 0 {
                eprintln!("{}: {more} more problems on later lines", file.display());
            }
            eprintln!("Nothing was imported: fix the lines above and run the import again.");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn sync(settings: Settings) -> anyhow::Result<ExitCode> {
    let (state, store) = offline_state(settings).await?;
    let synced = crate::import::sync_from_directory(&state, "cli").await;
    store.close().await;
    let crate::import::Synced {
        outcome,
        rejected,
        dropped,
    } = synced.map_err(|e| anyhow::anyhow!("{e}"))?;
    for problem in &rejected {
        eprintln!("left out: {problem}");
    }
    for name in &outcome.skipped {
        eprintln!("left out: {name}: a local user has this name");
    }
    for value in &dropped {
        eprintln!("taken without a value: {value}");
    }
    println!(
        "Directory users: {} created, {} updated, {} disabled, {} left out.",
        outcome.created,
        outcome.updated,
        outcome.disabled,
        outcome.skipped.len() + rejected.len()
    );
    Ok(ExitCode::SUCCESS)
}

async fn rotate(settings: Settings) -> anyhow::Result<ExitCode> {
    let added = crate::rotation::add_keys(&settings.data_dir, SystemClock.now())?;
    let (state, store) = offline_state(settings).await?;
    let rotated = crate::rotation::reseal_all(&state, "cli")
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.close().await;
    println!(
        "Sealing key {} added; {} messages and {} secrets re-sealed under it. Restart running servers so that new values use it too.",
        added.seal_id, rotated.messages, rotated.secrets
    );
    println!(
        "Signing key {} added; it is in the JWKS now and signs voice assertions from {}. Running servers take it up without a restart.",
        added.signing.kid,
        added.signing.starts.to_rfc3339()
    );
    Ok(ExitCode::SUCCESS)
}
