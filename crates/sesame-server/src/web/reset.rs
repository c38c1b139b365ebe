//! "Forgot password": the public pages of self-service reset, with the same rules as the
//! API (`crate::service::resets`). The request's id lives in an HttpOnly cookie scoped to `/reset`;
//! every form carries a CSRF token. Pages work without JavaScript; with it, the new
//! password's strength shows as the user types. The one step that needs JavaScript is the
//! CAPTCHA of a process that asks for one: `captcha.js` solves it in the browser, and
//! without JavaScript the page says so and what to do instead.

use sesame_core::Channel;
use sesame_store::StepResult;
use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{html, Markup};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sesame_core::process::AutoGenerate;
use sesame_core::verification::Kind;

use super::csrf::{self, CheckedForm, CsrfProtected, TokenOnly};
use super::layout::visitor_language;
use super::layout::{page, Frame};
use crate::auth::ClientAddress;
use crate::error::status_of;
use crate::i18n::Tr;
use crate::service::resets::{self, Access, NewPassword, PasswordSet, Request};
use crate::service::verification::qa;
use crate::service::verification::Answer;
use crate::service::ServiceError;
use crate::state::AppState;

const COOKIE: &str = "sesame_reset";

/// A page without the signed-in menu.
struct Public {
    tr: Tr,
    product_name: String,
    csrf: String,
    jar: CookieJar,
}

impl Public {
    async fn begin(state: &AppState, jar: CookieJar, headers: &HeaderMap) -> Self {
        let product_name = state
            .string_property("web.product_name")
            .await
            .unwrap_or_else(|_| "Sesame".to_owned());
        let (jar, csrf) = csrf::form_token(state, jar, false);
        Self {
            tr: visitor_language(headers),
            product_name,
            csrf,
            jar,
        }
    }

    fn respond(self, status: StatusCode, title: String, content: Markup) -> Response {
        let frame = Frame {
            tr: &self.tr,
            product_name: &self.product_name,
            title,
            nav: None,
            current_path: "/reset",
        };
        (
            status,
            self.jar,
            [(header::CACHE_CONTROL, "no-store")],
            page(frame, content),
        )
            .into_response()
    }

    /// A refusal in the reader's words, like the signed-in pages.
    fn problem_text(&self, error: &ServiceError) -> String {
        self.tr.refusal(error)
    }

    fn csrf_field(&self) -> Markup {
        html! { input type="hidden" name="csrf" value=(self.csrf); }
    }
}

fn reset_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((COOKIE, value))
        .http_only(true)
        .secure(state.settings().secure_cookies)
        .same_site(SameSite::Strict)
        .path("/reset")
        .build()
}

fn forget(jar: CookieJar) -> CookieJar {
    jar.remove(Cookie::build(COOKIE).path("/reset"))
}

/// The request this browser is in, or the reason it has none (ended, expired, unknown).
async fn current(state: &AppState, jar: &CookieJar) -> Result<Request, ServiceError> {
    let Some(cookie) = jar.get(COOKIE) else {
        return Err(ServiceError::not_found(
            "reset.not_found",
            "There is no reset request.",
        ));
    };
    resets::open_request(state, cookie.value(), Access::SelfService).await
}

/// Back to the start, saying why (`reset-ended-<reason>`).
fn start_again(jar: CookieJar, error: &ServiceError) -> Response {
    let reason = match error {
        ServiceError::Expired { .. } => "expired",
        ServiceError::Conflict {
            code: "reset.failed",
            ..
        } => "failed",
        ServiceError::Conflict {
            code: "reset.finished",
            ..
        } => "finished",
        _ => "missing",
    };
    (forget(jar), Redirect::to(&format!("/reset?ended={reason}"))).into_response()
}

#[derive(Deserialize)]
pub struct StartQuery {
    ended: Option<String>,
}

pub async fn start_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    axum::extract::Query(query): axum::extract::Query<StartQuery>,
) -> Response {
    let view = Public::begin(&state, jar, &headers).await;
    let notice = query
        .ended
        .as_deref()
        .filter(|r| ["expired", "failed", "finished", "missing"].contains(r))
        .map(|r| view.tr.t(&format!("reset-ended-{r}")));
    render_start(&state, view, StatusCode::OK, notice, None, "").await
}

