//! The service desk page: an agent (a signed-in member of `service_desk.group`, or an
//! administrator) looks a
//! caller up, starts a reset request, sends a code to an enrolled address or number,
//! checks what the caller reads back, then resets (generated password) or unlocks. The
//! same rules as `/api/v1/desk`; every step is audited with the agent as actor.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{html, Markup};
use secrecy::ExposeSecret;
use serde::Deserialize;
use sesame_core::identity::subject_key;
use sesame_core::Channel;
use sesame_store::UserRecord;

use super::csrf::{CheckedForm, CsrfProtected, TokenOnly};
use super::reset::{verify_content, AnswerForm, Shown};
use super::visit::{signed_in, Visit};
use crate::auth::{is_desk_agent, ClientAddress};
use crate::error::{status_of, AppError};
use crate::service::assist;
use crate::service::attempts::SIGNIN_SCOPE;
use crate::service::credentials;
use crate::service::resets::{self, Access, NewPassword, PasswordSet, Request};
use crate::service::ServiceError;
use crate::state::AppState;

const COOKIE: &str = "sesame_desk";

fn respond(visit: Visit, status: StatusCode, content: Markup) -> Result<Response, AppError> {
    let title = visit.tr.t("desk-title");
    let body = visit.page(title, "/desk", content);
    Ok((
        status,
        visit.jar,
        [(header::CACHE_CONTROL, "no-store")],
        body,
    )
        .into_response())
}

/// Only agents; anyone else is told the page is not theirs.
async fn agent(state: &AppState, visit: &Visit) -> Result<(), AppError> {
    if is_desk_agent(state, &visit.user).await? {
        Ok(())
    } else {
        Err(AppError::not_found(
            "desk.not_agent",
            "Not a service desk agent.",
        ))
    }
}

#[derive(Deserialize)]
pub struct Lookup {
    username: Option<String>,
}

pub async fn desk_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(lookup): Query<Lookup>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let wanted = lookup
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        lookup_page(state, visit, wanted, SmsPanel::Idle, StatusCode::OK).await
    })
    .await
}

/// Where the "Verify caller by SMS" panel stands.
enum SmsPanel {
    Idle,
    /// Idle, after an action on the caller's account that the caller's card reports.
    AfterAction(String),
    /// A code went out.
    Sent {
        code_id: String,
        sent_to: String,
    },
    /// What the last check said, or a refusal.
    Told {
        code_id: Option<String>,
        sent_to: Option<String>,
        message: String,
        good: bool,
    },
}

