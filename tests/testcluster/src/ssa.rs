//! Server-side apply and managedFields bookkeeping: ownership per field manager, conflicts, force,
//! removal of fields a manager stopped applying, and Update-operation ownership transfer.

use crate::fields::{
    FieldPath, FieldSet, PathElem, Scope, fieldset_of, get_at, is_leaf_path, merge, path_string,
    remove_at,
};
use crate::status::ApiError;
use crate::util::now_rfc3339;
use serde_json::{Map, Value, json};

/// One managedFields entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub manager: String,
    pub operation: String,
    pub api_version: String,
    pub time: String,
    pub fields: FieldSet,
    pub subresource: Option<String>,
}

impl Entry {
    fn same_identity(&self, manager: &str, operation: &str, sub: Option<&str>) -> bool {
        self.manager == manager && self.operation == operation && self.subresource.as_deref() == sub
    }

    /// How conflict messages name this manager.
    pub fn display(&self) -> String {
        let mut s = format!("{:?}", self.manager);
        if let Some(sub) = &self.subresource {
            s.push_str(&format!(" with subresource {sub:?}"));
        }
        if self.operation == "Update" {
            s.push_str(&format!(" using {} at {}", self.api_version, self.time));
        }
        s
    }

    fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("manager".into(), json!(self.manager));
        m.insert("operation".into(), json!(self.operation));
        m.insert("apiVersion".into(), json!(self.api_version));
        m.insert("time".into(), json!(self.time));
        m.insert("fieldsType".into(), json!("FieldsV1"));
        m.insert("fieldsV1".into(), self.fields.to_json());
        if let Some(s) = &self.subresource {
            m.insert("subresource".into(), json!(s));
        }
        Value::Object(m)
    }
}

/// Reads the managedFields of an object.
pub fn read_entries(obj: &Value) -> Vec<Entry> {
    let Some(arr) = obj
        .get("metadata")
        .and_then(|m| m.get("managedFields"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    arr.iter()
        .map(|e| Entry {
            manager: e["manager"].as_str().unwrap_or("").to_string(),
            operation: e["operation"].as_str().unwrap_or("Update").to_string(),
            api_version: e["apiVersion"].as_str().unwrap_or("").to_string(),
            time: e["time"].as_str().unwrap_or("").to_string(),
            fields: FieldSet::from_json(e.get("fieldsV1").unwrap_or(&Value::Null)),
            subresource: e
                .get("subresource")
                .and_then(Value::as_str)
                .map(str::to_string),
        })
        .collect()
}

/// Writes managedFields into an object (dropping empty entries).
pub fn write_entries(obj: &mut Value, entries: &[Entry]) {
    let arr: Vec<Value> = entries
        .iter()
        .filter(|e| !e.fields.is_empty())
        .map(Entry::to_json)
        .collect();
    let meta = crate::util::meta_mut(obj);
    if arr.is_empty() {
        meta.remove("managedFields");
    } else {
        meta.insert("managedFields".into(), Value::Array(arr));
    }
}

/// A server-side apply request.
pub struct Apply<'a> {
    pub manager: &'a str,
    pub force: bool,
    pub api_version: &'a str,
    /// `Some("status")` for the status subresource.
    pub subresource: Option<&'a str>,
    /// Whether the resource has a status subresource.
    pub has_status: bool,
}

impl Apply<'_> {
    fn scope(&self) -> Scope {
        match (self.subresource, self.has_status) {
            (Some("status"), _) => Scope::StatusOnly,
            (_, true) => Scope::NoStatus,
            _ => Scope::All,
        }
    }
}

/// The part of an applied configuration the request may touch.
fn scoped_config(applied: &Value, scope: Scope) -> Value {
    let mut a = applied.clone();
    if let Some(m) = a.as_object_mut() {
        match scope {
            Scope::NoStatus => {
                m.remove("status");
            }
            Scope::StatusOnly | Scope::StatusAndAnnotations => {
                m.retain(|k, _| {
                    k == "apiVersion" || k == "kind" || k == "status" || k == "metadata"
                });
                let keep_annotations = scope == Scope::StatusAndAnnotations;
                if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.retain(|k, _| {
                        k == "name" || k == "namespace" || (keep_annotations && k == "annotations")
                    });
                }
            }
            Scope::All => {}
        }
        if let Some(meta) = m.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in [
                "uid",
                "resourceVersion",
                "generation",
                "creationTimestamp",
                "managedFields",
                "selfLink",
            ] {
                meta.remove(k);
            }
        }
    }
    a
}

