//! RBAC evaluation over the stored Roles, ClusterRoles, RoleBindings and ClusterRoleBindings, as
//! kube-apiserver's authorizer does it: `system:masters` is allowed everything first; then every
//! ClusterRoleBinding, and in a namespace every RoleBinding there, whose subjects name the user,
//! a group of theirs or their ServiceAccount, is visited until one of its role's rules allows
//! the request (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go,
//! pkg/registry/rbac/validation/rule.go, pkg/apis/rbac/v1/evaluation_helpers.go). A denial is the
//! apiserver's 403 (kubernetes/apiserver@v0.33.13 pkg/endpoints/handlers/responsewriters/errors.go).

use crate::auth::{MASTERS, User};
use crate::state::State;
use crate::status::{ApiError, GroupResource};
use serde_json::Value;

const GROUP: &str = "rbac.authorization.k8s.io";

/// What a request asks to do.
#[derive(Clone, Debug, Default)]
pub struct Attributes {
    pub verb: String,
    /// Set for resource requests; None for non-resource paths.
    pub resource: Option<Resource>,
    pub path: String,
}

/// The resource part of a request.
#[derive(Clone, Debug, Default)]
pub struct Resource {
    pub group: String,
    pub resource: String,
    pub subresource: String,
    pub name: String,
    pub namespace: String,
}

/// The authorizer's answer: allowed, with a reason (or the errors met, for a denial).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    pub reason: String,
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn has(list: &[&str], want: &str) -> bool {
    list.iter().any(|x| *x == "*" || *x == want)
}

/// Whether one PolicyRule allows the request.
pub fn rule_allows(rule: &Value, a: &Attributes) -> bool {
    if !has(&strings(&rule["verbs"]), &a.verb) {
        return false;
    }
    let Some(r) = &a.resource else {
        return strings(&rule["nonResourceURLs"]).iter().any(|u| {
            *u == "*"
                || *u == a.path
                || (u.ends_with('*') && a.path.starts_with(u.trim_end_matches('*')))
        });
    };
    let combined = if r.subresource.is_empty() {
        r.resource.clone()
    } else {
        format!("{}/{}", r.resource, r.subresource)
    };
    let resource_ok = strings(&rule["resources"]).iter().any(|rr| {
        *rr == "*"
            || *rr == combined
            || (!r.subresource.is_empty() && rr.strip_prefix("*/") == Some(r.subresource.as_str()))
    });
    let names = strings(&rule["resourceNames"]);
    has(&strings(&rule["apiGroups"]), &r.group)
        && resource_ok
        && (names.is_empty() || names.contains(&r.name.as_str()))
}

fn applies(subject: &Value, user: &User, binding_ns: &str) -> bool {
    let name = subject["name"].as_str().unwrap_or("");
    match subject["kind"].as_str().unwrap_or("") {
        "User" => user.name == name,
        "Group" => user.in_group(name),
        "ServiceAccount" => {
            let ns = subject["namespace"]
                .as_str()
                .filter(|n| !n.is_empty())
                .unwrap_or(binding_ns);
            !ns.is_empty() && user.name == format!("system:serviceaccount:{ns}:{name}")
        }
        _ => false,
    }
}

fn describe(subject: &Value, binding_ns: &str) -> String {
    let kind = subject["kind"].as_str().unwrap_or("");
    let name = subject["name"].as_str().unwrap_or("");
    if kind == "ServiceAccount" {
        let ns = subject["namespace"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or(binding_ns);
        return format!("{kind} {:?}", format!("{name}/{ns}"));
    }
    format!("{kind} {name:?}")
}

/// The rules a binding's roleRef points to, or the error met looking it up.
fn role_rules<'a>(st: &'a State, role_ref: &Value, ns: &str) -> Result<&'a Value, String> {
    let name = role_ref["name"].as_str().unwrap_or("");
    let (plural, ns, kind) = match role_ref["kind"].as_str().unwrap_or("") {
        "Role" => ("roles", ns, "role"),
        "ClusterRole" => ("clusterroles", "", "clusterrole"),
        other => return Err(format!("unsupported role reference kind: {other:?}")),
    };
    st.store
        .get(&(GROUP.to_string(), plural.to_string()), ns, name)
        .map(|r| &r["rules"])
        .ok_or_else(|| format!("{kind}.{GROUP} {name:?} not found"))
}

