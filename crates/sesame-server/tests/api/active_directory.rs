//! Active Directory as the credential store, against a real domain controller: Samba's,
//! provisioned once per run of the suite in a temporary directory (about 15 s) and serving
//! LDAPS on a loopback address of its own, with a certificate made by the test's own
//! authority, which Sesame trusts through `SESAME_LDAP_CA_FILE`. The tests share the
//! domain; each works on users of its own. Proofs of what Sesame wrote are binds over LDAPS
//! by OpenLDAP's `ldapsearch` as the user. Ignored in a plain run; `.ci/run` installs
//! `samba`, `samba-ad-dc`, `samba-ad-provision` and `ldap-utils` and runs them with
//! `--include-ignored`.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use rand::Rng;
use reqwest::StatusCode;
use serde_json::json;
use sesame_server::config::Settings;
use sesame_server::service::credentials::ldap::LdapSettings;

use crate::helpers::*;

const REALM: &str = "SESAME.TEST";
const BASE: &str = "DC=sesame,DC=test";
const ADMINISTRATOR: &str = "Administrator@sesame.test";
const ADMINISTRATOR_PASSWORD: &str = "Admin-Passw0rd-for-tests";
/// Sesame's service account: a member of Account Operators, who may reset the passwords of
/// ordinary users and clear their lockout, as an AD administrator would delegate it.
const SERVICE_DN: &str = "CN=Sesame Service,OU=Service,DC=sesame,DC=test";
const SERVICE_PASSWORD: &str = "Service-Passw0rd-1";
/// An account with no right to reset passwords, as a misconfigured service account.
const POWERLESS_DN: &str = "CN=Powerless Service,OU=Service,DC=sesame,DC=test";
const POWERLESS_PASSWORD: &str = "Service-Passw0rd-2";
/// Every staff member starts with this password.
const FIRST_PASSWORD: &str = "Quiet-Meadow-47";

/// The staff: `(sAMAccountName, cn, userAccountControl, further attributes)`. 512 is an
/// ordinary account, 514 a disabled one.
const STAFF: [(&str, &str, u32, &str); 7] = [
    (
        "lena",
        "Lena Berg",
        512,
        "displayName: Lena Berg\nmail: lena@sesame.test\ntelephoneNumber: +41 44 668 18 00\nemployeeID: E-1001\n",
    ),
    ("omar", "Omar Haddad", 512, "displayName: Omar Haddad\nmail: omar@sesame.test\n"),
    ("nadia", "Nadia Rossi", 512, "displayName: Nadia Rossi\nmail: nadia@sesame.test\n"),
    (
        "rita",
        "Rita Moreau",
        512,
        "displayName: Rita Moreau\nmail: rita@sesame.test\ntelephoneNumber: ask reception\n",
    ),
    ("carl", "Carl Lind", 512, "displayName: Carl Lind\nmail: carl@sesame.test\n"),
    ("former", "Former Staff", 514, "displayName: Former Staff\n"),
    ("sesame-svc", "Sesame Service", 512, ""),
];

fn staff_dn(cn: &str) -> String {
    format!("CN={cn},OU=Staff,{BASE}")
}

