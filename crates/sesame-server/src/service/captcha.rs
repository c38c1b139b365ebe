//! The proof-of-work CAPTCHA of self-service resets (`sesame_core::captcha`): challenges
//! signed with the key `captcha` of the key file, and solutions checked against it and
//! recorded in the database, so that each is accepted once, on whichever node.

use std::time::Duration;

use sesame_core::captcha::{self, Challenge};

use crate::service::{ServiceError, ServiceResult, Services};

/// How long a challenge can be solved and its solution used.
pub const LIFETIME: Duration = Duration::from_secs(10 * 60);

/// A fresh challenge whose cost is the property `captcha.max_number`.
pub async fn challenge(state: &Services) -> ServiceResult<Challenge> {
    let max_number = state.count_property("captcha.max_number").await?;
    Ok(Challenge::new(
        &state.keys().captcha,
        u64::from(max_number),
        state.now().plus(LIFETIME),
        &mut rand::rngs::OsRng,
    ))
}

/// Accepts a solution (the base64 payload) once: a challenge of this server, solved, not
/// expired and not used before. Refused with 422 `captcha.required` when there is none,
/// `captcha.invalid` otherwise, saying why.
pub async fn redeem(state: &Services, payload: Option<&str>) -> ServiceResult<()> {
    let payload = payload
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| {
            ServiceError::invalid(
                "captcha.required",
                "This process needs a solved CAPTCHA: solve a challenge of GET /api/v1/captcha \
                 and send the payload as captcha.",
            )
        })?;
    let solution = captcha::verify(&state.keys().captcha, payload, state.now())
        .map_err(|refusal| ServiceError::invalid("captcha.invalid", refusal.to_string()))?;
    if !state
        .store()
        .use_captcha_solution(&solution.challenge, solution.expires)
        .await?
    {
        return Err(ServiceError::invalid(
            "captcha.invalid",
            "This CAPTCHA solution was used before. Solve a new challenge.",
        ));
    }
    Ok(())
}
