//! Rook's bucket provisioner (kube-object-storage/lib-bucket-provisioner@d1a8c34382f1, inside
//! `rook-ceph-operator`) and the ceph-csi operator (ceph/ceph-csi-operator@v1.0.4):
//! - an ObjectBucketClaim of a StorageClass whose provisioner is `rook-ceph.ceph.rook.io/bucket`
//!   gets, once its object store is Ready, the finalizer `objectbucket.io/finalizer`, a
//!   cluster-scoped ObjectBucket `obc-<ns>-<name>`, a Secret (`AWS_ACCESS_KEY_ID`,
//!   `AWS_SECRET_ACCESS_KEY`) and a ConfigMap (`BUCKET_NAME`, `BUCKET_HOST`, `BUCKET_PORT`,
//!   `BUCKET_REGION`, `BUCKET_SUBREGION`) of its own name, owned by it and carrying the same
//!   finalizer and the `bucket-provisioner` label, then phase `Bound`
//!   (`pkg/provisioner/resourcehandlers.go`); deleting it releases all of them;
//! - the ceph-csi operator's Deployment `ceph-csi-controller-manager` puts `csi.ceph.com/cleanup`
//!   on ClientProfiles and takes it off when they are deleted.

use super::Ctx;
use super::rook::{MANAGER, deployment_available, keep_finalizer};
use crate::util::{is_deleting, meta_str};
use base64::Engine;
use serde_json::{Value, json};
use std::sync::Arc;

const FINALIZER: &str = "objectbucket.io/finalizer";
const PROVISIONER: &str = "rook-ceph.ceph.rook.io/bucket";
const CSI_FINALIZER: &str = "csi.ceph.com/cleanup";

/// The object store a claim's StorageClass names, when Rook provisions it: (namespace, store).
fn store_of(ctx: &Ctx, claim: &Value) -> Option<(String, String)> {
    let scri = ctx.ri("storage.k8s.io", "storageclasses")?;
    let class = ctx.get(&scri, "", claim["spec"]["storageClassName"].as_str()?)?;
    if class["provisioner"] != PROVISIONER {
        return None;
    }
    Some((
        class["parameters"]["objectStoreNamespace"]
            .as_str()?
            .to_string(),
        class["parameters"]["objectStoreName"].as_str()?.to_string(),
    ))
}

/// How many claims have buckets in this object store.
pub fn claims_of(ctx: &Ctx, ns: &str, store: &str) -> usize {
    let Some(ri) = ctx.ri("objectbucket.io", "objectbucketclaims") else {
        return 0;
    };
    ctx.objects(&ri)
        .iter()
        .filter(|c| store_of(ctx, c) == Some((ns.to_string(), store.to_string())))
        .count()
}

fn store_ready(ctx: &Ctx, ns: &str, name: &str) -> bool {
    ctx.ri("ceph.rook.io", "cephobjectstores")
        .and_then(|ri| ctx.get(&ri, ns, name))
        .is_some_and(|s| !is_deleting(&s) && s["status"]["phase"] == "Ready")
}

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("objectbucket.io", "objectbucketclaims") else {
        return;
    };
    for claim in ctx.objects(&ri) {
        let Some((store_ns, store)) = store_of(ctx, &claim) else {
            continue;
        };
        if is_deleting(&claim) {
            release(ctx, &claim);
            keep_finalizer(ctx, &ri, &claim, FINALIZER, false);
            continue;
        }
        if claim["status"]["phase"] == "Bound" || !store_ready(ctx, &store_ns, &store) {
            continue;
        }
        if keep_finalizer(ctx, &ri, &claim, FINALIZER, true) {
            continue;
        }
        provision(ctx, &claim, &store_ns, &store);
        if let Some(fresh) = ctx.get(&ri, meta_str(&claim, "namespace"), meta_str(&claim, "name")) {
            let bucket = format!(
                "obc-{}-{}",
                meta_str(&claim, "namespace"),
                meta_str(&claim, "name")
            );
            let mut new = (*fresh).clone();
            new["spec"]["objectBucketName"] = json!(bucket);
            new["metadata"]["labels"]["bucket-provisioner"] =
                json!("rook-ceph.ceph.rook.io-bucket");
            if let Some(updated) = ctx.update(&ri, new, MANAGER) {
                ctx.set_status(&ri, &updated, json!({"phase": "Bound"}), MANAGER);
            }
        }
    }
}

