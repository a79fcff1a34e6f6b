//! `odh verify --include-slow`: SparkPi and a notebook server, passing and failing, removed
//! afterwards; and Ctrl-C, after which everything verify made is removed too.

use crate::verify::{check, installed, nothing_left, report, verify};
use odh_testcluster::AppFault;
use std::time::Duration;

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
        .start();
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
