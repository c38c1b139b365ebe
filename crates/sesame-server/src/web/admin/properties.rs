//! `/admin/properties`: every runtime property in one form, grouped by what it belongs to,
//! each with an input of its type (a choice for yes/no, a number with its range, text
//! with its length), its default and what it does. Saving changes only the values that
//! differ; each is set through `service::properties::set` like `PUT /api/v1/properties`,
//! and a refused value is shown at its field.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use maud::{html, Markup};
use sesame_core::property::{PropertyDef, PropertyKind, PropertyValue};

use super::{
    actor, actor_name, admin_page, form_problems, notice_markup, respond, FieldErrors, Notice,
};
use crate::auth::ClientAddress;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::service::properties::{self, Current};
use crate::service::ServiceError;
use crate::state::AppState;
use crate::web::csrf::{CheckedForm, CsrfProtected};
use crate::web::visit::Visit;

/// The form's field of a property: its key with dots as dashes.
fn field_name(key: &str) -> String {
    key.replace('.', "-")
}

/// What a property is for, in the reader's words.
fn description(tr: &Tr, def: &PropertyDef) -> String {
    tr.t_or(
        &format!("property-{}", field_name(def.key)),
        def.description,
    )
}

/// The range or length a property takes, in words.
fn range(tr: &Tr, kind: PropertyKind) -> String {
    match kind {
        PropertyKind::Bool => tr.t("admin-property-yes-no"),
        PropertyKind::Int { min, max } => tr.t_with(
            "admin-property-range",
            &[
                ("min", min.to_string().as_str()),
                ("max", max.to_string().as_str()),
            ],
        ),
        PropertyKind::IntOrOff { min, max } => tr.t_with(
            "admin-property-range-or-off",
            &[
                ("min", min.to_string().as_str()),
                ("max", max.to_string().as_str()),
            ],
        ),
        PropertyKind::String { max_length } | PropertyKind::Url { max_length } => tr.t_with(
            "admin-property-length",
            &[("max", max_length.to_string().as_str())],
        ),
    }
}

fn shown(tr: &Tr, value: &PropertyValue) -> String {
    match value {
        PropertyValue::Bool(true) => tr.t("admin-yes"),
        PropertyValue::Bool(false) => tr.t("admin-no"),
        PropertyValue::String(s) if s.is_empty() => tr.t("admin-empty"),
        other => other.to_stored(),
    }
}

/// A group of properties in words.
fn group_name(tr: &Tr, group: &str) -> String {
    tr.t_or(&format!("admin-property-group-{group}"), group)
}

/// The group a property belongs to: the first part of its key.
fn group_of(key: &str) -> &str {
    key.split('.').next().unwrap_or(key)
}

fn render(
    state: &AppState,
    visit: Visit,
    all: &[Current],
    typed: &HashMap<String, String>,
    errors: &FieldErrors,
    notice: Option<String>,
    status: StatusCode,
) -> Result<Response, AppError> {
    let tr = &visit.tr;
    let order: Vec<String> = all.iter().map(|c| field_name(c.def.key)).collect();
    let order: Vec<&str> = order.iter().map(String::as_str).collect();
    let mut groups: Vec<&str> = all.iter().map(|c| group_of(c.def.key)).collect();
    groups.dedup();
    let field = |current: &Current| -> Markup {
        let def = current.def;
        let name = field_name(def.key);
        let value = typed
            .get(&name)
            .cloned()
            .unwrap_or_else(|| current.value.to_stored());
        let problems = errors.at(&name);
        let invalid = !problems.is_empty();
        let focus = errors.first_in(&order, &name);
        let about = format!("{name}-about");
        let described = if invalid {
            format!("{name}-error {about}")
        } else {
            about.clone()
        };
        let default = def.from_stored(None);
        html! {
            div.property {
                label for=(name) { code { (def.key) } }
                @match def.kind {
                    PropertyKind::Bool => {
                        select id=(name) name=(name) aria-describedby=(described) autofocus[focus] aria-invalid=[invalid.then_some("true")] {
                            option value="true" selected[value == "true"] { (tr.t("admin-yes")) }
                            option value="false" selected[value == "false"] { (tr.t("admin-no")) }
                        }
                    },
                    PropertyKind::Int { min, max } => {
                        input id=(name) name=(name) type="number" inputmode="numeric" min=(min) max=(max) step="1" value=(value) required
                            aria-describedby=(described) autofocus[focus] aria-invalid=[invalid.then_some("true")];
                    },
                    PropertyKind::IntOrOff { max, .. } => {
                        input id=(name) name=(name) type="number" inputmode="numeric" min="0" max=(max) step="1" value=(value) required
                            aria-describedby=(described) autofocus[focus] aria-invalid=[invalid.then_some("true")];
                    },
                    PropertyKind::String { max_length } => {
                        input id=(name) name=(name) type="text" maxlength=(max_length) value=(value)
                            aria-describedby=(described) autofocus[focus] aria-invalid=[invalid.then_some("true")];
                    },
                    PropertyKind::Url { max_length } => {
                        input id=(name) name=(name) type="url" maxlength=(max_length) value=(value)
                            aria-describedby=(described) autofocus[focus] aria-invalid=[invalid.then_some("true")];
                    },
                }
                @if invalid {
                    p.field-error id={(name) "-error"} { @for p in &problems { (p) " " } }
                }
                p.muted id=(about) {
                    (description(tr, def)) " "
                    span.range { (range(tr, def.kind)) ". " (tr.t_with("admin-property-default", &[("value", shown(tr, &default).as_str())])) }
                }
            }
        }
    };
    let content = html! {
        h1 { (tr.t("admin-properties")) }
        p.lead { (tr.t("admin-properties-intro")) }
        (notice_markup(notice))
        nav.groups aria-label=(tr.t("admin-property-groups")) {
            ul { @for group in &groups { li { a href={"#group-" (group)} { (group_name(tr, group)) } } } }
        }
        (form_problems(tr, errors, &order))
        form method="post" action="/admin/properties" novalidate {
            input type="hidden" name="csrf" value=(visit.csrf);
            @for group in &groups {
                fieldset.card id={"group-" (group)} {
                    legend { (group_name(tr, group)) }
                    @for current in all.iter().filter(|c| group_of(c.def.key) == *group) {
                        (field(current))
                    }
                }
            }
            button type="submit" { (tr.t("admin-save")) }
        }
    };
    let title = visit.tr.t("admin-properties");
    respond(state, visit, "/admin/properties", title, status, content)
}

