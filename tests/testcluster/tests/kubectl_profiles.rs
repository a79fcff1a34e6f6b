//! `kubectl delete -f` of every rendered profile (the committed snapshots in
//! `tests/snapshots/render/`) after `kubectl apply --server-side`, as on a real cluster: the
//! namespaces linger through the namespace controller's grace, so deleting their content
//! afterwards finds it. Two refusals are real ones and allowed in the first pass, after which a
//! second pass with `--ignore-not-found` finishes: the ODH operator's webhook refuses to delete
//! the DSCInitialization while the DataScienceCluster exists, and custom resources listed after
//! their CRD are already gone (the CRD finalizer deletes them at once,
//! kubernetes/apiextensions-apiserver@v0.33.13:pkg/controller/finalizer/crd_finalizer.go).
//! Rook's custom resources go first, as its teardown guide asks.

mod common;

use common::Kubectl;
use odh_testcluster::{Options, Platform};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn snapshots() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../snapshots/render");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

fn objects(file: &PathBuf) -> Vec<Value> {
    let text = std::fs::read_to_string(file).unwrap();
    text.split("\n---")
        .filter_map(|doc| serde_saphyr::from_str::<Value>(doc).ok())
        .filter(|v| v.get("kind").is_some())
        .collect()
}

fn text(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Applies, then deletes one profile; returns what went wrong, if anything.
fn apply_then_delete(file: &PathBuf) -> Result<(), String> {
    let name = file.file_stem().unwrap().to_string_lossy().into_owned();
    let platform = if name.ends_with("openshift") {
        Platform::OpenShift
    } else {
        Platform::Kubernetes
    };
    // The real grace (5 s): kubectl's deletes of a namespace's content must land within it.
    let k = Kubectl::new(
        Options::default()
            .platform(platform)
            .ready_after(Duration::from_millis(100)),
    );
    let f = file.to_str().unwrap();
    let started = Instant::now();
    // Custom resources whose CRD an operator creates (OLM, the Seldon operator) are accepted on a
    // later pass, with a fresh discovery cache.
    loop {
        let out = k.run(&["apply", "--server-side", "--field-manager=test", "-f", f]);
        if out.status.success() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            return Err(format!("{name}: apply: {}", text(&out)));
        }
        std::thread::sleep(Duration::from_millis(500));
        let _ = std::fs::remove_dir_all(k.cache.path().join("discovery"));
    }
    let objs = objects(file);
    // Rook's teardown order (rook/rook@v1.20.6 Documentation/Storage-Configuration/ceph-teardown.md):
    // bucket claims, object stores and the CephCluster first, while the operator that clears
    // their finalizers runs; a single pass would leave them, and their namespace, for ever.
    let ceph: Vec<&Value> = objs
        .iter()
        .filter(|o| {
            let group = o["apiVersion"].as_str().unwrap_or("").split('/').next();
            matches!(group, Some("ceph.rook.io" | "objectbucket.io"))
        })
        .collect();
    // One at a time, each waited for: claims, then stores, then the cluster.
    for (n, object) in ceph.iter().rev().enumerate() {
        let one = k.cache.path().join(format!("ceph-{n}.yaml"));
        std::fs::write(&one, serde_json::to_string(object).unwrap()).unwrap();
        let out = k.run(&["delete", "-f", one.to_str().unwrap(), "--timeout=60s"]);
        if !out.status.success() {
            return Err(format!(
                "{name}: deleting Ceph's resources first: {}",
                text(&out)
            ));
        }
    }
    if !ceph.is_empty() {
        // The ClientProfile Rook's operator made for the cluster stays after it; deleted while
        // ceph-csi's operator, which clears its finalizer, still runs.
        let out = k.run(&[
            "delete",
            "clientprofiles.csi.ceph.io",
            "--all",
            "-n",
            "rook-ceph",
            "--timeout=60s",
        ]);
        let said = text(&out);
        if !out.status.success()
            && !said.contains("NotFound")
            && !said.contains("doesn't have a resource type")
            && !said.contains("no matching resources")
        {
            return Err(format!("{name}: deleting Ceph's ClientProfile: {said}"));
        }
    }
    let out = if ceph.is_empty() {
        k.run(&["delete", "-f", f, "--timeout=120s"])
    } else {
        k.run(&["delete", "-f", f, "--timeout=120s", "--ignore-not-found"])
    };
    let said = text(&out);
    let has = |kind: &str| objs.iter().any(|o| o["kind"] == kind);
    let crd_kinds: Vec<String> = objs
        .iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition")
        .map(|o| {
            let spec = &o["spec"];
            format!(
                "{}.{}",
                spec["names"]["plural"].as_str().unwrap_or(""),
                spec["group"].as_str().unwrap_or("")
            )
        })
        .collect();
    let dsci = "admission webhook \"operator.opendatahub.io\" denied the request: Cannot delete DSCInitialization object when DataScienceCluster object still exists";
    let expected = |line: &str| {
        (has("DSCInitialization") && has("DataScienceCluster") && line.contains(dsci))
            || (line.contains("(NotFound)")
                && crd_kinds
                    .iter()
                    .any(|k| line.contains(&format!("(delete {k} "))))
            // A custom resource listed after its CRD, which took it along (and whose
            // resource the server no longer serves).
            || (line.contains("(NotFound)")
                && !crd_kinds.is_empty()
                && line.contains("the server could not find the requested resource"))
            // Rook's namespace held by the mon Secret's and ConfigMap's finalizer (below).
            || (!ceph.is_empty() && line.ends_with("on namespaces/rook-ceph"))
    };
    let errors: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("Error") || l.starts_with("error: timed out waiting"))
        .collect();
    if let Some(bad) = errors.iter().find(|l| !expected(l)) {
        return Err(format!("{name}: unexpected: {bad}\n{said}"));
    }
    if errors.is_empty() != out.status.success() {
        return Err(format!("{name}: exit status and errors disagree: {said}"));
    }
    if !errors.is_empty() {
        let again = k.run(&["delete", "-f", f, "--ignore-not-found", "--timeout=30s"]);
        if !again.status.success() {
            // KServe's and DSPO's finalizers outlive their controllers when everything goes in
            // one pass (the DSC's deletion takes the operator's KServe and DSPO away): what a
            // user then does by hand.
            // Rook's teardown guide (ceph-teardown.md, "Removing the Cluster CRD Finalizer")
            // names the mon Secret and endpoints ConfigMap whose finalizers can outlive it.
            let mons: Vec<(serde_json::Value, &str)> = if ceph.is_empty() {
                Vec::new()
            } else {
                ["rook-ceph-mon", "rook-ceph-mon-endpoints"]
                    .iter()
                    .zip(["secret", "configmap"])
                    .map(|(n, r)| {
                        let o =
                            serde_json::json!({"metadata": {"name": n, "namespace": "rook-ceph"}});
                        (o, r)
                    })
                    .collect()
            };
            let held: Vec<(&serde_json::Value, &str)> = mons
                .iter()
                .map(|(o, r)| (o, *r))
                .chain(objs.iter().filter_map(|o| match o["kind"].as_str() {
                    Some("InferenceService") => Some((o, "inferenceservice.serving.kserve.io")),
                    Some("DataSciencePipelinesApplication") => Some((
                        o,
                        "datasciencepipelinesapplication.datasciencepipelinesapplications.opendatahub.io",
                    )),
                    _ => None,
                }))
                .collect();
            if held.is_empty() {
                return Err(format!("{name}: second delete: {}", text(&again)));
            }
            for (isvc, resource) in held {
                let meta = &isvc["metadata"];
                let (ns, n) = (
                    meta["namespace"].as_str().unwrap(),
                    meta["name"].as_str().unwrap(),
                );
                let target = format!("{resource}/{n}");
                let out = k.run(&[
                    "patch",
                    &target,
                    "-n",
                    ns,
                    "--type=merge",
                    "-p",
                    r#"{"metadata":{"finalizers":null}}"#,
                ]);
                let said = text(&out);
                if !out.status.success()
                    && !said.contains("NotFound")
                    && !said.contains("doesn't have a resource type")
                {
                    return Err(format!("{name}: removing the finalizer of {n}: {said}"));
                }
            }
            let mut namespaces: Vec<&str> = objs
                .iter()
                .filter(|o| o["kind"] == "Namespace")
                .filter_map(|o| o["metadata"]["name"].as_str())
                .collect();
            namespaces.dedup();
            for ns in namespaces {
                let out = k.run(&[
                    "wait",
                    "--for=delete",
                    &format!("namespace/{ns}"),
                    "--timeout=120s",
                ]);
                if !out.status.success() && !text(&out).contains("NotFound") {
                    let left: Vec<String> =
                        k.tc.all_objects()
                            .iter()
                            .filter(|o| o["metadata"]["namespace"] == ns)
                            .map(|o| {
                                format!(
                                    "{}/{} finalizers {}",
                                    o["kind"].as_str().unwrap_or(""),
                                    o["metadata"]["name"].as_str().unwrap_or(""),
                                    o["metadata"]["finalizers"]
                                )
                            })
                            .collect();
                    return Err(format!(
                        "{name}: namespace {ns} stays, holding {left:?}: {}",
                        text(&out)
                    ));
                }
            }
        }
    }
    for o in objects(file) {
        let meta = &o["metadata"];
        let (av, kind) = (
            o["apiVersion"].as_str().unwrap(),
            o["kind"].as_str().unwrap(),
        );
        let ns = meta["namespace"].as_str().unwrap_or("");
        let n = meta["name"].as_str().unwrap();
        if k.tc.get(av, kind, ns, n).is_some() {
            return Err(format!("{name}: {kind} {ns}/{n} is still there"));
        }
    }
    Ok(())
}

#[test]
fn kubectl_deletes_every_rendered_profile() {
    let queue = Mutex::new(snapshots());
    assert_eq!(queue.lock().unwrap().len(), 18, "the committed snapshots");
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                loop {
                    let Some(file) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    if let Err(e) = apply_then_delete(&file) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
