//! CSRF protection for forms: a random value in a SameSite=Strict cookie, and in each form
//! an HMAC of that value under the server's CSRF key. A forged form has neither.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sesame_core::token::constant_time_eq;

use crate::state::AppState;

const COOKIE: &str = "sesame_csrf";

/// The form token for this browser, creating (or, with `renew`, replacing) its cookie.
pub fn form_token(state: &AppState, jar: CookieJar, renew: bool) -> (CookieJar, String) {
    let existing = jar
        .get(COOKIE)
        .map(|c| c.value().to_owned())
        .filter(|_| !renew);
    let (jar, nonce) = match existing {
        Some(nonce) => (jar, nonce),
        None => {
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            let nonce = URL_SAFE_NO_PAD.encode(bytes);
            let cookie = Cookie::build((COOKIE, nonce.clone()))
                .http_only(true)
                .secure(state.settings().secure_cookies)
                .same_site(SameSite::Strict)
                .path("/")
                .build();
            (jar.add(cookie), nonce)
        }
    };
    let token = hex::encode(state.csrf_digest(nonce.as_bytes()));
    (jar, token)
}

/// Whether a submitted form token belongs to this browser's cookie.
pub fn verify(state: &AppState, jar: &CookieJar, submitted: &str) -> bool {
    let Some(cookie) = jar.get(COOKIE) else {
        return false;
    };
    let expected = hex::encode(state.csrf_digest(cookie.value().as_bytes()));
    constant_time_eq(expected.as_bytes(), submitted.as_bytes())
}
