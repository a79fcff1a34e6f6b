//! Pruning and defaulting of custom resources by their CRD's structural schema, as the
//! apiserver does them (kubernetes/apiextensions-apiserver@v0.33.13):
//! - `pkg/apiserver/schema/pruning/algorithm.go`: fields the schema does not declare are dropped
//!   (and reported, for `fieldValidation`), except under `x-kubernetes-preserve-unknown-fields`;
//!   the root and `x-kubernetes-embedded-resource` objects keep apiVersion, kind and metadata;
//!   `additionalProperties` keeps every key;
//! - `pkg/apiserver/schema/defaulting/prunenulls.go` and `algorithm.go`: nulls in non-nullable
//!   fields without a default are dropped, then missing (or null) fields get their `default`.

use serde_json::{Map, Value};

const META: &[&str] = &["apiVersion", "kind", "metadata"];

fn preserves(s: &Value) -> bool {
    s.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true))
}

fn embedded(s: &Value) -> bool {
    s.get("x-kubernetes-embedded-resource") == Some(&Value::Bool(true))
}

fn props(s: &Value) -> Option<&Map<String, Value>> {
    s.get("properties").and_then(Value::as_object)
}

/// The schema for a key of an object: its property, else the additionalProperties schema.
/// `Some(None)` means additionalProperties is set without a schema.
fn child<'a>(s: &'a Value, k: &str) -> Option<Option<&'a Value>> {
    if let Some(p) = props(s).and_then(|p| p.get(k)) {
        return Some(Some(p));
    }
    s.get("additionalProperties")
        .map(|ap| if ap.is_object() { Some(ap) } else { None })
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_string()
    } else {
        format!("{path}.{k}")
    }
}

