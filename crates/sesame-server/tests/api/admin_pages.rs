//! The administration pages and who may use them: members of `admin.group`, on the pages
//! and with their session on the API. Forms are posted as a browser without JavaScript
//! posts them, with the CSRF token of the page.

use reqwest::header::{CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;

/// Creates a member of the default administrators' group and signs them in by form.
async fn administrator(app: &TestApp, name: &str) -> String {
    let reply = app
        .create_user(json!({"username": name, "password": PASSWORD, "email": format!("{name}@example.com"), "groups": ["sesame-admins"]}))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    sign_in_by_form(app, name).await
}

/// A page and its form token.
async fn page(app: &TestApp, path: &str, cookies: &str) -> (Reply, String) {
    let reply = app.get_with_cookies(path, cookies, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text);
    let token = csrf_field(&reply.text);
    (reply, token)
}

/// The text of the element with this id (its first text run), for assertions.
fn has_field_error(html: &str, field: &str) -> bool {
    html.contains(&format!("id=\"{field}-error\""))
}

/// The attributes of the input with this id.
fn input_tag<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no element {id}"));
    let open = html[..start].rfind('<').unwrap_or(0);
    let end = html[start..].find('>').map_or(html.len(), |e| start + e);
    &html[open..=end.min(html.len() - 1)]
}

