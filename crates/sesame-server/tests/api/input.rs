//! Control characters and overlong strings are refused at the edge with 422, whatever the
//! route, before they reach a flow or the database.

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;
use crate::resets::{create_process, process};

fn assert_refused(reply: &Reply, code: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
    assert_eq!(reply.code(), code, "{}", reply.text);
}

on_every_backend! {
    async fn nul_and_other_control_characters_in_json_bodies_are_422(app) {
        app.create_user_with_password("ada").await;
        create_process(&app, process("self", json!([{"id": "email", "mandatory": true}]), 1, json!({}))).await;
        let cases = [
            ("/api/v1/sessions", None, json!({"username": "ada\u{0}", "password": PASSWORD})),
            ("/api/v1/resets", None, json!({"process": "self", "identifier": "ada\u{0}"})),
            ("/api/v1/resets", None, json!({"process": "self\u{1b}", "identifier": "ada"})),
            ("/api/v1/users", Some(BOOTSTRAP_TOKEN), json!({"username": "bob", "display_name": "Bob\u{7f}"})),
            ("/api/v1/users", Some(BOOTSTRAP_TOKEN), json!({"username": "bob", "groups": ["staff\u{85}"]})),
        ];
        for (path, token, body) in cases {
            let reply = app.post(path, token, body.clone()).await;
            assert_refused(&reply, "request.control_characters");
            assert!(reply.json()["error"]["message"].is_string());
        }
        // Tab and line breaks pass the edge; the field's own rule decides.
        let tabbed = app.post("/api/v1/users", Some(BOOTSTRAP_TOKEN), json!({"username": "bob", "display_name": "Bob\tSmith"})).await;
        assert_refused(&tabbed, "user.display_name_invalid");
        assert_eq!(app.admin_get("/api/v1/users").await.json()["total"], 1, "nothing was created");
        let unparsable = reply(
            app.client
                .post(app.url("/api/v1/sessions"))
                .header(CONTENT_TYPE, "application/json")
                .body("{\"username\": \"ada\u{0}"),
        )
        .await;
        assert_eq!(unparsable.status, StatusCode::BAD_REQUEST, "{}", unparsable.text);
    }

    async fn control_characters_in_paths_and_queries_are_422(app) {
        app.create_user_with_password("ada").await;
        assert_refused(&app.admin_get("/api/v1/users/ad%00a").await, "request.control_characters");
        assert_refused(&app.admin_get("/api/v1/audit?actor=%00").await, "request.control_characters");
        assert_refused(
            &app.post("/api/v1/resets/x%00y/challenges/email", None, json!({})).await,
            "request.control_characters",
        );
        let page = app.get_with_cookies("/reset?process=a%01b", "", Some("de")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text.contains("Steuerzeichen"), "{}", page.text);
        assert_eq!(app.admin_get("/api/v1/users/ada").await.status, StatusCode::OK);
    }

    async fn forms_with_control_characters_are_422(app) {
        app.create_user_with_password("ada").await;
        let (cookie, token) = open_signin(&app).await;
        let refused = app
            .post_form("/signin", &cookie, &[("csrf", &token), ("username", "ada\u{0}"), ("password", PASSWORD)])
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("control characters"), "{}", refused.text);
        // The form token belongs to the browser's cookie, whichever page showed it.
        let reset = app
            .post_form("/reset", &cookie, &[("csrf", &token), ("process", "self"), ("identifier", "a\u{0}")])
            .await;
        assert_eq!(reset.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reset.text);
        // A clean form still works.
        let signed_in = app
            .post_form("/signin", &cookie, &[("csrf", &token), ("username", "ada"), ("password", PASSWORD)])
            .await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    }

    async fn every_string_has_a_length_limit(app) {
        app.create_user_with_password("ada").await;
        let long = "x".repeat(1001);
        let refused = app.post("/api/v1/sessions", None, json!({"username": long, "password": PASSWORD})).await;
        assert_refused(&refused, "request.string_too_long");
        let form = reply(
            app.client
                .post(app.url("/signin"))
                .header(COOKIE, "")
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(format!("csrf=x&username={long}&password=x")),
        )
        .await;
        assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);

        // Answers to security questions: 200 characters at most, no control characters.
        let token = app.session_token("ada").await;
        let answers = |texts: [&str; 5]| {
            json!({"answers": texts.iter().enumerate().map(|(i, a)| json!({"question_id": i + 1, "answer": a})).collect::<Vec<_>>()})
        };
        let too_long = "a".repeat(201);
        let enrolled = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(["Rex", &too_long, "Hill", "Smith", "Volvo"])).await;
        assert_refused(&enrolled, "questions.answer_invalid");
        let tabbed = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(["Rex", "Par\tis", "Hill", "Smith", "Volvo"])).await;
        assert_refused(&tabbed, "questions.answer_invalid");
        let just_right = "a".repeat(200);
        let enrolled = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(["Rex", &just_right, "Hill", "Smith", "Volvo"])).await;
        assert_eq!(enrolled.status, StatusCode::OK, "{}", enrolled.text);

        create_process(&app, process("self", json!([{"id": "qa", "mandatory": true}]), 1, json!({"public_access": false}))).await;
        let desk = app.api_key("service_desk").await;
        let started = app.send(Method::POST, "/api/v1/desk/resets", Some(&desk), Some(json!({"process": "self", "username": "ada"}))).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let reset_id = started.json()["reset_id"].as_str().unwrap_or_default().to_owned();
        let posed = app.send(Method::POST, &format!("/api/v1/desk/resets/{reset_id}/challenges/qa"), Some(&desk), None).await;
        let question = posed.json()["questions"][0]["id"].clone();
        let answered = app
            .send(Method::POST, &format!("/api/v1/desk/resets/{reset_id}/answers/qa"), Some(&desk),
                Some(json!({"answers": [{"question_id": question, "answer": too_long}]})))
            .await;
        assert_refused(&answered, "questions.answer_invalid");
    }
}
