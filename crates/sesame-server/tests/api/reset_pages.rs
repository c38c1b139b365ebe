//! The "forgot password" pages, driven as a browser would without JavaScript.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;
use crate::resets::{create_process, process};

/// A browser's cookie jar, kept by hand: name to value.
#[derive(Default)]
struct Browser {
    cookies: std::collections::BTreeMap<String, String>,
}

impl Browser {
    fn header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&mut self, reply: &Reply) {
        for (name, (value, attributes)) in reply.cookies() {
            if value.is_empty() || attributes.contains("Max-Age=0") {
                self.cookies.remove(&name);
            } else {
                self.cookies.insert(name, value);
            }
        }
    }

    async fn get(&mut self, app: &TestApp, path: &str) -> Reply {
        let reply = app.get_with_cookies(path, &self.header(), None).await;
        self.keep(&reply);
        reply
    }

    async fn post(&mut self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Reply {
        let reply = app.post_form(path, &self.header(), fields).await;
        self.keep(&reply);
        reply
    }
}

/// Opens the reset page and asks for `identifier`; returns the browser and its form token.
async fn identify(app: &TestApp, identifier: &str) -> (Browser, String, Reply) {
    let mut browser = Browser::default();
    let start = browser.get(app, "/reset").await;
    assert_eq!(start.status, StatusCode::OK);
    let token = csrf_field(&start.text);
    let sent = browser
        .post(
            app,
            "/reset",
            &[
                ("csrf", &token),
                ("process", "self"),
                ("identifier", identifier),
            ],
        )
        .await;
    (browser, token, sent)
}

