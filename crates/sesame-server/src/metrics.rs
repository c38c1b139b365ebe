//! Prometheus metrics: requests by route and status, latency histograms, and the hashing
//! pool's queue depth (recorded by [`crate::service::hashing`]).

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::Response;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use secrecy::ExposeSecret;
use sesame_core::token::constant_time_eq;
use sha2::{Digest, Sha256};

use crate::error::AppError;
use crate::state::AppState;

const LATENCY: &str = "sesame_http_request_duration_seconds";
const REQUESTS: &str = "sesame_http_requests_total";

/// The process-wide recorder, installed on first use.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ];
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(LATENCY.to_owned()), &buckets)
                .ok()?
                .install_recorder();
            match recorder {
                Ok(handle) => Some(handle),
                Err(e) => {
                    tracing::warn!(error = %e, "metrics recorder not installed");
                    None
                }
            }
        })
        .as_ref()
}

/// Counts and times every request under its route pattern (never the raw path, which
/// could hold user names).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(LATENCY, "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!(REQUESTS, "method" => method, "route" => route, "status" => status)
        .increment(1);
    response
}

/// The metrics in Prometheus' text format; with `metrics_token` set, only for a request
/// that presents it as a bearer token (compared in constant time), 401 otherwise.
pub async fn render(State(state): State<AppState>, headers: HeaderMap) -> Result<String, AppError> {
    if let Some(token) = &state.settings().metrics_token {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .unwrap_or_default();
        // Digests first, so that not even the token's length shows in the time taken.
        let presented = Sha256::digest(presented.as_bytes());
        let expected = Sha256::digest(token.expose_secret().as_bytes());
        if !constant_time_eq(&presented, &expected) {
            return Err(AppError::unauthenticated());
        }
    }
    Ok(handle().map(PrometheusHandle::render).unwrap_or_default())
}
