//! The `sesame` binary as an operator runs it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;

const BINARY: &str = env!("CARGO_BIN_EXE_sesame");

/// `sesame` in `dir` with only the given environment.
fn sesame(dir: &Path, env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(BINARY);
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    for (name, value) in env {
        command.env(name, value);
    }
    command
}

fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    sesame(dir, env)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run sesame: {e}"))
}

/// A server process and everything it has logged so far.
struct Server {
    child: Child,
    address: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(dir: &Path, env: &[(&str, &str)]) -> Self {
        let mut env = env.to_vec();
        env.push(("SESAME_LISTEN", "127.0.0.1:0"));
        let mut child = sesame(dir, &env)
            .arg("serve")
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start sesame: {e}"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let (found, address) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap_or_else(|| panic!("no stderr"));
        let lines = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let address = line.split("listening on http://").nth(1).map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
                        .collect::<String>()
                });
                if let Ok(mut log) = lines.lock() {
                    log.push(line);
                }
                if let Some(address) = address {
                    let _ = found.send(address);
                }
            }
        });
        let address = address
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| {
                panic!(
                    "the server did not say where it listens: {:?}",
                    log.lock().map(|l| l.clone())
                )
            });
        Self {
            child,
            address: format!("http://{address}"),
            log,
        }
    }

    fn log_text(&self) -> String {
        self.log.lock().map(|l| l.join("\n")).unwrap_or_default()
    }

    /// Sends SIGTERM and waits for the exit status.
    fn terminate(&mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "sesame did not stop on SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn bad_settings_stop_the_start_with_one_line_naming_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("colour.toml"), "colour = \"blue\"\n")
        .unwrap_or_else(|e| panic!("{e}"));
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str);
    let cases: [Case; 6] = [
        (
            &[("SESAME_LISTEN", "everywhere")],
            &["serve"],
            "sesame: setting SESAME_LISTEN (environment): expected address:port",
        ),
        (
            &[("SESAME_DATABASE_URL", "oracle://db")],
            &["serve"],
            "sesame: setting SESAME_DATABASE_URL (environment): expected a sqlite://PATH or postgres://... URL",
        ),
        (
            &[("SESAME_COLOUR", "blue")],
            &["serve"],
            "sesame: setting SESAME_COLOUR (environment): unknown setting",
        ),
        (
            &[],
            &["--config", "missing.toml", "serve"],
            "sesame: setting --config: cannot read missing.toml",
        ),
        (
            &[],
            &["--config", "colour.toml", "serve"],
            "sesame: setting colour (file colour.toml): unknown setting",
        ),
        (
            &[("SESAME_HASH_WORKERS", "many")],
            &["config"],
            "sesame: setting SESAME_HASH_WORKERS (environment): expected a whole number",
        ),
    ];
    for (env, args, expected) in cases {
        let output = run(dir.path(), env, args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.starts_with(expected), "{stderr}");
    }
    assert!(
        !dir.path().join("sesame-data").exists(),
        "nothing was created"
    );
}

#[test]
fn config_prints_the_effective_settings_without_secrets() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.path().join("sesame.toml"),
        "listen = \"127.0.0.1:9000\"\nhash_workers = 3\n\
         smtp_url = \"smtp://mailer:hunter2@mail.example.com:587?tls=required\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(
        dir.path(),
        &[
            ("SESAME_LISTEN", "0.0.0.0:8443"),
            ("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN),
        ],
        &["--config", "sesame.toml", "config"],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for secret in [BOOTSTRAP_TOKEN, "hunter2"] {
        assert!(!stdout.contains(secret), "{secret} is printed:\n{stdout}");
    }
    let settings: toml::Table = stdout
        .parse()
        .unwrap_or_else(|e| panic!("not TOML: {e}\n{stdout}"));
    let value = |key: &str| settings.get(key).map(ToString::to_string);
    assert_eq!(
        value("listen").as_deref(),
        Some("\"0.0.0.0:8443\""),
        "the environment wins"
    );
    assert_eq!(
        value("hash_workers").as_deref(),
        Some("3"),
        "the file counts"
    );
    assert_eq!(value("bootstrap_admin_token").as_deref(), Some("\"(set)\""));
    assert_eq!(
        value("smtp_url").as_deref(),
        Some("\"smtp://mailer:***@mail.example.com:587?tls=required\"")
    );
    assert_eq!(
        value("database_url").as_deref(),
        Some("\"sqlite://sesame-data/sesame.db\"")
    );
    assert!(
        !dir.path().join("sesame-data").exists(),
        "printing the settings creates nothing"
    );
}

