//! Data Science Pipelines on OpenShift, as the ODH operator and its Data Science Pipelines
//! Operator (DSPO) run them. Facts: `tests/facts/pipelines.yaml` of the odh repository.
//!
//! - While the ODH operator runs and a DataScienceCluster has `aipipelines` (v2) or
//!   `datasciencepipelines` (v1) Managed, the operator deploys DSPO
//!   (`data-science-pipelines-operator-controller-manager` in the DSCI's applications namespace)
//!   and its DataSciencePipelinesApplication CRD (only `v1` for ODH 3.x's DSPO 2.18, `v1alpha1`
//!   and `v1` for ODH 2.x's 2.15). Removed (or no DSC) deletes DSPO; the CRD stays, as the
//!   operator's garbage collection keeps CRDs.
//! - While DSPO's Deployment is available, each DSPA gets DSPO's finalizer (cleared on deletion
//!   while DSPO runs, never after), and the conditions DSPO v2.18.0 writes: DatabaseAvailable,
//!   ObjectStoreAvailable (False, FailingToDeploy, while the Secret its `s3CredentialsSecret` names
//!   lacks either key), then the API server's Deployment and Service `ds-pipeline-<name>` (owned by
//!   the DSPA) and APIServerReady from that Deployment, the other components after `ready_after`,
//!   WebhookReady False/NotApplicable, and Ready when all hold.

use super::{Ctx, condition_true, conditions, set_condition};
use crate::registry::ResourceInfo;
use crate::util::{finalizers, is_deleting, meta_str, set_finalizers};
use serde_json::{Value, json};

const OPERATOR: &str = "opendatahub-operator";
const DSPO: &str = "data-science-pipelines-operator";
const DSPO_DEPLOYMENT: &str = "data-science-pipelines-operator-controller-manager";
const GROUP: &str = "datasciencepipelinesapplications.opendatahub.io";
const PLURAL: &str = "datasciencepipelinesapplications";
const FINALIZER: &str = "datasciencepipelinesapplications.opendatahub.io/finalizer";

pub fn reconcile(ctx: &mut Ctx) {
    operator_component(ctx);
    let Some(ri) = ctx.ri(GROUP, PLURAL) else {
        return;
    };
    let running = dspo_available(ctx);
    for dspa in ctx.objects(&ri) {
        finalize(ctx, &ri, &dspa, running);
        if running && !is_deleting(&dspa) {
            reconcile_dspa(ctx, &ri, &dspa);
        }
    }
}

/// The applications namespace of the (first) DSCInitialization.
fn applications_namespace(ctx: &Ctx) -> String {
    ctx.ri("dscinitialization.opendatahub.io", "dscinitializations")
        .and_then(|ri| ctx.objects(&ri).into_iter().next())
        .and_then(|d| {
            d["spec"]["applicationsNamespace"]
                .as_str()
                .map(str::to_string)
        })
        .unwrap_or_else(|| "opendatahub".into())
}

/// Deploys or removes DSPO after the DataScienceCluster's pipelines component.
fn operator_component(ctx: &mut Ctx) {
    let Some(dsc_ri) = ctx.ri("datasciencecluster.opendatahub.io", "datascienceclusters") else {
        return;
    };
    let managed = ctx.objects(&dsc_ri).into_iter().find_map(|d| {
        let c = &d["spec"]["components"];
        let state = c["aipipelines"]["managementState"]
            .as_str()
            .or(c["datasciencepipelines"]["managementState"].as_str());
        (!is_deleting(&d) && state == Some("Managed"))
            .then(|| meta_str(&d, "apiVersion").to_string())
    });
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return;
    };
    let ns = applications_namespace(ctx);
    let existing = ctx.get(&dri, &ns, DSPO_DEPLOYMENT);
    match managed {
        Some(api_version) if operator_running(ctx) => {
            ensure_crd(ctx, api_version.ends_with("/v2"));
            if existing.is_none() {
                ctx.create(&dri, dspo_deployment(&ns), OPERATOR);
            }
        }
        Some(_) => {}
        None => {
            if existing.is_some_and(|d| !is_deleting(&d)) {
                ctx.delete(&dri, &ns, DSPO_DEPLOYMENT, Some("Background"));
            }
        }
    }
}

