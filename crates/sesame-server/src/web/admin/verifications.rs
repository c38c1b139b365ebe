//! `/admin/verifications`: the base and custom verifications with their type, assurance
//! and parameters; a custom one made from a type or copied from another; parameters (the
//! JSON of the type's parameters) changed and verifications switched on or off. The same
//! service functions as `/api/v1/verifications`; a refused parameter is shown at its field.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::verification::{Assurance, Kind};
use sesame_store::VerificationRecord;

use super::{
    actor, actor_name, admin_page, field_problems, form_problems, input_field, notice_markup,
    refusal_errors, respond, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::verifications::{self, Origin};
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected};
use crate::web::visit::Visit;

const NEW_FIELDS: [&str; 4] = ["id", "name", "origin", "params"];
const EDIT_FIELDS: [&str; 2] = ["params", "active"];

fn verification_field(code: &str) -> &'static str {
    match code {
        "verification.id_invalid" | "verification.exists" => "id",
        "verification.name_invalid" => "name",
        "verification.type_invalid" | "verification.origin" | "verification.not_found" => "origin",
        _ => "params",
    }
}

fn assurance_name(tr: &Tr, assurance: Assurance) -> String {
    tr.t(match assurance {
        Assurance::Low => "admin-assurance-low",
        Assurance::Medium => "admin-assurance-medium",
        Assurance::High => "admin-assurance-high",
    })
}

fn kind_name(tr: &Tr, kind: Kind) -> String {
    tr.t(&format!("admin-kind-{}", kind.as_str()))
}

/// The parameters as an administrator edits them: indented JSON.
fn params_text(v: &VerificationRecord) -> String {
    serde_json::to_string_pretty(&v.params.to_json()).unwrap_or_default()
}

#[derive(Debug, Default, Deserialize)]
pub struct NewForm {
    csrf: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    /// `type:<kind>` or `copy:<id>`.
    #[serde(default)]
    origin: String,
    #[serde(default)]
    params: String,
}

impl CsrfProtected for NewForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

fn params_area(
    errors: &FieldErrors,
    order: &[&str],
    value: &str,
    label: &str,
    hint: &str,
) -> Markup {
    let invalid = !errors.at("params").is_empty();
    html! {
        label for="params" { (label) }
        span.muted #params-hint { (hint) }
        textarea #params name="params" rows="8" spellcheck="false" autocapitalize="none"
            aria-invalid=[invalid.then_some("true")]
            aria-describedby=(if invalid { "params-error params-hint" } else { "params-hint" })
            autofocus[errors.first_in(order, "params")] { (value) }
        (field_problems(errors, "params"))
    }
}

async fn list_page(
    state: &AppState,
    visit: Visit,
    form: &NewForm,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let all = state.store().list_verifications().await?;
    let tr = &visit.tr;
    let origin_invalid = !errors.at("origin").is_empty();
    let content = html! {
        h1 { (tr.t("admin-verifications")) }
        p.lead { (tr.t("admin-verifications-intro")) }
        (notice_markup(notice))
        div.table-scroll tabindex="0" {
            table #verifications {
                thead { tr {
                    th scope="col" { (tr.t("admin-process-name")) }
                    th scope="col" { (tr.t("admin-verification-type")) }
                    th scope="col" { (tr.t("admin-verification-assurance")) }
                    th scope="col" { (tr.t("admin-process-state")) }
                } }
                tbody {
                    @for v in &all {
                        tr id={"verification-" (v.id)} {
                            td { a href={"/admin/verifications/" (v.id)} { (crate::web::enrollment::title(tr, v)) } br; span.muted { code { (v.id) } } }
                            td { (kind_name(tr, v.kind)) }
                            td { (assurance_name(tr, v.kind.assurance())) }
                            td { (tr.t(if v.active { "admin-active" } else { "admin-inactive" })) }
                        }
                    }
                }
            }
        }
        section.card aria-labelledby="new-heading" {
            h2 #new-heading { (tr.t("admin-verification-new")) }
            (form_problems(tr, errors, &NEW_FIELDS))
            form method="post" action="/admin/verifications" novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (input_field(errors, &NEW_FIELDS, "id", &tr.t("admin-process-id"), "text", &form.id, true, Some(&tr.t("admin-verification-id-hint"))))
                (input_field(errors, &NEW_FIELDS, "name", &tr.t("admin-process-name"), "text", &form.name, true, None))
                label for="origin" { (tr.t("admin-verification-origin")) }
                select #origin name="origin" aria-invalid=[origin_invalid.then_some("true")] autofocus[errors.first_in(&NEW_FIELDS, "origin")] {
                    optgroup label=(tr.t("admin-verification-from-type")) {
                        @for kind in Kind::ALL {
                            @let value = format!("type:{}", kind.as_str());
                            option value=(value) selected[form.origin == value] { (kind_name(tr, *kind)) }
                        }
                    }
                    optgroup label=(tr.t("admin-verification-copy")) {
                        @for v in &all {
                            @let value = format!("copy:{}", v.id);
                            option value=(value) selected[form.origin == value] { (crate::web::enrollment::title(tr, v)) " (" (v.id) ")" }
                        }
                    }
                }
                (field_problems(errors, "origin"))
                (params_area(errors, &NEW_FIELDS, &form.params, &tr.t("admin-verification-params"), &tr.t("admin-verification-params-new-hint")))
                button type="submit" { (tr.t("admin-verification-create")) }
            }
        }
    };
    let title = visit.tr.t("admin-verifications");
    respond(state, visit, "/admin/verifications", title, status, content)
}

pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let notice = notice.text(&visit.tr);
        list_page(
            state,
            visit,
            &NewForm::default(),
            &FieldErrors::default(),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<NewForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let origin = match form.origin.split_once(':') {
            Some(("type", kind)) => Origin::Type(kind),
            Some(("copy", id)) => Origin::Copy(id),
            _ => Origin::Unclear,
        };
        let params = Some(form.params.trim()).filter(|p| !p.is_empty());
        let name = actor_name(&visit);
        match verifications::create(
            state,
            form.id.trim(),
            &form.name,
            origin,
            params,
            actor(&name, &source),
        )
        .await
        {
            Ok(record) => Ok(Redirect::to(&format!(
                "/admin/verifications/{}?notice=verification-created",
                record.id
            ))
            .into_response()),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, verification_field)?;
                list_page(state, visit, &form, &errors, None, status).await
            }
        }
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub struct EditForm {
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfProtected for EditForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

async fn edit(
    state: &AppState,
    visit: Visit,
    v: &VerificationRecord,
    typed: Option<&EditForm>,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let params = typed
        .and_then(|f| f.fields.get("params").cloned())
        .unwrap_or_else(|| params_text(v));
    let active = typed.map_or(v.active, |f| f.fields.contains_key("active"));
    let title = crate::web::enrollment::title(tr, v);
    let content = html! {
        h1 { (title) }
        (notice_markup(notice))
        section.card {
            dl.details {
                dt { (tr.t("admin-process-id")) } dd { code { (v.id) } }
                dt { (tr.t("admin-verification-type")) } dd { (kind_name(tr, v.kind)) }
                dt { (tr.t("admin-verification-assurance")) } dd { (assurance_name(tr, v.kind.assurance())) }
            }
        }
        section.card {
            (form_problems(tr, errors, &EDIT_FIELDS))
            form method="post" action={"/admin/verifications/" (v.id)} novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (params_area(errors, &EDIT_FIELDS, &params, &tr.t("admin-verification-params"), &tr.t("admin-verification-params-hint")))
                div.check {
                    input #active name="active" type="checkbox" checked[active];
                    label for="active" { (tr.t("admin-verification-active")) }
                }
                button type="submit" { (tr.t("admin-save")) }
            }
        }
        p { a href="/admin/verifications" { (tr.t("admin-back-to-verifications")) } }
    };
    respond(state, visit, "/admin/verifications", title, status, content)
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
        let v = state
            .store()
            .find_verification(&id)
            .await?
            .ok_or_else(verifications::not_found)?;
        let notice = notice.text(&visit.tr);
        edit(
            state,
            visit,
            &v,
            None,
            &FieldErrors::default(),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

pub async fn update(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<String>,
    CheckedForm(form): CheckedForm<EditForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let v = state
            .store()
            .find_verification(&id)
            .await?
            .ok_or_else(verifications::not_found)?;
        let typed = form.fields.get("params").map(|p| p.trim()).unwrap_or("");
        // Parameters are set only when they changed, so switching on or off alone never
        // rewrites them.
        let unchanged =
            serde_json::from_str::<serde_json::Value>(typed).ok() == Some(v.params.to_json());
        let params = (!unchanged).then_some(typed);
        let active = form.fields.contains_key("active");
        let name = actor_name(&visit);
        match verifications::update(state, &id, params, Some(active), actor(&name, &source)).await {
            Ok(_) => Ok(Redirect::to(&format!(
                "/admin/verifications/{id}?notice=verification-saved"
            ))
            .into_response()),
            Err(error) => {
                let (errors, status) = refusal_errors(&visit, error, verification_field)?;
                edit(state, visit, &v, Some(&form), &errors, None, status).await
            }
        }
    })
    .await
}
