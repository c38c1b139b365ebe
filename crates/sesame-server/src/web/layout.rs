//! The page frame: header, menu, main content, footer.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use sesame_store::UserRecord;

use crate::i18n::Tr;

/// The menu a signed-in user sees: `(path, message id)`. Later pages add entries here.
fn menu() -> Vec<(&'static str, &'static str)> {
    vec![("/profile", "nav-profile")]
}

pub struct Frame<'a> {
    pub tr: &'a Tr,
    pub product_name: &'a str,
    pub title: String,
    /// The signed-in user and the CSRF token for the sign-out form.
    pub signed_in: Option<(&'a UserRecord, &'a str)>,
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
                    @if let Some((_, csrf)) = frame.signed_in {
                        nav aria-label=(tr.t("nav-label")) {
                            ul {
                                @for (path, label) in menu() {
                                    li {
                                        @if path == frame.current_path {
                                            a href=(path) aria-current="page" { (tr.t(label)) }
                                        } @else {
                                            a href=(path) { (tr.t(label)) }
                                        }
                                    }
                                }
                                li {
                                    form method="post" action="/signout" {
                                        input type="hidden" name="csrf" value=(csrf);
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
        signed_in: None,
        current_path: "",
    };
    let content = html! {
        h1 { (tr.t("error-not-found-title")) }
        p { (tr.t("error-not-found-text")) }
    };
    (StatusCode::NOT_FOUND, page(frame, content)).into_response()
}
