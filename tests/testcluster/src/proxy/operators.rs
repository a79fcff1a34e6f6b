//! What the operators make that the programs behind the proxy run in: Seldon Core's predictor
//! Deployment with the executor and its Services (`seldon-deployment-id`, `seldon-app`), KServe's
//! predictor Deployment and Service (`serving.kserve.io/inferenceservice`, `component: predictor`),
//! and the ODH operator's dashboard (Deployment, Service, Route) and KServe controller, each owned
//! by its custom resource; and the Spark operator (`spark.rs`).

use crate::controllers::Ctx;
use crate::util::{is_deleting, meta_str};
use serde_json::{Map, Value, json};

const EXECUTOR_IMAGE: &str = "docker.io/seldonio/seldon-core-executor:1.17.1";

pub fn reconcile(ctx: &mut Ctx) {
    seldon(ctx);
    kserve(ctx);
    super::spark::reconcile(ctx);
    dashboard(ctx);
}

fn owner(obj: &Value) -> Value {
    json!({
        "apiVersion": obj["apiVersion"], "kind": obj["kind"], "name": obj["metadata"]["name"],
        "uid": obj["metadata"]["uid"], "controller": true, "blockOwnerDeletion": true
    })
}

/// Creates an object unless one of that name exists or it was made before.
fn ensure(ctx: &mut Ctx, group: &str, plural: &str, obj: Value, manager: &str) {
    let Some(ri) = ctx.ri(group, plural) else {
        return;
    };
    let (ns, name) = (
        meta_str(&obj, "namespace").to_string(),
        meta_str(&obj, "name").to_string(),
    );
    // Once per owner: an object deleted afterwards stays deleted, so tests that delete
    // everything see it go.
    let owner = obj["metadata"]["ownerReferences"][0]["uid"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let key = format!("made/{owner}/{plural}/{ns}/{name}");
    if ctx.st.sim.seen.contains_key(&key) {
        return;
    }
    ctx.st.sim.seen.insert(key, ctx.now);
    if ctx.get(&ri, &ns, &name).is_none() {
        ctx.create(&ri, obj, manager);
    }
}

fn deployment(
    ns: &str,
    name: &str,
    labels: &Map<String, Value>,
    selector: Value,
    containers: Value,
    replicas: Value,
    owner: Value,
) -> Value {
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns, "labels": labels, "ownerReferences": [owner]},
        "spec": {"replicas": replicas, "selector": {"matchLabels": selector},
                 "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}}}
    })
}

fn seldon(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("machinelearning.seldon.io", "seldondeployments") else {
        return;
    };
    for sdep in ctx.objects(&ri) {
        if is_deleting(&sdep) || sdep["status"]["state"] != "Available" {
            continue;
        }
        let (ns, name) = (
            meta_str(&sdep, "namespace").to_string(),
            meta_str(&sdep, "name").to_string(),
        );
        for predictor in sdep["spec"]["predictors"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            let key = format!("{name}-{}", predictor["name"].as_str().unwrap_or("default"));
            let mut containers = predictor["componentSpecs"][0]["spec"]["containers"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let first = containers
                .first()
                .and_then(|c| c["name"].as_str())
                .unwrap_or("model")
                .to_string();
            containers.push(json!({"name": "seldon-container-engine", "image": EXECUTOR_IMAGE,
                                   "ports": [{"name": "http", "containerPort": 8000}, {"name": "grpc", "containerPort": 5001}]}));
            let svc_key = format!("seldon-app-svc-{first}");
            let svc_value = format!("{key}-{first}");
            let mut labels = Map::new();
            labels.insert("seldon-app".into(), json!(key));
            labels.insert("seldon-deployment-id".into(), json!(name));
            labels.insert("app.kubernetes.io/managed-by".into(), json!("seldon-core"));
            labels.insert(svc_key.clone(), json!(svc_value));
            let d = deployment(
                &ns,
                &format!("{key}-0-{first}"),
                &labels,
                json!({"seldon-app": key}),
                json!(containers),
                predictor["replicas"].clone(),
                owner(&sdep),
            );
            ensure(ctx, "apps", "deployments", d, "seldon-manager");
            let executor = json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": key, "namespace": ns, "ownerReferences": [owner(&sdep)],
                             "labels": {"seldon-app": key, "seldon-deployment-id": name, "app.kubernetes.io/managed-by": "seldon-core"}},
                "spec": {"type": "ClusterIP", "selector": {"seldon-app": key},
                         "ports": [{"name": "http", "port": 8000, "targetPort": 8000, "protocol": "TCP"},
                                   {"name": "grpc", "port": 5001, "targetPort": 5001, "protocol": "TCP"}]}
            });
            ensure(ctx, "", "services", executor, "seldon-manager");
            let container = json!({
                "apiVersion": "v1", "kind": "Service",
                "metadata": {"name": svc_value, "namespace": ns, "ownerReferences": [owner(&sdep)],
                             "labels": {svc_key.clone(): svc_value, "seldon-deployment-id": name, "seldon-app": key}},
                "spec": {"type": "ClusterIP", "selector": {svc_key: svc_value},
                         "ports": [{"name": "http", "port": 9000, "targetPort": 9000, "protocol": "TCP"},
                                   {"name": "grpc", "port": 9500, "targetPort": 9500, "protocol": "TCP"}]}
            });
            ensure(ctx, "", "services", container, "seldon-manager");
        }
    }
}

