//! The simulated kubelet: pods go Pending → Running/Ready after `ready_after`, or get stuck in
//! ImagePullBackOff (`fail-pull` in the image), CrashLoopBackOff (`crashloop`), or never become
//! ready (the never-ready fault); Job pods complete; gracefully deleted pods go
//! `Options::pod_termination` after their deletion. Writes Warning events for failures.

use super::Ctx;
use crate::controllers::workloads::NODE;
use crate::util::{finalizers, is_deleting, meta_str, now_rfc3339, random_suffix};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Scheduled,
    Ready,
    NotReady,
    PullBackOff,
    CrashLoop,
    Succeeded,
}

fn images(p: &Value) -> Vec<(String, String)> {
    p["spec"]["containers"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    (
                        c["name"].as_str().unwrap_or("").to_string(),
                        c["image"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn current_stage(p: &Value) -> Option<Stage> {
    let st = &p["status"];
    let waiting = st["containerStatuses"].as_array().and_then(|cs| {
        cs.iter()
            .find_map(|c| c["state"]["waiting"]["reason"].as_str())
    });
    match (st["phase"].as_str(), waiting) {
        (Some("Succeeded"), _) => Some(Stage::Succeeded),
        (_, Some("ImagePullBackOff")) => Some(Stage::PullBackOff),
        (_, Some("CrashLoopBackOff")) => Some(Stage::CrashLoop),
        (Some("Running"), _) if super::condition_true(p, "Ready") => Some(Stage::Ready),
        (Some("Running"), _) => Some(Stage::NotReady),
        (Some("Pending"), _) if st["conditions"].is_array() => Some(Stage::Scheduled),
        _ => None,
    }
}

/// The workload (kind, name) a pod belongs to, following ReplicaSet → Deployment.
fn workload(ctx: &Ctx, p: &Value) -> Vec<(String, String)> {
    let mut chain = ctx.owner_chain(p);
    if let Some(first) = chain.first_mut() {
        first.0 = "Pod".to_string();
    }
    chain
}

fn desired_stage(ctx: &mut Ctx, p: &Value) -> Stage {
    let imgs = images(p);
    let is_job = workload(ctx, p).iter().any(|(k, _)| k == "Job");
    if !ctx.aged(p, std::time::Duration::ZERO) {
        return Stage::Scheduled;
    }
    if imgs.iter().any(|(_, i)| i.contains("fail-pull")) {
        return Stage::PullBackOff;
    }
    if imgs.iter().any(|(_, i)| i.contains("crashloop")) {
        return Stage::CrashLoop;
    }
    let never = workload(ctx, p)
        .iter()
        .any(|(k, n)| ctx.st.faults.never_ready_matches(k, n));
    if never {
        return Stage::NotReady;
    }
    if is_job {
        return Stage::Succeeded;
    }
    Stage::Ready
}

fn cond(typ: &str, status: bool, reason: Option<&str>, msg: Option<&str>, now: &str) -> Value {
    let mut c = json!({"type": typ, "status": if status { "True" } else { "False" }, "lastProbeTime": null, "lastTransitionTime": now});
    if let Some(r) = reason {
        c["reason"] = json!(r);
    }
    if let Some(m) = msg {
        c["message"] = json!(m);
    }
    c
}

fn build_status(stage: Stage, p: &Value, ip: &str) -> Value {
    let now = now_rfc3339();
    let imgs = images(p);
    let names: Vec<String> = imgs.iter().map(|(n, _)| n.clone()).collect();
    let unready_msg = format!("containers with unready status: [{}]", names.join(" "));
    let started = p["status"]["startTime"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| now.clone());
    let base_conds = |ready: bool, reason: Option<&str>| {
        let msg = if ready {
            None
        } else {
            Some(unready_msg.as_str())
        };
        vec![
            cond("PodReadyToStartContainers", true, None, None, &now),
            cond("Initialized", true, None, None, &now),
            cond("Ready", ready, reason, msg, &now),
            cond("ContainersReady", ready, reason, msg, &now),
            cond("PodScheduled", true, None, None, &now),
        ]
    };
    let statuses = |f: &dyn Fn(&str, &str) -> Value| -> Vec<Value> {
        imgs.iter().map(|(n, i)| f(n, i)).collect()
    };
    let mut st = match stage {
        Stage::Scheduled => json!({
            "phase": "Pending",
            "conditions": [cond("PodScheduled", true, None, None, &now)],
        }),
        Stage::Ready => json!({
            "phase": "Running",
            "conditions": base_conds(true, None),
            "containerStatuses": statuses(&|n, i| json!({"name": n, "state": {"running": {"startedAt": now}}, "lastState": {}, "ready": true, "restartCount": 0, "image": i, "imageID": format!("{i}@sha256:0000"), "containerID": format!("containerd://{}", random_suffix(16)), "started": true})),
        }),
        Stage::NotReady => json!({
            "phase": "Running",
            "conditions": base_conds(false, Some("ContainersNotReady")),
            "containerStatuses": statuses(&|n, i| json!({"name": n, "state": {"running": {"startedAt": now}}, "lastState": {}, "ready": false, "restartCount": 0, "image": i, "imageID": format!("{i}@sha256:0000"), "started": true})),
        }),
        Stage::PullBackOff => json!({
            "phase": "Pending",
            "conditions": base_conds(false, Some("ContainersNotReady")),
            "containerStatuses": statuses(&|n, i| {
                let bad = i.contains("fail-pull");
                let state = if bad {
                    json!({"waiting": {"reason": "ImagePullBackOff", "message": format!("Back-off pulling image \"{i}\": ErrImagePull: failed to pull and unpack image \"{i}\": not found")}})
                } else {
                    json!({"running": {"startedAt": now}})
                };
                json!({"name": n, "state": state, "lastState": {}, "ready": false, "restartCount": 0, "image": i, "imageID": "", "started": !bad})
            }),
        }),
        Stage::CrashLoop => json!({
            "phase": "Running",
            "conditions": base_conds(false, Some("ContainersNotReady")),
            "containerStatuses": statuses(&|n, i| {
                let bad = i.contains("crashloop");
                let state = if bad {
                    json!({"waiting": {"reason": "CrashLoopBackOff", "message": format!("back-off 40s restarting failed container={n} pod={}", meta_str(p, "name"))}})
                } else {
                    json!({"running": {"startedAt": now}})
                };
                let last = if bad {
                    json!({"terminated": {"exitCode": 1, "reason": "Error", "startedAt": now, "finishedAt": now}})
                } else {
                    json!({})
                };
                json!({"name": n, "state": state, "lastState": last, "ready": false, "restartCount": if bad { 3 } else { 0 }, "image": i, "imageID": format!("{i}@sha256:0000"), "started": false})
            }),
        }),
        Stage::Succeeded => json!({
            "phase": "Succeeded",
            "conditions": base_conds(false, Some("PodCompleted")),
            "containerStatuses": statuses(&|n, i| json!({"name": n, "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": now, "finishedAt": now}}, "lastState": {}, "ready": false, "restartCount": 0, "image": i, "imageID": format!("{i}@sha256:0000"), "started": false})),
        }),
    };
    if stage != Stage::Scheduled {
        st["hostIP"] = json!("127.0.0.1");
        st["hostIPs"] = json!([{"ip": "127.0.0.1"}]);
        st["startTime"] = json!(started);
        if stage != Stage::PullBackOff {
            st["podIP"] = json!(ip);
            st["podIPs"] = json!([{"ip": ip}]);
        }
    }
    st["qosClass"] = p["status"]["qosClass"].clone();
    if st["qosClass"].is_null() {
        st["qosClass"] = json!("BestEffort");
    }
    st
}

fn event(ctx: &mut Ctx, p: &Value, reason: &str, message: &str) {
    let Some(eri) = ctx.ri("", "events") else {
        return;
    };
    let ns = meta_str(p, "namespace").to_string();
    let now = now_rfc3339();
    let ev = json!({
        "apiVersion": "v1", "kind": "Event",
        "metadata": {"name": format!("{}.{}", meta_str(p, "name"), random_suffix(16)), "namespace": ns},
        "involvedObject": {"apiVersion": "v1", "kind": "Pod", "name": meta_str(p, "name"), "namespace": ns, "uid": meta_str(p, "uid"), "fieldPath": "spec.containers{main}"},
        "reason": reason, "message": message, "type": "Warning",
        "source": {"component": "kubelet", "host": NODE},
        "firstTimestamp": now, "lastTimestamp": now, "count": 1,
        "reportingComponent": "kubelet", "reportingInstance": NODE
    });
    ctx.create(&eri, ev, "kubelet");
}

pub fn reconcile(ctx: &mut Ctx) {
    let Some(pri) = ctx.ri("", "pods") else {
        return;
    };
    for p in ctx.objects(&pri) {
        if is_deleting(&p) {
            // The kubelet stops the containers, then confirms with a delete of grace 0.
            let wait = ctx.st.pod_termination;
            if finalizers(&p).is_empty()
                && crate::ops::terminating_pod(&pri, &p)
                && ctx.after(&format!("pod-terminated/{}", meta_str(&p, "uid")), wait)
            {
                ctx.delete_now(&pri, meta_str(&p, "namespace"), meta_str(&p, "name"));
            }
            continue;
        }
        if p["spec"]["nodeName"].as_str().is_none_or(str::is_empty) {
            let mut up = (*p).clone();
            up["spec"]["nodeName"] = json!(NODE);
            ctx.update(&pri, up, "kube-scheduler");
            continue;
        }
        let want = desired_stage(ctx, &p);
        if current_stage(&p) == Some(want) {
            continue;
        }
        let ip = p["status"]["podIP"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| ctx.st.sim.pod_ip());
        let status = build_status(want, &p, &ip);
        ctx.set_status(&pri, &p, status, "kubelet");
        match want {
            Stage::PullBackOff => {
                for (_, i) in images(&p).iter().filter(|(_, i)| i.contains("fail-pull")) {
                    event(
                        ctx,
                        &p,
                        "Failed",
                        &format!(
                            "Failed to pull image \"{i}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{i}\": not found"
                        ),
                    );
                    event(ctx, &p, "Failed", "Error: ImagePullBackOff");
                }
            }
            Stage::CrashLoop => {
                event(
                    ctx,
                    &p,
                    "BackOff",
                    &format!(
                        "Back-off restarting failed container in pod {}",
                        meta_str(&p, "name")
                    ),
                );
            }
            _ => {}
        }
    }
}
