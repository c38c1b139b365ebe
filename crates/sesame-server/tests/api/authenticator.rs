//! Authenticator apps: set-up with an otpauth URI and QR code, confirmation with one code,
//! secrets sealed at rest, wrong codes counted, and codes from an independent
//! implementation (Debian's `oathtool`, in the ignored tests) accepted.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sesame_core::totp::TotpParams;

use crate::helpers::*;
use crate::on_every_backend;

/// The secret of an otpauth URI, decoded from base32.
pub fn secret_of(uri: &str) -> (String, Vec<u8>) {
    let encoded = uri
        .split(['?', '&'])
        .find_map(|part| part.strip_prefix("secret="))
        .unwrap_or_else(|| panic!("no secret in {uri}"))
        .to_owned();
    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut bits = 0u64;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in encoded.trim_end_matches('=').chars() {
        let value = alphabet
            .find(c)
            .unwrap_or_else(|| panic!("not base32: {c}")) as u64;
        bits = (bits << 5) | value;
        count += 5;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    (encoded, bytes)
}

pub fn now_seconds(app: &TestApp) -> u64 {
    u64::try_from(app.state.now().as_millis() / 1000).unwrap_or(0)
}

on_every_backend! {
    async fn an_authenticator_is_active_only_after_one_valid_code(app) {
        app.create_user_with_password("ana").await;
        let token = app.session_token("ana").await;
        let started = app.post("/api/v1/me/enrollments/authenticator", Some(&token), json!({})).await;
        assert_eq!(started.status, StatusCode::CREATED, "{}", started.text);
        let body = started.json();
        let uri = body["otpauth_uri"].as_str().unwrap_or_default().to_owned();
        assert!(uri.starts_with("otpauth://totp/Sesame:ana?"), "{uri}");
        assert!(body["qr_svg"].as_str().unwrap_or_default().contains("<svg"));
        let (encoded, secret) = secret_of(&uri);
        assert_eq!(secret.len(), 20, "160 bits");
        let me = app.get("/api/v1/me/enrollments", Some(&token)).await.json();
        assert_eq!(me[0]["state"], "pending");

        let stored = app.state.store().find_enrollment(1, "authenticator").await.ok().flatten().and_then(|e| e.secret).unwrap_or_default();
        assert!(!stored.contains(&encoded), "the secret is sealed at rest");

        let wrong = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": "000000"})).await;
        let code = TotpParams::default().code_at(&secret, now_seconds(&app));
        if code != "000000" {
            assert_eq!(wrong.code(), "authenticator.invalid_code");
        }
        let confirmed = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": code})).await;
        assert_eq!(confirmed.json(), json!({"state": "active"}));
        let again = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": code})).await;
        assert_eq!(again.code(), "enrollment.not_pending");
        assert_eq!(app.send(Method::DELETE, "/api/v1/me/enrollments/authenticator", Some(&token), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.get("/api/v1/me/enrollments", Some(&token)).await.json(), json!([]));
    }

    async fn five_wrong_codes_lock_the_check(app) {
        app.create_user_with_password("ben").await;
        let token = app.session_token("ben").await;
        let started = app.post("/api/v1/me/enrollments/authenticator", Some(&token), json!({})).await.json();
        let (_, secret) = secret_of(started["otpauth_uri"].as_str().unwrap_or_default());
        let right = TotpParams::default().code_at(&secret, now_seconds(&app));
        let wrong = if right == "123456" { "654321" } else { "123456" };
        for _ in 0..5 {
            let reply = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": wrong})).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        }
        let locked = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": right})).await;
        assert_eq!((locked.status, locked.code()), (StatusCode::LOCKED, "authenticator.locked".to_owned()));
        app.clock.advance(std::time::Duration::from_secs(15 * 60));
        let code = TotpParams::default().code_at(&secret, now_seconds(&app));
        let after = app.post("/api/v1/me/enrollments/authenticator/confirm", Some(&token), json!({"code": code})).await;
        assert_eq!(after.json(), json!({"state": "active"}));
    }
}

#[tokio::test]
async fn the_web_page_shows_the_qr_code_and_confirms() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("ida").await;
    let cookies = sign_in_by_form(&app, "ida").await;
    let page = app
        .get_with_cookies("/profile/authenticator", &cookies, None)
        .await;
    assert!(page.text.contains("Set up an authenticator app"));
    let token = csrf_field(&page.text);
    let started = app
        .post_form(
            "/profile/authenticator/start",
            &cookies,
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(started.status, StatusCode::OK);
    assert!(started.text.contains("<svg") && !started.text.contains("<?xml"));
    assert!(
        !started.text.contains("style="),
        "nothing the content security policy would block"
    );
    let uri = started
        .text
        .split("<a id=\"otpauth-link\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no link on the page"))
        .replace("&amp;", "&");
    let (encoded, secret) = secret_of(&uri);
    // The key people type is grouped in fours.
    let grouped = started
        .text
        .split("<code id=\"manual-key\">")
        .nth(1)
        .and_then(|rest| rest.split("</code>").next())
        .unwrap_or_default();
    assert_eq!(grouped.replace(' ', ""), encoded);
    assert!(
        grouped.split(' ').all(|group| group.len() <= 4),
        "{grouped}"
    );
    let code = TotpParams::default().code_at(&secret, now_seconds(&app));
    // A wrong code keeps the QR code and the key on screen.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = app
        .post_form(
            "/profile/authenticator/confirm",
            &cookies,
            &[("csrf", &token), ("code", wrong)],
        )
        .await;
    assert!(
        refused.text.contains("<svg") && refused.text.contains(grouped),
        "{}",
        refused.text
    );
    let confirmed = app
        .post_form(
            "/profile/authenticator/confirm",
            &cookies,
            &[("csrf", &token), ("code", &code)],
        )
        .await;
    assert_eq!(
        confirmed.header("location"),
        Some("/profile?notice=enrollment-active")
    );
    let page = app
        .get_with_cookies("/profile/authenticator", &cookies, None)
        .await;
    assert!(page.text.contains("Your authenticator app is set up."));
}

#[tokio::test]
#[ignore = "needs Debian's oathtool"]
async fn codes_from_oathtool_are_accepted() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("oda").await;
    let token = app.session_token("oda").await;
    let started = app
        .post(
            "/api/v1/me/enrollments/authenticator",
            Some(&token),
            json!({}),
        )
        .await
        .json();
    let (encoded, _) = secret_of(started["otpauth_uri"].as_str().unwrap_or_default());
    let output = std::process::Command::new("oathtool")
        .args([
            "--totp",
            "--base32",
            "--now",
            &format!("@{}", now_seconds(&app)),
            &encoded,
        ])
        .output()
        .unwrap_or_else(|e| panic!("oathtool cannot run (apt-get install oathtool): {e}"));
    let code = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert_eq!(code.len(), 6, "oathtool said {code:?}");
    let confirmed = app
        .post(
            "/api/v1/me/enrollments/authenticator/confirm",
            Some(&token),
            json!({"code": code}),
        )
        .await;
    assert_eq!(confirmed.json(), json!({"state": "active"}));
}

#[tokio::test]
async fn rotating_the_key_reseals_secrets_while_the_server_keeps_working() {
    use base64::Engine;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("rae").await;
    let token = app.session_token("rae").await;
    let started = app
        .post(
            "/api/v1/me/enrollments/authenticator",
            Some(&token),
            json!({}),
        )
        .await
        .json();
    let (_, secret) = secret_of(started["otpauth_uri"].as_str().unwrap_or_default());
    let key_id = |app: &TestApp| {
        let state = app.state.clone();
        async move {
            let text = state
                .store()
                .find_enrollment(1, "authenticator")
                .await
                .ok()
                .flatten()
                .and_then(|e| e.secret)
                .unwrap_or_default();
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()
                .and_then(|b| b.first().copied())
        }
    };
    assert_eq!(key_id(&app).await, Some(1));

    // What `sesame keys rotate` does, from another process's point of view.
    let new_id = sesame_server::rotation::add_keys(&app.settings.data_dir, app.state.now())
        .unwrap_or_else(|e| panic!("{e}"))
        .seal_id;
    let keys = sesame_server::keys::Keys::load_or_create(&app.settings.data_dir)
        .unwrap_or_else(|e| panic!("{e}"));
    let store = std::sync::Arc::new(
        sesame_store::SqlStore::connect(&app.settings.database_url, 2)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let offline = sesame_server::state::AppState::new(
        store,
        app.clock.clone(),
        keys,
        app.settings.clone(),
        Default::default(),
    );
    let rotated = sesame_server::rotation::reseal_all(&offline, "cli")
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!((new_id, rotated.key_id, rotated.secrets), (2, 2, 1));
    assert_eq!(key_id(&app).await, Some(2));
    let again = sesame_server::rotation::reseal_all(&offline, "cli")
        .await
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert_eq!(again.secrets, 0, "nothing left under the old key");

    // The running server, started before the rotation, opens the re-sealed secret.
    let code = TotpParams::default().code_at(&secret, now_seconds(&app));
    let confirmed = app
        .post(
            "/api/v1/me/enrollments/authenticator/confirm",
            Some(&token),
            json!({"code": code}),
        )
        .await;
    assert_eq!(confirmed.json(), json!({"state": "active"}));
    assert_eq!(app.audit("action=keys.rotate").await.len(), 2);
}
