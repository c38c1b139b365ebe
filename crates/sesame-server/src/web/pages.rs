//! Sign-in, sign-out and the profile.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use maud::{html, Markup};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sesame_core::Timestamp;
use sesame_store::{AuditResult, EnrollmentRecord};

use super::csrf::{self, CheckedForm, FormFields, FormRefusal, TokenOnly};
use super::layout::{page, problem_page, visitor_language, Frame};
use super::visit::{signed_in, soft_pin_offered, web_session};
use super::SESSION_COOKIE;
use crate::auth::ClientAddress;
use crate::error::status_of;
use crate::i18n::Tr;
use crate::service::signin::{sign_in, SignIn};
use crate::state::AppState;

pub async fn home(State(state): State<AppState>, jar: CookieJar) -> Response {
    match web_session(&state, &jar).await {
        Ok(Some(_)) => Redirect::to("/profile").into_response(),
        _ => Redirect::to("/signin").into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct SignInNotice {
    signed_out: Option<String>,
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: SecretString,
    csrf: String,
}

struct SignInView<'a> {
    status: StatusCode,
    message: Option<String>,
    username: &'a str,
    notice: Option<String>,
}

async fn render_signin(
    state: &AppState,
    jar: CookieJar,
    tr: &Tr,
    view: SignInView<'_>,
) -> Response {
    let product_name = state
        .string_property("web.product_name")
        .await
        .unwrap_or_else(|_| "Sesame".to_owned());
    let (jar, token) = csrf::form_token(state, jar, false);
    let frame = Frame {
        tr,
        product_name: &product_name,
        title: tr.t("signin-title"),
        nav: None,
        current_path: "/signin",
    };
    let content = html! {
        section.card aria-labelledby="signin-heading" {
            h1 #signin-heading { (tr.t("signin-title")) }
            p { (tr.t("signin-intro")) }
            @if let Some(notice) = &view.notice {
                p.notice role="status" { (notice) }
            }
            @if let Some(message) = &view.message {
                p.error #signin-error role="alert" { (message) }
            }
            form method="post" action="/signin" {
                input type="hidden" name="csrf" value=(token);
                label for="username" { (tr.t("signin-username")) }
                input #username type="text" name="username" value=(view.username) autocomplete="username"
                    autocapitalize="none" spellcheck="false" required autofocus
                    aria-describedby=[view.message.as_ref().map(|_| "signin-error")];
                label for="password" { (tr.t("signin-password")) }
                input #password type="password" name="password" autocomplete="current-password" required;
                button type="submit" { (tr.t("signin-submit")) }
            }
            p { a #forgot href="/reset" { (tr.t("signin-forgot")) } }
        }
    };
    (view.status, jar, page(frame, content)).into_response()
}

pub async fn signin_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<SignInNotice>,
) -> Response {
    if let Ok(Some(_)) = web_session(&state, &jar).await {
        return Redirect::to("/profile").into_response();
    }
    let tr = visitor_language(&headers);
    let notice = notice.signed_out.map(|_| tr.t("signin-signed-out"));
    render_signin(
        &state,
        jar,
        &tr,
        SignInView {
            status: StatusCode::OK,
            message: None,
            username: "",
            notice,
        },
    )
    .await
}

pub async fn signin_submit(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    form: Result<FormFields<SignInForm>, FormRefusal>,
) -> Response {
    let tr = visitor_language(&headers);
    let form = match form {
        Ok(FormFields(form)) => form,
        Err(FormRefusal::Malformed) => {
            let view = refusal(&tr, StatusCode::BAD_REQUEST, "signin-failed", "");
            return render_signin(&state, jar, &tr, view).await;
        }
        Err(FormRefusal::BadString) => {
            let view = refusal(
                &tr,
                StatusCode::UNPROCESSABLE_ENTITY,
                "error-control-characters",
                "",
            );
            return render_signin(&state, jar, &tr, view).await;
        }
    };
    if !csrf::verify(&state, &jar, &form.csrf) {
        let view = refusal(
            &tr,
            StatusCode::FORBIDDEN,
            "error-form-expired",
            &form.username,
        );
        return render_signin(&state, jar, &tr, view).await;
    }
    let outcome = sign_in(&state, &form.username, form.password, source.as_deref()).await;
    match outcome {
        Ok(SignIn::Success { token, .. }) => {
            let cookie = Cookie::build((SESSION_COOKIE, token.expose_secret().to_owned()))
                .http_only(true)
                .secure(state.settings().secure_cookies)
                .same_site(SameSite::Lax)
                .path("/")
                .build();
            // A new CSRF secret for the new session, so one seen before sign-in is useless.
            let (jar, _) = csrf::form_token(&state, jar.add(cookie), true);
            (jar, Redirect::to("/profile")).into_response()
        }
        Ok(SignIn::Refused) => {
            render_signin(
                &state,
                jar,
                &tr,
                refusal(
                    &tr,
                    StatusCode::UNAUTHORIZED,
                    "signin-failed",
                    &form.username,
                ),
            )
            .await
        }
        Ok(SignIn::Locked { .. }) => {
            render_signin(
                &state,
                jar,
                &tr,
                refusal(&tr, StatusCode::LOCKED, "signin-locked", &form.username),
            )
            .await
        }
        Err(error) => {
            let view = refusal(&tr, status_of(&error), "signin-busy", &form.username);
            render_signin(&state, jar, &tr, view).await
        }
    }
}

/// The sign-in page again, with a message and the name the user typed.
fn refusal<'a>(tr: &Tr, status: StatusCode, message_id: &str, username: &'a str) -> SignInView<'a> {
    SignInView {
        status,
        message: Some(tr.t(message_id)),
        username,
        notice: None,
    }
}

