//! Validation before the first change, against the test cluster.

use crate::check::assert_nothing_applied;
use crate::install::Env;
use serde_json::{Value, json};

/// A rendered object for the validation tests.
fn rendered(object: Value) -> odh::render::Rendered {
    odh::render::Rendered {
        profile: "p".into(),
        component: "c".into(),
        object: odh::object::Object::new(object),
    }
}

#[tokio::test]
async fn validation_names_each_object_the_cluster_would_refuse_and_applies_nothing() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let env = Env::kubernetes();
    let cluster = odh::cluster::connect(
        Some(env.cluster.kubeconfig_path()),
        None,
        Some(std::time::Duration::from_secs(10)),
    )
    .await
    .unwrap();
    let deployment = |namespace: &str, replicas: Value| {
        json!({"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "web", "namespace": namespace},
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "web", "image": "registry.k8s.io/pause:3.10"}]}}}})
    };
    let crd = json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.odh.test"},
        "spec": {"group": "example.odh.test", "scope": "Namespaced",
            "names": {"kind": "Widget", "listKind": "WidgetList", "plural": "widgets", "singular": "widget"},
            "versions": [{"name": "v1", "served": true, "storage": true, "schema": {"openAPIV3Schema": {
                "type": "object", "properties": {"spec": {"type": "object", "required": ["size"],
                    "properties": {"size": {"type": "integer", "minimum": 1}}}}}}}]}});
    let widget = json!({"apiVersion": "example.odh.test/v1", "kind": "Widget",
        "metadata": {"name": "w", "namespace": "default"}, "spec": {"size": 0}});
    let objects = vec![
        // The namespace exists: a server-side dry run.
        rendered(deployment("default", json!("two"))),
        // It does not: the served OpenAPI schema.
        rendered(deployment("not-yet", json!("three"))),
        // A custom resource of a CRD the plan brings: that CRD's schema.
        rendered(crd),
        rendered(widget),
        rendered(deployment("default", json!(1))),
    ];
    let lives = vec![None; objects.len()];
    env.cluster.clear_requests();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(30);
    let err = odh::install::validate::validate(&cluster, &objects, &lives, "applyset", deadline)
        .await
        .unwrap_err();
    assert_eq!(odh::error::exit_for(&err), odh::error::Exit::Usage);
    let text = format!("{err:#}");
    assert!(
        text.starts_with("the cluster would refuse 3 object(s), nothing was applied: "),
        "{text}"
    );
    assert!(
        text.contains("Deployment/web (apps/v1) in default: failed to create typed patch object"),
        "{text}"
    );
    assert!(
        text.contains("Deployment/web (apps/v1) in not-yet: .spec.replicas: expected integer, got string \"three\""),
        "{text}"
    );
    assert!(
        text.contains("Widget/w (example.odh.test/v1) in default: .spec.size: 0 should be greater than or equal to 1"),
        "{text}"
    );
    assert_nothing_applied(&env);
    assert!(
        env.cluster
            .requests()
            .iter()
            .any(|r| r.query_param("dryRun").as_deref() == Some("All")),
        "the dry run was sent"
    );
}
