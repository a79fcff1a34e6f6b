//! `odh verify` and `odh install --verify` against the test cluster: every check passing on a
//! fresh install, each failing when its program misbehaves, no secret in the output, everything
//! verify creates removed (also after Ctrl-C), and the exit codes.

use crate::harness::Run;
use crate::install::Env;
use base64::Engine;
use odh_testcluster::{AppFault, Options};
use serde_json::Value;
use std::time::Duration;

const ALL: &str = "core,monitoring,serving,ai-library";

fn verify(env: &Env, args: &[&str]) -> Run {
    env.odh().args(["verify", "-o", "json"]).args(args).run()
}

fn report(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "verify -o json is JSON ({e}): {}\nstderr: {}",
            run.stdout, run.stderr
        )
    })
}

/// The outcome and evidence of the check named `name` of `component`.
#[track_caller]
fn check<'a>(report: &'a Value, component: &str, name: &str) -> (&'a str, &'a str) {
    let found = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == component && c["name"] == name)
        .unwrap_or_else(|| panic!("no check {component} / {name} in {report:#}"));
    (
        found["outcome"].as_str().unwrap(),
        found["evidence"].as_str().unwrap(),
    )
}

/// Every generated credential of the installation.
fn secrets(env: &Env) -> Vec<String> {
    let mut out = Vec::new();
    for (ns, name) in [
        ("opendatahub", "hub"),
        ("opendatahub", "s3-credentials"),
        ("odh-monitoring", "grafana-admin"),
    ] {
        let secret = env.get("v1", "Secret", ns, name).expect("secret exists");
        for value in secret["data"].as_object().unwrap().values() {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(value.as_str().unwrap())
                .unwrap();
            out.push(String::from_utf8(bytes).unwrap());
        }
    }
    out
}

fn installed(profiles: &str, extra: &[&str]) -> Env {
    let env = Env::kubernetes();
    let mut args = vec!["-p", profiles];
    args.extend_from_slice(extra);
    env.install(&args).success();
    env
}

#[test]
fn every_check_passes_on_a_fresh_install_and_leaves_nothing_behind() {
    let env = installed(ALL, &[]);
    let run = verify(&env, &[]).success();
    let report = report(&run);
    for (component, name) in [
        ("jupyterhub", "hub API answers"),
        ("jupyterhub", "generated password logs in"),
        ("jupyterhub", "REST API issues a token"),
        ("s3", "store is live and ready"),
        ("s3", "bucket opendatahub exists"),
        ("s3", "bucket opendatahub takes a put, get and delete"),
        ("prometheus", "every odh target is up"),
        ("grafana", "API and database healthy"),
        ("grafana", "generated admin password logs in"),
        ("grafana", "data source prometheus is healthy"),
        ("serving", "seldon controller answers"),
        ("ai-library", "SeldonDeployment sentiment-analysis is ready"),
        ("ai-library", "sentiment-analysis answers a prediction"),
        ("ai-library", "flake-analysis answers a prediction"),
        ("ai-library", "duplicate-bug-detection answers a prediction"),
    ] {
        assert_eq!(
            check(&report, component, name).0,
            "passed",
            "{component} / {name}: {report:#}"
        );
    }
    assert_eq!(
        check(&report, "spark-operator", "SparkPi application completes").0,
        "skipped"
    );
    assert_eq!(
        check(&report, "jupyterhub", "notebook server starts").0,
        "skipped"
    );
    assert!(
        check(
            &report,
            "ai-library",
            "sentiment-analysis answers a prediction"
        )
        .1
        .contains("Positive")
    );
    assert!(
        check(&report, "prometheus", "every odh target is up")
            .1
            .contains("Deployment/minio")
    );
    assert_eq!(report["failed"], 0);
    // Nothing stays: the S3 object is deleted, the hub token revoked.
    assert!(
        env.cluster.s3_keys("opendatahub").is_empty(),
        "{:?}",
        env.cluster.s3_keys("opendatahub")
    );
    assert_eq!(env.cluster.hub_tokens("odh-verify"), 0);
    // No credential shows up anywhere in the output.
    for secret in secrets(&env) {
        assert!(
            !run.stdout.contains(&secret),
            "a credential is printed on stdout"
        );
        assert!(
            !run.stderr.contains(&secret),
            "a credential is printed on stderr"
        );
    }
    // The text form has the same verdict and a summary line.
    let text = env.odh().args(["verify"]).run().success();
    assert!(text.stdout.contains("COMPONENT"), "{}", text.stdout);
    assert!(
        text.stdout
            .ends_with("verify: 17 passed, 0 failed, 2 skipped\n"),
        "{}",
        text.stdout
    );
}

