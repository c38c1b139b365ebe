//! An LDAP directory as the credential store, against a real OpenLDAP `slapd` with the
//! ppolicy overlay, started by each test on a loopback port. Ignored in a plain run; `.ci/run`
//! installs `slapd` and `ldap-utils` and runs them with `--include-ignored`.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sesame_server::service::credentials::ldap::{Attributes, DirectoryKind, LdapSettings};

use crate::helpers::*;
use crate::resets::{answer, create_process, process, reset_id, start};

const SUFFIX: &str = "dc=example,dc=org";
const ROOT_DN: &str = "cn=admin,dc=example,dc=org";
const ROOT_PASSWORD: &str = "root-secret-for-tests";
const SERVICE_DN: &str = "cn=sesame,dc=example,dc=org";
const SERVICE_PASSWORD: &str = "sesame-service-secret";
const LENA_DN: &str = "uid=lena,ou=people,dc=example,dc=org";
const LENA_PASSWORD: &str = "quiet-meadow-lantern-47";

/// A throwaway slapd: its own configuration, database and port; killed when dropped.
pub struct Slapd {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

fn config(dir: &Path) -> String {
    let dir = dir.display();
    // The service account may write passwords but not manage them, so the directory's
    // password policy (quality, history) applies to what Sesame writes; it manages the
    // rest, which includes the ppolicy lockout attribute.
    format!(
        "include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {dir}/slapd.pid
database mdb
suffix \"{SUFFIX}\"
rootdn \"{ROOT_DN}\"
rootpw {ROOT_PASSWORD}
directory {dir}/db
maxsize 10485760
overlay ppolicy
ppolicy_default \"cn=default,ou=policies,{SUFFIX}\"
ppolicy_use_lockout
access to attrs=userPassword
  by dn.exact=\"{SERVICE_DN}\" write
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact=\"{SERVICE_DN}\" manage
  by * read
"
    )
}

fn base_entries() -> String {
    format!(
        "dn: {SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,{SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=policies,{SUFFIX}
objectClass: organizationalUnit
ou: policies

dn: {SERVICE_DN}
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: sesame
userPassword: {SERVICE_PASSWORD}

dn: cn=default,ou=policies,{SUFFIX}
objectClass: pwdPolicy
objectClass: device
cn: default
pwdAttribute: userPassword
pwdLockout: TRUE
pwdMaxFailure: 3
pwdLockoutDuration: 0
pwdInHistory: 3
pwdCheckQuality: 2
pwdMinLength: 10

dn: {LENA_DN}
objectClass: inetOrgPerson
uid: lena
cn: Lena Berg
sn: Berg
mail: lena@example.org
userPassword: {LENA_PASSWORD}

dn: uid=omar,ou=people,{SUFFIX}
objectClass: inetOrgPerson
uid: omar
cn: Omar Haddad
sn: Haddad
mail: omar@example.org
telephoneNumber: +41 44 668 18 00
employeeNumber: E-2001
userPassword: another-long-directory-secret
"
    )
}

impl Slapd {
    /// Starts slapd (Debian's `slapd` and `ldap-utils`).
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir(dir.path().join("db")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("slapd.conf"), config(dir.path()))
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join("base.ldif"), base_entries())
            .unwrap_or_else(|e| panic!("{e}"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut slapd = Self {
            child: None,
            port,
            dir,
        };
        slapd.run();
        let added = slapd.tool(
            "ldapadd",
            &["-D", ROOT_DN, "-w", ROOT_PASSWORD, "-f"],
            &[&slapd.dir.path().join("base.ldif").display().to_string()],
        );
        assert!(
            added.status.success(),
            "ldapadd: {}",
            String::from_utf8_lossy(&added.stderr)
        );
        slapd
    }

    fn run(&mut self) {
        let child = Command::new("/usr/sbin/slapd")
            .args([
                "-f",
                &self.dir.path().join("slapd.conf").display().to_string(),
            ])
            .args(["-h", &self.url(), "-d", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("slapd cannot start (apt-get install slapd ldap-utils): {e}")
            });
        self.child = Some(child);
        let started = Instant::now();
        while !self.whoami(ROOT_DN, ROOT_PASSWORD) {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "slapd did not come up"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn url(&self) -> String {
        format!("ldap://127.0.0.1:{}", self.port)
    }

    fn tool(&self, name: &str, args: &[&str], rest: &[&str]) -> std::process::Output {
        Command::new(name)
            .args(["-x", "-H", &self.url()])
            .args(args)
            .args(rest)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {name}: {e}"))
    }

    /// Whether `ldapwhoami` can bind as `dn` with `password`.
    pub fn whoami(&self, dn: &str, password: &str) -> bool {
        self.tool("ldapwhoami", &["-D", dn, "-w", password], &[])
            .status
            .success()
    }

    /// One attribute of an entry, read as the root DN.
    pub fn attribute(&self, dn: &str, name: &str) -> Option<String> {
        let out = self.tool(
            "ldapsearch",
            &[
                "-LLL",
                "-D",
                ROOT_DN,
                "-w",
                ROOT_PASSWORD,
                "-b",
                dn,
                "-s",
                "base",
            ],
            &[name],
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")).map(str::to_owned))
    }

    /// Settings that make Sesame use this directory.
    pub fn settings(&self) -> LdapSettings {
        LdapSettings {
            url: self.url(),
            bind_dn: SERVICE_DN.to_owned(),
            bind_password: SERVICE_PASSWORD.to_owned().into(),
            user_base: format!("ou=people,{SUFFIX}"),
            user_filter: "(&(objectClass=inetOrgPerson)(uid={username}))".to_owned(),
            attributes: Attributes {
                username: "uid".to_owned(),
                email: "mail".to_owned(),
                display_name: "cn".to_owned(),
                phone: "telephoneNumber".to_owned(),
                employee_id: "employeeNumber".to_owned(),
                groups: None,
            },
            kind: DirectoryKind::OpenLdap,
            starttls: false,
            ca_certificates: Vec::new(),
            timeout: Duration::from_secs(5),
        }
    }

    /// The `SESAME_LDAP_*` environment an operator would set for this directory.
    pub fn environment(&self) -> Vec<(String, String)> {
        let password_file = self.dir.path().join("bind-password");
        std::fs::write(&password_file, format!("{SERVICE_PASSWORD}\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        vec![
            ("SESAME_LDAP_URL".into(), self.url()),
            ("SESAME_LDAP_BIND_DN".into(), SERVICE_DN.into()),
            (
                "SESAME_LDAP_BIND_PASSWORD_FILE".into(),
                password_file.display().to_string(),
            ),
            (
                "SESAME_LDAP_USER_BASE".into(),
                format!("ou=people,{SUFFIX}"),
            ),
        ]
    }
}

impl Drop for Slapd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A server using the directory, with lena and omar copied in as an operator would.
async fn app_with(slapd: &Slapd) -> TestApp {
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| s.ldap = Some(slapd.settings())).await;
    let synced = sesame_server::import::sync_from_directory(&app.state, "test")
        .await
        .unwrap_or_else(|e| panic!("sync: {}", e.message));
    assert_eq!((synced.outcome.created, synced.rejected.len()), (2, 0));
    let omar = app.state.store().find_user("omar").await.ok().flatten();
    assert_eq!(
        omar.and_then(|u| u.employee_id).as_deref(),
        Some("E-2001"),
        "the employee number comes from the directory"
    );
    directory_process(&app).await;
    app
}

/// The process that resets into the directory (one verification: the user name), with
/// unlocking allowed.
pub async fn directory_process(app: &TestApp) {
    create_process(
        app,
        process(
            "directory",
            json!([{"id": "email"}, {"id": "enter_username"}]),
            1,
            json!({"credential_store": "ldap", "allow_unlock": true}),
        ),
    )
    .await;
}

/// A reset request in the directory process, verified.
pub async fn verified_reset(app: &TestApp, username: &str) -> String {
    let reset = reset_id(&start(app, "directory", username).await);
    let passed = answer(app, &reset, "enter_username", json!({"value": username})).await;
    assert_eq!(passed.json()["passed"], true, "{}", passed.text);
    reset
}

#[tokio::test]
#[ignore = "needs OpenLDAP slapd and ldap-utils"]
async fn a_directory_user_resets_their_password_and_ldapwhoami_proves_it() {
    let slapd = Slapd::start();
    let app = app_with(&slapd).await;
    let lena = app.admin_get("/api/v1/users/lena").await.json();
    assert_eq!(
        (lena["email"].clone(), lena["display_name"].clone()),
        (json!("lena@example.org"), json!("Lena Berg"))
    );
    assert_eq!(
        app.sign_in("lena", LENA_PASSWORD).await.status,
        StatusCode::CREATED,
        "sign-in binds as the user"
    );
    assert_eq!(
        app.sign_in("lena", "not-her-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.sign_in("lena", "").await.status,
        StatusCode::UNAUTHORIZED,
        "never an anonymous bind"
    );

    let reset = verified_reset(&app, "lena").await;
    let new_password = "copper-violin-harvest-92";
    let done = app
        .post(
            &format!("/api/v1/resets/{reset}/password"),
            None,
            json!({"new_password": new_password}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(
        slapd.whoami(LENA_DN, new_password),
        "the directory takes the new password"
    );
    assert!(
        !slapd.whoami(LENA_DN, LENA_PASSWORD),
        "and no longer the old one"
    );
    assert_eq!(
        app.sign_in("lena", new_password).await.status,
        StatusCode::CREATED
    );

    // The directory keeps its own history and says so in its words.
    let again = verified_reset(&app, "lena").await;
    let refused = app
        .post(
            &format!("/api/v1/resets/{again}/password"),
            None,
            json!({"new_password": LENA_PASSWORD}),
        )
        .await;
    assert_eq!(
        (refused.status, refused.code()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "directory.refused".to_owned()
        )
    );
    assert!(
        refused
            .text
            .contains("Password is in history of old passwords"),
        "{}",
        refused.text
    );
    let fine = app
        .post(
            &format!("/api/v1/resets/{again}/password"),
            None,
            json!({"new_password": "saffron-glacier-pocket-15"}),
        )
        .await;
    assert_eq!(
        fine.status,
        StatusCode::OK,
        "a refusal leaves the request usable: {}",
        fine.text
    );
    assert!(slapd.whoami(LENA_DN, "saffron-glacier-pocket-15"));
}

#[tokio::test]
#[ignore = "needs OpenLDAP slapd and ldap-utils"]
async fn a_locked_directory_account_is_unlocked_through_sesame() {
    let slapd = Slapd::start();
    let app = app_with(&slapd).await;
    for _ in 0..3 {
        assert!(!slapd.whoami(LENA_DN, "wrong-guess"));
    }
    assert!(
        slapd.attribute(LENA_DN, "pwdAccountLockedTime").is_some(),
        "ppolicy locked the account"
    );
    assert!(
        !slapd.whoami(LENA_DN, LENA_PASSWORD),
        "locked: even the right password fails"
    );

    let reset = verified_reset(&app, "lena").await;
    let unlocked = app
        .post(&format!("/api/v1/resets/{reset}/unlock"), None, json!({}))
        .await;
    assert_eq!(unlocked.status, StatusCode::NO_CONTENT, "{}", unlocked.text);
    assert_eq!(slapd.attribute(LENA_DN, "pwdAccountLockedTime"), None);
    assert!(
        slapd.whoami(LENA_DN, LENA_PASSWORD),
        "the account works again"
    );
    assert_eq!(
        app.audit("action=reset.unlock").await[0]["detail"]["store"],
        "ldap"
    );

    // An administrator's unlock clears the directory's lockout too.
    for _ in 0..3 {
        slapd.whoami(LENA_DN, "wrong-guess");
    }
    let lifted = app
        .admin(reqwest::Method::POST, "/api/v1/users/lena/unlock", None)
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.text);
    assert!(slapd.whoami(LENA_DN, LENA_PASSWORD));

    // A node without the directory still lifts Sesame's own locks of a directory user.
    let mut settings = app.settings.clone();
    settings.ldap = None;
    let without = app.spawn_sibling_with(settings).await;
    assert_eq!(
        without.sign_in("lena", "wrong-guess").await.status,
        StatusCode::UNAUTHORIZED
    );
    let lifted = without
        .admin(reqwest::Method::POST, "/api/v1/users/lena/unlock", None)
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.text);
    assert_eq!(
        lifted.json()["cleared"],
        1,
        "the failed sign-in was counted and cleared"
    );
}

#[tokio::test]
#[ignore = "needs OpenLDAP slapd and ldap-utils"]
async fn when_the_directory_is_down_nothing_claims_success() {
    let mut slapd = Slapd::start();
    let app = app_with(&slapd).await;
    let reset = verified_reset(&app, "omar").await;
    slapd.stop();
    let down = app
        .post(
            &format!("/api/v1/resets/{reset}/password"),
            None,
            json!({"new_password": "copper-violin-harvest-92"}),
        )
        .await;
    assert_eq!(
        (down.status, down.code()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "directory.unavailable".to_owned()
        )
    );
    assert!(down.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("Try again later"));
    assert!(
        app.audit("action=reset.password").await.is_empty(),
        "no success is recorded"
    );
    assert_eq!(
        app.sign_in("omar", "another-long-directory-secret")
            .await
            .status,
        StatusCode::SERVICE_UNAVAILABLE
    );

    slapd.run();
    let retried = app
        .post(
            &format!("/api/v1/resets/{reset}/password"),
            None,
            json!({"new_password": "copper-violin-harvest-92"}),
        )
        .await;
    assert_eq!(
        retried.status,
        StatusCode::OK,
        "the same request goes through once the directory is back: {}",
        retried.text
    );
    assert!(slapd.whoami(
        "uid=omar,ou=people,dc=example,dc=org",
        "copper-violin-harvest-92"
    ));
}

#[tokio::test]
#[ignore = "needs OpenLDAP slapd and ldap-utils"]
async fn sesame_users_sync_copies_the_directory_and_disables_who_left() {
    let slapd = Slapd::start();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut env = slapd.environment();
    env.push(("SESAME_DATA_DIR".into(), data.path().display().to_string()));
    let sync = || {
        let out = Command::new(env!("CARGO_BIN_EXE_sesame"))
            .args(["users", "sync"])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap_or_else(|e| panic!("cannot run sesame: {e}"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(sync().contains("2 created, 0 updated, 0 disabled"));
    let removed = slapd.tool(
        "ldapdelete",
        &["-D", ROOT_DN, "-w", ROOT_PASSWORD],
        &["uid=omar,ou=people,dc=example,dc=org"],
    );
    assert!(removed.status.success());
    assert!(sync().contains("0 created, 0 updated, 1 disabled"));
    let store = sesame_store::SqlStore::connect(
        &format!("sqlite://{}/sesame.db", data.path().display()),
        1,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    use sesame_store::UserRepository;
    let omar = store
        .find_user("omar")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("omar is kept"));
    assert_eq!(
        (omar.status.as_str(), omar.source.as_str()),
        ("disabled", "ldap")
    );
    store.close().await;
}
