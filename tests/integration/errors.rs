//! Bad input: one line on stderr naming the problem, exit 2, nothing written.

use crate::harness::{Odh, tempdir};

/// Runs `odh render` with arguments and asserts a one-line usage error containing `needle`.
#[track_caller]
fn usage_error(args: &[&str], needle: &str) {
    let cache = tempdir();
    let out = tempdir();
    let out_dir = out.path().join("out");
    let run = Odh::new(cache.path())
        .args(["render"])
        .args(args)
        .args(["--output-dir".as_ref(), out_dir.as_os_str()])
        .run()
        .expect_code(2);
    assert!(run.stdout.is_empty(), "nothing on stdout: {}", run.stdout);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| !l.starts_with("profile "))
        .collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {}", run.stderr);
    assert!(lines[0].starts_with("error: "), "{}", lines[0]);
    assert!(
        lines[0].contains(needle),
        "expected {needle:?} in {:?}",
        lines[0]
    );
    assert!(!out_dir.exists(), "nothing written");
    assert!(
        std::fs::read_dir(cache.path())
            .map(|d| d.count())
            .unwrap_or(0)
            == 0,
        "nothing cached"
    );
}

#[test]
fn unknown_key_suggests_the_nearest() {
    usage_error(
        &["-p", "core", "--set", "jupyterhub.enabeld=false"],
        "unknown key `jupyterhub.enabeld`; did you mean `jupyterhub.enabled`?",
    );
}

#[test]
fn wrong_type_is_named() {
    usage_error(
        &["-p", "core", "--set", "jupyterhub.enabled=sometimes"],
        "`jupyterhub.enabled` must be a bool (true or false), got \"sometimes\"",
    );
}

#[test]
fn wrong_enum_value_lists_the_choices() {
    usage_error(
        &["-p", "serving", "--set", "serving.engine=tfserving"],
        "must be one of seldon, kserve",
    );
}

#[test]
fn malformed_set_is_named() {
    usage_error(
        &["-p", "core", "--set", "namespace"],
        "malformed --set `namespace`: expected KEY=VALUE",
    );
}

#[test]
fn unreadable_values_file_is_named() {
    usage_error(
        &["-p", "core", "-f", "/nonexistent/values.yaml"],
        "cannot read values file /nonexistent/values.yaml: no such file",
    );
}

#[test]
fn invalid_values_file_is_named() {
    let dir = tempdir();
    let path = dir.path().join("bad.yaml");
    std::fs::write(&path, "namespace: [unclosed\n").unwrap();
    let arg = path.display().to_string();
    usage_error(
        &["-p", "core", "-f", &arg],
        &format!("values file {arg} is not valid YAML"),
    );
    std::fs::write(&path, "s3:\n  endpont: x\n").unwrap();
    usage_error(
        &["-p", "core", "-f", &arg],
        "unknown key `s3.endpont`; did you mean `s3.endpoint`?",
    );
}

#[test]
fn unknown_profile_lists_valid_ones() {
    usage_error(
        &["-p", "core,notebooks"],
        "unknown profile `notebooks`; valid profiles: core, monitoring, pipelines, serving, ai-library",
    );
}

#[test]
fn missing_profile_is_a_usage_error() {
    usage_error(&[], "no profile given; pass --profile");
}

#[test]
fn unknown_platform_is_a_usage_error() {
    let cache = tempdir();
    let run = Odh::new(cache.path())
        .args(["render", "-p", "core", "--platform", "gke"])
        .run()
        .expect_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let timeout = Odh::new(cache.path())
        .args(["install", "-p", "core", "--timeout", "soon"])
        .run()
        .expect_code(2);
    assert_eq!(timeout.stderr.lines().count(), 1, "{}", timeout.stderr);
    assert!(
        timeout.stderr.contains("`soon` is not a duration"),
        "{}",
        timeout.stderr
    );
    assert!(
        run.stderr.contains("invalid value 'gke' for '--platform"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("kubernetes, openshift"),
        "{}",
        run.stderr
    );
}

#[test]
fn auto_platform_needs_a_cluster() {
    usage_error(
        &["-p", "core", "--platform", "auto"],
        "--platform auto needs a cluster",
    );
}
