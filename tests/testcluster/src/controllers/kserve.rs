//! KServe: InferenceServices (served only if someone installed their CRD) get `Ready=True`, a URL
//! and model status after `ready_after`.

use super::{Ctx, conditions, set_condition};
use crate::util::{is_deleting, meta_str};
use serde_json::{Value, json};

const MANAGER: &str = "kserve-controller-manager";

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("serving.kserve.io", "inferenceservices") else {
        return;
    };
    for isvc in ctx.objects(&ri) {
        if is_deleting(&isvc) {
            continue;
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
