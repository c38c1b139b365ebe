//! What every request handler shares: the [`Services`] the flows run on, and the few
//! things only the HTTP edge needs (the bootstrap token, CSRF keys).

use std::ops::Deref;
use std::sync::Arc;

use secrecy::SecretString;
use sesame_core::token::keyed_digest;
use sesame_core::Clock;
use sesame_delivery::Transports;
use sesame_store::Store;

use crate::config::Settings;
use crate::keys::Keys;
use crate::limits::Limiter;
use crate::service::Services;

#[derive(Clone)]
pub struct AppState {
    services: Services,
    /// The digest of `SESAME_BOOTSTRAP_ADMIN_TOKEN`, compared like any other token.
    bootstrap_digest: Option<Arc<[u8]>>,
    /// This node's counts of requests per client address.
    limiter: Arc<Limiter>,
}

/// Handlers reach the flows' services directly: `state.store()`, `state.now()`, ...
impl Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.services
    }
}

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keys: Keys,
        settings: Settings,
        transports: Transports,
    ) -> Self {
        let bootstrap_digest =
            settings
                .bootstrap_admin_token
                .as_ref()
                .map(|token: &SecretString| {
                    sesame_core::token::token_digest(&keys.token, token).into()
                });
        Self {
            services: Services::new(store, clock, keys, settings, transports),
            bootstrap_digest,
            limiter: Arc::default(),
        }
    }

    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    pub fn bootstrap_digest(&self) -> Option<&[u8]> {
        self.bootstrap_digest.as_deref()
    }

    pub fn csrf_digest(&self, data: &[u8]) -> Vec<u8> {
        keyed_digest(&self.keys().csrf, data)
    }
}
