//! The endpoints controllers: EndpointSlices and Endpoints from the pods a Service selects, and
//! load-balancer addresses for `type: LoadBalancer`.

use super::{Ctx, KCM};
use crate::controllers::workloads::{NODE, owner_ref, pod_ready};
use crate::selectors::matches_map_selector;
use crate::util::{is_deleting, labels, meta_str, now_rfc3339};
use serde_json::{Value, json};

fn resolve_port(target: &Value, pods: &[&Value]) -> Option<i64> {
    match target {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            if let Ok(n) = s.parse::<i64>() {
                return Some(n);
            }
            pods.iter().find_map(|p| {
                p["spec"]["containers"].as_array()?.iter().find_map(|c| {
                    c["ports"].as_array()?.iter().find_map(|cp| {
                        (cp["name"].as_str() == Some(s))
                            .then(|| cp["containerPort"].as_i64())
                            .flatten()
                    })
                })
            })
        }
        _ => None,
    }
}

pub fn reconcile(ctx: &mut Ctx) {
    let (Some(sri), Some(pri), Some(esri), Some(epri)) = (
        ctx.ri("", "services"),
        ctx.ri("", "pods"),
        ctx.ri("discovery.k8s.io", "endpointslices"),
        ctx.ri("", "endpoints"),
    ) else {
        return;
    };
    let services = ctx.objects(&sri);
    for svc in &services {
        if is_deleting(svc) {
            continue;
        }
        let ns = meta_str(svc, "namespace").to_string();
        let name = meta_str(svc, "name").to_string();
        if svc["spec"]["type"] == "LoadBalancer"
            && svc["status"]["loadBalancer"]["ingress"].is_null()
            && ctx.aged(svc, std::time::Duration::ZERO)
        {
            let mut st = svc["status"].clone();
            st["loadBalancer"] = json!({"ingress": [{"ip": "127.0.0.1", "ipMode": "VIP"}]});
            ctx.set_status(&sri, svc, st, KCM);
        }
        let Some(sel) = svc["spec"]["selector"].as_object().cloned() else {
            continue;
        };
        if sel.is_empty() {
            continue;
        }
        let pods_all = ctx.objects_in(&pri, &ns);
        let pods: Vec<&Value> = pods_all
            .iter()
            .map(|p| p.as_ref())
            .filter(|p| {
                !is_deleting(p)
                    && matches_map_selector(&sel, &labels(p))
                    && p["status"]["podIP"].is_string()
            })
            .collect();
        let mut ports = Vec::new();
        for sp in svc["spec"]["ports"].as_array().cloned().unwrap_or_default() {
            let target = sp.get("targetPort").cloned().unwrap_or(sp["port"].clone());
            if let Some(port) = resolve_port(&target, &pods) {
                let mut p =
                    json!({"protocol": sp["protocol"].as_str().unwrap_or("TCP"), "port": port});
                if let Some(n) = sp["name"].as_str() {
                    p["name"] = json!(n);
                }
                ports.push(p);
            }
        }
        let endpoints: Vec<Value> = pods
            .iter()
            .map(|p| {
                let ready = pod_ready(p);
                json!({
                    "addresses": [p["status"]["podIP"]],
                    "conditions": {"ready": ready, "serving": ready, "terminating": false},
                    "targetRef": {"kind": "Pod", "namespace": ns, "name": meta_str(p, "name"), "uid": meta_str(p, "uid")},
                    "nodeName": NODE
                })
            })
            .collect();
        // EndpointSlice
        let existing = ctx.objects_in(&esri, &ns).into_iter().find(|s| {
            labels(s)
                .get("kubernetes.io/service-name")
                .and_then(Value::as_str)
                == Some(&name)
        });
        match existing {
            Some(s) => {
                if s["endpoints"] != json!(endpoints) || s["ports"] != json!(ports) {
                    let mut up = (*s).clone();
                    up["endpoints"] = json!(endpoints);
                    up["ports"] = json!(ports);
                    up["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"] =
                        json!(now_rfc3339());
                    ctx.update(&esri, up, KCM);
                }
            }
            None => {
                let slice = json!({
                    "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                    "metadata": {
                        "generateName": format!("{name}-"), "namespace": ns,
                        "labels": {"endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io", "kubernetes.io/service-name": name},
                        "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": now_rfc3339()},
                        "ownerReferences": [owner_ref(svc, "Service", "v1")]
                    },
                    "addressType": "IPv4",
                    "endpoints": endpoints,
                    "ports": ports
                });
                ctx.create(&esri, slice, KCM);
            }
        }
        // Endpoints
        let ready: Vec<Value> = pods
            .iter()
            .filter(|p| pod_ready(p))
            .map(|p| json!({"ip": p["status"]["podIP"], "nodeName": NODE, "targetRef": {"kind": "Pod", "namespace": ns, "name": meta_str(p, "name"), "uid": meta_str(p, "uid")}}))
            .collect();
        let not_ready: Vec<Value> = pods
            .iter()
            .filter(|p| !pod_ready(p))
            .map(|p| json!({"ip": p["status"]["podIP"], "nodeName": NODE, "targetRef": {"kind": "Pod", "namespace": ns, "name": meta_str(p, "name"), "uid": meta_str(p, "uid")}}))
            .collect();
        let mut subset = json!({"ports": ports});
        if !ready.is_empty() {
            subset["addresses"] = json!(ready);
        }
        if !not_ready.is_empty() {
            subset["notReadyAddresses"] = json!(not_ready);
        }
        let subsets = if pods.is_empty() {
            json!(null)
        } else {
            json!([subset])
        };
        match ctx.get(&epri, &ns, &name) {
            Some(e) => {
                let current = e.get("subsets").cloned().unwrap_or(Value::Null);
                if current != subsets {
                    let mut up = (*e).clone();
                    if subsets.is_null() {
                        up.as_object_mut().map(|m| m.remove("subsets"));
                    } else {
                        up["subsets"] = subsets;
                    }
                    ctx.update(&epri, up, KCM);
                }
            }
            None => {
                let mut ep = json!({
                    "apiVersion": "v1", "kind": "Endpoints",
                    "metadata": {"name": name, "namespace": ns, "labels": svc["metadata"]["labels"].clone()}
                });
                if ep["metadata"]["labels"].is_null() {
                    ep["metadata"].as_object_mut().map(|m| m.remove("labels"));
                }
                if !subsets.is_null() {
                    ep["subsets"] = subsets;
                }
                ctx.create(&epri, ep, KCM);
            }
        }
    }
    // Endpoints of services that are gone.
    for e in ctx.objects(&epri) {
        let ns = meta_str(&e, "namespace");
        let name = meta_str(&e, "name");
        if ctx.get(&sri, ns, name).is_none() && !is_deleting(&e) {
            let (ns, name) = (ns.to_string(), name.to_string());
            ctx.delete(&epri, &ns, &name, None);
        }
    }
}
