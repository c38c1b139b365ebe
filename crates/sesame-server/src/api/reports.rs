//! `/api/v1/reports`: what happened over a period, for administrators.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use utoipa::{IntoParams, ToSchema};

use super::audit::time_filter;
use super::ApiQuery;
use crate::auth::Caller;
use crate::error::{ApiResult, AppError, ErrorBody};
use crate::service::reports;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct Period {
    /// RFC 3339, inclusive; default: 30 days before `until`.
    #[param(format = DateTime)]
    since: Option<String>,
    /// RFC 3339, exclusive; default: now (included).
    #[param(format = DateTime)]
    until: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Requests {
    started: i64,
    succeeded: i64,
    failed: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Count {
    /// A verification id or type.
    key: String,
    count: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    #[schema(format = DateTime)]
    since: String,
    #[schema(format = DateTime)]
    until: String,
    /// Reset requests started in the period and how they ended.
    requests: Requests,
    /// Failed answers in reset requests, by verification.
    failed_verifications: Vec<Count>,
    /// Users blocked from self-service reset in the period.
    users_blocked: i64,
    /// Active enrollments now, by verification type.
    enrollments_by_type: Vec<Count>,
    /// With the `voice_agents` module: caller verification sessions opened in the period.
    #[serde(skip_serializing_if = "Option::is_none")]
    voice: Option<VoiceSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoiceSummary {
    /// Sessions by service and outcome (`authenticated`, `failed`, `unidentified`,
    /// `abandoned` when they expired before either, `in_progress`).
    sessions: Vec<VoiceSessionCount>,
    /// Failed answers in those sessions, by factor (verification id).
    failures_by_factor: Vec<Count>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VoiceSessionCount {
    service: String,
    outcome: &'static str,
    count: i64,
}

fn counts(pairs: Vec<(String, i64)>) -> Vec<Count> {
    pairs
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect()
}

/// Reset requests, failed verifications, blocked users and enrollments; with the
/// `voice_agents` module, voice sessions by service and outcome and their failures by factor.
#[utoipa::path(get, path = "/api/v1/reports/summary", operation_id = "get_report_summary", tag = "reports", params(Period),
    security(("bearer" = [])),
    responses((status = 200, body = Summary), (status = 400, body = ErrorBody)))]
pub async fn summary(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(period): ApiQuery<Period>,
) -> ApiResult<Json<Summary>> {
    caller.require(&[Role::Admin])?;
    let (since, until) = reports::period(
        &state,
        time_filter("since", period.since.as_deref())?,
        time_filter("until", period.until.as_deref())?,
    )
    .map_err(|e| AppError::bad_request("request.invalid_query", e.message()))?;
    let reports::Summary {
        resets: summary,
        voice,
    } = reports::summary(&state, since, until).await?;
    let voice = voice.map(|report| VoiceSummary {
        sessions: report
            .sessions
            .into_iter()
            .map(|(service, outcome, count)| VoiceSessionCount {
                service,
                outcome,
                count,
            })
            .collect(),
        failures_by_factor: counts(report.failures),
    });
    Ok(Json(Summary {
        since: since.to_rfc3339(),
        until: until.to_rfc3339(),
        requests: Requests {
            started: summary.started,
            succeeded: summary.succeeded,
            failed: summary.failed,
        },
        failed_verifications: counts(summary.failed_verifications),
        users_blocked: summary.users_blocked,
        enrollments_by_type: counts(summary.enrollments_by_type),
        voice,
    }))
}
