//! kube-rs against the simulated cluster: discovery (legacy and aggregated), server-side apply,
//! get/list/watch, waiting for conditions, deleting and waiting, auth errors.

mod common;

use common::{client, client_with};
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{ConfigMap, Namespace};
use kube::api::{Api, DeleteParams, ListParams, Patch, PatchParams, WatchEvent, WatchParams};
use kube::discovery::{self, Discovery};
use kube::runtime::wait::{await_condition, conditions};
use kube::runtime::{WatchStreamExt, watcher};
use odh_testcluster::{Options, TestCluster};
use serde_json::json;
use std::time::Duration;

async fn cluster() -> TestCluster {
    TestCluster::start(Options::default().ready_after(Duration::from_millis(100)))
        .await
        .unwrap()
}

fn ns(name: &str) -> Namespace {
    serde_json::from_value(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
    )
    .unwrap()
}

#[tokio::test]
async fn discovery_legacy_aggregated_and_pinned() {
    let tc = cluster().await;
    let c = client(&tc).await;
    assert_eq!(c.apiserver_version().await.unwrap().major, "1");
    let d = Discovery::new(c.clone()).run().await.unwrap();
    let gvk = kube::api::GroupVersionKind::gvk("apps", "v1", "Deployment");
    let (ar, caps) = d.resolve_gvk(&gvk).expect("deployments");
    assert_eq!(ar.plural, "deployments");
    assert_eq!(caps.scope, discovery::Scope::Namespaced);
    let agg = Discovery::new(c.clone()).run_aggregated().await.unwrap();
    assert!(
        agg.groups().count() > 10,
        "aggregated discovery returned groups"
    );
    assert!(agg.resolve_gvk(&gvk).is_some());
    let (ar, _) =
        discovery::pinned_kind(&c, &kube::api::GroupVersionKind::gvk("", "v1", "ConfigMap"))
            .await
            .unwrap();
    assert_eq!(ar.plural, "configmaps");
    let reqs = tc.requests();
    assert!(reqs.iter().any(|r| r.path == "/apis" && r.status == 200));
}

#[tokio::test]
async fn apply_get_list_watch_delete() {
    let tc = cluster().await;
    let c = client(&tc).await;
    Api::<Namespace>::all(c.clone())
        .patch(
            "demo",
            &PatchParams::apply("odh").force(),
            &Patch::Apply(ns("demo")),
        )
        .await
        .unwrap();
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "demo");
    let cm: ConfigMap = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "ConfigMap",
        "metadata": {"name": "settings", "labels": {"app": "x"}}, "data": {"mode": "fast"}
    }))
    .unwrap();
    let pp = PatchParams::apply("odh").force().validation_strict();
    let created = cms
        .patch("settings", &pp, &Patch::Apply(&cm))
        .await
        .unwrap();
    let rv = created.metadata.resource_version.clone().unwrap();
    let again = cms
        .patch("settings", &pp, &Patch::Apply(&cm))
        .await
        .unwrap();
    assert_eq!(
        again.metadata.resource_version.unwrap(),
        rv,
        "identical apply is a no-op"
    );
    assert_eq!(
        cms.get("settings").await.unwrap().data.unwrap()["mode"],
        "fast"
    );
    assert!(cms.get_opt("missing").await.unwrap().is_none());
    let listed = cms
        .list(&ListParams::default().labels("app=x"))
        .await
        .unwrap();
    assert_eq!(listed.items.len(), 1);
    assert!(listed.metadata.resource_version.is_some());
    assert!(
        tc.wait_for_async(Duration::from_secs(5), |tc| tc
            .get("v1", "ConfigMap", "demo", "kube-root-ca.crt")
            .is_some())
            .await
    );
    assert_eq!(
        cms.list(&ListParams::default().labels("app!=x"))
            .await
            .unwrap()
            .items
            .len(),
        1,
        "kube-root-ca.crt"
    );

    // Raw watch from the current version sees a change.
    let mut stream = cms
        .watch(
            &WatchParams::default()
                .fields("metadata.name=settings")
                .timeout(5),
            &rv,
        )
        .await
        .unwrap()
        .boxed();
    let mut patched = cm.clone();
    patched.data = Some([("mode".to_string(), "slow".to_string())].into());
    cms.patch("settings", &pp, &Patch::Apply(&patched))
        .await
        .unwrap();
    loop {
        match stream.try_next().await.unwrap() {
            Some(WatchEvent::Modified(o)) => {
                assert_eq!(o.data.unwrap()["mode"], "slow");
                break;
            }
            Some(WatchEvent::Bookmark(_)) => continue,
            other => panic!("unexpected {other:?}"),
        }
    }

    // Delete and wait until it is gone.
    let res = kube::runtime::wait::delete::delete_and_finalize(
        cms.clone(),
        "settings",
        &DeleteParams::foreground(),
    )
    .await;
    assert!(res.is_ok(), "{res:?}");
    assert!(cms.get_opt("settings").await.unwrap().is_none());
}

