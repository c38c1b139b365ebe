//! Human-assisted SMS codes: a service desk agent has Sesame send a caller a code (or hand
//! it back once), checks what the caller reads back, and the limits hold under parallel
//! requests.

use reqwest::StatusCode;
use serde_json::{json, Value};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::codes::{enter, send, twilio, url_form, wait_for_requests};
use crate::helpers::*;
use crate::mail::code_in;
use crate::with_every_backend;

const CODES: &str = "/api/v1/assist/codes";

async fn generate(
    app: &TestApp,
    key: &str,
    username: &str,
    conversation: &str,
    delivery: &str,
) -> Reply {
    let body = json!({"username": username, "conversation_id": conversation, "delivery": delivery});
    app.post(CODES, Some(key), body).await
}

async fn check(app: &TestApp, key: &str, code_id: &str, code: &str) -> Reply {
    app.post(
        &format!("{CODES}/{code_id}/check"),
        Some(key),
        json!({"code": code}),
    )
    .await
}

fn code_id(reply: &Reply) -> String {
    reply.json()["code_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no code id in {}", reply.text))
        .to_owned()
}

/// A wrong code for `right`.
fn other_than(right: &str) -> String {
    if right == "000000" {
        "111111"
    } else {
        "000000"
    }
    .to_owned()
}

