//! `odh install` against the test cluster: readiness, order, idempotence,
//! faults, failures named, ownership, the lock, pruning and credentials.

use crate::fixtures::{lock_text, stand_ins};
use crate::harness::{Odh, Run, tempdir};
use odh::sources::relative_path;
use odh_testcluster::{Options, Platform, RequestRecord, TestCluster};
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// A test cluster plus a bundle of stand-in remote files (so no network is used).
pub struct Env {
    pub cluster: TestCluster,
    cache: tempfile::TempDir,
    work: tempfile::TempDir,
}

impl Env {
    pub fn new(options: Options) -> Env {
        // The namespace-only user is granted a namespace no test installs into: a grant an
        // administrator made in odh's own namespace would (rightly) keep it at uninstall.
        let cluster = TestCluster::spawn(options.namespaced_user_namespace("odh-team"));
        let work = tempdir();
        let bundle = work.path().join("bundle");
        let files = stand_ins();
        for (url, text) in &files {
            let path = bundle.join(relative_path(url).unwrap());
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(bundle.join("sources.lock"), lock_text(&files)).unwrap();
        std::fs::write(work.path().join("pins.lock"), lock_text(&files)).unwrap();
        Env {
            cluster,
            cache: tempdir(),
            work,
        }
    }

    pub fn kubernetes() -> Env {
        Env::new(Options::default())
    }

    pub fn bundle(&self) -> PathBuf {
        self.work.path().join("bundle")
    }

    /// `odh` pointed at the test cluster, reading remote files from the bundle.
    pub fn odh(&self) -> Odh {
        Odh::new(self.cache.path())
            .args([
                "--kubeconfig".as_ref(),
                self.cluster.kubeconfig_path().as_os_str(),
            ])
            .env("ODH_SOURCE_LOCK", self.work.path().join("pins.lock"))
    }

    pub fn install(&self, args: &[&str]) -> Run {
        let bundle = self.bundle();
        self.odh()
            .args(["install", "--timeout", "60s", "--grace", "3s", "--bundle"])
            .args([bundle.as_os_str()])
            .args(args)
            .run()
    }

    pub fn get(&self, api_version: &str, kind: &str, namespace: &str, name: &str) -> Option<Value> {
        self.cluster.get(api_version, kind, namespace, name)
    }
}

fn writes(requests: &[RequestRecord]) -> Vec<&RequestRecord> {
    requests
        .iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "PATCH") && r.status < 400)
        .filter(|r| {
            !r.path.contains("/selfsubjectaccessreviews")
                && !r.path.contains("/selfsubjectrulesreviews")
        })
        .filter(|r| r.query_param("dryRun").is_none())
        .collect()
}

