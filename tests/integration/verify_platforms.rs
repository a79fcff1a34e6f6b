//! `odh verify` beyond one Kubernetes install: nothing installed, bad usage, `--profile`,
//! `odh install --verify`, the KServe engine, and OpenShift.

use crate::install::Env;
use crate::verify::{check, failing, installed, report, verify};
use odh_testcluster::{AppFault, Options};
use serde_json::Value;
use std::time::Duration;

#[test]
fn nothing_installed_is_reported_as_status_reports_it_and_bad_usage_is_exit_2() {
    let env = Env::kubernetes();
    // Exit 5 and the same line as `odh status`; with -o json the same document.
    let status = env.odh().args(["status"]).run().expect_code(5);
    let nothing = env.odh().args(["verify"]).run().expect_code(5);
    assert_eq!(nothing.stderr, status.stderr);
    assert!(
        nothing
            .stderr
            .contains("no odh installation in namespace opendatahub"),
        "{}",
        nothing.stderr
    );
    assert!(nothing.stdout.is_empty());
    let status = env
        .odh()
        .args(["status", "-o", "json"])
        .run()
        .expect_code(5);
    let nothing = env
        .odh()
        .args(["verify", "-o", "json"])
        .run()
        .expect_code(5);
    assert_eq!(nothing.stdout, status.stdout);
    let value: Value = serde_json::from_str(&nothing.stdout).unwrap();
    assert_eq!(value["installed"], false);
    env.install(&["-p", "core"]).success();
    let run = env
        .odh()
        .args(["verify", "-p", "monitoring"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr
            .contains("profile `monitoring` is not installed; installed: core"),
        "{}",
        run.stderr
    );
    let run = env
        .odh()
        .args(["verify", "--timeout", "soon"])
        .run()
        .expect_code(2);
    assert!(
        run.stderr.contains("`soon` is not a duration"),
        "{}",
        run.stderr
    );
    // --profile limits the checks to that profile's components.
    let run = verify(&env, &["-p", "core"]).success();
    let found = report(&run);
    let components: Vec<&str> = found["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["component"].as_str().unwrap())
        .collect();
    assert!(
        components
            .iter()
            .all(|c| ["jupyterhub", "s3", "spark-operator"].contains(c)),
        "{components:?}"
    );
}

#[test]
fn install_verify_runs_the_fast_checks_after_a_successful_install() {
    let env = Env::kubernetes();
    let run = env.install(&["-p", "core", "--verify"]).success();
    assert!(run.stdout.contains("installed: "), "{}", run.stdout);
    assert!(
        run.stdout.contains("verify: 6 passed, 0 failed, 2 skipped"),
        "{}",
        run.stdout
    );
    // JSON: install's events, then the report on one line.
    env.cluster.fail_app(AppFault::S3BucketMissing);
    let run = env
        .install(&["-p", "core", "--verify", "-o", "json"])
        .expect_code(1);
    let last: Value = serde_json::from_str(run.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(last["ok"], false);
    assert_eq!(last["failed"], 1);
    assert!(
        run.stdout.lines().count() > 1,
        "the install events come first"
    );
}

#[test]
fn kserve_models_are_found_by_their_predictor_service_and_the_controller_by_its_webhook() {
    let env = installed("ai-library", &["--set", "serving.engine=kserve"]);
    let run = verify(&env, &[]).success();
    let found = report(&run);
    let (outcome, evidence) = check(&found, "serving", "kserve controller answers");
    assert_eq!(outcome, "passed", "{evidence}");
    for model in [
        "sentiment-analysis",
        "flake-analysis",
        "duplicate-bug-detection",
    ] {
        assert_eq!(
            check(
                &found,
                "ai-library",
                &format!("InferenceService {model} is ready")
            )
            .0,
            "passed"
        );
        assert_eq!(
            check(
                &found,
                "ai-library",
                &format!("{model} answers a prediction")
            )
            .0,
            "passed"
        );
    }
    // The webhook Service without endpoints: the API server cannot call the controller, so the
    // dry run gets no answer although the Deployment is available.
    env.cluster
        .merge_patch(
            "v1",
            "Service",
            "kserve",
            "kserve-webhook-server-service",
            &serde_json::json!({"spec": {"selector": {"control-plane": "nothing"}}}),
            None,
        )
        .unwrap();
    assert!(env.cluster.wait_for(Duration::from_secs(20), |tc| {
        tc.list_in("discovery.k8s.io/v1", "EndpointSlice", Some("kserve"))
            .iter()
            .filter(|s| {
                s["metadata"]["labels"]["kubernetes.io/service-name"]
                    == "kserve-webhook-server-service"
            })
            .all(|s| s["endpoints"].as_array().is_none_or(|e| e.is_empty()))
    }));
    let (seen, hint) = failing(&env, "serving", "kserve controller answers");
    assert!(seen.contains("failed calling webhook"), "{seen}");
    assert!(hint.contains("webhook"), "{hint}");
}

#[test]
fn openshift_checks_the_operator_its_resources_and_the_dashboard() {
    let env = Env::new(Options::default().openshift());
    env.install(&["-p", "ai-library"]).success();
    // The operator starts the dashboard and KServe after the DataScienceCluster is Ready.
    let available = |name: &'static str| {
        move |tc: &odh_testcluster::TestCluster| {
            tc.get("apps/v1", "Deployment", "opendatahub", name)
                .is_some_and(|d| d["status"]["availableReplicas"] == 1)
        }
    };
    assert!(
        env.cluster
            .wait_for(Duration::from_secs(30), available("odh-dashboard"))
    );
    assert!(env.cluster.wait_for(
        Duration::from_secs(30),
        available("kserve-controller-manager")
    ));
    let run = verify(&env, &[]).success();
    let found = report(&run);
    for name in [
        "operator ClusterServiceVersion succeeded",
        "DSCInitialization is Ready",
        "DataScienceCluster is Ready",
        "dashboard answers",
    ] {
        let (outcome, evidence) = check(&found, "odh-operator", name);
        assert_eq!(outcome, "passed", "{name}: {evidence}");
    }
    assert!(
        check(&found, "odh-operator", "dashboard answers")
            .1
            .contains("Route odh-dashboard admitted")
    );
    // The operator's KServe: its controller and the models on it.
    assert_eq!(
        check(&found, "serving", "kserve controller answers").0,
        "passed"
    );
    for model in [
        "sentiment-analysis",
        "flake-analysis",
        "duplicate-bug-detection",
    ] {
        let name = format!("{model} answers a prediction");
        assert_eq!(check(&found, "ai-library", &name).0, "passed", "{name}");
    }
    // The operator's KServe controller scaled away.
    let replicas = |n: i64| serde_json::json!({"spec": {"replicas": n}});
    let controller = (
        "apps/v1",
        "Deployment",
        "opendatahub",
        "kserve-controller-manager",
    );
    env.cluster
        .merge_patch(
            controller.0,
            controller.1,
            controller.2,
            controller.3,
            &replicas(0),
            None,
        )
        .unwrap();
    assert!(env.cluster.wait_for(Duration::from_secs(20), |tc| {
        tc.get(controller.0, controller.1, controller.2, controller.3)
            .is_some_and(|d| d["status"]["availableReplicas"].as_i64().unwrap_or(0) == 0)
    }));
    let (seen, _) = failing(&env, "serving", "kserve controller answers");
    assert!(seen.contains("no replica available"), "{seen}");
    env.cluster
        .merge_patch(
            controller.0,
            controller.1,
            controller.2,
            controller.3,
            &replicas(1),
            None,
        )
        .unwrap();
    // A failed CSV, a DataScienceCluster not Ready, a dashboard without pods.
    env.cluster.faults().set_controllers_paused(true);
    let csv_name = env
        .get(
            "operators.coreos.com/v1alpha1",
            "Subscription",
            "openshift-operators",
            "opendatahub-operator",
        )
        .unwrap()["status"]["installedCSV"]
        .as_str()
        .unwrap()
        .to_string();
    env.cluster
        .merge_patch(
            "operators.coreos.com/v1alpha1",
            "ClusterServiceVersion",
            "openshift-operators",
            &csv_name,
            &serde_json::json!({"status": {"phase": "Failed", "reason": "InstallCheckFailed", "message": "install timeout"}}),
            Some("status"),
        )
        .unwrap();
    let (seen, _) = failing(
        &env,
        "odh-operator",
        "operator ClusterServiceVersion succeeded",
    );
    assert!(seen.contains("InstallCheckFailed"), "{seen}");
    env.cluster
        .merge_patch(
            "datasciencecluster.opendatahub.io/v2",
            "DataScienceCluster",
            "",
            "default-dsc",
            &serde_json::json!({"status": {"phase": "Not Ready", "conditions": [{"type": "DashboardReady", "status": "False", "reason": "Error", "message": "deployment odh-dashboard not available"}]}}),
            Some("status"),
        )
        .unwrap();
    let (seen, _) = failing(&env, "odh-operator", "DataScienceCluster is Ready");
    assert!(seen.contains("DashboardReady False"), "{seen}");
    env.cluster
        .merge_patch(
            "v1",
            "Service",
            "opendatahub",
            "odh-dashboard",
            &serde_json::json!({"spec": {"selector": {"deployment": "none"}}}),
            None,
        )
        .unwrap();
    env.cluster.faults().set_controllers_paused(false);
    std::thread::sleep(Duration::from_millis(500));
    let (seen, _) = failing(&env, "odh-operator", "dashboard answers");
    assert!(seen.contains("no endpoints available"), "{seen}");
}
