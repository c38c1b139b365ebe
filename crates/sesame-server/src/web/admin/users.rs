//! `/admin/users`: find users (by user name, e-mail, phone or employee id, or page through
//! all), a user's page (profile, enrollments, locks; disable or enable, lift locks, end
//! sessions, change the profile), creating a user, and importing a CSV or JSON-lines file.
//! The same service functions as `/api/v1/users` and `sesame users import`.

use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use secrecy::SecretString;
use serde::Deserialize;
use sesame_core::identity::UserStatus;
use sesame_store::{UserFilter, UserRecord};

use super::{
    actor, actor_name, admin_page, form_problems, group_list, input_field, notice_markup,
    refusal_errors, respond, short_time, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::import::Refused;
use crate::service::credentials;
use crate::service::users::{self, NewUserInput, UserEdit};
use crate::state::AppState;
use crate::web::csrf::{self, CheckedForm, CsrfProtected, TokenOnly};
use crate::web::visit::Visit;

/// The largest file the import takes.
pub const IMPORT_LIMIT: usize = 2 * 1024 * 1024;

const PER_PAGE: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<i64>,
}

fn users_table(tr: &crate::i18n::Tr, users: &[UserRecord]) -> Markup {
    html! {
        div.table-scroll tabindex="0" {
            table #users {
                thead { tr {
                    th scope="col" { (tr.t("field-username")) }
                    th scope="col" { (tr.t("field-display-name")) }
                    th.hide-narrow scope="col" { (tr.t("field-email")) }
                    th scope="col" { (tr.t("admin-user-status")) }
                } }
                tbody {
                    @for user in users {
                        tr {
                            td { a href={"/admin/users/" (user.username)} { (user.username) } }
                            td { (user.display_name) }
                            td.wrap.hide-narrow { (user.email.as_deref().unwrap_or("")) }
                            td { (tr.t(&format!("admin-status-{}", user.status.as_str()))) }
                        }
                    }
                }
            }
        }
    }
}

/// The address of another page of the list or of a search.
fn page_link(wanted: Option<&str>, page: i64) -> String {
    match wanted {
        Some(text) => {
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("q", text)
                .append_pair("page", &page.to_string())
                .finish();
            format!("/admin/users?{query}")
        }
        None => format!("/admin/users?page={page}"),
    }
}

/// Users found by a search, or a page of all users.
pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let wanted = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let page = query.page.unwrap_or(1).max(1);
        let offset = (page - 1).saturating_mul(PER_PAGE);
        // A search asks for one user more than a page holds, to know whether a next page is.
        let (found, total, more) = match wanted {
            Some(text) => {
                let mut found = users::search(state, text, offset, PER_PAGE + 1).await?;
                let more = found.len() > usize::try_from(PER_PAGE).unwrap_or(0);
                found.truncate(usize::try_from(PER_PAGE).unwrap_or(0));
                (found, 0, more)
            }
            None => {
                let listed = state
                    .store()
                    .list_users(&UserFilter {
                        group: None,
                        offset,
                        limit: PER_PAGE,
                    })
                    .await?;
                let more = page * PER_PAGE < listed.total;
                (listed.items, listed.total, more)
            }
        };
        let tr = &visit.tr;
        let pages = (total + PER_PAGE - 1) / PER_PAGE;
        let content = html! {
            h1 { (tr.t("admin-users")) }
            p.actions {
                a.button href="/admin/users/new" { (tr.t("admin-user-new")) }
                " "
                a.button.secondary href="/admin/users/import" { (tr.t("admin-import")) }
            }
            section.card aria-labelledby="search-heading" {
                h2 #search-heading { (tr.t("admin-user-search")) }
                form.inline method="get" action="/admin/users" role="search" {
                    label for="q" { (tr.t("admin-user-search-label")) }
                    div.row {
                        input #q type="search" name="q" value=(wanted.unwrap_or("")) autocapitalize="none" spellcheck="false";
                        button type="submit" { (tr.t("desk-find")) }
                    }
                }
            }
            @if let Some(text) = wanted {
                @if found.is_empty() && page == 1 {
                    p.empty #no-users { (tr.t_with("admin-users-none", &[("text", text)])) }
                } @else {
                    (users_table(tr, &found))
                }
            } @else {
                p.muted { (tr.t_with("admin-users-count", &[("count", total.to_string().as_str())])) }
                (users_table(tr, &found))
            }
            @if page > 1 || more {
                nav.pager aria-label=(tr.t("admin-pages")) {
                    @if page > 1 { a href=(page_link(wanted, page - 1)) rel="prev" { (tr.t("admin-previous")) } }
                    @if wanted.is_some() {
                        span { (tr.t_with("admin-page", &[("page", page.to_string().as_str())])) }
                    } @else {
                        span { (tr.t_with("admin-page-of", &[("page", page.to_string().as_str()), ("pages", pages.to_string().as_str())])) }
                    }
                    @if more { a href=(page_link(wanted, page + 1)) rel="next" { (tr.t("admin-next")) } }
                }
            }
        };
        let title = visit.tr.t("admin-users");
        respond(state, visit, "/admin/users", title, StatusCode::OK, content)
    })
    .await
}

