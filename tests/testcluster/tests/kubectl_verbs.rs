//! Every everyday kubectl verb, run by the real kubectl against the test cluster: the typed
//! `create` subcommands (protobuf bodies), scale, rollout status, label, annotate, patch (merge,
//! JSON, strategic), replace, edit with a scripted editor, foreground delete, get -w, auth
//! can-i, api-resources, explain and wait --for=delete.

mod common;

use common::Kubectl;
use odh_testcluster::Options;
use serde_json::json;
use std::io::Read;
use std::time::{Duration, Instant};

fn cluster() -> Kubectl {
    let k = Kubectl::new(Options::default().ready_after(Duration::from_millis(200)));
    k.ok(&["create", "namespace", "demo"]);
    k
}

#[test]
fn create_subcommands_send_protobuf_and_are_stored() {
    let k = cluster();
    let n = ["-n", "demo"];
    let with = |args: &[&'static str]| [&n[..], args].concat();
    k.ok(&with(&[
        "create",
        "configmap",
        "settings",
        "--from-literal=mode=fast",
    ]));
    k.ok(&with(&[
        "create",
        "secret",
        "generic",
        "creds",
        "--from-literal=password=s3cret",
    ]));
    k.ok(&with(&["create", "serviceaccount", "runner"]));
    k.ok(&with(&[
        "create",
        "deployment",
        "web",
        "--image=nginx:1.27",
        "--replicas=0",
        "--port=8080",
    ]));
    k.ok(&with(&[
        "create",
        "job",
        "once",
        "--image=busybox:1.36",
        "--",
        "echo",
        "hi",
    ]));
    let posts: Vec<_> =
        k.tc.requests()
            .into_iter()
            .filter(|r| r.method == "POST")
            .collect();
    assert_eq!(posts.len(), 6, "{posts:?}");
    for r in &posts {
        assert_eq!(
            r.content_type, "application/vnd.kubernetes.protobuf",
            "{}",
            r.path
        );
        assert_eq!(r.status, 201, "{}", r.path);
    }
    let ns = k.get_json(&["namespace", "demo"]);
    assert_eq!(ns["spec"]["finalizers"], json!(["kubernetes"]));
    assert_eq!(
        ns["metadata"]["labels"]["kubernetes.io/metadata.name"],
        "demo"
    );
    let cm = k.get_json(&["configmap", "settings", "-n", "demo"]);
    assert_eq!(cm["data"], json!({"mode": "fast"}));
    let secret = k.get_json(&["secret", "creds", "-n", "demo"]);
    assert_eq!(
        secret["data"]["password"], "czNjcmV0",
        "bytes arrive as base64"
    );
    assert_eq!(secret["type"], "Opaque");
    assert_eq!(
        k.get_json(&["sa", "runner", "-n", "demo"])["kind"],
        "ServiceAccount"
    );
    let d = k.get_json(&["deployment", "web", "-n", "demo"]);
    assert_eq!(
        d["spec"]["replicas"], 0,
        "an explicit zero survives the protobuf decoding"
    );
    let c = &d["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(
        (c["name"].as_str(), c["image"].as_str()),
        (Some("nginx"), Some("nginx:1.27"))
    );
    assert_eq!(
        c["ports"],
        json!([{"containerPort": 8080, "protocol": "TCP"}])
    );
    assert_eq!(
        d["spec"]["strategy"]["type"], "RollingUpdate",
        "defaults apply"
    );
    let job = k.get_json(&["job", "once", "-n", "demo"]);
    assert_eq!(
        job["spec"]["template"]["spec"]["containers"][0]["command"],
        json!(["echo", "hi"])
    );
    assert_eq!(job["spec"]["template"]["spec"]["restartPolicy"], "Never");
    let err = k.fails(&["create", "configmap", "settings", "-n", "demo"]);
    assert!(
        err.contains("AlreadyExists") || err.contains("already exists"),
        "{err}"
    );
    let err = k.fails(&["create", "configmap", "x", "-n", "nowhere"]);
    assert!(err.contains("namespaces \"nowhere\" not found"), "{err}");
}

#[test]
fn scale_and_rollout_status() {
    let k = cluster();
    k.ok(&[
        "create",
        "deployment",
        "web",
        "--image=nginx:1.27",
        "-n",
        "demo",
    ]);
    k.ok(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "demo",
        "--timeout=30s",
    ]);
    let out = k.ok(&["scale", "deployment/web", "--replicas=3", "-n", "demo"]);
    assert!(out.contains("deployment.apps/web scaled"), "{out}");
    let out = k.ok(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "demo",
        "--timeout=30s",
    ]);
    assert!(out.contains("successfully rolled out"), "{out}");
    let d = k.get_json(&["deployment", "web", "-n", "demo"]);
    assert_eq!(d["status"]["readyReplicas"], 3);
    let err = k.fails(&[
        "scale",
        "deployment/web",
        "--current-replicas=2",
        "--replicas=1",
        "-n",
        "demo",
    ]);
    assert!(err.contains("Expected replicas to be 2, was 3"), "{err}");
    k.ok(&[
        "set",
        "image",
        "deployment/web",
        "nginx=nginx:1.28",
        "-n",
        "demo",
    ]);
    k.ok(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "demo",
        "--timeout=30s",
    ]);
    let pods = k.get_json(&["pods", "-n", "demo", "-l", "app=web"]);
    // Old pods may still be terminating, as on a real cluster.
    let images: Vec<_> = pods["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["metadata"].get("deletionTimestamp").is_none())
        .map(|p| p["spec"]["containers"][0]["image"].clone())
        .collect();
    assert_eq!(images, vec![json!("nginx:1.28"); 3]);
}

