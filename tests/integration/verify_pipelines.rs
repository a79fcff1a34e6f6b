//! `odh verify` of the pipelines profile: on Kubernetes the API server's health path and (slow)
//! a one-step run that succeeds, fails or never ends, deleted afterwards; on OpenShift the DSPA's
//! health path through its kube-rbac-proxy, and the run skipped with the reason.

use crate::install::Env;
use crate::verify::{check, installed, report, verify};
use odh_testcluster::{AppFault, Options, Platform};

const RUN: &str = "a one-step pipeline run succeeds";
const HEALTH: &str = "API server answers its health path";

#[test]
fn a_one_step_run_succeeds_fails_or_times_out_and_is_deleted() {
    let env = installed("pipelines", &[]);
    let fast = report(&verify(&env, &["-p", "pipelines"]).success());
    let (outcome, evidence) = check(&fast, "kfp", HEALTH);
    assert_eq!(
        (outcome, evidence),
        ("passed", "tag 2.17.0, multi-user false")
    );
    let (outcome, why) = check(&fast, "kfp", RUN);
    assert_eq!((outcome, why), ("skipped", "slow; pass --include-slow"));

    env.cluster.clear_requests();
    let slow = report(&verify(&env, &["-p", "pipelines", "--include-slow"]).success());
    let (outcome, evidence) = check(&slow, "kfp", RUN);
    assert_eq!(outcome, "passed", "{evidence}");
    assert!(evidence.contains("SUCCEEDED"), "{evidence}");
    assert_eq!(env.cluster.pipeline_runs(), 0, "the run is deleted");
    let log = env.cluster.requests();
    let posted: Vec<&str> = log
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/apis/v2beta1/runs"))
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(
        posted,
        ["/api/v1/namespaces/opendatahub/services/ml-pipeline:http/proxy/apis/v2beta1/runs"],
        "through the service proxy"
    );

    env.cluster.fail_app(AppFault::PipelineRunFails);
    let failed = report(&verify(&env, &["-p", "pipelines", "--include-slow"]).expect_code(1));
    let (outcome, evidence) = check(&failed, "kfp", RUN);
    assert_eq!(outcome, "failed");
    assert!(evidence.contains("FAILED: task echo failed"), "{evidence}");
    assert_eq!(
        env.cluster.pipeline_runs(),
        0,
        "a failed run is deleted too"
    );
    env.cluster.heal_app(&AppFault::PipelineRunFails);

    env.cluster.fail_app(AppFault::PipelineRunStuck);
    let stuck = report(
        &verify(
            &env,
            &["-p", "pipelines", "--include-slow", "--timeout", "6s"],
        )
        .expect_code(1),
    );
    let (outcome, evidence) = check(&stuck, "kfp", RUN);
    assert_eq!(outcome, "failed");
    assert!(evidence.contains("still RUNNING"), "{evidence}");
    assert_eq!(
        env.cluster.pipeline_runs(),
        0,
        "a run that never ends is deleted"
    );
    env.cluster.heal_app(&AppFault::PipelineRunStuck);

    // No ready API server behind the Service: the API server's own 503, named.
    env.cluster
        .merge_patch(
            "v1",
            "Service",
            "opendatahub",
            "ml-pipeline",
            &serde_json::json!({"spec": {"selector": {"app": "nothing"}}}),
            None,
        )
        .unwrap();
    let down = report(&verify(&env, &["-p", "pipelines", "--include-slow"]).expect_code(1));
    let (outcome, evidence) = check(&down, "kfp", HEALTH);
    assert_eq!(outcome, "failed");
    assert!(evidence.contains("no endpoints available"), "{evidence}");
    let (outcome, _) = check(&down, "kfp", RUN);
    assert_eq!(
        outcome, "skipped",
        "no run against a server that does not answer"
    );
}

#[test]
fn on_openshift_the_dspa_answers_its_health_path_and_the_run_is_skipped_with_why() {
    let env = Env::new(Options::default().platform(Platform::OpenShift));
    env.install(&["-p", "pipelines"]).success();
    let found = report(&verify(&env, &["-p", "pipelines", "--include-slow"]).success());
    let (outcome, evidence) = check(&found, "dspa", HEALTH);
    assert_eq!(outcome, "passed", "{evidence}");
    let (outcome, why) = check(&found, "dspa", RUN);
    assert_eq!(outcome, "skipped");
    assert!(why.contains("bearer token"), "{why}");
    assert_eq!(env.cluster.pipeline_runs(), 0);
}
