//! RBAC enforced for every request: the bootstrap roles and bindings, ServiceAccount tokens
//! answering exactly like transcripts 59–64, verbs, subresources, resourceNames, non-resource
//! URLs, server-side apply checked as patch and (when it creates) as create, the read-only and
//! namespace-only users of the kubeconfig, and access reviews in JSON and protobuf.

mod common;

use common::{
    Kubectl, assert_matches, client, client_with, client_with_token, raw, replay, transcript,
};
use odh_testcluster::{NAMESPACED_CONTEXT, Options, READONLY_CONTEXT, TestCluster};
use serde_json::{Value, json};
use std::time::Duration;

async fn send(c: &kube::Client, method: &str, path: &str, ct: &str, body: Value) -> common::Raw {
    let body = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(&body).unwrap()
    };
    raw(c, method, path, &[("Content-Type", ct)], body).await
}

/// Creates namespace tx-main, a ConfigMap `settings` and a ServiceAccount `limited` with no
/// bindings, and returns a client presenting the account's token.
async fn limited(tc: &TestCluster, admin: &kube::Client) -> kube::Client {
    tc.apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tx-main"}}))
        .unwrap();
    tc.apply(&json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings", "namespace": "tx-main"}, "data": {"mode": "fast"}})).unwrap();
    let r = send(
        admin,
        "POST",
        "/api/v1/namespaces/tx-main/serviceaccounts",
        "application/json",
        json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "limited"}}),
    )
    .await;
    assert_eq!(r.status, 201);
    let r = send(admin, "POST", "/api/v1/namespaces/tx-main/serviceaccounts/limited/token", "application/json",
        json!({"apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": {"expirationSeconds": 3600}})).await;
    assert_eq!(r.status, 201);
    let token = r.json()["status"]["token"].as_str().unwrap().to_string();
    client_with_token(tc, &token).await
}

#[tokio::test]
async fn a_service_account_without_bindings_is_refused_like_the_recording() {
    let tc = TestCluster::start(Options::default()).await.unwrap();
    let admin = client(&tc).await;
    let sa = limited(&tc, &admin).await;
    // The recorded answers, word for word: the user, the verb (patch for an apply), the scope.
    for id in ["59", "60", "61", "62", "64"] {
        let t = transcript(id);
        assert_matches(&t, &replay(&sa, &t).await, &[]);
    }
    // The account may ask about itself (system:basic-user) and read discovery (system:discovery).
    assert_eq!(raw(&sa, "GET", "/apis", &[], Vec::new()).await.status, 200);
    // A deleted account's token stops working.
    let r = send(
        &admin,
        "DELETE",
        "/api/v1/namespaces/tx-main/serviceaccounts/limited",
        "application/json",
        Value::Null,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(raw(&sa, "GET", "/apis", &[], Vec::new()).await.status, 401);
}

#[tokio::test]
async fn roles_grant_verbs_resources_subresources_and_names() {
    let tc = TestCluster::start(Options::default().ready_after(Duration::from_millis(50)))
        .await
        .unwrap();
    let admin = client(&tc).await;
    let sa = limited(&tc, &admin).await;
    let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": {"name": "narrow", "namespace": "tx-main"},
        "rules": [
            {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"], "resourceNames": ["settings"]},
            {"apiGroups": [""], "resources": ["configmaps"], "verbs": ["patch"]},
            {"apiGroups": ["apps"], "resources": ["deployments/scale"], "verbs": ["get", "patch"]}]});
    tc.apply(&role).unwrap();
    tc.apply(&json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "narrow", "namespace": "tx-main"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "narrow"},
        "subjects": [{"kind": "ServiceAccount", "name": "limited"}]})).unwrap();
    let cm = "/api/v1/namespaces/tx-main/configmaps";
    assert_eq!(
        raw(&sa, "GET", &format!("{cm}/settings"), &[], Vec::new())
            .await
            .status,
        200
    );
    let other = raw(&sa, "GET", &format!("{cm}/other"), &[], Vec::new()).await;
    assert_eq!(other.status, 403, "resourceNames limit get to settings");
    let list = raw(&sa, "GET", cm, &[], Vec::new()).await;
    assert_eq!(list.status, 403, "a list names no object");

    // Server-side apply: patch suffices for an existing object; creating also needs create.
    let apply = |name: &str| {
        format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: tx-main\ndata:\n  mode: slow\n"
        )
    };
    let ssa = |name: &str| format!("{cm}/{name}?fieldManager=odh&force=true");
    let r = raw(
        &sa,
        "PATCH",
        &ssa("settings"),
        &[("Content-Type", "application/apply-patch+yaml")],
        apply("settings").into_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let r = raw(
        &sa,
        "PATCH",
        &ssa("fresh"),
        &[("Content-Type", "application/apply-patch+yaml")],
        apply("fresh").into_bytes(),
    )
    .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.json()["message"],
        "configmaps \"fresh\" is forbidden: User \"system:serviceaccount:tx-main:limited\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"tx-main\""
    );
    assert!(
        tc.get("v1", "ConfigMap", "tx-main", "fresh").is_none(),
        "nothing created"
    );

    // A subresource rule grants the subresource only.
    tc.apply(&json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "tx-main"},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}}})).unwrap();
    let dep = "/apis/apps/v1/namespaces/tx-main/deployments/web";
    let merge = [("Content-Type", "application/merge-patch+json")];
    let r = raw(
        &sa,
        "PATCH",
        &format!("{dep}/scale"),
        &merge,
        br#"{"spec":{"replicas":2}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.json());
    let r = raw(
        &sa,
        "PATCH",
        dep,
        &merge,
        br#"{"spec":{"replicas":3}}"#.to_vec(),
    )
    .await;
    assert_eq!(r.status, 403);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("cannot patch resource \"deployments\" in API group \"apps\"")
    );
    let r = raw(&sa, "GET", &format!("{dep}/status"), &[], Vec::new()).await;
    assert_eq!(r.status, 403);
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("cannot get resource \"deployments/status\"")
    );
}

