//! Deployment → ReplicaSet → Pods, StatefulSet and DaemonSet controllers, writing the status
//! fields and conditions the real controllers write.

use super::{Ctx, KCM, conditions, set_condition};
use crate::util::{is_deleting, meta_str, stable_hash};
use serde_json::{Map, Value, json};
use std::sync::Arc;
use std::time::Duration;

pub const NODE: &str = "testcluster-node";

/// An ownerReference to `owner` marking it as the controller.
pub fn owner_ref(owner: &Value, kind: &str, api_version: &str) -> Value {
    json!({
        "apiVersion": api_version,
        "kind": kind,
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": true,
        "blockOwnerDeletion": true
    })
}

/// Whether `obj` is controlled by the object with `uid`.
pub fn controlled_by(obj: &Value, uid: &str) -> bool {
    obj["metadata"]["ownerReferences"]
        .as_array()
        .is_some_and(|rs| {
            rs.iter()
                .any(|r| r["uid"] == uid && r["controller"] == true)
        })
}

/// Whether a pod is Ready.
pub fn pod_ready(p: &Value) -> bool {
    super::condition_true(p, "Ready") && !is_deleting(p)
}

/// A pod from a template. A `name` ending in `-` is a `generateName`: the apiserver completes it,
/// as it does for the pods of ReplicaSets, Jobs and DaemonSets (transcript 46).
pub fn pod_from_template(
    template: &Value,
    ns: &str,
    name: &str,
    labels: Map<String, Value>,
    owner: Value,
) -> Value {
    let mut spec = template["spec"].clone();
    if let Some(m) = spec.as_object_mut() {
        m.insert("nodeName".into(), json!(NODE));
    }
    let key = if name.ends_with('-') {
        "generateName"
    } else {
        "name"
    };
    let mut meta =
        json!({key: name, "namespace": ns, "labels": labels, "ownerReferences": [owner]});
    if let Some(a) = template["metadata"]["annotations"].as_object() {
        meta["annotations"] = Value::Object(a.clone());
    }
    json!({"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
}

fn template_labels(t: &Value) -> Map<String, Value> {
    t["metadata"]["labels"]
        .as_object()
        .cloned()
        .unwrap_or_default()
}

fn int(v: &Value, default: i64) -> i64 {
    v.as_i64().unwrap_or(default)
}

/// `25%` or `1` of `total`, rounded down (`up` rounds up).
fn scaled(v: &Value, total: i64, up: bool) -> i64 {
    match v {
        Value::Number(n) => n.as_i64().unwrap_or(0),
        Value::String(s) => {
            let pct: f64 = s.trim_end_matches('%').parse().unwrap_or(0.0);
            let x = pct * total as f64 / 100.0;
            if up {
                x.ceil() as i64
            } else {
                x.floor() as i64
            }
        }
        _ => 0,
    }
}

pub fn reconcile(ctx: &mut Ctx) {
    deployments(ctx);
    replicasets(ctx);
    statefulsets(ctx);
    daemonsets(ctx);
}

fn deployments(ctx: &mut Ctx) {
    let (Some(dri), Some(rsri)) = (ctx.ri("apps", "deployments"), ctx.ri("apps", "replicasets"))
    else {
        return;
    };
    for d in ctx.objects(&dri) {
        let deleting = is_deleting(&d);
        let ns = meta_str(&d, "namespace").to_string();
        let name = meta_str(&d, "name").to_string();
        let uid = meta_str(&d, "uid").to_string();
        let replicas = int(&d["spec"]["replicas"], 1);
        let template = d["spec"]["template"].clone();
        let hash = stable_hash(&template, 10);
        let rs_name = format!("{name}-{hash}");
        let owned: Vec<Arc<Value>> = ctx
            .objects_in(&rsri, &ns)
            .into_iter()
            .filter(|r| controlled_by(r, &uid))
            .collect();
        let max_surge = scaled(
            &d["spec"]["strategy"]["rollingUpdate"]["maxSurge"],
            replicas,
            true,
        );
        let max_unavailable = scaled(
            &d["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"],
            replicas,
            false,
        );
        let revision = owned
            .iter()
            .filter_map(|r| {
                r["metadata"]["annotations"]["deployment.kubernetes.io/revision"].as_str()
            })
            .filter_map(|s| s.parse::<i64>().ok())
            .max()
            .unwrap_or(0);
        let current = owned
            .iter()
            .find(|r| meta_str(r, "name") == rs_name)
            .cloned();
        let new_rs = match current {
            // A Deployment being deleted keeps its status up to date but makes nothing new.
            _ if deleting => match owned.iter().find(|r| meta_str(r, "name") == rs_name) {
                Some(rs) => Some(rs.clone()),
                None => continue,
            },
            Some(rs) => {
                if int(&rs["spec"]["replicas"], 1) != replicas {
                    let mut up = (*rs).clone();
                    up["spec"]["replicas"] = json!(replicas);
                    up["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] =
                        json!(replicas.to_string());
                    up["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] =
                        json!((replicas + max_surge).to_string());
                    ctx.update(&rsri, up, KCM);
                }
                ctx.get(&rsri, &ns, &rs_name)
            }
            None => {
                let mut labels = template_labels(&template);
                labels.insert("pod-template-hash".into(), json!(hash));
                let mut selector = d["spec"]["selector"].clone();
                if let Some(ml) = selector
                    .get_mut("matchLabels")
                    .and_then(Value::as_object_mut)
                {
                    ml.insert("pod-template-hash".into(), json!(hash));
                } else {
                    selector["matchLabels"] = json!({"pod-template-hash": hash});
                }
                let mut tpl = template.clone();
                tpl["metadata"]["labels"] = Value::Object(labels.clone());
                let rs = json!({
                    "apiVersion": "apps/v1", "kind": "ReplicaSet",
                    "metadata": {
                        "name": rs_name, "namespace": ns, "labels": labels,
                        "annotations": {
                            "deployment.kubernetes.io/desired-replicas": replicas.to_string(),
                            "deployment.kubernetes.io/max-replicas": (replicas + max_surge).to_string(),
                            "deployment.kubernetes.io/revision": (revision + 1).to_string()
                        },
                        "ownerReferences": [owner_ref(&d, "Deployment", "apps/v1")]
                    },
                    "spec": {"replicas": replicas, "selector": selector, "template": tpl}
                });
                ctx.create(&rsri, rs, KCM);
                ctx.get(&rsri, &ns, &rs_name)
            }
        };
        let Some(new_rs) = new_rs else { continue };
        // Scale down old replica sets once the new one is available.
        let new_available = int(&new_rs["status"]["availableReplicas"], 0);
        for old in owned
            .iter()
            .filter(|r| meta_str(r, "name") != rs_name && !deleting)
        {
            if int(&old["spec"]["replicas"], 0) != 0 && new_available >= replicas {
                let mut down = (**old).clone();
                down["spec"]["replicas"] = json!(0);
                ctx.update(&rsri, down, KCM);
            }
        }
        let new_rev =
            new_rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"].clone();
        let all: Vec<Arc<Value>> = ctx
            .objects_in(&rsri, &ns)
            .into_iter()
            .filter(|r| controlled_by(r, &uid))
            .collect();
        let sum = |f: &str| all.iter().map(|r| int(&r["status"][f], 0)).sum::<i64>();
        let total = sum("replicas");
        let ready = sum("readyReplicas");
        let available = sum("availableReplicas");
        let updated = int(&new_rs["status"]["replicas"], 0);
        let new_ready = int(&new_rs["status"]["availableReplicas"], 0);
        let old_left: i64 = all
            .iter()
            .filter(|r| meta_str(r, "name") != rs_name)
            .map(|r| int(&r["status"]["replicas"], 0))
            .sum();
        let mut conds = conditions(&d);
        if available >= replicas - max_unavailable {
            set_condition(
                &mut conds,
                "Available",
                "True",
                "MinimumReplicasAvailable",
                "Deployment has minimum availability.",
                true,
            );
        } else {
            set_condition(
                &mut conds,
                "Available",
                "False",
                "MinimumReplicasUnavailable",
                "Deployment does not have minimum availability.",
                true,
            );
        }
        let complete = updated == replicas && new_ready == replicas && old_left == 0;
        let deadline =
            Duration::from_secs(d["spec"]["progressDeadlineSeconds"].as_u64().unwrap_or(600));
        let gen_key = format!("deploy-progress/{uid}/{hash}");
        if deleting {
            // A Deployment being deleted gets its status synced only: Progressing stays as it
            // was (the controller's syncStatusOnly).
        } else if complete {
            set_condition(
                &mut conds,
                "Progressing",
                "True",
                "NewReplicaSetAvailable",
                &format!("ReplicaSet \"{rs_name}\" has successfully progressed."),
                true,
            );
        } else if ctx.after(&gen_key, deadline) {
            set_condition(
                &mut conds,
                "Progressing",
                "False",
                "ProgressDeadlineExceeded",
                &format!("ReplicaSet \"{rs_name}\" has timed out progressing."),
                true,
            );
        } else {
            set_condition(
                &mut conds,
                "Progressing",
                "True",
                "ReplicaSetUpdated",
                &format!("ReplicaSet \"{rs_name}\" is progressing."),
                true,
            );
        }

        let mut status = Map::new();
        status.insert(
            "observedGeneration".into(),
            d["metadata"]["generation"].clone(),
        );
        // Zero counts are omitted (omitempty), terminatingReplicas is always given (transcripts
        // 43, 44 and 76).
        if total > 0 {
            status.insert("replicas".into(), json!(total));
        }
        if updated > 0 {
            status.insert("updatedReplicas".into(), json!(updated));
        }
        if ready > 0 {
            status.insert("readyReplicas".into(), json!(ready));
        }
        if available > 0 {
            status.insert("availableReplicas".into(), json!(available));
        }
        if replicas - available > 0 {
            status.insert("unavailableReplicas".into(), json!(replicas - available));
        }
        status.insert(
            "terminatingReplicas".into(),
            json!(sum("terminatingReplicas")),
        );
        status.insert("conditions".into(), json!(conds));
        // The revision annotation goes with the status write, as the real controller's does.
        ctx.set_status_and_annotations(
            &dri,
            &d,
            Value::Object(status),
            &[("deployment.kubernetes.io/revision", new_rev)],
            KCM,
        );
    }
}

fn replicasets(ctx: &mut Ctx) {
    let (Some(rsri), Some(pri)) = (ctx.ri("apps", "replicasets"), ctx.ri("", "pods")) else {
        return;
    };
    for rs in ctx.objects(&rsri) {
        let ns = meta_str(&rs, "namespace").to_string();
        let uid = meta_str(&rs, "uid").to_string();
        let name = meta_str(&rs, "name").to_string();
        let pods: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid) && !is_deleting(p))
            .collect();
        let desired = if is_deleting(&rs) {
            pods.len() as i64
        } else {
            int(&rs["spec"]["replicas"], 1)
        };
        let have = pods.len() as i64;
        if have < desired {
            let labels = template_labels(&rs["spec"]["template"]);
            for _ in have..desired {
                let pod_name = format!("{name}-");
                let pod = pod_from_template(
                    &rs["spec"]["template"],
                    &ns,
                    &pod_name,
                    labels.clone(),
                    owner_ref(&rs, "ReplicaSet", "apps/v1"),
                );
                ctx.create(&pri, pod, KCM);
            }
        } else if have > desired {
            let mut sorted = pods.clone();
            sorted.sort_by_key(|p| {
                std::cmp::Reverse(
                    p["metadata"]["creationTimestamp"]
                        .as_str()
                        .unwrap_or("")
                        .to_string(),
                )
            });
            for p in sorted.iter().take((have - desired) as usize) {
                ctx.delete(&pri, &ns, meta_str(p, "name"), None);
            }
        }
        let owned: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid))
            .collect();
        let pods: Vec<&Arc<Value>> = owned.iter().filter(|p| !is_deleting(p)).collect();
        let terminating = owned.len() - pods.len();
        let ready = pods.iter().filter(|p| pod_ready(p)).count() as i64;
        // Zero counts are omitted (omitempty) except replicas and terminatingReplicas (transcripts
        // 45 and 77).
        let mut status = Map::new();
        status.insert("replicas".into(), json!(pods.len()));
        if !pods.is_empty() {
            status.insert("fullyLabeledReplicas".into(), json!(pods.len()));
        }
        if ready > 0 {
            status.insert("readyReplicas".into(), json!(ready));
            status.insert("availableReplicas".into(), json!(ready));
        }
        status.insert("terminatingReplicas".into(), json!(terminating));
        status.insert(
            "observedGeneration".into(),
            rs["metadata"]["generation"].clone(),
        );
        ctx.set_status(&rsri, &rs, Value::Object(status), KCM);
    }
}

