//! Why an object does not go away: its finalizers, the controller expected to
//! clear each and whether it runs, and a namespace's deletion conditions.
//! The explanation is pure ([`describe`]); [`controllers`] reads the cluster.

use crate::cluster::Cluster;
use crate::object::Object;
use crate::readiness::{self, State};

/// Who removes a finalizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clearer {
    /// The control plane itself, once the condition given here holds.
    ControlPlane(&'static str),
    /// The controller run by this Deployment (found by name in any namespace).
    Deployment(&'static str),
    /// No controller odh knows of.
    Unknown,
}

/// Finalizers and who clears them. Sources: the Kubernetes control plane
/// (namespace controller, garbage collector, apiextensions, volume
/// protection; apiserver transcripts 65–84), and at the pinned tags
/// kserve/kserve@v0.20.0 `pkg/controller/v1beta1/inferenceservice/controller.go`
/// and `v1alpha1/trainedmodel/controller.go`;
/// opendatahub-io/odh-model-controller@odh-v3.5-EA2
/// `internal/controller/serving/inferenceservice_controller.go`;
/// opendatahub-operator@v3.5.0 `internal/controller/dscinitialization`,
/// `pkg/controller/reconciler/reconciler.go` and the module operators
/// (kserve-module, dashboard-operator, workbenches-operator);
/// operator-lifecycle-manager@v0.46.0 `pkg/controller/operators/olm/operator.go`;
/// openshift-controller-manager@release-4.19 `pkg/project/controller`;
/// data-science-pipelines-operator@v2.18.0 `controllers/dspipeline_controller.go`.
/// Spark operator v2.5.2, Seldon 1.17.1 and cert-manager add none that odh meets.
/// Rook: rook/rook@v1.20.6 `pkg/operator/ceph/controller/finalizer.go` (`<kind>.ceph.rook.io`),
/// `pkg/operator/ceph/cluster/mon/mon.go` (`ceph.rook.io/disaster-protection` on the mon
/// Secret and endpoints ConfigMap), the bucket provisioner of
/// kube-object-storage/lib-bucket-provisioner@d1a8c34382f1 running inside the operator;
/// ceph/ceph-csi-operator@v1.0.4 `internal/controller/clientprofile_controller.go`.
const CLEARERS: &[(&str, Clearer)] = &[
    (
        "kubernetes",
        Clearer::ControlPlane("the namespace controller, once the namespace is empty"),
    ),
    (
        "openshift.io/origin",
        Clearer::ControlPlane("openshift-controller-manager, once the namespace is empty"),
    ),
    (
        "foregroundDeletion",
        Clearer::ControlPlane("the garbage collector, once the dependents are gone"),
    ),
    (
        "orphan",
        Clearer::ControlPlane("the garbage collector, once the dependents are orphaned"),
    ),
    (
        "customresourcecleanup.apiextensions.k8s.io",
        Clearer::ControlPlane("the API server, once the custom resources are gone"),
    ),
    (
        "kubernetes.io/pvc-protection",
        Clearer::ControlPlane("the control plane, once no pod uses the claim"),
    ),
    (
        "kubernetes.io/pv-protection",
        Clearer::ControlPlane("the control plane, once no claim is bound to the volume"),
    ),
    (
        "inferenceservice.finalizers",
        Clearer::Deployment("kserve-controller-manager"),
    ),
    (
        "trainedmodel.finalizer",
        Clearer::Deployment("kserve-controller-manager"),
    ),
    (
        "odh.inferenceservice.finalizers",
        Clearer::Deployment("odh-model-controller"),
    ),
    (
        "dscinitialization.opendatahub.io/finalizer",
        Clearer::Deployment("opendatahub-operator-controller-manager"),
    ),
    (
        "platform.opendatahub.io/finalizer",
        Clearer::Deployment("opendatahub-operator-controller-manager"),
    ),
    (
        "kserve-module.opendatahub.io/finalizer",
        Clearer::Deployment("kserve-module-controller-manager"),
    ),
    (
        "components.platform.opendatahub.io/cleanup",
        Clearer::Deployment("dashboard-operator"),
    ),
    (
        "components.platform.opendatahub.io/workbenches-cleanup",
        Clearer::Deployment("workbenches-operator"),
    ),
    (
        "datasciencepipelinesapplications.opendatahub.io/finalizer",
        Clearer::Deployment("data-science-pipelines-operator-controller-manager"),
    ),
    (
        "operators.coreos.com/csv-cleanup",
        Clearer::Deployment("olm-operator"),
    ),
    (
        "cephcluster.ceph.rook.io",
        Clearer::Deployment("rook-ceph-operator"),
    ),
    (
        "cephblockpool.ceph.rook.io",
        Clearer::Deployment("rook-ceph-operator"),
    ),
    (
        "cephobjectstore.ceph.rook.io",
        Clearer::Deployment("rook-ceph-operator"),
    ),
    (
        "ceph.rook.io/disaster-protection",
        Clearer::Deployment("rook-ceph-operator"),
    ),
    (
        "objectbucket.io/finalizer",
        Clearer::Deployment("rook-ceph-operator"),
    ),
    (
        "csi.ceph.com/cleanup",
        Clearer::Deployment("ceph-csi-controller-manager"),
    ),
];

/// Who clears a finalizer.
pub fn clearer(finalizer: &str) -> Clearer {
    CLEARERS
        .iter()
        .find(|(name, _)| *name == finalizer)
        .map_or(Clearer::Unknown, |(_, c)| *c)
}

/// The state of the controller behind one finalizer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controller {
    pub finalizer: String,
    pub clearer: Clearer,
    /// For a Deployment: where it was found and whether it is ready; `None`
    /// when it is gone (not found in any namespace).
    pub deployment: Option<(String, bool)>,
}