async fn render_start(
    state: &AppState,
    view: Public,
    status: StatusCode,
    notice: Option<String>,
    problem: Option<String>,
    identifier: &str,
) -> Response {
    // A database failure is a problem, not "no reset here".
    let processes: Vec<resets::Process> = match resets::active_processes(state).await {
        Ok(all) => all
            .into_iter()
            .filter(|p| p.definition.public_access)
            .collect(),
        Err(e) => {
            crate::error::log_cause(&e);
            return super::layout::problem_page(&view.tr, StatusCode::SERVICE_UNAVAILABLE);
        }
    };
    let captcha = processes.iter().any(|p| p.definition.captcha);
    let contact = if captcha {
        help_desk_contact(state).await
    } else {
        None
    };
    let tr = &view.tr;
    let label = match processes.as_slice() {
        [only] if only.definition.identification == sesame_core::process::Identification::Email => {
            tr.t("reset-identifier-email")
        }
        [_] => tr.t("reset-identifier-username"),
        _ => tr.t("reset-identifier-either"),
    };
    let title = tr.t("reset-title");
    let content = html! {
        section.card aria-labelledby="reset-heading" {
            h1 #reset-heading { (title) }
            @if let Some(notice) = &notice { p.warning role="status" { (notice) } }
            @if let Some(problem) = &problem { p.error #reset-error role="alert" { (problem) } }
            @if processes.is_empty() {
                p #no-process { (tr.t("reset-unavailable")) }
            } @else {
                p { (tr.t("reset-intro")) }
                form method="post" action="/reset" {
                    (view.csrf_field())
                    @if let [only] = processes.as_slice() {
                        input type="hidden" name="process" value=(only.record.id);
                    } @else {
                        label for="process" { (tr.t("reset-process")) }
                        select #process name="process" {
                            @for p in &processes { option value=(p.record.id) { (p.record.name) } }
                        }
                    }
                    label for="identifier" { (label) }
                    input #identifier type="text" name="identifier" value=(identifier) autocomplete="username"
                        autocapitalize="none" spellcheck="false" required autofocus;
                    @if captcha { (captcha_check(tr, contact.as_deref())) }
                    button type="submit" { (tr.t("reset-continue")) }
                }
                @if captcha { script src="/static/captcha.js" defer {} }
            }
            p { a href="/signin" { (tr.t("reset-back-to-signin")) } }
        }
    };
    view.respond(status, title, content)
}

/// The CAPTCHA part of the start form: what happens, where `captcha.js` reports, and the
/// hidden field it fills with the solution. Without JavaScript, what to do instead.
fn captcha_check(tr: &Tr, contact: Option<&str>) -> Markup {
    let refresh = crate::service::captcha::LIFETIME
        .as_secs()
        .saturating_sub(60);
    let help = contact.map(|c| tr.t_with("help-desk-contact", &[("contact", c)]));
    html! {
        div #captcha.captcha data-working=(tr.t("captcha-working")) data-done=(tr.t("captcha-done"))
            data-waiting=(tr.t("captcha-waiting")) data-failed=(tr.t("captcha-failed"))
            data-refresh-seconds=(refresh) {
            input type="hidden" name="captcha" value="";
            p #captcha-intro { (tr.t("captcha-intro")) }
            progress #captcha-progress max="1" value="0" aria-label=(tr.t("captcha-progress")) hidden {}
            p #captcha-status role="status" aria-live="polite" {}
            @if let Some(help) = &help { p #captcha-help hidden { (help) } }
            noscript {
                p.warning #captcha-noscript { (tr.t("captcha-noscript")) }
                @if let Some(help) = &help { p { (help) } }
            }
        }
    }
}

#[derive(Deserialize)]
pub struct StartForm {
    csrf: String,
    process: String,
    identifier: String,
    /// The CAPTCHA solution `captcha.js` put in; empty or absent without it.
    #[serde(default)]
    captcha: Option<String>,
}

impl CsrfProtected for StartForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

pub async fn start_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<StartForm>,
) -> Response {
    let identifier = form.identifier.trim();
    if identifier.is_empty() {
        let view = Public::begin(&state, jar, &headers).await;
        let problem = view.tr.t("error-reset-identifier");
        return render_start(
            &state,
            view,
            StatusCode::BAD_REQUEST,
            None,
            Some(problem),
            "",
        )
        .await;
    }
    let started = match resets::active_process(&state, &form.process, true).await {
        Ok(process) => {
            resets::identify(
                &state,
                process,
                identifier,
                form.captcha.as_deref(),
                source.as_deref(),
            )
            .await
        }
        Err(e) => Err(e),
    };
    match started {
        Ok(started) => {
            let cookie = reset_cookie(&state, started.reset_id.expose_secret().to_owned());
            (jar.add(cookie), Redirect::to("/reset/verify")).into_response()
        }
        Err(error) => {
            let view = Public::begin(&state, jar, &headers).await;
            let problem = view.problem_text(&error);
            render_start(
                &state,
                view,
                status_of(&error),
                None,
                Some(problem),
                identifier,
            )
            .await
        }
    }
}

