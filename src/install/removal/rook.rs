//! Purging a Rook Ceph cluster the way Rook's teardown asks (rook/rook@v1.20.6
//! Documentation/Storage-Configuration/ceph-teardown.md): its claims, object
//! stores and pools are gone first (plan order); then the CephCluster gets the
//! cleanup policy before it is deleted, and once it is gone odh waits for the
//! cleanup Jobs that wipe `dataDirHostPath` and the OSD disks on every node
//! that ran a Ceph daemon, then deletes those Jobs and the ceph-csi objects
//! Rook made (CephConnection and ClientProfile named after the cluster's
//! namespace), while the operators that clear their finalizers still run.
//!
//! The Jobs start only after the CephCluster is gone and its daemons'
//! pods have stopped, from a goroutine of the Rook operator
//! (pkg/operator/ceph/cluster/cleanup.go `startClusterCleanUp`): deleting the
//! operator any sooner would leave the hosts' data behind. Without purge
//! nothing here runs: the whole Rook component is kept.

use crate::cluster::Cluster;
use crate::install::{retry, wait};
use crate::object::{Object, ObjectRef};
use crate::plan::WaitFor;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::time::Instant;

/// `cleanupPolicy.confirmation`'s one accepted value (ceph-cluster-crd.md "Cleanup policy").
pub const CONFIRMATION: &str = "yes-really-destroy-data";
/// The labels of the Ceph daemons whose nodes get a cleanup Job (`getCephHosts`).
const DAEMON_APPS: &[&str] = &[
    "rook-ceph-mon",
    "rook-ceph-mgr",
    "rook-ceph-osd",
    "rook-ceph-rgw",
    "rook-ceph-mds",
    "rook-ceph-rbd-mirror",
    "rook-ceph-fs-mirror",
];
/// The label of the cleanup Jobs (`CleanupAppName`).
pub const CLEANUP_SELECTOR: &str = "rook-ceph-cleanup=true";

/// True for a Rook CephCluster.
pub fn is_ceph_cluster(object: &Object) -> bool {
    object.group() == "ceph.rook.io" && object.kind() == "CephCluster"
}

/// The merge patch that tells Rook to wipe the hosts when the cluster is deleted.
pub fn cleanup_patch() -> Value {
    json!({"spec": {"cleanupPolicy": {"confirmation": CONFIRMATION}}})
}

