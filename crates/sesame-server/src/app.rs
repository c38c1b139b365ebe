//! Assembling the server: `Application::build` opens the store, binds the listener and
//! exposes the port it got, which is the seam every integration test uses.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use sesame_core::Clock;
use sesame_store::{AuditResult, ConnectOptions, SqlStore};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::config::{EmailSettings, Settings};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::keys::Keys;
use crate::service::verification::soft_pin;
use crate::service::voice::call;
use crate::state::AppState;
use crate::{api, client, input, limits, metrics, serve, telephony, web};
use sesame_delivery::{EmailTransport, SmsProvider, SmsTransport, Transports, Worker};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub struct Application {
    listener: tokio::net::TcpListener,
    state: AppState,
    store: Arc<SqlStore>,
}

impl Application {
    /// Creates the data directory and keys, connects and migrates the database, and binds
    /// the listen address (port 0 picks a free port).
    pub async fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let keys = Keys::load_or_create(&settings.data_dir)?;
        metrics::handle();
        let store = Arc::new(
            SqlStore::connect_with(&settings.database_url, &connect_options(&settings))
                .await
                .map_err(|e| database_failure(&settings.database_url, e))?,
        );
        let listener = tokio::net::TcpListener::bind(settings.listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", settings.listen))?;
        let transports = transports(&settings)?;
        let state = AppState::new(store.clone(), clock, keys, settings, transports);
        Ok(Self {
            listener,
            state,
            store,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish and closes
    /// the database.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let housekeeping = tokio::spawn(housekeeping(self.state.clone()));
        let delivery = tokio::spawn(outbox_worker(&self.state).run());
        let settings = self.state.settings();
        crate::serve::serve(
            self.listener,
            router(self.state.clone()),
            settings.max_connections,
            settings.request_timeout,
            shutdown,
        )
        .await;
        housekeeping.abort();
        delivery.abort();
        self.store.close().await;
        Ok(())
    }
}

/// How the server connects to its database. A request waits for a database connection
/// no longer than `request_timeout`: while the database restarts, requests wait for it
/// that long and then fail with 503, and the pool reconnects by itself once it is back.
pub fn connect_options(settings: &Settings) -> ConnectOptions {
    ConnectOptions {
        max_connections: settings.database_max_connections,
        ca_file: settings.database_ca_file.clone(),
        acquire_timeout: settings.request_timeout,
    }
}

/// The one line a command stops with when its database cannot be opened, reached or
/// migrated: the setting, the database (without its password) and the cause.
pub fn database_failure(url: &str, error: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!(
        "setting database_url (SESAME_DATABASE_URL): cannot use the database {}: {error}",
        crate::config::redact_url(url)
    )
}

/// The delivery transports the settings describe.
pub fn transports(settings: &Settings) -> anyhow::Result<Transports> {
    use secrecy::ExposeSecret;
    let email = match &settings.email {
        EmailSettings::Off => None,
        EmailSettings::Smtp { url, from, roots } => Some(
            EmailTransport::smtp(
                url.expose_secret(),
                from,
                roots.as_deref(),
                settings.delivery_timeout,
            )
            .map_err(anyhow::Error::msg)?,
        ),
        EmailSettings::Log { from } => {
            tracing::warn!("e-mail goes to the log, codes included: for development only");
            Some(EmailTransport::log(from).map_err(anyhow::Error::msg)?)
        }
    };
    let sms = match settings.sms.provider {
        None => None,
        Some(provider) => {
            if provider == SmsProvider::Log {
                tracing::warn!("SMS goes to the log, codes included: for development only");
            }
            let secret = settings
                .sms
                .secret
                .as_ref()
                .map(|s| s.expose_secret().to_owned())
                .unwrap_or_default();
            let sms = &settings.sms;
            Some(
                SmsTransport::new(
                    provider,
                    &sms.url,
                    &sms.from,
                    &sms.account,
                    &secret,
                    settings.delivery_timeout,
                )
                .map_err(anyhow::Error::msg)?,
            )
        }
    };
    Ok(Transports { email, sms })
}

/// The worker that delivers this node's share of the outbox.
pub fn outbox_worker(state: &AppState) -> Worker {
    let keys = state.clone();
    Worker {
        store: state.store_handle(),
        clock: state.clock_handle(),
        transports: state.transports().clone(),
        keys: Arc::new(move |id| keys.seal_key(id)),
        wake: state.outbox_wake().clone(),
    }
}

/// Periodic work, hourly: purging what is past its retention, and reminding users of
/// Soft PINs about to expire.
async fn housekeeping(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        if let Err(e) = purge_expired(&state).await {
            tracing::warn!(error = %e, "purge failed; will retry");
        }
        if let Err(e) = soft_pin::send_expiry_reminders(&state).await {
            tracing::warn!(error = %e, "Soft PIN reminders failed; will retry");
        }
    }
}

/// How long what has ended is kept: codes, sent or given-up messages, reset requests, voice
/// sessions and used CAPTCHA solutions a day after they expired; the audit for
/// `audit.retention_days`.
const ENDED_KEPT_MINUTES: i64 = 24 * 60;

/// How many records one purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Purged {
    pub audit: u64,
    pub codes: u64,
    pub assist_codes: u64,
    pub messages: u64,
    pub resets: u64,
    pub voice_sessions: u64,
    pub captcha_solutions: u64,
}

