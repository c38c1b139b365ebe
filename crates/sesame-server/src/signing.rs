//! The Ed25519 keys that sign voice assertions, the JWKS that publishes them, and when
//! each key signs.
//!
//! An assertion is a compact JWS (a JWT) with the header
//! `{"alg":"EdDSA","typ":"JWT","kid":...}`, and it lives at most [`ASSERTION_LIFETIME`].
//! The keys are 32-byte seeds in `secret-keys.toml`, named after the second from which they
//! sign (`keys` knows the names): `signing` signs from time 0, and a rotation adds a key
//! that signs one assertion lifetime after the rotation, so that its public key is in the
//! JWKS a whole lifetime before anything is signed with it. The signer uses the newest key
//! whose start has come. The JWKS lists the keys that have not started yet, the one that
//! signs, and each older key until an assertion lifetime after the key that replaced it
//! started: by then nothing it signed is alive. A `kid` is the key's RFC 7638 thumbprint.
//!
//! Every node reads the same file: [`Signer`] reads it again when it changes on disk, so a
//! rotation reaches running servers without a restart. Nothing here reads the clock; the
//! time is a parameter. This module signs what it is given; what an assertion claims is
//! the voice flow's business.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::Signer as _;
use serde::Serialize;
use sesame_core::Timestamp;
use sha2::{Digest, Sha256};

use crate::keys::{self, KeyError, Keys};

/// The longest an assertion may live: its `exp` is at most this long after it is signed.
/// The JWKS keeps a replaced key for as long.
pub const ASSERTION_LIFETIME: Duration = Duration::from_secs(300);

#[derive(Debug, thiserror::Error)]
pub enum SigningError {
    #[error(transparent)]
    Keys(#[from] KeyError),
    /// The claims are not an object whose `exp` lies within one assertion lifetime.
    #[error("the claims cannot be signed: {0}")]
    Claims(String),
}

/// The public keys that may have signed a live assertion, as `GET /api/v1/voice/jwks.json`
/// answers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// One public key (RFC 8037: an Ed25519 key is `kty` `OKP`, `crv` `Ed25519`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Jwk {
    /// Always `OKP`.
    pub kty: &'static str,
    /// Always `Ed25519`.
    pub crv: &'static str,
    /// The public key, base64url without padding.
    pub x: String,
    /// The RFC 7638 thumbprint of the key, as the `kid` of what it signs.
    pub kid: String,
    /// Always `EdDSA`.
    pub alg: &'static str,
    /// Always `sig`.
    #[serde(rename = "use")]
    pub use_: &'static str,
}

/// A signing key added by a rotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSigningKey {
    pub kid: String,
    /// When it starts signing; it is in the JWKS from now on.
    pub starts: Timestamp,
}

/// Adds a signing key to the key file in `data_dir` that starts signing one assertion
/// lifetime after `now` (see `sesame keys rotate`).
pub fn add_signing_key(data_dir: &Path, now: Timestamp) -> Result<NewSigningKey, KeyError> {
    // Rounded up to whole seconds, so a key never starts before a whole lifetime has passed.
    let earliest = now.plus(ASSERTION_LIFETIME).as_millis().saturating_add(999) / 1000;
    let (starts, seed) = Keys::add_signing_key(data_dir, u64::try_from(earliest).unwrap_or(0))?;
    let key = SigningKey::new(starts, &seed);
    Ok(NewSigningKey {
        kid: key.kid,
        starts: key.starts,
    })
}

/// One key, its start and its public form.
struct SigningKey {
    starts: Timestamp,
    key: ed25519_dalek::SigningKey,
    /// The public key, base64url.
    x: String,
    kid: String,
}

impl SigningKey {
    fn new(starts_seconds: u64, seed: &[u8; 32]) -> Self {
        let key = ed25519_dalek::SigningKey::from_bytes(seed);
        let x = URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes());
        // RFC 7638: the required members in lexicographic order, no white space.
        let members = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
        let kid = URL_SAFE_NO_PAD.encode(Sha256::digest(members.as_bytes()));
        let millis = i64::try_from(starts_seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        Self {
            starts: Timestamp::from_millis(millis),
            key,
            x,
            kid,
        }
    }

    fn jwk(&self) -> Jwk {
        Jwk {
            kty: "OKP",
            crv: "Ed25519",
            x: self.x.clone(),
            kid: self.kid.clone(),
            alg: "EdDSA",
            use_: "sig",
        }
    }
}

/// The signing keys of one reading of the key file, oldest start first; never empty.
struct SigningKeys(Vec<SigningKey>);

