//! The RBAC objects a fresh cluster has: the bootstrap ClusterRoles that matter to users
//! (`cluster-admin`, the aggregated `admin`, `edit`, `view` and the `system:aggregate-to-*` roles
//! they gather, `system:basic-user`, `system:discovery`, `system:public-info-viewer`) with their
//! bindings, plus the bindings of the test users. The rules are those of
//! kubernetes/kubernetes@025f2834a128
//! plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/cluster-roles.yaml (the rendered
//! bootstrap policy), written here as `groups | resources | verbs` (or `urls | verbs`).

use crate::auth::{AUTHENTICATED, MASTERS, READONLY_USER};
use serde_json::{Value, json};

const RW: &str = "create,delete,deletecollection,get,list,patch,update,watch";
const R: &str = "get,list,watch";
const W: &str = "create,delete,deletecollection,patch,update";

/// (name, labels, aggregate-from label, rules). A rule: `groups|resources|verbs` or `@urls|verbs`.
type RoleDef = (
    &'static str,
    &'static [&'static str],
    Option<&'static str>,
    Vec<String>,
);

fn rule(groups: &str, resources: &str, verbs: &str) -> String {
    format!("{groups}|{resources}|{verbs}")
}

fn roles() -> Vec<RoleDef> {
    vec![
        ("cluster-admin", &[], None, vec![rule("*", "*", "*"), "@*|*".into()]),
        ("admin", &[], Some("rbac.authorization.k8s.io/aggregate-to-admin"), vec![]),
        ("edit", &["rbac.authorization.k8s.io/aggregate-to-admin"], Some("rbac.authorization.k8s.io/aggregate-to-edit"), vec![]),
        ("view", &["rbac.authorization.k8s.io/aggregate-to-edit"], Some("rbac.authorization.k8s.io/aggregate-to-view"), vec![]),
        ("system:aggregate-to-admin", &["rbac.authorization.k8s.io/aggregate-to-admin"], None, vec![
            rule("authorization.k8s.io", "localsubjectaccessreviews", "create"),
            rule("rbac.authorization.k8s.io", "rolebindings,roles", RW),
        ]),
        ("system:aggregate-to-edit", &["rbac.authorization.k8s.io/aggregate-to-edit"], None, vec![
            rule("", "pods/attach,pods/exec,pods/portforward,pods/proxy,secrets,services/proxy", R),
            rule("", "serviceaccounts", "impersonate"),
            rule("", "pods,pods/attach,pods/exec,pods/portforward,pods/proxy", W),
            rule("", "pods/eviction", "create"),
            rule("", "configmaps,events,persistentvolumeclaims,replicationcontrollers,replicationcontrollers/scale,secrets,serviceaccounts,services,services/proxy", W),
            rule("", "serviceaccounts/token", "create"),
            rule("apps", "daemonsets,deployments,deployments/rollback,deployments/scale,replicasets,replicasets/scale,statefulsets,statefulsets/scale", W),
            rule("autoscaling", "horizontalpodautoscalers", W),
            rule("batch", "cronjobs,jobs", W),
            rule("extensions", "daemonsets,deployments,deployments/rollback,deployments/scale,ingresses,networkpolicies,replicasets,replicasets/scale,replicationcontrollers/scale", W),
            rule("policy", "poddisruptionbudgets", W),
            rule("networking.k8s.io", "ingresses,networkpolicies", W),
            rule("coordination.k8s.io", "leases", RW),
        ]),
        ("system:aggregate-to-view", &["rbac.authorization.k8s.io/aggregate-to-view"], None, vec![
            rule("", "configmaps,endpoints,persistentvolumeclaims,persistentvolumeclaims/status,pods,replicationcontrollers,replicationcontrollers/scale,serviceaccounts,services,services/status", R),
            rule("", "bindings,events,limitranges,namespaces/status,pods/log,pods/status,replicationcontrollers/status,resourcequotas,resourcequotas/status", R),
            rule("", "namespaces", R),
            rule("discovery.k8s.io", "endpointslices", R),
            rule("apps", "controllerrevisions,daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,replicasets,replicasets/scale,replicasets/status,statefulsets,statefulsets/scale,statefulsets/status", R),
            rule("autoscaling", "horizontalpodautoscalers,horizontalpodautoscalers/status", R),
            rule("batch", "cronjobs,cronjobs/status,jobs,jobs/status", R),
            rule("extensions", "daemonsets,daemonsets/status,deployments,deployments/scale,deployments/status,ingresses,ingresses/status,networkpolicies,replicasets,replicasets/scale,replicasets/status,replicationcontrollers/scale", R),
            rule("policy", "poddisruptionbudgets,poddisruptionbudgets/status", R),
            rule("networking.k8s.io", "ingresses,ingresses/status,networkpolicies", R),
        ]),
        ("system:basic-user", &[], None, vec![
            rule("authorization.k8s.io", "selfsubjectaccessreviews,selfsubjectrulesreviews", "create"),
            rule("authentication.k8s.io", "selfsubjectreviews", "create"),
        ]),
        ("system:discovery", &[], None, vec![
            "@/api,/api/*,/apis,/apis/*,/healthz,/livez,/openapi,/openapi/*,/readyz,/version,/version/|get".into(),
        ]),
        ("system:public-info-viewer", &[], None, vec![
            "@/healthz,/livez,/readyz,/version,/version/|get".into(),
        ]),
    ]
}

