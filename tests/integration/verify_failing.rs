//! `odh verify` failing: each check fails, with evidence and a hint, when the program behind it
//! misbehaves in the test cluster.

use crate::verify::{ALL, failing, installed};
use odh_testcluster::AppFault;
use std::time::Duration;

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
