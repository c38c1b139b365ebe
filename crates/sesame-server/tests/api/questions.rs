//! Security questions: the bank in the user's language, enrollment rules, hashed answers.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::on_every_backend;

fn answers(ids: &[i64], texts: &[&str]) -> Value {
    json!({ "answers": ids.iter().zip(texts).map(|(id, a)| json!({"question_id": id, "answer": a})).collect::<Vec<_>>() })
}

on_every_backend! {
    async fn the_bank_speaks_the_users_language(app) {
        app.create_user(json!({"username": "eva", "password": PASSWORD, "language": "de-AT"})).await;
        app.create_user_with_password("tom").await;
        let german = app.get("/api/v1/questions", Some(&app.session_token("eva").await)).await.json();
        assert_eq!(german[0], json!({"id": 1, "text": "Wie hieß Ihr erstes Haustier?"}));
        app.create_user(json!({"username": "luis", "password": PASSWORD, "language": "es-MX"})).await;
        let spanish = app.get("/api/v1/questions", Some(&app.session_token("luis").await)).await.json();
        assert_eq!(spanish[7], json!({"id": 8, "text": "¿Cómo se llama su profesora o profesor favorito?"}));
        let english = app.get("/api/v1/questions", Some(&app.session_token("tom").await)).await.json();
        assert_eq!(english.as_array().map(Vec::len), Some(8));
        assert_eq!(english[0]["text"], "What was the name of your first pet?");

        let added = app.admin(Method::POST, "/api/v1/questions", Some(json!({"texts": {"en": "What was your first concert?"}}))).await;
        assert_eq!(added.status, StatusCode::CREATED);
        let id = added.json()["id"].as_i64().unwrap_or_default();
        let eva = app.session_token("eva").await;
        let fallback = app.get("/api/v1/questions", Some(&eva)).await.json();
        assert_eq!(fallback[8]["text"], "What was your first concert?", "no German text yet: English");
        let path = format!("/api/v1/questions/{id}");
        let translated = app.admin(Method::PATCH, &path, Some(json!({"texts": {"de": "Was war Ihr erstes Konzert?"}}))).await;
        assert_eq!(translated.status, StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/v1/questions", Some(&eva)).await.json()[8]["text"], "Was war Ihr erstes Konzert?");
        let no_english = app.admin(Method::POST, "/api/v1/questions", Some(json!({"texts": {"de": "Nur Deutsch?"}}))).await;
        assert_eq!(no_english.code(), "question.english_missing");
        let admin_view = app.admin_get("/api/v1/questions").await.json();
        assert_eq!(admin_view[8]["texts"]["de"], "Was war Ihr erstes Konzert?");
        assert_eq!(admin_view[8]["retired"], false);
    }

    async fn answers_follow_the_rules_and_are_stored_hashed(app) {
        app.create_user_with_password("ron").await;
        let token = app.session_token("ron").await;
        let good = answers(&[1, 2, 3, 4, 5], &["Rex", "Paris", "Hill School", "Smith", "Volvo"]);
        let bad = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(&[1, 1, 3, 4, 99], &["Rex", "rex ", "ab", "x1y", "Volvo"])).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.detail_codes(), ["questions.unknown", "questions.repeated", "questions.answer_too_short", "questions.answers_repeated"]);
        let short = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(&[1, 2], &["Rex", "Paris"])).await;
        assert_eq!(short.code(), "questions.count");
        let enrolled = app.put("/api/v1/me/enrollments/qa", Some(&token), good).await;
        assert_eq!(enrolled.json(), json!({"state": "active"}));
        let stored = app.state.store().answers(1, "qa").await.unwrap_or_default();
        assert_eq!(stored.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        // (A three-letter answer can turn up by chance in the base64 of a hash; longer ones not.)
        assert!(stored.iter().all(|(_, hash)| hash.starts_with("$argon2id$") && !hash.to_lowercase().contains("hill school") && !hash.to_lowercase().contains("paris")));
        let trail = app.audit("action=qa.enroll").await;
        assert!(!trail[0].to_string().contains("Paris"), "no answer in the audit log");
        assert_eq!(app.get("/api/v1/me/enrollments", Some(&token)).await.json()[0]["type"], "security_questions");
        assert_eq!(app.send(Method::DELETE, "/api/v1/me/enrollments/qa", Some(&token), None).await.status, StatusCode::NO_CONTENT);
        assert!(app.state.store().answers(1, "qa").await.unwrap_or_default().is_empty(), "answers go with the enrollment");
    }

    async fn a_retired_question_cannot_be_chosen_but_stays_for_those_who_have_it(app) {
        app.create_user_with_password("sam").await;
        let token = app.session_token("sam").await;
        let enrolled = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(&[1, 2, 3, 4, 5], &["aaa", "bbb", "ccc", "ddd", "eee"])).await;
        assert_eq!(enrolled.status, StatusCode::OK);
        assert_eq!(app.admin(Method::PATCH, "/api/v1/questions/5", Some(json!({"retired": true}))).await.status, StatusCode::NO_CONTENT);
        let listed = app.get("/api/v1/questions", Some(&token)).await.json();
        assert!(listed.as_array().into_iter().flatten().all(|q| q["id"] != 5));
        assert_eq!(app.state.store().answers(1, "qa").await.unwrap_or_default().len(), 5, "the enrolled answer stays");
        let again = app.put("/api/v1/me/enrollments/qa", Some(&token), answers(&[1, 2, 3, 4, 5], &["aaa", "bbb", "ccc", "ddd", "eee"])).await;
        assert_eq!(again.code(), "questions.unknown");
        assert_eq!(app.admin(Method::PATCH, "/api/v1/questions/77", Some(json!({"retired": true}))).await.code(), "question.not_found");
    }
}