#[test]
fn verify_reaches_programs_only_through_the_service_proxy() {
    let env = installed("core", &[]);
    env.cluster.clear_requests();
    verify(&env, &[]).success();
    let proxied: Vec<String> = env
        .cluster
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/proxy"))
        .map(|r| r.path)
        .collect();
    assert!(
        proxied.iter().any(|p| p.starts_with(
            "/api/v1/namespaces/opendatahub/services/proxy-public:http/proxy/hub/api"
        )),
        "{proxied:?}"
    );
    assert!(
        proxied.iter().any(|p| p.starts_with(
            "/api/v1/namespaces/opendatahub/services/minio:api/proxy/minio/health/live"
        )),
        "{proxied:?}"
    );
    assert!(
        proxied.iter().all(|p| p.contains("/services/")),
        "{proxied:?}"
    );
}

/// Runs verify with a failure switched on and returns the named check.
#[track_caller]
fn failing(env: &Env, component: &str, name: &str) -> (String, String) {
    let run = verify(env, &[]).expect_code(1);
    let report = report(&run);
    let (outcome, evidence) = check(&report, component, name);
    let hint = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == component && c["name"] == name)
        .and_then(|c| c["hint"].as_str())
        .unwrap_or("")
        .to_string();
    assert_eq!(outcome, "failed", "{component} / {name}: {report:#}");
    assert!(!hint.is_empty(), "a failed check has a hint");
    (evidence.to_string(), hint)
}

