//! `--include DIR`: a user's own manifests go through odh's plan, inventory,
//! status and uninstall; later installs remember them, `--no-include` prunes
//! them, and bad manifests are refused before any change.

use crate::harness::tempdir;
use crate::install::Env;
use crate::uninstall::uninstall;
use serde_json::Value;

const TEAM: &str = "\
apiVersion: v1
kind: ConfigMap
metadata:
  name: team-settings
data:
  owner: data-science
---
apiVersion: v1
kind: Service
metadata:
  name: team-api
  namespace: opendatahub
spec:
  ports: [{port: 80}]
";

const ROLE: &str = "\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: team-reader
rules: []
";

fn inventory(env: &Env) -> Value {
    let secret = env
        .get("v1", "Secret", "opendatahub", "odh-inventory")
        .unwrap();
    let text = secret["data"]["inventory.json"].as_str().unwrap();
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn included(inventory: &Value) -> Vec<String> {
    let mut names: Vec<String> = inventory["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["component"] == "include")
        .map(|e| {
            format!(
                "{}/{}",
                e["kind"].as_str().unwrap(),
                e["name"].as_str().unwrap()
            )
        })
        .collect();
    names.sort();
    names
}

#[test]
fn included_manifests_are_installed_tracked_reported_remembered_and_uninstalled() {
    let env = Env::kubernetes();
    let dir = tempdir();
    std::fs::write(dir.path().join("10-team.yaml"), TEAM).unwrap();
    std::fs::write(dir.path().join("20-role.yml"), ROLE).unwrap();
    std::fs::write(dir.path().join("README.md"), "not a manifest").unwrap();
    let path = dir.path().to_str().unwrap();
    let sets = ["-p", "core", "--set", "sparkOperator.enabled=false"];

    let mut args = sets.to_vec();
    args.extend(["--include", path]);
    env.install(&args).success();
    // Placed in odh's namespace when they name none, marked as odh's.
    let settings = env
        .get("v1", "ConfigMap", "opendatahub", "team-settings")
        .unwrap();
    assert_eq!(
        settings["metadata"]["labels"]["opendatahub.io/odh-component"],
        "include"
    );
    assert_eq!(settings["data"]["owner"], "data-science");
    assert!(
        env.cluster
            .get(
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                "",
                "team-reader"
            )
            .is_some()
    );
    let first = inventory(&env);
    assert_eq!(
        included(&first),
        [
            "ClusterRole/team-reader",
            "ConfigMap/team-settings",
            "Service/team-api"
        ]
    );
    assert_eq!(first["includes"][0], path);

    // Applied after odh's components: the last writes are the user's objects.
    let status = env.odh().args(["status", "-o", "json"]).run().success();
    let report: Value = serde_json::from_str(&status.stdout).unwrap();
    let include = report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "include")
        .unwrap_or_else(|| panic!("no include component: {}", status.stdout));
    assert_eq!(include["total"], 3, "{include}");
    assert_eq!(include["ready"], 3, "{include}");

    // A later install without --include reads the remembered directory again.
    std::fs::write(
        dir.path().join("10-team.yaml"),
        TEAM.replace("data-science", "platform"),
    )
    .unwrap();
    env.install(&sets).success();
    let settings = env
        .get("v1", "ConfigMap", "opendatahub", "team-settings")
        .unwrap();
    assert_eq!(settings["data"]["owner"], "platform");

    // --no-include prunes them and forgets the directory.
    let mut args = sets.to_vec();
    args.push("--no-include");
    env.install(&args).success();
    assert!(
        env.get("v1", "ConfigMap", "opendatahub", "team-settings")
            .is_none()
    );
    assert!(
        env.cluster
            .get(
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                "",
                "team-reader"
            )
            .is_none()
    );
    let after = inventory(&env);
    assert!(included(&after).is_empty());
    assert!(after.get("includes").is_none(), "{after}");

    // Included again, then uninstall takes them with the rest.
    let mut args = sets.to_vec();
    args.extend(["--include", path]);
    env.install(&args).success();
    uninstall(&env, &[]).success();
    assert!(
        env.get("v1", "Service", "opendatahub", "team-api")
            .is_none()
    );
    assert!(
        env.cluster
            .get(
                "rbac.authorization.k8s.io/v1",
                "ClusterRole",
                "",
                "team-reader"
            )
            .is_none()
    );
}

#[test]
fn bad_includes_are_refused_before_any_change() {
    let env = Env::kubernetes();
    let dir = tempdir();
    let cases: [(&str, &str, &str); 3] = [
        (
            "own.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s3-config}\n",
            "ConfigMap opendatahub/s3-config is already odh's component s3",
        ),
        (
            "nameless.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n",
            "uses metadata.generateName",
        ),
        ("broken.yaml", "a: [\n", "invalid YAML"),
    ];
    for (name, text, says) in cases {
        let case = dir.path().join(name.trim_end_matches(".yaml"));
        std::fs::create_dir_all(&case).unwrap();
        std::fs::write(case.join(name), text).unwrap();
        let run = env
            .install(&[
                "-p",
                "core",
                "--set",
                "sparkOperator.enabled=false",
                "--include",
                case.to_str().unwrap(),
            ])
            .expect_code(2);
        assert!(run.stderr.contains(says), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(name), "{name} named: {}", run.stderr);
    }
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let run = env
        .install(&["-p", "core", "--include", empty.to_str().unwrap()])
        .expect_code(2);
    assert!(
        run.stderr.contains("no .yaml, .yml or .json file"),
        "{}",
        run.stderr
    );
    let missing = dir.path().join("missing");
    let run = env
        .install(&["-p", "core", "--include", missing.to_str().unwrap()])
        .expect_code(2);
    assert!(run.stderr.contains("no such file"), "{}", run.stderr);
    assert!(
        env.get("v1", "Namespace", "", "opendatahub").is_none(),
        "nothing was applied"
    );
}

#[test]
fn a_remembered_directory_that_is_gone_names_the_ways_on() {
    let env = Env::kubernetes();
    let dir = tempdir();
    std::fs::write(dir.path().join("team.yaml"), TEAM).unwrap();
    let sets = ["-p", "core", "--set", "sparkOperator.enabled=false"];
    let mut args = sets.to_vec();
    args.extend(["--include", dir.path().to_str().unwrap()]);
    env.install(&args).success();
    let path = dir.path().to_path_buf();
    drop(dir);
    let run = env.install(&sets).expect_code(2);
    assert!(
        run.stderr
            .contains(&format!("cannot read --include {}", path.display()))
            && run.stderr.contains("--no-include"),
        "{}",
        run.stderr
    );
    assert!(
        env.get("v1", "ConfigMap", "opendatahub", "team-settings")
            .is_some()
    );
}