#[tokio::test]
async fn the_web_page_enrolls_answers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(json!({"username": "uma", "password": PASSWORD, "language": "de"}))
        .await;
    let cookies = sign_in_by_form(&app, "uma").await;
    let page = app
        .get_with_cookies("/profile/questions", &cookies, None)
        .await;
    assert!(page.text.contains("Sicherheitsfragen"));
    assert!(page.text.contains("Wie hieß Ihr erstes Haustier?"));
    let token = csrf_field(&page.text);
    let mut fields = vec![("csrf", token.as_str())];
    let chosen = [
        ("question_0", "1"),
        ("question_1", "2"),
        ("question_2", "3"),
        ("question_3", "4"),
        ("question_4", "5"),
    ];
    fields.extend(chosen);
    let same = [
        ("answer_0", "rex"),
        ("answer_1", "Rex"),
        ("answer_2", "abc"),
        ("answer_3", "defg"),
        ("answer_4", "hij"),
    ];
    let refused = app
        .post_form(
            "/profile/questions",
            &cookies,
            &[fields.clone(), same.to_vec()].concat(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text
        .contains("Geben Sie auf jede Frage eine andere Antwort."));
    // Every choice and answer stays, but the one at fault (the repeated answer).
    for kept in [
        "value=\"rex\"",
        "value=\"abc\"",
        "value=\"defg\"",
        "value=\"hij\"",
    ] {
        assert!(refused.text.contains(kept), "{kept} kept");
    }
    assert!(
        !refused.text.contains("value=\"Rex\""),
        "the repeated answer is emptied"
    );
    assert!(
        refused
            .text
            .contains("name=\"answer_1\" autocomplete=\"off\" required value=\"\" autofocus"),
        "the cursor goes to it"
    );
    let good = [
        ("answer_0", "rex"),
        ("answer_1", "Wien"),
        ("answer_2", "abc"),
        ("answer_3", "defg"),
        ("answer_4", "hij"),
    ];
    let saved = app
        .post_form(
            "/profile/questions",
            &cookies,
            &[fields, good.to_vec()].concat(),
        )
        .await;
    assert_eq!(
        saved.header("location"),
        Some("/profile?notice=enrollment-active")
    );
    let again = app
        .get_with_cookies("/profile/questions", &cookies, None)
        .await;
    assert!(again.text.contains("Sie haben 5 Fragen beantwortet."));
}

