//! The phone line through Twilio's voice webhooks, driven as Twilio drives it: signed form
//! posts, TwiML read with an XML parser, the `action` of each `<Gather>` followed with the
//! caller's keys or words, and the call handed on with an assertion the JWKS verifies.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use reqwest::{StatusCode, Url};
use serde_json::json;
use sesame_server::Settings;

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::codes;
use crate::helpers::*;
use crate::mail::code_in;
use crate::voice_sessions::{app_code, caller, service, verified_claims, PIN};
use crate::with_every_backend;

const AUTH_TOKEN: &str = "twilio-auth-token-for-tests";
const HANDOFF: &str = "https://agent.example.com/calls?line=help";
const ALICE: &str = "+14155550101";

fn with_twilio(settings: &mut Settings) {
    settings.twilio_auth_token = Some(AUTH_TOKEN.to_owned().into());
}

async fn spawn(backend: Backend) -> TestApp {
    TestApp::spawn_configured(backend, with_twilio).await
}

/// Twilio's signature: base64 of HMAC-SHA1 over the URL and the fields sorted by name.
fn sign(token: &str, url: &str, fields: &[(&str, &str)]) -> String {
    let mut sorted = fields.to_vec();
    sorted.sort();
    let mut data = url.to_owned();
    for (name, value) in sorted {
        data.push_str(name);
        data.push_str(value);
    }
    let mut mac =
        Hmac::<sha1::Sha1>::new_from_slice(token.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    mac.update(data.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn form(fields: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
}

/// Posts `fields` to `url` with `signature` (none when `None`).
async fn post(
    app: &TestApp,
    url: &str,
    fields: &[(&str, &str)],
    signature: Option<String>,
) -> Reply {
    let mut request = app
        .client
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(fields));
    if let Some(signature) = signature {
        request = request.header("x-twilio-signature", signature);
    }
    reply(request).await
}

/// A `<Response>` as a parser reads it.
struct TwiML {
    text: String,
}

#[derive(Debug, Clone, PartialEq)]
struct Verb {
    name: String,
    attributes: Vec<(String, String)>,
    /// The text of the verb, or of the `<Say>` inside a `<Gather>`.
    text: String,
    /// `(text, language)` of each `<Say>` inside.
    says: Vec<(String, String)>,
}

impl Verb {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl TwiML {
    fn of(reply: &Reply) -> Self {
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.header("content-type"), Some("application/xml"));
        Self {
            text: reply.text.clone(),
        }
    }

    fn verbs(&self) -> Vec<Verb> {
        let document = roxmltree::Document::parse(&self.text)
            .unwrap_or_else(|e| panic!("not XML ({e}): {}", self.text));
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "Response", "{}", self.text);
        root.children()
            .filter(|node| node.is_element())
            .map(|node| {
                let says = node
                    .children()
                    .filter(|child| child.has_tag_name("Say"))
                    .map(|say| {
                        (
                            say.text().unwrap_or_default().to_owned(),
                            say.attribute("language").unwrap_or_default().to_owned(),
                        )
                    })
                    .collect();
                Verb {
                    name: node.tag_name().name().to_owned(),
                    attributes: node
                        .attributes()
                        .map(|a| (a.name().to_owned(), a.value().to_owned()))
                        .collect(),
                    text: node.text().unwrap_or_default().trim().to_owned(),
                    says,
                }
            })
            .collect()
    }

    fn names(&self) -> Vec<String> {
        self.verbs().into_iter().map(|v| v.name).collect()
    }

    /// What is said, in order: each `<Say>`, and the prompt of a `<Gather>`.
    fn said(&self) -> Vec<String> {
        self.verbs()
            .into_iter()
            .flat_map(|verb| match verb.name.as_str() {
                "Say" => vec![verb.text],
                _ => verb.says.into_iter().map(|(text, _)| text).collect(),
            })
            .collect()
    }

    fn gather(&self) -> Verb {
        self.verbs()
            .into_iter()
            .find(|verb| verb.name == "Gather")
            .unwrap_or_else(|| panic!("no <Gather> in {}", self.text))
    }

    fn hangs_up(&self) -> bool {
        self.names().last().map(String::as_str) == Some("Hangup")
    }

    fn redirect(&self) -> Option<String> {
        self.verbs()
            .into_iter()
            .find(|verb| verb.name == "Redirect")
            .map(|verb| verb.text)
    }
}

/// One phone call to a service, as Twilio places it.
struct Call<'a> {
    app: &'a TestApp,
    sid: String,
    from: String,
}