#[test]
fn core_installs_ready_and_a_second_install_changes_nothing() {
    let env = Env::kubernetes();
    let run = env.install(&["-p", "core"]).success();
    assert!(run.stdout.starts_with("installed: "), "{}", run.stdout);
    let hub = env
        .get("apps/v1", "Deployment", "opendatahub", "hub")
        .expect("hub exists");
    assert_eq!(hub["status"]["availableReplicas"], 1);
    assert_eq!(
        hub["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "odh"
    );
    assert!(
        env.get("v1", "Secret", "opendatahub", "odh-inventory")
            .is_some()
    );
    env.cluster.clear_requests();
    let again = env.install(&["-p", "core"]).success();
    assert!(
        again.stdout.contains(" 0 created, 0 updated,"),
        "{}",
        again.stdout
    );
    let requests = env.cluster.requests();
    let changed: Vec<String> = writes(&requests)
        .into_iter()
        .filter(|r| !r.path.contains("/leases"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        changed.is_empty(),
        "a second install sends no create/update: {changed:?}"
    );
    assert!(
        requests
            .iter()
            .any(|r| r.path.contains("/leases/odh-install-lock")),
        "the lock is taken"
    );
}

#[test]
fn every_profile_and_all_four_install_on_kubernetes() {
    for profiles in [
        "core",
        "monitoring",
        "serving",
        "ai-library",
        "core,monitoring,serving,ai-library",
    ] {
        let env = Env::kubernetes();
        env.install(&["-p", profiles]).success();
    }
    let env = Env::kubernetes();
    env.install(&["-p", "ai-library", "--set", "serving.engine=kserve"])
        .success();
    let isvc = env
        .get(
            "serving.kserve.io/v1beta1",
            "InferenceService",
            "opendatahub",
            "sentiment-analysis",
        )
        .expect("an InferenceService");
    assert!(
        isvc["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["type"] == "Ready" && c["status"] == "True")
    );
}

#[test]
fn every_profile_and_all_four_install_on_openshift() {
    for profiles in [
        "core",
        "monitoring",
        "serving",
        "ai-library",
        "core,monitoring,serving,ai-library",
    ] {
        let env = Env::new(Options::default().platform(Platform::OpenShift));
        let run = env.install(&["-p", profiles]).success();
        assert!(!run.stderr.contains("error"), "{}", run.stderr);
        if profiles == "monitoring" {
            assert!(
                env.get("apps/v1", "Deployment", "odh-monitoring", "grafana")
                    .is_some()
            );
            continue;
        }
        let dsc = env
            .get(
                "datasciencecluster.opendatahub.io/v2",
                "DataScienceCluster",
                "",
                "default-dsc",
            )
            .expect("a DSC");
        assert_eq!(dsc["status"]["phase"], "Ready", "{profiles}");
    }
}

fn first_write(requests: &[RequestRecord], path_part: &str) -> SystemTime {
    writes(requests)
        .into_iter()
        .find(|r| r.path.contains(path_part))
        .unwrap_or_else(|| panic!("no write to {path_part}"))
        .time
}

fn condition_time(object: &Value, type_: &str) -> SystemTime {
    let text = object["status"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == type_)
        .unwrap()["lastTransitionTime"]
        .as_str()
        .unwrap()
        .to_string();
    let ts: k8s_openapi::jiff::Timestamp = text.parse().unwrap();
    SystemTime::UNIX_EPOCH
        + Duration::from_secs(ts.as_second() as u64)
        + Duration::from_nanos(ts.subsec_nanosecond() as u64)
}

#[test]
fn server_log_shows_namespaces_crds_and_webhooks_before_their_dependents() {
    let env = Env::new(
        Options::default()
            .ready_after(Duration::from_millis(600))
            .crd_established_after(Duration::from_millis(600)),
    );
    env.install(&["-p", "ai-library", "--set", "serving.engine=kserve"])
        .success();
    let requests = env.cluster.requests();
    // namespaces before their contents
    assert!(
        first_write(&requests, "/namespaces/opendatahub")
            <= first_write(&requests, "/namespaces/opendatahub/")
    );
    let ns_ready = first_write(&requests, "/api/v1/namespaces/kserve");
    assert!(ns_ready <= first_write(&requests, "/namespaces/kserve/"));
    // CRDs Established before their custom resources (conditions are stamped in whole seconds)
    let crd = env
        .get(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "",
            "inferenceservices.serving.kserve.io",
        )
        .unwrap();
    let established = condition_time(&crd, "Established");
    assert!(established <= first_write(&requests, "/inferenceservices/") + Duration::from_secs(1));
    assert!(
        first_write(
            &requests,
            "/customresourcedefinitions/inferenceservices.serving.kserve.io"
        ) + Duration::from_millis(600)
            <= first_write(&requests, "/inferenceservices/")
    );
    // the webhook configuration only after its Deployment had time to become ready
    let controller = first_write(&requests, "/deployments/kserve-controller-manager");
    let hook = first_write(
        &requests,
        "/validatingwebhookconfigurations/inferenceservice.serving.kserve.io",
    );
    assert!(
        controller + Duration::from_millis(600) <= hook,
        "webhook applied {:?} after the controller",
        hook.duration_since(controller)
    );
}

#[test]
fn openshift_dsci_is_ready_before_the_dsc_is_applied() {
    let env = Env::new(
        Options::default()
            .platform(Platform::OpenShift)
            .ready_after(Duration::from_millis(600)),
    );
    env.install(&["-p", "core"]).success();
    let requests = env.cluster.requests();
    let dsci = first_write(&requests, "/dscinitializations/default-dsci");
    let dsc = first_write(&requests, "/datascienceclusters/default-dsc");
    assert!(
        dsci + Duration::from_millis(600) <= dsc,
        "the DSC waits for the DSCI to be Ready"
    );
    let sub = first_write(&requests, "/subscriptions/opendatahub-operator");
    assert!(sub < dsci);
}

#[test]
fn installs_converge_through_faults_and_cut_watches() {
    let env = Env::new(Options::default().fault_rate(0.1).seed(7));
    env.cluster
        .faults()
        .set_watch_cut_after(Some(Duration::from_millis(700)));
    env.install(&["-p", "core,monitoring"]).success();
    let requests = env.cluster.requests();
    assert!(
        requests.iter().any(|r| r.status >= 429 || r.status == 0),
        "faults were injected"
    );
    env.cluster.faults().clear();
    let again = env.install(&["-p", "core,monitoring"]).success();
    assert!(
        again.stdout.contains(" 0 created, 0 updated,"),
        "{}",
        again.stdout
    );
    let deployments = env.cluster.list("Deployment");
    let mut names: Vec<String> = deployments
        .iter()
        .map(|d| format!("{}/{}", d["metadata"]["namespace"], d["metadata"]["name"]))
        .collect();
    let total = names.len();
    names.dedup();
    assert_eq!(names.len(), total, "no duplicate objects");
}

#[test]
fn a_failing_image_ends_the_install_soon_naming_the_pod() {
    let env = Env::kubernetes();
    let started = std::time::Instant::now();
    let run = env
        .install(&[
            "-p",
            "monitoring",
            "--set",
            "global.imageRegistry=registry.fail-pull.test",
        ])
        .expect_code(1);
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "failed fast, not at the timeout"
    );
    assert!(run.stderr.contains("ImagePullBackOff"), "{}", run.stderr);
    assert!(
        run.stderr.contains("last warning: "),
        "the latest Warning event: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("pod prometheus-") || run.stderr.contains("pod grafana-"),
        "{}",
        run.stderr
    );
}

#[test]
fn timeout_exits_3_naming_every_blocker() {
    let env = Env::new(Options::default().never_ready("prometheus"));
    let bundle = env.bundle();
    let run = env
        .odh()
        .args(["install", "-p", "monitoring", "--timeout", "4s", "--bundle"])
        .args([bundle.as_os_str()])
        .run()
        .expect_code(3);
    assert!(run.stderr.contains("install timed out"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Deployment/prometheus (apps/v1) in odh-monitoring [prometheus]"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_object_odh_does_not_own_is_refused_unless_adopted() {
    let env = Env::kubernetes();
    env.cluster.apply(&serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "odh-monitoring"}})).unwrap();
    env.cluster.apply(&serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "prometheus-config", "namespace": "odh-monitoring"}, "data": {"mine": "yes"}})).unwrap();
    let run = env.install(&["-p", "monitoring"]).expect_code(4);
    assert!(
        run.stderr
            .contains("ConfigMap/prometheus-config (v1) in odh-monitoring"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not managed by odh"), "{}", run.stderr);
    assert!(
        env.get("apps/v1", "Deployment", "odh-monitoring", "prometheus")
            .is_none(),
        "nothing applied"
    );
    env.install(&["-p", "monitoring", "--adopt"]).success();
    let cm = env
        .get("v1", "ConfigMap", "odh-monitoring", "prometheus-config")
        .unwrap();
    assert_eq!(
        cm["metadata"]["labels"]["app.kubernetes.io/managed-by"],
        "odh"
    );
}

#[test]
fn a_field_conflict_names_field_and_manager_until_forced() {
    let env = Env::kubernetes();
    env.install(&["-p", "monitoring"]).success();
    let cm = env
        .get("v1", "ConfigMap", "odh-monitoring", "prometheus-config")
        .unwrap();
    let key = cm["data"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    env.cluster
        .apply(&serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "prometheus-config", "namespace": "odh-monitoring"}, "data": {key.clone(): "changed"}}))
        .unwrap();
    let run = env.install(&["-p", "monitoring"]).expect_code(4);
    assert!(
        run.stderr.contains(&format!(".data.{key}")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"testcluster\""), "{}", run.stderr);
    env.install(&["-p", "monitoring", "--force-conflicts"])
        .success();
    let cm = env
        .get("v1", "ConfigMap", "odh-monitoring", "prometheus-config")
        .unwrap();
    assert_ne!(cm["data"][&key], "changed");
}