/// The look-up page: the caller found, their enrollments, the processes to start, and
/// the SMS panel.
async fn lookup_page(
    state: &AppState,
    visit: Visit,
    wanted: Option<&str>,
    panel: SmsPanel,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let found = match wanted {
        Some(text) => find_caller(state, text).await?,
        None => None,
    };
    // Nobody named exactly: those whose name, address, number or id holds what was typed.
    let candidates = match (wanted, &found) {
        (Some(text), None) => crate::service::users::search(state, text, 0, CANDIDATES).await?,
        _ => Vec::new(),
    };
    let enrollments = match &found {
        Some(user) => state.store().list_enrollments(user.id).await?,
        None => Vec::new(),
    };
    let verifications = state.store().list_verifications().await?;
    let name_of = |id: &str| {
        verifications
            .iter()
            .find(|v| v.id == id)
            .map_or_else(|| id.to_owned(), |v| super::enrollment::title(tr, v))
    };
    let now = state.now();
    let locks = match &found {
        Some(user) => state.store().locks_of(&user.username.key(), now).await?,
        None => Vec::new(),
    };
    let processes: Vec<resets::Process> = resets::active_processes(state)
        .await?
        .into_iter()
        .filter(|p| {
            found
                .as_ref()
                .is_some_and(|u| p.definition.applies_to(&u.groups))
        })
        .collect();
    let content = html! {
        h1 { (tr.t("desk-title")) }
        section.card aria-labelledby="lookup-heading" {
            h2 #lookup-heading { (tr.t("desk-lookup")) }
            form.inline method="get" action="/desk" role="search" {
                label for="username" { (tr.t("desk-lookup-label")) }
                div.row {
                    input #username type="text" name="username" value=(wanted.unwrap_or("")) autocapitalize="none" spellcheck="false" required;
                    button type="submit" { (tr.t("desk-find")) }
                }
            }
        }
        @if let Some(name) = wanted {
            @match &found {
                None => {
                    @if candidates.is_empty() {
                        p.error #desk-error role="alert" { (tr.t_with("desk-no-user", &[("name", name)])) }
                    } @else {
                        section.card #candidates aria-labelledby="candidates-heading" {
                            h2 #candidates-heading { (tr.t("desk-candidates")) }
                            ul {
                                @for user in &candidates {
                                    li { a href=(caller_link(user)) { (user.display_name) " (" (user.username) ")" } }
                                }
                            }
                        }
                    }
                },
                Some(user) => {
                    section.card #caller aria-labelledby="caller-heading" {
                        h2 #caller-heading { (user.display_name) " (" (user.username) ")" }
                        @if let SmsPanel::AfterAction(notice) = &panel {
                            p.notice #caller-notice role="status" { (notice) }
                        }
                        p { (tr.t(&format!("desk-status-{}", user.status.as_str()))) }
                        @if locks.is_empty() {
                            p #caller-locks { (tr.t("desk-no-locks")) }
                        } @else {
                            h3 { (tr.t("desk-locks")) }
                            ul #caller-locks {
                                @for (scope, until) in &locks {
                                    li { (lock_name(tr, scope, &name_of)) " · " (tr.t_with("desk-locked-until", &[("time", until.to_rfc3339().chars().take(16).collect::<String>().replace('T', " ").as_str())])) }
                                }
                            }
                            form method="post" action="/desk/unlock-user" {
                                input type="hidden" name="csrf" value=(visit.csrf);
                                input type="hidden" name="username" value=(user.username);
                                button.secondary type="submit" { (tr.t("desk-unlock-user")) }
                            }
                        }
                        h3 { (tr.t("desk-enrollments")) }
                        @if enrollments.is_empty() {
                            p.empty { (tr.t("desk-no-enrollments")) }
                        } @else {
                            ul #caller-enrollments {
                                @for e in &enrollments {
                                    li { (name_of(&e.verification_id)) ": " (tr.t(&format!("enrollment-state-{}", e.state))) @if let Some(d) = &e.destination { " · " (d) } }
                                }
                            }
                        }
                        @if processes.is_empty() {
                            p.empty { (tr.t("desk-no-process")) }
                        } @else {
                            form method="post" action="/desk/start" {
                                input type="hidden" name="csrf" value=(visit.csrf);
                                input type="hidden" name="username" value=(user.username);
                                label for="process" { (tr.t("reset-process")) }
                                select #process name="process" {
                                    @for p in &processes { option value=(p.record.id) { (p.record.name) } }
                                }
                                button type="submit" { (tr.t("desk-start")) }
                            }
                        }
                    }
                    (sms_panel(&visit, user.username.as_str(), &panel))
                },
            }
        }
    };
    respond(visit, status, content)
}

/// How many callers a look-up that names nobody exactly offers.
const CANDIDATES: i64 = 10;

/// The desk page of this caller.
fn caller_link(user: &UserRecord) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("username", user.username.as_str())
        .finish();
    format!("/desk?{query}")
}

/// The caller an agent names: by user name, employee id, e-mail address or phone number
/// (international form), in that order; nobody when the answer fits several users.
async fn find_caller(state: &AppState, text: &str) -> Result<Option<UserRecord>, AppError> {
    let store = state.store();
    if let Some(user) = store.find_user(&subject_key(text)).await? {
        return Ok(Some(user));
    }
    if let Some(user) = store.find_user_by_employee_id(text).await? {
        return Ok(Some(user));
    }
    let one = |mut users: Vec<UserRecord>| (users.len() == 1).then(|| users.remove(0));
    if let Ok(email) = sesame_core::identity::EmailAddress::parse(text) {
        return Ok(one(store.find_users_by_email(&email.key(), 2).await?));
    }
    if let Some(phone) = sesame_core::identity::PhoneNumber::parse_in(text, None) {
        return Ok(one(store.find_users_by_phone(phone.as_str(), 2).await?));
    }
    Ok(None)
}

/// A lock's scope in words.
fn lock_name(tr: &crate::i18n::Tr, scope: &str, name_of: &dyn Fn(&str) -> String) -> String {
    match scope {
        SIGNIN_SCOPE => tr.t("desk-lock-signin"),
        resets::SCOPE => tr.t("desk-lock-reset"),
        sesame_store::ASSIST_USER_SCOPE => tr.t("desk-lock-assist"),
        other => match other.strip_prefix("voice.") {
            Some(factor) => tr.t_with("desk-lock-phone", &[("name", name_of(factor).as_str())]),
            None => name_of(other),
        },
    }
}

