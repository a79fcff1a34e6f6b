//! Rule matching and binding evaluation on a seeded state.

use super::*;
use crate::auth::{READONLY_USER, User};
use serde_json::json;

fn attrs(verb: &str, group: &str, resource: &str, sub: &str, name: &str, ns: &str) -> Attributes {
    Attributes {
        verb: verb.into(),
        resource: Some(Resource {
            group: group.into(),
            resource: resource.into(),
            subresource: sub.into(),
            name: name.into(),
            namespace: ns.into(),
        }),
        path: String::new(),
    }
}

#[test]
fn rules_match_like_upstream() {
    let rule = json!({"apiGroups": [""], "resources": ["pods", "*/status", "configmaps/scale"], "verbs": ["get", "list"], "resourceNames": ["a"]});
    assert!(rule_allows(&rule, &attrs("get", "", "pods", "", "a", "n")));
    assert!(
        !rule_allows(&rule, &attrs("get", "", "pods", "", "b", "n")),
        "resourceNames"
    );
    assert!(
        !rule_allows(&rule, &attrs("list", "", "pods", "", "", "n")),
        "a list has no name"
    );
    assert!(
        rule_allows(&rule, &attrs("get", "", "deployments", "status", "a", "n")),
        "*/status"
    );
    assert!(
        !rule_allows(&rule, &attrs("get", "apps", "pods", "", "a", "n")),
        "group"
    );
    assert!(
        !rule_allows(&rule, &attrs("delete", "", "pods", "", "a", "n")),
        "verb"
    );
    let all = json!({"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]});
    assert!(rule_allows(
        &all,
        &attrs("deletecollection", "x.io", "things", "scale", "", "")
    ));
    let urls = json!({"nonResourceURLs": ["/apis/*", "/version"], "verbs": ["get"]});
    let path = |p: &str| Attributes {
        verb: "get".into(),
        resource: None,
        path: p.into(),
    };
    assert!(rule_allows(&urls, &path("/apis/apps/v1")));
    assert!(rule_allows(&urls, &path("/version")));
    assert!(!rule_allows(&urls, &path("/metrics")));
    assert!(
        !rule_allows(&urls, &attrs("get", "", "pods", "", "", "")),
        "URL rules do not cover resources"
    );
}

#[test]
fn bindings_give_the_test_users_their_rights() {
    let shared = crate::state::Shared::new(&crate::options::Options::default());
    let mut st = shared.lock();
    crate::seed::kubernetes(&mut st);
    crate::controllers::reconcile_all(&mut st, std::time::Instant::now());
    let ro = User::new(READONLY_USER, &["system:authenticated"]);
    let d = authorize(&st, &ro, &attrs("list", "apps", "deployments", "", "", "x"));
    assert!(d.allowed);
    assert_eq!(
        d.reason,
        "RBAC: allowed by ClusterRoleBinding \"odh-test-readonly\" of ClusterRole \"view\" to User \"odh-test-readonly\""
    );
    let d = authorize(&st, &ro, &attrs("get", "", "secrets", "", "s", "x"));
    assert_eq!(
        d,
        Decision {
            allowed: false,
            reason: String::new()
        },
        "view reads no secrets"
    );
    let e = forbidden(
        &ro,
        &attrs("create", "", "configmaps", "", "", "tx-main"),
        "",
    );
    assert_eq!(
        e.message(),
        "configmaps is forbidden: User \"odh-test-readonly\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"tx-main\""
    );
    let e = forbidden(&ro, &attrs("list", "", "namespaces", "", "", ""), "");
    assert!(
        e.message().ends_with("at the cluster scope"),
        "{}",
        e.message()
    );
    assert!(
        authorize(
            &st,
            &User::admin(),
            &attrs("delete", "", "nodes", "", "n", "")
        )
        .allowed
    );
    let anyone = User::new("someone", &["system:authenticated"]);
    let ssar = attrs(
        "create",
        "authorization.k8s.io",
        "selfsubjectaccessreviews",
        "",
        "",
        "",
    );
    assert!(authorize(&st, &anyone, &ssar).allowed, "system:basic-user");
    assert!(!authorize(&st, &anyone, &attrs("get", "", "pods", "", "p", "x")).allowed);
    let discovery = Attributes {
        verb: "get".into(),
        resource: None,
        path: "/apis".into(),
    };
    assert!(
        authorize(&st, &anyone, &discovery).allowed,
        "system:discovery"
    );
}
