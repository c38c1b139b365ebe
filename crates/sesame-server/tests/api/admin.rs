//! Health, OpenAPI, metrics, properties and the audit log.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;
use sesame_server::app::purge_expired;

use crate::on_every_backend;

on_every_backend! {
    async fn health_and_readiness_answer(app) {
        let health = app.get("/healthz", None).await;
        assert_eq!((health.status, health.text.as_str()), (StatusCode::OK, "ok"));
        assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
    }

    async fn properties_are_typed_ranged_and_audited(app) {
        let all = app.admin_get("/api/v1/properties").await.json();
        let idle = all.as_array().into_iter().flatten().find(|p| p["key"] == "session.idle_minutes").cloned().unwrap_or_default();
        assert_eq!(idle["value"], 30);
        assert_eq!(idle["kind"], json!({"type": "int", "min": 1, "max": 1440}));

        app.set_property("session.idle_minutes", json!(45)).await;
        let all = app.admin_get("/api/v1/properties").await.json();
        let idle = all.as_array().into_iter().flatten().find(|p| p["key"] == "session.idle_minutes").cloned().unwrap_or_default();
        assert_eq!((idle["value"].clone(), idle["default"].clone()), (json!(45), json!(30)));

        let put = |key: &str, value: serde_json::Value| {
            let path = format!("/api/v1/properties/{key}");
            let app = &app;
            async move { app.admin(Method::PUT, &path, Some(json!({ "value": value }))).await }
        };
        let out_of_range = put("session.idle_minutes", json!(0)).await;
        assert_eq!((out_of_range.status, out_of_range.code()), (StatusCode::UNPROCESSABLE_ENTITY, "property.out_of_range".to_owned()));
        assert_eq!(put("session.idle_minutes", json!("45")).await.code(), "property.wrong_type");
        assert_eq!(put("web.product_name", json!(12)).await.code(), "property.wrong_type");
        let unknown = put("session.forever", json!(true)).await;
        assert_eq!((unknown.status, unknown.code()), (StatusCode::NOT_FOUND, "property.unknown".to_owned()));
        assert_eq!(put("web.product_name", json!("Acme Access")).await.json()["value"], "Acme Access");

        let trail = app.audit("action=property.set").await;
        assert_eq!(trail.len(), 2, "only accepted changes are recorded");
        assert_eq!(trail[1]["subject"], "session.idle_minutes");
        assert_eq!(trail[1]["detail"], json!({"from": 30, "to": 45}));
        assert_eq!(trail[1]["actor"], "bootstrap");
    }

    async fn the_audit_log_filters_pages_and_forgets_after_retention(app) {
        for name in ["a1", "a2", "a3"] {
            app.create_user(json!({"username": name})).await;
        }
        app.sign_in("a1", "wrong-password-123").await;
        let failures = app.audit("result=failure").await;
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0]["action"], "session.create");
        assert_eq!(failures[0]["source"], "127.0.0.1");
        let page = app.admin_get("/api/v1/audit?action=user.&per_page=2&page=2").await.json();
        assert_eq!((page["total"].clone(), page["items"][0]["subject"].clone()), (json!(3), json!("a1")));
        let window = app.audit("since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:01Z").await;
        assert_eq!(window.len(), 4);
        let bad = app.admin_get("/api/v1/audit?since=yesterday").await;
        assert_eq!(bad.code(), "request.invalid_query");

        app.clock.advance(Duration::from_secs(89 * 24 * 3600));
        assert_eq!(purge_expired(&app.state).await.map_err(|e| e.message).map(|p| p.audit).ok(), Some(0));
        app.clock.advance(Duration::from_secs(2 * 24 * 3600));
        assert_eq!(purge_expired(&app.state).await.map_err(|e| e.message).map(|p| p.audit).ok(), Some(4));
        let left = app.audit("").await;
        assert_eq!(left.len(), 1);
        assert_eq!(left[0]["action"], "audit.purge");
    }

    async fn the_openapi_document_describes_every_route(app) {
        let reply = app.get("/api/v1/openapi.json", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let doc = reply.json();
        assert_eq!(doc["openapi"], "3.1.0");
        for (path, method) in [
            ("/api/v1/users", "post"), ("/api/v1/users", "get"), ("/api/v1/users/{username}", "get"),
            ("/api/v1/users/{username}", "patch"), ("/api/v1/users/{username}", "delete"),
            ("/api/v1/users/{username}/unlock", "post"), ("/api/v1/api-keys", "post"),
            ("/api/v1/api-keys/{id}", "delete"), ("/api/v1/sessions", "post"), ("/api/v1/me", "get"),
            ("/api/v1/properties", "get"), ("/api/v1/properties/{key}", "put"), ("/api/v1/audit", "get"),
        ] {
            assert!(doc["paths"][path][method].is_object(), "{method} {path} missing");
        }
        assert!(doc["components"]["schemas"]["CreateUser"].is_object());
        assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    }

    async fn metrics_count_requests_by_route_and_time_them(app) {
        app.create_user_with_password("mia").await;
        app.admin_get("/api/v1/users/mia").await;
        let text = app.get("/metrics", None).await.text;
        assert!(text.contains("sesame_http_requests_total{method=\"GET\",route=\"/api/v1/users/{username}\",status=\"200\"}"), "{text}");
        assert!(text.contains("sesame_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/users\""));
        assert!(text.contains("sesame_hash_pool_queue_depth"));
        assert!(!text.contains("/api/v1/users/mia"), "raw paths stay out of labels");
    }
}

