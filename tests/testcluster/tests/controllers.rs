//! Simulated controllers: workloads, jobs, storage, endpoints, admission webhooks, OLM, the ODH
//! operator, Seldon and KServe.

mod common;

use common::{client, raw};
use odh_testcluster::{Options, Platform, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

async fn cluster(platform: Platform) -> TestCluster {
    let tc = TestCluster::start(
        Options::default()
            .platform(platform)
            .ready_after(Duration::from_millis(100)),
    )
    .await
    .unwrap();
    tc.apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "w"}}))
        .unwrap();
    tc
}

fn cond(o: &Value, t: &str) -> Option<String> {
    o["status"]["conditions"]
        .as_array()?
        .iter()
        .find(|c| c["type"] == t)
        .and_then(|c| c["status"].as_str().map(str::to_string))
}

fn workload(kind: &str, name: &str, image: &str, extra: Value) -> Value {
    let mut o = json!({"apiVersion": if kind == "Job" { "batch/v1" } else { "apps/v1" }, "kind": kind,
        "metadata": {"name": name, "namespace": "w"},
        "spec": {"selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [{"name": "main", "image": image, "ports": [{"name": "http", "containerPort": 8080}]}]}}}});
    if kind == "Job" {
        o["spec"].as_object_mut().unwrap().remove("selector");
        o["spec"]["template"]["spec"]["restartPolicy"] = json!("Never");
    }
    if let Some(m) = extra.as_object() {
        for (k, v) in m {
            o["spec"][k] = v.clone();
        }
    }
    o
}

#[tokio::test]
async fn statefulset_daemonset_job_pvc() {
    let tc = cluster(Platform::Kubernetes).await;
    tc.apply(&workload("StatefulSet", "db", "postgres:16", json!({"replicas": 2, "serviceName": "db",
        "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]})))
        .unwrap();
    tc.apply(&workload("DaemonSet", "agent", "agent:1", json!({})))
        .unwrap();
    tc.apply(&workload("Job", "migrate", "migrate:1", json!({})))
        .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| {
            let s = tc.get("apps/v1", "StatefulSet", "w", "db").unwrap();
            s["status"]["readyReplicas"] == 2
                && s["status"]["currentRevision"] == s["status"]["updateRevision"]
                && s["status"]["observedGeneration"] == 1
        })
        .await
    );
    assert!(
        tc.get("v1", "Pod", "w", "db-0").is_some() && tc.get("v1", "Pod", "w", "db-1").is_some()
    );
    let pvc = tc
        .get("v1", "PersistentVolumeClaim", "w", "data-db-0")
        .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get("v1", "PersistentVolumeClaim", "w", "data-db-1")
            .is_some_and(|p| p["status"]["phase"] == "Bound"))
            .await,
        "{pvc}"
    );
    assert_eq!(
        tc.get("v1", "PersistentVolumeClaim", "w", "data-db-1")
            .unwrap()["status"]["capacity"]["storage"],
        "1Gi"
    );
    assert!(
        tc.wait_for_async(WAIT, |tc| {
            let d = tc.get("apps/v1", "DaemonSet", "w", "agent").unwrap();
            d["status"]["numberReady"] == 1 && d["status"]["desiredNumberScheduled"] == 1
        })
        .await
    );
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get("batch/v1", "Job", "w", "migrate")
            .is_some_and(|j| cond(&j, "Complete").as_deref() == Some("True")))
            .await
    );
    let job = tc.get("batch/v1", "Job", "w", "migrate").unwrap();
    assert_eq!(job["status"]["succeeded"], 1);
    assert!(job["status"]["completionTime"].is_string());
}

#[tokio::test]
async fn services_get_endpoints_from_ready_pods() {
    let tc = cluster(Platform::Kubernetes).await;
    tc.apply(&workload(
        "Deployment",
        "web",
        "nginx:1",
        json!({"replicas": 3}),
    ))
    .unwrap();
    let svc = tc.apply(&json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "w"},
        "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}})).unwrap();
    assert!(
        svc["spec"]["clusterIP"]
            .as_str()
            .unwrap()
            .starts_with("10.96.")
    );
    assert!(
        tc.wait_for_async(WAIT, |tc| {
            tc.list_in("discovery.k8s.io/v1", "EndpointSlice", Some("w"))
                .iter()
                .any(|s| {
                    s["metadata"]["labels"]["kubernetes.io/service-name"] == "web"
                        && s["endpoints"].as_array().is_some_and(|e| {
                            e.iter()
                                .filter(|e| e["conditions"]["ready"] == true)
                                .count()
                                == 3
                        })
                })
        })
        .await
    );
    let slice = tc
        .list_in("discovery.k8s.io/v1", "EndpointSlice", Some("w"))
        .remove(0);
    assert_eq!(
        slice["ports"],
        json!([{"name": "http", "protocol": "TCP", "port": 8080}])
    );
    let ep = tc.get("v1", "Endpoints", "w", "web").unwrap();
    assert_eq!(ep["subsets"][0]["addresses"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn failing_images() {
    let tc = cluster(Platform::Kubernetes).await;
    tc.apply(&workload(
        "Deployment",
        "pull",
        "registry.example/fail-pull/app:1",
        json!({}),
    ))
    .unwrap();
    tc.apply(&workload(
        "Deployment",
        "crash",
        "registry.example/crashloop:1",
        json!({}),
    ))
    .unwrap();
    let waiting = |tc: &TestCluster, prefix: &str| -> Option<String> {
        tc.list_in("v1", "Pod", Some("w"))
            .into_iter()
            .find(|p| p["metadata"]["name"].as_str().unwrap().starts_with(prefix))
            .and_then(|p| {
                p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"]
                    .as_str()
                    .map(str::to_string)
            })
    };
    assert!(
        tc.wait_for_async(WAIT, |tc| waiting(tc, "pull-").as_deref()
            == Some("ImagePullBackOff"))
            .await
    );
    assert!(
        tc.wait_for_async(WAIT, |tc| waiting(tc, "crash-").as_deref()
            == Some("CrashLoopBackOff"))
            .await
    );
    let events = tc.list_in("v1", "Event", Some("w"));
    assert!(events.iter().any(|e| {
        e["type"] == "Warning"
            && e["message"]
                .as_str()
                .unwrap()
                .starts_with("Failed to pull image \"registry.example/fail-pull/app:1\"")
    }));
    tokio::time::sleep(Duration::from_millis(300)).await;
    for d in ["pull", "crash"] {
        let dep = tc.get("apps/v1", "Deployment", "w", d).unwrap();
        assert_eq!(cond(&dep, "Available").as_deref(), Some("False"), "{d}");
    }
}

fn webhook_config(kind: &str) -> Value {
    json!({"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind,
        "metadata": {"name": "guard"},
        "webhooks": [{"name": "vconfigmap.guard.io", "admissionReviewVersions": ["v1"], "sideEffects": "None",
            "clientConfig": {"service": {"name": "guard-svc", "namespace": "w", "path": "/validate"}},
            "rules": [{"apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE", "UPDATE"], "resources": ["configmaps"]}],
            "objectSelector": {"matchLabels": {"guarded": "yes"}}}]})
}

#[tokio::test]
async fn webhooks_without_endpoints_reject() {
    let tc = cluster(Platform::Kubernetes).await;
    let c = client(&tc).await;
    tc.apply(&webhook_config("ValidatingWebhookConfiguration"))
        .unwrap();
    tc.apply(&json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "guard-svc", "namespace": "w"},
        "spec": {"selector": {"app": "guard"}, "ports": [{"port": 443, "targetPort": 9443}]}})).unwrap();
    let post = |name: &str, guarded: bool| {
        let mut o = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}});
        if guarded {
            o["metadata"]["labels"] = json!({"guarded": "yes"});
        }
        serde_json::to_vec(&o).unwrap()
    };
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/w/configmaps",
        &[("Content-Type", "application/json")],
        post("a", true),
    )
    .await;
    assert_eq!(r.status, 500);
    let body = r.json();
    assert_eq!(body["reason"], "InternalError");
    assert_eq!(
        body["message"],
        "Internal error occurred: failed calling webhook \"vconfigmap.guard.io\": failed to call webhook: Post \"https://guard-svc.w.svc:443/validate?timeout=10s\": no endpoints available for service \"guard-svc\""
    );
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/w/configmaps",
        &[("Content-Type", "application/json")],
        post("b", false),
    )
    .await;
    assert_eq!(r.status, 201, "objectSelector does not match");
    tc.apply(&workload("Deployment", "guard", "guard:1", json!({})))
        .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get("v1", "Endpoints", "w", "guard-svc")
            .is_some_and(|e| e["subsets"][0]["addresses"].is_array()))
            .await
    );
    let r = raw(
        &c,
        "POST",
        "/api/v1/namespaces/w/configmaps",
        &[("Content-Type", "application/json")],
        post("a", true),
    )
    .await;
    assert_eq!(r.status, 201);
}

