//! Bad input gets a clear JSON error and changes nothing.

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;

async fn raw_post(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> Reply {
    let request = app
        .client
        .post(app.url(path))
        .bearer_auth(BOOTSTRAP_TOKEN)
        .header(CONTENT_TYPE, content_type)
        .body(body);
    reply(request).await
}

fn assert_json_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    assert_eq!(reply.code(), code, "{}", reply.text);
    assert!(!reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .is_empty());
}

on_every_backend! {
    async fn malformed_and_mistyped_bodies_are_400(app) {
        let cases: [(&str, &str); 4] = [
            ("{\"username\": ", "request.malformed_json"),
            ("{\"username\": 42}", "request.invalid_body"),
            ("{\"username\": \"a\", \"admin\": true}", "request.invalid_body"),
            ("[]", "request.invalid_body"),
        ];
        for (body, code) in cases {
            let reply = raw_post(&app, "/api/v1/users", "application/json", body).await;
            assert_json_error(&reply, StatusCode::BAD_REQUEST, code);
        }
        let reply = raw_post(&app, "/api/v1/users", "text/plain", "{\"username\": \"a\"}").await;
        assert_json_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "request.content_type");
        assert_eq!(app.admin_get("/api/v1/users").await.json()["total"], 0, "nothing was created");
    }

    async fn huge_bodies_are_refused(app) {
        let huge = format!("{{\"username\": \"{}\"}}", "a".repeat(200_000));
        let reply = raw_post(&app, "/api/v1/users", "application/json", huge).await;
        assert_json_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "request.too_large");
        let long_name = app.create_user(json!({"username": "a".repeat(65)})).await;
        assert_json_error(&long_name, StatusCode::UNPROCESSABLE_ENTITY, "user.username_invalid");
    }

    async fn unknown_routes_methods_and_parameters_answer_json(app) {
        assert_json_error(&app.admin_get("/api/v1/nothing-here").await, StatusCode::NOT_FOUND, "route.not_found");
        assert_json_error(&app.admin(Method::PUT, "/api/v1/users", None).await, StatusCode::METHOD_NOT_ALLOWED, "route.method_not_allowed");
        assert_json_error(&app.admin(Method::DELETE, "/api/v1/api-keys/abc", None).await, StatusCode::BAD_REQUEST, "request.invalid_path");
        assert_json_error(&app.admin_get("/api/v1/users?colour=blue").await, StatusCode::BAD_REQUEST, "request.invalid_query");
        assert_json_error(&app.admin_get("/api/v1/users/not%20a%20name").await, StatusCode::NOT_FOUND, "user.not_found");
        let page = app.get("/no-such-page", None).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.text.contains("<h1>Page not found</h1>"));
    }

    async fn the_role_is_checked_before_the_body_is_read(app) {
        app.create_user_with_password("ada").await;
        let user = app.session_token("ada").await;
        let desk = app.api_key("service_desk").await;
        let orchestrator = app.api_key("orchestrator").await;
        let admin = app.api_key("admin").await;
        let send = |path: &'static str, method: Method, token: Option<String>, body: &'static str| {
            let mut request = app
                .client
                .request(method, app.url(path))
                .header(CONTENT_TYPE, "application/json")
                .body(body);
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            reply(request)
        };
        let cases = [
            ("/api/v1/users", Method::POST, Some(desk.clone()), "{\"username\": 42}", StatusCode::FORBIDDEN),
            ("/api/v1/users", Method::POST, None, "{\"username\": 42}", StatusCode::UNAUTHORIZED),
            ("/api/v1/processes", Method::POST, Some(user.clone()), "not json", StatusCode::FORBIDDEN),
            ("/api/v1/properties/signin.max_failures", Method::PUT, Some(orchestrator.clone()), "{}", StatusCode::FORBIDDEN),
            ("/api/v1/voice/sessions", Method::POST, Some(admin.clone()), "{\"nonsense\": true}", StatusCode::FORBIDDEN),
            ("/api/v1/assist/codes", Method::POST, Some(user.clone()), "[", StatusCode::FORBIDDEN),
            ("/api/v1/me/soft-pin", Method::PUT, Some(admin.clone()), "{\"pin\": 1}", StatusCode::FORBIDDEN),
            // With the right role, the body is read and judged.
            ("/api/v1/users", Method::POST, Some(admin.clone()), "{\"username\": 42}", StatusCode::BAD_REQUEST),
            ("/api/v1/voice/sessions", Method::POST, Some(orchestrator.clone()), "{\"nonsense\": true}", StatusCode::BAD_REQUEST),
        ];
        for (path, method, token, body, status) in cases {
            let answer = send(path, method.clone(), token, body).await;
            assert_eq!(answer.status, status, "{method} {path} {body}: {}", answer.text);
            assert!(answer.json()["error"]["code"].is_string());
        }
    }

    async fn missing_and_wrong_credentials_are_401_json(app) {
        let missing = app.get("/api/v1/users", None).await;
        assert_json_error(&missing, StatusCode::UNAUTHORIZED, "auth.unauthenticated");
        let wrong = app.get("/api/v1/users", Some("sesame_key_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).await;
        assert_json_error(&wrong, StatusCode::UNAUTHORIZED, "auth.unauthenticated");
        let basic = reply(app.client.get(app.url("/api/v1/users")).basic_auth("admin", Some("admin"))).await;
        assert_json_error(&basic, StatusCode::UNAUTHORIZED, "auth.unauthenticated");
    }
}
