//! `/admin/reports`: charts drawn here as inline SVG (no script): reset requests per day by
//! how they ended, failed verifications by verification, active enrollments by
//! verification, and with the `voice_agents` module voice sessions by outcome; each chart
//! has its numbers in a table beside it. `/admin/reports.csv` gives the same numbers.
//! The figures come from `service::reports`, as `GET /api/v1/reports/summary`'s do.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;
use sesame_core::Timestamp;
use sesame_store::{ResetDay, VerificationRecord};

use super::audit::{csv_cell, day_start, DAY_MINUTES};
use super::{admin_page, field_problems, respond, FieldErrors};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::reports::{self, Summary};
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct ReportQuery {
    /// The first day, `YYYY-MM-DD` (UTC).
    #[serde(default)]
    since: String,
    /// The last day, `YYYY-MM-DD` (UTC), included.
    #[serde(default)]
    until: String,
}

/// The colours of the series, and of the bars of single series.
const SUCCEEDED: &str = "#1f7a4d";
const FAILED: &str = "#b42318";
const UNFINISHED: &str = "#8c96a8";
const BAR: &str = "#2f5bd3";
const BLOCKED: &str = "#8a4b00";

/// Text for inside an SVG element written by hand.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn day_text(at: Timestamp) -> String {
    at.to_rfc3339().chars().take(10).collect()
}

/// What the page shows: the period (first and last day) and its figures.
struct Report {
    since: Timestamp,
    until: Timestamp,
    days: Vec<ResetDay>,
    summary: Summary,
}

/// The period the query names: by default the 30 days up to today. Problems are at the
/// field they belong to.
fn period(
    state: &AppState,
    tr: &Tr,
    query: &ReportQuery,
) -> Result<(Timestamp, Timestamp), FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut day = |field: &str, text: &str| {
        if text.trim().is_empty() {
            return None;
        }
        let start = day_start(text);
        if start.is_none() {
            errors.add(field, tr.t("admin-date-invalid"));
        }
        start
    };
    let since = day("since", &query.since);
    let until = day("until", &query.until);
    if !errors.is_empty() {
        return Err(errors);
    }
    let today = day_start(&day_text(state.now())).unwrap_or_else(|| state.now());
    let until = until.unwrap_or(today).plus_minutes(DAY_MINUTES);
    let since = since.unwrap_or_else(|| until.plus_minutes(-30 * DAY_MINUTES));
    if since >= until {
        errors.add("since", tr.t("admin-report-order"));
        return Err(errors);
    }
    if until.plus_minutes(-reports::MAX_DAYS * DAY_MINUTES) > since {
        errors.add(
            "since",
            tr.t_with(
                "admin-report-too-long",
                &[("days", reports::MAX_DAYS.to_string().as_str())],
            ),
        );
        return Err(errors);
    }
    Ok((since, until))
}

async fn report(state: &AppState, since: Timestamp, until: Timestamp) -> Result<Report, AppError> {
    let (since, until) = reports::period(state, Some(since), Some(until))?;
    Ok(Report {
        since,
        until,
        days: reports::days(state, since, until).await?,
        summary: reports::summary(state, since, until).await?,
    })
}

/// A round number at or above `max`, for the top of an axis.
fn axis_top(max: i64) -> i64 {
    let max = max.max(1);
    let mut step = 1;
    while step * 10 < max {
        step *= 10;
    }
    for factor in [1, 2, 5, 10] {
        if step * factor >= max {
            return step * factor;
        }
    }
    max
}

/// One series of a chart of days: its count on a day, its colour and its name.
struct Series {
    count: fn(&ResetDay) -> i64,
    colour: &'static str,
    /// The class of its swatch in the legend.
    class: &'static str,
    name: String,
}

/// Reset requests per day, stacked by how they ended.
fn resets_chart(tr: &Tr, days: &[ResetDay]) -> Markup {
    let series = [
        Series {
            count: |d| d.succeeded,
            colour: SUCCEEDED,
            class: "succeeded",
            name: tr.t("admin-report-succeeded"),
        },
        Series {
            count: |d| d.failed,
            colour: FAILED,
            class: "failed",
            name: tr.t("admin-report-failed"),
        },
        Series {
            count: |d| d.unfinished,
            colour: UNFINISHED,
            class: "unfinished",
            name: tr.t("admin-report-unfinished"),
        },
    ];
    let total: i64 = days
        .iter()
        .map(|d| d.succeeded + d.failed + d.unfinished)
        .sum();
    let desc = tr.t_with(
        "admin-report-resets-desc",
        &[("count", total.to_string().as_str())],
    );
    days_chart(
        tr,
        "chart-resets",
        &tr.t("admin-report-resets"),
        &desc,
        days,
        &series,
    )
}