#[tokio::test]
async fn olm_installs_the_odh_operator() {
    let tc = cluster(Platform::OpenShift).await;
    let c = client(&tc).await;
    let apis = raw(&c, "GET", "/apis", &[], Vec::new()).await.json();
    let groups: Vec<&str> = apis["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert!(groups.contains(&"route.openshift.io") && groups.contains(&"operators.coreos.com"));
    tc.apply(&json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
        "metadata": {"name": "opendatahub-operator", "namespace": "openshift-operators"},
        "spec": {"name": "opendatahub-operator", "channel": "fast-3", "source": "community-operators", "sourceNamespace": "openshift-marketplace", "installPlanApproval": "Automatic"}}))
        .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| {
            let s = tc
                .get(
                    "operators.coreos.com/v1alpha1",
                    "Subscription",
                    "openshift-operators",
                    "opendatahub-operator",
                )
                .unwrap();
            s["status"]["state"] == "AtLatestKnown" && s["status"]["installedCSV"].is_string()
        })
        .await
    );
    let sub = tc
        .get(
            "operators.coreos.com/v1alpha1",
            "Subscription",
            "openshift-operators",
            "opendatahub-operator",
        )
        .unwrap();
    let csv_name = sub["status"]["installedCSV"].as_str().unwrap().to_string();
    assert!(
        tc.wait_for_async(WAIT, |tc| {
            tc.get(
                "operators.coreos.com/v1alpha1",
                "ClusterServiceVersion",
                "openshift-operators",
                &csv_name,
            )
            .is_some_and(|c| c["status"]["phase"] == "Succeeded")
        })
        .await
    );
    assert!(
        tc.get(
            "apps/v1",
            "Deployment",
            "openshift-operators",
            "opendatahub-operator-controller-manager"
        )
        .is_some()
    );
    assert!(
        !tc.list_in(
            "operators.coreos.com/v1alpha1",
            "InstallPlan",
            Some("openshift-operators")
        )
        .is_empty()
    );
    for crd in [
        "dscinitializations.dscinitialization.opendatahub.io",
        "datascienceclusters.datasciencecluster.opendatahub.io",
    ] {
        let c = tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                crd,
            )
            .unwrap();
        let versions: Vec<&str> = c["spec"]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["name"].as_str().unwrap())
            .collect();
        assert_eq!(versions, vec!["v1", "v2"]);
    }

    // A DataScienceCluster created before any DSCInitialization is Ready reports Error.
    let dsc = json!({"apiVersion": "datasciencecluster.opendatahub.io/v1", "kind": "DataScienceCluster", "metadata": {"name": "default-dsc"},
        "spec": {"components": {"dashboard": {"managementState": "Managed"}, "workbenches": {"managementState": "Managed"},
            "kserve": {"managementState": "Managed"}, "ray": {"managementState": "Removed"}}}});
    assert!(tc.wait_for_async(WAIT, |tc| tc.apply(&dsc).is_ok()).await);
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "datasciencecluster.opendatahub.io/v1",
                "DataScienceCluster",
                "",
                "default-dsc"
            )
            .is_some_and(|d| d["status"]["phase"] == "Error"))
            .await
    );
    tc.apply(&json!({"apiVersion": "dscinitialization.opendatahub.io/v1", "kind": "DSCInitialization", "metadata": {"name": "default-dsci"},
        "spec": {"applicationsNamespace": "opendatahub"}})).unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "dscinitialization.opendatahub.io/v1",
                "DSCInitialization",
                "",
                "default-dsci"
            )
            .is_some_and(
                |d| d["status"]["phase"] == "Progressing" || d["status"]["phase"] == "Ready"
            ))
        .await
    );
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "dscinitialization.opendatahub.io/v1",
                "DSCInitialization",
                "",
                "default-dsci"
            )
            .is_some_and(|d| d["status"]["phase"] == "Ready"))
            .await
    );
    let dsci = tc
        .get(
            "dscinitialization.opendatahub.io/v1",
            "DSCInitialization",
            "",
            "default-dsci",
        )
        .unwrap();
    assert_eq!(cond(&dsci, "ReconcileComplete").as_deref(), Some("True"));
    assert_eq!(cond(&dsci, "Available").as_deref(), Some("True"));
    assert!(tc.get("v1", "Namespace", "", "opendatahub").is_some());
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "datasciencecluster.opendatahub.io/v2",
                "DataScienceCluster",
                "",
                "default-dsc"
            )
            .is_some_and(|d| d["status"]["phase"] == "Ready"))
            .await
    );
    let d = tc
        .get(
            "datasciencecluster.opendatahub.io/v1",
            "DataScienceCluster",
            "",
            "default-dsc",
        )
        .unwrap();
    for t in ["DashboardReady", "WorkbenchesReady", "KserveReady", "Ready"] {
        assert_eq!(cond(&d, t).as_deref(), Some("True"), "{t}");
    }
    assert_eq!(cond(&d, "RayReady").as_deref(), Some("False"));

    // The DSCInitialization cannot be deleted while a DataScienceCluster exists.
    let r = raw(
        &c,
        "DELETE",
        "/apis/dscinitialization.opendatahub.io/v1/dscinitializations/default-dsci",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(r.status, 403);
    assert!(r.json()["message"].as_str().unwrap().ends_with(
        "Cannot delete DSCInitialization object when DataScienceCluster object still exists"
    ));
    let r = raw(
        &c,
        "DELETE",
        "/apis/datasciencecluster.opendatahub.io/v1/datascienceclusters/default-dsc",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = raw(
        &c,
        "DELETE",
        "/apis/dscinitialization.opendatahub.io/v1/dscinitializations/default-dsci",
        &[],
        Vec::new(),
    )
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn routes_are_admitted_and_missing_catalogs_fail() {
    let tc = cluster(Platform::OpenShift).await;
    tc.apply(&json!({"apiVersion": "route.openshift.io/v1", "kind": "Route", "metadata": {"name": "ui", "namespace": "w"}, "spec": {"to": {"kind": "Service", "name": "ui"}}})).unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get("route.openshift.io/v1", "Route", "w", "ui")
            .is_some_and(
                |r| r["status"]["ingress"][0]["conditions"][0]["type"] == "Admitted"
            ))
        .await
    );
    tc.apply(&json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription", "metadata": {"name": "x", "namespace": "openshift-operators"},
        "spec": {"name": "x", "source": "nope", "sourceNamespace": "openshift-marketplace"}})).unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "operators.coreos.com/v1alpha1",
                "Subscription",
                "openshift-operators",
                "x"
            )
            .is_some_and(|s| cond(&s, "ResolutionFailed").as_deref() == Some("True")))
            .await
    );
    assert_eq!(tc.platform(), Platform::OpenShift);
    let k8s = cluster(Platform::Kubernetes).await;
    assert!(k8s.apply(&json!({"apiVersion": "route.openshift.io/v1", "kind": "Route", "metadata": {"name": "ui", "namespace": "w"}})).is_err());
    k8s.set_platform(Platform::OpenShift);
    assert!(
        k8s.get(
            "operators.coreos.com/v1",
            "OperatorGroup",
            "openshift-operators",
            "global-operators"
        )
        .is_some()
    );
}