#[tokio::test]
async fn serve_needs_no_config_keeps_keys_private_and_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut server = Server::start(
        dir.path(),
        &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN)],
    );
    let http = client();
    let ready = http
        .get(format!("{}/readyz", server.address))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(ready.ok(), Some(StatusCode::OK));
    let data = dir.path().join("sesame-data");
    let started = server.log_text();
    let absolute = dir
        .path()
        .canonicalize()
        .unwrap_or_else(|e| panic!("{e}"))
        .join("sesame-data");
    assert!(
        started.contains(&format!("data_dir={}", absolute.display()))
            && started.contains("database=sqlite://sesame-data/sesame.db"),
        "the start names the data directory and the database: {started}"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    };
    assert_eq!(mode(&data.join("secret-keys.toml")), 0o600);
    assert_eq!(mode(&data.join("sesame.db")), 0o600);
    assert_eq!(mode(&data), 0o700);

    // Requests in flight when SIGTERM arrives still get their answers.
    let created = http
        .post(format!("{}/api/v1/users", server.address))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(created.ok(), Some(StatusCode::CREATED));
    let in_flight: Vec<_> = (0..6)
        .map(|_| {
            let request = http
                .post(format!("{}/api/v1/sessions", server.address))
                .json(&json!({"username": "alice", "password": PASSWORD}))
                .send();
            tokio::spawn(request)
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(30)).await;
    let status = tokio::task::spawn_blocking(move || {
        let status = server.terminate();
        (status, server.log_text())
    })
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    for request in in_flight {
        let answered = request.await.ok().and_then(|r| r.ok()).map(|r| r.status());
        assert_eq!(
            answered,
            Some(StatusCode::CREATED),
            "an in-flight sign-in was cut off"
        );
    }
    assert!(status.0.success(), "exit status {:?}", status.0);
    assert!(status.1.contains("sesame stopped"), "{}", status.1);

    // Data survives a restart.
    let server = Server::start(
        dir.path(),
        &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN)],
    );
    let reply = http
        .post(format!("{}/api/v1/sessions", server.address))
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(reply.ok(), Some(StatusCode::CREATED));
}

#[tokio::test]
async fn admin_token_prints_a_token_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run(
        dir.path(),
        &[],
        &["admin", "token", "--name", "first-setup"],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(token.starts_with("sesame_key_"), "{token}");
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let keys = http
        .get(format!("{}/api/v1/api-keys", server.address))
        .bearer_auth(&token)
        .send()
        .await;
    let keys: serde_json::Value = match keys {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(keys[0]["name"], "first-setup");
    assert_eq!(keys[0]["role"], "admin");
    assert_eq!(keys[0]["created_by"], "cli");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("in the database sqlite://"),
        "it says which database: {said}"
    );
}

#[tokio::test]
async fn demo_seeds_a_user_to_try_a_reset_with() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let first = run(dir.path(), &[], &["demo"]);
    let said = String::from_utf8_lossy(&first.stdout).into_owned();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        said.contains("Seeded the demo") && said.contains("/reset"),
        "{said}"
    );
    let again = run(dir.path(), &[], &["demo"]);
    assert!(
        String::from_utf8_lossy(&again.stdout).contains("already"),
        "a second run changes nothing"
    );
    let server = Server::start(dir.path(), &[("SESAME_EMAIL_TRANSPORT", "log")]);
    let http = client();
    let post = |path: &str, body: serde_json::Value| {
        http.post(format!("{}{path}", server.address))
            .json(&body)
            .send()
    };
    let signed_in = post(
        "/api/v1/sessions",
        serde_json::json!({"username": "demo", "password": "violet-harbor-quantum-tulip"}),
    )
    .await
    .map(|r| r.status());
    assert_eq!(signed_in.ok(), Some(reqwest::StatusCode::CREATED));
    // The printed walk-through works: the process exists, and the e-mail code is sent.
    let started: serde_json::Value = match post(
        "/api/v1/resets",
        serde_json::json!({"process": "self", "identifier": "demo"}),
    )
    .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    let reset = started["reset_id"].as_str().unwrap_or_default();
    let sent: serde_json::Value = match post(
        &format!("/api/v1/resets/{reset}/challenges/email"),
        serde_json::json!({}),
    )
    .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(sent["sent"], true, "{sent}");
}

