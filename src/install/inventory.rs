//! The inventory: one Secret per installation in the odh namespace recording
//! every object odh applied (ApplySet-compatible parent), so that re-installs
//! prune what left the profiles and `status`/`uninstall` know what is odh's.

use super::desired::APPLYSET_PART_OF_LABEL;
use crate::object::{Object, ObjectRef};
use crate::render::{MANAGED_BY_LABEL, PART_OF_LABEL, marker};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeSet;

/// The inventory Secret's name.
pub const INVENTORY_NAME: &str = "odh-inventory";
const KEY: &str = "inventory.json";

/// One installed object.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub api_version: String,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    pub profile: String,
    pub component: String,
    /// The applied digest odh last applied the object with (drift detection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// A digest of the fields odh's field manager owned after that apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// The object existed before odh and was taken over (`--adopt`): uninstall
    /// gives it back instead of deleting it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub adopted: bool,
}

impl Entry {
    pub fn to_ref(&self) -> ObjectRef {
        ObjectRef {
            api_version: self.api_version.clone(),
            kind: self.kind.clone(),
            namespace: self.namespace.clone(),
            name: self.name.clone(),
        }
    }

    /// Same object, ignoring the API version (an object keeps its identity across versions).
    pub fn same_object(&self, other: &Entry) -> bool {
        let group = |v: &str| v.split_once('/').map_or("", |(g, _)| g).to_string();
        group(&self.api_version) == group(&other.api_version)
            && self.kind == other.kind
            && self.namespace == other.namespace
            && self.name == other.name
    }
}

/// What one installation holds.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Inventory {
    pub profiles: Vec<String>,
    pub platform: String,
    /// False while an install is under way: `objects` then is the union of the
    /// old and new sets, so a crash leaves nothing unrecorded.
    pub complete: bool,
    pub objects: Vec<Entry>,
    /// Component dependencies, for ordering uninstall and prune.
    #[serde(default)]
    pub requires: Vec<(String, Vec<String>)>,
    /// The values the objects were rendered with (re-used by later installs).
    #[serde(default)]
    pub values: std::collections::BTreeMap<String, serde_json::Value>,
    /// The directories and files of users' own manifests (`--include`), as
    /// absolute paths, read again by later installs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<String>,
    /// The odh that last wrote the inventory (`odh 0.1.0`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub installed_by: String,
}

impl Inventory {
    /// The entries of `old` that `self` no longer has.
    pub fn dropped_from<'a>(&self, old: &'a Inventory) -> Vec<&'a Entry> {
        old.objects
            .iter()
            .filter(|o| !self.objects.iter().any(|n| n.same_object(o)))
            .collect()
    }

    /// `self` plus the entries of `old` it lacks, marked incomplete.
    pub fn union(&self, old: &Inventory) -> Inventory {
        let mut merged = self.clone();
        for entry in self.dropped_from(old) {
            merged.objects.push(entry.clone());
        }
        merged.objects.sort();
        merged.complete = false;
        merged
    }

    /// True when the object is listed.
    pub fn holds(&self, target: &ObjectRef) -> bool {
        self.entry(target).is_some()
    }

    /// The entry of an object (any version of its group and kind).
    pub fn entry(&self, target: &ObjectRef) -> Option<&Entry> {
        self.objects.iter().find(|e| {
            e.kind == target.kind
                && e.namespace == target.namespace
                && e.name == target.name
                && e.to_ref().group() == target.group()
        })
    }

    /// True when nothing is installed: no profile, whatever data is kept.
    pub fn is_empty(&self) -> bool {
        self.profiles.is_empty()
    }
}

/// Who writes inventories: this odh and its version.
pub fn writer() -> String {
    concat!("odh ", env!("CARGO_PKG_VERSION")).to_string()
}

/// The ApplySet id of the inventory Secret in a namespace.
pub fn applyset_id(namespace: &str) -> String {
    let digest = sha2_digest(format!("{INVENTORY_NAME}.{namespace}.Secret.").as_bytes());
    format!("applyset-{}-v1", URL_SAFE_NO_PAD.encode(digest))
}

fn sha2_digest(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

/// The inventory as a Secret object.
pub fn to_secret(inventory: &Inventory, namespace: &str) -> Object {
    let kinds: BTreeSet<String> = inventory
        .objects
        .iter()
        .map(|e| {
            let r = e.to_ref();
            if r.group().is_empty() {
                e.kind.clone()
            } else {
                format!("{}.{}", e.kind, r.group())
            }
        })
        .collect();
    let body = serde_json::to_vec(inventory).unwrap_or_default();
    Object::new(json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": INVENTORY_NAME,
            "namespace": namespace,
            "labels": {
                "applyset.kubernetes.io/id": applyset_id(namespace),
                MANAGED_BY_LABEL: "odh",
                PART_OF_LABEL: "opendatahub",
            },
            "annotations": {
                "applyset.kubernetes.io/tooling": concat!("odh/v", env!("CARGO_PKG_VERSION")),
                "applyset.kubernetes.io/contains-group-kinds": kinds.into_iter().collect::<Vec<_>>().join(","),
            },
        },
        "type": "Opaque",
        "data": { KEY: STANDARD.encode(body) },
    }))
}

