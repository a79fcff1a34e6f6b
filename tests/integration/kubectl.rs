//! The real kubectl, with its default flags, against the test cluster: it
//! server-side applies every profile `odh render` produces (the committed
//! snapshots), waits for Deployments, deletes them and waits for deletion.

use crate::harness::{repo_root, tempdir};
use odh_testcluster::{Options, Platform, TestCluster};
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn kubectl(cluster: &TestCluster, cache: &Path, args: &[&str]) -> Output {
    Command::new("kubectl")
        .arg("--kubeconfig")
        .arg(cluster.kubeconfig_path())
        .arg("--cache-dir")
        .arg(cache)
        .args(args)
        .output()
        .expect("kubectl is on PATH")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Applies until every document is accepted: custom resources whose CRD an
/// operator creates (OLM, the Seldon operator) succeed on a later pass.
fn apply_until_accepted(cluster: &TestCluster, cache: &Path, file: &Path) {
    let started = Instant::now();
    loop {
        let out = kubectl(
            cluster,
            cache,
            &[
                "apply",
                "--server-side",
                "--field-manager",
                "kubectl-test",
                "-f",
                file.to_str().unwrap(),
            ],
        );
        if out.status.success() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "kubectl apply of {}: {}",
            file.display(),
            text(&out)
        );
        std::thread::sleep(Duration::from_millis(500));
        // a fresh discovery cache so kinds created meanwhile are seen
        let _ = std::fs::remove_dir_all(cache.join("discovery"));
    }
}

#[test]
fn kubectl_applies_waits_for_and_deletes_every_rendered_profile() {
    for (name, _) in crate::render::CASES {
        let platform = if name.ends_with("openshift") {
            Platform::OpenShift
        } else {
            Platform::Kubernetes
        };
        let cluster = TestCluster::spawn(Options::default().platform(platform));
        let cache = tempdir();
        let file = repo_root()
            .join("tests/snapshots/render")
            .join(format!("{name}.yaml"));
        let out = kubectl(&cluster, cache.path(), &["api-resources"]);
        assert!(
            out.status.success() && text(&out).contains("deployments"),
            "{name}: {}",
            text(&out)
        );
        apply_until_accepted(&cluster, cache.path(), &file);
        let out = kubectl(
            &cluster,
            cache.path(),
            &["get", "deployments", "-A", "-o", "name"],
        );
        assert!(out.status.success(), "{name}: {}", text(&out));
        let deployments = String::from_utf8_lossy(&out.stdout).lines().count();
        assert!(deployments > 0, "{name}: some Deployments");
        for ns in ["opendatahub", "odh-monitoring"] {
            let out = kubectl(
                &cluster,
                cache.path(),
                &["get", "deployments", "-n", ns, "-o", "name"],
            );
            if String::from_utf8_lossy(&out.stdout).trim().is_empty() {
                continue;
            }
            let out = kubectl(
                &cluster,
                cache.path(),
                &[
                    "wait",
                    "--for=condition=Available",
                    "deployment",
                    "--all",
                    "-n",
                    ns,
                    "--timeout=60s",
                ],
            );
            assert!(out.status.success(), "{name}: {}", text(&out));
        }
        let out = kubectl(
            &cluster,
            cache.path(),
            &[
                "delete",
                "deployments",
                // odh's own: KServe would re-create the predictors it owns
                "-l",
                "app.kubernetes.io/managed-by=odh",
                "-n",
                "opendatahub",
                "--wait=false",
            ],
        );
        assert!(out.status.success(), "{name}: {}", text(&out));
        let out = kubectl(
            &cluster,
            cache.path(),
            &[
                "wait",
                "--for=delete",
                "deployment",
                "-l",
                "app.kubernetes.io/managed-by=odh",
                "-n",
                "opendatahub",
                "--timeout=60s",
            ],
        );
        assert!(out.status.success(), "{name}: {}", text(&out));
    }
}
