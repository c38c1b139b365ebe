//! The outbox worker.

use std::sync::Arc;
use std::time::Duration;

use sesame_core::{seal, Clock};
use sesame_store::OutboxRepository;
use tokio::sync::Notify;

use crate::{Content, Failure, Transports, SEAL_CONTEXT};

/// Delivery attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a claimed message is reserved for its worker.
const LEASE_SECONDS: i64 = 120;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_millis(500);

/// The wait before attempt `attempts + 1`: 10 s, 20 s, 40 s, ... at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    Duration::from_secs((10u64 << exponent).min(3600))
}

/// Delivers the outbox. It needs only the outbox of the store, so any [`OutboxRepository`]
/// will do (the whole store coerces to it).
pub struct Worker {
    pub store: Arc<dyn OutboxRepository>,
    pub clock: Arc<dyn Clock>,
    pub transports: Arc<Transports>,
    /// Opens sealed content: the key for each key id.
    pub keys: Arc<dyn Fn(u8) -> Option<[u8; 32]> + Send + Sync>,
    /// Wakes the worker when a message is queued on this node.
    pub wake: Arc<Notify>,
}

impl Worker {
    /// Delivers until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "outbox: cannot reach the database; will retry")
                }
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Delivers every message due now; returns how many were handled.
    pub async fn deliver_due(&self) -> Result<usize, sesame_store::StoreError> {
        let mut handled = 0;
        while let Some(message) = self
            .store
            .claim_message(self.clock.now(), LEASE_SECONDS)
            .await?
        {
            handled += 1;
            let content = seal::key_id(&message.sealed)
                .and_then(|id| (self.keys)(id))
                .and_then(|key| seal::open(&key, &message.sealed, SEAL_CONTEXT))
                .and_then(|plain| serde_json::from_slice::<Content>(&plain).ok());
            let outcome = match content {
                Some(content) => {
                    self.transports
                        .deliver(message.channel, &message.destination, &content)
                        .await
                }
                None => Err(Failure::Permanent(
                    "the message content cannot be opened".to_owned(),
                )),
            };
            let now = self.clock.now();
            match outcome {
                Ok(()) => {
                    tracing::info!(id = message.id, channel = %message.channel, "outbox: delivered");
                    self.store.message_sent(message.id, now).await?;
                }
                Err(Failure::Transient(reason)) if message.attempts < MAX_ATTEMPTS => {
                    let retry_at = now.plus(backoff(message.attempts));
                    tracing::warn!(id = message.id, attempts = message.attempts, %reason, "outbox: will retry");
                    self.store
                        .message_failed(message.id, &reason, Some(retry_at))
                        .await?;
                }
                Err(Failure::Transient(reason) | Failure::Permanent(reason)) => {
                    tracing::warn!(id = message.id, attempts = message.attempts, %reason, "outbox: gave up");
                    self.store.message_failed(message.id, &reason, None).await?;
                }
            }
        }
        Ok(handled)
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;
    use std::time::Duration;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let waits: Vec<_> = [1, 2, 3, 4, 9, 12, 40].into_iter().map(backoff).collect();
        let secs: Vec<_> = waits.iter().map(Duration::as_secs).collect();
        assert_eq!(secs, [10, 20, 40, 80, 2560, 3600, 3600]);
    }
}
