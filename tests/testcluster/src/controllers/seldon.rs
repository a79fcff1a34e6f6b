//! The Seldon Core operator: once a deployment running `seldon-core-operator` is available it
//! creates the SeldonDeployment CRD; SeldonDeployments become `Available` after `ready_after`.

use super::{Ctx, condition_true};
use crate::crd::simple_crd;
use crate::util::{is_deleting, meta_str};
use serde_json::json;

const MANAGER: &str = "seldon-manager";

fn operator_ready(ctx: &Ctx) -> bool {
    let Some(dri) = ctx.ri("apps", "deployments") else {
        return false;
    };
    ctx.st.store.iter(&dri.storage_key()).any(|d| {
        !is_deleting(d)
            && condition_true(d, "Available")
            && d["spec"]["template"]["spec"]["containers"]
                .as_array()
                .is_some_and(|cs| {
                    cs.iter().any(|c| {
                        c["image"]
                            .as_str()
                            .is_some_and(|i| i.contains("seldon-core-operator"))
                    })
                })
    })
}

pub fn reconcile(ctx: &mut Ctx) {
    if !operator_ready(ctx) {
        return;
    }
    let Some(crd_ri) = ctx.ri("apiextensions.k8s.io", "customresourcedefinitions") else {
        return;
    };
    if ctx
        .get(&crd_ri, "", "seldondeployments.machinelearning.seldon.io")
        .is_none()
    {
        let crd = simple_crd(
            "machinelearning.seldon.io",
            "seldondeployments",
            "SeldonDeployment",
            &["sdep"],
            true,
            &["v1alpha2", "v1alpha3", "v1"],
        );
        ctx.create(&crd_ri, crd, MANAGER);
    }
    let Some(ri) = ctx.ri("machinelearning.seldon.io", "seldondeployments") else {
        return;
    };
    for s in ctx.objects(&ri) {
        if is_deleting(&s) {
            continue;
        }
        let ns = meta_str(&s, "namespace").to_string();
        let name = meta_str(&s, "name").to_string();
        let key = format!(
            "sdep/{}/{}",
            meta_str(&s, "uid"),
            s["metadata"]["generation"]
        );
        let ready_after = ctx.ready_after_for(&s);
        let state = if ctx.after(&key, ready_after) {
            "Available"
        } else {
            "Creating"
        };
        if s["status"]["state"] == state {
            continue;
        }
        let predictor = s["spec"]["predictors"][0]["name"]
            .as_str()
            .unwrap_or("default")
            .to_string();
        let status = json!({
            "state": state,
            "replicas": 1,
            "address": {"url": format!("http://{name}-{predictor}.{ns}.svc.cluster.local:8000/api/v1.0/predictions")},
            "conditions": [
                {"type": "DeploymentsReady", "status": if state == "Available" { "True" } else { "False" }, "reason": "", "lastTransitionTime": crate::util::now_rfc3339()},
                {"type": "Ready", "status": if state == "Available" { "True" } else { "False" }, "lastTransitionTime": crate::util::now_rfc3339()}
            ]
        });
        ctx.set_status(&ri, &s, status, MANAGER);
    }
}