/// What the user form holds: typed values to show again after a refusal.
#[derive(Debug, Default, Deserialize)]
pub struct UserForm {
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    employee_id: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    groups: String,
    password: Option<SecretString>,
}

impl CsrfProtected for UserForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The field a broken rule of a user belongs to.
fn user_field(code: &str) -> &'static str {
    match code {
        "user.username_invalid" | "user.exists" => "username",
        "user.display_name_invalid" => "display_name",
        "user.email_invalid" => "email",
        "user.phone_invalid" => "phone",
        "user.employee_id_invalid" | "user.employee_id_taken" => "employee_id",
        "user.language_invalid" => "language",
        "user.group_invalid" => "groups",
        code if code.starts_with("password.") => "password",
        _ => "",
    }
}

const CREATE_FIELDS: [&str; 8] = [
    "username",
    "display_name",
    "email",
    "phone",
    "employee_id",
    "language",
    "groups",
    "password",
];

/// The profile fields of a user, for creating (with user name and password) or changing.
fn profile_fields(visit: &Visit, form: &UserForm, errors: &FieldErrors, creating: bool) -> Markup {
    let tr = &visit.tr;
    let order = &CREATE_FIELDS;
    html! {
        @if creating {
            (input_field(errors, order, "username", &tr.t("field-username"), "text", &form.username, true, None))
        }
        (input_field(errors, order, "display_name", &tr.t("field-display-name"), "text", &form.display_name, false, None))
        (input_field(errors, order, "email", &tr.t("field-email"), "email", &form.email, false, None))
        (input_field(errors, order, "phone", &tr.t("field-phone"), "tel", &form.phone, false, Some(&tr.t("admin-phone-hint"))))
        (input_field(errors, order, "employee_id", &tr.t("field-employee-id"), "text", &form.employee_id, false, None))
        (input_field(errors, order, "language", &tr.t("field-language"), "text", &form.language, false, Some(&tr.t("admin-language-hint"))))
        (input_field(errors, order, "groups", &tr.t("field-groups"), "text", &form.groups, false, Some(&tr.t("admin-groups-hint"))))
        @if creating {
            (input_field(errors, order, "password", &tr.t("admin-initial-password"), "password", "", false, Some(&tr.t("admin-initial-password-hint"))))
        }
    }
}