#[derive(Deserialize)]
pub struct UnlockUserForm {
    csrf: String,
    username: String,
}

impl CsrfProtected for UnlockUserForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Lifts every lock of the caller (the same as `POST /api/v1/users/{username}/unlock`).
pub async fn desk_unlock_user(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<UnlockUserForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let user = state
            .store()
            .find_user(&subject_key(&form.username))
            .await?
            .ok_or_else(|| AppError::not_found("user.not_found", "No such user."))?;
        let actor = format!("user:{}", visit.user.username);
        credentials::unlock_everything(state, &user, &actor, source.as_deref()).await?;
        let panel = SmsPanel::AfterAction(visit.tr.t("desk-unlocked"));
        lookup_page(
            state,
            visit,
            Some(user.username.as_str()),
            panel,
            StatusCode::OK,
        )
        .await
    })
    .await
}

/// "Verify caller by SMS": send a code to the caller's number, then check what they read.
fn sms_panel(visit: &Visit, username: &str, panel: &SmsPanel) -> Markup {
    let tr = &visit.tr;
    let (code_id, sent_to) = match panel {
        SmsPanel::Idle | SmsPanel::AfterAction(_) => (None, None),
        SmsPanel::Sent { code_id, sent_to } => (Some(code_id.as_str()), Some(sent_to.as_str())),
        SmsPanel::Told {
            code_id, sent_to, ..
        } => (code_id.as_deref(), sent_to.as_deref()),
    };
    html! {
        section.card #sms-verify aria-labelledby="sms-heading" {
            h2 #sms-heading { (tr.t("desk-sms-title")) }
            p { (tr.t("desk-sms-intro")) }
            @if let SmsPanel::Told { message, good, .. } = panel {
                @if *good {
                    p.notice #sms-result role="status" { (message) }
                } @else {
                    p.error #sms-result role="alert" { (message) }
                }
            }
            @if let (Some(code_id), Some(sent_to)) = (code_id, sent_to) {
                p #sms-sent { (tr.t_with("desk-sms-sent", &[("number", sent_to)])) }
                form method="post" action="/desk/sms/check" {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    input type="hidden" name="username" value=(username);
                    input type="hidden" name="code_id" value=(code_id);
                    input type="hidden" name="sent_to" value=(sent_to);
                    label for="sms-code" { (tr.t("desk-sms-code")) }
                    input #sms-code type="text" name="code" inputmode="numeric" autocomplete="off" required;
                    button type="submit" { (tr.t("desk-sms-check")) }
                }
            }
            form method="post" action="/desk/sms" {
                input type="hidden" name="csrf" value=(visit.csrf);
                input type="hidden" name="username" value=(username);
                button.secondary[code_id.is_some()] type="submit" {
                    (tr.t(if code_id.is_some() { "desk-sms-resend" } else { "desk-sms-send" }))
                }
            }
        }
    }
}

/// The conversation a desk agent's caller codes count in: the agent and the caller within
/// the hour, set here rather than by the page, so that reloading it resets no limit.
fn desk_conversation(state: &AppState, actor: &str, username: &str) -> String {
    let hour = state.now().as_millis().div_euclid(3_600_000);
    format!("desk:{actor}:{}:{hour}", subject_key(username))
}

#[derive(Deserialize)]
pub struct SmsForm {
    csrf: String,
    username: String,
    code_id: Option<String>,
    sent_to: Option<String>,
    code: Option<String>,
}

impl CsrfProtected for SmsForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// Sends the caller a code by SMS (the same code and limits as `/api/v1/assist/codes`).
pub async fn desk_sms_send(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<SmsForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let actor = format!("user:{}", visit.user.username);
        let agent = assist::Agent {
            actor: &actor,
            source: source.as_deref(),
        };
        let conversation = desk_conversation(state, &actor, &form.username);
        let outcome = assist::generate(
            state,
            &form.username,
            &conversation,
            assist::Delivery::Sms,
            agent,
        )
        .await;
        let (panel, status) = match outcome {
            Ok(sent) => (
                SmsPanel::Sent {
                    code_id: sent.code_id,
                    sent_to: sent.sent_to,
                },
                StatusCode::OK,
            ),
            Err(ServiceError::Internal(cause)) => return Err(AppError::internal(cause)),
            Err(error) => (
                SmsPanel::Told {
                    code_id: form.code_id,
                    sent_to: form.sent_to,
                    message: visit.problem(&error),
                    good: false,
                },
                status_of(&error),
            ),
        };
        lookup_page(state, visit, Some(&form.username), panel, status).await
    })
    .await
}

