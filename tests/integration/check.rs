//! `odh check` and install's pre-flight on the test cluster: every check passing
//! on a healthy cluster, and each classic failure named, with its exit code and
//! nothing applied (asserted from the server's request log). The failures of
//! the connection itself are in `connection.rs`.

use crate::harness::Run;
use crate::install::Env;
use odh_testcluster::{NAMESPACED_CONTEXT, Options, Platform, READONLY_CONTEXT, RequestRecord};
use serde_json::{Value, json};

/// Requests that change something: writes that are neither dry runs nor access reviews.
pub fn changes(requests: &[RequestRecord]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| matches!(r.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"))
        .filter(|r| r.query_param("dryRun").as_deref() != Some("All"))
        .filter(|r| {
            !r.path.ends_with("/selfsubjectaccessreviews")
                && !r.path.ends_with("/selfsubjectrulesreviews")
        })
        .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
        .collect()
}

/// Asserts the cluster saw no change since its log was cleared.
#[track_caller]
pub fn assert_nothing_applied(env: &Env) {
    let changed = changes(&env.cluster.requests());
    assert!(changed.is_empty(), "nothing applied, but: {changed:?}");
}

/// `odh check` on the test cluster with the stand-in bundle.
fn check(env: &Env, args: &[&str]) -> Run {
    env.odh()
        .args(["check", "--bundle"])
        .args([env.bundle().as_os_str()])
        .args(args)
        .run()
}

/// The names of the checks with this verdict in `odh check -o json` output.
fn verdicts(run: &Run, verdict: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(&run.stdout).expect("check -o json prints JSON");
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["verdict"] == verdict)
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

const EVERY_CHECK: [&str; 10] = [
    "api-server",
    "credentials",
    "platform",
    "remote-files",
    "kubernetes-version",
    "namespaces",
    "permissions",
    "storage-class",
    "other-installations",
    "secrets",
];

#[test]
fn every_check_passes_on_a_healthy_cluster() {
    let env = Env::kubernetes();
    let run = check(
        &env,
        &["-p", "core,monitoring,serving,ai-library", "-o", "json"],
    )
    .success();
    assert_eq!(verdicts(&run, "passed"), EVERY_CHECK, "{}", run.stdout);
    let text = check(&env, &["-p", "core"]).success();
    for name in EVERY_CHECK {
        assert!(
            text.stdout
                .lines()
                .any(|l| l.starts_with("passed") && l.contains(name)),
            "{name} passed in:\n{}",
            text.stdout
        );
    }
    assert!(
        text.stdout
            .ends_with("10 checks: 10 passed, 0 warnings, 0 failed\n")
    );
    let openshift = Env::new(Options::default().platform(Platform::OpenShift));
    let run = check(&openshift, &["-p", "core,serving", "-o", "json"]).success();
    assert!(
        verdicts(&run, "passed").contains(&"catalog-source".to_string()),
        "{}",
        run.stdout
    );
    assert!(verdicts(&run, "failed").is_empty(), "{}", run.stdout);
    assert_nothing_applied(&env);
}

#[test]
fn a_read_only_token_lists_every_missing_permission_and_changes_nothing() {
    let env = Env::kubernetes();
    env.cluster.clear_requests();
    let run = check(&env, &["--context", READONLY_CONTEXT, "-p", "core"]).expect_code(4);
    let lines: Vec<&str> = run.stdout.lines().map(str::trim).collect();
    assert!(
        lines.iter().any(|l| l.starts_with("failed   permissions")),
        "{}",
        run.stdout
    );
    for missing in [
        "- create, patch namespaces cluster-wide",
        "- create, patch deployments.apps in namespace opendatahub",
        "- create, delete, get, update leases.coordination.k8s.io in namespace opendatahub",
        "- create, get, patch secrets in namespace opendatahub",
    ] {
        assert!(lines.contains(&missing), "{missing} in:\n{}", run.stdout);
    }
    let install = env
        .install(&["--context", READONLY_CONTEXT, "-p", "core"])
        .expect_code(4);
    assert!(
        install.stderr.contains("failed   permissions"),
        "{}",
        install.stderr
    );
    assert!(
        install
            .stderr
            .contains("- create, patch namespaces cluster-wide"),
        "{}",
        install.stderr
    );
    assert!(
        install.stderr.contains("install refused before any change"),
        "{}",
        install.stderr
    );
    assert_nothing_applied(&env);
    // Without the checks the server refuses the first request (view may not read
    // Secrets, so not the inventory): exit 6, not a conflict.
    let skipped = env
        .install(&["--context", READONLY_CONTEXT, "-p", "core", "--skip-checks"])
        .expect_code(6);
    assert!(skipped.stderr.contains("forbidden"), "{}", skipped.stderr);
    env.install(&["-p", "core"]).success();
    let uninstall = env
        .odh()
        .args(["--context", READONLY_CONTEXT, "uninstall"])
        .run()
        .expect_code(6);
    assert!(
        uninstall.stderr.contains("forbidden"),
        "{}",
        uninstall.stderr
    );
    assert!(
        !uninstall.stderr.contains("refused"),
        "{}",
        uninstall.stderr
    );
    let status = env
        .odh()
        .args(["--context", READONLY_CONTEXT, "status"])
        .run()
        .expect_code(6);
    assert!(
        status.stderr.contains("cannot get resource \"secrets\""),
        "{}",
        status.stderr
    );
    assert!(
        env.get("v1", "Secret", "opendatahub", "odh-inventory")
            .is_some()
    );
}

#[test]
fn a_namespace_only_token_misses_only_what_lies_outside_its_namespace() {
    let env = Env::kubernetes();
    env.install(&["-p", "core"]).success();
    // An administrator makes the namespace-only user admin of odh's namespace.
    let user = odh_testcluster::NAMESPACED_USER;
    env.cluster
        .apply(&serde_json::json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
            "metadata": {"name": user, "namespace": "opendatahub"},
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin"},
            "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]}))
        .unwrap();
    env.cluster.clear_requests();
    let run = check(&env, &["--context", NAMESPACED_CONTEXT, "-p", "core"]).expect_code(4);
    let start = run
        .stdout
        .find("failed   permissions")
        .expect("permissions failed");
    let items: Vec<&str> = run.stdout[start..]
        .lines()
        .skip(1)
        .map(str::trim)
        .take_while(|l| l.starts_with("- "))
        .collect();
    assert!(
        items.contains(&"- create, get, list, patch, watch namespaces cluster-wide"),
        "{items:?}"
    );
    assert!(
        items
            .iter()
            .all(|i| !i.ends_with("in namespace opendatahub")),
        "admin in opendatahub may do everything there: {items:?}"
    );
    assert!(
        items.iter().any(|i| i.ends_with("in namespace spark-jobs")),
        "but not in the Spark job namespace: {items:?}"
    );
    assert_nothing_applied(&env);
}

#[test]
fn an_old_cluster_fails_the_version_check_naming_the_component() {
    let env = Env::new(Options::default().version("v1.27.4"));
    let run = check(&env, &["-p", "core"]).expect_code(4);
    assert!(
        run.stdout.contains(
            "failed   kubernetes-version   Kubernetes v1.27.4 is older than 1 component(s) support"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "- jupyterhub needs Kubernetes 1.28 or later (jupyterhub/zero-to-jupyterhub-k8s@4.4.0:"
        ),
        "{}",
        run.stdout
    );
    env.cluster.clear_requests();
    let install = env.install(&["-p", "core"]).expect_code(4);
    assert!(
        install.stderr.contains("kubernetes-version"),
        "{}",
        install.stderr
    );
    assert_nothing_applied(&env);
    // Without JupyterHub nothing needs more than this cluster has.
    check(&env, &["-p", "core", "--set", "jupyterhub.enabled=false"]).success();
}

#[test]
fn without_a_default_storage_class_claims_are_named() {
    let env = Env::kubernetes();
    env.cluster
        .merge_patch(
            "storage.k8s.io/v1",
            "StorageClass",
            "",
            "standard",
            &json!({"metadata": {"annotations": {"storageclass.kubernetes.io/is-default-class": "false"}}}),
            None,
        )
        .unwrap();
    let run = check(&env, &["-p", "core"]).expect_code(4);
    assert!(
        run.stdout.contains(
            "failed   storage-class        no default StorageClass: 2 claim(s) would stay Pending"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("PersistentVolumeClaim/"),
        "{}",
        run.stdout
    );
    env.cluster.clear_requests();
    env.install(&["-p", "core"]).expect_code(4);
    assert_nothing_applied(&env);
    check(
        &env,
        &["-p", "core", "--set", "global.storageClass=standard"],
    )
    .success();
}

/// A DataScienceCluster CRD and one DataScienceCluster that another installation made.
fn foreign_dsc(env: &Env) {
    let crd = json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "datascienceclusters.datasciencecluster.opendatahub.io"},
        "spec": {"group": "datasciencecluster.opendatahub.io", "scope": "Cluster",
            "names": {"kind": "DataScienceCluster", "listKind": "DataScienceClusterList", "plural": "datascienceclusters", "singular": "datasciencecluster"},
            "versions": [{"name": "v1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}
    });
    env.cluster.apply(&crd).unwrap();
    assert!(env.cluster.wait_for(std::time::Duration::from_secs(10), |c| {
        c.apply(&json!({"apiVersion": "datasciencecluster.opendatahub.io/v1", "kind": "DataScienceCluster",
            "metadata": {"name": "rhods-dsc"}, "spec": {"components": {}}}))
            .is_ok()
    }));
}

#[test]
fn another_installations_datasciencecluster_is_a_conflict() {
    for options in [
        Options::default(),
        Options::default().platform(Platform::OpenShift),
    ] {
        let env = Env::new(options);
        foreign_dsc(&env);
        let run = check(&env, &["-p", "core"]).expect_code(4);
        assert!(
            run.stdout.contains("failed   other-installations"),
            "{}",
            run.stdout
        );
        assert!(
            run.stdout.contains("- DataScienceCluster/rhods-dsc (datasciencecluster.opendatahub.io/v1): DataScienceCluster, not managed by odh"),
            "{}",
            run.stdout
        );
        env.cluster.clear_requests();
        let install = env.install(&["-p", "core"]).expect_code(4);
        assert!(
            install.stderr.contains("other-installations"),
            "{}",
            install.stderr
        );
        assert_nothing_applied(&env);
    }
}

#[test]
fn openshift_asked_on_kubernetes_is_refused_before_any_change() {
    let env = Env::kubernetes();
    let run = check(&env, &["-p", "core", "--platform", "openshift"]).expect_code(4);
    assert!(
        run.stdout.contains("failed   platform             --platform openshift, but the cluster serves no route.openshift.io or operators.coreos.com API: it is not OpenShift"),
        "{}",
        run.stdout
    );
    env.cluster.clear_requests();
    let install = env
        .install(&["-p", "core", "--platform", "openshift"])
        .expect_code(4);
    assert!(
        install.stderr.contains("failed   platform"),
        "{}",
        install.stderr
    );
    assert_nothing_applied(&env);
}

#[test]
fn an_external_s3_needs_its_credentials_secret_with_both_keys() {
    let env = Env::kubernetes();
    let external = [
        "-p",
        "core",
        "--set",
        "s3.endpoint=https://s3.example.com",
        "--set",
        "s3.credentialsSecret=my-keys",
    ];
    let run = check(&env, &external).expect_code(4);
    assert!(
        run.stdout.contains(
            "- Secret opendatahub/my-keys does not exist (read by value s3.credentialsSecret)"
        ),
        "{}",
        run.stdout
    );
    env.cluster.clear_requests();
    env.install(&external).expect_code(4);
    assert_nothing_applied(&env);
    env.cluster
        .apply(
            &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "opendatahub"}}),
        )
        .unwrap();
    let secret = |data: Value| json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "my-keys", "namespace": "opendatahub"}, "data": data});
    env.cluster
        .apply(&secret(json!({"AWS_ACCESS_KEY_ID": "c2VjcmV0LWlk"})))
        .unwrap();
    let run = check(&env, &external).expect_code(4);
    assert!(
        run.stdout.contains("has no key AWS_SECRET_ACCESS_KEY"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("c2VjcmV0LWlk") && !run.stdout.contains("secret-id"),
        "no value shown"
    );
    env.cluster
        .apply(&secret(
            json!({"AWS_ACCESS_KEY_ID": "c2VjcmV0LWlk", "AWS_SECRET_ACCESS_KEY": "c2VjcmV0"}),
        ))
        .unwrap();
    check(&env, &external).success();
}

