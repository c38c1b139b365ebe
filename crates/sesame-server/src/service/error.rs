//! The one error type of the service layer.
//!
//! Every variant carries a stable, dotted code and a message for people; none knows HTTP.
//! The edge maps a variant to a status once (`From<ServiceError> for AppError`), and pages
//! `match` on variants. Nothing is logged here: a cause worth logging travels inside the
//! error and is logged once, where the error leaves the server.

use std::time::Duration;

use sesame_core::{Timestamp, Violation};
use sesame_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// What was asked for does not exist (or is not reachable this way).
    #[error("{code}: {message}")]
    NotFound { code: &'static str, message: String },
    /// The thing is in a state that does not allow this (already done, not started).
    #[error("{code}: {message}")]
    Conflict { code: &'static str, message: String },
    /// The thing existed but its time is over.
    #[error("{code}: {message}")]
    Expired { code: &'static str, message: String },
    /// The caller may not do this (yet).
    #[error("{code}: {message}")]
    Forbidden { code: &'static str, message: String },
    /// The input was understood and refused for one reason (a wrong code, a refusal by
    /// the directory). `detail` is data the message shows as it is, in every language
    /// (the directory's own words, the domains allowed).
    #[error("{code}: {message}")]
    Invalid {
        code: &'static str,
        message: String,
        detail: Option<String>,
    },
    /// The input breaks these rules, each named by its code.
    #[error("the request breaks {} rule(s)", .0.len())]
    Rules(Vec<Violation>),
    /// Locked after too many failures, until `until`.
    #[error("{code}: {message}")]
    Locked {
        code: &'static str,
        message: String,
        until: Timestamp,
        retry_after: Duration,
    },
    /// Too many requests; try again after `retry_after`.
    #[error("{code}: {message}")]
    Throttled {
        code: &'static str,
        message: String,
        retry_after: Duration,
    },
    /// Something Sesame depends on cannot serve now (the database, the directory, delivery,
    /// the hashing pool). `cause` is for the log, never for the caller.
    #[error("{code}: {message}")]
    Unavailable {
        code: &'static str,
        message: String,
        retry_after: Option<Duration>,
        cause: Option<String>,
    },
    /// A failure that should not happen; the text is for the log only.
    #[error("internal: {0}")]
    Internal(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Whole seconds from `now` to `at`, rounded up (at least zero).
fn seconds_until(at: Timestamp, now: Timestamp) -> Duration {
    let millis = u64::try_from(now.until(at).as_millis()).unwrap_or(u64::MAX);
    Duration::from_secs(millis.div_ceil(1000))
}

impl ServiceError {
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::NotFound {
            code,
            message: message.into(),
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
        }
    }

    pub fn expired(code: &'static str, message: impl Into<String>) -> Self {
        Self::Expired {
            code,
            message: message.into(),
        }
    }

    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            message: message.into(),
        }
    }

    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            detail: None,
        }
    }

    /// Refused for one reason, with data that a message in any language shows as it is.
    pub fn invalid_with(
        code: &'static str,
        message: impl Into<String>,
        detail: impl Into<String>,
    ) -> Self {
        Self::Invalid {
            code,
            message: message.into(),
            detail: Some(detail.into()),
        }
    }

    /// The data a refusal's message shows as it is, if any (see [`Self::invalid_with`]).
    pub fn detail(&self) -> Option<&str> {
        match self {
            Self::Invalid { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// Locked until `until`; callers are told to come back a second after it ends.
    pub fn locked(
        code: &'static str,
        message: impl Into<String>,
        until: Timestamp,
        now: Timestamp,
    ) -> Self {
        Self::Locked {
            code,
            message: message.into(),
            until,
            retry_after: Duration::from_secs(now.until(until).as_secs() + 1),
        }
    }

    /// Throttled until `retry_at`.
    pub fn throttled(
        code: &'static str,
        message: impl Into<String>,
        retry_at: Timestamp,
        now: Timestamp,
    ) -> Self {
        Self::Throttled {
            code,
            message: message.into(),
            retry_after: seconds_until(retry_at, now),
        }
    }

    pub fn unavailable(
        code: &'static str,
        message: impl Into<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        Self::Unavailable {
            code,
            message: message.into(),
            retry_after,
            cause: None,
        }
    }

    /// The hashing pool's queue is full.
    pub fn busy() -> Self {
        Self::unavailable(
            "server.busy",
            "The server is busy; try again in a moment.",
            Some(Duration::from_secs(1)),
        )
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// The stable code callers see.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { code, .. }
            | Self::Conflict { code, .. }
            | Self::Expired { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Invalid { code, .. }
            | Self::Locked { code, .. }
            | Self::Throttled { code, .. }
            | Self::Unavailable { code, .. } => code,
            Self::Rules(violations) => match violations.as_slice() {
                [one] => one.code,
                _ => "validation",
            },
            Self::Internal(_) => "internal",
        }
    }

    /// How long until trying again makes sense, for a lock or a throttle.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Locked { retry_after, .. } | Self::Throttled { retry_after, .. } => {
                Some(*retry_after).filter(|d| !d.is_zero())
            }
            Self::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The message for people.
    pub fn message(&self) -> &str {
        match self {
            Self::NotFound { message, .. }
            | Self::Conflict { message, .. }
            | Self::Expired { message, .. }
            | Self::Forbidden { message, .. }
            | Self::Invalid { message, .. }
            | Self::Locked { message, .. }
            | Self::Throttled { message, .. }
            | Self::Unavailable { message, .. } => message,
            Self::Rules(violations) => match violations.as_slice() {
                [one] => &one.message,
                _ => "The request breaks several rules; see details.",
            },
            Self::Internal(_) => "An internal error occurred.",
        }
    }

    /// Whether the caller's input or situation caused this (as opposed to a failure of
    /// Sesame or what it depends on).
    pub fn is_refusal(&self) -> bool {
        !matches!(self, Self::Unavailable { .. } | Self::Internal(_))
    }
}

impl From<Violation> for ServiceError {
    fn from(violation: Violation) -> Self {
        Self::Rules(vec![violation])
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match &error {
            StoreError::Conflict(what) => {
                Self::conflict("conflict", format!("The {what} already exists."))
            }
            StoreError::Database(_) | StoreError::Read(_) => Self::Unavailable {
                code: "database.unavailable",
                message: "The database is not answering; try again later.".to_owned(),
                retry_after: Some(Duration::from_secs(5)),
                cause: Some(format!("database failure: {error}")),
            },
            other => Self::internal(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_asks_to_come_back_a_second_after_it_ends() {
        let now = Timestamp::from_millis(10_000);
        let until = Timestamp::from_millis(70_500);
        let ServiceError::Locked { retry_after, .. } = ServiceError::locked("x", "y", until, now)
        else {
            panic!("not a lock");
        };
        assert_eq!(retry_after, Duration::from_secs(61));
    }

    #[test]
    fn throttling_rounds_up_to_whole_seconds() {
        let now = Timestamp::from_millis(10_000);
        let error = ServiceError::throttled("x", "y", Timestamp::from_millis(10_001), now);
        assert!(
            matches!(error, ServiceError::Throttled { retry_after, .. } if retry_after == Duration::from_secs(1))
        );
        let error = ServiceError::throttled("x", "y", now, now);
        assert!(
            matches!(error, ServiceError::Throttled { retry_after, .. } if retry_after.is_zero())
        );
    }

    #[test]
    fn one_broken_rule_gives_its_own_code_and_several_give_validation() {
        let one = ServiceError::Rules(vec![Violation::new("a.b", "m")]);
        assert_eq!(one.code(), "a.b");
        let two = ServiceError::Rules(vec![Violation::new("a.b", "m"), Violation::new("c", "n")]);
        assert_eq!(two.code(), "validation");
    }
}
