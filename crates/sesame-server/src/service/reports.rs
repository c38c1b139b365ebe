//! What happened over a period, for administrators: reset requests and how they ended,
//! failed verifications, blocked users, enrollments, and with the `voice_agents` module
//! the voice sessions. Shared by `/api/v1/reports/summary` and `/admin/reports`.

use sesame_core::Timestamp;
use sesame_store::{AuditFilter, AuditResult, ResetDay, ResetSummary};

use super::voice::call;
use super::{ServiceError, ServiceResult, Services};
use crate::config::Module;

/// The longest period a report covers, in days.
pub const MAX_DAYS: i64 = 366;

/// A period `[since, until)`: by default up to and including now, and 30 days before
/// `until`.
pub fn period(
    services: &Services,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
) -> ServiceResult<(Timestamp, Timestamp)> {
    let until = until.unwrap_or_else(|| services.now().plus(std::time::Duration::from_millis(1)));
    let since = since.unwrap_or_else(|| until.plus_minutes(-30 * 24 * 60));
    if since >= until {
        return Err(ServiceError::invalid(
            "report.period",
            "since must be before until.",
        ));
    }
    Ok((since, until))
}

/// The audit action of the alert about many blocked users.
pub const BLOCKED_ALERT: &str = "alert.users_blocked";

/// More users blocked from self-service reset in the last `minutes` than the alert's
/// threshold (`admin.alert_blocked_users` in `admin.alert_window_minutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockedAlert {
    pub blocked: i64,
    pub minutes: i64,
}

/// How many audit records of `action` there are since `since`.
async fn count_since(services: &Services, action: &str, since: Timestamp) -> ServiceResult<i64> {
    let filter = AuditFilter {
        action: Some(action.to_owned()),
        since: Some(since),
        limit: 1,
        ..AuditFilter::default()
    };
    Ok(services.store().list_audit(&filter).await?.total)
}

/// The alert, while more users than its threshold were blocked within its window. Users
/// are counted from the audit (`reset.blocked`, one record per block, naming the identity
/// blocked), each once however often blocked in the window.
pub async fn blocked_alert(services: &Services) -> ServiceResult<Option<BlockedAlert>> {
    let threshold = services.int_property("admin.alert_blocked_users").await?;
    let minutes = services.int_property("admin.alert_window_minutes").await?;
    let since = services.now().plus_minutes(-minutes);
    let blocked = services
        .store()
        .count_subjects("reset.blocked", since)
        .await?;
    Ok((blocked > threshold).then_some(BlockedAlert { blocked, minutes }))
}

/// After a user is blocked: records the alert in the audit, once a window, when the
/// blocks of the window have passed the threshold.
pub async fn record_blocked_alert(services: &Services) -> ServiceResult<()> {
    let Some(alert) = blocked_alert(services).await? else {
        return Ok(());
    };
    let since = services.now().plus_minutes(-alert.minutes);
    if count_since(services, BLOCKED_ALERT, since).await? > 0 {
        return Ok(());
    }
    let audit = services
        .audit("system", BLOCKED_ALERT, None, AuditResult::Success, None)
        .with_detail(
            serde_json::json!({"blocked": alert.blocked, "minutes": alert.minutes}).to_string(),
        );
    Ok(services.store().append_audit(&audit).await?)
}

pub struct Summary {
    pub resets: ResetSummary,
    /// With the `voice_agents` module: the voice sessions of the period.
    pub voice: Option<call::Report>,
}

pub async fn summary(
    services: &Services,
    since: Timestamp,
    until: Timestamp,
) -> ServiceResult<Summary> {
    let resets = services.store().reset_summary(since, until).await?;
    let voice = if services.module_enabled(Module::VoiceAgents) {
        Some(call::report(services, since, until).await?)
    } else {
        None
    };
    Ok(Summary { resets, voice })
}

/// The reset requests of each day (UTC) of the period, days without any included.
pub async fn days(
    services: &Services,
    since: Timestamp,
    until: Timestamp,
) -> ServiceResult<Vec<ResetDay>> {
    let found = services.store().reset_days(since, until).await?;
    const DAY: i64 = 24 * 60 * 60 * 1000;
    let first = since.as_millis().div_euclid(DAY);
    let last = (until.as_millis() - 1).div_euclid(DAY);
    if last - first >= MAX_DAYS {
        return Err(ServiceError::invalid(
            "report.period",
            format!("A report covers at most {MAX_DAYS} days."),
        ));
    }
    Ok((first..=last)
        .map(|day| {
            let start = Timestamp::from_millis(day * DAY);
            found
                .iter()
                .find(|d| d.day == start)
                .copied()
                .unwrap_or(ResetDay::empty(start))
        })
        .collect())
}