#[tokio::test]
async fn access_reviews_answer_from_the_same_rules() {
    let tc = TestCluster::start(Options::default()).await.unwrap();
    let admin = client(&tc).await;
    let sa = limited(&tc, &admin).await;
    let review = |spec: Value| json!({"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview", "spec": spec});
    let ask = |c: kube::Client, spec: Value| async move {
        let r = send(
            &c,
            "POST",
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            "application/json",
            review(spec),
        )
        .await;
        assert_eq!(r.status, 201);
        r.json()["status"].clone()
    };
    let ro = client_with(&tc, Some(READONLY_CONTEXT), false).await;
    let list_pods =
        json!({"resourceAttributes": {"verb": "list", "resource": "pods", "namespace": "x"}});
    assert_eq!(
        ask(ro.clone(), list_pods.clone()).await,
        json!({"allowed": true, "reason": "RBAC: allowed by ClusterRoleBinding \"odh-test-readonly\" of ClusterRole \"view\" to User \"odh-test-readonly\""})
    );
    assert_eq!(
        ask(admin.clone(), list_pods.clone()).await,
        json!({"allowed": true}),
        "system:masters needs no reason"
    );
    assert_eq!(ask(sa.clone(), list_pods).await, json!({"allowed": false}));
    let metrics = json!({"nonResourceAttributes": {"verb": "get", "path": "/metrics"}});
    assert_eq!(ask(sa.clone(), metrics).await["allowed"], false);
    let version = json!({"nonResourceAttributes": {"verb": "get", "path": "/version"}});
    assert_eq!(
        ask(sa.clone(), version).await["allowed"],
        true,
        "system:public-info-viewer"
    );
    // A binding to a role that does not exist shows in the reason.
    tc.apply(&json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {"name": "dangling", "namespace": "tx-main"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "gone"},
        "subjects": [{"kind": "ServiceAccount", "name": "limited", "namespace": "tx-main"}]})).unwrap();
    let get_cm = json!({"resourceAttributes": {"verb": "get", "resource": "configmaps", "namespace": "tx-main", "name": "settings"}});
    assert_eq!(
        ask(sa.clone(), get_cm).await,
        json!({"allowed": false, "reason": "RBAC: role.rbac.authorization.k8s.io \"gone\" not found"})
    );
    let r = raw(
        &sa,
        "GET",
        "/api/v1/namespaces/tx-main/configmaps/settings",
        &[],
        Vec::new(),
    )
    .await;
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .ends_with(": RBAC: role.rbac.authorization.k8s.io \"gone\" not found")
    );
}

