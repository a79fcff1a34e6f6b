//! API semantics: field-level server-side apply, CRDs adding types, namespace termination with a
//! stuck finalizer, garbage collection, generation, dry run, selectors and paging, watch expiry.

mod common;

use common::{client, raw};
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, ListParams, Patch, PatchParams};
use odh_testcluster::{Options, STUCK_FINALIZER, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

async fn cluster() -> TestCluster {
    let tc = TestCluster::start(
        Options::default()
            .ready_after(Duration::from_millis(50))
            .namespace_grace(Duration::from_millis(400)),
    )
    .await
    .unwrap();
    tc.apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "t"}}))
        .unwrap();
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "ConfigMap", "t", "kube-root-ca.crt")
            .is_some())
            .await
    );
    tc
}

async fn apply(c: &kube::Client, manager: &str, force: bool, body: Value) -> common::Raw {
    let name = body["metadata"]["name"].as_str().unwrap().to_string();
    let path = match body["kind"].as_str().unwrap() {
        "ConfigMap" => format!("/api/v1/namespaces/t/configmaps/{name}"),
        "Deployment" => format!("/apis/apps/v1/namespaces/t/deployments/{name}"),
        other => panic!("{other}"),
    };
    raw(
        c,
        "PATCH",
        &format!("{path}?fieldManager={manager}&force={force}"),
        &[("Content-Type", "application/apply-patch+yaml")],
        serde_json::to_vec(&body).unwrap(),
    )
    .await
}

fn cm(data: Value) -> Value {
    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "t"}, "data": data})
}

