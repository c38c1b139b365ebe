//! `TestApp`: one running server per test, with a manual clock and helpers per endpoint.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_TYPE, COOKIE, SET_COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_core::{ManualClock, Timestamp};
use sesame_server::state::AppState;
use sesame_server::{Application, Settings};
use sesame_store::testing::{fresh_postgres_database, postgres_server};

pub const BOOTSTRAP_TOKEN: &str = "bootstrap-admin-token-for-tests";
pub const PASSWORD: &str = "violet-harbor-quantum-tulip";
/// 2026-01-01T00:00:00Z
pub const START: Timestamp = Timestamp::from_millis(1_767_225_600_000);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Panics unless the PostgreSQL suite was asked for with a server to run on: a test that
/// is run (`--include-ignored`) must not pass without doing anything.
pub fn require_postgres() -> String {
    sesame_store::testing::postgres_server().unwrap_or_else(|| {
        panic!("the PostgreSQL tests need SESAME_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)")
    })
}

/// Runs the listed tests once per backend: `mod sqlite`, and `mod postgres` as ignored
/// tests (run with `--include-ignored` and `SESAME_TEST_DATABASE_URL`).
#[macro_export]
macro_rules! on_every_backend {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let $app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Sqlite).await;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
                async fn $name() {
                    $crate::helpers::require_postgres();
                    let $app = $crate::helpers::TestApp::spawn($crate::helpers::Backend::Postgres).await;
                    $body
                }
            )*
        }
    };
}

/// Like `on_every_backend!`, for tests that start their own servers: the body gets the
/// `Backend` to use.
#[macro_export]
macro_rules! with_every_backend {
    ($(async fn $name:ident($backend:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                async fn $name() {
                    let $backend = $crate::helpers::Backend::Sqlite;
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test]
                #[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
                async fn $name() {
                    $crate::helpers::require_postgres();
                    let $backend = $crate::helpers::Backend::Postgres;
                    $body
                }
            )*
        }
    };
}

