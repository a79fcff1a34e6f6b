//! Whether a namespace odh made holds anything of someone else's, read over
//! every namespaced kind the cluster serves (discovery), not a fixed list.
//! The sorting of what was listed is pure ([`holders`]).

use super::runtime;
use crate::cluster::Cluster;
use crate::install::inventory;
use crate::object::{Object, ObjectRef};
use futures::StreamExt;

/// Why a namespace must stay: the objects of someone else's in it, or the
/// kinds that could not be listed (then nobody can say it is empty).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Holders {
    pub foreign: Vec<ObjectRef>,
    /// Data made at run time by odh's components (notebook home volumes):
    /// kept without purge, deleted with it.
    pub data: Vec<ObjectRef>,
    pub unreadable: Vec<String>,
}

impl Holders {
    /// True when nothing holds the namespace (with `purge`, data does not).
    pub fn is_empty(&self, purge: bool) -> bool {
        self.foreign.is_empty() && self.unreadable.is_empty() && (purge || self.data.is_empty())
    }

    /// `holds ConfigMap/a, Secret/b and 3 more, which odh does not manage`.
    pub fn reason(&self, purge: bool) -> String {
        let mut parts = Vec::new();
        if !self.foreign.is_empty() {
            parts.push(format!(
                "holds {}, which odh does not manage",
                list(&self.foreign)
            ));
        }
        if !purge && !self.data.is_empty() {
            parts.push(format!(
                "holds {} made for users; --purge deletes them",
                list(&self.data)
            ));
        }
        if !self.unreadable.is_empty() {
            parts.push(format!(
                "cannot list {}, so it may hold someone else's objects",
                self.unreadable.join(", ")
            ));
        }
        parts.join("; ")
    }
}

fn list(refs: &[ObjectRef]) -> String {
    let shown: Vec<String> = refs
        .iter()
        .take(3)
        .map(|r| format!("{}/{}", r.kind, r.name))
        .collect();
    match refs.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// Sorts what a namespace holds: odh's own objects, dependents (garbage
/// collected with their owner), what the control plane makes in every
/// namespace and what odh's components make at run time do not hold it.
pub fn holders(objects: &[Object], applyset: &str) -> Holders {
    let mut out = Holders::default();
    for object in objects {
        if inventory::is_owned(object, applyset)
            || has_owner(object)
            || runtime::made_by_control_plane(object)
        {
            continue;
        }
        match runtime::made_by_components(object) {
            Some(runtime::Made::Disposable) => {}
            Some(runtime::Made::Data) => out.data.push(object.to_ref()),
            None => out.foreign.push(object.to_ref()),
        }
    }
    out.foreign.sort();
    out.data.sort();
    out
}

fn has_owner(object: &Object) -> bool {
    object
        .get("/metadata/ownerReferences")
        .and_then(|r| r.as_array())
        .is_some_and(|refs| !refs.is_empty())
}

/// Lists every namespaced kind in `namespace` and sorts what it finds.
pub async fn read(cluster: &Cluster, namespace: &str, applyset: &str) -> Holders {
    let kinds = match cluster.namespaced_kinds().await {
        Ok(kinds) => kinds
            .into_iter()
            .filter(|(api_version, kind)| {
                let group = api_version.split_once('/').map_or("", |(g, _)| g);
                !runtime::MIRROR_GROUPS.contains(&group)
                    && !runtime::is_mirror_kind(api_version, kind)
            })
            .collect::<Vec<_>>(),
        Err(e) => {
            return Holders {
                unreadable: vec![format!("the served kinds ({e})")],
                ..Holders::default()
            };
        }
    };
    let listed: Vec<(String, Result<Vec<Object>, String>)> = futures::stream::iter(kinds)
        .map(|(api_version, kind)| async move {
            let items = cluster
                .list(&api_version, &kind, Some(namespace), None)
                .await
                .map_err(|e| e.to_string());
            (kind, items)
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let mut objects = Vec::new();
    let mut unreadable = Vec::new();
    for (kind, items) in listed {
        match items {
            Ok(items) => objects.extend(items),
            Err(e) => unreadable.push(format!("{kind} ({e})")),
        }
    }
    let mut found = holders(&objects, applyset);
    unreadable.sort();
    found.unreadable = unreadable;
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::MANAGED_BY_LABEL;
    use serde_json::json;

    fn obj(kind: &str, name: &str, extra: serde_json::Value) -> Object {
        let mut value = json!({"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": "odh"}});
        if let Some(map) = extra.as_object() {
            for (k, v) in map {
                if k == "metadata" {
                    for (mk, mv) in v.as_object().unwrap() {
                        value["metadata"][mk] = mv.clone();
                    }
                } else {
                    value[k] = v.clone();
                }
            }
        }
        Object::new(value)
    }

    #[test]
    fn only_someone_else_s_objects_hold_a_namespace() {
        let objects = vec![
            obj(
                "ConfigMap",
                "ours",
                json!({"metadata": {"labels": {MANAGED_BY_LABEL: "odh"}}}),
            ),
            obj("ConfigMap", "kube-root-ca.crt", json!({})),
            obj("ServiceAccount", "default", json!({})),
            obj(
                "Pod",
                "hub-1",
                json!({"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "name": "hub", "uid": "u"}]}}),
            ),
            obj("Event", "hub.1", json!({})),
            obj("Endpoints", "hub", json!({})),
            obj("CronJob", "nightly", json!({})),
            obj(
                "Secret",
                "token",
                json!({"type": "kubernetes.io/service-account-token"}),
            ),
        ];
        let found = holders(&objects, "set");
        let names: Vec<&str> = found.foreign.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["nightly"]);
        assert!(!found.is_empty(true));
        assert_eq!(
            found.reason(false),
            "holds CronJob/nightly, which odh does not manage"
        );
    }

    #[test]
    fn long_lists_are_cut_and_unreadable_kinds_hold_too() {
        let objects: Vec<Object> = (0..5)
            .map(|i| obj("ConfigMap", &format!("c{i}"), json!({})))
            .collect();
        let mut found = holders(&objects, "set");
        assert_eq!(
            found.reason(false),
            "holds ConfigMap/c0, ConfigMap/c1, ConfigMap/c2 and 2 more, which odh does not manage"
        );
        found.foreign.clear();
        assert!(found.is_empty(false));
        found.unreadable.push("widgets (forbidden)".into());
        assert!(!found.is_empty(true));
    }
}