/// What the verify page shows besides the request's state.
#[derive(Default)]
pub(super) struct Shown {
    pub notice: Option<String>,
    pub problem: Option<String>,
    /// After a wrong answer: what the last try leads to, and whom to ask.
    pub advice: Vec<(&'static str, String)>,
}

pub async fn verify_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    match current(&state, &jar).await {
        Ok(request) => {
            let view = Public::begin(&state, jar, &headers).await;
            render_verify(&state, view, &request, Shown::default(), StatusCode::OK).await
        }
        Err(error) => start_again(jar, &error),
    }
}

async fn render_verify(
    state: &AppState,
    view: Public,
    request: &Request,
    shown: Shown,
    status: StatusCode,
) -> Response {
    let result = verify_content(state, (&view.tr, &view.csrf), "/reset", request, &shown).await;
    match result {
        Ok(content) => {
            let title = view.tr.t("reset-verify-title");
            view.respond(status, title, content)
        }
        Err(e) => {
            crate::error::log_cause(&e);
            super::layout::problem_page(&view.tr, StatusCode::SERVICE_UNAVAILABLE)
        }
    }
}

/// The verifications of a request, each with what the person does next. `base` is where
/// the forms post (`/reset` for self-service, `/desk` for the service desk).
pub(super) async fn verify_content(
    state: &AppState,
    (tr, csrf_token): (&Tr, &str),
    base: &str,
    request: &Request,
    shown: &Shown,
) -> Result<Markup, ServiceError> {
    let csrf_field = html! { input type="hidden" name="csrf" value=(csrf_token); };
    // At the desk an agent reads the page, about the caller: its own words where they differ.
    let desk = base == "/desk";
    let word = |id: &str| -> String {
        match id.strip_prefix("reset-").filter(|_| desk) {
            Some(step) => tr.t(&format!("desk-step-{step}")),
            None => tr.t(id),
        }
    };
    let remaining = request.still_needed();
    let bank = state.store().list_questions().await?;
    let mut sections = Vec::new();
    for listed in &request.process.definition.verifications {
        let Some(verification) = state.verification(&listed.id).await?.filter(|v| v.active) else {
            continue;
        };
        let kind = verification.kind;
        let step = request
            .record
            .steps
            .iter()
            .find(|s| s.verification_id == verification.id);
        let passed = step.is_some_and(|s| s.result == StepResult::Passed);
        let posed: Vec<i64> = step
            .and_then(|s| s.posed.as_deref())
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_default();
        let id = verification.id.as_str();
        let answer_action = format!("{base}/answer/{id}");
        let challenge_action = format!("{base}/challenge/{id}");
        let body = html! {
            @if passed {
                p.notice { (tr.t("reset-passed")) }
            } @else {
                @match kind {
                    Kind::EmailCode | Kind::SmsCode => {
                        @if step.is_some() {
                            p { (word("reset-code-sent")) }
                            form method="post" action=(answer_action) {
                                (csrf_field)
                                label for={"code-" (id)} { (tr.t("codes-code")) }
                                input id={"code-" (id)} type="text" name="code" inputmode="numeric" autocomplete="one-time-code" required;
                                button type="submit" { (tr.t("reset-check")) }
                            }
                        }
                        form method="post" action=(challenge_action) {
                            (csrf_field)
                            button type="submit" { (word(if step.is_some() { "reset-send-again" } else { "reset-send-code" })) }
                        }
                    }
                    Kind::SecurityQuestions => {
                        @if posed.is_empty() {
                            form method="post" action=(challenge_action) {
                                (csrf_field)
                                button type="submit" { (word("reset-ask-questions")) }
                            }
                        } @else {
                            form method="post" action=(answer_action) {
                                (csrf_field)
                                @for qid in &posed {
                                    @let text = bank.iter().find(|q| q.id == *qid).map(|q| qa::text_in(q, &tr.tag())).unwrap_or_default();
                                    label for={"answer-" (qid)} { (text) }
                                    input id={"answer-" (qid)} type="text" name={"answer_" (qid)} autocomplete="off" required;
                                }
                                button type="submit" { (tr.t("reset-check")) }
                            }
                        }
                    }
                    Kind::Authenticator | Kind::SoftPin | Kind::PersonalData | Kind::PersonalDataConfirmation => {
                        @let (field, label_id, input_type) = match kind {
                            Kind::Authenticator => ("code", "reset-authenticator-code", "text"),
                            Kind::SoftPin => ("pin", "reset-soft-pin", "password"),
                            Kind::PersonalDataConfirmation => ("value", "reset-confirm-email", "email"),
                            _ => ("value", "reset-enter-username", "text"),
                        };
                        form method="post" action=(answer_action) {
                            (csrf_field)
                            label for={"answer-" (id)} { (word(label_id)) }
                            input id={"answer-" (id)} type=(input_type) name=(field) autocomplete="off" required;
                            button type="submit" { (tr.t("reset-check")) }
                        }
                    }
                }
            }
        };
        sections.push((
            super::enrollment::title(tr, &verification),
            listed.mandatory,
            id.to_owned(),
            body,
        ));
    }
    Ok(html! {
        h1 { (word("reset-verify-title")) }
        @if let Some(notice) = &shown.notice { p.notice role="status" { (notice) } }
        @if let Some(problem) = &shown.problem { p.error #reset-error role="alert" { (problem) } }
        @for (id, advice) in &shown.advice { p.advice id=(id) { (advice) } }
        @if remaining == 0 {
            p.notice #verified { (word("reset-verified")) }
            p { a.button href={(base) "/finish"} { (tr.t("reset-continue")) } }
        } @else {
            p #remaining { (tr.t_with(if desk { "desk-step-remaining" } else { "reset-remaining" }, &[("count", &remaining.to_string())])) }
        }
        @for (name, mandatory, id, body) in &sections {
            section.card id={"verification-" (id)} {
                h2 { (name) @if *mandatory { " " span.muted { (tr.t("reset-mandatory")) } } }
                (body)
            }
        }
        p { a href=(base) { (tr.t("reset-start-over")) } }
    })
}

pub async fn challenge_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let Some(reset_id) = jar.get(COOKIE).map(|c| c.value().to_owned()) else {
        return start_again(jar, &ServiceError::not_found("reset.not_found", ""));
    };
    let view = Public::begin(&state, jar.clone(), &headers).await;
    let language = view.tr.tag();
    let outcome = resets::challenge(
        &state,
        &reset_id,
        Access::SelfService,
        &id,
        &language,
        source.as_deref(),
    )
    .await;
    let (shown, status) = match &outcome {
        Ok(crate::service::verification::Challenge::CodeSent) => (
            Shown {
                notice: Some(view.tr.t("reset-code-sent")),
                ..Shown::default()
            },
            StatusCode::OK,
        ),
        Ok(_) => (Shown::default(), StatusCode::OK),
        Err(error) => (
            Shown {
                problem: Some(view.problem_text(error)),
                ..Shown::default()
            },
            status_of(error),
        ),
    };
    match current(&state, &jar).await {
        Ok(request) => render_verify(&state, view, &request, shown, status).await,
        Err(error) => start_again(jar, &error),
    }
}

