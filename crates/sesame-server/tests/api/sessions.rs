//! Signing in, session lifetime, lockout, and who may call what.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;

on_every_backend! {
    async fn sign_in_gives_a_session_for_me_and_sign_out_ends_it(app) {
        app.create_user_with_password("alice").await;
        let reply = app.sign_in("ALICE", PASSWORD).await;
        assert_eq!(reply.status, StatusCode::CREATED);
        let body = reply.json();
        let token = body["token"].as_str().unwrap_or_default().to_owned();
        assert!(token.starts_with("sesame_session_"));
        assert_eq!(body["expires_at"], "2026-01-01T12:00:00Z", "12 hours by default");
        let me = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(me.json()["username"], "alice");
        assert_eq!(app.send(Method::DELETE, "/api/v1/sessions/current", Some(&token), None).await.status, StatusCode::NO_CONTENT);
        let after = app.get("/api/v1/me", Some(&token)).await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED);
        assert_eq!(after.header("www-authenticate"), Some("Bearer"));
        let trail: Vec<_> = app.audit("subject=alice&action=session.").await.iter().map(|r| r["action"].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(trail, ["session.end", "session.create"]);
    }

    async fn unknown_users_and_wrong_passwords_look_the_same_and_cost_the_same(app) {
        app.create_user_with_password("bob").await;
        app.create_user(json!({"username": "nopass"})).await;
        let mut answers = Vec::new();
        for (name, password) in [("bob", "wrong-password-123"), ("nobody", "wrong-password-123"), ("nopass", "x"), ("bad name!", "x")] {
            let before = app.state.hash_pool().completed();
            let reply = app.sign_in(name, password).await;
            let hashed = app.state.hash_pool().completed() - before;
            assert_eq!(hashed, 1, "{name}: one argon2id verification");
            answers.push((reply.status, reply.text));
        }
        assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
        assert_eq!(answers[0].0, StatusCode::UNAUTHORIZED);
    }

    async fn sessions_end_after_idle_time_and_lifetime(app) {
        app.create_user_with_password("carl").await;
        let token = app.session_token("carl").await;
        app.clock.advance(Duration::from_secs(29 * 60));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK, "active within idle time");
        app.clock.advance(Duration::from_secs(29 * 60));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK, "activity kept it alive");
        app.clock.advance(Duration::from_secs(31 * 60));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED, "idle too long");

        app.set_property("session.idle_minutes", json!(1440)).await;
        let token = app.session_token("carl").await;
        for _ in 0..11 {
            app.clock.advance(Duration::from_secs(3600));
            assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::OK);
        }
        app.clock.advance(Duration::from_secs(3600));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED, "past 12 hours");
    }

    async fn repeated_failures_lock_known_and_unknown_names_alike(app) {
        app.create_user_with_password("dana").await;
        app.set_property("signin.max_failures", json!(3)).await;
        for name in ["dana", "ghost"] {
            for _ in 0..3 {
                assert_eq!(app.sign_in(name, "wrong-password-123").await.status, StatusCode::UNAUTHORIZED);
            }
            let locked = app.sign_in(name, PASSWORD).await;
            assert_eq!(locked.status, StatusCode::LOCKED, "{name}");
            assert_eq!(locked.code(), "auth.locked");
            assert_eq!(locked.json()["error"]["locked_until"], "2026-01-01T00:15:00Z");
            assert_eq!(locked.header("retry-after"), Some("901"));
        }
        // An administrator lifts the lock; the right password works again.
        let unlocked = app.admin(Method::POST, "/api/v1/users/dana/unlock", None).await;
        assert_eq!(unlocked.json()["cleared"], 1);
        assert_eq!(app.sign_in("dana", PASSWORD).await.status, StatusCode::CREATED);
        // The lock runs out by itself too.
        app.clock.advance(Duration::from_secs(15 * 60));
        assert_eq!(app.sign_in("ghost", "x").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.audit("action=session.lockout").await.len(), 2);
    }

    async fn roles_decide_what_a_token_may_do(app) {
        app.create_user_with_password("erin").await;
        let user = app.session_token("erin").await;
        let desk = app.api_key("service_desk").await;
        let robot = app.api_key("orchestrator").await;
        let admin = app.api_key("admin").await;
        let read = "/api/v1/users/erin";
        assert_eq!(app.get(read, None).await.code(), "auth.unauthenticated");
        assert_eq!(app.get(read, Some("sesame_key_forged")).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.get(read, Some("nonsense")).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.get(read, Some(&user)).await.code(), "auth.forbidden");
        assert_eq!(app.get(read, Some(&robot)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get(read, Some(&desk)).await.status, StatusCode::OK);
        assert_eq!(app.get(read, Some(&admin)).await.status, StatusCode::OK);
        let create = json!({"username": "frank"});
        assert_eq!(app.post("/api/v1/users", Some(&desk), create.clone()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post("/api/v1/users", Some(&user), create.clone()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.post("/api/v1/users", Some(&admin), create).await.status, StatusCode::CREATED);
        assert_eq!(app.get("/api/v1/properties", Some(&desk)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/audit", Some(&user)).await.status, StatusCode::FORBIDDEN);
        assert_eq!(app.get("/api/v1/me", Some(&admin)).await.status, StatusCode::FORBIDDEN);
    }

    async fn api_keys_are_shown_once_and_stop_working_when_revoked(app) {
        let created = app.admin(Method::POST, "/api/v1/api-keys", Some(json!({"name": "ivr", "role": "orchestrator"}))).await;
        assert_eq!(created.status, StatusCode::CREATED);
        let body = created.json();
        let token = body["token"].as_str().unwrap_or_default().to_owned();
        assert!(token.starts_with("sesame_key_"));
        let list = app.admin_get("/api/v1/api-keys").await;
        assert!(!list.text.contains(&token), "the token is never shown again");
        assert_eq!(list.json()[0]["name"], "ivr");
        let admin = app.api_key("admin").await;
        assert_eq!(app.get("/api/v1/users", Some(&admin)).await.status, StatusCode::OK);
        let id = app.admin_get("/api/v1/api-keys").await.json()[1]["id"].as_i64().unwrap_or_default();
        assert_eq!(app.admin(Method::DELETE, &format!("/api/v1/api-keys/{id}"), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/v1/users", Some(&admin)).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(app.admin(Method::DELETE, &format!("/api/v1/api-keys/{id}"), None).await.code(), "api_key.not_found");
        let bad = app.admin(Method::POST, "/api/v1/api-keys", Some(json!({"name": "", "role": "root"}))).await;
        assert_eq!(bad.detail_codes(), ["api_key.name_invalid", "api_key.role_invalid"]);
        let user_role = app.admin(Method::POST, "/api/v1/api-keys", Some(json!({"name": "x", "role": "user"}))).await;
        assert_eq!(user_role.code(), "api_key.role_invalid");
    }

    async fn an_admin_can_end_all_sessions_of_a_user(app) {
        app.create_user_with_password("gwen").await;
        let first = app.session_token("gwen").await;
        let second = app.session_token("gwen").await;
        let ended = app.admin(Method::DELETE, "/api/v1/users/gwen/sessions", None).await;
        assert_eq!(ended.json()["ended"], 2);
        for token in [first, second] {
            assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, StatusCode::UNAUTHORIZED);
        }
    }

    async fn a_sign_in_whose_client_hangs_up_is_still_finished_and_recorded(app) {
        // The password check waits for a hashing thread, all of which are held busy here,
        // and the client hangs up while it waits. That must not stop the attempt halfway
        // (counted, never recorded), or a guesser could hang up to leave no trace.
        app.create_user_with_password("hana").await;
        let services = app.state.services().clone();
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let gate = std::sync::Arc::new(std::sync::Mutex::new(gate));
        let busy = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        for _ in 0..app.settings.hash_workers {
            let (services, gate, busy) = (services.clone(), gate.clone(), busy.clone());
            tokio::spawn(async move {
                services.hash_pool().run(move || {
                    busy.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let _ = gate.lock().map(|g| g.recv_timeout(Duration::from_secs(20)));
                }).await
            });
        }
        let until = |what: &'static str, done: Box<dyn Fn() -> bool>| async move {
            let started = std::time::Instant::now();
            while !done() {
                assert!(started.elapsed() < Duration::from_secs(10), "{what}");
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        let workers = app.settings.hash_workers;
        let held = busy.clone();
        until("the hashing threads are held", Box::new(move || held.load(std::sync::atomic::Ordering::SeqCst) == workers)).await;

        let url = app.url("/api/v1/sessions");
        let client = app.client.clone();
        let sign_in = tokio::spawn(async move {
            client.post(url).json(&json!({"username": "hana", "password": "a-wrong-guess-at-it"})).send().await
        });
        let pool = services.clone();
        until("the password check waits for a hashing thread", Box::new(move || pool.hash_pool().queue_depth() == 1)).await;
        sign_in.abort();
        assert!(sign_in.await.is_err(), "the client hung up before an answer");
        // The server sees the connection close while the check still waits.
        tokio::time::sleep(Duration::from_millis(300)).await;
        for _ in 0..workers {
            let _ = release.send(());
        }

        let started = std::time::Instant::now();
        let recorded = loop {
            let records = app.audit("action=session.create&subject=hana").await;
            if !records.is_empty() || started.elapsed() > Duration::from_secs(10) {
                break records;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(recorded.len(), 1, "{recorded:?}");
        assert_eq!(recorded[0]["result"], "failure");
    }
}
