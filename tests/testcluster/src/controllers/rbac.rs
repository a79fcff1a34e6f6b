//! RBAC upkeep: the clusterrole-aggregation controller (an aggregated ClusterRole's rules are the
//! rules of the ClusterRoles its selectors match, in name order, without repeats, as
//! kubernetes/kubernetes pkg/controller/clusterroleaggregation does it), and the test cluster's
//! own grant: the namespace-only user's RoleBinding to `admin` exists in its namespace whenever
//! the namespace does, as if an administrator had handed that namespace to a team.

use super::Ctx;
use crate::selectors::matches_selector_object;
use crate::util::{is_deleting, labels, meta_str};
use serde_json::{Value, json};

const MANAGER: &str = "clusterrole-aggregation-controller";

/// The rules of an aggregated ClusterRole: those of the roles (in name order) its selectors
/// match, each once; None for a role without an aggregationRule.
pub fn aggregated_rules<'a>(
    role: &Value,
    roles: impl Iterator<Item = &'a Value>,
) -> Option<Vec<Value>> {
    let selectors = role["aggregationRule"]["clusterRoleSelectors"].as_array()?;
    let mut rules: Vec<Value> = Vec::new();
    for other in roles {
        if meta_str(other, "name") == meta_str(role, "name") {
            continue;
        }
        let l = labels(other);
        if !selectors
            .iter()
            .any(|s| matches_selector_object(Some(s), &l))
        {
            continue;
        }
        for r in other["rules"].as_array().into_iter().flatten() {
            if !rules.contains(r) {
                rules.push(r.clone());
            }
        }
    }
    Some(rules)
}

fn aggregate(ctx: &mut Ctx) {
    let Some(ri) = ctx.ri("rbac.authorization.k8s.io", "clusterroles") else {
        return;
    };
    let roles = ctx.objects(&ri);
    for role in &roles {
        let Some(rules) = aggregated_rules(role, roles.iter().map(|r| &**r)) else {
            continue;
        };
        if role["rules"].as_array() != Some(&rules) {
            let mut up = (**role).clone();
            up["rules"] = json!(rules);
            ctx.update(&ri, up, MANAGER);
        }
    }
}

fn namespaced_grant(ctx: &mut Ctx) {
    let ns = ctx.st.namespaced_user_namespace.clone();
    let (Some(ns_ri), Some(rb_ri)) = (
        ctx.ri("", "namespaces"),
        ctx.ri("rbac.authorization.k8s.io", "rolebindings"),
    ) else {
        return;
    };
    let live = ctx.get(&ns_ri, "", &ns).is_some_and(|n| !is_deleting(&n));
    if live && ctx.get(&rb_ri, &ns, crate::auth::NAMESPACED_USER).is_none() {
        ctx.create(
            &rb_ri,
            crate::rbac_policy::namespaced_binding(&ns),
            "testcluster",
        );
    }
}

pub fn reconcile(ctx: &mut Ctx) {
    aggregate(ctx);
    namespaced_grant(ctx);
}
