//! Tests of schema validation: built-in schemas with $ref, CRD schemas, every kind of violation.

use super::*;
use serde_json::json;

fn document() -> Value {
    json!({"components": {"schemas": {
        "io.k8s.api.apps.v1.Deployment": {
            "type": "object",
            "x-kubernetes-group-version-kind": [{"group": "apps", "version": "v1", "kind": "Deployment"}],
            "properties": {
                "apiVersion": {"type": "string"}, "kind": {"type": "string"},
                "metadata": {"allOf": [{"$ref": "#/components/schemas/Meta"}]},
                "spec": {"allOf": [{"$ref": "#/components/schemas/Spec"}]}
            }
        },
        "Meta": {"type": "object", "properties": {
            "name": {"type": "string"},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}}
        }},
        "Spec": {"type": "object", "required": ["selector"], "properties": {
            "replicas": {"type": "integer", "minimum": 0},
            "selector": {"type": "object"},
            "strategy": {"type": "object", "properties": {"type": {"type": "string", "enum": ["Recreate", "RollingUpdate"]}}},
            "maxSurge": {"x-kubernetes-int-or-string": true}
        }}
    }}})
}

fn check(object: Value) -> Vec<String> {
    let doc = document();
    let schema = schema_of(&doc, "apps", "v1", "Deployment").unwrap();
    violations(
        &object,
        schema,
        doc.pointer("/components/schemas")
            .and_then(Value::as_object),
    )
}

#[test]
fn a_valid_object_has_no_violations() {
    let ok = check(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "x", "labels": {"a": "b"}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"a": "b"}}, "maxSurge": "25%", "strategy": {"type": "Recreate"}}
    }));
    assert!(ok.is_empty(), "{ok:?}");
}

#[test]
fn wrong_types_unknown_fields_enums_bounds_and_required_are_named() {
    let bad = check(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "x", "labels": {"a": 1}},
        "spec": {"replicas": "two", "bogus": true, "strategy": {"type": "Sideways"}}
    }));
    assert!(
        bad.contains(&".metadata.labels.a: expected string, got integer 1".to_string()),
        "{bad:?}"
    );
    assert!(
        bad.contains(&".spec.replicas: expected integer, got string \"two\"".to_string()),
        "{bad:?}"
    );
    assert!(
        bad.contains(&".spec.bogus: field not declared in schema".to_string()),
        "{bad:?}"
    );
    assert!(
        bad.contains(&".spec.selector: Required value".to_string()),
        "{bad:?}"
    );
    assert!(
        bad.iter()
            .any(|v| v.starts_with(".spec.strategy.type: unsupported value \"Sideways\"")),
        "{bad:?}"
    );
    let negative = check(json!({"spec": {"replicas": -3, "selector": {}}}));
    assert_eq!(
        negative,
        [".spec.replicas: -3 should be greater than or equal to 0"]
    );
}

#[test]
fn crd_schemas_allow_the_object_header_and_preserved_fields() {
    let schema = json!({"type": "object", "properties": {"spec": {"type": "object",
        "x-kubernetes-preserve-unknown-fields": true, "properties": {"size": {"type": "integer"}}}}});
    let ok = violations(
        &json!({"apiVersion": "x/v1", "kind": "W", "metadata": {"name": "w"}, "spec": {"size": 1, "extra": 2}}),
        &schema,
        None,
    );
    assert!(ok.is_empty(), "{ok:?}");
    let bad = violations(&json!({"spec": {"size": "big"}, "other": 1}), &schema, None);
    assert_eq!(bad.len(), 2, "{bad:?}");
}
