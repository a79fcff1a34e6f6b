//! The checks a real apiserver makes on a CRD's `openAPIV3Schema`, with its field paths and
//! wording (kubernetes/apiextensions-apiserver@v0.33.13):
//! - structural rules (`pkg/apiserver/schema/validation.go`, `validateStructuralInvariants`): a
//!   type on every node unless `x-kubernetes-int-or-string` or `x-kubernetes-preserve-unknown-fields`
//!   say otherwise, `items` for arrays, no `additionalProperties` at the root, an object at the
//!   root, only name/generateName under the root's metadata, `apiVersion`/`kind` strings, the
//!   embedded-resource rules, and nothing but value validation inside anyOf/allOf/oneOf/not;
//! - completeness (`complete.go`): what a value validation names must be in the structure;
//! - the OpenAPI rules (`pkg/apis/apiextensions/validation/validation.go`): known types only, no
//!   `$ref`/`patternProperties`/`definitions`/`dependencies`/`additionalItems`/`id`/`uniqueItems`,
//!   `additionalProperties` and `properties` mutually exclusive, `x-kubernetes-preserve-unknown-fields`
//!   true or absent, and the list-type and map-type rules.
//!
//! Messages are `field.Error` bodies (`k8s.io/apimachinery/pkg/util/validation/field`).
//! Default values and CEL rules are not checked.

use serde_json::{Map, Value};

/// A field error: (cause reason, field path, message body).
pub type Cause = (String, String, String);

pub fn required(path: &str, detail: &str) -> Cause {
    let body = if detail.is_empty() {
        "Required value".to_string()
    } else {
        format!("Required value: {detail}")
    };
    ("FieldValueRequired".into(), path.into(), body)
}

pub fn forbidden(path: &str, detail: &str) -> Cause {
    (
        "FieldValueForbidden".into(),
        path.into(),
        format!("Forbidden: {detail}"),
    )
}

/// How Go's field errors print a bad value (`%q` for strings, `%v` for scalars).
pub fn go_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

pub fn invalid(path: &str, value: &Value, detail: &str) -> Cause {
    (
        "FieldValueInvalid".into(),
        path.into(),
        format!("Invalid value: {}: {detail}", go_value(value)),
    )
}

pub fn not_supported(path: &str, value: &str, supported: &[&str]) -> Cause {
    let quoted: Vec<String> = supported.iter().map(|s| format!("{s:?}")).collect();
    (
        "FieldValueNotSupported".into(),
        path.into(),
        format!(
            "Unsupported value: {value:?}: supported values: {}",
            quoted.join(", ")
        ),
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Root,
    Item,
    Field,
}

fn str_of<'a>(s: &'a Value, k: &str) -> &'a str {
    s.get(k).and_then(Value::as_str).unwrap_or("")
}

