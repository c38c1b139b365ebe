//! E-mail and SMS codes: the three-step enrollment, limits, and durable delivery through a
//! real SMTP server and an HTTP SMS provider on loopback.

use std::time::Duration;

use hmac::Mac;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_server::config::{EmailSettings, Settings};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;
use crate::mail::{code_in, SmtpSink};
use crate::with_every_backend;

pub fn mail_to(smtp: &SmtpSink) -> impl FnOnce(&mut Settings) {
    let url = smtp.url();
    move |s: &mut Settings| {
        s.email = EmailSettings::Smtp {
            url: url.into(),
            from: "Sesame <sesame@example.com>".into(),
            roots: None,
        };
    }
}

/// SMS through the signed webhook at `url`, signed with the key `webhook-key`.
fn signed_webhook(url: String) -> impl FnOnce(&mut Settings) {
    move |s: &mut Settings| {
        s.sms = sesame_server::config::SmsSettings {
            provider: Some(sesame_delivery::SmsProvider::Webhook),
            url,
            from: "Sesame".into(),
            account: String::new(),
            secret: Some("webhook-key".to_owned().into()),
        };
    }
}

async fn signed_in(app: &TestApp, username: &str) -> String {
    app.create_user_with_password(username).await;
    app.session_token(username).await
}

pub async fn send(app: &TestApp, token: &str, id: &str, address: &str) -> Reply {
    app.post(
        &format!("/api/v1/me/enrollments/{id}/code"),
        Some(token),
        json!({ "address": address }),
    )
    .await
}

pub async fn enter(app: &TestApp, token: &str, id: &str, code: &str) -> Reply {
    app.post(
        &format!("/api/v1/me/enrollments/{id}/verify"),
        Some(token),
        json!({ "code": code }),
    )
    .await
}

async fn enrollments(app: &TestApp, token: &str) -> Value {
    app.get("/api/v1/me/enrollments", Some(token)).await.json()
}

