//! What happened over a period, for administrators: reset requests and how they ended,
//! failed verifications, blocked users, enrollments, and with the `voice_agents` module
//! the voice sessions. Shared by `/api/v1/reports/summary` and `/admin/reports`.

use sesame_core::Timestamp;
use sesame_store::{ResetDay, ResetSummary};

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
                .unwrap_or(ResetDay {
                    day: start,
                    succeeded: 0,
                    failed: 0,
                    unfinished: 0,
                })
        })
        .collect())
}