impl SigningKeys {
    fn from_seeds(seeds: &BTreeMap<u64, [u8; 32]>) -> Option<Self> {
        let keys: Vec<_> = seeds
            .iter()
            .map(|(starts, seed)| SigningKey::new(*starts, seed))
            .collect();
        (!keys.is_empty()).then_some(Self(keys))
    }

    /// The newest key whose start has come. Should none have started (the first key was
    /// removed by hand), the oldest: it is in the JWKS as well.
    fn current(&self, now: Timestamp) -> &SigningKey {
        let started = self.0.iter().rposition(|key| key.starts <= now);
        &self.0[started.unwrap_or(0)]
    }

    /// Every key that may have signed a live assertion, or is about to sign: all but those
    /// whose successor started an assertion lifetime ago or earlier.
    fn published(&self, now: Timestamp) -> Jwks {
        let keys = self
            .0
            .iter()
            .enumerate()
            .filter(|(index, _)| {
                self.0
                    .get(index + 1)
                    .is_none_or(|next| now < next.starts.plus(ASSERTION_LIFETIME))
            })
            .map(|(_, key)| key.jwk())
            .collect();
        Jwks { keys }
    }

    fn sign(&self, claims: &serde_json::Value, now: Timestamp) -> Result<String, SigningError> {
        check_claims(claims, now)?;
        let key = self.current(now);
        let header = Header {
            alg: "EdDSA",
            typ: "JWT",
            kid: &key.kid,
        };
        let header =
            serde_json::to_vec(&header).map_err(|e| SigningError::Claims(e.to_string()))?;
        let claims = serde_json::to_vec(claims).map_err(|e| SigningError::Claims(e.to_string()))?;
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims),
        );
        let signature = key.key.sign(input.as_bytes());
        Ok(format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        ))
    }
}

#[derive(Serialize)]
struct Header<'a> {
    alg: &'static str,
    typ: &'static str,
    kid: &'a str,
}

/// The JWKS only keeps a key while what it signed may be alive, so an assertion must say
/// when it expires, no later than one lifetime from now.
fn check_claims(claims: &serde_json::Value, now: Timestamp) -> Result<(), SigningError> {
    let claims = claims
        .as_object()
        .ok_or_else(|| SigningError::Claims("the claims are not a JSON object".to_owned()))?;
    let exp = claims
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .ok_or_else(|| SigningError::Claims("exp is missing or not whole seconds".to_owned()))?;
    let latest = now.plus(ASSERTION_LIFETIME).as_millis() / 1000;
    if exp > latest {
        return Err(SigningError::Claims(format!(
            "exp {exp} is more than {} s after now ({})",
            ASSERTION_LIFETIME.as_secs(),
            now.unix_seconds()
        )));
    }
    Ok(())
}

/// Signs with the keys of the key file and publishes them, reading the file again when it
/// has changed on disk (a rotation on this node or another).
pub struct Signer {
    path: PathBuf,
    loaded: RwLock<Option<Loaded>>,
}

struct Loaded {
    stamp: FileStamp,
    keys: Arc<SigningKeys>,
}

/// What tells one version of the key file from the next: its modification time, and its
/// length and inode, since a rotation writes a new file and renames it over the old one
/// and two writes may fall within one tick of a coarse file system clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    modified: SystemTime,
    len: u64,
    inode: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Result<Self, KeyError> {
        let metadata = std::fs::metadata(path).map_err(|e| KeyError::File(path.to_owned(), e))?;
        let modified = metadata
            .modified()
            .map_err(|e| KeyError::File(path.to_owned(), e))?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Self {
            modified,
            len: metadata.len(),
            inode,
        })
    }
}

impl Signer {
    /// A signer over the key file in `data_dir`; it is read on first use.
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join(keys::FILE_NAME),
            loaded: RwLock::new(None),
        }
    }

    /// A compact JWS of `claims` signed with the key that signs at `now`. The claims must
    /// be a JSON object whose `exp` is at most [`ASSERTION_LIFETIME`] after `now`.
    pub fn sign(&self, claims: &serde_json::Value, now: Timestamp) -> Result<String, SigningError> {
        self.keys()?.sign(claims, now)
    }

    /// The public keys to publish at `now`.
    pub fn jwks(&self, now: Timestamp) -> Result<Jwks, SigningError> {
        Ok(self.keys()?.published(now))
    }

    fn keys(&self) -> Result<Arc<SigningKeys>, KeyError> {
        // The stamp is taken before the file is read: should it change in between, the
        // next call sees a new stamp and reads it again.
        let stamp = FileStamp::of(&self.path)?;
        if let Some(loaded) = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|loaded| loaded.stamp == stamp)
        {
            return Ok(loaded.keys.clone());
        }
        let damaged = |problem: String| KeyError::Damaged(self.path.clone(), problem);
        let seeds = keys::signing_seeds(&keys::read_file(&self.path)?).map_err(damaged)?;
        let keys = Arc::new(
            SigningKeys::from_seeds(&seeds).ok_or_else(|| damaged("no signing key".to_owned()))?,
        );
        *self.loaded.write().unwrap_or_else(PoisonError::into_inner) = Some(Loaded {
            stamp,
            keys: keys.clone(),
        });
        Ok(keys)
    }
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").field("path", &self.path).finish()
    }
}

