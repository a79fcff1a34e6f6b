//! KServe: InferenceServices (served only if someone installed their CRD) get `Ready=True`, a URL
//! and model status after `ready_after`. Where a KServe controller Deployment runs (plain
//! Kubernetes), it behaves as KServe v0.20.0 does in Standard mode: it adds the finalizer
//! `inferenceservice.finalizers` and clears it on deletion while it runs
//! (`pkg/controller/v1beta1/inferenceservice/controller.go`), and creates the predictor
//! Deployment and Service `<name>-predictor`, owned by the InferenceService and carrying all of
//! its labels (`components/predictor.go` `buildObjectMeta`).

use super::{Ctx, condition_true, conditions, set_condition};
use crate::util::{finalizers, is_deleting, meta_str, set_finalizers};
use serde_json::{Value, json};

const MANAGER: &str = "kserve-controller-manager";
const FINALIZER: &str = "inferenceservice.finalizers";

fn runs_kserve(template_or_pod: &Value) -> bool {
    template_or_pod["spec"]["containers"]
        .as_array()
        .is_some_and(|cs| {
            cs.iter().any(|c| {
                c["image"]
                    .as_str()
                    .is_some_and(|i| i.contains("kserve-controller"))
            })
        })
}

/// Whether a KServe controller is deployed (`None`: never), and whether it runs: its
/// Deployment is available, or one of its pods is still there (a pod runs on through its
/// termination grace after its Deployment is deleted).
fn controller(ctx: &Ctx) -> Option<bool> {
    let dri = ctx.ri("apps", "deployments")?;
    let deployment = ctx
        .st
        .store
        .iter(&dri.storage_key())
        .find(|d| runs_kserve(&d["spec"]["template"]))
        .map(|d| !is_deleting(d) && condition_true(d, "Available"));
    let pod_runs = ctx.ri("", "pods").is_some_and(|pri| {
        ctx.st
            .store
            .iter(&pri.storage_key())
            .any(|p| runs_kserve(p))
    });
    match deployment {
        Some(available) => Some(available || pod_runs),
        None if pod_runs => Some(true),
        None => None,
    }
}

/// Adds the finalizer on a live InferenceService, clears it on a deleted one.
fn finalize(ctx: &mut Ctx, ri: &crate::registry::ResourceInfo, isvc: &Value, running: bool) {
    let mut fins = finalizers(isvc);
    let has = fins.iter().any(|f| f == FINALIZER);
    let changed = if is_deleting(isvc) {
        if !has || !running {
            return;
        }
        fins.retain(|f| f != FINALIZER);
        true
    } else if !has {
        fins.push(FINALIZER.to_string());
        true
    } else {
        false
    };
    if changed {
        let mut new = isvc.clone();
        set_finalizers(&mut new, &fins);
        ctx.update(ri, new, MANAGER);
    }
}

/// The predictor Deployment and Service of an InferenceService.
fn predictor_children(ctx: &mut Ctx, isvc: &Value) {
    let (Some(dri), Some(sri)) = (ctx.ri("apps", "deployments"), ctx.ri("", "services")) else {
        return;
    };
    let ns = meta_str(isvc, "namespace").to_string();
    let name = format!("{}-predictor", meta_str(isvc, "name"));
    let mut labels = isvc["metadata"]["labels"].clone();
    if !labels.is_object() {
        labels = json!({});
    }
    labels["serving.kserve.io/inferenceservice"] = json!(meta_str(isvc, "name"));
    labels["component"] = json!("predictor");
    labels["app"] = json!(format!("isvc.{name}"));
    let owner = json!([{
        "apiVersion": isvc["apiVersion"], "kind": "InferenceService", "name": meta_str(isvc, "name"),
        "uid": meta_str(isvc, "uid"), "controller": true, "blockOwnerDeletion": true,
    }]);
    let containers = isvc["spec"]["predictor"]["containers"].clone();
    if ctx.get(&dri, &ns, &name).is_none() && containers.is_array() {
        let deployment = json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": labels, "ownerReferences": owner},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": format!("isvc.{name}")}},
                "template": {"metadata": {"labels": labels}, "spec": {"containers": containers}}},
        });
        ctx.create(&dri, deployment, MANAGER);
    }
    if ctx.get(&sri, &ns, &name).is_none() {
        let service = json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": ns, "labels": labels, "ownerReferences": owner},
            "spec": {"selector": {"app": format!("isvc.{name}")},
                "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]},
        });
        ctx.create(&sri, service, MANAGER);
    }
}

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("serving.kserve.io", "inferenceservices") else {
        return;
    };
    let running = controller(ctx);
    for isvc in ctx.objects(&ri) {
        if let Some(available) = running {
            finalize(ctx, &ri, &isvc, available);
        }
        if is_deleting(&isvc) {
            continue;
        }
        if running == Some(true) {
            predictor_children(ctx, &isvc);
        }
        let key = format!(
            "isvc/{}/{}",
            meta_str(&isvc, "uid"),
            isvc["metadata"]["generation"]
        );
        let ready_after = ctx.ready_after_for(&isvc);
        let ready = ctx.after(&key, ready_after);
        let mut conds = conditions(&isvc);
        let s = if ready { "True" } else { "False" };
        let reason = if ready { "" } else { "Initializing" };
        for t in ["IngressReady", "PredictorReady", "Ready"] {
            set_condition(&mut conds, t, s, reason, "", false);
        }
        for m in conds.iter_mut().filter_map(Value::as_object_mut) {
            if m.get("reason").is_some_and(|r| r == "") {
                m.remove("reason");
            }
            if m.get("message").is_some_and(|r| r == "") {
                m.remove("message");
            }
        }
        let ns = meta_str(&isvc, "namespace");
        let name = meta_str(&isvc, "name");
        let url = format!("http://{name}.{ns}.svc.cluster.local");
        let status = json!({
            "conditions": conds,
            "url": url,
            "address": {"url": format!("http://{name}-predictor.{ns}.svc.cluster.local")},
            "observedGeneration": isvc["metadata"]["generation"],
            "modelStatus": {
                "states": {"activeModelState": if ready { "Loaded" } else { "Pending" }, "targetModelState": "Loaded"},
                "transitionStatus": if ready { "UpToDate" } else { "InProgress" }
            }
        });
        let same = isvc["status"]["modelStatus"] == status["modelStatus"]
            && isvc["status"]["observedGeneration"] == status["observedGeneration"];
        if !same {
            ctx.set_status(&ri, &isvc, status, MANAGER);
        }
    }
}
