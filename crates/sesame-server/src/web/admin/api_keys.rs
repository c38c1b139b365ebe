//! `/admin/api-keys`: the keys machines use, a form to create one (its token is shown on
//! the answer, once), and revoking. The same service functions as `/api/v1/api-keys`.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::html;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sesame_core::token::Role;
use sesame_store::ApiKeyRecord;

use super::{
    actor, actor_name, admin_page, form_problems, input_field, notice_markup, respond, short_time,
    FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::service::{api_keys, ServiceError};
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected, TokenOnly};
use crate::web::visit::Visit;

const ROLES: [Role; 3] = [Role::Admin, Role::ServiceDesk, Role::Orchestrator];
const FIELDS: [&str; 2] = ["name", "role"];

#[derive(Debug, Default, Deserialize)]
pub struct KeyForm {
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

impl CsrfProtected for KeyForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

#[allow(clippy::too_many_arguments)]
fn render(
    state: &AppState,
    visit: Visit,
    keys: &[ApiKeyRecord],
    form: &KeyForm,
    errors: &FieldErrors,
    created: Option<(&ApiKeyRecord, &SecretString)>,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let role_name = |role: Role| tr.t(&format!("admin-role-{}", role.as_str()));
    let role_problems = errors.at("role");
    let content = html! {
        h1 { (tr.t("admin-api-keys")) }
        p.lead { (tr.t("admin-api-keys-intro")) }
        (notice_markup(notice))
        @if let Some((key, token)) = created {
            section.card.created #created-key role="status" aria-labelledby="created-heading" {
                h2 #created-heading { (tr.t_with("admin-api-key-created", &[("name", key.name.as_str())])) }
                p { (tr.t("admin-api-key-once")) }
                p { code #api-key-token { (token.expose_secret()) } }
            }
        }
        section.card aria-labelledby="new-key-heading" {
            h2 #new-key-heading { (tr.t("admin-api-key-new")) }
            (form_problems(tr, errors, &FIELDS))
            form method="post" action="/admin/api-keys" novalidate {
                input type="hidden" name="csrf" value=(visit.csrf);
                (input_field(errors, &FIELDS, "name", &tr.t("admin-api-key-name"), "text", &form.name, true, Some(&tr.t("admin-api-key-name-hint"))))
                label for="role" { (tr.t("admin-api-key-role")) }
                select #role name="role" aria-invalid=[(!role_problems.is_empty()).then_some("true")]
                    autofocus[errors.first_in(&FIELDS, "role")] {
                    @for role in ROLES {
                        option value=(role.as_str()) selected[form.role == role.as_str()] { (role_name(role)) }
                    }
                }
                (super::field_problems(errors, "role"))
                button type="submit" { (tr.t("admin-api-key-create")) }
            }
        }
        section.card aria-labelledby="keys-heading" {
            h2 #keys-heading { (tr.t("admin-api-keys")) }
            @if keys.is_empty() {
                p.empty { (tr.t("admin-api-keys-none")) }
            } @else {
                div.table-scroll tabindex="0" {
                    table #api-keys {
                        thead { tr {
                            th scope="col" { (tr.t("admin-api-key-name")) }
                            th scope="col" { (tr.t("admin-api-key-role")) }
                            th scope="col" { (tr.t("admin-created")) }
                            th scope="col" { (tr.t("admin-api-key-state")) }
                        } }
                        tbody {
                            @for key in keys {
                                tr id={"key-" (key.id)} {
                                    td { (key.name) br; span.muted { (key.created_by) } }
                                    td { (role_name(key.role)) }
                                    td { (short_time(key.created_at)) }
                                    td {
                                        @if let Some(at) = key.revoked_at {
                                            (tr.t_with("admin-api-key-revoked", &[("time", short_time(at).as_str())]))
                                        } @else {
                                            details.confirm {
                                                summary { (tr.t("admin-api-key-revoke")) }
                                                p { (tr.t_with("admin-api-key-revoke-confirm", &[("name", key.name.as_str())])) }
                                                form method="post" action={"/admin/api-keys/" (key.id) "/revoke"} {
                                                    input type="hidden" name="csrf" value=(visit.csrf);
                                                    button.danger type="submit" { (tr.t("admin-api-key-revoke")) }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let title = visit.tr.t("admin-api-keys");
    respond(state, visit, "/admin/api-keys", title, status, content)
}

pub async fn page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let keys = state.store().list_api_keys().await?;
        let notice = notice.text(&visit.tr);
        let form = KeyForm {
            role: "orchestrator".to_owned(),
            ..KeyForm::default()
        };
        render(
            state,
            visit,
            &keys,
            &form,
            &FieldErrors::default(),
            None,
            notice,
            StatusCode::OK,
        )
    })
    .await
}

fn key_field(code: &str) -> &'static str {
    match code {
        "api_key.name_invalid" => "name",
        "api_key.role_invalid" => "role",
        _ => "",
    }
}

pub async fn create(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<KeyForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let name = actor_name(&visit);
        let outcome = api_keys::create(state, &form.name, &form.role, actor(&name, &source)).await;
        let keys = state.store().list_api_keys().await?;
        match outcome {
            Ok((key, token)) => {
                let blank = KeyForm {
                    role: form.role.clone(),
                    ..KeyForm::default()
                };
                render(
                    state,
                    visit,
                    &keys,
                    &blank,
                    &FieldErrors::default(),
                    Some((&key, &token)),
                    None,
                    StatusCode::CREATED,
                )
            }
            Err(ServiceError::Rules(broken)) => {
                let errors = FieldErrors::from_violations(&visit, &broken, key_field);
                render(
                    state,
                    visit,
                    &keys,
                    &form,
                    &errors,
                    None,
                    None,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            }
            Err(error) => Err(error.into()),
        }
    })
    .await
}

pub async fn revoke(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CheckedForm(_): CheckedForm<TokenOnly>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let name = actor_name(&visit);
        api_keys::revoke(state, id, actor(&name, &source)).await?;
        Ok(Redirect::to("/admin/api-keys?notice=api-key-revoked").into_response())
    })
    .await
}