/// Users blocked from self-service reset per day.
fn blocked_chart(tr: &Tr, days: &[ResetDay]) -> Markup {
    let series = [Series {
        count: |d| d.blocked,
        colour: BLOCKED,
        class: "blocked",
        name: tr.t("admin-report-blocked"),
    }];
    let total: i64 = days.iter().map(|d| d.blocked).sum();
    let desc = tr.t_with(
        "admin-report-blocked-desc",
        &[("count", total.to_string().as_str())],
    );
    days_chart(
        tr,
        "chart-blocked",
        &tr.t("admin-report-blocked-title"),
        &desc,
        days,
        &series,
    )
}

/// A bar per day, its series stacked, with a table of the numbers beside it.
fn days_chart(
    tr: &Tr,
    id: &str,
    title: &str,
    desc: &str,
    days: &[ResetDay],
    series: &[Series],
) -> Markup {
    let (width, height) = (720.0_f64, 260.0_f64);
    let (left, right, top, bottom) = (44.0, 10.0, 12.0, 28.0);
    let plot_w = width - left - right;
    let plot_h = height - top - bottom;
    let sum = |d: &ResetDay| series.iter().map(|s| (s.count)(d)).sum::<i64>();
    let max = days.iter().map(sum).max().unwrap_or(0);
    let top_value = axis_top(max);
    let slot = plot_w / days.len().max(1) as f64;
    let bar = (slot * 0.7).max(1.0);
    let y_of = |v: i64| top + plot_h - plot_h * v as f64 / top_value as f64;
    let label_every = (days.len() / 6).max(1);
    let mut svg = String::new();
    // Grid lines and the values they stand for.
    // Top values are 1, 2 or 5 times a power of ten: steps of a fifth are whole numbers.
    let steps = top_value.min(5);
    for i in 0..=steps {
        let value = top_value * i / steps;
        let y = y_of(value);
        svg.push_str(&format!(
            r##"<line x1="{left}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#d9deea" stroke-width="1"/><text x="{tx}" y="{ty:.1}" text-anchor="end" font-size="11" fill="#566176">{value}</text>"##,
            x2 = width - right,
            tx = left - 6.0,
            ty = y + 4.0,
        ));
    }
    for (i, d) in days.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let mut base = 0;
        for s in series {
            let count = (s.count)(d);
            if count == 0 {
                continue;
            }
            let y1 = y_of(base + count);
            let y0 = y_of(base);
            svg.push_str(&format!(
                r#"<rect x="{x:.1}" y="{y1:.1}" width="{bar:.1}" height="{h:.1}" fill="{colour}"><title>{day}: {name} {count}</title></rect>"#,
                h = (y0 - y1).max(0.5),
                colour = s.colour,
                day = day_text(d.day),
                name = escape(&s.name),
            ));
            base += count;
        }
        if i % label_every == 0 {
            svg.push_str(&format!(
                r##"<text x="{tx:.1}" y="{ty}" text-anchor="middle" font-size="11" fill="#566176">{label}</text>"##,
                tx = left + slot * i as f64 + slot / 2.0,
                ty = height - 8.0,
                label = &day_text(d.day)[5..],
            ));
        }
    }
    svg.push_str(&format!(
        r##"<line x1="{left}" y1="{y}" x2="{x2}" y2="{y}" stroke="#566176" stroke-width="1"/>"##,
        y = top + plot_h,
        x2 = width - right,
    ));
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        figure.chart.days id=(id) tabindex="0" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (width) " " (height)} role="img"
                aria-labelledby={(title_id) " " (desc_id)} preserveAspectRatio="xMidYMid meet" {
                title id=(title_id) { (title) }
                desc id=(desc_id) { (desc) }
                (PreEscaped(svg))
            }
            figcaption {
                ul.legend {
                    @for s in series { li { span class={"swatch " (s.class)} {} (s.name) } }
                }
            }
        }
        details.numbers {
            summary { (tr.t("admin-report-numbers")) }
            div.table-scroll tabindex="0" {
                table id={(id) "-numbers"} {
                    thead { tr {
                        th scope="col" { (tr.t("admin-report-day")) }
                        @for s in series { th scope="col" { (s.name) } }
                    } }
                    tbody { @for d in days.iter().filter(|d| sum(d) > 0) { tr {
                        td { (day_text(d.day)) }
                        @for s in series { td { ((s.count)(d)) } }
                    } } }
                }
            }
        }
    }
}

