//! Messages through the outbox: sealing their content, and notices to users by e-mail
//! (changes to their account).

use sesame_core::verification::Kind;
use sesame_core::Channel;
use sesame_delivery::{Content, SEAL_CONTEXT};
use sesame_store::EnrollmentState;
use sesame_store::{NewMessage, UserRecord};

use crate::i18n::Tr;
use crate::service::{ServiceError, Services};

/// Where a user's notices go: an enrolled e-mail address, else the profile's.
async fn notice_address(
    state: &Services,
    user: &UserRecord,
) -> Result<Option<String>, ServiceError> {
    let enrolled = state
        .store()
        .list_enrollments(user.id)
        .await?
        .into_iter()
        .find(|e| e.kind == Kind::EmailCode && e.state == EnrollmentState::Active)
        .and_then(|e| e.destination);
    Ok(enrolled.or_else(|| user.email.clone()))
}

/// Queues an e-mail notice in the user's language, from the catalogue messages
/// `{message}-subject` and `{message}-body`. Without an address or e-mail delivery there is
/// nobody to tell, and nothing is queued.
pub async fn notify_user(
    state: &Services,
    user: &UserRecord,
    message: &str,
) -> Result<bool, ServiceError> {
    if !state.transports().can_deliver(Channel::Email) {
        return Ok(false);
    }
    let Some(address) = notice_address(state, user).await? else {
        return Ok(false);
    };
    let tr = Tr::for_tag(&user.language);
    let product = state.string_property("web.product_name").await?;
    let now = state.now();
    let args = [("product", product.as_str()), ("date", &now.to_rfc3339())];
    let content = Content {
        subject: tr.t_with(&format!("{message}-subject"), &args),
        body: tr.t_with(&format!("{message}-body"), &args),
    };
    let queued = NewMessage {
        channel: Channel::Email,
        destination: address,
        sealed: seal_content(state, &content)?,
        purpose: message.to_owned(),
    };
    state.store().queue_message(&queued, now).await?;
    state.outbox_wake().notify_one();
    Ok(true)
}

/// Seals a message's content for the outbox (opened by the delivery worker).
pub fn seal_content(state: &Services, content: &Content) -> Result<Vec<u8>, ServiceError> {
    let plain = serde_json::to_vec(content).map_err(ServiceError::internal)?;
    Ok(state.seal(&plain, SEAL_CONTEXT))
}
