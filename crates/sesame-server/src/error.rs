//! The one error type of the HTTP layer and its JSON form.
//!
//! Every failure leaves as `{"error": {"code", "message", "details"?}}` with a stable,
//! dotted code. The service layer's [`ServiceError`] is mapped to a status here, once.
//! Bad input is answered, not logged as an error; internal failures and outages are
//! logged once, when the response is made, and answered opaquely.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sesame_core::{Timestamp, Violation};
use sesame_store::StoreError;
use utoipa::ToSchema;

use crate::service::ServiceError;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Vec<Violation>,
    pub retry_after_seconds: Option<u64>,
    pub locked_until: Option<Timestamp>,
    /// What went wrong inside, for the log only; logged once when the response is made.
    cause: Option<Box<str>>,
}

/// The JSON body of every error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorObject,
}

/// What went wrong.
#[derive(Serialize, ToSchema)]
struct ErrorObject {
    /// Stable, dotted code, e.g. `user.not_found`.
    code: &'static str,
    /// For people; may be reworded.
    message: String,
    /// Each broken rule, for 422 answers; left out when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    details: Vec<DetailObject>,
    /// When a lock ends, for 423 answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false, format = DateTime)]
    locked_until: Option<String>,
}

/// One broken rule.
#[derive(Serialize, ToSchema)]
struct DetailObject {
    /// Stable, dotted code naming the rule, e.g. `soft_pin.sequence`.
    code: &'static str,
    /// For people; may be reworded.
    message: String,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
            retry_after_seconds: None,
            locked_until: None,
            cause: None,
        }
    }

    /// 422 for one or more broken rules.
    pub fn rules(violations: Vec<Violation>) -> Self {
        match violations.as_slice() {
            [one] => Self {
                details: violations.clone(),
                ..Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    one.code,
                    one.message.clone(),
                )
            },
            _ => Self {
                details: violations,
                ..Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    "The request breaks several rules; see details.",
                )
            },
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "auth.unauthenticated",
            "A valid bearer token is required.",
        )
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "auth.forbidden",
            "Your role is not allowed to do this.",
        )
    }

    /// An unexpected failure: answered without detail, its cause logged with the response.
    pub fn internal(source: impl std::fmt::Display) -> Self {
        Self {
            cause: Some(source.to_string().into()),
            ..Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "An internal error occurred.",
            )
        }
    }
}

/// The status a page answers a service error with, for pages that show the refusal
/// themselves. An outage or internal failure shown on a page is logged here, as
/// [`AppError`] logs those it answers.
pub fn status_of(error: &ServiceError) -> StatusCode {
    log_cause(error);
    status(error)
}

/// Logs an outage's or internal failure's cause, for a page that answers it itself.
pub fn log_cause(error: &ServiceError) {
    match error {
        ServiceError::Unavailable {
            code,
            cause: Some(cause),
            ..
        } => tracing::error!(code, error = %cause, "request failed"),
        ServiceError::Internal(cause) => tracing::error!(error = %cause, "request failed"),
        _ => {}
    }
}

/// The HTTP status of a service error: the one place that chooses it.
fn status(error: &ServiceError) -> StatusCode {
    match error {
        ServiceError::NotFound { .. } => StatusCode::NOT_FOUND,
        ServiceError::Conflict { .. } => StatusCode::CONFLICT,
        ServiceError::Expired { .. } => StatusCode::GONE,
        ServiceError::Forbidden { .. } => StatusCode::FORBIDDEN,
        ServiceError::Invalid { .. } | ServiceError::Rules(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ServiceError::Locked { .. } => StatusCode::LOCKED,
        ServiceError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        ServiceError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
        ServiceError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> Self {
        let status = status(&error);
        let code = error.code();
        match error {
            ServiceError::Rules(violations) => Self::rules(violations),
            ServiceError::Internal(cause) => Self::internal(cause),
            ServiceError::Locked {
                message,
                until,
                retry_after,
                ..
            } => Self {
                retry_after_seconds: Some(retry_after.as_secs()),
                locked_until: Some(until),
                ..Self::new(status, code, message)
            },
            ServiceError::Throttled {
                message,
                retry_after,
                ..
            } => Self {
                // No wait helps a limit that does not run out (a conversation's retries).
                retry_after_seconds: Some(retry_after.as_secs()).filter(|s| *s > 0),
                ..Self::new(status, code, message)
            },
            ServiceError::Unavailable {
                message,
                retry_after,
                cause,
                ..
            } => Self {
                retry_after_seconds: retry_after.map(|d| d.as_secs()),
                cause: cause.map(String::into_boxed_str),
                ..Self::new(status, code, message)
            },
            ServiceError::NotFound { message, .. }
            | ServiceError::Conflict { message, .. }
            | ServiceError::Expired { message, .. }
            | ServiceError::Forbidden { message, .. }
            | ServiceError::Invalid { message, .. } => Self::new(status, code, message),
        }
    }
}

impl From<Violation> for AppError {
    fn from(violation: Violation) -> Self {
        Self::rules(vec![violation])
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        ServiceError::from(error).into()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::JsonSyntaxError(_) => Self::bad_request(
                "request.malformed_json",
                "The request body is not valid JSON.",
            ),
            JsonRejection::JsonDataError(e) => Self::bad_request(
                "request.invalid_body",
                format!(
                    "The request body does not fit: {}",
                    e.body_text().trim_start_matches(
                        "Failed to deserialize the JSON body into the target type: "
                    )
                ),
            ),
            JsonRejection::MissingJsonContentType(_) => Self::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "request.content_type",
                "Send the body as JSON with Content-Type: application/json.",
            ),
            JsonRejection::BytesRejection(_) => Self::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request.too_large",
                "The request body is too large.",
            ),
            other => Self::bad_request("request.malformed", other.body_text()),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        Self::bad_request("request.invalid_query", rejection.body_text())
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        Self::bad_request("request.invalid_path", rejection.body_text())
    }
}

/// The message, and what went wrong inside when there is a cause: for the log and the
/// command line, never for an HTTP answer.
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.cause {
            Some(cause) => write!(f, "{} ({cause})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl AppError {
    /// Logs what went wrong inside, if anything did; once, where the error is answered.
    pub fn log_cause(&self) {
        if let Some(cause) = &self.cause {
            tracing::error!(code = self.code, error = %cause, "request failed");
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log_cause();
        let body = ErrorBody {
            error: ErrorObject {
                code: self.code,
                message: self.message,
                details: self
                    .details
                    .into_iter()
                    .map(|v| DetailObject {
                        code: v.code,
                        message: v.message,
                    })
                    .collect(),
                locked_until: self.locked_until.map(Timestamp::to_rfc3339),
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(seconds) = self.retry_after_seconds {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub type ApiResult<T> = Result<T, AppError>;
