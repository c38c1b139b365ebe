//! A signed-in user changes their password through the API and the page.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::with_every_backend;

with_every_backend! {
    async fn a_signed_in_user_changes_their_password(backend) {
        let app = TestApp::spawn(backend).await;
        app.create_user_with_password("nora").await;
        let token = app.session_token("nora").await;
        let other = app.session_token("nora").await;
        let change = |current: &str, new: &str| {
            let body = json!({"current_password": current, "new_password": new});
            let (app, token) = (&app, token.clone());
            async move { app.put("/api/v1/me/password", Some(&token), body).await }
        };
        let wrong = change("not-my-password", "amber-lantern-orbit-meadow").await;
        assert_eq!((wrong.status, wrong.code().as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "password.current_wrong"));
        let weak = change(PASSWORD, "nora12345").await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(weak.detail_codes().iter().any(|c| c.starts_with("password.")), "{}", weak.text);
        let same = change(PASSWORD, PASSWORD).await;
        assert_eq!(same.detail_codes(), ["password.reused"]);
        assert_eq!(change(PASSWORD, "amber-lantern-orbit-meadow").await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.sign_in("nora", PASSWORD).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.sign_in("nora", "amber-lantern-orbit-meadow").await.status, StatusCode::CREATED);
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK, "this session stays");
        assert_eq!(app.get("/api/v1/me", Some(&other)).await.status, StatusCode::UNAUTHORIZED, "the others end");
        let trail = app.audit("action=password.change").await;
        assert_eq!(trail.len(), 1);
        assert!(!trail[0].to_string().contains("amber"));
        // Wrong current passwords count like failed sign-ins.
        app.set_property("signin.max_failures", json!(3)).await;
        for _ in 0..3 {
            assert_eq!(change("guess", "violet-copper-harbor-lamp").await.code(), "password.current_wrong");
        }
        let locked = change("amber-lantern-orbit-meadow", "violet-copper-harbor-lamp").await;
        assert_eq!((locked.status, locked.code().as_str()), (StatusCode::LOCKED, "auth.locked"));
        assert_ne!(app.sign_in("nora", "amber-lantern-orbit-meadow").await.status, StatusCode::CREATED, "sign-in is locked too");
    }
}
