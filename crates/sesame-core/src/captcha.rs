//! Proof-of-work CAPTCHA challenges in ALTCHA's form, made and checked without a third party.
//!
//! A challenge asks for the number `n` from 0 to `maxnumber` for which SHA-256 of the salt
//! followed by `n` in decimal is `challenge` (hex). The server picks `n` at random and signs
//! `challenge` with HMAC-SHA-256 under a key of its own, so it keeps nothing until a solution
//! comes back: the signature shows that the challenge is the server's, the digest that the
//! number is right. The salt carries the expiry as ALTCHA does, `<random hex>?expires=<unix
//! seconds>&`, so the signature covers it too; the closing `&` keeps digits from moving
//! between the expiry and the number (ALTCHA's advisory on challenge splicing).
//!
//! A solution is the base64 of the JSON `{algorithm, challenge, number, salt, signature}`.
//! That each solution is used once is for the caller to record: this module does no IO.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;
use rand::{CryptoRng, Rng};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::token::{constant_time_eq, keyed_digest};
use crate::Timestamp;

/// The one algorithm Sesame asks for and accepts.
pub const ALGORITHM: &str = "SHA-256";

/// Random bytes in a salt, as ALTCHA's libraries use.
const SALT_BYTES: usize = 12;

/// Standard base64 (what a browser's `btoa` writes), with or without padding.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// A challenge as it is sent to the browser, in ALTCHA's field names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    pub algorithm: String,
    /// SHA-256 of the salt and the number, in hex.
    pub challenge: String,
    /// The largest number to try.
    pub maxnumber: u64,
    pub salt: String,
    /// HMAC-SHA-256 of `challenge` (its hex text) under the server's key, in hex.
    pub signature: String,
}

impl Challenge {
    /// A fresh challenge whose number lies from 0 to `max_number`, valid until `expires`.
    pub fn new(
        key: &[u8; 32],
        max_number: u64,
        expires: Timestamp,
        rng: &mut (impl Rng + CryptoRng),
    ) -> Self {
        let mut random = [0u8; SALT_BYTES];
        rng.fill(&mut random);
        let salt = format!(
            "{}?expires={}&",
            hex::encode(random),
            expires.unix_seconds()
        );
        let number = rng.gen_range(0..=max_number);
        let challenge = digest_of(&salt, number);
        Self {
            algorithm: ALGORITHM.to_owned(),
            signature: hex::encode(keyed_digest(key, challenge.as_bytes())),
            challenge,
            maxnumber: max_number,
            salt,
        }
    }
}

/// What the browser sends back (other fields, such as ALTCHA's `took`, are ignored).
#[derive(Debug, Deserialize)]
struct Payload {
    algorithm: String,
    challenge: String,
    number: u64,
    salt: String,
    signature: String,
}

/// A solution that holds: the challenge it solves, which is to be refused from now on, and
/// when the challenge expires (after which it is refused anyway).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Solution {
    pub challenge: String,
    pub expires: Timestamp,
}

/// Why a solution is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("The CAPTCHA solution is not the base64 of a JSON object with algorithm, challenge, number, salt and signature.")]
    Malformed,
    #[error("The CAPTCHA solution must use the algorithm SHA-256.")]
    Algorithm,
    #[error("The CAPTCHA challenge was not made by this server: its signature does not match.")]
    Signature,
    #[error("The number does not solve the CAPTCHA challenge.")]
    Number,
    #[error("The CAPTCHA challenge has expired. Solve a new one.")]
    Expired,
}

