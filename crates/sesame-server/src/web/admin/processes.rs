//! `/admin/processes`: password reset processes, listed, created, changed and deactivated
//! through `service::processes` like `/api/v1/processes`. Every rule a process breaks (the
//! `details` codes of the API) is shown at the field at fault.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use serde::Deserialize;
use sesame_core::password::PasswordPolicy;
use sesame_core::process::{
    AutoGenerate, CredentialStore, Identification, ProcessDefinition, ProcessVerification,
};
use sesame_store::VerificationRecord;

use super::{
    actor, actor_name, admin_page, field_problems, form_problems, input_field, notice_markup,
    respond, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::processes;
use crate::service::resets::Process;
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected, TokenOnly};
use crate::web::visit::Visit;

/// The fields of the form, in the order the focus looks for the first problem.
const FIELDS: [&str; 17] = [
    "id",
    "name",
    "groups",
    "identification",
    "public_access",
    "captcha",
    "verifications",
    "min_verifications",
    "credential_store",
    "allow_unlock",
    "unlock_after_reset",
    "auto_generate",
    "min_length",
    "max_length",
    "min_strength",
    "history",
    "active",
];

/// The field a broken rule of a process belongs to.
fn process_field(code: &str) -> &'static str {
    match code {
        "process.id" | "process.exists" => "id",
        "process.name" => "name",
        "process.credential_store" => "credential_store",
        "process.password_policy.length" => "min_length",
        "process.password_policy.min_strength" => "min_strength",
        "process.password_policy.history" => "history",
        code if code.starts_with("process.verifications.") => "verifications",
        code if code.starts_with("process.min_verifications.") => "min_verifications",
        code if code.starts_with("process.public_access.") => "public_access",
        _ => "",
    }
}

fn identification_name(i: Identification) -> &'static str {
    match i {
        Identification::Username => "username",
        Identification::Email => "email",
    }
}

fn auto_generate_name(a: AutoGenerate) -> &'static str {
    match a {
        AutoGenerate::Off => "off",
        AutoGenerate::Show => "show",
        AutoGenerate::Email => "email",
        AutoGenerate::Sms => "sms",
    }
}

pub async fn list(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let all = processes::list(state).await?;
        let verifications = state.store().list_verifications().await?;
        let tr = &visit.tr;
        let name_of = |id: &str| verification_name(tr, &verifications, id);
        let content = html! {
            h1 { (tr.t("admin-processes")) }
            p.lead { (tr.t("admin-processes-intro")) }
            (notice_markup(notice.text(tr)))
            p.actions { a.button href="/admin/processes/new" { (tr.t("admin-process-new")) } }
            @if all.is_empty() {
                p.empty #no-processes { (tr.t("admin-processes-none")) }
            } @else {
                div.table-scroll tabindex="0" {
                    table #processes {
                        thead { tr {
                            th scope="col" { (tr.t("admin-process-name")) }
                            th scope="col" { (tr.t("admin-process-access")) }
                            th scope="col" { (tr.t("admin-process-verifications")) }
                            th scope="col" { (tr.t("admin-process-state")) }
                        } }
                        tbody {
                            @for p in &all {
                                tr id={"process-" (p.record.id)} {
                                    td { a href={"/admin/processes/" (p.record.id)} { (p.record.name) } br; span.muted { code { (p.record.id) } } }
                                    td { (tr.t(if p.definition.public_access { "admin-process-public" } else { "admin-process-desk" })) }
                                    td {
                                        (p.definition.verifications.iter().map(|v| if v.mandatory { format!("{} ({})", name_of(&v.id), tr.t("admin-process-mandatory-short")) } else { name_of(&v.id) }).collect::<Vec<_>>().join(", "))
                                        br;
                                        span.muted { (tr.t_with("admin-process-min", &[("count", p.definition.min_verifications.to_string().as_str())])) }
                                    }
                                    td { (tr.t(if p.record.active { "admin-active" } else { "admin-inactive" })) }
                                }
                            }
                        }
                    }
                }
            }
        };
        let title = visit.tr.t("admin-processes");
        respond(state, visit, "/admin/processes", title, StatusCode::OK, content)
    })
    .await
}

fn verification_name(tr: &Tr, verifications: &[VerificationRecord], id: &str) -> String {
    verifications
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| crate::web::enrollment::title(tr, v))
}

/// The form's values as typed.
#[derive(Debug, Default, Deserialize)]
pub struct ProcessForm {
    csrf: String,
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

impl CsrfProtected for ProcessForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

impl ProcessForm {
    fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", String::as_str)
    }

