//! The namespace controller: per-namespace defaults (the `default` ServiceAccount and
//! `kube-root-ca.crt`), and termination: delete the content, report NamespaceContentRemaining /
//! NamespaceFinalizersRemaining while content or finalizers remain, then remove the namespace.

use crate::controllers::{Ctx, KCM, set_condition};
use crate::util::{finalizers, is_deleting, meta_str};
use serde_json::{Value, json};
use std::collections::BTreeMap;

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

pub fn reconcile(ctx: &mut Ctx) {
    let Some(ns_ri) = ctx.ri("", "namespaces") else {
        return;
    };
    for ns in ctx.objects(&ns_ri) {
        let name = meta_str(&ns, "name").to_string();
        if !is_deleting(&ns) {
            ensure_defaults(ctx, &name);
            continue;
        }
        // Delete everything in the namespace.
        let keys = ctx.st.store.resources();
        let mut namespaced = Vec::new();
        for k in keys {
            if let Some(ri) = ctx.st.registry.by_group_resource(&k.0, &k.1).cloned()
                && ri.namespaced
            {
                namespaced.push(ri);
            }
        }
        for ri in &namespaced {
            for o in ctx.objects_in(ri, &name) {
                if !is_deleting(&o) {
                    ctx.delete(ri, &name, meta_str(&o, "name"), None);
                }
            }
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut fin_counts: BTreeMap<String, usize> = BTreeMap::new();
        for ri in &namespaced {
            for o in ctx.objects_in(ri, &name) {
                *counts
                    .entry(format!("{}.{}", ri.plural, ri.group))
                    .or_default() += 1;
                for f in finalizers(&o) {
                    *fin_counts.entry(f).or_default() += 1;
                }
            }
        }
        if counts.is_empty() && finalizers(&ns).is_empty() {
            ctx.st.store.remove(&ns_ri.storage_key(), "", &name);
            continue;
        }
        let mut conds: Vec<Value> = super_conditions(&ns);
        set_condition(
            &mut conds,
            "NamespaceDeletionDiscoveryFailure",
            "False",
            "ResourcesDiscovered",
            "All resources successfully discovered",
            false,
        );
        set_condition(
            &mut conds,
            "NamespaceDeletionGroupVersionParsingFailure",
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
            false,
        );
        set_condition(
            &mut conds,
            "NamespaceDeletionContentFailure",
            "False",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
            false,
        );
        if counts.is_empty() {
            set_condition(
                &mut conds,
                "NamespaceContentRemaining",
                "False",
                "ContentRemoved",
                "All content successfully removed",
                false,
            );
        } else {
            let msg = counts
                .iter()
                .map(|(r, n)| format!("{r} has {n} resource instances"))
                .collect::<Vec<_>>()
                .join(", ");
            set_condition(
                &mut conds,
                "NamespaceContentRemaining",
                "True",
                "SomeResourcesRemain",
                &format!("Some resources are remaining: {msg}"),
                false,
            );
        }
        if fin_counts.is_empty() {
            set_condition(
                &mut conds,
                "NamespaceFinalizersRemaining",
                "False",
                "ContentHasNoFinalizers",
                "All content-preserving finalizers finished",
                false,
            );
        } else {
            let msg = fin_counts
                .iter()
                .map(|(f, n)| format!("{f} in {n} resource instances"))
                .collect::<Vec<_>>()
                .join(", ");
            set_condition(
                &mut conds,
                "NamespaceFinalizersRemaining",
                "True",
                "SomeFinalizersRemain",
                &format!("Some content in the namespace has finalizers remaining: {msg}"),
                false,
            );
        }
        let status = json!({"phase": "Terminating", "conditions": conds});
        ctx.set_status(&ns_ri, &ns, status, KCM);
    }
}

fn super_conditions(ns: &Value) -> Vec<Value> {
    crate::controllers::conditions(ns)
}