fn new_form(
    state: &AppState,
    visit: Visit,
    form: &UserForm,
    errors: &FieldErrors,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let content = html! {
        h1 { (tr.t("admin-user-new")) }
        section.card {
            (form_problems(tr, errors, &CREATE_FIELDS))
            form method="post" action="/admin/users/new" novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (profile_fields(&visit, form, errors, true))
                button type="submit" { (tr.t("admin-user-create")) }
            }
            p { a href="/admin/users" { (tr.t("admin-back-to-users")) } }
        }
    };
    let title = visit.tr.t("admin-user-new");
    respond(state, visit, "/admin/users", title, status, content)
}

pub async fn new_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let form = UserForm {
            language: "en".to_owned(),
            ..UserForm::default()
        };
        new_form(state, visit, &form, &FieldErrors::default(), StatusCode::OK)
    })
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<UserForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let input = NewUserInput {
            username: form.username.trim().to_owned(),
            password: form
                .password
                .clone()
                .filter(|p| !secrecy::ExposeSecret::expose_secret(p).is_empty()),
            email: optional(&form.email),
            phone: optional(&form.phone),
            employee_id: optional(&form.employee_id),
            display_name: optional(&form.display_name),
            language: optional(&form.language),
            groups: group_list(&form.groups),
        };
        let name = actor_name(&visit);
        match users::create(state, input, actor(&name, &source)).await {
            Ok(user) => Ok(Redirect::to(&format!(
                "/admin/users/{}?notice=user-created",
                user.username
            ))
            .into_response()),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, user_field)?;
                new_form(state, visit, &form, &errors, status)
            }
        }
    })
    .await
}

/// A lock's scope in words (the desk's wording).
fn lock_name(tr: &crate::i18n::Tr, scope: &str, name_of: &dyn Fn(&str) -> String) -> String {
    match scope {
        "signin" => tr.t("desk-lock-signin"),
        "password_reset" => tr.t("desk-lock-reset"),
        "assist.user" => tr.t("desk-lock-assist"),
        other => match other.strip_prefix("voice.") {
            Some(factor) => tr.t_with("desk-lock-phone", &[("name", name_of(factor).as_str())]),
            None => name_of(other),
        },
    }
}

