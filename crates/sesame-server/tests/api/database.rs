//! Sesame and its PostgreSQL server: over TLS, with the server's certificate checked, and
//! through a restart of the database under load. Each test starts its own cluster
//! ([`crate::cluster`]); ignored in a plain run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sesame_server::{Application, Settings};
use sesame_store::SqlStore;
use sqlx::{Connection, Row};

use crate::cluster::{Cluster, Tls};
use crate::helpers::*;

fn settings_on(url: String) -> (Settings, tempfile::TempDir) {
    let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let settings = settings_for(data_dir.path(), Some(url));
    (settings, data_dir)
}

/// A user created and read back through the API.
async fn serves(app: &TestApp) {
    let created = app.create_user(json!({"username": "over-tls"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let read = app.admin_get("/api/v1/users/over-tls").await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    let ready = app.get("/readyz", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
}

/// Whether every connection of the database's clients is encrypted, and how many there are.
async fn encrypted_sessions(url: &str) -> (bool, i64) {
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let row = sqlx::query(
        "SELECT bool_and(s.ssl) AS all_tls, count(*) AS sessions FROM pg_stat_ssl s \
         JOIN pg_stat_activity a USING (pid) \
         WHERE a.datname = 'postgres' AND a.pid <> pg_backend_pid()",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    (
        row.try_get::<Option<bool>, _>("all_tls")
            .ok()
            .flatten()
            .unwrap_or(false),
        row.try_get("sessions").unwrap_or(0),
    )
}

#[tokio::test]
#[ignore = "needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)"]
async fn a_server_that_requires_tls_is_reached_with_sslmode_require() {
    let cluster = Cluster::start(Tls::Required);
    // The cluster takes nothing else: a plain connection is refused.
    let plain = SqlStore::connect(&cluster.url("127.0.0.1", "sslmode=disable"), 1).await;
    let refused = plain.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("no encryption"), "{refused}");

    let url = cluster.url("127.0.0.1", "sslmode=require");
    let (settings, data_dir) = settings_on(url.clone());
    let app = TestApp::spawn_with(settings, data_dir).await;
    serves(&app).await;
    let (all_tls, sessions) = encrypted_sessions(&url).await;
    assert!(
        sessions > 0 && all_tls,
        "{sessions} sessions, all over TLS: {all_tls}"
    );
}

#[tokio::test]
#[ignore = "needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)"]
async fn verify_full_checks_the_certificate_against_the_ca_file() {
    let cluster = Cluster::start(Tls::Required);
    // By address and by name: the certificate holds both.
    for host in ["127.0.0.1", "localhost"] {
        let url = cluster.url(host, "sslmode=verify-full");
        let (mut settings, data_dir) = settings_on(url);
        settings.database_ca_file = Some(cluster.ca_file());
        let app = TestApp::spawn_with(settings, data_dir).await;
        let created = app
            .create_user(json!({"username": format!("verified-{host}")}))
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    }
    let url = cluster.url("127.0.0.1", "sslmode=verify-full");
    let (mut settings, data_dir) = settings_on(url.clone());
    settings.database_ca_file = Some(cluster.ca_file());
    let app = TestApp::spawn_with(settings, data_dir).await;
    serves(&app).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)"]
async fn a_certificate_from_another_authority_stops_the_start_at_once() {
    let cluster = Cluster::start(Tls::Required);
    let (other_ca, _, _) = crate::cluster::authority_and_server("Another authority");
    let wrong = cluster.file("other-ca.pem", &other_ca);
    for (host, ca_file) in [("127.0.0.1", Some(wrong)), ("127.0.0.1", None)] {
        let (mut settings, data_dir) = settings_on(cluster.url(host, "sslmode=verify-full"));
        settings.database_ca_file = ca_file.clone();
        let started = Instant::now();
        let failed = match Application::build(settings, Arc::new(sesame_core::SystemClock)).await {
            Ok(_) => panic!("started with a certificate it cannot trust ({ca_file:?})"),
            Err(e) => e.to_string(),
        };
        drop(data_dir);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert!(
            failed
                .starts_with("setting database_url (SESAME_DATABASE_URL): cannot use the database"),
            "{failed}"
        );
        assert!(
            failed.contains("invalid peer certificate: UnknownIssuer"),
            "the cause is named: {failed}"
        );
    }
}

/// What one request of the load got, and when.
struct Outcome {
    username: String,
    status: StatusCode,
    code: String,
    retry_after: Option<String>,
    began: Instant,
    took: Duration,
}

/// Creates users one after another until `running` goes false.
async fn load(app: Arc<TestApp>, worker: usize, running: Arc<AtomicBool>) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    let mut n = 0;
    while running.load(Ordering::Relaxed) {
        n += 1;
        let username = format!("load-{worker}-{n}");
        let began = Instant::now();
        let reply = app.create_user(json!({ "username": username })).await;
        let code = match reply.status {
            StatusCode::CREATED => String::new(),
            _ => reply.code(),
        };
        outcomes.push(Outcome {
            username,
            status: reply.status,
            code,
            retry_after: reply.header("retry-after").map(str::to_owned),
            began,
            took: began.elapsed(),
        });
    }
    outcomes
}

/// Runs a `pg_ctl` command of the cluster off the runtime's threads.
async fn control(cluster: &Arc<Cluster>, what: impl FnOnce(&Cluster) + Send + 'static) {
    let cluster = cluster.clone();
    tokio::task::spawn_blocking(move || what(&cluster))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs PostgreSQL's server programs (/usr/lib/postgresql/*/bin)"]
async fn requests_fail_cleanly_while_postgresql_restarts_and_nothing_accepted_is_lost() {
    let cluster = Arc::new(Cluster::start(Tls::Offered));
    let url = cluster.url("127.0.0.1", "");
    let (mut settings, data_dir) = settings_on(url.clone());
    let timeout = Duration::from_secs(1);
    settings.request_timeout = timeout;
    let app = Arc::new(TestApp::spawn_with(settings, data_dir).await);

    let running = Arc::new(AtomicBool::new(true));
    let workers: Vec<_> = (0..4)
        .map(|worker| tokio::spawn(load(app.clone(), worker, running.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(700)).await;
    // A restart, as after a configuration change or an upgrade: connections are cut.
    control(&cluster, |c| c.restart("fast")).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    // A crash, then an outage longer than a request may wait.
    control(&cluster, |c| c.stop("immediate")).await;
    let down = Instant::now();
    tokio::time::sleep(timeout * 2 + Duration::from_millis(500)).await;
    control(&cluster, Cluster::start_again).await;
    let up = Instant::now();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    running.store(false, Ordering::Relaxed);
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await.unwrap_or_else(|e| panic!("{e}")));
    }

    for outcome in &outcomes {
        assert!(
            outcome.status == StatusCode::CREATED
                || (outcome.status == StatusCode::SERVICE_UNAVAILABLE
                    && outcome.code == "database.unavailable"
                    && outcome.retry_after.is_some()),
            "{}: {} {}",
            outcome.username,
            outcome.status,
            outcome.code
        );
        // No longer than a request waits for a connection, and a second for its work.
        assert!(
            outcome.took <= timeout + Duration::from_secs(1),
            "{} took {:?}",
            outcome.username,
            outcome.took
        );
    }
    let refused = outcomes
        .iter()
        .filter(|o| o.status == StatusCode::SERVICE_UNAVAILABLE && o.began >= down && o.began < up)
        .count();
    assert!(
        refused > 0,
        "requests while the database was down were refused"
    );
    let served_after = outcomes
        .iter()
        .filter(|o| o.status == StatusCode::CREATED && o.began >= up)
        .count();
    assert!(
        served_after > 0,
        "the server serves again once the database is back"
    );
    let accepted: Vec<&str> = outcomes
        .iter()
        .filter(|o| o.status == StatusCode::CREATED)
        .map(|o| o.username.as_str())
        .collect();

    let mut conn = sqlx::PgConnection::connect(&url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let stored: std::collections::HashSet<String> =
        sqlx::query_scalar("SELECT username FROM users WHERE username LIKE 'load-%'")
            .fetch_all(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .collect();
    let lost: Vec<&&str> = accepted.iter().filter(|u| !stored.contains(**u)).collect();
    assert!(lost.is_empty(), "accepted but not stored: {lost:?}");
    eprintln!(
        "{} requests: {} accepted, {} refused while the database was down, {} after it came back",
        outcomes.len(),
        accepted.len(),
        refused,
        served_after
    );
}