#[test]
fn each_check_fails_when_its_program_misbehaves() {
    let env = installed(ALL, &[]);
    let cases = [
        (
            AppFault::HubRejectsPassword,
            "jupyterhub",
            "generated password logs in",
            "403",
        ),
        (
            AppFault::HubRefusesTokenRequests,
            "jupyterhub",
            "REST API issues a token",
            "HTTP 403",
        ),
        (
            AppFault::S3NotReady,
            "s3",
            "store is live and ready",
            "/minio/health/ready: HTTP 503",
        ),
        (
            AppFault::S3BucketMissing,
            "s3",
            "bucket opendatahub exists",
            "NoSuchBucket",
        ),
        (
            AppFault::S3KeysChanged,
            "s3",
            "bucket opendatahub exists",
            "SignatureDoesNotMatch",
        ),
        (
            AppFault::S3ReadOnly,
            "s3",
            "bucket opendatahub takes a put, get and delete",
            "AccessDenied",
        ),
        (
            AppFault::PrometheusTargetDown("minio-*".into()),
            "prometheus",
            "every odh target is up",
            "Deployment/minio: pod minio-",
        ),
        (
            AppFault::GrafanaDatabaseFailing,
            "grafana",
            "API and database healthy",
            "failing",
        ),
        (
            AppFault::GrafanaRejectsPassword,
            "grafana",
            "generated admin password logs in",
            "HTTP 401",
        ),
        (
            AppFault::GrafanaDatasourceFailing,
            "grafana",
            "data source prometheus is healthy",
            "HTTP 400: ERROR",
        ),
        (
            AppFault::ModelError("flake-analysis".into()),
            "ai-library",
            "flake-analysis answers a prediction",
            "HTTP 500: status FAILURE",
        ),
        (
            AppFault::ModelMalformed("sentiment-analysis".into()),
            "ai-library",
            "sentiment-analysis answers a prediction",
            "not JSON",
        ),
    ];
    for (fault, component, name, evidence) in cases {
        env.cluster.fail_app(fault.clone());
        let (seen, _) = failing(&env, component, name);
        assert!(
            seen.contains(evidence),
            "{fault:?}: `{seen}` lacks `{evidence}`"
        );
        env.cluster.heal_app(&fault);
    }
    assert!(
        env.cluster.s3_keys("opendatahub").is_empty(),
        "failed runs remove their object too"
    );

    // The hub without ready pods behind its Service: the API server's own 503.
    let selector = |value: &str| serde_json::json!({"spec": {"selector": {"app.kubernetes.io/component": value}}});
    env.cluster
        .merge_patch(
            "v1",
            "Service",
            "opendatahub",
            "proxy-public",
            &selector("nothing"),
            None,
        )
        .unwrap();
    let (seen, hint) = failing(&env, "jupyterhub", "hub API answers");
    assert!(
        seen.contains("no endpoints available for service \"proxy-public\""),
        "{seen}"
    );
    assert!(hint.contains("no ready pod"), "{hint}");
    env.cluster
        .merge_patch(
            "v1",
            "Service",
            "opendatahub",
            "proxy-public",
            &selector("proxy"),
            None,
        )
        .unwrap();

    // The serving controller scaled away: not answering; the model it reported failed stays failed.
    let replicas = |n: i64| serde_json::json!({"spec": {"replicas": n}});
    env.cluster
        .merge_patch(
            "apps/v1",
            "Deployment",
            "seldon-system",
            "seldon-controller-manager",
            &replicas(0),
            None,
        )
        .unwrap();
    assert!(env.cluster.wait_for(Duration::from_secs(20), |tc| {
        tc.get(
            "apps/v1",
            "Deployment",
            "seldon-system",
            "seldon-controller-manager",
        )
        .is_some_and(|d| d["status"]["availableReplicas"].as_i64().unwrap_or(0) == 0)
    }));
    // Controllers paused, so the simulated operator does not write the state back.
    env.cluster.faults().set_controllers_paused(true);
    env.cluster
        .merge_patch(
            "machinelearning.seldon.io/v1",
            "SeldonDeployment",
            "opendatahub",
            "sentiment-analysis",
            &serde_json::json!({"status": {"state": "Failed", "description": "predictor pods crash"}}),
            Some("status"),
        )
        .unwrap();
    let (seen, _) = failing(&env, "serving", "seldon controller answers");
    assert!(
        seen.contains("Deployment/seldon-controller-manager"),
        "{seen}"
    );
    let (seen, _) = failing(
        &env,
        "ai-library",
        "SeldonDeployment sentiment-analysis is ready",
    );
    assert!(seen.contains("Failed"), "{seen}");
    env.cluster.faults().set_controllers_paused(false);
}

/// Nothing verify made is left: no SparkApplication, no notebook pod, no claim.
#[track_caller]
fn nothing_left(env: &Env) {
    let apps = env
        .cluster
        .list_in("sparkoperator.k8s.io/v1beta2", "SparkApplication", None);
    assert!(apps.is_empty(), "SparkApplications left: {apps:?}");
    assert!(
        env.get("v1", "Pod", "opendatahub", "jupyter-odh-verify")
            .is_none(),
        "the notebook pod is left"
    );
    assert!(
        env.get(
            "v1",
            "PersistentVolumeClaim",
            "opendatahub",
            "claim-odh-verify"
        )
        .is_none(),
        "the notebook claim is left"
    );
    assert_eq!(
        env.cluster.hub_tokens("odh-verify"),
        0,
        "a hub token is left"
    );
}

