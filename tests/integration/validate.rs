//! Every rendered object of a built-in kind (also as `--gitops argocd` writes
//! it) validates against the Kubernetes
//! OpenAPI schemas (kubernetes-validate, strict) for 1.30 and the newest version
//! the tool ships. kubernetes-validate comes from the tests' own venv
//! (`tools::python`).

use crate::harness::tempdir;
use crate::render::{CASES, render};
use std::process::Command;

/// One kubernetes-validate run over files (loading the schemas dominates its time).
fn validate(paths: &[std::path::PathBuf], version: Option<&str>) -> (bool, String) {
    let mut command = Command::new(crate::tools::python_bin("kubernetes-validate"));
    command.args(["--strict", "--quiet", "--no-warn"]);
    if let Some(v) = version {
        command.args(["-k", v]);
    }
    let out = command
        .args(paths)
        .output()
        .expect("running kubernetes-validate from target/test-tools/venv");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[test]
fn rendered_objects_validate_for_1_30_and_newest() {
    let dir = tempdir();
    let mut paths: Vec<_> = CASES
        .iter()
        .map(|(name, args)| {
            let path = dir.path().join(format!("{name}.yaml"));
            std::fs::write(&path, render(args).stdout).unwrap();
            path
        })
        .collect();
    // The objects of a GitOps delivery, with Argo CD's annotations on them.
    let gitops = dir.path().join("gitops");
    crate::gitops::render_gitops(
        &gitops,
        crate::gitops::PROFILES,
        &[
            "--repo-url",
            "https://git.example.com/p.git",
            "--repo-path",
            "odh",
        ],
    )
    .success();
    let components: Vec<_> = crate::gitops::walk(&gitops.join("components"))
        .into_iter()
        .filter(|p| !p.ends_with("kustomization.yaml"))
        .collect();
    assert!(components.len() > 60, "{} files", components.len());
    paths.extend(components);
    let mut failures = Vec::new();
    for version in [Some("1.30.0"), None] {
        let (ok, text) = validate(&paths, version);
        if !ok {
            failures.push(format!("{}:\n{text}", version.unwrap_or("newest")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_validator_rejects_a_bad_object() {
    let dir = tempdir();
    let path = dir.path().join("bad.yaml");
    std::fs::write(
        &path,
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: \"two\"\n",
    )
    .unwrap();
    let good = dir.path().join("good.yaml");
    std::fs::write(
        &good,
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    )
    .unwrap();
    let (ok, _) = validate(std::slice::from_ref(&good), Some("1.30.0"));
    assert!(ok, "a valid object passes");
    let (ok, text) = validate(&[good, path], Some("1.30.0"));
    assert!(
        !ok,
        "a wrong type fails validation, also after a valid file"
    );
    assert!(
        text.contains("bad.yaml"),
        "the failure names the file: {text}"
    );
}
