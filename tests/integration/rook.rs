//! `s3.engine=rook` on the test cluster: install until the bucket claim is
//! Bound and its Secret holds the keys every consumer reads, status, a plain
//! uninstall that keeps the Ceph component and the claim, and a purge in
//! Rook's teardown order that leaves nothing of odh's.

use crate::install::Env;
use crate::uninstall::{deleted_at, odh_objects};
use odh_testcluster::{Options, Platform};

pub const ROOK: &[&str] = &["-p", "core", "--set", "s3.engine=rook"];

fn rook_is_ready(env: &Env) {
    let claim = env
        .get(
            "objectbucket.io/v1alpha1",
            "ObjectBucketClaim",
            "opendatahub",
            "s3-credentials",
        )
        .expect("the claim");
    assert_eq!(claim["status"]["phase"], "Bound");
    let secret = env
        .get("v1", "Secret", "opendatahub", "s3-credentials")
        .expect("the provisioner's Secret");
    for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] {
        assert!(secret["data"][key].is_string(), "{key} in {secret}");
    }
    assert!(
        secret["metadata"]["labels"]["app.kubernetes.io/managed-by"].is_null(),
        "the Secret is the provisioner's, not odh's"
    );
    let config = env
        .get("v1", "ConfigMap", "opendatahub", "s3-config")
        .unwrap();
    assert_eq!(
        config["data"]["AWS_S3_ENDPOINT"],
        "http://rook-ceph-rgw-odh.rook-ceph.svc:80"
    );
    let bucket = env
        .get("v1", "ConfigMap", "opendatahub", "s3-credentials")
        .unwrap();
    assert_eq!(
        bucket["data"]["BUCKET_NAME"],
        config["data"]["AWS_S3_BUCKET"]
    );
    assert_eq!(
        bucket["data"]["BUCKET_HOST"],
        "rook-ceph-rgw-odh.rook-ceph.svc"
    );
    let cluster = env
        .get("ceph.rook.io/v1", "CephCluster", "rook-ceph", "rook-ceph")
        .unwrap();
    assert_eq!(cluster["status"]["ceph"]["health"], "HEALTH_OK");
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "minio")
            .is_none(),
        "no dev store"
    );
}

fn lifecycle(platform: Platform) {
    let env = Env::new(Options::default().platform(platform));
    let run = env.install(ROOK).success();
    assert!(run.stdout.contains("rook-ceph-rgw-odh"), "{}", run.stdout);
    rook_is_ready(&env);
    let status = env.odh().args(["status", "-v"]).run().success();
    for line in [
        "CephCluster/rook-ceph",
        "phase Ready, HEALTH_OK",
        "ObjectBucketClaim/s3-credentials",
    ] {
        assert!(status.stdout.contains(line), "{line}: {}", status.stdout);
    }
    env.cluster.clear_requests();
    let plain = env
        .odh()
        .args(["uninstall", "--timeout", "60s"])
        .run()
        .success();
    let log = env.cluster.requests();
    for kept in [
        "/cephclusters/",
        "/cephobjectstores/",
        "/objectbucketclaims/",
        "/deployments/rook-ceph-operator",
        "/namespaces/rook-ceph",
    ] {
        assert!(
            !log.iter()
                .any(|r| r.method == "DELETE" && r.path.contains(kept)),
            "a plain uninstall keeps {kept}"
        );
    }
    assert!(
        plain
            .stderr
            .contains("part of a storage component that holds data"),
        "{}",
        plain.stderr
    );
    let left = odh_objects(&env);
    assert!(
        left.iter().any(|o| o == "CephCluster/rook-ceph rook-ceph"),
        "{left:?}"
    );
    assert!(
        !left.iter().any(|o| o.starts_with("ConfigMap/s3-config")),
        "what holds no data goes: {left:?}"
    );
    let nothing = env.odh().args(["status"]).run().expect_code(5);
    assert!(
        nothing.stderr.contains("other objects kept"),
        "{}",
        nothing.stderr
    );
    env.cluster.clear_requests();
    env.odh()
        .args(["uninstall", "--purge", "--timeout", "60s"])
        .run()
        .success();
    let log = env.cluster.requests();
    let patched = log
        .iter()
        .position(|r| r.method == "PATCH" && r.path.ends_with("/cephclusters/rook-ceph"))
        .expect("the cleanup policy is set");
    let order = [
        "/objectbucketclaims/s3-credentials",
        "/cephobjectstores/odh",
        "/cephclusters/rook-ceph",
        "/jobs/cluster-cleanup-job-testcluster-node",
        "/clientprofiles/rook-ceph",
        "/deployments/rook-ceph-operator",
        "/namespaces/rook-ceph",
    ];
    for pair in order.windows(2) {
        assert!(
            deleted_at(&log, pair[0]) < deleted_at(&log, pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    assert!(patched < deleted_at(&log, "/cephclusters/rook-ceph"));
    let csi = deleted_at(&log, "/deployments/ceph-csi-controller-manager");
    assert!(
        deleted_at(&log, "/clientprofiles/rook-ceph") < csi,
        "the ceph-csi operator clears its finalizer first"
    );
    assert!(
        deleted_at(&log, "/cephblockpools/builtin-mgr")
            < deleted_at(&log, "/cephclusters/rook-ceph")
    );
    let left = odh_objects(&env);
    assert!(left.is_empty(), "after --purge: {left:?}");
    assert!(env.get("v1", "Namespace", "", "rook-ceph").is_none());
    assert!(
        env.get(
            "objectbucket.io/v1alpha1",
            "ObjectBucket",
            "",
            "obc-opendatahub-s3-credentials"
        )
        .is_none()
    );
}

#[test]
fn rook_installs_reports_keeps_its_data_and_purges_in_teardown_order_on_kubernetes() {
    lifecycle(Platform::Kubernetes);
}

#[test]
fn rook_installs_reports_keeps_its_data_and_purges_in_teardown_order_on_openshift() {
    lifecycle(Platform::OpenShift);
}

#[test]
fn an_external_endpoint_and_rook_are_refused_before_any_request() {
    let env = Env::kubernetes();
    env.cluster.clear_requests();
    let run = env
        .install(&[
            "-p",
            "core",
            "--set",
            "s3.engine=rook",
            "--set",
            "s3.endpoint=https://s3.example.com",
        ])
        .expect_code(2);
    assert!(
        run.stderr
            .contains("unset s3.endpoint, or set s3.engine=minio"),
        "{}",
        run.stderr
    );
    let writes: Vec<String> = env
        .cluster
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(writes.is_empty(), "nothing was written: {writes:?}");
}

#[test]
fn a_ready_cluster_with_health_err_blocks_its_consumers_until_ceph_recovers() {
    let env = Env::new(Options::default().never_ready("CephCluster/rook-ceph"));
    let run = env
        .odh()
        .args(["install", "--timeout", "8s", "--bundle"])
        .args([env.bundle().as_os_str()])
        .args(ROOK)
        .run()
        .expect_code(3);
    assert!(
        run.stderr.contains(
            "CephCluster/rook-ceph (ceph.rook.io/v1) in rook-ceph [rook-ceph]: waiting for Ceph health HEALTH_OK or HEALTH_WARN, it is HEALTH_ERR: PG_AVAILABILITY (Reduced data availability: 8 pgs inactive)"
        ),
        "{}",
        run.stderr
    );
    assert!(
        env.get("ceph.rook.io/v1", "CephObjectStore", "rook-ceph", "odh")
            .is_none(),
        "the object store waits for a healthy cluster"
    );
    env.cluster.faults().clear_never_ready();
    env.install(ROOK).success();
    rook_is_ready(&env);
}
