//! Schemas for what the handlers carry as plain strings or JSON but send as a closed set or
//! a fixed shape: names such as a user's status, the typed process definition, the values
//! of properties. The views point at these with `#[schema(value_type = ...)]`, so a client
//! generated from the document gets enums and typed models instead of `str` and `dict`.
//!
//! They describe; they are never built. Where the set comes from a Rust type, the values are
//! taken from it, and the tests below tie the rest to the types they describe.

use std::borrow::Cow;

use sesame_core::identity::{UserSource as CoreUserSource, UserStatus as CoreUserStatus};
use sesame_core::token::Role;
use sesame_core::verification::Kind;
use sesame_core::Channel;
use sesame_store::{
    AuditResult as CoreAuditResult, EnrollmentState, OutboxState as CoreOutboxState,
};
use utoipa::openapi::schema::{
    KnownFormat, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::RefOr;
use utoipa::{PartialSchema, ToSchema};

use crate::service::verification::Expects;

/// Declares a named schema for a closed set of strings.
macro_rules! string_set {
    ($(#[doc = $doc:literal])+ $name:ident => $values:expr) => {
        $(#[doc = $doc])+
        pub struct $name;

        impl $name {
            /// Every value, in the document's order.
            pub fn values() -> Vec<&'static str> {
                $values.into_iter().collect()
            }
        }

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                let description = [$($doc),+].map(str::trim).join(" ");
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(Self::values()))
                    .description(Some(description))
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

string_set! {
    /// Whether a user may sign in and reset: `active` or `disabled`.
    UserStatus => [CoreUserStatus::Active, CoreUserStatus::Disabled].map(CoreUserStatus::as_str)
}

string_set! {
    /// Where a user comes from: `local` (Sesame's own directory) or `ldap` (copied from the
    /// directory by `sesame users sync`).
    UserSource => CoreUserSource::ALL.iter().map(|s| s.as_str())
}

string_set! {
    /// The type of a verification, which fixes how it is enrolled, challenged and answered.
    VerificationType => Kind::ALL.iter().map(|k| k.as_str())
}

string_set! {
    /// How much a passed check of a verification's type proves.
    Assurance => ["low", "medium", "high"]
}

string_set! {
    /// An enrollment is `pending` once its code was entered, `active` once it can be used.
    EnrollmentStatus => EnrollmentState::ALL.iter().map(|s| s.as_str())
}

string_set! {
    /// The roles an API key can have (`user` comes only from signing in).
    ApiKeyRole => [Role::Admin, Role::ServiceDesk, Role::Orchestrator].map(Role::as_str)
}

string_set! {
    /// How an audited action ended: `success`, `failure` (a wrong secret, a broken rule) or
    /// `denied` (not allowed).
    AuditResult => CoreAuditResult::ALL.iter().map(|r| r.as_str())
}

string_set! {
    /// A message in the outbox: `queued` (waiting or being retried), `sent`, or `failed`
    /// (given up).
    OutboxState => CoreOutboxState::ALL.iter().map(|s| s.as_str())
}

string_set! {
    /// How a message or a generated password travels.
    DeliveryChannel => Channel::ALL.iter().map(|c| c.as_str())
}

string_set! {
    /// What the answer to a verification carries: `code`, `pin`, `answers` or `value`.
    ExpectedAnswer => [Expects::Code, Expects::Pin, Expects::Answers, Expects::Value].map(Expects::as_str)
}

string_set! {
    /// How users name themselves when they start a reset.
    Identification => ["username", "email"]
}

string_set! {
    /// Where the password lives and is reset.
    CredentialStore => ["local", "ldap"]
}

string_set! {
    /// Whether Sesame makes the new password, and how the user gets it: `off` (the user
    /// chooses), `show` (shown once), `email` or `sms` (sent to the user's address or number).
    AutoGenerate => ["off", "show", "email", "sms"]
}

/// The value of a runtime property: a boolean, a whole number or a string, as its kind says.
pub struct PropertyValue;

impl PartialSchema for PropertyValue {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Boolean))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
            )
            .item(ObjectBuilder::new().schema_type(Type::String))
            .description(Some(
                "A boolean, a whole number or a string, as the property's kind says.",
            ))
            .into()
    }
}

impl ToSchema for PropertyValue {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PropertyValue")
    }
}

/// The type and range of a runtime property, told apart by `type`.
pub struct PropertyKind;