pub async fn page(
    State(state): State<AppState>,
    jar: CookieJar,
    headers: HeaderMap,
    Query(notice): Query<Notice>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let all = properties::list(state).await?;
        let notice = notice.text(&visit.tr);
        render(
            state,
            visit,
            &all,
            &HashMap::new(),
            &FieldErrors::default(),
            notice,
            StatusCode::OK,
        )
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct PropertiesForm {
    csrf: String,
    #[serde(flatten)]
    values: HashMap<String, String>,
}

impl CsrfProtected for PropertiesForm {
    fn csrf(&self) -> &str {
        &self.csrf
    }
}

/// The JSON value a typed text stands for in a property's type; `None` when it cannot.
fn typed_value(kind: PropertyKind, text: &str) -> Option<serde_json::Value> {
    let text = text.trim_matches(|c: char| c.is_control());
    match kind {
        PropertyKind::Bool => match text {
            "true" => Some(true.into()),
            "false" => Some(false.into()),
            _ => None,
        },
        PropertyKind::Int { .. } | PropertyKind::IntOrOff { .. } => {
            text.trim().parse::<i64>().ok().map(Into::into)
        }
        PropertyKind::String { .. } | PropertyKind::Url { .. } => Some(text.into()),
    }
}

/// A refused value in the reader's words: what the field takes.
fn refusal(tr: &Tr, def: &PropertyDef, error: &ServiceError) -> String {
    match def.kind {
        PropertyKind::String { .. } if error.code() == "property.out_of_range" => tr.t_with(
            "admin-property-too-long",
            &[(
                "max",
                match def.kind {
                    PropertyKind::String { max_length } => max_length.to_string(),
                    _ => String::new(),
                }
                .as_str(),
            )],
        ),
        kind => tr.t_with(
            "admin-property-takes",
            &[("range", range(tr, kind).as_str())],
        ),
    }
}

pub async fn save(
    State(state): State<AppState>,
    ClientAddress(source): ClientAddress,
    jar: CookieJar,
    headers: HeaderMap,
    CheckedForm(form): CheckedForm<PropertiesForm>,
) -> Response {
    let state = &state;
    admin_page(state, jar, &headers, |visit| async move {
        let all = properties::list(state).await?;
        let name = actor_name(&visit);
        let mut errors = FieldErrors::default();
        let mut saved = 0;
        for current in &all {
            let field = field_name(current.def.key);
            let Some(text) = form.values.get(&field) else {
                continue;
            };
            if *text == current.value.to_stored() {
                continue;
            }
            let outcome = match typed_value(current.def.kind, text) {
                Some(value) => {
                    properties::set(state, current.def.key, &value, actor(&name, &source)).await
                }
                None => Err(ServiceError::Rules(vec![sesame_core::Violation::new(
                    "property.wrong_type",
                    "wrong type",
                )])),
            };
            match outcome {
                Ok(_) => saved += 1,
                Err(error) if error.is_refusal() => {
                    errors.add(&field, refusal(&visit.tr, current.def, &error))
                }
                Err(error) => return Err(error.into()),
            }
        }
        if errors.is_empty() {
            let notice = if saved > 0 {
                "properties-saved"
            } else {
                "properties-unchanged"
            };
            return Ok(Redirect::to(&format!("/admin/properties?notice={notice}")).into_response());
        }
        let all = properties::list(state).await?;
        let notice = (saved > 0).then(|| {
            visit.tr.t_with(
                "admin-properties-partly-saved",
                &[("count", saved.to_string().as_str())],
            )
        });
        render(
            state,
            visit,
            &all,
            &form.values,
            &errors,
            notice,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use sesame_core::property::PROPERTIES;

    #[test]
    fn every_property_is_described_in_every_catalogue() {
        for language in crate::i18n::AVAILABLE {
            let tr = Tr::for_tag(language);
            for def in PROPERTIES {
                let id = format!("property-{}", field_name(def.key));
                assert_ne!(tr.t_or(&id, ""), "", "{language}: {id}");
            }
        }
    }

    #[test]
    fn typed_text_becomes_a_value_of_the_kind() {
        assert_eq!(typed_value(PropertyKind::Bool, "true"), Some(true.into()));
        assert_eq!(typed_value(PropertyKind::Bool, "yes"), None);
        assert_eq!(
            typed_value(PropertyKind::Int { min: 1, max: 9 }, " 7 "),
            Some(7.into())
        );
        assert_eq!(
            typed_value(PropertyKind::Int { min: 1, max: 9 }, "seven"),
            None
        );
        assert_eq!(
            typed_value(PropertyKind::String { max_length: 9 }, "a b"),
            Some("a b".into())
        );
    }
}
