//! Voice services: saved only when they keep the factor rules, each broken rule reported with
//! its own code, and shown with their problems when the rules change under them. The JWKS
//! that publishes the keys of voice assertions.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::*;
use crate::on_every_backend;

const SERVICES: &str = "/api/v1/voice/services";
const JWKS: &str = "/api/v1/voice/jwks.json";

/// A service body: identified by phone, with these factors.
fn service(id: &str, first: &str, second: Option<&str>, step_up: Option<&str>) -> Value {
    json!({
        "id": id, "name": format!("Line {id}"),
        "identification": [{"field": "phone"}, {"field": "employee_id"}],
        "first": first, "second": second, "step_up": step_up,
    })
}

fn problem_codes(view: &Value) -> Vec<String> {
    view["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

on_every_backend! {
    async fn a_service_that_keeps_the_rules_is_saved_read_replaced_and_removed(app) {
        let mut billing = service("billing", "soft_pin", Some("authenticator"), Some("sms"));
        billing["input_types"] = json!({"soft_pin": "voice"});
        let created = app.admin(Method::POST, SERVICES, Some(billing)).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
        let view = app.admin_get(&format!("{SERVICES}/billing")).await.json();
        assert_eq!(view["identification"], json!([{"field": "phone"}, {"field": "employee_id"}]));
        assert_eq!((view["first"].as_str(), view["second"].as_str(), view["step_up"].as_str()),
            (Some("soft_pin"), Some("authenticator"), Some("sms")));
        assert_eq!(view["input_types"], json!({"soft_pin": "voice"}));
        assert_eq!(view["problems"], json!([]));
        assert_eq!(app.admin_get(SERVICES).await.json().as_array().map(Vec::len), Some(1));

        let again = app.admin(Method::POST, SERVICES, Some(service("billing", "authenticator", Some("soft_pin"), None))).await;
        assert_eq!((again.status, again.code().as_str()), (StatusCode::CONFLICT, "voice_service.exists"));

        let replaced = app.admin(Method::PUT, &format!("{SERVICES}/billing"), Some(service("billing", "authenticator", Some("soft_pin"), None))).await;
        assert_eq!(replaced.json()["first"], "authenticator", "{}", replaced.text);
        assert_eq!(replaced.json()["step_up"], json!(null));
        let moved = app.admin(Method::PUT, &format!("{SERVICES}/billing"), Some(service("other", "authenticator", Some("soft_pin"), None))).await;
        assert_eq!(moved.code(), "voice_service.id_mismatch");
        let nowhere = app.admin(Method::PUT, &format!("{SERVICES}/nowhere"), Some(service("nowhere", "authenticator", Some("soft_pin"), None))).await;
        assert_eq!((nowhere.status, nowhere.code().as_str()), (StatusCode::NOT_FOUND, "voice_service.not_found"));

        assert_eq!(app.admin(Method::DELETE, &format!("{SERVICES}/billing"), None).await.status, StatusCode::NO_CONTENT);
        assert_eq!(app.admin_get(&format!("{SERVICES}/billing")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(app.admin(Method::DELETE, &format!("{SERVICES}/billing"), None).await.status, StatusCode::NOT_FOUND);
        let trail: Vec<String> = app.audit("action=voice_service.").await.iter()
            .map(|r| r["action"].as_str().unwrap_or_default().to_owned()).collect();
        assert_eq!(trail, ["voice_service.delete", "voice_service.update", "voice_service.create"]);

        let robot = app.api_key("orchestrator").await;
        assert_eq!(app.get(SERVICES, Some(&robot)).await.status, StatusCode::FORBIDDEN);
    }

    async fn each_broken_factor_rule_is_refused_with_its_own_code(app) {
        let refused = app.admin(Method::POST, SERVICES, Some(json!({
            "id": "Bad Id", "name": "", "identification": [],
            "first": "sms", "second": "qa", "step_up": "soft_pin",
            "input_types": {"qa": "voice"},
        }))).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.detail_codes(), [
            "voice_service.id_invalid", "voice_service.name_invalid",
            "voice_service.identification_required", "voice_service.first_not_allowed",
            "voice_service.second_not_allowed", "voice_service.step_up_not_allowed",
            "voice_service.input_type_not_numeric",
        ]);
        let cases = [
            (service("a", "email", Some("soft_pin"), None), "voice_service.first_not_allowed"),
            (service("a", "soft_pin", None, None), "voice_service.second_required"),
            (service("a", "soft_pin", Some("soft_pin"), None), "voice_service.same_factor_twice"),
            (service("a", "soft_pin", Some("no_such"), None), "voice_service.verification_unknown"),
            (service("a", "enter_username", Some("soft_pin"), None), "voice_service.first_not_allowed"),
        ];
        for (body, code) in cases {
            let reply = app.admin(Method::POST, SERVICES, Some(body.clone())).await;
            assert_eq!(reply.code(), code, "{body}");
        }
        let unknown_field = app.admin(Method::POST, SERVICES, Some(json!({
            "id": "a", "name": "A", "identification": [{"field": "shoe_size"}], "first": "authenticator",
        }))).await;
        assert_eq!(unknown_field.status, StatusCode::BAD_REQUEST);
        assert_eq!(app.admin_get(SERVICES).await.json(), json!([]), "nothing was saved");
    }

    async fn a_change_of_policy_shows_what_a_saved_service_no_longer_keeps(app) {
        app.set_property("voice.authenticate.mfa_mandatory", json!(false)).await;
        let alone = app.admin(Method::POST, SERVICES, Some(service("pin_only", "soft_pin", None, None))).await;
        assert_eq!(alone.status, StatusCode::CREATED, "{}", alone.text);
        let questions_alone = app.admin(Method::POST, SERVICES, Some(service("qa_only", "qa", None, None))).await;
        assert_eq!(questions_alone.code(), "voice_service.alone_not_allowed");
        app.admin(Method::POST, SERVICES, Some(service("stepped", "authenticator", Some("soft_pin"), Some("sms")))).await;

        app.set_property("voice.authenticate.mfa_mandatory", json!(true)).await;
        app.set_property("voice.step_up.enabled", json!(false)).await;
        let pin_only = app.admin_get(&format!("{SERVICES}/pin_only")).await.json();
        assert_eq!(problem_codes(&pin_only), ["voice_service.second_required"]);
        let stepped = app.admin_get(&format!("{SERVICES}/stepped")).await.json();
        assert_eq!(problem_codes(&stepped), ["voice_service.step_up_disabled"]);
        // A verification switched off shows too.
        app.admin(Method::PATCH, "/api/v1/verifications/sms", Some(json!({"active": false}))).await;
        app.set_property("voice.step_up.enabled", json!(true)).await;
        let stepped = app.admin_get(&format!("{SERVICES}/stepped")).await.json();
        assert_eq!(problem_codes(&stepped), ["voice_service.verification_unknown"]);
    }
}

#[tokio::test]
async fn without_the_voice_module_there_are_no_voice_services() {
    let app = TestApp::spawn_configured(Backend::Sqlite, |s| s.modules.clear()).await;
    let reply = app
        .admin(
            Method::POST,
            SERVICES,
            Some(service("a", "authenticator", Some("soft_pin"), None)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(JWKS, None).await.status, StatusCode::NOT_FOUND);
    let key = app.api_key("orchestrator").await;
    for path in ["/api/v1/voice/sessions", "/api/v1/verify"] {
        let reply = app.post(path, Some(&key), json!({})).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Nor are there the module's properties.
    let keys: Vec<String> = app
        .admin_get("/api/v1/properties")
        .await
        .json()
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["key"].as_str().map(str::to_owned))
        .collect();
    assert!(keys.contains(&"signin.max_failures".to_owned()), "{keys:?}");
    assert!(
        !keys
            .iter()
            .any(|k| k.starts_with("voice.") || k.starts_with("soft_pin.")),
        "{keys:?}"
    );
    let hidden = app
        .admin(
            Method::PUT,
            "/api/v1/properties/voice.max_failures",
            Some(json!({"value": 5})),
        )
        .await;
    assert_eq!(
        (hidden.status, hidden.code().as_str()),
        (StatusCode::NOT_FOUND, "property.unknown")
    );
    let doc = app.get("/api/v1/openapi.json", None).await.json();
    for path in [SERVICES, JWKS, "/api/v1/voice/sessions", "/api/v1/verify"] {
        assert!(
            doc["paths"].get(path).is_none(),
            "{path} is not in the document either"
        );
    }
}

#[tokio::test]
async fn the_jwks_is_public_and_verifies_what_sesame_signs() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let reply = app.get(JWKS, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.header("cache-control"), Some("public, max-age=120"));
    let jwks = reply.json();
    let keys = jwks["keys"].as_array().cloned().unwrap_or_default();
    assert_eq!(keys.len(), 1, "{jwks}");
    let members: Vec<&str> = keys[0]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(members.len(), 6, "{jwks}");
    for (member, value) in [
        ("kty", "OKP"),
        ("crv", "Ed25519"),
        ("alg", "EdDSA"),
        ("use", "sig"),
    ] {
        assert_eq!(keys[0][member], value, "{jwks}");
    }
    for member in ["x", "kid"] {
        assert!(
            keys[0][member].as_str().is_some_and(|v| !v.is_empty()),
            "{jwks}"
        );
    }

    // What the voice flows sign verifies with the published key its kid names.
    let claims = json!({"sub": "alice", "exp": app.state.now().unix_seconds() + 300});
    let token = app
        .state
        .sign_assertion(&claims)
        .unwrap_or_else(|e| panic!("{e}"));
    let set: jsonwebtoken::jwk::JwkSet =
        serde_json::from_str(&reply.text).unwrap_or_else(|e| panic!("{e}"));
    let kid = jsonwebtoken::decode_header(&token)
        .ok()
        .and_then(|header| header.kid)
        .unwrap_or_default();
    let jwk = set
        .find(&kid)
        .unwrap_or_else(|| panic!("kid {kid} is not published"));
    let key = jsonwebtoken::DecodingKey::from_jwk(jwk).unwrap_or_else(|e| panic!("{e}"));
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    // The server's clock is the test's, not the real one.
    validation.validate_exp = false;
    let decoded = jsonwebtoken::decode::<Value>(&token, &key, &validation);
    assert_eq!(decoded.ok().map(|data| data.claims), Some(claims));

    let doc = app.get("/api/v1/openapi.json", None).await.json();
    let operation = &doc["paths"][JWKS]["get"];
    assert_eq!(operation["operationId"], "get_voice_jwks");
    assert!(
        operation["security"].as_array().is_none_or(Vec::is_empty),
        "no token needed: {operation}"
    );
}
