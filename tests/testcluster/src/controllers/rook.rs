//! Rook v1.20.6 (rook/rook@v1.20.6), while a Deployment `rook-ceph-operator` is available:
//! - a CephCluster gets the finalizer `cephcluster.ceph.rook.io`, its daemons (mon, mgr and
//!   OSD Deployments owned by it), the mon Secret and endpoints ConfigMap with the finalizer
//!   `ceph.rook.io/disaster-protection`, the CephConnection and ClientProfile named after its
//!   namespace (no owner), then phase `Ready` with `ceph.health` `HEALTH_OK` after `ready_after`
//!   (`HEALTH_ERR` with the `Ready` condition still True when it is named never-ready);
//! - its deletion is blocked (condition `DeletionIsBlocked`) while pools or object stores remain;
//!   with `cleanupPolicy.confirmation: yes-really-destroy-data` the operator starts one cleanup
//!   Job per node that ran a daemon once the CephCluster is gone and those pods have stopped
//!   (`pkg/operator/ceph/cluster/cleanup.go`), which it cannot do once it is gone itself;
//! - CephBlockPools and CephObjectStores get `<kind>.ceph.rook.io` finalizers and phase `Ready`
//!   once the cluster is; a store runs Deployment and Service `rook-ceph-rgw-<store>` and is
//!   not deleted while a bucket claim of it exists (`pkg/operator/ceph/object/dependents.go`).
//!
//! Bucket claims are in `rook_buckets`.

use super::Ctx;
use super::rook_daemons::{daemon, daemon_nodes, gateway_service, protected, start_cleanups};
use crate::registry::ResourceInfo;
use crate::util::{finalizers, is_deleting, meta_str, set_finalizers};
use serde_json::{Value, json};
use std::sync::Arc;

pub const MANAGER: &str = "rook-ceph-operator";
pub const PROTECTION: &str = "ceph.rook.io/disaster-protection";

/// Whether the Rook operator's Deployment is available.
pub fn operator_running(ctx: &Ctx) -> bool {
    deployment_available(ctx, "rook-ceph-operator")
}

/// Whether a Deployment of this name is available somewhere (and not being deleted).
pub fn deployment_available(ctx: &Ctx, name: &str) -> bool {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return false;
    };
    ctx.st.store.iter(&dri.storage_key()).any(|d| {
        meta_str(d, "name") == name && !is_deleting(d) && super::condition_true(d, "Available")
    })
}

/// Adds (`live`) or removes a finalizer; returns whether the object changed.
pub fn keep_finalizer(
    ctx: &mut Ctx,
    ri: &ResourceInfo,
    obj: &Value,
    name: &str,
    live: bool,
) -> bool {
    let mut fins = finalizers(obj);
    let has = fins.iter().any(|f| f == name);
    if live == has {
        return false;
    }
    if live {
        fins.push(name.to_string());
    } else {
        fins.retain(|f| f != name);
    }
    let mut new = obj.clone();
    set_finalizers(&mut new, &fins);
    ctx.update(ri, new, MANAGER);
    true
}

pub fn reconcile(ctx: &mut Ctx) {
    super::rook_buckets::csi_operator(ctx);
    if !operator_running(ctx) {
        return;
    }
    start_cleanups(ctx);
    let Some(cri) = ctx.ri("ceph.rook.io", "cephclusters") else {
        return;
    };
    for cluster in ctx.objects(&cri) {
        reconcile_cluster(ctx, &cri, &cluster);
    }
    for plural in ["cephblockpools", "cephobjectstores"] {
        if let Some(ri) = ctx.ri("ceph.rook.io", plural) {
            for obj in ctx.objects(&ri) {
                reconcile_dependent(ctx, &ri, &obj);
            }
        }
    }
    super::rook_buckets::reconcile(ctx);
}

/// The CephCluster of a namespace, when it is Ready.
pub fn cluster_ready(ctx: &Ctx, ns: &str) -> bool {
    ctx.ri("ceph.rook.io", "cephclusters").is_some_and(|ri| {
        ctx.objects_in(&ri, ns)
            .iter()
            .any(|c| !is_deleting(c) && c["status"]["phase"] == "Ready")
    })
}

