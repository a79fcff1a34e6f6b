//! The hooks a benchmark drives the binary with: `--request-log FILE` (one JSON line per
//! request) and `--ready-after-for` (a readiness delay per object, by name glob), and the same
//! through `Options`.

use odh_testcluster::{Options, TestCluster};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn deployment(name: &str) -> Value {
    json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "c", "image": "nginx:1.27"}]}}}})
}

fn available(tc: &TestCluster, name: &str) -> bool {
    tc.get("apps/v1", "Deployment", "default", name)
        .is_some_and(|d| d["status"]["availableReplicas"] == 1)
}

#[test]
fn each_object_can_have_its_own_readiness_delay() {
    let tc = TestCluster::spawn(
        Options::default()
            .ready_after(Duration::from_millis(100))
            .ready_after_for("Deployment/slow-*", Duration::from_secs(3)),
    );
    tc.apply(&deployment("fast")).unwrap();
    tc.apply(&deployment("slow-one")).unwrap();
    assert!(tc.wait_for(Duration::from_secs(10), |tc| available(tc, "fast")));
    assert!(
        !available(&tc, "slow-one"),
        "the glob matches the pod's Deployment"
    );
    assert!(tc.wait_for(Duration::from_secs(15), |tc| available(tc, "slow-one")));
}

#[test]
fn the_binary_logs_requests_and_takes_per_object_delays() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("requests.jsonl");
    let kc = dir.path().join("kubeconfig");
    let mut child = Command::new(env!("CARGO_BIN_EXE_odh-testcluster"))
        .args([
            "--kubeconfig-out",
            kc.to_str().unwrap(),
            "--request-log",
            log.to_str().unwrap(),
        ])
        .args(["--ready-after-ms", "100", "--ready-after-for", "slow*=3s"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let cache = tempfile::tempdir().unwrap();
    let kubectl = |args: &[&str]| {
        Command::new("kubectl")
            .arg("--kubeconfig")
            .arg(&kc)
            .arg("--cache-dir")
            .arg(cache.path())
            .args(args)
            .output()
            .expect("kubectl on PATH")
    };
    for name in ["fast", "slow"] {
        assert!(
            kubectl(&["create", "deployment", name, "--image=nginx:1.27"])
                .status
                .success()
        );
    }
    let started = Instant::now();
    let out = kubectl(&["rollout", "status", "deployment/fast", "--timeout=20s"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kubectl(&[
        "get",
        "deployment",
        "slow",
        "-o",
        "jsonpath={.status.availableReplicas}",
    ]);
    if started.elapsed() < Duration::from_secs(2) {
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "",
            "slow is not ready yet"
        );
    }
    let out = kubectl(&["rollout", "status", "deployment/slow", "--timeout=20s"]);
    assert!(out.status.success());
    child.kill().unwrap();
    child.wait().unwrap();

    let lines: Vec<Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert!(lines.len() > 5, "{lines:?}");
    for l in &lines {
        for key in [
            "time",
            "user",
            "method",
            "verb",
            "path",
            "query",
            "content_type",
            "status",
            "duration_ms",
        ] {
            assert!(l.get(key).is_some(), "{key} in {l}");
        }
    }
    let creates: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["method"] == "POST" && l["path"] == "/apis/apps/v1/namespaces/default/deployments"
        })
        .collect();
    assert_eq!(creates.len(), 2);
    assert_eq!(creates[0]["status"], 201);
    assert_eq!(creates[0]["user"], "odh-test-admin");
    assert_eq!(
        creates[0]["content_type"],
        "application/vnd.kubernetes.protobuf"
    );
    assert!(creates[0]["duration_ms"].as_f64().unwrap() >= 0.0);
}

#[test]
fn a_bad_delay_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_odh-testcluster"))
        .args([
            "--kubeconfig-out",
            dir.path().join("kc").to_str().unwrap(),
            "--ready-after-for",
            "hub=3",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"3\" has no unit: write it as 250ms, 3s or 2m"),
        "{err}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_odh-testcluster"))
        .args(["--kubeconfig-out", dir.path().join("kc").to_str().unwrap()])
        .args([
            "--request-log",
            dir.path().join("missing/dir/log").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("opening the request log"));
}
