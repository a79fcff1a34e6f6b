//! The built-in resource table: core, apps, batch, RBAC, CRDs, webhooks and friends, plus OpenShift extras.

use crate::registry::{ExtraSub, Registry, ResourceInfo};

const STD_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];

/// Flags for [`def`].
const NS: u8 = 1;
const STATUS: u8 = 2;
const GEN: u8 = 4;
const SCALE: u8 = 8;
const ALL: u8 = 16;

#[allow(clippy::too_many_arguments)]
fn def(
    group: &str,
    version: &str,
    plural: &str,
    singular: &str,
    kind: &str,
    short: &[&str],
    flags: u8,
    verbs: &[&str],
) -> ResourceInfo {
    ResourceInfo {
        group: group.into(),
        version: version.into(),
        plural: plural.into(),
        singular: singular.into(),
        kind: kind.into(),
        namespaced: flags & NS != 0,
        short_names: short.iter().map(|s| s.to_string()).collect(),
        categories: if flags & ALL != 0 {
            vec!["all".into()]
        } else {
            Vec::new()
        },
        verbs: verbs.iter().map(|s| s.to_string()).collect(),
        status: flags & STATUS != 0,
        scale: flags & SCALE != 0,
        generation: flags & GEN != 0,
        custom: false,
        virtual_kind: false,
        schema: None,
        printer_columns: Vec::new(),
        extra_subs: Vec::new(),
    }
}

fn std(
    group: &str,
    version: &str,
    plural: &str,
    kind: &str,
    short: &[&str],
    flags: u8,
) -> ResourceInfo {
    let singular = kind.to_ascii_lowercase();
    def(
        group, version, plural, &singular, kind, short, flags, STD_VERBS,
    )
}

