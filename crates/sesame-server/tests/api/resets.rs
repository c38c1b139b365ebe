//! Password reset processes and requests: identify, verify, new password or unlock, with
//! e-mail through a real SMTP server.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sesame_server::config::{EmailSettings, Settings};

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

pub fn process(id: &str, verifications: Value, min: usize, extra: Value) -> Value {
    let mut body = json!({
        "id": id,
        "name": format!("Process {id}"),
        "groups": [],
        "identification": "username",
        "public_access": true,
        "verifications": verifications,
        "min_verifications": min,
        "credential_store": "local",
        "allow_unlock": false,
        "auto_generate": "off",
    });
    for (key, value) in extra.as_object().cloned().unwrap_or_default() {
        body[key] = value;
    }
    body
}

pub async fn create_process(app: &TestApp, body: Value) {
    let reply = app
        .admin(Method::POST, "/api/v1/processes", Some(body))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

pub async fn start(app: &TestApp, process: &str, identifier: &str) -> Reply {
    app.post(
        "/api/v1/resets",
        None,
        json!({"process": process, "identifier": identifier}),
    )
    .await
}

pub fn reset_id(reply: &Reply) -> String {
    reply.json()["reset_id"]
        .as_str()
        .unwrap_or_else(|| panic!("no reset id in {}", reply.text))
        .to_owned()
}

pub async fn challenge(app: &TestApp, reset: &str, verification: &str) -> Reply {
    app.post(
        &format!("/api/v1/resets/{reset}/challenges/{verification}"),
        None,
        json!({}),
    )
    .await
}

pub async fn answer(app: &TestApp, reset: &str, verification: &str, body: Value) -> Reply {
    app.post(
        &format!("/api/v1/resets/{reset}/answers/{verification}"),
        None,
        body,
    )
    .await
}

/// Enrolls the signed-in user's e-mail address through the three steps.
pub async fn enroll_email(app: &TestApp, smtp: &SmtpSink, token: &str, address: &str) {
    let before = smtp.received().len();
    let sent = app
        .post(
            "/api/v1/me/enrollments/email/code",
            Some(token),
            json!({ "address": address }),
        )
        .await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.text);
    let mail = smtp.wait_for(before + 1).await.remove(before);
    let code = code_in(&mail.text, 6);
    let verified = app
        .post(
            "/api/v1/me/enrollments/email/verify",
            Some(token),
            json!({ "code": code }),
        )
        .await;
    assert_eq!(verified.status, StatusCode::OK, "{}", verified.text);
    let submitted = app
        .post(
            "/api/v1/me/enrollments/email/submit",
            Some(token),
            json!({}),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::OK, "{}", submitted.text);
}

const ANSWERS: [&str; 5] = ["Rex", "Paris", "Hill School", "Smith", "Volvo"];

async fn enroll_questions(app: &TestApp, token: &str) {
    let body = json!({ "answers": (1..=5).map(|id| json!({"question_id": id, "answer": ANSWERS[id - 1]})).collect::<Vec<_>>() });
    let enrolled = app
        .put("/api/v1/me/enrollments/qa", Some(token), body)
        .await;
    assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.text);
}

/// Answers posed questions right (or, with `wrong`, the last one wrong).
fn answers_to(posed: &Value, wrong: bool) -> Value {
    let questions = posed["questions"].as_array().cloned().unwrap_or_default();
    let count = questions.len();
    json!({ "answers": questions.iter().enumerate().map(|(i, q)| {
        let id = q["id"].as_i64().unwrap_or(0);
        let right = ANSWERS[usize::try_from(id - 1).unwrap_or(0)];
        json!({"question_id": id, "answer": if wrong && i + 1 == count { "nonsense" } else { right }})
    }).collect::<Vec<_>>() })
}