/// Checks a solution (the base64 payload) against `key` at `now`: a signed challenge of
/// this server, solved, and not expired. Digests and signatures are compared in constant
/// time. Whether it was used before is the caller's to check.
pub fn verify(key: &[u8; 32], payload: &str, now: Timestamp) -> Result<Solution, Refusal> {
    let json = BASE64
        .decode(payload.trim())
        .map_err(|_| Refusal::Malformed)?;
    let payload: Payload = serde_json::from_slice(&json).map_err(|_| Refusal::Malformed)?;
    if payload.algorithm != ALGORITHM {
        return Err(Refusal::Algorithm);
    }
    let signature = hex::decode(&payload.signature).map_err(|_| Refusal::Signature)?;
    if !constant_time_eq(&keyed_digest(key, payload.challenge.as_bytes()), &signature) {
        return Err(Refusal::Signature);
    }
    let solved = digest_of(&payload.salt, payload.number);
    if !constant_time_eq(solved.as_bytes(), payload.challenge.as_bytes()) {
        return Err(Refusal::Number);
    }
    let expires = expiry_of(&payload.salt).ok_or(Refusal::Malformed)?;
    if now >= expires {
        return Err(Refusal::Expired);
    }
    Ok(Solution {
        challenge: payload.challenge,
        expires,
    })
}