pub struct TestApp {
    pub address: String,
    pub settings: Settings,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    pub state: AppState,
    /// Kept so the data directory lives as long as the server.
    _data_dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// A response: status, headers and body (JSON when it is JSON).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The stable error code of a JSON error.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The codes in `details`.
    pub fn detail_codes(&self) -> Vec<String> {
        self.json()["error"]["details"]
            .as_array()
            .map(|d| {
                d.iter()
                    .filter_map(|x| x["code"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `name=value` of every cookie set, with its attributes.
    pub fn cookies(&self) -> BTreeMap<String, (String, String)> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|line| {
                let (pair, attributes) = line.split_once(';').unwrap_or((line, ""));
                let (name, value) = pair.split_once('=')?;
                Some((
                    name.trim().to_owned(),
                    (value.trim().to_owned(), attributes.to_owned()),
                ))
            })
            .collect()
    }
}

pub fn settings_for(dir: &std::path::Path, database_url: Option<String>) -> Settings {
    let mut settings = Settings::with_data_dir(dir);
    settings.listen = "127.0.0.1:0".parse().unwrap_or_else(|e| panic!("{e}"));
    if let Some(url) = database_url {
        settings.database_url = url;
    }
    settings.bootstrap_admin_token = Some(BOOTSTRAP_TOKEN.to_owned().into());
    settings.hash_workers = 2;
    settings
}

pub async fn database_url(backend: Backend) -> Option<String> {
    match backend {
        Backend::Sqlite => None,
        Backend::Postgres => {
            let server =
                postgres_server().unwrap_or_else(|| panic!("SESAME_TEST_DATABASE_URL is not set"));
            Some(fresh_postgres_database(&server).await)
        }
    }
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_configured(backend, |_| {}).await
    }

    /// A server whose settings `configure` changes first.
    pub async fn spawn_configured(backend: Backend, configure: impl FnOnce(&mut Settings)) -> Self {
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let mut settings = settings_for(data_dir.path(), database_url(backend).await);
        configure(&mut settings);
        Self::spawn_with(settings, data_dir).await
    }

    /// A second server on the same database with the same keys, as another node behind a
    /// load balancer. Its clock is its own.
    pub async fn spawn_sibling(&self) -> Self {
        self.spawn_sibling_with(self.settings.clone()).await
    }

    /// A sibling with other settings (its database and keys are this server's).
    pub async fn spawn_sibling_with(&self, mut settings: Settings) -> Self {
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let keys = "secret-keys.toml";
        std::fs::copy(
            self.settings.data_dir.join(keys),
            data_dir.path().join(keys),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        settings.database_url = self.settings.database_url.clone();
        settings.data_dir = data_dir.path().to_owned();
        Self::spawn_with(settings, data_dir).await
    }

    /// Stops the server (its data directory stays until the `TestApp` is dropped).
    pub fn stop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }

    pub async fn outbox_is_empty(&self) -> bool {
        self.admin_get("/api/v1/outbox").await.json()["total"] == 0
    }

    pub async fn spawn_with(settings: Settings, data_dir: tempfile::TempDir) -> Self {
        let clock = Arc::new(ManualClock::new(START));
        let app = Application::build(settings.clone(), clock.clone())
            .await
            .unwrap_or_else(|e| panic!("server did not start: {e:#}"));
        let address = format!(
            "http://{}",
            app.local_addr().unwrap_or_else(|e| panic!("{e}"))
        );
        let state = app.state().clone();
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            let _ = stop.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        Self {
            address,
            settings,
            client,
            clock,
            state,
            _data_dir: data_dir,
            shutdown: Some(shutdown),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self.client.request(method, self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        reply(request).await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(Method::PUT, path, token, Some(body)).await
    }

    pub async fn admin_get(&self, path: &str) -> Reply {
        self.get(path, Some(BOOTSTRAP_TOKEN)).await
    }

    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        self.send(method, path, Some(BOOTSTRAP_TOKEN), body).await
    }

    /// Creates a user with the standard test password and returns the response.
    pub async fn create_user(&self, body: Value) -> Reply {
        self.admin(Method::POST, "/api/v1/users", Some(body)).await
    }

    pub async fn create_user_with_password(&self, username: &str) {
        let reply = self.create_user(json!({"username": username, "password": PASSWORD, "email": format!("{username}@example.com")})).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Reply {
        self.post(
            "/api/v1/sessions",
            None,
            json!({"username": username, "password": password}),
        )
        .await
    }

    /// Signs in and returns the session token.
    pub async fn session_token(&self, username: &str) -> String {
        let reply = self.sign_in(username, PASSWORD).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.json()["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Creates an API key with a role and returns its token.
    pub async fn api_key(&self, role: &str) -> String {
        let reply = self
            .admin(
                Method::POST,
                "/api/v1/api-keys",
                Some(json!({"name": format!("{role}-key"), "role": role})),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
        reply.json()["token"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub async fn set_property(&self, key: &str, value: Value) {
        let reply = self
            .admin(
                Method::PUT,
                &format!("/api/v1/properties/{key}"),
                Some(json!({ "value": value })),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }

    /// Audit records matching a query string, newest first.
    pub async fn audit(&self, query: &str) -> Vec<Value> {
        let reply = self.admin_get(&format!("/api/v1/audit?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["items"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// A form post with cookies, as a browser sends it.
    pub async fn post_form(&self, path: &str, cookies: &str, fields: &[(&str, &str)]) -> Reply {
        let request = self
            .client
            .post(self.url(path))
            .header(COOKIE, cookies)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(serde_urlencoded(fields));
        reply(request).await
    }

    pub async fn get_with_cookies(
        &self,
        path: &str,
        cookies: &str,
        language: Option<&str>,
    ) -> Reply {
        let mut request = self.client.get(self.url(path)).header(COOKIE, cookies);
        if let Some(language) = language {
            request = request.header("accept-language", language);
        }
        reply(request).await
    }
}

fn serde_urlencoded(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn reply(request: reqwest::RequestBuilder) -> Reply {
    let response = request
        .send()
        .await
        .unwrap_or_else(|e| panic!("request failed: {e}"));
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap_or_default();
    Reply {
        status,
        headers,
        text,
    }
}

/// The value of the hidden `csrf` field in a page.
pub fn csrf_field(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    html.split(marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no csrf field in {html}"))
        .to_owned()
}

/// Opens the sign-in page: the CSRF cookie and the form token.
pub async fn open_signin(app: &TestApp) -> (String, String) {
    let page = app.get_with_cookies("/signin", "", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let cookies = page.cookies();
    let (csrf_cookie, attributes) = cookies
        .get("sesame_csrf")
        .cloned()
        .unwrap_or_else(|| panic!("no csrf cookie"));
    assert!(
        attributes.contains("HttpOnly")
            && attributes.contains("SameSite=Strict")
            && attributes.contains("Secure")
    );
    (format!("sesame_csrf={csrf_cookie}"), csrf_field(&page.text))
}

/// Signs in through the form and returns the cookies a browser would then hold.
pub async fn sign_in_by_form(app: &TestApp, username: &str) -> String {
    let (cookie, token) = open_signin(app).await;
    let reply = app
        .post_form(
            "/signin",
            &cookie,
            &[
                ("csrf", &token),
                ("username", username),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    assert_eq!(reply.header("location"), Some("/profile"));
    let cookies = reply.cookies();
    let (session, attributes) = cookies
        .get("sesame_session")
        .cloned()
        .unwrap_or_else(|| panic!("no session cookie"));
    assert!(
        attributes.contains("HttpOnly")
            && attributes.contains("SameSite=Lax")
            && attributes.contains("Secure"),
        "{attributes}"
    );
    let (csrf, _) = cookies
        .get("sesame_csrf")
        .cloned()
        .unwrap_or_else(|| panic!("csrf cookie not renewed"));
    assert_ne!(
        format!("sesame_csrf={csrf}"),
        cookie,
        "a new CSRF secret after sign-in"
    );
    format!("sesame_session={session}; sesame_csrf={csrf}")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
