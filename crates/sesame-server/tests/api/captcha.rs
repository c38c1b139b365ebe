//! The proof-of-work CAPTCHA of self-service resets: challenges in ALTCHA's form from
//! `GET /api/v1/captcha`, solved here by trying every number as a browser does, and taken
//! once, before they expire, by `POST /api/v1/resets` and the reset page.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::helpers::*;
use crate::on_every_backend;
use crate::resets::{create_process, process};

/// A cheap challenge, so that solving it here takes a moment.
const MAX_NUMBER: i64 = 5_000;

/// A process `self` that asks for a CAPTCHA, or not, and cheap challenges.
async fn set_up(app: &TestApp, captcha: bool) {
    app.set_property("captcha.max_number", json!(MAX_NUMBER))
        .await;
    create_process(
        app,
        process(
            "self",
            json!([{"id": "email"}, {"id": "enter_username"}]),
            1,
            json!({ "captcha": captcha }),
        ),
    )
    .await;
}

/// A fresh challenge.
pub async fn challenge(app: &TestApp) -> Value {
    let reply = app.get("/api/v1/captcha", None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

/// The number whose digest with the salt is the challenge, found by trying each in turn.
pub fn solve(challenge: &Value) -> u64 {
    let salt = challenge["salt"].as_str().unwrap_or_default();
    let wanted = challenge["challenge"].as_str().unwrap_or_default();
    let max = challenge["maxnumber"].as_u64().unwrap_or_default();
    (0..=max)
        .find(|n| hex::encode(Sha256::digest(format!("{salt}{n}"))) == wanted)
        .unwrap_or_else(|| panic!("no number solves {challenge}"))
}

/// ALTCHA's payload: base64 of the JSON the browser sends back.
pub fn payload(challenge: &Value, number: u64) -> String {
    let fields = json!({
        "algorithm": challenge["algorithm"], "challenge": challenge["challenge"],
        "number": number, "salt": challenge["salt"], "signature": challenge["signature"],
    });
    STANDARD.encode(fields.to_string())
}

/// A solved challenge's payload.
pub async fn solved(app: &TestApp) -> String {
    let fresh = challenge(app).await;
    payload(&fresh, solve(&fresh))
}

async fn start_with(app: &TestApp, identifier: &str, captcha: Option<&str>) -> Reply {
    let mut body = json!({"process": "self", "identifier": identifier});
    if let Some(captcha) = captcha {
        body["captcha"] = json!(captcha);
    }
    app.post("/api/v1/resets", None, body).await
}

/// A refusal: 422 with this code, and its message.
fn refused(reply: &Reply, code: &str) -> String {
    assert_eq!(
        (reply.status, reply.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, code.to_owned()),
        "{}",
        reply.text
    );
    reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

on_every_backend! {
    async fn a_challenge_has_altchas_form_and_is_never_cached(app) {
        set_up(&app, true).await;
        let reply = app.get("/api/v1/captcha", None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let made = reply.json();
        let mut fields: Vec<&String> = made.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        fields.sort();
        assert_eq!(fields, ["algorithm", "challenge", "maxnumber", "salt", "signature"]);
        assert_eq!((made["algorithm"].clone(), made["maxnumber"].clone()), (json!("SHA-256"), json!(MAX_NUMBER)));
        let expires = START.plus(Duration::from_secs(600)).unix_seconds();
        let salt = made["salt"].as_str().unwrap_or_default();
        assert!(salt.ends_with(&format!("?expires={expires}&")), "{salt}");
        for hex_field in ["challenge", "signature"] {
            let text = made[hex_field].as_str().unwrap_or_default();
            assert!(text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()), "{hex_field}: {text}");
        }
        assert_ne!(challenge(&app).await["salt"], made["salt"], "every challenge is new");

        let document = app.get("/api/v1/openapi.json", None).await.json();
        assert_eq!(document["paths"]["/api/v1/captcha"]["get"]["operationId"], "get_captcha");
        assert!(document["components"]["schemas"]["ProcessBody"]["properties"]["captcha"].is_object());
        assert!(document["components"]["schemas"]["StartReset"]["properties"]["captcha"].is_object());
    }

    async fn a_solution_starts_one_reset_and_every_flaw_is_refused(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, true).await;
        let missing = start_with(&app, "mia", None).await;
        assert!(refused(&missing, "captcha.required").contains("GET /api/v1/captcha"));
        refused(&start_with(&app, "mia", Some(" ")).await, "captcha.required");

        let fresh = challenge(&app).await;
        let number = solve(&fresh);
        let with = |field: &str, value: Value| {
            let mut changed = fresh.clone();
            changed[field] = value;
            payload(&changed, number)
        };
        let tampered = fresh["signature"].as_str().unwrap_or_default().replacen(|c: char| c != '0', "0", 1);
        for (payload_text, reason) in [
            (with("signature", json!(tampered)), "signature does not match"),
            (payload(&fresh, number + 1), "does not solve"),
            (with("algorithm", json!("SHA-1")), "SHA-256"),
            ("not base64!".to_owned(), "not the base64 of a JSON object"),
            (STANDARD.encode("{\"number\": 1}"), "not the base64 of a JSON object"),
        ] {
            let message = refused(&start_with(&app, "mia", Some(&payload_text)).await, "captcha.invalid");
            assert!(message.contains(reason), "{reason}: {message}");
        }
        assert!(app.audit("action=reset.start").await.is_empty(), "a refused CAPTCHA starts nothing");

        let good = payload(&fresh, number);
        let started = start_with(&app, "mia", Some(&good)).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let replay = start_with(&app, "mia", Some(&good)).await;
        assert!(refused(&replay, "captcha.invalid").contains("used before"));
        assert_eq!(app.audit("action=reset.start").await.len(), 1);
    }

    async fn a_solution_expires_with_its_challenge(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, true).await;
        let late = solved(&app).await;
        let in_time = solved(&app).await;
        app.clock.advance(Duration::from_secs(599));
        assert_eq!(start_with(&app, "mia", Some(&in_time)).await.status, StatusCode::CREATED);
        app.clock.advance(Duration::from_secs(1));
        let message = refused(&start_with(&app, "mia", Some(&late)).await, "captcha.invalid");
        assert!(message.contains("expired"), "{message}");
    }

    async fn a_refusal_says_nothing_about_the_identity(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, true).await;
        let stale = solved(&app).await;
        assert_eq!(start_with(&app, "nobody", Some(&stale)).await.status, StatusCode::CREATED);
        for captcha in [None, Some("bm9wZQ=="), Some(stale.as_str())] {
            let known = start_with(&app, "mia", captcha).await;
            let unknown = start_with(&app, "nobody", captcha).await;
            assert_eq!((known.status, known.text.clone()), (unknown.status, unknown.text), "{captcha:?}");
            assert_eq!(known.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        // Refusals count no failed request: the block after three would follow otherwise.
        app.set_property("password_reset.max_failed_requests", json!(1)).await;
        for _ in 0..3 {
            refused(&start_with(&app, "mia", None).await, "captcha.required");
        }
        let fresh = solved(&app).await;
        assert_eq!(start_with(&app, "mia", Some(&fresh)).await.status, StatusCode::CREATED);
    }

    async fn a_solution_used_on_one_node_is_refused_on_another(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, true).await;
        let sibling = app.spawn_sibling().await;
        let good = solved(&sibling).await;
        assert_eq!(start_with(&app, "mia", Some(&good)).await.status, StatusCode::CREATED);
        refused(&start_with(&sibling, "mia", Some(&good)).await, "captcha.invalid");
    }

    async fn a_process_without_captcha_takes_requests_as_before(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, false).await;
        assert_eq!(app.admin_get("/api/v1/processes/self").await.json()["captcha"], false);
        assert_eq!(start_with(&app, "mia", None).await.status, StatusCode::CREATED);
        assert_eq!(start_with(&app, "mia", Some("ignored")).await.status, StatusCode::CREATED);

        // Switched on, the same process asks for one; the service desk never does.
        let mut body = app.admin_get("/api/v1/processes/self").await.json();
        body["captcha"] = json!(true);
        let changed = app.admin(Method::PUT, "/api/v1/processes/self", Some(body)).await;
        assert_eq!((changed.status, changed.json()["captcha"].clone()), (StatusCode::OK, json!(true)), "{}", changed.text);
        refused(&start_with(&app, "mia", None).await, "captcha.required");
        let desk = app.api_key("service_desk").await;
        let agent = app.post("/api/v1/desk/resets", Some(&desk), json!({"process": "self", "username": "mia"})).await;
        assert_eq!(agent.status, StatusCode::CREATED, "{}", agent.text);
    }

    async fn used_solutions_are_purged_a_day_after_they_expire(app) {
        app.create_user_with_password("mia").await;
        set_up(&app, true).await;
        assert_eq!(start_with(&app, "mia", Some(&solved(&app).await)).await.status, StatusCode::CREATED);
        let purge = || async { sesame_server::app::purge_expired(&app.state).await.map_err(|e| e.message).unwrap_or_else(|e| panic!("{e}")) };
        app.clock.advance(Duration::from_secs(600 + 24 * 3600));
        assert_eq!(purge().await.captcha_solutions, 0, "kept a day after the expiry");
        app.clock.advance(Duration::from_secs(1));
        assert_eq!(purge().await.captcha_solutions, 1);
    }

    async fn challenges_are_limited_per_address(app) {
        app.set_property("limits.captcha_per_minute", json!(2)).await;
        for _ in 0..2 {
            assert_eq!(app.get("/api/v1/captcha", None).await.status, StatusCode::OK);
        }
        let over = app.get("/api/v1/captcha", None).await;
        assert_eq!((over.status, over.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited".to_owned()));
        assert!(over.header("retry-after").is_some());
    }

    async fn the_reset_page_explains_the_check_and_takes_a_solution_once(app) {
        app.create_user_with_password("mia").await;
        app.set_property("help_desk.contact", json!("+1 415 555 0100")).await;
        set_up(&app, true).await;
        let page = app.get_with_cookies("/reset", "", None).await;
        assert_eq!(page.status, StatusCode::OK);
        for part in [
            "id=\"captcha\"", "name=\"captcha\"", "src=\"/static/captcha.js\"", "role=\"status\"",
            "your browser does a short calculation",
            "<noscript><p class=\"warning\" id=\"captcha-noscript\">This step needs JavaScript",
            "your help desk can help: +1 415 555 0100",
        ] {
            assert!(page.text.contains(part), "{part}: {}", page.text);
        }
        let cookies = page.cookies();
        let csrf_cookie = format!("sesame_csrf={}", cookies.get("sesame_csrf").map(|c| c.0.clone()).unwrap_or_default());
        let token = csrf_field(&page.text);
        let send = |captcha: String| {
            let fields = [("csrf", token.clone()), ("process", "self".to_owned()), ("identifier", "mia".to_owned()), ("captcha", captcha)];
            let cookie = csrf_cookie.clone();
            let app = &app;
            async move {
                let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.post_form("/reset", &cookie, &fields).await
            }
        };
        let without = send(String::new()).await;
        assert_eq!(without.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(without.text.contains("The browser check was not done, so your request was not sent."), "{}", without.text);
        assert!(without.text.contains("value=\"mia\""), "the name stays in the form");
        let good = solved(&app).await;
        let started = send(good.clone()).await;
        assert_eq!((started.status, started.header("location")), (StatusCode::SEE_OTHER, Some("/reset/verify")), "{}", started.text);
        let replay = send(good).await;
        assert_eq!(replay.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(replay.text.contains("The browser check did not hold"), "{}", replay.text);

        for script in ["/static/captcha.js", "/static/captcha-worker.js"] {
            let served = app.get(script, None).await;
            assert_eq!(served.status, StatusCode::OK);
            assert_eq!(served.header("content-type"), Some("text/javascript; charset=utf-8"));
        }
    }

    async fn the_reset_page_shows_no_check_without_a_process_that_asks_for_one(app) {
        set_up(&app, false).await;
        let page = app.get_with_cookies("/reset", "", None).await;
        assert!(!page.text.contains("captcha"), "{}", page.text);
    }
}
