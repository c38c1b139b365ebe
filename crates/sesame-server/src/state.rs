//! What every request handler shares: the store, the clock, keys, the hashing pool and
//! the bootstrap settings that matter at run time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use sesame_core::property::{self, PropertyValue};
use sesame_core::token::keyed_digest;
use sesame_core::{Clock, Timestamp};
use sesame_delivery::Transports;
use sesame_store::{AuditEvent, AuditResult, Store, VerificationRecord};
use tokio::sync::{Notify, RwLock};

use crate::config::{Module, Settings};
use crate::error::AppError;
use crate::hashing::HashPool;
use crate::keys::Keys;

#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    keys: Keys,
    hash_pool: HashPool,
    settings: Settings,
    /// The digest of `SESAME_BOOTSTRAP_ADMIN_TOKEN`, compared like any other token.
    bootstrap_digest: Option<Vec<u8>>,
    properties: RwLock<PropertyCache>,
    verifications: RwLock<(Option<Instant>, Vec<VerificationRecord>)>,
    transports: Arc<Transports>,
    /// Wakes this node's outbox worker when a message is queued.
    outbox_wake: Arc<Notify>,
    /// The LDAP directory, when one is configured.
    directory: Option<Arc<crate::directory::Directory>>,
    /// Sealing keys added to the key file since start (by a rotation on another node).
    later_seal_keys: std::sync::RwLock<std::collections::BTreeMap<u8, [u8; 32]>>,
}

/// Properties are read on many requests; they are cached for a moment per node. A change
/// made on this node is seen at once; one made on another node within the cache time.
struct PropertyCache {
    loaded_at: Option<Instant>,
    values: Vec<(String, String)>,
}

const PROPERTY_CACHE_TIME: Duration = Duration::from_secs(2);

