//! Who the client is (trusted proxies) and the per-address limits on the routes anyone
//! may call.

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{open_signin, reply, TestApp};
use crate::resets::{create_process, process};
use crate::with_every_backend;

/// Signs in as nobody in particular from `forwarded_for` (sent as `X-Forwarded-For`) and
/// returns the source the audit recorded.
async fn recorded_source(app: &TestApp, name: &str, forwarded_for: &str) -> String {
    let request = app
        .client
        .post(app.url("/api/v1/sessions"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({"username": name, "password": "not-the-password"}));
    let answer = reply(request).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    let records = app
        .audit(&format!("action=session.create&subject={name}"))
        .await;
    records[0]["source"].as_str().unwrap_or_default().to_owned()
}

with_every_backend! {
    async fn forwarded_addresses_count_only_from_trusted_proxies(backend) {
        let direct = TestApp::spawn(backend).await;
        assert_eq!(recorded_source(&direct, "ada", "198.51.100.7").await, "127.0.0.1");

        let behind_proxy = TestApp::spawn_configured(backend, |settings| {
            settings.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap_or_else(|e| panic!("{e}"))];
        })
        .await;
        assert_eq!(
            recorded_source(&behind_proxy, "ada", "198.51.100.7").await,
            "198.51.100.7"
        );
        // What the client wrote itself, left of an untrusted address, is not believed.
        assert_eq!(
            recorded_source(&behind_proxy, "bob", "10.9.9.9, 203.0.113.5").await,
            "203.0.113.5"
        );
        let forwarded = app_post_with_header(
            &behind_proxy,
            "forwarded",
            "for=\"[2001:db8::17]:4711\"",
            "carol",
        )
        .await;
        assert_eq!(forwarded, StatusCode::UNAUTHORIZED);
        let records = behind_proxy.audit("action=session.create&subject=carol").await;
        assert_eq!(records[0]["source"], "2001:db8::17");
    }

    async fn sign_ins_past_the_limit_are_refused_per_address(backend) {
        let app = TestApp::spawn_configured(backend, |settings| {
            settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap_or_else(|e| panic!("{e}"))];
        })
        .await;
        app.set_property("limits.signin_per_minute", json!(3)).await;
        for _ in 0..3 {
            let status = app_post_with_header(&app, "x-forwarded-for", "198.51.100.7", "ada").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        let refused = reply(
            app.client
                .post(app.url("/api/v1/sessions"))
                .header("x-forwarded-for", "198.51.100.7")
                .json(&json!({"username": "ada", "password": "x"})),
        )
        .await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
        assert_eq!(refused.code(), "rate_limited");
        assert!(refused.json()["error"]["message"].is_string());
        let wait: u64 = refused
            .header("retry-after")
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no Retry-After"));
        assert!((1..=60).contains(&wait), "{wait}");
        // The sign-in page counts against the same limit.
        let (cookie, token) = open_signin(&app).await;
        let page = reply(
            app.client
                .post(app.url("/signin"))
                .header(COOKIE, &cookie)
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header("x-forwarded-for", "198.51.100.7")
                .header("accept-language", "de")
                .body(format!("csrf={token}&username=ada&password=x")),
        )
        .await;
        assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(page.header("retry-after").is_some());
        assert!(page.text.contains("Sekunden"), "{}", page.text);
        // Another address is not affected.
        let other = app_post_with_header(&app, "x-forwarded-for", "198.51.100.8", "ada").await;
        assert_eq!(other, StatusCode::UNAUTHORIZED);
        // The next minute counts afresh.
        app.clock.advance(std::time::Duration::from_secs(60));
        let later = app_post_with_header(&app, "x-forwarded-for", "198.51.100.7", "ada").await;
        assert_eq!(later, StatusCode::UNAUTHORIZED);
    }

    async fn reset_requests_and_their_steps_are_limited_per_address(backend) {
        let app = TestApp::spawn_configured(backend, |settings| {
            settings.email = sesame_server::config::EmailSettings::Log { from: "Sesame <sesame@example.com>".into() };
        })
        .await;
        app.set_property("limits.identify_per_minute", json!(2)).await;
        app.set_property("limits.reset_steps_per_minute", json!(2)).await;
        create_process(&app, process("self", json!([{"id": "email", "mandatory": true}]), 1, json!({}))).await;
        let start = || app.post("/api/v1/resets", None, json!({"process": "self", "identifier": "nobody"}));
        let first = start().await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
        assert_eq!(start().await.status, StatusCode::CREATED);
        let third = start().await;
        assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(third.code(), "rate_limited");
        let reset_id = first.json()["reset_id"].as_str().unwrap_or_default().to_owned();
        let challenge = format!("/api/v1/resets/{reset_id}/challenges/email");
        let answer = format!("/api/v1/resets/{reset_id}/answers/email");
        assert_eq!(app.post(&challenge, None, json!({})).await.status, StatusCode::OK);
        let wrong = app.post(&answer, None, json!({"code": "123456"})).await;
        assert_eq!(wrong.json()["passed"], false, "{}", wrong.text);
        let refused = app.post(&answer, None, json!({"code": "123456"})).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.code(), "rate_limited");
        assert!(refused.header("retry-after").is_some());
    }

    async fn password_strength_checks_are_limited_per_address(backend) {
        let app = TestApp::spawn(backend).await;
        app.set_property("limits.strength_per_minute", json!(2)).await;
        let check = |path: &'static str| {
            reply(
                app.client
                    .post(app.url(path))
                    .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body("csrf=x&password=violet-harbor"),
            )
        };
        for path in ["/reset/strength", "/profile/password/strength"] {
            let answered = check(path).await;
            assert_ne!(answered.status, StatusCode::TOO_MANY_REQUESTS, "{path}");
        }
        let refused = check("/reset/strength").await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
        assert!(refused.header("retry-after").is_some());
        // Other limits are counted apart.
        let other = app_post_with_header(&app, "x-forwarded-for", "198.51.100.7", "ada").await;
        assert_eq!(other, StatusCode::UNAUTHORIZED);
    }
}

/// Signs in as `name` with a wrong password, sending one extra header; the status.
async fn app_post_with_header(app: &TestApp, header: &str, value: &str, name: &str) -> StatusCode {
    reply(
        app.client
            .post(app.url("/api/v1/sessions"))
            .header(header, value)
            .json(&json!({"username": name, "password": "not-the-password"})),
    )
    .await
    .status
}
