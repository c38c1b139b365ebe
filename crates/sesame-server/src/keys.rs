//! The server's secret keys, kept in a file in the data directory, never in the database.
//!
//! `secret-keys.toml` holds one 256-bit key per purpose, hex-encoded. Missing keys are
//! generated on start and the file is written with mode 0600 (directory 0700). Every node
//! of one installation must share the same file.
//!
//! The file is a flat table of names, so a name says what a key is: `seal`, `seal_2`, ...
//! are the sealing keys by id; `signing` and `signing_<unix seconds>` are the Ed25519 seeds
//! of the keys that sign voice assertions, each named after the second from which it signs
//! (`signing` from time 0). This module knows those names; `signing` knows what follows
//! from the times.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rand::RngCore;

/// The purposes a key exists for. Adding one here is enough: the next start generates it.
const PURPOSES: [&str; 6] = ["token", "csrf", "pepper", "codes", "seal", "captcha"];

pub const FILE_NAME: &str = "secret-keys.toml";

#[derive(Clone)]
pub struct Keys {
    /// HMAC key for API key and session token digests.
    pub token: [u8; 32],
    /// HMAC key binding CSRF form tokens to their cookie.
    pub csrf: [u8; 32],
    /// HMAC key mixed into PIN and answer hashes.
    pub pepper: [u8; 32],
    /// HMAC key of one-time code digests.
    pub codes: [u8; 32],
    /// HMAC key signing CAPTCHA challenges.
    pub captcha: [u8; 32],
    /// AEAD keys sealing secrets and messages at rest.
    seal: SealKeys,
}

/// The sealing keys by id: never empty, the newest is the one new values are sealed with.
/// The file names them `seal` (id 1) and `seal_2`, `seal_3`, ... after rotations.
#[derive(Clone)]
struct SealKeys {
    current: (u8, [u8; 32]),
    all: BTreeMap<u8, [u8; 32]>,
}

impl SealKeys {
    /// `None` when there is no key at all.
    fn new(all: BTreeMap<u8, [u8; 32]>) -> Option<Self> {
        let current = all.iter().next_back().map(|(id, key)| (*id, *key))?;
        Some(Self { current, all })
    }
}

impl Keys {
    /// The id and key new values are sealed with.
    pub fn current_seal(&self) -> (u8, [u8; 32]) {
        self.seal.current
    }

    pub fn seal_key(&self, id: u8) -> Option<[u8; 32]> {
        self.seal.all.get(&id).copied()
    }

    /// Adds a new sealing key to the file in `data_dir` and returns its id. Older keys stay
    /// in the file, so values sealed under them still open.
    pub fn add_seal_key(data_dir: &Path) -> Result<u8, KeyError> {
        let keys = Self::load_or_create(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let mut all = read_file(&path)?;
        let next = keys.current_seal().0.checked_add(1).ok_or_else(|| {
            KeyError::Damaged(
                path.clone(),
                "no key id is left for another rotation".to_owned(),
            )
        })?;
        all.insert(format!("seal_{next}"), random_key());
        write_private(&path, &render(&all)).map_err(|e| KeyError::File(path, e))?;
        Ok(next)
    }

    /// Adds a new signing key to the file in `data_dir`, named after the second it signs
    /// from: `starts` (unix seconds), or a second after the newest signing key's start when
    /// that is later, so that names never repeat and starts only grow. Returns the start
    /// and the seed. Older signing keys stay in the file.
    pub fn add_signing_key(data_dir: &Path, starts: u64) -> Result<(u64, [u8; 32]), KeyError> {
        Self::load_or_create(data_dir)?;
        let path = data_dir.join(FILE_NAME);
        let mut all = read_file(&path)?;
        let newest = signing_seeds(&all)
            .map_err(|problem| KeyError::Damaged(path.clone(), problem))?
            .last_key_value()
            .map(|(newest, _)| *newest);
        let starts = match newest {
            Some(newest) if newest >= starts => newest.checked_add(1).ok_or_else(|| {
                KeyError::Damaged(path.clone(), "no time is left for another key".to_owned())
            })?,
            _ => starts,
        };
        let seed = random_key();
        all.insert(format!("{SIGNING_PREFIX}{starts}"), seed);
        write_private(&path, &render(&all)).map_err(|e| KeyError::File(path, e))?;
        Ok((starts, seed))
    }
}

/// The first signing key's name; it signs from time 0.
const SIGNING_FIRST: &str = "signing";
/// Later signing keys are named this and the unix second from which they sign.
const SIGNING_PREFIX: &str = "signing_";

/// The signing keys (Ed25519 seeds) among the keys of the file, by the unix second from
/// which each signs. A name that starts like a signing key but names no time, or two keys
/// that start at the same second, make the file damaged.
pub(crate) fn signing_seeds(
    keys: &BTreeMap<String, [u8; 32]>,
) -> Result<BTreeMap<u64, [u8; 32]>, String> {
    let mut seeds = BTreeMap::new();
    for (name, seed) in keys {
        let starts = if name == SIGNING_FIRST {
            0
        } else if let Some(seconds) = name.strip_prefix(SIGNING_PREFIX) {
            seconds
                .parse()
                .ok()
                .filter(|_| seconds.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| {
                    format!("key {name}: {SIGNING_PREFIX} must be followed by unix seconds")
                })?
        } else {
            continue;
        };
        if seeds.insert(starts, *seed).is_some() {
            return Err(format!("two signing keys start at {starts} (unix seconds)"));
        }
    }
    Ok(seeds)
}

/// Every key of the file at `path` by name.
pub(crate) fn read_file(path: &Path) -> Result<BTreeMap<String, [u8; 32]>, KeyError> {
    let text = fs::read_to_string(path).map_err(|e| KeyError::File(path.to_owned(), e))?;
    parse(&text).map_err(|problem| KeyError::Damaged(path.to_owned(), problem))
}

fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    key
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(***)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot use data directory {0}: {1}")]
    Directory(PathBuf, std::io::Error),
    #[error("cannot read or write {0}: {1}")]
    File(PathBuf, std::io::Error),
    #[error("{0} is damaged: {1}")]
    Damaged(PathBuf, String),
}