fn reconcile_cluster(ctx: &mut Ctx, ri: &ResourceInfo, cluster: &Arc<Value>) {
    let ns = meta_str(cluster, "namespace").to_string();
    let finalizer = "cephcluster.ceph.rook.io";
    if is_deleting(cluster) {
        let dependents = dependents(ctx, &ns);
        if !dependents.is_empty() {
            let message = format!(
                "CephCluster \"{}\" will not be deleted until all dependents are removed: {}",
                meta_str(cluster, "name"),
                dependents.join(", ")
            );
            let mut status = cluster["status"].clone();
            status["phase"] = json!("Deleting");
            status["conditions"] = json!([{"type": "DeletionIsBlocked", "status": "True",
                "reason": "ObjectHasDependents", "message": message}]);
            ctx.set_status(ri, cluster, status, MANAGER);
            return;
        }
        if cluster["spec"]["cleanupPolicy"]["confirmation"] == "yes-really-destroy-data"
            && !ctx.st.sim.rook_cleanups.iter().any(|(n, _)| n == &ns)
        {
            let nodes = daemon_nodes(ctx, &ns);
            ctx.st.sim.rook_cleanups.push((ns.clone(), nodes));
        }
        for (plural, name) in [
            ("secrets", "rook-ceph-mon"),
            ("configmaps", "rook-ceph-mon-endpoints"),
        ] {
            if let Some(kri) = ctx.ri("", plural)
                && let Some(obj) = ctx.get(&kri, &ns, name)
            {
                keep_finalizer(ctx, &kri, &obj, PROTECTION, false);
            }
        }
        keep_finalizer(ctx, ri, cluster, finalizer, false);
        return;
    }
    if keep_finalizer(ctx, ri, cluster, finalizer, true)
        || cluster["spec"]["cleanupPolicy"]["confirmation"] == "yes-really-destroy-data"
    {
        return;
    }
    let image = cluster["spec"]["cephVersion"]["image"]
        .as_str()
        .unwrap_or("quay.io/ceph/ceph:v20.2.4");
    for (app, name) in [
        ("rook-ceph-mon", "rook-ceph-mon-a"),
        ("rook-ceph-mgr", "rook-ceph-mgr-a"),
        ("rook-ceph-osd", "rook-ceph-osd-0"),
    ] {
        daemon(ctx, cluster, "CephCluster", app, name, image);
    }
    protected(ctx, cluster);
    super::rook_buckets::csi_connection(ctx, &ns);
    let ready = ctx.aged(cluster, std::time::Duration::ZERO);
    // A never-ready CephCluster is Ready with HEALTH_ERR, as Rook reports trouble after its
    // first success: the Ready condition stays True.
    let health = if ctx
        .st
        .faults
        .never_ready_matches("CephCluster", meta_str(cluster, "name"))
    {
        json!({"health": "HEALTH_ERR", "fsid": "4c2a6b1e-odh-test", "details": {
            "PG_AVAILABILITY": {"severity": "HEALTH_ERR", "message": "Reduced data availability: 8 pgs inactive"}}})
    } else {
        json!({"health": "HEALTH_OK", "fsid": "4c2a6b1e-odh-test"})
    };
    let status = if ready {
        json!({"phase": "Ready", "state": "Created", "message": "Cluster created successfully",
            "observedGeneration": cluster["metadata"]["generation"],
            "ceph": health,
            "conditions": [{"type": "Ready", "status": "True", "reason": "ClusterCreated", "message": "Cluster created successfully"}]})
    } else {
        json!({"phase": "Progressing", "state": "Creating", "message": "Configuring Ceph Mons",
            "conditions": [{"type": "Progressing", "status": "True", "reason": "ClusterProgressing", "message": "Configuring Ceph Mons"}]})
    };
    if cluster["status"]["phase"] != status["phase"] || cluster["status"]["ceph"] != status["ceph"]
    {
        ctx.set_status(ri, cluster, status, MANAGER);
    }
}

/// `Kind: [names]` of the pools and object stores left in a namespace.
fn dependents(ctx: &Ctx, ns: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (plural, kind) in [
        ("cephblockpools", "CephBlockPool"),
        ("cephobjectstores", "CephObjectStore"),
    ] {
        if let Some(ri) = ctx.ri("ceph.rook.io", plural) {
            let names: Vec<String> = ctx
                .objects_in(&ri, ns)
                .iter()
                .map(|o| meta_str(o, "name").to_string())
                .collect();
            if !names.is_empty() {
                out.push(format!("{kind}: [{}]", names.join(" ")));
            }
        }
    }
    out
}

fn reconcile_dependent(ctx: &mut Ctx, ri: &ResourceInfo, obj: &Arc<Value>) {
    let kind = obj["kind"].as_str().unwrap_or("").to_string();
    let finalizer = format!("{}.ceph.rook.io", kind.to_ascii_lowercase());
    let ns = meta_str(obj, "namespace").to_string();
    let name = meta_str(obj, "name").to_string();
    if is_deleting(obj) {
        if kind == "CephObjectStore" && super::rook_buckets::claims_of(ctx, &ns, &name) > 0 {
            let mut status = obj["status"].clone();
            status["phase"] = json!("Deleting");
            status["conditions"] = json!([{"type": "DeletionIsBlocked", "status": "True", "reason": "ObjectHasDependents",
                "message": "object store has buckets: delete the ObjectBucketClaims first"}]);
            ctx.set_status(ri, obj, status, MANAGER);
            return;
        }
        keep_finalizer(ctx, ri, obj, &finalizer, false);
        return;
    }
    if keep_finalizer(ctx, ri, obj, &finalizer, true) || !cluster_ready(ctx, &ns) {
        return;
    }
    let mut status = json!({"phase": "Ready", "observedGeneration": obj["metadata"]["generation"]});
    if kind == "CephObjectStore" {
        let image = "quay.io/ceph/ceph:v20.2.4";
        daemon(
            ctx,
            obj,
            "CephObjectStore",
            "rook-ceph-rgw",
            &format!("rook-ceph-rgw-{name}-a"),
            image,
        );
        gateway_service(ctx, obj);
        if !deployment_available(ctx, &format!("rook-ceph-rgw-{name}-a")) {
            status = json!({"phase": "Progressing"});
        } else {
            let endpoint = format!("http://rook-ceph-rgw-{name}.{ns}.svc:80");
            status["info"] = json!({"endpoint": endpoint});
            status["endpoints"] = json!({"insecure": [endpoint]});
        }
    }
    if obj["status"]["phase"] != status["phase"] {
        ctx.set_status(ri, obj, status, MANAGER);
    }
}