#[derive(Deserialize)]
pub struct AnswerForm {
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfProtected for AnswerForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl AnswerForm {
    pub(super) fn into_answer(self) -> Answer {
        let mut fields = self.fields;
        if let Some(code) = fields.remove("code") {
            return Answer::Code(SecretString::from(code));
        }
        if let Some(pin) = fields.remove("pin") {
            return Answer::Pin(SecretString::from(pin));
        }
        if let Some(value) = fields.remove("value") {
            return Answer::Value(value);
        }
        Answer::Answers(
            fields
                .into_iter()
                .filter_map(|(name, answer)| {
                    let id = name.strip_prefix("answer_")?.parse().ok()?;
                    Some((id, answer))
                })
                .collect(),
        )
    }
}

pub async fn answer_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    Path(id): Path<String>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<AnswerForm>,
) -> Response {
    let Some(reset_id) = jar.get(COOKIE).map(|c| c.value().to_owned()) else {
        return start_again(jar, &ServiceError::not_found("reset.not_found", ""));
    };
    let outcome = resets::answer(
        &state,
        &reset_id,
        Access::SelfService,
        &id,
        form.into_answer(),
        source.as_deref(),
    )
    .await;
    match outcome {
        Ok(answered) if !answered.passed && answered.tries_left == 0 => {
            let contact = help_desk_contact(&state).await;
            let view = Public::begin(&state, forget(jar), &headers).await;
            let title = view.tr.t("reset-failed-title");
            let content = html! {
                h1 { (title) }
                p.error #reset-error role="alert" { (view.tr.t("reset-failed-text")) }
                @if let Some(contact) = &contact {
                    p #help-desk { (view.tr.t_with("help-desk-contact", &[("contact", contact.as_str())])) }
                }
                p { a.button href="/reset" { (view.tr.t("reset-start-over")) } }
            };
            view.respond(StatusCode::OK, title, content)
        }
        Ok(answered) if !answered.passed => match current(&state, &jar).await {
            Ok(request) => {
                let view = Public::begin(&state, jar, &headers).await;
                let tries = answered.tries_left.to_string();
                let shown = Shown {
                    notice: None,
                    problem: Some(view.tr.t_with("reset-wrong", &[("tries", tries.as_str())])),
                    advice: wrong_answer_advice(&state, &view.tr).await,
                };
                render_verify(&state, view, &request, shown, StatusCode::OK).await
            }
            Err(ended) => start_again(jar, &ended),
        },
        Ok(answered) if answered.remaining == 0 => Redirect::to("/reset/finish").into_response(),
        Ok(_) => Redirect::to("/reset/verify").into_response(),
        Err(error) => match current(&state, &jar).await {
            Ok(request) => {
                let view = Public::begin(&state, jar, &headers).await;
                let shown = Shown {
                    problem: Some(view.problem_text(&error)),
                    ..Shown::default()
                };
                render_verify(&state, view, &request, shown, status_of(&error)).await
            }
            Err(ended) => start_again(jar, &ended),
        },
    }
}

