//! A CephCluster that takes the nodes' raw disks (`rook.storage=devices`)
//! needs, on enough nodes, a disk Rook can take. The Kubernetes API shows no
//! disks; Rook's discovery daemon reports them in one `local-device-<node>`
//! ConfigMap per node (key `devices`, a JSON list of `LocalDisk`:
//! rook/rook@v1.20.6 `pkg/util/sys/device.go`, `pkg/daemon/discover/discover.go`),
//! so this check names the nodes without one where reports exist, and says
//! it cannot tell where none do.

use super::Check;
use crate::object::Object;
use serde_json::Value;
use std::collections::BTreeMap;

const NAME: &str = "raw-disks";
/// The label of the discovery daemon's ConfigMaps, and the one naming their node.
pub const DISCOVER_LABEL: &str = "app=rook-discover";
pub const NODE_LABEL: &str = "rook.io/node";
/// The key of the discovery report holding the disks.
pub const DEVICES_KEY: &str = "devices";

/// What a rendered CephCluster asks of the nodes' disks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiskNeed {
    /// The namespace of the CephCluster (where the operator reports disks).
    pub namespace: String,
    /// `storage.deviceFilter`, a regular expression over kernel names.
    pub filter: Option<String>,
    /// Nodes that must hold an OSD: the pools' replica count.
    pub replicas: u64,
}

impl DiskNeed {
    /// The need of a CephCluster among `objects` that takes raw devices, with
    /// the largest replica count of the data pools; `None` without one, or
    /// for a cluster on volume claims.
    pub fn of<'a>(objects: impl IntoIterator<Item = &'a Object>) -> Option<DiskNeed> {
        let objects: Vec<&Object> = objects.into_iter().collect();
        let cluster = objects
            .iter()
            .find(|o| o.kind() == "CephCluster" && o.group() == "ceph.rook.io")?;
        let storage = cluster.get("/spec/storage")?;
        let takes_devices = storage["useAllDevices"] == true || storage["deviceFilter"].is_string();
        if !takes_devices || storage["storageClassDeviceSets"].is_array() {
            return None;
        }
        let replicas = objects
            .iter()
            .filter(|o| o.kind() == "CephObjectStore" && o.group() == "ceph.rook.io")
            .filter_map(|o| {
                o.get("/spec/dataPool/replicated/size")
                    .and_then(Value::as_u64)
            })
            .max()
            .unwrap_or(1)
            .max(1);
        Some(DiskNeed {
            namespace: cluster.namespace().unwrap_or("rook-ceph").to_string(),
            filter: storage["deviceFilter"].as_str().map(str::to_string),
            replicas,
        })
    }
}

/// A node and the disks its discovery report lists (`None`: no report).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeDisks {
    pub node: String,
    pub devices: Option<Vec<Value>>,
}

/// The schedulable nodes (no `NoSchedule`/`NoExecute` taint, not cordoned:
/// where Rook's default placement puts OSDs) with their discovery reports.
pub fn node_disks(nodes: &[Object], reports: &[Object]) -> Vec<NodeDisks> {
    let by_node: BTreeMap<&str, &Object> = reports
        .iter()
        .filter_map(|r| Some((r.label(NODE_LABEL)?, r)))
        .collect();
    nodes
        .iter()
        .filter(|n| n.get("/spec/unschedulable") != Some(&Value::Bool(true)))
        .filter(|n| {
            n.get("/spec/taints")
                .and_then(Value::as_array)
                .is_none_or(|taints| {
                    !taints
                        .iter()
                        .any(|t| matches!(t["effect"].as_str(), Some("NoSchedule" | "NoExecute")))
                })
        })
        .map(|n| NodeDisks {
            node: n.name().to_string(),
            devices: by_node.get(n.name()).map(|r| {
                r.str_at(&format!("/data/{DEVICES_KEY}"))
                    .and_then(|text| serde_json::from_str::<Vec<Value>>(text).ok())
                    .unwrap_or_default()
            }),
        })
        .collect()
}