#[test]
fn a_second_concurrent_install_is_refused_while_the_lock_is_live() {
    let env = Env::new(Options::default().ready_after(Duration::from_secs(3)));
    let bundle = env.bundle();
    let kubeconfig = env.cluster.kubeconfig_path().to_path_buf();
    let first = std::process::Command::new(env!("CARGO_BIN_EXE_odh"))
        .args(["--kubeconfig".as_ref(), kubeconfig.as_os_str()])
        .args(["install", "-p", "monitoring", "--bundle"])
        .arg(&bundle)
        .env("ODH_CACHE_DIR", tempdir().path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    assert!(
        env.cluster
            .wait_for(Duration::from_secs(20), |c| !c.list("Lease").is_empty()),
        "the first install takes the lock"
    );
    let second = env.install(&["-p", "monitoring"]).expect_code(4);
    assert!(
        second.stderr.contains("another odh install holds the lock"),
        "{}",
        second.stderr
    );
    let status = first.wait_with_output().unwrap().status;
    assert!(status.success(), "the first install finishes");
    assert!(env.cluster.list("Lease").is_empty(), "the lock is released");
}

#[test]
fn kill_9_then_install_again_converges() {
    let env = Env::new(Options::default().ready_after(Duration::from_millis(1500)));
    let bundle = env.bundle();
    let kubeconfig = env.cluster.kubeconfig_path().to_path_buf();
    for delay_ms in [300u64, 1500] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_odh"))
            .args(["--kubeconfig".as_ref(), kubeconfig.as_os_str()])
            .args(["install", "-p", "core,monitoring", "--bundle"])
            .arg(&bundle)
            .env("ODH_SOURCE_LOCK", env.work.path().join("pins.lock"))
            .env("ODH_CACHE_DIR", tempdir().path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    let run = env.install(&["-p", "core,monitoring"]).success();
    assert!(run.stdout.starts_with("installed:"), "{}", run.stdout);
    let inventory = env
        .get("v1", "Secret", "opendatahub", "odh-inventory")
        .unwrap();
    let decoded: Value = {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(inventory["data"]["inventory.json"].as_str().unwrap())
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    assert_eq!(decoded["complete"], true);
    assert_eq!(
        env.get("apps/v1", "Deployment", "odh-monitoring", "grafana")
            .unwrap()["status"]["availableReplicas"],
        1
    );
}

#[test]
fn dropping_a_component_prunes_exactly_its_objects() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    let before: Vec<Value> = env.cluster.list("Deployment");
    let run = env
        .install(&["-p", "core", "--set", "jupyterhub.enabled=false"])
        .success();
    assert!(run.stdout.contains("pruned"), "{}", run.stdout);
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "hub")
            .is_none()
    );
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "proxy")
            .is_none()
    );
    assert!(
        env.get("v1", "Service", "opendatahub", "proxy-public")
            .is_none()
    );
    assert!(
        env.get("v1", "PersistentVolumeClaim", "opendatahub", "hub-db-dir")
            .is_some(),
        "claims with data are kept"
    );
    let after: Vec<Value> = env.cluster.list("Deployment");
    assert_eq!(
        after.len(),
        before.len() - 2,
        "only the hub and the proxy went"
    );
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "minio")
            .is_some()
    );
    // the values stay with the installation: a plain re-install keeps JupyterHub off
    env.install(&["-p", "core"]).success();
    assert!(
        env.get("apps/v1", "Deployment", "opendatahub", "hub")
            .is_none()
    );
}

