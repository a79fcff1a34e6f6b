//! Validation of custom resources against a CRD's openAPIV3Schema: types and value constraints
//! (minimum, maximum, enum, required, lengths, items). Pruning and defaulting are in `pruning`.

use serde_json::Value;

/// A value-constraint violation: (reason, field, message).
pub type Cause = (String, String, String);

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// The first type error, as `.spec.size: expected numeric (int or float), got string`.
pub fn type_error(obj: &Value, schema: &Value) -> Option<String> {
    fn walk(v: &Value, s: &Value, path: &str) -> Option<String> {
        if v.is_null() {
            return None;
        }
        if s.get("x-kubernetes-int-or-string").and_then(Value::as_bool) == Some(true) {
            return match v {
                Value::String(_) | Value::Number(_) => None,
                other => Some(format!(
                    "{path}: expected string or number, got {}",
                    type_name(other)
                )),
            };
        }
        match s.get("type").and_then(Value::as_str) {
            Some("integer") | Some("number") if !v.is_number() => {
                return Some(format!(
                    "{path}: expected numeric (int or float), got {}",
                    type_name(v)
                ));
            }
            Some("string") if !v.is_string() => {
                return Some(format!("{path}: expected string, got {}", type_name(v)));
            }
            Some("boolean") if !v.is_boolean() => {
                return Some(format!("{path}: expected boolean, got {}", type_name(v)));
            }
            Some("array") => {
                let Some(a) = v.as_array() else {
                    return Some(format!("{path}: expected list, got {}", type_name(v)));
                };
                if let Some(items) = s.get("items") {
                    for (i, x) in a.iter().enumerate() {
                        if let Some(e) = walk(x, items, &format!("{path}[{i}]")) {
                            return Some(e);
                        }
                    }
                }
            }
            Some("object") => {
                let Some(m) = v.as_object() else {
                    return Some(format!("{path}: expected map, got {}", type_name(v)));
                };
                let props = s.get("properties").and_then(Value::as_object);
                for (k, x) in m {
                    let child = props
                        .and_then(|p| p.get(k))
                        .or_else(|| s.get("additionalProperties").filter(|a| a.is_object()));
                    if let Some(cs) = child
                        && let Some(e) = walk(x, cs, &format!("{path}.{k}"))
                    {
                        return Some(e);
                    }
                }
            }
            _ => {}
        }
        None
    }
    let m = obj.as_object()?;
    let props = schema.get("properties").and_then(Value::as_object);
    for (k, v) in m {
        if matches!(k.as_str(), "apiVersion" | "kind" | "metadata") {
            continue;
        }
        if let Some(s) = props.and_then(|p| p.get(k))
            && let Some(e) = walk(v, s, &format!(".{k}"))
        {
            return Some(e);
        }
    }
    None
}