/// Evaluates a request for a user.
pub fn authorize(st: &State, user: &User, a: &Attributes) -> Decision {
    if user.in_group(MASTERS) {
        return Decision {
            allowed: true,
            reason: String::new(),
        };
    }
    let mut errors: Vec<String> = Vec::new();
    let namespace = a
        .resource
        .as_ref()
        .map(|r| r.namespace.as_str())
        .unwrap_or("");
    let bindings = (GROUP.to_string(), "clusterrolebindings".to_string());
    let role_bindings = (GROUP.to_string(), "rolebindings".to_string());
    let cluster = st
        .store
        .iter(&bindings)
        .map(|b| (b, "", "ClusterRoleBinding"));
    let local: Box<dyn Iterator<Item = _>> = if namespace.is_empty() {
        Box::new(std::iter::empty())
    } else {
        Box::new(
            st.store
                .range(&role_bindings, Some(namespace), None)
                .map(|(_, b)| (b, namespace, "RoleBinding")),
        )
    };
    for (b, ns, kind) in cluster.chain(local) {
        let Some(subject) = b["subjects"]
            .as_array()
            .and_then(|ss| ss.iter().find(|s| applies(s, user, ns)))
        else {
            continue;
        };
        let rules = match role_rules(st, &b["roleRef"], ns) {
            Ok(r) => r,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        if rules
            .as_array()
            .is_some_and(|rs| rs.iter().any(|r| rule_allows(r, a)))
        {
            let name = b["metadata"]["name"].as_str().unwrap_or("");
            let shown = if kind == "RoleBinding" {
                format!("{name}/{ns}")
            } else {
                name.to_string()
            };
            return Decision {
                allowed: true,
                reason: format!(
                    "RBAC: allowed by {kind} {shown:?} of {} {:?} to {}",
                    b["roleRef"]["kind"].as_str().unwrap_or(""),
                    b["roleRef"]["name"].as_str().unwrap_or(""),
                    describe(subject, ns)
                ),
            };
        }
    }
    errors.dedup();
    let reason = match errors.len() {
        0 => String::new(),
        1 => format!("RBAC: {}", errors[0]),
        _ => format!("RBAC: [{}]", errors.join(", ")),
    };
    Decision {
        allowed: false,
        reason,
    }
}

/// Every rule that applies to a user in a namespace (for SelfSubjectRulesReview), and whether
/// some binding pointed at a role that does not exist.
pub fn rules_for(st: &State, user: &User, namespace: &str) -> (Vec<Value>, bool) {
    if user.in_group(MASTERS) {
        let all = vec![
            serde_json::json!({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}),
            serde_json::json!({"nonResourceURLs": ["*"], "verbs": ["*"]}),
        ];
        return (all, false);
    }
    let mut rules = Vec::new();
    let mut incomplete = false;
    let bindings = (GROUP.to_string(), "clusterrolebindings".to_string());
    let role_bindings = (GROUP.to_string(), "rolebindings".to_string());
    let cluster = st.store.iter(&bindings).map(|b| (b, ""));
    let local = st
        .store
        .range(&role_bindings, Some(namespace), None)
        .filter(|_| !namespace.is_empty())
        .map(|(_, b)| (b, namespace));
    for (b, ns) in cluster.chain(local) {
        let applies_here = b["subjects"]
            .as_array()
            .is_some_and(|ss| ss.iter().any(|s| applies(s, user, ns)));
        if !applies_here {
            continue;
        }
        match role_rules(st, &b["roleRef"], ns) {
            Ok(rs) => rules.extend(rs.as_array().cloned().unwrap_or_default()),
            Err(_) => incomplete = true,
        }
    }
    (rules, incomplete)
}

/// The 403 for a denied request (`forbiddenMessage`, with the authorizer's reason appended).
pub fn forbidden(user: &User, a: &Attributes, reason: &str) -> ApiError {
    let Some(r) = &a.resource else {
        let msg = format!("User {:?} cannot {} path {:?}", user.name, a.verb, a.path);
        return ApiError::forbidden_message(&GroupResource::new("", ""), None, &msg, reason);
    };
    let res = if r.subresource.is_empty() {
        r.resource.clone()
    } else {
        format!("{}/{}", r.resource, r.subresource)
    };
    let scope = if r.namespace.is_empty() {
        "at the cluster scope".to_string()
    } else {
        format!("in the namespace {:?}", r.namespace)
    };
    let msg = format!(
        "User {:?} cannot {} resource {res:?} in API group {:?} {scope}",
        user.name, a.verb, r.group
    );
    let name = (!r.name.is_empty()).then_some(r.name.as_str());
    ApiError::forbidden_message(
        &GroupResource::new(&r.group, &r.resource),
        name,
        &msg,
        reason,
    )
}

/// Evaluates and turns a denial into its 403.
///
/// # Errors
/// The 403 when RBAC does not allow the request.
pub fn check(st: &State, user: &User, a: &Attributes) -> Result<(), ApiError> {
    let d = authorize(st, user, a);
    if d.allowed {
        Ok(())
    } else {
        Err(forbidden(user, a, &d.reason))
    }
}

#[cfg(test)]
mod tests;