#[test]
fn a_namespace_being_deleted_is_named() {
    let env = Env::new(Options::default().stuck_finalizer("Namespace/opendatahub"));
    env.cluster
        .apply(
            &json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "opendatahub"}}),
        )
        .unwrap();
    env.cluster
        .delete("v1", "Namespace", "", "opendatahub")
        .unwrap();
    let run = check(&env, &["-p", "core"]).expect_code(4);
    assert!(
        run.stdout
            .contains("- namespace opendatahub is Terminating"),
        "{}",
        run.stdout
    );
    env.cluster.clear_requests();
    env.install(&["-p", "core"]).expect_code(4);
    assert_nothing_applied(&env);
}

/// The raw-disks check of `s3.engine=rook` on devices: it cannot tell before
/// Rook's discovery daemon reports, names a node whose disks are all taken
/// once it has, and does not run for OSDs on volume claims.
#[test]
fn ceph_on_raw_disks_names_the_nodes_without_an_empty_one() {
    let env = Env::kubernetes();
    let rook = ["-p", "core", "--set", "s3.engine=rook", "-o", "json"];
    let run = check(&env, &rook).success();
    assert_eq!(verdicts(&run, "warning"), ["raw-disks"], "{}", run.stdout);
    assert!(
        run.stdout.contains("cannot tell which of 1 node(s)"),
        "{}",
        run.stdout
    );

    env.cluster
        .apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "rook-ceph"}}))
        .unwrap();
    let report = |devices: &str| {
        json!({"apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "local-device-testcluster-node", "namespace": "rook-ceph",
                "labels": {"app": "rook-discover", "rook.io/node": "testcluster-node"}},
            "data": {"devices": devices}})
    };
    env.cluster
        .apply(&report(r#"[{"name":"sda","type":"disk","filesystem":"ext4","hasChildren":false,"readOnly":false}]"#))
        .unwrap();
    let run = check(&env, &rook).expect_code(4);
    assert_eq!(verdicts(&run, "failed"), ["raw-disks"], "{}", run.stdout);
    assert!(
        run.stdout
            .contains("node testcluster-node: none of its 1 disk(s) is empty"),
        "{}",
        run.stdout
    );

    env.cluster
        .apply(&report(r#"[{"name":"sdb","type":"disk","filesystem":"","hasChildren":false,"readOnly":false}]"#))
        .unwrap();
    let run = check(&env, &rook).success();
    assert!(
        verdicts(&run, "passed").contains(&"raw-disks".to_string()),
        "{}",
        run.stdout
    );
    let filtered = check(
        &env,
        &[
            "-p",
            "core",
            "--set",
            "s3.engine=rook",
            "--set",
            "rook.deviceFilter=^nvme",
            "-o",
            "json",
        ],
    )
    .expect_code(4);
    assert_eq!(
        verdicts(&filtered, "failed"),
        ["raw-disks"],
        "{}",
        filtered.stdout
    );

    let claims = check(
        &env,
        &[
            "-p",
            "core",
            "--set",
            "s3.engine=rook",
            "--set",
            "rook.storage=pvc",
            "-o",
            "json",
        ],
    )
    .success();
    assert!(!claims.stdout.contains("raw-disks"), "{}", claims.stdout);
}
