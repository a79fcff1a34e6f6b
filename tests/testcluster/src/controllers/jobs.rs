//! The Job controller: creates pods up to parallelism and completions, and reports Complete
//! (with SuccessCriteriaMet) once enough pods succeeded.

use super::{Ctx, KCM, conditions, set_condition};
use crate::controllers::workloads::{controlled_by, owner_ref, pod_from_template, pod_ready};
use crate::util::{is_deleting, meta_str, now_rfc3339};
use serde_json::{Map, Value, json};
use std::sync::Arc;

pub fn reconcile(ctx: &mut Ctx) {
    let (Some(jri), Some(pri)) = (ctx.ri("batch", "jobs"), ctx.ri("", "pods")) else {
        return;
    };
    for j in ctx.objects(&jri) {
        if is_deleting(&j) || j["spec"]["suspend"] == true {
            continue;
        }
        if super::condition_true(&j, "Complete") || super::condition_true(&j, "Failed") {
            continue;
        }
        let ns = meta_str(&j, "namespace").to_string();
        let name = meta_str(&j, "name").to_string();
        let uid = meta_str(&j, "uid").to_string();
        let completions = j["spec"]["completions"].as_i64().unwrap_or(1);
        let parallelism = j["spec"]["parallelism"].as_i64().unwrap_or(1);
        let pods: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid))
            .collect();
        let succeeded = pods
            .iter()
            .filter(|p| p["status"]["phase"] == "Succeeded")
            .count() as i64;
        let failed = pods
            .iter()
            .filter(|p| p["status"]["phase"] == "Failed")
            .count() as i64;
        let active = pods
            .iter()
            .filter(|p| {
                !is_deleting(p)
                    && p["status"]["phase"] != "Succeeded"
                    && p["status"]["phase"] != "Failed"
            })
            .count() as i64;
        let to_start = (completions - succeeded - active)
            .min(parallelism - active)
            .max(0);
        for _ in 0..to_start {
            let mut labels: Map<String, Value> = j["spec"]["template"]["metadata"]["labels"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            labels.insert("batch.kubernetes.io/job-name".into(), json!(name));
            labels.insert("job-name".into(), json!(name));
            let pod_name = format!("{name}-");
            let pod = pod_from_template(
                &j["spec"]["template"],
                &ns,
                &pod_name,
                labels,
                owner_ref(&j, "Job", "batch/v1"),
            );
            ctx.create(&pri, pod, KCM);
        }
        let active = active + to_start;
        let now = now_rfc3339();
        let mut status = Map::new();
        let start = j["status"]["startTime"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| now.clone());
        status.insert("startTime".into(), json!(start));
        status.insert("terminating".into(), json!(0));
        status.insert("uncountedTerminatedPods".into(), json!({}));
        let ready = pods.iter().filter(|p| pod_ready(p)).count();
        status.insert("ready".into(), json!(ready));
        if succeeded > 0 {
            status.insert("succeeded".into(), json!(succeeded));
        }
        if failed > 0 {
            status.insert("failed".into(), json!(failed));
        }
        let mut conds = conditions(&j);
        if succeeded >= completions {
            set_condition(
                &mut conds,
                "SuccessCriteriaMet",
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                false,
            );
            set_condition(
                &mut conds,
                "Complete",
                "True",
                "CompletionsReached",
                "Reached expected number of succeeded pods",
                false,
            );
            for c in conds.iter_mut() {
                c["lastProbeTime"] = json!(now);
            }
            status.insert("completionTime".into(), json!(now));
            status.insert("conditions".into(), json!(conds));
        } else {
            if active > 0 {
                status.insert("active".into(), json!(active));
            }
            if !conds.is_empty() {
                status.insert("conditions".into(), json!(conds));
            }
        }
        let previous_start = j["status"]["startTime"].clone();
        let mut status = Value::Object(status);
        if !previous_start.is_null() {
            status["startTime"] = previous_start;
        }
        ctx.set_status(&jri, &j, status, KCM);
    }
}