impl AppState {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keys: Keys,
        settings: Settings,
        transports: Transports,
    ) -> Self {
        let bootstrap_digest = settings
            .bootstrap_admin_token
            .as_ref()
            .map(|token: &SecretString| sesame_core::token::token_digest(&keys.token, token));
        Self {
            inner: Arc::new(Inner {
                hash_pool: HashPool::new(settings.hash_workers, settings.hash_queue_limit),
                directory: settings
                    .ldap
                    .clone()
                    .map(|ldap| Arc::new(crate::directory::Directory::new(ldap))),
                store,
                clock,
                keys,
                settings,
                bootstrap_digest,
                properties: RwLock::new(PropertyCache {
                    loaded_at: None,
                    values: Vec::new(),
                }),
                verifications: RwLock::new((None, Vec::new())),
                transports: Arc::new(transports),
                outbox_wake: Arc::new(Notify::new()),
                later_seal_keys: std::sync::RwLock::new(std::collections::BTreeMap::new()),
            }),
        }
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    pub fn store_handle(&self) -> Arc<dyn Store> {
        self.inner.store.clone()
    }

    pub fn clock_handle(&self) -> Arc<dyn Clock> {
        self.inner.clock.clone()
    }

    pub fn transports(&self) -> &Arc<Transports> {
        &self.inner.transports
    }

    pub fn outbox_wake(&self) -> &Arc<Notify> {
        &self.inner.outbox_wake
    }

    pub fn now(&self) -> Timestamp {
        self.inner.clock.now()
    }

    pub fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    pub fn hash_pool(&self) -> &HashPool {
        &self.inner.hash_pool
    }

    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    pub fn directory(&self) -> Option<&Arc<crate::directory::Directory>> {
        self.inner.directory.as_ref()
    }

    pub fn module_enabled(&self, module: Module) -> bool {
        self.inner.settings.module_enabled(module)
    }

    pub fn bootstrap_digest(&self) -> Option<&[u8]> {
        self.inner.bootstrap_digest.as_deref()
    }

    /// The digest a presented token is stored under.
    pub fn token_digest(&self, token: &SecretString) -> Vec<u8> {
        sesame_core::token::token_digest(&self.inner.keys.token, token)
    }

    /// Seals a value under the current key, bound to `context`.
    pub fn seal(&self, plain: &[u8], context: &[u8]) -> Vec<u8> {
        let (id, key) = self.inner.keys.current_seal();
        sesame_core::seal::seal(id, &key, plain, context, &mut rand::rngs::OsRng)
    }

    /// Opens a sealed value with the key its id names.
    pub fn open_sealed(&self, sealed: &[u8], context: &[u8]) -> Option<Vec<u8>> {
        let key = self.seal_key(sesame_core::seal::key_id(sealed)?)?;
        sesame_core::seal::open(&key, sealed, context)
    }

    /// The sealing key with this id. A key this node does not know yet (a rotation added it
    /// to the key file since start) is read from the file.
    pub fn seal_key(&self, id: u8) -> Option<[u8; 32]> {
        if let Some(key) = self.inner.keys.seal_key(id) {
            return Some(key);
        }
        if let Some(key) = self.inner.later_seal_keys.read().ok()?.get(&id) {
            return Some(*key);
        }
        let reread = match Keys::load_or_create(&self.inner.settings.data_dir) {
            Ok(keys) => keys,
            Err(e) => {
                tracing::error!(error = %e, key_id = id, "cannot read the key file for a sealing key");
                return None;
            }
        };
        let key = reread.seal_key(id)?;
        self.inner.later_seal_keys.write().ok()?.insert(id, key);
        Some(key)
    }

    pub fn csrf_digest(&self, data: &[u8]) -> Vec<u8> {
        keyed_digest(&self.inner.keys.csrf, data)
    }

    /// The current value of a property.
    pub async fn property(&self, key: &str) -> Result<PropertyValue, AppError> {
        let def = property::find(key)
            .ok_or_else(|| AppError::internal(format!("undeclared property {key}")))?;
        {
            let cache = self.inner.properties.read().await;
            if cache
                .loaded_at
                .is_some_and(|at| at.elapsed() < PROPERTY_CACHE_TIME)
            {
                let stored = cache
                    .values
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str());
                return Ok(def.from_stored(stored));
            }
        }
        let values = self.store().stored_properties().await?;
        let stored = values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        *self.inner.properties.write().await = PropertyCache {
            loaded_at: Some(Instant::now()),
            values,
        };
        Ok(def.from_stored(stored.as_deref()))
    }

    pub async fn int_property(&self, key: &str) -> Result<i64, AppError> {
        match self.property(key).await? {
            PropertyValue::Int(value) => Ok(value),
            other => Err(AppError::internal(format!(
                "{key} is not an integer: {other:?}"
            ))),
        }
    }

    pub async fn string_property(&self, key: &str) -> Result<String, AppError> {
        Ok(self.property(key).await?.to_stored())
    }

    /// A verification by id, cached like properties (a change made here is seen at once).
    pub async fn verification(&self, id: &str) -> Result<Option<VerificationRecord>, AppError> {
        {
            let cache = self.inner.verifications.read().await;
            if cache.0.is_some_and(|at| at.elapsed() < PROPERTY_CACHE_TIME) {
                return Ok(cache.1.iter().find(|v| v.id == id).cloned());
            }
        }
        let all = self.store().list_verifications().await?;
        let found = all.iter().find(|v| v.id == id).cloned();
        *self.inner.verifications.write().await = (Some(Instant::now()), all);
        Ok(found)
    }

    /// Forgets cached verifications after a change made here.
    pub async fn verifications_changed(&self) {
        self.inner.verifications.write().await.0 = None;
    }

    /// Forgets cached properties after a change made here.
    pub async fn properties_changed(&self) {
        self.inner.properties.write().await.loaded_at = None;
    }

    /// An audit record stamped with the current time.
    pub fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: Option<&str>,
        result: AuditResult,
        source: Option<&str>,
    ) -> AuditEvent {
        AuditEvent {
            at: self.now(),
            actor: actor.to_owned(),
            subject: subject.map(str::to_owned),
            action: action.to_owned(),
            result,
            source: source.map(str::to_owned),
            detail: None,
        }
    }
}