async fn user_page(
    state: &AppState,
    visit: Visit,
    user: UserRecord,
    notice: Option<String>,
    form: Option<(&UserForm, &FieldErrors)>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let store = state.store();
    let enrollments = store.list_enrollments(user.id).await?;
    let locks = store.locks_of(&user.username.key(), state.now()).await?;
    let verifications = store.list_verifications().await?;
    let name_of = |id: &str| {
        verifications
            .iter()
            .find(|v| v.id == id)
            .map_or_else(|| id.to_owned(), |v| crate::web::enrollment::title(tr, v))
    };
    let current = UserForm {
        display_name: user.display_name.clone(),
        email: user.email.clone().unwrap_or_default(),
        phone: user.phone.clone().unwrap_or_default(),
        employee_id: user.employee_id.clone().unwrap_or_default(),
        language: user.language.clone(),
        groups: user.groups.join(", "),
        ..UserForm::default()
    };
    let no_errors = FieldErrors::default();
    let (shown, errors) = form.unwrap_or((&current, &no_errors));
    let base = format!("/admin/users/{}", user.username);
    let none = tr.t("value-none");
    let content = html! {
        h1 { (user.display_name) " (" (user.username) ")" }
        (notice_markup(notice))
        section.card aria-labelledby="profile-heading" {
            h2 #profile-heading { (tr.t("admin-user-details")) }
            dl.details {
                dt { (tr.t("field-username")) } dd { (user.username) }
                dt { (tr.t("field-email")) } dd.wrap { (user.email.as_deref().unwrap_or(&none)) }
                dt { (tr.t("field-phone")) } dd { (user.phone.as_deref().unwrap_or(&none)) }
                dt { (tr.t("field-employee-id")) } dd { (user.employee_id.as_deref().unwrap_or(&none)) }
                dt { (tr.t("field-language")) } dd { (crate::web::pages::language_name(tr, &user.language)) }
                dt { (tr.t("field-groups")) } dd #user-groups { @if user.groups.is_empty() { (none) } @else { (user.groups.join(", ")) } }
                dt { (tr.t("admin-user-status")) } dd #user-status { (tr.t(&format!("admin-status-{}", user.status.as_str()))) }
                dt { (tr.t("admin-user-source")) } dd { (tr.t(&format!("admin-source-{}", user.source.as_str()))) }
                dt { (tr.t("admin-user-password")) } dd { (tr.t(if user.password_hash.is_some() { "admin-yes" } else { "admin-no" })) }
                dt { (tr.t("admin-created")) } dd { (short_time(user.created_at)) " UTC" }
            }
        }
        section.card aria-labelledby="enrollments-heading" {
            h2 #enrollments-heading { (tr.t("desk-enrollments")) }
            @if enrollments.is_empty() {
                p.empty { (tr.t("desk-no-enrollments")) }
            } @else {
                div.table-scroll tabindex="0" {
                    table #user-enrollments {
                        thead { tr {
                            th scope="col" { (tr.t("enrollments-verification")) }
                            th scope="col" { (tr.t("enrollments-state")) }
                            th scope="col" { (tr.t("enrollments-destination")) }
                            th scope="col" { (tr.t("enrollments-updated")) }
                        } }
                        tbody { @for e in &enrollments { tr {
                            td { (name_of(&e.verification_id)) }
                            td { (tr.t(&format!("enrollment-state-{}", e.state))) }
                            td.wrap { (e.destination.as_deref().unwrap_or("")) }
                            td { (short_time(e.updated_at)) }
                        } } }
                    }
                }
            }
        }
        section.card aria-labelledby="locks-heading" {
            h2 #locks-heading { (tr.t("desk-locks")) }
            @if locks.is_empty() {
                p #user-locks { (tr.t("desk-no-locks")) }
            } @else {
                ul #user-locks {
                    @for (scope, until) in &locks {
                        li { (lock_name(tr, scope, &name_of)) " · " (tr.t_with("desk-locked-until", &[("time", short_time(*until).as_str())])) }
                    }
                }
                form method="post" action={(base) "/unlock"} {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    button.secondary type="submit" { (tr.t("desk-unlock-user")) }
                }
            }
        }
        section.card aria-labelledby="actions-heading" {
            h2 #actions-heading { (tr.t("admin-user-actions")) }
            @if user.status == UserStatus::Active {
                details.confirm {
                    summary { (tr.t("admin-user-disable")) }
                    p { (tr.t("admin-user-disable-confirm")) }
                    form method="post" action={(base) "/status"} {
                        input type="hidden" name="csrf" value=(visit.csrf);
                        input type="hidden" name="status" value="disabled";
                        button.danger type="submit" { (tr.t("admin-user-disable")) }
                    }
                }
            } @else {
                form method="post" action={(base) "/status"} {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    input type="hidden" name="status" value="active";
                    button.secondary type="submit" { (tr.t("admin-user-enable")) }
                }
            }
            details.confirm {
                summary { (tr.t("admin-user-end-sessions")) }
                p { (tr.t("admin-user-end-sessions-confirm")) }
                form method="post" action={(base) "/sessions"} {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    button.danger type="submit" { (tr.t("admin-user-end-sessions")) }
                }
            }
        }
        section.card aria-labelledby="edit-heading" {
            h2 #edit-heading { (tr.t("admin-user-edit")) }
            (form_problems(tr, errors, &CREATE_FIELDS))
            form method="post" action={(base) "/edit"} novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (profile_fields(&visit, shown, errors, false))
                button type="submit" { (tr.t("admin-save")) }
            }
        }
        p { a href="/admin/users" { (tr.t("admin-back-to-users")) } }
    };
    let title = format!("{} ({})", user.display_name, user.username);
    respond(state, visit, "/admin/users", title, status, content)
}

