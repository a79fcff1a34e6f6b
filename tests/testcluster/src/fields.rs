//! Field paths and field sets (the `fieldsV1` format of managedFields) and how objects map onto them.
//!
//! This approximates structured-merge-diff: maps are merged by key, lists of maps that have a
//! natural key (`name`, `containerPort`+`protocol`, `type`, …) are merged by that key, finalizers are
//! a set, and every other list is atomic.

use crate::util::canonical_json;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathElem {
    /// A map key (`f:name`).
    Field(String),
    /// A list item identified by its key fields, as canonical JSON (`k:{"name":"x"}`).
    Key(String),
    /// A set item identified by its value, as canonical JSON (`v:"x"`).
    Value(String),
}

impl PathElem {
    fn encode(&self) -> String {
        match self {
            PathElem::Field(f) => format!("f:{f}"),
            PathElem::Key(k) => format!("k:{k}"),
            PathElem::Value(v) => format!("v:{v}"),
        }
    }

    fn decode(s: &str) -> Option<PathElem> {
        if let Some(f) = s.strip_prefix("f:") {
            Some(PathElem::Field(f.to_string()))
        } else if let Some(k) = s.strip_prefix("k:") {
            // Re-canonicalise so that key order does not matter.
            let v: Value = serde_json::from_str(k).ok()?;
            Some(PathElem::Key(canonical_json(&v)))
        } else if let Some(v) = s.strip_prefix("v:") {
            let v: Value = serde_json::from_str(v).ok()?;
            Some(PathElem::Value(canonical_json(&v)))
        } else {
            None
        }
    }
}

pub type FieldPath = Vec<PathElem>;

/// Renders a path the way conflict messages do: `.spec.containers[name="web"].image`.
pub fn path_string(p: &[PathElem]) -> String {
    let mut s = String::new();
    for e in p {
        match e {
            PathElem::Field(f) => {
                s.push('.');
                s.push_str(f);
            }
            PathElem::Key(k) => {
                let v: Value = serde_json::from_str(k).unwrap_or(Value::Null);
                let mut parts: Vec<String> = Vec::new();
                if let Some(m) = v.as_object() {
                    let mut keys: Vec<&String> = m.keys().collect();
                    keys.sort();
                    for key in keys {
                        parts.push(format!("{key}={}", canonical_json(&m[key])));
                    }
                }
                s.push('[');
                s.push_str(&parts.join(","));
                s.push(']');
            }
            PathElem::Value(v) => {
                s.push_str("[=");
                s.push_str(v);
                s.push(']');
            }
        }
    }
    s
}

/// A set of owned field paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSet {
    pub paths: BTreeSet<FieldPath>,
}

#[derive(Default)]
struct Node {
    owned: bool,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn to_json(&self) -> Value {
        let mut m = Map::new();
        if self.owned && !self.children.is_empty() {
            m.insert(".".into(), Value::Object(Map::new()));
        }
        for (k, c) in &self.children {
            m.insert(k.clone(), c.to_json());
        }
        Value::Object(m)
    }
}

impl FieldSet {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn contains(&self, p: &[PathElem]) -> bool {
        self.paths.contains(p)
    }

    /// Whether any path equals `p` or lies below it.
    pub fn has_prefix(&self, p: &[PathElem]) -> bool {
        self.paths
            .range(p.to_vec()..)
            .next()
            .is_some_and(|q| q.starts_with(p))
    }

    pub fn insert(&mut self, p: FieldPath) {
        self.paths.insert(p);
    }

    pub fn remove(&mut self, p: &[PathElem]) {
        self.paths.remove(p);
    }

    /// The `fieldsV1` JSON form.
    pub fn to_json(&self) -> Value {
        let mut root = Node::default();
        for p in &self.paths {
            let mut cur = &mut root;
            for e in p {
                cur = cur.children.entry(e.encode()).or_default();
            }
            cur.owned = true;
        }
        root.to_json()
    }

    /// Parses the `fieldsV1` JSON form.
    pub fn from_json(v: &Value) -> FieldSet {
        let mut fs = FieldSet::default();
        fn walk(v: &Value, prefix: &mut FieldPath, out: &mut FieldSet) {
            let Some(m) = v.as_object() else { return };
            if m.is_empty() {
                if !prefix.is_empty() {
                    out.insert(prefix.clone());
                }
                return;
            }
            for (k, child) in m {
                if k == "." {
                    if !prefix.is_empty() {
                        out.insert(prefix.clone());
                    }
                    continue;
                }
                if let Some(e) = PathElem::decode(k) {
                    prefix.push(e);
                    walk(child, prefix, out);
                    prefix.pop();
                }
            }
        }
        walk(v, &mut Vec::new(), &mut fs);
        fs
    }
}

