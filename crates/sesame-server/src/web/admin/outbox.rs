//! `/admin/outbox`: what Sesame was asked to send and what became of it (state, tries,
//! the provider's last answer), newest first, never the content. The same store query
//! as `GET /api/v1/outbox`.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use serde::Deserialize;

use super::{admin_page, respond, short_time};
use crate::state::AppState;

const PER_PAGE: i64 = 50;
const STATES: [&str; 3] = ["queued", "sent", "failed"];

#[derive(Debug, Default, Deserialize)]
pub struct OutboxQuery {
    #[serde(default)]
    state: String,
    page: Option<i64>,
}

pub async fn page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<OutboxQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let tr = &visit.tr;
        let wanted = STATES.iter().find(|s| **s == query.state).copied();
        let page = query.page.unwrap_or(1).max(1);
        let found = state
            .store()
            .list_outbox(wanted, (page - 1).saturating_mul(PER_PAGE), PER_PAGE)
            .await?;
        let pages = (found.total + PER_PAGE - 1) / PER_PAGE;
        let link = |n: i64| match wanted {
            Some(s) => format!("/admin/outbox?state={s}&page={n}"),
            None => format!("/admin/outbox?page={n}"),
        };
        let content = html! {
            h1 { (tr.t("admin-outbox")) }
            p.lead { (tr.t("admin-outbox-intro")) }
            form.filters method="get" action="/admin/outbox" {
                div {
                    label for="state" { (tr.t("admin-outbox-state")) }
                    select #state name="state" {
                        option value="" { (tr.t("admin-audit-any")) }
                        @for s in STATES { option value=(s) selected[wanted == Some(s)] { (tr.t(&format!("admin-outbox-{s}"))) } }
                    }
                }
                div.buttons { button type="submit" { (tr.t("admin-audit-apply")) } }
            }
            p.muted #outbox-total { (tr.t_with("admin-outbox-count", &[("count", found.total.to_string().as_str())])) }
            @if !found.items.is_empty() {
                div.table-scroll tabindex="0" {
                    table #outbox {
                        thead { tr {
                            th scope="col" { (tr.t("admin-created")) }
                            th scope="col" { (tr.t("admin-outbox-to")) }
                            th scope="col" { (tr.t("admin-outbox-state")) }
                            th scope="col" { (tr.t("admin-outbox-tries")) }
                            th scope="col" { (tr.t("admin-outbox-answer")) }
                        } }
                        tbody {
                            @for m in &found.items {
                                tr {
                                    td.nowrap { (short_time(m.created_at)) }
                                    td.wrap { (m.destination) br; span.muted { (m.channel.as_str()) " · " code { (m.purpose) } } }
                                    td { (tr.t(&format!("admin-outbox-{}", m.state.as_str()))) }
                                    td { (m.attempts) }
                                    td.wrap.small { (m.last_error.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(tr.t("admin-pages")) {
                    @if page > 1 { a href=(link(page - 1)) rel="prev" { (tr.t("admin-previous")) } }
                    span { (tr.t_with("admin-page-of", &[("page", page.to_string().as_str()), ("pages", pages.to_string().as_str())])) }
                    @if page < pages { a href=(link(page + 1)) rel="next" { (tr.t("admin-next")) } }
                }
            }
        };
        let title = visit.tr.t("admin-outbox");
        respond(state, visit, "/admin/outbox", title, StatusCode::OK, content)
    })
    .await
}