impl Controller {
    /// True when the finalizer's controller is known and confirmed gone.
    pub fn is_gone(&self) -> bool {
        matches!(self.clearer, Clearer::Deployment(_)) && self.deployment.is_none()
    }
}

/// The finalizers of an object.
pub fn finalizers(object: &Object) -> Vec<String> {
    let mut out: Vec<String> = ["/metadata/finalizers", "/spec/finalizers"]
        .iter()
        .filter_map(|p| object.get(p).and_then(|f| f.as_array()))
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    out.dedup();
    out
}

/// One line on why `live` is still there.
pub fn describe(live: &Object, controllers: &[Controller]) -> String {
    let mut parts: Vec<String> = controllers.iter().map(describe_one).collect();
    if live.kind() == "Namespace" && live.group().is_empty() {
        parts.extend(namespace_conditions(live));
    }
    if parts.is_empty() {
        return if live.is_terminating() {
            "still being deleted".into()
        } else {
            "not deleted yet".into()
        };
    }
    parts.join("; ")
}

fn describe_one(c: &Controller) -> String {
    let who = match c.clearer {
        Clearer::ControlPlane(text) => {
            return format!("finalizer {}: cleared by {text}", c.finalizer);
        }
        Clearer::Unknown => {
            return format!(
                "finalizer {}: no controller odh knows clears it",
                c.finalizer
            );
        }
        Clearer::Deployment(name) => name,
    };
    match &c.deployment {
        Some((namespace, true)) => format!(
            "finalizer {}: cleared by Deployment {who} in {namespace}, which is running",
            c.finalizer
        ),
        Some((namespace, false)) => format!(
            "finalizer {}: cleared by Deployment {who} in {namespace}, which is not ready",
            c.finalizer
        ),
        None => format!(
            "finalizer {}: cleared by Deployment {who}, which is gone (--remove-orphaned-finalizers removes it)",
            c.finalizer
        ),
    }
}

/// The True deletion conditions of a terminating namespace, `type: message`.
fn namespace_conditions(namespace: &Object) -> Vec<String> {
    namespace
        .get("/status/conditions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .filter(|c| c.get("status").and_then(|s| s.as_str()) == Some("True"))
        .map(|c| {
            let text = |k: &str| c.get(k).and_then(|v| v.as_str()).unwrap_or("");
            format!("{}: {}", text("type"), text("message"))
        })
        .collect()
}

/// The controller state behind each finalizer of `live`.
pub async fn controllers(cluster: &Cluster, live: &Object) -> Vec<Controller> {
    let names = finalizers(live);
    let needs_deployments = names
        .iter()
        .any(|f| matches!(clearer(f), Clearer::Deployment(_)));
    let deployments = if needs_deployments {
        cluster
            .list("apps/v1", "Deployment", None, None)
            .await
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    names
        .into_iter()
        .map(|finalizer| {
            let clearer = clearer(&finalizer);
            let deployment = match clearer {
                Clearer::Deployment(name) => {
                    deployments.iter().find(|d| d.name() == name).map(|d| {
                        let ready = readiness::compute(d).state == State::Current;
                        (d.namespace().unwrap_or_default().to_string(), ready)
                    })
                }
                _ => None,
            };
            Controller {
                finalizer,
                clearer,
                deployment,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_finalizer_names_its_controller_and_its_state() {
        let live = Object::new(
            json!({"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
            "metadata": {"name": "m", "namespace": "odh", "deletionTimestamp": "2026-12-01T00:00:00Z",
                "finalizers": ["inferenceservice.finalizers", "test.example/hold"]}}),
        );
        let controllers = vec![
            Controller {
                finalizer: "inferenceservice.finalizers".into(),
                clearer: clearer("inferenceservice.finalizers"),
                deployment: Some(("kserve".into(), true)),
            },
            Controller {
                finalizer: "test.example/hold".into(),
                clearer: clearer("test.example/hold"),
                deployment: None,
            },
        ];
        assert_eq!(
            describe(&live, &controllers),
            "finalizer inferenceservice.finalizers: cleared by Deployment kserve-controller-manager in kserve, which is running; \
             finalizer test.example/hold: no controller odh knows clears it"
        );
        assert!(
            !controllers[1].is_gone(),
            "an unknown controller is never confirmed gone"
        );
        let gone = Controller {
            finalizer: "odh.inferenceservice.finalizers".into(),
            clearer: clearer("odh.inferenceservice.finalizers"),
            deployment: None,
        };
        assert!(gone.is_gone());
        assert!(describe_one(&gone).contains("which is gone"));
    }

    #[test]
    fn a_namespace_shows_its_deletion_conditions() {
        let ns = Object::new(json!({"apiVersion": "v1", "kind": "Namespace",
        "metadata": {"name": "odh", "deletionTimestamp": "2026-12-01T00:00:00Z"},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Terminating", "conditions": [
            {"type": "NamespaceDeletionContentFailure", "status": "False", "message": "All content successfully deleted"},
            {"type": "NamespaceContentRemaining", "status": "True", "message": "Some resources are remaining: configmaps. has 1 resource instances"},
        ]}}));
        let controllers = vec![Controller {
            finalizer: "kubernetes".into(),
            clearer: clearer("kubernetes"),
            deployment: None,
        }];
        assert_eq!(finalizers(&ns), ["kubernetes"]);
        assert_eq!(
            describe(&ns, &controllers),
            "finalizer kubernetes: cleared by the namespace controller, once the namespace is empty; \
             NamespaceContentRemaining: Some resources are remaining: configmaps. has 1 resource instances"
        );
    }
}