#[tokio::test]
async fn a_custom_questions_verification_has_its_own_page_and_answers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let created = app
        .admin(
            Method::POST,
            "/api/v1/verifications",
            Some(
                json!({"id": "team_qa", "name": "Team questions", "type": "security_questions",
                "params": {"enroll_count": 2, "verify_count": 1, "min_answer_length": 3}}),
            ),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    app.create_user_with_password("vic").await;
    let cookies = sign_in_by_form(&app, "vic").await;
    let profile = app.get_with_cookies("/profile", &cookies, None).await;
    assert!(
        profile
            .text
            .contains(r#"href="/profile/verifications/team_qa""#)
            && profile.text.contains("Team questions"),
        "the profile lists the custom verification"
    );
    let page = app
        .get_with_cookies("/profile/verifications/team_qa", &cookies, None)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .text
        .contains(r#"action="/profile/verifications/team_qa/answers""#));
    assert!(
        page.text.contains("answer_1") && !page.text.contains("answer_2"),
        "two questions, as its parameters say"
    );
    let token = csrf_field(&page.text);
    let saved = app
        .post_form(
            "/profile/verifications/team_qa/answers",
            &cookies,
            &[
                ("csrf", token.as_str()),
                ("question_0", "1"),
                ("answer_0", "rex"),
                ("question_1", "2"),
                ("answer_1", "Wien"),
            ],
        )
        .await;
    assert_eq!(
        saved.header("location"),
        Some("/profile?notice=enrollment-active"),
        "{}",
        saved.text
    );
    let again = app
        .get_with_cookies("/profile/verifications/team_qa", &cookies, None)
        .await;
    assert!(
        again.text.contains("You have answered 2 questions."),
        "{}",
        again.text
    );
    // The base questions are untouched, and an unknown id is not a page.
    let base = app
        .get_with_cookies("/profile/questions", &cookies, None)
        .await;
    assert!(!base.text.contains("You have answered"));
    let unknown = app
        .get_with_cookies("/profile/verifications/nothing", &cookies, None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_challenge_poses_three_enrolled_questions_and_passes_only_when_all_are_right() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(json!({"username": "vera", "password": PASSWORD, "language": "de"}))
        .await;
    let token = app.session_token("vera").await;
    let given = ["Rex", "Wien", "Hill School", "Smith", "Volvo"];
    let enrolled = app
        .put(
            "/api/v1/me/enrollments/qa",
            Some(&token),
            answers(&[1, 2, 3, 4, 5], &given),
        )
        .await;
    assert_eq!(enrolled.status, StatusCode::OK);
    let user = app
        .state
        .store()
        .find_user("vera")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no user"));
    let qa = app
        .state
        .store()
        .find_verification("qa")
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("no qa verification"));
    let posed = sesame_server::service::verification::qa::challenge(
        &app.state,
        &qa,
        (Some(&user), "vera"),
        &user.language,
    )
    .await
    .unwrap_or_default();
    assert_eq!(posed.len(), 3);
    assert!(posed.iter().all(|(id, _)| (1..=5).contains(id)));
    assert!(posed.iter().any(|(_, text)| text.starts_with("Wie")
        || text.starts_with("In")
        || text.starts_with("Welche")));
    let ids: Vec<i64> = posed.iter().map(|(id, _)| *id).collect();
    let answer = |id: i64| given[usize::try_from(id - 1).unwrap_or(0)].to_owned();
    let check = |answers: Vec<(i64, String)>| {
        let (state, user, ids) = (app.state.clone(), user.clone(), ids.clone());
        async move {
            sesame_server::service::verification::qa::check(
                &state,
                "qa",
                Some(&user),
                &ids,
                answers,
            )
            .await
            .unwrap_or(false)
        }
    };
    let right: Vec<_> = ids
        .iter()
        .map(|id| (*id, format!("  {} ", answer(*id).to_uppercase())))
        .collect();
    assert!(check(right.clone()).await, "normalised answers pass");
    let mut one_wrong = right.clone();
    one_wrong[1].1 = "something else".to_owned();
    let before = app.state.hash_pool().completed();
    assert!(!check(one_wrong).await);
    assert_eq!(
        app.state.hash_pool().completed() - before,
        1,
        "one job checks every answer"
    );
    assert!(!check(right[..2].to_vec()).await, "a missing answer fails");
}

#[tokio::test]
async fn removing_a_verification_needs_a_fresh_sign_in() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("walt").await;
    let token = app.session_token("walt").await;
    let enrolled = app
        .put(
            "/api/v1/me/enrollments/qa",
            Some(&token),
            answers(&[1, 2, 3, 4, 5], &["aaa", "bbb", "ccc", "ddd", "eee"]),
        )
        .await;
    assert_eq!(enrolled.status, StatusCode::OK);
    app.clock.advance(std::time::Duration::from_secs(11 * 60));
    let stale = app
        .send(
            Method::DELETE,
            "/api/v1/me/enrollments/qa",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(
        (stale.status, stale.code()),
        (
            StatusCode::FORBIDDEN,
            "auth.reauthentication_required".to_owned()
        )
    );
    assert_eq!(
        app.get("/api/v1/me/enrollments", Some(&token)).await.json()[0]["state"],
        "active",
        "nothing was removed"
    );
    let fresh = app.session_token("walt").await;
    assert_eq!(
        app.send(
            Method::DELETE,
            "/api/v1/me/enrollments/qa",
            Some(&fresh),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
}