    fn checked(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// The values of a saved process (or of a new one).
    fn of(id: &str, name: &str, definition: &ProcessDefinition, active: bool) -> Self {
        let mut fields = HashMap::new();
        let mut set = |k: &str, v: String| {
            fields.insert(k.to_owned(), v);
        };
        set("id", id.to_owned());
        set("name", name.to_owned());
        set("groups", definition.groups.join(", "));
        set(
            "identification",
            identification_name(definition.identification).to_owned(),
        );
        set(
            "min_verifications",
            definition.min_verifications.to_string(),
        );
        set(
            "credential_store",
            definition.credential_store.as_str().to_owned(),
        );
        set(
            "auto_generate",
            auto_generate_name(definition.auto_generate).to_owned(),
        );
        set(
            "min_length",
            definition.password_policy.min_length.to_string(),
        );
        set(
            "max_length",
            definition.password_policy.max_length.to_string(),
        );
        set(
            "min_strength",
            definition.password_policy.min_strength.to_string(),
        );
        set("history", definition.password_policy.history.to_string());
        for v in &definition.verifications {
            set(
                &format!("v-{}", v.id),
                (if v.mandatory { "mandatory" } else { "optional" }).to_owned(),
            );
        }
        for (flag, on) in [
            ("public_access", definition.public_access),
            ("captcha", definition.captcha),
            ("allow_unlock", definition.allow_unlock),
            ("unlock_after_reset", definition.unlock_after_reset),
            ("active", active),
        ] {
            if on {
                set(flag, "on".to_owned());
            }
        }
        Self {
            csrf: String::new(),
            fields,
        }
    }

    /// The process the form describes, and the problems of values that are not numbers.
    /// Verifications follow `order` (the saved process's first, then the others).
    fn definition(&self, tr: &Tr, order: &[String]) -> (ProcessDefinition, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut number = |field: &str, default: usize| -> usize {
            match self.get(field).trim().parse::<usize>() {
                Ok(n) => n,
                Err(_) => {
                    errors.add(field, tr.t("admin-whole-number"));
                    default
                }
            }
        };
        let defaults = PasswordPolicy::default();
        let min_verifications = number("min_verifications", 1);
        let min_length = number("min_length", defaults.min_length);
        let max_length = number("max_length", defaults.max_length);
        let min_strength = number("min_strength", usize::from(defaults.min_strength));
        let history = number("history", defaults.history as usize);
        let verifications = order
            .iter()
            .filter_map(|id| match self.get(&format!("v-{id}")) {
                "mandatory" => Some(ProcessVerification {
                    id: id.clone(),
                    mandatory: true,
                }),
                "optional" => Some(ProcessVerification {
                    id: id.clone(),
                    mandatory: false,
                }),
                _ => None,
            })
            .collect();
        let definition = ProcessDefinition {
            groups: super::group_list(self.get("groups")),
            identification: if self.get("identification") == "email" {
                Identification::Email
            } else {
                Identification::Username
            },
            public_access: self.checked("public_access"),
            captcha: self.checked("captcha"),
            verifications,
            min_verifications,
            credential_store: if self.get("credential_store") == "ldap" {
                CredentialStore::Ldap
            } else {
                CredentialStore::Local
            },
            allow_unlock: self.checked("allow_unlock"),
            unlock_after_reset: self.checked("unlock_after_reset"),
            auto_generate: match self.get("auto_generate") {
                "show" => AutoGenerate::Show,
                "email" => AutoGenerate::Email,
                "sms" => AutoGenerate::Sms,
                _ => AutoGenerate::Off,
            },
            password_policy: PasswordPolicy {
                min_length,
                max_length,
                min_strength: u8::try_from(min_strength).unwrap_or(u8::MAX),
                history: u32::try_from(history).unwrap_or(u32::MAX),
            },
        };
        (definition, errors)
    }
}

/// The verifications in the form's order: those of the process first, as it lists them.
fn verification_order(
    verifications: &[VerificationRecord],
    form: &ProcessForm,
    listed: &[String],
) -> Vec<String> {
    let mut order: Vec<String> = listed.to_vec();
    for v in verifications {
        let shown = v.active || form.fields.contains_key(&format!("v-{}", v.id));
        if shown && !order.contains(&v.id) {
            order.push(v.id.clone());
        }
    }
    order
}

#[allow(clippy::too_many_lines)]
fn process_form(
    visit: &Visit,
    verifications: &[VerificationRecord],
    order: &[String],
    form: &ProcessForm,
    errors: &FieldErrors,
    creating: bool,
) -> Markup {
    let tr = &visit.tr;
    let focus = |field: &str| errors.first_in(&FIELDS, field);
    let invalid = |field: &str| (!errors.at(field).is_empty()).then_some("true");
    let select = |name: &str, label: String, options: &[(&str, String)]| -> Markup {
        let value = form.get(name);
        html! {
            label for=(name) { (label) }
            select id=(name) name=(name) autofocus[focus(name)] aria-invalid=[invalid(name)] {
                @for (v, text) in options { option value=(v) selected[value == *v] { (text) } }
            }
            (field_problems(errors, name))
        }
    };
    let checkbox = |name: &str, label: String| -> Markup {
        html! {
            div.check {
                input id=(name) name=(name) type="checkbox" checked[form.checked(name)] autofocus[focus(name)] aria-invalid=[invalid(name)];
                label for=(name) { (label) }
            }
            (field_problems(errors, name))
        }
    };
    let number = |name: &str, label: String, min: u32, max: u32| -> Markup {
        html! {
            label for=(name) { (label) }
            input id=(name) name=(name) type="number" inputmode="numeric" min=(min) max=(max) step="1" value=(form.get(name)) required
                autofocus[focus(name)] aria-invalid=[invalid(name)];
            (field_problems(errors, name))
        }
    };
    let action = if creating {
        "/admin/processes/new".to_owned()
    } else {
        format!("/admin/processes/{}", form.get("id"))
    };
    let first_verification = order.first().cloned().unwrap_or_default();
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
            (input_field(errors, &FIELDS, "groups", &tr.t("admin-process-groups"), "text", form.get("groups"), false, Some(&tr.t("admin-process-groups-hint"))))
            (select("identification", tr.t("admin-process-identification"), &[("username", tr.t("reset-identifier-username")), ("email", tr.t("reset-identifier-email"))]))
            (checkbox("public_access", tr.t("admin-process-public-access")))
            (checkbox("captcha", tr.t("admin-process-captcha")))
            fieldset #verifications aria-describedby=[invalid("verifications").map(|_| "verifications-error")] {
                legend { (tr.t("admin-process-verifications")) }
                (field_problems(errors, "verifications"))
                @for id in order {
                    @let field = format!("v-{id}");
                    @let value = form.get(&field);
                    div.choice {
                        label for=(field) { (verification_name(tr, verifications, id)) " " span.muted { code { (id) } } }
                        select id=(field) name=(field) autofocus[focus("verifications") && *id == first_verification] {
                            option value="" selected[value.is_empty()] { (tr.t("admin-process-unused")) }
                            option value="optional" selected[value == "optional"] { (tr.t("admin-process-optional")) }
                            option value="mandatory" selected[value == "mandatory"] { (tr.t("admin-process-mandatory")) }
                        }
                    }
                }
            }
            (number("min_verifications", tr.t("admin-process-min-verifications"), 1, 20))
            (select("credential_store", tr.t("admin-process-credential-store"), &[("local", tr.t("admin-process-store-local")), ("ldap", tr.t("admin-process-store-ldap"))]))
            (checkbox("allow_unlock", tr.t("admin-process-allow-unlock")))
            (checkbox("unlock_after_reset", tr.t("admin-process-unlock-after-reset")))
            (select("auto_generate", tr.t("admin-process-auto-generate"), &[("off", tr.t("admin-process-generate-off")), ("show", tr.t("admin-process-generate-show")), ("email", tr.t("admin-process-generate-email")), ("sms", tr.t("admin-process-generate-sms"))]))
            fieldset {
                legend { (tr.t("admin-process-policy")) }
                (number("min_length", tr.t("admin-process-min-length"), 8, 256))
                (number("max_length", tr.t("admin-process-max-length"), 8, 256))
                (select("min_strength", tr.t("admin-process-min-strength"), &[("0", "0".to_owned()), ("1", "1".to_owned()), ("2", "2".to_owned()), ("3", "3".to_owned()), ("4", "4".to_owned())]))
                (number("history", tr.t("admin-process-history"), 0, 24))
            }
            (checkbox("active", tr.t("admin-process-active")))
            button type="submit" { (tr.t(if creating { "admin-process-create" } else { "admin-save" })) }
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn render(
    state: &AppState,
    visit: Visit,
    form: &ProcessForm,
    listed: &[String],
    errors: &FieldErrors,
    existing: Option<&Process>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let verifications = state.store().list_verifications().await?;
    let order = verification_order(&verifications, form, listed);
    let tr = &visit.tr;
    let creating = existing.is_none();
    let title = match existing {
        Some(p) => p.record.name.clone(),
        None => tr.t("admin-process-new"),
    };
    let content = html! {
        h1 { (title) }
        (notice_markup(notice))
        section.card {
            (process_form(&visit, &verifications, &order, form, errors, creating))
        }
        @if let Some(p) = existing {
            @if p.record.active {
                section.card aria-labelledby="deactivate-heading" {
                    h2 #deactivate-heading { (tr.t("admin-process-deactivate")) }
                    details.confirm {
                        summary { (tr.t("admin-process-deactivate")) }
                        p { (tr.t("admin-process-deactivate-confirm")) }
                        form method="post" action={"/admin/processes/" (p.record.id) "/deactivate"} {
                            input type="hidden" name="csrf" value=(visit.csrf);
                            button.danger type="submit" { (tr.t("admin-process-deactivate")) }
                        }
                    }
                }
            }
        }
        p { a href="/admin/processes" { (tr.t("admin-back-to-processes")) } }
    };
    respond(state, visit, "/admin/processes", title, status, content)
}

pub async fn new_page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let blank = ProcessDefinition {
            groups: Vec::new(),
            identification: Identification::Username,
            public_access: true,
            captcha: false,
            verifications: Vec::new(),
            min_verifications: 1,
            credential_store: CredentialStore::Local,
            allow_unlock: false,
            unlock_after_reset: false,
            auto_generate: AutoGenerate::Off,
            password_policy: PasswordPolicy::default(),
        };
        let form = ProcessForm::of("", "", &blank, true);
        render(
            state,
            visit,
            &form,
            &[],
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
        let process = processes::get(state, &id).await?;
        let form = ProcessForm::of(
            &process.record.id,
            &process.record.name,
            &process.definition,
            process.record.active,
        );
        let listed: Vec<String> = process
            .definition
            .verifications
            .iter()
            .map(|v| v.id.clone())
            .collect();
        let notice = notice.text(&visit.tr);
        render(
            state,
            visit,
            &form,
            &listed,
            &FieldErrors::default(),
            Some(&process),
            notice,
            StatusCode::OK,
        )
        .await
    })
    .await
}