impl Keys {
    /// Reads the key file in `data_dir`, creating the directory, the file and any missing
    /// key as needed.
    pub fn load_or_create(data_dir: &Path) -> Result<Self, KeyError> {
        create_private_dir(data_dir).map_err(|e| KeyError::Directory(data_dir.to_owned(), e))?;
        let path = data_dir.join(FILE_NAME);
        let mut keys = match fs::read_to_string(&path) {
            Ok(text) => parse(&text).map_err(|problem| KeyError::Damaged(path.clone(), problem))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(KeyError::File(path, e)),
        };
        let mut missing: Vec<_> = PURPOSES
            .iter()
            .filter(|p| !keys.contains_key(**p))
            .copied()
            .collect();
        // The first signing key only while there is none: after a rotation the file may
        // hold only later ones, once an operator has removed `signing` by hand.
        let signing =
            signing_seeds(&keys).map_err(|problem| KeyError::Damaged(path.clone(), problem))?;
        if signing.is_empty() {
            missing.push(SIGNING_FIRST);
        }
        if !missing.is_empty() {
            for purpose in missing {
                keys.insert(purpose.to_owned(), random_key());
            }
            write_private(&path, &render(&keys)).map_err(|e| KeyError::File(path.clone(), e))?;
        }
        let missing =
            |purpose: &str| KeyError::Damaged(path.clone(), format!("key {purpose} is missing"));
        let get = |purpose: &str| keys.get(purpose).copied().ok_or_else(|| missing(purpose));
        let seal = keys
            .iter()
            .filter_map(|(name, key)| {
                let id = match name.as_str() {
                    "seal" => 1,
                    other => other.strip_prefix("seal_")?.parse().ok()?,
                };
                Some((id, *key))
            })
            .collect();
        Ok(Self {
            token: get("token")?,
            csrf: get("csrf")?,
            pepper: get("pepper")?,
            codes: get("codes")?,
            captcha: get("captcha")?,
            seal: SealKeys::new(seal).ok_or_else(|| missing("seal"))?,
        })
    }
}

fn parse(text: &str) -> Result<BTreeMap<String, [u8; 32]>, String> {
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| e.message().to_owned())?;
    table
        .into_iter()
        .map(|(name, value)| {
            let bytes = value
                .as_str()
                .and_then(|hex_text| hex::decode(hex_text).ok())
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or_else(|| format!("key {name} is not 64 hexadecimal digits"))?;
            Ok((name, bytes))
        })
        .collect()
}