/// The key fields of a list of maps, if the list is merged by key.
pub fn keys_for(field: &str, item: &Value) -> Option<&'static [&'static str]> {
    let m = item.as_object()?;
    match field {
        "subjects" | "rules" | "args" | "command" | "tolerations" | "items" | "sources"
        | "versions" => None,
        "ports" if m.contains_key("containerPort") => Some(&["containerPort", "protocol"]),
        "ports" if m.contains_key("port") => Some(&["port", "protocol"]),
        "ports" => None,
        "conditions" | "taints" if m.contains_key("type") => Some(&["type"]),
        "volumeMounts" | "volumeDevices" if m.contains_key("mountPath") => Some(&["mountPath"]),
        "volumeDevices" => Some(&["devicePath"]),
        "ownerReferences" if m.contains_key("uid") => Some(&["uid"]),
        "hostAliases" if m.contains_key("ip") => Some(&["ip"]),
        "topologySpreadConstraints" => Some(&["topologyKey", "whenUnsatisfiable"]),
        _ if m.contains_key("name") => Some(&["name"]),
        _ => None,
    }
}

/// The canonical key of a list item, with Kubernetes' defaults filled (`protocol: TCP`).
pub fn item_key(keys: &[&str], item: &Value) -> Option<String> {
    let m = item.as_object()?;
    let mut k = Map::new();
    for key in keys {
        match m.get(*key) {
            Some(v) => {
                k.insert((*key).to_string(), v.clone());
            }
            None if *key == "protocol" => {
                k.insert("protocol".into(), Value::String("TCP".into()));
            }
            None if *key == "whenUnsatisfiable" => {}
            None => return None,
        }
    }
    Some(canonical_json(&Value::Object(k)))
}

/// The key fields shared by every item of a list, when the list is keyed and keys are unique.
pub fn list_keys(field: &str, items: &[Value]) -> Option<&'static [&'static str]> {
    let first = items.first()?;
    let keys = keys_for(field, first)?;
    let mut seen = BTreeSet::new();
    for it in items {
        if keys_for(field, it) != Some(keys) {
            return None;
        }
        let k = item_key(keys, it)?;
        if !seen.insert(k) {
            return None;
        }
    }
    Some(keys)
}

/// Whether a list of scalars is treated as a set.
pub fn is_set_list(field: &str, items: &[Value]) -> bool {
    field == "finalizers" && items.iter().all(Value::is_string)
}

/// Maps that are replaced as a whole (label selectors).
pub fn is_atomic_map(field: &str, v: &Value) -> bool {
    match field {
        "selector" | "namespaceSelector" | "objectSelector" | "podSelector" | "labelSelector" => {
            v.is_object()
        }
        _ => false,
    }
}

/// Map-like fields that carry a `.` marker in Update entries.
fn is_map_like(field: &str) -> bool {
    matches!(
        field,
        "labels"
            | "annotations"
            | "data"
            | "binaryData"
            | "stringData"
            | "matchLabels"
            | "nodeSelector"
            | "rollingUpdate"
            | "selector"
            | "limits"
            | "requests"
            | "finalizers"
            | "ownerReferences"
            | "conditions"
            | "ports"
            | "env"
            | "volumeMounts"
            | "volumes"
            | "imagePullSecrets"
            | "conversion"
    )
}

/// Which part of an object a field set covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everything (a resource without a status subresource).
    All,
    /// Everything but `.status`.
    NoStatus,
    /// Only `.status` (the status subresource of a custom resource).
    StatusOnly,
    /// `.status` and `.metadata.annotations`: the status subresource of a built-in kind, whose
    /// status strategies reset only spec (and labels), so controllers write annotations there
    /// (kubernetes/kubernetes pkg/registry/apps/deployment/strategy.go, transcript 44).
    StatusAndAnnotations,
}

const META_SKIP: &[&str] = &[
    "name",
    "namespace",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "managedFields",
    "selfLink",
];