fn statefulsets(ctx: &mut Ctx) {
    let (Some(sri), Some(pri)) = (ctx.ri("apps", "statefulsets"), ctx.ri("", "pods")) else {
        return;
    };
    let pvc_ri = ctx.ri("", "persistentvolumeclaims");
    for s in ctx.objects(&sri) {
        if is_deleting(&s) {
            continue;
        }
        let ns = meta_str(&s, "namespace").to_string();
        let name = meta_str(&s, "name").to_string();
        let uid = meta_str(&s, "uid").to_string();
        let replicas = int(&s["spec"]["replicas"], 1);
        let template = s["spec"]["template"].clone();
        let revision = format!("{name}-{}", stable_hash(&template, 10));
        let parallel = s["spec"]["podManagementPolicy"] == "Parallel";
        let mut prev_ready = true;
        for i in 0..replicas {
            let pod_name = format!("{name}-{i}");
            let existing = ctx.get(&pri, &ns, &pod_name);
            match existing {
                Some(p) => {
                    prev_ready = pod_ready(&p);
                }
                None => {
                    if !parallel && !prev_ready {
                        break;
                    }
                    if let (Some(pvc_ri), Some(tpls)) =
                        (&pvc_ri, s["spec"]["volumeClaimTemplates"].as_array())
                    {
                        for t in tpls {
                            let claim = format!("{}-{pod_name}", meta_str(t, "name"));
                            if ctx.get(pvc_ri, &ns, &claim).is_none() {
                                let mut pvc = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                    "metadata": {"name": claim, "namespace": ns, "labels": template_labels(&template)},
                                    "spec": t["spec"].clone()});
                                if let Some(m) = pvc["metadata"].as_object_mut() {
                                    m.retain(|_, v| !v.is_null());
                                }
                                ctx.create(pvc_ri, pvc, KCM);
                            }
                        }
                    }
                    let mut labels = template_labels(&template);
                    labels.insert("controller-revision-hash".into(), json!(revision));
                    labels.insert("statefulset.kubernetes.io/pod-name".into(), json!(pod_name));
                    labels.insert("apps.kubernetes.io/pod-index".into(), json!(i.to_string()));
                    let mut pod = pod_from_template(
                        &template,
                        &ns,
                        &pod_name,
                        labels,
                        owner_ref(&s, "StatefulSet", "apps/v1"),
                    );
                    pod["spec"]["hostname"] = json!(pod_name);
                    if let Some(svc) = s["spec"]["serviceName"].as_str() {
                        pod["spec"]["subdomain"] = json!(svc);
                    }
                    if let Some(tpls) = s["spec"]["volumeClaimTemplates"].as_array() {
                        let mut vols = pod["spec"]["volumes"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default();
                        for t in tpls {
                            let tn = meta_str(t, "name");
                            vols.push(json!({"name": tn, "persistentVolumeClaim": {"claimName": format!("{tn}-{pod_name}")}}));
                        }
                        pod["spec"]["volumes"] = json!(vols);
                    }
                    ctx.create(&pri, pod, KCM);
                    prev_ready = false;
                }
            }
        }
        let pods: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid))
            .collect();
        for p in &pods {
            let ord = meta_str(p, "name")
                .rsplit('-')
                .next()
                .and_then(|x| x.parse::<i64>().ok())
                .unwrap_or(0);
            if ord >= replicas && !is_deleting(p) {
                ctx.delete(&pri, &ns, meta_str(p, "name"), None);
            }
        }
        let live: Vec<&Arc<Value>> = pods.iter().filter(|p| !is_deleting(p)).collect();
        let ready = live.iter().filter(|p| pod_ready(p)).count() as i64;
        let count = live.len() as i64;
        let mut status = Map::new();
        status.insert(
            "observedGeneration".into(),
            s["metadata"]["generation"].clone(),
        );
        status.insert("replicas".into(), json!(count.min(replicas.max(count))));
        if ready > 0 {
            status.insert("readyReplicas".into(), json!(ready));
            status.insert("availableReplicas".into(), json!(ready));
        } else {
            status.insert("availableReplicas".into(), json!(0));
        }
        status.insert("currentReplicas".into(), json!(count));
        status.insert("updatedReplicas".into(), json!(count));
        status.insert("currentRevision".into(), json!(revision));
        status.insert("updateRevision".into(), json!(revision));
        status.insert("collisionCount".into(), json!(0));
        ctx.set_status(&sri, &s, Value::Object(status), KCM);
    }
}

