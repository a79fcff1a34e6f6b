//! Objects nobody applied: what the control plane makes in every namespace,
//! and what odh's components make at run time without an ownerReference.
//! Neither holds a namespace odh made. Pure; each rule names its source.

use crate::object::Object;

/// What a component's controller made at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Made {
    /// Goes with the namespace (certificates, leader-election locks, server pods).
    Disposable,
    /// Holds users' data (a notebook home volume): kept without purge.
    Data,
}

/// Objects the control plane creates in every namespace, or derives from
/// others: events, endpoints, the root CA bundles, the default service
/// accounts, OpenShift's image-puller bindings and OLM's copied CSVs.
pub fn made_by_control_plane(object: &Object) -> bool {
    let (group, kind, name) = (object.group(), object.kind(), object.name());
    match (group, kind) {
        ("" | "events.k8s.io", "Event") => true,
        // The endpoints controller copies a Service's labels onto its Endpoints,
        // without an ownerReference (kubernetes pkg/controller/endpoint, syncService).
        ("", "Endpoints") | ("discovery.k8s.io", "EndpointSlice") => true,
        // kubernetes pkg/controller/certificates/rootcacertpublisher; OpenShift's
        // servicecacertpublisher publishes openshift-service-ca.crt.
        ("", "ConfigMap") => matches!(name, "kube-root-ca.crt" | "openshift-service-ca.crt"),
        // The serviceaccounts controller makes `default`; openshift-controller-manager
        // (pkg/cmd/controller/serviceaccount.go) makes builder and deployer.
        ("", "ServiceAccount") => matches!(name, "default" | "builder" | "deployer"),
        ("", "Secret") => object.str_at("/type") == Some("kubernetes.io/service-account-token"),
        // openshift-controller-manager pkg/authorization/defaultrolebindings/project_policy.go.
        ("rbac.authorization.k8s.io", "RoleBinding") => matches!(
            name,
            "system:image-pullers" | "system:image-builders" | "system:deployers"
        ),
        // OLM copies a CSV into every namespace its OperatorGroup targets
        // (operator-lifecycle-manager pkg/controller/operators/olm/operatorgroup.go).
        ("operators.coreos.com", "ClusterServiceVersion") => {
            object.label("olm.copiedFrom").is_some()
        }
        _ => false,
    }
}

/// Run-time objects of odh's components, by kind and name, that carry no
/// ownerReference (research at the pinned tags):
/// - kubeflow/spark-operator@v2.5.2 `pkg/certificate/certificate.go` (webhook
///   certificate Secret, named by odh's `--webhook-secret-name`) and
///   `cmd/operator/{controller,webhook}/start.go` (leader-election Leases);
/// - SeldonIO/seldon-core@v1.17.1 `operator/main.go` (controller-runtime
///   v0.11.2 `configmapsleases`: a ConfigMap and a Lease);
/// - kserve/kserve@v0.20.0 `cmd/manager/main.go` (leader-election Lease);
/// - cert-manager@v1.17 `pkg/controller/certificates/issuing` (the Certificate's
///   Secret, owned only with `--enable-certificate-owner-ref`) and
///   `pkg/server/tls/authority/authority.go` (the webhook CA);
/// - opendatahub-operator@v3.5.0 `internal/controller/services/certconfigmapgenerator`
///   (`odh-trusted-ca-bundle` in every non-reserved namespace).
const MADE_BY_NAME: &[(&str, &str)] = &[
    ("Secret", "spark-operator-webhook-certs"),
    ("Lease", "spark-operator-controller-lock"),
    ("Lease", "spark-operator-webhook-lock"),
    ("ConfigMap", "a33bd623.machinelearning.seldon.io"),
    ("Lease", "a33bd623.machinelearning.seldon.io"),
    ("Lease", "kserve-controller-manager-leader-lock"),
    ("Secret", "kserve-webhook-server-cert"),
    ("Secret", "cert-manager-webhook-ca"),
    ("ConfigMap", "odh-trusted-ca-bundle"),
];

