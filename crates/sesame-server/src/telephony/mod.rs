//! The phone line's edge: telephony providers' webhooks. Each provider's module checks
//! that a request comes from the provider, turns it into a request of the flow in
//! `service::voice::phone`, and the turn into the provider's markup, with the prompts in
//! the caller's language from the phone catalogue (`locales/<language>/phone.ftl`). The
//! routes exist only with the `voice_agents` module and the provider's credentials.

mod twilio;
mod twiml;

use axum::http::{header, HeaderMap};
use axum::routing::post;
use axum::Router;

use crate::config::{Module, Settings};
use crate::state::AppState;

/// The webhook routes the settings allow.
pub fn router(settings: &Settings) -> Router<AppState> {
    let mut router = Router::new();
    if settings.module_enabled(Module::VoiceAgents) && settings.twilio_auth_token.is_some() {
        router = router.route("/voice/twilio/{service}", post(twilio::webhook));
    }
    router
}

/// The base URL a provider reaches Sesame at, as it signs its requests: the
/// `public_url` setting, else the request's `Host` with the scheme of
/// `X-Forwarded-Proto` (http without it).
fn public_base(settings: &Settings, headers: &HeaderMap) -> Option<String> {
    if let Some(url) = &settings.public_url {
        return Some(url.clone());
    }
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| !host.is_empty() && !host.contains(['/', ' ', '@']))?;
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').next())
        .map(str::trim)
        .filter(|scheme| *scheme == "https")
        .unwrap_or("http");
    Some(format!("{scheme}://{host}"))
}