#[cfg(test)]
mod tests {
    use jsonwebtoken::jwk::JwkSet;
    use jsonwebtoken::{Algorithm, DecodingKey, Validation};
    use serde_json::{json, Value};

    use super::*;

    /// 2026-01-01T00:00:00Z
    const START: Timestamp = Timestamp::from_millis(1_767_225_600_000);

    fn at(seconds_after_start: i64) -> Timestamp {
        Timestamp::from_millis(START.as_millis() + seconds_after_start * 1000)
    }

    fn data_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        Keys::load_or_create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        dir
    }

    fn claims(now: Timestamp) -> Value {
        json!({"sub": "alice", "aud": "orchestrator", "exp": now.unix_seconds() + 300})
    }

    fn sign(signer: &Signer, now: Timestamp) -> String {
        signer
            .sign(&claims(now), now)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn published(signer: &Signer, now: Timestamp) -> Vec<String> {
        let jwks = signer.jwks(now).unwrap_or_else(|e| panic!("{e}"));
        jwks.keys.into_iter().map(|jwk| jwk.kid).collect()
    }

    fn kid_of(token: &str) -> String {
        jsonwebtoken::decode_header(token)
            .ok()
            .and_then(|header| header.kid)
            .unwrap_or_else(|| panic!("no kid in {token}"))
    }

    /// Verifies `token` as an orchestrator would: with `jsonwebtoken`, the JWKS as JSON and
    /// the key its `kid` names. The expiry is not checked against the real clock.
    fn verify(token: &str, jwks: &Jwks) -> jsonwebtoken::errors::Result<Value> {
        let text = serde_json::to_string(jwks).unwrap_or_else(|e| panic!("{e}"));
        let set: JwkSet = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let jwk = set
            .find(&kid_of(token))
            .unwrap_or_else(|| panic!("the kid of {token} is not in {text}"));
        let key = DecodingKey::from_jwk(jwk)?;
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        validation.set_audience(&["orchestrator"]);
        jsonwebtoken::decode::<Value>(token, &key, &validation).map(|data| data.claims)
    }

    #[test]
    fn the_public_key_and_kid_match_rfc_8037() {
        // RFC 8037, appendix A.1 (the key) and A.3 (its thumbprint).
        let seed = URL_SAFE_NO_PAD
            .decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
            .ok()
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .unwrap_or_else(|| panic!("the RFC's key is 32 bytes"));
        let key = SigningKey::new(0, &seed);
        assert_eq!(key.x, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assert_eq!(key.kid, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    }

    #[test]
    fn an_assertion_verifies_with_the_published_key_alone() {
        let dir = data_dir();
        let signer = Signer::new(dir.path());
        let token = sign(&signer, START);
        let header = jsonwebtoken::decode_header(&token).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (header.alg, header.typ.as_deref()),
            (Algorithm::EdDSA, Some("JWT"))
        );

        let jwks = signer.jwks(START).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(jwks.keys.len(), 1);
        let jwk = serde_json::to_value(&jwks.keys[0]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (&jwk["kty"], &jwk["crv"], &jwk["alg"], &jwk["use"]),
            (
                &json!("OKP"),
                &json!("Ed25519"),
                &json!("EdDSA"),
                &json!("sig")
            )
        );
        assert_eq!(header.kid.as_deref(), jwk["kid"].as_str());
        assert_eq!(verify(&token, &jwks).ok(), Some(claims(START)));

        // The public key alone, as the contract gives it.
        let key = DecodingKey::from_ed_components(jwk["x"].as_str().unwrap_or_default())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut validation = Validation::new(Algorithm::EdDSA);
        validation.validate_exp = false;
        validation.validate_aud = false;
        let decoded = jsonwebtoken::decode::<Value>(&token, &key, &validation);
        assert_eq!(decoded.ok().map(|data| data.claims), Some(claims(START)));
    }

    #[test]
    fn a_changed_assertion_does_not_verify() {
        let dir = data_dir();
        let signer = Signer::new(dir.path());
        let jwks = signer.jwks(START).unwrap_or_else(|e| panic!("{e}"));
        let token = sign(&signer, START);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3, "{token}");
        let mut changed = claims(START);
        changed["sub"] = json!("mallory");
        let payload = URL_SAFE_NO_PAD.encode(changed.to_string());
        let tampered = format!("{}.{payload}.{}", parts[0], parts[2]);
        let error = verify(&tampered, &jwks).err().map(|e| e.into_kind());
        assert_eq!(
            error,
            Some(jsonwebtoken::errors::ErrorKind::InvalidSignature)
        );
        assert!(verify(&token, &jwks).is_ok(), "the original still verifies");
    }

    #[test]
    fn claims_must_expire_within_one_assertion_lifetime() {
        let dir = data_dir();
        let signer = Signer::new(dir.path());
        let exp = START.unix_seconds() + 300;
        for (claims, signs) in [
            (json!({"exp": exp}), true),
            (json!({"exp": exp + 1}), false),
            (json!({"sub": "alice"}), false),
            (json!({"exp": "soon"}), false),
            (json!([{"exp": exp}]), false),
        ] {
            let signed = signer.sign(&claims, START);
            assert_eq!(signed.is_ok(), signs, "{claims}: {signed:?}");
        }
    }

    #[test]
    fn a_rotated_key_is_published_first_signs_later_and_the_old_one_leaves_after_a_lifetime() {
        let dir = data_dir();
        let signer = Signer::new(dir.path());
        let old = kid_of(&sign(&signer, START));
        assert_eq!(published(&signer, START), vec![old.clone()]);

        let rotated = at(1000);
        let new = add_signing_key(dir.path(), rotated).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(new.starts, at(1300), "one lifetime after the rotation");
        assert_ne!(new.kid, old);

        // (time, the key that signs, the keys published)
        let both = vec![old.clone(), new.kid.clone()];
        let cases = [
            (at(1000), &old, both.clone()),
            (
                Timestamp::from_millis(at(1300).as_millis() - 1),
                &old,
                both.clone(),
            ),
            (at(1300), &new.kid, both.clone()),
            (
                Timestamp::from_millis(at(1600).as_millis() - 1),
                &new.kid,
                both.clone(),
            ),
            (at(1600), &new.kid, vec![new.kid.clone()]),
            (at(100_000), &new.kid, vec![new.kid.clone()]),
        ];
        for (now, signs_with, expected) in cases {
            let token = sign(&signer, now);
            assert_eq!(
                &kid_of(&token),
                signs_with,
                "signing at {}",
                now.to_rfc3339()
            );
            assert_eq!(published(&signer, now), expected, "at {}", now.to_rfc3339());
            let jwks = signer.jwks(now).unwrap_or_else(|e| panic!("{e}"));
            assert!(verify(&token, &jwks).is_ok(), "at {}", now.to_rfc3339());
        }

        // Two rotations within one second still make two keys, each starting later.
        let third = add_signing_key(dir.path(), rotated).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(third.starts, at(1301));
        assert_eq!(published(&signer, at(1000)), [old, new.kid, third.kid]);
    }

    #[test]
    fn the_key_file_is_read_again_when_it_changes_on_disk() {
        let dir = data_dir();
        let path = dir.path().join(keys::FILE_NAME);
        let signer = Signer::new(dir.path());
        let first = published(&signer, START);
        assert_eq!(
            published(&signer, START),
            first,
            "the same file, the same keys"
        );

        // Rewritten in place with the same length, so only the modification time differs.
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        let seed = text
            .lines()
            .find_map(|line| line.strip_prefix("signing = \""))
            .map(|rest| rest.trim_end_matches('"').to_owned())
            .unwrap_or_else(|| panic!("no signing key in {text}"));
        let other = hex::encode(Sha256::digest(seed.as_bytes()));
        std::fs::write(&path, text.replace(&seed, &other)).unwrap_or_else(|e| panic!("{e}"));
        let file = std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        let modified = file
            .metadata()
            .and_then(|m| m.modified())
            .unwrap_or_else(|e| panic!("{e}"));
        file.set_modified(modified + Duration::from_secs(1))
            .unwrap_or_else(|e| panic!("{e}"));
        let second = published(&signer, START);
        assert_eq!(second.len(), 1);
        assert_ne!(second, first, "the changed key is read");

        // A file that is gone is an error, not the keys read before.
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(signer.jwks(START).is_err());
        assert!(signer.sign(&claims(START), START).is_err());
    }
}