fn operator_running(ctx: &Ctx) -> bool {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return false;
    };
    ctx.st.store.iter(&dri.storage_key()).any(|d| {
        meta_str(d, "name") == "opendatahub-operator-controller-manager"
            && !is_deleting(d)
            && condition_true(d, "Available")
    })
}

fn ensure_crd(ctx: &mut Ctx, v2_line: bool) {
    let Some(crd_ri) = ctx.ri("apiextensions.k8s.io", "customresourcedefinitions") else {
        return;
    };
    if ctx.get(&crd_ri, "", &format!("{PLURAL}.{GROUP}")).is_some() {
        return;
    }
    let versions: &[&str] = if v2_line {
        &["v1"]
    } else {
        &["v1alpha1", "v1"]
    };
    let crd = crate::crd::simple_crd(
        GROUP,
        PLURAL,
        "DataSciencePipelinesApplication",
        &["dspa"],
        true,
        versions,
    );
    ctx.create(&crd_ri, crd, OPERATOR);
}

fn dspo_deployment(ns: &str) -> Value {
    let labels = json!({"app.kubernetes.io/name": DSPO, "app.opendatahub.io/data-science-pipelines-operator": "true"});
    json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": DSPO_DEPLOYMENT, "namespace": ns, "labels": labels},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app.kubernetes.io/name": DSPO}},
                 "template": {"metadata": {"labels": labels},
                              "spec": {"containers": [{"name": "manager", "image": "quay.io/opendatahub/data-science-pipelines-operator:v2.18.0"}]}}}
    })
}

fn dspo_available(ctx: &Ctx) -> bool {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return false;
    };
    ctx.st.store.iter(&dri.storage_key()).any(|d| {
        meta_str(d, "name") == DSPO_DEPLOYMENT && !is_deleting(d) && condition_true(d, "Available")
    })
}

/// Adds DSPO's finalizer to a live DSPA, clears it from a deleted one while DSPO runs.
fn finalize(ctx: &mut Ctx, ri: &ResourceInfo, dspa: &Value, running: bool) {
    let mut fins = finalizers(dspa);
    let has = fins.iter().any(|f| f == FINALIZER);
    if !running || (is_deleting(dspa) && !has) || (!is_deleting(dspa) && has) {
        return;
    }
    if is_deleting(dspa) {
        fins.retain(|f| f != FINALIZER);
    } else {
        fins.push(FINALIZER.to_string());
    }
    let mut new = dspa.clone();
    set_finalizers(&mut new, &fins);
    ctx.update(ri, new, DSPO);
}

/// Whether the Secret the DSPA's external storage names holds both keys.
fn credentials_present(ctx: &Ctx, dspa: &Value) -> Result<(), String> {
    let ns = meta_str(dspa, "namespace");
    let r = &dspa["spec"]["objectStorage"]["externalStorage"]["s3CredentialsSecret"];
    let name = r["secretName"].as_str().unwrap_or("");
    let secret = ctx
        .ri("", "secrets")
        .and_then(|ri| ctx.get(&ri, ns, name))
        .ok_or_else(|| format!("secrets \"{name}\" not found"))?;
    for key in [&r["accessKey"], &r["secretKey"]] {
        let key = key.as_str().unwrap_or("");
        if secret["data"][key].as_str().is_none_or(str::is_empty) {
            return Err(format!("key {key} not found in secret {name}"));
        }
    }
    Ok(())
}