fn daemonsets(ctx: &mut Ctx) {
    let (Some(dri), Some(pri)) = (ctx.ri("apps", "daemonsets"), ctx.ri("", "pods")) else {
        return;
    };
    for ds in ctx.objects(&dri) {
        if is_deleting(&ds) {
            continue;
        }
        let ns = meta_str(&ds, "namespace").to_string();
        let name = meta_str(&ds, "name").to_string();
        let uid = meta_str(&ds, "uid").to_string();
        let template = ds["spec"]["template"].clone();
        let hash = stable_hash(&template, 10);
        let pods: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid) && !is_deleting(p))
            .collect();
        let current: Vec<&Arc<Value>> = pods
            .iter()
            .filter(|p| p["metadata"]["labels"]["controller-revision-hash"] == hash)
            .collect();
        for p in pods
            .iter()
            .filter(|p| p["metadata"]["labels"]["controller-revision-hash"] != hash)
        {
            ctx.delete(&pri, &ns, meta_str(p, "name"), None);
        }
        if current.is_empty() {
            let mut labels = template_labels(&template);
            labels.insert("controller-revision-hash".into(), json!(hash));
            labels.insert(
                "pod-template-generation".into(),
                json!(
                    ds["metadata"]["generation"]
                        .as_i64()
                        .unwrap_or(1)
                        .to_string()
                ),
            );
            let pod_name = format!("{name}-");
            let pod = pod_from_template(
                &template,
                &ns,
                &pod_name,
                labels,
                owner_ref(&ds, "DaemonSet", "apps/v1"),
            );
            ctx.create(&pri, pod, KCM);
        }
        let pods: Vec<Arc<Value>> = ctx
            .objects_in(&pri, &ns)
            .into_iter()
            .filter(|p| controlled_by(p, &uid) && !is_deleting(p))
            .collect();
        let ready = pods.iter().filter(|p| pod_ready(p)).count() as i64;
        let status = json!({
            "currentNumberScheduled": 1,
            "numberMisscheduled": 0,
            "desiredNumberScheduled": 1,
            "numberReady": ready,
            "observedGeneration": ds["metadata"]["generation"],
            "updatedNumberScheduled": pods.len().min(1),
            "numberAvailable": ready,
            "numberUnavailable": 1 - ready.min(1)
        });
        let mut status = status;
        if ready > 0 {
            status
                .as_object_mut()
                .map(|m| m.remove("numberUnavailable"));
        } else {
            status.as_object_mut().map(|m| m.remove("numberAvailable"));
        }
        ctx.set_status(&dri, &ds, status, KCM);
    }
}
