//! `POST /voice/twilio/{service}`: Twilio's voice webhook. Twilio posts the call's form
//! fields (`CallSid`, `From`, `Digits`, `SpeechResult`, ...) and follows the TwiML it gets
//! back. A request counts only with a right `X-Twilio-Signature`: base64 of HMAC-SHA1
//! under the auth token over the URL Twilio called (the public base URL, path and query)
//! followed by every form field sorted by name, each name then value. Anything else is
//! 403 before it is read further. Like every request, it is first held to the edge's
//! rules: a field with a control character, or longer than its limit, is 422, and the
//! route counts against `limits.phone_per_minute` per client address.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sesame_core::voice::{IdentificationField, InputChoice};
use sha1::Sha1;

use super::twiml::{self, Verb};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::input::BadString;
use crate::service::voice::phone::{self, Asked, Heard, Line, Next, Prompt, Step, Turn};
use crate::state::AppState;

const LINE: Line = Line {
    provider: "twilio",
    handoff_property: "voice.twilio.handoff_url",
};

/// The longest value of each field Sesame reads (a call id has 34 characters, a number in
/// E.164 at most 16, a SIP address more); every other field may have up to
/// `input::MAX_STRING_CHARS`.
const FIELD_LIMITS: [(&str, usize); 4] = [
    ("CallSid", 64),
    ("From", 128),
    ("Digits", 128),
    ("SpeechResult", crate::input::MAX_STRING_CHARS),
];

/// The refusal of a request whose form fields break the edge's rules: a control character
/// in a name or value, or a value longer than its field's limit.
fn refuse_fields(fields: &[(String, String)]) -> Option<AppError> {
    for (name, value) in fields {
        if let Some(bad) = BadString::of(name).or_else(|| BadString::of(value)) {
            return Some(bad.error());
        }
        let limit = FIELD_LIMITS
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, limit)| *limit);
        if let Some(limit) = limit.filter(|limit| value.chars().count() > *limit) {
            return Some(AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request.string_too_long",
                format!("The field {name} takes at most {limit} characters."),
            ));
        }
    }
    None
}

/// Seconds Twilio waits for the first key or word, and between keys.
const GATHER_TIMEOUT_SECONDS: &str = "6";