#[test]
fn generated_credentials_are_random_kept_and_never_printed() {
    use base64::Engine;
    let env = Env::kubernetes();
    let first = env.install(&["-p", "core,monitoring", "-v"]).success();
    let secret = env
        .get("v1", "Secret", "odh-monitoring", "grafana-admin")
        .unwrap();
    let keys = secret["metadata"]["annotations"]["opendatahub.io/odh-generated-keys"]
        .as_str()
        .unwrap()
        .to_string();
    let mut values = Vec::new();
    for key in keys.split(',') {
        let encoded = secret["data"][key.trim()].as_str().unwrap().to_string();
        let plain = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(&encoded)
                .unwrap(),
        )
        .unwrap();
        assert!(plain.len() >= 16, "a real random value");
        values.push((encoded, plain));
    }
    let second = env
        .install(&["-p", "core,monitoring", "-v", "-o", "json"])
        .success();
    let again = env
        .get("v1", "Secret", "odh-monitoring", "grafana-admin")
        .unwrap();
    for (encoded, plain) in &values {
        assert!(
            again["data"]
                .as_object()
                .unwrap()
                .values()
                .any(|v| v == encoded.as_str()),
            "kept on re-install"
        );
        for out in [&first.stdout, &first.stderr, &second.stdout, &second.stderr] {
            assert!(
                !out.contains(plain.as_str()) && !out.contains(encoded.as_str()),
                "never printed"
            );
        }
    }
    let other = Env::kubernetes();
    other.install(&["-p", "monitoring"]).success();
    let elsewhere = other
        .get("v1", "Secret", "odh-monitoring", "grafana-admin")
        .unwrap();
    assert_ne!(elsewhere["data"], secret["data"], "random per installation");
}

#[test]
fn install_without_profile_off_a_terminal_is_exit_2() {
    let env = Env::kubernetes();
    let run = env.odh().args(["install"]).run().expect_code(2);
    assert!(run.stderr.contains("no profile given"), "{}", run.stderr);
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let env = Env::kubernetes();
    let bundle = env.bundle();
    let run = env
        .odh()
        .args(["install", "-p", "core", "--dry-run", "--bundle"])
        .args([bundle.as_os_str()])
        .run()
        .success();
    assert!(
        run.stdout.starts_with("wave 1: namespaces"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("Deployment/hub (apps/v1) in opendatahub [create], wait: ready"),
        "{}",
        run.stdout
    );
    assert!(
        env.get("v1", "Namespace", "", "opendatahub").is_none(),
        "nothing applied"
    );
    env.install(&["-p", "core"]).success();
    let run = env
        .odh()
        .args([
            "install",
            "-p",
            "core",
            "--dry-run",
            "--set",
            "s3.bucket=other",
            "--bundle",
        ])
        .args([bundle.as_os_str()])
        .run()
        .success();
    assert!(run.stdout.contains("[update]"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("Deployment/hub (apps/v1) in opendatahub [unchanged]"),
        "{}",
        run.stdout
    );
}
