//! Rook: the CephCluster before its pool and object store, the claim after
//! the store's component; deleted the other way round.

use super::*;

const ROOK: &str = "
    # core/rook-ceph
    apiVersion: ceph.rook.io/v1
    kind: CephObjectStore
    metadata: {name: odh, namespace: rook-ceph}
    ---
    # core/rook-ceph
    apiVersion: ceph.rook.io/v1
    kind: CephBlockPool
    metadata: {name: builtin-mgr, namespace: rook-ceph}
    ---
    # core/rook-ceph
    apiVersion: ceph.rook.io/v1
    kind: CephCluster
    metadata: {name: rook-ceph, namespace: rook-ceph}
    ---
    # core/s3
    apiVersion: objectbucket.io/v1alpha1
    kind: ObjectBucketClaim
    metadata: {name: s3-credentials, namespace: opendatahub}
    ";

fn wave_of(plan: &Plan, kind: &str) -> usize {
    plan.waves
        .iter()
        .position(|w| w.steps.iter().any(|s| s.target.kind == kind))
        .unwrap_or_else(|| panic!("{kind} is planned"))
}

#[test]
fn the_cluster_comes_before_its_pool_and_store_and_goes_after_them() {
    let deps = requires(&[("s3", &["rook-ceph"])]);
    let install = install(&objects(ROOK), &deps).unwrap();
    assert!(wave_of(&install, "CephCluster") < wave_of(&install, "CephBlockPool"));
    assert!(wave_of(&install, "CephCluster") < wave_of(&install, "CephObjectStore"));
    assert!(wave_of(&install, "CephObjectStore") < wave_of(&install, "ObjectBucketClaim"));
    let purge = uninstall(&objects(ROOK), &deps, UninstallOptions { purge: true }).unwrap();
    assert!(wave_of(&purge, "ObjectBucketClaim") < wave_of(&purge, "CephObjectStore"));
    assert!(wave_of(&purge, "CephObjectStore") < wave_of(&purge, "CephCluster"));
    assert!(wave_of(&purge, "CephBlockPool") < wave_of(&purge, "CephCluster"));
}
