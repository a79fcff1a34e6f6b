//! `odh uninstall` against the test cluster: every profile on both platforms
//! down to nothing of odh's, in safe order; stuck finalizers named; users'
//! objects and adopted namespaces left alone; faults; crashes; re-runs.

use crate::harness::Run;
use crate::install::Env;
use odh_testcluster::{Options, Platform, RequestRecord};
use serde_json::{Value, json};
use std::time::Duration;

/// Every object in the cluster that carries odh's ownership (label or annotation).
pub fn odh_objects(env: &Env) -> Vec<String> {
    let mut out: Vec<String> = env
        .cluster
        .all_objects()
        .iter()
        .filter(|o| {
            let marker = |key: &str| {
                o["metadata"]["labels"][key]
                    .as_str()
                    .or(o["metadata"]["annotations"][key].as_str())
            };
            marker("app.kubernetes.io/managed-by") == Some("odh")
                || marker("applyset.kubernetes.io/part-of").is_some()
        })
        // Dependents go with their owner (the garbage collector runs after the owner is gone).
        .filter(|o| {
            o["metadata"]["ownerReferences"]
                .as_array()
                .is_none_or(|r| r.is_empty())
        })
        .map(|o| {
            format!(
                "{}/{} {}",
                o["kind"].as_str().unwrap_or(""),
                o["metadata"]["name"].as_str().unwrap_or(""),
                o["metadata"]["namespace"].as_str().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

pub(crate) fn uninstall(env: &Env, args: &[&str]) -> Run {
    env.odh()
        .args(["uninstall", "--timeout", "60s"])
        .args(args)
        .run()
}

/// The position of the first DELETE whose path ends with `suffix`.
pub fn deleted_at(log: &[RequestRecord], suffix: &str) -> usize {
    log.iter()
        .position(|r| r.method == "DELETE" && r.path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no DELETE of {suffix}"))
}

pub(crate) fn case(platform: Platform, args: &[&str]) {
    let env = Env::new(Options::default().platform(platform));
    let name = format!("{platform} {args:?}");
    env.install(args).success();
    env.cluster.clear_requests();
    let plain = uninstall(&env, &[]).success();
    assert!(
        plain.stdout.starts_with("uninstalled: "),
        "{name}: {}",
        plain.stdout
    );
    // Without purge, only the data (and what opens it) and the record of it stay odh's.
    let keys: Vec<String> = env
        .cluster
        .all_objects()
        .iter()
        .filter(|o| o["metadata"]["annotations"]["opendatahub.io/odh-keep"] == "data")
        .map(|o| {
            format!(
                "{}/{} {}",
                o["kind"].as_str().unwrap_or(""),
                o["metadata"]["name"].as_str().unwrap_or(""),
                o["metadata"]["namespace"].as_str().unwrap_or("")
            )
        })
        .collect();
    for left in odh_objects(&env) {
        assert!(
            keys.contains(&left)
                || left.starts_with("PersistentVolumeClaim/")
                // A bucket's claim is kept like a volume's.
                || left.starts_with("ObjectBucketClaim/")
                || left.starts_with("Namespace/")
                || left.starts_with("Secret/odh-inventory ")
                || left.starts_with("CustomResourceDefinition/"),
            "{name}: {left} stays after a plain uninstall"
        );
    }
    let log = env.cluster.requests();
    check_order(&name, &log);
    uninstall(&env, &["--purge"]).success();
    let left = odh_objects(&env);
    assert!(left.is_empty(), "{name}: after --purge: {left:?}");
    let again = uninstall(&env, &[]).success();
    assert!(
        again.stderr.contains("nothing installed"),
        "{name}: {}",
        again.stderr
    );
}

/// DESIGN §5: custom resources before the controllers that clear them,
/// webhooks before their services, namespaces last; DSC → DSCI → Subscription → CSV.
fn check_order(name: &str, log: &[RequestRecord]) {
    let deletes: Vec<&RequestRecord> = log.iter().filter(|r| r.method == "DELETE").collect();
    let last_namespace = deletes
        .iter()
        .rposition(|r| r.path.contains("/api/v1/namespaces/") && r.path.matches('/').count() == 4);
    if let Some(ns) = last_namespace {
        let first_ns = deletes
            .iter()
            .position(|r| {
                r.path.starts_with("/api/v1/namespaces/") && r.path.matches('/').count() == 4
            })
            .unwrap();
        assert!(
            deletes[first_ns..=ns]
                .iter()
                .all(|r| r.path.starts_with("/api/v1/namespaces/")
                    && r.path.matches('/').count() == 4),
            "{name}: namespaces go last: {:?}",
            deletes.iter().map(|r| &r.path).collect::<Vec<_>>()
        );
    }
    let has = |suffix: &str| {
        log.iter()
            .any(|r| r.method == "DELETE" && r.path.ends_with(suffix))
    };
    let before = |a: &str, b: &str| {
        if has(a) && has(b) {
            assert!(
                deleted_at(log, a) < deleted_at(log, b),
                "{name}: {a} before {b}"
            );
        }
    };
    before(
        "/seldondeployments/sentiment-analysis",
        "/deployments/seldon-controller-manager",
    );
    before(
        "/inferenceservices/sentiment-analysis",
        "/deployments/kserve-controller-manager",
    );
    before(
        "/validatingwebhookconfigurations/spark-operator-webhook",
        "/services/spark-operator-webhook",
    );
    before(
        "/datascienceclusters/default-dsc",
        "/dscinitializations/default-dsci",
    );
    before(
        "/dscinitializations/default-dsci",
        "/subscriptions/opendatahub-operator",
    );
    before(
        "/subscriptions/opendatahub-operator",
        "/clusterserviceversions/opendatahub-operator.v3.5.0",
    );
}

#[test]
fn every_profile_uninstalls_in_safe_order_down_to_nothing_of_odh_s_on_kubernetes() {
    let cases: Vec<Vec<&str>> = vec![
        vec!["-p", "core"],
        vec!["-p", "monitoring"],
        vec!["-p", "serving,ai-library"],
        vec!["-p", "ai-library", "--set", "serving.engine=kserve"],
    ];
    std::thread::scope(|s| {
        for args in &cases {
            s.spawn(move || case(Platform::Kubernetes, args));
        }
    });
}

#[test]
fn every_profile_uninstalls_in_safe_order_down_to_nothing_of_odh_s_on_openshift() {
    let cases: Vec<Vec<&str>> = vec![
        vec!["-p", "core"],
        vec!["-p", "monitoring"],
        vec!["-p", "ai-library"],
    ];
    std::thread::scope(|s| {
        for args in &cases {
            s.spawn(move || case(Platform::OpenShift, args));
        }
    });
}

#[test]
fn a_stuck_finalizer_times_out_naming_the_object_and_its_finalizer() {
    let env = Env::new(Options::default().stuck_finalizer("ConfigMap/grafana-datasources"));
    env.install(&["-p", "monitoring"]).success();
    let run = env
        .odh()
        .args(["uninstall", "--timeout", "3s"])
        .run()
        .expect_code(3);
    assert!(
        run.stderr.contains("uninstall timed out after"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "ConfigMap/grafana-datasources (v1) in odh-monitoring [grafana]: finalizer test.odh/stuck: no controller odh knows clears it"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not started"),
        "the namespace waits: {}",
        run.stderr
    );
    // Nothing of odh's is lost track of: status reports the unfinished removal.
    let status = env.odh().args(["status"]).run().expect_code(5);
    assert!(
        status.stderr.contains("an uninstall did not finish"),
        "{}",
        status.stderr
    );
    env.cluster
        .remove_finalizer(
            "v1",
            "ConfigMap",
            "odh-monitoring",
            "grafana-datasources",
            odh_testcluster::STUCK_FINALIZER,
        )
        .unwrap();
    uninstall(&env, &["--purge"]).success();
    assert!(odh_objects(&env).is_empty());
}

#[test]
fn a_finalizer_names_its_controller_and_orphaned_ones_go_only_when_asked() {
    let env = Env::kubernetes();
    env.install(&["-p", "monitoring"]).success();
    // A finalizer KServe would clear, on an object whose controller is not installed at all.
    env.cluster
        .merge_patch(
            "v1",
            "ConfigMap",
            "odh-monitoring",
            "grafana-datasources",
            &json!({"metadata": {"finalizers": ["inferenceservice.finalizers"]}}),
            None,
        )
        .unwrap();
    let run = env
        .odh()
        .args(["uninstall", "--timeout", "3s"])
        .run()
        .expect_code(3);
    assert!(
        run.stderr.contains(
            "finalizer inferenceservice.finalizers: cleared by Deployment kserve-controller-manager, which is gone (--remove-orphaned-finalizers removes it)"
        ),
        "{}",
        run.stderr
    );
    uninstall(&env, &["--remove-orphaned-finalizers"]).success();
    assert!(
        env.get("v1", "ConfigMap", "odh-monitoring", "grafana-datasources")
            .is_none()
    );
}

#[test]
fn inference_services_go_while_kserve_runs_and_its_children_are_never_odh_s() {
    let env = Env::kubernetes();
    env.install(&["-p", "ai-library", "--set", "serving.engine=kserve"])
        .success();
    let isvc = env
        .get(
            "serving.kserve.io/v1beta1",
            "InferenceService",
            "opendatahub",
            "flake-analysis",
        )
        .unwrap();
    assert_eq!(
        isvc["metadata"]["finalizers"],
        json!(["inferenceservice.finalizers"])
    );
    let child = env
        .get(
            "apps/v1",
            "Deployment",
            "opendatahub",
            "flake-analysis-predictor",
        )
        .unwrap();
    let labels = &child["metadata"]["labels"];
    assert!(
        labels["applyset.kubernetes.io/part-of"].is_null(),
        "KServe copies labels: {labels}"
    );
    assert!(labels["app.kubernetes.io/managed-by"].is_null(), "{labels}");
    // Status counts only what odh applied.
    let status = env.odh().args(["status", "-o", "json"]).run().success();
    let report: Value = serde_json::from_str(&status.stdout).unwrap();
    let objects: Vec<&str> = report["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["object"].as_str().unwrap())
        .collect();
    assert!(
        !objects.iter().any(|o| o.contains("-predictor")),
        "{objects:?}"
    );
    uninstall(&env, &[]).success();
    assert!(
        env.get(
            "serving.kserve.io/v1beta1",
            "InferenceService",
            "opendatahub",
            "flake-analysis"
        )
        .is_none()
    );
}

#[test]
fn users_objects_survive_with_and_without_purge_and_an_adopted_namespace_is_given_back() {
    let env = Env::kubernetes();
    env.cluster
        .apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "spark-jobs", "labels": {"team": "data"}}}))
        .unwrap();
    env.install(&["-p", "core"]).expect_code(4);
    env.install(&["-p", "core", "--adopt"]).success();
    let mine = [
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "notes", "namespace": "opendatahub"}, "data": {"a": "b"}}),
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "token", "namespace": "opendatahub"}, "stringData": {"t": "x"}}),
        json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "scratch", "namespace": "opendatahub"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
        json!({"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "spark-jobs"},
            "spec": {"schedule": "0 1 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never",
                "containers": [{"name": "c", "image": "busybox:1.36"}]}}}}}}),
    ];
    for object in &mine {
        env.cluster.apply(object).unwrap();
    }
    let still_there = |env: &Env| {
        for o in &mine {
            let ns = o["metadata"]["namespace"].as_str().unwrap();
            let name = o["metadata"]["name"].as_str().unwrap();
            assert!(
                env.get(
                    o["apiVersion"].as_str().unwrap(),
                    o["kind"].as_str().unwrap(),
                    ns,
                    name
                )
                .is_some(),
                "{} {name} survives",
                o["kind"]
            );
        }
    };
    let plain = uninstall(&env, &[]).success();
    still_there(&env);
    let spark_jobs = env
        .get("v1", "Namespace", "", "spark-jobs")
        .expect("an adopted namespace stays");
    assert_eq!(spark_jobs["metadata"]["labels"]["team"], "data");
    assert!(
        spark_jobs["metadata"]["labels"]["app.kubernetes.io/managed-by"].is_null(),
        "given back: {spark_jobs}"
    );
    assert!(
        plain.stderr.contains("gave back Namespace/spark-jobs"),
        "{}",
        plain.stderr
    );
    assert!(
        plain
            .stderr
            .contains("kept Namespace/opendatahub (v1): holds kept data"),
        "{}",
        plain.stderr
    );
    let purge = uninstall(&env, &["--purge"]).success();
    still_there(&env);
    assert!(
        purge.stderr.contains("kept Namespace/opendatahub (v1): holds ConfigMap/notes, PersistentVolumeClaim/scratch, Secret/token, which odh does not manage"),
        "{}",
        purge.stderr
    );
    assert!(
        env.get("v1", "PersistentVolumeClaim", "opendatahub", "hub-db-dir")
            .is_none(),
        "odh's claim goes with --purge"
    );
    let odh_ns = env
        .get("v1", "Namespace", "", "opendatahub")
        .expect("kept: it holds the user's objects");
    assert!(
        odh_ns["metadata"]["labels"]["app.kubernetes.io/managed-by"].is_null(),
        "{odh_ns}"
    );
    assert!(odh_objects(&env).is_empty(), "{:?}", odh_objects(&env));
}