/// Objects odh's components make at run time that carry no ownerReference.
pub fn made_by_components(object: &Object) -> Option<Made> {
    let label = |key: &str| object.label(key);
    // jupyterhub/kubespawner@7.0.0 kubespawner/spawner.py `_build_pod_labels`,
    // `get_pvc_manifest`: user pods and claims, labelled by component.
    match (object.group(), object.kind()) {
        ("", "Pod") if label("component") == Some("singleuser-server") => {
            return Some(Made::Disposable);
        }
        ("", "PersistentVolumeClaim") if label("component") == Some("singleuser-storage") => {
            return Some(Made::Data);
        }
        _ => {}
    }
    MADE_BY_NAME
        .iter()
        .any(|(kind, name)| object.kind() == *kind && object.name() == *name)
        .then_some(Made::Disposable)
}

/// Groups and kinds that only mirror other objects, never listed as a
/// namespace's content (metrics-server PodMetrics, OLM's package manifests,
/// OpenShift's RBAC and quota proxies and image stream tags).
pub const MIRROR_GROUPS: &[&str] = &[
    "metrics.k8s.io",
    "packages.operators.coreos.com",
    "authorization.openshift.io",
    "quota.openshift.io",
];

/// Kinds (in otherwise listed groups) that mirror other objects.
pub fn is_mirror_kind(api_version: &str, kind: &str) -> bool {
    api_version.starts_with("image.openshift.io/") && matches!(kind, "ImageStreamTag" | "ImageTag")
        || (api_version.starts_with("events.k8s.io/") && kind == "Event")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(api_version: &str, kind: &str, name: &str, labels: serde_json::Value) -> Object {
        Object::new(json!({"apiVersion": api_version, "kind": kind,
            "metadata": {"name": name, "namespace": "n", "labels": labels}}))
    }

    #[test]
    fn the_control_plane_s_objects_are_known_and_a_user_s_are_not() {
        assert!(made_by_control_plane(&obj(
            "v1",
            "ConfigMap",
            "kube-root-ca.crt",
            json!({})
        )));
        assert!(made_by_control_plane(&obj(
            "events.k8s.io/v1",
            "Event",
            "x",
            json!({})
        )));
        assert!(made_by_control_plane(&obj(
            "operators.coreos.com/v1alpha1",
            "ClusterServiceVersion",
            "opendatahub-operator.v3.5.0",
            json!({"olm.copiedFrom": "openshift-operators"})
        )));
        assert!(!made_by_control_plane(&obj(
            "v1",
            "ConfigMap",
            "settings",
            json!({})
        )));
        assert!(!made_by_control_plane(&obj(
            "v1",
            "ServiceAccount",
            "robot",
            json!({})
        )));
    }

    #[test]
    fn notebook_claims_are_data_and_controller_locks_disposable() {
        let claim = obj(
            "v1",
            "PersistentVolumeClaim",
            "claim-ada",
            json!({"component": "singleuser-storage"}),
        );
        assert_eq!(made_by_components(&claim), Some(Made::Data));
        let pod = obj(
            "v1",
            "Pod",
            "jupyter-ada",
            json!({"component": "singleuser-server"}),
        );
        assert_eq!(made_by_components(&pod), Some(Made::Disposable));
        let lock = obj(
            "coordination.k8s.io/v1",
            "Lease",
            "spark-operator-controller-lock",
            json!({}),
        );
        assert_eq!(made_by_components(&lock), Some(Made::Disposable));
        assert_eq!(
            made_by_components(&obj("v1", "Pod", "mine", json!({}))),
            None
        );
        assert_eq!(
            made_by_components(&obj(
                "v1",
                "Secret",
                "spark-operator-webhook-certs-2",
                json!({})
            )),
            None
        );
    }

    #[test]
    fn mirrors_are_never_content() {
        assert!(is_mirror_kind("image.openshift.io/v1", "ImageStreamTag"));
        assert!(!is_mirror_kind("image.openshift.io/v1", "ImageStream"));
        assert!(MIRROR_GROUPS.contains(&"metrics.k8s.io"));
    }
}
