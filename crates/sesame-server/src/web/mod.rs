//! Server-rendered pages for people: sign-in, profile and the menu later pages join.
//!
//! Pages work without JavaScript. Every form carries a CSRF token bound to a cookie, the
//! session cookie is HttpOnly and SameSite, and no text is written here: it comes from
//! the catalogues through [`Tr`].

mod admin;
mod authenticator;
mod codes;
mod csrf;
mod desk;
mod enrollment;
mod layout;
mod pages;
mod password;
mod questions;
mod reset;
mod soft_pin;
mod verifications;
mod visit;

use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::config::{Module, Settings};
use crate::state::AppState;

pub use layout::{control_characters_page, not_found_page, rate_limited_page};

pub const SESSION_COOKIE: &str = "sesame_session";

/// Whether what the edge refuses at `path` is answered as a page: everywhere but the API
/// (`/api/`) and the phone line's webhooks (`/voice/`), which are answered in JSON.
pub fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/") || path.starts_with("/voice/"))
}

/// A page that states only that the request failed, with `status`, in the visitor's
/// language.
pub fn problem_page_for(
    headers: &axum::http::HeaderMap,
    status: axum::http::StatusCode,
) -> axum::response::Response {
    layout::problem_page(&layout::visitor_language(headers), status)
}

/// The pages; those of a module that is off do not exist.
pub fn router(settings: &Settings) -> Router<AppState> {
    let router = Router::new()
        .route("/", get(pages::home))
        .route(
            "/signin",
            get(pages::signin_page).post(pages::signin_submit),
        )
        .route("/signout", axum::routing::post(pages::signout))
        .route("/profile", get(pages::profile))
        .route(
            "/profile/authenticator",
            get(authenticator::authenticator_page),
        )
        .route(
            "/profile/authenticator/start",
            axum::routing::post(authenticator::authenticator_start),
        )
        .route(
            "/profile/authenticator/confirm",
            axum::routing::post(authenticator::authenticator_confirm),
        )
        .route(
            "/profile/questions",
            get(questions::questions_page).post(questions::questions_submit),
        )
        .route(
            "/profile/verifications/{id}",
            get(verifications::verification_page),
        )
        .route(
            "/profile/verifications/{id}/start",
            axum::routing::post(verifications::authenticator_start),
        )
        .route(
            "/profile/verifications/{id}/confirm",
            axum::routing::post(verifications::authenticator_confirm),
        )
        .route(
            "/profile/verifications/{id}/answers",
            axum::routing::post(verifications::answers_submit),
        )
        .route("/profile/codes/{id}", get(codes::codes_page))
        .route(
            "/profile/codes/{id}/{step}",
            axum::routing::post(codes::codes_step),
        )
        .route("/desk", get(desk::desk_page))
        .route("/desk/start", axum::routing::post(desk::desk_start))
        .route("/desk/verify", get(desk::desk_verify))
        .route("/desk/finish", get(desk::desk_verify))
        .route(
            "/desk/unlock-user",
            axum::routing::post(desk::desk_unlock_user),
        )
        .route(
            "/desk/challenge/{id}",
            axum::routing::post(desk::desk_challenge),
        )
        .route("/desk/answer/{id}", axum::routing::post(desk::desk_answer))
        .route("/desk/password", axum::routing::post(desk::desk_password))
        .route("/desk/unlock", axum::routing::post(desk::desk_unlock))
        .route("/desk/sms", axum::routing::post(desk::desk_sms_send))
        .route("/desk/sms/check", axum::routing::post(desk::desk_sms_check))
        .route("/reset", get(reset::start_page).post(reset::start_submit))
        .route("/reset/verify", get(reset::verify_page))
        .route(
            "/reset/challenge/{id}",
            axum::routing::post(reset::challenge_submit),
        )
        .route(
            "/reset/answer/{id}",
            axum::routing::post(reset::answer_submit),
        )
        .route("/reset/finish", get(reset::finish_page))
        .route(
            "/reset/password",
            axum::routing::post(reset::password_submit),
        )
        .route("/reset/unlock", axum::routing::post(reset::unlock_submit))
        .route("/reset/strength", axum::routing::post(reset::strength))
        .route(
            "/profile/password",
            get(password::page).post(password::submit),
        )
        .route(
            "/profile/password/strength",
            axum::routing::post(password::strength),
        )
        .merge(admin::router(settings))
        .route("/static/sesame.css", get(stylesheet))
        .route("/static/strength.js", get(strength_script))
        .route("/static/copy.js", get(copy_script))
        .route("/static/captcha.js", get(captcha_script))
        .route("/static/captcha-worker.js", get(captcha_worker_script));
    if settings.module_enabled(Module::VoiceAgents) {
        router.route(
            "/profile/soft-pin",
            get(soft_pin::soft_pin_page).post(soft_pin::soft_pin_submit),
        )
    } else {
        router
    }
}

async fn strength_script() -> impl IntoResponse {
    script(include_str!("strength.js"))
}

async fn copy_script() -> impl IntoResponse {
    script(include_str!("copy.js"))
}

async fn captcha_script() -> impl IntoResponse {
    script(include_str!("captcha.js"))
}

async fn captcha_worker_script() -> impl IntoResponse {
    script(include_str!("captcha-worker.js"))
}

/// One of the pages' own scripts.
fn script(text: &'static str) -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        text,
    )
}

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        include_str!("sesame.css"),
    )
}
