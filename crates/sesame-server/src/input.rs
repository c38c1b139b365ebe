//! What the edge refuses before any handler sees it: control characters in strings.
//!
//! A NUL or another control character has no place in anything Sesame is sent, and some
//! cannot even be stored (PostgreSQL refuses NUL in text). Every string a request carries
//! is checked where it is parsed: the path and query by [`refuse_control_characters`] for
//! every route, JSON bodies by `api::ApiJson`, forms by the pages' extractors. Such a
//! request answers 422 `request.control_characters` (an unparsable body stays 400).
//! Tab, carriage return and line feed pass in bodies, where free text may hold them; the
//! rules of each field (names, answers) refuse them where they do not belong. The same
//! places refuse a string longer than [`MAX_STRING_CHARS`] (422 `request.string_too_long`),
//! so no free text is unbounded; most fields have a stricter limit of their own.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::error::AppError;

/// A character a request's strings may not hold: a control character (C0, DEL or C1)
/// other than tab, carriage return and line feed.
pub fn forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\r' | '\n')
}

/// The most characters any one string of a request may have. Each field's own rule is
/// usually stricter (200 for an answer, 256 for a password); this bounds the rest.
pub const MAX_STRING_CHARS: usize = 1000;

/// What is wrong with a request's strings, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadString {
    ControlCharacters,
    TooLong,
}

impl BadString {
    /// The first problem of one string.
    pub fn of(text: &str) -> Option<Self> {
        if text.chars().any(forbidden) {
            Some(Self::ControlCharacters)
        } else if text.chars().count() > MAX_STRING_CHARS {
            Some(Self::TooLong)
        } else {
            None
        }
    }

    /// The first problem of any string in a JSON value, object keys included.
    pub fn in_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Self::of(text),
            Value::Array(items) => items.iter().find_map(Self::in_json),
            Value::Object(fields) => fields
                .iter()
                .find_map(|(key, value)| Self::of(key).or_else(|| Self::in_json(value))),
            Value::Null | Value::Bool(_) | Value::Number(_) => None,
        }
    }

    /// The API's answer: 422 `request.control_characters` or `request.string_too_long`.
    pub fn error(self) -> AppError {
        match self {
            Self::ControlCharacters => control_characters_error(),
            Self::TooLong => AppError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "request.string_too_long",
                format!("No field takes more than {MAX_STRING_CHARS} characters."),
            ),
        }
    }
}

/// Whether a URL-encoded text (a path, a query, a form body) decodes to anything with a
/// control character; in a URL not even tab or a line break is allowed.
pub fn encoded_has_control_characters(encoded: &[u8]) -> bool {
    let mut decoded = Vec::with_capacity(encoded.len());
    let mut bytes = encoded.iter().copied();
    while let Some(byte) = bytes.next() {
        if byte != b'%' {
            decoded.push(byte);
            continue;
        }
        let high = bytes.next();
        let low = bytes.next();
        let value = match (high, low) {
            (Some(high), Some(low)) => hex_value(high).zip(hex_value(low)),
            _ => None,
        };
        match value {
            Some((high, low)) => decoded.push(high << 4 | low),
            None => decoded.push(byte),
        }
    }
    String::from_utf8_lossy(&decoded)
        .chars()
        .any(char::is_control)
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|value| u8::try_from(value).ok())
}

/// The API's answer to control characters.
pub fn control_characters_error() -> AppError {
    AppError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "request.control_characters",
        "The request holds control characters, which no field accepts.",
    )
}

/// Refuses a request whose path or query holds control characters: as a page on the
/// pages' routes, as JSON elsewhere (see [`crate::web::is_page`]).
pub async fn refuse_control_characters(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let in_uri = encoded_has_control_characters(uri.path().as_bytes())
        || uri
            .query()
            .is_some_and(|query| encoded_has_control_characters(query.as_bytes()));
    if !in_uri {
        return next.run(request).await;
    }
    if crate::web::is_page(uri.path()) {
        crate::web::control_characters_page(request.headers())
    } else {
        control_characters_error().into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_strings_and_keys_are_checked() {
        let check = |value: Value, expected: bool| {
            assert_eq!(
                BadString::in_json(&value) == Some(BadString::ControlCharacters),
                expected,
                "{value}"
            );
        };
        check(
            json!({"name": "Ada Lovelace", "n": 3, "ok": true, "none": null}),
            false,
        );
        check(json!({"text": "two\nlines\twith a tab\r\n"}), false);
        check(json!({"name": "Ada\u{0}"}), true);
        check(json!({"answers": [{"answer": "x\u{1b}[31m"}]}), true);
        check(json!({"name": "delete\u{7f}"}), true);
        check(json!({"name": "c1\u{85}"}), true);
        check(json!({"na\u{0}me": "Ada"}), true);
        check(json!(["fine", ["deep", "\u{7}"]]), true);
        check(json!("Zoë 日本 🙂"), false);
        let long = "é".repeat(MAX_STRING_CHARS);
        assert_eq!(BadString::in_json(&json!({ "a": long })), None);
        assert_eq!(
            BadString::in_json(&json!({ "a": [format!("{long}x")] })),
            Some(BadString::TooLong)
        );
    }

    #[test]
    fn encoded_text_is_decoded_first() {
        let check = |text: &str, expected: bool| {
            assert_eq!(
                encoded_has_control_characters(text.as_bytes()),
                expected,
                "{text}"
            );
        };
        check("/api/v1/users/ada", false);
        check("/api/v1/users/a%20da", false);
        check("/api/v1/users/a%00da", true);
        check("username=a%0Ab&csrf=x", true);
        check("name=%C2%85", true);
        check("name=%7f", true);
        check("name=%E6%97%A5", false);
        check("broken=%zz%", false);
    }
}
