//! cert-manager: once a Deployment running `cert-manager-controller` is available, Issuers and
//! ClusterIssuers become `Ready` and Certificates become `Ready` with their Secret written.

use super::{Ctx, condition_true, conditions, set_condition};
use crate::util::{is_deleting, meta_str};
use serde_json::json;

const MANAGER: &str = "cert-manager-certificates-issuing";

fn controller_ready(ctx: &Ctx) -> bool {
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
                            .is_some_and(|i| i.contains("cert-manager-controller"))
                    })
                })
    })
}

fn mark_ready(ctx: &mut Ctx, plural: &str, reason: &str) {
    let Some(ri) = ctx.ri("cert-manager.io", plural) else {
        return;
    };
    for obj in ctx.objects(&ri) {
        if is_deleting(&obj) || condition_true(&obj, "Ready") {
            continue;
        }
        let mut conds = conditions(&obj);
        set_condition(&mut conds, "Ready", "True", reason, "", false);
        let status =
            json!({"conditions": conds, "observedGeneration": obj["metadata"]["generation"]});
        ctx.set_status(&ri, &obj, status, MANAGER);
    }
}

pub fn reconcile(ctx: &mut Ctx) {
    if ctx.ri("cert-manager.io", "issuers").is_none() || !controller_ready(ctx) {
        return;
    }
    mark_ready(ctx, "issuers", "IsReady");
    mark_ready(ctx, "clusterissuers", "IsReady");
    let (Some(ri), Some(secrets)) = (
        ctx.ri("cert-manager.io", "certificates"),
        ctx.ri("", "secrets"),
    ) else {
        return;
    };
    for cert in ctx.objects(&ri) {
        if is_deleting(&cert) || condition_true(&cert, "Ready") {
            continue;
        }
        let ns = meta_str(&cert, "namespace").to_string();
        if let Some(name) = cert["spec"]["secretName"].as_str()
            && ctx.get(&secrets, &ns, name).is_none()
        {
            let pem = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";
            ctx.create(
                &secrets,
                json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                    "metadata": {"name": name, "namespace": ns, "annotations": {"cert-manager.io/certificate-name": meta_str(&cert, "name")}},
                    "data": {"tls.crt": pem, "tls.key": pem, "ca.crt": pem}}),
                MANAGER,
            );
        }
        mark_ready(ctx, "certificates", "Ready");
    }
}