/// Kubernetes built-ins served on every platform.
pub fn kubernetes() -> Vec<ResourceInfo> {
    let mut v = Vec::new();
    let mut ns = std("", "v1", "namespaces", "Namespace", &["ns"], STATUS);
    ns.verbs = [
        "create", "delete", "get", "list", "patch", "update", "watch",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    ns.extra_subs.push(ExtraSub {
        name: "finalize",
        group: "",
        version: "",
        kind: "Namespace",
        verbs: &["update"],
    });
    v.push(ns);
    v.push(std("", "v1", "configmaps", "ConfigMap", &["cm"], NS));
    v.push(std("", "v1", "endpoints", "Endpoints", &["ep"], NS));
    v.push(std("", "v1", "events", "Event", &["ev"], NS));
    let mut nodes = std("", "v1", "nodes", "Node", &["no"], STATUS);
    nodes.singular = "node".into();
    v.push(nodes);
    v.push(std(
        "",
        "v1",
        "persistentvolumeclaims",
        "PersistentVolumeClaim",
        &["pvc"],
        NS | STATUS,
    ));
    v.push(std(
        "",
        "v1",
        "persistentvolumes",
        "PersistentVolume",
        &["pv"],
        STATUS,
    ));
    let mut pods = std("", "v1", "pods", "Pod", &["po"], NS | STATUS | GEN | ALL);
    pods.extra_subs.push(ExtraSub {
        name: "log",
        group: "",
        version: "",
        kind: "Pod",
        verbs: &["get"],
    });
    v.push(pods);
    v.push(std(
        "",
        "v1",
        "resourcequotas",
        "ResourceQuota",
        &["quota"],
        NS | STATUS,
    ));
    v.push(std("", "v1", "secrets", "Secret", &[], NS));
    let mut sa = std("", "v1", "serviceaccounts", "ServiceAccount", &["sa"], NS);
    sa.extra_subs.push(ExtraSub {
        name: "token",
        group: "authentication.k8s.io",
        version: "v1",
        kind: "TokenRequest",
        verbs: &["create"],
    });
    v.push(sa);
    v.push(std(
        "",
        "v1",
        "services",
        "Service",
        &["svc"],
        NS | STATUS | ALL,
    ));

    v.push(std(
        "apiregistration.k8s.io",
        "v1",
        "apiservices",
        "APIService",
        &[],
        STATUS,
    ));
    for (plural, kind, short) in [
        ("controllerrevisions", "ControllerRevision", &[][..]),
        ("daemonsets", "DaemonSet", &["ds"][..]),
        ("deployments", "Deployment", &["deploy"][..]),
        ("replicasets", "ReplicaSet", &["rs"][..]),
        ("statefulsets", "StatefulSet", &["sts"][..]),
    ] {
        let flags = if plural == "controllerrevisions" {
            NS
        } else {
            NS | STATUS | GEN | ALL | if plural == "daemonsets" { 0 } else { SCALE }
        };
        v.push(std("apps", "v1", plural, kind, short, flags));
    }
    let mut ssar = def(
        "authorization.k8s.io",
        "v1",
        "selfsubjectaccessreviews",
        "selfsubjectaccessreview",
        "SelfSubjectAccessReview",
        &[],
        0,
        &["create"],
    );
    ssar.virtual_kind = true;
    v.push(ssar);
    let mut ssrr = def(
        "authorization.k8s.io",
        "v1",
        "selfsubjectrulesreviews",
        "selfsubjectrulesreview",
        "SelfSubjectRulesReview",
        &[],
        0,
        &["create"],
    );
    ssrr.virtual_kind = true;
    v.push(ssrr);
    let mut ssr = def(
        "authentication.k8s.io",
        "v1",
        "selfsubjectreviews",
        "selfsubjectreview",
        "SelfSubjectReview",
        &[],
        0,
        &["create"],
    );
    ssr.virtual_kind = true;
    v.push(ssr);
    v.push(std(
        "autoscaling",
        "v2",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        &["hpa"],
        NS | STATUS | GEN | ALL,
    ));
    v.push(std(
        "autoscaling",
        "v1",
        "horizontalpodautoscalers",
        "HorizontalPodAutoscaler",
        &["hpa"],
        NS | STATUS | GEN | ALL,
    ));
    v.push(std(
        "batch",
        "v1",
        "cronjobs",
        "CronJob",
        &["cj"],
        NS | STATUS | GEN | ALL,
    ));
    v.push(std(
        "batch",
        "v1",
        "jobs",
        "Job",
        &[],
        NS | STATUS | GEN | ALL,
    ));
    v.push(std("coordination.k8s.io", "v1", "leases", "Lease", &[], NS));
    v.push(std(
        "discovery.k8s.io",
        "v1",
        "endpointslices",
        "EndpointSlice",
        &[],
        NS | GEN,
    ));
    v.push(std(
        "networking.k8s.io",
        "v1",
        "ingressclasses",
        "IngressClass",
        &[],
        GEN,
    ));
    v.push(std(
        "networking.k8s.io",
        "v1",
        "ingresses",
        "Ingress",
        &["ing"],
        NS | STATUS | GEN,
    ));
    v.push(std(
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "NetworkPolicy",
        &["netpol"],
        NS | GEN,
    ));
    v.push(std(
        "policy",
        "v1",
        "poddisruptionbudgets",
        "PodDisruptionBudget",
        &["pdb"],
        NS | STATUS | GEN,
    ));
    for (plural, kind, flags) in [
        ("clusterrolebindings", "ClusterRoleBinding", 0),
        ("clusterroles", "ClusterRole", 0),
        ("rolebindings", "RoleBinding", NS),
        ("roles", "Role", NS),
    ] {
        v.push(std(
            "rbac.authorization.k8s.io",
            "v1",
            plural,
            kind,
            &[],
            flags,
        ));
    }
    v.push(std(
        "storage.k8s.io",
        "v1",
        "storageclasses",
        "StorageClass",
        &["sc"],
        0,
    ));
    v.push(std(
        "scheduling.k8s.io",
        "v1",
        "priorityclasses",
        "PriorityClass",
        &["pc"],
        0,
    ));
    for (plural, kind) in [
        (
            "mutatingwebhookconfigurations",
            "MutatingWebhookConfiguration",
        ),
        (
            "validatingwebhookconfigurations",
            "ValidatingWebhookConfiguration",
        ),
    ] {
        let mut r = std("admissionregistration.k8s.io", "v1", plural, kind, &[], GEN);
        r.categories = vec!["api-extensions".into()];
        v.push(r);
    }
    let mut crd = std(
        "apiextensions.k8s.io",
        "v1",
        "customresourcedefinitions",
        "CustomResourceDefinition",
        &["crd", "crds"],
        STATUS | GEN,
    );
    crd.categories = vec!["api-extensions".into()];
    v.push(crd);
    for r in v.iter_mut() {
        if r.kind == "APIService" {
            r.categories = vec!["api-extensions".into()];
        }
    }
    v
}

/// Resources an OpenShift cluster adds: Routes, SecurityContextConstraints and OLM.
pub fn openshift() -> Vec<ResourceInfo> {
    let mut v = vec![
        std(
            "security.openshift.io",
            "v1",
            "securitycontextconstraints",
            "SecurityContextConstraints",
            &["scc"],
            0,
        ),
        std(
            "route.openshift.io",
            "v1",
            "routes",
            "Route",
            &[],
            NS | STATUS | GEN,
        ),
        std(
            "operators.coreos.com",
            "v1alpha1",
            "subscriptions",
            "Subscription",
            &["sub", "subs"],
            NS | STATUS | GEN,
        ),
        std(
            "operators.coreos.com",
            "v1alpha1",
            "installplans",
            "InstallPlan",
            &["ip"],
            NS | STATUS | GEN,
        ),
        std(
            "operators.coreos.com",
            "v1alpha1",
            "clusterserviceversions",
            "ClusterServiceVersion",
            &["csv", "csvs"],
            NS | STATUS | GEN,
        ),
        std(
            "operators.coreos.com",
            "v1alpha1",
            "catalogsources",
            "CatalogSource",
            &["catsrc"],
            NS | STATUS | GEN,
        ),
        std(
            "operators.coreos.com",
            "v1",
            "operatorgroups",
            "OperatorGroup",
            &["og"],
            NS | STATUS | GEN,
        ),
    ];
    for r in v.iter_mut() {
        if r.group == "operators.coreos.com" {
            r.categories = vec!["olm".into()];
        }
    }
    v
}

/// A registry with the built-ins for a platform.
pub fn registry(openshift_extras: bool) -> Registry {
    let mut reg = Registry::default();
    for r in kubernetes() {
        reg.add(r);
    }
    if openshift_extras {
        for r in openshift() {
            reg.add(r);
        }
    }
    reg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_required_kinds() {
        let reg = registry(true);
        for (av, kind) in [
            ("v1", "Namespace"),
            ("v1", "PersistentVolumeClaim"),
            ("apps/v1", "DaemonSet"),
            ("batch/v1", "Job"),
            ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
            (
                "admissionregistration.k8s.io/v1",
                "MutatingWebhookConfiguration",
            ),
            ("discovery.k8s.io/v1", "EndpointSlice"),
            ("coordination.k8s.io/v1", "Lease"),
            ("apiregistration.k8s.io/v1", "APIService"),
            ("authorization.k8s.io/v1", "SelfSubjectAccessReview"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"),
            ("route.openshift.io/v1", "Route"),
            ("security.openshift.io/v1", "SecurityContextConstraints"),
            ("operators.coreos.com/v1", "OperatorGroup"),
        ] {
            assert!(reg.by_kind(av, kind).is_some(), "{av} {kind}");
        }
        assert_eq!(reg.versions("autoscaling"), vec!["v2", "v1"]);
    }
}
