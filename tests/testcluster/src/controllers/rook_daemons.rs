//! What the simulated Rook operator runs and leaves (rook/rook@v1.20.6): daemon Deployments
//! owned by their CephCluster or CephObjectStore, the gateway Service `rook-ceph-rgw-<store>`,
//! the mon Secret and endpoints ConfigMap with `ceph.rook.io/disaster-protection`, and the
//! cleanup Jobs `cluster-cleanup-job-<node>` that `pkg/operator/ceph/cluster/cleanup.go`
//! starts once a purged cluster and its daemons are gone.

use super::Ctx;
use super::rook::{MANAGER, PROTECTION};
use super::workloads::owner_ref;
use crate::util::meta_str;
use serde_json::{Value, json};

const DAEMON_APPS: &[&str] = &[
    "rook-ceph-mon",
    "rook-ceph-mgr",
    "rook-ceph-osd",
    "rook-ceph-rgw",
];

pub fn daemon_nodes(ctx: &Ctx, ns: &str) -> Vec<String> {
    let Some(pri) = ctx.ri("", "pods") else {
        return Vec::new();
    };
    let mut nodes: Vec<String> = ctx
        .objects_in(&pri, ns)
        .iter()
        .filter(|p| {
            p["metadata"]["labels"]["app"]
                .as_str()
                .is_some_and(|a| DAEMON_APPS.contains(&a))
        })
        .filter_map(|p| p["spec"]["nodeName"].as_str().map(str::to_string))
        .collect();
    nodes.sort();
    nodes.dedup();
    nodes
}

/// Once the cluster of a namespace is gone and its daemons have stopped, its cleanup Jobs.
pub fn start_cleanups(ctx: &mut Ctx) {
    let (Some(jri), Some(cri)) = (
        ctx.ri("batch", "jobs"),
        ctx.ri("ceph.rook.io", "cephclusters"),
    ) else {
        return;
    };
    let pending = std::mem::take(&mut ctx.st.sim.rook_cleanups);
    for (ns, nodes) in pending {
        if !ctx.objects_in(&cri, &ns).is_empty() || !daemon_nodes(ctx, &ns).is_empty() {
            ctx.st.sim.rook_cleanups.push((ns, nodes));
            continue;
        }
        for node in nodes {
            let job = json!({"apiVersion": "batch/v1", "kind": "Job",
                "metadata": {"name": format!("cluster-cleanup-job-{node}"), "namespace": ns,
                    "labels": {"app": "rook-ceph-cleanup", "rook_cluster": ns, "rook-ceph-cleanup": "true"}},
                "spec": {"template": {"metadata": {"labels": {"app": "rook-ceph-cleanup"}},
                    "spec": {"restartPolicy": "OnFailure", "nodeSelector": {"kubernetes.io/hostname": node},
                        "containers": [{"name": "host-cleanup", "image": "docker.io/rook/ceph:v1.20.6"}]}}}});
            ctx.create(&jri, job, MANAGER);
        }
    }
}

/// A daemon Deployment owned by `owner`.
pub fn daemon(ctx: &mut Ctx, owner: &Value, kind: &str, app: &str, name: &str, image: &str) {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return;
    };
    let ns = meta_str(owner, "namespace").to_string();
    if ctx.get(&dri, &ns, name).is_some() {
        return;
    }
    let labels = json!({"app": app, "rook_cluster": ns, "ceph_daemon_id": name.rsplit('-').next()});
    let deployment = json!({"apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns, "labels": labels,
            "ownerReferences": [owner_ref(owner, kind, "ceph.rook.io/v1")]},
        "spec": {"replicas": 1, "selector": {"matchLabels": labels},
            "template": {"metadata": {"labels": labels},
                "spec": {"containers": [{"name": app.trim_start_matches("rook-ceph-"), "image": image}]}}}});
    ctx.create(&dri, deployment, MANAGER);
}

/// The mon Secret and endpoints ConfigMap, owned by the cluster and protected by a finalizer.
pub fn protected(ctx: &mut Ctx, cluster: &Value) {
    let ns = meta_str(cluster, "namespace").to_string();
    let owner = owner_ref(cluster, "CephCluster", "ceph.rook.io/v1");
    for (plural, kind, name, body) in [
        (
            "secrets",
            "Secret",
            "rook-ceph-mon",
            json!({"type": "kubernetes.io/rook", "data": {"fsid": "NGMyYQ=="}}),
        ),
        (
            "configmaps",
            "ConfigMap",
            "rook-ceph-mon-endpoints",
            json!({"data": {"data": "a=10.96.0.10:6789"}}),
        ),
    ] {
        let Some(ri) = ctx.ri("", plural) else {
            continue;
        };
        if ctx.get(&ri, &ns, name).is_none() {
            let mut obj = json!({"apiVersion": "v1", "kind": kind,
                "metadata": {"name": name, "namespace": ns, "finalizers": [PROTECTION], "ownerReferences": [owner]}});
            for (k, v) in body.as_object().into_iter().flatten() {
                obj[k] = v.clone();
            }
            ctx.create(&ri, obj, MANAGER);
        }
    }
}

pub fn gateway_service(ctx: &mut Ctx, store: &Value) {
    let Some(sri) = ctx.ri("", "services") else {
        return;
    };
    let ns = meta_str(store, "namespace").to_string();
    let name = format!("rook-ceph-rgw-{}", meta_str(store, "name"));
    if ctx.get(&sri, &ns, &name).is_none() {
        let service = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": ns, "ownerReferences": [owner_ref(store, "CephObjectStore", "ceph.rook.io/v1")]},
            "spec": {"selector": {"app": "rook-ceph-rgw"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}});
        ctx.create(&sri, service, MANAGER);
    }
}