#[tokio::test]
async fn seldon_and_kserve() {
    let tc = cluster(Platform::Kubernetes).await;
    tc.apply(&workload(
        "Deployment",
        "seldon-controller-manager",
        "docker.io/seldonio/seldon-core-operator:1.17.1",
        json!({}),
    ))
    .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "apiextensions.k8s.io/v1",
                "CustomResourceDefinition",
                "",
                "seldondeployments.machinelearning.seldon.io"
            )
            .is_some())
            .await
    );
    let sdep = json!({"apiVersion": "machinelearning.seldon.io/v1", "kind": "SeldonDeployment", "metadata": {"name": "sentiment", "namespace": "w"},
        "spec": {"predictors": [{"name": "default", "graph": {"name": "model", "type": "MODEL"}}]}});
    assert!(tc.wait_for_async(WAIT, |tc| tc.apply(&sdep).is_ok()).await);
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "machinelearning.seldon.io/v1",
                "SeldonDeployment",
                "w",
                "sentiment"
            )
            .is_some_and(|s| s["status"]["state"] == "Available"))
            .await
    );

    let isvc = json!({"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService", "metadata": {"name": "m", "namespace": "w"},
        "spec": {"predictor": {"model": {"modelFormat": {"name": "sklearn"}}}}});
    assert!(tc.apply(&isvc).is_err(), "no InferenceService CRD yet");
    let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": {"name": "inferenceservices.serving.kserve.io"},
        "spec": {"group": "serving.kserve.io", "scope": "Namespaced", "names": {"plural": "inferenceservices", "singular": "inferenceservice", "kind": "InferenceService", "shortNames": ["isvc"]},
            "versions": [{"name": "v1beta1", "served": true, "storage": true, "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}});
    tc.apply(&crd).unwrap();
    assert!(tc.wait_for_async(WAIT, |tc| tc.apply(&isvc).is_ok()).await);
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get("serving.kserve.io/v1beta1", "InferenceService", "w", "m")
            .is_some_and(|i| cond(&i, "Ready").as_deref() == Some("True")))
            .await
    );
}

#[tokio::test]
async fn apiservice_availability_follows_endpoints() {
    let tc = cluster(Platform::Kubernetes).await;
    tc.apply(&json!({"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "v1beta1.metrics.k8s.io"},
        "spec": {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
            "service": {"name": "metrics", "namespace": "w"}}})).unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "apiregistration.k8s.io/v1",
                "APIService",
                "",
                "v1beta1.metrics.k8s.io"
            )
            .is_some_and(|a| cond(&a, "Available").as_deref() == Some("False")))
            .await
    );
    tc.apply(&json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "metrics", "namespace": "w"}, "spec": {"selector": {"app": "metrics"}, "ports": [{"port": 443}]}})).unwrap();
    tc.apply(&workload(
        "Deployment",
        "metrics",
        "metrics-server:1",
        json!({}),
    ))
    .unwrap();
    assert!(
        tc.wait_for_async(WAIT, |tc| tc
            .get(
                "apiregistration.k8s.io/v1",
                "APIService",
                "",
                "v1beta1.metrics.k8s.io"
            )
            .is_some_and(|a| cond(&a, "Available").as_deref() == Some("True")))
            .await
    );
}
