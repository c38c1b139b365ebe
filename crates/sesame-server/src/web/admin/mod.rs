//! The administration pages under `/admin`, for signed-in members of `admin.group`.
//!
//! Each page calls the same service functions (or store reads) as the API operation it
//! mirrors; nothing here decides a rule. Every change is audited as `user:<name>` with the
//! browser's address, every form is CSRF-checked, destructive buttons are secondary and
//! ask again inside a `<details>`, and a refused form is shown again with each problem at
//! its field and the focus on the first of them. To anyone else the pages do not exist
//! (404), as the desk does for non-agents; the API answers 403.

mod api_keys;
mod audit;
mod outbox;
mod processes;
mod properties;
mod questions;
mod reports;
mod users;
mod verifications;
mod voice;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::Violation;

use super::visit::{signed_in, Visit};
use crate::auth::is_administrator;
use crate::config::Module;
use crate::config::Settings;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::Actor;
use crate::state::AppState;

/// The administration pages; those of a module that is off do not exist.
pub fn router(settings: &Settings) -> Router<AppState> {
    let router = Router::new()
        .route("/admin", get(overview))
        .route("/admin/users", get(users::list))
        .route("/admin/users/new", get(users::new_page).post(users::create))
        .route(
            "/admin/users/import",
            get(users::import_page)
                .post(users::import)
                .layer(axum::extract::DefaultBodyLimit::max(users::IMPORT_LIMIT)),
        )
        .route("/admin/users/{username}", get(users::show))
        .route("/admin/users/{username}/edit", post(users::edit))
        .route("/admin/users/{username}/status", post(users::set_status))
        .route("/admin/users/{username}/unlock", post(users::unlock))
        .route(
            "/admin/users/{username}/sessions",
            post(users::end_sessions),
        )
        .route(
            "/admin/properties",
            get(properties::page).post(properties::save),
        )
        .route(
            "/admin/api-keys",
            get(api_keys::page).post(api_keys::create),
        )
        .route("/admin/api-keys/{id}/revoke", post(api_keys::revoke))
        .route("/admin/processes", get(processes::list))
        .route(
            "/admin/processes/new",
            get(processes::new_page).post(processes::create),
        )
        .route(
            "/admin/processes/{id}",
            get(processes::edit_page).post(processes::update),
        )
        .route(
            "/admin/processes/{id}/deactivate",
            post(processes::deactivate),
        )
        .route(
            "/admin/verifications",
            get(verifications::list).post(verifications::create),
        )
        .route(
            "/admin/verifications/{id}",
            get(verifications::edit_page).post(verifications::update),
        )
        .route(
            "/admin/questions",
            get(questions::list).post(questions::create),
        )
        .route(
            "/admin/questions/{id}",
            get(questions::edit_page).post(questions::update),
        )
        .route("/admin/outbox", get(outbox::page))
        .route("/admin/audit", get(audit::page))
        .route("/admin/audit.csv", get(audit::csv))
        .route("/admin/reports", get(reports::page))
        .route("/admin/reports.csv", get(reports::csv));
    if settings.module_enabled(Module::VoiceAgents) {
        router
            .route("/admin/voice", get(voice::list))
            .route("/admin/voice/new", get(voice::new_page).post(voice::create))
            .route(
                "/admin/voice/{id}",
                get(voice::edit_page).post(voice::update),
            )
            .route("/admin/voice/{id}/delete", post(voice::delete))
    } else {
        router
    }
}

/// Only administrators; to anyone else the page does not exist.
async fn administrator(state: &AppState, visit: &Visit) -> Result<(), AppError> {
    if is_administrator(state, &visit.user).await? {
        Ok(())
    } else {
        Err(AppError::not_found(
            "admin.not_admin",
            "Not an administrator.",
        ))
    }
}

/// Runs an administration page: signed in, an administrator, then `page`.
async fn admin_page<F, Fut>(
    state: &AppState,
    jar: CookieJar,
    headers: &HeaderMap,
    page: F,
) -> Response
where
    F: FnOnce(Visit) -> Fut,
    Fut: std::future::Future<Output = Result<Response, AppError>>,
{
    signed_in(state, jar, headers, |visit| async move {
        administrator(state, &visit).await?;
        page(visit).await
    })
    .await
}

/// The signed-in administrator as the audit log names them.
fn actor_name(visit: &Visit) -> String {
    format!("user:{}", visit.user.username)
}

fn actor<'a>(name: &'a str, source: &'a Option<String>) -> Actor<'a> {
    Actor {
        name,
        source: source.as_deref(),
    }
}