/// The verified request of this browser, or where to go instead.
async fn verified(state: &AppState, jar: &CookieJar) -> Result<Request, Response> {
    match current(state, jar).await {
        Ok(request) if request.user.is_some() && request.still_needed() == 0 => Ok(request),
        Ok(_) => Err(Redirect::to("/reset/verify").into_response()),
        Err(error) => Err(start_again(jar.clone(), &error)),
    }
}

pub async fn finish_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    match verified(&state, &jar).await {
        Ok(request) => {
            let view = Public::begin(&state, jar, &headers).await;
            render_finish(view, &request, &[], StatusCode::OK)
        }
        Err(elsewhere) => elsewhere,
    }
}

fn render_finish(
    view: Public,
    request: &Request,
    problems: &[String],
    status: StatusCode,
) -> Response {
    let tr = &view.tr;
    let definition = &request.process.definition;
    let policy = &definition.password_policy;
    let title = tr.t("reset-finish-title");
    let content = html! {
        h1 { (title) }
        @if !problems.is_empty() {
            div.error #password-errors role="alert" {
                p { (tr.t("reset-password-problems")) }
                ul { @for problem in problems { li { (problem) } } }
            }
        }
        section.card aria-labelledby="password-heading" {
            h2 #password-heading { (tr.t("reset-new-password")) }
            @if definition.auto_generate == AutoGenerate::Off {
                p #password-rules { (tr.t_with("reset-password-rules", &[("min", &policy.min_length.to_string())])) }
                form method="post" action="/reset/password" {
                    (view.csrf_field())
                    label for="new_password" { (tr.t("reset-new-password")) }
                    input #new_password type="password" name="new_password" autocomplete="new-password"
                        minlength=(policy.min_length) maxlength=(policy.max_length) required
                        aria-describedby="password-rules password-strength";
                    p #password-strength aria-live="polite" data-labels=(strength_labels(tr)) {}
                    label for="confirm" { (tr.t("reset-confirm-password")) }
                    input #confirm type="password" name="confirm" autocomplete="new-password" required;
                    button type="submit" { (tr.t("reset-set-password")) }
                }
                script src="/static/strength.js" defer {}
            } @else {
                p { (tr.t("reset-generated-intro")) }
                form method="post" action="/reset/password" {
                    (view.csrf_field())
                    input type="hidden" name="generate" value="true";
                    button type="submit" { (tr.t("reset-generate")) }
                }
            }
        }
        @if definition.allow_unlock {
            section.card aria-labelledby="unlock-heading" {
                h2 #unlock-heading { (tr.t("reset-unlock-title")) }
                p { (tr.t("reset-unlock-intro")) }
                form method="post" action="/reset/unlock" {
                    (view.csrf_field())
                    button type="submit" { (tr.t("reset-unlock")) }
                }
            }
        }
    };
    view.respond(status, title, content)
}