async fn user_with_phone(app: &TestApp, username: &str, phone: &str) {
    let created = app
        .create_user(json!({"username": username, "password": PASSWORD, "phone": phone}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
}

/// The SMS bodies the provider has received.
async fn texts(provider: &MockServer, count: usize) -> Vec<(String, String)> {
    wait_for_requests(provider, count)
        .await
        .iter()
        .map(|r| {
            let form = url_form(&String::from_utf8_lossy(&r.body));
            (
                form.get("To").cloned().unwrap_or_default(),
                form.get("Body").cloned().unwrap_or_default(),
            )
        })
        .collect()
}

with_every_backend! {
    async fn an_agent_sends_a_code_and_checks_what_the_caller_reads_back(backend) {
        let provider = MockServer::start().await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"}))).mount(&provider).await;
        let app = TestApp::spawn_configured(backend, twilio(&provider.uri())).await;
        // The enrolled SMS number goes before the profile's phone.
        user_with_phone(&app, "alice", "+14155550100").await;
        let token = app.session_token("alice").await;
        assert_eq!(send(&app, &token, "sms", "+14155550123").await.status, StatusCode::ACCEPTED);
        let enrolment_code = code_in(&texts(&provider, 1).await[0].1, 6);
        enter(&app, &token, "sms", &enrolment_code).await;
        assert_eq!(app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await.json(), json!({"state": "active"}));

        let desk = app.api_key("service_desk").await;
        let sent = generate(&app, &desk, "alice", "call-77", "sms").await;
        assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.text);
        let body = sent.json();
        assert_eq!(body["sent_to"], "+1••••••0123");
        assert!(body.get("code").is_none(), "a sent code is not shown to the agent: {body}");
        assert!(body["expires_at"].as_str().is_some_and(|t| t == "2026-01-01T00:03:00Z"), "{body}");
        app.state.outbox_wake().notify_one();
        let (to, text) = texts(&provider, 2).await.remove(1);
        assert_eq!(to, "+14155550123");
        assert!(text.contains("service desk"), "{text}");
        let code = code_in(&text, 6);
        let id = code_id(&sent);

        let wrong = check(&app, &desk, &id, &other_than(&code)).await;
        assert_eq!(wrong.json(), json!({"valid": false, "retries_remaining": 2}));
        let right = check(&app, &desk, &id, &code).await;
        assert_eq!(right.json(), json!({"valid": true, "retries_remaining": 3}));
        let again = check(&app, &desk, &id, &code).await;
        assert_eq!(again.json()["valid"], false, "a code is used once");
        assert_eq!(check(&app, &desk, "nope", &code).await.code(), "assist.code_not_found");

        // Every step is audited with agent, user and conversation; never the code.
        let trail = app.audit("action=assist.").await;
        assert_eq!(trail.len(), 4);
        for record in &trail {
            let text = record.to_string();
            assert!(text.contains("call-77") && text.contains("alice"), "{text}");
            assert!(!text.contains(&code), "{text}");
            assert!(record["actor"].as_str().is_some_and(|a| a.starts_with("api_key:")));
        }
    }

    async fn a_returned_code_is_shown_once_and_nothing_is_sent(backend) {
        let app = TestApp::spawn(backend).await;
        user_with_phone(&app, "bob", "+442079460958").await;
        app.create_user(json!({"username": "agnes", "password": PASSWORD, "groups": ["service-desk"]})).await;
        app.create_user(json!({"username": "nophone", "password": PASSWORD})).await;
        // A signed-in member of the desk group is an agent too.
        let agent = app.session_token("agnes").await;
        let made = generate(&app, &agent, "bob", "chat-1", "return").await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
        let body = made.json();
        assert_eq!(body["sent_to"], "+4•••••••0958");
        let code = body["code"].as_str().unwrap_or_default().to_owned();
        assert_eq!(code.len(), 6);
        assert!(app.outbox_is_empty().await, "nothing was queued");
        assert_eq!(check(&app, &agent, &code_id(&made), &code).await.json()["valid"], true);

        // Without a number, no code, and no pretending one went out.
        let none = generate(&app, &agent, "nophone", "chat-2", "return").await;
        assert_eq!((none.status, none.code().as_str()), (StatusCode::CONFLICT, "assist.no_phone"));
        assert_eq!(generate(&app, &agent, "ghost", "chat-3", "return").await.status, StatusCode::NOT_FOUND);
        // Without SMS delivery, sending is unavailable; returning still works.
        let unavailable = generate(&app, &agent, "bob", "chat-4", "sms").await;
        assert_eq!((unavailable.status, unavailable.code().as_str()), (StatusCode::SERVICE_UNAVAILABLE, "delivery.unavailable"));
        // The length is a property.
        app.set_property("assist.code_length", json!(8)).await;
        let long = generate(&app, &agent, "bob", "chat-5", "return").await;
        assert_eq!(long.json()["code"].as_str().map(str::len), Some(8));
        let refused = app.admin(reqwest::Method::PUT, "/api/v1/properties/assist.code_length", Some(json!({"value": 9}))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Only agents.
        let orchestrator = app.api_key("orchestrator").await;
        assert_eq!(generate(&app, &orchestrator, "bob", "chat-6", "return").await.status, StatusCode::FORBIDDEN);
        let user = app.session_token("bob").await;
        assert_eq!(generate(&app, &user, "bob", "chat-6", "return").await.status, StatusCode::FORBIDDEN);
    }

    async fn a_conversation_waits_between_codes_and_has_three_retries(backend) {
        let app = TestApp::spawn(backend).await;
        user_with_phone(&app, "carl", "+14155550111").await;
        let desk = app.api_key("service_desk").await;
        let first = generate(&app, &desk, "carl", "call-1", "return").await;
        let soon = generate(&app, &desk, "carl", "call-1", "return").await;
        assert_eq!((soon.status, soon.code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "code.resend_too_soon"));
        assert_eq!(soon.header("retry-after"), Some("60"));
        app.clock.advance(std::time::Duration::from_secs(60));
        let second = generate(&app, &desk, "carl", "call-1", "return").await;
        assert_eq!(second.status, StatusCode::CREATED);
        // The new code replaced the old one.
        let old_code = first.json()["code"].as_str().unwrap_or_default().to_owned();
        assert_eq!(check(&app, &desk, &code_id(&first), &old_code).await.json(), json!({"valid": false, "retries_remaining": 2}));
        let code = second.json()["code"].as_str().unwrap_or_default().to_owned();
        let id = code_id(&second);
        // Twenty checks at once: the two retries left are all that get compared.
        let wrong = other_than(&code);
        let checks: Vec<_> = (0..20).map(|_| {
            let request = app.client.post(app.url(&format!("{CODES}/{id}/check"))).bearer_auth(&desk).json(&json!({"code": wrong}));
            tokio::spawn(reply(request))
        }).collect();
        let mut statuses = Vec::new();
        for check in checks {
            statuses.push(check.await.map(|r| r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        }
        let compared = statuses.iter().filter(|s| **s == StatusCode::OK).count();
        let exhausted = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((compared, exhausted), (2, 18), "{statuses:?}");
        let spent = check(&app, &desk, &id, &code).await;
        assert_eq!((spent.status, spent.code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "assist.retries_exhausted"));
    }

    async fn the_rates_per_agent_and_overall_hold_under_parallel_requests(backend) {
        let app = TestApp::spawn(backend).await;
        for n in 0..20 {
            user_with_phone(&app, &format!("user{n}"), &format!("+1415555{:04}", 200 + n)).await;
        }
        let desk = app.api_key("service_desk").await;
        let burst = |key: String, round: &'static str| {
            let requests: Vec<_> = (0..20).map(|n| {
                let body = json!({"username": format!("user{n}"), "conversation_id": format!("{round}-{n}"), "delivery": "return"});
                tokio::spawn(reply(app.client.post(app.url(CODES)).bearer_auth(&key).json(&body)))
            }).collect();
            async move {
                let mut replies = Vec::new();
                for request in requests {
                    replies.push(request.await.unwrap_or_else(|e| panic!("{e}")));
                }
                replies
            }
        };
        let replies = burst(desk.clone(), "a").await;
        let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
        let limited: Vec<&Reply> = replies.iter().filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS).collect();
        assert_eq!((created, limited.len()), (10, 10), "ten a minute per agent");
        assert!(limited.iter().all(|r| r.code() == "assist.rate_limited" && r.header("retry-after") == Some("60")));

        // The overall rate counts every agent together.
        app.clock.advance(std::time::Duration::from_secs(61));
        app.set_property("assist.total_per_minute", json!(4)).await;
        let other = app.api_key("service_desk").await;
        let replies = burst(other, "b").await;
        let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
        assert_eq!(created, 4);
        assert_eq!(generate(&app, &desk, "user0", "c-late", "return").await.code(), "assist.rate_limited");
    }

    async fn failures_across_conversations_lock_the_user_until_unlocked(backend) {
        let app = TestApp::spawn(backend).await;
        user_with_phone(&app, "dora", "+14155550155").await;
        let desk = app.api_key("service_desk").await;
        app.set_property("assist.max_user_failures", json!(4)).await;
        let mut last: Option<Value> = None;
        for conversation in ["c1", "c2"] {
            let made = generate(&app, &desk, "dora", conversation, "return").await;
            let code = made.json()["code"].as_str().unwrap_or_default().to_owned();
            for _ in 0..2 {
                last = Some(check(&app, &desk, &code_id(&made), &other_than(&code)).await.json());
            }
        }
        assert_eq!(last, Some(json!({"valid": false, "retries_remaining": 1})));
        let locked = generate(&app, &desk, "dora", "c3", "return").await;
        assert_eq!((locked.status, locked.code().as_str()), (StatusCode::LOCKED, "assist.user_locked"));
        assert_eq!(app.audit("action=assist.lockout").await.len(), 1);
        assert_eq!(app.post("/api/v1/users/dora/unlock", Some(&desk), json!({})).await.status, StatusCode::OK);
        let made = generate(&app, &desk, "dora", "c3", "return").await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    }
}