with_every_backend! {
    async fn a_user_resets_a_forgotten_password_with_an_emailed_code_and_questions(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        app.create_user_with_password("alice").await;
        let token = app.session_token("alice").await;
        enroll_email(&app, &smtp, &token, "alice@example.com").await;
        enroll_questions(&app, &token).await;
        create_process(&app, process("self", json!([{"id": "email", "mandatory": true}, {"id": "qa"}, {"id": "sms"}]), 2, json!({}))).await;

        let started = start(&app, "self", "Alice").await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let reset = reset_id(&started);
        assert!(reset.starts_with("sesame_reset_"));
        assert_eq!(started.json()["required"], 2);
        assert_eq!(started.json()["verifications"][0], json!({"id": "email", "type": "email_code", "mandatory": true}));

        let mails = smtp.received().len();
        let sent = challenge(&app, &reset, "email").await;
        assert_eq!(sent.json(), json!({"expects": "code", "sent": true}));
        let code = code_in(&smtp.wait_for(mails + 1).await[mails].text, 6);
        let early = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"new_password": "amber-lantern-orbit-meadow"})).await;
        assert_eq!((early.status, early.code()), (StatusCode::FORBIDDEN, "reset.not_verified".to_owned()));
        let passed = answer(&app, &reset, "email", json!({"code": code})).await;
        assert_eq!(passed.json(), json!({"passed": true, "remaining": 1, "tries_left": 3}));
        let resend = challenge(&app, &reset, "email").await;
        assert_eq!(resend.code(), "code.resend_too_soon");

        let posed = challenge(&app, &reset, "qa").await;
        assert_eq!(posed.json()["expects"], "answers");
        assert_eq!(posed.json()["questions"].as_array().map(Vec::len), Some(3));
        let again = challenge(&app, &reset, "qa").await;
        assert_eq!(again.json(), posed.json(), "asking again draws no other questions");
        let other_request = reset_id(&start(&app, "self", "alice").await);
        assert_eq!(challenge(&app, &other_request, "qa").await.json(), posed.json(), "nor does a new request the same day");
        let all_right = answer(&app, &reset, "qa", answers_to(&posed.json(), false)).await;
        assert_eq!(all_right.json(), json!({"passed": true, "remaining": 0, "tries_left": 3}));

        let password = |new: &'static str| {
            let path = format!("/api/v1/resets/{reset}/password");
            let app = &app;
            async move { app.post(&path, None, json!({"new_password": new})).await }
        };
        let weak = password("alice2024").await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(weak.detail_codes(), ["password.too_short", "password.contains_identity", "password.too_weak"]);
        let reused = password(PASSWORD).await;
        assert_eq!(reused.code(), "password.reused", "the current password is in the history");
        let generate = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"generate": true})).await;
        assert_eq!(generate.code(), "reset.generate_not_allowed");
        let done = password("amber-lantern-orbit-meadow").await;
        assert_eq!((done.status, done.json()), (StatusCode::OK, json!({})));

        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED, "every session ended");
        assert_eq!(app.sign_in("alice", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.sign_in("alice", "amber-lantern-orbit-meadow").await.status, StatusCode::CREATED, "nothing signed in for the user, but the new password works");
        assert_eq!(password("another-fresh-long-phrase").await.code(), "reset.finished", "one request, one reset");

        let notice = smtp.wait_for(mails + 2).await;
        assert!(notice.iter().any(|m| m.text.contains("Subject: Your Sesame password was reset")), "the user is told");
        let trail: Vec<String> = app.audit("subject=alice").await.iter().map(|r| format!("{} {}", r["action"].as_str().unwrap_or(""), r["result"].as_str().unwrap_or(""))).collect();
        for step in ["reset.start success", "reset.verify success", "reset.password success"] {
            assert!(trail.iter().any(|t| t == step), "{step} missing from {trail:?}");
        }
        assert!(!app.audit("").await.iter().any(|r| r.to_string().contains("amber-lantern")), "no password in the audit log");

        // The next reset may not go back to a recent password.
        let second = reset_id(&start(&app, "self", "alice").await);
        let mails = smtp.received().len();
        challenge(&app, &second, "email").await;
        let code = code_in(&smtp.wait_for(mails + 1).await[mails].text, 6);
        answer(&app, &second, "email", json!({"code": code})).await;
        let posed = challenge(&app, &second, "qa").await;
        answer(&app, &second, "qa", answers_to(&posed.json(), false)).await;
        let back = app.post(&format!("/api/v1/resets/{second}/password"), None, json!({"new_password": PASSWORD})).await;
        assert_eq!(back.code(), "password.reused");
    }

    async fn identifying_answers_the_same_for_every_identity(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        app.create_user_with_password("bob").await;
        let token = app.session_token("bob").await;
        enroll_email(&app, &smtp, &token, "bob@example.com").await;
        app.create_user(json!({"username": "carol", "password": PASSWORD, "groups": ["contractors"]})).await;
        app.create_user_with_password("dave").await;
        create_process(&app, process("staff", json!([{"id": "email"}, {"id": "qa"}]), 1, json!({"groups": ["staff"]}))).await;
        create_process(&app, process("all", json!([{"id": "email"}, {"id": "qa"}]), 1, json!({}))).await;
        let joined = app.admin(Method::PATCH, "/api/v1/users/bob", Some(json!({"groups": ["staff"]}))).await;
        assert_eq!(joined.status, StatusCode::OK, "{}", joined.text);

        let strip = |reply: &Reply| {
            let mut body = reply.json();
            body["reset_id"] = json!("…");
            (reply.status, body.to_string())
        };
        let known = start(&app, "staff", "bob").await;
        let variants = [("carol", "in no group of the process"), ("dave", "enrolled in nothing, not in the group"), ("nobody", "unknown")];
        for (identifier, what) in variants {
            let other = start(&app, "staff", identifier).await;
            assert_eq!(strip(&other), strip(&known), "{what}");
            let reset = reset_id(&other);
            let before = smtp.received().len();
            let sent = challenge(&app, &reset, "email").await;
            assert_eq!((sent.status, sent.json()), (StatusCode::OK, json!({"expects": "code", "sent": true})), "{what}");
            let posed = challenge(&app, &reset, "qa").await;
            assert_eq!(posed.json()["questions"].as_array().map(Vec::len), Some(3), "questions are posed to {what} too");
            let again = reset_id(&start(&app, "staff", identifier).await);
            assert_eq!(challenge(&app, &again, "qa").await.json(), posed.json(), "the same questions again for {what}");
            let failed = answer(&app, &reset, "email", json!({"code": "123456"})).await;
            assert_eq!(failed.json(), json!({"passed": false, "remaining": 1, "tries_left": 2}), "{what}");
            assert_eq!(smtp.received().len(), before, "no message goes to {what}");
        }
        let dave = start(&app, "all", "dave").await;
        assert_eq!(strip(&dave), strip(&start(&app, "all", "nobody").await), "not enrolled is not told either");
        // Only administrators see which requests could have succeeded.
        let started = app.audit("action=reset.start&subject=identifier:nobody").await;
        assert_eq!(started[0]["detail"]["eligible"], false);
        let real = reset_id(&known);
        let mails = smtp.received().len();
        challenge(&app, &real, "email").await;
        assert_eq!(smtp.wait_for(mails + 1).await[mails].to, ["bob@example.com"]);
    }

    async fn processes_are_checked_field_by_field(backend) {
        let app = TestApp::spawn(backend).await;
        let good = process("staff", json!([{"id": "email", "mandatory": true}, {"id": "qa"}]), 2, json!({}));
        create_process(&app, good.clone()).await;
        let again = app.admin(Method::POST, "/api/v1/processes", Some(good.clone())).await;
        assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "process.exists".to_owned()));
        let shown = app.admin_get("/api/v1/processes/staff").await.json();
        assert_eq!((shown["min_verifications"].clone(), shown["verifications"][1].clone()), (json!(2), json!({"id": "qa", "mandatory": false})));
        assert_eq!(shown["password_policy"], json!({"min_length": 12, "max_length": 256, "min_strength": 3, "history": 5}));

        let cases = [
            (json!([{"id": "email"}, {"id": "confirm_email"}]), 1, true, vec!["process.public_access.personal_data_confirmation"]),
            (json!([{"id": "qa"}, {"id": "enter_username"}]), 1, true, vec!["process.public_access.weak_verifications"]),
            (json!([{"id": "email"}]), 2, false, vec!["process.min_verifications.too_many"]),
            (json!([{"id": "email", "mandatory": true}, {"id": "sms", "mandatory": true}]), 1, false, vec!["process.min_verifications.too_few"]),
            (json!([{"id": "nope"}]), 1, false, vec!["process.verifications.unknown"]),
        ];
        for (verifications, min, public, codes) in cases {
            let body = process("bad", verifications.clone(), min, json!({"public_access": public}));
            let refused = app.admin(Method::POST, "/api/v1/processes", Some(body)).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{verifications}");
            assert_eq!(refused.detail_codes(), codes, "{verifications}");
        }
        // The same weak verifications are fine for a service-desk-only process.
        create_process(&app, process("desk", json!([{"id": "qa"}, {"id": "confirm_email"}]), 1, json!({"public_access": false}))).await;
        let ldap = app.admin(Method::POST, "/api/v1/processes", Some(process("dir", json!([{"id": "email"}]), 1, json!({"credential_store": "ldap"})))).await;
        assert_eq!(ldap.code(), "process.credential_store", "no directory is configured");
        assert!(app.admin_get("/api/v1/processes/bad").await.status == StatusCode::NOT_FOUND, "nothing was saved");

        let mut changed = good.clone();
        changed["min_verifications"] = json!(1);
        changed["name"] = json!("Staff self-service");
        let updated = app.admin(Method::PUT, "/api/v1/processes/staff", Some(changed)).await;
        assert_eq!(updated.json()["name"], "Staff self-service");
        let mut broken = good.clone();
        broken["min_verifications"] = json!(5);
        assert_eq!(app.admin(Method::PUT, "/api/v1/processes/staff", Some(broken)).await.code(), "process.min_verifications.too_many");
        assert_eq!(app.admin_get("/api/v1/processes/staff").await.json()["min_verifications"], 1, "a refused change loses nothing");

        assert_eq!(app.admin(Method::DELETE, "/api/v1/processes/staff", None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.admin_get("/api/v1/processes/staff").await.json()["active"], false);
        assert_eq!(start(&app, "staff", "anyone").await.code(), "process.not_found", "a deactivated process takes no requests");
        assert_eq!(start(&app, "desk", "anyone").await.code(), "process.not_found", "a service-desk process has no public reset");
        let desk = app.api_key("service_desk").await;
        assert_eq!(app.get("/api/v1/processes", Some(&desk)).await.status, StatusCode::FORBIDDEN);
        assert!(app.audit("action=process.create").await.len() == 2);
    }

    async fn three_failed_requests_block_self_service_reset_until_lifted(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("erin").await;
        create_process(&app, process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        for identifier in ["erin", "stranger"] {
            for round in 0..3 {
                let reset = reset_id(&start(&app, "self", identifier).await);
                assert_eq!(challenge(&app, &reset, "enter_username").await.json(), json!({"expects": "value"}));
                // Three wrong answers in all end a request; the page counts them down.
                for tries_left in [2, 1, 0] {
                    let wrong = answer(&app, &reset, "enter_username", json!({"value": "someone-else"})).await;
                    assert_eq!((wrong.json()["passed"].clone(), wrong.json()["tries_left"].clone()), (json!(false), json!(tries_left)), "round {round}");
                }
                let after = answer(&app, &reset, "enter_username", json!({"value": identifier})).await;
                assert_eq!((after.status, after.code()), (StatusCode::CONFLICT, "reset.failed".to_owned()), "a failed request stays failed");
            }
            let blocked = start(&app, "self", identifier).await;
            assert_eq!((blocked.status, blocked.code()), (StatusCode::LOCKED, "reset.blocked".to_owned()), "{identifier}");
            assert!(blocked.json()["error"]["locked_until"].is_string());
        }
        assert_eq!(app.audit("action=reset.blocked").await.len(), 2);
        let lifted = app.admin(Method::POST, "/api/v1/users/erin/unlock", None).await;
        assert_eq!(lifted.status, StatusCode::OK, "{}", lifted.text);
        let reset = reset_id(&start(&app, "self", "erin").await);
        let right = answer(&app, &reset, "enter_username", json!({"value": "ERIN"})).await;
        assert_eq!(right.json(), json!({"passed": true, "remaining": 0, "tries_left": 3}));
        let report = app.admin_get("/api/v1/reports/summary").await.json();
        assert_eq!(report["requests"], json!({"started": 7, "succeeded": 0, "failed": 6}));
        assert_eq!(report["failed_verifications"], json!([{"key": "enter_username", "count": 6}]));
        assert_eq!(report["users_blocked"], 2);
        let bad_period = app.admin_get("/api/v1/reports/summary?since=yesterday").await;
        assert_eq!((bad_period.status, bad_period.code()), (StatusCode::BAD_REQUEST, "request.invalid_query".to_owned()));
        // The stranger's block runs out after password_reset.block_minutes.
        app.clock.advance(Duration::from_secs(1440 * 60));
        assert_eq!(start(&app, "self", "stranger").await.status, StatusCode::CREATED);
    }

    async fn a_request_expires_and_bad_input_loses_nothing(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("fred").await;
        create_process(&app, process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        let reset = reset_id(&start(&app, "self", "fred").await);
        let malformed = answer(&app, &reset, "enter_username", json!({"value": "fred", "code": "1"})).await;
        assert_eq!((malformed.status, malformed.code()), (StatusCode::BAD_REQUEST, "request.invalid_body".to_owned()));
        let wrong_form = answer(&app, &reset, "enter_username", json!({"code": "123456"})).await;
        assert_eq!(wrong_form.code(), "verification.answer_form");
        let outside = answer(&app, &reset, "qa", json!({"answers": []})).await;
        assert_eq!(outside.code(), "verification.not_in_process");
        assert_eq!(answer(&app, "sesame_reset_nonsense", "enter_username", json!({"value": "fred"})).await.code(), "reset.not_found");
        let empty = app.post("/api/v1/resets", None, json!({"process": "self", "identifier": " "})).await;
        assert_eq!(empty.code(), "reset.identifier");
        app.clock.advance(Duration::from_secs(10 * 60));
        let late = answer(&app, &reset, "enter_username", json!({"value": "fred"})).await;
        assert_eq!((late.status, late.code()), (StatusCode::GONE, "reset.expired".to_owned()));
        assert!(app.audit("action=reset.fail").await.is_empty(), "none of this counted as a failed request");
    }

    async fn a_generated_password_is_shown_once_and_an_account_can_be_unlocked(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("gina").await;
        create_process(&app, process("gen", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({"auto_generate": "show", "allow_unlock": true}))).await;
        for _ in 0..10 {
            app.sign_in("gina", "wrong-password-guess").await;
        }
        assert_eq!(app.sign_in("gina", PASSWORD).await.code(), "auth.locked");

        let reset = reset_id(&start(&app, "gen", "gina").await);
        answer(&app, &reset, "enter_username", json!({"value": "gina"})).await;
        let unlocked = app.post(&format!("/api/v1/resets/{reset}/unlock"), None, json!({})).await;
        assert_eq!(unlocked.status, StatusCode::NO_CONTENT, "{}", unlocked.text);
        assert_eq!(app.sign_in("gina", PASSWORD).await.status, StatusCode::CREATED, "the lock is gone");

        let reset = reset_id(&start(&app, "gen", "gina").await);
        answer(&app, &reset, "enter_username", json!({"value": "gina"})).await;
        let chosen = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"new_password": "amber-lantern-orbit-meadow"})).await;
        assert_eq!(chosen.code(), "reset.password_generated");
        let generated = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"generate": true})).await;
        let password = generated.json()["password"].as_str().unwrap_or_default().to_owned();
        assert_eq!(password.len(), 20, "{}", generated.text);
        assert_eq!(app.sign_in("gina", &password).await.status, StatusCode::CREATED);
        let again = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"generate": true})).await;
        assert_eq!(again.code(), "reset.finished", "shown once");

        create_process(&app, process("nounlock", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        let reset = reset_id(&start(&app, "nounlock", "gina").await);
        answer(&app, &reset, "enter_username", json!({"value": "gina"})).await;
        let refused = app.post(&format!("/api/v1/resets/{reset}/unlock"), None, json!({})).await;
        assert_eq!((refused.status, refused.code()), (StatusCode::FORBIDDEN, "reset.unlock_not_allowed".to_owned()));
    }

    async fn the_service_desk_checks_a_code_the_caller_reads_back_then_resets(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        app.create_user_with_password("henry").await;
        let token = app.session_token("henry").await;
        enroll_email(&app, &smtp, &token, "henry@example.com").await;
        app.create_user(json!({"username": "agnes", "password": PASSWORD, "groups": ["service-desk"]})).await;
        let agent = app.session_token("agnes").await;
        create_process(&app, process("desk", json!([{"id": "email", "mandatory": true}, {"id": "qa"}]), 1, json!({"public_access": false, "allow_unlock": true}))).await;

        assert_eq!(app.get("/api/v1/users/henry", Some(&token)).await.status, StatusCode::FORBIDDEN, "a user is no agent");
        let looked_up = app.get("/api/v1/users/henry", Some(&agent)).await.json();
        assert_eq!((looked_up["enrollments"][0]["verification"].clone(), looked_up["enrollments"][0]["state"].clone()), (json!("email"), json!("active")));
        let refused = app.post("/api/v1/desk/resets", Some(&token), json!({"process": "desk", "username": "henry"})).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let unknown = app.post("/api/v1/desk/resets", Some(&agent), json!({"process": "desk", "username": "nobody"})).await;
        assert_eq!(unknown.code(), "user.not_found", "agents are told plainly");

        let started = app.post("/api/v1/desk/resets", Some(&agent), json!({"process": "desk", "username": "henry"})).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let reset = reset_id(&started);
        assert_eq!(challenge(&app, &reset, "email").await.code(), "reset.not_found", "a desk request is not self-service");
        let mails = smtp.received().len();
        let sent = app.post(&format!("/api/v1/desk/resets/{reset}/challenges/email"), Some(&agent), json!({})).await;
        assert_eq!(sent.json(), json!({"expects": "code", "sent": true}));
        let code = code_in(&smtp.wait_for(mails + 1).await[mails].text, 6);
        let checked = app.post(&format!("/api/v1/desk/resets/{reset}/answers/email"), Some(&agent), json!({"code": code})).await;
        assert_eq!(checked.json(), json!({"passed": true, "remaining": 0, "tries_left": 3}));
        let reset_done = app.post(&format!("/api/v1/desk/resets/{reset}/password"), Some(&agent), json!({})).await;
        let password = reset_done.json()["password"].as_str().unwrap_or_default().to_owned();
        assert_eq!(password.len(), 20, "generated for the agent to pass on: {}", reset_done.text);
        assert_eq!(app.sign_in("henry", &password).await.status, StatusCode::CREATED);
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED, "the user's sessions ended");
        let notice = smtp.wait_for(mails + 2).await;
        assert!(notice[mails + 1].text.contains("Subject: Your Sesame password was reset"));
        for action in ["reset.start", "verification.code", "reset.verify", "reset.password"] {
            let records = app.audit(&format!("action={action}&actor=user:agnes")).await;
            assert_eq!(records.len(), 1, "{action} is recorded with the agent as actor");
        }

        // An API key with the service_desk role works the same; unlock too.
        let desk_key = app.api_key("service_desk").await;
        let reset = reset_id(&app.post("/api/v1/desk/resets", Some(&desk_key), json!({"process": "desk", "username": "henry"})).await);
        let early = app.post(&format!("/api/v1/desk/resets/{reset}/unlock"), Some(&desk_key), json!({})).await;
        assert_eq!(early.code(), "reset.not_verified");
        let mails = smtp.received().len();
        app.post(&format!("/api/v1/desk/resets/{reset}/challenges/email"), Some(&desk_key), json!({})).await;
        let code = code_in(&smtp.wait_for(mails + 1).await[mails].text, 6);
        app.post(&format!("/api/v1/desk/resets/{reset}/answers/email"), Some(&desk_key), json!({"code": code})).await;
        let unlocked = app.post(&format!("/api/v1/desk/resets/{reset}/unlock"), Some(&desk_key), json!({})).await;
        assert_eq!(unlocked.status, StatusCode::NO_CONTENT, "{}", unlocked.text);
        let notices = smtp.wait_for(mails + 2).await;
        assert!(notices[mails + 1].text.contains("Subject: Your Sesame account was unlocked"), "an unlock is told too");

        // A caller without an enrolled address: the agent is told nothing went out.
        app.create_user(json!({"username": "ivan", "password": PASSWORD, "email": "ivan@example.com"})).await;
        let reset = reset_id(&app.post("/api/v1/desk/resets", Some(&desk_key), json!({"process": "desk", "username": "ivan"})).await);
        let nowhere = app.post(&format!("/api/v1/desk/resets/{reset}/challenges/email"), Some(&desk_key), json!({})).await;
        assert_eq!((nowhere.status, nowhere.code()), (StatusCode::CONFLICT, "reset.not_enrolled".to_owned()), "{}", nowhere.text);
        assert_eq!(smtp.received().len(), mails + 2, "nothing was sent");
    }

    async fn an_authenticator_app_and_a_soft_pin_verify_a_reset_through_the_same_interface(backend) {
        use sesame_core::totp::TotpParams;
        use crate::authenticator::{now_seconds, secret_of};
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("lou").await;
        let token = app.session_token("lou").await;
        let started = app.post("/api/v1/me/enrollments/authenticator", Some(&token), json!({})).await;
        let (_, secret) = secret_of(started.json()["otpauth_uri"].as_str().unwrap_or_default());
        let confirm = TotpParams::default().code_at(&secret, now_seconds(&app));
        app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": confirm})).await;
        assert_eq!(app.put("/api/v1/me/soft-pin", Some(&token), json!({"pin": "273849"})).await.status, StatusCode::NO_CONTENT);
        create_process(&app, process("apps", json!([{"id": "authenticator", "mandatory": true}, {"id": "soft_pin", "mandatory": true}]), 2, json!({}))).await;

        app.clock.advance(Duration::from_secs(60));
        let reset = reset_id(&start(&app, "apps", "lou").await);
        assert_eq!(challenge(&app, &reset, "authenticator").await.json(), json!({"expects": "code"}));
        assert_eq!(challenge(&app, &reset, "soft_pin").await.json(), json!({"expects": "pin"}));
        let code = TotpParams::default().code_at(&secret, now_seconds(&app));
        assert_eq!(answer(&app, &reset, "authenticator", json!({"code": code})).await.json(), json!({"passed": true, "remaining": 1, "tries_left": 3}));
        assert_eq!(answer(&app, &reset, "soft_pin", json!({"pin": "273849"})).await.json(), json!({"passed": true, "remaining": 0, "tries_left": 3}));

        // The same app code cannot be used twice, not even in another request.
        let replay = reset_id(&start(&app, "apps", "lou").await);
        let replayed = answer(&app, &replay, "authenticator", json!({"code": code})).await;
        assert_eq!(replayed.json(), json!({"passed": false, "remaining": 2, "tries_left": 2}), "a replayed code fails");
        let trail = app.audit("action=authenticator.verify").await;
        assert_eq!(trail.iter().map(|r| r["result"].as_str().unwrap_or("")).collect::<Vec<_>>(), ["failure", "success"]);
    }

    async fn custom_authenticator_and_question_verifications_are_enrolled_in_and_passed(backend) {
        use sesame_core::totp::TotpParams;
        use crate::authenticator::{now_seconds, secret_of};
        let app = TestApp::spawn(backend).await;
        for (id, kind, params) in [
            ("work_app", "authenticator", json!({"algorithm": "SHA256", "digits": 8, "step_seconds": 30, "drift_steps": 1})),
            ("team_qa", "security_questions", json!({"enroll_count": 2, "verify_count": 2, "min_answer_length": 3})),
        ] {
            let created = app.admin(Method::POST, "/api/v1/verifications",
                Some(json!({"id": id, "name": id, "type": kind, "params": params}))).await;
            assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        }
        app.create_user_with_password("una").await;
        let token = app.session_token("una").await;

        // Each enrollment is reached by the verification's id, and only in its own type.
        let wrong_type = app.put("/api/v1/me/enrollments/work_app/answers", Some(&token), json!({"answers": []})).await;
        assert_eq!((wrong_type.status, wrong_type.code().as_str()), (StatusCode::NOT_FOUND, "verification.not_found"));
        let started = app.post("/api/v1/me/enrollments/work_app/setup", Some(&token), json!({})).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let uri = started.json()["otpauth_uri"].as_str().unwrap_or_default().to_owned();
        assert!(uri.contains("algorithm=SHA256") && uri.contains("digits=8"), "the custom parameters reach the app: {uri}");
        assert!(uri.contains("Sesame%20work_app"), "the app tells it apart from the base authenticator: {uri}");
        let (_, secret) = secret_of(&uri);
        let params: TotpParams = serde_json::from_value(json!({"algorithm": "SHA256", "digits": 8, "step_seconds": 30, "drift_steps": 1}))
            .unwrap_or_else(|e| panic!("{e}"));
        let confirmed = app.post("/api/v1/me/enrollments/work_app/confirm", Some(&token),
            json!({"code": params.code_at(&secret, now_seconds(&app))})).await;
        assert_eq!(confirmed.json(), json!({"state": "active"}), "{}", confirmed.text);
        let bank = app.get("/api/v1/questions", Some(&token)).await.json();
        let ids: Vec<i64> = (0..2).map(|n| bank[n]["id"].as_i64().unwrap_or_default()).collect();
        let enrolled = app.put("/api/v1/me/enrollments/team_qa/answers", Some(&token), json!({"answers": [
            {"question_id": ids[0], "answer": "Lisbon"}, {"question_id": ids[1], "answer": "Rex"}]})).await;
        assert_eq!(enrolled.json(), json!({"state": "active"}), "{}", enrolled.text);
        let mine = app.get("/api/v1/me/enrollments", Some(&token)).await.json();
        let states: Vec<(String, String)> = mine.as_array().into_iter().flatten()
            .map(|e| (e["verification"].as_str().unwrap_or("").to_owned(), e["state"].as_str().unwrap_or("").to_owned()))
            .collect();
        assert!(states.contains(&("work_app".to_owned(), "active".to_owned())), "{states:?}");
        assert!(states.contains(&("team_qa".to_owned(), "active".to_owned())), "{states:?}");
        // The base verifications stay as they were.
        assert!(!states.iter().any(|(v, _)| v == "authenticator" || v == "qa"), "{states:?}");

        create_process(&app, process("custom", json!([{"id": "work_app", "mandatory": true}, {"id": "team_qa", "mandatory": true}]), 2, json!({}))).await;
        app.clock.advance(Duration::from_secs(60));
        let reset = reset_id(&start(&app, "custom", "una").await);
        assert_eq!(challenge(&app, &reset, "work_app").await.json(), json!({"expects": "code"}));
        let posed = challenge(&app, &reset, "team_qa").await.json();
        let answers: Vec<Value> = posed["questions"].as_array().into_iter().flatten().map(|q| {
            let id = q["id"].as_i64().unwrap_or_default();
            json!({"question_id": id, "answer": if id == ids[0] { "lisbon" } else { "REX" }})
        }).collect();
        assert_eq!(answers.len(), 2, "{posed}");
        let code = params.code_at(&secret, now_seconds(&app));
        assert_eq!(answer(&app, &reset, "work_app", json!({"code": code})).await.json(), json!({"passed": true, "remaining": 1, "tries_left": 3}));
        assert_eq!(answer(&app, &reset, "team_qa", json!({"answers": answers})).await.json(), json!({"passed": true, "remaining": 0, "tries_left": 3}));
    }

    async fn users_identified_by_email_get_a_generated_password_by_email(backend) {
        let smtp = SmtpSink::start();
        let app = TestApp::spawn_configured(backend, mail_to(&smtp)).await;
        app.create_user(json!({"username": "mona", "password": PASSWORD, "email": "Mona@Example.com"})).await;
        app.create_user(json!({"username": "ned", "password": PASSWORD, "email": "shared@example.com"})).await;
        app.create_user(json!({"username": "ola", "password": PASSWORD, "email": "shared@example.com"})).await;
        create_process(&app, process("mail", json!([{"id": "email"}, {"id": "enter_username"}]), 1,
            json!({"identification": "email", "auto_generate": "email", "unlock_after_reset": true}))).await;
        for _ in 0..10 {
            app.sign_in("mona", "wrong-password-guess").await;
        }
        assert_eq!(app.sign_in("mona", PASSWORD).await.code(), "auth.locked");

        let by_name = reset_id(&start(&app, "mail", "mona").await);
        let decoy = answer(&app, &by_name, "enter_username", json!({"value": "mona"})).await;
        assert_eq!(decoy.json()["passed"], false, "this process knows users by e-mail address only");
        let shared = reset_id(&start(&app, "mail", "shared@example.com").await);
        let nobody = answer(&app, &shared, "enter_username", json!({"value": "ned"})).await;
        assert_eq!(nobody.json()["passed"], false, "an address two users share names nobody");

        let reset = reset_id(&start(&app, "mail", "mona@EXAMPLE.com").await);
        assert_eq!(answer(&app, &reset, "enter_username", json!({"value": "mona"})).await.json()["passed"], true);
        let mails = smtp.received().len();
        let sent = app.post(&format!("/api/v1/resets/{reset}/password"), None, json!({"generate": true})).await;
        assert_eq!(sent.json(), json!({"sent_by": "email"}), "{}", sent.text);
        let received = smtp.wait_for(mails + 2).await;
        let message = received[mails..].iter().find(|m| m.text.contains("Subject: Your new Sesame password")).map(|m| m.text.clone()).unwrap_or_default();
        let password = message.split("Your new password is: ").nth(1).and_then(|rest| rest.split_whitespace().next()).unwrap_or_default().to_owned();
        assert_eq!(password.len(), 20, "{message}");
        assert_eq!(app.sign_in("mona", &password).await.status, StatusCode::CREATED, "the reset also unlocked sign-in");
        wait_for_sent(&app).await;
        assert!(!app.admin_get("/api/v1/outbox").await.text.contains(&password), "the outbox never shows it");
    }
}

/// Waits until the outbox has nothing queued.
async fn wait_for_sent(app: &TestApp) {
    let started = std::time::Instant::now();
    while app.admin_get("/api/v1/outbox?state=queued").await.json()["total"] != 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "messages stay queued"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