#[test]
fn the_kubeconfig_users_with_kubectl() {
    let k = Kubectl::new(Options::default().namespaced_user_namespace("team-a"));
    let ro = ["--context", READONLY_CONTEXT];
    let ns_user = ["--context", NAMESPACED_CONTEXT];
    let with = |ctx: &[&'static str], args: &[&'static str]| [ctx, args].concat();
    // The bootstrap roles are there, `admin` aggregated from the system:aggregate-to-* roles.
    let admin_role = k.get_json(&["clusterrole", "admin"]);
    let resources: Vec<String> = admin_role["rules"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["resources"].as_array().cloned().unwrap_or_default())
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    assert!(
        resources.contains(&"rolebindings".to_string())
            && resources.contains(&"deployments".to_string()),
        "{resources:?}"
    );
    for role in ["cluster-admin", "edit", "view"] {
        k.ok(&["get", "clusterrole", role]);
    }
    // Read-only: reads anywhere but secrets, writes nowhere (auth can-i sends protobuf).
    assert_eq!(
        k.ok(&with(&ro, &["auth", "can-i", "list", "deployments", "-A"]))
            .trim(),
        "yes"
    );
    let out = k.run(&with(
        &ro,
        &["auth", "can-i", "get", "secrets", "-n", "default"],
    ));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no");
    let err = k.fails(&with(&ro, &["create", "configmap", "x", "-n", "default"]));
    assert!(
        err.contains("User \"odh-test-readonly\" cannot create resource \"configmaps\""),
        "{err}"
    );
    // Namespace-only: admin in team-a once it exists, nothing elsewhere.
    let out = k.run(&with(&ns_user, &["auth", "can-i", "create", "deployments"]));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "no",
        "team-a does not exist yet"
    );
    k.ok(&["create", "namespace", "team-a"]);
    assert!(k.tc.wait_for(Duration::from_secs(5), |tc| {
        tc.get(
            "rbac.authorization.k8s.io/v1",
            "RoleBinding",
            "team-a",
            odh_testcluster::NAMESPACED_USER,
        )
        .is_some()
    }));
    assert_eq!(
        k.ok(&with(&ns_user, &["auth", "can-i", "create", "deployments"]))
            .trim(),
        "yes"
    );
    k.ok(&with(
        &ns_user,
        &["create", "deployment", "web", "--image=nginx:1.27"],
    ));
    k.ok(&with(
        &ns_user,
        &["create", "role", "reader", "--verb=get", "--resource=pods"],
    ));
    let err = k.fails(&with(&ns_user, &["get", "namespaces"]));
    assert!(
        err.contains("cannot list resource \"namespaces\" in API group \"\" at the cluster scope"),
        "{err}"
    );
    let err = k.fails(&with(
        &ns_user,
        &["create", "configmap", "x", "-n", "default"],
    ));
    assert!(err.contains("in the namespace \"default\""), "{err}");
    let err = k.fails(&with(
        &ns_user,
        &[
            "create",
            "clusterrole",
            "x",
            "--verb=get",
            "--resource=pods",
        ],
    ));
    assert!(
        err.contains("cannot create resource \"clusterroles\""),
        "{err}"
    );
    let list = k.ok(&with(&ns_user, &["auth", "can-i", "--list"]));
    assert!(list.contains("deployments.apps"), "{list}");
    let whoami = k.ok(&with(
        &ns_user,
        &[
            "auth",
            "whoami",
            "-o",
            "jsonpath={.status.userInfo.username}",
        ],
    ));
    assert_eq!(whoami, odh_testcluster::NAMESPACED_USER);
}
