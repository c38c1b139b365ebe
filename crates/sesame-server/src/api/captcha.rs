//! `GET /api/v1/captcha`: a proof-of-work challenge in ALTCHA's form, for starting a reset
//! with a process that asks for a CAPTCHA (see `crate::service::captcha`).

use axum::extract::State;
use axum::http::header;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiResult, ErrorBody};
use crate::service::captcha;
use crate::state::AppState;

/// Find the number `n` from 0 to `maxnumber` for which the hex SHA-256 of `salt` followed
/// by `n` in decimal is `challenge`; then send, as `captcha`, the base64 of the JSON
/// `{algorithm, challenge, number, salt, signature}`. ALTCHA's widget and libraries
/// solve it as they are.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaptchaChallenge {
    /// Always `SHA-256`.
    algorithm: String,
    /// The digest to find, in hex.
    challenge: String,
    /// The largest number to try.
    maxnumber: u64,
    /// Random hex, then the expiry in unix seconds: `?expires=<seconds>&`.
    salt: String,
    /// The server's signature of `challenge`, to send back unchanged.
    signature: String,
}

/// A CAPTCHA challenge.
///
/// Valid for 10 minutes; a solution is accepted once. Its cost follows the property
/// `captcha.max_number`.
#[utoipa::path(get, path = "/api/v1/captcha", operation_id = "get_captcha", tag = "resets",
    responses((status = 200, body = CaptchaChallenge), (status = 429, body = ErrorBody)))]
pub async fn challenge(
    State(state): State<AppState>,
) -> ApiResult<(
    [(header::HeaderName, &'static str); 1],
    Json<CaptchaChallenge>,
)> {
    let made = captcha::challenge(&state).await?;
    Ok((
        [(header::CACHE_CONTROL, "no-store")],
        Json(CaptchaChallenge {
            algorithm: made.algorithm,
            challenge: made.challenge,
            maxnumber: made.maxnumber,
            salt: made.salt,
            signature: made.signature,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use sesame_core::captcha::Challenge;
    use utoipa::PartialSchema;

    use super::*;

    #[test]
    fn the_schema_has_every_field_of_a_challenge() {
        let made = Challenge::new(
            &[1; 32],
            10,
            sesame_core::Timestamp::from_millis(0),
            &mut rand::rngs::OsRng,
        );
        let sent: BTreeSet<String> = serde_json::to_value(made)
            .unwrap_or_default()
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        let described: BTreeSet<String> = serde_json::to_value(CaptchaChallenge::schema())
            .unwrap_or_default()["properties"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(sent, described);
    }
}
