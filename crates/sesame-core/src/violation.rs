//! A broken rule, named by a stable dotted code and explained in plain words.

use serde::Serialize;

/// One broken rule. The `code` is part of the API contract and never changes; the
/// `message` is for people and may be reworded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    pub code: &'static str,
    pub message: String,
}

impl Violation {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Violation {}

/// Collects every broken rule of an input instead of stopping at the first.
#[derive(Debug, Default)]
pub struct Checks(Vec<Violation>);

impl Checks {
    /// Keeps a parsed value, or records why it failed.
    pub fn field<T>(&mut self, parsed: Result<T, Violation>) -> Option<T> {
        parsed.map_err(|v| self.0.push(v)).ok()
    }

    /// Parses an optional field; absent or empty text is simply absent.
    pub fn optional<T>(
        &mut self,
        text: Option<&str>,
        parse: fn(&str) -> Result<T, Violation>,
    ) -> Option<T> {
        text.filter(|t| !t.trim().is_empty())
            .and_then(|text| self.field(parse(text)))
    }

    /// Every broken rule, or nothing.
    pub fn finish(self) -> Result<(), Vec<Violation>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}
