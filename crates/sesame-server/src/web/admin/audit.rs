//! `/admin/audit`: the activity log, newest first, filtered by actor, subject, action,
//! result and days (UTC), a page at a time; `/admin/audit.csv` the same records as CSV.
//! The same store query as `GET /api/v1/audit`.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use serde::Deserialize;
use sesame_core::Timestamp;
use sesame_store::{AuditFilter, AuditRecord};

use super::{admin_page, field_problems, respond, short_time, FieldErrors};
use crate::error::AppError;
use crate::state::AppState;

const PER_PAGE: i64 = 50;
/// The most records one CSV export holds.
const CSV_LIMIT: i64 = 10_000;
const RESULTS: [&str; 3] = ["success", "failure", "denied"];

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    result: String,
    /// A day, `YYYY-MM-DD` (UTC), from its start.
    #[serde(default)]
    since: String,
    /// A day, `YYYY-MM-DD` (UTC), to its end.
    #[serde(default)]
    until: String,
    page: Option<i64>,
}

/// The start of a day written `YYYY-MM-DD` (UTC).
pub fn day_start(text: &str) -> Option<Timestamp> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return None;
    }
    Timestamp::parse_rfc3339(&format!("{text}T00:00:00Z"))
}

pub const DAY_MINUTES: i64 = 24 * 60;

impl AuditQuery {
    /// The store's filter, or the fields whose days cannot be read.
    fn filter(&self, tr: &crate::i18n::Tr) -> (AuditFilter, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut day = |field: &str, text: &str| -> Option<Timestamp> {
            if text.trim().is_empty() {
                return None;
            }
            let start = day_start(text);
            if start.is_none() {
                errors.add(field, tr.t("admin-date-invalid"));
            }
            start
        };
        let since = day("since", &self.since);
        let until = day("until", &self.until).map(|t| t.plus_minutes(DAY_MINUTES));
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let filter = AuditFilter {
            actor: text(&self.actor),
            subject: text(&self.subject),
            action: text(&self.action),
            result: text(&self.result).filter(|r| RESULTS.contains(&r.as_str())),
            since,
            until,
            offset: 0,
            limit: PER_PAGE,
        };
        (filter, errors)
    }