pub async fn show(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(username): Path<String>,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let user = users::find(state, &username).await?;
        let notice = notice.text(&visit.tr);
        user_page(state, visit, user, notice, None, StatusCode::OK).await
    })
    .await
}

pub async fn edit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(username): Path<String>,
    CheckedForm(form): CheckedForm<UserForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let user = users::find(state, &username).await?;
        let changed = |new: &str, old: Option<&str>| -> Option<Option<String>> {
            let new = optional(new);
            (new.as_deref() != old).then_some(new)
        };
        let groups = group_list(&form.groups);
        let edit = UserEdit {
            display_name: (form.display_name.trim() != user.display_name)
                .then(|| form.display_name.trim().to_owned()),
            email: changed(&form.email, user.email.as_deref()),
            phone: changed(&form.phone, user.phone.as_deref()),
            employee_id: changed(&form.employee_id, user.employee_id.as_deref()),
            language: (optional(&form.language).is_some() && form.language.trim() != user.language)
                .then(|| form.language.trim().to_owned()),
            groups: (groups != user.groups).then_some(groups),
            ..UserEdit::default()
        };
        let name = actor_name(&visit);
        match users::update(state, &username, edit, actor(&name, &source)).await {
            Ok(user) => Ok(Redirect::to(&format!(
                "/admin/users/{}?notice=user-saved",
                user.username
            ))
            .into_response()),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, user_field)?;
                user_page(state, visit, user, None, Some((&form, &errors)), status).await
            }
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct StatusForm {
    csrf: String,
    status: String,
}

impl CsrfProtected for StatusForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Disables (ending the user's sessions) or enables a user.
pub async fn set_status(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(username): Path<String>,
    CheckedForm(form): CheckedForm<StatusForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let name = actor_name(&visit);
        let edit = UserEdit {
            status: Some(form.status.clone()),
            ..UserEdit::default()
        };
        let user = users::update(state, &username, edit, actor(&name, &source)).await?;
        let notice = if user.status == UserStatus::Active {
            "user-enabled"
        } else {
            "user-disabled"
        };
        Ok(
            Redirect::to(&format!("/admin/users/{}?notice={notice}", user.username))
                .into_response(),
        )
    })
    .await
}

/// Lifts every lock of the user (the same as `POST /api/v1/users/{username}/unlock`).
pub async fn unlock(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(username): Path<String>,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let user = users::find(state, &username).await?;
        let name = actor_name(&visit);
        credentials::unlock_everything(state, &user, &name, source.as_deref()).await?;
        Ok(Redirect::to(&format!(
            "/admin/users/{}?notice=user-unlocked",
            user.username
        ))
        .into_response())
    })
    .await
}

pub async fn end_sessions(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(username): Path<String>,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let user = users::find(state, &username).await?;
        let name = actor_name(&visit);
        users::end_sessions(state, &user, actor(&name, &source)).await?;
        Ok(Redirect::to(&format!(
            "/admin/users/{}?notice=sessions-ended",
            user.username
        ))
        .into_response())
    })
    .await
}

/// What an import did, to show under the form.
enum Imported {
    Nothing,
    Done(usize),
    Refused(Refused),
    /// The form itself was wrong (no file).
    Problem(String),
}

