//! The one error type of the HTTP layer and its JSON form.
//!
//! Every failure leaves as `{"error": {"code", "message", "details"?}}` with a stable,
//! dotted code. Bad input is answered, not logged as an error; internal failures are
//! logged once here and answered opaquely.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sesame_core::{Timestamp, Violation};
use sesame_store::StoreError;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Vec<Violation>,
    pub retry_after_seconds: Option<u64>,
    pub locked_until: Option<Timestamp>,
}

/// The JSON body of every error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    error: ErrorObject,
}

#[derive(Serialize, ToSchema)]
struct ErrorObject {
    /// Stable, dotted code, e.g. `user.not_found`.
    code: &'static str,
    /// For people; may be reworded.
    message: String,
    /// Each broken rule, when a request breaks several.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<DetailObject>,
    /// When a lock ends (RFC 3339), for 423 answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    locked_until: Option<String>,
}

#[derive(Serialize, ToSchema)]
struct DetailObject {
    code: &'static str,
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

    pub fn locked(
        code: &'static str,
        message: impl Into<String>,
        until: Timestamp,
        now: Timestamp,
    ) -> Self {
        let seconds =
            u64::try_from((until.as_millis() - now.as_millis()).max(0) / 1000 + 1).unwrap_or(1);
        Self {
            retry_after_seconds: Some(seconds),
            locked_until: Some(until),
            ..Self::new(StatusCode::LOCKED, code, message)
        }
    }

    pub fn busy() -> Self {
        Self {
            retry_after_seconds: Some(1),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "server.busy",
                "The server is busy; try again in a moment.",
            )
        }
    }

    /// An unexpected failure: logged here, once, and answered without detail.
    pub fn internal(source: impl std::fmt::Display) -> Self {
        tracing::error!(error = %source, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "An internal error occurred.",
        )
    }
}

impl From<Violation> for AppError {
    fn from(violation: Violation) -> Self {
        Self::rules(vec![violation])
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(what) => Self::new(
                StatusCode::CONFLICT,
                "conflict",
                format!("The {what} already exists."),
            ),
            StoreError::Database(e) => {
                tracing::error!(error = %e, "database failure");
                Self {
                    retry_after_seconds: Some(5),
                    ..Self::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "database.unavailable",
                        "The database is not answering; try again later.",
                    )
                }
            }
            other => Self::internal(other),
        }
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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
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