#[tokio::test]
async fn ssa_conflicts_force_and_removal() {
    let tc = cluster().await;
    let c = client(&tc).await;
    assert_eq!(
        apply(&c, "a", false, cm(json!({"x": "1", "y": "1"})))
            .await
            .status,
        201
    );
    let r = apply(&c, "b", false, cm(json!({"x": "2", "z": "2"}))).await;
    assert_eq!(r.status, 409);
    let body = r.json();
    assert_eq!(
        body["message"],
        "Apply failed with 1 conflict: conflict with \"a\": .data.x"
    );
    assert_eq!(body["details"]["causes"][0]["field"], ".data.x");
    // Same value: shared ownership, no conflict.
    assert_eq!(
        apply(&c, "b", false, cm(json!({"x": "1", "z": "2"})))
            .await
            .status,
        200
    );
    // Two conflicting fields.
    let r = apply(&c, "c", false, cm(json!({"x": "3", "y": "3"}))).await;
    assert_eq!(r.status, 409);
    let msg = r.json()["message"].as_str().unwrap().to_string();
    assert!(msg.starts_with("Apply failed with 3 conflicts: conflicts with \"a\":\n- .data.x\n- .data.y\nconflicts with \"b\":\n- .data.x"), "{msg}");
    // Force takes over.
    let r = apply(&c, "c", true, cm(json!({"x": "3"}))).await;
    assert_eq!(r.status, 200);
    let o = r.json();
    assert_eq!(o["data"], json!({"x": "3", "y": "1", "z": "2"}));
    let mf = o["metadata"]["managedFields"].as_array().unwrap();
    assert_eq!(
        mf.iter().find(|e| e["manager"] == "a").unwrap()["fieldsV1"],
        json!({"f:data": {"f:y": {}}})
    );
    // Manager a drops y: nobody else owns it, so it goes.
    let r = apply(&c, "a", false, json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "t"}})).await;
    assert_eq!(r.json()["data"], json!({"x": "3", "z": "2"}));
    assert!(
        r.json()["metadata"]["managedFields"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["manager"] != "a")
    );
    // Identical re-apply does not write.
    let rv = tc.resource_version();
    assert_eq!(
        apply(&c, "c", false, cm(json!({"x": "3"}))).await.status,
        200
    );
    assert_eq!(tc.resource_version(), rv);
    // A list of containers merges by name.
    let dep = |containers: Value| {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d", "namespace": "t"},
        "spec": {"selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": containers}}}})
    };
    apply(
        &c,
        "one",
        false,
        dep(json!([{"name": "main", "image": "x:1"}])),
    )
    .await;
    let r = apply(
        &c,
        "two",
        false,
        dep(json!([{"name": "side", "image": "y:1"}])),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let names: Vec<Value> = r.json()["spec"]["template"]["spec"]["containers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("main"), json!("side")]);
    let r = apply(
        &c,
        "two",
        false,
        dep(json!([{"name": "main", "image": "x:2"}])),
    )
    .await;
    assert_eq!(r.status, 409);
    assert_eq!(
        r.json()["details"]["causes"][0]["field"],
        ".spec.template.spec.containers[name=\"main\"].image"
    );
}

#[tokio::test]
async fn generation_dry_run_and_status() {
    let tc = cluster().await;
    let c = client(&tc).await;
    let d = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "g", "namespace": "t"},
        "spec": {"replicas": 0, "selector": {"matchLabels": {"a": "b"}}, "template": {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "m", "image": "x:1"}]}}}});
    assert_eq!(
        apply(&c, "m", false, d.clone()).await.json()["metadata"]["generation"],
        1
    );
    let mut labelled = d.clone();
    labelled["metadata"]["labels"] = json!({"l": "1"});
    assert_eq!(
        apply(&c, "m", false, labelled.clone()).await.json()["metadata"]["generation"],
        1
    );
    let mut scaled = labelled.clone();
    scaled["spec"]["replicas"] = json!(1);
    assert_eq!(
        apply(&c, "m", false, scaled).await.json()["metadata"]["generation"],
        2
    );
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("apps/v1", "Deployment", "t", "g")
            .unwrap()["status"]["observedGeneration"]
            == 2)
            .await
    );
    assert_eq!(
        tc.get("apps/v1", "Deployment", "t", "g").unwrap()["metadata"]["generation"],
        2
    );
    // Status writes through the main resource are ignored.
    let r = raw(
        &c,
        "PATCH",
        "/apis/apps/v1/namespaces/t/deployments/g",
        &[("Content-Type", "application/merge-patch+json")],
        br#"{"status":{"replicas":42}}"#.to_vec(),
    )
    .await;
    assert_ne!(r.json()["status"]["replicas"], 42);
    // Dry run stores nothing.
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/t/configmaps?dryRun=All",
        &[("Content-Type", "application/json")],
        br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 201);
    assert!(r.json()["metadata"].get("resourceVersion").is_none());
    assert!(tc.get("v1", "ConfigMap", "t", "dry").is_none());
    // Create in a missing namespace.
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/nope/configmaps",
        &[("Content-Type", "application/json")],
        br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "namespaces \"nope\" not found");
}