on_every_backend! {
    async fn members_of_the_admin_group_are_administrators_on_pages_and_api(app) {
        let cookies = administrator(&app, "alice").await;
        app.create_user_with_password("bob").await;
        let bob = sign_in_by_form(&app, "bob").await;

        let profile = app.get_with_cookies("/profile", &cookies, None).await;
        assert!(profile.text.contains("href=\"/admin\""), "the menu shows Administration");
        let overview = app.get_with_cookies("/admin", &cookies, None).await;
        assert_eq!(overview.status, StatusCode::OK);
        assert!(overview.text.contains("<h1>Administration</h1>"));
        assert!(overview.text.contains("2 users."), "{}", overview.text);

        // Administrators may work the service desk too.
        assert!(profile.text.contains("href=\"/desk\""), "the menu shows the desk");
        assert_eq!(app.get_with_cookies("/desk?username=bob", &cookies, None).await.status, StatusCode::OK);
        assert_eq!(app.get_with_cookies("/desk", &bob, None).await.status, StatusCode::NOT_FOUND);

        let not_theirs = app.get_with_cookies("/admin", &bob, None).await;
        assert_eq!(not_theirs.status, StatusCode::NOT_FOUND, "to others the pages do not exist");
        assert!(!app.get_with_cookies("/profile", &bob, None).await.text.contains("href=\"/admin\""));
        assert_eq!(app.get_with_cookies("/admin/users", &bob, None).await.status, StatusCode::NOT_FOUND);

        // The session of a member is an administrator's on the API, and still a user's.
        let token = app.session_token("alice").await;
        let other = app.session_token("bob").await;
        assert_eq!(app.get("/api/v1/properties", Some(&token)).await.status, StatusCode::OK);
        assert_eq!(app.get("/api/v1/properties", Some(&other)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
        let created = app.post("/api/v1/users", Some(&token), json!({"username": "carl"})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        assert_eq!(app.post("/api/v1/users", Some(&other), json!({"username": "dora"})).await.status, StatusCode::FORBIDDEN);
        let trail = app.audit("action=user.create&subject=carl").await;
        assert_eq!(trail[0]["actor"], "user:alice");
        let questions = app.get("/api/v1/questions", Some(&token)).await.json();
        assert!(questions[0].get("texts").is_some(), "an administrator sees every translation");

        // Another group named: the member is no longer an administrator, anywhere.
        app.set_property("admin.group", json!("ops")).await;
        assert_eq!(app.get("/api/v1/properties", Some(&token)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get_with_cookies("/admin", &cookies, None).await.status, StatusCode::NOT_FOUND);
    }

    async fn users_are_created_found_disabled_unlocked_and_signed_out(app) {
        let cookies = administrator(&app, "alice").await;
        let (form, token) = page(&app, "/admin/users/new", &cookies).await;
        assert!(form.text.contains("name=\"employee_id\""));

        let refused = app.post_form("/admin/users/new", &cookies, &[("csrf", &token), ("username", "-carol"), ("email", "not-an-address"), ("display_name", "Carol Jones")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field_error(&refused.text, "username") && has_field_error(&refused.text, "email"), "{}", refused.text);
        let username = input_tag(&refused.text, "username");
        assert!(username.contains("autofocus") && username.contains("aria-invalid=\"true\""), "{username}");
        assert!(!input_tag(&refused.text, "email").contains("autofocus"), "only the first field takes the focus");
        assert!(input_tag(&refused.text, "display_name").contains("value=\"Carol Jones\""), "typed values stay");

        let weak = app.post_form("/admin/users/new", &cookies, &[("csrf", &token), ("username", "carol"), ("password", "carol")]).await;
        assert!(has_field_error(&weak.text, "password"), "{}", weak.text);

        let forged = app.post_form("/admin/users/new", &cookies, &[("csrf", "forged"), ("username", "carol")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);

        let created = app.post_form("/admin/users/new", &cookies, &[("csrf", &token), ("username", "carol"), ("display_name", "Carol Jones"), ("email", "carol@example.com"), ("phone", "+14155550199"), ("employee_id", "E-7"), ("groups", "staff, night shift"), ("password", PASSWORD)]).await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.text);
        assert_eq!(created.header("location"), Some("/admin/users/carol?notice=user-created"));
        let record = app.admin_get("/api/v1/users/carol").await.json();
        assert_eq!(record["groups"], json!(["night shift", "staff"]));
        assert_eq!(app.audit("action=user.create&subject=carol").await[0]["actor"], "user:alice");

        // Found by a part of any of them, in any case; a phone number however it is written.
        for wanted in ["carol", "CAR", "Jones", "rol@exa", "E-7", "e-", "+14155550199", "(415) 555-0199", "555 01", "example.com"] {
            let query: String = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", wanted).finish();
            let found = app.get_with_cookies(&format!("/admin/users?{query}"), &cookies, None).await;
            assert!(found.text.contains("href=\"/admin/users/carol\""), "{wanted}: {}", found.text);
        }
        // Many found: a page at a time.
        for n in 0..51 {
            app.create_user(json!({"username": format!("pager{n:02}")})).await;
        }
        let first = app.get_with_cookies("/admin/users?q=PAGER", &cookies, None).await;
        assert!(first.text.contains("href=\"/admin/users/pager49\"") && !first.text.contains("href=\"/admin/users/pager50\""));
        assert!(first.text.contains("href=\"/admin/users?q=PAGER&amp;page=2\" rel=\"next\""), "{}", first.text);
        let second = app.get_with_cookies("/admin/users?q=PAGER&page=2", &cookies, None).await;
        assert!(second.text.contains("href=\"/admin/users/pager50\"") && !second.text.contains("rel=\"next\""));
        let alice_only = app.get_with_cookies("/admin/users?q=alice", &cookies, None).await;
        assert!(alice_only.text.contains("href=\"/admin/users/alice\"") && !alice_only.text.contains("href=\"/admin/users/carol\""));
        let nobody = app.get_with_cookies("/admin/users?q=nobody", &cookies, None).await;
        assert!(nobody.text.contains("id=\"no-users\""));
        let all = app.get_with_cookies("/admin/users", &cookies, None).await;
        assert!(all.text.contains("53 users in all."));

        // A locked sign-in shows on the user's page and is lifted there.
        let carol_session = app.session_token("carol").await;
        app.set_property("signin.max_failures", json!(1)).await;
        app.sign_in("carol", "wrong-password-123").await;
        let (shown, token) = page(&app, "/admin/users/carol", &cookies).await;
        assert!(shown.text.contains("Sign-in · until"), "{}", shown.text);
        let unlocked = app.post_form("/admin/users/carol/unlock", &cookies, &[("csrf", &token)]).await;
        assert_eq!(unlocked.header("location"), Some("/admin/users/carol?notice=user-unlocked"));
        let after = app.get_with_cookies("/admin/users/carol?notice=user-unlocked", &cookies, None).await;
        assert!(after.text.contains("Every lock was lifted.") && after.text.contains("No lock or block is in force."));
        assert_eq!(app.audit("action=user.unlock&subject=carol").await[0]["actor"], "user:alice");

        // Destructive actions ask first, inside a details element.
        assert!(after.text.contains("<details class=\"confirm\"><summary>Disable this user</summary>"));
        let disabled = app.post_form("/admin/users/carol/status", &cookies, &[("csrf", &token), ("status", "disabled")]).await;
        assert_eq!(disabled.header("location"), Some("/admin/users/carol?notice=user-disabled"));
        assert_eq!(app.admin_get("/api/v1/users/carol").await.json()["status"], "disabled");
        assert_eq!(app.get("/api/v1/me", Some(&carol_session)).await.status, StatusCode::UNAUTHORIZED);
        let enabled = app.post_form("/admin/users/carol/status", &cookies, &[("csrf", &token), ("status", "active")]).await;
        assert_eq!(enabled.header("location"), Some("/admin/users/carol?notice=user-enabled"));

        let carol_session = app.session_token("carol").await;
        let ended = app.post_form("/admin/users/carol/sessions", &cookies, &[("csrf", &token)]).await;
        assert_eq!(ended.header("location"), Some("/admin/users/carol?notice=sessions-ended"));
        assert_eq!(app.get("/api/v1/me", Some(&carol_session)).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.audit("action=session.revoke_all&subject=carol").await[0]["actor"], "user:alice");

        let edited = app.post_form("/admin/users/carol/edit", &cookies, &[("csrf", &token), ("display_name", "Carol J."), ("email", ""), ("phone", "+14155550199"), ("employee_id", "E-7"), ("language", "de"), ("groups", "staff")]).await;
        assert_eq!(edited.header("location"), Some("/admin/users/carol?notice=user-saved"), "{}", edited.text);
        let record = app.admin_get("/api/v1/users/carol").await.json();
        assert_eq!((record["display_name"].clone(), record["email"].clone(), record["language"].clone(), record["groups"].clone()), (json!("Carol J."), json!(null), json!("de"), json!(["staff"])));
        let bad = app.post_form("/admin/users/carol/edit", &cookies, &[("csrf", &token), ("display_name", "Carol J."), ("phone", "555"), ("language", "de"), ("groups", "staff")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(input_tag(&bad.text, "phone").contains("autofocus"));
    }

    async fn an_uploaded_file_is_imported_all_or_nothing_with_line_numbers(app) {
        let cookies = administrator(&app, "alice").await;
        let (_, token) = page(&app, "/admin/users/import", &cookies).await;
        let bad = "username,email,groups\nerin,erin@example.com,staff\n-bad,nobody,staff\nerin,erin2@example.com,\n";
        let refused = upload(&app, &cookies, &token, "users.csv", bad).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(refused.text.contains("Nothing was imported."), "{}", refused.text);
        assert!(refused.text.contains("<td>3</td>") && refused.text.contains("<td>4</td>"), "line numbers: {}", refused.text);
        assert_eq!(app.admin_get("/api/v1/users").await.json()["total"], 1);
        let many = format!("username,email\n{}", "-bad,\n".repeat(1_001));
        let refused = upload(&app, &cookies, &token, "many.csv", &many).await;
        assert!(refused.text.contains("Fix these 1001 problems") && refused.text.contains("The first 1000, by line, are listed below."), "{}", refused.text);
        assert!(refused.text.contains("<td>1001</td>") && !refused.text.contains("<td>1002</td>"), "the first 1,000 by line: {}", refused.text);

        let good = "{\"username\": \"erin\", \"email\": \"erin@example.com\", \"groups\": [\"staff\"]}\n{\"username\": \"finn\", \"password\": \"violet-harbor-quantum-tulip\"}\n";
        let done = upload(&app, &cookies, &token, "users.jsonl", good).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
        assert!(done.text.contains("2 users were imported."));
        assert_eq!(app.sign_in("finn", PASSWORD).await.status, StatusCode::CREATED);
        let trail = app.audit("action=user.import").await;
        assert_eq!((trail[0]["actor"].clone(), trail[0]["detail"]["users"].clone()), (json!("user:alice"), json!(2)));

        let forged = upload(&app, &cookies, "forged", "users.csv", "username\ngus\n").await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
    }

    async fn properties_are_saved_typed_and_refused_at_their_field(app) {
        let cookies = administrator(&app, "alice").await;
        let (shown, token) = page(&app, "/admin/properties", &cookies).await;
        let idle = input_tag(&shown.text, "session-idle_minutes");
        assert!(idle.contains("type=\"number\"") && idle.contains("min=\"1\"") && idle.contains("max=\"1440\"") && idle.contains("value=\"30\""), "{idle}");
        assert!(shown.text.contains("A whole number from 1 to 1440. Default: 30"));
        assert!(input_tag(&shown.text, "web-product_name").contains("maxlength=\"64\""));
        assert!(shown.text.contains("<select id=\"soft_pin-enrollment-enabled\""));

        let saved = app.post_form("/admin/properties", &cookies, &[("csrf", &token), ("session-idle_minutes", "45"), ("soft_pin-enrollment-enabled", "false"), ("web-product_name", "Sesame")]).await;
        assert_eq!(saved.header("location"), Some("/admin/properties?notice=properties-saved"), "{}", saved.text);
        let all = app.admin_get("/api/v1/properties").await.json();
        let value = |key: &str| all.as_array().into_iter().flatten().find(|p| p["key"] == key).map(|p| p["value"].clone()).unwrap_or_default();
        assert_eq!((value("session.idle_minutes"), value("soft_pin.enrollment.enabled")), (json!(45), json!(false)));
        let trail = app.audit("action=property.set").await;
        assert_eq!(trail.len(), 2, "only changed values are set");
        assert!(trail.iter().all(|t| t["actor"] == "user:alice"));

        let refused = app.post_form("/admin/properties", &cookies, &[("csrf", &token), ("session-idle_minutes", "0"), ("signin-max_failures", "lots"), ("help_desk-contact", "+1 555 0100")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field_error(&refused.text, "session-idle_minutes") && has_field_error(&refused.text, "signin-max_failures"));
        assert!(refused.text.contains("This setting takes: A whole number from 1 to 1440."));
        assert!(input_tag(&refused.text, "session-idle_minutes").contains("value=\"0\""), "the typed value stays");
        assert!(input_tag(&refused.text, "session-idle_minutes").contains("autofocus"), "{}", refused.text);
        assert!(refused.text.contains("One change was saved"), "the valid one was saved");
        assert_eq!(value("session.idle_minutes"), json!(45));
    }

    async fn api_keys_are_created_once_shown_and_revoked(app) {
        let cookies = administrator(&app, "alice").await;
        let (_, token) = page(&app, "/admin/api-keys", &cookies).await;
        let refused = app.post_form("/admin/api-keys", &cookies, &[("csrf", &token), ("name", " "), ("role", "orchestrator")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field_error(&refused.text, "name") && input_tag(&refused.text, "name").contains("autofocus"));

        let created = app.post_form("/admin/api-keys", &cookies, &[("csrf", &token), ("name", "voice-platform"), ("role", "orchestrator")]).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        assert_eq!(created.header("cache-control"), Some("no-store"));
        let key = created.text.split("id=\"api-key-token\">").nth(1).and_then(|r| r.split('<').next()).unwrap_or_default().to_owned();
        assert!(key.starts_with("sesame_key_"), "{key}");
        let listed = app.get_with_cookies("/admin/api-keys", &cookies, None).await;
        assert!(listed.text.contains("voice-platform") && !listed.text.contains(&key), "the token is shown once");
        let opened = app.post("/api/v1/voice/sessions", Some(&key), json!({"service": "none"})).await;
        assert_ne!(opened.status, StatusCode::UNAUTHORIZED, "the key works");

        let id = app.admin_get("/api/v1/api-keys").await.json()[0]["id"].as_i64().unwrap_or_default();
        let revoked = app.post_form(&format!("/admin/api-keys/{id}/revoke"), &cookies, &[("csrf", &token)]).await;
        assert_eq!(revoked.header("location"), Some("/admin/api-keys?notice=api-key-revoked"));
        assert_eq!(app.post("/api/v1/voice/sessions", Some(&key), json!({"service": "none"})).await.status, StatusCode::UNAUTHORIZED);
        let trail = app.audit("action=api_key.").await;
        assert!(trail.len() == 2 && trail.iter().all(|t| t["actor"] == "user:alice"), "{trail:?}");
    }

    async fn processes_are_created_changed_and_refused_at_their_fields(app) {
        let cookies = administrator(&app, "alice").await;
        let (form, token) = page(&app, "/admin/processes/new", &cookies).await;
        assert!(form.text.contains("id=\"v-email\""));
        let refused = app.post_form("/admin/processes/new", &cookies, &[
            ("csrf", &token), ("id", "Self Service"), ("name", "Forgot password"), ("identification", "username"),
            ("public_access", "on"), ("v-qa", "optional"), ("min_verifications", "2"), ("credential_store", "local"),
            ("auto_generate", "off"), ("min_length", "6"), ("max_length", "256"), ("min_strength", "3"), ("history", "lots"), ("active", "on"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        for field in ["id", "min_verifications", "public_access", "min_length", "history"] {
            assert!(has_field_error(&refused.text, field), "{field}: {}", refused.text);
        }
        assert!(input_tag(&refused.text, "id").contains("autofocus"));
        assert!(refused.text.contains("A self-service process needs more than security questions and personal data."));
        assert!(app.admin_get("/api/v1/processes").await.json().as_array().is_none_or(Vec::is_empty));

        let created = app.post_form("/admin/processes/new", &cookies, &[
            ("csrf", &token), ("id", "self"), ("name", "Forgot password"), ("groups", "staff"), ("identification", "username"),
            ("public_access", "on"), ("captcha", "on"), ("v-email", "mandatory"), ("v-qa", "optional"), ("min_verifications", "2"), ("credential_store", "local"),
            ("allow_unlock", "on"), ("auto_generate", "off"), ("min_length", "14"), ("max_length", "128"), ("min_strength", "3"), ("history", "5"), ("active", "on"),
        ]).await;
        assert_eq!(created.header("location"), Some("/admin/processes/self?notice=process-created"), "{}", created.text);
        let saved = app.admin_get("/api/v1/processes/self").await.json();
        assert_eq!(saved["verifications"], json!([{"id": "email", "mandatory": true}, {"id": "qa", "mandatory": false}]));
        assert_eq!((saved["password_policy"]["min_length"].clone(), saved["allow_unlock"].clone(), saved["groups"].clone()), (json!(14), json!(true), json!(["staff"])));
        assert_eq!(saved["captcha"], true);
        let listed = app.get_with_cookies("/admin/processes", &cookies, None).await;
        assert!(listed.text.contains("id=\"process-self\"") && listed.text.contains("Forgot password"));

        let (edit, token) = page(&app, "/admin/processes/self", &cookies).await;
        assert!(edit.text.contains("Process created") || edit.text.contains("<h1>Forgot password</h1>"));
        assert!(input_tag(&edit.text, "captcha").contains("checked"), "the form shows the CAPTCHA on");
        let changed = app.post_form("/admin/processes/self", &cookies, &[
            ("csrf", &token), ("id", "self"), ("name", "Reset"), ("identification", "email"),
            ("v-email", "mandatory"), ("min_verifications", "1"), ("credential_store", "local"),
            ("auto_generate", "show"), ("min_length", "12"), ("max_length", "256"), ("min_strength", "3"), ("history", "5"), ("active", "on"),
        ]).await;
        assert_eq!(changed.header("location"), Some("/admin/processes/self?notice=process-saved"), "{}", changed.text);
        let saved = app.admin_get("/api/v1/processes/self").await.json();
        assert_eq!((saved["name"].clone(), saved["public_access"].clone(), saved["auto_generate"].clone(), saved["captcha"].clone()), (json!("Reset"), json!(false), json!("show"), json!(false)));

        let deactivated = app.post_form("/admin/processes/self/deactivate", &cookies, &[("csrf", &token)]).await;
        assert_eq!(deactivated.header("location"), Some("/admin/processes/self?notice=process-deactivated"));
        assert_eq!(app.admin_get("/api/v1/processes/self").await.json()["active"], false);
        let trail = app.audit("action=process.").await;
        assert_eq!(trail.len(), 3);
        assert!(trail.iter().all(|t| t["actor"] == "user:alice"));
    }

    async fn the_audit_log_filters_pages_and_exports(app) {
        let cookies = administrator(&app, "alice").await;
        for name in ["u1", "u2", "u3"] {
            app.create_user(json!({"username": name})).await;
        }
        let all = app.get_with_cookies("/admin/audit", &cookies, None).await;
        assert!(all.text.contains("id=\"audit\""));
        let filtered = app.get_with_cookies("/admin/audit?action=user.create&actor=bootstrap", &cookies, None).await;
        assert!(filtered.text.contains("4 records."), "{}", filtered.text);
        let today = app.get_with_cookies("/admin/audit?action=user.create&since=2026-01-01&until=2026-01-01", &cookies, None).await;
        assert!(today.text.contains("4 records."));
        let tomorrow = app.get_with_cookies("/admin/audit?since=2026-01-02", &cookies, None).await;
        assert!(tomorrow.text.contains("0 records."));
        let bad = app.get_with_cookies("/admin/audit?since=yesterday", &cookies, None).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(has_field_error(&bad.text, "since") && input_tag(&bad.text, "since").contains("autofocus"));

        let csv = app.get_with_cookies("/admin/audit.csv?action=user.create", &cookies, None).await;
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        let lines: Vec<&str> = csv.text.lines().collect();
        assert_eq!(lines[0], "at,actor,action,subject,result,source,detail");
        assert_eq!(lines.len(), 5, "{}", csv.text);
        assert!(lines[1].contains("\"user.create\",\"u3\""), "newest first: {}", lines[1]);
        assert_eq!(app.get_with_cookies("/admin/audit.csv", &sign_in_other(&app).await, None).await.status, StatusCode::NOT_FOUND);
    }

    async fn reports_draw_requests_per_day_as_svg_and_export_csv(app) {
        let cookies = administrator(&app, "alice").await;
        app.create_user_with_password("kim").await;
        crate::resets::create_process(&app, crate::resets::process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        let reset = crate::resets::reset_id(&crate::resets::start(&app, "self", "kim").await);
        let wrong = crate::resets::answer(&app, &reset, "enter_username", json!({"value": "nope"})).await;
        assert_eq!(wrong.status, StatusCode::OK, "{}", wrong.text);
        crate::resets::start(&app, "self", "kim").await;

        let shown = app.get_with_cookies("/admin/reports", &cookies, None).await;
        assert_eq!(shown.status, StatusCode::OK, "{}", shown.text);
        assert!(shown.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(shown.text.contains("2026-01-01: Not finished 2"), "{}", shown.text);
        assert!(shown.text.contains("2 started, 0 succeeded, 0 failed"));
        assert!(!shown.text.contains("<script"), "no script draws the charts");
        let period = app.get_with_cookies("/admin/reports?since=2025-12-01&until=2025-12-31", &cookies, None).await;
        assert!(period.text.contains("0 started") && !period.text.contains("Not finished 2"));
        let backwards = app.get_with_cookies("/admin/reports?since=2026-02-01&until=2026-01-01", &cookies, None).await;
        assert_eq!(backwards.status, StatusCode::BAD_REQUEST);
        assert!(has_field_error(&backwards.text, "since"));

        let csv = app.get_with_cookies("/admin/reports.csv?since=2025-12-31&until=2026-01-01", &cookies, None).await;
        assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(csv.text.starts_with("chart,label,series,count\n"));
        assert!(csv.text.contains("resets_per_day,\"2026-01-01\",unfinished,2\n"), "{}", csv.text);
        assert!(csv.text.contains("resets_per_day,\"2025-12-31\",succeeded,0\n"));

        // A user blocked today: the chart of blocked users shows them on their day.
        app.set_property("password_reset.max_failed_requests", json!(1)).await;
        app.set_property("password_reset.max_wrong_answers", json!(1)).await;
        let reset = crate::resets::reset_id(&crate::resets::start(&app, "self", "zoe").await);
        crate::resets::answer(&app, &reset, "enter_username", json!({"value": "nope"})).await;
        let shown = app.get_with_cookies("/admin/reports", &cookies, None).await;
        assert!(shown.text.contains("id=\"chart-blocked\"") && shown.text.contains("2026-01-01: Users blocked 1"), "{}", shown.text);
        let csv = app.get_with_cookies("/admin/reports.csv?since=2026-01-01&until=2026-01-01", &cookies, None).await;
        assert!(csv.text.contains("blocked_per_day,\"2026-01-01\",users,1\n"), "{}", csv.text);
    }

    async fn the_outbox_shows_each_message_and_its_state_never_its_content(app) {
        let cookies = administrator(&app, "alice").await;
        let empty = app.get_with_cookies("/admin/outbox", &cookies, None).await;
        assert_eq!(empty.status, StatusCode::OK);
        assert!(empty.text.contains("0 messages."), "{}", empty.text);
        let message = sesame_store::NewMessage {
            channel: sesame_core::Channel::Email,
            destination: "nora@example.com".to_owned(),
            sealed: vec![1, 2, 3],
            purpose: "notice.password_changed".to_owned(),
        };
        let queued = app.state.store().queue_message(&message, START).await;
        assert!(queued.is_ok(), "{queued:?}");
        let listed = app.get_with_cookies("/admin/outbox", &cookies, None).await;
        assert!(listed.text.contains("nora@example.com") && listed.text.contains("One message."), "{}", listed.text);
        assert!(listed.text.contains("notice.password_changed") && listed.text.contains("<td>Waiting</td>"), "{}", listed.text);
        let filtered = app.get_with_cookies("/admin/outbox?state=failed", &cookies, None).await;
        assert!(filtered.text.contains("<option value=\"failed\" selected>"), "{}", filtered.text);
    }

    async fn voice_services_are_kept_with_each_factor_rule_at_its_field(app) {
        let cookies = administrator(&app, "alice").await;
        let (form, token) = page(&app, "/admin/voice/new", &cookies).await;
        assert!(form.text.contains("id=\"ident-employee_id\""));
        let refused = app.post_form("/admin/voice/new", &cookies, &[
            ("csrf", &token), ("id", "billing"), ("name", "Billing line"), ("first", "sms"), ("second", ""), ("step_up", ""), ("default_region", "Atlantis"),
        ]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        for field in ["identification", "first", "second", "default_region"] {
            assert!(has_field_error(&refused.text, field), "{field}: {}", refused.text);
        }
        assert!(input_tag(&refused.text, "ident-phone").contains("autofocus"), "the first field at fault takes the focus");

        let created = app.post_form("/admin/voice/new", &cookies, &[
            ("csrf", &token), ("id", "billing"), ("name", "Billing line"), ("ident-phone", "on"), ("ident-employee_id", "on"),
            ("first", "soft_pin"), ("input-first", "voice"), ("second", "authenticator"), ("input-second", "both"), ("step_up", "sms"), ("default_region", "us"),
        ]).await;
        assert_eq!(created.header("location"), Some("/admin/voice/billing?notice=voice-created"), "{}", created.text);
        let saved = app.admin_get("/api/v1/voice/services/billing").await.json();
        assert_eq!((saved["first"].clone(), saved["second"].clone(), saved["step_up"].clone()), (json!("soft_pin"), json!("authenticator"), json!("sms")));
        assert_eq!((saved["input_types"].clone(), saved["default_region"].clone()), (json!({"soft_pin": "voice"}), json!("US")));
        assert_eq!(saved["identification"], json!([{"field": "phone"}, {"field": "employee_id"}]));

        // A setting changes: the list shows what the saved service no longer keeps.
        app.set_property("voice.step_up.enabled", json!(false)).await;
        let listed = app.get_with_cookies("/admin/voice", &cookies, None).await;
        assert!(listed.text.contains("Step-up is switched off in the settings."), "{}", listed.text);

        let (_, token) = page(&app, "/admin/voice/billing", &cookies).await;
        let deleted = app.post_form("/admin/voice/billing/delete", &cookies, &[("csrf", &token)]).await;
        assert_eq!(deleted.header("location"), Some("/admin/voice?notice=voice-deleted"));
        assert_eq!(app.admin_get("/api/v1/voice/services/billing").await.status, StatusCode::NOT_FOUND);
        let trail = app.audit("action=voice_service.").await;
        assert!(trail.len() == 2 && trail.iter().all(|t| t["actor"] == "user:alice"), "{trail:?}");
    }

    async fn custom_verifications_and_questions_are_kept_with_refusals_at_their_fields(app) {
        let cookies = administrator(&app, "alice").await;
        let (listed, token) = page(&app, "/admin/verifications", &cookies).await;
        assert!(listed.text.contains("id=\"verification-authenticator\""));
        let refused = app.post_form("/admin/verifications", &cookies, &[("csrf", &token), ("id", "Work App"), ("name", "Work app"), ("origin", "type:authenticator"), ("params", "{\"digits\": \"eight\"}")]).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        assert!(has_field_error(&refused.text, "id") && has_field_error(&refused.text, "params"), "{}", refused.text);
        assert!(input_tag(&refused.text, "id").contains("autofocus"));
        let created = app.post_form("/admin/verifications", &cookies, &[("csrf", &token), ("id", "work_app"), ("name", "Work app"), ("origin", "type:authenticator"), ("params", "{\"algorithm\": \"SHA256\", \"digits\": 8, \"step_seconds\": 30, \"drift_steps\": 1}")]).await;
        assert_eq!(created.header("location"), Some("/admin/verifications/work_app?notice=verification-created"), "{}", created.text);
        let saved = app.admin_get("/api/v1/verifications/work_app").await.json();
        assert_eq!((saved["type"].clone(), saved["params"]["digits"].clone()), (json!("authenticator"), json!(8)));

        let (edit, token) = page(&app, "/admin/verifications/work_app", &cookies).await;
        assert!(edit.text.contains("&quot;digits&quot;: 8") || edit.text.contains("\"digits\": 8"), "{}", edit.text);
        let off = app.post_form("/admin/verifications/work_app", &cookies, &[("csrf", &token), ("params", "{\"algorithm\": \"SHA256\", \"digits\": 8, \"step_seconds\": 30, \"drift_steps\": 1}")]).await;
        assert_eq!(off.header("location"), Some("/admin/verifications/work_app?notice=verification-saved"), "{}", off.text);
        assert_eq!(app.admin_get("/api/v1/verifications/work_app").await.json()["active"], false);
        let bad = app.post_form("/admin/verifications/work_app", &cookies, &[("csrf", &token), ("params", "not json"), ("active", "on")]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field_error(&bad.text, "params") && bad.text.contains("not json"), "the typed text stays");
        assert_eq!(app.audit("action=verification.").await.len(), 2);

        let (_, token) = page(&app, "/admin/questions", &cookies).await;
        let missing = app.post_form("/admin/questions", &cookies, &[("csrf", &token), ("text-de", "Wie hieß Ihre erste Lehrerin?")]).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(has_field_error(&missing.text, "text-en") && input_tag(&missing.text, "text-en").contains("autofocus"), "{}", missing.text);
        let added = app.post_form("/admin/questions", &cookies, &[("csrf", &token), ("text-en", "What was the name of your first teacher?"), ("text-de", "Wie hieß Ihre erste Lehrerin?")]).await;
        assert_eq!(added.header("location"), Some("/admin/questions?notice=question-created"), "{}", added.text);
        let bank = app.admin_get("/api/v1/questions").await.json();
        let question = bank.as_array().into_iter().flatten().find(|q| q["text"] == "What was the name of your first teacher?").cloned().unwrap_or_default();
        assert_eq!(question["texts"]["de"], "Wie hieß Ihre erste Lehrerin?");
        let id = question["id"].as_i64().unwrap_or_default();
        let retired = app.post_form(&format!("/admin/questions/{id}"), &cookies, &[("csrf", &token), ("text-en", "What was the name of your first teacher?"), ("text-de", "Wie hieß Ihr erster Lehrer?"), ("retired", "on")]).await;
        assert_eq!(retired.header("location").map(str::to_owned), Some(format!("/admin/questions/{id}?notice=question-saved")), "{}", retired.text);
        let bank = app.admin_get("/api/v1/questions").await.json();
        let question = bank.as_array().into_iter().flatten().find(|q| q["id"] == id).cloned().unwrap_or_default();
        assert_eq!((question["retired"].clone(), question["texts"]["de"].clone()), (json!(true), json!("Wie hieß Ihr erster Lehrer?")));
        assert!(app.audit("action=question.").await.iter().all(|t| t["actor"] == "user:alice"));
    }

    async fn many_users_blocked_within_the_window_raise_an_alert_once(app) {
        let cookies = administrator(&app, "alice").await;
        app.set_property("admin.alert_blocked_users", json!(2)).await;
        app.set_property("password_reset.max_failed_requests", json!(1)).await;
        app.set_property("password_reset.max_wrong_answers", json!(1)).await;
        app.set_property("password_reset.block_minutes", json!(1)).await;
        crate::resets::create_process(&app, crate::resets::process("self", json!([{"id": "email"}, {"id": "enter_username"}]), 1, json!({}))).await;
        let block = |name: &'static str| {
            let app = &app;
            async move {
                let reset = crate::resets::reset_id(&crate::resets::start(app, "self", name).await);
                let answered = crate::resets::answer(app, &reset, "enter_username", json!({"value": "wrong"})).await;
                assert_eq!(answered.json()["tries_left"], 0, "{}", answered.text);
            }
        };
        block("mallory").await;
        // Mallory's block runs out and she is blocked again: still one user.
        app.clock.advance(std::time::Duration::from_secs(2 * 60));
        block("mallory").await;
        block("nobody").await;
        let calm = app.get_with_cookies("/admin", &cookies, None).await;
        assert!(!calm.text.contains("id=\"blocked-alert\""), "two users (three blocks) are not more than two");
        block("trent").await;
        let overview = app.get_with_cookies("/admin", &cookies, None).await;
        assert!(overview.text.contains("3 users were blocked from self-service reset in the last 60 minutes"), "{}", overview.text);
        block("victor").await;
        let alerts = app.audit("action=alert.users_blocked").await;
        assert_eq!(alerts.len(), 1, "one alert a window: {alerts:?}");
        assert_eq!((alerts[0]["actor"].clone(), alerts[0]["detail"].clone()), (json!("system"), json!({"blocked": 3, "minutes": 60})));
        // An hour later the window holds no block: no notice, and the next wave alerts again.
        app.clock.advance(std::time::Duration::from_secs(61 * 60));
        let cookies = administrator(&app, "oscar").await;
        assert!(!app.get_with_cookies("/admin", &cookies, None).await.text.contains("id=\"blocked-alert\""));
        for name in ["peggy", "sybil", "walter"] {
            block(name).await;
        }
        assert_eq!(app.audit("action=alert.users_blocked").await.len(), 2);
    }

    async fn every_admin_form_needs_its_token_and_every_change_is_audited_as_the_administrator(app) {
        every_form_is_checked_and_every_change_audited(&app).await;
    }
}

/// How many audit records there are.
async fn audit_total(app: &TestApp) -> i64 {
    app.admin_get("/api/v1/audit?per_page=1").await.json()["total"]
        .as_i64()
        .unwrap_or_default()
}

/// Every administration form, in an order in which each finds what it changes: refused
/// with a forged token (403, nothing done, nothing audited), then accepted with the page's
/// token and audited as the administrator from the browser's address.
async fn every_form_is_checked_and_every_change_audited(app: &TestApp) {
    let cookies = administrator(app, "alice").await;
    let (_, token) = page(app, "/admin", &cookies).await;
    let key_id = || async {
        app.admin_get("/api/v1/api-keys").await.json()[0]["id"]
            .as_i64()
            .unwrap_or_default()
            .to_string()
    };
    let question_id = || async {
        let bank = app.admin_get("/api/v1/questions").await.json();
        bank.as_array()
            .into_iter()
            .flatten()
            .find(|q| q["text"] == "What was your first job?")
            .and_then(|q| q["id"].as_i64())
            .unwrap_or_default()
            .to_string()
    };
    let process = |name: &'static str| {
        vec![
            ("id", "self"),
            ("name", name),
            ("identification", "username"),
            ("public_access", "on"),
            ("v-email", "mandatory"),
            ("min_verifications", "1"),
            ("credential_store", "local"),
            ("auto_generate", "off"),
            ("min_length", "12"),
            ("max_length", "256"),
            ("min_strength", "3"),
            ("history", "5"),
            ("active", "on"),
        ]
    };
    let voice = |name: &'static str| {
        vec![
            ("id", "billing"),
            ("name", name),
            ("ident-phone", "on"),
            ("first", "soft_pin"),
            ("input-first", "both"),
            ("second", "authenticator"),
            ("input-second", "both"),
            ("step_up", "sms"),
            ("default_region", "US"),
        ]
    };
    let totp = "{\"algorithm\": \"SHA1\", \"digits\": 6, \"step_seconds\": 30, \"drift_steps\": 1}";
    let mut actions = Vec::new();
    let mut forms = 0;
    type Fields<'a> = Vec<(&'a str, &'a str)>;
    let steps: Vec<(&str, String, Fields)> = vec![
        (
            "user.create",
            "/admin/users/new".into(),
            vec![("username", "carol"), ("password", PASSWORD)],
        ),
        (
            "user.update",
            "/admin/users/carol/edit".into(),
            vec![
                ("display_name", "Carol"),
                ("language", "en"),
                ("groups", "staff"),
            ],
        ),
        (
            "user.update",
            "/admin/users/carol/status".into(),
            vec![("status", "disabled")],
        ),
        ("user.unlock", "/admin/users/carol/unlock".into(), vec![]),
        (
            "session.revoke_all",
            "/admin/users/carol/sessions".into(),
            vec![],
        ),
        (
            "property.set",
            "/admin/properties".into(),
            vec![("web-product_name", "Acme Access")],
        ),
        (
            "api_key.create",
            "/admin/api-keys".into(),
            vec![("name", "voice-platform"), ("role", "orchestrator")],
        ),
        (
            "api_key.revoke",
            "/admin/api-keys/{key}/revoke".into(),
            vec![],
        ),
        (
            "process.create",
            "/admin/processes/new".into(),
            process("Forgot password"),
        ),
        (
            "process.update",
            "/admin/processes/self".into(),
            process("Reset"),
        ),
        (
            "process.deactivate",
            "/admin/processes/self/deactivate".into(),
            vec![],
        ),
        (
            "verification.create",
            "/admin/verifications".into(),
            vec![
                ("id", "work_app"),
                ("name", "Work app"),
                ("origin", "type:authenticator"),
                ("params", totp),
            ],
        ),
        (
            "verification.update",
            "/admin/verifications/work_app".into(),
            vec![("params", totp), ("active", "on")],
        ),
        (
            "question.create",
            "/admin/questions".into(),
            vec![("text-en", "What was your first job?")],
        ),
        (
            "question.update",
            "/admin/questions/{question}".into(),
            vec![
                ("text-en", "What was your first job?"),
                ("text-de", "Was war Ihre erste Arbeit?"),
            ],
        ),
        (
            "voice_service.create",
            "/admin/voice/new".into(),
            voice("Billing line"),
        ),
        (
            "voice_service.update",
            "/admin/voice/billing".into(),
            voice("Billing"),
        ),
        (
            "voice_service.delete",
            "/admin/voice/billing/delete".into(),
            vec![],
        ),
    ];
    for (action, path, fields) in steps {
        let path = path
            .replace("{key}", &key_id().await)
            .replace("{question}", &question_id().await);
        let before = audit_total(app).await;
        let mut forged = vec![("csrf", "forged")];
        forged.extend(fields.iter().copied());
        let refused = app.post_form(&path, &cookies, &forged).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            refused.text
        );
        assert_eq!(
            audit_total(app).await,
            before,
            "{path}: a forged form changes nothing"
        );
        let mut real = vec![("csrf", token.as_str())];
        real.extend(fields.iter().copied());
        let done = app.post_form(&path, &cookies, &real).await;
        assert!(
            done.status == StatusCode::SEE_OTHER || done.status.is_success(),
            "{path}: {} {}",
            done.status,
            done.text
        );
        assert!(audit_total(app).await > before, "{path} is audited");
        actions.push(action);
        forms += 1;
    }
    // The import is a multipart form.
    let before = audit_total(app).await;
    assert_eq!(
        upload(app, &cookies, "forged", "users.csv", "username\nerin\n")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(audit_total(app).await, before);
    assert_eq!(
        upload(app, &cookies, &token, "users.csv", "username\nerin\n")
            .await
            .status,
        StatusCode::OK
    );
    actions.push("user.import");
    assert_eq!(forms + 1, 19, "every form of the console is here");

    let trail = app.audit("per_page=200&actor=user:alice").await;
    for action in actions {
        let record = trail.iter().find(|t| t["action"] == action);
        let record = record.unwrap_or_else(|| panic!("no {action} by user:alice in {trail:?}"));
        assert_eq!(record["source"], "127.0.0.1", "{record}");
    }
    let others = app.audit("per_page=200").await;
    assert!(
        others
            .iter()
            .filter(|t| t["actor"] != "user:alice")
            .all(|t| t["actor"] == "bootstrap" || t["action"] == "session.create"),
        "every change after the set-up is the administrator's: {others:?}"
    );
}

/// A signed-in user who is not an administrator.
async fn sign_in_other(app: &TestApp) -> String {
    app.create_user_with_password("zed").await;
    sign_in_by_form(app, "zed").await
}

/// Posts a file as a browser posts the import form (multipart), the token first.
async fn upload(app: &TestApp, cookies: &str, token: &str, name: &str, content: &str) -> Reply {
    let boundary = "----sesame-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n\
         --{boundary}--\r\n"
    );
    let request = app
        .client
        .request(Method::POST, app.url("/admin/users/import"))
        .header(COOKIE, cookies)
        .header(
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body);
    reply(request).await
}