fn reconcile_dspa(ctx: &mut Ctx, ri: &ResourceInfo, dspa: &Value) {
    let aged = ctx.aged(dspa, std::time::Duration::ZERO);
    let mut conds = conditions(dspa);
    let set = |conds: &mut Vec<Value>, typ: &str, ok: bool, reason: &str, message: &str| {
        let reason = if ok { typ } else { reason };
        set_condition(
            conds,
            typ,
            if ok { "True" } else { "False" },
            reason,
            message,
            false,
        );
    };
    let mut failures = Vec::new();
    set(
        &mut conds,
        "DatabaseAvailable",
        aged,
        "Deploying",
        "Database connectivity successfully verified",
    );
    let store = credentials_present(ctx, dspa);
    let store_msg = match &store {
        Ok(()) => "Object Store connectivity successfully verified".to_string(),
        Err(e) => format!("Could not connect to Object Store: {e}"),
    };
    set(
        &mut conds,
        "ObjectStoreAvailable",
        store.is_ok(),
        "FailingToDeploy",
        &store_msg,
    );
    if !aged {
        failures.push("Database is not available".to_string());
    }
    if store.is_err() {
        failures.push(store_msg);
    }
    let api = if store.is_ok() && aged {
        api_server(ctx, dspa)
    } else {
        false
    };
    set(
        &mut conds,
        "APIServerReady",
        api,
        "Deploying",
        if api {
            "Component [ds-pipeline] is minimally available."
        } else {
            "Component [ds-pipeline] is deploying."
        },
    );
    if !api {
        failures.push("Component [ds-pipeline] is deploying.".into());
    }
    for typ in [
        "PersistenceAgentReady",
        "ScheduledWorkflowReady",
        "WorkflowControllerReady",
        "MLMDProxyReady",
    ] {
        set(
            &mut conds,
            typ,
            api,
            "Deploying",
            if api {
                "Component is minimally available."
            } else {
                "Component is deploying."
            },
        );
    }
    set_condition(
        &mut conds,
        "WebhookReady",
        "False",
        "NotApplicable",
        "Webhook deployment not applicable for pipeline storage other than 'kubernetes'",
        false,
    );
    let ready = failures.is_empty();
    let message = if ready {
        "All components are ready.".to_string()
    } else {
        failures.join(" \n")
    };
    set_condition(
        &mut conds,
        "Ready",
        if ready { "True" } else { "False" },
        "MinimumReplicasAvailable",
        &message,
        false,
    );
    let ns = meta_str(dspa, "namespace");
    let name = meta_str(dspa, "name");
    let mut status = json!({"conditions": conds});
    if api {
        status["components"] = json!({"apiServer": {"url": format!("https://ds-pipeline-{name}.{ns}.svc.cluster.local:8443")}});
    }
    ctx.set_status(ri, dspa, status, DSPO);
}

/// Creates the API server's Deployment and Service (owned by the DSPA); true once it is available.
fn api_server(ctx: &mut Ctx, dspa: &Value) -> bool {
    let (Some(dri), Some(sri)) = (ctx.ri("apps", "deployments"), ctx.ri("", "services")) else {
        return false;
    };
    let ns = meta_str(dspa, "namespace").to_string();
    let name = format!("ds-pipeline-{}", meta_str(dspa, "name"));
    let owner = json!([{"apiVersion": dspa["apiVersion"], "kind": "DataSciencePipelinesApplication",
        "name": meta_str(dspa, "name"), "uid": meta_str(dspa, "uid"), "controller": true, "blockOwnerDeletion": true}]);
    let labels =
        json!({"app": name, "component": "data-science-pipelines", "dspa": meta_str(dspa, "name")});
    if ctx.get(&dri, &ns, &name).is_none() {
        let d = json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": labels, "ownerReferences": owner},
            "spec": {"replicas": 1, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": [
                        {"name": "ds-pipeline-api-server", "image": "quay.io/opendatahub/ds-pipelines-api-server:v2.18.0",
                         "ports": [{"name": "http", "containerPort": 8888}, {"name": "grpc", "containerPort": 8887}]},
                        {"name": "kube-rbac-proxy", "image": "quay.io/brancz/kube-rbac-proxy:v0.18.1",
                         "ports": [{"name": "proxy", "containerPort": 8443}]}]}}}});
        ctx.create(&dri, d, DSPO);
    }
    if ctx.get(&sri, &ns, &name).is_none() {
        let s = json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": ns, "labels": {"app": name, "component": "data-science-pipelines"}, "ownerReferences": owner},
            "spec": {"selector": {"app": name, "component": "data-science-pipelines"},
                     "ports": [{"name": "proxy", "port": 8443, "protocol": "TCP", "targetPort": "proxy"},
                               {"name": "http", "port": 8888, "protocol": "TCP", "targetPort": "http"},
                               {"name": "grpc", "port": 8887, "protocol": "TCP", "targetPort": 8887}]}});
        ctx.create(&sri, s, DSPO);
    }
    ctx.get(&dri, &ns, &name)
        .is_some_and(|d| !is_deleting(&d) && condition_true(&d, "Available"))
}