/// A horizontal bar for each `(label, count)`, longest scale first.
fn bars_chart(tr: &Tr, id: &str, title: &str, rows: &[(String, i64)], empty_id: &str) -> Markup {
    if rows.is_empty() {
        return html! { p.empty id={(id) "-empty"} { (tr.t(empty_id)) } };
    }
    let row_h = 28.0_f64;
    let (width, label_w, value_w) = (720.0_f64, 250.0_f64, 60.0_f64);
    let height = row_h * rows.len() as f64 + 8.0;
    let max = rows.iter().map(|(_, c)| *c).max().unwrap_or(1).max(1);
    let plot_w = width - label_w - value_w;
    let mut svg = String::new();
    for (i, (label, count)) in rows.iter().enumerate() {
        let y = 4.0 + row_h * i as f64;
        let w = (plot_w * *count as f64 / max as f64).max(if *count > 0 { 2.0 } else { 0.0 });
        let label: String = if label.chars().count() > 28 {
            label.chars().take(27).chain(['…']).collect()
        } else {
            label.clone()
        };
        svg.push_str(&format!(
            r##"<text x="{lx}" y="{ty:.1}" text-anchor="end" font-size="13" fill="#1d2330">{label}</text><rect x="{label_w}" y="{ry:.1}" width="{w:.1}" height="{h:.1}" fill="{BAR}" rx="2"/><text x="{vx:.1}" y="{ty:.1}" font-size="13" fill="#1d2330">{count}</text>"##,
            lx = label_w - 8.0,
            ty = y + row_h / 2.0 + 4.0,
            ry = y + 4.0,
            h = row_h - 8.0,
            vx = label_w + w + 6.0,
            label = escape(&label),
        ));
    }
    html! {
        figure.chart id=(id) tabindex="0" {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={"0 0 " (width) " " (height)} role="img" aria-label=(title) preserveAspectRatio="xMidYMid meet" {
                title { (title) }
                (PreEscaped(svg))
            }
        }
        details.numbers {
            summary { (tr.t("admin-report-numbers")) }
            table {
                tbody { @for (label, count) in rows { tr { th scope="row" { (label) } td { (count) } } } }
            }
        }
    }
}

fn verification_name(tr: &Tr, verifications: &[VerificationRecord], id: &str) -> String {
    verifications
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| crate::web::enrollment::title(tr, v))
}

/// Voice sessions by outcome, over every service.
fn voice_outcomes(summary: &Summary) -> Option<Vec<(&'static str, i64)>> {
    let report = summary.voice.as_ref()?;
    let mut by_outcome: BTreeMap<&'static str, i64> = BTreeMap::new();
    for (_, outcome, count) in &report.sessions {
        *by_outcome.entry(outcome).or_insert(0) += count;
    }
    Some(by_outcome.into_iter().collect())
}

