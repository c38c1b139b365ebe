//! The daily cap of codes on the public reset flow: an identity that cannot get a code
//! (unknown, or not enrolled) is counted and refused exactly like one that gets them, and
//! codes are counted per client address, so a stranger cannot spend a user's codes.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::codes::set_params;
use crate::helpers::*;
use crate::mail::SmtpSink;
use crate::resets::{create_process, enroll_email, mail_to, process, reset_id};
use crate::with_every_backend;

/// Starts a reset for `identifier` from the client `from` (forwarded by the trusted proxy
/// in front) and asks for its e-mail code; the answer to the challenge.
async fn code_from(app: &TestApp, from: &str, identifier: &str) -> Reply {
    let started = reply(
        app.client
            .post(app.url("/api/v1/resets"))
            .header("x-forwarded-for", from)
            .json(&json!({"process": "self", "identifier": identifier})),
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
    let reset = reset_id(&started);
    reply(
        app.client
            .post(app.url(&format!("/api/v1/resets/{reset}/challenges/email")))
            .header("x-forwarded-for", from)
            .json(&json!({})),
    )
    .await
}

/// What a client sees of an answer: status, `Retry-After`, body.
fn seen(reply: &Reply) -> (StatusCode, Option<String>, Value) {
    (
        reply.status,
        reply.header("retry-after").map(str::to_owned),
        reply.json(),
    )
}

async fn messages_queued(app: &TestApp) -> i64 {
    app.admin_get("/api/v1/outbox").await.json()["total"]
        .as_i64()
        .unwrap_or(-1)
}

/// A server behind a trusted proxy on loopback, e-mailing to `smtp`, with `alice` enrolled
/// in e-mail codes, `dave` enrolled in nothing, a public process `self` asking for an
/// e-mail code, and a daily cap of two codes.
async fn server(backend: Backend, smtp: &SmtpSink) -> TestApp {
    let mail = mail_to(smtp);
    let app = TestApp::spawn_configured(backend, |settings| {
        mail(settings);
        settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap_or_else(|e| panic!("{e}"))];
    })
    .await;
    for name in ["alice", "dave"] {
        app.create_user_with_password(name).await;
    }
    let token = app.session_token("alice").await;
    enroll_email(&app, smtp, &token, "alice@example.com").await;
    create_process(
        &app,
        process(
            "self",
            json!([{"id": "email", "mandatory": true}]),
            1,
            json!({}),
        ),
    )
    .await;
    set_params(&app, "email", json!({"daily_limit": 2})).await;
    app
}

with_every_backend! {
    async fn the_decoy_flow_counts_and_refuses_like_a_real_one(backend) {
        let smtp = SmtpSink::start();
        let app = server(backend, &smtp).await;
        let before = messages_queued(&app).await;
        let mut seen_by = Vec::new();
        for identifier in ["alice", "dave", "nobody"] {
            let mut answers = Vec::new();
            for _ in 0..3 {
                answers.push(seen(&code_from(&app, "198.51.100.7", identifier).await));
            }
            seen_by.push((identifier, answers));
        }
        let (_, alice) = &seen_by[0];
        assert_eq!(
            alice.iter().map(|(status, _, _)| *status).collect::<Vec<_>>(),
            [StatusCode::OK, StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]
        );
        assert_eq!(alice[2].2["error"]["code"], "code.daily_limit");
        assert_eq!(alice[2].1.as_deref(), Some("86400"));
        for (identifier, answers) in &seen_by[1..] {
            assert_eq!(answers, alice, "{identifier} is answered as alice is");
        }
        assert_eq!(
            messages_queued(&app).await - before,
            2,
            "codes went to alice only"
        );
        let decoys = app.audit("action=verification.code&subject=identifier:nobody").await;
        assert_eq!(decoys.len(), 2, "administrators see the decoys");
        assert_eq!(decoys[0]["detail"]["decoy"], true, "{}", decoys[0]);

        // A day later both may have codes again.
        app.clock.advance(Duration::from_secs(86_400));
        for identifier in ["alice", "nobody"] {
            assert_eq!(code_from(&app, "198.51.100.7", identifier).await.status, StatusCode::OK);
        }
    }

    async fn a_stranger_cannot_spend_a_users_daily_codes(backend) {
        let smtp = SmtpSink::start();
        let app = server(backend, &smtp).await;
        for _ in 0..2 {
            assert_eq!(code_from(&app, "198.51.100.7", "alice").await.status, StatusCode::OK);
        }
        let spent = code_from(&app, "198.51.100.7", "alice").await;
        assert_eq!(spent.code(), "code.daily_limit");
        // Alice, from her own address, still gets her codes.
        let before = messages_queued(&app).await;
        let own = code_from(&app, "203.0.113.5", "alice").await;
        assert_eq!(own.status, StatusCode::OK, "{}", own.text);
        assert_eq!(messages_queued(&app).await, before + 1);
    }

    async fn one_client_gets_its_daily_codes_for_every_identity_together(backend) {
        let smtp = SmtpSink::start();
        let app = server(backend, &smtp).await;
        app.set_property("limits.codes_per_client_daily", json!(3)).await;
        // Known, not enrolled and unknown identities count alike.
        for identifier in ["alice", "dave", "nobody"] {
            assert_eq!(code_from(&app, "192.0.2.9", identifier).await.status, StatusCode::OK);
        }
        let refused = code_from(&app, "192.0.2.9", "erin").await;
        assert_eq!((refused.status, refused.code().as_str()), (StatusCode::TOO_MANY_REQUESTS, "code.daily_limit"));
        assert_eq!(refused.header("retry-after"), Some("86400"));
        assert_eq!(code_from(&app, "192.0.2.10", "erin").await.status, StatusCode::OK, "another client counts on its own");
        // An IPv6 client counts by its /64.
        for n in 1..=3 {
            let address = format!("2001:db8:1:2::{n}");
            assert_eq!(code_from(&app, &address, &format!("user{n}")).await.status, StatusCode::OK);
        }
        assert_eq!(code_from(&app, "2001:db8:1:2::ff", "user4").await.code(), "code.daily_limit");
        assert_eq!(code_from(&app, "2001:db8:1:3::1", "user4").await.status, StatusCode::OK);
    }
}