/// The hex SHA-256 of the salt followed by the number in decimal.
fn digest_of(salt: &str, number: u64) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(number.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// The expiry the salt's parameters name, which must end with `&`.
fn expiry_of(salt: &str) -> Option<Timestamp> {
    let (_, parameters) = salt.split_once('?')?;
    let seconds = parameters
        .strip_suffix('&')?
        .split('&')
        .find_map(|parameter| parameter.strip_prefix("expires="))?;
    if seconds.is_empty() || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = seconds.parse().ok()?;
    Some(Timestamp::from_millis(seconds.checked_mul(1000)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use serde_json::{json, Value};

    const KEY: [u8; 32] = [7; 32];
    /// 2026-01-01T00:00:00Z
    const NOW: Timestamp = Timestamp::from_millis(1_767_225_600_000);

    fn challenge(max_number: u64) -> Challenge {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        Challenge::new(&KEY, max_number, NOW.plus_minutes(10), &mut rng)
    }

    /// The number a browser would find, by trying each in turn.
    fn solve(challenge: &Challenge) -> u64 {
        (0..=challenge.maxnumber)
            .find(|n| digest_of(&challenge.salt, *n) == challenge.challenge)
            .unwrap_or_else(|| panic!("no number solves {challenge:?}"))
    }

    fn payload(fields: &Value) -> String {
        BASE64.encode(fields.to_string())
    }

    fn solution(challenge: &Challenge, number: u64) -> Value {
        json!({"algorithm": challenge.algorithm, "challenge": challenge.challenge,
               "number": number, "salt": challenge.salt, "signature": challenge.signature})
    }

    #[test]
    fn a_challenge_has_altchas_form() {
        let made = challenge(5000);
        assert_eq!(made.algorithm, "SHA-256");
        assert_eq!(made.maxnumber, 5000);
        let (random, parameters) = made.salt.split_once('?').unwrap_or_default();
        assert_eq!(random.len(), 2 * SALT_BYTES);
        assert_eq!(
            parameters,
            format!("expires={}&", NOW.plus_minutes(10).unix_seconds())
        );
        assert_eq!(made.challenge.len(), 64);
        assert_eq!(
            made.signature,
            hex::encode(keyed_digest(&KEY, made.challenge.as_bytes()))
        );
        let fields = serde_json::to_value(&made).unwrap_or_default();
        let mut names: Vec<_> = fields
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        names.sort();
        assert_eq!(
            names,
            ["algorithm", "challenge", "maxnumber", "salt", "signature"]
        );
    }

    #[test]
    fn a_solved_challenge_holds_until_it_expires() {
        let made = challenge(5000);
        let number = solve(&made);
        let mut fields = solution(&made, number);
        fields["took"] = json!(812);
        let solved = verify(&KEY, &payload(&fields), NOW);
        assert_eq!(
            solved,
            Ok(Solution {
                challenge: made.challenge.clone(),
                expires: NOW.plus_minutes(10)
            })
        );
        let unpadded = payload(&fields).trim_end_matches('=').to_owned();
        assert!(verify(&KEY, &unpadded, NOW).is_ok());
        let expiry = NOW.plus_minutes(10);
        let just_before = Timestamp::from_millis(expiry.as_millis() - 1);
        assert!(verify(&KEY, &payload(&fields), just_before).is_ok());
        assert_eq!(
            verify(&KEY, &payload(&fields), expiry),
            Err(Refusal::Expired)
        );
    }

    #[test]
    fn every_flaw_is_refused_with_its_reason() {
        let made = challenge(5000);
        let number = solve(&made);
        let good = solution(&made, number);
        let with = |field: &str, value: Value| {
            let mut fields = good.clone();
            fields[field] = value;
            verify(&KEY, &payload(&fields), NOW)
        };
        let other_signature = hex::encode(keyed_digest(&[8; 32], made.challenge.as_bytes()));
        assert_eq!(
            with("signature", json!(other_signature)),
            Err(Refusal::Signature)
        );
        assert_eq!(with("signature", json!("not hex")), Err(Refusal::Signature));
        assert_eq!(with("number", json!(number + 1)), Err(Refusal::Number));
        assert_eq!(with("algorithm", json!("SHA-1")), Err(Refusal::Algorithm));
        assert_eq!(with("number", json!("12")), Err(Refusal::Malformed));
        // A later expiry in the salt breaks the digest and the signature stays the old one.
        let later = made.salt.replace("?expires=", "?expires=9");
        assert_eq!(with("salt", json!(later)), Err(Refusal::Number));
        // Another challenge signed elsewhere is not this server's.
        let foreign = Challenge::new(
            &[9; 32],
            10,
            NOW.plus_minutes(10),
            &mut rand::rngs::StdRng::seed_from_u64(2),
        );
        assert_eq!(
            verify(&KEY, &payload(&solution(&foreign, solve(&foreign))), NOW),
            Err(Refusal::Signature)
        );
        for garbage in ["", "%%%", "bm90IGpzb24=", "e30="] {
            assert_eq!(
                verify(&KEY, garbage, NOW),
                Err(Refusal::Malformed),
                "{garbage}"
            );
        }
    }

    #[test]
    fn digits_cannot_move_from_the_number_into_the_salt() {
        // Salt "...&" and number 42 hash as salt "...&4" and number 2 would; the salt must
        // end with `&`, so the second reading is refused.
        let mut rng = rand::rngs::StdRng::seed_from_u64(3);
        let made = loop {
            let made = Challenge::new(&KEY, 5000, NOW.plus_minutes(10), &mut rng);
            // Two digits or more, the second not 0 (which would not read back the same).
            let digits = solve(&made).to_string();
            if digits.len() > 1 && !digits[1..].starts_with('0') {
                break made;
            }
        };
        let number = solve(&made).to_string();
        let (first, rest) = number.split_at(1);
        let mut fields = solution(&made, rest.parse().unwrap_or_default());
        fields["salt"] = json!(format!("{}{first}", made.salt));
        assert_eq!(
            verify(&KEY, &payload(&fields), NOW),
            Err(Refusal::Malformed)
        );
    }

    #[test]
    fn the_expiry_is_read_from_the_salts_parameters() {
        assert_eq!(
            expiry_of("ab?expires=1767225600&"),
            Some(Timestamp::from_millis(1_767_225_600_000))
        );
        assert_eq!(
            expiry_of("ab?x=1&expires=5&"),
            Some(Timestamp::from_millis(5000))
        );
        for bad in [
            "ab",
            "ab?expires=5",
            "ab?expires=&",
            "ab?expires=-5&",
            "ab?expires=+5&",
            "ab?x=1&",
            "ab?expires=99999999999999999999&",
        ] {
            assert_eq!(expiry_of(bad), None, "{bad}");
        }
    }
}