/// The words of the five strength levels, for the script, separated by `|`.
pub(super) fn strength_labels(tr: &Tr) -> String {
    (0..=4)
        .map(|score| tr.t(&format!("reset-strength-{score}")))
        .collect::<Vec<_>>()
        .join("|")
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    new_password: Option<SecretString>,
    confirm: Option<SecretString>,
    generate: Option<String>,
}

impl CsrfProtected for PasswordForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn done_page(view: Public, title_id: &str, content: Markup) -> Response {
    let title = view.tr.t(title_id);
    let body = html! {
        h1 { (title) }
        (content)
        p { a.button href="/signin" { (view.tr.t("reset-go-signin")) } }
    };
    view.respond(StatusCode::OK, title, body)
}

pub async fn password_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<PasswordForm>,
) -> Response {
    let request = match verified(&state, &jar).await {
        Ok(request) => request,
        Err(elsewhere) => return elsewhere,
    };
    let view = Public::begin(&state, jar.clone(), &headers).await;
    let new = match (form.generate, form.new_password, form.confirm) {
        (Some(_), _, _) => NewPassword::Generate,
        (None, Some(new), Some(confirm)) if new.expose_secret() == confirm.expose_secret() => {
            NewPassword::Chosen(new)
        }
        _ => {
            let problem = view.tr.t("reset-passwords-differ");
            return render_finish(view, &request, &[problem], StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let reset_id = jar
        .get(COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let outcome = resets::set_password(
        &state,
        &reset_id,
        Access::SelfService,
        new,
        source.as_deref(),
    )
    .await;
    match outcome {
        Ok(set) => {
            let tr = &view.tr;
            let content = match set {
                PasswordSet::Chosen => html! { p.notice #reset-done { (tr.t("reset-done")) } },
                PasswordSet::Shown(password) => html! {
                    p.notice #reset-done { (tr.t("reset-done-generated")) }
                    p { code #generated-password { (password.expose_secret()) } }
                    p.warning { (tr.t("reset-generated-once")) }
                },
                PasswordSet::Sent { channel } => html! {
                    p.notice #reset-done { (tr.t(if channel == Channel::Email { "reset-done-sent-email" } else { "reset-done-sent-sms" })) }
                },
            };
            let view = Public {
                jar: forget(view.jar),
                ..view
            };
            done_page(view, "reset-done-title", content)
        }
        Err(ServiceError::Rules(broken)) => {
            let problems: Vec<String> = broken
                .iter()
                .map(|v| {
                    view.tr
                        .t_or(&format!("error-{}", v.code.replace('.', "-")), &v.message)
                })
                .collect();
            render_finish(view, &request, &problems, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(error) => {
            let problem = view.problem_text(&error);
            render_finish(view, &request, &[problem], status_of(&error))
        }
    }
}

pub async fn unlock_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let request = match verified(&state, &jar).await {
        Ok(request) => request,
        Err(elsewhere) => return elsewhere,
    };
    let view = Public::begin(&state, jar.clone(), &headers).await;
    let reset_id = jar
        .get(COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    match resets::unlock(&state, &reset_id, Access::SelfService, source.as_deref()).await {
        Ok(()) => {
            let content = html! { p.notice #reset-done { (view.tr.t("reset-unlocked")) } };
            let view = Public {
                jar: forget(view.jar),
                ..view
            };
            done_page(view, "reset-unlock-title", content)
        }
        Err(error) => {
            let problem = view.problem_text(&error);
            render_finish(view, &request, &[problem], status_of(&error))
        }
    }
}

#[derive(Deserialize)]
pub struct StrengthForm {
    csrf: String,
    password: SecretString,
}

impl CsrfProtected for StrengthForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

#[derive(Serialize)]
pub struct Strength {
    /// zxcvbn's score, 0 to 4.
    score: u8,
    /// The rules the password breaks, in the reader's words (history is checked on submit).
    problems: Vec<String>,
}

/// The strength of a password being typed, for the page's script. Only for a verified
/// request, so it is no oracle for anyone else.
pub async fn strength(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<StrengthForm>,
) -> Response {
    let request = match verified(&state, &jar).await {
        Ok(request) => request,
        Err(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let tr = visitor_language(&headers);
    let Some(user) = request.user.as_ref() else {
        return StatusCode::FORBIDDEN.into_response();
    };
    strength_answer(
        &tr,
        &request.process.definition.password_policy,
        user,
        &form.password,
    )
}

/// The strength of `password` for `user` under `policy`, for the page's script. A
/// password the policy refuses never scores above "weak", whatever zxcvbn thinks.
pub(super) fn strength_answer(
    tr: &Tr,
    policy: &sesame_core::password::PasswordPolicy,
    user: &sesame_store::UserRecord,
    password: &SecretString,
) -> Response {
    let mut identity = vec![user.username.as_str(), user.display_name.as_str()];
    identity.extend(user.email.as_deref());
    let problems: Vec<String> = policy
        .check(password, &identity)
        .iter()
        .map(|v| tr.t_or(&format!("error-{}", v.code.replace('.', "-")), &v.message))
        .collect();
    let mut score = sesame_core::password::strength(password, &identity);
    if !problems.is_empty() {
        score = score.min(1);
    }
    (
        [(header::CACHE_CONTROL, "no-store")],
        Json(Strength { score, problems }),
    )
        .into_response()
}

/// The help desk's contact, when the administrator gave one.
/// What a wrong answer's page adds: after how many failed requests self-service reset is
/// blocked and for how long, and the help desk's contact when there is one.
async fn wrong_answer_advice(state: &AppState, tr: &Tr) -> Vec<(&'static str, String)> {
    let mut advice = Vec::new();
    let requests = state
        .count_property("password_reset.max_failed_requests")
        .await;
    let block = state.minutes_property("password_reset.block_minutes").await;
    if let (Ok(requests), Ok(block)) = (requests, block) {
        let requests = requests.to_string();
        let wait = tr.wait(block);
        advice.push((
            "reset-block-warning",
            tr.t_with(
                "reset-block-warning",
                &[("requests", requests.as_str()), ("wait", wait.as_str())],
            ),
        ));
    }
    if let Some(contact) = help_desk_contact(state).await {
        advice.push((
            "help-desk",
            tr.t_with("help-desk-contact", &[("contact", contact.as_str())]),
        ));
    }
    advice
}

pub(super) async fn help_desk_contact(state: &AppState) -> Option<String> {
    state
        .string_property("help_desk.contact")
        .await
        .ok()
        .filter(|c| !c.trim().is_empty())
}
