//! `/admin/voice` (module `voice_agents`): voice services, each with the factor rules it
//! breaks under today's settings; creating, changing and removing one through
//! `service::voice` like `/api/v1/voice/services`, each refusal of the factor table shown
//! at the field at fault.

use std::collections::{BTreeMap, HashMap};

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::voice::{is_numeric, IdentificationField, InputChoice, ServiceDefinition};
use sesame_core::Violation;
use sesame_store::VerificationRecord;

use super::{
    actor, actor_name, admin_page, field_problems, form_problems, input_field, notice_markup,
    respond, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::voice::{self, Service};
use crate::service::ServiceError;
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected, TokenOnly};
use crate::web::visit::Visit;

const FIELDS: [&str; 7] = [
    "id",
    "name",
    "identification",
    "first",
    "second",
    "step_up",
    "default_region",
];

const IDENTIFICATION: [IdentificationField; 4] = [
    IdentificationField::Phone,
    IdentificationField::EmployeeId,
    IdentificationField::Email,
    IdentificationField::Username,
];

/// The factor slots: their form field, and the field of their input type.
const SLOTS: [(&str, &str); 3] = [
    ("first", "input-first"),
    ("second", "input-second"),
    ("step_up", "input-step_up"),
];

/// The field a broken rule of a voice service belongs to.
fn voice_field(code: &str) -> &'static str {
    match code {
        "voice_service.id_invalid" | "voice_service.exists" => "id",
        "voice_service.name_invalid" => "name",
        "voice_service.identification_required" | "voice_service.identification_repeated" => {
            "identification"
        }
        "voice_service.first_not_allowed" | "voice_service.alone_not_allowed" => "first",
        "voice_service.second_required"
        | "voice_service.second_not_allowed"
        | "voice_service.same_factor_twice" => "second",
        "voice_service.step_up_disabled" | "voice_service.step_up_not_allowed" => "step_up",
        "voice_service.region_unknown" => "default_region",
        _ => "",
    }
}

fn verification_name(tr: &Tr, verifications: &[VerificationRecord], id: &str) -> String {
    verifications
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| crate::web::enrollment::title(tr, v))
}

pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let services = voice::list(state).await?;
        let verifications = state.store().list_verifications().await?;
        let tr = &visit.tr;
        let name_of = |id: &str| verification_name(tr, &verifications, id);
        let content = html! {
            h1 { (tr.t("admin-voice")) }
            p.lead { (tr.t("admin-voice-intro")) }
            (notice_markup(notice.text(tr)))
            p.actions { a.button href="/admin/voice/new" { (tr.t("admin-voice-new")) } }
            @if services.is_empty() {
                p.empty #no-services { (tr.t("admin-voice-none")) }
            } @else {
                div.table-scroll tabindex="0" {
                    table #voice-services {
                        thead { tr {
                            th scope="col" { (tr.t("admin-process-name")) }
                            th scope="col" { (tr.t("admin-voice-factors")) }
                            th scope="col" { (tr.t("admin-voice-problems")) }
                        } }
                        tbody {
                            @for s in &services {
                                @let d = &s.record.definition;
                                tr id={"service-" (s.record.id)} {
                                    td { a href={"/admin/voice/" (s.record.id)} { (s.record.name) } br; span.muted { code { (s.record.id) } } }
                                    td {
                                        (name_of(&d.first))
                                        @if let Some(second) = &d.second { " + " (name_of(second)) }
                                        @if let Some(step_up) = &d.step_up { br; span.muted { (tr.t_with("admin-voice-step-up-is", &[("name", name_of(step_up).as_str())])) } }
                                    }
                                    td {
                                        @if s.problems.is_empty() {
                                            (tr.t("admin-voice-fits"))
                                        } @else {
                                            ul.problems { @for p in &s.problems { li.field-error { (visit.problem_text(p.code, &p.message)) } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        };
        let title = visit.tr.t("admin-voice");
        respond(state, visit, "/admin/voice", title, StatusCode::OK, content)
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct VoiceForm {
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfProtected for VoiceForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl VoiceForm {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    fn of(id: &str, name: &str, d: &ServiceDefinition) -> Self {
        let mut fields = HashMap::new();
        fields.insert("id".to_owned(), id.to_owned());
        fields.insert("name".to_owned(), name.to_owned());
        for field in &d.identification {
            fields.insert(format!("ident-{}", field.as_str()), "on".to_owned());
        }
        let slots = [Some(&d.first), d.second.as_ref(), d.step_up.as_ref()];
        for ((slot, input), factor) in SLOTS.iter().zip(slots) {
            if let Some(factor) = factor {
                fields.insert((*slot).to_owned(), factor.clone());
                if let Some(choice) = d.input_types.get(factor) {
                    fields.insert((*input).to_owned(), choice.as_str().to_owned());
                }
            }
        }
        if let Some(region) = &d.default_region {
            fields.insert("default_region".to_owned(), region.clone());
        }
        Self {
            csrf: String::new(),
            fields,
        }
    }

    /// The service the form describes. Input types are kept for numeric factors only.
    fn definition(&self, verifications: &[VerificationRecord]) -> ServiceDefinition {
        let chosen = |slot: &str| Some(self.get(slot).trim().to_owned()).filter(|s| !s.is_empty());
        let mut input_types = BTreeMap::new();
        for (slot, input) in SLOTS {
            let Some(factor) = chosen(slot) else { continue };
            let numeric = verifications
                .iter()
                .any(|v| v.id == factor && is_numeric(v.kind));
            let choice = InputChoice::parse(self.get(input)).unwrap_or(InputChoice::Both);
            if numeric && choice != InputChoice::Both {
                input_types.insert(factor, choice);
            }
        }
        ServiceDefinition {
            identification: IDENTIFICATION
                .into_iter()
                .filter(|f| self.fields.contains_key(&format!("ident-{}", f.as_str())))
                .collect(),
            first: chosen("first").unwrap_or_default(),
            second: chosen("second"),
            step_up: chosen("step_up"),
            input_types,
            default_region: chosen("default_region").map(|r| r.to_ascii_uppercase()),
        }
    }
}

fn service_form(
    visit: &Visit,
    verifications: &[VerificationRecord],
    form: &VoiceForm,
    errors: &FieldErrors,
    creating: bool,
) -> Markup {
    let tr = &visit.tr;
    let focus = |field: &str| errors.first_in(&FIELDS, field);
    let invalid = |field: &str| (!errors.at(field).is_empty()).then_some("true");
    let active: Vec<&VerificationRecord> = verifications.iter().filter(|v| v.active).collect();
    let factor = |slot: &str, label: String, optional: bool| -> Markup {
        let value = form.get(slot);
        let input = format!("input-{slot}");
        let choice = form.get(&input);
        html! {
            div.factor {
                div {
                    label for=(slot) { (label) }
                    select id=(slot) name=(slot) autofocus[focus(slot)] aria-invalid=[invalid(slot)]
                        aria-describedby=[invalid(slot).map(|_| format!("{slot}-error"))] {
                        @if optional { option value="" selected[value.is_empty()] { (tr.t("admin-voice-no-factor")) } }
                        @for v in &active {
                            option value=(v.id) selected[value == v.id] { (crate::web::enrollment::title(tr, v)) " (" (v.id) ")" }
                        }
                    }
                    (field_problems(errors, slot))
                }
                div {
                    label for=(input) { (tr.t("admin-voice-input")) }
                    select id=(input) name=(input) {
                        @for c in ["both", "text", "voice"] {
                            option value=(c) selected[choice == c || (choice.is_empty() && c == "both")] { (tr.t(&format!("admin-voice-input-{c}"))) }
                        }
                    }
                }
            }
        }
    };
    let action = if creating {
        "/admin/voice/new".to_owned()
    } else {
        format!("/admin/voice/{}", form.get("id"))
    };
    html! {
        (form_problems(tr, errors, &FIELDS))
        form method="post" action=(action) novalidate {
            input type="hidden" name="csrf" value=(visit.csrf);
            @if creating {
                (input_field(errors, &FIELDS, "id", &tr.t("admin-process-id"), "text", form.get("id"), true, Some(&tr.t("admin-id-hint"))))
            } @else {
                input type="hidden" name="id" value=(form.get("id"));
            }
            (input_field(errors, &FIELDS, "name", &tr.t("admin-process-name"), "text", form.get("name"), true, None))
            fieldset #identification aria-invalid=[invalid("identification")] {
                legend { (tr.t("admin-voice-identification")) }
                (field_problems(errors, "identification"))
                @for (i, field) in IDENTIFICATION.iter().enumerate() {
                    @let name = format!("ident-{}", field.as_str());
                    div.check {
                        input id=(name) name=(name) type="checkbox" checked[form.fields.contains_key(&name)]
                            autofocus[i == 0 && focus("identification")];
                        label for=(name) { (tr.t(&format!("admin-voice-ident-{}", field.as_str()))) }
                    }
                }
            }
            (factor("first", tr.t("admin-voice-first"), false))
            (factor("second", tr.t("admin-voice-second"), true))
            (factor("step_up", tr.t("admin-voice-step-up"), true))
            (input_field(errors, &FIELDS, "default_region", &tr.t("admin-voice-region"), "text", form.get("default_region"), false, Some(&tr.t("admin-voice-region-hint"))))
            button type="submit" { (tr.t(if creating { "admin-voice-create" } else { "admin-save" })) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    visit: Visit,
    form: &VoiceForm,
    errors: &FieldErrors,
    existing: Option<&Service>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let verifications = state.store().list_verifications().await?;
    let tr = &visit.tr;
    let title = match existing {
        Some(s) => s.record.name.clone(),
        None => tr.t("admin-voice-new"),
    };
    let content = html! {
        h1 { (title) }
        (notice_markup(notice))
        @if let Some(s) = existing {
            @if !s.problems.is_empty() && errors.is_empty() {
                div.warning #service-problems role="status" {
                    p { (tr.t("admin-voice-broken")) }
                    ul { @for p in &s.problems { li { (visit.problem_text(p.code, &p.message)) } } }
                }
            }
        }
        section.card {
            (service_form(&visit, &verifications, form, errors, existing.is_none()))
        }
        @if let Some(s) = existing {
            section.card aria-labelledby="delete-heading" {
                h2 #delete-heading { (tr.t("admin-voice-delete")) }
                details.confirm {
                    summary { (tr.t("admin-voice-delete")) }
                    p { (tr.t("admin-voice-delete-confirm")) }
                    form method="post" action={"/admin/voice/" (s.record.id) "/delete"} {
                        input type="hidden" name="csrf" value=(visit.csrf);
                        button.danger type="submit" { (tr.t("admin-voice-delete")) }
                    }
                }
            }
        }
        p { a href="/admin/voice" { (tr.t("admin-back-to-voice")) } }
    };
    respond(state, visit, "/admin/voice", title, status, content)
}

pub async fn new_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let mut form = VoiceForm::default();
        form.fields
            .insert("ident-phone".to_owned(), "on".to_owned());
        render(
            state,
            visit,
            &form,
            &FieldErrors::default(),
            None,
            None,
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn edit_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let service = voice::get(state, &id).await?;
        let form = VoiceForm::of(
            &service.record.id,
            &service.record.name,
            &service.record.definition,
        );
        let notice = notice.text(&visit.tr);
        render(
            state,
            visit,
            &form,
            &FieldErrors::default(),
            Some(&service),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

async fn save(
    state: &AppState,
    visit: Visit,
    source: Option<String>,
    form: VoiceForm,
    existing: Option<Service>,
) -> Result<Response, AppError> {
    let verifications = state.store().list_verifications().await?;
    let definition = form.definition(&verifications);
    let id = match &existing {
        Some(s) => s.record.id.clone(),
        None => form.get("id").trim().to_owned(),
    };
    let name = form.get("name").to_owned();
    let actor_name = actor_name(&visit);
    let actor = actor(&actor_name, &source);
    let outcome = match &existing {
        None => voice::create(state, &id, &name, definition, actor.name, actor.source).await,
        Some(_) => voice::replace(state, &id, &name, definition, actor.name, actor.source).await,
    };
    match outcome {
        Ok(service) => {
            let notice = if existing.is_some() {
                "voice-saved"
            } else {
                "voice-created"
            };
            Ok(Redirect::to(&format!(
                "/admin/voice/{}?notice={notice}",
                service.record.id
            ))
            .into_response())
        }
        Err(error) if error.is_refusal() => {
            let status = crate::error::status_of(&error);
            let broken = match error {
                ServiceError::Rules(broken) => broken,
                other => vec![Violation::new(other.code(), other.message())],
            };
            let errors = FieldErrors::from_violations(&visit, &broken, voice_field);
            render(
                state,
                visit,
                &form,
                &errors,
                existing.as_ref(),
                None,
                status,
            )
            .await
        }
        Err(error) => Err(error.into()),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<VoiceForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        save(state, visit, source, form, None).await
    })
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(form): CheckedForm<VoiceForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let existing = voice::get(state, &id).await?;
        save(state, visit, source, form, Some(existing)).await
    })
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let name = actor_name(&visit);
        voice::delete(state, &id, &name, source.as_deref()).await?;
        Ok(Redirect::to("/admin/voice?notice=voice-deleted").into_response())
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_factor_rule_has_its_field() {
        for code in [
            "voice_service.identification_required",
            "voice_service.first_not_allowed",
            "voice_service.second_required",
            "voice_service.second_not_allowed",
            "voice_service.same_factor_twice",
            "voice_service.step_up_not_allowed",
            "voice_service.step_up_disabled",
            "voice_service.region_unknown",
            "voice_service.alone_not_allowed",
        ] {
            assert!(FIELDS.contains(&voice_field(code)), "{code}");
        }
    }
}
