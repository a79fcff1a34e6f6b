//! The real kubectl, with its default flags, against a spawned cluster: api-resources, server-side
//! apply of multi-document YAML, get, wait for a condition, delete, wait for deletion.

mod common;

use common::kubectl;
use odh_testcluster::{Options, TestCluster};
use std::time::Duration;

const MANIFEST: &str = "apiVersion: v1
kind: Namespace
metadata:
  name: demo
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: demo
  labels:
    app: web
data:
  mode: fast
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: demo
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: demo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.odh.test
spec:
  group: example.odh.test
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wdg]}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
";

fn ok(out: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "kubectl failed: {}\nstdout: {stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn kubectl_end_to_end() {
    let tc = TestCluster::spawn(Options::default().ready_after(Duration::from_millis(300)));
    let cache = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();

    let out = ok(&kubectl(&tc, cache.path(), &["api-resources"]));
    assert!(
        out.contains("deployments") && out.contains("deploy"),
        "{out}"
    );
    assert!(
        out.contains("customresourcedefinitions") && out.contains("crd,crds"),
        "{out}"
    );

    let file = dir.path().join("app.yaml");
    std::fs::write(&file, MANIFEST).unwrap();
    let f = file.to_str().unwrap();
    let out = ok(&kubectl(
        &tc,
        cache.path(),
        &["apply", "--server-side", "--field-manager=odh", "-f", f],
    ));
    assert!(
        out.contains("deployment.apps/web serverside-applied"),
        "{out}"
    );
    assert!(
        tc.requests()
            .iter()
            .any(|r| r.is_apply() && r.query_param("fieldValidation").as_deref() == Some("Strict"))
    );
    assert!(tc.requests().iter().any(|r| r.path == "/openapi/v3"));

    // Re-applying is idempotent.
    ok(&kubectl(
        &tc,
        cache.path(),
        &["apply", "--server-side", "--field-manager=odh", "-f", f],
    ));

    let out = ok(&kubectl(
        &tc,
        cache.path(),
        &[
            "get",
            "cm",
            "settings",
            "-n",
            "demo",
            "-o",
            "jsonpath={.data.mode}",
        ],
    ));
    assert_eq!(out, "fast");
    let out = ok(&kubectl(
        &tc,
        cache.path(),
        &["get", "deploy", "-n", "demo"],
    ));
    assert!(out.contains("web"), "{out}");

    ok(&kubectl(
        &tc,
        cache.path(),
        &[
            "wait",
            "--for=condition=Available",
            "deployment/web",
            "-n",
            "demo",
            "--timeout=30s",
        ],
    ));
    ok(&kubectl(
        &tc,
        cache.path(),
        &[
            "wait",
            "--for=condition=Established",
            "crd/widgets.example.odh.test",
            "--timeout=30s",
        ],
    ));
    let out = ok(&kubectl(
        &tc,
        cache.path(),
        &["get", "pods", "-n", "demo", "-l", "app=web"],
    ));
    assert_eq!(out.matches("Running").count(), 2, "{out}");
    let out = ok(&kubectl(
        &tc,
        cache.path(),
        &["get", "endpointslices", "-n", "demo", "-o", "name"],
    ));
    assert!(out.contains("endpointslice.discovery.k8s.io/web-"), "{out}");

    ok(&kubectl(
        &tc,
        cache.path(),
        &["delete", "deployment", "web", "-n", "demo"],
    ));
    ok(&kubectl(
        &tc,
        cache.path(),
        &[
            "wait",
            "--for=delete",
            "pod",
            "-l",
            "app=web",
            "-n",
            "demo",
            "--timeout=30s",
        ],
    ));
    assert!(tc.list_in("v1", "Pod", Some("demo")).is_empty());
    ok(&kubectl(
        &tc,
        cache.path(),
        &["delete", "-f", f, "--ignore-not-found"],
    ));
    ok(&kubectl(
        &tc,
        cache.path(),
        &["wait", "--for=delete", "namespace/demo", "--timeout=30s"],
    ));
    assert!(tc.get("v1", "Namespace", "", "demo").is_none());
}

#[test]
fn kubectl_readonly_context_is_forbidden_to_write() {
    let tc = TestCluster::spawn(Options::default());
    let cache = tempfile::tempdir().unwrap();
    let out = kubectl(
        &tc,
        cache.path(),
        &[
            "--context",
            odh_testcluster::READONLY_CONTEXT,
            "create",
            "configmap",
            "x",
            "-n",
            "default",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("forbidden"), "{err}");
    ok(&kubectl(
        &tc,
        cache.path(),
        &["--context", odh_testcluster::READONLY_CONTEXT, "get", "ns"],
    ));
    let out = kubectl(
        &tc,
        cache.path(),
        &["auth", "can-i", "create", "configmaps"],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "yes");
    let out = kubectl(
        &tc,
        cache.path(),
        &[
            "--context",
            odh_testcluster::READONLY_CONTEXT,
            "auth",
            "can-i",
            "create",
            "configmaps",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no");
}
