//! Personal data as a verification: the person types a profile value (their user name,
//! an e-mail address on the profile, ...) and it is compared with the profile field the
//! verification names. No enrollment; an unknown identity never matches.

use sesame_core::verification::Kind;
use sesame_core::verification::{Params, ProfileField};
use sesame_store::EnrollmentState;
use sesame_store::{UserRecord, VerificationRecord};

use crate::service::verification::{
    checked, Answer, Challenge, Checked, Claimant, Expects, VerificationType,
};
use crate::service::{ServiceError, Services};

pub struct PersonalDataType;

#[async_trait::async_trait]
impl VerificationType for PersonalDataType {
    fn expects(&self) -> Expects {
        Expects::Value
    }

    async fn challenge(
        &self,
        _state: &Services,
        _verification: &VerificationRecord,
        _who: &Claimant<'_>,
        _language: &str,
    ) -> Result<Challenge, ServiceError> {
        Ok(Challenge::Prompt)
    }

    async fn check(
        &self,
        state: &Services,
        verification: &VerificationRecord,
        who: &Claimant<'_>,
        answer: Answer,
        _posed: &[i64],
    ) -> Result<Checked, ServiceError> {
        let Answer::Value(typed) = answer else {
            return Ok(Checked::Failed);
        };
        Ok(checked(
            matches(state, verification, who.user, &typed).await?,
        ))
    }
}

/// Compares typed personal data with the profile field the verification names. E-mail
/// addresses match the profile's or any enrolled one.
async fn matches(
    state: &Services,
    verification: &VerificationRecord,
    user: Option<&UserRecord>,
    typed: &str,
) -> Result<bool, ServiceError> {
    let Params::PersonalData(params) = verification.params else {
        return Err(ServiceError::internal(format!(
            "{} is not personal data",
            verification.id
        )));
    };
    let Some(user) = user else {
        return Ok(false);
    };
    let field = params.field;
    let mut candidates: Vec<Option<String>> = vec![match field {
        ProfileField::Username => Some(user.username.to_string()),
        ProfileField::Email => user.email.clone(),
        ProfileField::Phone => user.phone.clone(),
        ProfileField::DisplayName => Some(user.display_name.clone()),
    }];
    if field == ProfileField::Email {
        candidates.extend(
            state
                .store()
                .list_enrollments(user.id)
                .await?
                .into_iter()
                .filter(|e| e.kind == Kind::EmailCode && e.state == EnrollmentState::Active)
                .map(|e| e.destination),
        );
    }
    Ok(candidates.iter().any(|profile| {
        sesame_core::verification::personal_data_matches(field, typed, profile.as_deref())
    }))
}
