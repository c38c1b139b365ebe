//! Caller verification sessions as an orchestrator runs them: identify, authenticate factor by
//! factor, step up, and take a signed assertion verified with the published key alone; the
//! per-call failures, the factor lock shared by calls and nodes, and the one-shot check.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_core::totp::TotpParams;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::authenticator::{now_seconds, secret_of};
use crate::codes::{enter, send, twilio, url_form, wait_for_requests};
use crate::helpers::*;
use crate::mail::code_in;
use crate::with_every_backend;

pub const PIN: &str = "482913";
const SESSIONS: &str = "/api/v1/voice/sessions";

/// A user with a phone number, an employee id, a Soft PIN and an authenticator; returns
/// the authenticator's secret.
pub async fn caller(app: &TestApp, username: &str, phone: &str, employee_id: &str) -> Vec<u8> {
    let created = app
        .create_user(json!({
            "username": username, "password": PASSWORD, "phone": phone,
            "employee_id": employee_id, "email": format!("{username}@example.com"),
        }))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let session = app.session_token(username).await;
    let pin = app
        .put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": PIN }))
        .await;
    assert_eq!(pin.status, StatusCode::NO_CONTENT, "{}", pin.text);
    let started = app
        .post(
            "/api/v1/me/enrollments/authenticator",
            Some(&session),
            json!({}),
        )
        .await
        .json();
    let (_, secret) = secret_of(started["otpauth_uri"].as_str().unwrap_or_default());
    let code = TotpParams::default().code_at(&secret, now_seconds(app));
    let confirmed = app
        .post(
            "/api/v1/me/enrollments/authenticator/confirm",
            Some(&session),
            json!({ "code": code }),
        )
        .await;
    assert_eq!(confirmed.json(), json!({"state": "active"}));
    // The confirmation used this time step; the next check needs the next one.
    app.clock.advance(Duration::from_secs(30));
    secret
}

/// Saves a voice service (as the administrator).
pub async fn service(app: &TestApp, body: Value) {
    let saved = app
        .admin(Method::POST, "/api/v1/voice/services", Some(body))
        .await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
}

/// The service most tests use: phone and employee id, Soft PIN then authenticator, the
/// authenticator again to step up.
pub fn helpdesk() -> Value {
    json!({
        "id": "helpdesk", "name": "IT help desk",
        "identification": [{"field": "phone"}, {"field": "employee_id"}],
        "first": "soft_pin", "second": "authenticator", "step_up": "authenticator",
        "default_region": "US",
    })
}

