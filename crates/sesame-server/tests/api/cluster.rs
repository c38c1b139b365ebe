//! A throwaway PostgreSQL cluster of a test's own: its own directory, a loopback port, a
//! certificate authority and a server certificate for `localhost` and `127.0.0.1`, so a
//! test can require TLS, check certificates, and stop or restart the database under a
//! running server. It needs PostgreSQL's server programs (`initdb`, `pg_ctl`; Debian's
//! `postgresql` package puts them in `/usr/lib/postgresql/<version>/bin`), and is stopped
//! when dropped. PostgreSQL refuses to run as root, so as root the cluster runs as the
//! `postgres` user.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

/// How clients may connect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Only over TLS: a plain connection is refused.
    Required,
    /// With or without TLS.
    Offered,
}

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Whom PostgreSQL runs as, when the tests run as root.
    owner: Option<(u32, u32)>,
    pub port: u16,
    /// The PEM certificate of the authority that signed the server's certificate.
    pub ca_pem: String,
}

/// The directory of the newest installed PostgreSQL's programs; fails the test, saying
/// what is missing, when there is none.
fn programs() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "this test starts its own PostgreSQL and found no /usr/lib/postgresql/*/bin/initdb: \
             install PostgreSQL's server (apt-get install postgresql), or run without \
             --include-ignored to skip it"
        ),
    }
}

/// The user and group ids of `postgres`, when this process runs as root.
fn owner() -> Option<(u32, u32)> {
    let me = std::fs::metadata("/proc/self").map(|m| m.uid()).ok()?;
    if me != 0 {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let line = passwd.lines().find(|line| line.starts_with("postgres:"));
    let fields: Vec<&str> = line
        .unwrap_or_else(|| {
            panic!("running as root, and there is no postgres user to run PostgreSQL as")
        })
        .split(':')
        .collect();
    let id = |n: usize| fields.get(n).and_then(|v| v.parse().ok());
    id(2).zip(id(3))
}

fn must<T, E: std::fmt::Display>(result: Result<T, E>) -> T {
    result.unwrap_or_else(|e| panic!("{e}"))
}

/// A certificate authority named `name` and a server certificate it signed, for
/// `localhost` and `127.0.0.1`: `(ca, certificate, key)` in PEM.
pub fn authority_and_server(name: &str) -> (String, String, String) {
    let ca_key = must(KeyPair::generate());
    let mut ca = must(CertificateParams::new(Vec::<String>::new()));
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, name);
    let ca = must(ca.self_signed(&ca_key));
    let key = must(KeyPair::generate());
    let mut server = must(CertificateParams::new(vec![
        "localhost".to_owned(),
        "127.0.0.1".to_owned(),
    ]));
    server
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let server = must(server.signed_by(&key, &ca, &ca_key));
    (ca.pem(), server.pem(), key.serialize_pem())
}

impl Cluster {
    /// Creates and starts a cluster whose user `postgres` needs no password.
    pub fn start(tls: Tls) -> Self {
        let bin = programs();
        let owner = owner();
        let dir = must(tempfile::tempdir());
        let port = must(
            std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port()),
        );
        let (ca_pem, certificate, key) = authority_and_server("Sesame test authority");
        let cluster = Self {
            dir,
            bin,
            owner,
            port,
            ca_pem,
        };
        let root = cluster.dir.path();
        must(std::fs::set_permissions(
            root,
            std::fs::Permissions::from_mode(0o700),
        ));
        cluster.give(root);
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "--auth=trust",
                "--username=postgres",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        );
        for (name, content) in [("server.crt", certificate), ("server.key", key)] {
            let path = root.join(name);
            must(std::fs::write(&path, content));
            must(std::fs::set_permissions(
                &path,
                std::fs::Permissions::from_mode(0o600),
            ));
            cluster.give(&path);
        }
        let host = match tls {
            Tls::Required => "hostssl",
            Tls::Offered => "host",
        };
        cluster.write(
            "pg_hba.conf",
            &format!("local all all trust\n{host} all all 127.0.0.1/32 trust\n"),
        );
        // Durability on disk is not what these tests are about (the machine does not
        // crash), so no fsync: the cluster starts and restarts quickly.
        let conf = format!(
            "\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\n\
             ssl = on\nssl_cert_file = '{root}/server.crt'\nssl_key_file = '{root}/server.key'\n\
             fsync = off\nmax_connections = 40\n",
            root = root.display()
        );
        let mut existing = must(std::fs::read_to_string(
            Path::new(&data).join("postgresql.conf"),
        ));
        existing.push_str(&conf);
        cluster.write("postgresql.conf", &existing);
        cluster.pg_ctl(&["start"]);
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Hands a file to the user PostgreSQL runs as.
    fn give(&self, path: &Path) {
        if let Some((uid, gid)) = self.owner {
            must(std::os::unix::fs::chown(path, Some(uid), Some(gid)));
        }
    }

    fn write(&self, name: &str, content: &str) {
        let path = Path::new(&self.data()).join(name);
        must(std::fs::write(&path, content));
        self.give(&path);
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(self.bin.join(program));
        command.args(args).current_dir(self.dir.path());
        if let Some((uid, gid)) = self.owner {
            command.uid(uid).gid(gid);
        }
        let output = must(command.output());
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    /// `pg_ctl <args>` on this cluster, waiting until it is done.
    fn pg_ctl(&self, args: &[&str]) {
        let log = self.dir.path().join("postgres.log").display().to_string();
        let data = self.data();
        let mut all = vec!["-D", &data, "-l", &log, "-w", "-t", "30"];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    /// Restarts the server; `mode` is `smart`, `fast` or `immediate`.
    pub fn restart(&self, mode: &str) {
        self.pg_ctl(&["restart", "-m", mode]);
    }

    /// Stops the server; `mode` is `smart`, `fast` or `immediate`.
    pub fn stop(&self, mode: &str) {
        self.pg_ctl(&["stop", "-m", mode]);
    }

    pub fn start_again(&self) {
        self.pg_ctl(&["start"]);
    }

    /// The URL of the `postgres` database; `query` is added after `?` when not empty.
    pub fn url(&self, host: &str, query: &str) -> String {
        let url = format!("postgres://postgres@{host}:{}/postgres", self.port);
        if query.is_empty() {
            url
        } else {
            format!("{url}?{query}")
        }
    }

    /// Writes the authority's certificate to a file and returns its path.
    pub fn ca_file(&self) -> PathBuf {
        let path = self.dir.path().join("ca.pem");
        must(std::fs::write(&path, &self.ca_pem));
        path
    }

    /// A file in the cluster's directory.
    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        must(std::fs::write(&path, content));
        path
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data();
        let mut command = Command::new(self.bin.join("pg_ctl"));
        command.args(["-D", &data, "-m", "immediate", "stop"]);
        if let Some((uid, gid)) = self.owner {
            use std::os::unix::process::CommandExt;
            command.uid(uid).gid(gid);
        }
        let _ = command.output();
    }
}