fn prune_node(x: &mut Value, s: Option<&Value>, root: bool, path: &str, out: &mut Vec<String>) {
    if let Some(s) = s
        && preserves(s)
    {
        skip_prune(x, s, root, path, out);
        return;
    }
    match x {
        Value::Object(m) => {
            let Some(s) = s else {
                out.extend(m.keys().map(|k| join(path, k)));
                m.clear();
                return;
            };
            let keep_meta = root || embedded(s);
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                if keep_meta && META.contains(&k.as_str()) {
                    continue;
                }
                match child(s, &k) {
                    Some(cs) => {
                        if let Some(v) = m.get_mut(&k) {
                            prune_node(v, cs, false, &join(path, &k), out);
                        }
                    }
                    None => {
                        out.push(join(path, &k));
                        m.remove(&k);
                    }
                }
            }
        }
        Value::Array(a) => {
            let items = s.and_then(|s| s.get("items"));
            for (i, v) in a.iter_mut().enumerate() {
                prune_node(v, items, false, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn skip_prune(x: &mut Value, s: &Value, root: bool, path: &str, out: &mut Vec<String>) {
    match x {
        Value::Object(m) => {
            let keep_meta = root || embedded(s);
            for (k, v) in m.iter_mut() {
                if keep_meta && META.contains(&k.as_str()) {
                    continue;
                }
                if let Some(cs) = child(s, k) {
                    prune_node(v, cs, false, &join(path, k), out);
                }
            }
        }
        Value::Array(a) => {
            let Some(items) = s.get("items") else { return };
            for (i, v) in a.iter_mut().enumerate() {
                skip_prune(v, items, false, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Drops the fields the schema does not declare; returns their paths (`spec.extra`), sorted.
pub fn prune(obj: &mut Value, schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    prune_node(obj, Some(schema), true, "", &mut out);
    out.sort();
    out
}

/// The fields `prune` would drop, without dropping them.
pub fn unknown_fields(obj: &Value, schema: &Value) -> Vec<String> {
    prune(&mut obj.clone(), schema)
}

fn nullable(s: &Value) -> bool {
    s.get("nullable") == Some(&Value::Bool(true))
}

fn prune_nulls(x: &mut Value, s: Option<&Value>) {
    match x {
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                let cs = s.and_then(|s| child(s, &k)).flatten();
                let drop = m[&k].is_null()
                    && cs.is_some_and(|c| !nullable(c) && c.get("default").is_none());
                if drop {
                    m.remove(&k);
                } else if let Some(v) = m.get_mut(&k) {
                    prune_nulls(v, cs);
                }
            }
        }
        Value::Array(a) => {
            let items = s.and_then(|s| s.get("items"));
            for v in a.iter_mut() {
                prune_nulls(v, items);
            }
        }
        _ => {}
    }
}

fn default_node(x: &mut Value, s: &Value) {
    match x {
        Value::Object(m) => {
            for (k, p) in props(s).into_iter().flatten() {
                let Some(d) = p.get("default") else { continue };
                let missing = m.get(k).is_none_or(|v| v.is_null() && !nullable(p));
                if missing {
                    m.insert(k.clone(), d.clone());
                }
            }
            let ap = s.get("additionalProperties").filter(|a| a.is_object());
            for (k, v) in m.iter_mut() {
                if let Some(p) = props(s).and_then(|p| p.get(k)) {
                    default_node(v, p);
                } else if let Some(ap) = ap {
                    if v.is_null()
                        && !nullable(ap)
                        && let Some(d) = ap.get("default")
                    {
                        *v = d.clone();
                    }
                    default_node(v, ap);
                }
            }
        }
        Value::Array(a) => {
            let Some(items) = s.get("items") else { return };
            for v in a.iter_mut() {
                if v.is_null()
                    && !nullable(items)
                    && let Some(d) = items.get("default")
                {
                    *v = d.clone();
                }
                default_node(v, items);
            }
        }
        _ => {}
    }
}

/// Drops nulls the schema does not allow, then fills in defaults.
pub fn default(obj: &mut Value, schema: &Value) {
    prune_nulls(obj, Some(schema));
    default_node(obj, schema);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema() -> Value {
        json!({"type": "object", "properties": {
            "spec": {"type": "object", "properties": {
                "size": {"type": "integer", "default": 3},
                "mode": {"type": "string", "nullable": true, "default": "fast"},
                "opts": {"type": "object", "properties": {"level": {"type": "integer", "default": 1}}},
                "items": {"type": "array", "items": {"type": "object", "properties": {
                    "name": {"type": "string"}, "weight": {"type": "integer", "default": 10}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                    "properties": {"known": {"type": "object", "properties": {"a": {"type": "string"}}}}},
                "bare": {"type": "object"},
                "tpl": {"type": "object", "x-kubernetes-embedded-resource": true,
                    "properties": {"spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}},
            "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}})
    }

    #[test]
    fn prunes_like_the_apiserver() {
        let mut o = json!({"apiVersion": "x/v1", "kind": "W", "metadata": {"name": "w"}, "extra": 1,
            "spec": {"size": 1, "bogus": true, "items": [{"name": "a", "x": 1}],
                "labels": {"a": "b"}, "free": {"anything": {"deep": 1}, "known": {"a": "x", "b": "y"}},
                "bare": {"gone": 1}, "tpl": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"k": 1}, "junk": 2}}});
        let unknown = prune(&mut o, &schema());
        assert_eq!(
            unknown,
            vec![
                "extra",
                "spec.bare.gone",
                "spec.bogus",
                "spec.free.known.b",
                "spec.items[0].x",
                "spec.tpl.junk"
            ]
        );
        assert_eq!(o["metadata"], json!({"name": "w"}));
        assert_eq!(
            o["spec"]["free"],
            json!({"anything": {"deep": 1}, "known": {"a": "x"}})
        );
        assert_eq!(
            o["spec"]["bare"],
            json!({}),
            "an object without properties keeps nothing"
        );
        assert_eq!(
            o["spec"]["tpl"]["kind"], "Pod",
            "embedded resources keep their meta fields"
        );
        assert_eq!(o["spec"]["labels"], json!({"a": "b"}));
        assert!(unknown_fields(&o, &schema()).is_empty());
    }

    #[test]
    fn defaults_like_the_apiserver() {
        let mut o = json!({"spec": {"mode": null, "opts": {}, "items": [{"name": "a"}, {"name": "b", "weight": 2}], "size": null}});
        default(&mut o, &schema());
        assert_eq!(
            o["spec"]["size"], 3,
            "a null non-nullable field is defaulted"
        );
        assert_eq!(o["spec"]["mode"], Value::Null, "a nullable null is kept");
        assert_eq!(o["spec"]["opts"]["level"], 1);
        assert_eq!(o["spec"]["items"][0]["weight"], 10);
        assert_eq!(o["spec"]["items"][1]["weight"], 2);
        let mut empty = json!({"metadata": {"name": "x"}});
        default(&mut empty, &schema());
        assert!(
            empty.get("spec").is_none(),
            "defaults apply inside objects that exist"
        );
    }
}