/// The field set an object covers. `markers` adds the `.` markers Update entries carry.
pub fn fieldset_of(obj: &Value, scope: Scope, markers: bool) -> FieldSet {
    let mut fs = FieldSet::default();
    let Some(m) = obj.as_object() else { return fs };
    let mut prefix = Vec::new();
    for (k, v) in m {
        if k == "apiVersion" || k == "kind" {
            continue;
        }
        let wanted = match scope {
            Scope::All => true,
            Scope::NoStatus => k != "status",
            Scope::StatusOnly => k == "status",
            Scope::StatusAndAnnotations => k == "status" || k == "metadata",
        };
        if !wanted {
            continue;
        }
        if k == "metadata" {
            let Some(meta) = v.as_object() else { continue };
            prefix.push(PathElem::Field("metadata".into()));
            for (mk, mv) in meta {
                if META_SKIP.contains(&mk.as_str())
                    || (scope == Scope::StatusAndAnnotations && mk != "annotations")
                {
                    continue;
                }
                collect_field(mk, mv, &mut prefix, &mut fs, markers);
            }
            prefix.pop();
            continue;
        }
        collect_field(k, v, &mut prefix, &mut fs, markers);
    }
    fs
}

fn collect_field(k: &str, v: &Value, prefix: &mut FieldPath, out: &mut FieldSet, markers: bool) {
    prefix.push(PathElem::Field(k.to_string()));
    match v {
        Value::Object(m) if !m.is_empty() && !is_atomic_map(k, v) => {
            if markers && is_map_like(k) {
                out.insert(prefix.clone());
            }
            for (ck, cv) in m {
                collect_field(ck, cv, prefix, out, markers);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            if let Some(keys) = list_keys(k, items) {
                if markers && is_map_like(k) {
                    out.insert(prefix.clone());
                }
                for it in items {
                    let key = item_key(keys, it).unwrap_or_default();
                    prefix.push(PathElem::Key(key));
                    out.insert(prefix.clone());
                    if let Some(im) = it.as_object() {
                        for (ck, cv) in im {
                            collect_field(ck, cv, prefix, out, markers);
                        }
                    }
                    prefix.pop();
                }
            } else if is_set_list(k, items) {
                if markers {
                    out.insert(prefix.clone());
                }
                for it in items {
                    prefix.push(PathElem::Value(canonical_json(it)));
                    out.insert(prefix.clone());
                    prefix.pop();
                }
            } else {
                out.insert(prefix.clone());
            }
        }
        _ => out.insert(prefix.clone()),
    }
    prefix.pop();
}

fn find_item(arr: &[Value], field: &str, e: &PathElem) -> Option<usize> {
    match e {
        PathElem::Key(k) => arr.iter().position(|it| {
            keys_for(field, it)
                .and_then(|keys| item_key(keys, it))
                .is_some_and(|ik| ik == *k)
        }),
        PathElem::Value(v) => arr.iter().position(|it| canonical_json(it) == *v),
        PathElem::Field(_) => None,
    }
}

/// The value at a path.
pub fn get_at<'a>(obj: &'a Value, p: &[PathElem]) -> Option<&'a Value> {
    let mut cur = obj;
    let mut field = "";
    for e in p {
        match e {
            PathElem::Field(f) => {
                cur = cur.as_object()?.get(f)?;
                field = f;
            }
            _ => {
                let arr = cur.as_array()?;
                let i = find_item(arr, field, e)?;
                cur = &arr[i];
            }
        }
    }
    Some(cur)
}

/// Removes the value at a path; returns whether something was removed.
pub fn remove_at(obj: &mut Value, p: &[PathElem]) -> bool {
    let Some((last, parent_path)) = p.split_last() else {
        return false;
    };
    let parent_field = parent_path.iter().rev().find_map(|e| match e {
        PathElem::Field(f) => Some(f.clone()),
        _ => None,
    });
    let Some(parent) = get_at_mut(obj, parent_path) else {
        return false;
    };
    match last {
        PathElem::Field(f) => parent
            .as_object_mut()
            .is_some_and(|m| m.remove(f).is_some()),
        _ => {
            let field = parent_field.unwrap_or_default();
            let Some(arr) = parent.as_array_mut() else {
                return false;
            };
            match find_item(arr, &field, last) {
                Some(i) => {
                    arr.remove(i);
                    true
                }
                None => false,
            }
        }
    }
}

fn get_at_mut<'a>(obj: &'a mut Value, p: &[PathElem]) -> Option<&'a mut Value> {
    let mut cur = obj;
    let mut field = String::new();
    for e in p {
        match e {
            PathElem::Field(f) => {
                cur = cur.as_object_mut()?.get_mut(f)?;
                field = f.clone();
            }
            _ => {
                let arr = cur.as_array_mut()?;
                let i = find_item(arr, &field, e)?;
                cur = &mut arr[i];
            }
        }
    }
    Some(cur)
}

