//! Every rendered object of a built-in kind validates against the Kubernetes
//! OpenAPI schemas (kubernetes-validate, strict) for 1.30 and the newest version
//! the tool ships.

use crate::harness::tempdir;
use crate::render::{CASES, render};
use std::process::Command;

fn validate(path: &std::path::Path, version: Option<&str>) -> (bool, String) {
    let mut command = Command::new("kubernetes-validate");
    command.args(["--strict", "--quiet", "--no-warn"]);
    if let Some(v) = version {
        command.args(["-k", v]);
    }
    let out = command
        .arg(path)
        .output()
        .expect("kubernetes-validate is on PATH (pip install kubernetes-validate; .ci/run does)");
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
    let mut failures = Vec::new();
    for (name, args) in CASES {
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, render(args).stdout).unwrap();
        for version in [Some("1.30.0"), None] {
            let (ok, text) = validate(&path, version);
            if !ok {
                failures.push(format!("{name} ({}):\n{text}", version.unwrap_or("newest")));
            }
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
    let (ok, _) = validate(&path, Some("1.30.0"));
    assert!(!ok, "a wrong type fails validation");
}
