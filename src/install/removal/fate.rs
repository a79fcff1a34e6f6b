//! What becomes of each installed object when it is removed: deleted, given
//! back (it existed before odh took it over), or kept with the reason. Pure.

use super::Item;
use crate::event::Blocker;
use crate::install::inventory;
use crate::object::Object;
use crate::render::KEEP_ANNOTATION;

/// The objects of a removal, sorted by what happens to them.
#[derive(Debug, Default)]
pub struct Fates {
    pub delete: Vec<Item>,
    pub give_back: Vec<Item>,
    pub kept: Vec<Blocker>,
    /// Recorded objects that are no longer odh's (their labels were removed).
    pub disowned: Vec<Blocker>,
}

/// Sorts items: objects odh no longer manages are kept; adopted objects are
/// given back; claims (and, without purge, the namespaces holding them) are
/// kept unless `purge`; everything else is deleted.
pub fn sort(items: Vec<Item>, applyset: &str, purge: bool) -> Fates {
    let mut fates = Fates::default();
    let keep = |item: &Item, reason: &str| Blocker {
        component: item.entry.component.clone(),
        object: item.live.to_ref(),
        reason: reason.to_string(),
    };
    let mut claim_namespaces: Vec<String> = Vec::new();
    let mut namespaces = Vec::new();
    for item in items {
        if item.entry.adopted {
            fates.give_back.push(item);
        } else if !inventory::is_owned(&item.live, applyset) {
            fates
                .disowned
                .push(keep(&item, "not managed by odh (its labels were removed)"));
        } else if let Some(reason) = holds_data(&item.live).filter(|_| !purge) {
            if let Some(ns) = item.live.namespace() {
                claim_namespaces.push(ns.to_string());
            }
            fates.kept.push(keep(&item, reason));
        } else if item.live.kind() == "Namespace" && item.live.group().is_empty() {
            namespaces.push(item);
        } else {
            fates.delete.push(item);
        }
    }
    for item in namespaces {
        if claim_namespaces.iter().any(|ns| ns == item.live.name()) {
            fates
                .kept
                .push(keep(&item, "holds kept data; --purge deletes it"));
        } else {
            fates.delete.push(item);
        }
    }
    fates
}

/// Why an object stays without `--purge`, when it holds data: a claim, a
/// bucket claim (deleting it deletes the bucket under a `Delete` class), or
/// any object of a component that holds data (a Ceph cluster, whose
/// operator, finalizers and host paths go only together).
pub fn holds_data(live: &Object) -> Option<&'static str> {
    if live.annotation(KEEP_ANNOTATION) == Some("data") {
        return Some("part of a storage component that holds data; --purge deletes it");
    }
    match (live.group(), live.kind()) {
        ("", "PersistentVolumeClaim") => Some("holds data; --purge deletes it"),
        ("objectbucket.io", "ObjectBucketClaim") => {
            Some("holds a bucket; --purge deletes it with the bucket's objects")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::install::inventory::Entry;
    use crate::render::MANAGED_BY_LABEL;
    use serde_json::json;

    fn item(kind: &str, namespace: Option<&str>, name: &str, owned: bool, adopted: bool) -> Item {
        let mut meta = json!({"name": name});
        if let Some(ns) = namespace {
            meta["namespace"] = json!(ns);
        }
        if owned {
            meta["labels"] = json!({MANAGED_BY_LABEL: "odh"});
        }
        let live = Object::new(json!({"apiVersion": "v1", "kind": kind, "metadata": meta}));
        Item {
            entry: Entry {
                api_version: "v1".into(),
                kind: kind.into(),
                namespace: namespace.map(str::to_string),
                name: name.into(),
                profile: "core".into(),
                component: "c".into(),
                digest: None,
                fields: None,
                adopted,
            },
            live,
        }
    }

    fn names(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.live.name()).collect()
    }

    #[test]
    fn claims_and_their_namespaces_stay_without_purge() {
        let items = || {
            vec![
                item("PersistentVolumeClaim", Some("odh"), "data", true, false),
                item("Namespace", None, "odh", true, false),
                item("Namespace", None, "other", true, false),
                item("ConfigMap", Some("odh"), "cfg", true, false),
            ]
        };
        let plain = sort(items(), "set", false);
        assert_eq!(names(&plain.delete), ["cfg", "other"]);
        let kept: Vec<String> = plain.kept.iter().map(|k| k.reason.clone()).collect();
        assert_eq!(
            kept,
            [
                "holds data; --purge deletes it",
                "holds kept data; --purge deletes it"
            ]
        );
        let purge = sort(items(), "set", true);
        assert_eq!(names(&purge.delete), ["data", "cfg", "odh", "other"]);
        assert!(purge.kept.is_empty());
    }

    #[test]
    fn the_key_to_kept_data_stays_without_purge() {
        let mut secret = item("Secret", Some("odh"), "mysql-secret", true, false);
        secret.live.set_annotation(KEEP_ANNOTATION, "data");
        let items = || {
            vec![
                secret.clone(),
                item("Secret", Some("odh"), "other", true, false),
                item("Namespace", None, "odh", true, false),
            ]
        };
        let plain = sort(items(), "set", false);
        assert_eq!(names(&plain.delete), ["other"]);
        assert_eq!(plain.kept[0].object.name, "mysql-secret");
        assert_eq!(plain.kept[1].object.name, "odh", "its namespace stays too");
        let purge = sort(items(), "set", true);
        assert_eq!(names(&purge.delete), ["mysql-secret", "other", "odh"]);
    }

    #[test]
    fn a_storage_component_and_bucket_claims_stay_whole_without_purge() {
        let mut operator = item(
            "Deployment",
            Some("rook-ceph"),
            "rook-ceph-operator",
            true,
            false,
        );
        operator.live.set_annotation(KEEP_ANNOTATION, "data");
        let mut namespace = item("Namespace", None, "rook-ceph", true, false);
        namespace.live.set_annotation(KEEP_ANNOTATION, "data");
        let mut claim = item(
            "ObjectBucketClaim",
            Some("odh"),
            "s3-credentials",
            true,
            false,
        );
        claim.live.0["apiVersion"] = json!("objectbucket.io/v1alpha1");
        let items = || {
            vec![
                operator.clone(),
                namespace.clone(),
                claim.clone(),
                item("ConfigMap", Some("odh"), "s3-config", true, false),
                item("Namespace", None, "odh", true, false),
            ]
        };
        let plain = sort(items(), "set", false);
        assert_eq!(names(&plain.delete), ["s3-config"]);
        let kept: Vec<(&str, &str)> = plain
            .kept
            .iter()
            .map(|k| (k.object.name.as_str(), k.reason.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                (
                    "rook-ceph-operator",
                    "part of a storage component that holds data; --purge deletes it"
                ),
                (
                    "rook-ceph",
                    "part of a storage component that holds data; --purge deletes it"
                ),
                (
                    "s3-credentials",
                    "holds a bucket; --purge deletes it with the bucket's objects"
                ),
                ("odh", "holds kept data; --purge deletes it"),
            ]
        );
        let purge = sort(items(), "set", true);
        assert_eq!(purge.delete.len(), 5);
    }

    #[test]
    fn adopted_objects_are_given_back_and_foreign_ones_kept_even_with_purge() {
        let fates = sort(
            vec![
                item("Namespace", None, "theirs", true, true),
                item("ConfigMap", Some("odh"), "relabelled", false, false),
            ],
            "set",
            true,
        );
        assert!(fates.delete.is_empty());
        assert_eq!(names(&fates.give_back), ["theirs"]);
        assert_eq!(fates.disowned[0].object.name, "relabelled");
    }
}