/// `unicodePwd` as an LDIF value: the password in double quotes, UTF-16LE, base64.
fn unicode_pwd(password: &str) -> String {
    let bytes: Vec<u8> = format!("\"{password}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The domain controller: its address and files. Samba runs until this process ends: its
/// standard input is a pipe from here, and Samba stops at its end; the shell that started it
/// then removes the files.
pub struct DomainController {
    address: Ipv4Addr,
    dir: PathBuf,
    _samba: Mutex<Child>,
}

static DOMAIN_CONTROLLER: OnceLock<DomainController> = OnceLock::new();

/// The suite's domain controller, provisioned by the first test that asks.
pub fn domain_controller() -> &'static DomainController {
    DOMAIN_CONTROLLER.get_or_init(DomainController::start)
}

fn run(command: &mut Command, what: &str) -> Output {
    let out = command.output().unwrap_or_else(|e| {
        panic!(
            "{what} cannot run ({e}): apt-get install samba samba-ad-dc samba-ad-provision ldap-utils"
        )
    });
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A loopback address nobody listens on, so that Samba's fixed ports (389, 636, 3268, 3269)
/// are free there.
fn free_loopback_address() -> Ipv4Addr {
    let mut rng = rand::thread_rng();
    loop {
        let address = Ipv4Addr::new(
            127,
            rng.gen_range(100..=199),
            rng.gen(),
            rng.gen_range(1..=254),
        );
        if [389, 636, 3268, 3269]
            .iter()
            .all(|port| TcpListener::bind((address, *port)).is_ok())
        {
            return address;
        }
    }
}

/// An authority and the controller's certificate, with the subject alternative names
/// rustls checks (Samba's self-made certificate has none).
fn certificates(dir: &Path, address: Ipv4Addr) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType};
    let fail = |e: rcgen::Error| -> ! { panic!("{e}") };
    let mut authority = CertificateParams::new(Vec::<String>::new()).unwrap_or_else(|e| fail(e));
    authority.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    authority
        .distinguished_name
        .push(DnType::CommonName, "Sesame test authority");
    let authority_key = KeyPair::generate().unwrap_or_else(|e| fail(e));
    let authority = authority
        .self_signed(&authority_key)
        .unwrap_or_else(|e| fail(e));
    let mut server =
        CertificateParams::new(vec!["dc.sesame.test".to_owned()]).unwrap_or_else(|e| fail(e));
    server
        .subject_alt_names
        .push(SanType::IpAddress(IpAddr::V4(address)));
    server
        .distinguished_name
        .push(DnType::CommonName, "dc.sesame.test");
    let server_key = KeyPair::generate().unwrap_or_else(|e| fail(e));
    let server = server
        .signed_by(&server_key, &authority, &authority_key)
        .unwrap_or_else(|e| fail(e));
    let write = |name: &str, text: String, mode: u32| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .unwrap_or_else(|e| panic!("{e}"));
    };
    write("ca.pem", authority.pem(), 0o644);
    write("cert.pem", server.pem(), 0o644);
    // Samba takes a key only when no one else may read it.
    write("key.pem", server_key.serialize_pem(), 0o600);
}

/// The domain's set-up: a lockout after three wrong passwords, the service accounts, the
/// staff.
fn setup_ldif() -> String {
    let mut ldif = format!(
        "dn: {BASE}
changetype: modify
replace: lockoutThreshold
lockoutThreshold: 3

dn: OU=Service,{BASE}
changetype: add
objectClass: organizationalUnit

dn: OU=Staff,{BASE}
changetype: add
objectClass: organizationalUnit

dn: {POWERLESS_DN}
changetype: add
objectClass: user
sAMAccountName: sesame-powerless
unicodePwd:: {}
userAccountControl: 512

",
        unicode_pwd(POWERLESS_PASSWORD)
    );
    for (name, cn, control, rest) in STAFF {
        let (dn, password) = if name == "sesame-svc" {
            (SERVICE_DN.to_owned(), SERVICE_PASSWORD)
        } else {
            (staff_dn(cn), FIRST_PASSWORD)
        };
        ldif.push_str(&format!(
            "dn: {dn}\nchangetype: add\nobjectClass: user\nsAMAccountName: {name}\n{rest}\
             unicodePwd:: {}\nuserAccountControl: {control}\n\n",
            unicode_pwd(password)
        ));
    }
    ldif.push_str(&format!(
        "dn: CN=Account Operators,CN=Builtin,{BASE}\nchangetype: modify\nadd: member\nmember: {SERVICE_DN}\n"
    ));
    ldif
}

