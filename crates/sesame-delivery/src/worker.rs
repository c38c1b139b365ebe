//! The outbox worker.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sesame_core::{seal, Clock};
use sesame_store::{OutboxMessage, OutboxRepository};
use sha2::{Digest, Sha256};
use tokio::sync::Notify;
use tokio::task::{JoinError, JoinSet};

use crate::{Content, Failure, Transports, SEAL_CONTEXT};

/// Delivery attempts before a message is given up.
pub const MAX_ATTEMPTS: i64 = 12;
/// How long a claimed message is reserved for its worker.
const LEASE_SECONDS: i64 = 120;
/// Deliveries one worker has under way at once. A delivery mostly waits for the other
/// side (the SMTP server's answers, the SMS provider's), so one at a time bounds a node
/// to one message per round trip: over plain SMTP some 25 a second, because the end of a
/// message is written apart from its body and waits for the server's delayed
/// acknowledgement.
pub const IN_FLIGHT: usize = 8;
/// How often the worker looks for due messages when nobody wakes it.
const POLL: Duration = Duration::from_millis(500);

/// The wait before attempt `attempts + 1`: 10 s, 20 s, 40 s, ... at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let exponent = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    Duration::from_secs((10u64 << exponent).min(3600))
}

/// Delivers the outbox. It needs only the outbox of the store, so any [`OutboxRepository`]
/// will do (the whole store coerces to it).
#[derive(Clone)]
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

    /// Delivers every message due now, and those that come due while deliveries are under
    /// way, up to [`IN_FLIGHT`] at a time; returns how many were handled. Two messages to
    /// one destination are never in flight at once here, so they leave in the order they
    /// were queued. When recording an outcome fails, no more messages are claimed; the
    /// deliveries under way end first.
    pub async fn deliver_due(&self) -> Result<usize, sesame_store::StoreError> {
        let mut handled = 0;
        let mut in_flight: JoinSet<Result<(), sesame_store::StoreError>> = JoinSet::new();
        // The message and destination of each delivery under way.
        let mut destinations: HashMap<tokio::task::Id, (i64, String)> = HashMap::new();
        let mut failure = None;
        loop {
            while failure.is_none() && in_flight.len() < IN_FLIGHT {
                let message = match self
                    .store
                    .claim_message(self.clock.now(), LEASE_SECONDS)
                    .await
                {
                    Ok(Some(message)) => message,
                    Ok(None) => break,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                };
                // Its lease ran out while this worker was still delivering it (a delivery
                // slower than the lease, or a clock that jumped): that delivery records it.
                if destinations.values().any(|(id, _)| *id == message.id) {
                    continue;
                }
                handled += 1;
                while destinations
                    .values()
                    .any(|(_, d)| *d == message.destination)
                {
                    let Some(done) = in_flight.join_next_with_id().await else {
                        break;
                    };
                    Self::finished(done, &mut destinations, &mut failure);
                }
                let under_way = (message.id, message.destination.clone());
                let worker = self.clone();
                let task = in_flight.spawn(async move { worker.deliver(message).await });
                destinations.insert(task.id(), under_way);
            }
            if in_flight.is_empty() {
                break;
            }
            // A delivery ending frees a place; a message queued meanwhile (on this node, or
            // found by polling) may take a free one at once.
            let claiming = failure.is_none() && in_flight.len() < IN_FLIGHT;
            tokio::select! {
                Some(done) = in_flight.join_next_with_id() => {
                    Self::finished(done, &mut destinations, &mut failure);
                }
                _ = self.wake.notified(), if claiming => {}
                _ = tokio::time::sleep(POLL), if claiming => {}
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(handled),
        }
    }

    /// Takes note of a delivery that ended: its destination is free again, and the first
    /// failure to record an outcome is kept.
    fn finished(
        done: Result<(tokio::task::Id, Result<(), sesame_store::StoreError>), JoinError>,
        destinations: &mut HashMap<tokio::task::Id, (i64, String)>,
        failure: &mut Option<sesame_store::StoreError>,
    ) {
        match done {
            Ok((id, outcome)) => {
                destinations.remove(&id);
                if let Err(e) = outcome {
                    failure.get_or_insert(e);
                }
            }
            Err(e) => {
                destinations.remove(&e.id());
                tracing::error!(error = %e, "outbox: a delivery ended abnormally; its lease will run out");
            }
        }
    }

    /// Opens, delivers and records one claimed message.
    async fn deliver(&self, message: OutboxMessage) -> Result<(), sesame_store::StoreError> {
        // The same on every attempt and unique: the message's id and a digest of its sealed
        // content (random nonce included).
        let key = format!(
            "{}.{}",
            message.id,
            hex::encode(&Sha256::digest(&message.sealed)[..8])
        );
        let content = seal::key_id(&message.sealed)
            .and_then(|id| (self.keys)(id))
            .and_then(|key| seal::open(&key, &message.sealed, SEAL_CONTEXT))
            .and_then(|plain| serde_json::from_slice::<Content>(&plain).ok());
        let outcome = match content {
            Some(content) => {
                self.transports
                    .deliver(message.channel, &message.destination, &content, &key)
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
                self.store.message_sent(message.id, now).await
            }
            Err(Failure::Transient(reason)) if message.attempts < MAX_ATTEMPTS => {
                let retry_at = now.plus(backoff(message.attempts));
                tracing::warn!(id = message.id, attempts = message.attempts, %reason, "outbox: will retry");
                self.store
                    .message_failed(message.id, &reason, Some(retry_at))
                    .await
            }
            Err(Failure::Transient(reason) | Failure::Permanent(reason)) => {
                tracing::warn!(id = message.id, attempts = message.attempts, %reason, "outbox: gave up");
                self.store.message_failed(message.id, &reason, None).await
            }
        }
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