#[test]
fn a_namespace_odh_made_keeps_a_users_object_of_any_kind() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    env.cluster
        .apply(&json!({"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication",
            "metadata": {"name": "pi", "namespace": "spark-jobs"}, "spec": {"type": "Scala", "mode": "cluster"}}))
        .unwrap();
    env.cluster
        .apply(&json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": "mine", "namespace": "opendatahub"}, "spec": {}}))
        .unwrap();
    let run = uninstall(&env, &[]).success();
    assert!(
        env.get(
            "sparkoperator.k8s.io/v1beta2",
            "SparkApplication",
            "spark-jobs",
            "pi"
        )
        .is_some()
    );
    assert!(env.get("v1", "Namespace", "", "spark-jobs").is_some());
    assert!(
        run.stderr.contains(
            "kept Namespace/spark-jobs (v1): holds SparkApplication/pi, which odh does not manage"
        ),
        "{}",
        run.stderr
    );
    assert!(
        env.get("coordination.k8s.io/v1", "Lease", "opendatahub", "mine")
            .is_some()
    );
    let purge = uninstall(&env, &["--purge"]).success();
    assert!(
        purge.stderr.contains(
            "kept Namespace/opendatahub (v1): holds Lease/mine, which odh does not manage"
        ),
        "{}",
        purge.stderr
    );
}