/// True for a disk Rook can take: no filesystem, no partitions, no child
/// device, writable, and matching the filter when there is one.
fn usable(disk: &Value, filter: Option<&regex::Regex>) -> bool {
    let name = disk["name"].as_str().unwrap_or_default();
    disk["filesystem"].as_str().unwrap_or_default().is_empty()
        && disk["Partitions"].as_array().is_none_or(Vec::is_empty)
        && disk["hasChildren"] != true
        && disk["readOnly"] != true
        && !name.is_empty()
        && filter.is_none_or(|f| f.is_match(name))
}

/// The check: failed when fewer reported nodes than the pools need have a
/// usable disk, a warning naming the rest, and a warning where nothing is reported.
pub fn raw_disks(need: &DiskNeed, nodes: &Result<Vec<NodeDisks>, String>) -> Check {
    let hint = "attach an empty disk (no partitions, no filesystem) to each node, widen rook.deviceFilter, or set rook.storage=pvc to put OSDs on volume claims";
    let filter = match need.filter.as_deref().map(regex::Regex::new).transpose() {
        Ok(f) => f,
        Err(e) => {
            return Check::failed(
                NAME,
                format!(
                    "rook.deviceFilter is not a regular expression: {}",
                    e.to_string().lines().last().unwrap_or_default()
                ),
                "give a regular expression over kernel names, like ^sd[b-d] or ^nvme[1-3]n1",
            );
        }
    };
    let nodes = match nodes {
        Ok(n) => n,
        Err(e) => {
            return Check::warning(
                NAME,
                format!("cannot list Nodes: {e}"),
                "make sure each node Ceph uses has an empty disk, or set rook.storage=pvc",
            );
        }
    };
    let reported: Vec<&NodeDisks> = nodes.iter().filter(|n| n.devices.is_some()).collect();
    if reported.is_empty() {
        return Check::warning(
            NAME,
            format!(
                "cannot tell which of {} node(s) have an empty disk: the API shows no disks, and no rook-discover report is in namespace {}",
                nodes.len(),
                need.namespace
            ),
            "install with rook.discoveryDaemon=true and run odh check again once the operator runs, or set rook.storage=pvc",
        );
    }
    let without: Vec<String> = reported
        .iter()
        .filter(|n| {
            !n.devices
                .iter()
                .flatten()
                .any(|d| usable(d, filter.as_ref()))
        })
        .map(|n| {
            let listed = n.devices.as_ref().map_or(0, Vec::len);
            format!("node {}: none of its {listed} disk(s) is empty", n.node)
        })
        .collect();
    let with = reported.len() - without.len();
    let unknown = nodes.len() - reported.len();
    if (with as u64) < need.replicas && unknown == 0 {
        return Check::failed(
            NAME,
            format!(
                "{with} node(s) have an empty disk Ceph can take; its pools need {}",
                need.replicas
            ),
            hint,
        )
        .with_items(without);
    }
    if !without.is_empty() {
        return Check::warning(
            NAME,
            format!(
                "{} node(s) have no empty disk and will run no OSD",
                without.len()
            ),
            hint,
        )
        .with_items(without);
    }
    Check::passed(
        NAME,
        format!(
            "{with} node(s) have an empty disk{}",
            if unknown > 0 {
                format!("; {unknown} report no disks yet")
            } else {
                String::new()
            }
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    fn need(filter: Option<&str>, replicas: u64) -> DiskNeed {
        DiskNeed {
            namespace: "rook-ceph".into(),
            filter: filter.map(str::to_string),
            replicas,
        }
    }

    fn node(name: &str, devices: Option<Value>) -> NodeDisks {
        NodeDisks {
            node: name.into(),
            devices: devices.map(|d| d.as_array().unwrap().clone()),
        }
    }

    fn empty(name: &str) -> Value {
        json!({"name": name, "type": "disk", "filesystem": "", "hasChildren": false, "readOnly": false, "Partitions": null})
    }

    #[test]
    fn a_cluster_on_devices_needs_disks_and_one_on_claims_none() {
        let cluster = |storage: Value| {
            Object::new(
                json!({"apiVersion": "ceph.rook.io/v1", "kind": "CephCluster",
                "metadata": {"name": "rook-ceph", "namespace": "rook-ceph"},
                "spec": {"storage": storage}}),
            )
        };
        let store = Object::new(
            json!({"apiVersion": "ceph.rook.io/v1", "kind": "CephObjectStore",
            "metadata": {"name": "odh", "namespace": "rook-ceph"},
            "spec": {"dataPool": {"replicated": {"size": 3}}}}),
        );
        let devices = cluster(json!({"useAllNodes": true, "useAllDevices": true}));
        assert_eq!(DiskNeed::of([&devices, &store]), Some(need(None, 3)));
        assert_eq!(DiskNeed::of([&devices]), Some(need(None, 1)));
        let filtered = cluster(
            json!({"useAllNodes": true, "useAllDevices": false, "deviceFilter": "^sd[b-d]"}),
        );
        assert_eq!(
            DiskNeed::of([&filtered]).unwrap().filter.as_deref(),
            Some("^sd[b-d]")
        );
        let claims = cluster(
            json!({"useAllNodes": false, "useAllDevices": false, "storageClassDeviceSets": []}),
        );
        assert_eq!(DiskNeed::of([&claims, &store]), None);
        assert_eq!(DiskNeed::of([&store]), None);
    }

    #[test]
    fn nodes_without_an_empty_disk_are_named() {
        let nodes = Ok(vec![
            node("a", Some(json!([empty("sdb")]))),
            node(
                "b",
                Some(json!([{"name": "sda", "filesystem": "ext4"},
                            {"name": "sdb", "Partitions": [{"Name": "sdb1"}]},
                            {"name": "sdc", "hasChildren": true},
                            {"name": "sr0", "readOnly": true}])),
            ),
            node("c", Some(json!([empty("sdb")]))),
        ]);
        let check = raw_disks(&need(None, 3), &nodes);
        assert_eq!(check.verdict, Verdict::Failed, "{check:?}");
        assert_eq!(check.items, ["node b: none of its 4 disk(s) is empty"]);
        let check = raw_disks(&need(None, 2), &nodes);
        assert_eq!(check.verdict, Verdict::Warning, "{check:?}");
        assert_eq!(check.items.len(), 1);
    }

    #[test]
    fn the_filter_decides_which_disks_count() {
        let nodes = Ok(vec![node("a", Some(json!([empty("nvme0n1")])))]);
        assert_eq!(
            raw_disks(&need(Some("^sd[b-d]"), 1), &nodes).verdict,
            Verdict::Failed
        );
        assert_eq!(
            raw_disks(&need(Some("^nvme"), 1), &nodes).verdict,
            Verdict::Passed
        );
        let bad = raw_disks(&need(Some("^sd[b-"), 1), &nodes);
        assert_eq!(bad.verdict, Verdict::Failed);
        assert!(bad.detail.contains("not a regular expression"), "{bad:?}");
    }

    #[test]
    fn without_reports_it_says_it_cannot_tell() {
        let check = raw_disks(&need(None, 1), &Ok(vec![node("a", None)]));
        assert_eq!(check.verdict, Verdict::Warning);
        assert!(check.detail.contains("cannot tell"), "{check:?}");
        assert!(
            check
                .hint
                .as_deref()
                .unwrap_or_default()
                .contains("rook.discoveryDaemon=true"),
            "{check:?}"
        );
    }

    #[test]
    fn tainted_and_cordoned_nodes_take_no_osd_and_reports_attach_by_label() {
        let nodes = [
            Object::new(json!({"kind": "Node", "metadata": {"name": "worker"}})),
            Object::new(json!({"kind": "Node", "metadata": {"name": "cp"},
                "spec": {"taints": [{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]}})),
            Object::new(
                json!({"kind": "Node", "metadata": {"name": "drained"}, "spec": {"unschedulable": true}}),
            ),
        ];
        let reports = [Object::new(json!({"kind": "ConfigMap",
            "metadata": {"name": "local-device-worker", "labels": {"rook.io/node": "worker"}},
            "data": {"devices": "[{\"name\":\"sdb\"}]"}}))];
        let found = node_disks(&nodes, &reports);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].node, "worker");
        assert_eq!(found[0].devices.as_ref().unwrap().len(), 1);
    }
}