#[tokio::test]
async fn selectors_and_paging() {
    let tc = cluster().await;
    for (n, tier) in [("a", "web"), ("b", "api"), ("c", "db"), ("d", "")] {
        let mut o = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n, "namespace": "t", "labels": {"group": "g"}}});
        if !tier.is_empty() {
            o["metadata"]["labels"]["tier"] = json!(tier);
        }
        tc.apply(&o).unwrap();
    }
    let c = client(&tc).await;
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "t");
    let names = |l: kube::api::ObjectList<ConfigMap>| {
        l.items
            .into_iter()
            .map(|o| o.metadata.name.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("tier in (web,api)"))
                .await
                .unwrap()
        ),
        vec!["a", "b"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("group=g,tier notin (web)"))
                .await
                .unwrap()
        ),
        vec!["b", "c", "d"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("group,!tier"))
                .await
                .unwrap()
        ),
        vec!["d"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().labels("tier!=db,group==g"))
                .await
                .unwrap()
        ),
        vec!["a", "b", "d"]
    );
    assert_eq!(
        names(
            cms.list(&ListParams::default().fields("metadata.name=c"))
                .await
                .unwrap()
        ),
        vec!["c"]
    );
    let all: Api<ConfigMap> = Api::all(c.clone());
    assert_eq!(
        names(
            all.list(
                &ListParams::default()
                    .fields("metadata.namespace=t,metadata.name!=kube-root-ca.crt")
            )
            .await
            .unwrap()
        ),
        vec!["a", "b", "c", "d"]
    );
    // Paging.
    let mut seen = Vec::new();
    let mut lp = ListParams::default().limit(2);
    loop {
        let page = cms.list(&lp).await.unwrap();
        let token = page.metadata.continue_.clone();
        seen.extend(names(page));
        match token {
            Some(t) if !t.is_empty() => lp = lp.continue_token(&t),
            _ => break,
        }
    }
    assert_eq!(seen, vec!["a", "b", "c", "d", "kube-root-ca.crt"]);
    let bad = raw(
        &c,
        "GET",
        "/api/v1/namespaces/t/configmaps?labelSelector=a%20in%20b",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(bad.status, 400);
}

#[tokio::test]
async fn crd_adds_a_type() {
    let tc = cluster().await;
    let c = client(&tc).await;
    let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "gadgets.example.odh.test"},
        "spec": {"group": "example.odh.test", "scope": "Namespaced",
            "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget", "shortNames": ["gd"]},
            "versions": [{"name": "v1", "served": true, "storage": true, "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "properties": {"spec": {"type": "object", "properties": {"n": {"type": "integer"}}},
                    "status": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}}}}]}});
    assert_eq!(
        raw(&c, "GET", "/apis/example.odh.test/v1", &[], Vec::new())
            .await
            .status,
        404
    );
    let r = raw(
        &c,
        "POST",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        &[("Content-Type", "application/json")],
        serde_json::to_vec(&crd).unwrap(),
    )
    .await;
    assert_eq!(r.status, 201);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| {
            tc.get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "gadgets.example.odh.test",
            )
            .is_some_and(|c| {
                c["status"]["conditions"].as_array().is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c["type"] == "Established" && c["status"] == "True")
                })
            })
        })
        .await
    );
    let d = kube::discovery::Discovery::new(c.clone())
        .run()
        .await
        .unwrap();
    assert!(
        d.resolve_gvk(&kube::api::GroupVersionKind::gvk(
            "example.odh.test",
            "v1",
            "Gadget"
        ))
        .is_some()
    );
    let gadget = json!({"apiVersion": "example.odh.test/v1", "kind": "Gadget", "metadata": {"name": "g1", "namespace": "t"}, "spec": {"n": 1}});
    let r = raw(
        &c,
        "PATCH",
        "/apis/example.odh.test/v1/namespaces/t/gadgets/g1?fieldManager=odh",
        &[("Content-Type", "application/apply-patch+yaml")],
        serde_json::to_vec(&gadget).unwrap(),
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["metadata"]["generation"], 1);
    // Status subresource: no generation bump, and the main resource ignores status.
    let r = raw(
        &c,
        "PATCH",
        "/apis/example.odh.test/v1/namespaces/t/gadgets/g1/status",
        &[("Content-Type", "application/merge-patch+json")],
        br#"{"status":{"ok":true}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["status"]["ok"], true);
    assert_eq!(r.json()["metadata"]["generation"], 1);
    let r = raw(
        &c,
        "PATCH",
        "/apis/example.odh.test/v1/namespaces/t/gadgets/g1",
        &[("Content-Type", "application/merge-patch+json")],
        br#"{"spec":{"n":2},"status":{"ok":false}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.json()["metadata"]["generation"], 2);
    assert_eq!(r.json()["status"]["ok"], true);
    // Strategic merge patch is refused for custom resources.
    let r = raw(
        &c,
        "PATCH",
        "/apis/example.odh.test/v1/namespaces/t/gadgets/g1",
        &[("Content-Type", "application/strategic-merge-patch+json")],
        br#"{"spec":{"n":3}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 415);
    // Deleting the CRD removes the instances and the type.
    raw(
        &c,
        "DELETE",
        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.odh.test",
        &[],
        Vec::new(),
    )
    .await;
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "gadgets.example.odh.test"
            )
            .is_none())
            .await
    );
    let r = raw(
        &c,
        "GET",
        "/apis/example.odh.test/v1/namespaces/t/gadgets",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(String::from_utf8_lossy(&r.body), "404 page not found\n");
}