    /// The query string of the filters, for links to other pages and the export.
    fn link(&self) -> String {
        let pairs = [
            ("actor", &self.actor),
            ("subject", &self.subject),
            ("action", &self.action),
            ("result", &self.result),
            ("since", &self.since),
            ("until", &self.until),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", url_encode(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub async fn page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let tr = &visit.tr;
        let page = query.page.unwrap_or(1).max(1);
        let (mut filter, errors) = query.filter(tr);
        filter.offset = (page - 1).saturating_mul(PER_PAGE);
        let found = if errors.is_empty() {
            state.store().list_audit(&filter).await?
        } else {
            sesame_store::Page { items: Vec::new(), total: 0 }
        };
        let pages = (found.total + PER_PAGE - 1) / PER_PAGE;
        let link = query.link();
        let page_link = |n: i64| if link.is_empty() { format!("/admin/audit?page={n}") } else { format!("/admin/audit?{link}&page={n}") };
        let order = ["actor", "subject", "action", "result", "since", "until"];
        let text_input = |name: &str, label: String, value: &str| {
            html! {
                div {
                    label for=(name) { (label) }
                    input id=(name) name=(name) type="text" value=(value) autocapitalize="none" spellcheck="false";
                }
            }
        };
        let date_input = |name: &str, label: String, value: &str| {
            let invalid = !errors.at(name).is_empty();
            html! {
                div {
                    label for=(name) { (label) }
                    input id=(name) name=(name) type="date" value=(value) autofocus[errors.first_in(&order, name)]
                        aria-invalid=[invalid.then_some("true")] aria-describedby=[invalid.then(|| format!("{name}-error"))];
                    (field_problems(&errors, name))
                }
            }
        };
        let content = html! {
            h1 { (tr.t("admin-audit")) }
            section.card aria-labelledby="filter-heading" {
                h2 #filter-heading { (tr.t("admin-audit-filter")) }
                form.filters method="get" action="/admin/audit" {
                    (text_input("actor", tr.t("admin-audit-actor"), &query.actor))
                    (text_input("subject", tr.t("admin-audit-subject"), &query.subject))
                    (text_input("action", tr.t("admin-audit-action"), &query.action))
                    div {
                        label for="result" { (tr.t("admin-audit-result")) }
                        select #result name="result" {
                            option value="" { (tr.t("admin-audit-any")) }
                            @for r in RESULTS { option value=(r) selected[query.result == r] { (tr.t(&format!("admin-result-{r}"))) } }
                        }
                    }
                    (date_input("since", tr.t("admin-since"), &query.since))
                    (date_input("until", tr.t("admin-until"), &query.until))
                    div.buttons {
                        button type="submit" { (tr.t("admin-audit-apply")) }
                        a.button.secondary href={"/admin/audit.csv" @if !link.is_empty() { "?" (link) }} download { (tr.t("admin-csv")) }
                    }
                }
            }
            p.muted #audit-total { (tr.t_with("admin-audit-count", &[("count", found.total.to_string().as_str())])) }
            @if !found.items.is_empty() {
                div.table-scroll tabindex="0" {
                    table #audit {
                        thead { tr {
                            th scope="col" { (tr.t("admin-audit-at")) }
                            th scope="col" { (tr.t("admin-audit-actor")) }
                            th scope="col" { (tr.t("admin-audit-action")) }
                            th scope="col" { (tr.t("admin-audit-subject")) }
                            th scope="col" { (tr.t("admin-audit-result")) }
                            th scope="col" { (tr.t("admin-audit-detail")) }
                        } }
                        tbody {
                            @for r in &found.items {
                                tr {
                                    td.nowrap { (short_time(r.at)) }
                                    td.wrap { (r.actor) }
                                    td { code { (r.action) } }
                                    td.wrap { (r.subject.as_deref().unwrap_or("")) }
                                    td { (tr.t(&format!("admin-result-{}", r.result.as_str()))) }
                                    td.wrap.small {
                                        @if let Some(d) = &r.detail { (d) }
                                        @if let Some(s) = &r.source { @if r.detail.is_some() { br; } span.muted { (s) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if pages > 1 {
                nav.pager aria-label=(tr.t("admin-pages")) {
                    @if page > 1 { a href=(page_link(page - 1)) rel="prev" { (tr.t("admin-previous")) } }
                    span { (tr.t_with("admin-page-of", &[("page", page.to_string().as_str()), ("pages", pages.to_string().as_str())])) }
                    @if page < pages { a href=(page_link(page + 1)) rel="next" { (tr.t("admin-next")) } }
                }
            }
        };
        let title = visit.tr.t("admin-audit");
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
        respond(state, visit, "/admin/audit", title, status, content)
    })
    .await
}

/// A CSV cell: quoted, quotes doubled; a cell a spreadsheet would read as a formula gets
/// a leading apostrophe.
pub fn csv_cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn csv_line(r: &AuditRecord) -> String {
    [
        r.at.to_rfc3339(),
        r.actor.clone(),
        r.action.clone(),
        r.subject.clone().unwrap_or_default(),
        r.result.as_str().to_owned(),
        r.source.clone().unwrap_or_default(),
        r.detail.clone().unwrap_or_default(),
    ]
    .iter()
    .map(|c| csv_cell(c))
    .collect::<Vec<_>>()
    .join(",")
}

/// The filtered records as CSV, newest first, at most [`CSV_LIMIT`].
pub async fn csv(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<AuditQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let (mut filter, errors) = query.filter(&visit.tr);
        if !errors.is_empty() {
            return Err(AppError::bad_request(
                "request.invalid_query",
                "A day cannot be read.",
            ));
        }
        let mut out = String::from("at,actor,action,subject,result,source,detail\n");
        filter.limit = 500;
        loop {
            let found = state.store().list_audit(&filter).await?;
            let done = found.items.len() < 500;
            for r in &found.items {
                out.push_str(&csv_line(r));
                out.push('\n');
            }
            filter.offset += 500;
            if done || filter.offset >= CSV_LIMIT {
                break;
            }
        }
        Ok((
            StatusCode::OK,
            visit.jar,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"sesame-audit.csv\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            out,
        )
            .into_response())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_only_in_their_one_form() {
        assert_eq!(
            day_start("2026-01-02"),
            Timestamp::parse_rfc3339("2026-01-02T00:00:00Z")
        );
        for bad in [
            "2026-1-02",
            "02.01.2026",
            "2026-13-01",
            "yesterday",
            "2026-01-02T00",
        ] {
            assert_eq!(day_start(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("=1+1"), "\"'=1+1\"");
        assert_eq!(csv_cell("user:alice"), "\"user:alice\"");
    }
}
