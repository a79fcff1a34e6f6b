//! What an install would change, object by object: the fields odh manages
//! (its server-side apply field set, `managedFields` `fieldsV1`) of the live
//! object and of the dry-run result, shown as a unified diff with Secret
//! values masked. Pure.

mod fields;
mod unified;

pub use fields::{managed_fields, project};
pub use unified::unified;

use crate::object::{Object, ObjectRef};
use serde::Serialize;
use serde_json::{Map, Value};

/// What install would do to one object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Change,
    Prune,
    /// An adopted object that left the profiles: odh lets go of it (removes its labels).
    Release,
    /// It exists and odh does not own it: install refuses it unless `--adopt`.
    Conflict,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Change => "change",
            Action::Prune => "prune",
            Action::Release => "release",
            Action::Conflict => "conflict",
        }
    }
}

/// One object install would touch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectDiff {
    pub action: Action,
    #[serde(serialize_with = "display")]
    pub object: ObjectRef,
    pub component: String,
    /// The unified diff of a change ("" otherwise).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub diff: String,
}

fn display<S: serde::Serializer>(r: &ObjectRef, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(r)
}

/// Annotations odh keeps for itself (the applied digest): they change whenever anything does.
const BOOKKEEPING: [&str; 1] = ["opendatahub.io/odh-applied-digest"];

/// The view of an object that a diff shows: the managed fields, without odh's
/// bookkeeping annotations.
pub fn view(object: &Object, fields: &Value) -> Value {
    let mut shown = project(&object.0, fields).unwrap_or(Value::Null);
    if let Some(annotations) = shown
        .pointer_mut("/metadata/annotations")
        .and_then(Value::as_object_mut)
    {
        for key in BOOKKEEPING {
            annotations.remove(key);
        }
        if annotations.is_empty()
            && let Some(meta) = shown
                .pointer_mut("/metadata")
                .and_then(Value::as_object_mut)
        {
            meta.remove("annotations");
        }
    }
    if shown
        .get("metadata")
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty)
        && let Some(map) = shown.as_object_mut()
    {
        map.remove("metadata");
    }
    shown
}

/// Replaces every Secret value in both views by a marker, so that a diff shows
/// which keys change but never a value.
pub fn mask_secrets(old: &mut Value, new: &mut Value) {
    for field in ["data", "stringData"] {
        let before = old
            .get(field)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        if let Some(map) = new.get_mut(field).and_then(Value::as_object_mut) {
            for (key, value) in map.iter_mut() {
                let same = before.get(key) == Some(value);
                *value = Value::String(
                    if same {
                        "(hidden)"
                    } else {
                        "(hidden, changes)"
                    }
                    .into(),
                );
            }
        }
        if let Some(map) = old.get_mut(field).and_then(Value::as_object_mut) {
            for value in map.values_mut() {
                *value = Value::String("(hidden)".into());
            }
        }
    }
}

/// The unified diff of the managed fields of `live` and of `after` (the dry-run
/// result); "" when they show no difference.
pub fn change(live: &Object, after: &Object, manager: &str) -> String {
    let fields = managed_fields(&[live, after], manager);
    let mut old = view(live, &fields);
    let mut new = view(after, &fields);
    if after.kind() == "Secret" {
        mask_secrets(&mut old, &mut new);
    }
    let text = |v: &Value| serde_saphyr::to_string(v).unwrap_or_default();
    unified(&text(&old), &text(&new), "live", "after install")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(replicas: i64, image: &str, extra_manager_field: bool) -> Object {
        let mut o = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "hub", "namespace": "odh", "uid": "u", "resourceVersion": "7",
                "annotations": {"opendatahub.io/odh-applied-digest": format!("d{replicas}")},
                "managedFields": [
                    {"manager": "odh", "operation": "Apply", "fieldsV1": {
                        "f:metadata": {"f:annotations": {"f:opendatahub.io/odh-applied-digest": {}}},
                        "f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {
                            "k:{\"name\":\"hub\"}": {".": {}, "f:image": {}, "f:name": {}}}}}}}},
                    {"manager": "kube-controller-manager", "operation": "Update", "subresource": "status", "fieldsV1": {"f:status": {}}}
                ]},
            "spec": {"replicas": replicas, "template": {"spec": {"containers": [
                {"name": "hub", "image": image, "imagePullPolicy": "IfNotPresent"}]}}},
            "status": {"readyReplicas": 1}
        });
        if extra_manager_field {
            o["spec"]["paused"] = json!(false);
        }
        Object::new(o)
    }

    #[test]
    fn only_managed_fields_are_shown() {
        let live = object(1, "hub:1", true);
        let fields = managed_fields(&[&live], "odh");
        let shown = view(&live, &fields);
        assert_eq!(
            shown,
            json!({"spec": {"replicas": 1, "template": {"spec": {"containers": [{"name": "hub", "image": "hub:1"}]}}}})
        );
    }

    #[test]
    fn a_change_is_a_unified_diff_of_managed_fields() {
        let diff = change(&object(1, "hub:1", true), &object(2, "hub:2", true), "odh");
        assert!(
            diff.starts_with("--- live\n+++ after install\n@@ "),
            "{diff}"
        );
        assert!(
            diff.contains("\n-  replicas: 1\n+  replicas: 2\n"),
            "{diff}"
        );
        assert!(diff.contains("-        image: hub:1\n"), "{diff}");
        assert!(
            !diff.contains("readyReplicas") && !diff.contains("digest"),
            "{diff}"
        );
        assert_eq!(
            change(&object(1, "a", false), &object(1, "a", true), "odh"),
            ""
        );
    }

    #[test]
    fn secret_values_never_appear() {
        let secret = |value: &str| {
            Object::new(
                json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "managedFields": [
                {"manager": "odh", "operation": "Apply", "fieldsV1": {"f:data": {"f:password": {}, "f:user": {}}}}]},
                "data": {"password": value, "user": "YWRtaW4="}}),
            )
        };
        let diff = change(&secret("b2xk"), &secret("bmV3"), "odh");
        assert!(
            diff.contains("-  password: (hidden)\n+  password: (hidden, changes)\n"),
            "{diff}"
        );
        assert!(
            !diff.contains("b2xk") && !diff.contains("bmV3") && !diff.contains("YWRtaW4="),
            "{diff}"
        );
        assert_eq!(change(&secret("same"), &secret("same"), "odh"), "");
    }

    #[test]
    fn the_bookkeeping_annotation_is_the_one_install_writes() {
        assert_eq!(BOOKKEEPING[0], crate::install::APPLIED_DIGEST_ANNOTATION);
    }
}
