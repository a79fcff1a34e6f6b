//! Install plans: stage order, component dependencies, OpenShift and certificates.

use super::*;

#[test]
fn install_waves_follow_the_stages() {
    let plan = install(&objects(SPARK_AND_HUB), &requires(SPARK_AND_HUB_REQUIRES)).unwrap();
    assert_tree(
        tree(&plan, "create"),
        "
        wave 1: namespaces, CRDs, cluster RBAC
          odh-namespace (core)
            Namespace/opendatahub (v1) [create], wait: ready
          spark-operator (core)
            CustomResourceDefinition/sparkapplications.sparkoperator.k8s.io (apiextensions.k8s.io/v1) [create], wait: established
            ClusterRole/spark-operator (rbac.authorization.k8s.io/v1) [create]
            ClusterRoleBinding/spark-operator (rbac.authorization.k8s.io/v1) [create]
        wave 2: config
          spark-operator (core)
            ServiceAccount/spark-operator (v1) in opendatahub [create]
            Service/spark-operator-webhook-svc (v1) in opendatahub [create]
          jupyterhub (core)
            ConfigMap/hub (v1) in opendatahub [create]
        wave 3: controllers
          jupyterhub (core)
            Deployment/hub (apps/v1) in opendatahub [create], wait: ready
          spark-operator (core)
            Deployment/spark-operator-controller (apps/v1) in opendatahub [create], wait: ready
            Deployment/spark-operator-webhook (apps/v1) in opendatahub [create], wait: ready
        wave 4: webhooks
          spark-operator (core)
            ValidatingWebhookConfiguration/spark-operator-webhook (admissionregistration.k8s.io/v1) [create], wait: endpoints of service opendatahub/spark-operator-webhook-svc
        ",
    );
}

#[test]
fn install_order_does_not_depend_on_input_order() {
    let mut shuffled = objects(SPARK_AND_HUB);
    shuffled.reverse();
    shuffled.swap(1, 7);
    let deps = requires(SPARK_AND_HUB_REQUIRES);
    assert_eq!(
        tree(&install(&shuffled, &deps).unwrap(), "create"),
        tree(&install(&objects(SPARK_AND_HUB), &deps).unwrap(), "create"),
    );
}

#[test]
fn steps_know_their_prerequisites() {
    let input = objects(SPARK_AND_HUB);
    let plan = install(&input, &requires(SPARK_AND_HUB_REQUIRES)).unwrap();
    let hub = plan
        .steps()
        .find(|step| step.target.kind == "Deployment" && step.target.name == "hub")
        .unwrap();
    let after: Vec<String> = hub
        .after
        .iter()
        .map(|&index| input[index].to_ref().to_string())
        .collect();
    assert_eq!(
        after,
        [
            "Namespace/opendatahub (v1)",
            "ConfigMap/hub (v1) in opendatahub"
        ]
    );
    assert_eq!(plan.len(), input.len());
    let first_wave: Vec<usize> = plan.waves[0].steps.iter().map(|s| s.index).collect();
    assert!(first_wave.iter().all(|&i| {
        plan.steps()
            .find(|s| s.index == i)
            .unwrap()
            .after
            .is_empty()
    }));
}

#[test]
fn custom_resources_wait_for_the_components_they_require() {
    let input = objects(
        r#"
        # core/odh-namespace
        apiVersion: v1
        kind: Namespace
        metadata: {name: opendatahub}
        ---
        # serving/seldon-operator
        apiVersion: v1
        kind: Namespace
        metadata: {name: seldon-system}
        ---
        # serving/seldon-operator
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: seldon-manager, namespace: seldon-system}
        ---
        # serving/seldon-operator
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: seldon-controller-manager, namespace: seldon-system}
        ---
        # ai-library/ai-library-seldon
        apiVersion: v1
        kind: Secret
        metadata: {name: s3-models, namespace: opendatahub}
        ---
        # ai-library/ai-library-seldon
        apiVersion: machinelearning.seldon.io/v1
        kind: SeldonDeployment
        metadata: {name: sentiment-analysis, namespace: opendatahub}
        "#,
    );
    let deps = requires(&[
        ("ai-library-seldon", &["seldon-operator", "odh-namespace"]),
        ("seldon-operator", &[]),
    ]);
    assert_tree(
        tree(&install(&input, &deps).unwrap(), "create"),
        "
        wave 1: namespaces
          odh-namespace (core)
            Namespace/opendatahub (v1) [create], wait: ready
          seldon-operator (serving)
            Namespace/seldon-system (v1) [create], wait: ready
        wave 2: config
          seldon-operator (serving)
            ServiceAccount/seldon-manager (v1) in seldon-system [create]
          ai-library-seldon (ai-library)
            Secret/s3-models (v1) in opendatahub [create]
        wave 3: controllers
          seldon-operator (serving)
            Deployment/seldon-controller-manager (apps/v1) in seldon-system [create], wait: ready
        wave 4: custom resources
          ai-library-seldon (ai-library)
            SeldonDeployment/sentiment-analysis (machinelearning.seldon.io/v1) in opendatahub [create], wait: ready
        ",
    );
}

