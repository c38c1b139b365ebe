//! The web pages, driven as a browser would without JavaScript: forms, cookies, CSRF.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::on_every_backend;

on_every_backend! {
    async fn signing_in_by_form_shows_the_profile(app) {
        app.create_user(json!({
            "username": "alice", "password": PASSWORD, "email": "alice@example.com", "display_name": "Alice Smith"
        })).await;
        let cookies = sign_in_by_form(&app, "alice").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await;
        assert_eq!(profile.status, StatusCode::OK);
        assert_eq!(profile.header("cache-control"), Some("no-store"));
        assert!(profile.text.contains("<html lang=\"en\">"));
        assert!(profile.text.contains("Hello, Alice Smith."));
        assert!(profile.text.contains("alice@example.com"));
        assert!(profile.text.contains("You have not set up any verification yet."));
        assert!(profile.text.contains("aria-current=\"page\""), "the menu marks the current page");
        assert_eq!(app.get_with_cookies("/", &cookies, None).await.header("location"), Some("/profile"));
        assert_eq!(app.get_with_cookies("/signin", &cookies, None).await.header("location"), Some("/profile"));
    }

    async fn a_form_without_the_right_csrf_token_is_refused(app) {
        app.create_user_with_password("bob").await;
        let (cookie, token) = open_signin(&app).await;
        let forged = app.post_form("/signin", &cookie, &[("csrf", "0000"), ("username", "bob"), ("password", PASSWORD)]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        assert!(forged.text.contains("The form has expired."));
        assert!(!forged.cookies().contains_key("sesame_session"));
        let no_cookie = app.post_form("/signin", "", &[("csrf", &token), ("username", "bob"), ("password", PASSWORD)]).await;
        assert_eq!(no_cookie.status, StatusCode::FORBIDDEN);
        let other_browser = open_signin(&app).await.0;
        let swapped = app.post_form("/signin", &other_browser, &[("csrf", &token), ("username", "bob"), ("password", PASSWORD)]).await;
        assert_eq!(swapped.status, StatusCode::FORBIDDEN, "a token belongs to its own cookie");
        assert!(app.audit("subject=bob&action=session.create").await.is_empty(), "no sign-in was attempted");
    }

    async fn a_wrong_password_shows_the_same_message_as_an_unknown_name(app) {
        app.create_user_with_password("carl").await;
        let mut pages = Vec::new();
        for name in ["carl", "nobody"] {
            let (cookie, token) = open_signin(&app).await;
            let reply = app.post_form("/signin", &cookie, &[("csrf", &token), ("username", name), ("password", "wrong-password-123")]).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
            assert!(reply.text.contains("role=\"alert\">The user name or password is incorrect."));
            pages.push(reply.text.replace(name, "NAME").replace(&token, "TOKEN"));
        }
        assert_eq!(pages[0], pages[1]);
    }

    async fn pages_follow_the_language_of_user_and_browser(app) {
        app.create_user(json!({"username": "dora", "password": PASSWORD, "language": "de"})).await;
        let visitor = app.get_with_cookies("/signin", "", Some("de-DE,de;q=0.9,en;q=0.5")).await;
        assert!(visitor.text.contains("<html lang=\"de\">"));
        assert!(visitor.text.contains("Benutzername"));
        let cookies = sign_in_by_form(&app, "dora").await;
        let profile = app.get_with_cookies("/profile", &cookies, Some("en")).await;
        assert!(profile.text.contains("Ihr Profil"), "the user's own language wins");
        assert!(profile.text.contains("Abmelden"));
    }

    async fn a_spanish_user_sees_the_profile_and_the_questions_in_spanish(app) {
        app.create_user(json!({"username": "sofia", "password": PASSWORD, "language": "es"})).await;
        let visitor = app.get_with_cookies("/signin", "", Some("es-419,es;q=0.9,en;q=0.5")).await;
        assert!(visitor.text.contains("<html lang=\"es\">"));
        assert!(visitor.text.contains("Nombre de usuario"));
        let cookies = sign_in_by_form(&app, "sofia").await;
        let profile = app.get_with_cookies("/profile", &cookies, Some("de")).await;
        assert!(profile.text.contains("<html lang=\"es\">"), "the user's own language wins");
        for spanish in ["Su perfil", "Cerrar sesión", "Todavía no ha configurado ninguna verificación.", "<dd>Español</dd>"] {
            assert!(profile.text.contains(spanish), "missing {spanish}");
        }
        let questions = app.get_with_cookies("/profile/questions", &cookies, Some("en")).await;
        assert_eq!(questions.status, StatusCode::OK);
        for spanish in ["Preguntas de seguridad", "¿Cómo se llamaba su primera mascota?", "¿En qué calle creció?", "Guardar las respuestas"] {
            assert!(questions.text.contains(spanish), "missing {spanish}");
        }
        assert!(!questions.text.contains("What was the name of your first pet?"));
    }

    async fn the_profile_page_changes_the_password(app) {
        app.create_user_with_password("fred").await;
        let cookies = sign_in_by_form(&app, "fred").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await;
        assert!(profile.text.contains("href=\"/profile/password\""));
        let page = app.get_with_cookies("/profile/password", &cookies, None).await;
        assert_eq!(page.status, StatusCode::OK);
        let token = csrf_field(&page.text);
        let strength = app.post_form("/profile/password/strength", &cookies, &[("csrf", &token), ("password", "fred")]).await;
        let judged = strength.json();
        assert!(judged["score"].as_u64().is_some_and(|s| s <= 1) && !judged["problems"].as_array().is_none_or(Vec::is_empty), "{judged}");
        let mismatch = app.post_form("/profile/password", &cookies, &[("csrf", &token), ("current_password", PASSWORD), ("new_password", "amber-lantern-orbit-meadow"), ("confirm", "amber-lantern-orbit-mead0w")]).await;
        assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(mismatch.text.contains("The two entries are not the same."));
        let wrong = app.post_form("/profile/password", &cookies, &[("csrf", &token), ("current_password", "nope"), ("new_password", "amber-lantern-orbit-meadow"), ("confirm", "amber-lantern-orbit-meadow")]).await;
        assert!(wrong.text.contains("The current password is not right."), "{}", wrong.text);
        let changed = app.post_form("/profile/password", &cookies, &[("csrf", &token), ("current_password", PASSWORD), ("new_password", "amber-lantern-orbit-meadow"), ("confirm", "amber-lantern-orbit-meadow")]).await;
        assert_eq!(changed.header("location"), Some("/profile?notice=password-changed"), "{}", changed.text);
        let after = app.get_with_cookies("/profile?notice=password-changed", &cookies, None).await;
        assert!(after.text.contains("Your password has been changed."), "still signed in here");
        assert_eq!(app.sign_in("fred", "amber-lantern-orbit-meadow").await.status, StatusCode::CREATED);
    }

    async fn signing_out_ends_the_session(app) {
        app.create_user_with_password("erin").await;
        let cookies = sign_in_by_form(&app, "erin").await;
        let profile = app.get_with_cookies("/profile", &cookies, None).await;
        let token = csrf_field(&profile.text);
        let forged = app.post_form("/signout", &cookies, &[("csrf", "forged")]).await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN);
        let out = app.post_form("/signout", &cookies, &[("csrf", &token)]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert_eq!(out.header("location"), Some("/signin?signed_out=1"));
        let after = app.get_with_cookies("/profile", &cookies, None).await;
        assert_eq!(after.header("location"), Some("/signin"), "the old cookie no longer works");
        let notice = app.get_with_cookies("/signin?signed_out=1", "", None).await;
        assert!(notice.text.contains("You have signed out."));
    }

    async fn pages_carry_protective_headers_and_markup(app) {
        let page = app.get_with_cookies("/signin", "", None).await;
        let csp = page.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"));
        assert_eq!(page.header("x-frame-options"), Some("DENY"));
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
        for accessible in ["<label for=\"username\">", "<label for=\"password\">", "autocomplete=\"current-password\"", "href=\"#main\""] {
            assert!(page.text.contains(accessible), "missing {accessible}");
        }
        let css = app.get("/static/sesame.css", None).await;
        assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    }
}

#[tokio::test]
async fn a_refusal_to_wait_says_how_long() {
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| {
        s.email = sesame_server::config::EmailSettings::Log {
            from: "sesame@example.com".into(),
        }
    })
    .await;
    app.create_user_with_password("gina").await;
    let cookies = sign_in_by_form(&app, "gina").await;
    let page = app
        .get_with_cookies("/profile/codes/email", &cookies, None)
        .await;
    let token = csrf_field(&page.text);
    let fields = [("csrf", token.as_str()), ("address", "gina@example.com")];
    let sent = app
        .post_form("/profile/codes/email/send", &cookies, &fields)
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let soon = app
        .post_form("/profile/codes/email/send", &cookies, &fields)
        .await;
    assert!(
        soon.text.contains("You can ask for another in 2 minutes."),
        "{}",
        soon.text
    );
    app.clock.advance(std::time::Duration::from_secs(61));
    let later = app
        .post_form("/profile/codes/email/send", &cookies, &fields)
        .await;
    assert!(
        later
            .text
            .contains("You can ask for another in 59 seconds."),
        "{}",
        later.text
    );
}