pub async fn set_params(app: &TestApp, id: &str, change: Value) {
    let current = app
        .admin_get(&format!("/api/v1/verifications/{id}"))
        .await
        .json()["params"]
        .clone();
    let mut params = current.as_object().cloned().unwrap_or_default();
    for (key, value) in change.as_object().cloned().unwrap_or_default() {
        params.insert(key, value);
    }
    let reply = app
        .admin(
            Method::PATCH,
            &format!("/api/v1/verifications/{id}"),
            Some(json!({ "params": params })),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
}

with_every_backend! {
    async fn email_enrollment_takes_three_steps_and_checks_only_on_submit(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        let token = signed_in(&app, "alice").await;
        set_params(&app, "email", json!({"allowed_domains": ["corp.example"]})).await;

        let sent = send(&app, &token, "email", "Alice@Example.com").await;
        assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
        assert_eq!(sent.json()["destination"], "Alice@Example.com");
        let mail = smtp.wait_for(1).await.remove(0);
        assert_eq!(mail.to, ["Alice@Example.com"]);
        assert!(mail.text.contains("Subject: Your Sesame verification code"), "{}", mail.text);
        assert!(mail.text.contains("From: Sesame <sesame@example.com>"));
        let id = app.admin_get("/api/v1/outbox").await.json()["items"][0]["id"].clone();
        let message_id = format!("Message-ID: <sesame.{id}.");
        assert!(mail.text.contains(&message_id), "named after its message, the same on every attempt: {}", mail.text);
        let code = code_in(&mail.text, 6);

        let wrong = enter(&app, &token, "email", "000000").await;
        assert_eq!((wrong.status, wrong.code()), (StatusCode::UNPROCESSABLE_ENTITY, "code.invalid".to_owned()));
        let right = enter(&app, &token, "email", &code).await;
        assert_eq!(right.json(), json!({"state": "pending"}));
        let listed = enrollments(&app, &token).await;
        assert_eq!((listed[0]["state"].clone(), listed[0]["destination"].clone()), (json!("pending"), json!("Alice@Example.com")));
        assert!(app.audit("action=enrollment.check").await.is_empty(), "the check never ran for an unsubmitted record");
        assert_eq!(enter(&app, &token, "email", &code).await.code(), "code.invalid", "a code works once");

        let refused = app.post("/api/v1/me/enrollments/email/submit", Some(&token), json!({})).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::UNPROCESSABLE_ENTITY, "enrollment.check_failed".to_owned()));
        assert!(refused.json()["error"]["message"].as_str().unwrap_or_default().contains("corp.example"));
        assert_eq!(enrollments(&app, &token).await[0]["state"], "pending", "it stays pending");
        assert_eq!(app.audit("action=enrollment.check").await[0]["result"], "failure");

        set_params(&app, "email", json!({"allowed_domains": ["example.com"]})).await;
        let submitted = app.post("/api/v1/me/enrollments/email/submit", Some(&token), json!({})).await;
        assert_eq!(submitted.json(), json!({"state": "active"}));
        assert_eq!(enrollments(&app, &token).await[0]["state"], "active");
        let again = app.post("/api/v1/me/enrollments/email/submit", Some(&token), json!({})).await;
        assert_eq!(again.code(), "enrollment.not_pending");

        wait_for_outbox(&app, "sent", 1).await;
        let outbox = app.admin_get("/api/v1/outbox").await;
        assert_eq!(outbox.json()["items"][0]["state"], "sent");
        assert!(!outbox.text.contains(&code), "the outbox never shows a code");
        assert!(!app.audit("").await.iter().any(|r| r.to_string().contains(&code)), "nor does the audit log");

        assert_eq!(app.send(Method::DELETE, "/api/v1/me/enrollments/email", Some(&token), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(enrollments(&app, &token).await, json!([]));
    }

    async fn resend_cooldown_daily_cap_expiry_and_wrong_entries(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        let token = signed_in(&app, "bob").await;
        assert_eq!(send(&app, &token, "email", "bob@example.com").await.status, StatusCode::ACCEPTED);
        let soon = send(&app, &token, "email", "bob@example.com").await;
        assert_eq!((soon.status, soon.code()), (StatusCode::TOO_MANY_REQUESTS, "code.resend_too_soon".to_owned()));
        assert_eq!(soon.header("retry-after"), Some("120"));
        app.clock.advance(Duration::from_secs(120));
        assert_eq!(send(&app, &token, "email", "bob@example.com").await.status, StatusCode::ACCEPTED);

        // Expiry: 10 minutes.
        let code = code_in(&smtp.wait_for(2).await[1].text, 6);
        app.clock.advance(Duration::from_secs(600));
        let expired = enter(&app, &token, "email", &code).await;
        assert_eq!((expired.status, expired.code()), (StatusCode::TOO_MANY_REQUESTS, "code.expired".to_owned()));

        // Five wrong entries void the code, even for the right one after.
        assert_eq!(send(&app, &token, "email", "bob@example.com").await.status, StatusCode::ACCEPTED);
        let code = code_in(&smtp.wait_for(3).await[2].text, 6);
        for remaining in (0..5).rev() {
            let wrong = enter(&app, &token, "email", if code == "111111" { "222222" } else { "111111" }).await;
            assert!(wrong.json()["error"]["message"].as_str().unwrap_or_default().ends_with(&format!("{remaining}.")));
        }
        assert_eq!(enter(&app, &token, "email", &code).await.code(), "code.too_many_attempts");

        // The daily cap: 10 per user in any 24 hours.
        set_params(&app, "email", json!({"resend_cooldown_seconds": 0})).await;
        for _ in 3..10 {
            assert_eq!(send(&app, &token, "email", "bob@example.com").await.status, StatusCode::ACCEPTED);
        }
        let capped = send(&app, &token, "email", "other@example.com").await;
        assert_eq!((capped.status, capped.code()), (StatusCode::TOO_MANY_REQUESTS, "code.daily_limit".to_owned()));
        // 12 minutes have passed since the first code of the day.
        assert_eq!(capped.header("retry-after"), Some("85680"), "until the first code of the day is 24 hours old");
        app.clock.advance(Duration::from_secs(85_680));
        let token = app.session_token("bob").await;
        assert_eq!(send(&app, &token, "email", "bob@example.com").await.status, StatusCode::ACCEPTED);
    }

    async fn two_servers_on_one_database_cannot_pass_the_cap_together(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        let other = app.spawn_sibling().await;
        let token = signed_in(&app, "cara").await;
        set_params(&app, "email", json!({"resend_cooldown_seconds": 0})).await;
        let requests: Vec<_> = (0..16)
            .map(|n| {
                let server = if n % 2 == 0 { &app } else { &other };
                let request = server
                    .client
                    .post(server.url("/api/v1/me/enrollments/email/code"))
                    .bearer_auth(&token)
                    .json(&json!({"address": "cara@example.com"}));
                tokio::spawn(reply(request))
            })
            .collect();
        let mut statuses = Vec::new();
        for request in requests {
            statuses.push(request.await.map(|r| r.status).unwrap_or_else(|e| panic!("{e}")));
        }
        let accepted = statuses.iter().filter(|s| **s == StatusCode::ACCEPTED).count();
        let capped = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
        assert_eq!((accepted, capped), (10, 6), "{statuses:?}");
    }

    async fn a_message_accepted_survives_a_dead_mail_server_and_a_restart(backend) {
        // The first server's mail server is down: nothing listens on its port.
        let dead = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(1);
        let mut first = TestApp::spawn_configured(backend, |s| {
            s.email = EmailSettings::Smtp { url: format!("smtp://127.0.0.1:{dead}").into(), from: "sesame@example.com".into(), roots: None };
        })
        .await;
        let token = signed_in(&first, "dora").await;
        assert_eq!(send(&first, &token, "email", "dora@example.com").await.status, StatusCode::ACCEPTED);
        let started = std::time::Instant::now();
        let failed = loop {
            let items = first.admin_get("/api/v1/outbox").await.json()["items"].clone();
            if items[0]["attempts"].as_i64().unwrap_or(0) >= 1 && !items[0]["last_error"].is_null() {
                break items[0].clone();
            }
            assert!(started.elapsed() < Duration::from_secs(20), "no delivery attempt: {items}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(failed["state"], "queued", "a refused connection is retried, not dropped");

        // The server goes away; another starts on the same database with a working mail server.
        let smtp = SmtpSink::start();
        let mut settings = first.settings.clone();
        mail_to(&smtp)(&mut settings);
        first.stop();
        let second = first.spawn_sibling_with(settings).await;
        second.clock.advance(Duration::from_secs(11));
        second.state.outbox_wake().notify_one();
        let mail = smtp.wait_for(1).await.remove(0);
        assert_eq!(mail.to, ["dora@example.com"]);
        let code = code_in(&mail.text, 6);
        assert_eq!(enter(&second, &token, "email", &code).await.json(), json!({"state": "pending"}));
        wait_for_outbox(&second, "sent", 1).await;
        assert_eq!(second.admin_get("/api/v1/outbox?state=sent").await.json()["total"], 1);
    }

    async fn sms_codes_go_through_a_twilio_compatible_provider(backend) {
        let provider = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/2010-04-01/Accounts/AC123/Messages.json"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"})))
            .mount(&provider)
            .await;
        let app = TestApp::spawn_configured(backend, twilio(&provider.uri())).await;
        let token = signed_in(&app, "ed").await;
        let sent = send(&app, &token, "sms", "+1 415 555 0123").await;
        assert_eq!(sent.json()["destination"], "+14155550123");
        let request = wait_for_requests(&provider, 1).await.remove(0);
        let form: std::collections::HashMap<String, String> =
            url_form(&String::from_utf8_lossy(&request.body));
        assert_eq!(form.get("To").map(String::as_str), Some("+14155550123"));
        assert_eq!(form.get("From").map(String::as_str), Some("+15005550006"));
        let body = form.get("Body").cloned().unwrap_or_default();
        assert!(body.starts_with("Sesame code: "), "{body}");
        let auth = request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(auth.starts_with("Basic "), "basic auth with the account SID and token");
        let code = code_in(&body, 6);
        assert_eq!(enter(&app, &token, "sms", &code).await.json(), json!({"state": "pending"}));
        set_params(&app, "sms", json!({"allowed_country_codes": ["+44"]})).await;
        let refused = app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await;
        assert_eq!(refused.code(), "enrollment.check_failed");
        set_params(&app, "sms", json!({"allowed_country_codes": ["+1", "+44"]})).await;
        assert_eq!(app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await.json(), json!({"state": "active"}));
    }

    async fn provider_failures_are_retried_or_given_up_as_they_deserve(backend) {
        let provider = MockServer::start().await;
        // The first number is refused for good; the second meets a provider that is down once.
        Mock::given(method("POST"))
            .and(wiremock::matchers::body_string_contains("To=%2B14155550100"))
            .respond_with(ResponseTemplate::new(400).set_body_string("invalid To number"))
            .mount(&provider)
            .await;
        fails_once_then_accepts(&provider, ResponseTemplate::new(503)).await;
        let app = TestApp::spawn_configured(backend, twilio(&provider.uri())).await;
        let first = signed_in(&app, "fay").await;
        let second = signed_in(&app, "gil").await;
        assert_eq!(send(&app, &first, "sms", "+14155550100").await.status, StatusCode::ACCEPTED);
        wait_for_outbox(&app, "failed", 1).await;
        let failed = app.admin_get("/api/v1/outbox?state=failed").await.json();
        assert!(failed["items"][0]["last_error"].as_str().unwrap_or_default().contains("invalid To number"));

        assert_eq!(send(&app, &second, "sms", "+14155550123").await.status, StatusCode::ACCEPTED);
        let started = std::time::Instant::now();
        while wait_for_requests(&provider, 2).await.len() < 2 {
            assert!(started.elapsed() < Duration::from_secs(20));
        }
        // The provider has answered; the worker records the failed attempt a moment later
        // (the attempt is counted when the message is claimed, its error when it fails).
        let queued = loop {
            let queued = app.admin_get("/api/v1/outbox?state=queued").await.json();
            if queued["items"][0]["last_error"].is_string() {
                break queued;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{queued}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(queued["items"][0]["attempts"], 1, "{queued}");
        assert!(queued["items"][0]["last_error"].as_str().unwrap_or_default().contains("503"), "{queued}");
        app.clock.advance(Duration::from_secs(10));
        app.state.outbox_wake().notify_one();
        wait_for_outbox(&app, "sent", 1).await;
        assert_eq!(wait_for_requests(&provider, 3).await.len(), 3, "sent on the second try");
    }

    async fn messages_to_several_people_are_delivered_at_once(backend) {
        // The provider answers nobody until four messages wait at once: one delivery at a
        // time would wait ten seconds for a 503 and leave the rest queued.
        let url = provider_answering_together(4).await;
        let app = TestApp::spawn_configured(backend, signed_webhook(url)).await;
        for (n, name) in ["ida", "jon", "kim", "lea"].into_iter().enumerate() {
            let token = signed_in(&app, name).await;
            assert_eq!(send(&app, &token, "sms", &format!("+1415555012{n}")).await.status, StatusCode::ACCEPTED);
        }
        wait_for_outbox(&app, "sent", 4).await;
    }

    async fn a_signed_webhook_can_carry_sms(backend) {
        let provider = MockServer::start().await;
        Mock::given(method("POST")).and(path("/sms")).respond_with(ResponseTemplate::new(200)).mount(&provider).await;
        let url = format!("{}/sms", provider.uri());
        let app = TestApp::spawn_configured(backend, signed_webhook(url)).await;
        let token = signed_in(&app, "hal").await;
        assert_eq!(send(&app, &token, "sms", "+442079460958").await.status, StatusCode::ACCEPTED);
        let request = wait_for_requests(&provider, 1).await.remove(0);
        let body: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        assert_eq!(body["to"], "+442079460958");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"webhook-key").unwrap_or_else(|e| panic!("{e}"));
        mac.update(&request.body);
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        let signature = request.headers.get("x-sesame-signature").and_then(|v| v.to_str().ok());
        assert_eq!(signature, Some(expected.as_str()));
    }

    async fn the_web_pages_walk_the_same_three_steps(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        app.create_user(json!({"username": "jo", "password": PASSWORD, "language": "de"})).await;
        let cookies = sign_in_by_form(&app, "jo").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
        assert!(profile.contains("href=\"/profile/codes/email\""), "the profile links the e-mail page");
        let page = app.get_with_cookies("/profile/codes/email", &cookies, None).await;
        assert!(page.text.contains("Noch nichts registriert."), "in the user's language");
        let token = csrf_field(&page.text);
        let sent = app.post_form("/profile/codes/email/send", &cookies, &[("csrf", &token), ("address", "jo@example.com")]).await;
        assert_eq!(sent.status, StatusCode::OK);
        assert!(sent.text.contains("Wir haben einen Code an jo@example.com gesendet."));
        assert!(sent.text.contains("autocomplete=\"one-time-code\""));
        let mail = smtp.wait_for(1).await.remove(0);
        assert!(mail.text.contains("Subject: Ihr ") && mail.text.contains("lautet"), "the e-mail is German too: {}", mail.text);
        let code = code_in(&mail.text, 6);
        let wrong = app.post_form("/profile/codes/email/verify", &cookies, &[("csrf", &token), ("code", "000000")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.text.contains("Der Code ist nicht richtig."));
        let verified = app.post_form("/profile/codes/email/verify", &cookies, &[("csrf", &token), ("code", &code)]).await;
        assert!(verified.text.contains("jo@example.com ist bestätigt."), "{}", verified.text);
        let forged = app.post_form("/profile/codes/email/submit", &cookies, &[("csrf", "forged")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let submitted = app.post_form("/profile/codes/email/submit", &cookies, &[("csrf", &token)]).await;
        assert_eq!(submitted.header("location"), Some("/profile?notice=enrollment-active"));
        let profile = app.get_with_cookies("/profile?notice=enrollment-active", &cookies, None).await.text;
        assert!(profile.contains("Ihre Registrierung ist aktiv."));
        assert!(profile.contains("<td class=\"wrap\">jo@example.com</td>"), "the enrolled address is listed");
        let page = app.get_with_cookies("/profile/codes/email", &cookies, None).await.text;
        assert!(page.contains("<details class=\"confirm\"><summary>Entfernen</summary>"), "removing asks first: {page}");
        let removed = app.post_form("/profile/codes/email/remove", &cookies, &[("csrf", &token)]).await;
        assert_eq!(removed.header("location"), Some("/profile?notice=enrollment-removed"));
        assert_eq!(app.get_with_cookies("/profile/codes/qa", &cookies, None).await.status, StatusCode::NOT_FOUND);
    }

    async fn a_soft_pin_change_is_told_by_email(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        let token = signed_in(&app, "kai").await;
        let set = app.put("/api/v1/me/soft-pin", Some(&token), json!({"pin": "482913"})).await;
        assert_eq!(set.status, StatusCode::NO_CONTENT);
        let mail = smtp.wait_for(1).await.remove(0);
        assert_eq!(mail.to, ["kai@example.com"]);
        assert!(mail.text.contains("Subject: Your Sesame Soft PIN was changed"), "{}", mail.text);
        assert!(!mail.text.contains("482913"), "the notice never holds the PIN");
        wait_for_outbox(&app, "sent", 1).await;
        assert_eq!(app.admin_get("/api/v1/outbox?state=sent").await.json()["items"][0]["purpose"], "notice-soft-pin-changed");
    }

    async fn bad_input_and_missing_delivery_are_clear(backend) {
        let app = TestApp::spawn(backend).await;
        let token = signed_in(&app, "ivy").await;
        let unavailable = send(&app, &token, "email", "ivy@example.com").await;
        assert_eq!((unavailable.status, unavailable.code()), (StatusCode::SERVICE_UNAVAILABLE, "delivery.unavailable".to_owned()));
        assert_eq!(send(&app, &token, "email", "not an address").await.code(), "user.email_invalid");
        assert_eq!(send(&app, &token, "sms", "0415 555").await.code(), "user.phone_invalid");
        assert_eq!(send(&app, &token, "soft_pin", "x@example.com").await.code(), "verification.not_found");
        assert_eq!(send(&app, &token, "nope", "x@example.com").await.status, StatusCode::NOT_FOUND);
        let bad = app.admin(Method::PATCH, "/api/v1/verifications/email", Some(json!({"params": {"length": 3}}))).await;
        assert_eq!(bad.code(), "verification.params_invalid");
        let out_of_range = app.admin(Method::PATCH, "/api/v1/verifications/sms", Some(json!({"params": {
            "length": 11, "expiry_minutes": 5, "resend_cooldown_seconds": 120, "daily_limit": 10, "max_attempts": 5
        }}))).await;
        assert_eq!(out_of_range.detail_codes(), ["code_params.length"]);
        assert_eq!(app.admin(Method::PATCH, "/api/v1/verifications/email", Some(json!({"active": false}))).await.status, StatusCode::OK);
        assert_eq!(send(&app, &token, "email", "ivy@example.com").await.code(), "verification.not_found");
        let submit = app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await;
        assert_eq!(submit.code(), "enrollment.not_pending");
        assert!(app.outbox_is_empty().await);
    }
}

pub fn twilio(uri: &str) -> impl FnOnce(&mut Settings) {
    let uri = uri.to_owned();
    move |s: &mut Settings| {
        s.sms = sesame_server::config::SmsSettings {
            provider: Some(sesame_delivery::SmsProvider::Twilio),
            url: uri,
            from: "+15005550006".into(),
            account: "AC123".into(),
            secret: Some("twilio-token".to_owned().into()),
        };
    }
}

pub async fn wait_for_requests(provider: &MockServer, count: usize) -> Vec<wiremock::Request> {
    let started = std::time::Instant::now();
    loop {
        let received = provider.received_requests().await.unwrap_or_default();
        if received.len() >= count || started.elapsed() > Duration::from_secs(20) {
            return received;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// The provider answers the first message it has no other rule for with `first`, and
/// accepts every one after.
async fn fails_once_then_accepts(provider: &MockServer, first: ResponseTemplate) {
    Mock::given(method("POST"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(provider)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(provider)
        .await;
}

/// An SMS webhook on loopback that holds every request until `together` of them wait at
/// once, then answers them all 200; a request still alone after ten seconds gets 503.
async fn provider_answering_together(together: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let url = format!(
        "http://{}/sms",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(together));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let text = String::from_utf8_lossy(&request).to_ascii_lowercase();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length = text
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(0);
                        if request.len() >= end + 4 + length {
                            break;
                        }
                    }
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&chunk[..n]),
                    }
                }
                let met = tokio::time::timeout(Duration::from_secs(10), barrier.wait())
                    .await
                    .is_ok();
                let status = if met {
                    "200 OK"
                } else {
                    "503 Service Unavailable"
                };
                let answer =
                    format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = stream.write_all(answer.as_bytes()).await;
            });
        }
    });
    url
}

