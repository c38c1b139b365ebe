//! The OpenAPI document as a client generator reads it: unique operation ids, parameters
//! where they are sent, an error response on every operation, every reference resolved;
//! and, with the Python tools installed, a generated client used as an integrator would.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, TestApp, BOOTSTRAP_TOKEN};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

/// Every operation as `(method, path, operation)`.
fn operations(doc: &Value) -> Vec<(&'static str, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for method in METHODS {
            if item[method].is_object() {
                found.push((method, path.clone(), item[method].clone()));
            }
        }
    }
    found
}

async fn document(app: &TestApp) -> Value {
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    reply.json()
}

/// Every `$ref` in `value`, as the schema name it points at.
fn references(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_str()) {
                    ("$ref", Some(target)) => {
                        out.insert(target.to_owned());
                    }
                    _ => references(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_openapi_document_is_one_a_client_generator_can_use() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc = document(&app).await;
    let all = operations(&doc);
    assert!(all.len() >= 40, "only {} operations", all.len());

    let mut ids = BTreeSet::new();
    for (method, path, operation) in &all {
        let at = format!("{method} {path}");
        let id = operation["operationId"].as_str().unwrap_or_default();
        assert!(!id.is_empty(), "{at} has no operationId");
        assert!(
            ids.insert(id.to_owned()),
            "{at}: operationId {id} is used twice"
        );

        let in_template: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        let mut declared = BTreeSet::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap_or_default();
            match parameter["in"].as_str() {
                Some("path") => {
                    assert!(
                        in_template.contains(name),
                        "{at}: path parameter {name} is not in the path"
                    );
                    assert_eq!(parameter["required"], true, "{at}: path parameter {name}");
                    declared.insert(name);
                }
                Some("query") => assert!(
                    !parameter["schema"]["type"]
                        .as_array()
                        .is_some_and(|t| t.contains(&Value::from("null"))),
                    "{at}: query parameter {name} is optional, not null"
                ),
                other => panic!("{at}: parameter {name} in {other:?}"),
            }
        }
        assert_eq!(declared, in_template, "{at}: path parameters");

        let responses = &operation["responses"];
        assert_eq!(
            responses["default"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "{at}: no default error response"
        );
        if operation["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
        {
            for status in ["401", "403"] {
                assert!(responses[status].is_object(), "{at}: no {status}");
            }
        }
        if operation["requestBody"].is_object() {
            assert!(responses["400"].is_object(), "{at}: no 400");
        }
        for (status, response) in responses.as_object().into_iter().flatten() {
            assert!(
                !response["description"]
                    .as_str()
                    .unwrap_or_default()
                    .is_empty(),
                "{at}: response {status} has no description"
            );
        }
    }
    for id in [
        "start_reset",
        "start_desk_reset",
        "answer_reset_challenge",
        "answer_desk_reset_challenge",
    ] {
        assert!(ids.contains(id), "{id}");
    }

    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| !t["description"].as_str().unwrap_or_default().is_empty())
        .filter_map(|t| t["name"].as_str())
        .collect();
    for (at, _, operation) in &all {
        for tag in operation["tags"].as_array().into_iter().flatten() {
            let tag = tag.as_str().unwrap_or_default();
            assert!(tags.contains(tag), "{at}: tag {tag} has no description");
        }
    }

    let mut targets = BTreeSet::new();
    references(&doc, &mut targets);
    let schemas = &doc["components"]["schemas"];
    for target in targets {
        let name = target
            .strip_prefix("#/components/schemas/")
            .unwrap_or(&target);
        assert!(schemas[name].is_object(), "{target} does not resolve");
    }

    let schema = |name: &str| schemas[name].clone();
    assert_eq!(
        schema("AuditView")["properties"]["detail"]["type"],
        serde_json::json!(["object", "null"])
    );
    assert_eq!(
        schema("PropertyValue")["oneOf"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(
        schema("UserView")["properties"]["created_at"]["format"],
        "date-time"
    );
    assert_eq!(
        schema("UserStatus")["enum"],
        serde_json::json!(["active", "disabled"])
    );
    assert_eq!(
        schema("PageOf_UserView")["properties"]["items"]["items"]["$ref"],
        "#/components/schemas/UserView"
    );
    let process: BTreeSet<&str> = schemas["ProcessBody"]["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k.as_str())
        .collect();
    for field in [
        "groups",
        "identification",
        "verifications",
        "min_verifications",
        "auto_generate",
        "password_policy",
        "active",
    ] {
        assert!(process.contains(field), "ProcessBody has no {field}");
    }
    assert!(schema("ErrorObject")["required"]
        .as_array()
        .is_some_and(|r| !r.contains(&Value::from("details"))));
}

/// Runs a command off the async runtime (the server under test shares it), or panics
/// saying what to install.
async fn run(program: &str, args: Vec<String>, env: Vec<(&'static str, String)>) -> Output {
    let name = program.to_owned();
    tokio::task::spawn_blocking(move || Command::new(&name).args(&args).envs(env).output())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| {
            panic!(
                "{program} cannot run ({e}); install the tools with \
                 `pip install openapi-spec-validator openapi-python-client`"
            )
        })
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn path_arg(path: &Path) -> String {
    path.display().to_string()
}

#[tokio::test]
#[ignore = "needs openapi-python-client and openapi-spec-validator (pip)"]
async fn a_generated_python_client_works() {
    for program in ["openapi-spec-validator", "openapi-python-client"] {
        let version = run(program, vec!["--version".into()], Vec::new()).await;
        assert!(
            version.status.success(),
            "{program} --version: {}",
            text(&version)
        );
    }
    let app = TestApp::spawn(Backend::Sqlite).await;
    let reply = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let doc = dir.path().join("openapi.json");
    std::fs::write(&doc, &reply.text).unwrap_or_else(|e| panic!("{e}"));

    let validated = run("openapi-spec-validator", vec![path_arg(&doc)], Vec::new()).await;
    assert!(validated.status.success(), "{}", text(&validated));

    let package = dir.path().join("sesame_client");
    let generated = run(
        "openapi-python-client",
        vec![
            "generate".into(),
            "--path".into(),
            path_arg(&doc),
            "--output-path".into(),
            path_arg(&package),
            "--meta".into(),
            "none".into(),
        ],
        Vec::new(),
    )
    .await;
    let said = text(&generated);
    assert!(generated.status.success(), "{said}");
    // The generator skips what it cannot read with a warning and still succeeds.
    assert!(
        !said.contains("WARNING"),
        "the generator left something out:\n{said}"
    );

    let script: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "api",
        "openapi_client.py",
    ]
    .iter()
    .collect();
    let used = run(
        "python3",
        vec![
            path_arg(&script),
            app.address.clone(),
            BOOTSTRAP_TOKEN.to_owned(),
        ],
        vec![("PYTHONPATH", path_arg(dir.path()))],
    )
    .await;
    assert!(
        used.status.success(),
        "the generated client failed:\n{}",
        text(&used)
    );
    assert!(text(&used).contains("ok: "), "{}", text(&used));
}
