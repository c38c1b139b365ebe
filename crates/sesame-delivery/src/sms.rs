//! SMS through an HTTP provider: a Twilio-compatible Messages API, a generic JSON webhook
//! signed with HMAC-SHA-256, or the log.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::Failure;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsProvider {
    Twilio,
    Webhook,
    Log,
}

impl SmsProvider {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "twilio" => Some(Self::Twilio),
            "webhook" => Some(Self::Webhook),
            "log" => Some(Self::Log),
            _ => None,
        }
    }
}

pub struct SmsTransport {
    provider: SmsProvider,
    client: reqwest::Client,
    /// Twilio: the API root (`https://api.twilio.com`); webhook: the URL to post to.
    url: String,
    from: String,
    /// Twilio: the account SID.
    account: String,
    /// Twilio: the auth token; webhook: the HMAC key.
    secret: String,
}

/// The header that carries the webhook's signature: `sha256=<hex HMAC of the body>`.
pub const SIGNATURE_HEADER: &str = "X-Sesame-Signature";

impl SmsTransport {
    pub fn new(
        provider: SmsProvider,
        url: &str,
        from: &str,
        account: &str,
        secret: &str,
        timeout: Duration,
    ) -> Result<Self, String> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .map_err(|e| format!("cannot make an HTTP client: {e}"))?;
        if provider != SmsProvider::Log
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err("the provider URL must start with http:// or https://".to_owned());
        }
        Ok(Self {
            provider,
            client,
            url: url.trim_end_matches('/').to_owned(),
            from: from.to_owned(),
            account: account.to_owned(),
            secret: secret.to_owned(),
        })
    }

    pub async fn send(&self, to: &str, body: &str) -> Result<(), Failure> {
        let request = match self.provider {
            SmsProvider::Log => {
                tracing::info!(%to, %body, "SMS (log transport, not sent)");
                return Ok(());
            }
            SmsProvider::Twilio => self
                .client
                .post(format!(
                    "{}/2010-04-01/Accounts/{}/Messages.json",
                    self.url, self.account
                ))
                .basic_auth(&self.account, Some(&self.secret))
                .form(&[("To", to), ("From", self.from.as_str()), ("Body", body)]),
            SmsProvider::Webhook => {
                let payload =
                    serde_json::json!({ "to": to, "from": self.from, "body": body }).to_string();
                let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(self.secret.as_bytes()) else {
                    unreachable!("HMAC takes keys of any length")
                };
                mac.update(payload.as_bytes());
                let signature = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
                self.client
                    .post(&self.url)
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, signature)
                    .body(payload)
            }
        };
        let response = request.send().await.map_err(|e| {
            Failure::Transient(if e.is_timeout() {
                "SMS provider did not answer in time".to_owned()
            } else {
                format!("SMS provider not reachable: {e}")
            })
        })?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let detail: String = response
            .text()
            .await
            .unwrap_or_default()
            .chars()
            .take(300)
            .collect();
        let reason = format!("SMS provider answered {status}: {detail}");
        if status.is_server_error() || status.as_u16() == 429 || status.as_u16() == 408 {
            Err(Failure::Transient(reason))
        } else {
            Err(Failure::Permanent(reason))
        }
    }
}