/// Checks and saves the form: problems of its own (a number that is not one) and every
/// rule the process breaks are shown together.
async fn save(
    state: &AppState,
    visit: Visit,
    source: Option<String>,
    form: ProcessForm,
    existing: Option<Process>,
) -> Result<Response, AppError> {
    let verifications = state.store().list_verifications().await?;
    let listed: Vec<String> = existing
        .as_ref()
        .map(|p| {
            p.definition
                .verifications
                .iter()
                .map(|v| v.id.clone())
                .collect()
        })
        .unwrap_or_default();
    let order = verification_order(&verifications, &form, &listed);
    let (definition, mut errors) = form.definition(&visit.tr, &order);
    let id = match &existing {
        Some(p) => p.record.id.clone(),
        None => form.get("id").trim().to_owned(),
    };
    let name = form.get("name").to_owned();
    let active = form.checked("active");
    let actor_name = actor_name(&visit);
    let outcome = if errors.is_empty() {
        match &existing {
            None => {
                processes::create(
                    state,
                    &id,
                    &name,
                    &definition,
                    active,
                    actor(&actor_name, &source),
                )
                .await
            }
            Some(_) => {
                processes::update(
                    state,
                    &id,
                    &name,
                    &definition,
                    active,
                    actor(&actor_name, &source),
                )
                .await
            }
        }
    } else {
        // Show the rules the rest of the form breaks too, with the numbers as read.
        let broken = processes::check(state, &id, &name, &definition).await?;
        Err(crate::service::ServiceError::Rules(broken))
    };
    match outcome {
        Ok(process) => {
            let notice = if existing.is_some() {
                "process-saved"
            } else {
                "process-created"
            };
            Ok(Redirect::to(&format!(
                "/admin/processes/{}?notice={notice}",
                process.record.id
            ))
            .into_response())
        }
        Err(crate::service::ServiceError::Rules(broken)) => {
            let found = FieldErrors::from_violations(&visit, &broken, process_field);
            errors.extend(found);
            render(
                state,
                visit,
                &form,
                &listed,
                &errors,
                existing.as_ref(),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(error) if error.is_refusal() => {
            errors.add(process_field(error.code()), visit.problem(&error));
            let status = crate::error::status_of(&error);
            render(
                state,
                visit,
                &form,
                &listed,
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
    CheckedForm(form): CheckedForm<ProcessForm>,
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
    CheckedForm(form): CheckedForm<ProcessForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let existing = processes::get(state, &id).await?;
        save(state, visit, source, form, Some(existing)).await
    })
    .await
}

pub async fn deactivate(
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
        processes::deactivate(state, &id, actor(&name, &source)).await?;
        Ok(
            Redirect::to(&format!("/admin/processes/{id}?notice=process-deactivated"))
                .into_response(),
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_a_process_has_its_field() {
        for code in [
            "process.id",
            "process.exists",
            "process.name",
            "process.verifications.empty",
            "process.verifications.unknown",
            "process.min_verifications.too_many",
            "process.min_verifications.too_few",
            "process.public_access.weak_verifications",
            "process.password_policy.length",
            "process.password_policy.history",
            "process.credential_store",
        ] {
            assert!(FIELDS.contains(&process_field(code)), "{code}");
        }
    }
}
