//! A signed-in page visit: the session's user, their language, the menu and the CSRF
//! token every form on the page carries.

use std::future::Future;

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::Markup;
use secrecy::SecretString;
use sesame_store::{SessionRecord, UserRecord};

use super::csrf;
use super::layout::not_found_page;
use super::layout::{page, Frame, MenuItem, Nav};
use super::layout::{problem_page, visitor_language};
use super::SESSION_COOKIE;
use crate::auth::live_session;
use crate::config::Module;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::verification::soft_pin;
use crate::service::ServiceError;
use crate::state::AppState;

/// The browser's live session and user, if its cookie holds one.
pub async fn web_session(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<(SessionRecord, UserRecord)>, AppError> {
    let Some(cookie) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let token = SecretString::from(cookie.value().to_owned());
    live_session(state, &state.token_digest(&token)).await
}

/// The menu of signed-in pages. Entries appear only where their feature is on.
pub async fn menu(state: &AppState) -> Result<Vec<MenuItem>, AppError> {
    let mut items = vec![MenuItem {
        path: "/profile",
        label_id: "nav-profile",
    }];
    if soft_pin_offered(state).await? {
        items.push(MenuItem {
            path: "/profile/soft-pin",
            label_id: "nav-soft-pin",
        });
    }
    Ok(items)
}

/// Whether Soft PIN enrollment is shown: module on and enrollment enabled.
pub async fn soft_pin_offered(state: &AppState) -> Result<bool, AppError> {
    Ok(state.module_enabled(Module::VoiceAgents) && soft_pin::enrollment_enabled(state).await?)
}

pub struct Visit {
    pub user: UserRecord,
    /// When this browser signed in.
    pub signed_in_at: sesame_core::Timestamp,
    pub tr: Tr,
    pub csrf: String,
    pub jar: CookieJar,
    product_name: String,
    menu: Vec<MenuItem>,
}

/// Runs a page for a signed-in user: a browser without a live session is sent to sign in,
/// an unknown thing answers the "not found" page, and any other failure the problem page,
/// in the visitor's language.
pub async fn signed_in<F, Fut>(
    state: &AppState,
    jar: CookieJar,
    headers: &HeaderMap,
    page: F,
) -> Response
where
    F: FnOnce(Visit) -> Fut,
    Fut: Future<Output = Result<Response, AppError>>,
{
    let result = match Visit::begin(state, jar).await {
        Ok(Some(visit)) => page(visit).await,
        Ok(None) => return Redirect::to("/signin").into_response(),
        Err(e) => Err(e),
    };
    result.unwrap_or_else(|e| {
        e.log_cause();
        let tr = visitor_language(headers);
        if e.status == StatusCode::NOT_FOUND {
            not_found_page(&tr)
        } else {
            problem_page(&tr, StatusCode::SERVICE_UNAVAILABLE)
        }
    })
}

impl Visit {
    /// A refusal in the reader's words: the catalogue's `error-<code>` message where it has
    /// one, else the error's own message.
    pub fn problem_text(&self, code: &str, message: &str) -> String {
        self.tr
            .t_or(&format!("error-{}", code.replace('.', "-")), message)
    }

    /// A refusal of the services in the visitor's language, with how long to wait.
    pub fn problem(&self, error: &ServiceError) -> String {
        self.tr.refusal(error)
    }

    /// The visit of a signed-in browser, or `None` when it must sign in.
    pub async fn begin(state: &AppState, jar: CookieJar) -> Result<Option<Self>, AppError> {
        let Some((session, user)) = web_session(state, &jar).await? else {
            return Ok(None);
        };
        let (jar, csrf) = csrf::form_token(state, jar, false);
        let mut menu = menu(state).await?;
        if crate::auth::is_desk_agent(state, &user).await? {
            menu.push(MenuItem {
                path: "/desk",
                label_id: "nav-desk",
            });
        }
        if crate::auth::is_administrator(state, &user).await? {
            menu.push(MenuItem {
                path: "/admin",
                label_id: "nav-admin",
            });
        }
        Ok(Some(Self {
            signed_in_at: session.created_at,
            tr: Tr::for_tag(&user.language),
            user,
            csrf,
            jar,
            product_name: state.string_property("web.product_name").await?,
            menu,
        }))
    }

    pub fn page(&self, title: String, current_path: &str, content: Markup) -> Markup {
        let frame = Frame {
            tr: &self.tr,
            product_name: &self.product_name,
            title,
            nav: Some(Nav {
                menu: &self.menu,
                csrf: &self.csrf,
            }),
            current_path,
        };
        page(frame, content)
    }
}