/// Deletes codes, sent or given-up messages, reset requests (with their steps), voice
/// sessions and used CAPTCHA solutions a day after they expired, and audit records of days older than
/// `audit.retention_days`. What the reports count of them is kept first as daily totals
/// (see `ReportRepository`), so reports give the same numbers after a purge. Records the
/// purge in the audit when it removed anything.
pub async fn purge_expired(state: &AppState) -> Result<Purged, AppError> {
    let now = state.now();
    let ended = now.plus_minutes(-ENDED_KEPT_MINUTES);
    let store = state.store();
    let mut purged = Purged {
        codes: store.purge_codes(ended).await?,
        assist_codes: store.purge_assist_codes(ended).await?,
        messages: store.purge_outbox(ended).await?,
        resets: store.purge_resets(ended).await?,
        voice_sessions: store
            .purge_voice_sessions(ended, &|session| call::tally(session, now))
            .await?,
        captcha_solutions: store.purge_captcha_solutions(ended).await?,
        ..Purged::default()
    };
    let days = state.int_property("audit.retention_days").await?;
    // Whole days, so that each day's blocked users are counted once in the totals.
    let day = sesame_store::DAY_MILLIS;
    let before = now.plus_minutes(-days * 24 * 60).as_millis();
    let before = sesame_core::Timestamp::from_millis(before - before.rem_euclid(day));
    purged.audit = store.purge_audit(before).await?;
    if purged != Purged::default() {
        let mut event = state.audit("system", "audit.purge", None, AuditResult::Success, None);
        let mut detail = serde_json::to_value(purged).unwrap_or_default();
        detail["retention_days"] = serde_json::json!(days);
        event.detail = Some(detail.to_string());
        store.append_audit(&event).await?;
    }
    Ok(purged)
}

/// Every route of the server.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router(state.settings());
    let openapi = Arc::new(openapi);
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let openapi = openapi.clone();
                async move { Json(openapi.as_ref().clone()) }
            }),
        )
        .merge(api)
        .merge(web::router(state.settings()))
        .merge(telephony::router(state.settings()))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(serve::run_to_completion))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            serve::read_body_within,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::enforce,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            client::identify,
        ))
        .layer(axum::middleware::from_fn(input::refuse_control_characters))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::custom(|_| {
            AppError::internal("handler panicked").into_response()
        }))
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; connect-src 'self'; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ))
        // Answers carry tokens, secrets and personal data: no cache keeps them, unless a
        // route says otherwise (the stylesheet, the JWKS).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let router = if state.settings().hsts {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ))
    } else {
        router
    };
    router.with_state(state)
}

async fn readyz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

fn is_api(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
}

async fn not_found(request: Request) -> Response {
    if is_api(&request) {
        AppError::not_found("route.not_found", "There is no such API route.").into_response()
    } else {
        let accept = request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        web::not_found_page(&Tr::from_accept_language(accept))
    }
}

async fn method_not_allowed() -> Response {
    AppError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "route.method_not_allowed",
        "This route does not take this method.",
    )
    .into_response()
}