/// Value-constraint violations, in schema order.
pub fn violations(obj: &Value, schema: &Value) -> Vec<Cause> {
    let mut out = Vec::new();
    fn walk(v: &Value, s: &Value, path: &str, out: &mut Vec<Cause>) {
        if let Some(e) = s.get("enum").and_then(Value::as_array)
            && !v.is_null()
            && !e.contains(v)
        {
            let supported: Vec<String> = e.iter().map(show).collect();
            out.push((
                "FieldValueNotSupported".into(),
                path.into(),
                format!(
                    "Unsupported value: {}: supported values: {}",
                    show(v),
                    supported.join(", ")
                ),
            ));
        }
        if let Some(x) = v.as_f64() {
            if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
                let excl = s.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true);
                if x < min || (excl && x == min) {
                    let rel = if excl {
                        "greater than"
                    } else {
                        "greater than or equal to"
                    };
                    out.push((
                        "FieldValueInvalid".into(),
                        path.into(),
                        format!(
                            "Invalid value: {v}: {path} in body should be {rel} {}",
                            s["minimum"]
                        ),
                    ));
                }
            }
            if let Some(max) = s.get("maximum").and_then(Value::as_f64) {
                let excl = s.get("exclusiveMaximum").and_then(Value::as_bool) == Some(true);
                if x > max || (excl && x == max) {
                    let rel = if excl {
                        "less than"
                    } else {
                        "less than or equal to"
                    };
                    out.push((
                        "FieldValueInvalid".into(),
                        path.into(),
                        format!(
                            "Invalid value: {v}: {path} in body should be {rel} {}",
                            s["maximum"]
                        ),
                    ));
                }
            }
        }
        if let Some(st) = v.as_str() {
            if let Some(max) = s.get("maxLength").and_then(Value::as_u64)
                && st.chars().count() as u64 > max
            {
                out.push((
                    "FieldValueTooLong".into(),
                    path.into(),
                    format!("Too long: may not be more than {max} bytes"),
                ));
            }
            if let Some(min) = s.get("minLength").and_then(Value::as_u64)
                && (st.chars().count() as u64) < min
            {
                out.push((
                    "FieldValueInvalid".into(),
                    path.into(),
                    format!(
                        "Invalid value: {}: {path} in body should be at least {min} chars long",
                        show(v)
                    ),
                ));
            }
        }
        if let Some(a) = v.as_array() {
            if let Some(max) = s.get("maxItems").and_then(Value::as_u64)
                && a.len() as u64 > max
            {
                out.push((
                    "FieldValueTooMany".into(),
                    path.into(),
                    format!("Too many: {}: must have at most {max} items", a.len()),
                ));
            }
            if let Some(min) = s.get("minItems").and_then(Value::as_u64)
                && (a.len() as u64) < min
            {
                out.push((
                    "FieldValueInvalid".into(),
                    path.into(),
                    format!(
                        "Invalid value: {}: {path} in body should have at least {min} items",
                        a.len()
                    ),
                ));
            }
            if let Some(items) = s.get("items") {
                for (i, x) in a.iter().enumerate() {
                    walk(x, items, &format!("{path}[{i}]"), out);
                }
            }
        }
        if let Some(m) = v.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            if let Some(props) = props {
                for (k, cs) in props {
                    if let Some(x) = m.get(k) {
                        walk(x, cs, &format!("{path}.{k}"), out);
                    }
                }
            }
            if let Some(req) = s.get("required").and_then(Value::as_array) {
                for r in req.iter().filter_map(Value::as_str) {
                    if !m.contains_key(r) {
                        out.push((
                            "FieldValueRequired".into(),
                            format!("{path}.{r}"),
                            "Required value".into(),
                        ));
                    }
                }
            }
        }
    }
    let Some(m) = obj.as_object() else { return out };
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (k, s) in props {
            if k == "metadata" {
                continue;
            }
            if let Some(v) = m.get(k) {
                walk(v, s, k, &mut out);
            }
        }
    }
    if let Some(req) = schema.get("required").and_then(Value::as_array) {
        for r in req.iter().filter_map(Value::as_str) {
            if !m.contains_key(r) {
                out.push((
                    "FieldValueRequired".into(),
                    r.to_string(),
                    "Required value".into(),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn widget_schema() -> Value {
        json!({"type": "object", "properties": {
            "spec": {"type": "object", "required": ["size"], "properties": {
                "size": {"type": "integer", "minimum": 1, "maximum": 10},
                "color": {"type": "string", "enum": ["red", "green", "blue"]},
                "tags": {"type": "array", "items": {"type": "string"}}}},
            "status": {"type": "object", "properties": {"ready": {"type": "boolean"}}}}})
    }

    #[test]
    fn widget_rules() {
        let s = widget_schema();
        let bad = json!({"spec": {"size": 0, "color": "purple"}});
        let v = violations(&bad, &s);
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0].2,
            "Invalid value: 0: spec.size in body should be greater than or equal to 1"
        );
        assert_eq!(
            v[1].2,
            "Unsupported value: \"purple\": supported values: \"red\", \"green\", \"blue\""
        );
        let missing = violations(&json!({"spec": {"color": "red"}}), &s);
        assert_eq!(
            missing,
            vec![(
                "FieldValueRequired".to_string(),
                "spec.size".to_string(),
                "Required value".to_string()
            )]
        );
        assert_eq!(
            type_error(&json!({"spec": {"size": "big"}}), &s).unwrap(),
            ".spec.size: expected numeric (int or float), got string"
        );
        assert_eq!(
            crate::pruning::unknown_fields(&json!({"spec": {"size": 2, "extra": "x"}}), &s),
            vec!["spec.extra"]
        );
        let mut o = json!({"metadata": {"name": "x"}, "spec": {"size": 2, "extra": "x"}});
        crate::pruning::prune(&mut o, &s);
        assert_eq!(o["spec"], json!({"size": 2}));
    }
}
