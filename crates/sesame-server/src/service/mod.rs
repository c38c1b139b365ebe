//! The service layer: the flows of Sesame as plain Rust over the store, apart from HTTP.
//!
//! Resets, sign-in, attempt limits, the verification types (`verification/`, one module
//! per type), credential stores (`credentials/`, local and LDAP) and notices live here.
//! Every flow takes a [`Services`] value and returns a [`ServiceError`] on failure; none
//! of this tree imports axum or builds an HTTP status. The API and the pages call these
//! functions and translate: `From<ServiceError> for ServiceError` picks the status once, and
//! pages `match` on the variants.

pub mod api_keys;
pub mod assist;
pub mod attempts;
pub mod captcha;
pub mod credentials;
pub mod error;
pub mod hashing;
pub mod outbox;
pub mod password;
pub mod processes;
pub mod properties;
pub mod questions;
pub mod reports;
pub mod resets;
pub mod signin;
pub mod users;
pub mod verification;
pub mod verifications;
pub mod voice;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use sesame_core::property::{self, PropertyValue};
use sesame_core::{Clock, Timestamp};
use sesame_delivery::Transports;
use sesame_store::{AuditEvent, AuditResult, Store, VerificationRecord};
use tokio::sync::{Notify, RwLock};

pub use error::{ServiceError, ServiceResult};

use crate::config::{Module, Settings};
use crate::keys::Keys;
use crate::signing::{Jwks, Signer};
use credentials::ldap::Directory;
use hashing::HashPool;

/// The network a client address counts as: the address itself, or for IPv6 its /64,
/// which one subscriber usually holds whole. What the per-address limits and the
/// per-client counts of codes count.
pub fn client_network(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip.to_canonical() {
        std::net::IpAddr::V6(v6) => {
            let prefix = u128::from(v6) & !((1u128 << 64) - 1);
            std::net::IpAddr::V6(prefix.into())
        }
        v4 => v4,
    }
}

/// Who made a change, as the audit log names them, and from where.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub name: &'a str,
    pub source: Option<&'a str>,
}

impl Actor<'_> {
    pub fn audit(&self, services: &Services, action: &str, subject: Option<&str>) -> AuditEvent {
        services.audit(
            self.name,
            action,
            subject,
            AuditResult::Success,
            self.source,
        )
    }
}

/// What every flow works with: the store, the clock, keys, the hashing pool, transports,
/// the directory, per-node caches of properties and verifications, and the signer of voice
/// assertions. Cheap to clone.
#[derive(Clone)]
pub struct Services {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    keys: Keys,
    hash_pool: HashPool,
    settings: Settings,
    properties: RwLock<Cached<Vec<(String, String)>>>,
    verifications: RwLock<Cached<Vec<VerificationRecord>>>,
    transports: Arc<Transports>,
    /// Wakes this node's outbox worker when a message is queued.
    outbox_wake: Arc<Notify>,
    /// The LDAP directory, when one is configured.
    directory: Option<Arc<Directory>>,
    /// Sealing keys added to the key file since start (by a rotation on another node).
    later_seal_keys: std::sync::RwLock<BTreeMap<u8, [u8; 32]>>,
    /// The keys that sign voice assertions, read again from the key file when it changes.
    signer: Signer,
}

/// Properties and verifications are read on many requests; they are cached for a moment
/// per node. A change made on this node is seen at once; one made on another node within
/// the cache time.
struct Cached<T> {
    loaded_at: Option<Instant>,
    values: T,
    /// Counts the changes made here, so that values read before a change are not cached
    /// after it.
    changes: u64,
}

impl<T: Default> Default for Cached<T> {
    fn default() -> Self {
        Self {
            loaded_at: None,
            values: T::default(),
            changes: 0,
        }
    }
}

impl<T> Cached<T> {
    /// The values, while they are fresh.
    fn fresh(&self) -> Option<&T> {
        self.loaded_at
            .is_some_and(|at| at.elapsed() < CACHE_TIME)
            .then_some(&self.values)
    }

    /// Keeps `values`, read when `changes` changes had been made here, unless a change was
    /// made since: the read may have begun before it.
    fn keep(&mut self, changes: u64, values: T) {
        if self.changes == changes {
            self.loaded_at = Some(Instant::now());
            self.values = values;
        }
    }

    fn changed(&mut self) {
        self.loaded_at = None;
        self.changes += 1;
    }
}

const CACHE_TIME: Duration = Duration::from_secs(2);

impl Services {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        keys: Keys,
        settings: Settings,
        transports: Transports,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                hash_pool: HashPool::new(settings.hash_workers, settings.hash_queue_limit),
                signer: Signer::new(&settings.data_dir),
                directory: settings
                    .ldap
                    .clone()
                    .map(|ldap| Arc::new(Directory::new(ldap))),
                store,
                clock,
                keys,
                settings,
                properties: RwLock::default(),
                verifications: RwLock::default(),
                transports: Arc::new(transports),
                outbox_wake: Arc::new(Notify::new()),
                later_seal_keys: std::sync::RwLock::new(BTreeMap::new()),
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