/// Builds the 409 answered for apply conflicts.
pub fn conflict_error(conflicts: &[(String, FieldPath)]) -> ApiError {
    let message = if conflicts.len() == 1 {
        format!(
            "Apply failed with 1 conflict: conflict with {}: {}",
            conflicts[0].0,
            path_string(&conflicts[0].1)
        )
    } else {
        let mut managers: Vec<&String> = conflicts.iter().map(|c| &c.0).collect();
        managers.sort();
        managers.dedup();
        let mut parts = Vec::new();
        for m in managers {
            parts.push(format!("conflicts with {m}:"));
            for c in conflicts.iter().filter(|c| &c.0 == m) {
                parts.push(format!("- {}", path_string(&c.1)));
            }
        }
        format!(
            "Apply failed with {} conflicts: {}",
            conflicts.len(),
            parts.join("\n")
        )
    };
    let causes: Vec<Value> = conflicts
        .iter()
        .map(|(m, p)| {
            json!({"reason": "FieldManagerConflict", "message": format!("conflict with {m}"), "field": path_string(p)})
        })
        .collect();
    ApiError::new(
        409,
        Some("Conflict"),
        &message,
        Some(json!({"causes": causes})),
    )
}

/// Applies `applied` over `live` (or creates from it). Returns the merged object (before
/// defaulting) and the new managedFields entries.
pub fn apply(
    live: Option<&Value>,
    applied: &Value,
    req: &Apply,
) -> Result<(Value, Vec<Entry>), ApiError> {
    let scope = req.scope();
    let config = scoped_config(applied, scope);
    let fa = fieldset_of(&config, scope, false);
    let now = now_rfc3339();
    let Some(live) = live else {
        let entry = Entry {
            manager: req.manager.to_string(),
            operation: "Apply".into(),
            api_version: req.api_version.to_string(),
            time: now,
            fields: fa,
            subresource: req.subresource.map(str::to_string),
        };
        let mut obj = config;
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            meta.remove("managedFields");
        }
        return Ok((obj, vec![entry]));
    };
    let mut entries = read_entries(live);
    let mut conflicts: Vec<(usize, FieldPath)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if e.same_identity(req.manager, "Apply", req.subresource) {
            continue;
        }
        for p in fa.paths.iter().filter(|p| e.fields.contains(p)) {
            if !is_leaf_path(&config, p) {
                continue;
            }
            let (Some(va), Some(vl)) = (get_at(&config, p), get_at(live, p)) else {
                continue;
            };
            if va != vl {
                conflicts.push((i, p.clone()));
            }
        }
    }
    if !conflicts.is_empty() {
        if !req.force {
            let named: Vec<(String, FieldPath)> = conflicts
                .iter()
                .map(|(i, p)| (entries[*i].display(), p.clone()))
                .collect();
            return Err(conflict_error(&named));
        }
        for (i, p) in &conflicts {
            entries[*i].fields.remove(p);
        }
    }

    let mut merged = live.clone();
    merge(&mut merged, &config, "");
    let mine = entries
        .iter()
        .position(|e| e.same_identity(req.manager, "Apply", req.subresource));
    let old_mine = mine.map(|i| entries[i].fields.clone()).unwrap_or_default();
    let mut removed: Vec<&FieldPath> = old_mine.paths.iter().filter(|p| !fa.contains(p)).collect();
    removed.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in removed {
        let others_own = entries
            .iter()
            .enumerate()
            .any(|(i, e)| Some(i) != mine && e.fields.has_prefix(p));
        if others_own || fa.has_prefix(p) {
            continue;
        }
        if remove_at(&mut merged, p) {
            prune_empty_parents(&mut merged, p, &entries, mine, &fa);
        }
    }

    match mine {
        Some(i) => {
            if entries[i].fields != fa {
                entries[i].fields = fa;
                entries[i].time = now;
                entries[i].api_version = req.api_version.to_string();
            }
        }
        None => entries.push(Entry {
            manager: req.manager.to_string(),
            operation: "Apply".into(),
            api_version: req.api_version.to_string(),
            time: now,
            fields: fa,
            subresource: req.subresource.map(str::to_string),
        }),
    }
    entries.retain(|e| !e.fields.is_empty());
    Ok((merged, entries))
}

fn prune_empty_parents(
    obj: &mut Value,
    p: &[PathElem],
    entries: &[Entry],
    mine: Option<usize>,
    fa: &FieldSet,
) {
    let mut len = p.len();
    while len > 1 {
        len -= 1;
        let parent = &p[..len];
        let empty = match get_at(obj, parent) {
            Some(Value::Object(m)) => m.is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            _ => false,
        };
        if !empty {
            return;
        }
        if parent.len() == 1 && matches!(&parent[0], PathElem::Field(f) if f == "metadata") {
            return;
        }
        let owned = fa.has_prefix(parent)
            || entries
                .iter()
                .enumerate()
                .any(|(i, e)| Some(i) != mine && e.fields.contains(parent));
        if owned {
            return;
        }
        remove_at(obj, parent);
    }
}