pub async fn webhook(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(service): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    if let Some(refusal) = refuse_fields(&fields) {
        return refusal.into_response();
    }
    let base = super::public_base(state.settings(), &headers);
    let signed = match (&state.settings().twilio_auth_token, &base) {
        (Some(token), Some(base)) => {
            let called = format!(
                "{base}{}",
                uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
            );
            let given = headers
                .get("x-twilio-signature")
                .and_then(|value| value.to_str().ok());
            given.is_some_and(|given| signature_is_right(token, &called, &fields, given))
        }
        _ => false,
    };
    if !signed {
        return AppError::new(
            StatusCode::FORBIDDEN,
            "twilio.signature_invalid",
            "The request does not carry Twilio's signature for this URL and these fields.",
        )
        .into_response();
    }
    let field = |name: &str| {
        fields
            .iter()
            .find(|(given, _)| given == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.trim().is_empty())
    };
    let Some(call_id) = field("CallSid") else {
        return AppError::bad_request("twilio.call_sid_missing", "The request names no call.")
            .into_response();
    };
    let heard = match (field("Digits"), field("SpeechResult")) {
        (Some(keys), _) => Heard::Keys(SecretString::from(keys.to_owned())),
        (None, Some(speech)) => Heard::Speech(SecretString::from(speech.to_owned())),
        (None, None) => Heard::Nothing,
    };
    let asked = uri.query().and_then(|query| {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        Asked::from_query(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    });
    let request = phone::Request {
        service: &service,
        call_id,
        caller_id: field("From"),
        asked,
        heard,
        source: source.as_deref(),
    };
    let turn = match phone::turn(&state, &LINE, request).await {
        Ok(turn) => turn,
        Err(error) => {
            crate::error::log_cause(&error);
            tracing::warn!(service, error = %error, "a phone call ended on an error");
            Turn {
                language: "en",
                say: vec![Prompt::Trouble],
                next: Next::HangUp,
            }
        }
    };
    // Twilio comes back to the same route: the URL it called, without the query.
    let here = format!("{}{}", base.unwrap_or_default(), uri.path());
    (
        [(header::CONTENT_TYPE, "application/xml")],
        twiml::document(&verbs(&turn, &here)),
    )
        .into_response()
}

/// Whether `given` is Twilio's signature of `url` and `fields` under `token`, compared in
/// constant time.
fn signature_is_right(
    token: &SecretString,
    url: &str,
    fields: &[(String, String)],
    given: &str,
) -> bool {
    let Ok(given) = STANDARD.decode(given.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(token.expose_secret().as_bytes()) else {
        return false;
    };
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac.verify_slice(&given).is_ok()
}

/// The language tag Twilio speaks and listens in for a catalogue language.
fn twilio_language(language: &str) -> &'static str {
    match language {
        "de" => "de-DE",
        "es" => "es-ES",
        _ => "en-US",
    }
}

/// The TwiML of a turn; `here` is the webhook's URL, where answers come back to.
fn verbs(turn: &Turn, here: &str) -> Vec<Verb> {
    let tr = Tr::for_phone(turn.language);
    let language = twilio_language(&tr.tag());
    let text = |prompt: &Prompt| {
        let args = prompt.args();
        let args: Vec<(&'static str, &str)> = args
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        tr.t_with(prompt.id(), &args)
    };
    let mut verbs: Vec<Verb> = turn
        .say
        .iter()
        .map(|prompt| Verb::Say {
            text: text(prompt),
            language,
        })
        .collect();
    match &turn.next {
        Next::Gather {
            prompt,
            input,
            digits,
            asked,
        } => {
            let action = format!(
                "{here}?{}",
                url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(asked.to_query())
                    .finish()
            );
            let hints = match asked.step {
                Step::Field(IdentificationField::EmployeeId) => "$OOV_CLASS_ALPHANUMERIC_SEQUENCE",
                _ => "$OOV_CLASS_DIGIT_SEQUENCE",
            };
            let mut attributes = vec![
                (
                    "input",
                    match input {
                        InputChoice::Text => "dtmf",
                        InputChoice::Voice => "speech",
                        InputChoice::Both => "dtmf speech",
                    }
                    .to_owned(),
                ),
                ("action", action.clone()),
                ("method", "POST".to_owned()),
                ("language", language.to_owned()),
                ("hints", hints.to_owned()),
                ("timeout", GATHER_TIMEOUT_SECONDS.to_owned()),
                ("speechTimeout", "auto".to_owned()),
                ("finishOnKey", "#".to_owned()),
                ("actionOnEmptyResult", "true".to_owned()),
            ];
            if let Some(digits) = digits {
                attributes.push(("numDigits", digits.to_string()));
            }
            verbs.push(Verb::Gather {
                attributes,
                prompt: text(prompt),
                language,
            });
            // Should the gathering end without calling back, the answer is nothing.
            verbs.push(Verb::Redirect { url: action });
        }
        Next::Pause { seconds } => {
            verbs.push(Verb::Pause { seconds: *seconds });
            verbs.push(Verb::Redirect {
                url: here.to_owned(),
            });
        }
        Next::Handoff { url } => verbs.push(Verb::Redirect { url: url.clone() }),
        Next::HangUp => verbs.push(Verb::Hangup),
    }
    verbs
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Twilio's own example of a signed request.
    #[test]
    fn signatures_are_checked_as_twilio_makes_them() {
        let token = SecretString::from("12345".to_owned());
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let fields: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .rev()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
        let right = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
        assert!(signature_is_right(&token, url, &fields, right));
        assert!(!signature_is_right(
            &token,
            url,
            &fields,
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ"
        ));
        assert!(!signature_is_right(&token, url, &fields, "not base64!"));
        assert!(!signature_is_right(
            &token,
            &url.replace("foo=1", "foo=2"),
            &fields,
            right
        ));
        let mut other = fields.clone();
        other[0].1 = "+18005551213".to_owned();
        assert!(!signature_is_right(&token, url, &other, right));
        let other_token = SecretString::from("54321".to_owned());
        assert!(!signature_is_right(&other_token, url, &fields, right));
    }

    #[test]
    fn every_prompt_is_in_every_phone_catalogue() {
        use sesame_core::verification::Kind;
        let prompts = [
            Prompt::AskField(IdentificationField::Phone),
            Prompt::AskField(IdentificationField::EmployeeId),
            Prompt::AskFactor {
                kind: Kind::SoftPin,
                input: InputChoice::Both,
                digits: 6,
            },
            Prompt::AskFactor {
                kind: Kind::Authenticator,
                input: InputChoice::Text,
                digits: 8,
            },
            Prompt::AskFactor {
                kind: Kind::SmsCode,
                input: InputChoice::Voice,
                digits: 6,
            },
            Prompt::AskFactor {
                kind: Kind::EmailCode,
                input: InputChoice::Both,
                digits: 6,
            },
            Prompt::NotRecognised,
            Prompt::Wrong,
            Prompt::NotUnderstood,
            Prompt::NoInput,
            Prompt::CodeWait,
            Prompt::Verified,
            Prompt::NoHandoff,
            Prompt::Ended,
            Prompt::Unavailable,
            Prompt::Trouble,
        ];
        for language in crate::i18n::PHONE {
            let tr = Tr::for_phone(language);
            for prompt in &prompts {
                let args = prompt.args();
                let args: Vec<(&'static str, &str)> =
                    args.iter().map(|(n, v)| (*n, v.as_str())).collect();
                let text = tr.t_with(prompt.id(), &args);
                assert!(
                    !text.is_empty() && !text.contains(prompt.id()) && !text.contains('{'),
                    "{language} {prompt:?}: {text}"
                );
            }
        }
    }
}