/// Checks the code the caller read back.
pub async fn desk_sms_check(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<SmsForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let actor = format!("user:{}", visit.user.username);
        let agent = assist::Agent {
            actor: &actor,
            source: source.as_deref(),
        };
        let code_id = form.code_id.clone().unwrap_or_default();
        let outcome =
            assist::check(state, &code_id, form.code.as_deref().unwrap_or(""), agent).await;
        let tr = &visit.tr;
        let (message, good, status) = match outcome {
            Ok(checked) if checked.valid => (tr.t("desk-sms-valid"), true, StatusCode::OK),
            Ok(checked) => (
                tr.t_with(
                    "desk-sms-invalid",
                    &[("retries", checked.retries_remaining.to_string().as_str())],
                ),
                false,
                StatusCode::OK,
            ),
            Err(ServiceError::Internal(cause)) => return Err(AppError::internal(cause)),
            Err(error) => (visit.problem(&error), false, status_of(&error)),
        };
        // A valid code ends the check: the panel starts over for another.
        let panel = SmsPanel::Told {
            code_id: (!good).then_some(code_id),
            sent_to: if good { None } else { form.sent_to },
            message,
            good,
        };
        lookup_page(state, visit, Some(&form.username), panel, status).await
    })
    .await
}

#[derive(Deserialize)]
pub struct StartForm {
    csrf: String,
    username: String,
    process: String,
}

impl CsrfProtected for StartForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn desk_start(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<StartForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let user = state
            .store()
            .find_user(&subject_key(&form.username))
            .await?
            .ok_or_else(|| AppError::not_found("user.not_found", "No such user."))?;
        let process = resets::active_process(state, &form.process, false).await?;
        let actor = format!("user:{}", visit.user.username);
        let started =
            resets::identify_for_agent(state, process, &user, &actor, source.as_deref()).await?;
        let cookie = Cookie::build((COOKIE, started.reset_id.expose_secret().to_owned()))
            .http_only(true)
            .secure(state.settings().secure_cookies)
            .same_site(SameSite::Strict)
            .path("/desk")
            .build();
        Ok((visit.jar.add(cookie), Redirect::to("/desk/verify")).into_response())
    })
    .await
}

fn forget(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(COOKIE).path("/desk"))
}

async fn current(state: &AppState, jar: &CookieJar) -> Result<Option<Request>, AppError> {
    let Some(cookie) = jar.get(COOKIE) else {
        return Ok(None);
    };
    match resets::open_request(state, cookie.value(), Access::ServiceDesk).await {
        Ok(request) => Ok(Some(request)),
        Err(e) if e.is_refusal() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn render_request(
    state: &AppState,
    visit: Visit,
    shown: Shown,
    status: StatusCode,
) -> Result<Response, AppError> {
    let Some(request) = current(state, &visit.jar).await? else {
        // The request ended (a last wrong answer): say why instead of starting over blank.
        if let Some(problem) = shown.problem {
            return finished(
                visit,
                html! { p.error #desk-error role="alert" { (problem) } },
            );
        }
        let jar = forget(visit.jar);
        return Ok((jar, Redirect::to("/desk")).into_response());
    };
    let tr = &visit.tr;
    let verifications = verify_content(state, (tr, &visit.csrf), "/desk", &request, &shown).await?;
    let definition = &request.process.definition;
    let verified = request.still_needed() == 0;
    let content = html! {
        @if let Some(user) = &request.user { p.lead { (tr.t_with("desk-helping", &[("name", user.username.as_str())])) } }
        (verifications)
        @if verified {
            section.card aria-labelledby="desk-finish" {
                h2 #desk-finish { (tr.t("reset-finish-title")) }
                form method="post" action="/desk/password" {
                    input type="hidden" name="csrf" value=(visit.csrf);
                    button type="submit" { (tr.t("desk-reset")) }
                }
                @if definition.allow_unlock {
                    form method="post" action="/desk/unlock" {
                        input type="hidden" name="csrf" value=(visit.csrf);
                        button type="submit" { (tr.t("reset-unlock")) }
                    }
                }
            }
        }
    };
    respond(visit, status, content)
}

pub async fn desk_verify(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        render_request(state, visit, Shown::default(), StatusCode::OK).await
    })
    .await
}

fn reset_id(jar: &CookieJar) -> String {
    jar.get(COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default()
}

/// Runs one step and shows the request again with the outcome.
async fn step<F, Fut>(state: &AppState, visit: Visit, run: F) -> Result<Response, AppError>
where
    F: FnOnce(String, String) -> Fut,
    Fut: std::future::Future<Output = Result<Option<String>, ServiceError>>,
{
    agent(state, &visit).await?;
    let actor_language = visit.tr.tag();
    match run(reset_id(&visit.jar), actor_language).await {
        Ok(notice) => {
            let shown = Shown {
                notice,
                ..Shown::default()
            };
            render_request(state, visit, shown, StatusCode::OK).await
        }
        Err(error) => refused(state, visit, error).await,
    }
}

/// The request again with the refusal in the agent's words; a failure of Sesame itself
/// (other than an unreachable directory or mail server) stays an error.
async fn refused(
    state: &AppState,
    visit: Visit,
    error: ServiceError,
) -> Result<Response, AppError> {
    if let ServiceError::Internal(_) = error {
        return Err(error.into());
    }
    let shown = Shown {
        problem: Some(visit.problem(&error)),
        ..Shown::default()
    };
    render_request(state, visit, shown, status_of(&error)).await
}

pub async fn desk_challenge(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        let tr = visit.tr.clone();
        step(state, visit, |reset, language| async move {
            let challenge = resets::challenge(
                state,
                &reset,
                Access::ServiceDesk,
                &id,
                &language,
                source.as_deref(),
            )
            .await?;
            Ok(
                matches!(challenge, crate::service::verification::Challenge::CodeSent)
                    .then(|| tr.t("desk-code-sent")),
            )
        })
        .await
    })
    .await
}

