//! The structural and OpenAPI rules, one schema each, with the apiserver's paths and wording.

use super::*;
use serde_json::json;

const ROOT: &str = "spec.validation.openAPIV3Schema";

fn errors(schema: Value) -> Vec<String> {
    let mut out = structural(&schema, ROOT);
    crate::crd_openapi::check(&schema, ROOT, &mut out);
    out.into_iter()
        .map(|(_, f, m)| format!("{f}: {m}"))
        .collect()
}

fn obj(props: Value) -> Value {
    json!({"type": "object", "properties": props})
}

#[test]
fn clean_schemas_pass() {
    assert!(
        errors(json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true})).is_empty()
    );
    let clean = obj(json!({
        "apiVersion": {"type": "string"}, "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": {"type": "object", "properties": {
            "port": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
            "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
            "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}},
            "either": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}}},
        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}));
    assert_eq!(errors(clean), Vec::<String>::new());
}

#[test]
fn every_node_needs_a_type() {
    assert_eq!(
        errors(json!({"properties": {"spec": {"type": "object"}}})),
        vec![format!(
            "{ROOT}.type: Required value: must not be empty at the root"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"spec": {"properties": {"x": {"type": "string"}}}})
        )),
        vec![format!(
            "{ROOT}.properties[spec].type: Required value: must not be empty for specified object fields"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"list": {"type": "array", "items": {"properties": {"x": {"type": "string"}}}}})
        )),
        vec![format!(
            "{ROOT}.properties[list].items.type: Required value: must not be empty for specified array items"
        )]
    );
    assert_eq!(
        errors(obj(json!({"list": {"type": "array"}}))),
        vec![format!(
            "{ROOT}.properties[list].items: Required value: must be specified"
        )]
    );
    assert_eq!(
        errors(json!({"type": "string"})),
        vec![format!(
            "{ROOT}.type: Invalid value: \"string\": must be object at the root"
        )]
    );
}

#[test]
fn additional_properties_rules() {
    assert_eq!(
        errors(json!({"type": "object", "additionalProperties": {"type": "string"}})),
        vec![format!(
            "{ROOT}.additionalProperties: Forbidden: must not be used at the root"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"m": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}})
        )),
        vec![format!(
            "{ROOT}.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"
        )]
    );
    // additionalProperties: true beside properties is allowed.
    assert!(errors(obj(json!({"m": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": true}}))).is_empty());
}

#[test]
fn metadata_and_meta_fields() {
    assert!(errors(obj(json!({"metadata": {"type": "object", "properties": {"name": {"type": "string", "maxLength": 63}}}}))).is_empty());
    assert_eq!(
        errors(obj(
            json!({"metadata": {"type": "object", "properties": {"labels": {"type": "object"}}}})
        )),
        vec![format!(
            "{ROOT}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified"
        )]
    );
    assert_eq!(
        errors(obj(json!({"kind": {"type": "integer"}}))),
        vec![format!(
            "{ROOT}.properties[kind].type: Invalid value: \"integer\": must be string"
        )]
    );
}

#[test]
fn value_validations_stay_structural() {
    assert_eq!(
        errors(obj(
            json!({"x": {"type": "object", "properties": {"a": {"type": "string"}}, "anyOf": [{"type": "object", "required": ["a"]}]}})
        )),
        vec![format!(
            "{ROOT}.properties[x].anyOf[0].type: Forbidden: must be empty to be structural"
        )]
    );
    assert_eq!(
        errors(
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "anyOf": [{"properties": {"b": {"minLength": 1}}}]})
        ),
        vec![format!(
            "{ROOT}.properties[b]: Required value: because it is defined in {ROOT}.anyOf[0].properties[b]"
        )]
    );
    assert_eq!(
        errors(
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "allOf": [{"properties": {"metadata": {}}}]})
        ),
        vec![
            format!(
                "{ROOT}.allOf[0].properties[metadata]: Forbidden: must not be specified in a nested context"
            ),
            format!(
                "{ROOT}.properties[metadata]: Required value: because it is defined in {ROOT}.allOf[0].properties[metadata]"
            ),
        ]
    );
}

#[test]
fn extension_and_openapi_rules() {
    assert_eq!(
        errors(obj(
            json!({"x": {"type": "string", "x-kubernetes-preserve-unknown-fields": false}})
        )),
        vec![format!(
            "{ROOT}.properties[x].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"x": {"x-kubernetes-int-or-string": true, "x-kubernetes-preserve-unknown-fields": true}})
        )),
        vec![format!(
            "{ROOT}.properties[x].x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true"
        )]
    );
    assert_eq!(
        errors(obj(json!({"x": {"type": "text"}}))),
        vec![format!(
            "{ROOT}.properties[x].type: Unsupported value: \"text\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\""
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"x": {"type": "object", "$ref": "#/definitions/y"}})
        )),
        vec![format!(
            "{ROOT}.properties[x].$ref: Forbidden: $ref is not supported"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"l": {"type": "array", "x-kubernetes-list-type": "map", "items": {"type": "object", "properties": {"a": {"type": "string"}}}}})
        )),
        vec![format!(
            "{ROOT}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"
        )]
    );
    assert_eq!(
        errors(obj(
            json!({"l": {"type": "array", "uniqueItems": true, "items": {"type": "string"}}})
        )),
        vec![format!(
            "{ROOT}.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"
        )]
    );
}
