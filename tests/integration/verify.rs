//! `odh verify` against the test cluster: every check passing on a fresh install, no secret in
//! the output, nothing left behind, requests only through the service proxy. The failing
//! variants, the slow checks and the other platforms are in `verify_failing`, `verify_slow` and
//! `verify_platforms`; the helpers here serve all four.

use crate::harness::Run;
use crate::install::Env;
use base64::Engine;
use serde_json::Value;
pub const ALL: &str = "core,monitoring,serving,ai-library";

pub fn verify(env: &Env, args: &[&str]) -> Run {
    env.odh().args(["verify", "-o", "json"]).args(args).run()
}

pub fn report(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "verify -o json is JSON ({e}): {}\nstderr: {}",
            run.stdout, run.stderr
        )
    })
}

/// The outcome and evidence of the check named `name` of `component`.
#[track_caller]
pub fn check<'a>(report: &'a Value, component: &str, name: &str) -> (&'a str, &'a str) {
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

pub fn installed(profiles: &str, extra: &[&str]) -> Env {
    let env = Env::kubernetes();
    let mut args = vec!["-p", profiles];
    args.extend_from_slice(extra);
    env.install(&args).success();
    env
}

/// Runs verify with a failure switched on and returns the named check.
#[track_caller]
pub fn failing(env: &Env, component: &str, name: &str) -> (String, String) {
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

/// Nothing verify made is left: no SparkApplication, no notebook pod, no claim.
#[track_caller]
pub fn nothing_left(env: &Env) {
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
