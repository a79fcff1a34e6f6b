//! `odh status` and `odh uninstall` against the test cluster.

use crate::install::Env;
use odh_testcluster::{Options, Platform};
use serde_json::{Value, json};

#[test]
fn status_reports_health_with_reasons_and_exit_codes() {
    let env = Env::kubernetes();
    env.install(&["-p", "core,monitoring"]).success();
    let run = env.odh().args(["status"]).run().success();
    assert!(run.stdout.starts_with("COMPONENT"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Deployment/hub (apps/v1) in opendatahub"),
        "{}",
        run.stdout
    );
    let run = env
        .odh()
        .args(["status", "-p", "monitoring", "-o", "json"])
        .run()
        .success();
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let objects = report["objects"].as_array().unwrap();
    assert!(
        objects
            .iter()
            .all(|o| o["profile"] == "monitoring" && o["state"] == "Current"),
        "{objects:?}"
    );
    env.cluster
        .delete("apps/v1", "Deployment", "odh-monitoring", "grafana")
        .unwrap();
    let run = env.odh().args(["status"]).run().expect_code(1);
    assert!(
        run.stdout
            .contains("Deployment/grafana (apps/v1) in odh-monitoring not found"),
        "{}",
        run.stdout
    );
    let run = env
        .odh()
        .args(["status", "--wait", "--timeout", "2s"])
        .run()
        .expect_code(3);
    assert!(run.stdout.contains("not found"), "{}", run.stdout);
    let run = env
        .odh()
        .args(["status", "-p", "serving"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr.contains("profile `serving` is not installed"),
        "{}",
        run.stderr
    );
    let run = env
        .odh()
        .args(["status", "-n", "elsewhere"])
        .run()
        .expect_code(1);
    assert!(
        run.stderr
            .contains("no odh installation in namespace elsewhere"),
        "{}",
        run.stderr
    );
}

#[test]
fn uninstalling_one_profile_keeps_the_others_and_the_shared_dsc() {
    let env = Env::new(Options::default().platform(Platform::OpenShift));
    env.install(&["-p", "serving,monitoring"]).success();
    let dsc = |env: &Env| {
        env.get(
            "datasciencecluster.opendatahub.io/v2",
            "DataScienceCluster",
            "",
            "default-dsc",
        )
        .unwrap()
    };
    assert_eq!(
        dsc(&env)["spec"]["components"]["kserve"]["managementState"],
        "Managed"
    );
    let bundle = env.bundle();
    let run = env
        .odh()
        .args(["uninstall", "-p", "serving", "--bundle"])
        .args([bundle.as_os_str()])
        .run()
        .success();
    assert!(run.stdout.contains("uninstalled serving"), "{}", run.stdout);
    assert_eq!(
        dsc(&env)["spec"]["components"]["kserve"]["managementState"],
        "Removed",
        "the DSC is re-applied without serving's part"
    );
    assert!(
        env.get("apps/v1", "Deployment", "odh-monitoring", "grafana")
            .is_some(),
        "monitoring stays"
    );
}

#[test]
fn uninstall_removes_what_odh_owns_keeps_data_and_purge_removes_the_rest() {
    let env = Env::kubernetes();
    // without persistence odh-monitoring holds no claim: only the user's ConfigMap keeps it
    env.install(&[
        "-p",
        "core,monitoring",
        "--set",
        "prometheus.persistence=false",
    ])
    .success();
    env.cluster
        .apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "users-own", "namespace": "odh-monitoring"}, "data": {"a": "b"}}))
        .unwrap();
    let run = env.odh().args(["uninstall"]).run().success();
    assert!(run.stdout.starts_with("uninstalled: "), "{}", run.stdout);
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "hub")
            .is_none()
    );
    assert!(
        env.get(
            "rbac.authorization.k8s.io/v1",
            "ClusterRole",
            "",
            "odh-prometheus"
        )
        .is_none()
    );
    assert!(
        env.get("v1", "PersistentVolumeClaim", "opendatahub", "hub-db-dir")
            .is_some(),
        "claims stay without --purge"
    );
    assert!(
        env.get("v1", "ConfigMap", "odh-monitoring", "users-own")
            .is_some(),
        "never deletes what odh does not own"
    );
    assert!(
        run.stderr
            .contains("kept Namespace/odh-monitoring (v1): holds ConfigMap/users-own"),
        "{}",
        run.stderr
    );
    assert!(
        env.get(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "",
            "sparkapplications.sparkoperator.k8s.io"
        )
        .is_some(),
        "CRDs stay"
    );
    let run = env.odh().args(["uninstall", "--purge"]).run().success();
    assert!(run.stdout.starts_with("uninstalled: "), "{}", run.stdout);
    assert!(
        env.get("v1", "PersistentVolumeClaim", "opendatahub", "hub-db-dir")
            .is_none()
    );
    assert!(
        env.get(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "",
            "sparkapplications.sparkoperator.k8s.io"
        )
        .is_none()
    );
    assert!(
        env.cluster
            .wait_for(std::time::Duration::from_secs(10), |c| c
                .get("v1", "Namespace", "", "opendatahub")
                .is_none())
    );
    env.odh().args(["uninstall"]).run().expect_code(1);
}