/// One kind of property: its `type`, what it means, and its integer fields with theirs.
struct KindShape {
    tag: &'static str,
    description: &'static str,
    fields: &'static [(&'static str, &'static str)],
}

impl PropertyKind {
    /// Every kind `sesame_core::property::PropertyKind` serialises to.
    const KINDS: [KindShape; 5] = [
        KindShape {
            tag: "bool",
            description: "true or false.",
            fields: &[],
        },
        KindShape {
            tag: "int",
            description: "A whole number from `min` to `max`.",
            fields: &[("min", "The least value."), ("max", "The greatest value.")],
        },
        KindShape {
            tag: "int_or_off",
            description:
                "0 switches the setting off; otherwise a whole number from `min` to `max`.",
            fields: &[
                ("min", "The least value but 0."),
                ("max", "The greatest value."),
            ],
        },
        KindShape {
            tag: "string",
            description: "Text of at most `max_length` characters.",
            fields: &[("max_length", "The most characters.")],
        },
        KindShape {
            tag: "url",
            description: "An https:// URL of at most `max_length` characters, or empty for none.",
            fields: &[("max_length", "The most characters.")],
        },
    ];
}

impl PartialSchema for PropertyKind {
    fn schema() -> RefOr<Schema> {
        let mut one_of = OneOfBuilder::new().description(Some(
            "The type and range of a property, told apart by `type`.",
        ));
        for KindShape {
            tag,
            description,
            fields,
        } in Self::KINDS
        {
            let mut object = ObjectBuilder::new()
                .schema_type(Type::Object)
                .title(Some(format!("PropertyKind_{tag}")))
                .description(Some(description))
                .property(
                    "type",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([tag])),
                )
                .required("type");
            for (field, about) in fields {
                object = object
                    .property(
                        *field,
                        ObjectBuilder::new()
                            .schema_type(Type::Integer)
                            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                            .description(Some(*about)),
                    )
                    .required(*field);
            }
            one_of = one_of.item(object);
        }
        one_of.into()
    }
}

impl ToSchema for PropertyKind {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("PropertyKind")
    }
}

/// One verification of a process.
#[derive(ToSchema)]
#[schema(as = ProcessVerification)]
#[allow(dead_code)] // Described, never built: `sesame_core::process` holds the real one.
pub struct ProcessVerificationSchema {
    /// A verification id, such as `email` or `qa`.
    id: String,
    /// A mandatory verification must pass; it counts toward `min_verifications`.
    #[schema(required = false, default = false)]
    mandatory: bool,
}

/// The password policy of a process; each field left out takes its default.
#[derive(ToSchema)]
#[schema(as = PasswordPolicy)]
#[allow(dead_code)] // Described, never built: `sesame_core::password` holds the real one.
pub struct PasswordPolicySchema {
    #[schema(required = false, default = 12, minimum = 0)]
    min_length: u64,
    #[schema(required = false, default = 256, minimum = 0)]
    max_length: u64,
    /// zxcvbn score from 0 to 4.
    #[schema(required = false, default = 3, minimum = 0, maximum = 4)]
    min_strength: u8,
    /// How many earlier passwords may not be used again (local store).
    #[schema(required = false, default = 5, minimum = 0)]
    history: u64,
}

/// A password reset process as the API shows and takes it. Fields with a default may be
/// left out when writing; reading always shows every field.
#[derive(ToSchema)]
#[schema(as = ProcessBody)]
#[allow(dead_code)] // Described, never built: `api::processes::ProcessBody` carries it.
pub struct ProcessSchema {
    /// Lower-case letters, digits, `-` and `_`; used in URLs.
    id: String,
    /// 1 to 100 characters.
    name: String,
    /// The groups whose members may use the process; empty means everyone.
    #[schema(required = false, default = json!([]))]
    groups: Vec<String>,
    identification: Identification,
    /// Self-service at a public page; otherwise the service desk only.
    public_access: bool,
    /// Starting a self-service request needs a solved proof-of-work CAPTCHA (`captcha` of
    /// `POST /api/v1/resets`, from `GET /api/v1/captcha`).
    #[schema(required = false, default = false)]
    captcha: bool,
    verifications: Vec<ProcessVerificationSchema>,
    /// How many verifications must pass, mandatory ones included.
    #[schema(minimum = 0)]
    min_verifications: u64,
    #[schema(required = false, default = "local")]
    credential_store: CredentialStore,
    /// The process may unlock the account instead of resetting the password.
    #[schema(required = false, default = false)]
    allow_unlock: bool,
    /// A reset also clears the account's lockout.
    #[schema(required = false, default = false)]
    unlock_after_reset: bool,
    #[schema(required = false, default = "off")]
    auto_generate: AutoGenerate,
    #[schema(required = false)]
    password_policy: PasswordPolicySchema,
    /// An inactive process starts no requests; `DELETE` deactivates.
    #[schema(required = false, default = true)]
    active: bool,
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use sesame_core::process::{
        AutoGenerate as CoreAutoGenerate, CredentialStore as CoreCredentialStore,
        Identification as CoreIdentification, ProcessDefinition, ProcessVerification,
    };
    use sesame_core::property::PROPERTIES;
    use sesame_core::verification::Assurance as CoreAssurance;
    use utoipa::openapi::schema::Schema;
    use utoipa::openapi::RefOr;

