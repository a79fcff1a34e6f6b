//! `odh status` against the test cluster: healthy after install, the reason
//! install gave for a failing pod, objects deleted or edited by hand, the
//! `--wait` barrier, `--watch`, and "nothing installed".

use crate::install::Env;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::time::Duration;

#[test]
fn healthy_after_install_then_missing_and_drifted_after_hand_edits() {
    let env = Env::kubernetes();
    env.install(&["-p", "core,monitoring"]).success();
    let run = env.odh().args(["status"]).run().success();
    assert!(
        run.stdout.starts_with("core, monitoring installed by odh "),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("components ready\n\nPROFILE"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("jupyterhub"), "{}", run.stdout);
    assert!(!run.stdout.contains("not ready:"), "{}", run.stdout);
    let json = env
        .odh()
        .args(["status", "-p", "monitoring", "-o", "json"])
        .run()
        .success();
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["healthy"], true);
    let objects = report["objects"].as_array().unwrap();
    assert!(
        objects
            .iter()
            .all(|o| o["profile"] == "monitoring" && o["state"] == "Current"),
        "{objects:?}"
    );
    let grafana = report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "grafana")
        .unwrap();
    assert!(
        grafana["version"].as_str().unwrap().contains("13.0.2"),
        "{grafana}"
    );
    assert_eq!(grafana["ready"], grafana["total"]);

    // A field odh set, changed by someone else: drifted, still healthy.
    env.cluster
        .merge_patch(
            "v1",
            "ConfigMap",
            "odh-monitoring",
            "prometheus-config",
            &json!({"data": {"prometheus.yml": "global: {}\n"}}),
            None,
        )
        .unwrap();
    let run = env.odh().args(["status"]).run().success();
    assert!(
        run.stdout.contains("drifted since install:\n  ConfigMap/prometheus-config (v1) in odh-monitoring [prometheus]: fields odh applied were changed since install (now managed by testcluster)"),
        "{}",
        run.stdout
    );
    // A re-install meets the other manager's field; taking it over puts it back.
    let refused = env.install(&["-p", "monitoring"]).expect_code(4);
    assert!(
        refused
            .stderr
            .contains("field .data.prometheus.yml is owned by field manager \"testcluster\""),
        "{}",
        refused.stderr
    );
    env.install(&["-p", "monitoring", "--force-conflicts"])
        .success();
    let run = env.odh().args(["status"]).run().success();
    assert!(!run.stdout.contains("drifted"), "{}", run.stdout);

    // Deleted by hand: missing, unhealthy, named.
    env.cluster
        .delete("apps/v1", "Deployment", "odh-monitoring", "grafana")
        .unwrap();
    let run = env.odh().args(["status"]).run().expect_code(1);
    assert!(
        run.stdout
            .contains("Deployment/grafana (apps/v1) in odh-monitoring [grafana]: Missing:"),
        "{}",
        run.stdout
    );
    let run = env
        .odh()
        .args(["status", "--wait", "--timeout", "2s"])
        .run()
        .expect_code(3);
    assert!(run.stdout.contains("Missing"), "{}", run.stdout);
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
}

#[test]
fn a_failing_pod_is_named_as_install_named_it() {
    let env = Env::kubernetes();
    let install = env
        .install(&[
            "-p",
            "monitoring",
            "--set",
            "global.imageRegistry=registry.fail-pull.test",
        ])
        .expect_code(1);
    let reason = install
        .stderr
        .lines()
        .find_map(|l| {
            l.split_once("]: pod ")
                .map(|(_, rest)| format!("pod {rest}"))
        })
        .unwrap_or_else(|| panic!("install names the pod: {}", install.stderr));
    let reason = reason.split("; last warning").next().unwrap().to_string();
    assert!(
        reason.contains("ImagePullBackOff") || reason.contains("ErrImagePull"),
        "{reason}"
    );
    let status = env.odh().args(["status"]).run().expect_code(1);
    assert!(
        status.stdout.contains(&reason),
        "install said {reason:?}; status:\n{}",
        status.stdout
    );
    assert!(!status.stdout.contains("old replica"), "{}", status.stdout);
}

#[test]
fn nothing_installed_names_what_an_uninstall_kept() {
    let env = Env::kubernetes();
    let run = env.odh().args(["status"]).run().expect_code(5);
    assert!(
        run.stderr
            .contains("nothing installed: no odh installation in namespace opendatahub"),
        "{}",
        run.stderr
    );
    env.install(&["-p", "core"]).success();
    env.odh().args(["uninstall"]).run().success();
    let run = env.odh().args(["status"]).run().expect_code(5);
    assert!(
        run.stderr
            .contains("nothing installed in namespace opendatahub, "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("PersistentVolumeClaim/hub-db-dir"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`odh uninstall --purge` deletes them"),
        "{}",
        run.stderr
    );
    let json = env
        .odh()
        .args(["status", "-o", "json"])
        .run()
        .expect_code(5);
    let value: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["installed"], false);
    assert!(
        value["kept"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k.as_str().unwrap().contains("hub-db-dir"))
    );
    // A second plain uninstall changes nothing; --purge removes the rest.
    env.odh().args(["uninstall"]).run().success();
    assert!(
        env.get("v1", "PersistentVolumeClaim", "opendatahub", "hub-db-dir")
            .is_some()
    );
    env.odh().args(["uninstall", "--purge"]).run().success();
    let run = env.odh().args(["status"]).run().expect_code(5);
    assert!(run.stderr.contains("no odh installation"), "{}", run.stderr);
}

#[test]
fn watch_prints_a_line_when_something_changes() {
    let env = Env::kubernetes();
    env.install(&["-p", "monitoring"]).success();
    let mut child = env.odh().args(["status", "--watch"]).piped().spawn();
    let pid = child.id().to_string();
    std::thread::spawn(move || {
        // A watch that never reports must not hang the test run.
        std::thread::sleep(Duration::from_secs(60));
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The first report comes at once.
    let first = lines.next().unwrap().unwrap();
    assert!(first.starts_with("monitoring installed"), "{first}");
    std::thread::sleep(Duration::from_millis(500));
    env.cluster
        .delete("apps/v1", "Deployment", "odh-monitoring", "grafana")
        .unwrap();
    let mut seen = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("Deployment/grafana (apps/v1) in odh-monitoring [grafana]: Missing") {
            seen = Some(line);
            break;
        }
    }
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert!(seen.is_some(), "the watch reports the deletion");
    assert_eq!(status.code(), Some(1), "unhealthy at the end");
}
