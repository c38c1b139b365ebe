//! Delivering the outbox: e-mail over SMTP, SMS through an HTTP provider, or the log.
//!
//! Messages are accepted into the outbox (in the same transaction as whatever they carry)
//! and delivered here, off the request path. The [`Worker`] claims due messages with a
//! lease, up to [`IN_FLIGHT`] under way at once (never two to one destination), opens each
//! one's sealed content, hands it to a transport, and records the outcome: sent (content erased), retried later with exponential backoff, or given up
//! with the provider's reason. A worker that dies mid-delivery leaves a lease that runs
//! out, and another worker sends the message: delivery is at least once.
//!
//! The worker needs only the outbox of the store (`sesame_store::OutboxRepository`), not
//! the whole `Store`.

mod sms;
mod smtp;
mod worker;

use serde::{Deserialize, Serialize};
use sesame_core::Channel;

pub use sms::{SmsProvider, SmsTransport};
pub use smtp::EmailTransport;
pub use worker::{backoff, Worker, IN_FLIGHT, MAX_ATTEMPTS};

/// What a message says; sealed into the outbox, opened only to deliver it.
#[derive(Clone, Serialize, Deserialize)]
pub struct Content {
    pub subject: String,
    pub body: String,
}

/// The context a message's content is sealed for.
pub const SEAL_CONTEXT: &[u8] = b"sesame outbox";

/// Why a delivery failed, and whether trying again can help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The provider refused for good (bad address, rejected credentials): give up.
    Permanent(String),
    /// The provider is down or busy, or the network failed: try again later.
    Transient(String),
}

/// The configured ways out. A channel without a transport cannot deliver.
#[derive(Default)]
pub struct Transports {
    pub email: Option<EmailTransport>,
    pub sms: Option<SmsTransport>,
}

impl Transports {
    pub fn can_deliver(&self, channel: Channel) -> bool {
        match channel {
            Channel::Email => self.email.is_some(),
            Channel::Sms => self.sms.is_some(),
        }
    }

    /// Hands one message to its transport. `key` names the message the same way on every
    /// attempt (an e-mail's Message-ID is made from it), so a message handed over twice,
    /// when a worker died before it could record the first, can be recognised as one.
    pub async fn deliver(
        &self,
        channel: Channel,
        destination: &str,
        content: &Content,
        key: &str,
    ) -> Result<(), Failure> {
        match (channel, &self.email, &self.sms) {
            (Channel::Email, Some(email), _) => email.send(destination, content, key).await,
            (Channel::Sms, _, Some(sms)) => sms.send(destination, &content.body).await,
            _ => Err(Failure::Transient(format!(
                "no transport for {channel} is configured"
            ))),
        }
    }
}