async fn wait_for_outbox(app: &TestApp, state: &str, count: i64) {
    let started = std::time::Instant::now();
    loop {
        let total = app
            .admin_get(&format!("/api/v1/outbox?state={state}"))
            .await
            .json()["total"]
            .as_i64()
            .unwrap_or(0);
        if total >= count {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no {state} message"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub fn url_form(body: &str) -> std::collections::HashMap<String, String> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.replace('+', " ").into_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&String::from_utf8_lossy(&bytes[i + 1..i + 3]), 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn custom_verifications_are_made_from_a_type_or_a_copy() {
    let smtp = SmtpSink::start();
    let app = TestApp::spawn_configured(Backend::Sqlite, mail_to(&smtp)).await;
    let create = |body: Value| {
        let app = &app;
        async move {
            app.admin(Method::POST, "/api/v1/verifications", Some(body))
                .await
        }
    };
    let copied = create(json!({"id": "work_email", "name": "Work e-mail", "copy_from": "email",
        "params": {"length": 8, "expiry_minutes": 15, "resend_cooldown_seconds": 60, "daily_limit": 5, "max_attempts": 3,
                   "allowed_domains": ["example.com"]}})).await;
    assert_eq!(copied.status, StatusCode::CREATED, "{}", copied.text);
    assert_eq!(
        (
            copied.json()["type"].clone(),
            copied.json()["assurance"].clone()
        ),
        (json!("email_code"), json!("medium"))
    );
    let typed =
        create(json!({"id": "hr_questions", "name": "HR questions", "type": "security_questions"}))
            .await;
    assert_eq!(
        typed.json()["params"],
        json!({"enroll_count": 5, "verify_count": 3, "min_answer_length": 3})
    );
    assert_eq!(
        create(json!({"id": "work_email", "name": "Again", "type": "email_code"}))
            .await
            .code(),
        "verification.exists"
    );
    let bad = create(json!({"id": "Bad Id", "name": "", "type": "carrier_pigeon"})).await;
    assert_eq!(
        bad.detail_codes(),
        [
            "verification.id_invalid",
            "verification.name_invalid",
            "verification.type_invalid"
        ]
    );
    let both =
        create(json!({"id": "x", "name": "x", "type": "sms_code", "copy_from": "sms"})).await;
    assert_eq!(both.code(), "verification.origin");
    let totp = app
        .admin(
            Method::PATCH,
            "/api/v1/verifications/authenticator",
            Some(json!({"params": {
        "algorithm": "SHA256", "digits": 7, "step_seconds": 30, "drift_steps": 1}})),
        )
        .await;
    assert_eq!(totp.code(), "totp.digits");

    // The copy works like the original, with its own parameters.
    let token = signed_in(&app, "vic").await;
    assert_eq!(
        send(&app, &token, "work_email", "vic@example.com")
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let code = code_in(&smtp.wait_for(1).await[0].text, 8);
    assert_eq!(
        enter(&app, &token, "work_email", &code).await.json(),
        json!({"state": "pending"})
    );
    let listed = app.admin_get("/api/v1/verifications").await.json();
    assert!(listed
        .as_array()
        .into_iter()
        .flatten()
        .any(|v| v["id"] == "work_email"));
}

#[tokio::test]
async fn sms_codes_expire_after_five_minutes_and_are_capped_per_device() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&provider)
        .await;
    let app = TestApp::spawn_configured(Backend::Sqlite, twilio(&provider.uri())).await;
    let first = signed_in(&app, "una").await;
    assert_eq!(
        send(&app, &first, "sms", "+14155550123").await.status,
        StatusCode::ACCEPTED
    );
    let body = String::from_utf8_lossy(&wait_for_requests(&provider, 1).await[0].body).into_owned();
    let code = code_in(&url_form(&body).get("Body").cloned().unwrap_or_default(), 6);
    app.clock.advance(std::time::Duration::from_secs(5 * 60));
    assert_eq!(
        enter(&app, &first, "sms", &code).await.code(),
        "code.expired",
        "5 minutes for SMS"
    );

    // Ten codes a day per number, whoever asks.
    set_params(&app, "sms", json!({"resend_cooldown_seconds": 0})).await;
    for _ in 1..10 {
        assert_eq!(
            send(&app, &first, "sms", "+14155550123").await.status,
            StatusCode::ACCEPTED
        );
    }
    let second = signed_in(&app, "val").await;
    let capped = send(&app, &second, "sms", "+1 415 555 0123").await;
    assert_eq!(
        (capped.status, capped.code()),
        (StatusCode::TOO_MANY_REQUESTS, "code.daily_limit".to_owned())
    );
    assert_eq!(
        send(&app, &second, "sms", "+14155550124").await.status,
        StatusCode::ACCEPTED,
        "another device is fine"
    );
}

/// Waits until the first attempt to deliver the one message in the outbox has failed; the
/// message's record.
async fn wait_for_failed_attempt(app: &TestApp) -> Value {
    let started = std::time::Instant::now();
    loop {
        let outbox = app.admin_get("/api/v1/outbox").await.json();
        if !outbox["items"][0]["last_error"].is_null() {
            return outbox["items"][0].clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no failed attempt: {outbox}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn email_over_starttls_signs_in_and_trusts_the_configured_authority_only() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (cert, key) = crate::mail::certificate_for_loopback(dir.path());
    let smtp = SmtpSink::start_tls(&cert, &key, ("mailer", "hunter2"));
    let with_roots = |password: &str, roots: Option<Vec<u8>>| {
        let url = format!(
            "smtp://mailer:{password}@127.0.0.1:{}?tls=required",
            smtp.port
        );
        move |s: &mut Settings| {
            s.email = EmailSettings::Smtp {
                url: url.into(),
                from: "Sesame <sesame@example.com>".into(),
                roots,
            }
        }
    };

    // The public roots alone do not vouch for this server: nothing is sent in the clear
    // or to an unverified server, and the outbox says why.
    let untrusting = TestApp::spawn_configured(Backend::Sqlite, with_roots("hunter2", None)).await;
    let token = signed_in(&untrusting, "vic").await;
    assert_eq!(
        send(&untrusting, &token, "email", "vic@example.com")
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let message = wait_for_failed_attempt(&untrusting).await;
    assert_eq!(message["state"], "queued", "a TLS failure is retried later");
    assert!(
        message["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("certificate"),
        "{message}"
    );
    assert!(smtp.received().is_empty());

    // Trusting the server's authority (SESAME_SMTP_CA_FILE), Sesame signs in over TLS: with
    // a wrong password the server's refusal is final, with the right one the code arrives.
    let pem = std::fs::read(&cert).unwrap_or_else(|e| panic!("{e}"));
    let refused =
        TestApp::spawn_configured(Backend::Sqlite, with_roots("wrong", Some(pem.clone()))).await;
    let token = signed_in(&refused, "una").await;
    assert_eq!(
        send(&refused, &token, "email", "una@example.com")
            .await
            .status,
        StatusCode::ACCEPTED
    );
    let message = wait_for_failed_attempt(&refused).await;
    assert_eq!(
        message["state"], "failed",
        "bad credentials are not retried: {message}"
    );
    assert!(
        message["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("535"),
        "{message}"
    );
    let app = TestApp::spawn_configured(Backend::Sqlite, with_roots("hunter2", Some(pem))).await;
    let token = signed_in(&app, "wes").await;
    assert_eq!(
        send(&app, &token, "email", "wes@example.com").await.status,
        StatusCode::ACCEPTED
    );
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.to, vec!["wes@example.com".to_owned()]);
    let code = code_in(&mail.text, 6);
    assert_eq!(
        enter(&app, &token, "email", &code).await.json(),
        json!({"state": "pending"})
    );
}

#[tokio::test]
async fn email_over_implicit_tls_reaches_the_server() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (cert, key) = crate::mail::certificate_for_loopback(dir.path());
    let smtp = SmtpSink::start();
    let front = crate::mail::tls_front(&cert, &key, smtp.port).await;
    let url = format!("smtps://127.0.0.1:{front}");
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| {
        s.email = EmailSettings::Smtp {
            url: url.into(),
            from: "Sesame <sesame@example.com>".into(),
            roots: Some(std::fs::read(&cert).unwrap_or_else(|e| panic!("{e}"))),
        }
    })
    .await;
    let token = signed_in(&app, "yan").await;
    assert_eq!(
        send(&app, &token, "email", "yan@example.com").await.status,
        StatusCode::ACCEPTED
    );
    let code = code_in(&smtp.wait_for(1).await.remove(0).text, 6);
    assert_eq!(
        enter(&app, &token, "email", &code).await.json(),
        json!({"state": "pending"})
    );
}

#[tokio::test]
async fn a_provider_that_does_not_answer_in_time_is_tried_again() {
    let provider = MockServer::start().await;
    let too_late = ResponseTemplate::new(201).set_delay(Duration::from_secs(5));
    fails_once_then_accepts(&provider, too_late).await;
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| {
        twilio(&provider.uri())(s);
        s.delivery_timeout = Duration::from_secs(1);
    })
    .await;
    let token = signed_in(&app, "xan").await;
    assert_eq!(
        send(&app, &token, "sms", "+14155550123").await.status,
        StatusCode::ACCEPTED
    );
    let message = wait_for_failed_attempt(&app).await;
    assert_eq!(
        message["state"], "queued",
        "a timeout is retried, not given up"
    );
    assert!(
        message["last_error"]
            .as_str()
            .unwrap_or_default()
            .contains("did not answer in time"),
        "{message}"
    );
    app.clock.advance(Duration::from_secs(10));
    app.state.outbox_wake().notify_one();
    wait_for_outbox(&app, "sent", 1).await;
    let requests = wait_for_requests(&provider, 2).await;
    assert_eq!(requests.len(), 2, "sent on the second try");
    assert_eq!(
        requests[0].body, requests[1].body,
        "the same message both times"
    );
}