fn import_form(
    state: &AppState,
    visit: Visit,
    outcome: Imported,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let content = html! {
        h1 { (tr.t("admin-import")) }
        @match &outcome {
            Imported::Done(count) => p.notice #import-result role="status" { (tr.t_with("admin-import-done", &[("count", count.to_string().as_str())])) },
            Imported::Refused(Refused { problems, total }) => {
                div.error #import-result role="alert" tabindex="-1" {
                    p { (tr.t_with("admin-import-refused", &[("count", total.to_string().as_str())])) }
                    @if *total > problems.len() {
                        p { (tr.t_with("admin-import-first", &[("shown", problems.len().to_string().as_str())])) }
                    }
                }
                div.table-scroll tabindex="0" {
                    table #import-problems {
                        thead { tr { th scope="col" { (tr.t("admin-import-line")) } th scope="col" { (tr.t("admin-import-problem")) } } }
                        tbody { @for p in problems { tr { td { (p.line) } td { (p.message) } } } }
                    }
                }
            },
            Imported::Problem(message) => p.error #import-result role="alert" { (message) },
            Imported::Nothing => {},
        }
        section.card {
            p { (tr.t("admin-import-intro")) }
            p.muted { code { "username, email, phone, employee_id, display_name, language, groups, password" } }
            form method="post" action="/admin/users/import" enctype="multipart/form-data" {
                input type="hidden" name="csrf" value=(visit.csrf);
                label for="file" { (tr.t("admin-import-file")) }
                input #file type="file" name="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/json" required
                    autofocus[matches!(outcome, Imported::Problem(_))];
                button type="submit" { (tr.t("admin-import-submit")) }
            }
            p { a href="/admin/users" { (tr.t("admin-back-to-users")) } }
        }
    };
    let title = visit.tr.t("admin-import");
    respond(state, visit, "/admin/users", title, status, content)
}

pub async fn import_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        import_form(state, visit, Imported::Nothing, StatusCode::OK)
    })
    .await
}

/// Takes an uploaded file (multipart: `csrf` first, then `file`) and imports it, all or
/// nothing, as `sesame users import` does.
pub async fn import(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    let state = &state;
    let tr = crate::web::layout::visitor_language(&headers);
    let upload = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(()) => return crate::web::layout::problem_page(&tr, StatusCode::BAD_REQUEST),
    };
    if !csrf::verify(state, &jar, &upload.csrf) {
        return crate::web::layout::problem_page(&tr, StatusCode::FORBIDDEN);
    }
    admin_page(state, jar, &headers, |visit| async move {
        let Some((file_name, text)) = upload.file else {
            let message = visit.tr.t("admin-import-no-file");
            return import_form(
                state,
                visit,
                Imported::Problem(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        };
        let Ok(text) = String::from_utf8(text) else {
            let message = visit.tr.t("admin-import-not-text");
            return import_form(
                state,
                visit,
                Imported::Problem(message),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        };
        let name = actor_name(&visit);
        let outcome =
            crate::import::import_text(state, &file_name, &text, actor(&name, &source)).await?;
        match outcome {
            Ok(count) => import_form(state, visit, Imported::Done(count), StatusCode::OK),
            Err(refused) => import_form(
                state,
                visit,
                Imported::Refused(refused),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
        }
    })
    .await
}

struct Upload {
    csrf: String,
    /// The file's name and bytes, when one was chosen.
    file: Option<(String, Vec<u8>)>,
}

async fn read_upload(mut multipart: Multipart) -> Result<Upload, ()> {
    let mut upload = Upload {
        csrf: String::new(),
        file: None,
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| ())? {
        match field.name() {
            Some("csrf") => upload.csrf = field.text().await.map_err(|_| ())?,
            Some("file") => {
                let name = field.file_name().unwrap_or("").to_owned();
                let bytes = field.bytes().await.map_err(|_| ())?;
                if !name.is_empty() || !bytes.is_empty() {
                    upload.file = Some((name, bytes.to_vec()));
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_are_read_between_commas_and_semicolons() {
        assert_eq!(group_list(" a, b;c  d ,, "), ["a", "b", "c  d"]);
        assert!(group_list("  ").is_empty());
    }

    #[test]
    fn every_rule_of_a_user_has_its_field() {
        for code in [
            "user.username_invalid",
            "user.exists",
            "user.email_invalid",
            "user.phone_invalid",
            "user.employee_id_taken",
            "user.group_invalid",
            "password.too_short",
        ] {
            assert!(CREATE_FIELDS.contains(&user_field(code)), "{code}");
        }
    }
}
