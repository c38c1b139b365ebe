//! `/api/v1/outbox`: what Sesame has been asked to send, and what became of it. Never the
//! content of a message.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use sesame_core::token::Role;
use sesame_store::OutboxRecord;
use utoipa::{IntoParams, ToSchema};

use super::{paging, ApiQuery, PageOf};
use crate::auth::Caller;
use crate::error::ApiResult;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OutboxQuery {
    /// Only messages in this state.
    #[param(value_type = Option<super::schema::OutboxState>)]
    state: Option<String>,
    /// From 1; default 1.
    #[param(minimum = 1)]
    page: Option<i64>,
    /// From 1 to 200; default 50.
    #[param(minimum = 1, maximum = 200)]
    per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxView {
    id: i64,
    #[schema(value_type = super::schema::DeliveryChannel)]
    channel: String,
    /// The e-mail address or E.164 number.
    destination: String,
    /// The action that sent it, as the audit log names it.
    purpose: String,
    #[schema(value_type = super::schema::OutboxState)]
    state: String,
    attempts: i64,
    #[schema(format = DateTime)]
    next_attempt_at: String,
    /// The provider's reason for the last failure.
    #[schema(required = true)]
    last_error: Option<String>,
    #[schema(format = DateTime)]
    created_at: String,
    #[schema(required = true, format = DateTime)]
    sent_at: Option<String>,
}

impl From<OutboxRecord> for OutboxView {
    fn from(m: OutboxRecord) -> Self {
        Self {
            id: m.id,
            channel: m.channel.as_str().to_owned(),
            destination: m.destination,
            purpose: m.purpose,
            state: m.state.as_str().to_owned(),
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at.to_rfc3339(),
            last_error: m.last_error,
            created_at: m.created_at.to_rfc3339(),
            sent_at: m.sent_at.map(|t| t.to_rfc3339()),
        }
    }
}

/// Messages, newest first.
#[utoipa::path(get, path = "/api/v1/outbox", operation_id = "list_outbox", tag = "outbox", params(OutboxQuery),
    security(("bearer" = [])),
    responses((status = 200, body = PageOf<OutboxView>)))]
pub async fn list_outbox(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<OutboxQuery>,
) -> ApiResult<Json<PageOf<OutboxView>>> {
    caller.require(&[Role::Admin])?;
    let (page, per_page, offset) = paging(query.page, query.per_page)?;
    let found = state
        .store()
        .list_outbox(query.state.as_deref(), offset, per_page)
        .await?;
    Ok(Json(PageOf {
        items: found.items.into_iter().map(OutboxView::from).collect(),
        total: found.total,
        page,
        per_page,
    }))
}