#[tokio::test]
async fn await_deployment_and_watcher() {
    let tc = cluster().await;
    let c = client(&tc).await;
    Api::<Namespace>::all(c.clone())
        .patch(
            "apps",
            &PatchParams::apply("odh"),
            &Patch::Apply(ns("apps")),
        )
        .await
        .unwrap();
    let deps: Api<Deployment> = Api::namespaced(c.clone(), "apps");
    let d: Deployment = serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}
    }))
    .unwrap();
    deps.patch("web", &PatchParams::apply("odh").force(), &Patch::Apply(&d))
        .await
        .unwrap();
    let done = tokio::time::timeout(
        Duration::from_secs(10),
        await_condition(deps.clone(), "web", conditions::is_deployment_completed()),
    )
    .await
    .expect("in time")
    .unwrap()
    .unwrap();
    let st = done.status.unwrap();
    assert_eq!(st.available_replicas, Some(2));
    assert_eq!(st.observed_generation, Some(1));

    // A watcher keeps working across a cut watch stream.
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "apps");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen2 = seen.clone();
    let task = tokio::spawn(async move {
        let mut s = watcher(cms, watcher::Config::default())
            .default_backoff()
            .applied_objects()
            .boxed();
        while let Some(Ok(o)) = s.next().await {
            seen2
                .lock()
                .unwrap()
                .push(o.metadata.name.unwrap_or_default());
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    tc.faults().cut_watches();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let cm: ConfigMap = serde_json::from_value(
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "after-cut"}}),
    )
    .unwrap();
    Api::<ConfigMap>::namespaced(c.clone(), "apps")
        .patch("after-cut", &PatchParams::apply("odh"), &Patch::Apply(&cm))
        .await
        .unwrap();
    let ok = tc
        .wait_for_async(Duration::from_secs(10), |_| {
            seen.lock().unwrap().iter().any(|n| n == "after-cut")
        })
        .await;
    task.abort();
    assert!(ok, "watcher saw the object created after the cut");
    let watches = tc
        .requests()
        .iter()
        .filter(|r| r.verb == "watch" && r.path.ends_with("/configmaps"))
        .count();
    assert!(watches >= 2, "the watcher reconnected ({watches} watches)");
}

#[tokio::test]
async fn unauthorized_and_forbidden() {
    let tc = cluster().await;
    let bogus = common::client_with_token(&tc, "nope").await;
    let err = Api::<ConfigMap>::namespaced(bogus, "default")
        .list(&ListParams::default())
        .await
        .unwrap_err();
    match err {
        kube::Error::Api(s) => assert_eq!(s.code, 401),
        other => panic!("{other:?}"),
    }
    let ro = client_with(&tc, Some(odh_testcluster::READONLY_CONTEXT), false).await;
    let cms: Api<ConfigMap> = Api::namespaced(ro, "default");
    assert!(cms.list(&ListParams::default()).await.is_ok());
    let cm: ConfigMap = serde_json::from_value(
        json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}),
    )
    .unwrap();
    match cms
        .patch("x", &PatchParams::apply("odh"), &Patch::Apply(&cm))
        .await
        .unwrap_err()
    {
        kube::Error::Api(s) => {
            assert_eq!(s.code, 403);
            assert_eq!(
                s.message,
                "configmaps \"x\" is forbidden: User \"odh-test-readonly\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"default\""
            );
        }
        other => panic!("{other:?}"),
    }
    let log = tc.requests();
    assert!(log.iter().any(|r| r.status == 401 && r.user.is_empty()));
    assert!(
        log.iter()
            .any(|r| r.status == 403 && r.user == odh_testcluster::READONLY_USER && r.is_apply())
    );
}