pub async fn signout(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let tr = visitor_language(&headers);
    match web_session(&state, &jar).await {
        Ok(Some((session, user))) => {
            if let Err(e) = state.store().revoke_session(session.id, state.now()).await {
                tracing::error!(error = %e, "the session could not be ended");
                return problem_page(&tr, StatusCode::SERVICE_UNAVAILABLE);
            }
            let actor = format!("user:{}", user.username);
            let event = state.audit(
                &actor,
                "session.end",
                Some(user.username.as_str()),
                AuditResult::Success,
                source.as_deref(),
            );
            if let Err(e) = state.store().append_audit(&event).await {
                tracing::error!(error = %e, "audit record for sign-out not written");
            }
        }
        Ok(None) => {}
        Err(e) => {
            e.log_cause();
            return problem_page(&tr, StatusCode::SERVICE_UNAVAILABLE);
        }
    }
    let jar = jar.remove(Cookie::build(SESSION_COOKIE).path("/"));
    (jar, Redirect::to("/signin?signed_out=1")).into_response()
}

#[derive(Debug, Deserialize)]
pub struct ProfileNotice {
    notice: Option<String>,
}

pub async fn profile(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<ProfileNotice>,
) -> Response {
    let state = &state;
    signed_in(state, jar, &headers, |visit| async move {
    let enrollments = state.store().list_enrollments(visit.user.id).await?;
    let soft_pin_reminder_days = if soft_pin_offered(state).await? {
        Some(state.int_property("soft_pin.reminder_days").await?)
    } else {
        None
    };
    let tr = &visit.tr;
    let user = &visit.user;
    let name = if user.display_name.is_empty() {
        user.username.as_str()
    } else {
        user.display_name.as_str()
    };
    let notice = notice.notice.as_deref().and_then(|id| match id {
        "soft-pin-saved" | "enrollment-active" | "enrollment-removed" | "password-changed" => {
            Some(tr.t(id))
        }
        _ => None,
    });
    // Every verification a user enrolls in here, with its page (Soft PIN has its own card).
    let verifications = state.store().list_verifications().await?;
    let name_of = |id: &str| {
        verifications
            .iter()
            .find(|v| v.id == id)
            .map_or_else(|| id.to_owned(), |v| super::enrollment::title(tr, v))
    };
    let enrollable: Vec<_> = verifications
        .iter()
        .filter(|v| v.active)
        .filter_map(|v| Some((super::enrollment::enroll_link(v)?, super::enrollment::title(tr, v))))
        .collect();
    let soft_pin = enrollments
        .iter()
        .find(|e| e.verification_id == crate::service::verification::soft_pin::VERIFICATION_ID);
    let phone = if state.module_enabled(crate::config::Module::VoiceAgents) {
        Some(crate::service::voice::phone_factors(state, user).await?)
    } else {
        None
    };
    let now = state.now();
    let content = html! {
        h1 { (tr.t("profile-title")) }
        p.lead { (tr.t_with("profile-greeting", &[("name", name)])) }
        @if let Some(notice) = notice {
            p.notice role="status" { (notice) }
        }
        section.card aria-labelledby="details-heading" {
            h2 #details-heading { (tr.t("profile-details")) }
            dl.details {
                (detail(tr, "field-username", Some(user.username.as_str())))
                (detail(tr, "field-display-name", Some(user.display_name.as_str()).filter(|d| !d.is_empty())))
                (detail(tr, "field-email", user.email.as_deref()))
                (detail(tr, "field-phone", user.phone.as_deref()))
                @if let Some(employee_id) = user.employee_id.as_deref() {
                    (detail(tr, "field-employee-id", Some(employee_id)))
                }
                (detail(tr, "field-language", Some(language_name(tr, &user.language).as_str())))
                @let groups = user.groups.join(", ");
                (detail(tr, "field-groups", Some(groups.as_str()).filter(|g| !g.is_empty())))
            }
            p { a href="/profile/password" { (tr.t("password-change-title")) } }
        }
        @if let Some(reminder_days) = soft_pin_reminder_days {
            (soft_pin_card(tr, soft_pin, reminder_days, now))
        }
        @if let Some(phone) = phone.as_ref().filter(|p| !p.usable.is_empty() || !p.missing.is_empty()) {
            section.card #phone aria-labelledby="phone-heading" {
                h2 #phone-heading { (tr.t("profile-phone")) }
                @if phone.usable.is_empty() {
                    p #phone-none { (tr.t("profile-phone-none")) }
                } @else {
                    p { (tr.t("profile-phone-usable")) }
                    ul #phone-usable {
                        @for v in &phone.usable {
                            li { (super::enrollment::title(tr, v)) }
                        }
                    }
                }
                @if !phone.missing.is_empty() {
                    p { (tr.t("profile-phone-missing")) }
                    ul #phone-missing {
                        @for v in &phone.missing {
                            li {
                                @match super::enrollment::enroll_link(v) {
                                    Some(link) => a href=(link) { (super::enrollment::title(tr, v)) },
                                    None => (super::enrollment::title(tr, v)),
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !enrollable.is_empty() {
            section.card #codes aria-labelledby="codes-heading" {
                h2 #codes-heading { (tr.t("profile-codes")) }
                p { (tr.t("profile-codes-intro")) }
                ul {
                    @for (link, title) in &enrollable {
                        li { a href=(link) { (title) } }
                    }
                }
            }
        }
        section.card aria-labelledby="enrollments-heading" {
            h2 #enrollments-heading { (tr.t("profile-enrollments")) }
            p { (tr.t("enrollments-intro")) }
            @if enrollments.is_empty() {
                p.empty #enrollments-empty { (tr.t("enrollments-none")) }
            } @else {
                div.table-scroll tabindex="0" { table #enrollments {
                    thead { tr {
                        th scope="col" { (tr.t("enrollments-verification")) }
                        th scope="col" { (tr.t("enrollments-state")) }
                        th scope="col" { (tr.t("enrollments-destination")) }
                        th.hide-narrow scope="col" { (tr.t("enrollments-updated")) }
                    } }
                    tbody {
                        @for e in &enrollments {
                            tr {
                                td { (name_of(&e.verification_id)) }
                                td { (tr.t(&format!("enrollment-state-{}", e.state))) }
                                td.wrap { (e.destination.as_deref().unwrap_or("")) }
                                td.hide-narrow { time datetime=(e.updated_at.to_rfc3339()) { (day(e.updated_at)) } }
                            }
                        }
                    }
                } }
            }
        }
    };
    let body = visit.page(tr.t("profile-title"), "/profile", content);
    Ok((visit.jar, [(header::CACHE_CONTROL, "no-store")], body).into_response())
    })
    .await
}

/// The date part of a time, as pages show it.
pub fn day(at: Timestamp) -> String {
    at.to_rfc3339().chars().take(10).collect()
}

/// The Soft PIN status: set or not, expiry, and a reminder in the days before it.
fn soft_pin_card(
    tr: &Tr,
    enrollment: Option<&EnrollmentRecord>,
    reminder_days: i64,
    now: Timestamp,
) -> Markup {
    // Whole days left, rounded up; 0 or less once expired.
    let days_left = enrollment.and_then(|e| e.expires_at).map(|at| {
        let left = at.as_millis() - now.as_millis();
        if left <= 0 {
            0
        } else {
            (left + 86_399_999) / 86_400_000
        }
    });
    html! {
        section.card #soft-pin aria-labelledby="soft-pin-heading" {
            h2 #soft-pin-heading { (tr.t("profile-soft-pin")) }
            @match enrollment {
                None => {
                    p { (tr.t("soft-pin-none")) }
                    a.button href="/profile/soft-pin" { (tr.t("soft-pin-title-enroll")) }
                }
                Some(pin) => {
                    p {
                        (tr.t_with("soft-pin-set-on", &[("date", &day(pin.updated_at))])) " "
                        @match pin.expires_at {
                            Some(at) => (tr.t_with("soft-pin-expires-on", &[("date", &day(at))])),
                            None => (tr.t("soft-pin-never-expires")),
                        }
                    }
                    @match days_left {
                        Some(0) => p.warning role="status" { (tr.t("soft-pin-expired")) },
                        Some(days) if days <= reminder_days => {
                            p.warning role="status" { (tr.t_with("soft-pin-expires-soon", &[("days", &days.to_string())])) }
                        },
                        _ => {},
                    }
                    a.button href="/profile/soft-pin" { (tr.t("soft-pin-title-change")) }
                }
            }
        }
    }
}

/// A language tag by the name of its primary language, in the reader's words; the tag
/// itself for a language without a name in the catalogues.
pub(super) fn language_name(tr: &Tr, tag: &str) -> String {
    let primary = tag
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    tr.t_or(&format!("language-{primary}"), tag)
}

fn detail(tr: &Tr, label_id: &str, value: Option<&str>) -> Markup {
    html! {
        dt { (tr.t(label_id)) }
        dd {
            @match value {
                Some(value) => (value),
                None => span.none { (tr.t("value-none")) },
            }
        }
    }
}