impl<'a> Call<'a> {
    fn new(app: &'a TestApp, sid: &str, from: &str) -> Self {
        Self {
            app,
            sid: sid.to_owned(),
            from: from.to_owned(),
        }
    }

    fn fields<'b>(&'b self, extra: &[(&'b str, &'b str)]) -> Vec<(&'b str, &'b str)> {
        let mut fields = vec![
            ("AccountSid", "AC0123456789abcdef0123456789abcdef"),
            ("CallSid", self.sid.as_str()),
            ("From", self.from.as_str()),
            ("To", "+18005550100"),
            ("CallStatus", "in-progress"),
            ("Direction", "inbound"),
        ];
        fields.extend_from_slice(extra);
        fields
    }

    /// A signed request to `url` with the call's fields and `extra`.
    async fn post(&self, url: &str, extra: &[(&str, &str)]) -> Reply {
        let fields = self.fields(extra);
        post(self.app, url, &fields, Some(sign(AUTH_TOKEN, url, &fields))).await
    }

    /// The call comes in.
    async fn ring(&self, service: &str) -> TwiML {
        TwiML::of(
            &self
                .post(&self.app.url(&format!("/voice/twilio/{service}")), &[])
                .await,
        )
    }

    /// Follows the `<Gather>`'s action with keyed digits.
    async fn key(&self, twiml: &TwiML, digits: &str) -> TwiML {
        self.answer(twiml, &[("Digits", digits)]).await
    }

    /// Follows the `<Gather>`'s action with what the recogniser heard.
    async fn say(&self, twiml: &TwiML, words: &str) -> TwiML {
        self.answer(twiml, &[("SpeechResult", words), ("Confidence", "0.92")])
            .await
    }

    async fn answer(&self, twiml: &TwiML, extra: &[(&str, &str)]) -> TwiML {
        let action = twiml
            .gather()
            .attribute("action")
            .unwrap_or_default()
            .to_owned();
        TwiML::of(&self.post(&action, extra).await)
    }
}

/// The service of these tests: the caller ID identifies; Soft PIN, then an app code.
fn phone_only() -> serde_json::Value {
    json!({
        "id": "helpdesk", "name": "IT help desk", "identification": [{"field": "phone"}],
        "first": "soft_pin", "second": "authenticator", "step_up": null, "default_region": "US",
    })
}