pub async fn open(app: &TestApp, key: &str, body: Value) -> String {
    let opened = app.post(SESSIONS, Some(key), body).await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
    opened.json()["session_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

pub async fn step(app: &TestApp, key: &str, session: &str, path: &str, body: Value) -> Reply {
    app.post(&format!("{SESSIONS}/{session}/{path}"), Some(key), body)
        .await
}

pub fn pin(input: &str, input_type: &str) -> Value {
    json!({ "input": input, "input_type": input_type })
}

pub fn app_code(app: &TestApp, secret: &[u8]) -> String {
    TotpParams::default().code_at(secret, now_seconds(app))
}

/// The claims of a signed assertion, checked as an orchestrator would: with the key the
/// JWKS publishes under the token's `kid`, and nothing else.
pub async fn verified_claims(app: &TestApp, token: &str) -> Value {
    let jwks: jsonwebtoken::jwk::JwkSet =
        serde_json::from_str(&app.get("/api/v1/voice/jwks.json", None).await.text)
            .unwrap_or_else(|e| panic!("{e}"));
    let header = jsonwebtoken::decode_header(token).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(header.alg, jsonwebtoken::Algorithm::EdDSA);
    let kid = header.kid.unwrap_or_default();
    let jwk = jwks
        .find(&kid)
        .unwrap_or_else(|| panic!("kid {kid} is not published"));
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap_or_else(|e| panic!("{e}"));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.set_audience(&["helpdesk", "payroll"]);
    validation.set_issuer(&["sesame"]);
    // The server's clock is the test's; expiry is compared with it below.
    validation.validate_exp = false;
    let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
        .unwrap_or_else(|e| panic!("the assertion does not verify: {e}"))
        .claims;
    let now = now_seconds(app);
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap_or(0),
        claims["exp"].as_u64().unwrap_or(0),
    );
    assert_eq!((iat, exp - iat), (now, 300), "{claims}");
    claims
}

with_every_backend! {
    async fn a_caller_is_identified_authenticated_and_stepped_up_with_a_signed_result(backend) {
        let app = TestApp::spawn(backend).await;
        let secret = caller(&app, "alice", "+14155550101", "E-1042").await;
        service(&app, helpdesk()).await;
        let key = app.api_key("orchestrator").await;

        let opened = app.post(SESSIONS, Some(&key), json!({"service": "helpdesk", "caller_id": "(415) 555-0101", "language": "en"})).await;
        assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.text);
        let body = opened.json();
        assert_eq!(body["identification"], json!([{"field": "phone"}, {"field": "employee_id"}]));
        assert!(body["expires_at"].as_str().is_some_and(|t| t.ends_with('Z')), "{body}");
        let session = body["session_id"].as_str().unwrap_or_default().to_owned();

        let early = step(&app, &key, &session, "challenges/soft_pin", json!({})).await;
        assert_eq!((early.status, early.code().as_str()), (StatusCode::CONFLICT, "voice.not_identified"));
        let result = app.get(&format!("{SESSIONS}/{session}/result"), Some(&key)).await;
        assert_eq!(result.code(), "voice.not_authenticated");

        // The caller ID answers the phone question; the employee id is said.
        let identified = step(&app, &key, &session, "identify", json!({"answers": {"employee_id": "E-1042"}})).await;
        assert_eq!(identified.json(), json!({"identified": true, "factors": [
            {"id": "soft_pin", "role": "first"}, {"id": "authenticator", "role": "second"}]}));
        let out_of_order = step(&app, &key, &session, "answers/authenticator", pin(&app_code(&app, &secret), "text")).await;
        assert_eq!(out_of_order.code(), "voice.factor_out_of_order");

        let asked = step(&app, &key, &session, "challenges/soft_pin", json!({})).await;
        assert_eq!(asked.json(), json!({"expects": "pin"}));
        let first = step(&app, &key, &session, "answers/soft_pin", pin("four eight two nine one three", "voice")).await;
        assert_eq!(first.json(), json!({"passed": true, "attempts_remaining": 3, "authenticated": false}));
        let second = step(&app, &key, &session, "answers/authenticator", pin(&app_code(&app, &secret), "text")).await;
        let second = second.json();
        assert_eq!((second["passed"].as_bool(), second["authenticated"].as_bool()), (Some(true), Some(true)), "{second}");
        let claims = verified_claims(&app, second["result"].as_str().unwrap_or_default()).await;
        assert_eq!(claims["aud"], "helpdesk");
        assert_eq!(claims["username"], "alice");
        assert_eq!(claims["sub"], "1");
        // The session's id is a secret; the assertion names the session otherwise.
        assert!(claims["sid"].as_str().is_some_and(|sid| sid != session && sid.parse::<u64>().is_ok()), "{claims}");
        assert_eq!(claims["amr"], json!(["soft_pin", "authenticator"]));
        assert_eq!(claims["assurance"], "high");
        assert_eq!(claims["step_up"], false);

        // A fresh assertion on request, later.
        app.clock.advance(Duration::from_secs(60));
        let fresh = app.get(&format!("{SESSIONS}/{session}/result"), Some(&key)).await;
        assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);
        verified_claims(&app, fresh.json()["result"].as_str().unwrap_or_default()).await;

        // Step-up: one attempt with a fresh code, added to the assertion.
        let answered_early = step(&app, &key, &session, "answers/authenticator", pin(&app_code(&app, &secret), "text")).await;
        assert_eq!(answered_early.code(), "voice.already_authenticated");
        let started = step(&app, &key, &session, "step-up", json!({})).await;
        assert_eq!(started.json(), json!({"expects": "code"}));
        let stepped = step(&app, &key, &session, "answers/authenticator", pin(&app_code(&app, &secret), "text")).await.json();
        assert_eq!(stepped["passed"], true, "{stepped}");
        let claims = verified_claims(&app, stepped["result"].as_str().unwrap_or_default()).await;
        assert_eq!((claims["step_up"].as_bool(), claims["amr"].clone()), (Some(true), json!(["soft_pin", "authenticator"])));
        let again = step(&app, &key, &session, "step-up", json!({})).await;
        assert_eq!(again.code(), "voice.step_up_used");

        // Every step is audited with the service and caller ID, never the input.
        let trail = app.audit("action=voice.session.").await;
        let actions: Vec<&str> = trail.iter().rev().filter_map(|r| r["action"].as_str()).collect();
        assert_eq!(actions, ["voice.session.open", "voice.session.identify", "voice.session.challenge",
            "voice.session.answer", "voice.session.answer", "voice.session.authenticated",
            "voice.session.step_up", "voice.session.answer"]);
        for record in &trail {
            let text = record.to_string();
            assert!(text.contains("helpdesk") && text.contains("(415) 555-0101"), "{text}");
            assert!(!text.contains(PIN) && !text.contains("four eight"), "{text}");
            assert!(record["actor"].as_str().is_some_and(|a| a.starts_with("api_key:")), "{text}");
        }
        // Other roles may not run sessions.
        let admin = app.admin(Method::POST, SESSIONS, Some(json!({"service": "helpdesk"}))).await;
        assert_eq!(admin.status, StatusCode::FORBIDDEN);
    }

    async fn identification_finds_exactly_one_user_or_nobody(backend) {
        let app = TestApp::spawn(backend).await;
        caller(&app, "alice", "+14155550101", "E-1").await;
        caller(&app, "carol", "+14155550199", "E-2").await;
        caller(&app, "dave", "+14155550199", "E-3").await;
        service(&app, json!({
            "id": "helpdesk", "name": "Phone only",
            "identification": [{"field": "phone"}],
            "first": "soft_pin", "second": "authenticator", "step_up": null,
            "default_region": "US",
        })).await;
        let key = app.api_key("orchestrator").await;
        let identify = |session: String, answers: Value| {
            let app = &app;
            let key = key.clone();
            async move { step(app, &key, &session, "identify", json!({"answers": answers})).await }
        };
        // However the number was keyed or said.
        for said in ["+1 (415) 555-0101", "4155550101", "415.555.0101", "four one five five five five zero one zero one"] {
            let session = open(&app, &key, json!({"service": "helpdesk"})).await;
            let reply = identify(session, json!({"phone": said})).await;
            assert_eq!(reply.json()["identified"], true, "{said}: {}", reply.text);
        }
        // A number two users share identifies nobody, like an unknown one.
        let session = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550199"})).await;
        assert_eq!(identify(session, json!({})).await.json(), json!({"identified": false, "factors": []}));
        let session = open(&app, &key, json!({"service": "helpdesk"})).await;
        let missing = identify(session.clone(), json!({})).await;
        assert_eq!((missing.status, missing.detail_codes()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["voice.identification_missing".to_owned()]));
        let unexpected = identify(session.clone(), json!({"phone": "+14155550101", "email": "a@example.com"})).await;
        assert_eq!(unexpected.detail_codes(), ["voice.identification_unexpected"]);
        // Three answers that identify nobody end the call.
        for _ in 0..3 {
            let reply = identify(session.clone(), json!({"phone": "+14155550000"})).await;
            assert_eq!(reply.json()["identified"], false, "{}", reply.text);
        }
        let ended = identify(session.clone(), json!({"phone": "+14155550101"})).await;
        assert_eq!((ended.status, ended.code().as_str()), (StatusCode::CONFLICT, "voice.session_ended"));
        let failures = app.audit("action=voice.session.identify&result=failure").await;
        assert_eq!(failures.len(), 4);
    }

    async fn the_factors_input_types_are_kept_and_unreadable_input_is_not_counted(backend) {
        let app = TestApp::spawn(backend).await;
        caller(&app, "alice", "+14155550101", "E-1").await;
        let mut body = helpdesk();
        body["input_types"] = json!({"soft_pin": "text"});
        service(&app, body).await;
        let key = app.api_key("orchestrator").await;
        let session = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&app, &key, &session, "identify", json!({"answers": {"employee_id": "E-1"}})).await;
        let spoken = step(&app, &key, &session, "answers/soft_pin", pin("four eight two nine one three", "voice")).await;
        assert_eq!((spoken.status, spoken.code().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "voice.input_type_not_allowed"));
        let short = step(&app, &key, &session, "answers/soft_pin", pin("48291", "text")).await;
        assert_eq!(short.code(), "voice.unparsable_input");
        let questions = step(&app, &key, &session, "answers/soft_pin", json!({"answers": [{"question_id": 1, "answer": "Rex"}]})).await;
        assert_eq!(questions.code(), "verification.answer_form");
        let wrong = step(&app, &key, &session, "answers/soft_pin", pin("135 790", "text")).await;
        assert_eq!(wrong.json(), json!({"passed": false, "attempts_remaining": 2, "authenticated": false}));
        let right = step(&app, &key, &session, "answers/soft_pin", pin("482-913", "text")).await;
        assert_eq!(right.json()["passed"], true);
        let unknown = step(&app, &key, &session, "challenges/qa", json!({})).await;
        assert_eq!((unknown.status, unknown.code().as_str()), (StatusCode::NOT_FOUND, "voice.factor_unknown"));
    }

    async fn a_service_broken_by_a_policy_change_refuses_sessions_until_fixed(backend) {
        let app = TestApp::spawn(backend).await;
        caller(&app, "alice", "+14155550101", "E-1").await;
        app.set_property("voice.authenticate.mfa_mandatory", json!(false)).await;
        service(&app, json!({
            "id": "helpdesk", "name": "PIN only", "identification": [{"field": "phone"}],
            "first": "soft_pin", "second": null, "step_up": null,
        })).await;
        let key = app.api_key("orchestrator").await;
        let session = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        let identified = step(&app, &key, &session, "identify", json!({"answers": {}})).await;
        assert_eq!(identified.json()["factors"], json!([{"id": "soft_pin", "role": "first"}]));
        // One factor is enough while a second one is not mandatory.
        let passed = step(&app, &key, &session, "answers/soft_pin", pin(PIN, "text")).await.json();
        assert_eq!(passed["authenticated"], true, "{passed}");
        let claims = verified_claims(&app, passed["result"].as_str().unwrap_or_default()).await;
        assert_eq!(claims["assurance"], "medium");
        let unavailable = step(&app, &key, &session, "step-up", json!({})).await;
        assert_eq!(unavailable.code(), "voice.step_up_unavailable");

        app.set_property("voice.authenticate.mfa_mandatory", json!(true)).await;
        let refused = app.post(SESSIONS, Some(&key), json!({"service": "helpdesk"})).await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::CONFLICT, "voice_service.invalid"));
        let running = app.get(&format!("{SESSIONS}/{session}/result"), Some(&key)).await;
        assert_eq!(running.code(), "voice_service.invalid");
        let unknown = app.post(SESSIONS, Some(&key), json!({"service": "nope"})).await;
        assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    }

    async fn the_profile_shows_which_factors_work_on_the_phone(backend) {
        let app = TestApp::spawn(backend).await;
        caller(&app, "alice", "+14155550101", "E-1").await;
        let cookies = sign_in_by_form(&app, "alice").await;
        let before = app.get_with_cookies("/profile", &cookies, None).await.text;
        assert!(!before.contains("On the phone"), "no voice service, nothing to say");
        let mut body = helpdesk();
        body["step_up"] = json!("sms");
        service(&app, body).await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
        let section = profile.split("id=\"phone\"").nth(1).unwrap_or_default();
        let usable = section.split("id=\"phone-usable\"").nth(1).and_then(|s| s.split("</ul>").next()).unwrap_or_default();
        let missing = section.split("id=\"phone-missing\"").nth(1).and_then(|s| s.split("</ul>").next()).unwrap_or_default();
        assert!(usable.contains("Soft PIN") && usable.contains("Authenticator"), "{section}");
        assert!(!usable.contains("SMS"), "{section}");
        assert!(missing.contains("href=\"/profile/codes/sms\""), "{section}");
    }

    async fn the_step_up_is_one_attempt_even_when_answered_at_once(backend) {
        let app = TestApp::spawn(backend).await;
        let secret = caller(&app, "alice", "+14155550101", "E-1").await;
        service(&app, helpdesk()).await;
        let key = app.api_key("orchestrator").await;
        let session = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&app, &key, &session, "identify", json!({"answers": {"employee_id": "E-1"}})).await;
        step(&app, &key, &session, "answers/soft_pin", pin(PIN, "text")).await;
        let done = step(&app, &key, &session, "answers/authenticator", pin(&app_code(&app, &secret), "text")).await;
        assert_eq!(done.json()["authenticated"], true, "{}", done.text);
        app.clock.advance(Duration::from_secs(30));
        assert_eq!(step(&app, &key, &session, "step-up", json!({})).await.status, StatusCode::OK);
        let code = app_code(&app, &secret);
        let answers: Vec<_> = (0..6).map(|_| {
            let request = app.client.post(app.url(&format!("{SESSIONS}/{session}/answers/authenticator")))
                .bearer_auth(&key).json(&pin(&code, "text"));
            tokio::spawn(reply(request))
        }).collect();
        let mut answered = 0;
        for answer in answers {
            if answer.await.map(|r| r.status) .ok() == Some(StatusCode::OK) {
                answered += 1;
            }
        }
        assert_eq!(answered, 1, "one attempt, however many arrive at once");

        // With step-up switched off, sessions go on; only the step-up is unavailable.
        app.set_property("voice.step_up.enabled", json!(false)).await;
        let other = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        let identified = step(&app, &key, &other, "identify", json!({"answers": {"employee_id": "E-1"}})).await;
        assert_eq!(identified.json()["identified"], true, "{}", identified.text);
    }

    async fn a_session_expires(backend) {
        let app = TestApp::spawn(backend).await;
        service(&app, helpdesk()).await;
        let key = app.api_key("orchestrator").await;
        let session = open(&app, &key, json!({"service": "helpdesk"})).await;
        app.clock.advance(Duration::from_secs(15 * 60));
        let late = step(&app, &key, &session, "identify", json!({"answers": {"phone": "+14155550101", "employee_id": "E-1"}})).await;
        assert_eq!((late.status, late.code().as_str()), (StatusCode::GONE, "voice.session_expired"));
        let unknown = step(&app, &key, "sesame_call_nothing", "identify", json!({"answers": {}})).await;
        assert_eq!(unknown.code(), "voice.session_not_found");
        // Sessions hold caller IDs: they are purged a day after they expired.
        app.clock.advance(Duration::from_secs(24 * 3600 + 60));
        let purged = sesame_server::app::purge_expired(&app.state).await.map_err(|e| e.message).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(purged.voice_sessions, 1);
        let purged = step(&app, &key, &session, "identify", json!({"answers": {}})).await;
        assert_eq!(purged.code(), "voice.session_not_found");
    }

    async fn the_one_shot_check_counts_like_a_session(backend) {
        let app = TestApp::spawn(backend).await;
        let secret = caller(&app, "alice", "+14155550101", "E-1").await;
        let key = app.api_key("orchestrator").await;
        let verify = |username: &str, verification: &str, input: String| {
            let body = json!({"username": username, "verification": verification, "input": input});
            let (app, key) = (&app, key.clone());
            async move { app.post("/api/v1/verify", Some(&key), body).await }
        };
        let code = app_code(&app, &secret);
        assert_eq!(verify("alice", "authenticator", code.clone()).await.json(), json!({"verified": true, "attempts_remaining": 3}));
        // A code is used once, here as everywhere.
        assert_eq!(verify("alice", "authenticator", code.clone()).await.json(), json!({"verified": false, "attempts_remaining": 2}));
        assert_eq!(verify("nobody", "authenticator", code).await.json(), json!({"verified": false, "attempts_remaining": 2}));
        let unread = verify("alice", "soft_pin", "four eight two nine one three".into()).await;
        assert_eq!((unread.status, unread.code().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "voice.unparsable_input"), "words need input_type voice");
        let voice = app.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "soft_pin", "input": "four eight two nine one three", "input_type": "voice"})).await;
        assert_eq!(voice.json(), json!({"verified": true, "attempts_remaining": 3}));
        let needs = verify("alice", "qa", "Rex".into()).await;
        assert_eq!((needs.status, needs.code().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "verify.needs_challenge"));
        assert_eq!(verify("alice", "nope", "1".into()).await.status, StatusCode::NOT_FOUND);
        // Counted checks only: unreadable input and refused requests count nothing.
        let trail = app.audit("action=voice.verify").await;
        assert_eq!(trail.len(), 4);
        assert!(trail.iter().all(|r| !r.to_string().contains(PIN)));
    }

    async fn three_failures_end_the_call_and_lock_the_factor_on_every_node(backend) {
        let app = TestApp::spawn(backend).await;
        let secret = caller(&app, "alice", "+14155550101", "E-1042").await;
        service(&app, helpdesk()).await;
        let key = app.api_key("orchestrator").await;
        let other = app.spawn_sibling().await;
        other.clock.advance(Duration::from_secs(30));

        // A session opened on one node goes on on the other.
        let session = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&other, &key, &session, "identify", json!({"answers": {"employee_id": "E-1042"}})).await;
        let wrong = pin("135790", "text");
        let first = step(&other, &key, &session, "answers/soft_pin", wrong.clone()).await;
        assert_eq!(first.json(), json!({"passed": false, "attempts_remaining": 2, "authenticated": false}));
        let second = step(&app, &key, &session, "answers/soft_pin", wrong.clone()).await;
        assert_eq!(second.json()["attempts_remaining"], 1);
        let third = step(&other, &key, &session, "answers/soft_pin", wrong.clone()).await;
        assert_eq!((third.status, third.code().as_str()), (StatusCode::LOCKED, "voice.factor_locked"));
        assert!(third.json()["error"]["locked_until"].as_str().is_some(), "{}", third.text);
        let ended = step(&app, &key, &session, "answers/soft_pin", pin(PIN, "text")).await;
        assert_eq!(ended.code(), "voice.session_ended");

        // The next call, on either node, meets the lock, and so does the one-shot check.
        let next = open(&app, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&app, &key, &next, "identify", json!({"answers": {"employee_id": "E-1042"}})).await;
        let locked = step(&other, &key, &next, "challenges/soft_pin", json!({})).await;
        assert_eq!(locked.code(), "voice.factor_locked");
        let once = other.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "soft_pin", "input": PIN})).await;
        assert_eq!((once.status, once.code().as_str()), (StatusCode::LOCKED, "voice.factor_locked"));
        let alias = other.post("/api/v1/soft-pin/verify", Some(&key), json!({"username": "alice", "input": PIN, "input_type": "text"})).await;
        assert_eq!(alias.code(), "soft_pin.locked");
        // Other factors are not locked by it.
        let app_check = other.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "authenticator", "input": app_code(&other, &secret)})).await;
        assert_eq!(app_check.json()["verified"], true, "{}", app_check.text);

        // A day later the factor works again.
        other.clock.advance(Duration::from_secs(24 * 60 * 60));
        let later = open(&other, &key, json!({"service": "helpdesk", "caller_id": "+14155550101"})).await;
        step(&other, &key, &later, "identify", json!({"answers": {"employee_id": "E-1042"}})).await;
        let passed = step(&other, &key, &later, "answers/soft_pin", pin(PIN, "text")).await;
        assert_eq!(passed.json()["passed"], true, "{}", passed.text);
        assert_eq!(app.audit("action=voice.session.failed").await.len(), 1);

        // The report counts the sessions by service and outcome, and the failures by factor.
        let report = other.admin_get("/api/v1/reports/summary").await.json();
        assert_eq!(report["voice"], json!({
            "sessions": [
                {"service": "helpdesk", "outcome": "failed", "count": 2},
                {"service": "helpdesk", "outcome": "in_progress", "count": 1},
            ],
            "failures_by_factor": [{"key": "soft_pin", "count": 3}],
        }));

        // The service desk's unlock lifts the phone lock too.
        for _ in 0..3 {
            let reply = other.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "soft_pin", "input": "135790"})).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        }
        let locked = other.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "soft_pin", "input": PIN})).await;
        assert_eq!(locked.status, StatusCode::LOCKED);
        let desk = app.api_key("service_desk").await;
        assert_eq!(other.post("/api/v1/users/alice/unlock", Some(&desk), json!({})).await.status, StatusCode::OK);
        let unlocked = other.post("/api/v1/verify", Some(&key), json!({"username": "alice", "verification": "soft_pin", "input": PIN})).await;
        assert_eq!(unlocked.json()["verified"], true, "{}", unlocked.text);
    }

    async fn questions_are_posed_and_sms_codes_sent_at_the_challenge(backend) {
        let provider = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"})))
            .mount(&provider)
            .await;
        let app = TestApp::spawn_configured(backend, twilio(&provider.uri())).await;
        app.create_user(json!({"username": "erin", "password": PASSWORD, "email": "erin@example.com"})).await;
        let token = app.session_token("erin").await;
        let answers = ["Rex", "Paris", "Hill School", "Smith", "Volvo"];
        let body = json!({ "answers": (1..=5).map(|id| json!({"question_id": id, "answer": answers[id - 1]})).collect::<Vec<_>>() });
        assert_eq!(app.put("/api/v1/me/enrollments/qa", Some(&token), body).await.status, StatusCode::OK);
        assert_eq!(send(&app, &token, "sms", "+14155550123").await.status, StatusCode::ACCEPTED);
        let request = wait_for_requests(&provider, 1).await.remove(0);
        let code = code_in(url_form(&String::from_utf8_lossy(&request.body)).get("Body").map_or("", String::as_str), 6);
        enter(&app, &token, "sms", &code).await;
        assert_eq!(app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await.json(), json!({"state": "active"}));
        service(&app, json!({
            "id": "payroll", "name": "Payroll", "identification": [{"field": "username"}],
            "first": "qa", "second": "sms", "step_up": null,
        })).await;
        let key = app.api_key("orchestrator").await;
        let session = open(&app, &key, json!({"service": "payroll", "language": "en"})).await;
        step(&app, &key, &session, "identify", json!({"answers": {"username": "Erin"}})).await;

        let unasked = step(&app, &key, &session, "answers/qa", json!({"answers": []})).await;
        assert_eq!(unasked.code(), "voice.not_challenged");
        let posed = step(&app, &key, &session, "challenges/qa", json!({})).await.json();
        assert_eq!(posed["expects"], "answers");
        let questions = posed["questions"].as_array().cloned().unwrap_or_default();
        assert!(!questions.is_empty() && questions.iter().all(|q| q["text"].as_str().is_some_and(|t| t.ends_with('?'))), "{posed}");
        let given: Vec<Value> = questions.iter().map(|q| {
            let id = q["id"].as_i64().unwrap_or(0);
            json!({"question_id": id, "answer": answers[usize::try_from(id - 1).unwrap_or(0)].to_lowercase()})
        }).collect();
        let passed = step(&app, &key, &session, "answers/qa", json!({"answers": given})).await;
        assert_eq!(passed.json()["passed"], true, "{}", passed.text);

        let sent = step(&app, &key, &session, "challenges/sms", json!({})).await;
        assert_eq!(sent.json(), json!({"expects": "code", "sent_to": "+1••••••0123"}));
        let again = step(&app, &key, &session, "challenges/sms", json!({})).await;
        assert_eq!((again.status, again.code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "code.resend_too_soon"));
        app.state.outbox_wake().notify_one();
        // A code that has expired asks for a new challenge and counts nothing.
        app.clock.advance(Duration::from_secs(5 * 60));
        let dead = step(&app, &key, &session, "answers/sms", pin("123456", "text")).await;
        assert_eq!((dead.status, dead.code().as_str()), (StatusCode::CONFLICT, "voice.challenge_expired"));
        let sent = step(&app, &key, &session, "challenges/sms", json!({})).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        app.state.outbox_wake().notify_one();
        let request = wait_for_requests(&provider, 3).await.remove(2);
        let code = code_in(url_form(&String::from_utf8_lossy(&request.body)).get("Body").map_or("", String::as_str), 6);
        let spoken: Vec<&str> = code.chars().map(|d| ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][d.to_digit(10).map_or(0, |d| d as usize)]).collect();
        // A wrong code counts, and the code sent stays good for another try.
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let missed = step(&app, &key, &session, "answers/sms", pin(wrong, "text")).await;
        assert_eq!(missed.json(), json!({"passed": false, "attempts_remaining": 2, "authenticated": false}));
        let done = step(&app, &key, &session, "answers/sms", pin(&spoken.join(" "), "voice")).await.json();
        assert_eq!(done["authenticated"], true, "{done}");
        let claims = verified_claims(&app, done["result"].as_str().unwrap_or_default()).await;
        assert_eq!((claims["amr"].clone(), claims["assurance"].clone()), (json!(["qa", "sms"]), json!("medium")));
    }
}
