//! What odh applied, remembered per object, and what changed since: an object
//! deleted by hand is missing, one whose fields odh set were changed by someone
//! else (or re-applied from other input) has drifted. Pure.
//!
//! A server-side apply gives every field a manager. When a user edits a field
//! odh applied (`kubectl edit`, `kubectl patch`, a controller's update), the
//! field moves to that user's manager, so the set of fields odh's manager owns
//! shrinks: a digest of that set, taken after each apply, shows the change.

use super::desired::APPLIED_DIGEST_ANNOTATION;
use super::inventory::Entry;
use crate::cluster::FIELD_MANAGER;
use crate::object::Object;
use serde_json::Value;

/// What odh last applied, as seen on the live object right after.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint {
    /// The applied-digest annotation.
    pub digest: Option<String>,
    /// A digest of the fields odh's field manager owns.
    pub fields: Option<String>,
}

impl Fingerprint {
    /// The fingerprint of a live object odh just applied (or found unchanged).
    pub fn of(live: &Object) -> Fingerprint {
        Fingerprint {
            digest: live
                .annotation(APPLIED_DIGEST_ANNOTATION)
                .map(str::to_string),
            fields: odh_fields(live).map(|fields| short_digest(&canonical(fields))),
        }
    }

    /// Writes the fingerprint into an inventory entry.
    pub fn record(&self, entry: &mut Entry) {
        entry.digest = self.digest.clone();
        entry.fields = self.fields.clone();
    }
}

/// How the live object differs from what odh recorded, if it does.
pub fn drift(entry: &Entry, live: &Object) -> Option<String> {
    let now = Fingerprint::of(live);
    if let Some(recorded) = &entry.digest
        && now.digest.as_ref() != Some(recorded)
    {
        return Some("applied by someone else since odh installed it".into());
    }
    let recorded = entry.fields.as_ref()?;
    if now.fields.as_ref() == Some(recorded) {
        return None;
    }
    let editors = later_managers(live);
    Some(if editors.is_empty() {
        "fields odh applied were changed since install".to_string()
    } else {
        format!(
            "fields odh applied were changed since install (now managed by {})",
            editors.join(", ")
        )
    })
}

/// odh's managedFields entry: its manager, operation Apply, no subresource.
fn odh_entry(live: &Object) -> Option<&Value> {
    live.get("/metadata/managedFields")?
        .as_array()?
        .iter()
        .find(|entry| {
            entry.get("manager").and_then(Value::as_str) == Some(FIELD_MANAGER)
                && entry.get("operation").and_then(Value::as_str) == Some("Apply")
                && entry.get("subresource").is_none_or(Value::is_null)
        })
}

fn odh_fields(live: &Object) -> Option<&Value> {
    odh_entry(live).and_then(|entry| entry.get("fieldsV1"))
}

/// Managers other than odh that wrote the object's main resource after odh did.
fn later_managers(live: &Object) -> Vec<String> {
    let odh_time = odh_entry(live)
        .and_then(|e| e.get("time"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut names: Vec<String> = live
        .get("/metadata/managedFields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|entry| entry.get("subresource").is_none_or(Value::is_null))
        .filter(|entry| entry.get("manager").and_then(Value::as_str) != Some(FIELD_MANAGER))
        .filter(|entry| entry.get("time").and_then(Value::as_str).unwrap_or("") >= odh_time)
        .filter_map(|entry| entry.get("manager").and_then(Value::as_str))
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

/// JSON text with every object's keys sorted, so equal sets digest equally.
fn canonical(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Value::String(k.clone()), canonical(&map[k])))
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

fn short_digest(text: &str) -> String {
    crate::sources::sha256_hex(text.as_bytes())[..32].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn live(odh_fields: Value, others: Vec<Value>) -> Object {
        let mut managed = vec![json!({
            "manager": "odh", "operation": "Apply", "apiVersion": "v1",
            "time": "2026-12-01T10:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": odh_fields,
        })];
        managed.extend(others);
        Object::new(json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "c", "namespace": "n",
                "annotations": {APPLIED_DIGEST_ANNOTATION: "d1"}, "managedFields": managed},
            "data": {"a": "1", "b": "2"},
        }))
    }

    fn entry_for(object: &Object) -> Entry {
        let mut entry = Entry {
            api_version: "v1".into(),
            kind: "ConfigMap".into(),
            namespace: Some("n".into()),
            name: "c".into(),
            profile: "core".into(),
            component: "x".into(),
            digest: None,
            fields: None,
            adopted: false,
        };
        Fingerprint::of(object).record(&mut entry);
        entry
    }

    #[test]
    fn unchanged_objects_have_no_drift_whatever_the_key_order() {
        let applied = live(json!({"f:data": {"f:a": {}, "f:b": {}}}), vec![]);
        let entry = entry_for(&applied);
        let reordered = live(json!({"f:data": {"f:b": {}, "f:a": {}}}), vec![]);
        assert_eq!(drift(&entry, &reordered), None);
    }

    #[test]
    fn an_edit_that_takes_a_field_is_drift_naming_the_editor() {
        let applied = live(json!({"f:data": {"f:a": {}, "f:b": {}}}), vec![]);
        let entry = entry_for(&applied);
        let edited = live(
            json!({"f:data": {"f:b": {}}}),
            vec![
                json!({"manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1",
                "time": "2026-12-01T11:00:00Z", "fieldsType": "FieldsV1", "fieldsV1": {"f:data": {"f:a": {}}}}),
            ],
        );
        assert_eq!(
            drift(&entry, &edited).as_deref(),
            Some("fields odh applied were changed since install (now managed by kubectl-edit)")
        );
    }

    #[test]
    fn status_writes_by_controllers_are_not_drift() {
        let applied = live(json!({"f:data": {"f:a": {}}}), vec![]);
        let entry = entry_for(&applied);
        let with_status = live(
            json!({"f:data": {"f:a": {}}}),
            vec![
                json!({"manager": "kube-controller-manager", "operation": "Update", "subresource": "status",
                "time": "2026-12-01T11:00:00Z", "fieldsV1": {"f:status": {}}}),
            ],
        );
        assert_eq!(drift(&entry, &with_status), None);
    }

    #[test]
    fn another_digest_means_someone_re_applied_it() {
        let applied = live(json!({"f:data": {}}), vec![]);
        let entry = entry_for(&applied);
        let mut other = applied.clone();
        other.set_annotation(APPLIED_DIGEST_ANNOTATION, "d2");
        assert!(
            drift(&entry, &other)
                .unwrap()
                .contains("applied by someone else")
        );
    }

    #[test]
    fn entries_without_a_record_never_drift() {
        let applied = live(json!({"f:data": {}}), vec![]);
        let mut entry = entry_for(&applied);
        entry.digest = None;
        entry.fields = None;
        let edited = live(json!({}), vec![]);
        assert_eq!(drift(&entry, &edited), None);
    }
}