pub async fn desk_answer(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<AnswerForm>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        let tr = visit.tr.clone();
        step(state, visit, |reset, _| async move {
            let answered = resets::answer(
                state,
                &reset,
                Access::ServiceDesk,
                &id,
                form.into_answer(),
                source.as_deref(),
            )
            .await?;
            if answered.passed {
                Ok(Some(tr.t("reset-passed")))
            } else if answered.tries_left > 0 {
                Err(ServiceError::invalid(
                    "desk.wrong",
                    tr.t_with(
                        "desk-wrong",
                        &[("tries", answered.tries_left.to_string().as_str())],
                    ),
                ))
            } else {
                Err(ServiceError::invalid(
                    "desk.failed",
                    "The answer was wrong; the request has ended.",
                ))
            }
        })
        .await
    })
    .await
}

fn finished(visit: Visit, content: Markup) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let body = html! {
        h1 { (tr.t("desk-title")) }
        (content)
        p { a.button href="/desk" { (tr.t("desk-next-caller")) } }
    };
    let mut visit = visit;
    visit.jar = forget(visit.jar.clone());
    respond(visit, StatusCode::OK, body)
}

pub async fn desk_password(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let outcome = resets::set_password(
            state,
            &reset_id(&visit.jar),
            Access::ServiceDesk,
            NewPassword::Generate,
            source.as_deref(),
        )
        .await;
        let tr = visit.tr.clone();
        match outcome {
            Ok(PasswordSet::Shown(password)) => finished(
                visit,
                html! {
                    p.notice #desk-done { (tr.t("desk-reset-done")) }
                    p { code #generated-password { (password.expose_secret()) } }
                },
            ),
            Ok(PasswordSet::Sent { channel }) => finished(
                visit,
                html! { p.notice #desk-done { (tr.t(if channel == Channel::Email { "reset-done-sent-email" } else { "reset-done-sent-sms" })) } },
            ),
            Ok(PasswordSet::Chosen) | Err(ServiceError::Rules(_)) => Err(AppError::internal(
                "a generated password was refused by the policy",
            )),
            Err(error) => refused(state, visit, error).await,
        }
    })
    .await
}

pub async fn desk_unlock(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
        agent(state, &visit).await?;
        let outcome = resets::unlock(
            state,
            &reset_id(&visit.jar),
            Access::ServiceDesk,
            source.as_deref(),
        )
        .await;
        let tr = visit.tr.clone();
        match outcome {
            Ok(()) => finished(
                visit,
                html! { p.notice #desk-done { (tr.t("desk-unlocked")) } },
            ),
            Err(error) => refused(state, visit, error).await,
        }
    })
    .await
}
