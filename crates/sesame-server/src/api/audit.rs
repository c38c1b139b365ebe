//! `/api/v1/audit`: the activity log, newest first.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_core::Timestamp;
use sesame_store::{AuditFilter, AuditRecord};
use utoipa::{IntoParams, ToSchema};

use super::{paging, ApiQuery, PageOf};
use crate::auth::Caller;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Who acted: `bootstrap`, `api_key:<id>:<name>`, `user:<username>`, ...
    actor: Option<String>,
    /// What the action was on, e.g. a user name.
    subject: Option<String>,
    /// An action (`user.create`) or a prefix ending in a dot (`user.`).
    action: Option<String>,
    #[param(value_type = Option<super::schema::AuditResult>)]
    result: Option<String>,
    /// RFC 3339, inclusive.
    #[param(format = DateTime)]
    since: Option<String>,
    /// RFC 3339, exclusive.
    #[param(format = DateTime)]
    until: Option<String>,
    /// From 1; default 1.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// From 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    id: i64,
    #[schema(format = DateTime)]
    at: String,
    /// Who acted: `bootstrap`, `api_key:<id>:<name>`, `user:<username>`, ...
    actor: String,
    #[schema(required = true)]
    subject: Option<String>,
    /// E.g. `user.create`.
    action: String,
    #[schema(value_type = super::schema::AuditResult)]
    result: String,
    /// The client's address, when known.
    #[schema(required = true)]
    source: Option<String>,
    /// What else the action recorded, as a JSON object; its fields depend on the action.
    #[schema(value_type = Option<std::collections::BTreeMap<String, serde_json::Value>>, required = true)]
    detail: Option<serde_json::Value>,
}

impl From<AuditRecord> for AuditView {
    fn from(record: AuditRecord) -> Self {
        Self {
            id: record.id,
            at: record.at.to_rfc3339(),
            actor: record.actor,
            subject: record.subject,
            action: record.action,
            result: record.result.as_str().to_owned(),
            source: record.source,
            detail: record.detail.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}

pub(super) fn time_filter(name: &str, value: Option<&str>) -> ApiResult<Option<Timestamp>> {
    value
        .map(|text| {
            Timestamp::parse_rfc3339(text).ok_or_else(|| {
                AppError::bad_request(
                    "request.invalid_query",
                    format!("{name} must be an RFC 3339 time such as 2026-01-31T12:00:00Z."),
                )
            })
        })
        .transpose()
}

/// The activity log, filtered and paged.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "list_audit", tag = "audit", params(AuditQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PageOf<AuditView>)))]
pub async fn list_audit(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<PageOf<AuditView>>> {
    caller.require(&[Role::Admin])?;
    let (page, per_page, offset) = paging(query.page, query.per_page)?;
    let filter = AuditFilter {
        since: time_filter("since", query.since.as_deref())?,
        until: time_filter("until", query.until.as_deref())?,
        actor: query.actor,
        subject: query.subject,
        action: query.action,
        result: query.result,
        offset,
        limit: per_page,
    };
    let found = state.store().list_audit(&filter).await?;
    Ok(Json(PageOf {
        items: found.items.into_iter().map(AuditView::from).collect(),
        total: found.total,
        page,
        per_page,
    }))
}
