//! Each injected fault: latency, 429/500/503 answers, reset connections, seeded error rates, cut
//! watch streams, workloads that never become ready, paused controllers, fault scope.

mod common;

use common::{client, client_with, raw};
use futures::TryStreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, ListParams, WatchParams};
use odh_testcluster::{FaultScope, Options, TestCluster};
use serde_json::json;
use std::time::{Duration, Instant};

async fn cluster(opts: Options) -> TestCluster {
    TestCluster::start(opts.ready_after(Duration::from_millis(50)))
        .await
        .unwrap()
}

const LIST: &str = "/api/v1/namespaces/default/configmaps";

#[tokio::test]
async fn latency_and_error_answers() {
    let tc = cluster(Options::default()).await;
    let c = client(&tc).await;
    tc.faults().set_latency(Duration::from_millis(150));
    let t = Instant::now();
    assert_eq!(raw(&c, "GET", LIST, &[], Vec::new()).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(150));
    tc.faults().set_latency(Duration::ZERO);

    tc.faults().fail_next(1, 429);
    let r = raw(&c, "GET", LIST, &[], Vec::new()).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.headers.get("retry-after").unwrap(), "1");
    assert_eq!(r.json()["reason"], "TooManyRequests");
    tc.faults().fail_next(1, 500);
    let r = raw(&c, "GET", LIST, &[], Vec::new()).await;
    assert_eq!(
        (r.status, r.json()["reason"].clone()),
        (500, json!("InternalError"))
    );
    tc.faults().fail_next(1, 503);
    let r = raw(&c, "GET", LIST, &[], Vec::new()).await;
    assert_eq!(
        (r.status, r.json()["reason"].clone()),
        (503, json!("ServiceUnavailable"))
    );

    // kube's default retry policy rides over a 429 with Retry-After.
    let retrying = client_with(&tc, None, true).await;
    tc.faults().fail_next(1, 429);
    let t = Instant::now();
    Api::<ConfigMap>::namespaced(retrying, "default")
        .list(&ListParams::default())
        .await
        .unwrap();
    assert!(t.elapsed() >= Duration::from_millis(900));
    let statuses: Vec<u16> = tc
        .requests()
        .iter()
        .rev()
        .take(2)
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, vec![200, 429]);
}

#[tokio::test]
async fn reset_connections() {
    let tc = cluster(Options::default()).await;
    let c = client(&tc).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    tc.faults().fail_next(1, 0);
    let err = cms.list(&ListParams::default()).await.unwrap_err();
    assert!(
        !matches!(err, kube::Error::Api(_)),
        "a transport error, not a Status: {err:?}"
    );
    assert!(
        cms.list(&ListParams::default()).await.is_ok(),
        "the next request works"
    );
    assert!(tc.requests().iter().any(|r| r.status == 0));
}

#[tokio::test]
async fn seeded_error_rate_is_reproducible() {
    let run = |seed| async move {
        let tc = cluster(Options::default().seed(seed).fault_rate(0.4)).await;
        tc.faults().set_scope(FaultScope::ResourcesOnly);
        tc.faults().set_reset_rate(0.0);
        let c = client(&tc).await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(raw(&c, "GET", LIST, &[], Vec::new()).await.status);
        }
        assert_eq!(
            raw(&c, "GET", "/apis", &[], Vec::new()).await.status,
            200,
            "discovery is out of scope"
        );
        statuses
    };
    let a = run(42).await;
    let b = run(42).await;
    assert_eq!(a, b);
    let failures = a.iter().filter(|s| **s != 200).count();
    assert!((4..=30).contains(&failures), "{failures} failures in {a:?}");
    assert!(
        a.contains(&429) && a.contains(&500) && a.contains(&503),
        "{a:?}"
    );
}

#[tokio::test]
async fn watch_streams_are_cut() {
    let tc = cluster(Options::default()).await;
    let c = client(&tc).await;
    let cms: Api<ConfigMap> = Api::namespaced(c, "default");
    tc.faults()
        .set_watch_cut_after(Some(Duration::from_millis(300)));
    let t = Instant::now();
    let mut s = Box::pin(
        cms.watch(&WatchParams::default().timeout(30), "0")
            .await
            .unwrap(),
    );
    let mut errored = false;
    while let Ok(Some(_)) | Err(_) = s.try_next().await.map_err(|_| errored = true) {
        if errored {
            break;
        }
    }
    assert!(
        t.elapsed() < Duration::from_secs(10),
        "cut long before timeoutSeconds"
    );
    tc.faults().set_watch_cut_after(None);
}

#[tokio::test]
async fn never_ready_and_paused_controllers() {
    let tc = cluster(Options::default().never_ready("Deployment/stuck")).await;
    let dep = |name: &str| {
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"app": name}}, "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "m", "image": "x:1"}]}}}})
    };
    tc.apply(&dep("stuck")).unwrap();
    tc.apply(&dep("fine")).unwrap();
    let available = |tc: &TestCluster, n: &str| {
        tc.get("apps/v1", "Deployment", "default", n)
            .is_some_and(|d| {
                d["status"]["conditions"].as_array().is_some_and(|cs| {
                    cs.iter()
                        .any(|c| c["type"] == "Available" && c["status"] == "True")
                })
            })
    };
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| available(tc, "fine"))
            .await
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!available(&tc, "stuck"));
    let pod = tc
        .list_in("v1", "Pod", Some("default"))
        .into_iter()
        .find(|p| {
            p["metadata"]["name"]
                .as_str()
                .unwrap()
                .starts_with("stuck-")
        })
        .unwrap();
    assert_eq!(pod["status"]["phase"], "Running");
    assert_eq!(pod["status"]["containerStatuses"][0]["ready"], false);
    tc.faults().clear_never_ready();
    let ok = tc
        .wait_for_async(Duration::from_secs(5), |tc| available(tc, "stuck"))
        .await;
    assert!(
        ok,
        "{:#?}\n{:#?}",
        tc.get("apps/v1", "Deployment", "default", "stuck")
            .map(|d| d["status"].clone()),
        tc.list_in("v1", "Pod", Some("default"))
            .iter()
            .map(|p| (
                p["metadata"]["name"].clone(),
                p["status"]["phase"].clone(),
                p["status"]["conditions"].clone()
            ))
            .collect::<Vec<_>>()
    );

    tc.faults().set_controllers_paused(true);
    tokio::time::sleep(Duration::from_millis(100)).await;
    tc.apply(&dep("paused")).unwrap();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        tc.list_in("apps/v1", "ReplicaSet", Some("default"))
            .iter()
            .all(|r| !r["metadata"]["name"]
                .as_str()
                .unwrap()
                .starts_with("paused-"))
    );
    tc.faults().set_controllers_paused(false);
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| available(tc, "paused"))
            .await
    );
}