/// The ObjectBucket, Secret and ConfigMap of a claim.
fn provision(ctx: &mut Ctx, claim: &Arc<Value>, store_ns: &str, store: &str) {
    let ns = meta_str(claim, "namespace").to_string();
    let name = meta_str(claim, "name").to_string();
    let owner = json!({"apiVersion": "objectbucket.io/v1alpha1", "kind": "ObjectBucketClaim",
        "name": name, "uid": meta_str(claim, "uid"), "controller": true, "blockOwnerDeletion": true});
    let labels = json!({"bucket-provisioner": "rook-ceph.ceph.rook.io-bucket"});
    let bucket = claim["spec"]["bucketName"]
        .as_str()
        .unwrap_or(&name)
        .to_string();
    let host = format!("rook-ceph-rgw-{store}.{store_ns}.svc");
    let meta = json!({"name": name, "namespace": ns, "labels": labels,
        "finalizers": [FINALIZER], "ownerReferences": [owner]});
    let key = crate::util::random_suffix(20).to_ascii_uppercase();
    let secret_key = crate::util::random_suffix(40);
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let made = [
        (
            "",
            "secrets",
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta, "type": "Opaque",
            "data": {"AWS_ACCESS_KEY_ID": b64(&key), "AWS_SECRET_ACCESS_KEY": b64(&secret_key)}}),
        ),
        (
            "",
            "configmaps",
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta,
            "data": {"BUCKET_NAME": bucket, "BUCKET_HOST": host, "BUCKET_PORT": "80",
                "BUCKET_REGION": "", "BUCKET_SUBREGION": ""}}),
        ),
        (
            "objectbucket.io",
            "objectbuckets",
            json!({"apiVersion": "objectbucket.io/v1alpha1", "kind": "ObjectBucket",
            "metadata": {"name": format!("obc-{ns}-{name}"), "labels": labels, "finalizers": [FINALIZER]},
            "spec": {"storageClassName": claim["spec"]["storageClassName"], "reclaimPolicy": "Delete",
                "claimRef": {"name": name, "namespace": ns, "uid": meta_str(claim, "uid")},
                "endpoint": {"bucketHost": host, "bucketPort": 80, "bucketName": bucket}}}),
        ),
    ];
    for (group, plural, obj) in made {
        let Some(ri) = ctx.ri(group, plural) else {
            continue;
        };
        let obj_ns = meta_str(&obj, "namespace").to_string();
        if ctx.get(&ri, &obj_ns, meta_str(&obj, "name")).is_none() {
            ctx.create(&ri, obj, MANAGER);
        }
    }
}

/// Deletes the bucket (reclaim policy Delete): the claim's Secret, ConfigMap and ObjectBucket lose
/// their finalizer and go.
fn release(ctx: &mut Ctx, claim: &Value) {
    let ns = meta_str(claim, "namespace").to_string();
    let name = meta_str(claim, "name").to_string();
    for (group, plural, obj_ns, obj_name) in [
        ("", "secrets", ns.clone(), name.clone()),
        ("", "configmaps", ns.clone(), name.clone()),
        (
            "objectbucket.io",
            "objectbuckets",
            String::new(),
            format!("obc-{ns}-{name}"),
        ),
    ] {
        let Some(ri) = ctx.ri(group, plural) else {
            continue;
        };
        if let Some(obj) = ctx.get(&ri, &obj_ns, &obj_name) {
            keep_finalizer(ctx, &ri, &obj, FINALIZER, false);
            ctx.delete(&ri, &obj_ns, &obj_name, None);
        }
    }
}

/// The CephConnection and ClientProfile Rook makes for a cluster in the operator's namespace
/// (pkg/operator/ceph/csi/ceph_connection.go, config.go `CreateDefaultClientProfile`), and the
/// ceph-csi operator's finalizer on ClientProfiles.
pub fn csi_connection(ctx: &mut Ctx, ns: &str) {
    for (plural, kind, spec) in [
        (
            "cephconnections",
            "CephConnection",
            json!({"monitors": ["10.96.0.10:6789"]}),
        ),
        (
            "clientprofiles",
            "ClientProfile",
            json!({"cephConnectionRef": {"name": ns}}),
        ),
    ] {
        let Some(ri) = ctx.ri("csi.ceph.io", plural) else {
            continue;
        };
        if ctx.get(&ri, ns, ns).is_none() {
            let obj = json!({"apiVersion": "csi.ceph.io/v1", "kind": kind,
                "metadata": {"name": ns, "namespace": ns}, "spec": spec});
            ctx.create(&ri, obj, MANAGER);
        }
    }
}

/// The ceph-csi operator's cleanup finalizer on ClientProfiles.
pub fn csi_operator(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("csi.ceph.io", "clientprofiles") else {
        return;
    };
    if !deployment_available(ctx, "ceph-csi-controller-manager") {
        return;
    }
    for profile in ctx.objects(&ri) {
        keep_finalizer(ctx, &ri, &profile, CSI_FINALIZER, !is_deleting(&profile));
    }
}