    use super::*;

    fn json_of(schema: RefOr<Schema>) -> serde_json::Value {
        serde_json::to_value(schema).unwrap_or_default()
    }

    fn property_names(schema: RefOr<Schema>) -> BTreeSet<String> {
        json_of(schema)["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// Each value serialises to a name the set lists, and the set lists no other.
    fn check_set<T: serde::Serialize>(values: &[T], set: Vec<&'static str>) {
        let names: Vec<String> = values
            .iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap_or_default()
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(names, set);
    }

    #[test]
    fn sets_named_by_serde_match_the_types_they_describe() {
        check_set(
            &[
                CoreAssurance::Low,
                CoreAssurance::Medium,
                CoreAssurance::High,
            ],
            Assurance::values(),
        );
        check_set(
            &[CoreIdentification::Username, CoreIdentification::Email],
            Identification::values(),
        );
        check_set(
            &[CoreCredentialStore::Local, CoreCredentialStore::Ldap],
            CredentialStore::values(),
        );
        check_set(
            &[
                CoreAutoGenerate::Off,
                CoreAutoGenerate::Show,
                CoreAutoGenerate::Email,
                CoreAutoGenerate::Sms,
            ],
            AutoGenerate::values(),
        );
        check_set(
            &[CoreUserStatus::Active, CoreUserStatus::Disabled],
            UserStatus::values(),
        );
    }

    #[test]
    fn the_process_schema_has_every_field_the_server_sends() {
        let definition = ProcessDefinition {
            groups: Vec::new(),
            identification: CoreIdentification::Username,
            public_access: true,
            captcha: false,
            verifications: vec![ProcessVerification {
                id: "email".to_owned(),
                mandatory: true,
            }],
            min_verifications: 1,
            credential_store: CoreCredentialStore::Local,
            allow_unlock: false,
            unlock_after_reset: false,
            auto_generate: CoreAutoGenerate::Off,
            password_policy: Default::default(),
        };
        let sent = serde_json::to_value(&definition).unwrap_or_default();
        let mut fields: BTreeSet<String> = sent
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        fields.extend(["id", "name", "active"].map(String::from));
        assert_eq!(property_names(ProcessSchema::schema()), fields);
        let policy: BTreeSet<String> = sent["password_policy"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(property_names(PasswordPolicySchema::schema()), policy);
        let verification: BTreeSet<String> = sent["verifications"][0]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(
            property_names(ProcessVerificationSchema::schema()),
            verification
        );
    }

    #[test]
    fn every_property_kind_and_value_fits_the_schema() {
        let kinds = json_of(PropertyKind::schema());
        let branches = kinds["oneOf"].as_array().cloned().unwrap_or_default();
        for def in PROPERTIES {
            let kind = serde_json::to_value(def.kind).unwrap_or_default();
            let tag = kind["type"].clone();
            let Some(branch) = branches
                .iter()
                .find(|b| b["properties"]["type"]["enum"][0] == tag)
            else {
                panic!("{}: kind {tag} is not in the PropertyKind schema", def.key);
            };
            let declared: BTreeSet<&String> = branch["properties"]
                .as_object()
                .map(|p| p.keys().collect())
                .unwrap_or_default();
            let sent: BTreeSet<&String> = kind
                .as_object()
                .map(|o| o.keys().collect())
                .unwrap_or_default();
            assert_eq!(declared, sent, "{}", def.key);
            let value = serde_json::to_value(def.from_stored(None)).unwrap_or_default();
            assert!(
                value.is_boolean() || value.is_i64() || value.is_string(),
                "{}: {value}",
                def.key
            );
        }
    }
}
