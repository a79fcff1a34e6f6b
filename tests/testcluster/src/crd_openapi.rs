//! The OpenAPI rules a real apiserver applies to every node of a CRD's schema, beyond the
//! structural ones (kubernetes/apiextensions-apiserver@v0.33.13
//! pkg/apis/apiextensions/validation/validation.go: `ValidateCustomResourceDefinitionOpenAPISchema`
//! and `specStandardValidatorV3.validate`), with its field paths and wording.

use crate::crd_schema::{Cause, forbidden, invalid, not_supported, required};
use serde_json::{Value, json};

const TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];

fn str_of<'a>(s: &'a Value, k: &str) -> &'a str {
    s.get(k).and_then(Value::as_str).unwrap_or("")
}

fn standard(s: &Value, path: &str, out: &mut Vec<Cause>) {
    let typ = str_of(s, "type");
    if !typ.is_empty() && !TYPES.contains(&typ) {
        out.push(not_supported(&format!("{path}.type"), typ, TYPES));
    }
    for (k, why) in [
        ("id", "id is not supported"),
        ("additionalItems", "additionalItems is not supported"),
        ("patternProperties", "patternProperties is not supported"),
        ("definitions", "definitions is not supported"),
        ("dependencies", "dependencies is not supported"),
        ("$ref", "$ref is not supported"),
    ] {
        let present = match s.get(k) {
            None | Some(Value::Null) => false,
            Some(Value::String(v)) => !v.is_empty(),
            Some(Value::Object(m)) if k == "patternProperties" || k == "definitions" => {
                !m.is_empty()
            }
            Some(_) => true,
        };
        if present {
            out.push(forbidden(&format!("{path}.{k}"), why));
        }
    }
    if typ == "null" {
        out.push(forbidden(
            &format!("{path}.type"),
            "type cannot be set to null, use nullable as an alternative",
        ));
    }
    if s.get("items").is_some_and(Value::is_array) {
        out.push(forbidden(
            &format!("{path}.items"),
            "items must be a schema object and not an array",
        ));
    }
}

fn list_and_map_types(s: &Value, path: &str, out: &mut Vec<Cause>) {
    let typ = str_of(s, "type");
    let type_path = format!("{path}.type");
    let typ_value = json!(typ);
    if let Some(mt) = s.get("x-kubernetes-map-type") {
        if typ != "object" {
            let why = "must be object if x-kubernetes-map-type is specified";
            out.push(if typ.is_empty() {
                required(&type_path, why)
            } else {
                invalid(&type_path, &typ_value, why)
            });
        }
        let v = mt.as_str().unwrap_or("");
        if v != "atomic" && v != "granular" {
            out.push(not_supported(
                &format!("{path}.x-kubernetes-map-type"),
                v,
                &["atomic", "granular"],
            ));
        }
    }
    let list_type = s
        .get("x-kubernetes-list-type")
        .map(|v| v.as_str().unwrap_or(""));
    if list_type.is_some() && typ != "array" {
        let why = "must be array if x-kubernetes-list-type is specified";
        out.push(if typ.is_empty() {
            required(&type_path, why)
        } else {
            invalid(&type_path, &typ_value, why)
        });
    }
    if let Some(lt) = list_type
        && !matches!(lt, "atomic" | "set" | "map")
    {
        out.push(not_supported(
            &format!("{path}.x-kubernetes-list-type"),
            lt,
            &["atomic", "set", "map"],
        ));
    }
    let keys: Vec<&str> = s
        .get("x-kubernetes-list-map-keys")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let lt_path = format!("{path}.x-kubernetes-list-type");
    if !keys.is_empty() {
        let why = "must be map if x-kubernetes-list-map-keys is non-empty";
        match list_type {
            None => out.push(required(&lt_path, why)),
            Some(lt) if lt != "map" => out.push(invalid(&lt_path, &json!(lt), why)),
            _ => {}
        }
    }
    if list_type != Some("map") {
        return;
    }
    if keys.is_empty() {
        out.push(required(
            &format!("{path}.x-kubernetes-list-map-keys"),
            "must not be empty if x-kubernetes-list-type is map",
        ));
    }
    let Some(items) = s.get("items") else {
        out.push(required(
            &format!("{path}.items"),
            "must have a schema if x-kubernetes-list-type is map",
        ));
        return;
    };
    let item_type = str_of(items, "type");
    if item_type != "object" {
        out.push(invalid(
            &format!("{path}.items.type"),
            &json!(item_type),
            "must be object if parent array's x-kubernetes-list-type is map",
        ));
        return;
    }
    let item_props = items.get("properties").and_then(Value::as_object);
    for k in &keys {
        match item_props.and_then(|p| p.get(*k)) {
            Some(p) if matches!(str_of(p, "type"), "array" | "object") => out.push(invalid(
                &format!("{path}.items.properties[{k}].type"),
                &json!(item_type),
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
            )),
            Some(_) => {}
            None => out.push(invalid(
                &format!("{path}.x-kubernetes-list-map-keys"),
                &json!(keys),
                "entries must all be names of item properties",
            )),
        }
    }
}

/// The OpenAPI errors of a schema node and everything below it.
pub fn check(s: &Value, path: &str, out: &mut Vec<Cause>) {
    if !s.is_object() {
        return;
    }
    standard(s, path, out);
    if s.get("uniqueItems").and_then(Value::as_bool) == Some(true) {
        out.push(forbidden(
            &format!("{path}.uniqueItems"),
            "uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
        ));
    }
    let has_props = s
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    match s.get("additionalProperties") {
        Some(Value::Bool(true)) | None => {}
        Some(ap) => {
            if has_props {
                out.push(forbidden(
                    &format!("{path}.additionalProperties"),
                    "additionalProperties and properties are mutual exclusive",
                ));
            }
            check(ap, &format!("{path}.additionalProperties"), out);
        }
    }
    for (k, p) in s
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        check(p, &format!("{path}.properties[{k}]"), out);
    }
    if let Some(n) = s.get("not") {
        check(n, &format!("{path}.not"), out);
    }
    for k in ["allOf", "oneOf", "anyOf"] {
        for (i, sub) in s
            .get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            check(sub, &format!("{path}.{k}[{i}]"), out);
        }
    }
    if let Some(items) = s.get("items").filter(|i| i.is_object()) {
        check(items, &format!("{path}.items"), out);
    }
    if s.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(false)) {
        out.push(invalid(
            &format!("{path}.x-kubernetes-preserve-unknown-fields"),
            &Value::Bool(false),
            "must be true or undefined",
        ));
    }
    list_and_map_types(s, path, out);
}
