//! Shape comparison of a recorded real-apiserver answer with ours: the same key set at every
//! level (what is present, what is absent), the same JSON types, the same number of list items,
//! and the same values where they name things (kind, apiVersion, reason, code, type, phase …).
//! Values that differ between runs (uids, times, resourceVersions, generated names) are not
//! compared. Paths are written `.metadata.managedFields`, `.items[0].status`; `[*]` matches any index.

use serde_json::Value;

/// Keys whose values are compared, not just their types.
const NAMING: &[&str] = &[
    "kind",
    "apiVersion",
    "reason",
    "code",
    "type",
    "phase",
    "operation",
    "fieldsType",
    "subresource",
    "manager",
    "propagationPolicy",
    "allowed",
];

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let q: Vec<&str> = path.split('.').collect();
    p.len() <= q.len()
        && p.iter().zip(q.iter()).all(|(a, b)| {
            a == b
                || a.strip_suffix("[*]").is_some_and(|stem| {
                    b.strip_prefix(stem)
                        .is_some_and(|rest| rest.starts_with('[') && rest.ends_with(']'))
                })
        })
}

fn walk(exp: &Value, act: &Value, path: &str, skip: &[&str], out: &mut Vec<String>) {
    if skip.iter().any(|s| matches(s, path)) {
        return;
    }
    if type_of(exp) != type_of(act) {
        out.push(format!(
            "{path}: {} where the real one has {}",
            type_of(act),
            type_of(exp)
        ));
        return;
    }
    // Field sets depend on schema details (`.` markers): only their presence and type count.
    if path.ends_with(".fieldsV1") {
        return;
    }
    match (exp, act) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}.{k}");
                if skip.iter().any(|s| matches(s, &p)) {
                    continue;
                }
                match a.get(k) {
                    Some(av) => {
                        if NAMING.contains(&k.as_str())
                            && !ev.is_object()
                            && !ev.is_array()
                            && ev != av
                        {
                            out.push(format!("{p}: {av} where the real one has {ev}"));
                        }
                        walk(ev, av, &p, skip, out);
                    }
                    None => out.push(format!("{p}: absent (the real one has {})", type_of(ev))),
                }
            }
            for k in a.keys().filter(|k| !e.contains_key(*k)) {
                let p = format!("{path}.{k}");
                if !skip.iter().any(|s| matches(s, &p)) {
                    out.push(format!("{p}: present (absent in the real one)"));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!(
                    "{path}: {} items where the real one has {}",
                    a.len(),
                    e.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(ev, av, &format!("{path}[{i}]"), skip, out);
            }
        }
        _ => {}
    }
}

/// The shape differences between a recorded body and ours, skipping the `skip` paths.
pub fn differences(expected: &Value, actual: &Value, skip: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    walk(expected, actual, "", skip, &mut out);
    out
}