#[test]
fn uninstall_converges_with_ten_percent_of_requests_failing() {
    std::thread::scope(|s| {
        for seed in [3, 7, 11] {
            s.spawn(move || {
                let env = Env::kubernetes();
                env.install(&["-p", "core,monitoring"]).success();
                env.cluster.faults().set_seed(seed);
                env.cluster.faults().set_error_rate(0.1);
                let run = uninstall(&env, &["--purge"]);
                env.cluster.faults().set_error_rate(0.0);
                run.success();
                assert!(
                    odh_objects(&env).is_empty(),
                    "seed {seed}: {:?}",
                    odh_objects(&env)
                );
            });
        }
    });
}

#[test]
fn a_monitoring_only_install_records_the_namespace_it_made() {
    let env = Env::kubernetes();
    env.install(&["-p", "monitoring", "--set", "prometheus.persistence=false"])
        .success();
    assert!(
        env.get("v1", "Namespace", "", "opendatahub").is_some(),
        "the inventory's namespace"
    );
    uninstall(&env, &["--purge"]).success();
    assert!(
        env.cluster.wait_for(Duration::from_secs(10), |c| c
            .get("v1", "Namespace", "", "opendatahub")
            .is_none()),
        "{:?}",
        odh_objects(&env)
    );
    assert!(odh_objects(&env).is_empty());
}