with_every_backend! {
    async fn a_call_is_identified_by_its_caller_id_verified_and_handed_on(backend) {
        let app = spawn(backend).await;
        let secret = caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        app.set_property("voice.twilio.handoff_url", json!(HANDOFF)).await;
        let call = Call::new(&app, "CA00000000000000000000000000000001", ALICE);

        // The caller ID identifies alice: the first thing asked is her Soft PIN.
        let asked = call.ring("helpdesk").await;
        assert_eq!(asked.names(), ["Gather", "Redirect"], "{}", asked.text);
        let gather = asked.gather();
        assert_eq!(gather.attribute("input"), Some("dtmf speech"));
        assert_eq!(gather.attribute("language"), Some("en-US"));
        assert_eq!(gather.attribute("method"), Some("POST"));
        assert_eq!(gather.attribute("numDigits"), Some("6"));
        assert_eq!(gather.attribute("hints"), Some("$OOV_CLASS_DIGIT_SEQUENCE"));
        assert_eq!(gather.says, [("Please say or key in your six-digit Soft PIN.".to_owned(), "en-US".to_owned())]);
        let action = Url::parse(gather.attribute("action").unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(action.path(), "/voice/twilio/helpdesk");
        assert_eq!(asked.redirect().as_deref(), gather.attribute("action"), "no answer is an answer too");

        // The PIN said, then the app's code keyed.
        let asked = call.say(&asked, "four eight two, nine one three").await;
        let gather = asked.gather();
        assert_eq!(gather.says[0].0, "Please say or key in the 6-digit code your authenticator app shows.");
        let done = call.key(&asked, &app_code(&app, &secret)).await;
        assert_eq!(done.names(), ["Say", "Redirect"], "{}", done.text);
        assert_eq!(done.said(), ["Thank you, you are verified."]);
        let next = Url::parse(&done.redirect().unwrap_or_default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((next.host_str(), next.path()), (Some("agent.example.com"), "/calls"));
        let query: Vec<(String, String)> = next.query_pairs().into_owned().collect();
        assert_eq!(query[0], ("line".to_owned(), "help".to_owned()));
        assert_eq!(query[1].0, "result");
        let claims = verified_claims(&app, &query[1].1).await;
        assert_eq!(claims["aud"], "helpdesk");
        assert_eq!(claims["username"], "alice");
        assert_eq!(claims["amr"], json!(["soft_pin", "authenticator"]));
        assert_eq!(claims["assurance"], "high");

        // A request after the hand-over hands on again, with a fresh assertion.
        let again = call.ring("helpdesk").await;
        assert!(again.redirect().is_some_and(|url| url.starts_with(HANDOFF)), "{}", again.text);

        // The audit names the line as the actor, never what the caller said.
        let trail = app.audit("action=voice.session.").await;
        assert!(trail.len() >= 6, "{trail:?}");
        for record in &trail {
            let text = record.to_string();
            assert_eq!(record["actor"], "phone:twilio", "{text}");
            assert!(text.contains(ALICE) && !text.contains(PIN) && !text.contains("four eight"), "{text}");
        }
    }

    async fn without_a_handoff_url_a_verified_caller_is_told_and_the_call_ends(backend) {
        let app = spawn(backend).await;
        let secret = caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let call = Call::new(&app, "CA00000000000000000000000000000002", ALICE);
        let asked = call.key(&call.ring("helpdesk").await, PIN).await;
        let done = call.key(&asked, &app_code(&app, &secret)).await;
        assert!(done.hangs_up(), "{}", done.text);
        assert_eq!(done.said(), ["Thank you, you are verified.",
            "We cannot put you through right now. Please call again later. Goodbye."]);
    }

    async fn requests_without_twilios_signature_for_the_url_and_fields_are_refused(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let url = app.url("/voice/twilio/helpdesk");
        let call = Call::new(&app, "CA00000000000000000000000000000003", ALICE);
        let fields = call.fields(&[]);
        let refused = |reply: Reply| {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.text);
            assert_eq!(reply.code(), "twilio.signature_invalid");
        };
        refused(post(&app, &url, &fields, None).await);
        refused(post(&app, &url, &fields, Some(sign("another-auth-token", &url, &fields))).await);
        refused(post(&app, &url, &fields, Some("bm90IGEgc2lnbmF0dXJl".to_owned())).await);
        let other_url = app.url("/voice/twilio/payroll");
        refused(post(&app, &url, &fields, Some(sign(AUTH_TOKEN, &other_url, &fields))).await);
        let with_query = format!("{url}?ask=factor.soft_pin");
        refused(post(&app, &with_query, &fields, Some(sign(AUTH_TOKEN, &url, &fields))).await);
        let mut keyed = fields.clone();
        keyed.push(("Digits", "482913"));
        refused(post(&app, &url, &keyed, Some(sign(AUTH_TOKEN, &url, &fields))).await);
        let mut changed = fields.clone();
        changed[2] = ("From", "+14155550199");
        refused(post(&app, &url, &changed, Some(sign(AUTH_TOKEN, &url, &fields))).await);
        // Nothing was opened by any of them; the rightly signed request is answered.
        assert!(app.audit("action=voice.session.open").await.is_empty());
        assert_eq!(TwiML::of(&post(&app, &url, &fields, Some(sign(AUTH_TOKEN, &url, &fields))).await).gather().name, "Gather");
    }

    async fn fields_with_control_characters_or_too_long_are_refused_signed_or_not(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let url = app.url("/voice/twilio/helpdesk");
        let call = Call::new(&app, "CA00000000000000000000000000000009", ALICE);
        let long_sid = "C".repeat(65);
        let long_speech = "four ".repeat(201);
        let cases: [(&str, &str, &str); 5] = [
            ("Digits", "48\u{0}2913", "request.control_characters"),
            ("SpeechResult", "four\u{1b}[2J eight", "request.control_characters"),
            ("Caller\u{7f}Name", "Alice", "request.control_characters"),
            ("CallSid", &long_sid, "request.string_too_long"),
            ("SpeechResult", &long_speech, "request.string_too_long"),
        ];
        for (name, value, code) in cases {
            let mut fields: Vec<(&str, &str)> = call
                .fields(&[])
                .into_iter()
                .filter(|(field, _)| *field != name)
                .collect();
            fields.push((name, value));
            for signature in [Some(sign(AUTH_TOKEN, &url, &fields)), None] {
                let refused = post(&app, &url, &fields, signature).await;
                assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", refused.text);
                assert_eq!(refused.code(), code, "{name}");
            }
        }
        assert!(app.audit("action=voice.session.open").await.is_empty(), "no call was opened");
        // At the limits, a turn is taken.
        let at_limit = "C".repeat(64);
        let call = Call::new(&app, &at_limit, ALICE);
        let fields = call.fields(&[]);
        assert_eq!(TwiML::of(&post(&app, &url, &fields, Some(sign(AUTH_TOKEN, &url, &fields))).await).gather().name, "Gather");
    }

    async fn the_webhook_is_limited_per_address(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        app.set_property("limits.phone_per_minute", json!(2)).await;
        let call = Call::new(&app, "CA00000000000000000000000000000010", ALICE);
        let url = app.url("/voice/twilio/helpdesk");
        TwiML::of(&call.post(&url, &[]).await);
        // Unsigned requests count too: they cost the same to refuse.
        let unsigned = post(&app, &url, &call.fields(&[]), None).await;
        assert_eq!(unsigned.status, StatusCode::FORBIDDEN);
        let refused = call.post(&url, &[]).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
        assert_eq!(refused.code(), "rate_limited", "JSON, not a page");
        assert!(refused.header("retry-after").is_some());
        app.clock.advance(std::time::Duration::from_secs(60));
        TwiML::of(&call.post(&url, &[]).await);
    }

    async fn behind_a_proxy_the_public_url_is_the_one_signed(backend) {
        let app = TestApp::spawn_configured(backend, |settings| {
            with_twilio(settings);
            settings.public_url = Some("https://sesame.example.com".to_owned());
        }).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let call = Call::new(&app, "CA00000000000000000000000000000004", ALICE);
        let fields = call.fields(&[]);
        let local = app.url("/voice/twilio/helpdesk");
        let public = "https://sesame.example.com/voice/twilio/helpdesk";
        let as_local = post(&app, &local, &fields, Some(sign(AUTH_TOKEN, &local, &fields))).await;
        assert_eq!(as_local.status, StatusCode::FORBIDDEN);
        let as_public = TwiML::of(&post(&app, &local, &fields, Some(sign(AUTH_TOKEN, public, &fields))).await);
        let action = as_public.gather().attribute("action").unwrap_or_default().to_owned();
        assert!(action.starts_with(public), "{action}");
        // Twilio calls the public URL; the proxy hands the request on to Sesame.
        let path = action.strip_prefix("https://sesame.example.com").unwrap_or_default();
        let fields = call.fields(&[("Digits", PIN)]);
        let answered = post(&app, &app.url(path), &fields, Some(sign(AUTH_TOKEN, &action, &fields))).await;
        assert_eq!(TwiML::of(&answered).gather().says[0].0, "Please say or key in the 6-digit code your authenticator app shows.");
    }

    async fn misses_ask_again_and_the_last_one_says_goodbye(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let call = Call::new(&app, "CA00000000000000000000000000000005", ALICE);
        let pin_prompt = "Please say or key in your six-digit Soft PIN.";
        let asked = call.ring("helpdesk").await;
        // Words that are no six digits, and silence, are asked again without a count.
        let asked = call.say(&asked, "I do not remember").await;
        assert_eq!(asked.said(), ["Sorry, I did not understand that.", pin_prompt]);
        let asked = call.answer(&asked, &[]).await;
        assert_eq!(asked.said(), ["Sorry, I did not hear anything.", pin_prompt]);
        // Wrong PINs count: two are asked again, the third ends the call.
        let asked = call.key(&asked, "135790").await;
        assert_eq!(asked.said(), ["That was not right.", pin_prompt]);
        let asked = call.say(&asked, "one three five seven nine one").await;
        assert_eq!(asked.said(), ["That was not right.", pin_prompt]);
        let ended = call.key(&asked, "135792").await;
        assert!(ended.hangs_up(), "{}", ended.text);
        assert_eq!(ended.names(), ["Say", "Say", "Hangup"]);
        assert_eq!(ended.said(), ["That was not right.", "We could not verify you on this call. Goodbye."]);
        // The call is over; so is the PIN on the phone, for the next call too.
        assert!(call.ring("helpdesk").await.hangs_up());
        let next = Call::new(&app, "CA00000000000000000000000000000006", ALICE);
        let refused = next.ring("helpdesk").await;
        assert_eq!(refused.said(), ["We could not verify you on this call. Goodbye."]);
        let locked = app.audit("action=voice.session.failed").await;
        assert_eq!(locked.len(), 1);
    }

    async fn silence_and_unreadable_answers_end_the_call_after_three(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let call = Call::new(&app, "CA00000000000000000000000000000007", ALICE);
        let asked = call.answer(&call.ring("helpdesk").await, &[]).await;
        let asked = call.say(&asked, "banana").await;
        assert!(!asked.hangs_up());
        let ended = call.answer(&asked, &[]).await;
        assert_eq!(ended.said(), ["Sorry, I did not hear anything.", "We could not verify you on this call. Goodbye."]);
        assert!(ended.hangs_up());
        // Nothing was counted against alice.
        let fresh = Call::new(&app, "CA00000000000000000000000000000008", ALICE);
        assert_eq!(fresh.ring("helpdesk").await.gather().name, "Gather");
    }

    async fn a_caller_id_that_identifies_nobody_is_asked_for_the_employee_id(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        let mut both = phone_only();
        both["identification"] = json!([{"field": "phone"}, {"field": "employee_id"}]);
        service(&app, both).await;
        let employee_prompt = "Please say or key in your employee ID. If you key it in, finish with the pound key.";
        let phone_prompt = "Please say or key in the phone number we have for you, with the area code. If you key it in, finish with the pound key.";

        // From a phone Sesame does not know: the employee id is asked for, with the
        // caller ID it identifies nobody, and the phone number is asked for too.
        let call = Call::new(&app, "CA00000000000000000000000000000009", "+14155550123");
        let asked = call.ring("helpdesk").await;
        assert_eq!(asked.said(), [employee_prompt]);
        let gather = asked.gather();
        assert_eq!((gather.attribute("numDigits"), gather.attribute("hints")), (None, Some("$OOV_CLASS_ALPHANUMERIC_SEQUENCE")));
        let asked = call.key(&asked, "1042").await;
        assert_eq!(asked.said(), ["Sorry, we could not find you.", phone_prompt]);
        let asked = call.key(&asked, "4155550101").await;
        assert_eq!(asked.said(), [employee_prompt]);
        let asked = call.say(&asked, "one zero four two").await;
        assert_eq!(asked.said(), ["Please say or key in your six-digit Soft PIN."]);

        // A service that identifies by phone alone asks for the number.
        service(&app, json!({
            "id": "payroll", "name": "Payroll", "identification": [{"field": "phone"}],
            "first": "soft_pin", "second": "authenticator", "step_up": null, "default_region": "US",
        })).await;
        let call = Call::new(&app, "CA00000000000000000000000000000010", "+14155550123");
        let asked = call.ring("payroll").await;
        assert_eq!(asked.said(), ["Sorry, we could not find you.", phone_prompt]);
        let asked = call.say(&asked, "four one five five five five zero one zero one").await;
        assert_eq!(asked.said(), ["Please say or key in your six-digit Soft PIN."]);

        // Answers that identify nobody end the call at the third.
        let call = Call::new(&app, "CA00000000000000000000000000000011", "+14155550123");
        let asked = call.key(&call.ring("payroll").await, "4155550000").await;
        assert_eq!(asked.said(), ["Sorry, we could not find you.", phone_prompt]);
        let ended = call.key(&asked, "4155550001").await;
        assert!(ended.hangs_up(), "{}", ended.text);
        assert_eq!(ended.said(), ["Sorry, we could not find you.", "We could not verify you on this call. Goodbye."]);
    }

    async fn callers_hear_their_own_language(backend) {
        let app = spawn(backend).await;
        let created = app.create_user(json!({"username": "jonas", "password": PASSWORD, "phone": "+493012345678", "language": "de"})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        let created = app.create_user(json!({"username": "lucia", "password": PASSWORD, "phone": "+34911234567", "language": "es-ES"})).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        for username in ["jonas", "lucia"] {
            let session = app.session_token(username).await;
            let pin = app.put("/api/v1/me/soft-pin", Some(&session), json!({ "pin": PIN })).await;
            assert_eq!(pin.status, StatusCode::NO_CONTENT, "{}", pin.text);
        }
        let mut body = phone_only();
        body["input_types"] = json!({"soft_pin": "text"});
        service(&app, body).await;

        let call = Call::new(&app, "CA00000000000000000000000000000012", "+493012345678");
        let asked = call.ring("helpdesk").await;
        let gather = asked.gather();
        assert_eq!((gather.attribute("language"), gather.attribute("input")), (Some("de-DE"), Some("dtmf")));
        assert_eq!(gather.says, [("Bitte geben Sie Ihre sechsstellige Soft-PIN über die Tastatur ein.".to_owned(), "de-DE".to_owned())]);
        let asked = call.key(&asked, "135790").await;
        assert_eq!(asked.verbs()[0].says.len(), 0);
        assert_eq!(asked.verbs()[0].attribute("language"), Some("de-DE"));
        assert_eq!(asked.said()[0], "Das war leider nicht richtig.");
        // Spoken where the service takes keys only: not understood, in German.
        let asked = call.say(&asked, "vier acht zwei neun eins drei").await;
        assert_eq!(asked.said()[0], "Entschuldigung, das habe ich nicht verstanden.");

        let call = Call::new(&app, "CA00000000000000000000000000000013", "+34911234567");
        let gather = call.ring("helpdesk").await.gather();
        assert_eq!(gather.says, [("Por favor, marque su Soft PIN de seis dígitos.".to_owned(), "es-ES".to_owned())]);

        // Before anyone is identified, the line speaks English.
        service(&app, json!({
            "id": "payroll", "name": "Payroll", "identification": [{"field": "employee_id"}],
            "first": "soft_pin", "second": "authenticator", "step_up": null,
        })).await;
        let call = Call::new(&app, "CA00000000000000000000000000000014", "+493012345678");
        assert_eq!(call.ring("payroll").await.gather().attribute("language"), Some("en-US"));
    }

    async fn two_nodes_take_turns_in_one_call(backend) {
        let first = spawn(backend).await;
        let second = first.spawn_sibling().await;
        let secret = caller(&first, "alice", ALICE, "1042").await;
        // `caller` moved the first node's clock on; the second keeps the same time.
        second.clock.advance(std::time::Duration::from_secs(30));
        service(&first, phone_only()).await;
        first.set_property("voice.twilio.handoff_url", json!(HANDOFF)).await;
        let on_first = Call::new(&first, "CA00000000000000000000000000000015", ALICE);
        let on_second = Call::new(&second, "CA00000000000000000000000000000015", ALICE);
        // Each answer goes to the other node, as a load balancer may send it.
        let elsewhere = |twiml: &TwiML, node: &TestApp| {
            let action = twiml.gather().attribute("action").unwrap_or_default().to_owned();
            let url = Url::parse(&action).unwrap_or_else(|e| panic!("{e}"));
            node.url(&format!("{}?{}", url.path(), url.query().unwrap_or_default()))
        };
        let asked = on_first.ring("helpdesk").await;
        let url = elsewhere(&asked, &second);
        let asked = TwiML::of(&on_second.post(&url, &[("Digits", PIN)]).await);
        assert!(asked.said()[0].contains("authenticator app"), "{}", asked.text);
        let url = elsewhere(&asked, &first);
        let done = TwiML::of(&on_first.post(&url, &[("Digits", &app_code(&first, &secret))]).await);
        let result = done.redirect().unwrap_or_default();
        assert!(result.starts_with(&format!("{HANDOFF}&result=")), "{}", done.text);
        // One session, opened once.
        assert_eq!(first.audit("action=voice.session.open").await.len(), 1);
    }

    async fn a_code_is_sent_and_after_a_miss_the_same_code_is_asked_again(backend) {
        let provider = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(json!({"sid": "SM1"})))
            .mount(&provider)
            .await;
        let app = TestApp::spawn_configured(backend, |settings| {
            with_twilio(settings);
            codes::twilio(&provider.uri())(settings);
        }).await;
        caller(&app, "alice", ALICE, "1042").await;
        let token = app.session_token("alice").await;
        assert_eq!(codes::send(&app, &token, "sms", "+14155550123").await.status, StatusCode::ACCEPTED);
        let sent_code = |count: usize| {
            let provider = &provider;
            let app = &app;
            async move {
                app.state.outbox_wake().notify_one();
                let request = codes::wait_for_requests(provider, count).await.remove(count - 1);
                code_in(codes::url_form(&String::from_utf8_lossy(&request.body)).get("Body").map_or("", String::as_str), 6)
            }
        };
        codes::enter(&app, &token, "sms", &sent_code(1).await).await;
        assert_eq!(app.post("/api/v1/me/enrollments/sms/submit", Some(&token), json!({})).await.json(), json!({"state": "active"}));
        let mut body = phone_only();
        body["second"] = json!("sms");
        service(&app, body).await;
        app.set_property("voice.twilio.handoff_url", json!(HANDOFF)).await;
        let call = Call::new(&app, "CA00000000000000000000000000000019", ALICE);

        let asked = call.key(&call.ring("helpdesk").await, PIN).await;
        assert_eq!(asked.said(), ["We have sent a code to your phone by text message. Please say or key in the 6-digit code."]);
        let first = sent_code(2).await;
        let wrong = if first == "000000" { "111111" } else { "000000" };
        // A wrong code: the code sent stays good for another try (it keeps its own limit).
        let again = call.key(&asked, wrong).await;
        assert_eq!(again.said().first().map(String::as_str), Some("That was not right."), "{}", again.text);
        assert_eq!(again.gather().attribute("numDigits"), Some("6"));
        assert_eq!(provider.received_requests().await.map(|r| r.len()), Some(2), "no second code");
        let done = call.key(&again, &first).await;
        assert!(done.redirect().is_some_and(|url| url.starts_with(HANDOFF)), "{}", done.text);
    }

    async fn the_line_exists_only_with_the_module_and_the_auth_token(backend) {
        let without_token = TestApp::spawn(backend).await;
        let url = without_token.url("/voice/twilio/helpdesk");
        let call = Call::new(&without_token, "CA00000000000000000000000000000016", ALICE);
        assert_eq!(call.post(&url, &[]).await.status, StatusCode::NOT_FOUND);

        let without_module = TestApp::spawn_configured(backend, |settings| {
            with_twilio(settings);
            settings.modules.clear();
        }).await;
        let url = without_module.url("/voice/twilio/helpdesk");
        let call = Call::new(&without_module, "CA00000000000000000000000000000016", ALICE);
        assert_eq!(call.post(&url, &[]).await.status, StatusCode::NOT_FOUND);
        let property = without_module
            .admin(reqwest::Method::PUT, "/api/v1/properties/voice.twilio.handoff_url", Some(json!({"value": HANDOFF})))
            .await;
        assert_eq!((property.status, property.code().as_str()), (StatusCode::NOT_FOUND, "property.unknown"));
    }

    async fn a_service_the_line_cannot_serve_ends_the_call_politely(backend) {
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        let call = Call::new(&app, "CA00000000000000000000000000000017", ALICE);
        let unknown = call.ring("nosuchline").await;
        assert!(unknown.hangs_up());
        assert_eq!(unknown.said(), ["This line cannot verify callers at the moment. Please call again later. Goodbye."]);
        service(&app, json!({
            "id": "mail", "name": "By e-mail", "identification": [{"field": "email"}],
            "first": "soft_pin", "second": "authenticator", "step_up": null,
        })).await;
        let call = Call::new(&app, "CA00000000000000000000000000000018", ALICE);
        assert!(call.ring("mail").await.hangs_up());
    }

    async fn the_line_is_a_flow_that_runs_without_http(backend) {
        use sesame_server::service::voice::phone::{self, Heard, Line, Next, Prompt, Request};
        let app = spawn(backend).await;
        caller(&app, "alice", ALICE, "1042").await;
        service(&app, phone_only()).await;
        let line = Line { provider: "test", handoff_property: "voice.twilio.handoff_url" };
        let request = |asked, heard| Request {
            service: "helpdesk", call_id: "call-1", caller_id: Some(ALICE), asked, heard, source: None,
        };
        let turn = phone::turn(&app.state, &line, request(None, Heard::Nothing)).await.unwrap_or_else(|e| panic!("{e}"));
        let Next::Gather { prompt, asked, .. } = &turn.next else { panic!("{turn:?}") };
        assert!(matches!(prompt, Prompt::AskFactor { .. }), "{prompt:?}");
        let turn = phone::turn(&app.state, &line, request(Some(asked.clone()), Heard::Keys(PIN.to_owned().into()))).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(turn.language, "en");
        assert!(turn.say.is_empty(), "{turn:?}");
        assert!(matches!(turn.next, Next::Gather { prompt: Prompt::AskFactor { digits: 6, .. }, .. }), "{turn:?}");
    }
}