fn flag(s: &Value, k: &str) -> bool {
    s.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn props(s: &Value) -> Option<&Map<String, Value>> {
    s.get("properties").and_then(Value::as_object)
}

fn key(path: &str, child: &str, k: &str) -> String {
    format!("{path}.{child}[{k}]")
}

fn int_or_string_any_of(v: Option<&Value>) -> bool {
    v == Some(&serde_json::json!([{"type": "integer"}, {"type": "string"}]))
}

const VALUE_VALIDATIONS: &[&str] = &["anyOf", "allOf", "oneOf"];

/// Checks for schemas inside anyOf/allOf/oneOf/not: only value validation is allowed there.
fn nested(v: &Value, skip_any_of: bool, lvl: Level, path: &str, out: &mut Vec<Cause>) {
    if !v.is_object() {
        return;
    }
    value_validation(v, skip_any_of, false, lvl, path, out);
    if let Some(items) = v.get("items") {
        nested(items, false, lvl, &format!("{path}.items"), out);
    }
    for (k, p) in props(v).into_iter().flatten() {
        nested(p, false, Level::Field, &key(path, "properties", k), out);
    }
    let must = |how: &str| format!("must {how} to be structural");
    if !str_of(v, "type").is_empty() {
        out.push(forbidden(&format!("{path}.type"), &must("be empty")));
    }
    if v.get("additionalProperties").is_some() {
        out.push(forbidden(
            &format!("{path}.additionalProperties"),
            &must("be undefined"),
        ));
    }
    if v.get("default").is_some() {
        out.push(forbidden(&format!("{path}.default"), &must("be undefined")));
    }
    for k in ["title", "description"] {
        if !str_of(v, k).is_empty() {
            out.push(forbidden(&format!("{path}.{k}"), &must("be empty")));
        }
    }
    if flag(v, "nullable") {
        out.push(forbidden(&format!("{path}.nullable"), &must("be false")));
    }
    for k in [
        "x-kubernetes-preserve-unknown-fields",
        "x-kubernetes-embedded-resource",
        "x-kubernetes-int-or-string",
    ] {
        if flag(v, k) {
            out.push(forbidden(&format!("{path}.{k}"), &must("be false")));
        }
    }
    let non_empty = |k: &str| {
        v.get(k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    if non_empty("x-kubernetes-list-map-keys") {
        out.push(forbidden(
            &format!("{path}.x-kubernetes-list-map-keys"),
            &must("be empty"),
        ));
    }
    for k in ["x-kubernetes-list-type", "x-kubernetes-map-type"] {
        if v.get(k).is_some() {
            out.push(forbidden(&format!("{path}.{k}"), &must("be undefined")));
        }
    }
    if non_empty("x-kubernetes-validations") {
        out.push(forbidden(
            &format!("{path}.x-kubernetes-validations"),
            &must("be empty"),
        ));
    }
    if props(v).is_some_and(|p| p.contains_key("metadata")) {
        out.push(forbidden(
            &key(path, "properties", "metadata"),
            "must not be specified in a nested context",
        ));
    }
}

fn value_validation(
    s: &Value,
    skip_any_of: bool,
    skip_first_all_of: bool,
    lvl: Level,
    path: &str,
    out: &mut Vec<Cause>,
) {
    for k in VALUE_VALIDATIONS {
        if *k == "anyOf" && skip_any_of {
            continue;
        }
        for (i, v) in s
            .get(*k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let skip = *k == "allOf" && i == 0 && skip_first_all_of;
            nested(v, skip, lvl, &format!("{path}.{k}[{i}]"), out);
        }
    }
    if let Some(n) = s.get("not") {
        nested(n, false, lvl, &format!("{path}.not"), out);
    }
}

fn metadata(m: &Value, check: bool, lvl: Level, path: &str, out: &mut Vec<Cause>) {
    let typ = str_of(m, "type");
    if check && typ != "object" {
        out.push(invalid(
            &format!("{path}.type"),
            &Value::String(typ.into()),
            "must be object",
        ));
    }
    if lvl != Level::Root {
        return;
    }
    let only_names = props(m)
        .is_none_or(|p| !p.is_empty() && p.keys().all(|k| k == "name" || k == "generateName"));
    let other = m.as_object().is_some_and(|o| {
        o.keys().any(|k| {
            !matches!(
                k.as_str(),
                "type" | "default" | "properties" | "example" | "externalDocs"
            )
        })
    });
    if !only_names || other {
        out.push(forbidden(
            path,
            "must not specify anything other than name and generateName, but metadata is implicitly specified",
        ));
    }
}

fn invariants(s: &Value, lvl: Level, path: &str, out: &mut Vec<Cause>) {
    if !s.is_object() {
        return;
    }
    let typ = str_of(s, "type");
    let (int_or_string, preserve, embedded) = (
        flag(s, "x-kubernetes-int-or-string"),
        flag(s, "x-kubernetes-preserve-unknown-fields"),
        flag(s, "x-kubernetes-embedded-resource"),
    );
    if typ == "array" && s.get("items").is_none() {
        out.push(required(&format!("{path}.items"), "must be specified"));
    }
    if let Some(items) = s.get("items") {
        invariants(items, Level::Item, &format!("{path}.items"), out);
    }
    for (k, p) in props(s).into_iter().flatten() {
        invariants(p, Level::Field, &key(path, "properties", k), out);
    }
    if let Some(ap) = s.get("additionalProperties") {
        if lvl == Level::Root {
            out.push(forbidden(
                &format!("{path}.additionalProperties"),
                "must not be used at the root",
            ));
        }
        invariants(
            ap,
            Level::Field,
            &format!("{path}.additionalProperties"),
            out,
        );
    }
    if int_or_string && preserve {
        out.push(invalid(
            &format!("{path}.x-kubernetes-preserve-unknown-fields"),
            &Value::Bool(true),
            "must be false if x-kubernetes-int-or-string is true",
        ));
    }
    if int_or_string && embedded {
        out.push(invalid(
            &format!("{path}.x-kubernetes-embedded-resource"),
            &Value::Bool(true),
            "must be false if x-kubernetes-int-or-string is true",
        ));
    }
    let skip_any_of = int_or_string_any_of(s.get("anyOf"));
    let skip_first_all_of = s
        .get("allOf")
        .and_then(|a| a.get(0))
        .is_some_and(|a| int_or_string_any_of(a.get("anyOf")));
    value_validation(s, skip_any_of, skip_first_all_of, lvl, path, out);
    let type_path = format!("{path}.type");
    if embedded && typ != "object" {
        let why = "must be object if x-kubernetes-embedded-resource is true";
        out.push(if typ.is_empty() {
            required(&type_path, why)
        } else {
            invalid(&type_path, &Value::String(typ.into()), why)
        });
    } else if typ.is_empty() && !int_or_string && !preserve {
        out.push(required(
            &type_path,
            match lvl {
                Level::Root => "must not be empty at the root",
                Level::Item => "must not be empty for specified array items",
                Level::Field => "must not be empty for specified object fields",
            },
        ));
    }
    if embedded && s.get("additionalProperties").is_some() {
        out.push(forbidden(
            &format!("{path}.additionalProperties"),
            "must not be used if x-kubernetes-embedded-resource is set",
        ));
    }
    if lvl == Level::Root && !typ.is_empty() && typ != "object" {
        out.push(invalid(
            &type_path,
            &Value::String(typ.into()),
            "must be object at the root",
        ));
    }
    let check_metadata = lvl == Level::Root || embedded;
    for k in ["kind", "apiVersion"] {
        if let Some(p) = props(s).and_then(|p| p.get(k))
            && check_metadata
            && str_of(p, "type") != "string"
        {
            out.push(invalid(
                &format!("{}.type", key(path, "properties", k)),
                &Value::String(str_of(p, "type").into()),
                "must be string",
            ));
        }
    }
    if let Some(m) = props(s).and_then(|p| p.get("metadata")) {
        metadata(
            m,
            check_metadata,
            lvl,
            &key(path, "properties", "metadata"),
            out,
        );
    }
    if embedded && !preserve && props(s).is_none_or(Map::is_empty) {
        out.push(required(
            &format!("{path}.properties"),
            "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
        ));
    }
}

fn nested_complete(v: &Value, s: Option<&Value>, s_path: &str, v_path: &str, out: &mut Vec<Cause>) {
    let Some(s) = s else {
        out.push(required(
            s_path,
            &format!("because it is defined in {v_path}"),
        ));
        return;
    };
    complete(v, s, s_path, v_path, out);
    if let Some(items) = v.get("items") {
        nested_complete(
            items,
            s.get("items"),
            &format!("{s_path}.items"),
            &format!("{v_path}.items"),
            out,
        );
    }
    for (k, p) in props(v).into_iter().flatten() {
        nested_complete(
            p,
            props(s).and_then(|sp| sp.get(k)),
            &key(s_path, "properties", k),
            &key(v_path, "properties", k),
            out,
        );
    }
}

/// What the value validations of `v` name must exist in the structural part `s` (upstream
/// checks the root's value validations only).
fn complete(v: &Value, s: &Value, s_path: &str, v_path: &str, out: &mut Vec<Cause>) {
    if let Some(n) = v.get("not") {
        nested_complete(n, Some(s), s_path, &format!("{v_path}.not"), out);
    }
    for k in ["allOf", "anyOf", "oneOf"] {
        for (i, n) in v
            .get(k)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            nested_complete(n, Some(s), s_path, &format!("{v_path}.{k}[{i}]"), out);
        }
    }
}

/// The structural errors of a schema at `path`, sorted as the apiserver sorts them.
pub fn structural(schema: &Value, path: &str) -> Vec<Cause> {
    let mut out = Vec::new();
    invariants(schema, Level::Root, path, &mut out);
    complete(schema, schema, path, path, &mut out);
    out.sort_by_key(|(_, f, m)| format!("{f}: {m}"));
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