#[test]
fn an_install_killed_early_leaves_nothing_uninstall_cannot_find() {
    let env = Env::new(Options::default().latency(Duration::from_millis(30)));
    let bundle = env.bundle();
    let mut child = env
        .odh()
        .args(["install", "-p", "core", "--bundle"])
        .args([bundle.as_os_str()])
        .spawn();
    assert!(env.cluster.wait_for(Duration::from_secs(30), |c| {
        c.get("v1", "Namespace", "", "opendatahub").is_some()
    }));
    child.kill().unwrap();
    child.wait().unwrap();
    uninstall(&env, &["--purge"]).success();
    assert!(env.cluster.wait_for(Duration::from_secs(10), |c| {
        c.get("v1", "Namespace", "", "opendatahub").is_none()
    }));
    assert!(odh_objects(&env).is_empty(), "{:?}", odh_objects(&env));
}

#[test]
fn removing_a_profile_that_another_requires_is_refused() {
    let env = Env::kubernetes();
    env.install(&["-p", "serving"]).success();
    env.cluster.clear_requests();
    let run = uninstall(&env, &["-p", "core"]).expect_code(4);
    assert!(
        run.stderr.contains("the installed profile serving requires core; remove both with `odh uninstall -p core,serving`"),
        "{}",
        run.stderr
    );
    assert!(
        !env.cluster.requests().iter().any(|r| r.method == "DELETE"),
        "nothing changed"
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