/// The sections, in the order of the section menu.
const SECTIONS: [(&str, &str); 10] = [
    ("/admin/users", "admin-users"),
    ("/admin/processes", "admin-processes"),
    ("/admin/verifications", "admin-verifications"),
    ("/admin/questions", "admin-questions"),
    ("/admin/properties", "admin-properties"),
    ("/admin/api-keys", "admin-api-keys"),
    ("/admin/voice", "admin-voice"),
    ("/admin/outbox", "admin-outbox"),
    ("/admin/audit", "admin-audit"),
    ("/admin/reports", "admin-reports"),
];

/// An administration page in the frame, with the section menu; `section` is the path of
/// the section it belongs to.
fn respond(
    state: &AppState,
    visit: Visit,
    section: &str,
    title: String,
    status: StatusCode,
    content: Markup,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let voice = state.module_enabled(Module::VoiceAgents);
    let body = html! {
        div.admin {
            nav.sections aria-label=(tr.t("admin-sections")) {
                ul {
                    li { a href="/admin" aria-current=[(section == "/admin").then_some("page")] { (tr.t("admin-overview")) } }
                    @for (path, label) in SECTIONS.iter().filter(|(path, _)| voice || *path != "/admin/voice") {
                        li { a href=(path) aria-current=[(section == *path).then_some("page")] { (tr.t(label)) } }
                    }
                }
            }
            div.admin-content { (content) }
        }
    };
    let page = visit.page(title, "/admin", body);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        page,
    )
        .into_response())
}

/// A notice named in the address after a change (`?notice=...`), in the reader's words.
#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    notice: Option<String>,
}

impl Notice {
    fn text(&self, tr: &Tr) -> Option<String> {
        let id = self.notice.as_deref()?;
        let known = id.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        known
            .then(|| tr.t_or(&format!("admin-notice-{id}"), ""))
            .filter(|text| !text.is_empty())
    }
}

fn notice_markup(text: Option<String>) -> Markup {
    html! {
        @if let Some(text) = text {
            p.notice #admin-notice role="status" { (text) }
        }
    }
}

/// Problems of a refused form, each at the field it belongs to (`""`: the form as a whole).
#[derive(Debug, Default)]
pub struct FieldErrors {
    list: Vec<(String, String)>,
}

impl FieldErrors {
    fn add(&mut self, field: &str, message: String) {
        self.list.push((field.to_owned(), message));
    }

    /// Broken rules, placed by `field_of` and worded by the catalogue.
    fn from_violations(
        visit: &Visit,
        broken: &[Violation],
        field_of: fn(&str) -> &'static str,
    ) -> Self {
        let mut errors = Self::default();
        for v in broken {
            errors.add(field_of(v.code), visit.problem_text(v.code, &v.message));
        }
        errors
    }

