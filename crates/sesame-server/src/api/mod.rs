//! The JSON API under `/api/v1/`, described by an OpenAPI document generated from the
//! handlers themselves (`utoipa`), so the document cannot drift from the code.

mod api_keys;
mod assist;
mod audit;
mod authenticator;
mod captcha;
mod desk;
mod enrollments;
mod outbox;
mod processes;
mod properties;
mod questions;
mod reports;
mod resets;
mod schema;
mod sessions;
mod soft_pin;
mod users;
mod verifications;
mod voice;
mod voice_sessions;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::{Module, Settings};
use crate::error::{AppError, ErrorBody};
use crate::input::BadString;
use crate::state::AppState;

/// A JSON body; every rejection becomes a JSON error. Unparsable JSON or a body of the
/// wrong shape is 400; a string with control characters or longer than any field takes is
/// 422 (see [`crate::input`]).
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(value) =
            axum::Json::<serde_json::Value>::from_request(request, state).await?;
        if let Some(bad) = BadString::in_json(&value) {
            return Err(bad.error());
        }
        serde_path_to_error::deserialize(value)
            .map(Self)
            .map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner();
                let message = if path == "." {
                    format!("The request body does not fit: {inner}")
                } else {
                    format!("The request body does not fit: {path}: {inner}")
                };
                AppError::bad_request("request.invalid_body", message)
            })
    }
}

/// Query parameters; a bad one becomes a JSON error.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// Path parameters; a bad one becomes a JSON error.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// Resolves `page` (from 1) and `per_page` (1 to 200, default 50) to
/// `(page, per_page, offset)`, or a 400 naming the bad parameter.
pub fn paging(page: Option<i64>, per_page: Option<i64>) -> Result<(i64, i64, i64), AppError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(50);
    if page < 1 {
        return Err(AppError::bad_request(
            "request.invalid_query",
            "page starts at 1.",
        ));
    }
    if !(1..=200).contains(&per_page) {
        return Err(AppError::bad_request(
            "request.invalid_query",
            "per_page must be from 1 to 200.",
        ));
    }
    Ok((page, per_page, (page - 1).saturating_mul(per_page)))
}

/// One page of a list.
#[derive(Serialize, ToSchema)]
pub struct PageOf<T: ToSchema> {
    items: Vec<T>,
    total: i64,
    page: i64,
    per_page: i64,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sesame",
        description = "Self-service password reset and identity verification.",
        license(name = "Apache-2.0")
    ),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody)),
    tags(
        (name = "users", description = "The local directory: users, their status and enrollments, unlocking."),
        (name = "api keys", description = "Bearer tokens for machines, each with one role: `admin`, `service_desk` or `orchestrator`."),
        (name = "sessions", description = "Signing in with user name and password; the session token has the `user` role."),
        (name = "enrollments", description = "The signed-in user's verifications: e-mail and SMS codes in three steps, authenticator apps, security questions."),
        (name = "questions", description = "The bank of security questions, with translations."),
        (name = "verifications", description = "The configured verifications (fixed ids for the base system, custom ones by id) and their parameters."),
        (name = "processes", description = "Password reset processes: who may use them, which verifications they ask for, what happens at the end."),
        (name = "resets", description = "Self-service password reset and unlock. Starting a request answers the same for every identifier."),
        (name = "service desk", description = "An agent resets a password or unlocks an account for a caller, every step audited with the agent as actor."),
        (name = "voice", description = "Voice services for AI voice agents (module `voice_agents`): how callers are identified and which factors authenticate them, checked against the factor rules; the public keys that sign voice assertions."),
        (name = "voice sessions", description = "Caller verification for voice agents' orchestrators (module `voice_agents`): identify a caller, check each factor, take a signed assertion."),
        (name = "soft pin", description = "Soft PINs for voice agents (module `voice_agents`): enrollment by users, verification by orchestrators."),
        (name = "properties", description = "Runtime settings, typed and range-checked."),
        (name = "audit", description = "The activity log, newest first."),
        (name = "outbox", description = "What Sesame has been asked to send and what became of it; never the content."),
        (name = "reports", description = "What happened over a period, for administrators."),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and the OpenAPI document that describes them. Routes of a module that
/// is off do not exist (404 like any unknown path) and are not documented.
pub fn router(settings: &Settings) -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(users::create_user, users::list_users))
        .routes(routes!(
            users::get_user,
            users::update_user,
            users::delete_user
        ))
        .routes(routes!(users::unlock_user))
        .routes(routes!(users::end_user_sessions))
        .routes(routes!(api_keys::create_api_key, api_keys::list_api_keys))
        .routes(routes!(api_keys::revoke_api_key))
        .routes(routes!(sessions::create_session))
        .routes(routes!(sessions::end_current_session))
        .routes(routes!(sessions::me))
        .routes(routes!(sessions::change_password))
        .routes(routes!(properties::list_properties))
        .routes(routes!(properties::set_property))
        .routes(routes!(audit::list_audit))
        .routes(routes!(authenticator::start, authenticator::remove))
        .routes(routes!(authenticator::confirm))
        .routes(routes!(authenticator::start_by_id))
        .routes(routes!(authenticator::confirm_by_id))
        .routes(routes!(questions::enroll_answers_by_id))
        .routes(routes!(
            questions::list_questions,
            questions::create_question
        ))
        .routes(routes!(questions::update_question))
        .routes(routes!(
            questions::enroll_answers,
            questions::remove_answers
        ))
        .routes(routes!(enrollments::list_enrollments))
        .routes(routes!(enrollments::send_code))
        .routes(routes!(enrollments::verify_code))
        .routes(routes!(enrollments::submit))
        .routes(routes!(enrollments::remove))
        .routes(routes!(
            verifications::list_verifications,
            verifications::create_verification
        ))
        .routes(routes!(
            verifications::get_verification,
            verifications::update_verification
        ))
        .routes(routes!(outbox::list_outbox))
        .routes(routes!(
            processes::create_process,
            processes::list_processes
        ))
        .routes(routes!(
            processes::get_process,
            processes::update_process,
            processes::deactivate_process
        ))
        .routes(routes!(captcha::challenge))
        .routes(routes!(resets::start_reset))
        .routes(routes!(resets::start_challenge))
        .routes(routes!(resets::answer))
        .routes(routes!(resets::set_password))
        .routes(routes!(resets::unlock))
        .routes(routes!(desk::start))
        .routes(routes!(desk::challenge))
        .routes(routes!(desk::answer))
        .routes(routes!(desk::password))
        .routes(routes!(desk::unlock))
        .routes(routes!(assist::generate))
        .routes(routes!(assist::check))
        .routes(routes!(reports::summary));
    if settings.module_enabled(Module::VoiceAgents) {
        router = router
            .routes(routes!(soft_pin::set_soft_pin))
            .routes(routes!(soft_pin::verify_soft_pin))
            .routes(routes!(voice::list_services, voice::create_service))
            .routes(routes!(
                voice::get_service,
                voice::replace_service,
                voice::delete_service
            ))
            .routes(routes!(voice::jwks))
            .routes(routes!(voice_sessions::open_session))
            .routes(routes!(voice_sessions::identify))
            .routes(routes!(voice_sessions::challenge))
            .routes(routes!(voice_sessions::answer))
            .routes(routes!(voice_sessions::step_up))
            .routes(routes!(voice_sessions::result))
            .routes(routes!(voice_sessions::verify));
    }
    let (router, mut openapi) = router.split_for_parts();
    ErrorResponses.modify(&mut openapi);
    PagesByReference.modify(&mut openapi);
    (router, openapi)
}

