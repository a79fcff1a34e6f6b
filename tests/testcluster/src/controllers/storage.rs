//! Storage and networking odds and ends: PVCs bind after `ready_after`, Routes are admitted,
//! Ingresses get an address, APIServices report availability from their service's endpoints.

use super::{Ctx, KCM, conditions, set_condition};
use crate::admission::service_has_ready_endpoints;
use crate::util::{is_deleting, meta_str, now_rfc3339};
use serde_json::{Value, json};
use std::time::Duration;

pub fn reconcile(ctx: &mut Ctx) {
    pvcs(ctx);
    routes(ctx);
    ingresses(ctx);
    apiservices(ctx);
}

fn pvcs(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("", "persistentvolumeclaims") else {
        return;
    };
    for c in ctx.objects(&ri) {
        if is_deleting(&c) || c["status"]["phase"] == "Bound" {
            continue;
        }
        if !ctx.aged(&c, Duration::ZERO) {
            continue;
        }
        let vol = format!("pvc-{}", meta_str(&c, "uid"));
        if c["spec"]["volumeName"].as_str() != Some(&vol) {
            let mut up = (*c).clone();
            up["spec"]["volumeName"] = json!(vol);
            if up["spec"]["storageClassName"].is_null() {
                up["spec"]["storageClassName"] = json!("standard");
            }
            ctx.update(&ri, up, KCM);
            continue;
        }
        let status = json!({
            "phase": "Bound",
            "accessModes": c["spec"]["accessModes"].clone(),
            "capacity": {"storage": c["spec"]["resources"]["requests"]["storage"].clone()}
        });
        ctx.set_status(&ri, &c, status, KCM);
    }
}

fn routes(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("route.openshift.io", "routes") else {
        return;
    };
    for r in ctx.objects(&ri) {
        if is_deleting(&r) || r["status"]["ingress"].is_array() {
            continue;
        }
        let status = json!({"ingress": [{
            "host": r["spec"]["host"].clone(),
            "routerName": "default",
            "routerCanonicalHostname": "router-default.apps.testcluster.local",
            "wildcardPolicy": "None",
            "conditions": [{"type": "Admitted", "status": "True", "lastTransitionTime": now_rfc3339()}]
        }]});
        ctx.set_status(&ri, &r, status, "openshift-router");
    }
}

fn ingresses(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("networking.k8s.io", "ingresses") else {
        return;
    };
    for i in ctx.objects(&ri) {
        if is_deleting(&i) || i["status"]["loadBalancer"]["ingress"].is_array() {
            continue;
        }
        if !ctx.aged(&i, Duration::ZERO) {
            continue;
        }
        ctx.set_status(
            &ri,
            &i,
            json!({"loadBalancer": {"ingress": [{"ip": "127.0.0.1"}]}}),
            "ingress-controller",
        );
    }
}

fn apiservices(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("apiregistration.k8s.io", "apiservices") else {
        return;
    };
    for a in ctx.objects(&ri) {
        if is_deleting(&a) {
            continue;
        }
        let mut conds: Vec<Value> = conditions(&a);
        match a["spec"].get("service").filter(|s| !s.is_null()) {
            None => set_condition(
                &mut conds,
                "Available",
                "True",
                "Local",
                "Local APIServices are always available",
                false,
            ),
            Some(svc) => {
                let ns = svc["namespace"].as_str().unwrap_or("");
                let name = svc["name"].as_str().unwrap_or("");
                let exists = ctx
                    .ri("", "services")
                    .and_then(|s| ctx.get(&s, ns, name))
                    .is_some();
                if !exists {
                    set_condition(
                        &mut conds,
                        "Available",
                        "False",
                        "ServiceNotFound",
                        &format!("service/{name} in \"{ns}\" is not present"),
                        false,
                    );
                } else if service_has_ready_endpoints(ctx.st, ns, name) {
                    set_condition(
                        &mut conds,
                        "Available",
                        "True",
                        "Passed",
                        "all checks passed",
                        false,
                    );
                } else {
                    set_condition(
                        &mut conds,
                        "Available",
                        "False",
                        "MissingEndpoints",
                        &format!(
                            "endpoints for service/{name} in \"{ns}\" have no addresses with port name \"\""
                        ),
                        false,
                    );
                }
            }
        }
        ctx.set_status(&ri, &a, json!({"conditions": conds}), "kube-apiserver");
    }
}
