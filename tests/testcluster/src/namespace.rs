//! The namespace controller: per-namespace defaults (the `default` ServiceAccount and
//! `kube-root-ca.crt`), and termination timed like kube-controller-manager's.
//!
//! A deleted namespace shows phase Terminating at once (the apiserver's doing, in `ops::delete`).
//! The controller first handles it after a grace (`namespaceDeletionGracePeriod`, 5 s,
//! kubernetes/kubernetes@003e86297d18:pkg/controller/namespace/namespace_controller.go,
//! `Options::namespace_grace`); each pass deletes the content, then writes the five conditions
//! (types, reasons and messages as in
//! kubernetes/kubernetes@aed80471ab6f:pkg/controller/namespace/deletion/status_condition_utils.go;
//! transcripts 69 and 73). While content remains it looks again after the grace when the status
//! changed (its own write re-queues the namespace), else after `finalizerEstimateSeconds/2+1` =
//! 8 s, scaled by the grace; once nothing remains it removes its `kubernetes` finalizer and the
//! namespace is gone.

use crate::controllers::{Ctx, KCM, set_condition};
use crate::registry::ResourceInfo;
use crate::util::{finalizers, is_deleting, meta_str};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const FINALIZER: &str = "kubernetes";

fn ensure_defaults(ctx: &mut Ctx, ns: &str) {
    if let Some(cm) = ctx.ri("", "configmaps")
        && ctx.get(&cm, ns, "kube-root-ca.crt").is_none()
    {
        ctx.create(
            &cm,
            json!({
                "apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": "kube-root-ca.crt", "namespace": ns, "annotations": {
                    "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."}},
                "data": {"ca.crt": "-----BEGIN CERTIFICATE-----\nsimulated\n-----END CERTIFICATE-----\n"}
            }),
            KCM,
        );
    }
    if let Some(sa) = ctx.ri("", "serviceaccounts")
        && ctx.get(&sa, ns, "default").is_none()
    {
        ctx.create(
            &sa,
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}}),
            KCM,
        );
    }
}

/// What remains in a namespace: instances per `plural.group`, and per finalizer.
#[derive(Default)]
struct Remaining {
    resources: BTreeMap<String, usize>,
    finalizers: BTreeMap<String, usize>,
}

fn namespaced(ctx: &Ctx) -> Vec<ResourceInfo> {
    ctx.st
        .store
        .resources()
        .into_iter()
        .filter_map(|k| ctx.st.registry.by_group_resource(&k.0, &k.1).cloned())
        .filter(|ri| ri.namespaced)
        .collect()
}

/// Deletes everything in the namespace; returns what is left afterwards.
fn delete_content(ctx: &mut Ctx, ns: &str) -> Remaining {
    let resources = namespaced(ctx);
    for ri in &resources {
        for o in ctx.objects_in(ri, ns) {
            if !is_deleting(&o) {
                ctx.delete(ri, ns, meta_str(&o, "name"), None);
            }
        }
    }
    let mut left = Remaining::default();
    for ri in &resources {
        for o in ctx.objects_in(ri, ns) {
            *left
                .resources
                .entry(format!("{}.{}", ri.plural, ri.group))
                .or_default() += 1;
            for f in finalizers(&o) {
                *left.finalizers.entry(f).or_default() += 1;
            }
        }
    }
    left
}

fn conditions(ns: &Value, left: &Remaining) -> Vec<Value> {
    let mut conds = crate::controllers::conditions(ns);
    let mut set = |typ: &str, status: &str, reason: &str, message: &str| {
        set_condition(&mut conds, typ, status, reason, message, false);
    };
    set(
        "NamespaceDeletionDiscoveryFailure",
        "False",
        "ResourcesDiscovered",
        "All resources successfully discovered",
    );
    set(
        "NamespaceDeletionGroupVersionParsingFailure",
        "False",
        "ParsedGroupVersions",
        "All legacy kube types successfully parsed",
    );
    set(
        "NamespaceDeletionContentFailure",
        "False",
        "ContentDeleted",
        "All content successfully deleted, may be waiting on finalization",
    );
    if left.resources.is_empty() {
        set(
            "NamespaceContentRemaining",
            "False",
            "ContentRemoved",
            "All content successfully removed",
        );
    } else {
        let msg: Vec<String> = left
            .resources
            .iter()
            .map(|(r, n)| format!("{r} has {n} resource instances"))
            .collect();
        set(
            "NamespaceContentRemaining",
            "True",
            "SomeResourcesRemain",
            &format!("Some resources are remaining: {}", msg.join(", ")),
        );
    }
    if left.finalizers.is_empty() {
        set(
            "NamespaceFinalizersRemaining",
            "False",
            "ContentHasNoFinalizers",
            "All content-preserving finalizers finished",
        );
    } else {
        let msg: Vec<String> = left
            .finalizers
            .iter()
            .map(|(f, n)| format!("{f} in {n} resource instances"))
            .collect();
        set(
            "NamespaceFinalizersRemaining",
            "True",
            "SomeFinalizersRemain",
            &format!(
                "Some content in the namespace has finalizers remaining: {}",
                msg.join(", ")
            ),
        );
    }
    conds
}

/// One pass of the deleter over a terminating namespace that is due.
fn terminate(ctx: &mut Ctx, ns_ri: &ResourceInfo, ns: &Value) {
    let name = meta_str(ns, "name").to_string();
    let uid = meta_str(ns, "uid").to_string();
    let grace = ctx.st.namespace_grace;
    let left = delete_content(ctx, &name);
    let conds = conditions(ns, &left);
    let changed = ns["status"]["conditions"].as_array() != Some(&conds);
    if changed {
        let status = json!({"phase": "Terminating", "conditions": conds});
        ctx.set_status(ns_ri, ns, status, KCM);
    }
    if !left.resources.is_empty() {
        let again = if changed { grace } else { grace * 8 / 5 };
        let at = ctx.now + again;
        ctx.st.sim.namespace_due.insert(uid, at);
        ctx.st.sim.wake_at(at);
        return;
    }
    ctx.st.sim.namespace_due.remove(&uid);
    let Some(current) = ctx.get(ns_ri, "", &name) else {
        return;
    };
    let spec_fins: Vec<Value> = current["spec"]["finalizers"]
        .as_array()
        .map(|a| a.iter().filter(|f| *f != FINALIZER).cloned().collect())
        .unwrap_or_default();
    let mut finalized = (*current).clone();
    finalized["spec"]["finalizers"] = json!(spec_fins);
    ctx.update(ns_ri, finalized, KCM);
}

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ns_ri) = ctx.ri("", "namespaces") else {
        return;
    };
    let grace = ctx.st.namespace_grace;
    for ns in ctx.objects(&ns_ri) {
        let name = meta_str(&ns, "name").to_string();
        if !is_deleting(&ns) {
            ensure_defaults(ctx, &name);
            continue;
        }
        let uid = meta_str(&ns, "uid").to_string();
        let now = ctx.now;
        let due = *ctx.st.sim.namespace_due.entry(uid).or_insert(now + grace);
        if now < due {
            ctx.st.sim.wake_at(due);
            continue;
        }
        terminate(ctx, &ns_ri, &ns);
    }
}
