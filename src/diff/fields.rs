//! Server-side apply field sets (`managedFields[].fieldsV1`): the union of a
//! manager's sets, and the part of an object a set covers. Pure.

use crate::object::Object;
use serde_json::{Map, Value};

/// The union of the field sets `manager` applied on these objects.
pub fn managed_fields(objects: &[&Object], manager: &str) -> Value {
    let mut union = Value::Object(Map::new());
    for object in objects {
        let entries = object
            .get("/metadata/managedFields")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for entry in entries {
            if entry["manager"].as_str() == Some(manager)
                && entry["operation"].as_str() == Some("Apply")
                && entry.get("subresource").is_none_or(Value::is_null)
                && let Some(fields) = entry.get("fieldsV1")
            {
                merge(&mut union, fields);
            }
        }
    }
    union
}

fn merge(into: &mut Value, from: &Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        for (k, v) in b {
            merge(
                a.entry(k.clone())
                    .or_insert_with(|| Value::Object(Map::new())),
                v,
            );
        }
    }
}

/// The part of `value` that the field set `fields` (fieldsV1) covers.
pub fn project(value: &Value, fields: &Value) -> Option<Value> {
    let set = fields.as_object()?;
    let children: Vec<(&String, &Value)> = set.iter().filter(|(k, _)| k.as_str() != ".").collect();
    if children.is_empty() {
        return Some(value.clone());
    }
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, inner) in map {
                if let Some(sub) = set.get(&format!("f:{key}"))
                    && let Some(p) = project(inner, sub)
                {
                    out.insert(key.clone(), p);
                }
            }
            Some(Value::Object(out))
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            for (index, item) in items.iter().enumerate() {
                let matched = children
                    .iter()
                    .find(|(k, _)| element_matches(k, item, index));
                if let Some((_, sub)) = matched
                    && let Some(p) = project(item, sub)
                {
                    out.push(p);
                }
            }
            Some(Value::Array(out))
        }
        scalar => Some(scalar.clone()),
    }
}

/// Whether a list element is the one a `k:`, `v:` or `i:` path element names.
fn element_matches(path: &str, item: &Value, index: usize) -> bool {
    if let Some(key) = path.strip_prefix("k:") {
        let Ok(Value::Object(want)) = serde_json::from_str::<Value>(key) else {
            return false;
        };
        return want.iter().all(|(k, v)| item.get(k) == Some(v));
    }
    if let Some(value) = path.strip_prefix("v:") {
        return serde_json::from_str::<Value>(value).is_ok_and(|v| &v == item);
    }
    path.strip_prefix("i:")
        .and_then(|i| i.parse::<usize>().ok())
        .is_some_and(|i| i == index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_elements_match_by_key_value_and_index() {
        assert!(element_matches(
            "k:{\"name\":\"a\",\"port\":80}",
            &json!({"name": "a", "port": 80, "x": 1}),
            0
        ));
        assert!(!element_matches(
            "k:{\"name\":\"a\"}",
            &json!({"name": "b"}),
            0
        ));
        assert!(element_matches("v:\"odh\"", &json!("odh"), 3));
        assert!(element_matches("i:2", &json!(null), 2));
    }
}