#[test]
fn an_import_with_many_bad_rows_reports_the_first_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut csv = String::from("username,display_name,email\nanna,Anna,\n");
    // Lines 3 to 1202 repeat anna; lines 1203 to 1502 have no valid e-mail address.
    csv.push_str(&"ANNA,Anna again,\n".repeat(1_200));
    for n in 0..300 {
        csv.push_str(&format!("user{n},User {n},not-an-email\n"));
    }
    std::fs::write(dir.path().join("many.csv"), csv).unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["users", "import", "many.csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let reported: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("many.csv: line "))
        .collect();
    assert_eq!(reported.len(), 1_000, "{stderr}");
    assert_eq!(
        (reported[0], reported[999]),
        (
            "many.csv: line 3: user ANNA already appears on line 2",
            "many.csv: line 1002: user ANNA already appears on line 2"
        )
    );
    assert!(
        stderr.contains("many.csv: 500 more problems on later lines\nNothing was imported"),
        "{stderr}"
    );
}

#[tokio::test]
async fn users_import_is_all_or_nothing_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        format!(
            "username,email,phone,employee_id,display_name,language,groups,password\n\
             anna,anna@example.com,+14155550123,E-1,Anna,en,staff;finance,{PASSWORD}\n\
             bert,not-an-email,,,Bert,,,\n\
             ANNA,,,E-1,,,,\n\
             carl,,+1 555,,,,,short\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["users", "import", "bad.csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("bad.csv: line 3: The e-mail address is not valid. (user.email_invalid)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.csv: line 4: user ANNA already appears on line 2"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.csv: line 4: employee id E-1 already appears on line 2"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad.csv: line 5: The phone number must be"),
        "{stderr}"
    );
    assert!(stderr.contains("Nothing was imported"));

    let good = dir.path().join("users.jsonl");
    std::fs::write(
        &good,
        format!(
            "{{\"username\": \"anna\", \"email\": \"anna@example.com\", \"employee_id\": \"E-1\", \"groups\": [\"staff\"], \"password\": \"{PASSWORD}\"}}\n\
             \n\
             {{\"username\": \"bert\", \"language\": \"de\"}}\n"
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["users", "import", "users.jsonl"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Imported 2 users from users.jsonl."
    );
    let again = run(dir.path(), &[], &["users", "import", "users.jsonl"]);
    let again = String::from_utf8_lossy(&again.stderr);
    assert!(
        again.contains("line 1: user anna already exists"),
        "{again}"
    );
    assert!(
        again.contains("line 1: employee id E-1 already belongs to a user"),
        "{again}"
    );

    let server = Server::start(
        dir.path(),
        &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN)],
    );
    let http = client();
    let list: serde_json::Value = match http
        .get(format!("{}/api/v1/users", server.address))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(list["total"], 2, "only the good file was imported");
    assert_eq!(list["items"][0]["employee_id"], "E-1", "{list}");
    let signed_in = http
        .post(format!("{}/api/v1/sessions", server.address))
        .json(&json!({"username": "anna", "password": PASSWORD}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(
        signed_in.ok(),
        Some(StatusCode::CREATED),
        "imported passwords work"
    );
}

#[tokio::test]
async fn users_import_writes_a_large_file_in_batches_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // More rows than two batches; the last one's password is refused, after two batches
    // were written in the import's transaction.
    let rows: String = (0..2_500)
        .map(|n| format!("user{n},user{n}@example.com,+4471{n:08},E{n},\n"))
        .collect();
    std::fs::write(
        dir.path().join("many.csv"),
        format!("username,email,phone,employee_id,password\n{rows}last,,,,short\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["users", "import", "many.csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("many.csv: line 2502: "), "{stderr}");

    std::fs::write(
        dir.path().join("many.csv"),
        format!("username,email,phone,employee_id,password\n{rows}last,,,,{PASSWORD}\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["users", "import", "many.csv"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "Imported 2501 users from many.csv."
    );

    let server = Server::start(
        dir.path(),
        &[("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN)],
    );
    let list: serde_json::Value = match client()
        .get(format!("{}/api/v1/users", server.address))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(
        list["total"], 2501,
        "the refused file left nobody behind, the good one everyone"
    );
}

#[tokio::test]
async fn logs_never_hold_secrets() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(
        dir.path(),
        &[
            ("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN),
            ("SESAME_LOG_LEVEL", "trace"),
            ("SESAME_LOG_FORMAT", "json"),
        ],
    );
    let http = client();
    let base = &server.address;
    let _ = http
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .json(&json!({"username": "zoe", "password": PASSWORD}))
        .send()
        .await;
    let session: serde_json::Value = match http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"username": "zoe", "password": PASSWORD}))
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    let _ = http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"username": "zoe", "password": "typo-in-my-secret"}))
        .send()
        .await;
    let key: serde_json::Value = match http
        .post(format!("{base}/api/v1/api-keys"))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .json(&json!({"name": "k", "role": "admin"}))
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    let _ = http
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(session["token"].as_str().unwrap_or_default())
        .send()
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = server.log_text();
    assert!(log.lines().count() > 5, "trace logging is on: {log}");
    assert!(log.lines().all(|l| l.starts_with('{')), "JSON lines: {log}");
    for secret in [
        PASSWORD,
        "typo-in-my-secret",
        BOOTSTRAP_TOKEN,
        session["token"].as_str().unwrap_or("missing session token"),
        key["token"].as_str().unwrap_or("missing key token"),
    ] {
        assert!(!log.contains(secret), "{secret} appears in the log");
    }
}