#[tokio::test]
async fn namespace_termination_with_stuck_finalizer() {
    let tc = cluster().await;
    tc.faults().add_stuck_finalizer("ConfigMap/held-*");
    tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "held-1", "namespace": "t"}})).unwrap();
    tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "free", "namespace": "t"}})).unwrap();
    let held = tc.get("v1", "ConfigMap", "t", "held-1").unwrap();
    assert_eq!(held["metadata"]["finalizers"], json!([STUCK_FINALIZER]));
    let c = client(&tc).await;
    let r = raw(&c, "DELETE", "/api/v1/namespaces/t", &[], Vec::new()).await;
    assert_eq!(r.json()["status"]["phase"], "Terminating");
    // Within the grace the content stays and the controller has written nothing.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        tc.get("v1", "ConfigMap", "t", "free").is_some(),
        "content stays during the grace"
    );
    let ns = tc.get("v1", "Namespace", "", "t").unwrap();
    assert!(ns["status"].get("conditions").is_none(), "{ns}");
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/t/configmaps",
        &[("Content-Type", "application/json")],
        br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late"}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["details"]["causes"][0]["reason"],
        "NamespaceTerminating"
    );
    assert!(tc.wait_for_async(Duration::from_secs(5), |tc| {
        let ns = tc.get("v1", "Namespace", "", "t").unwrap();
        ns["status"]["conditions"].as_array().is_some_and(|cs| {
            cs.iter().any(|c| c["type"] == "NamespaceFinalizersRemaining" && c["status"] == "True"
                && c["message"] == "Some content in the namespace has finalizers remaining: test.odh/stuck in 1 resource instances")
                && cs.iter().any(|c| c["type"] == "NamespaceContentRemaining" && c["message"] == "Some resources are remaining: configmaps. has 1 resource instances")
        })
    }).await, "{:?}", tc.get("v1", "Namespace", "", "t"));
    assert!(tc.get("v1", "ConfigMap", "t", "free").is_none());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        tc.get("v1", "Namespace", "", "t").is_some(),
        "stuck while the finalizer remains"
    );
    tc.remove_finalizer("v1", "ConfigMap", "t", "held-1", STUCK_FINALIZER)
        .unwrap();
    // The controller notices at its next pass, not at once (the conditions stay stale until then).
    let ns = tc.get("v1", "Namespace", "", "t").unwrap();
    assert_eq!(ns["spec"]["finalizers"], json!(["kubernetes"]));
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Namespace", "", "t")
            .is_none())
            .await
    );
}

#[tokio::test]
async fn an_empty_namespace_goes_one_grace_after_its_deletion() {
    let tc = cluster().await;
    let c = client(&tc).await;
    let started = std::time::Instant::now();
    let r = raw(&c, "DELETE", "/api/v1/namespaces/t", &[], Vec::new()).await;
    assert_eq!(r.status, 200);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Namespace", "", "t")
            .is_none())
            .await
    );
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400),
        "gone after {took:?}, within the grace"
    );
    // The namespace's default objects went with it, and the name can be used again.
    assert!(tc.list_in("v1", "ConfigMap", Some("t")).is_empty());
    tc.apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "t"}}))
        .unwrap();
}