#[test]
fn openshift_operator_then_dsci_then_dsc() {
    let deps = requires(&[
        ("dscinitialization", &["odh-operator"]),
        ("datasciencecluster", &["dscinitialization"]),
    ]);
    assert_tree(
        tree(&install(&objects(OPENSHIFT_OPERATOR), &deps).unwrap(), "create"),
        "
        wave 1: custom resources
          odh-operator (core)
            Subscription/opendatahub-operator (operators.coreos.com/v1alpha1) in openshift-operators [create], wait: ready
        wave 2: custom resources
          dscinitialization (core)
            DSCInitialization/default-dsci (dscinitialization.opendatahub.io/v2) [create], wait: ready
        wave 3: custom resources
          datasciencecluster (core)
            DataScienceCluster/default-dsc (datasciencecluster.opendatahub.io/v2) [create], wait: ready
        ",
    );
}

#[test]
fn dsc_follows_dsci_by_kind_rule_without_declared_dependencies() {
    let plan = install(&objects(OPENSHIFT_OPERATOR), &[]).unwrap();
    let kinds: Vec<Vec<&str>> = plan
        .waves
        .iter()
        .map(|wave| wave.steps.iter().map(|s| s.target.kind.as_str()).collect())
        .collect();
    assert_eq!(
        kinds,
        [
            vec!["Subscription"],
            vec!["DSCInitialization"],
            vec!["DataScienceCluster"]
        ]
    );
}

#[test]
fn certificates_come_before_the_controller_that_mounts_them() {
    let input = objects(
        r#"
        # serving/cert-manager
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: certificates.cert-manager.io}
        spec: {group: cert-manager.io, names: {kind: Certificate}}
        ---
        # serving/cert-manager
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: cert-manager, namespace: cert-manager}
        ---
        # serving/cert-manager
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata: {name: selfsigned}
        ---
        # serving/kserve
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: serving-cert, namespace: kserve}
        ---
        # serving/kserve
        apiVersion: cert-manager.io/v1
        kind: Issuer
        metadata: {name: selfsigned-issuer, namespace: kserve}
        ---
        # serving/kserve
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: inferenceservice-config, namespace: kserve}
        ---
        # serving/kserve
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: kserve-controller-manager, namespace: kserve}
        "#,
    );
    let deps = requires(&[("kserve", &["cert-manager"])]);
    assert_tree(
        tree(&install(&input, &deps).unwrap(), "create"),
        "
        wave 1: CRDs, config
          cert-manager (serving)
            CustomResourceDefinition/certificates.cert-manager.io (apiextensions.k8s.io/v1) [create], wait: established
          kserve (serving)
            ConfigMap/inferenceservice-config (v1) in kserve [create]
        wave 2: controllers
          cert-manager (serving)
            Deployment/cert-manager (apps/v1) in cert-manager [create], wait: ready
        wave 3: custom resources
          cert-manager (serving)
            ClusterIssuer/selfsigned (cert-manager.io/v1) [create], wait: ready
        wave 4: certificates
          kserve (serving)
            Issuer/selfsigned-issuer (cert-manager.io/v1) in kserve [create], wait: ready
        wave 5: certificates
          kserve (serving)
            Certificate/serving-cert (cert-manager.io/v1) in kserve [create], wait: ready
        wave 6: controllers
          kserve (serving)
            Deployment/kserve-controller-manager (apps/v1) in kserve [create], wait: ready
        ",
    );
}

#[test]
fn unknown_stage_kinds_and_wait_rules() {
    let input = objects(
        r#"
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: cleanup, namespace: odh}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: make-bucket, namespace: odh}
        ---
        apiVersion: admissionregistration.k8s.io/v1
        kind: MutatingWebhookConfiguration
        metadata: {name: external}
        webhooks:
        - name: m.example.com
          clientConfig: {url: "https://example.com/mutate"}
        ---
        apiVersion: apiregistration.k8s.io/v1
        kind: APIService
        metadata: {name: v1beta1.metrics.k8s.io}
        spec: {service: {name: metrics-server, namespace: kube-system}}
        "#,
    );
    let plan = install(&input, &[]).unwrap();
    let waits: Vec<(String, WaitFor)> = plan
        .steps()
        .map(|s| (s.target.kind.clone(), s.wait.clone()))
        .collect();
    let metrics = ObjectRef {
        api_version: "v1".into(),
        kind: "Service".into(),
        namespace: Some("kube-system".into()),
        name: "metrics-server".into(),
    };
    assert_eq!(
        waits,
        [
            ("Job".to_string(), WaitFor::Ready),
            ("CronJob".to_string(), WaitFor::Nothing),
            ("MutatingWebhookConfiguration".to_string(), WaitFor::Nothing),
            ("APIService".to_string(), WaitFor::Endpoints(vec![metrics])),
        ]
    );
}