#[tokio::test]
#[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
async fn the_same_binary_runs_on_postgres() {
    let server_url = require_postgres();
    let url = sesame_store::testing::fresh_postgres_database(&server_url).await;
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let env = [
        ("SESAME_DATABASE_URL", url.as_str()),
        ("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN),
    ];
    let server = Server::start(dir.path(), &env);
    assert!(server.log_text().contains("postgres"));
    let redacted = sesame_server::config::redact_url(&url);
    assert!(
        server.log_text().contains(&format!("database={redacted}")),
        "{}",
        server.log_text()
    );
    let http = client();
    let created = http
        .post(format!("{}/api/v1/users", server.address))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .json(&json!({"username": "pat"}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(created.ok(), Some(StatusCode::CREATED));
    assert!(
        !dir.path().join("sesame-data/sesame.db").exists(),
        "no SQLite file on PostgreSQL"
    );
}

#[tokio::test]
async fn development_log_transports_write_messages_to_the_log() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let env = [
        ("SESAME_BOOTSTRAP_ADMIN_TOKEN", BOOTSTRAP_TOKEN),
        ("SESAME_EMAIL_TRANSPORT", "log"),
        ("SESAME_SMS_PROVIDER", "log"),
    ];
    let server = Server::start(dir.path(), &env);
    let http = client();
    let base = server.address.clone();
    let created = http
        .post(format!("{base}/api/v1/users"))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .json(&json!({"username": "lou", "password": PASSWORD}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(created.ok(), Some(StatusCode::CREATED));
    let session: serde_json::Value = match http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"username": "lou", "password": PASSWORD}))
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    let token = session["token"].as_str().unwrap_or_default().to_owned();
    let sent = http
        .post(format!("{base}/api/v1/me/enrollments/sms/code"))
        .bearer_auth(&token)
        .json(&json!({"address": "+14155550123"}))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(sent.ok(), Some(StatusCode::ACCEPTED));
    let started = Instant::now();
    let line = loop {
        if let Some(line) = server
            .log_text()
            .lines()
            .find(|l| l.contains("SMS (log transport, not sent)"))
            .map(str::to_owned)
        {
            break line;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no SMS in the log: {}",
            server.log_text()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let body = line
        .split("body=")
        .nth(1)
        .unwrap_or_else(|| panic!("no body in {line}"));
    let code = crate::mail::code_in(body, 6);
    let verified: serde_json::Value = match http
        .post(format!("{base}/api/v1/me/enrollments/sms/verify"))
        .bearer_auth(&token)
        .json(&json!({"code": code}))
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or_default(),
        Err(e) => panic!("{e}"),
    };
    assert_eq!(verified, json!({"state": "pending"}));
}

#[tokio::test]
async fn serve_starts_with_an_smtp_server_configured() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(
        dir.path(),
        &[
            ("SESAME_SMTP_URL", "smtp://127.0.0.1:2525?tls=required"),
            ("SESAME_EMAIL_FROM", "Sesame <id@example.com>"),
        ],
    );
    let ready = client()
        .get(format!("{}/readyz", server.address))
        .send()
        .await
        .map(|r| r.status());
    assert_eq!(ready.ok(), Some(StatusCode::OK));
}

#[test]
fn keys_rotate_adds_a_key_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let output = run(dir.path(), &[], &["keys", "rotate"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout)
        .starts_with("Sealing key 2 added; 0 messages and 0 secrets re-sealed"));
    let file = std::fs::read_to_string(dir.path().join("sesame-data/secret-keys.toml"))
        .unwrap_or_default();
    assert!(
        file.contains("\nseal = ") && file.contains("\nseal_2 = "),
        "{file}"
    );
}