/// Completes the responses of every operation, once all routes are in: the error body for
/// any status not listed (`default`), 400 where a request carries input, 401 and 403 where a
/// token is required, `Retry-After` on 429, and a description on every response.
struct ErrorResponses;

impl Modify for ErrorResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                complete_responses(operation);
            }
        }
    }
}

fn complete_responses(operation: &mut Operation) {
    let takes_input = operation.request_body.is_some()
        || operation
            .parameters
            .as_ref()
            .is_some_and(|parameters| !parameters.is_empty());
    let needs_token = operation
        .security
        .as_ref()
        .is_some_and(|security| !security.is_empty());
    let responses = &mut operation.responses.responses;
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description).into());
    };
    if takes_input {
        add(
            "400",
            "Malformed: not JSON, a field or parameter missing or of the wrong type.",
        );
    }
    if needs_token {
        add("401", "No bearer token, or one that is not valid.");
        add("403", "The token's role may not do this.");
    }
    add(
        "default",
        "Any other failure, such as 503 when the database does not answer.",
    );
    for (status, response) in responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if response.description.is_empty() {
            response.description = status
                .parse::<u16>()
                .ok()
                .and_then(|code| StatusCode::from_u16(code).ok())
                .and_then(|code| code.canonical_reason())
                .unwrap_or("An error.")
                .to_owned();
        }
        if status == "429" {
            response.headers.insert(
                "Retry-After".to_owned(),
                HeaderBuilder::new()
                    .schema(ObjectBuilder::new().schema_type(Type::Integer))
                    .description(Some("Seconds to wait before trying again."))
                    .build(),
            );
        }
    }
}

/// An error response with the one error body.
fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

/// A page lists its items by reference to their schema, as other responses do, so a
/// generated client has one type for a user whether it is read alone or in a page.
struct PagesByReference;

impl Modify for PagesByReference {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(components) = openapi.components.as_mut() else {
            return;
        };
        let named: Vec<String> = components.schemas.keys().cloned().collect();
        for (name, schema) in components.schemas.iter_mut() {
            let Some(item) = name.strip_prefix("PageOf_") else {
                continue;
            };
            if !named.iter().any(|n| n == item) {
                continue;
            }
            if let RefOr::T(Schema::Object(page)) = schema {
                page.properties.insert(
                    "items".to_owned(),
                    ArrayBuilder::new()
                        .items(Ref::from_schema_name(item))
                        .into(),
                );
            }
        }
    }
}
