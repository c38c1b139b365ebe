//! The JSON API under `/api/v1/`, described by an OpenAPI document generated from the
//! handlers themselves (`utoipa`), so the document cannot drift from the code.

pub mod api_keys;
mod audit;
mod authenticator;
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

use axum::extract::{FromRequest, FromRequestParts};
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::config::{Module, Settings};
use crate::error::{AppError, ErrorBody};
use crate::state::AppState;

/// A JSON body; every rejection becomes a JSON error.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

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
    components(schemas(ErrorBody))
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
        .routes(routes!(reports::summary));
    if settings.module_enabled(Module::VoiceAgents) {
        router = router
            .routes(routes!(soft_pin::set_soft_pin))
            .routes(routes!(soft_pin::verify_soft_pin));
    }
    router.split_for_parts()
}