#[test]
fn slow_checks_run_spark_pi_and_a_notebook_server_and_remove_both() {
    let env = installed("core", &[]);
    env.cluster.clear_requests();
    let run = verify(&env, &["--include-slow"]).success();
    let found = report(&run);
    let (outcome, evidence) = check(&found, "spark-operator", "SparkPi application completes");
    assert_eq!(outcome, "passed", "{evidence}");
    assert!(evidence.contains("COMPLETED"), "{evidence}");
    let (outcome, evidence) = check(&found, "jupyterhub", "notebook server starts");
    assert_eq!(outcome, "passed", "{evidence}");
    nothing_left(&env);
    // The application carried odh's labels and the run label, and ran in the job namespace.
    let created: Vec<_> = env
        .cluster
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path.contains("/sparkapplications"))
        .collect();
    assert_eq!(created.len(), 1, "{created:?}");
    assert!(
        created[0].path.contains("/namespaces/spark-jobs/"),
        "{}",
        created[0].path
    );

    for (fault, component, name, evidence) in [
        (
            AppFault::SparkFails,
            "spark-operator",
            "SparkPi application completes",
            "FAILED: driver container failed",
        ),
        (
            AppFault::NotebookSpawnFails,
            "jupyterhub",
            "notebook server starts",
            "without a running server",
        ),
    ] {
        env.cluster.fail_app(fault.clone());
        let run = verify(&env, &["--include-slow"]).expect_code(1);
        let found = report(&run);
        let (outcome, seen) = check(&found, component, name);
        assert_eq!(outcome, "failed", "{fault:?}: {seen}");
        assert!(seen.contains(evidence), "{fault:?}: {seen}");
        env.cluster.heal_app(&fault);
        nothing_left(&env);
    }
    // A server that never gets ready fails at the deadline, and is still stopped.
    env.cluster.fail_app(AppFault::NotebookNeverReady);
    let run = verify(&env, &["--include-slow", "--timeout", "6s"]).expect_code(1);
    let found = report(&run);
    let (outcome, seen) = check(&found, "jupyterhub", "notebook server starts");
    assert_eq!(outcome, "failed");
    assert!(seen.contains("still pending spawn"), "{seen}");
    env.cluster.heal_app(&AppFault::NotebookNeverReady);
    nothing_left(&env);
}

#[test]
fn ctrl_c_stops_verify_and_removes_what_it_created() {
    let env = installed("core", &[]);
    env.cluster.fail_app(AppFault::SparkStuck);
    env.cluster.fail_app(AppFault::NotebookNeverReady);
    let child = env
        .odh()
        .args(["verify", "--include-slow", "--timeout", "5m"])
        .spawn();
    let started = env.cluster.wait_for(Duration::from_secs(60), |tc| {
        !tc.list_in("sparkoperator.k8s.io/v1beta2", "SparkApplication", None)
            .is_empty()
            && tc
                .get("v1", "Pod", "opendatahub", "jupyter-odh-verify")
                .is_some()
    });
    assert!(started, "verify started its slow checks");
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("running kill");
    assert!(status.success());
    let run = child.wait();
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);
    assert!(
        run.stderr
            .contains("interrupted: removing what verify created"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("removed SparkApplication/odh-verify-pi-"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("interrupted before it finished"),
        "{}",
        run.stdout
    );
    nothing_left(&env);
}

#[test]
fn nothing_installed_is_reported_as_status_reports_it_and_bad_usage_is_exit_2() {
    let env = Env::kubernetes();
    let status = env.odh().args(["status"]).run().expect_code(1);
    let nothing = env.odh().args(["verify"]).run().expect_code(1);
    assert_eq!(nothing.stderr, status.stderr);
    assert!(
        nothing
            .stderr
            .contains("no odh installation in namespace opendatahub"),
        "{}",
        nothing.stderr
    );
    assert!(nothing.stdout.is_empty());
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
    env.install(&["-p", "core"]).success();
    // The operator starts the dashboard after the DataScienceCluster is Ready.
    assert!(env.cluster.wait_for(Duration::from_secs(30), |tc| {
        tc.get("apps/v1", "Deployment", "opendatahub", "odh-dashboard")
            .is_some_and(|d| d["status"]["availableReplicas"] == 1)
    }));
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
