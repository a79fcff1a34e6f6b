//! Uninstall plans: reverse order, kept CRDs, purge, OpenShift teardown.

use super::*;

#[test]
fn openshift_uninstall_dsc_dsci_subscription_csv() {
    let mut input = objects(OPENSHIFT_OPERATOR);
    input.extend(objects(
        "
        apiVersion: operators.coreos.com/v1alpha1
        kind: ClusterServiceVersion
        metadata: {name: opendatahub-operator.v3.5.0, namespace: openshift-operators}
        ",
    ));
    let deps = requires(&[
        ("dscinitialization", &["odh-operator"]),
        ("datasciencecluster", &["dscinitialization"]),
    ]);
    let plan = uninstall(&input, &deps, UninstallOptions::default()).unwrap();
    assert_eq!(plan.action, Action::Delete);
    assert_tree(
        tree(&plan, "delete"),
        "
        wave 1: custom resources
          datasciencecluster (core)
            DataScienceCluster/default-dsc (datasciencecluster.opendatahub.io/v2) [delete], wait: deleted
        wave 2: custom resources
          dscinitialization (core)
            DSCInitialization/default-dsci (dscinitialization.opendatahub.io/v2) [delete], wait: deleted
        wave 3: custom resources
          odh-operator (core)
            Subscription/opendatahub-operator (operators.coreos.com/v1alpha1) in openshift-operators [delete], wait: deleted
        wave 4: custom resources
          (no component)
            ClusterServiceVersion/opendatahub-operator.v3.5.0 (operators.coreos.com/v1alpha1) in openshift-operators [delete], wait: deleted
        ",
    );
}

#[test]
fn uninstall_reverses_the_stages_and_keeps_crds() {
    let plan = uninstall(
        &objects(SPARK_AND_HUB),
        &requires(SPARK_AND_HUB_REQUIRES),
        UninstallOptions { purge: false },
    )
    .unwrap();
    assert_tree(
        tree(&plan, "delete"),
        "
        wave 1: webhooks, controllers
          spark-operator (core)
            ValidatingWebhookConfiguration/spark-operator-webhook (admissionregistration.k8s.io/v1) [delete], wait: deleted
          jupyterhub (core)
            Deployment/hub (apps/v1) in opendatahub [delete], wait: deleted
        wave 2: controllers, config
          spark-operator (core)
            Deployment/spark-operator-controller (apps/v1) in opendatahub [delete], wait: deleted
            Deployment/spark-operator-webhook (apps/v1) in opendatahub [delete], wait: deleted
          jupyterhub (core)
            ConfigMap/hub (v1) in opendatahub [delete], wait: deleted
        wave 3: config
          spark-operator (core)
            ServiceAccount/spark-operator (v1) in opendatahub [delete], wait: deleted
            Service/spark-operator-webhook-svc (v1) in opendatahub [delete], wait: deleted
        wave 4: cluster RBAC
          spark-operator (core)
            ClusterRole/spark-operator (rbac.authorization.k8s.io/v1) [delete], wait: deleted
            ClusterRoleBinding/spark-operator (rbac.authorization.k8s.io/v1) [delete], wait: deleted
        wave 5: namespaces
          odh-namespace (core)
            Namespace/opendatahub (v1) [delete], wait: deleted
        kept (CRDs are deleted only with purge)
          CustomResourceDefinition/sparkapplications.sparkoperator.k8s.io (apiextensions.k8s.io/v1)
        ",
    );
}

#[test]
fn purge_deletes_crds_after_their_custom_resources() {
    let input = objects(
        r#"
        # core/spark-operator
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: sparkapplications.sparkoperator.k8s.io}
        ---
        # core/spark-operator
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: spark-operator-controller, namespace: opendatahub}
        ---
        # core/spark-examples
        apiVersion: sparkoperator.k8s.io/v1beta2
        kind: SparkApplication
        metadata: {name: pi, namespace: spark-jobs}
        "#,
    );
    let deps = requires(&[("spark-examples", &["spark-operator"])]);
    let plan = uninstall(&input, &deps, UninstallOptions { purge: true }).unwrap();
    assert!(plan.kept.is_empty());
    assert_tree(
        tree(&plan, "delete"),
        "
        wave 1: custom resources
          spark-examples (core)
            SparkApplication/pi (sparkoperator.k8s.io/v1beta2) in spark-jobs [delete], wait: deleted
        wave 2: controllers
          spark-operator (core)
            Deployment/spark-operator-controller (apps/v1) in opendatahub [delete], wait: deleted
        wave 3: CRDs
          spark-operator (core)
            CustomResourceDefinition/sparkapplications.sparkoperator.k8s.io (apiextensions.k8s.io/v1) [delete], wait: deleted
        ",
    );
}
