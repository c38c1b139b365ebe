//! Response headers that keep secrets out of caches and browsers on HTTPS, and the
//! metrics token.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::with_every_backend;

const METRICS_TOKEN: &str = "a-scraper-token-of-some-length";

with_every_backend! {
    async fn secrets_are_never_cached(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("ada").await;
        let session = app.sign_in("ada", PASSWORD).await;
        assert_eq!(session.status, StatusCode::CREATED);
        assert_eq!(session.header("cache-control"), Some("no-store"));
        let key = app
            .admin(Method::POST, "/api/v1/api-keys", Some(json!({"name": "ci", "role": "admin"})))
            .await;
        assert_eq!(key.status, StatusCode::CREATED);
        assert_eq!(key.header("cache-control"), Some("no-store"));
        let token = app.session_token("ada").await;
        let authenticator = app.post("/api/v1/me/enrollments/authenticator", Some(&token), json!({})).await;
        assert_eq!(authenticator.status, StatusCode::CREATED, "{}", authenticator.text);
        assert_eq!(authenticator.header("cache-control"), Some("no-store"));
        let refused = app.sign_in("ada", "wrong").await;
        assert_eq!(refused.header("cache-control"), Some("no-store"));
        // What is public says so itself.
        let jwks = app.get("/api/v1/voice/jwks.json", None).await;
        assert_eq!(jwks.header("cache-control"), Some("public, max-age=120"));
        let css = app.get("/static/sesame.css", None).await;
        assert_eq!(css.header("cache-control"), Some("public, max-age=3600"));
        assert_eq!(session.header("strict-transport-security"), None, "HSTS is off by default");
    }

    async fn hsts_is_sent_when_switched_on(backend) {
        let app = TestApp::spawn_configured(backend, |settings| settings.hsts = true).await;
        for path in ["/api/v1/users", "/signin", "/healthz"] {
            let reply = app.get(path, None).await;
            assert_eq!(
                reply.header("strict-transport-security"),
                Some("max-age=31536000; includeSubDomains"),
                "{path}"
            );
        }
    }

    async fn metrics_need_the_token_when_one_is_set(backend) {
        let open = TestApp::spawn(backend).await;
        assert_eq!(open.get("/metrics", None).await.status, StatusCode::OK);
        let app = TestApp::spawn_configured(backend, |settings| {
            settings.metrics_token = Some(METRICS_TOKEN.to_owned().into());
        })
        .await;
        app.get("/healthz", None).await;
        let missing = app.get("/metrics", None).await;
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
        assert_eq!(missing.code(), "auth.unauthenticated");
        assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
        assert_eq!(app.get("/metrics", Some("a-scraper-token-of-some-lengtH")).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.get("/metrics", Some(BOOTSTRAP_TOKEN)).await.status, StatusCode::UNAUTHORIZED);
        let scraped = app.get("/metrics", Some(METRICS_TOKEN)).await;
        assert_eq!(scraped.status, StatusCode::OK);
        assert!(scraped.text.contains("sesame_http_requests_total"), "{}", scraped.text);
    }
}
