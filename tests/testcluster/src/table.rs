//! Server-side printing: `meta.k8s.io/v1` Table responses for kubectl (`Accept: …;as=Table`).

use crate::registry::ResourceInfo;
use serde_json::{Value, json};
use std::time::SystemTime;

/// Whether an Accept header asks for a Table.
pub fn wants_table(accept: &str) -> bool {
    accept
        .split(',')
        .next()
        .is_some_and(|p| p.contains("as=Table"))
}

fn age(ts: &str) -> String {
    let Some(t) = crate::util::parse_rfc3339(ts) else {
        return "<unknown>".into();
    };
    let secs = SystemTime::now()
        .duration_since(t)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    match secs {
        s if s < 120 => format!("{s}s"),
        s if s < 7200 => format!("{}m", s / 60),
        s if s < 172_800 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86400),
    }
}

/// Evaluates a simple JSONPath (`.a.b`, `.a[0]`, `.a[?(@.type=="Ready")].status`).
pub fn json_path(obj: &Value, path: &str) -> Value {
    let mut cur = obj.clone();
    let p = path.trim().trim_start_matches('{').trim_end_matches('}');
    let mut rest = p.trim_start_matches('.');
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('[') {
            let Some(end) = r.find(']') else {
                return Value::Null;
            };
            let inner = &r[..end];
            rest = r[end + 1..].trim_start_matches('.');
            if let Some(filter) = inner.strip_prefix("?(@.").and_then(|f| f.strip_suffix(')')) {
                let (k, v) = filter.split_once("==").unwrap_or((filter, ""));
                let v = v.trim().trim_matches('"').trim_matches('\'');
                cur = cur
                    .as_array()
                    .and_then(|a| a.iter().find(|x| x[k.trim()].as_str() == Some(v)).cloned())
                    .unwrap_or(Value::Null);
            } else if let Ok(i) = inner.parse::<usize>() {
                cur = cur.get(i).cloned().unwrap_or(Value::Null);
            } else {
                return Value::Null;
            }
            continue;
        }
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let key = &rest[..end];
        cur = cur.get(key).cloned().unwrap_or(Value::Null);
        rest = rest[end..].trim_start_matches('.');
    }
    cur
}

fn col(name: &str, typ: &str) -> Value {
    json!({"name": name, "type": typ, "format": if name == "Name" { "name" } else { "" }, "description": "", "priority": 0})
}

fn cells(ri: &ResourceInfo, o: &Value) -> (Vec<Value>, Vec<Value>) {
    let name = json!(o["metadata"]["name"]);
    let created = o["metadata"]["creationTimestamp"].as_str().unwrap_or("");
    let age_v = json!(age(created));
    let i = |v: &Value| json!(v.as_i64().unwrap_or(0));
    match ri.kind.as_str() {
        "Deployment" => (
            vec![
                col("Name", "string"),
                col("Ready", "string"),
                col("Up-to-date", "string"),
                col("Available", "string"),
                col("Age", "string"),
            ],
            vec![
                name,
                json!(format!(
                    "{}/{}",
                    o["status"]["readyReplicas"].as_i64().unwrap_or(0),
                    o["spec"]["replicas"].as_i64().unwrap_or(1)
                )),
                i(&o["status"]["updatedReplicas"]),
                i(&o["status"]["availableReplicas"]),
                age_v,
            ],
        ),
        "Pod" => {
            let statuses = o["status"]["containerStatuses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let total = o["spec"]["containers"]
                .as_array()
                .map(Vec::len)
                .unwrap_or(0);
            let ready = statuses.iter().filter(|c| c["ready"] == true).count();
            let restarts: i64 = statuses
                .iter()
                .map(|c| c["restartCount"].as_i64().unwrap_or(0))
                .sum();
            let waiting = statuses
                .iter()
                .find_map(|c| c["state"]["waiting"]["reason"].as_str().map(str::to_string));
            let phase = if crate::util::is_deleting(o) {
                "Terminating".to_string()
            } else {
                waiting.unwrap_or_else(|| {
                    o["status"]["phase"]
                        .as_str()
                        .unwrap_or("Pending")
                        .to_string()
                })
            };
            (
                vec![
                    col("Name", "string"),
                    col("Ready", "string"),
                    col("Status", "string"),
                    col("Restarts", "string"),
                    col("Age", "string"),
                ],
                vec![
                    name,
                    json!(format!("{ready}/{total}")),
                    json!(phase),
                    json!(restarts),
                    age_v,
                ],
            )
        }
        "Namespace" => (
            vec![
                col("Name", "string"),
                col("Status", "string"),
                col("Age", "string"),
            ],
            vec![
                name,
                json!(o["status"]["phase"].as_str().unwrap_or("Active")),
                age_v,
            ],
        ),
        "ConfigMap" => (
            vec![
                col("Name", "string"),
                col("Data", "string"),
                col("Age", "string"),
            ],
            vec![
                name,
                json!(
                    o["data"].as_object().map(|m| m.len()).unwrap_or(0)
                        + o["binaryData"].as_object().map(|m| m.len()).unwrap_or(0)
                ),
                age_v,
            ],
        ),
        _ if !ri.printer_columns.is_empty() => {
            let mut cols = vec![col("Name", "string")];
            let mut vals = vec![name];
            let mut has_age = false;
            for pc in &ri.printer_columns {
                let n = pc["name"].as_str().unwrap_or("");
                let jp = pc["jsonPath"].as_str().unwrap_or("");
                if jp == ".metadata.creationTimestamp" {
                    has_age = true;
                    cols.push(col(n, "string"));
                    vals.push(age_v.clone());
                    continue;
                }
                cols.push(col(n, pc["type"].as_str().unwrap_or("string")));
                vals.push(json_path(o, jp));
            }
            if !has_age {
                cols.push(col("Age", "string"));
                vals.push(age_v);
            }
            (cols, vals)
        }
        _ => (
            vec![col("Name", "string"), col("Age", "string")],
            vec![name, age_v],
        ),
    }
}

/// A Table for `items`; column definitions are included when `with_columns` is set.
pub fn table(ri: &ResourceInfo, items: &[Value], list_rv: &str, with_columns: bool) -> Value {
    let mut columns = Value::Null;
    let mut rows = Vec::new();
    for o in items {
        let (cols, vals) = cells(ri, o);
        if columns.is_null() {
            columns = Value::Array(cols);
        }
        rows.push(json!({
            "cells": vals,
            "object": {"kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": o["metadata"]}
        }));
    }
    if columns.is_null() {
        columns = Value::Array(cells(ri, &json!({"metadata": {}})).0);
    }
    let rv = if list_rv.is_empty() {
        items
            .first()
            .map(|o| o["metadata"]["resourceVersion"].clone())
            .unwrap_or(json!(""))
    } else {
        json!(list_rv)
    };
    json!({
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": rv},
        "columnDefinitions": if with_columns { columns } else { Value::Null },
        "rows": rows
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonpath() {
        let o = json!({"spec": {"size": 3}, "status": {"conditions": [{"type": "Ready", "status": "True"}]}});
        assert_eq!(json_path(&o, ".spec.size"), json!(3));
        assert_eq!(
            json_path(&o, ".status.conditions[?(@.type==\"Ready\")].status"),
            json!("True")
        );
        assert_eq!(json_path(&o, ".status.conditions[0].type"), json!("Ready"));
    }
}
