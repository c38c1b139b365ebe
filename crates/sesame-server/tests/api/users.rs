//! The local directory through `/api/v1/users`.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;

on_every_backend! {
    async fn a_created_user_is_read_back_without_secrets(app) {
        let created = app.create_user(json!({
            "username": "Alice.Smith", "password": PASSWORD, "email": "alice@example.com",
            "phone": "+44 20 7946 0958", "display_name": "Alice Smith", "language": "de",
            "groups": ["staff", "finance", "staff"]
        })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        let read = app.admin_get("/api/v1/users/alice.smith").await;
        assert_eq!(read.status, StatusCode::OK);
        let user = read.json();
        assert_eq!(user["username"], "Alice.Smith");
        assert_eq!(user["phone"], "+442079460958", "phone stored in E.164");
        assert_eq!(user["groups"], json!(["finance", "staff"]));
        assert_eq!(user["language"], "de");
        assert_eq!(user["has_password"], true);
        assert_eq!(user["enrollments"], json!([]));
        assert_eq!(user["created_at"], "2026-01-01T00:00:00Z");
        assert!(!read.text.contains("argon2"), "no hash in {}", read.text);
        assert!(!read.text.contains(PASSWORD));
    }

    async fn employee_ids_are_optional_unique_and_changed_like_any_field(app) {
        let created = app.create_user(json!({"username": "eve", "employee_id": " E-1042 "})).await;
        assert_eq!(created.json()["employee_id"], "E-1042", "{}", created.text);
        assert_eq!(app.create_user(json!({"username": "finn"})).await.json()["employee_id"], json!(null));
        let taken = app.create_user(json!({"username": "gus", "employee_id": "E-1042"})).await;
        assert_eq!((taken.status, taken.code().as_str()), (StatusCode::CONFLICT, "user.employee_id_taken"));
        assert_eq!(app.admin_get("/api/v1/users/gus").await.status, StatusCode::NOT_FOUND, "nothing created");
        let bad = app.create_user(json!({"username": "gus", "employee_id": "E 1042"})).await;
        assert_eq!(bad.code(), "user.employee_id_invalid");
        let moved = app.admin(Method::PATCH, "/api/v1/users/finn", Some(json!({"employee_id": "E-1042"}))).await;
        assert_eq!(moved.code(), "user.employee_id_taken");
        let cleared = app.admin(Method::PATCH, "/api/v1/users/eve", Some(json!({"employee_id": null}))).await;
        assert_eq!(cleared.json()["employee_id"], json!(null), "{}", cleared.text);
        let moved = app.admin(Method::PATCH, "/api/v1/users/finn", Some(json!({"employee_id": "E-1042"}))).await;
        assert_eq!(moved.json()["employee_id"], "E-1042", "{}", moved.text);
        assert_eq!(app.admin_get("/api/v1/users/finn").await.json()["employee_id"], "E-1042");
    }

    async fn usernames_are_unique_whatever_the_case(app) {
        assert_eq!(app.create_user(json!({"username": "bob"})).await.status, StatusCode::CREATED);
        let again = app.create_user(json!({"username": "BOB"})).await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert_eq!(again.code(), "user.exists");
        assert_eq!(app.admin_get("/api/v1/users/Bob").await.status, StatusCode::OK);
    }

    async fn bad_fields_are_each_reported_and_nothing_is_created(app) {
        let reply = app.create_user(json!({
            "username": "bad name", "email": "not-an-email", "phone": "0123", "language": "??", "groups": ["a,b"]
        })).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.code(), "validation");
        assert_eq!(reply.detail_codes(), [
            "user.username_invalid", "user.email_invalid", "user.phone_invalid",
            "user.language_invalid", "user.group_invalid",
        ]);
        let one = app.create_user(json!({"username": "x", "phone": "+1 555"})).await;
        assert_eq!(one.code(), "user.phone_invalid");
        let list = app.admin_get("/api/v1/users").await.json();
        assert_eq!(list["total"], 0);
    }

    async fn a_weak_initial_password_is_refused(app) {
        let reply = app.create_user(json!({"username": "carol", "password": "carol12345"})).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.detail_codes(), ["password.too_short", "password.contains_identity", "password.too_weak"]);
        assert_eq!(app.admin_get("/api/v1/users/carol").await.status, StatusCode::NOT_FOUND);
    }

    async fn users_are_listed_in_pages_and_by_group(app) {
        for (name, groups) in [("dora", json!(["staff"])), ("ed", json!([])), ("fay", json!(["staff"])), ("gus", json!(["ops"]))] {
            assert_eq!(app.create_user(json!({"username": name, "groups": groups})).await.status, StatusCode::CREATED);
        }
        let first = app.admin_get("/api/v1/users?per_page=3").await.json();
        assert_eq!(first["total"], 4);
        let names: Vec<_> = first["items"].as_array().into_iter().flatten().map(|u| u["username"].clone()).collect();
        assert_eq!(names, [json!("dora"), json!("ed"), json!("fay")]);
        let second = app.admin_get("/api/v1/users?per_page=3&page=2").await.json();
        assert_eq!(second["items"][0]["username"], "gus");
        let staff = app.admin_get("/api/v1/users?group=staff").await.json();
        assert_eq!(staff["total"], 2);
        let bad = app.admin_get("/api/v1/users?per_page=500").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.code(), "request.invalid_query");
    }

    async fn a_user_is_changed_field_by_field_and_deleted(app) {
        app.create_user_with_password("hal").await;
        let changed = app.admin(Method::PATCH, "/api/v1/users/HAL", Some(json!({
            "display_name": "Hal 9000", "email": null, "groups": ["ops"], "language": "de"
        }))).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
        let user = changed.json();
        assert_eq!(user["email"], serde_json::Value::Null);
        assert_eq!(user["display_name"], "Hal 9000");
        assert_eq!(user["groups"], json!(["ops"]));
        let bad = app.admin(Method::PATCH, "/api/v1/users/hal", Some(json!({"email": "nope", "status": "gone"}))).await;
        assert_eq!(bad.detail_codes(), ["user.email_invalid", "user.status_invalid"]);
        assert_eq!(app.admin_get("/api/v1/users/hal").await.json()["display_name"], "Hal 9000");
        let audit = app.audit("action=user.update").await;
        assert_eq!(audit[0]["detail"]["fields"], json!(["display_name", "email", "language", "groups"]));

        assert_eq!(app.admin(Method::DELETE, "/api/v1/users/hal", None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.admin_get("/api/v1/users/hal").await.code(), "user.not_found");
        assert_eq!(app.admin(Method::DELETE, "/api/v1/users/hal", None).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.sign_in("hal", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    }

    async fn disabling_a_user_ends_their_sessions_and_sign_in(app) {
        app.create_user_with_password("ivy").await;
        let token = app.session_token("ivy").await;
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
        let reply = app.admin(Method::PATCH, "/api/v1/users/ivy", Some(json!({"status": "disabled"}))).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
        let again = app.sign_in("ivy", PASSWORD).await;
        assert_eq!(again.code(), "auth.invalid_credentials");
    }

    async fn a_password_change_ends_sessions_and_the_new_one_works(app) {
        app.create_user_with_password("jay").await;
        let token = app.session_token("jay").await;
        let reply = app.admin(Method::PATCH, "/api/v1/users/jay", Some(json!({"password": "amber-glacier-cobalt-river"}))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.sign_in("jay", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.sign_in("jay", "amber-glacier-cobalt-river").await.status, StatusCode::CREATED);
        let audit = app.audit("action=user.update").await;
        assert!(!audit[0].to_string().contains("amber"), "no password in the audit log");
    }
}
