//! The page frame: header, menu, main content, footer.

use crate::i18n::Tr;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};

/// An entry of the signed-in menu: a path and the message id of its label.
#[derive(Debug, Clone, Copy)]
pub struct MenuItem {
    pub path: &'static str,
    pub label_id: &'static str,
}

/// The menu and the CSRF token for the sign-out form, shown to signed-in users.
pub struct Nav<'a> {
    pub menu: &'a [MenuItem],
    pub csrf: &'a str,
}

pub struct Frame<'a> {
    pub tr: &'a Tr,
    pub product_name: &'a str,
    pub title: String,
    pub nav: Option<Nav<'a>>,
    pub current_path: &'a str,
}

pub fn page(frame: Frame<'_>, content: Markup) -> Markup {
    let tr = frame.tr;
    html! {
        (DOCTYPE)
        html lang=(tr.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " · " (frame.product_name) }
                link rel="stylesheet" href="/static/sesame.css";
            }
            body {
                a.skip href="#main" { (tr.t("skip-to-content")) }
                header.site {
                    a.brand href="/" { (frame.product_name) }
                    @if let Some(nav) = &frame.nav {
                        nav aria-label=(tr.t("nav-label")) {
                            ul {
                                @for item in nav.menu {
                                    li {
                                        @if item.path == frame.current_path {
                                            a href=(item.path) aria-current="page" { (tr.t(item.label_id)) }
                                        } @else {
                                            a href=(item.path) { (tr.t(item.label_id)) }
                                        }
                                    }
                                }
                                li {
                                    form method="post" action="/signout" {
                                        input type="hidden" name="csrf" value=(nav.csrf);
                                        button.link type="submit" { (tr.t("nav-sign-out")) }
                                    }
                                }
                            }
                        }
                    }
                }
                main #main tabindex="-1" { (content) }
                footer.site { p { (tr.t("footer-text")) } }
            }
        }
    }
}

/// The HTML "not found" page for unknown addresses outside the API.
pub fn not_found_page(tr: &Tr) -> Response {
    let frame = Frame {
        tr,
        product_name: "Sesame",
        title: tr.t("error-not-found-title"),
        nav: None,
        current_path: "",
    };
    let content = html! {
        h1 { (tr.t("error-not-found-title")) }
        p { (tr.t("error-not-found-text")) }
    };
    (StatusCode::NOT_FOUND, page(frame, content)).into_response()
}

pub(super) fn visitor_language(headers: &HeaderMap) -> Tr {
    Tr::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// A page that only states a problem, for failures outside a form.
pub(super) fn problem_page(tr: &Tr, status: StatusCode) -> Response {
    let frame = Frame {
        tr,
        product_name: "Sesame",
        title: tr.t("error-title"),
        nav: None,
        current_path: "",
    };
    let content = html! {
        h1 { (tr.t("error-title")) }
        p { (tr.t("error-text")) }
    };
    (status, page(frame, content)).into_response()
}

/// The page for a visitor over a per-address limit, saying when to try again.
pub fn rate_limited_page(headers: &HeaderMap, seconds: u64) -> Response {
    let tr = visitor_language(headers);
    let frame = Frame {
        tr: &tr,
        product_name: "Sesame",
        title: tr.t("error-rate-limited-title"),
        nav: None,
        current_path: "",
    };
    let content = html! {
        h1 { (tr.t("error-rate-limited-title")) }
        p role="alert" { (tr.t_with("error-rate-limited-text", &[("seconds", &seconds.to_string())])) }
    };
    (StatusCode::TOO_MANY_REQUESTS, page(frame, content)).into_response()
}

/// The page for a request with control characters in it (422).
pub fn control_characters_page(headers: &HeaderMap) -> Response {
    let tr = visitor_language(headers);
    let frame = Frame {
        tr: &tr,
        product_name: "Sesame",
        title: tr.t("error-title"),
        nav: None,
        current_path: "",
    };
    let content = html! {
        h1 { (tr.t("error-title")) }
        p role="alert" { (tr.t("error-control-characters")) }
    };
    (StatusCode::UNPROCESSABLE_ENTITY, page(frame, content)).into_response()
}