/// `/readyz` answers 503 once the database refuses writes, though it still answers reads.
mod readiness {
    use super::*;
    use crate::helpers::{settings_for, Backend, TestApp};
    use sesame_store::testing::execute_on_server;

    #[tokio::test]
    async fn a_read_only_sqlite_database_is_not_ready() {
        let data_dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A server that migrates the database, and one beside it that can only read it.
        let writer = TestApp::spawn_with(
            settings_for(data_dir.path(), None),
            tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
        assert_eq!(writer.get("/readyz", None).await.status, StatusCode::OK);
        let database = data_dir.path().join("sesame.db");
        let mut settings = settings_for(
            data_dir.path(),
            Some(format!("sqlite://{}?mode=ro", database.display())),
        );
        settings.data_dir = data_dir.path().to_owned();
        let read_only = TestApp::spawn_with(
            settings,
            tempfile::tempdir().unwrap_or_else(|e| panic!("{e}")),
        )
        .await;
        let ready = read_only.get("/readyz", None).await;
        assert_eq!(
            ready.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            ready.text
        );
        assert_eq!(
            read_only.admin_get("/api/v1/users").await.status,
            StatusCode::OK,
            "reads still work"
        );
    }

    #[tokio::test]
    #[ignore = "needs PostgreSQL (SESAME_TEST_DATABASE_URL)"]
    async fn a_read_only_postgres_session_is_not_ready() {
        let server = crate::helpers::require_postgres();
        let app = TestApp::spawn(Backend::Postgres).await;
        assert_eq!(app.get("/readyz", None).await.status, StatusCode::OK);
        let url = app.settings.database_url.clone();
        let name = url
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        execute_on_server(
            &server,
            &format!("ALTER DATABASE {name} SET default_transaction_read_only = on"),
        )
        .await;
        // Sessions take the setting when they begin: end the server's.
        execute_on_server(
            &server,
            &format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ),
        )
        .await;
        let mut status = StatusCode::OK;
        for _ in 0..20 {
            status = app.get("/readyz", None).await.status;
            if status == StatusCode::SERVICE_UNAVAILABLE {
                break;
            }
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        for _ in 0..3 {
            assert_eq!(
                app.get("/readyz", None).await.status,
                StatusCode::SERVICE_UNAVAILABLE,
                "not a dropped connection: it stays"
            );
        }
        assert_eq!(
            app.admin_get("/api/v1/users").await.status,
            StatusCode::OK,
            "reads still work"
        );
        execute_on_server(
            &server,
            &format!("ALTER DATABASE {name} SET default_transaction_read_only = off"),
        )
        .await;
        execute_on_server(
            &server,
            &format!(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
            ),
        )
        .await;
        let mut status = StatusCode::SERVICE_UNAVAILABLE;
        for _ in 0..20 {
            status = app.get("/readyz", None).await.status;
            if status == StatusCode::OK {
                break;
            }
        }
        assert_eq!(status, StatusCode::OK, "ready again once writes are taken");
    }
}