fn render(keys: &BTreeMap<String, [u8; 32]>) -> String {
    let mut text = String::from(
        "# Sesame's secret keys. Keep this file private and backed up, apart from the database:\n\
         # without it, stored PINs, answers and tokens cannot be checked.\n",
    );
    for (name, key) in keys {
        text.push_str(&format!("{name} = \"{}\"\n", hex::encode(key)));
    }
    text
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

/// Writes through a temporary file and a rename, so a crash never leaves half a key file.
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    let temporary = path.with_extension("toml.new");
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temporary)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_created_once_with_private_modes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let data = dir.path().join("data");
        let first = Keys::load_or_create(&data).unwrap_or_else(|e| panic!("{e}"));
        let second = Keys::load_or_create(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.token, second.token);
        assert_ne!(first.token, first.csrf);
        assert_ne!(first.token, [0; 32]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| {
                fs::metadata(p)
                    .map(|m| m.permissions().mode() & 0o777)
                    .unwrap_or(0)
            };
            assert_eq!(mode(&data.join(FILE_NAME)), 0o600);
            assert_eq!(mode(&data), 0o700);
        }
        assert_eq!(format!("{first:?}"), "Keys(***)");
        assert_eq!(first.current_seal().0, 1);
        let id = Keys::add_seal_key(&data).unwrap_or_else(|e| panic!("{e}"));
        let rotated = Keys::load_or_create(&data).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((id, rotated.current_seal().0), (2, 2));
        assert_eq!(rotated.seal_key(1), first.seal_key(1), "the old key stays");
        assert_ne!(rotated.seal_key(2), rotated.seal_key(1));
    }

    #[test]
    fn a_key_file_of_an_earlier_version_gets_the_keys_it_lacks() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(FILE_NAME);
        let old: BTreeMap<String, [u8; 32]> = ["token", "csrf", "pepper", "codes", "seal"]
            .iter()
            .zip(1u8..)
            .map(|(name, n)| ((*name).to_owned(), [n; 32]))
            .collect();
        write_private(&path, &render(&old)).unwrap_or_else(|e| panic!("{e}"));
        let keys = Keys::load_or_create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (keys.token, keys.codes, keys.seal_key(1)),
            ([1; 32], [4; 32], Some([5; 32])),
            "the keys there stay"
        );
        let now = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            now.get("captcha"),
            Some(&keys.captcha),
            "written to the file"
        );
        assert!(!old.values().any(|key| *key == keys.captcha));
        let again = Keys::load_or_create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again.captcha, keys.captcha, "made once");
    }

    #[test]
    fn a_damaged_file_stops_the_start() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join(FILE_NAME), "token = \"abc\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let error = Keys::load_or_create(dir.path())
            .err()
            .map(|e| e.to_string());
        assert!(error.is_some_and(|e| e.contains("key token is not 64 hexadecimal digits")));
    }

    #[test]
    fn the_first_signing_key_is_made_only_while_there_is_none() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(FILE_NAME);
        let seeds = || {
            let all = read_file(&path).unwrap_or_else(|e| panic!("{e}"));
            signing_seeds(&all).unwrap_or_else(|e| panic!("{e}"))
        };
        Keys::load_or_create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seeds().keys().copied().collect::<Vec<_>>(), [0]);

        let (starts, seed) =
            Keys::add_signing_key(dir.path(), 1_800_000_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(starts, 1_800_000_000);
        assert_eq!(seeds().get(&starts), Some(&seed));
        let text = fs::read_to_string(&path).unwrap_or_default();
        assert!(text.contains("\nsigning_1800000000 = "), "{text}");

        // Without `signing` (removed by hand) the later key is enough.
        fs::write(&path, text.replace("\nsigning = ", "\nunused = "))
            .unwrap_or_else(|e| panic!("{e}"));
        Keys::load_or_create(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(seeds().keys().copied().collect::<Vec<_>>(), [starts]);
    }

    #[test]
    fn a_signing_key_must_name_its_start() {
        let key = format!("\"{}\"", "ab".repeat(32));
        for (name, problem) in [
            ("signing_soon", "signing_ must be followed by unix seconds"),
            ("signing_+5", "signing_ must be followed by unix seconds"),
            ("signing_", "signing_ must be followed by unix seconds"),
            ("signing_0", "two signing keys start at 0"),
        ] {
            let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            let text = format!("signing = {key}\n\"{name}\" = {key}\n");
            fs::write(dir.path().join(FILE_NAME), text).unwrap_or_else(|e| panic!("{e}"));
            let error = Keys::load_or_create(dir.path())
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(error.contains(problem), "{name}: {error}");
        }
    }
}
