//! Validating an object against an OpenAPI v3 schema (a served `/openapi/v3`
//! document, or a CRD's `openAPIV3Schema`): types, required fields, enums,
//! bounds and undeclared fields, the way a server-side apply would reject them.
//! Lenient where the schema is (free-form objects, `anyOf`, unknown formats). Pure.

use serde_json::{Map, Value};

/// At most this many violations are reported per object.
const LIMIT: usize = 5;

/// The schema of `group/version` `kind` in an OpenAPI v3 document (by its
/// `x-kubernetes-group-version-kind`).
pub fn schema_of<'a>(
    document: &'a Value,
    group: &str,
    version: &str,
    kind: &str,
) -> Option<&'a Value> {
    document
        .pointer("/components/schemas")?
        .as_object()?
        .values()
        .find(|schema| {
            schema
                .get("x-kubernetes-group-version-kind")
                .and_then(Value::as_array)
                .is_some_and(|gvks| {
                    gvks.iter().any(|g| {
                        g["group"].as_str() == Some(group)
                            && g["version"].as_str() == Some(version)
                            && g["kind"].as_str() == Some(kind)
                    })
                })
        })
}

/// The violations of `object` against `schema`, each `.path: what is wrong`.
/// `components` resolves `$ref`s (`#/components/schemas/NAME`).
pub fn violations(
    object: &Value,
    schema: &Value,
    components: Option<&Map<String, Value>>,
) -> Vec<String> {
    let mut walk = Walk {
        components,
        out: Vec::new(),
    };
    walk.value(object, schema, "", true);
    walk.out.truncate(LIMIT);
    walk.out
}

struct Walk<'a> {
    components: Option<&'a Map<String, Value>>,
    out: Vec<String>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

impl<'a> Walk<'a> {
    fn resolve<'s>(&self, schema: &'s Value) -> Option<&'s Value>
    where
        'a: 's,
    {
        let name = schema
            .get("$ref")?
            .as_str()?
            .strip_prefix("#/components/schemas/")?;
        self.components?.get(name)
    }

    fn push(&mut self, path: &str, message: String) {
        if self.out.len() < LIMIT {
            let path = if path.is_empty() { "." } else { path };
            self.out.push(format!("{path}: {message}"));
        }
    }

    fn value(&mut self, value: &Value, schema: &Value, path: &str, root: bool) {
        if value.is_null() || self.out.len() >= LIMIT {
            return;
        }
        if let Some(target) = self.resolve(schema) {
            return self.value(value, target, path, root);
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for part in all {
                self.value(value, part, path, root);
            }
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(key).and_then(Value::as_array)
                && !branches
                    .iter()
                    .any(|b| violations(value, b, self.components).is_empty())
            {
                self.push(path, format!("matches none of the {key} schemas"));
                return;
            }
        }
        if schema
            .get("x-kubernetes-int-or-string")
            .and_then(Value::as_bool)
            == Some(true)
        {
            if !(value.is_string() || value.is_i64() || value.is_u64()) {
                self.push(
                    path,
                    format!("expected integer or string, got {}", type_name(value)),
                );
            }
            return;
        }
        if let Some(expected) = schema.get("type").and_then(Value::as_str)
            && !self.type_fits(value, expected, path)
        {
            return;
        }
        self.bounds(value, schema, path);
        match value {
            Value::Object(map) => self.object(map, schema, path, root),
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    for (i, v) in items.iter().enumerate() {
                        self.value(v, item, &format!("{path}[{i}]"), false);
                    }
                }
            }
            _ => {}
        }
    }

    fn type_fits(&mut self, value: &Value, expected: &str, path: &str) -> bool {
        let have = type_name(value);
        let fits = match expected {
            "number" => value.is_number(),
            "integer" => {
                value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            other => have == other,
        };
        if !fits {
            self.push(
                path,
                format!("expected {expected}, got {have} {}", short(value)),
            );
        }
        fits
    }

    fn bounds(&mut self, value: &Value, schema: &Value, path: &str) {
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
            && !allowed.contains(value)
        {
            let list: Vec<String> = allowed.iter().map(short).collect();
            self.push(
                path,
                format!(
                    "unsupported value {}: supported values: {}",
                    short(value),
                    list.join(", ")
                ),
            );
        }
        let number = value.as_f64();
        if let (Some(n), Some(min)) = (number, schema.get("minimum").and_then(Value::as_f64))
            && n < min
        {
            self.push(
                path,
                format!("{} should be greater than or equal to {min}", short(value)),
            );
        }
        if let (Some(n), Some(max)) = (number, schema.get("maximum").and_then(Value::as_f64))
            && n > max
        {
            self.push(
                path,
                format!("{} should be less than or equal to {max}", short(value)),
            );
        }
        let length = match value {
            Value::String(s) => Some(s.chars().count()),
            Value::Array(a) => Some(a.len()),
            _ => None,
        };
        for (key, too_short) in [
            ("minLength", true),
            ("maxLength", false),
            ("minItems", true),
            ("maxItems", false),
        ] {
            if let (Some(len), Some(bound)) = (length, schema.get(key).and_then(Value::as_u64))
                && (if too_short {
                    (len as u64) < bound
                } else {
                    (len as u64) > bound
                })
            {
                self.push(path, format!("length {len} breaks {key} {bound}"));
            }
        }
    }

    fn object(&mut self, map: &Map<String, Value>, schema: &Value, path: &str, root: bool) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let preserve = schema
            .get("x-kubernetes-preserve-unknown-fields")
            .and_then(Value::as_bool)
            == Some(true);
        let embedded = schema
            .get("x-kubernetes-embedded-resource")
            .and_then(Value::as_bool)
            == Some(true);
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for field in required.iter().filter_map(Value::as_str) {
                if !map.contains_key(field) {
                    self.push(&format!("{path}.{field}"), "Required value".into());
                }
            }
        }
        for (field, inner) in map {
            let here = format!("{path}.{field}");
            match (properties.and_then(|p| p.get(field)), additional) {
                (Some(sub), _) => self.value(inner, sub, &here, false),
                (None, Some(Value::Object(_))) => {
                    if let Some(sub) = additional {
                        self.value(inner, sub, &here, false);
                    }
                }
                (None, Some(Value::Bool(true))) => {}
                _ if (root || embedded)
                    && matches!(field.as_str(), "apiVersion" | "kind" | "metadata") => {}
                // A schema that declares no fields at all is free-form.
                _ if preserve || properties.is_none() => {}
                _ => self.push(&here, "field not declared in schema".into()),
            }
        }
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests;