/// Reads an inventory Secret.
///
/// # Errors
/// A message when the Secret does not hold a readable inventory.
pub fn from_secret(secret: &Object) -> Result<Inventory, String> {
    let encoded = secret
        .str_at(&format!("/data/{KEY}"))
        .ok_or_else(|| format!("the inventory Secret has no {KEY}"))?;
    let bytes = STANDARD
        .decode(encoded)
        .map_err(|e| format!("the inventory is not base64: {e}"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("the inventory is not readable: {e}"))
}

/// True when odh manages the live object: its label or its ApplySet
/// membership, on an object no controller owns. Controllers that copy a
/// custom resource's labels onto what they create (KServe does) would
/// otherwise make their children look like odh's.
pub fn is_owned(live: &Object, applyset: &str) -> bool {
    (marker(live, MANAGED_BY_LABEL) == Some("odh")
        || marker(live, APPLYSET_PART_OF_LABEL) == Some(applyset))
        && !has_controller(live)
}

/// True when an ownerReference marks another object as this one's controller.
pub fn has_controller(live: &Object) -> bool {
    live.get("/metadata/ownerReferences")
        .and_then(|r| r.as_array())
        .is_some_and(|refs| {
            refs.iter()
                .any(|r| r.get("controller").and_then(serde_json::Value::as_bool) == Some(true))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, name: &str) -> Entry {
        Entry {
            api_version: "v1".into(),
            kind: kind.into(),
            namespace: Some("n".into()),
            name: name.into(),
            profile: "core".into(),
            component: "c".into(),
            digest: None,
            fields: None,
            adopted: false,
        }
    }

    #[test]
    fn round_trips_through_a_secret() {
        let inv = Inventory {
            profiles: vec!["core".into()],
            platform: "kubernetes".into(),
            complete: true,
            objects: vec![entry("ConfigMap", "a")],
            requires: vec![],
            values: Default::default(),
            installed_by: writer(),
            includes: Vec::new(),
        };
        let secret = to_secret(&inv, "odh");
        assert_eq!(from_secret(&secret).unwrap(), inv);
        assert_eq!(
            secret.annotation("applyset.kubernetes.io/contains-group-kinds"),
            Some("ConfigMap")
        );
        assert!(
            secret
                .label("applyset.kubernetes.io/id")
                .unwrap()
                .starts_with("applyset-")
        );
    }

    #[test]
    fn union_keeps_dropped_objects_until_pruned() {
        let old = Inventory {
            objects: vec![entry("ConfigMap", "a"), entry("ConfigMap", "b")],
            complete: true,
            ..Default::default()
        };
        let new = Inventory {
            objects: vec![entry("ConfigMap", "a")],
            complete: true,
            ..Default::default()
        };
        assert_eq!(new.dropped_from(&old), vec![&entry("ConfigMap", "b")]);
        let merged = new.union(&old);
        assert_eq!(merged.objects.len(), 2);
        assert!(!merged.complete);
    }

    #[test]
    fn children_that_copy_odh_labels_are_not_odh_s() {
        let labels = serde_json::json!({MANAGED_BY_LABEL: "odh", APPLYSET_PART_OF_LABEL: "set"});
        let isvc = Object::new(
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "m", "labels": labels}}),
        );
        assert!(is_owned(&isvc, "set"));
        let mut child = isvc.clone();
        child.0["metadata"]["ownerReferences"] = json!([
            {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "name": "m", "uid": "u", "controller": true}
        ]);
        assert!(
            !is_owned(&child, "set"),
            "a controller's child is never odh's"
        );
    }

    #[test]
    fn an_old_inventory_without_the_new_fields_reads() {
        let old = json!({"profiles": ["core"], "platform": "kubernetes", "complete": true,
            "objects": [{"apiVersion": "v1", "kind": "ConfigMap", "namespace": "n", "name": "a", "profile": "core", "component": "c"}]});
        let inv: Inventory = serde_json::from_value(old).unwrap();
        assert_eq!(inv.objects[0], entry("ConfigMap", "a"));
        assert_eq!(inv.installed_by, "");
    }

    #[test]
    fn applyset_id_is_stable() {
        assert_eq!(applyset_id("odh"), applyset_id("odh"));
        assert_ne!(applyset_id("odh"), applyset_id("other"));
    }
}