#[tokio::test]
async fn keys_rotate_publishes_a_signing_key_on_a_running_server() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let server = Server::start(dir.path(), &[]);
    let http = client();
    let url = format!("{}/api/v1/voice/jwks.json", server.address);
    let kids = || async {
        let jwks: serde_json::Value = match http.get(&url).send().await {
            Ok(r) => r.json().await.unwrap_or_default(),
            Err(e) => panic!("{e}"),
        };
        jwks["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|key| key["kid"].as_str().unwrap_or_default().to_owned())
            .collect::<Vec<_>>()
    };
    let before = kids().await;
    assert_eq!(before.len(), 1, "{before:?}");

    let output = run(dir.path(), &[], &["keys", "rotate"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let new = stdout
        .lines()
        .find_map(|line| line.strip_prefix("Signing key "))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no signing key in: {stdout}"));
    assert!(stdout.contains("signs voice assertions from "), "{stdout}");

    // The running server reads the rotated file: the old key signs for 300 s more and the
    // new one is published before it signs.
    assert_eq!(kids().await, [before[0].as_str(), new]);
    let file = std::fs::read_to_string(dir.path().join("sesame-data/secret-keys.toml"))
        .unwrap_or_default();
    assert!(
        file.contains("\nsigning = ") && file.contains("\nsigning_"),
        "{file}"
    );
}

/// `sesame serve` with `env`: how long it took to stop, its status and what it printed.
fn failed_start(dir: &Path, env: &[(&str, &str)]) -> (Duration, std::process::ExitStatus, String) {
    let started = Instant::now();
    let output = run(dir, env, &["serve"]);
    (
        started.elapsed(),
        output.status,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_database_that_cannot_be_opened_stops_the_start_at_once() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // A closed port: PostgreSQL refuses at once, and so must the start.
    let (took, status, stderr) = failed_start(
        dir.path(),
        &[
            ("SESAME_LISTEN", "127.0.0.1:0"),
            (
                "SESAME_DATABASE_URL",
                "postgres://sesame:hunter2@127.0.0.1:1/sesame",
            ),
        ],
    );
    assert!(!status.success());
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let line = stderr.lines().last().unwrap_or_default();
    assert!(
        line.starts_with("sesame: setting database_url (SESAME_DATABASE_URL): cannot use the database postgres://sesame:***@127.0.0.1:1/sesame:"),
        "{stderr}"
    );
    assert!(line.to_lowercase().contains("refused"), "{stderr}");
    assert!(!stderr.contains("hunter2"));

    let (took, status, stderr) = failed_start(
        dir.path(),
        &[
            ("SESAME_LISTEN", "127.0.0.1:0"),
            (
                "SESAME_DATABASE_URL",
                "sqlite:///nonexistent/directory/sesame.db",
            ),
        ],
    );
    assert!(!status.success());
    assert!(took < Duration::from_secs(10), "took {took:?}");
    assert!(
        stderr.contains("setting database_url (SESAME_DATABASE_URL): cannot use the database sqlite:///nonexistent/directory/sesame.db:"),
        "{stderr}"
    );
}
