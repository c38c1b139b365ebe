//! CSRF protection for forms: a random value in a SameSite=Strict cookie, and in each form
//! an HMAC of that value under the server's CSRF key. A forged form has neither.

use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sesame_core::token::constant_time_eq;

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use super::layout::{control_characters_page, problem_page, visitor_language};
use crate::input::BadString;
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

/// A form of nothing but its CSRF token: a button that does one thing (sign out, revoke,
/// unlock, go on).
#[derive(serde::Deserialize)]
pub struct TokenOnly {
    csrf: String,
}

impl CsrfProtected for TokenOnly {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// A posted form whose CSRF token belongs to this browser. A malformed form answers 400,
/// one with control characters or an overlong field 422, a missing or foreign token 403,
/// each with a page in the visitor's language.
pub struct CheckedForm<T>(pub T);

impl<T> FromRequest<AppState> for CheckedForm<T>
where
    T: DeserializeOwned + CsrfProtected + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let tr = visitor_language(&headers);
        let jar = CookieJar::from_headers(&headers);
        let form = match FormFields::<T>::from_request(request, state).await {
            Ok(FormFields(form)) => form,
            Err(FormRefusal::Malformed) => return Err(problem_page(&tr, StatusCode::BAD_REQUEST)),
            Err(FormRefusal::BadString) => return Err(control_characters_page(&headers)),
        };
        if !verify(state, &jar, form.csrf()) {
            return Err(problem_page(&tr, StatusCode::FORBIDDEN));
        }
        Ok(Self(form))
    }
}

/// A posted form (`application/x-www-form-urlencoded`), parsed as axum's `Form` is, but
/// refused when a field holds control characters or is longer than any field takes (see
/// [`crate::input`]).
pub struct FormFields<T>(pub T);

/// Why a form was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormRefusal {
    /// Not a form, too large, or not of the expected shape: 400.
    Malformed,
    /// A field with control characters, or too long: 422.
    BadString,
}

impl IntoResponse for FormRefusal {
    fn into_response(self) -> Response {
        match self {
            Self::Malformed => StatusCode::BAD_REQUEST.into_response(),
            Self::BadString => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        }
    }
}

impl<T, S> FromRequest<S> for FormFields<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = FormRefusal;

    async fn from_request(request: Request, state: &S) -> Result<Self, FormRefusal> {
        let is_form = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(FormRefusal::Malformed);
        }
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| FormRefusal::Malformed)?;
        let fields: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&body).map_err(|_| FormRefusal::Malformed)?;
        if fields
            .iter()
            .any(|(name, value)| BadString::of(name).or(BadString::of(value)).is_some())
        {
            return Err(FormRefusal::BadString);
        }
        serde_urlencoded::from_bytes(&body)
            .map(Self)
            .map_err(|_| FormRefusal::Malformed)
    }
}