    pub fn directory(&self) -> Option<&Arc<Directory>> {
        self.inner.directory.as_ref()
    }

    pub fn module_enabled(&self, module: Module) -> bool {
        self.inner.settings.module_enabled(module)
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

    /// `claims` as a compact JWS (a JWT, EdDSA) signed with the key that signs now. The
    /// claims must be an object whose `exp` is at most `signing::ASSERTION_LIFETIME` from
    /// now, so that the JWKS still lists the key for as long as the assertion lives.
    pub fn sign_assertion(&self, claims: &serde_json::Value) -> ServiceResult<String> {
        self.inner
            .signer
            .sign(claims, self.now())
            .map_err(ServiceError::internal)
    }

    /// The public keys that may have signed a live assertion, and those about to sign.
    pub fn jwks(&self) -> ServiceResult<Jwks> {
        self.inner
            .signer
            .jwks(self.now())
            .map_err(ServiceError::internal)
    }

    /// The current value of a property.
    pub async fn property(&self, key: &str) -> ServiceResult<PropertyValue> {
        let def = property::find(key)
            .ok_or_else(|| ServiceError::internal(format!("undeclared property {key}")))?;
        let changes = {
            let cache = self.inner.properties.read().await;
            if let Some(values) = cache.fresh() {
                let stored = values
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, v)| v.as_str());
                return Ok(def.from_stored(stored));
            }
            cache.changes
        };
        let values = self.store().stored_properties().await?;
        let stored = values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        self.inner.properties.write().await.keep(changes, values);
        Ok(def.from_stored(stored.as_deref()))
    }

    pub async fn int_property(&self, key: &str) -> ServiceResult<i64> {
        match self.property(key).await? {
            PropertyValue::Int(value) => Ok(value),
            other => Err(ServiceError::internal(format!(
                "{key} is not an integer: {other:?}"
            ))),
        }
    }

    pub async fn bool_property(&self, key: &str) -> ServiceResult<bool> {
        match self.property(key).await? {
            PropertyValue::Bool(value) => Ok(value),
            other => Err(ServiceError::internal(format!(
                "{key} is not a boolean: {other:?}"
            ))),
        }
    }

    /// An integer property that counts something (never negative: its range says so).
    pub async fn count_property(&self, key: &str) -> ServiceResult<u32> {
        let value = self.int_property(key).await?;
        u32::try_from(value)
            .map_err(|_| ServiceError::internal(format!("{key} is out of range: {value}")))
    }

    /// An integer property in minutes, as a duration.
    pub async fn minutes_property(&self, key: &str) -> ServiceResult<Duration> {
        Ok(Duration::from_secs(
            u64::from(self.count_property(key).await?) * 60,
        ))
    }

    pub async fn string_property(&self, key: &str) -> ServiceResult<String> {
        Ok(self.property(key).await?.to_stored())
    }

    /// A verification by id, cached like properties (a change made here is seen at once).
    pub async fn verification(&self, id: &str) -> ServiceResult<Option<VerificationRecord>> {
        let changes = {
            let cache = self.inner.verifications.read().await;
            if let Some(all) = cache.fresh() {
                return Ok(all.iter().find(|v| v.id == id).cloned());
            }
            cache.changes
        };
        let all = self.store().list_verifications().await?;
        let found = all.iter().find(|v| v.id == id).cloned();
        self.inner.verifications.write().await.keep(changes, all);
        Ok(found)
    }

    /// Forgets cached verifications after a change made here.
    pub async fn verifications_changed(&self) {
        self.inner.verifications.write().await.changed();
    }

    /// Forgets cached properties after a change made here.
    pub async fn properties_changed(&self) {
        self.inner.properties.write().await.changed();
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

#[cfg(test)]
mod tests {
    use super::Cached;

    #[test]
    fn values_read_before_a_change_here_are_not_kept() {
        let mut cache = Cached::<Vec<u8>>::default();
        assert!(cache.fresh().is_none());
        cache.keep(0, vec![1]);
        assert_eq!(cache.fresh(), Some(&vec![1]));

        // A read begins (seeing 0 changes), a change is made here, then the read ends.
        let begun = cache.changes;
        cache.changed();
        assert!(cache.fresh().is_none());
        cache.keep(begun, vec![1]);
        assert!(cache.fresh().is_none(), "the old values came back");

        // A read begun after the change is kept.
        cache.keep(cache.changes, vec![2]);
        assert_eq!(cache.fresh(), Some(&vec![2]));
    }
}