/// Whether the value at a path is a leaf (not a non-empty map or a keyed item).
pub fn is_leaf_path(obj: &Value, p: &[PathElem]) -> bool {
    if matches!(p.last(), Some(PathElem::Key(_))) {
        return false;
    }
    match get_at(obj, p) {
        Some(Value::Object(m)) => {
            m.is_empty()
                || p.last().is_some_and(|e| match e {
                    PathElem::Field(f) => is_atomic_map(f, &Value::Object(m.clone())),
                    _ => false,
                })
        }
        Some(Value::Array(a)) => {
            let f = match p.last() {
                Some(PathElem::Field(f)) => f.as_str(),
                _ => "",
            };
            a.is_empty() || (list_keys(f, a).is_none() && !is_set_list(f, a))
        }
        _ => true,
    }
}

/// Merges `applied` into `live` the way server-side apply and strategic merge patch do.
/// A `null` in `applied` removes the key.
pub fn merge(live: &mut Value, applied: &Value, field: &str) {
    match (live, applied) {
        (Value::Object(l), Value::Object(a)) if !is_atomic_map(field, applied) => {
            for (k, av) in a {
                if k.starts_with("$setElementOrder") || k == "$retainKeys" || k == "$patch" {
                    continue;
                }
                if av.is_null() {
                    l.remove(k);
                } else if let Some(lv) = l.get_mut(k) {
                    merge(lv, av, k);
                } else {
                    let mut v = av.clone();
                    strip_nulls(&mut v);
                    l.insert(k.clone(), v);
                }
            }
        }
        (Value::Array(l), Value::Array(a)) => {
            let keyed = list_keys(field, a)
                .filter(|keys| l.iter().all(|it| keys_for(field, it) == Some(*keys)));
            if let Some(keys) = keyed {
                for ai in a {
                    let k = item_key(keys, ai);
                    match l.iter_mut().find(|li| item_key(keys, li) == k) {
                        Some(li) => merge(li, ai, field),
                        None => l.push(ai.clone()),
                    }
                }
            } else if is_set_list(field, a) && l.iter().all(Value::is_string) {
                for ai in a {
                    if !l.contains(ai) {
                        l.push(ai.clone());
                    }
                }
            } else {
                *l = a.clone();
            }
        }
        (l, a) => {
            *l = a.clone();
            strip_nulls(l);
        }
    }
}

fn strip_nulls(v: &mut Value) {
    if let Value::Object(m) = v {
        m.retain(|_, x| !x.is_null());
        for x in m.values_mut() {
            strip_nulls(x);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn roundtrip_fields_v1() {
        let v = json!({
            "f:data": {"f:mode": {}, "f:owner": {}},
            "f:spec": {"f:containers": {"k:{\"name\":\"pause\"}": {".": {}, "f:image": {}}}}
        });
        let fs = FieldSet::from_json(&v);
        assert_eq!(fs.paths.len(), 4);
        assert_eq!(fs.to_json(), v);
    }

    #[test]
    fn deployment_fieldset_matches_apiserver() {
        let d = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": "x", "labels": {"app": "web"}},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"}},
                "spec": {"containers": [{"name": "pause", "image": "p",
                  "ports": [{"containerPort": 8080, "name": "http"}]}]}}}
        });
        let fs = fieldset_of(&d, Scope::NoStatus, false);
        let expected = json!({
          "f:metadata": {"f:labels": {"f:app": {}}},
          "f:spec": {"f:replicas": {}, "f:selector": {},
            "f:template": {"f:metadata": {"f:labels": {"f:app": {}}},
              "f:spec": {"f:containers": {"k:{\"name\":\"pause\"}": {".": {}, "f:image": {}, "f:name": {},
                "f:ports": {"k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": {".": {}, "f:containerPort": {}, "f:name": {}}}}}}}}
        });
        assert_eq!(fs.to_json(), expected);
        let p = fs
            .paths
            .iter()
            .find(|p| p.len() == 7)
            .expect("a container field");
        assert!(path_string(p).starts_with(".spec.template.spec.containers[name=\"pause\"]"));
    }

    #[test]
    fn merge_by_key_and_remove() {
        let mut live = json!({"spec": {"containers": [{"name": "a", "image": "1"}, {"name": "b", "image": "2"}]}});
        merge(
            &mut live,
            &json!({"spec": {"containers": [{"name": "b", "image": "3"}]}}),
            "",
        );
        assert_eq!(live["spec"]["containers"][1]["image"], "3");
        assert_eq!(live["spec"]["containers"][0]["image"], "1");
        let p = vec![
            PathElem::Field("spec".into()),
            PathElem::Field("containers".into()),
            PathElem::Key("{\"name\":\"a\"}".into()),
        ];
        assert!(remove_at(&mut live, &p));
        assert_eq!(live["spec"]["containers"].as_array().map(Vec::len), Some(1));
    }
}