#[tokio::test]
async fn garbage_collection_background_orphan_foreground() {
    let tc = cluster().await;
    let owner = |n: &str| {
        tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n, "namespace": "t"}})).unwrap()
    };
    let dependent = |n: &str, o: &Value| {
        tc.apply(&json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": n, "namespace": "t",
            "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": o["metadata"]["name"], "uid": o["metadata"]["uid"], "blockOwnerDeletion": true}]}}))
            .unwrap()
    };
    let c = client(&tc).await;
    let o1 = owner("o1");
    dependent("d1", &o1);
    raw(
        &c,
        "DELETE",
        "/api/v1/namespaces/t/configmaps/o1",
        &[],
        Vec::new(),
    )
    .await;
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Secret", "t", "d1")
            .is_none())
            .await
    );

    let o2 = owner("o2");
    dependent("d2", &o2);
    let r = raw(
        &c,
        "DELETE",
        "/api/v1/namespaces/t/configmaps/o2?propagationPolicy=Orphan",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(r.json()["metadata"]["finalizers"], json!(["orphan"]));
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "ConfigMap", "t", "o2")
            .is_none())
            .await
    );
    let d2 = tc
        .get("v1", "Secret", "t", "d2")
        .expect("orphaned dependent survives");
    assert!(d2["metadata"].get("ownerReferences").is_none());

    let o3 = owner("o3");
    dependent("d3", &o3);
    let mut held = dependent("d4", &o3);
    held["metadata"]["finalizers"] = json!(["example.odh.test/hold"]);
    tc.apply(&held).unwrap();
    let r = raw(
        &c,
        "DELETE",
        "/api/v1/namespaces/t/configmaps/o3",
        &[("Content-Type", "application/json")],
        br#"{"propagationPolicy":"Foreground"}"#.to_vec(),
    )
    .await;
    assert_eq!(
        r.json()["metadata"]["finalizers"],
        json!(["foregroundDeletion"])
    );
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Secret", "t", "d3")
            .is_none())
            .await
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        tc.get("v1", "ConfigMap", "t", "o3").is_some(),
        "owner waits for its blocking dependent"
    );
    tc.remove_finalizer("v1", "Secret", "t", "d4", "example.odh.test/hold")
        .unwrap();
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "ConfigMap", "t", "o3")
            .is_none())
            .await
    );
}

#[tokio::test]
async fn watch_gone_after_compaction_and_resume() {
    let tc = cluster().await;
    let c = client(&tc).await;
    tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "t"}})).unwrap();
    let old = tc.resource_version();
    tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b", "namespace": "t"}})).unwrap();
    // Resume from a recent version replays what happened since.
    let r = raw(
        &c,
        "GET",
        &format!(
            "/api/v1/namespaces/t/configmaps?watch=true&resourceVersion={old}&timeoutSeconds=1"
        ),
        &[],
        Vec::new(),
    )
    .await;
    let text = String::from_utf8_lossy(&r.body).into_owned();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["type"], "ADDED");
    assert_eq!(first["object"]["metadata"]["name"], "b");
    tc.compact();
    let r = raw(
        &c,
        "GET",
        &format!(
            "/api/v1/namespaces/t/configmaps?watch=true&resourceVersion={old}&timeoutSeconds=1"
        ),
        &[],
        Vec::new(),
    )
    .await;
    let ev: Value =
        serde_json::from_str(String::from_utf8_lossy(&r.body).lines().next().unwrap()).unwrap();
    assert_eq!(ev["type"], "ERROR");
    assert_eq!(ev["object"]["code"], 410);
    assert_eq!(ev["object"]["reason"], "Expired");
    // kube's watcher relists after a 410 and keeps going.
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "t");
    let pp = PatchParams::apply("odh");
    let cm: ConfigMap = serde_json::from_value(
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "z"}}),
    )
    .unwrap();
    cms.patch("z", &pp, &Patch::Apply(&cm)).await.unwrap();
    assert!(tc.get("v1", "ConfigMap", "t", "z").is_some());
}
