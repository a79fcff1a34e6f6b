//! One scenario of many steps against the test cluster, each answer compared with what a real
//! kube-apiserver 1.36 answered to the same request (tests/transcripts/, recorded as described in
//! their README): status code, Content-Type, and shape — the same key set at every level, the
//! same JSON types and list lengths, the same kinds, reasons and types (`common::shape`).
//! Differences that are known and explained are skipped by path, each with its reason.

mod common;

use common::{Raw, client, client_with, client_with_token, raw, replay, shape, transcript};
use odh_testcluster::{Options, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

struct Scenario {
    tc: TestCluster,
    admin: kube::Client,
    failures: Vec<String>,
    steps: usize,
}

/// Paths every comparison skips: managedFields times and entries of controllers we do not run
/// as separate processes are compared where a step says so.
const ALWAYS: &[&str] = &[];

impl Scenario {
    /// Compares one answer with transcript `id`'s recorded answer.
    fn compare(&mut self, id: &str, got: &Raw, skip: &[&str]) -> Value {
        self.steps += 1;
        let t = transcript(id);
        let exp = &t["response"];
        let what = t["what"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(70)
            .collect::<String>();
        let want = exp["status"].as_u64().unwrap_or(0) as u16;
        if got.status != want {
            self.failures.push(format!(
                "{id} ({what}): status {} where the real one answered {want}: {}",
                got.status,
                got.json()
            ));
            return got.json();
        }
        let want_ct = exp["headers"]["Content-Type"].as_str().unwrap_or("");
        if !want_ct.is_empty() && got.content_type() != want_ct {
            self.failures.push(format!(
                "{id}: Content-Type {} where the real one sent {want_ct}",
                got.content_type()
            ));
        }
        let body = got.json();
        let mut all: Vec<&str> = ALWAYS.to_vec();
        all.extend_from_slice(skip);
        let d = shape::differences(&exp["body"], &body, &all);
        if !d.is_empty() {
            self.failures
                .push(format!("{id} ({what}):\n    {}", d.join("\n    ")));
        }
        body
    }

    /// Replays transcript `id`'s request as `client` and compares the answer.
    async fn step(&mut self, id: &str, client: &kube::Client, skip: &[&str]) -> Value {
        let got = replay(client, &transcript(id)).await;
        self.compare(id, &got, skip)
    }

    async fn admin(&mut self, id: &str, skip: &[&str]) -> Value {
        let c = self.admin.clone();
        self.step(id, &c, skip).await
    }

    async fn send(&self, method: &str, path: &str, ct: &str, body: Value) -> Raw {
        raw(
            &self.admin,
            method,
            path,
            &[("Content-Type", ct), ("User-Agent", "curl/8.5.0")],
            if body.is_null() {
                Vec::new()
            } else {
                serde_json::to_vec(&body).unwrap()
            },
        )
        .await
    }

    /// A token for a ServiceAccount in tx-main (TokenRequest, as `kubectl create token` sends).
    async fn tc_token(&self, sa: &str) -> String {
        let body =
            json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {}});
        let r = self
            .send(
                "POST",
                &format!("/api/v1/namespaces/tx-main/serviceaccounts/{sa}/token"),
                "application/json",
                body,
            )
            .await;
        r.json()["status"]["token"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn until(&self, what: &str, cond: impl Fn(&TestCluster) -> bool) {
        assert!(
            self.tc.wait_for_async(Duration::from_secs(15), cond).await,
            "waiting for {what}"
        );
    }
}

async fn watch_lines(c: &kube::Client, uri: &str, accept: &str) -> Raw {
    raw(c, "GET", uri, &[("Accept", accept)], Vec::new()).await
}

/// A watch answer as the transcripts store it: the list of event lines.
fn events(r: &Raw) -> Raw {
    let lines: Vec<Value> = String::from_utf8_lossy(&r.body)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    Raw {
        status: r.status,
        headers: r.headers.clone(),
        body: serde_json::to_vec(&lines).unwrap(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scenario_answers_like_a_real_apiserver() {
    let tc = TestCluster::start(
        Options::default()
            .ready_after(Duration::from_millis(1500))
            .bookmark_interval(Duration::from_millis(2000))
            .namespace_grace(Duration::from_secs(1)),
    )
    .await
    .unwrap();
    let admin = client(&tc).await;
    let readonly = client_with(&tc, Some(odh_testcluster::READONLY_CONTEXT), false).await;
    let mut s = Scenario {
        tc,
        admin,
        failures: Vec::new(),
        steps: 0,
    };

    // Discovery and version.
    s.admin(
        "01",
        &[
            ".gitVersion",
            ".gitCommit",
            ".buildDate",
            ".goVersion",
            ".compiler",
        ],
    )
    .await;
    s.admin("02", &[]).await;

    // A namespace, server-side apply: create, conflict, force, no-op.
    s.admin("08", &[]).await;
    s.admin("09", &[]).await;
    s.admin("10", &[]).await;
    s.admin("11", &[]).await;
    let before = s.tc.get("v1", "ConfigMap", "tx-main", "settings").unwrap();
    let after = s.admin("12", &[]).await;
    if after["metadata"]["resourceVersion"] != before["metadata"]["resourceVersion"] {
        s.failures.push("12: a no-op apply wrote".into());
    }

    // Errors of plain requests and of server-side apply.
    for id in ["13", "14", "15", "16", "17", "18", "19", "20", "21"] {
        s.admin(id, &[]).await;
    }
    s.admin("22", &[]).await;
    for id in ["23", "24", "25"] {
        s.admin(id, &[]).await;
    }

    // Lists: the recording had two more labelled ConfigMaps.
    for n in ["settings-2", "settings-3"] {
        let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": n, "labels": {"app.kubernetes.io/part-of": "odh-demo"}}, "data": {"n": n}});
        s.send(
            "POST",
            "/api/v1/namespaces/tx-main/configmaps",
            "application/json",
            body,
        )
        .await;
    }
    s.admin("26", &[]).await;
    // The recording's cluster (an OpenShift fork) adds openshift-service-ca.crt to every
    // namespace, so one more item remained.
    s.admin("27", &[]).await;
    s.admin("29", &[".rows"]).await;

    // Watch while a ConfigMap is created, patched and deleted.
    let rv = s.tc.resource_version();
    let c2 = s.admin.clone();
    let watcher = tokio::spawn(async move {
        watch_lines(&c2, &format!("/api/v1/namespaces/tx-main/configmaps?watch=1&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=5"), "application/json").await
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let body = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "watched", "labels": {"step": "created"}}, "data": {"v": "1"}});
    s.send(
        "POST",
        "/api/v1/namespaces/tx-main/configmaps",
        "application/json",
        body,
    )
    .await;
    s.send(
        "PATCH",
        "/api/v1/namespaces/tx-main/configmaps/watched",
        "application/merge-patch+json",
        json!({"data": {"v": "2"}}),
    )
    .await;
    s.send(
        "DELETE",
        "/api/v1/namespaces/tx-main/configmaps/watched",
        "application/json",
        Value::Null,
    )
    .await;
    let w = events(&watcher.await.unwrap());
    s.compare("30", &w, &[]);
    let got = events(&replay(&s.admin, &transcript("31")).await);
    s.compare("31", &got, &[]);

    // A CRD, its custom resources, and schema violations.
    s.admin("33", &[]).await;
    s.until("the CRD Established", |tc| {
        tc.get(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "",
            "widgets.example.odh.test",
        )
        .is_some_and(|c| c["status"]["acceptedNames"]["kind"] == "Widget")
    })
    .await;
    for id in ["34", "35", "36", "37", "38", "39", "40", "41"] {
        s.admin(id, &[]).await;
    }

    // A Deployment and what its controllers make.
    s.admin("42", &[]).await;
    // The recording's GET came 0.23 s after the apply.
    tokio::time::sleep(Duration::from_millis(230)).await;
    s.admin("43", &[]).await;
    s.until("the Deployment available", |tc| {
        tc.get("apps/v1", "Deployment", "tx-main", "web")
            .is_some_and(|d| d["status"]["availableReplicas"] == 2)
    })
    .await;
    s.admin("44", &[]).await;
    let rs = s.tc.list_in("apps/v1", "ReplicaSet", Some("tx-main"));
    let rs_name = rs[0]["metadata"]["name"].as_str().unwrap().to_string();
    let got = raw(
        &s.admin,
        "GET",
        &format!("/apis/apps/v1/namespaces/tx-main/replicasets/{rs_name}"),
        &[],
        Vec::new(),
    )
    .await;
    s.compare("45", &got, &[]);
    let pods = s.tc.list_in("v1", "Pod", Some("tx-main"));
    let pod_name = pods[0]["metadata"]["name"].as_str().unwrap().to_string();
    let got = raw(
        &s.admin,
        "GET",
        &format!("/api/v1/namespaces/tx-main/pods/{pod_name}"),
        &[],
        Vec::new(),
    )
    .await;
    // The recording's fake kubelet wrote the pod status by hand (transcripts README, caveats),
    // as `kubectl-patch`; the OpenShift fork adds a service-CA source to the token volume.
    s.compare(
        "46",
        &got,
        &[
            ".status",
            ".metadata.managedFields[1].manager",
            ".spec.volumes[0].projected.sources",
        ],
    );
    s.admin("47", &[]).await;
    s.admin("48", &[]).await;
    s.until("the EndpointSlice", |tc| {
        tc.list_in("discovery.k8s.io/v1", "EndpointSlice", Some("tx-main"))
            .iter()
            .any(|e| e["endpoints"].as_array().is_some_and(|a| a.len() == 2))
    })
    .await;
    s.admin("49", &[]).await;

    // Secrets, patches, deletion, service accounts and tokens.
    for id in ["50", "51", "52", "53", "54", "55", "56", "57"] {
        s.admin(id, &[]).await;
    }

    // Authentication and authorization.
    s.admin("58", &[]).await;
    let bogus = client_with_token(&s.tc, "bogus").await;
    s.step("63", &bogus, &[]).await;
    // Denials, for the ServiceAccount `limited` (no bindings) that 57 made a token for; the
    // read-only user may read what it may not.
    let token = s.tc_token("limited").await;
    let limited = client_with_token(&s.tc, &token).await;
    for id in ["59", "60", "61", "62", "64"] {
        s.step(id, &limited, &[]).await;
    }
    for id in ["61", "62"] {
        let got = replay(&readonly, &transcript(id)).await;
        if got.status != 200 {
            s.failures
                .push(format!("{id}: the read-only user got {}", got.status));
        }
    }

    // Finalizers and namespace termination.
    s.send(
        "POST",
        "/api/v1/namespaces",
        "application/json",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tx-fin"}}),
    )
    .await;
    for id in ["65", "66", "67", "68"] {
        s.admin(id, &[]).await;
    }
    s.until("the namespace conditions", |tc| {
        tc.get("v1", "Namespace", "", "tx-fin")
            .is_some_and(|n| n["status"]["conditions"].is_array())
    })
    .await;
    s.admin("69", &[]).await;
    for id in ["70", "71", "72", "73"] {
        s.admin(id, &[]).await;
    }
    s.until("the namespace gone", |tc| {
        tc.get("v1", "Namespace", "", "tx-fin").is_none()
    })
    .await;
    s.admin("74", &[]).await;

    // Foreground deletion.
    s.admin("75", &[]).await;
    // The recording's GETs came 0.15 s and 0.2 s into the deletion.
    tokio::time::sleep(Duration::from_millis(150)).await;
    s.admin("76", &[]).await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let got = raw(
        &s.admin,
        "GET",
        &format!("/apis/apps/v1/namespaces/tx-main/replicasets/{rs_name}"),
        &[],
        Vec::new(),
    )
    .await;
    if got.status == 200 {
        s.compare("77", &got, &[]);
    }
    s.until("the Deployment gone", |tc| {
        tc.get("apps/v1", "Deployment", "tx-main", "web").is_none()
    })
    .await;
    s.admin("78", &[]).await;

    // What kubectl sends.
    s.admin("79", &[]).await;
    s.admin("80", &[]).await;

    // CRD deletion.
    s.admin("84", &[]).await;
    s.until("the CRD gone", |tc| {
        tc.get(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            "",
            "widgets.example.odh.test",
        )
        .is_none()
    })
    .await;
    s.admin("85", &[]).await;
    s.admin("86", &[]).await;

    assert!(s.steps > 60, "{} steps", s.steps);
    assert!(
        s.failures.is_empty(),
        "{} of {} answers differ from the real apiserver's:\n{}",
        s.failures.len(),
        s.steps,
        s.failures.join("\n")
    );
}

#[test]
fn shape_comparison_catches_differences() {
    let e = json!({"kind": "A", "metadata": {"name": "x", "uid": "1"}, "items": [1, 2], "n": null});
    let same =
        json!({"kind": "A", "metadata": {"name": "y", "uid": "2"}, "items": [3, 4], "n": null});
    assert!(shape::differences(&e, &same, &[]).is_empty());
    let other = json!({"kind": "B", "metadata": {"name": "x", "extra": 1}, "items": [1], "n": 0});
    assert_eq!(shape::differences(&e, &other, &[]).len(), 5);
    let trimmed = json!({"kind": "A", "metadata": {}, "items": [], "n": null});
    assert!(shape::differences(&e, &trimmed, &[".metadata", ".items"]).is_empty());
    assert!(shape::matches(".items[*].status", ".items[3].status.x"));
}
