//! Replays the recorded real-apiserver requests (tests/transcripts/*.json) against the simulated
//! cluster, in recording order, and compares status codes and bodies (ignoring volatile values).

mod common;

use common::{assert_matches, client, client_with, differences, raw, replay, transcript};
use odh_testcluster::{Options, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

fn names(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Compares the entries of an expected resource list that the simulated cluster also serves.
fn compare_resource_lists(t: &Value, got: &Value) {
    let exp = &t["response"]["body"];
    assert_eq!(exp["kind"], got["kind"]);
    assert_eq!(
        exp.get("apiVersion"),
        got.get("apiVersion"),
        "apiVersion presence"
    );
    assert_eq!(exp["groupVersion"], got["groupVersion"]);
    let ours = got["resources"].as_array().unwrap();
    let mut compared = 0;
    for e in exp["resources"].as_array().unwrap() {
        if let Some(a) = ours.iter().find(|a| a["name"] == e["name"]) {
            let d = differences(e, a, &[]);
            assert!(d.is_empty(), "{}: {}", e["name"], d.join("; "));
            compared += 1;
        }
    }
    assert!(compared >= 3, "compared only {compared}");
}

fn compare_aggregated(t: &Value, got: &Value) {
    let exp = &t["response"]["body"];
    assert_eq!(exp["kind"], got["kind"]);
    assert_eq!(exp["apiVersion"], got["apiVersion"]);
    for eg in exp["items"].as_array().unwrap() {
        let g = got["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["metadata"] == eg["metadata"])
            .unwrap_or_else(|| panic!("group {}", eg["metadata"]));
        for ev in eg["versions"].as_array().unwrap() {
            let v = g["versions"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["version"] == ev["version"])
                .unwrap();
            assert_eq!(v["freshness"], ev["freshness"]);
            for er in ev["resources"].as_array().unwrap() {
                let Some(ar) = v["resources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|r| r["resource"] == er["resource"])
                else {
                    continue;
                };
                let mut e2 = er.clone();
                let mut a2 = ar.clone();
                let esubs = e2.as_object_mut().unwrap().remove("subresources");
                let asubs = a2.as_object_mut().unwrap().remove("subresources");
                let d = differences(&e2, &a2, &[]);
                assert!(d.is_empty(), "{}: {}", er["resource"], d.join("; "));
                for s in asubs
                    .and_then(|s| s.as_array().cloned())
                    .unwrap_or_default()
                {
                    let es = esubs.as_ref().and_then(|e| e.as_array()).and_then(|e| {
                        e.iter()
                            .find(|x| x["subresource"] == s["subresource"])
                            .cloned()
                    });
                    if let Some(es) = es {
                        assert_eq!(es, s, "{} subresource", er["resource"]);
                    }
                }
            }
        }
    }
}

async fn watch_lines(client: &kube::Client, uri: &str, accept: &str) -> Vec<Value> {
    let r = raw(client, "GET", uri, &[("Accept", accept)], Vec::new()).await;
    assert_eq!(r.status, 200);
    String::from_utf8_lossy(&r.body)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("event"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transcripts_match_real_apiserver() {
    let tc = TestCluster::start(
        Options::default()
            .ready_after(Duration::from_millis(200))
            .bookmark_interval(Duration::from_millis(800))
            .namespace_grace(Duration::from_secs(1)),
    )
    .await
    .unwrap();
    let c = client(&tc).await;
    let ro = client_with(&tc, Some(odh_testcluster::READONLY_CONTEXT), false).await;

    // Discovery.
    let t = transcript("01");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 200);
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&t["response"]["body"]), keys(&r.json()));
    let t = transcript("02");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    let t = transcript("03");
    let r = replay(&c, &t).await;
    let got = r.json();
    assert_eq!(got["kind"], "APIGroupList");
    let exp_groups = t["response"]["body"]["groups"].as_array().unwrap();
    for g in got["groups"].as_array().unwrap() {
        if let Some(e) = exp_groups.iter().find(|e| e["name"] == g["name"]) {
            assert_eq!(e, g);
        }
    }
    for p in ["04", "05"] {
        let t = transcript(p);
        let r = replay(&c, &t).await;
        compare_resource_lists(&t, &r.json());
    }
    for p in ["06", "07"] {
        let t = transcript(p);
        let r = replay(&c, &t).await;
        assert_eq!(
            r.content_type(),
            t["response"]["headers"]["Content-Type"].as_str().unwrap()
        );
        compare_aggregated(&t, &r.json());
    }

    // Create, server-side apply, conflicts, errors.
    for p in ["08", "09", "10", "11"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }
    let before =
        tc.get("v1", "ConfigMap", "tx-main", "settings").unwrap()["metadata"]["resourceVersion"]
            .clone();
    let t = transcript("12");
    let r = replay(&c, &t).await;
    assert_matches(&t, &r, &[]);
    assert_eq!(
        r.json()["metadata"]["resourceVersion"],
        before,
        "no-op apply must not write"
    );
    for p in ["13", "14", "15", "16", "17", "18", "19", "20", "21"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }
    let t = transcript("22");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 201);
    let warning = r
        .headers
        .get("warning")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert_eq!(warning, "299 - \"unknown field \\\"spec.bogusField\\\"\"");
    let mut got = r.json();
    got["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("managedFields");
    let mut exp = t["response"]["body"].clone();
    exp["metadata"]
        .as_object_mut()
        .unwrap()
        .remove("managedFields");
    let d = differences(&exp, &got, &[]);
    assert!(d.is_empty(), "22: {}", d.join("; "));
    for p in ["23", "24", "25"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }

    // Lists: the recording had two more ConfigMaps created by curl.
    for n in ["settings-2", "settings-3"] {
        let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n, "labels": {"app.kubernetes.io/part-of": "odh-demo"}}, "data": {"n": n}});
        let r = raw(
            &c,
            "POST",
            "/api/v1/namespaces/tx-main/configmaps",
            &[
                ("Content-Type", "application/json"),
                ("User-Agent", "curl/8.5.0"),
            ],
            serde_json::to_vec(&body).unwrap(),
        )
        .await;
        assert_eq!(r.status, 201);
    }
    let t = transcript("26");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    let t = transcript("27");
    let r = replay(&c, &t).await;
    let page1 = r.json();
    assert_eq!(page1["items"].as_array().unwrap().len(), 1);
    assert_eq!(page1["items"][0]["metadata"]["name"], "kube-root-ca.crt");
    assert_eq!(page1["metadata"]["remainingItemCount"], 3);
    let token = page1["metadata"]["continue"].as_str().unwrap().to_string();
    let r = raw(
        &c,
        "GET",
        &format!("/api/v1/namespaces/tx-main/configmaps?limit=1&continue={token}"),
        &[],
        Vec::new(),
    )
    .await;
    let page2 = r.json();
    assert_eq!(page2["items"][0]["metadata"]["name"], "settings");
    assert_eq!(
        page2["metadata"]["resourceVersion"],
        page1["metadata"]["resourceVersion"]
    );
    assert_eq!(page2["metadata"]["remainingItemCount"], 2);
    let t = transcript("29");
    let r = replay(&c, &t).await;
    let tb = r.json();
    assert_eq!(tb["kind"], "Table");
    let cols = |v: &Value| {
        v["columnDefinitions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(cols(&tb), cols(&t["response"]["body"]));
    assert_eq!(tb["rows"].as_array().unwrap().len(), 3);
    assert_eq!(tb["rows"][0]["cells"][0], "settings");
    assert_eq!(tb["rows"][0]["cells"][1], 2);
    assert_eq!(tb["rows"][0]["object"]["kind"], "PartialObjectMetadata");

    // Watch: create, patch, delete while watching.
    let rv = tc.resource_version();
    let c2 = c.clone();
    let watcher = tokio::spawn(async move {
        watch_lines(&c2, &format!("/api/v1/namespaces/tx-main/configmaps?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=2"), "application/json").await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "watched", "labels": {"step": "created"}}, "data": {"v": "1"}});
    raw(
        &c,
        "POST",
        "/api/v1/namespaces/tx-main/configmaps",
        &[
            ("Content-Type", "application/json"),
            ("User-Agent", "curl/8.5.0"),
        ],
        serde_json::to_vec(&body).unwrap(),
    )
    .await;
    raw(
        &c,
        "PATCH",
        "/api/v1/namespaces/tx-main/configmaps/watched",
        &[
            ("Content-Type", "application/merge-patch+json"),
            ("User-Agent", "curl/8.5.0"),
        ],
        br#"{"data":{"v":"2"}}"#.to_vec(),
    )
    .await;
    raw(
        &c,
        "DELETE",
        "/api/v1/namespaces/tx-main/configmaps/watched",
        &[],
        Vec::new(),
    )
    .await;
    let events = watcher.await.unwrap();
    let t = transcript("30");
    let exp = t["response"]["body"].as_array().unwrap();
    for i in 0..3 {
        assert_eq!(events[i]["type"], exp[i]["type"]);
        let d = differences(&exp[i], &events[i], &[]);
        assert!(d.is_empty(), "30 event {i}: {}", d.join("; "));
    }
    assert!(
        events.len() >= 4 && events[3..].iter().all(|e| e["type"] == "BOOKMARK"),
        "{events:?}"
    );
    assert_eq!(events[3]["object"].as_object().unwrap().keys().count(), 3);
    let t = transcript("31");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 200);
    let ev: Value = serde_json::from_slice(r.body.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(ev["type"], "ERROR");
    let d = differences(&t["response"]["body"][0], &ev, &["message"]);
    assert!(d.is_empty(), "31: {}", d.join("; "));
    assert!(
        ev["object"]["message"]
            .as_str()
            .unwrap()
            .starts_with("too old resource version: 1 (")
    );
    let t = transcript("32");
    let q = "watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=app.kubernetes.io%2Fpart-of%3Dodh-demo&timeoutSeconds=1";
    let events = watch_lines(
        &c,
        &format!("/api/v1/namespaces/tx-main/configmaps?{q}"),
        "application/json",
    )
    .await;
    let exp = t["response"]["body"].as_array().unwrap();
    for i in 0..3 {
        let d = differences(&exp[i], &events[i], &[]);
        assert!(d.is_empty(), "32 event {i}: {}", d.join("; "));
    }
    assert_eq!(events[3]["type"], "BOOKMARK");
    assert_eq!(
        events[3]["object"]["metadata"]["annotations"],
        exp[3]["object"]["metadata"]["annotations"]
    );

    // CRDs.
    let t = transcript("33");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    for p in ["34", "35", "36", "37", "38", "39", "40", "41"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }

    // Deployments and their controllers.
    let t = transcript("42");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let t = transcript("43");
    let r = replay(&c, &t).await;
    let early = r.json();
    assert_eq!(early["status"]["observedGeneration"], 1);
    assert!(
        tc.wait_for_async(Duration::from_secs(10), |tc| {
            tc.get("apps/v1", "Deployment", "tx-main", "web")
                .is_some_and(|d| d["status"]["availableReplicas"] == 2)
        })
        .await
    );
    let t = transcript("44");
    let got = replay(&c, &t).await.json();
    let exp = &t["response"]["body"];
    assert_eq!(
        exp["metadata"]["annotations"],
        got["metadata"]["annotations"]
    );
    let d = differences(&exp["status"], &got["status"], &["message"]);
    assert!(d.is_empty(), "44: {}", d.join("; "));
    let rs_name = got["status"]["conditions"][1]["message"]
        .as_str()
        .unwrap()
        .split('"')
        .nth(1)
        .unwrap()
        .to_string();
    let r = raw(
        &c,
        "GET",
        &format!("/apis/apps/v1/namespaces/tx-main/replicasets/{rs_name}"),
        &[],
        Vec::new(),
    )
    .await;
    let rs = r.json();
    let t = transcript("45");
    let exp = &t["response"]["body"];
    let d = differences(&exp["status"], &rs["status"], &[]);
    assert!(d.is_empty(), "45: {}", d.join("; "));
    let ann: Vec<&String> = rs["metadata"]["annotations"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        ann,
        exp["metadata"]["annotations"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>()
    );
    let d = differences(
        &exp["metadata"]["ownerReferences"],
        &rs["metadata"]["ownerReferences"],
        &[],
    );
    assert!(d.is_empty(), "45 owner: {}", d.join("; "));
    let pods = tc.list_in("v1", "Pod", Some("tx-main"));
    assert_eq!(pods.len(), 2);
    let t = transcript("46");
    let exp = &t["response"]["body"];
    assert_eq!(pods[0]["status"]["phase"], exp["status"]["phase"]);
    for ct in ["PodScheduled", "Initialized", "ContainersReady", "Ready"] {
        let c = pods[0]["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == ct)
            .unwrap();
        assert_eq!(c["status"], "True", "{ct}");
    }
    let d = differences(
        &exp["status"]["containerStatuses"][0]["state"],
        &pods[0]["status"]["containerStatuses"][0]["state"],
        &[],
    );
    assert!(d.is_empty(), "46: {}", d.join("; "));
    let t = transcript("47");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    let t = transcript("48");
    let r = replay(&c, &t).await;
    assert_matches(&t, &r, &["clusterIPs"]);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| !tc
            .list_in("discovery.k8s.io/v1", "EndpointSlice", Some("tx-main"))
            .is_empty())
            .await
    );
    let t = transcript("49");
    let got = replay(&c, &t).await.json();
    let exp = &t["response"]["body"];
    let (e0, g0) = (&exp["items"][0], &got["items"][0]);
    assert_eq!(e0["ports"], g0["ports"]);
    assert_eq!(e0["addressType"], g0["addressType"]);
    assert_eq!(e0["metadata"]["labels"], g0["metadata"]["labels"]);
    assert_eq!(g0["endpoints"].as_array().unwrap().len(), 2);
    assert_eq!(
        e0["endpoints"][0]["conditions"],
        g0["endpoints"][0]["conditions"]
    );
    for p in ["50", "51", "52", "53", "54", "55", "56"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }
    let t = transcript("57");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 201);
    let token = r.json()["status"]["token"].as_str().unwrap().to_string();
    let limited = common::client_with_token(&tc, &token).await;

    // Authorization.
    let t = transcript("58");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"], json!({"allowed": true}));
    assert_eq!(r.json()["spec"], t["response"]["body"]["spec"]);
    // The ServiceAccount `limited` (no bindings) is refused exactly as recorded.
    for p in ["59", "60", "61", "62", "64"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&limited, &t).await, &[]);
    }
    // The read-only user may read (61 and 62 were denied reads for an unbound service account).
    for p in ["61", "62"] {
        assert_eq!(replay(&ro, &transcript(p)).await.status, 200);
    }
    // kubectl auth can-i sends protobuf; the answer comes back as JSON.
    let t = transcript("82");
    let hex: String = t["request"]["body"]
        .as_str()
        .unwrap()
        .lines()
        .map(|l| l[10..58].replace(' ', ""))
        .collect();
    let pb: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let r = raw(
        &c,
        "POST",
        "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        &[
            ("Content-Type", "application/vnd.kubernetes.protobuf"),
            (
                "Accept",
                "application/vnd.kubernetes.protobuf,application/json",
            ),
        ],
        pb,
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.json()["status"]["allowed"], true);
    assert_eq!(
        r.json()["spec"]["resourceAttributes"]["resource"],
        "configmaps"
    );
    let t = transcript("63");
    let bogus = common::client_with_token(&tc, "bogus").await;
    let r = replay(&bogus, &t).await;
    assert_matches(&t, &r, &[]);

    // Finalizers and namespace termination.
    raw(
        &c,
        "POST",
        "/api/v1/namespaces",
        &[
            ("Content-Type", "application/json"),
            ("User-Agent", "curl/8.5.0"),
        ],
        br#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"tx-fin"}}"#.to_vec(),
    )
    .await;
    for p in ["65", "66", "67", "68"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Namespace", "", "tx-fin")
            .is_some_and(|n| n["status"]["conditions"].is_array()))
            .await
    );
    let t = transcript("69");
    let got = replay(&c, &t).await.json();
    let d = differences(&t["response"]["body"]["status"], &got["status"], &[]);
    assert!(d.is_empty(), "69: {}", d.join("; "));
    for p in ["70", "71", "72"] {
        let t = transcript(p);
        assert_matches(&t, &replay(&c, &t).await, &[]);
    }
    // Until the controller's next pass the namespace lingers with the stale conditions.
    let t = transcript("73");
    let got = replay(&c, &t).await.json();
    let d = differences(&t["response"]["body"]["status"], &got["status"], &[]);
    assert!(d.is_empty(), "73: {}", d.join("; "));
    assert_eq!(got["spec"], t["response"]["body"]["spec"]);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "Namespace", "", "tx-fin")
            .is_none())
            .await
    );
    let t = transcript("74");
    assert_matches(&t, &replay(&c, &t).await, &[]);

    // Foreground deletion.
    let t = transcript("75");
    let got = replay(&c, &t).await;
    assert_eq!(got.status, 200);
    let g = got.json();
    assert_eq!(g["metadata"]["finalizers"], json!(["foregroundDeletion"]));
    assert_eq!(g["metadata"]["generation"], 2);
    assert_eq!(g["metadata"]["deletionGracePeriodSeconds"], 0);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("apps/v1", "Deployment", "tx-main", "web")
            .is_none())
            .await
    );
    assert!(
        tc.list_in("apps/v1", "ReplicaSet", Some("tx-main"))
            .is_empty()
    );
    let t = transcript("78");
    assert_matches(&t, &replay(&c, &t).await, &[]);

    // What kubectl sends.
    let t = transcript("79");
    assert_matches(&t, &replay(&c, &t).await, &[]);
    let t = transcript("80");
    let r = replay(&c, &t).await;
    assert_matches(&t, &r, &[]);

    // Watch as Table.
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "ConfigMap", "tx-main", "kubectl-applied")
            .is_none())
            .await
    );
    tokio::time::sleep(Duration::from_millis(50)).await;
    let rv = tc.resource_version();
    let c2 = c.clone();
    let watcher = tokio::spawn(async move {
        watch_lines(&c2, &format!("/api/v1/namespaces/tx-main/configmaps?resourceVersion={rv}&watch=true&timeoutSeconds=1"), "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json").await
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    raw(&c, "POST", "/api/v1/namespaces/tx-main/configmaps", &[("Content-Type", "application/json")], br#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"table-watched"},"data":{"a":"b"}}"#.to_vec()).await;
    raw(
        &c,
        "DELETE",
        "/api/v1/namespaces/tx-main/configmaps/table-watched",
        &[],
        Vec::new(),
    )
    .await;
    let events = watcher.await.unwrap();
    let t = transcript("83");
    let exp = t["response"]["body"].as_array().unwrap();
    let types = |v: &[Value]| v.iter().map(|e| e["type"].clone()).collect::<Vec<_>>();
    assert_eq!(types(&events), types(exp));
    assert_eq!(events[0]["object"]["kind"], "Table");
    assert!(events[0]["object"]["columnDefinitions"].is_array());
    assert!(events[1]["object"]["columnDefinitions"].is_null());
    assert_eq!(events[0]["object"]["rows"][0]["cells"][0], "table-watched");

    // CRD deletion removes the served resource.
    let t = transcript("84");
    let r = replay(&c, &t).await;
    assert_eq!(r.status, 200);
    let g = r.json();
    assert_eq!(
        g["metadata"]["finalizers"],
        json!(["customresourcecleanup.apiextensions.k8s.io"])
    );
    assert!(
        g["status"]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["type"] == "Terminating" && c["reason"] == "InstanceDeletionPending")
    );
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "widgets.example.odh.test"
            )
            .is_none())
            .await
    );
    for p in ["85", "86"] {
        let t = transcript(p);
        let r = replay(&c, &t).await;
        assert_eq!(
            r.content_type(),
            t["response"]["headers"]["Content-Type"].as_str().unwrap()
        );
        assert_matches(&t, &r, &[]);
    }
    let _ = names(&json!({}), "x");
}