/// The nodes that run a Ceph daemon, from the pods of the cluster's namespace.
pub fn daemon_nodes(pods: &[Object]) -> BTreeSet<String> {
    pods.iter()
        .filter(|p| p.label("app").is_some_and(|app| DAEMON_APPS.contains(&app)))
        .filter_map(|p| p.str_at("/spec/nodeName"))
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// How far the cleanup Jobs are: `None` when all `expected` are complete,
/// else what is missing, or `Err` naming a failed Job.
pub fn cleanup_progress(jobs: &[Object], expected: usize) -> Result<Option<String>, String> {
    let condition = |job: &Object, type_: &str| {
        job.get("/status/conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|c| c["type"] == type_ && c["status"] == "True")
    };
    if let Some(failed) = jobs.iter().find(|j| condition(j, "Failed")) {
        return Err(format!(
            "cleanup Job {} failed; dataDirHostPath and the disks of its node are not wiped",
            failed.name()
        ));
    }
    let complete = jobs.iter().filter(|j| condition(j, "Complete")).count();
    if complete >= expected && complete == jobs.len() {
        return Ok(None);
    }
    Ok(Some(format!(
        "waiting for Rook's cleanup Jobs to wipe dataDirHostPath and the OSD disks: {complete}/{} complete",
        expected.max(jobs.len())
    )))
}

/// Before a purged CephCluster is deleted: sets the cleanup policy and
/// returns how many nodes will get a cleanup Job.
///
/// # Errors
/// When the patch or the pod list fails before the deadline.
pub async fn before_delete(
    cluster: &Cluster,
    live: &Object,
    deadline: Instant,
) -> Result<usize, String> {
    let target = live.to_ref();
    let patch = cleanup_patch();
    retry::retry(deadline, || cluster.merge_patch(&target, &patch), |_, _| {})
        .await
        .map_err(|e| format!("setting the cleanup policy failed: {e}"))?;
    let pods = retry::retry(
        deadline,
        || cluster.list("v1", "Pod", live.namespace(), None),
        |_, _| {},
    )
    .await
    .map_err(|e| format!("listing the Ceph daemons failed: {e}"))?;
    Ok(daemon_nodes(&pods).len())
}

/// After a purged CephCluster is gone: waits for the cleanup Jobs, then
/// deletes them and the ceph-csi objects Rook made for the cluster.
///
/// # Errors
/// A failed cleanup Job, or the deadline, with what was waited for.
pub async fn after_gone(
    cluster: &Cluster,
    live: &Object,
    nodes: usize,
    deadline: Instant,
    progress: &(dyn Fn(String) + Sync),
) -> Result<(), String> {
    let namespace = live.namespace().unwrap_or_default().to_string();
    let jobs = loop {
        let jobs = cluster
            .list("batch/v1", "Job", Some(&namespace), Some(CLEANUP_SELECTOR))
            .await
            .unwrap_or_default();
        match cleanup_progress(&jobs, nodes)? {
            None => break jobs,
            Some(waiting) if Instant::now() >= deadline => return Err(waiting),
            Some(waiting) => progress(waiting),
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    let mut leftovers: Vec<ObjectRef> = jobs.iter().map(Object::to_ref).collect();
    for kind in ["ClientProfile", "CephConnection"] {
        leftovers.push(ObjectRef {
            api_version: "csi.ceph.io/v1".into(),
            kind: kind.into(),
            namespace: Some(namespace.clone()),
            name: namespace.clone(),
        });
    }
    for target in &leftovers {
        let gone = retry::retry(deadline, || cluster.delete(target), |_, _| {}).await;
        if let Err(e) = gone
            && !matches!(e, crate::cluster::ClusterError::UnknownKind(_))
        {
            return Err(format!("deleting {target} failed: {e}"));
        }
        let shell = Object::new(json!({
            "apiVersion": target.api_version, "kind": target.kind,
            "metadata": {"name": target.name, "namespace": namespace},
        }));
        let waited = wait::wait_for(
            cluster,
            &WaitFor::Deleted,
            &shell,
            deadline,
            Duration::ZERO,
            &|m| progress(format!("{target}: {m}")),
        )
        .await;
        if waited.is_err() && cluster.find(target).await.ok().flatten().is_some() {
            return Err(format!("{target} is still there"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(app: &str, node: &str) -> Object {
        Object::new(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": format!("{app}-x"), "namespace": "rook-ceph", "labels": {"app": app}},
            "spec": {"nodeName": node}}))
    }

    fn job(name: &str, condition: Option<&str>) -> Object {
        let conditions: Vec<Value> = condition
            .map(|c| json!({"type": c, "status": "True"}))
            .into_iter()
            .collect();
        Object::new(json!({"apiVersion": "batch/v1", "kind": "Job",
            "metadata": {"name": name, "namespace": "rook-ceph"},
            "status": {"conditions": conditions}}))
    }

    #[test]
    fn every_node_with_a_ceph_daemon_gets_a_cleanup_job() {
        let pods = [
            pod("rook-ceph-mon", "a"),
            pod("rook-ceph-osd", "a"),
            pod("rook-ceph-osd", "b"),
            pod("rook-ceph-operator", "c"),
            pod("rook-ceph-osd-prepare", "d"),
        ];
        assert_eq!(
            daemon_nodes(&pods).into_iter().collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            cleanup_patch()["spec"]["cleanupPolicy"]["confirmation"],
            CONFIRMATION
        );
    }

    #[test]
    fn the_purge_waits_until_every_cleanup_job_is_complete() {
        assert_eq!(
            cleanup_progress(&[], 2).unwrap().as_deref(),
            Some(
                "waiting for Rook's cleanup Jobs to wipe dataDirHostPath and the OSD disks: 0/2 complete"
            )
        );
        let half = [
            job("cluster-cleanup-job-a", Some("Complete")),
            job("cluster-cleanup-job-b", None),
        ];
        assert!(
            cleanup_progress(&half, 2)
                .unwrap()
                .unwrap()
                .ends_with("1/2 complete")
        );
        let done = [
            job("cluster-cleanup-job-a", Some("Complete")),
            job("cluster-cleanup-job-b", Some("Complete")),
        ];
        assert_eq!(cleanup_progress(&done, 2), Ok(None));
        assert_eq!(
            cleanup_progress(&[], 0),
            Ok(None),
            "a cluster that never ran a daemon"
        );
        let failed = [job("cluster-cleanup-job-a", Some("Failed"))];
        assert!(
            cleanup_progress(&failed, 1)
                .unwrap_err()
                .contains("cluster-cleanup-job-a failed")
        );
    }
}
