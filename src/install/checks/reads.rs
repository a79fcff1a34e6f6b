//! The reads behind the checks of storage, the operator catalog, other
//! installations and named Secrets.

use super::super::{Request, inventory};
use crate::check::{self, Check, Claim, Installation, SecretNeed, SecretSeen, StorageClassInfo};
use crate::cluster::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use std::collections::BTreeSet;

pub(super) async fn storage(cluster: &Cluster, request: &Request<'_>) -> Check {
    let mut claims = Vec::new();
    for rendered in request
        .objects
        .iter()
        .filter(|r| r.object.kind() == "PersistentVolumeClaim")
    {
        // A claim that exists is bound already (or was made by someone else): no class needed now.
        if !matches!(cluster.find(&rendered.object.to_ref()).await, Ok(Some(_))) {
            claims.push(Claim::of(&rendered.object));
        }
    }
    let classes = if claims.is_empty() {
        Ok(Vec::new())
    } else {
        cluster
            .list("storage.k8s.io/v1", "StorageClass", None, None)
            .await
            .map(|list| list.iter().map(StorageClassInfo::of).collect())
            .map_err(|e| e.to_string())
    };
    check::storage_class(&claims, &classes)
}

/// The schedulable nodes and the disks Rook's discovery daemon reported on
/// each, for a CephCluster taking raw devices.
pub(super) async fn disks(cluster: &Cluster, need: &check::DiskNeed) -> Check {
    let nodes = cluster
        .list("v1", "Node", None, None)
        .await
        .map_err(|e| e.to_string());
    let reports = cluster
        .list(
            "v1",
            "ConfigMap",
            Some(&need.namespace),
            Some(check::disks::DISCOVER_LABEL),
        )
        .await
        .unwrap_or_default();
    let found = nodes.map(|nodes| check::disks::node_disks(&nodes, &reports));
    check::raw_disks(need, &found)
}

pub(super) async fn catalog_source(cluster: &Cluster, subscription: &Object) -> Check {
    let name = subscription
        .str_at("/spec/source")
        .unwrap_or_default()
        .to_string();
    let namespace = subscription
        .str_at("/spec/sourceNamespace")
        .unwrap_or_default()
        .to_string();
    let target = ObjectRef {
        api_version: "operators.coreos.com/v1alpha1".into(),
        kind: "CatalogSource".into(),
        namespace: Some(namespace.clone()),
        name: name.clone(),
    };
    let found = cluster.find(&target).await.map_err(|e| e.to_string());
    check::catalog_source(&check::CatalogSource {
        name,
        namespace,
        found,
    })
}

/// Lists a kind everywhere; nothing when it is not served.
async fn list_everywhere(
    cluster: &Cluster,
    api_version: &str,
    kind: &str,
) -> Result<Vec<Object>, ClusterError> {
    match cluster.list(api_version, kind, None, None).await {
        Err(ClusterError::UnknownKind(_)) => Ok(Vec::new()),
        other => other,
    }
}

pub(super) async fn other_installations(
    cluster: &Cluster,
    request: &Request<'_>,
    olm: bool,
    adopt: bool,
) -> Check {
    let applyset = inventory::applyset_id(request.namespace);
    let planned = |o: &Object| {
        request.objects.iter().any(|r| {
            r.object.kind() == o.kind()
                && r.object.name() == o.name()
                && r.object.namespace() == o.namespace()
        })
    };
    let mut found = Vec::new();
    let mut reads = vec![
        ("datasciencecluster.opendatahub.io/v1", "DataScienceCluster"),
        ("datasciencecluster.opendatahub.io/v2", "DataScienceCluster"),
    ];
    if olm {
        reads.push(("operators.coreos.com/v1alpha1", "Subscription"));
    }
    let mut seen = BTreeSet::new();
    for (api_version, kind) in reads {
        let objects = match list_everywhere(cluster, api_version, kind).await {
            Ok(objects) => objects,
            Err(e) => {
                return Check::warning(
                    "other-installations",
                    format!("cannot list {kind}s: {e}"),
                    "make sure no other Open Data Hub or OpenShift AI is installed",
                );
            }
        };
        for object in objects {
            let package = object.str_at("/spec/name").unwrap_or_default();
            if kind == "Subscription" && !check::OPERATOR_PACKAGES.contains(&package) {
                continue;
            }
            let target = object.to_ref();
            if !seen.insert((
                target.kind.clone(),
                target.namespace.clone(),
                target.name.clone(),
            )) {
                continue;
            }
            let what = if kind == "Subscription" {
                format!("Subscription to {package}")
            } else {
                kind.to_string()
            };
            found.push(Installation {
                owned: inventory::is_owned(&object, &applyset),
                planned: planned(&object),
                target,
                what,
            });
        }
    }
    check::other_installations(&found, adopt)
}

pub(super) async fn secrets(
    cluster: &Cluster,
    request: &Request<'_>,
    named: &[(String, String, Vec<String>)],
) -> Check {
    let declared = named
        .iter()
        .map(|(key, name, keys)| SecretNeed {
            namespace: request.namespace.to_string(),
            name: name.clone(),
            keys: keys.iter().cloned().collect(),
            by: BTreeSet::from([format!("value {key}")]),
        })
        .collect();
    let objects: Vec<&Object> = request.objects.iter().map(|r| &r.object).collect();
    let mut seen = Vec::new();
    for need in check::secrets_needed(&objects, declared) {
        let target = ObjectRef {
            api_version: "v1".into(),
            kind: "Secret".into(),
            namespace: Some(need.namespace.clone()),
            name: need.name.clone(),
        };
        // Only the key names are kept; values are never read into messages.
        let found = cluster
            .get(&target)
            .await
            .map(|secret| {
                secret.map(|s| {
                    ["/data", "/stringData"]
                        .iter()
                        .filter_map(|p| s.get(p).and_then(|v| v.as_object()))
                        .flat_map(|m| m.keys().cloned())
                        .collect()
                })
            })
            .map_err(|e| e.to_string());
        seen.push(SecretSeen { need, found });
    }
    check::secrets(&seen)
}
