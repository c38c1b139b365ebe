//! Authenticator apps: TOTP per RFC 6238 (with `totp-rs`), the `otpauth://` URI and its
//! QR code (SVG). A code is accepted once: the caller keeps the last time step accepted and
//! [`check`] refuses that step and any earlier one.

use qrcode::render::svg;
use qrcode::QrCode;
use rand::{CryptoRng, RngCore};
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, TOTP};

use crate::Violation;

/// The parameters of an authenticator verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotpParams {
    /// `SHA1` (what every app supports), `SHA256` or `SHA512`.
    pub algorithm: HashAlgorithm,
    /// 6 or 8.
    pub digits: usize,
    /// Seconds per code, 15 to 120.
    pub step_seconds: u64,
    /// Steps of clock drift accepted each way, 0 to 2.
    pub drift_steps: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HashAlgorithm {
    SHA1,
    SHA256,
    SHA512,
}

impl Default for TotpParams {
    fn default() -> Self {
        Self {
            algorithm: HashAlgorithm::SHA1,
            digits: 6,
            step_seconds: 30,
            drift_steps: 1,
        }
    }
}

impl TotpParams {
    pub fn check(&self) -> Vec<Violation> {
        let mut broken = Vec::new();
        if !matches!(self.digits, 6 | 8) {
            broken.push(Violation::new("totp.digits", "digits must be 6 or 8."));
        }
        if !(15..=120).contains(&self.step_seconds) {
            broken.push(Violation::new(
                "totp.step_seconds",
                "step_seconds must be from 15 to 120.",
            ));
        }
        if self.drift_steps > 2 {
            broken.push(Violation::new(
                "totp.drift_steps",
                "drift_steps must be from 0 to 2.",
            ));
        }
        broken
    }

    fn totp(&self, secret: &[u8], issuer: Option<&str>, account: &str) -> TOTP {
        let algorithm = match self.algorithm {
            HashAlgorithm::SHA1 => Algorithm::SHA1,
            HashAlgorithm::SHA256 => Algorithm::SHA256,
            HashAlgorithm::SHA512 => Algorithm::SHA512,
        };
        TOTP::new_unchecked(
            algorithm,
            self.digits,
            self.drift_steps,
            self.step_seconds,
            secret.to_vec(),
            issuer.map(str::to_owned),
            account.to_owned(),
        )
    }

    /// The code for a Unix time.
    pub fn code_at(&self, secret: &[u8], unix_seconds: u64) -> String {
        self.totp(secret, None, "").generate(unix_seconds)
    }

    /// The time step a code belongs to, if it is valid at `unix_seconds` (within the drift)
    /// and later than `last_step`, the step accepted last time.
    pub fn accept(
        &self,
        secret: &[u8],
        code: &str,
        unix_seconds: u64,
        last_step: Option<u64>,
    ) -> Option<u64> {
        let totp = self.totp(secret, None, "");
        let now_step = unix_seconds / self.step_seconds;
        let drift = u64::from(self.drift_steps);
        (now_step.saturating_sub(drift)..=now_step + drift)
            .filter(|step| last_step.is_none_or(|last| *step > last))
            .find(|step| {
                let expected = totp.generate(step * self.step_seconds);
                crate::token::constant_time_eq(expected.as_bytes(), code.as_bytes())
            })
    }

    /// `otpauth://totp/Issuer:account?secret=...&issuer=...` for authenticator apps.
    pub fn otpauth_uri(&self, secret: &[u8], issuer: &str, account: &str) -> String {
        self.totp(secret, Some(issuer), account).get_url()
    }
}

/// A fresh 160-bit secret.
pub fn new_secret(rng: &mut (impl RngCore + CryptoRng)) -> [u8; 20] {
    let mut secret = [0u8; 20];
    rng.fill_bytes(&mut secret);
    secret
}

/// The QR code of a URI, as an SVG document.
pub fn qr_svg(uri: &str) -> Option<String> {
    let code = QrCode::new(uri.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(algorithm: HashAlgorithm) -> TotpParams {
        TotpParams {
            algorithm,
            digits: 8,
            step_seconds: 30,
            drift_steps: 1,
        }
    }

    /// RFC 6238, appendix B.
    #[test]
    fn rfc_6238_test_vectors() {
        let sha1 = b"12345678901234567890";
        let sha256 = b"12345678901234567890123456789012";
        let sha512 = b"1234567890123456789012345678901234567890123456789012345678901234";
        let vectors: [(u64, &str, &str, &str); 6] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ];
        for (time, want1, want256, want512) in vectors {
            assert_eq!(
                params(HashAlgorithm::SHA1).code_at(sha1, time),
                want1,
                "SHA1 at {time}"
            );
            assert_eq!(
                params(HashAlgorithm::SHA256).code_at(sha256, time),
                want256,
                "SHA256 at {time}"
            );
            assert_eq!(
                params(HashAlgorithm::SHA512).code_at(sha512, time),
                want512,
                "SHA512 at {time}"
            );
        }
    }

    #[test]
    fn drift_and_replay() {
        let p = TotpParams::default();
        let secret = [7u8; 20];
        let now = 1_767_225_600;
        let code = p.code_at(&secret, now);
        let step = now / 30;
        assert_eq!(p.accept(&secret, &code, now, None), Some(step));
        assert_eq!(
            p.accept(&secret, &code, now + 30, None),
            Some(step),
            "one step late is fine"
        );
        assert_eq!(
            p.accept(&secret, &code, now - 30, None),
            Some(step),
            "one step early is fine"
        );
        assert_eq!(
            p.accept(&secret, &code, now + 60, None),
            None,
            "two steps is too far"
        );
        assert_eq!(
            p.accept(&secret, &code, now, Some(step)),
            None,
            "a code is accepted once"
        );
        assert_eq!(
            p.accept(&secret, "000000", now, None).is_some(),
            p.code_at(&secret, now) == "000000"
        );
    }

    #[test]
    fn uri_and_qr_code() {
        let uri = TotpParams::default().otpauth_uri(&[1u8; 20], "Sesame", "alice");
        assert!(
            uri.starts_with("otpauth://totp/Sesame:alice?secret="),
            "{uri}"
        );
        assert!(uri.contains("issuer=Sesame"));
        let svg = qr_svg(&uri).unwrap_or_default();
        assert!(svg.starts_with("<?xml") && svg.contains("<svg"));
        let bad = TotpParams {
            digits: 7,
            step_seconds: 5,
            drift_steps: 3,
            ..TotpParams::default()
        };
        let codes: Vec<_> = bad.check().into_iter().map(|v| v.code).collect();
        assert_eq!(
            codes,
            ["totp.digits", "totp.step_seconds", "totp.drift_steps"]
        );
    }
}
