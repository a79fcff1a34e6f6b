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

/// Runs a command against a test cluster and asserts a one-line usage error
/// containing `needle`, sent before any request reached the server.
#[track_caller]
fn refused_before_connecting(env: &crate::install::Env, args: &[&str], needle: &str) {
    env.cluster.clear_requests();
    let run = env.odh().args(["install"]).args(args).run().expect_code(2);
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.contains(needle), "{needle:?} in {}", run.stderr);
    let requests = env.cluster.requests();
    assert!(
        requests.is_empty(),
        "validated before connecting, yet: {:?}",
        requests.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
}

#[test]
fn bad_values_are_refused_before_anything_is_applied() {
    let env = crate::install::Env::kubernetes();
    for (args, needle) in [
        (
            &["-p", "core", "--set", "sparkOperator.replicas=-3"][..],
            "--set `sparkOperator.replicas` must be an integer of at least 1, got -3",
        ),
        (
            &["-p", "core", "--set", "s3.storageSize=lots"],
            "--set `s3.storageSize` must be a Kubernetes quantity greater than zero (e.g. 20Gi, 500Mi), got \"lots\"",
        ),
        (
            &["-p", "core", "--set", "namespace=Bad_NS"],
            "--set `namespace` must be a DNS label",
        ),
        (
            &["-p", "core", "--set", "s3.bucket=bücket-☃"],
            "--set `s3.bucket` must be an S3 bucket name",
        ),
        (
            &["-p", "monitoring", "--set", "prometheus.retention=2 weeks"],
            "--set `prometheus.retention` must be a duration such as 30s",
        ),
        (
            &["-p", "core", "--set", "jupyterhub.userCpuLimit=500m"],
            "must be a number of CPU cores",
        ),
        (
            &["-p", "core", "--timeout", "0"],
            "`0` is no time at all; give a duration longer than zero",
        ),
        (&["-p", "bogus"], "unknown profile `bogus`; valid profiles:"),
    ] {
        refused_before_connecting(&env, args, needle);
    }
    // The same for check and diff.
    for command in ["check", "diff"] {
        let run = env
            .odh()
            .args([command, "-p", "core", "--set", "namespace=Bad_NS"])
            .run()
            .expect_code(2);
        assert!(run.stderr.contains("must be a DNS label"), "{}", run.stderr);
    }
    assert!(env.cluster.requests().is_empty());
}

#[test]
fn a_bad_profile_is_named_at_once_even_when_the_server_is_unreachable() {
    let cache = tempdir();
    let dir = tempdir();
    let kubeconfig = dir.path().join("kubeconfig.yaml");
    // Nothing listens on port 1.
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\nusers:\n- name: u\n  user:\n    token: t\ncurrent-context: c\n",
    )
    .unwrap();
    for command in ["install", "check", "diff"] {
        let run = Odh::new(cache.path())
            .args(["--kubeconfig".as_ref(), kubeconfig.as_os_str()])
            .args([command, "-p", "bogus"])
            .run()
            .expect_code(2);
        assert!(
            run.stderr.starts_with("error: unknown profile `bogus`"),
            "{command}: {}",
            run.stderr
        );
    }
}
