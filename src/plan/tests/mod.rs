//! Plan tests: small inline manifests in, expected text trees out.

mod errors;
mod install;
mod rook;
mod uninstall;

use super::*;
use crate::readiness::test_support::unindent;

/// Parses `---`-separated YAML documents, labelling each with the profile and
/// component given in a leading `# profile/component` comment line.
pub(super) fn objects(yaml: &str) -> Vec<Object> {
    unindent(yaml)
        .split("\n---\n")
        .filter(|doc| !doc.trim().is_empty())
        .map(|doc| {
            let mut obj = Object::from_yaml(doc).expect("test YAML parses");
            if let Some((profile, component)) = doc
                .lines()
                .find_map(|line| line.strip_prefix("# "))
                .and_then(|tag| tag.split_once('/'))
            {
                let metadata = obj.0["metadata"].as_object_mut().expect("metadata");
                metadata.insert(
                    "labels".into(),
                    serde_json::json!({ PROFILE_LABEL: profile, COMPONENT_LABEL: component }),
                );
            }
            obj
        })
        .collect()
}

pub(super) fn requires(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    pairs
        .iter()
        .map(|(c, r)| (c.to_string(), r.iter().map(|s| s.to_string()).collect()))
        .collect()
}

pub(super) fn tree(plan: &Plan, word: &str) -> String {
    assert_prerequisites_come_first(plan);
    plan.render_tree(|_| Some(word.to_string()))
}

/// Every step's prerequisites are in earlier waves.
fn assert_prerequisites_come_first(plan: &Plan) {
    let wave_of = |index: usize| {
        plan.waves
            .iter()
            .position(|wave| wave.steps.iter().any(|s| s.index == index))
    };
    for (number, wave) in plan.waves.iter().enumerate() {
        for step in &wave.steps {
            for &before in &step.after {
                assert!(
                    wave_of(before).is_some_and(|w| w < number),
                    "{} waits for input #{before}, which is not in an earlier wave",
                    step.target
                );
            }
        }
    }
}

pub(super) fn assert_tree(actual: String, expected: &str) {
    let expected = unindent(expected).trim().to_string() + "\n";
    assert!(
        actual == expected,
        "plan tree differs\n--- expected\n{expected}--- actual\n{actual}"
    );
}

pub(super) const SPARK_AND_HUB: &str = r#"
    # core/odh-namespace
    apiVersion: v1
    kind: Namespace
    metadata: {name: opendatahub}
    ---
    # core/spark-operator
    apiVersion: admissionregistration.k8s.io/v1
    kind: ValidatingWebhookConfiguration
    metadata: {name: spark-operator-webhook}
    webhooks:
    - name: validate.sparkoperator.k8s.io
      clientConfig: {service: {name: spark-operator-webhook-svc, namespace: opendatahub}}
    ---
    # core/spark-operator
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: spark-operator-controller, namespace: opendatahub}
    ---
    # core/spark-operator
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: spark-operator-webhook, namespace: opendatahub}
    ---
    # core/spark-operator
    apiVersion: v1
    kind: Service
    metadata: {name: spark-operator-webhook-svc, namespace: opendatahub}
    ---
    # core/spark-operator
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: spark-operator, namespace: opendatahub}
    ---
    # core/spark-operator
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: spark-operator}
    ---
    # core/spark-operator
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: spark-operator}
    ---
    # core/spark-operator
    apiVersion: apiextensions.k8s.io/v1
    kind: CustomResourceDefinition
    metadata: {name: sparkapplications.sparkoperator.k8s.io}
    spec: {group: sparkoperator.k8s.io, names: {kind: SparkApplication}}
    ---
    # core/jupyterhub
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: hub, namespace: opendatahub}
    ---
    # core/jupyterhub
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: hub, namespace: opendatahub}
    "#;

pub(super) const SPARK_AND_HUB_REQUIRES: &[(&str, &[&str])] = &[
    ("spark-operator", &["odh-namespace"]),
    ("jupyterhub", &["odh-namespace"]),
];

pub(super) const OPENSHIFT_OPERATOR: &str = r#"
    # core/odh-operator
    apiVersion: operators.coreos.com/v1alpha1
    kind: Subscription
    metadata: {name: opendatahub-operator, namespace: openshift-operators}
    ---
    # core/datasciencecluster
    apiVersion: datasciencecluster.opendatahub.io/v2
    kind: DataScienceCluster
    metadata: {name: default-dsc}
    ---
    # core/dscinitialization
    apiVersion: dscinitialization.opendatahub.io/v2
    kind: DSCInitialization
    metadata: {name: default-dsci}
    "#;