fn list(s: &str) -> Value {
    json!(s.split(',').collect::<Vec<_>>())
}

/// A rule string as a PolicyRule object.
fn policy_rule(r: &str) -> Value {
    if let Some(rest) = r.strip_prefix('@') {
        let (urls, verbs) = rest.split_once('|').unwrap_or((rest, ""));
        return json!({"nonResourceURLs": list(urls), "verbs": list(verbs)});
    }
    let mut parts = r.split('|');
    let (g, res, v) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    json!({"apiGroups": list(g), "resources": list(res), "verbs": list(v)})
}

fn bootstrap_meta(name: &str) -> Value {
    json!({"name": name,
        "labels": {"kubernetes.io/bootstrapping": "rbac-defaults"},
        "annotations": {"rbac.authorization.kubernetes.io/autoupdate": "true"}})
}

/// The bootstrap ClusterRoles, the aggregated ones with the rules the aggregation controller
/// gives them (so a fresh cluster starts settled). Built once per process.
pub fn cluster_roles() -> Vec<Value> {
    static ROLES: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    ROLES.get_or_init(build_cluster_roles).clone()
}

fn build_cluster_roles() -> Vec<Value> {
    let mut all = defined_roles();
    all.sort_by(|a, b| {
        a["metadata"]["name"]
            .as_str()
            .cmp(&b["metadata"]["name"].as_str())
    });
    for _ in 0..3 {
        for i in 0..all.len() {
            if let Some(rules) = crate::controllers::rbac::aggregated_rules(&all[i], all.iter()) {
                all[i]["rules"] = json!(rules);
            }
        }
    }
    all
}

fn defined_roles() -> Vec<Value> {
    roles()
        .into_iter()
        .map(|(name, labels, aggregate, rules)| {
            let mut meta = bootstrap_meta(name);
            for l in labels {
                meta["labels"][*l] = json!("true");
            }
            let mut role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": meta});
            match aggregate {
                Some(label) => {
                    role["aggregationRule"] =
                        json!({"clusterRoleSelectors": [{"matchLabels": {label: "true"}}]});
                }
                None => role["rules"] = json!(rules.iter().map(|r| policy_rule(r)).collect::<Vec<_>>()),
            }
            role
        })
        .collect()
}

fn binding(name: &str, role: &str, subjects: Value, bootstrap: bool) -> Value {
    let meta = if bootstrap {
        bootstrap_meta(name)
    } else {
        json!({"name": name})
    };
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": meta,
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
        "subjects": subjects})
}

fn group(name: &str) -> Value {
    json!({"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": name})
}

/// The bootstrap ClusterRoleBindings, and the read-only test user's binding to `view`.
pub fn cluster_role_bindings() -> Vec<Value> {
    vec![
        binding(
            "cluster-admin",
            "cluster-admin",
            json!([group(MASTERS)]),
            true,
        ),
        binding(
            "system:basic-user",
            "system:basic-user",
            json!([group(AUTHENTICATED)]),
            true,
        ),
        binding(
            "system:discovery",
            "system:discovery",
            json!([group(AUTHENTICATED)]),
            true,
        ),
        binding(
            "system:public-info-viewer",
            "system:public-info-viewer",
            json!([group(AUTHENTICATED), group("system:unauthenticated")]),
            true,
        ),
        binding(
            READONLY_USER,
            "view",
            json!([{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": READONLY_USER}]),
            false,
        ),
    ]
}

/// The namespace-only test user's RoleBinding to `admin` in its namespace.
pub fn namespaced_binding(namespace: &str) -> Value {
    let user = crate::auth::NAMESPACED_USER;
    json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
        "metadata": {"name": user, "namespace": namespace},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "admin"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}]})
}
