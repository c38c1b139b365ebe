//! A real browser (headless Chromium through chromedriver): signing in, a forgotten
//! password reset with the strength shown as the password is typed, the reset page's
//! CAPTCHA solved by the page itself, and the administration console.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::*;

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Headless Chromium through chromedriver (Debian's `chromium` and `chromium-driver`).
async fn chromium() -> (Driver, fantoccini::Client) {
    chromium_in("en-US,en").await
}

/// Headless Chromium whose user prefers the languages `accept_language`.
async fn chromium_in(accept_language: &str) -> (Driver, fantoccini::Client) {
    // The test binary links two rustls providers (the browser driver's and the mailer's);
    // name one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("chromedriver cannot start (apt-get install chromium chromium-driver): {e}")
        });
    let driver = Driver(driver);
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--disable-quic", "--hide-scrollbars", "--force-device-scale-factor=1"],
            "prefs": {"intl.accept_languages": accept_language}
        }
    });
    let capabilities = capabilities.as_object().cloned().unwrap_or_default();
    let started = Instant::now();
    let browser = loop {
        match ClientBuilder::rustls()
            .unwrap_or_else(|e| panic!("{e}"))
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => break client,
            Err(e) if started.elapsed() < Duration::from_secs(30) => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot reach chromedriver: {e}"),
        }
    };
    (driver, browser)
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_signs_in_and_sees_the_profile() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(
        json!({"username": "alice", "password": PASSWORD, "display_name": "Alice Smith"}),
    )
    .await;
    // localhost is a secure context, so the browser keeps the Secure cookies over HTTP.
    let base = app.address.replace("127.0.0.1", "localhost");
    let result = async {
        browser.goto(&format!("{base}/")).await?;
        browser
            .find(Locator::Id("username"))
            .await?
            .send_keys("alice")
            .await?;
        browser
            .find(Locator::Id("password"))
            .await?
            .send_keys(PASSWORD)
            .await?;
        browser
            .find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        // The profile's greeting exists only there, so waiting for it cannot find the
        // sign-in page still on its way out.
        let greeting = browser
            .wait()
            .for_element(Locator::Css("p.lead"))
            .await?
            .text()
            .await?;
        let heading = browser.find(Locator::Css("main h1")).await?.text().await?;
        let empty = browser
            .find(Locator::Id("enrollments-empty"))
            .await?
            .text()
            .await?;
        let url = browser.current_url().await?;
        Ok::<_, fantoccini::error::CmdError>((heading, greeting, empty, url.path().to_owned()))
    }
    .await;
    let _ = browser.close().await;
    let (heading, greeting, empty, path) = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert_eq!(path, "/profile");
    assert_eq!(heading, "Your profile");
    assert_eq!(greeting, "Hello, Alice Smith.");
    assert_eq!(empty, "You have not set up any verification yet.");
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_resets_a_forgotten_password_and_shows_its_strength() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("kim").await;
    crate::resets::create_process(
        &app,
        crate::resets::process(
            "self",
            json!([{"id": "email"}, {"id": "enter_username"}]),
            1,
            json!({}),
        ),
    )
    .await;
    let base = app.address.replace("127.0.0.1", "localhost");
    let new_password = "amber-lantern-orbit-meadow";
    let result = async {
        browser.goto(&format!("{base}/signin")).await?;
        browser.find(Locator::Id("forgot")).await?.click().await?;
        browser
            .wait()
            .for_element(Locator::Id("identifier"))
            .await?
            .send_keys("kim")
            .await?;
        browser
            .find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Id("answer-enter_username"))
            .await?
            .send_keys("kim")
            .await?;
        browser
            .find(Locator::Css(
                "#verification-enter_username button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        let field = browser
            .wait()
            .for_element(Locator::Id("new_password"))
            .await?;
        field.send_keys("kim12345").await?;
        let weak = wait_for_text(&browser, "password-strength", "must not contain").await?;
        field.clear().await?;
        field.send_keys(new_password).await?;
        let strong = wait_for_text(&browser, "password-strength", "strong").await?;
        browser
            .find(Locator::Id("confirm"))
            .await?
            .send_keys(new_password)
            .await?;
        browser
            .find(Locator::Css(
                "form[action='/reset/password'] button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        let done = browser
            .wait()
            .for_element(Locator::Id("reset-done"))
            .await?
            .text()
            .await?;
        Ok::<_, fantoccini::error::CmdError>((weak, strong, done))
    }
    .await;
    let _ = browser.close().await;
    let (weak, strong, done) = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(
        weak.starts_with("Strength: weak") || weak.starts_with("Strength: very weak"),
        "{weak}"
    );
    assert!(weak.contains("must not contain your user name"), "{weak}");
    assert!(
        strong.starts_with("Strength: strong") || strong.starts_with("Strength: very strong"),
        "{strong}"
    );
    assert!(done.contains("Your password has been changed"), "{done}");
    assert_eq!(
        app.sign_in("kim", new_password).await.status,
        reqwest::StatusCode::CREATED
    );
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_solves_the_captcha_by_itself_and_the_reset_goes_on() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("kim").await;
    app.set_property("captcha.max_number", json!(50_000)).await;
    crate::resets::create_process(
        &app,
        crate::resets::process(
            "self",
            json!([{"id": "email"}, {"id": "enter_username"}]),
            1,
            json!({"captcha": true}),
        ),
    )
    .await;
    let base = app.address.replace("127.0.0.1", "localhost");
    let result = async {
        browser.goto(&format!("{base}/reset")).await?;
        let status = wait_for_text(&browser, "captcha-status", "The check is done").await?;
        let progress = browser
            .execute(
                "return document.getElementById('captcha-progress').value;",
                vec![],
            )
            .await?;
        let solution = browser
            .find(Locator::Css("input[name=captcha]"))
            .await?
            .prop("value")
            .await?
            .unwrap_or_default();
        browser
            .find(Locator::Id("identifier"))
            .await?
            .send_keys("kim")
            .await?;
        browser
            .find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Id("answer-enter_username"))
            .await?;
        let path = browser.current_url().await?.path().to_owned();
        Ok::<_, fantoccini::error::CmdError>((status, progress, solution, path))
    }
    .await;
    let _ = browser.close().await;
    let (status, progress, solution, path) = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert_eq!(status, "The check is done. You can continue.");
    assert_eq!(progress, json!(1));
    assert_eq!(path, "/reset/verify");
    // The payload the page sent is ALTCHA's, and it has been used.
    let sent: serde_json::Value =
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &solution)
            .ok()
            .and_then(|json| serde_json::from_slice(&json).ok())
            .unwrap_or_else(|| panic!("not a payload: {solution}"));
    assert_eq!(sent["algorithm"], "SHA-256");
    assert!(sent["number"].is_u64(), "{sent}");
    let replay = app
        .post(
            "/api/v1/resets",
            None,
            json!({"process": "self", "identifier": "kim", "captcha": solution}),
        )
        .await;
    assert_eq!(replay.code(), "captcha.invalid", "{}", replay.text);
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_walks_the_administration_console() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(json!({"username": "ada", "password": PASSWORD, "display_name": "Ada Admin", "groups": ["sesame-admins"]}))
        .await;
    let base = app.address.replace("127.0.0.1", "localhost");
    let result = async {
        browser.goto(&format!("{base}/signin")).await?;
        browser
            .find(Locator::Id("username"))
            .await?
            .send_keys("ada")
            .await?;
        browser
            .find(Locator::Id("password"))
            .await?
            .send_keys(PASSWORD)
            .await?;
        browser
            .find(Locator::Css("button[type=submit]"))
            .await?
            .click()
            .await?;
        browser.wait().for_element(Locator::Css("p.lead")).await?;
        // The menu leads to the console.
        browser
            .find(Locator::Css("header nav a[href='/admin']"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Css(".overview-grid"))
            .await?;

        // A new process, then seen in the list.
        browser
            .find(Locator::Css("nav.sections a[href='/admin/processes']"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Css("a[href='/admin/processes/new']"))
            .await?
            .click()
            .await?;
        browser
            .wait()
            .for_element(Locator::Id("id"))
            .await?
            .send_keys("self")
            .await?;
        browser
            .find(Locator::Id("name"))
            .await?
            .send_keys("Forgot password")
            .await?;
        browser
            .find(Locator::Id("v-email"))
            .await?
            .select_by_value("mandatory")
            .await?;
        browser
            .find(Locator::Css(
                "main form[action='/admin/processes/new'] button[type=submit]",
            ))
            .await?
            .click()
            .await?;
        let created = browser
            .wait()
            .for_element(Locator::Id("admin-notice"))
            .await?
            .text()
            .await?;
        browser
            .find(Locator::Css("a[href='/admin/processes']"))
            .await?
            .click()
            .await?;
        let listed = browser
            .wait()
            .for_element(Locator::Css("#process-self td"))
            .await?
            .text()
            .await?;

        // A property changed: the header shows the new product name.
        browser.goto(&format!("{base}/admin/properties")).await?;
        let name = browser
            .wait()
            .for_element(Locator::Id("web-product_name"))
            .await?;
        name.clear().await?;
        name.send_keys("Acme Access").await?;
        browser
            .find(Locator::Css("main form button[type=submit]"))
            .await?
            .click()
            .await?;
        let saved = browser
            .wait()
            .for_element(Locator::Id("admin-notice"))
            .await?
            .text()
            .await?;
        let brand = browser.find(Locator::Css("a.brand")).await?.text().await?;

        // The reports page draws its chart as inline SVG.
        browser
            .find(Locator::Css("nav.sections a[href='/admin/reports']"))
            .await?
            .click()
            .await?;
        let chart = browser
            .wait()
            .for_element(Locator::Css("#chart-resets svg"))
            .await?;
        let role = chart.attr("role").await?;
        Ok::<_, fantoccini::error::CmdError>((created, listed, saved, brand, role))
    }
    .await;
    let _ = browser.close().await;
    let (created, listed, saved, brand, role) = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert_eq!(created, "The process was created.");
    assert!(listed.contains("Forgot password"), "{listed}");
    assert_eq!(saved, "The settings were saved.");
    assert_eq!(brand, "Acme Access");
    assert_eq!(role.as_deref(), Some("img"));
    let process = app.admin_get("/api/v1/processes/self").await.json();
    assert_eq!(
        process["verifications"],
        json!([{"id": "email", "mandatory": true}])
    );
}

/// The text of an element once it contains `wanted` (the page updates it as the user types).
async fn wait_for_text(
    browser: &fantoccini::Client,
    id: &str,
    wanted: &str,
) -> Result<String, fantoccini::error::CmdError> {
    let started = Instant::now();
    loop {
        let text = browser.find(Locator::Id(id)).await?.text().await?;
        if text.contains(wanted) || started.elapsed() > Duration::from_secs(10) {
            return Ok(text);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

type Step<T> = Result<T, fantoccini::error::CmdError>;

/// The address the browser uses: localhost is a secure context, so the browser keeps the
/// Secure cookies over HTTP.
fn base_of(app: &TestApp) -> String {
    app.address.replace("127.0.0.1", "localhost")
}

/// Signs in by the form and waits for the profile.
async fn sign_in(
    browser: &fantoccini::Client,
    base: &str,
    username: &str,
    password: &str,
) -> Step<()> {
    browser.goto(&format!("{base}/signin")).await?;
    fill(browser, "username", username).await?;
    fill(browser, "password", password).await?;
    click(browser, "main form button[type=submit]").await?;
    browser.wait().for_element(Locator::Css("p.lead")).await?;
    Ok(())
}

/// Types into the field with this id once it is there.
async fn fill(browser: &fantoccini::Client, id: &str, text: &str) -> Step<()> {
    let field = browser.wait().for_element(Locator::Id(id)).await?;
    field.clear().await?;
    field.send_keys(text).await
}

/// Clicks the element `css` selects once it is there.
async fn click(browser: &fantoccini::Client, css: &str) -> Step<()> {
    browser
        .wait()
        .for_element(Locator::Css(css))
        .await?
        .click()
        .await
}

/// The text of the element `css` selects, once it is there.
async fn text_of(browser: &fantoccini::Client, css: &str) -> Step<String> {
    browser
        .wait()
        .for_element(Locator::Css(css))
        .await?
        .text()
        .await
}

/// Runs a walk through the pages, closes the browser, and fails with what went wrong.
async fn walk<T>(
    browser: fantoccini::Client,
    steps: impl std::future::Future<Output = Step<T>>,
) -> T {
    let result = steps.await;
    let _ = browser.close().await;
    result.unwrap_or_else(|e| panic!("browser: {e}"))
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_walks_the_kinder_reset_a_wrong_answer_then_a_right_one() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("kim").await;
    app.set_property("help_desk.contact", json!("+1 415 555 0100"))
        .await;
    crate::resets::create_process(
        &app,
        crate::resets::process(
            "self",
            json!([{"id": "email"}, {"id": "enter_username"}]),
            1,
            json!({}),
        ),
    )
    .await;
    let base = base_of(&app);
    let (wrong, block, help, next) = walk(browser.clone(), async {
        browser.goto(&format!("{base}/reset")).await?;
        fill(&browser, "identifier", "kim").await?;
        click(&browser, "main form button[type=submit]").await?;
        fill(&browser, "answer-enter_username", "tim").await?;
        click(&browser, "#verification-enter_username button[type=submit]").await?;
        let wrong = text_of(&browser, "#reset-error").await?;
        let block = text_of(&browser, "#reset-block-warning").await?;
        let help = text_of(&browser, "#help-desk").await?;
        fill(&browser, "answer-enter_username", "kim").await?;
        click(&browser, "#verification-enter_username button[type=submit]").await?;
        let next = browser
            .wait()
            .for_element(Locator::Id("new_password"))
            .await?
            .attr("autocomplete")
            .await?;
        Ok((wrong, block, help, next))
    })
    .await;
    assert_eq!(
        wrong,
        "That answer was not right. You have 2 more tries; after the last, this request ends."
    );
    assert_eq!(
        block,
        "After 3 failed requests, self-service reset is blocked for 24 hours."
    );
    assert_eq!(
        help,
        "If you are stuck, your help desk can help: +1 415 555 0100"
    );
    assert_eq!(
        next.as_deref(),
        Some("new-password"),
        "the right answer leads to the new password"
    );
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_walks_the_desk_finds_a_caller_lifts_a_lock_verifies_and_resets() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(json!({"username": "henry", "password": PASSWORD, "display_name": "Henry Ford", "phone": "+14155550123"}))
        .await;
    app.create_user(json!({"username": "agnes", "password": PASSWORD, "display_name": "Agnes Agent", "groups": ["service-desk"]}))
        .await;
    crate::resets::create_process(
        &app,
        crate::resets::process(
            "desk",
            json!([{"id": "qa"}, {"id": "enter_username"}]),
            1,
            json!({"public_access": false, "allow_unlock": true}),
        ),
    )
    .await;
    let orchestrator = app.api_key("orchestrator").await;
    for _ in 0..3 {
        app.post(
            "/api/v1/verify",
            Some(&orchestrator),
            json!({"username": "henry", "verification": "soft_pin", "input": "135790"}),
        )
        .await;
    }
    let base = base_of(&app);
    let (candidates, locks, unlocked, after, wrong, password) = walk(browser.clone(), async {
        sign_in(&browser, &base, "agnes", PASSWORD).await?;
        click(&browser, "header nav a[href='/desk']").await?;
        // A phone number as the caller says it offers the caller it belongs to.
        fill(&browser, "username", "(415) 555-0123").await?;
        click(&browser, "form[action='/desk'] button[type=submit]").await?;
        let candidates = text_of(&browser, "#candidates").await?;
        click(&browser, "#candidates a").await?;
        let locks = text_of(&browser, "#caller-locks").await?;
        click(
            &browser,
            "form[action='/desk/unlock-user'] button[type=submit]",
        )
        .await?;
        let unlocked = text_of(&browser, "#caller-notice").await?;
        let after = text_of(&browser, "#caller-locks").await?;
        click(&browser, "form[action='/desk/start'] button[type=submit]").await?;
        fill(&browser, "answer-enter_username", "harry").await?;
        click(&browser, "#verification-enter_username button[type=submit]").await?;
        let wrong = text_of(&browser, "#reset-error").await?;
        fill(&browser, "answer-enter_username", "henry").await?;
        click(&browser, "#verification-enter_username button[type=submit]").await?;
        // Continue leads on to what the agent does next.
        click(&browser, "a.button[href='/desk/finish']").await?;
        click(
            &browser,
            "form[action='/desk/password'] button[type=submit]",
        )
        .await?;
        let password = text_of(&browser, "#generated-password").await?;
        Ok((candidates, locks, unlocked, after, wrong, password))
    })
    .await;
    assert!(candidates.contains("Henry Ford (henry)"), "{candidates}");
    assert!(locks.contains("On the phone: Soft PIN"), "{locks}");
    assert_eq!(unlocked, "The account is unlocked.");
    assert_eq!(after, "No lock or block is in force.");
    assert_eq!(
        wrong,
        "The answer was wrong. 2 more wrong answers end this request."
    );
    assert_eq!(
        app.sign_in("henry", &password).await.status,
        reqwest::StatusCode::CREATED
    );
    assert_eq!(
        app.audit("action=reset.password&actor=user:agnes")
            .await
            .len(),
        1
    );
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_changes_the_password_of_the_signed_in_user() {
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user_with_password("lena").await;
    let base = base_of(&app);
    let new_password = "copper-violin-glacier-tundra";
    let (refused, strength, done) = walk(browser.clone(), async {
        sign_in(&browser, &base, "lena", PASSWORD).await?;
        click(&browser, "main a[href='/profile/password']").await?;
        fill(&browser, "current_password", "not-my-password-at-all").await?;
        fill(&browser, "new_password", new_password).await?;
        fill(&browser, "confirm", new_password).await?;
        click(
            &browser,
            "form[action='/profile/password'] button[type=submit]",
        )
        .await?;
        let refused = text_of(&browser, "#password-errors").await?;
        fill(&browser, "current_password", PASSWORD).await?;
        fill(&browser, "new_password", new_password).await?;
        let strength = wait_for_text(&browser, "password-strength", "strong").await?;
        fill(&browser, "confirm", new_password).await?;
        click(
            &browser,
            "form[action='/profile/password'] button[type=submit]",
        )
        .await?;
        let done = text_of(&browser, "main p.notice").await?;
        Ok((refused, strength, done))
    })
    .await;
    assert!(
        refused.contains("The current password is not right."),
        "{refused}"
    );
    assert!(
        strength.starts_with("Strength: strong") || strength.starts_with("Strength: very strong"),
        "{strength}"
    );
    assert_eq!(
        done,
        "Your password has been changed. Every other session was signed out."
    );
    assert_eq!(
        app.sign_in("lena", new_password).await.status,
        reqwest::StatusCode::CREATED
    );
    assert_eq!(
        app.sign_in("lena", PASSWORD).await.status,
        reqwest::StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver"]
async fn chromium_in_spanish_shows_spanish_pages() {
    let (_driver, browser) = chromium_in("es-ES,es").await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(json!({"username": "sofia", "password": PASSWORD, "display_name": "Sofía", "language": "es"})).await;
    let base = base_of(&app);
    let (lang, label, reset, profile) = walk(browser.clone(), async {
        browser.goto(&format!("{base}/signin")).await?;
        let lang = browser
            .find(Locator::Css("html"))
            .await?
            .attr("lang")
            .await?;
        let label = text_of(&browser, "label[for=username]").await?;
        browser.goto(&format!("{base}/reset")).await?;
        let reset = text_of(&browser, "main h1").await?;
        sign_in(&browser, &base, "sofia", PASSWORD).await?;
        let profile = text_of(&browser, "main h1").await?;
        Ok((lang, label, reset, profile))
    })
    .await;
    assert_eq!(lang.as_deref(), Some("es"));
    assert_eq!(label, "Nombre de usuario");
    assert_eq!(reset, "Restablecer su contraseña");
    assert_eq!(profile, "Su perfil", "in the user's language");
}

/// The serious and critical problems axe-core finds on the page now, one line each.
async fn axe_problems(browser: &fantoccini::Client, axe: &str) -> Step<Vec<String>> {
    browser.execute(axe, vec![]).await?;
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             axe.run(document).then(r => done(r.violations\
               .filter(v => v.impact === 'serious' || v.impact === 'critical')\
               .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '\
                 + v.nodes.map(n => n.target.join(' ')).join(', '))));",
            vec![],
        )
        .await?;
    // Anything but a list means axe did not run: that must fail, not pass.
    Ok(serde_json::from_value(found.clone())
        .unwrap_or_else(|e| panic!("axe-core answered {found}: {e}")))
}

/// The two sizes every page is looked at: a desktop and a phone.
const SIZES: [(&str, u32, u32); 2] = [("desktop", 1280, 860), ("phone", 390, 844)];

/// Looks at pages at both sizes: what axe-core finds, whether the page scrolls sideways,
/// and, when `shots` names a folder, a screenshot of the pages named for one.
struct Inspector<'a> {
    browser: &'a fantoccini::Client,
    axe: &'a str,
    problems: Vec<String>,
    looked_at: Vec<String>,
    shots: Option<std::path::PathBuf>,
}

impl Inspector<'_> {
    /// Checks the page the browser shows now, under `label`; `shot` names its screenshot.
    async fn inspect(&mut self, label: &str, shot: Option<&str>) -> Step<()> {
        self.inspect_showing(label, shot, None).await
    }

    /// Checks the page; its screenshot shows the element `css` selects at the top.
    async fn inspect_showing(
        &mut self,
        label: &str,
        shot: Option<&str>,
        css: Option<&str>,
    ) -> Step<()> {
        for (size, width, height) in SIZES {
            self.browser.set_window_size(width, height).await?;
            let widths = self
                .browser
                .execute(
                    "window.scrollTo(0, 0); return [window.innerWidth, document.documentElement.scrollWidth];",
                    vec![],
                )
                .await?;
            let widths: Vec<u32> = serde_json::from_value(widths.clone())
                .unwrap_or_else(|e| panic!("widths {widths}: {e}"));
            assert_eq!(widths[0], width, "the window is {width} px wide");
            if widths[1] > width {
                self.problems.push(format!(
                    "{label} at {width}: scrolls sideways ({} px wide)",
                    widths[1]
                ));
            }
            for problem in axe_problems(self.browser, self.axe).await? {
                self.problems.push(format!("{label} at {width}: {problem}"));
            }
            let every = std::env::var("SCREENSHOT_EVERY")
                .is_ok()
                .then(|| label.replace(['/', '?', '=', ' '], "_"));
            if let (Some(dir), Some(name)) = (&self.shots, shot.map(str::to_owned).or(every)) {
                if let Some(css) = css {
                    let script = format!("document.querySelector(\"{css}\").scrollIntoView(); window.scrollBy(0, -16);");
                    self.browser.execute(&script, vec![]).await?;
                }
                let png = self.browser.screenshot().await?;
                let path = dir.join(format!("{name}-{size}.png"));
                std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
        }
        self.browser.set_window_size(SIZES[0].1, SIZES[0].2).await?;
        eprintln!("looked at {label}");
        self.looked_at.push(label.to_owned());
        Ok(())
    }

    /// Opens `path` and checks it.
    async fn visit(&mut self, base: &str, path: &str, shot: Option<&str>) -> Step<()> {
        self.browser.goto(&format!("{base}{path}")).await?;
        self.inspect(path, shot).await
    }

    /// Opens `path` and checks it; its screenshot shows the element `css` selects.
    async fn visit_showing(&mut self, base: &str, path: &str, shot: &str, css: &str) -> Step<()> {
        self.browser.goto(&format!("{base}{path}")).await?;
        self.inspect_showing(path, Some(shot), Some(css)).await
    }
}

/// An installation that has been in use for a fortnight: the demo user and process,
/// colleagues, an administrator who is also at the desk, a custom verification, a voice
/// service, an API key, a question of its own, a message in the outbox, a locked Soft PIN
/// and two weeks of reset requests for the reports.
async fn lived_in(app: &TestApp) {
    let seeded = sesame_server::demo::seed(&app.state).await;
    assert!(
        matches!(seeded, Ok(sesame_server::demo::Seeded::Created)),
        "the demo data"
    );
    // Either the e-mailed code or the questions will do.
    let process = json!({"id": "self", "name": "Forgot password", "identification": "username", "public_access": true,
        "verifications": [{"id": "email"}, {"id": "qa"}], "min_verifications": 1, "allow_unlock": true});
    let changed = app
        .put("/api/v1/processes/self", Some(BOOTSTRAP_TOKEN), process)
        .await;
    assert_eq!(changed.status, reqwest::StatusCode::OK, "{}", changed.text);
    crate::resets::create_process(
        app,
        json!({"id": "desk", "name": "Service desk", "identification": "username", "public_access": false,
               "verifications": [{"id": "email"}, {"id": "qa"}, {"id": "enter_username"}], "min_verifications": 1,
               "allow_unlock": true}),
    )
    .await;
    for user in [
        json!({"username": "ada", "password": PASSWORD, "display_name": "Ada Lovelace", "email": "ada@example.com",
               "employee_id": "E-0001", "groups": ["sesame-admins"]}),
        json!({"username": "grace", "display_name": "Grace Hopper", "email": "grace@example.com", "phone": "+442079460958",
               "employee_id": "E-0002", "groups": ["staff"]}),
        json!({"username": "alan", "display_name": "Alan Turing", "email": "alan@example.com", "employee_id": "E-0003",
               "groups": ["staff"]}),
        json!({"username": "katherine", "display_name": "Katherine Johnson", "email": "katherine.johnson@example.com",
               "phone": "+14155550142", "groups": ["service-desk"]}),
        json!({"username": "linus", "display_name": "Linus Pauling", "email": "linus@example.com", "language": "de"}),
        json!({"username": "sofia", "display_name": "Sofía Kovalevskaya", "email": "sofia@example.com", "language": "es"}),
    ] {
        let reply = app.create_user(user).await;
        assert_eq!(reply.status, reqwest::StatusCode::CREATED, "{}", reply.text);
    }
    for (path, body) in [
        (
            "/api/v1/verifications",
            json!({"id": "work_app", "name": "Work authenticator", "type": "authenticator",
            "params": {"algorithm": "SHA256", "digits": 8, "step_seconds": 30, "drift_steps": 1}}),
        ),
        (
            "/api/v1/voice/services",
            json!({"id": "billing", "name": "Billing line", "identification": [{"field": "phone"}, {"field": "employee_id"}],
            "first": "soft_pin", "second": "authenticator", "step_up": "sms", "input_types": {"soft_pin": "both"}}),
        ),
        (
            "/api/v1/questions",
            json!({"texts": {"en": "What was your first job?", "de": "Was war Ihre erste Arbeit?", "es": "¿Cuál fue su primer trabajo?"}}),
        ),
        (
            "/api/v1/api-keys",
            json!({"name": "voice-platform", "role": "orchestrator"}),
        ),
    ] {
        let reply = app.post(path, Some(BOOTSTRAP_TOKEN), body).await;
        assert_eq!(
            reply.status,
            reqwest::StatusCode::CREATED,
            "{path}: {}",
            reply.text
        );
    }
    app.set_property(
        "help_desk.contact",
        json!("+1 415 555 0100 or help@example.com"),
    )
    .await;
    // Two weeks of requests at the desk: some reset, some failed, some left open.
    let agent = app.api_key("service_desk").await;
    let desk = |path: String, body: serde_json::Value| {
        let agent = agent.clone();
        async move { app.post(&path, Some(&agent), body).await }
    };
    for day in 0..14u64 {
        app.clock.advance(Duration::from_secs(86_400));
        let people = ["grace", "alan", "katherine", "linus", "sofia"];
        for i in 0..(day % 4 + 1) {
            let who = people[usize::try_from((day + i) % 5).unwrap_or(0)];
            let started = desk(
                "/api/v1/desk/resets".into(),
                json!({"process": "desk", "username": who}),
            )
            .await;
            let reset = crate::resets::reset_id(&started);
            let answer = format!("/api/v1/desk/resets/{reset}/answers/enter_username");
            match (day + i) % 5 {
                0..=2 => {
                    desk(answer, json!({"value": who})).await;
                    desk(format!("/api/v1/desk/resets/{reset}/password"), json!({})).await;
                }
                3 => {
                    for _ in 0..3 {
                        desk(answer.clone(), json!({"value": "someone"})).await;
                    }
                }
                _ => {}
            }
        }
    }
    // Today: a locked Soft PIN, and a code e-mailed in a reset (a message in the outbox).
    let orchestrator = app.api_key("orchestrator").await;
    for _ in 0..3 {
        app.post(
            "/api/v1/verify",
            Some(&orchestrator),
            json!({"username": "demo", "verification": "soft_pin", "input": "135790"}),
        )
        .await;
    }
    let started = crate::resets::start(app, "self", "demo").await;
    let reset = crate::resets::reset_id(&started);
    let sent = crate::resets::challenge(app, &reset, "email").await;
    assert_eq!(sent.status, reqwest::StatusCode::OK, "{}", sent.text);
}

/// Every page, at desktop and phone width: axe-core (from npm) finds no serious or critical
/// problem, and no page is wider than the window. With `SCREENSHOTS_DIR` set, the pages the
/// README shows are saved there too (`docs/screenshots`); with `SCREENSHOT_EVERY` as well,
/// every page, to look at.
#[tokio::test]
#[ignore = "needs Chromium, chromedriver and axe-core from npm (AXE_CORE_JS)"]
async fn axe_finds_no_serious_problem_and_no_page_scrolls_sideways_at_desktop_and_phone_width() {
    let axe_path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
        panic!("AXE_CORE_JS must name axe.min.js (npm install axe-core; .ci/run does)")
    });
    let axe = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("cannot read {axe_path}: {e}"));
    let shots = std::env::var_os("SCREENSHOTS_DIR").map(std::path::PathBuf::from);
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn_configured(Backend::Sqlite, |settings| {
        settings.email = sesame_server::config::EmailSettings::Log {
            from: "Sesame <sesame@example.com>".into(),
        };
    })
    .await;
    lived_in(&app).await;
    let base = base_of(&app);
    let question = app.admin_get("/api/v1/questions").await.json();
    let question = question
        .as_array()
        .into_iter()
        .flatten()
        .find(|q| q["text"] == "What was your first job?")
        .and_then(|q| q["id"].as_i64())
        .unwrap_or_default();
    let mut inspector = Inspector {
        browser: &browser,
        axe: &axe,
        problems: Vec::new(),
        looked_at: Vec::new(),
        shots,
    };
    let result = async {
        // First a page with a known problem, so that a checker that finds nothing cannot pass.
        browser
            .goto("data:text/html,<html lang=en><title>t</title><img src=x.png></html>")
            .await?;
        let known = axe_problems(&browser, &axe).await?;
        assert!(
            known.iter().any(|p| p.starts_with("image-alt")),
            "axe-core must report an image without alt text: {known:?}"
        );
        browser
            .goto("data:text/html,<html lang=en><title>t</title><main><div style='width:900px'>wide</div></main></html>")
            .await?;
        inspector.inspect("a page 900 px wide", None).await?;
        assert!(
            inspector.problems.iter().any(|p| p.contains("a page 900 px wide at 390: scrolls sideways")),
            "a page wider than the phone must be found: {:?}",
            inspector.problems
        );
        inspector.problems.clear();
        inspector.looked_at.clear();

        // Signed out: sign-in and the reset, a wrong answer, then the new password.
        inspector.visit(&base, "/signin", None).await?;
        inspector.visit(&base, "/reset", Some("reset-start")).await?;
        fill(&browser, "identifier", "demo").await?;
        click(&browser, "main form button[type=submit]").await?;
        browser.wait().for_element(Locator::Id("verification-qa")).await?;
        inspector.inspect("/reset/verify", None).await?;
        click(&browser, "form[action='/reset/challenge/qa'] button[type=submit]").await?;
        let answers = browser.wait().for_element(Locator::Css("form[action='/reset/answer/qa']")).await?;
        let inputs = answers.find_all(Locator::Css("input[type=text]")).await?;
        inspector.inspect("/reset/verify with questions", Some("reset-questions")).await?;
        for input in &inputs {
            input.send_keys("wrong answer").await?;
        }
        click(&browser, "form[action='/reset/answer/qa'] button[type=submit]").await?;
        browser.wait().for_element(Locator::Id("reset-block-warning")).await?;
        inspector.inspect("/reset/verify after a wrong answer", Some("reset-wrong-answer")).await?;
        let answers = browser.wait().for_element(Locator::Css("form[action='/reset/answer/qa']")).await?;
        for input in answers.find_all(Locator::Css("input[type=text]")).await? {
            let id = input.attr("id").await?.unwrap_or_default();
            let n: usize = id.trim_start_matches("answer-").parse().unwrap_or(1);
            input.send_keys(sesame_server::demo::ANSWERS[n - 1]).await?;
        }
        click(&browser, "form[action='/reset/answer/qa'] button[type=submit]").await?;
        browser.wait().for_element(Locator::Id("new_password")).await?;
        inspector.inspect("/reset/finish", None).await?;

        // The demo user's own pages.
        sign_in(&browser, &base, "demo", sesame_server::demo::PASSWORD).await?;
        for (path, shot) in [
            ("/profile", Some("profile")),
            ("/profile/password", None),
            ("/profile/soft-pin", None),
            ("/profile/questions", None),
            ("/profile/codes/email", None),
            ("/profile/codes/sms", None),
            ("/profile/verifications/work_app", None),
            ("/profile/authenticator", None),
        ] {
            inspector.visit(&base, path, shot).await?;
        }
        click(&browser, "header form[action='/signout'] button").await?;
        browser.wait().for_element(Locator::Id("username")).await?;

        // The administrator, also at the desk.
        sign_in(&browser, &base, "ada", PASSWORD).await?;
        browser.goto(&format!("{base}/profile/authenticator")).await?;
        click(&browser, "form[action='/profile/authenticator/start'] button[type=submit]").await?;
        browser.wait().for_element(Locator::Css("figure.qr")).await?;
        inspector.inspect("/profile/authenticator with its QR code", None).await?;
        inspector.visit(&base, "/desk", None).await?;
        inspector.visit(&base, "/desk?username=555", None).await?;
        inspector.visit(&base, "/desk?username=E-1001", Some("desk")).await?;
        browser.find(Locator::Id("process")).await?.select_by_value("desk").await?;
        click(&browser, "form[action='/desk/start'] button[type=submit]").await?;
        browser.wait().for_element(Locator::Id("verification-enter_username")).await?;
        inspector.inspect("/desk/verify", None).await?;
        let question = question.to_string();
        for path in [
            "/admin",
            "/admin/users",
            "/admin/users?q=example",
            "/admin/users/grace",
            "/admin/users/new",
            "/admin/users/import",
            "/admin/processes",
            "/admin/processes/new",
            "/admin/processes/self",
            "/admin/verifications",
            "/admin/verifications/work_app",
            "/admin/questions",
            &format!("/admin/questions/{question}"),
            "/admin/properties",
            "/admin/api-keys",
            "/admin/voice",
            "/admin/voice/new",
            "/admin/voice/billing",
            "/admin/outbox",
            "/admin/audit",
            "/admin/reports",
        ] {
            match path {
                "/admin" => inspector.visit(&base, path, Some("admin-overview")).await?,
                "/admin/reports" => {
                    inspector.visit_showing(&base, path, "admin-reports", "#resets-heading").await?
                }
                _ => inspector.visit(&base, path, None).await?,
            }
        }
        // A refused form, with its problems at their fields.
        browser.goto(&format!("{base}/admin/processes/new")).await?;
        click(&browser, "main form[action='/admin/processes/new'] button[type=submit]").await?;
        browser.wait().for_element(Locator::Id("form-problems")).await?;
        inspector.inspect("/admin/processes/new refused", None).await?;
        Ok::<_, fantoccini::error::CmdError>(())
    }
    .await;
    let problems = std::mem::take(&mut inspector.problems);
    let looked_at = inspector.looked_at.len();
    let _ = browser.close().await;
    result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(looked_at >= 40, "every page was looked at: {looked_at}");
    assert!(problems.is_empty(), "found:\n{}", problems.join("\n"));
}
