//! `odh diff` on the test cluster: empty after an install, the change of a
//! value or of a hand edit shown as a unified diff, prunes listed, Secret
//! values never shown, and nothing applied.

use crate::check::assert_nothing_applied;
use crate::harness::Run;
use crate::install::Env;
use base64::Engine;
use serde_json::{Value, json};

fn diff(env: &Env, args: &[&str]) -> Run {
    env.odh()
        .args(["diff", "--bundle"])
        .args([env.bundle().as_os_str()])
        .args(args)
        .run()
}

#[test]
fn nothing_to_show_after_an_install_and_creates_before() {
    let env = Env::kubernetes();
    let before = diff(&env, &["-p", "core"]).expect_code(10);
    assert!(
        before
            .stdout
            .contains("create    Namespace/opendatahub (v1)  [odh-namespace]\n"),
        "{}",
        before.stdout
    );
    assert!(
        before
            .stdout
            .contains(" to create, 0 to change, 0 to prune, 0 refused\n")
    );
    assert_nothing_applied(&env);
    env.install(&["-p", "core"]).success();
    env.cluster.clear_requests();
    let after = diff(&env, &["-p", "core"]).success();
    assert_eq!(
        after.stdout,
        "no changes: the cluster matches what install would apply\n"
    );
    let installed = diff(&env, &[]).success();
    assert!(
        installed.stdout.starts_with("no changes"),
        "the installed profiles by default"
    );
    assert_nothing_applied(&env);
}

#[test]
fn a_value_change_shows_each_changed_field_and_each_prune() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    env.cluster.clear_requests();
    let run = diff(&env, &["-p", "core", "--set", "sparkOperator.replicas=2"]).expect_code(10);
    assert!(
        run.stdout.contains("change    Deployment/spark-operator-controller (apps/v1) in opendatahub  [spark-operator]\n--- live\n+++ after install\n@@ "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\n-  replicas: 1\n+  replicas: 2\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("0 to create, 2 to change, 0 to prune, 0 refused\n"),
        "{}",
        run.stdout
    );
    let json: Value = serde_json::from_str(
        &diff(
            &env,
            &[
                "-p",
                "core",
                "--set",
                "jupyterhub.enabled=false",
                "-o",
                "json",
            ],
        )
        .expect_code(10)
        .stdout,
    )
    .unwrap();
    let pruned: Vec<&str> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["action"] == "prune")
        .map(|o| o["object"].as_str().unwrap())
        .collect();
    assert!(
        pruned.contains(&"Deployment/hub (apps/v1) in opendatahub"),
        "{pruned:?}"
    );
    assert!(
        !pruned
            .iter()
            .any(|o| o.starts_with("PersistentVolumeClaim/")),
        "claims holding data are kept: {pruned:?}"
    );
    assert_nothing_applied(&env);
}

#[test]
fn a_hand_edit_shows_as_a_change_or_a_conflict() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    // A removed key comes back...
    env.cluster
        .merge_patch(
            "v1",
            "ConfigMap",
            "opendatahub",
            "s3-config",
            &json!({"data": {"AWS_DEFAULT_REGION": null}}),
            None,
        )
        .unwrap();
    // ...and a field another manager took over is a conflict, with what forcing would change.
    env.cluster
        .merge_patch(
            "apps/v1",
            "Deployment",
            "opendatahub",
            "hub",
            &json!({"spec": {"replicas": 3}}),
            None,
        )
        .unwrap();
    env.cluster.clear_requests();
    let run = diff(&env, &["-p", "core"]).expect_code(10);
    assert!(
        run.stdout
            .contains("change    ConfigMap/s3-config (v1) in opendatahub  [s3]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+  AWS_DEFAULT_REGION: us-east-1\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("conflict  Deployment/hub (apps/v1) in opendatahub  [jupyterhub]\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("-  replicas: 3\n+  replicas: 1\n"),
        "{}",
        run.stdout
    );
    assert_nothing_applied(&env);
}

#[test]
fn secret_values_never_appear_in_a_diff() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    let secret = env
        .get("v1", "Secret", "opendatahub", "hub")
        .expect("the JupyterHub Secret");
    let name = secret["metadata"]["name"].as_str().unwrap().to_string();
    let values: Vec<String> = secret["data"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    env.cluster
        .merge_patch(
            "v1",
            "Secret",
            "opendatahub",
            &name,
            &json!({"data": {"login-password": null}}),
            None,
        )
        .unwrap();
    let run = diff(&env, &["-p", "core"]).expect_code(10);
    assert!(
        run.stdout
            .contains(&format!("change    Secret/{name} (v1) in opendatahub")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+  login-password: (hidden, changes)\n"),
        "{}",
        run.stdout
    );
    for value in &values {
        let plain = base64::engine::general_purpose::STANDARD
            .decode(value)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        assert!(
            !run.stdout.contains(value.as_str()),
            "a base64 value appeared"
        );
        assert!(
            plain.is_empty() || !run.stdout.contains(&plain),
            "a value appeared"
        );
    }
    assert!(!run.stderr.contains(values[0].as_str()));
}

#[test]
fn nothing_to_show_after_an_install_on_openshift() {
    let env = Env::new(odh_testcluster::Options::default().openshift());
    env.install(&["-p", "core,serving"]).success();
    env.cluster.clear_requests();
    let run = diff(&env, &[]).success();
    assert!(run.stdout.starts_with("no changes"), "{}", run.stdout);
    let run = diff(
        &env,
        &[
            "-p",
            "core,serving",
            "--set",
            "operator.installPlanApproval=Manual",
        ],
    )
    .expect_code(10);
    assert!(
        run.stdout.contains("change    Subscription/opendatahub-operator (operators.coreos.com/v1alpha1) in openshift-operators"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("+  installPlanApproval: Manual\n"),
        "{}",
        run.stdout
    );
    assert_nothing_applied(&env);
}