#[test]
fn label_annotate_and_patch() {
    let k = cluster();
    k.ok(&[
        "create",
        "configmap",
        "c",
        "--from-literal=a=1",
        "-n",
        "demo",
    ]);
    k.ok(&["label", "configmap", "c", "team=data", "-n", "demo"]);
    let err = k.fails(&["label", "configmap", "c", "team=ml", "-n", "demo"]);
    assert!(err.contains("already has a value"), "{err}");
    k.ok(&[
        "label",
        "configmap",
        "c",
        "team=ml",
        "--overwrite",
        "-n",
        "demo",
    ]);
    k.ok(&["annotate", "configmap", "c", "note=hello", "-n", "demo"]);
    k.ok(&["label", "configmap", "c", "team-", "-n", "demo"]);
    let cm = k.get_json(&["configmap", "c", "-n", "demo"]);
    assert!(cm["metadata"]["labels"].get("team").is_none(), "{cm}");
    assert_eq!(cm["metadata"]["annotations"]["note"], "hello");

    k.ok(&[
        "patch",
        "configmap",
        "c",
        "-n",
        "demo",
        "--type=merge",
        "-p",
        r#"{"data":{"b":"2","a":null}}"#,
    ]);
    k.ok(&[
        "patch",
        "configmap",
        "c",
        "-n",
        "demo",
        "--type=json",
        "-p",
        r#"[{"op":"add","path":"/data/c","value":"3"}]"#,
    ]);
    assert_eq!(
        k.get_json(&["configmap", "c", "-n", "demo"])["data"],
        json!({"b": "2", "c": "3"})
    );
    let err = k.fails(&[
        "patch",
        "configmap",
        "c",
        "-n",
        "demo",
        "--type=json",
        "-p",
        r#"[{"op":"test","path":"/data/b","value":"9"}]"#,
    ]);
    assert!(err.contains("the server rejected our request"), "{err}");

    k.ok(&[
        "create",
        "deployment",
        "web",
        "--image=nginx:1.27",
        "-n",
        "demo",
    ]);
    k.ok(&["set", "env", "deployment/web", "A=1", "B=2", "-n", "demo"]);
    let strategic = r#"{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"C","value":"3"}],"ports":[{"containerPort":9090}]}]}}}}"#;
    k.ok(&["patch", "deployment", "web", "-n", "demo", "-p", strategic]);
    let d = k.get_json(&["deployment", "web", "-n", "demo"]);
    let c = &d["spec"]["template"]["spec"]["containers"];
    assert_eq!(c.as_array().unwrap().len(), 1, "containers merge by name");
    assert_eq!(c[0]["image"], "nginx:1.27");
    let env: Vec<_> = c[0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(
        env,
        vec![json!("A"), json!("B"), json!("C")],
        "env merges by name"
    );
    assert_eq!(c[0]["ports"][0]["containerPort"], 9090);
}

#[test]
fn replace_and_edit() {
    let k = cluster();
    k.ok(&[
        "create",
        "configmap",
        "c",
        "--from-literal=a=1",
        "-n",
        "demo",
    ]);
    let yaml = k.ok(&["get", "configmap", "c", "-n", "demo", "-o", "yaml"]);
    let file = k.write("c.yaml", &yaml.replace("a: \"1\"", "a: \"2\""));
    k.ok(&[
        "patch",
        "configmap",
        "c",
        "-n",
        "demo",
        "--type=merge",
        "-p",
        r#"{"data":{"x":"y"}}"#,
    ]);
    let err = k.fails(&["replace", "-f", &file]);
    assert!(
        err.contains("the object has been modified"),
        "a stale resourceVersion: {err}"
    );
    let fresh = k.ok(&["get", "configmap", "c", "-n", "demo", "-o", "yaml"]);
    let file = k.write("c.yaml", &fresh.replace("a: \"1\"", "a: \"2\""));
    assert!(
        k.ok(&["replace", "-f", &file])
            .contains("configmap/c replaced")
    );
    assert_eq!(
        k.get_json(&["configmap", "c", "-n", "demo"])["data"]["a"],
        "2"
    );

    k.ok(&[
        "create",
        "deployment",
        "web",
        "--image=nginx:1.27",
        "-n",
        "demo",
    ]);
    k.ok(&[
        "set",
        "env",
        "deployment/web",
        "A=1",
        "B=2",
        "C=3",
        "-n",
        "demo",
    ]);
    let editor = k.write(
        "editor.sh",
        "#!/bin/sh\nsed -i -e '/- name: B/,+1d' -e 's/a: \"2\"/a: edited/' \"$1\"\n",
    );
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    for target in ["deployment/web", "configmap/c"] {
        let out = common::kubectl_command(&k.tc, k.cache.path())
            .env("KUBE_EDITOR", &editor)
            .args(["edit", target, "-n", "demo"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "edit {target}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("edited"));
    }
    let d = k.get_json(&["deployment", "web", "-n", "demo"]);
    let env: Vec<_> = d["spec"]["template"]["spec"]["containers"][0]["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].clone())
        .collect();
    assert_eq!(
        env,
        vec![json!("A"), json!("C")],
        "the $patch: delete directive removed B"
    );
    assert_eq!(
        k.get_json(&["configmap", "c", "-n", "demo"])["data"]["a"],
        "edited"
    );
}

#[test]
fn foreground_delete_waits_for_dependents() {
    let k = cluster();
    k.ok(&[
        "create",
        "deployment",
        "web",
        "--image=nginx:1.27",
        "--replicas=2",
        "-n",
        "demo",
    ]);
    k.ok(&[
        "rollout",
        "status",
        "deployment/web",
        "-n",
        "demo",
        "--timeout=30s",
    ]);
    let out = k.ok(&[
        "delete",
        "deployment",
        "web",
        "--cascade=foreground",
        "--wait",
        "-n",
        "demo",
    ]);
    assert!(out.contains("deployment.apps \"web\" deleted"), "{out}");
    assert!(k.tc.get("apps/v1", "Deployment", "demo", "web").is_none());
    assert!(
        k.tc.list_in("apps/v1", "ReplicaSet", Some("demo"))
            .is_empty()
    );
    assert!(k.tc.list_in("v1", "Pod", Some("demo")).is_empty());
    let delete =
        k.tc.requests()
            .into_iter()
            .find(|r| r.method == "DELETE")
            .unwrap();
    assert_eq!(delete.status, 200);
    let err = k.fails(&["delete", "deployment", "web", "-n", "demo"]);
    assert!(err.contains("deployments.apps \"web\" not found"), "{err}");
}

#[test]
fn get_watch_prints_changes() {
    let k = cluster();
    let mut child = common::kubectl_command(&k.tc, k.cache.path())
        .args([
            "get",
            "configmaps",
            "-n",
            "demo",
            "-w",
            "--output-watch-events",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !k.tc.requests().iter().any(|r| r.verb == "watch") {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "kubectl never watched"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    k.ok(&[
        "create",
        "configmap",
        "watched",
        "--from-literal=a=1",
        "-n",
        "demo",
    ]);
    k.ok(&["label", "configmap", "watched", "x=y", "-n", "demo"]);
    k.ok(&["delete", "configmap", "watched", "-n", "demo"]);
    std::thread::sleep(Duration::from_millis(500));
    child.kill().unwrap();
    child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    for event in ["ADDED", "MODIFIED", "DELETED"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with(event) && l.contains("watched")),
            "{event}: {out}"
        );
    }
}

#[test]
fn auth_can_i_answers_per_context() {
    let k = cluster();
    assert_eq!(
        k.ok(&["auth", "can-i", "create", "configmaps", "-n", "demo"])
            .trim(),
        "yes"
    );
    let ro = odh_testcluster::READONLY_CONTEXT;
    let out = k.run(&[
        "--context",
        ro,
        "auth",
        "can-i",
        "create",
        "configmaps",
        "-n",
        "demo",
    ]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no");
    assert!(!out.status.success(), "can-i exits non-zero for no");
    assert_eq!(
        k.ok(&["--context", ro, "auth", "can-i", "list", "pods", "-A"])
            .trim(),
        "yes"
    );
    let reviews =
        k.tc.requests()
            .into_iter()
            .filter(|r| r.path.ends_with("/selfsubjectaccessreviews"))
            .count();
    assert_eq!(reviews, 3);
}

#[test]
fn api_resources_and_explain() {
    let k = cluster();
    let out = k.ok(&["api-resources"]);
    for row in [
        "deployments",
        "deploy",
        "apps/v1",
        "customresourcedefinitions",
        "crd,crds",
    ] {
        assert!(out.contains(row), "{row}: {out}");
    }
    let cluster_scoped = k.ok(&["api-resources", "--namespaced=false", "-o", "name"]);
    assert!(cluster_scoped.lines().any(|l| l == "namespaces"));
    assert!(!cluster_scoped.lines().any(|l| l == "configmaps"));
    let out = k.ok(&["explain", "deployment.spec.replicas"]);
    assert!(out.contains("FIELD: replicas <integer>"), "{out}");
    let out = k.ok(&["explain", "pod.spec.containers"]);
    assert!(
        out.contains("<[]Container>") && out.contains("image\t<string>"),
        "{out}"
    );
    let err = k.fails(&["explain", "deployment.spec.nonsense"]);
    assert!(err.contains("nonsense"), "{err}");
}

#[test]
fn wait_for_delete_returns_when_the_finalizer_goes() {
    let k = cluster();
    let file = k.write(
        "held.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: demo\n  finalizers: [example.odh.test/hold]\n",
    );
    k.ok(&["create", "-f", &file]);
    k.ok(&["delete", "configmap", "held", "-n", "demo", "--wait=false"]);
    let err = k.fails(&[
        "wait",
        "--for=delete",
        "configmap/held",
        "-n",
        "demo",
        "--timeout=1s",
    ]);
    assert!(err.contains("timed out"), "{err}");
    let waiter = common::kubectl_command(&k.tc, k.cache.path())
        .args([
            "wait",
            "--for=delete",
            "configmap/held",
            "-n",
            "demo",
            "--timeout=20s",
        ])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    k.ok(&[
        "patch",
        "configmap",
        "held",
        "-n",
        "demo",
        "--type=merge",
        "-p",
        r#"{"metadata":{"finalizers":null}}"#,
    ]);
    let status = waiter.wait_with_output().unwrap().status;
    assert!(status.success());
    assert!(k.tc.get("v1", "ConfigMap", "demo", "held").is_none());
}