on_every_backend! {
    async fn the_forgot_password_pages_lead_from_identify_to_a_new_password(app) {
        app.create_user(json!({"username": "ivy", "password": PASSWORD, "email": "ivy@example.com", "display_name": "Ivy Lane"})).await;
        create_process(&app, process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        assert!(app.get_with_cookies("/signin", "", None).await.text.contains("href=\"/reset\""), "sign-in links to the reset");

        let (mut browser, token, sent) = identify(&app, "ivy").await;
        assert_eq!((sent.status, sent.header("location")), (StatusCode::SEE_OTHER, Some("/reset/verify")));
        let attributes = sent.cookies().get("sesame_reset").map(|(_, a)| a.clone()).unwrap_or_default();
        assert!(attributes.contains("HttpOnly") && attributes.contains("SameSite=Strict") && attributes.contains("Path=/reset"), "{attributes}");
        let verify = browser.get(&app, "/reset/verify").await;
        assert!(verify.text.contains("Pass one of the verifications below"), "{}", verify.text);
        assert!(verify.text.contains("Your user name"));
        let early = browser.get(&app, "/reset/finish").await;
        assert_eq!(early.header("location"), Some("/reset/verify"), "no new password before the verifications");

        let passed = browser.post(&app, "/reset/answer/enter_username", &[("csrf", &token), ("value", "IVY")]).await;
        assert_eq!(passed.header("location"), Some("/reset/finish"));
        let finish = browser.get(&app, "/reset/finish").await;
        assert!(finish.text.contains("name=\"new_password\"") && finish.text.contains("/static/strength.js"));

        let strength = browser.post(&app, "/reset/strength", &[("csrf", &token), ("password", "ivy12345")]).await;
        let measured: serde_json::Value = serde_json::from_str(&strength.text).unwrap_or_default();
        assert!(measured["score"].as_u64().unwrap_or(9) <= 2, "{}", strength.text);
        assert!(measured["problems"].to_string().contains("must not contain your user name"), "{}", strength.text);

        let differ = browser.post(&app, "/reset/password", &[("csrf", &token), ("new_password", "amber-lantern-orbit-meadow"), ("confirm", "amber-lantern-orbit-meado")]).await;
        assert_eq!(differ.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(differ.text.contains("The two passwords are not the same."));
        let weak = browser.post(&app, "/reset/password", &[("csrf", &token), ("new_password", "password1234"), ("confirm", "password1234")]).await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(weak.text.contains("The password is too easy to guess."), "{}", weak.text);
        let done = browser.post(&app, "/reset/password", &[("csrf", &token), ("new_password", "amber-lantern-orbit-meadow"), ("confirm", "amber-lantern-orbit-meadow")]).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
        assert!(done.text.contains("Your password has been changed"));
        assert!(!browser.cookies.contains_key("sesame_reset"), "the request is forgotten");
        assert!(!done.cookies().contains_key("sesame_session"), "nothing signs the user in");
        assert_eq!(app.sign_in("ivy", "amber-lantern-orbit-meadow").await.status, StatusCode::CREATED);
        let again = browser.get(&app, "/reset/verify").await;
        assert_eq!(again.header("location"), Some("/reset?ended=missing"));
    }

    async fn the_pages_answer_the_same_for_an_unknown_name_and_wrong_answers_end_the_request(app) {
        app.create_user_with_password("jack").await;
        app.set_property("help_desk.contact", json!("+1 415 555 0100 (8–18 h)")).await;
        create_process(&app, process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        let mut pages = Vec::new();
        for name in ["jack", "nobody"] {
            let (mut browser, token, sent) = identify(&app, name).await;
            assert_eq!(sent.header("location"), Some("/reset/verify"));
            let verify = browser.get(&app, "/reset/verify").await;
            pages.push(verify.text.replace(&token, "TOKEN"));
            let wrong = browser.post(&app, "/reset/answer/enter_username", &[("csrf", &token), ("value", "someone")]).await;
            assert!(wrong.text.contains("That answer was not right. You have 2 more tries; after the last, this request ends."), "{}", wrong.text);
            assert!(wrong.text.contains("After 3 failed requests, self-service reset is blocked for 24 hours."), "{}", wrong.text);
            assert!(wrong.text.contains("If you are stuck, your help desk can help: +1 415 555 0100 (8–18 h)"), "{}", wrong.text);
            assert!(browser.cookies.contains_key("sesame_reset"), "the request goes on");
            browser.post(&app, "/reset/answer/enter_username", &[("csrf", &token), ("value", "someone")]).await;
            let last = browser.post(&app, "/reset/answer/enter_username", &[("csrf", &token), ("value", "someone")]).await;
            assert!(last.text.contains("no tries are left, so this reset request has ended"), "{}", last.text);
            assert!(last.text.contains("If you are stuck, your help desk can help: +1 415 555 0100 (8–18 h)"), "{}", last.text);
            assert!(!browser.cookies.contains_key("sesame_reset"));
        }
        assert_eq!(pages[0], pages[1], "the verify page tells nothing about the name");

        let (_, _, empty) = identify(&app, " ").await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.text.contains("Enter your user name or e-mail address."));
        let german = app.get_with_cookies("/reset", "", Some("de")).await;
        assert!(german.text.contains("Passwort zurücksetzen"));
    }

    async fn the_service_desk_page_verifies_a_caller_then_resets(app) {
        app.create_user_with_password("henry").await;
        app.create_user(json!({"username": "agnes", "password": PASSWORD, "groups": ["service-desk"]})).await;
        create_process(&app, process("desk", json!([{"id": "qa"}, {"id": "enter_username"}]), 1, json!({"public_access": false, "allow_unlock": true}))).await;
        let user_cookies = sign_in_by_form(&app, "henry").await;
        assert_eq!(app.get_with_cookies("/desk", &user_cookies, None).await.status, StatusCode::NOT_FOUND, "not an agent");
        assert!(!app.get_with_cookies("/profile", &user_cookies, None).await.text.contains("href=\"/desk\""));

        let mut agent = Browser::default();
        for pair in sign_in_by_form(&app, "agnes").await.split("; ") {
            if let Some((name, value)) = pair.split_once('=') {
                agent.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        assert!(agent.get(&app, "/profile").await.text.contains("href=\"/desk\""), "agents see the desk in the menu");
        // Looked up by e-mail too; locks are shown in words and lifted in one go.
        let orchestrator = app.api_key("orchestrator").await;
        for _ in 0..3 {
            app.post("/api/v1/verify", Some(&orchestrator), json!({"username": "henry", "verification": "soft_pin", "input": "135790"})).await;
        }
        // A part of a name offers the callers it may mean, each a link to look them up.
        let partial = agent.get(&app, "/desk?username=enr").await;
        assert!(partial.text.contains("No caller matches exactly.") && partial.text.contains("href=\"/desk?username=henry\""), "{}", partial.text);
        let nobody = agent.get(&app, "/desk?username=zed").await;
        assert!(nobody.text.contains("No user matches zed."), "{}", nobody.text);
        let found = agent.get(&app, "/desk?username=henry%40example.com").await;
        assert!(found.text.contains("Start a reset request"), "{}", found.text);
        assert!(found.text.contains("On the phone: Soft PIN"), "{}", found.text);
        let token = csrf_field(&found.text);
        let lifted = agent.post(&app, "/desk/unlock-user", &[("csrf", &token), ("username", "henry")]).await;
        assert!(lifted.text.contains("The account is unlocked.") && lifted.text.contains("No lock or block is in force."), "{}", lifted.text);
        assert_eq!(app.audit("action=user.unlock&actor=user:agnes").await.len(), 1);
        let started = agent.post(&app, "/desk/start", &[("csrf", &token), ("username", "henry"), ("process", "desk")]).await;
        assert_eq!(started.header("location"), Some("/desk/verify"), "{}", started.text);
        let verify = agent.get(&app, "/desk/verify").await;
        assert!(verify.text.contains("Verifying henry"), "{}", verify.text);
        assert!(!verify.text.contains("Reset with a generated password"), "not before the caller is verified");
        let wrong = agent.post(&app, "/desk/answer/enter_username", &[("csrf", &token), ("value", "harry")]).await;
        assert!(wrong.text.contains("The answer was wrong. 2 more wrong answers end this request."), "{}", wrong.text);
        let passed = agent.post(&app, "/desk/answer/enter_username", &[("csrf", &token), ("value", "henry")]).await;
        assert!(passed.text.contains("Reset with a generated password"), "{}", passed.text);
        assert!(passed.text.contains("href=\"/desk/finish\""), "{}", passed.text);
        assert_eq!(agent.get(&app, "/desk/finish").await.status, StatusCode::OK, "Continue leads somewhere");
        let done = agent.post(&app, "/desk/password", &[("csrf", &token)]).await;
        let password = done.text.split("id=\"generated-password\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap_or_default().to_owned();
        assert_eq!(password.len(), 20, "{}", done.text);
        assert_eq!(app.sign_in("henry", &password).await.status, StatusCode::CREATED);
        assert_eq!(app.audit("action=reset.password&actor=user:agnes").await.len(), 1);
        assert_eq!(agent.get(&app, "/desk/verify").await.header("location"), Some("/desk"), "the request is over");
    }
}

#[tokio::test]
async fn the_service_desk_page_verifies_a_caller_by_sms() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"})))
        .mount(&provider)
        .await;
    let app =
        TestApp::spawn_configured(Backend::Sqlite, crate::codes::twilio(&provider.uri())).await;
    app.create_user(json!({"username": "ivy", "password": PASSWORD, "phone": "+14155550177"}))
        .await;
    app.create_user(json!({"username": "agnes", "password": PASSWORD, "groups": ["service-desk"]}))
        .await;
    let mut agent = Browser::default();
    for pair in sign_in_by_form(&app, "agnes").await.split("; ") {
        if let Some((name, value)) = pair.split_once('=') {
            agent.cookies.insert(name.to_owned(), value.to_owned());
        }
    }
    let found = agent.get(&app, "/desk?username=ivy").await;
    assert!(
        found.text.contains("Verify caller by SMS"),
        "{}",
        found.text
    );
    let token = csrf_field(&found.text);
    let field = |html: &str, name: &str| {
        html.split(&format!("name=\"{name}\" value=\""))
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned()
    };
    let sent = agent
        .post(&app, "/desk/sms", &[("csrf", &token), ("username", "ivy")])
        .await;
    assert!(
        sent.text.contains("A code was sent to +1••••••0177."),
        "{}",
        sent.text
    );
    app.state.outbox_wake().notify_one();
    let request = crate::codes::wait_for_requests(&provider, 1)
        .await
        .remove(0);
    let body = crate::codes::url_form(&String::from_utf8_lossy(&request.body));
    let code = crate::mail::code_in(body.get("Body").map_or("", String::as_str), 6);
    let code_id = field(&sent.text, "code_id");
    let form = |typed: &str| {
        vec![
            ("csrf", token.clone()),
            ("username", "ivy".to_owned()),
            ("code_id", code_id.clone()),
            ("sent_to", "+1••••••0177".to_owned()),
            ("code", typed.to_owned()),
        ]
    };
    let wrong_code = if code == "000000" { "111111" } else { "000000" };
    let fields = form(wrong_code);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let wrong = agent.post(&app, "/desk/sms/check", &pairs).await;
    assert!(
        wrong
            .text
            .contains("The code is wrong. 2 more tries are left in this conversation."),
        "{}",
        wrong.text
    );
    let fields = form(&code);
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let right = agent.post(&app, "/desk/sms/check", &pairs).await;
    assert!(right.text.contains("The code is right"), "{}", right.text);
    assert_eq!(
        app.audit("action=assist.check&actor=user:agnes&result=success")
            .await
            .len(),
        1
    );
}
