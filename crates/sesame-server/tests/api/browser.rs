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
                     "--no-first-run", "--disable-quic"]
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

/// The serious and critical problems axe-core finds on the page now, one line each.
async fn axe_problems(
    browser: &fantoccini::Client,
    axe: &str,
) -> Result<Vec<String>, fantoccini::error::CmdError> {
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

#[tokio::test]
#[ignore = "needs Chromium, chromedriver and axe-core from npm (AXE_CORE_JS)"]
async fn axe_finds_no_serious_problem_on_any_page_at_desktop_and_phone_width() {
    let axe_path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
        panic!("AXE_CORE_JS must name axe.min.js (npm install axe-core; .ci/run does)")
    });
    let axe = std::fs::read_to_string(&axe_path)
        .unwrap_or_else(|e| panic!("cannot read {axe_path}: {e}"));
    let (_driver, browser) = chromium().await;
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.create_user(
        json!({"username": "agnes", "password": PASSWORD, "display_name": "Agnes Agent",
        "groups": ["service-desk"], "phone": "+14155550100"}),
    )
    .await;
    // With the CAPTCHA, so that its part of the reset page is checked too.
    app.set_property("captcha.max_number", json!(10_000)).await;
    let process = json!({"id": "self", "name": "Forgot password", "identification": "username",
        "public_access": true, "captcha": true, "verifications": [{"id": "qa"}, {"id": "enter_username"}],
        "min_verifications": 1});
    app.admin(reqwest::Method::POST, "/api/v1/processes", Some(process))
        .await;
    let base = app.address.replace("127.0.0.1", "localhost");
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
        let mut problems = Vec::new();
        let mut check = |page: String, found: Vec<String>| {
            problems.extend(found.into_iter().map(|p| format!("{page}: {p}")));
        };
        for (width, height) in [(1280, 900), (390, 844)] {
            browser.set_window_size(width, height).await?;
            for path in ["/signin", "/reset"] {
                browser.goto(&format!("{base}{path}")).await?;
                check(
                    format!("{path} at {width}"),
                    axe_problems(&browser, &axe).await?,
                );
            }
        }
        browser.goto(&format!("{base}/signin")).await?;
        browser
            .find(Locator::Id("username"))
            .await?
            .send_keys("agnes")
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
        for (width, height) in [(1280, 900), (390, 844)] {
            browser.set_window_size(width, height).await?;
            for path in [
                "/profile",
                "/profile/password",
                "/profile/soft-pin",
                "/profile/authenticator",
                "/profile/questions",
                "/profile/codes/email",
                "/desk",
                "/desk?username=agnes",
            ] {
                browser.goto(&format!("{base}{path}")).await?;
                check(
                    format!("{path} at {width}"),
                    axe_problems(&browser, &axe).await?,
                );
            }
        }
        Ok::<_, fantoccini::error::CmdError>(problems)
    }
    .await;
    let _ = browser.close().await;
    let problems = result.unwrap_or_else(|e| panic!("browser: {e}"));
    assert!(
        problems.is_empty(),
        "axe-core found:\n{}",
        problems.join("\n")
    );
}