    fn extend(&mut self, other: Self) {
        self.list.extend(other.list);
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    fn at(&self, field: &str) -> Vec<&str> {
        self.list
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    /// Whether `field` is the first field with a problem, in `order`: it takes the focus.
    fn first_in(&self, order: &[&str], field: &str) -> bool {
        order
            .iter()
            .find(|f| self.list.iter().any(|(g, _)| g == *f))
            .is_some_and(|f| *f == field)
    }

    /// The problems of the form as a whole (and of fields not on it).
    fn general(&self, fields: &[&str]) -> Vec<&str> {
        self.list
            .iter()
            .filter(|(f, _)| !fields.contains(&f.as_str()))
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

/// The problems shown above a refused form; the focus goes to the first field at fault.
fn form_problems(tr: &Tr, errors: &FieldErrors, fields: &[&str]) -> Markup {
    let general = errors.general(fields);
    html! {
        @if !errors.is_empty() {
            div.error #form-problems role="alert" {
                p { (tr.t("admin-form-problems")) }
                @if !general.is_empty() {
                    ul { @for m in &general { li { (m) } } }
                }
            }
        }
    }
}

/// A labelled input with its problems under it.
#[allow(clippy::too_many_arguments)]
fn input_field(
    errors: &FieldErrors,
    order: &[&str],
    name: &str,
    label: &str,
    kind: &str,
    value: &str,
    required: bool,
    hint: Option<&str>,
) -> Markup {
    let problems = errors.at(name);
    let invalid = !problems.is_empty();
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = match (invalid, hint.is_some()) {
        (true, true) => Some(format!("{error_id} {hint_id}")),
        (true, false) => Some(error_id.clone()),
        (false, true) => Some(hint_id.clone()),
        (false, false) => None,
    };
    html! {
        label for=(name) { (label) }
        @if let Some(hint) = hint { span.muted id=(hint_id) { (hint) } }
        input id=(name) name=(name) type=(kind) value=(value) required[required]
            aria-invalid=[invalid.then_some("true")]
            aria-describedby=[described]
            autofocus[errors.first_in(order, name)];
        @if invalid {
            p.field-error id=(error_id) { @for (i, p) in problems.iter().enumerate() { @if i > 0 { " " } (p) } }
        }
    }
}

/// Problems of a field that is not a single input (a table, a group of boxes).
fn field_problems(errors: &FieldErrors, name: &str) -> Markup {
    let problems = errors.at(name);
    html! {
        @if !problems.is_empty() {
            p.field-error id={(name) "-error"} { @for (i, p) in problems.iter().enumerate() { @if i > 0 { " " } (p) } }
        }
    }
}

/// Groups as typed: separated by commas or semicolons.
fn group_list(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A date in the form `YYYY-MM-DD HH:MM` (UTC), as tables show times.
fn short_time(at: sesame_core::Timestamp) -> String {
    at.to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}

/// The overview: one card per section, with what stands out now.
async fn overview(State(state): State<AppState>, jar: CookieJar, headers: HeaderMap) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let store = state.store();
        let users = store
            .list_users(&sesame_store::UserFilter {
                group: None,
                offset: 0,
                limit: 1,
            })
            .await?
            .total;
        let processes = store.list_processes().await?;
        let active_processes = processes.iter().filter(|p| p.active).count();
        let keys = store
            .list_api_keys()
            .await?
            .iter()
            .filter(|k| k.revoked_at.is_none())
            .count();
        let failed_messages = store.list_outbox(Some("failed"), 0, 1).await?.total;
        let voice = state
            .module_enabled(Module::VoiceAgents)
            .then_some(store.list_voice_services().await?.len());
        let alert = crate::service::reports::blocked_alert(state).await?;
        let tr = &visit.tr;
        let card = |path: &str, title: &str, text: String| {
            html! {
                section.card.overview {
                    h2 { a href=(path) { (tr.t(title)) } }
                    p { (text) }
                }
            }
        };
        let text = |id: &str, n: String| tr.t_with(id, &[("count", n.as_str())]);
        let content = html! {
            h1 { (tr.t("admin-title")) }
            p.lead { (tr.t("admin-intro")) }
            @if let Some(alert) = alert {
                p.warning #blocked-alert role="alert" {
                    (tr.t_with("admin-overview-blocked-alert", &[("count", alert.blocked.to_string().as_str()), ("minutes", alert.minutes.to_string().as_str())]))
                    " "
                    a href="/admin/audit?action=reset.blocked" { (tr.t("admin-overview-blocked-see")) }
                }
            }
            div.overview-grid {
                (card("/admin/users", "admin-users", text("admin-overview-users", users.to_string())))
                (card("/admin/processes", "admin-processes", tr.t_with("admin-overview-processes", &[("count", processes.len().to_string().as_str()), ("active", active_processes.to_string().as_str())])))
                (card("/admin/verifications", "admin-verifications", tr.t("admin-overview-verifications")))
                (card("/admin/questions", "admin-questions", tr.t("admin-overview-questions")))
                (card("/admin/properties", "admin-properties", tr.t("admin-overview-properties")))
                (card("/admin/api-keys", "admin-api-keys", text("admin-overview-api-keys", keys.to_string())))
                @if let Some(services) = voice {
                    (card("/admin/voice", "admin-voice", text("admin-overview-voice", services.to_string())))
                }
                (card("/admin/outbox", "admin-outbox", tr.t("admin-overview-outbox")))
                (card("/admin/audit", "admin-audit", tr.t("admin-overview-audit")))
                (card("/admin/reports", "admin-reports", tr.t("admin-overview-reports")))
            }
            @if failed_messages > 0 {
                p.warning #outbox-failed { a href="/admin/outbox?state=failed" { (text("admin-overview-outbox-failed", failed_messages.to_string())) } }
            }
        };
        let title = visit.tr.t("admin-title");
        respond(state, visit, "/admin", title, StatusCode::OK, content)
    })
    .await
}

/// Shows a refusal of the services at the fields, or fails the page for an outage.
pub(super) fn refusal_errors(
    visit: &Visit,
    error: crate::service::ServiceError,
    field_of: fn(&str) -> &'static str,
) -> Result<(FieldErrors, StatusCode), AppError> {
    let status = crate::error::status_of(&error);
    match error {
        crate::service::ServiceError::Rules(broken) => Ok((
            FieldErrors::from_violations(visit, &broken, field_of),
            status,
        )),
        error if error.is_refusal() => {
            let mut errors = FieldErrors::default();
            errors.add(field_of(error.code()), visit.problem(&error));
            Ok((errors, status))
        }
        error => Err(error.into()),
    }
}