pub async fn page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let tr = &visit.tr;
        let (shown, errors) = match period(state, tr, &query) {
            Ok((since, until)) => (Some(report(state, since, until).await?), FieldErrors::default()),
            Err(errors) => (None, errors),
        };
        let verifications = state.store().list_verifications().await?;
        let order = ["since", "until"];
        let (since_text, until_text) = match &shown {
            Some(r) => (day_text(r.since), day_text(r.until.plus_minutes(-DAY_MINUTES))),
            None => (query.since.clone(), query.until.clone()),
        };
        let date = |name: &str, label: String, value: &str| {
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
        let csv_link = format!("/admin/reports.csv?since={since_text}&until={until_text}");
        let content = html! {
            h1 { (tr.t("admin-reports")) }
            section.card aria-labelledby="period-heading" {
                h2 #period-heading { (tr.t("admin-report-period")) }
                form.filters method="get" action="/admin/reports" {
                    (date("since", tr.t("admin-since"), &since_text))
                    (date("until", tr.t("admin-until"), &until_text))
                    div.buttons {
                        button type="submit" { (tr.t("admin-report-show")) }
                        @if shown.is_some() { a.button.secondary href=(csv_link) download { (tr.t("admin-csv")) } }
                    }
                }
            }
            @if let Some(r) = &shown {
                @let s = &r.summary.resets;
                section.card aria-labelledby="resets-heading" {
                    h2 #resets-heading { (tr.t("admin-report-resets")) }
                    p #resets-totals { (tr.t_with("admin-report-totals", &[
                        ("started", s.started.to_string().as_str()),
                        ("succeeded", s.succeeded.to_string().as_str()),
                        ("failed", s.failed.to_string().as_str()),
                        ("blocked", s.users_blocked.to_string().as_str()),
                    ])) }
                    (resets_chart(tr, &r.days))
                }
                section.card aria-labelledby="blocked-heading" {
                    h2 #blocked-heading { (tr.t("admin-report-blocked-title")) }
                    (blocked_chart(tr, &r.days))
                }
                section.card aria-labelledby="failures-heading" {
                    h2 #failures-heading { (tr.t("admin-report-failures")) }
                    @let rows: Vec<(String, i64)> = s.failed_verifications.iter().map(|(id, n)| (verification_name(tr, &verifications, id), *n)).collect();
                    (bars_chart(tr, "chart-failures", &tr.t("admin-report-failures"), &rows, "admin-report-nothing"))
                }
                section.card aria-labelledby="enrollments-heading" {
                    h2 #enrollments-heading { (tr.t("admin-report-enrollments")) }
                    p.muted { (tr.t("admin-report-enrollments-now")) }
                    @let rows: Vec<(String, i64)> = s.enrollments_by_verification.iter().map(|(id, n)| (verification_name(tr, &verifications, id), *n)).collect();
                    (bars_chart(tr, "chart-enrollments", &tr.t("admin-report-enrollments"), &rows, "admin-report-no-enrollments"))
                }
                @if let Some(outcomes) = voice_outcomes(&r.summary) {
                    section.card aria-labelledby="voice-heading" {
                        h2 #voice-heading { (tr.t("admin-report-voice")) }
                        @let rows: Vec<(String, i64)> = outcomes.iter().map(|(o, n)| (tr.t(&format!("admin-voice-outcome-{}", o.replace('_', "-"))), *n)).collect();
                        (bars_chart(tr, "chart-voice", &tr.t("admin-report-voice"), &rows, "admin-report-nothing"))
                    }
                }
            }
        };
        let title = visit.tr.t("admin-reports");
        let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::BAD_REQUEST };
        respond(state, visit, "/admin/reports", title, status, content)
    })
    .await
}

/// The report's numbers as CSV, one row per figure: `chart,label,series,count`.
pub async fn csv(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(query): Query<ReportQuery>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let (since, until) = period(state, &visit.tr, &query).map_err(|_| {
            AppError::bad_request("request.invalid_query", "The period cannot be read.")
        })?;
        let r = report(state, since, until).await?;
        let mut out = String::from("chart,label,series,count\n");
        let mut line = |chart: &str, label: &str, series: &str, count: i64| {
            out.push_str(&format!("{chart},{},{series},{count}\n", csv_cell(label)));
        };
        for d in &r.days {
            let day = day_text(d.day);
            line("resets_per_day", &day, "succeeded", d.succeeded);
            line("resets_per_day", &day, "failed", d.failed);
            line("resets_per_day", &day, "unfinished", d.unfinished);
            line("blocked_per_day", &day, "users", d.blocked);
        }
        for (id, n) in &r.summary.resets.failed_verifications {
            line("failed_verifications", id, "failures", *n);
        }
        for (id, n) in &r.summary.resets.enrollments_by_verification {
            line("enrollments", id, "active", *n);
        }
        line("blocked_users", "", "users", r.summary.resets.users_blocked);
        if let Some(outcomes) = voice_outcomes(&r.summary) {
            for (outcome, n) in outcomes {
                line("voice_sessions", outcome, "sessions", n);
            }
        }
        let file = format!(
            "attachment; filename=\"sesame-report-{}-{}.csv\"",
            day_text(r.since),
            day_text(r.until.plus_minutes(-DAY_MINUTES))
        );
        Ok((
            StatusCode::OK,
            visit.jar,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (header::CONTENT_DISPOSITION, file),
                (header::CACHE_CONTROL, "no-store".to_owned()),
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
    fn axes_end_on_round_numbers() {
        for (max, top) in [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (11, 20),
            (45, 50),
            (51, 100),
            (999, 1000),
        ] {
            assert_eq!(axis_top(max), top, "{max}");
        }
    }
}