/// Records an Update-operation write: fields the write changed move to `manager`.
pub fn record_update(
    old: Option<&Value>,
    new: &mut Value,
    manager: &str,
    api_version: &str,
    subresource: Option<&str>,
    scope: Scope,
) {
    let mut entries = match old {
        Some(o) => read_entries(o),
        None => read_entries(new),
    };
    let new_set = fieldset_of(new, scope, true);
    let changed: Vec<FieldPath> = match old {
        None => new_set.paths.iter().cloned().collect(),
        Some(o) => {
            let old_set = fieldset_of(o, scope, true);
            for e in entries.iter_mut() {
                let gone: Vec<FieldPath> = e
                    .fields
                    .paths
                    .iter()
                    .filter(|p| old_set.contains(p) && !new_set.contains(p))
                    .cloned()
                    .collect();
                for p in gone {
                    e.fields.remove(&p);
                }
            }
            new_set
                .paths
                .iter()
                .filter(|p| {
                    !old_set.contains(p) || (is_leaf_path(new, p) && get_at(o, p) != get_at(new, p))
                })
                .cloned()
                .collect()
        }
    };
    if !changed.is_empty() {
        for e in entries.iter_mut() {
            if e.same_identity(manager, "Update", subresource) {
                continue;
            }
            for p in &changed {
                e.fields.remove(p);
            }
        }
        let now = now_rfc3339();
        match entries
            .iter_mut()
            .find(|e| e.same_identity(manager, "Update", subresource))
        {
            Some(e) => {
                for p in changed {
                    e.fields.insert(p);
                }
                e.time = now;
                e.api_version = api_version.to_string();
            }
            None => {
                let mut fields = FieldSet::default();
                for p in changed {
                    fields.insert(p);
                }
                entries.push(Entry {
                    manager: manager.to_string(),
                    operation: "Update".into(),
                    api_version: api_version.to_string(),
                    time: now,
                    fields,
                    subresource: subresource.map(str::to_string),
                });
            }
        }
    }
    write_entries(new, &entries);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cm(data: Value) -> Value {
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s", "namespace": "n"}, "data": data})
    }

    fn req(manager: &str, force: bool) -> Apply<'_> {
        Apply {
            manager,
            force,
            api_version: "v1",
            subresource: None,
            has_status: false,
        }
    }

    fn store(obj: &Value, entries: &[Entry]) -> Value {
        let mut o = obj.clone();
        write_entries(&mut o, entries);
        o
    }

    #[test]
    fn conflict_then_force() {
        let (o, e) = apply(
            None,
            &cm(json!({"mode": "fast", "owner": "odh"})),
            &req("odh", true),
        )
        .unwrap();
        let live = store(&o, &e);
        let err = apply(
            Some(&live),
            &cm(json!({"mode": "slow"})),
            &req("odh-other", false),
        )
        .unwrap_err();
        assert_eq!(err.code, 409);
        assert_eq!(
            err.message(),
            "Apply failed with 1 conflict: conflict with \"odh\": .data.mode"
        );
        let (o2, e2) = apply(
            Some(&live),
            &cm(json!({"mode": "slow"})),
            &req("odh-other", true),
        )
        .unwrap();
        assert_eq!(o2["data"], json!({"mode": "slow", "owner": "odh"}));
        assert_eq!(e2[0].fields.to_json(), json!({"f:data": {"f:owner": {}}}));
        assert_eq!(e2[1].fields.to_json(), json!({"f:data": {"f:mode": {}}}));
    }

    #[test]
    fn same_value_is_shared_not_conflict() {
        let (o, e) = apply(None, &cm(json!({"a": "1"})), &req("one", false)).unwrap();
        let live = store(&o, &e);
        let (_, e2) = apply(Some(&live), &cm(json!({"a": "1"})), &req("two", false)).unwrap();
        assert_eq!(e2.len(), 2);
    }

    #[test]
    fn dropped_field_is_removed_unless_shared() {
        let (o, e) = apply(None, &cm(json!({"a": "1", "b": "2"})), &req("one", false)).unwrap();
        let live = store(&o, &e);
        let (o2, _) = apply(Some(&live), &cm(json!({"a": "1"})), &req("one", false)).unwrap();
        assert_eq!(o2["data"], json!({"a": "1"}));
        let (o3, e3) = apply(Some(&live), &cm(json!({"b": "2"})), &req("two", false)).unwrap();
        let live3 = store(&o3, &e3);
        let (o4, _) = apply(Some(&live3), &cm(json!({"a": "1"})), &req("one", false)).unwrap();
        assert_eq!(o4["data"], json!({"a": "1", "b": "2"}));
        let bare = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "s", "namespace": "n"}});
        let (o5, _) = apply(Some(&live), &bare, &req("one", false)).unwrap();
        assert!(o5.get("data").is_none(), "{o5}");
    }

    #[test]
    fn update_takes_ownership() {
        let (o, e) = apply(None, &cm(json!({"a": "1"})), &req("one", false)).unwrap();
        let live = store(&o, &e);
        let mut new = live.clone();
        new["data"]["a"] = json!("2");
        record_update(
            Some(&live),
            &mut new,
            "kubectl-edit",
            "v1",
            None,
            Scope::All,
        );
        let entries = read_entries(&new);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].manager, "kubectl-edit");
        let err = apply(Some(&new), &cm(json!({"a": "3"})), &req("one", false)).unwrap_err();
        assert!(
            err.message().contains("\"kubectl-edit\" using v1 at"),
            "{}",
            err.message()
        );
    }
}
