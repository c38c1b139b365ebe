//! CSRF protection for forms: a random value in a SameSite=Strict cookie, and in each form
//! an HMAC of that value under the server's CSRF key. A forged form has neither.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sesame_core::token::constant_time_eq;

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use serde::de::DeserializeOwned;

use super::layout::{problem_page, visitor_language};
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

/// A form that carries a CSRF token.
pub trait CsrfProtected {
    fn csrf(&self) -> &str;
}

/// A posted form whose CSRF token belongs to this browser. A malformed form answers 400,
/// a missing or foreign token 403, each with a page in the visitor's language.
pub struct CheckedForm<T>(pub T);

impl<T> FromRequest<AppState> for CheckedForm<T>
where
    T: DeserializeOwned + CsrfProtected + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let tr = visitor_language(request.headers());
        let jar = CookieJar::from_headers(request.headers());
        let Ok(Form(form)) = Form::<T>::from_request(request, state).await else {
            return Err(problem_page(&tr, StatusCode::BAD_REQUEST));
        };
        if !verify(state, &jar, form.csrf()) {
            return Err(problem_page(&tr, StatusCode::FORBIDDEN));
        }
        Ok(Self(form))
    }
}