impl DomainController {
    fn start() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("sesame-ad-")
            .tempdir()
            .unwrap_or_else(|e| panic!("{e}"))
            .keep();
        let address = free_loopback_address();
        certificates(&dir, address);
        let target = dir.join("dc");
        let option = |setting: String| format!("--option={setting}");
        run(
            Command::new("samba-tool")
                .args([
                    "domain",
                    "provision",
                    "--server-role=dc",
                    "--dns-backend=NONE",
                ])
                .arg(format!("--realm={REALM}"))
                .args(["--domain=SESAME", "--host-name=dc"])
                .arg(format!("--adminpass={ADMINISTRATOR_PASSWORD}"))
                .arg(format!("--targetdir={}", target.display()))
                .arg(option(format!("interfaces={address}/8")))
                .arg(option("bind interfaces only=yes".to_owned()))
                // Everything in the target directory, so that controllers (and a system's
                // own Samba) never meet: a second one finding a pid file would not start.
                .arg(option(format!("log file={}/log.%m", target.display())))
                .arg(option(format!("pid directory={}/run", target.display())))
                .arg(option(format!(
                    "ncalrpc dir={}/run/ncalrpc",
                    target.display()
                )))
                .arg(option(format!(
                    "winbindd socket directory={}/run/winbindd",
                    target.display()
                )))
                .arg(option(format!(
                    "ntp signd socket directory={}/run/ntp_signd",
                    target.display()
                ))),
            "samba-tool domain provision",
        );
        let log = std::fs::File::create(dir.join("samba.log")).unwrap_or_else(|e| panic!("{e}"));
        let log_too = log.try_clone().unwrap_or_else(|e| panic!("{e}"));
        let tls = |name: &str| dir.join(name).display().to_string();
        let samba = [
            "samba -i -M single -s \"$1/dc/etc/smb.conf\"".to_owned(),
            "--option='server services=ldap'".to_owned(),
            format!("--option='tls keyfile={}'", tls("key.pem")),
            format!("--option='tls certfile={}'", tls("cert.pem")),
            format!("--option='tls cafile={}'", tls("ca.pem")),
            // A reset ends the old password at once (AD's default keeps it for 60 minutes).
            "--option='old password allowed period=0'".to_owned(),
        ]
        .join(" ");
        let child = Command::new("sh")
            .args(["-c", &format!("{samba}; rm -rf \"$1\""), "sh"])
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(log)
            .stderr(log_too)
            .spawn()
            .unwrap_or_else(|e| panic!("samba cannot start: {e}"));
        let dc = Self {
            address,
            dir,
            _samba: Mutex::new(child),
        };
        let started = Instant::now();
        while !dc.binds(ADMINISTRATOR, ADMINISTRATOR_PASSWORD) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "samba did not answer LDAPS:\n{}",
                std::fs::read_to_string(dc.dir.join("samba.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
        dc.modify(&setup_ldif());
        dc
    }

    pub fn url(&self) -> String {
        format!("ldaps://{}", self.address)
    }

    fn ca_file(&self) -> String {
        self.dir.join("ca.pem").display().to_string()
    }

    /// An OpenLDAP tool against the controller, trusting the test's authority.
    fn tool(&self, name: &str) -> Command {
        let mut command = Command::new(name);
        command
            .env("LDAPTLS_CACERT", self.ca_file())
            .env("LDAPTLS_REQCERT", "demand")
            .args(["-x", "-H", &self.url()]);
        command
    }

    /// Whether a bind over LDAPS as `who` (a DN or `user@realm`) with `password` succeeds.
    pub fn binds(&self, who: &str, password: &str) -> bool {
        self.tool("ldapsearch")
            .args(["-D", who, "-w", password, "-b", "", "-s", "base", "dn"])
            .output()
            .unwrap_or_else(|e| panic!("ldapsearch cannot run (apt-get install ldap-utils): {e}"))
            .status
            .success()
    }

    /// Applies LDIF changes as the domain's administrator.
    pub fn modify(&self, ldif: &str) {
        let mut child = self
            .tool("ldapmodify")
            .args(["-D", ADMINISTRATOR, "-w", ADMINISTRATOR_PASSWORD])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("ldapmodify cannot run (apt-get install ldap-utils): {e}"));
        child
            .stdin
            .take()
            .unwrap_or_else(|| panic!("no pipe to ldapmodify"))
            .write_all(ldif.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        assert!(
            out.status.success(),
            "ldapmodify: {}\n{ldif}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The values of one attribute of an entry, read as the administrator.
    pub fn values(&self, dn: &str, name: &str) -> Vec<String> {
        let out = self
            .tool("ldapsearch")
            .args(["-LLL", "-o", "ldif-wrap=no"])
            .args(["-D", ADMINISTRATOR, "-w", ADMINISTRATOR_PASSWORD])
            .args(["-b", dn, "-s", "base", name])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|line| line.strip_prefix(&format!("{name}: ")).map(str::to_owned))
            .collect()
    }

    pub fn attribute(&self, dn: &str, name: &str) -> Option<String> {
        self.values(dn, name).into_iter().next()
    }

    /// The `SESAME_LDAP_*` environment an AD administrator would set: AD mode over LDAPS,
    /// the CA file, the whole domain as the user base, and the defaults for the rest.
    pub fn environment(&self, bind_dn: &str, bind_password: &str) -> Vec<(String, String)> {
        let password_file = self.dir.join(format!("password-{}", rand::random::<u64>()));
        std::fs::write(&password_file, format!("{bind_password}\n"))
            .unwrap_or_else(|e| panic!("{e}"));
        [
            ("SESAME_LDAP_URL", self.url()),
            ("SESAME_LDAP_MODE", "active_directory".to_owned()),
            ("SESAME_LDAP_CA_FILE", self.ca_file()),
            ("SESAME_LDAP_BIND_DN", bind_dn.to_owned()),
            (
                "SESAME_LDAP_BIND_PASSWORD_FILE",
                password_file.display().to_string(),
            ),
            ("SESAME_LDAP_USER_BASE", BASE.to_owned()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// The directory settings Sesame reads from that environment.
    pub fn settings(&self, bind_dn: &str, bind_password: &str) -> LdapSettings {
        Settings::load(None, self.environment(bind_dn, bind_password))
            .unwrap_or_else(|e| panic!("{e}"))
            .ldap
            .unwrap_or_else(|| panic!("no directory in the settings"))
    }
}

/// A server on the domain through `bind_dn`, with the domain's people copied in and a
/// process that resets their directory password after they type their user name.
async fn app_on(dc: &DomainController, bind_dn: &str, bind_password: &str) -> TestApp {
    let settings = dc.settings(bind_dn, bind_password);
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| s.ldap = Some(settings)).await;
    sesame_server::import::sync_from_directory(&app.state, "test")
        .await
        .unwrap_or_else(|e| panic!("sync: {}", e.message));
    crate::ldap::directory_process(&app).await;
    app
}

async fn choose(app: &TestApp, reset: &str, password: &str) -> Reply {
    app.post(
        &format!("/api/v1/resets/{reset}/password"),
        None,
        json!({"new_password": password}),
    )
    .await
}

#[tokio::test]
#[ignore = "needs Samba's domain controller (samba, samba-ad-dc, samba-ad-provision) and ldap-utils"]
async fn a_reset_is_the_new_domain_password_and_the_old_one_stops() {
    let dc = domain_controller();
    let lena = staff_dn("Lena Berg");
    let app = app_on(dc, SERVICE_DN, SERVICE_PASSWORD).await;
    let profile = app.admin_get("/api/v1/users/lena").await.json();
    assert_eq!(
        (
            profile["display_name"].clone(),
            profile["email"].clone(),
            profile["phone"].clone()
        ),
        (
            json!("Lena Berg"),
            json!("lena@sesame.test"),
            json!("+41446681800")
        ),
        "AD's attributes by default: sAMAccountName, displayName, mail, telephoneNumber"
    );
    assert_eq!(
        app.sign_in("lena", FIRST_PASSWORD).await.status,
        StatusCode::CREATED,
        "sign-in binds as the user over LDAPS, trusting the CA file"
    );
    assert_eq!(
        app.sign_in("lena", "Not-Her-Password-1").await.status,
        StatusCode::UNAUTHORIZED
    );

    // AD's complexity rule (three of upper case, lower case, digits, others) refuses a
    // password Sesame's own policy takes, and the user reads AD's reason.
    let reset = crate::ldap::verified_reset(&app, "lena").await;
    let refused = choose(&app, &reset, "copper-violin-harvest-lantern").await;
    assert_eq!(
        (refused.status, refused.code()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "directory.refused".to_owned()
        ),
        "{}",
        refused.text
    );
    assert_eq!(
        refused.json()["error"]["message"],
        "The directory refused the change: the password does not meet the complexity criteria."
    );
    assert!(dc.binds(&lena, FIRST_PASSWORD), "nothing changed");

    let new_password = "Copper-Violin-Harvest-92";
    let done = choose(&app, &reset, new_password).await;
    assert_eq!(
        done.status,
        StatusCode::OK,
        "a refusal leaves the request usable: {}",
        done.text
    );
    assert!(
        dc.binds(&lena, new_password),
        "a bind over LDAPS as lena takes the new password"
    );
    assert!(
        dc.binds("lena@sesame.test", new_password),
        "by her user principal name too"
    );
    assert!(
        !dc.binds(&lena, FIRST_PASSWORD),
        "and refuses the old one (with the old password allowed period at 0)"
    );
    assert_eq!(
        app.sign_in("lena", new_password).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.sign_in("lena", FIRST_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.audit("action=reset.password").await[0]["detail"]["store"],
        "ldap"
    );

    // Samba offers no policy hints, so as the README says AD's history does not hold for a
    // reset: the previous password may come back.
    let supported = dc.values("", "supportedControl");
    assert!(supported.iter().any(|oid| oid == "1.2.840.113556.1.4.319"));
    assert!(!supported.iter().any(|oid| oid == "1.2.840.113556.1.4.2239"));
    let again = crate::ldap::verified_reset(&app, "lena").await;
    let reused = choose(&app, &again, FIRST_PASSWORD).await;
    assert_eq!(reused.status, StatusCode::OK, "{}", reused.text);
    assert!(dc.binds(&lena, FIRST_PASSWORD));
}

#[tokio::test]
#[ignore = "needs Samba's domain controller (samba, samba-ad-dc, samba-ad-provision) and ldap-utils"]
async fn a_locked_domain_account_is_unlocked_through_sesame() {
    let dc = domain_controller();
    let omar = staff_dn("Omar Haddad");
    let app = app_on(dc, SERVICE_DN, SERVICE_PASSWORD).await;
    for _ in 0..3 {
        assert!(!dc.binds(&omar, "Wrong-Guess-1"));
    }
    let locked_at = dc.attribute(&omar, "lockoutTime").unwrap_or_default();
    assert!(
        locked_at.parse::<u64>().unwrap_or(0) > 0,
        "AD locked the account after three wrong passwords: lockoutTime {locked_at:?}"
    );
    assert!(
        !dc.binds(&omar, FIRST_PASSWORD),
        "locked: even the right password fails"
    );

    let reset = crate::ldap::verified_reset(&app, "omar").await;
    let unlocked = app
        .post(&format!("/api/v1/resets/{reset}/unlock"), None, json!({}))
        .await;
    assert_eq!(unlocked.status, StatusCode::NO_CONTENT, "{}", unlocked.text);
    assert_eq!(
        dc.attribute(&omar, "lockoutTime").as_deref(),
        Some("0"),
        "Sesame cleared lockoutTime"
    );
    assert!(dc.binds(&omar, FIRST_PASSWORD), "the account works again");
    assert_eq!(
        app.audit("action=reset.unlock").await[0]["detail"]["store"],
        "ldap"
    );
}

#[tokio::test]
#[ignore = "needs Samba's domain controller (samba, samba-ad-dc, samba-ad-provision) and ldap-utils"]
async fn a_service_account_without_the_right_to_reset_is_the_operators_problem() {
    let dc = domain_controller();
    let nadia = staff_dn("Nadia Rossi");
    let app = app_on(dc, POWERLESS_DN, POWERLESS_PASSWORD).await;
    let reset = crate::ldap::verified_reset(&app, "nadia").await;
    let refused = choose(&app, &reset, "Copper-Violin-Harvest-92").await;
    assert_eq!(
        (refused.status, refused.code()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "directory.misconfigured".to_owned()
        ),
        "AD's insufficientAccessRights (50) is not the password's fault: {}",
        refused.text
    );
    let message = refused.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("administrator"), "{message}");
    assert!(!message.contains("password does not"), "{message}");
    assert!(dc.binds(&nadia, FIRST_PASSWORD), "nothing changed");
    assert!(
        app.audit("action=reset.password").await.is_empty(),
        "no success is recorded"
    );
    let unlock = app
        .post(&format!("/api/v1/resets/{reset}/unlock"), None, json!({}))
        .await;
    assert_eq!(
        (unlock.status, unlock.code()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "directory.misconfigured".to_owned()
        ),
        "{}",
        unlock.text
    );

    // A wrong service password is the operator's problem too, not a wrong user password.
    let mut settings = app.settings.clone();
    settings.ldap = Some(dc.settings(POWERLESS_DN, "Not-The-Service-Password-1"));
    let wrong = app.spawn_sibling_with(settings).await;
    let signed = wrong.sign_in("nadia", FIRST_PASSWORD).await;
    assert_eq!(
        (signed.status, signed.code()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "directory.misconfigured".to_owned()
        ),
        "{}",
        signed.text
    );

    // The same request goes through once the operator gives the right account.
    let mut settings = app.settings.clone();
    settings.ldap = Some(dc.settings(SERVICE_DN, SERVICE_PASSWORD));
    let fixed = app.spawn_sibling_with(settings).await;
    let done = choose(&fixed, &reset, "Copper-Violin-Harvest-92").await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    assert!(dc.binds(&nadia, "Copper-Violin-Harvest-92"));
}

#[tokio::test]
#[ignore = "needs Samba's domain controller (samba, samba-ad-dc, samba-ad-provision) and ldap-utils"]
async fn sesame_users_sync_takes_the_domains_active_people_and_says_what_it_left_out() {
    let dc = domain_controller();
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut env = dc.environment(SERVICE_DN, SERVICE_PASSWORD);
    env.push(("SESAME_DATA_DIR".into(), data.path().display().to_string()));
    let sync = || {
        let out = Command::new(env!("CARGO_BIN_EXE_sesame"))
            .args(["users", "sync"])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .output()
            .unwrap_or_else(|e| panic!("cannot run sesame: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        (String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
    };
    let (stdout, stderr) = sync();
    // Administrator, dns-dc (made by the provisioning), the two service accounts, and
    // lena, omar, nadia, rita and carl; not krbtgt, Guest or the disabled former.
    assert!(
        stdout.contains("9 created, 0 updated, 0 disabled, 0 left out"),
        "{stdout}{stderr}"
    );
    assert!(
        stderr.contains(
            "taken without a value: rita: telephoneNumber left out: The phone number must be"
        ),
        "{stderr}"
    );
    let store = sesame_store::SqlStore::connect(
        &format!("sqlite://{}/sesame.db", data.path().display()),
        1,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    use sesame_store::UserRepository;
    for never in ["krbtgt", "guest", "former"] {
        assert!(
            store.find_user(never).await.ok().flatten().is_none(),
            "{never} is not a person with an active account"
        );
    }
    let rita = store.find_user("rita").await.ok().flatten();
    assert_eq!(
        rita.map(|u| (u.display_name, u.email, u.phone)),
        Some((
            "Rita Moreau".to_owned(),
            Some("rita@sesame.test".to_owned()),
            None
        )),
        "rita is taken without the phone number Sesame refuses"
    );

    let (stdout, _) = sync();
    assert!(
        stdout.contains("0 created, 0 updated, 0 disabled"),
        "nothing changed, nothing updated: {stdout}"
    );
    let carl = staff_dn("Carl Lind");
    dc.modify(&format!(
        "dn: {carl}\nchangetype: modify\nreplace: mail\nmail: carl.lind@sesame.test\n"
    ));
    let (stdout, _) = sync();
    assert!(
        stdout.contains("0 created, 1 updated, 0 disabled"),
        "{stdout}"
    );
    dc.modify(&format!(
        "dn: {carl}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n"
    ));
    let (stdout, _) = sync();
    assert!(
        stdout.contains("0 created, 0 updated, 1 disabled"),
        "an account disabled in AD is disabled in Sesame: {stdout}"
    );
    let carl = store.find_user("carl").await.ok().flatten();
    assert_eq!(
        carl.map(|u| (u.status.as_str().to_owned(), u.email)),
        Some((
            "disabled".to_owned(),
            Some("carl.lind@sesame.test".to_owned())
        ))
    );
    store.close().await;
}
