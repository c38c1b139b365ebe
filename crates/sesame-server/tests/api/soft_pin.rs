//! Soft PIN: enrollment rules, availability, voice and keypad verification, lockout.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::on_every_backend;

const PIN: &str = "482913";
const DISABLED: &str =
    "Soft PIN enrollment is not available at this time. Please contact your administrator for more details.";

/// A user with a Soft PIN, and an orchestrator key; returns (user session, orchestrator).
async fn enrolled(app: &TestApp, username: &str) -> (String, String) {
    app.create_user_with_password(username).await;
    let session = app.session_token(username).await;
    let set = app
        .put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": PIN }))
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{}", set.text);
    (session, app.api_key("orchestrator").await)
}

async fn verify(app: &TestApp, key: &str, username: &str, input: &str, input_type: &str) -> Reply {
    let body = json!({ "username": username, "input": input, "input_type": input_type });
    app.post("/api/v1/soft-pin/verify", Some(key), body).await
}

fn outcome(reply: &Reply) -> (StatusCode, Value) {
    (reply.status, reply.json())
}

on_every_backend! {
    async fn a_user_enrolls_and_the_pin_is_stored_only_as_a_hash(app) {
        let (session, _) = enrolled(&app, "alice").await;
        let me = app.get("/api/v1/me", Some(&session)).await.json();
        let enrollment = &me["enrollments"][0];
        assert_eq!((enrollment["verification"].as_str(), enrollment["state"].as_str()), (Some("soft_pin"), Some("active")));
        let stored = app.state.store().find_enrollment(1, "soft_pin").await.ok().flatten().and_then(|e| e.secret).unwrap_or_default();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains(PIN));
        let trail = app.audit("action=soft_pin.").await;
        assert_eq!(trail[0]["action"], "soft_pin.enroll");
        assert!(!trail[0].to_string().contains(PIN));
        app.put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": "135790" })).await;
        assert_eq!(app.audit("action=soft_pin.").await[0]["action"], "soft_pin.change");
    }

    async fn every_broken_rule_is_reported(app) {
        app.create_user_with_password("bob").await;
        let session = app.session_token("bob").await;
        let cases: [(&str, &[&str]); 6] = [
            ("111234", &["soft_pin.repetition", "soft_pin.sequence"]),
            ("123456", &["soft_pin.sequence"]),
            ("12a45", &["soft_pin.length"]),
            ("7771234", &["soft_pin.length", "soft_pin.repetition", "soft_pin.sequence"]),
            ("", &["soft_pin.length"]),
            ("901234", &["soft_pin.sequence"]),
        ];
        for (pin, codes) in cases {
            let reply = app.put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": pin })).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{pin}");
            assert_eq!(reply.detail_codes(), codes, "{pin}");
        }
        let wrong_type = app.put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": 482913 })).await;
        assert_eq!(wrong_type.code(), "request.invalid_body");
        let me = app.get("/api/v1/me", Some(&session)).await.json();
        assert_eq!(me["enrollments"], json!([]), "nothing was enrolled");
    }

    async fn the_last_five_pins_cannot_come_back(app) {
        let (session, _) = enrolled(&app, "carol").await;
        let set = |pin: &'static str| {
            let (app, session) = (&app, session.clone());
            async move { app.put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": pin })).await }
        };
        assert_eq!(set(PIN).await.detail_codes(), ["soft_pin.history"], "the current PIN counts");
        for pin in ["135790", "246802", "975310", "864208"] {
            assert_eq!(set(pin).await.status, StatusCode::NO_CONTENT);
        }
        // History now: 864208, 975310, 246802, 135790, 482913.
        assert_eq!(set(PIN).await.detail_codes(), ["soft_pin.history"]);
        assert_eq!(set("580246").await.status, StatusCode::NO_CONTENT);
        assert_eq!(set(PIN).await.status, StatusCode::NO_CONTENT, "six PINs back is allowed again");
        app.set_property("soft_pin.history_depth", json!(1)).await;
        assert_eq!(set("580246").await.status, StatusCode::NO_CONTENT, "depth 1: only the current PIN");
        assert_eq!(set("580246").await.detail_codes(), ["soft_pin.history"]);
    }

    async fn keypad_and_voice_input_verify(app) {
        let (_, key) = enrolled(&app, "dave").await;
        for (input, kind) in [
            ("482913", "text"), ("48-29-13", "text"), ("482 913", "text"),
            ("four eight two nine one three", "voice"),
            ("My PIN is 4, eight, 2 ... nine one three.", "voice"),
            ("forty eight twenty nine thirteen", "voice"),
        ] {
            let reply = verify(&app, &key, "DAVE", input, kind).await;
            assert_eq!(outcome(&reply), (StatusCode::OK, json!({"verified": true, "attempts_remaining": 3})), "{input}");
        }
        let spanish = app.post("/api/v1/soft-pin/verify", Some(&key), json!({
            "username": "dave", "input": "cuatro ocho dos nueve uno tres", "input_type": "voice", "language": "es"
        })).await;
        assert_eq!(spanish.json()["verified"], true);
    }

    async fn unparsable_input_is_refused_without_counting_or_echoing(app) {
        let (_, key) = enrolled(&app, "erin").await;
        for (input, kind) in [("48291", "text"), ("four eight two", "voice"), ("4829134", "text"), ("four hundred and two", "voice")] {
            let reply = verify(&app, &key, "erin", input, kind).await;
            assert_eq!((reply.status, reply.code()), (StatusCode::UNPROCESSABLE_ENTITY, "soft_pin.unparsable_input".to_owned()));
            assert!(!reply.text.contains(input), "the input is not echoed");
        }
        let bad_type = app.post("/api/v1/soft-pin/verify", Some(&key), json!({"username": "erin", "input": PIN, "input_type": "morse"})).await;
        assert_eq!(bad_type.status, StatusCode::BAD_REQUEST);
        let wrong = verify(&app, &key, "erin", "135790", "text").await;
        assert_eq!(wrong.json(), json!({"verified": false, "attempts_remaining": 2}), "the unparsable tries did not count");
    }

    async fn three_wrong_pins_lock_until_unlocked_or_a_day_passes(app) {
        let (_, key) = enrolled(&app, "fay").await;
        let remaining: Vec<_> = [0, 1, 2].iter().map(|_| ()).collect();
        let mut seen = Vec::new();
        for _ in remaining {
            seen.push(verify(&app, &key, "fay", "135790", "text").await.json());
        }
        assert_eq!(seen, [
            json!({"verified": false, "attempts_remaining": 2}),
            json!({"verified": false, "attempts_remaining": 1}),
            json!({"verified": false, "attempts_remaining": 0}),
        ]);
        let locked = verify(&app, &key, "fay", PIN, "text").await;
        assert_eq!((locked.status, locked.code()), (StatusCode::LOCKED, "soft_pin.locked".to_owned()));
        assert_eq!(locked.json()["error"]["locked_until"], "2026-01-02T00:00:00Z");
        assert_eq!(app.audit("action=soft_pin.lockout").await.len(), 1);

        let desk = app.api_key("service_desk").await;
        let unlock = app.post("/api/v1/users/fay/unlock", Some(&desk), json!({})).await;
        assert_eq!(unlock.status, StatusCode::OK);
        assert_eq!(verify(&app, &key, "fay", PIN, "text").await.json()["verified"], true);

        for _ in 0..3 {
            verify(&app, &key, "fay", "135790", "text").await;
        }
        app.clock.advance(Duration::from_secs(1439 * 60));
        assert_eq!(verify(&app, &key, "fay", PIN, "text").await.status, StatusCode::LOCKED);
        app.clock.advance(Duration::from_secs(60));
        assert_eq!(verify(&app, &key, "fay", PIN, "text").await.json()["verified"], true);
    }

    async fn unknown_users_and_users_without_a_pin_look_like_wrong_pins(app) {
        let (_, key) = enrolled(&app, "gus").await;
        app.create_user_with_password("nopin").await;
        let mut replies = Vec::new();
        for name in ["gus", "nopin", "ghost", "not a name!"] {
            let before = app.state.hash_pool().completed();
            let reply = verify(&app, &key, name, "135790", "text").await;
            assert_eq!(app.state.hash_pool().completed() - before, 1, "{name}: one argon2id verification");
            replies.push(outcome(&reply));
        }
        assert!(replies.iter().all(|r| *r == replies[0]), "{replies:?}");
        for _ in 0..2 {
            verify(&app, &key, "ghost", "135790", "text").await;
        }
        assert_eq!(verify(&app, &key, "ghost", PIN, "text").await.status, StatusCode::LOCKED, "unknown names lock too");
    }

    async fn an_expired_pin_does_not_verify_and_the_profile_reminds_first(app) {
        let (session, key) = enrolled(&app, "hana").await;
        let me = app.get("/api/v1/me", Some(&session)).await.json();
        assert_eq!(me["enrollments"][0]["expires_at"], "2026-04-01T00:00:00Z", "90 days");
        app.clock.advance(Duration::from_secs(81 * 86_400));
        let cookies = sign_in_by_form(&app, "hana").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
        assert!(profile.contains("Your Soft PIN expires in 9 days."), "{profile}");
        app.clock.advance(Duration::from_secs(9 * 86_400));
        assert_eq!(verify(&app, &key, "hana", PIN, "text").await.json()["verified"], false);
        let cookies = sign_in_by_form(&app, "hana").await;
        assert!(app.get_with_cookies("/profile", &cookies, None).await.text.contains("Your Soft PIN has expired."));
        app.set_property("soft_pin.expiry_days", json!(0)).await;
        let session = app.session_token("hana").await;
        assert_eq!(app.put("/api/v1/me/soft-pin", Some(&session), json!({"pin": "135790"})).await.status, StatusCode::NO_CONTENT);
        app.clock.advance(Duration::from_secs(3650 * 86_400));
        assert_eq!(verify(&app, &key, "hana", "135790", "text").await.json()["verified"], true, "0 = never expires");
    }

    async fn parallel_guesses_never_get_more_than_three_tries(app) {
        let (_, key) = enrolled(&app, "ivan").await;
        let guesses: Vec<_> = (0..12)
            .map(|n| {
                let body = json!({"username": "ivan", "input": format!("13579{}", n % 10), "input_type": "text"});
                let request = app.client.post(app.url("/api/v1/soft-pin/verify")).bearer_auth(&key).json(&body);
                tokio::spawn(reply(request))
            })
            .collect();
        let mut checked = 0;
        let mut locked = 0;
        for guess in guesses {
            match guess.await.map(|r| r.status) {
                Ok(StatusCode::OK) => checked += 1,
                Ok(StatusCode::LOCKED) => locked += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!((checked, locked), (3, 9));
        assert_eq!(verify(&app, &key, "ivan", PIN, "text").await.status, StatusCode::LOCKED);
    }

    async fn two_servers_on_one_database_share_the_count(app) {
        let (_, key) = enrolled(&app, "jane").await;
        let other = app.spawn_sibling().await;
        assert_eq!(verify(&other, &key, "jane", PIN, "text").await.json()["verified"], true, "the other node knows the PIN");
        verify(&app, &key, "jane", "135790", "text").await;
        verify(&other, &key, "jane", "135790", "text").await;
        assert_eq!(verify(&app, &key, "jane", "135790", "text").await.json()["attempts_remaining"], 0);
        assert_eq!(verify(&other, &key, "jane", PIN, "text").await.status, StatusCode::LOCKED);
    }

    async fn only_orchestrators_and_admins_verify(app) {
        let (session, key) = enrolled(&app, "kim").await;
        let desk = app.api_key("service_desk").await;
        let body = json!({"username": "kim", "input": PIN, "input_type": "text"});
        assert_eq!(app.post("/api/v1/soft-pin/verify", Some(&session), body.clone()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post("/api/v1/soft-pin/verify", Some(&desk), body.clone()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post("/api/v1/soft-pin/verify", None, body.clone()).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.post("/api/v1/soft-pin/verify", Some(&key), body.clone()).await.status, StatusCode::OK);
        assert_eq!(app.post("/api/v1/soft-pin/verify", Some(BOOTSTRAP_TOKEN), body).await.status, StatusCode::OK);
        assert_eq!(app.put("/api/v1/me/soft-pin", Some(&key), json!({"pin": PIN})).await.status, StatusCode::FORBIDDEN);
    }

    async fn switching_enrollment_off_hides_it_but_pins_still_verify(app) {
        let (session, key) = enrolled(&app, "lena").await;
        app.set_property("soft_pin.enrollment.enabled", json!(false)).await;
        let refused = app.put("/api/v1/me/soft-pin", Some(&session), json!({"pin": "135790"})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        assert_eq!(refused.code(), "soft_pin.enrollment_disabled");
        assert_eq!(refused.json()["error"]["message"], DISABLED);
        assert_eq!(verify(&app, &key, "lena", PIN, "text").await.json()["verified"], true);
        let cookies = sign_in_by_form(&app, "lena").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
        assert!(!profile.contains("/profile/soft-pin"), "no menu entry or link");
        assert!(!profile.contains("id=\"soft-pin\""), "no Soft PIN section");
        let page = app.get_with_cookies("/profile/soft-pin", &cookies, None).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert!(page.text.contains(DISABLED));
    }

    async fn the_web_page_enrolls_and_explains_each_broken_rule(app) {
        app.create_user_with_password("mona").await;
        let cookies = sign_in_by_form(&app, "mona").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
        assert!(profile.contains("href=\"/profile/soft-pin\">Soft PIN</a>"), "menu entry");
        assert!(profile.contains("You have not set a Soft PIN yet."));
        let page = app.get_with_cookies("/profile/soft-pin", &cookies, None).await;
        assert!(page.text.contains("<h1>Enroll Soft PIN</h1>"));
        let token = csrf_field(&page.text);
        let bad = app.post_form("/profile/soft-pin", &cookies, &[("csrf", &token), ("pin", "111234"), ("pin_confirm", "111234")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.text.contains("A digit appears more than twice in a row."));
        assert!(bad.text.contains("It contains three digits counting up or down by one."));
        assert!(bad.text.contains("aria-invalid=\"true\""));
        let mismatch = app.post_form("/profile/soft-pin", &cookies, &[("csrf", &token), ("pin", PIN), ("pin_confirm", "482914")]).await;
        assert!(mismatch.text.contains("The two entries are not the same."));
        let forged = app.post_form("/profile/soft-pin", &cookies, &[("csrf", "x"), ("pin", PIN), ("pin_confirm", PIN)]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let good = app.post_form("/profile/soft-pin", &cookies, &[("csrf", &token), ("pin", PIN), ("pin_confirm", PIN)]).await;
        assert_eq!(good.header("location"), Some("/profile?notice=soft-pin-saved"));
        let profile = app.get_with_cookies("/profile?notice=soft-pin-saved", &cookies, None).await.text;
        assert!(profile.contains("Your Soft PIN has been saved."));
        assert!(profile.contains("Set on 2026-01-01. Valid until 2026-04-01."));
        assert!(profile.contains("<td>Soft PIN</td>"), "the enrollment is listed in words");
        let page = app.get_with_cookies("/profile/soft-pin", &cookies, None).await;
        assert!(page.text.contains("<h1>Change Soft PIN</h1>"));
        let again = app.post_form("/profile/soft-pin", &cookies, &[("csrf", &token), ("pin", PIN), ("pin_confirm", PIN)]).await;
        assert!(again.text.contains("It is the same as one of your last 5 Soft PINs."));
    }

    async fn german_speech_for_a_german_user(app) {
        app.create_user(json!({"username": "otto", "password": PASSWORD, "language": "de"})).await;
        let session = app.session_token("otto").await;
        app.put("/api/v1/me/soft-pin", Some(&session), json!({"pin": PIN})).await;
        let key = app.api_key("orchestrator").await;
        let reply = verify(&app, &key, "otto", "Meine PIN ist vier acht zwei neun eins drei", "voice").await;
        assert_eq!(reply.json()["verified"], true);
    }
}

#[tokio::test]
async fn without_the_voice_agents_module_there_is_no_soft_pin_at_all() {
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| s.modules.clear()).await;
    app.create_user_with_password("nina").await;
    let session = app.session_token("nina").await;
    let put = app
        .put("/api/v1/me/soft-pin", Some(&session), json!({"pin": PIN}))
        .await;
    assert_eq!(
        (put.status, put.code()),
        (StatusCode::NOT_FOUND, "route.not_found".to_owned())
    );
    let key = app.api_key("orchestrator").await;
    assert_eq!(
        verify(&app, &key, "nina", PIN, "text").await.status,
        StatusCode::NOT_FOUND
    );
    let doc = app.get("/api/v1/openapi.json", None).await.json();
    assert!(doc["paths"]["/api/v1/soft-pin/verify"].is_null());
    let process = app
        .admin(
            Method::POST,
            "/api/v1/processes",
            Some(crate::resets::process(
                "pin",
                json!([{"id": "soft_pin", "mandatory": true}]),
                1,
                json!({"public_access": false}),
            )),
        )
        .await;
    assert_eq!(
        process.detail_codes(),
        ["process.verifications.module_off"],
        "{}",
        process.text
    );
    let cookies = sign_in_by_form(&app, "nina").await;
    assert_eq!(
        app.get_with_cookies("/profile/soft-pin", &cookies, None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let profile = app.get_with_cookies("/profile", &cookies, None).await.text;
    assert!(!profile.contains("Soft PIN"));
    let _ = app.admin(Method::GET, "/api/v1/properties", None).await;
}

#[tokio::test]
async fn a_correct_pin_starts_the_count_again() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (_, key) = enrolled(&app, "rita").await;
    for _ in 0..2 {
        verify(&app, &key, "rita", "135790", "text").await;
    }
    assert_eq!(
        verify(&app, &key, "rita", PIN, "text").await.json(),
        json!({"verified": true, "attempts_remaining": 3})
    );
    for remaining in [2, 1] {
        let wrong = verify(&app, &key, "rita", "135790", "text").await;
        assert_eq!(
            wrong.json(),
            json!({"verified": false, "attempts_remaining": remaining})
        );
    }
    assert_eq!(
        verify(&app, &key, "rita", PIN, "text").await.status,
        StatusCode::OK,
        "two failures after a success do not lock"
    );
}

#[tokio::test]
async fn the_expiry_reminder_goes_out_once_by_email() {
    let smtp = crate::mail::SmtpSink::start();
    let app = TestApp::spawn_configured(Backend::Sqlite, crate::codes::mail_to(&smtp)).await;
    enrolled(&app, "lena").await;
    let remind =
        || sesame_server::service::verification::soft_pin::send_expiry_reminders(&app.state);
    let count = |result: Result<usize, sesame_server::service::ServiceError>| {
        result.unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(count(remind().await), 0, "90 days ahead, no reminder yet");
    app.clock.advance(Duration::from_secs(81 * 86_400));
    assert_eq!(count(remind().await), 1, "the window of 10 days opened");
    assert_eq!(count(remind().await), 0, "once");
    app.state.outbox_wake().notify_one();
    let mails = smtp.wait_for(2).await;
    let reminder = mails
        .iter()
        .find(|m| m.text.contains("expires soon"))
        .unwrap_or_else(|| panic!("no reminder among {} mails", mails.len()));
    assert_eq!(reminder.to, ["lena@example.com"]);
    // A new PIN gets its own reminder when its time comes.
    let session = app.session_token("lena").await;
    assert_eq!(
        app.put(
            "/api/v1/me/soft-pin",
            Some(&session),
            json!({ "pin": "135790" })
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(count(remind().await), 0);
    app.clock.advance(Duration::from_secs(81 * 86_400));
    assert_eq!(count(remind().await), 1);
}