fn kserve(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("serving.kserve.io", "inferenceservices") else {
        return;
    };
    for isvc in ctx.objects(&ri) {
        let containers = isvc["spec"]["predictor"]["containers"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if is_deleting(&isvc) || containers.is_empty() {
            continue;
        }
        let (ns, name) = (
            meta_str(&isvc, "namespace").to_string(),
            meta_str(&isvc, "name").to_string(),
        );
        let predictor = format!("{name}-predictor");
        let mut labels = isvc["metadata"]["labels"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        labels.insert("serving.kserve.io/inferenceservice".into(), json!(name));
        labels.insert("component".into(), json!("predictor"));
        labels.insert("app".into(), json!(format!("isvc.{predictor}")));
        let selector = json!({"app": format!("isvc.{predictor}")});
        let replicas = isvc["spec"]["predictor"]["minReplicas"].clone();
        let d = deployment(
            &ns,
            &predictor,
            &labels,
            selector.clone(),
            json!(containers),
            replicas,
            owner(&isvc),
        );
        ensure(ctx, "apps", "deployments", d, "kserve-controller-manager");
        let port = &containers[0]["ports"][0];
        let svc = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": predictor, "namespace": ns, "labels": labels, "ownerReferences": [owner(&isvc)]},
            "spec": {"type": "ClusterIP", "selector": selector,
                     "ports": [{"name": port["name"].as_str().unwrap_or(&predictor), "port": 80,
                                "targetPort": port["containerPort"].as_i64().unwrap_or(8080), "protocol": "TCP"}]}
        });
        ensure(ctx, "", "services", svc, "kserve-controller-manager");
    }
}

fn dashboard(ctx: &mut Ctx) {
    let (Some(dsc_ri), Some(dsci_ri)) = (
        ctx.ri("datasciencecluster.opendatahub.io", "datascienceclusters"),
        ctx.ri("dscinitialization.opendatahub.io", "dscinitializations"),
    ) else {
        return;
    };
    let ns = ctx
        .objects(&dsci_ri)
        .first()
        .and_then(|d| {
            d["spec"]["applicationsNamespace"]
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "opendatahub".into());
    for dsc in ctx.objects(&dsc_ri) {
        let managed = |c: &str| dsc["spec"]["components"][c]["managementState"] == "Managed";
        if is_deleting(&dsc) || dsc["status"]["phase"] != "Ready" {
            continue;
        }
        if managed("kserve") {
            let mut labels = Map::new();
            labels.insert("control-plane".into(), json!("kserve-controller-manager"));
            let containers = json!([{"name": "manager", "image": "quay.io/opendatahub/kserve-controller:latest"}]);
            let d = deployment(
                &ns,
                "kserve-controller-manager",
                &labels,
                json!({"control-plane": "kserve-controller-manager"}),
                containers,
                json!(1),
                owner(&dsc),
            );
            ensure(ctx, "apps", "deployments", d, "opendatahub-operator");
        }
        if !managed("dashboard") {
            continue;
        }
        let mut labels = Map::new();
        labels.insert("deployment".into(), json!("odh-dashboard"));
        labels.insert("app".into(), json!("odh-dashboard"));
        let containers = json!([{"name": "odh-dashboard", "image": "quay.io/opendatahub/odh-dashboard:v2.40.0",
                                 "ports": [{"name": "dashboard-ui", "containerPort": 8443}]}]);
        let d = deployment(
            &ns,
            "odh-dashboard",
            &labels,
            json!({"deployment": "odh-dashboard"}),
            containers,
            json!(1),
            owner(&dsc),
        );
        ensure(ctx, "apps", "deployments", d, "opendatahub-operator");
        let svc = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "odh-dashboard", "namespace": ns, "ownerReferences": [owner(&dsc)]},
            "spec": {"selector": {"deployment": "odh-dashboard"},
                     "ports": [{"name": "dashboard-ui", "port": 8443, "targetPort": 8443, "protocol": "TCP"}]}
        });
        ensure(ctx, "", "services", svc, "opendatahub-operator");
        let route = json!({
            "apiVersion": "route.openshift.io/v1", "kind": "Route",
            "metadata": {"name": "odh-dashboard", "namespace": ns, "ownerReferences": [owner(&dsc)]},
            "spec": {"to": {"kind": "Service", "name": "odh-dashboard", "weight": 100},
                     "port": {"targetPort": "dashboard-ui"}, "tls": {"termination": "reencrypt"}}
        });
        ensure(
            ctx,
            "route.openshift.io",
            "routes",
            route,
            "opendatahub-operator",
        );
    }
}
