//! The install stage of an object (DESIGN §5) from its group and kind, the
//! rank of each stage for install and uninstall, and the kind order inside one.

use super::{Action, WaitFor};
use crate::object::Object;
use crate::readiness::backing_services;
use std::fmt;

/// Where an object falls in the order of DESIGN §5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Namespaces,
    /// CustomResourceDefinitions.
    Crds,
    /// ClusterRoles, ClusterRoleBindings and the other cluster-scoped built-ins
    /// (StorageClass, PriorityClass, SecurityContextConstraints, …).
    ClusterRbac,
    /// Namespaced built-ins a controller reads: service accounts, roles,
    /// bindings, config maps, secrets, services, claims, network policies, …
    Config,
    /// cert-manager issuers and certificates a controller mounts; placed before
    /// controllers when cert-manager itself comes from another component.
    Certificates,
    /// Deployments, StatefulSets, DaemonSets, Jobs and other pod owners.
    Controllers,
    /// Webhook configurations, admission policies and API services.
    Webhooks,
    /// Instances of custom resource kinds (anything not built in).
    CustomResources,
}

impl Stage {
    /// The stage of an object, before the component-level adjustment for
    /// certificates (see `rules`).
    pub(super) fn of(obj: &Object) -> Stage {
        let (group, kind) = (obj.group(), obj.kind());
        if group == "cert-manager.io" && matches!(kind, "Issuer" | "ClusterIssuer" | "Certificate")
        {
            return Stage::Certificates;
        }
        if !is_built_in_group(group) {
            return Stage::CustomResources;
        }
        match kind {
            "Namespace" if group.is_empty() => Stage::Namespaces,
            "CustomResourceDefinition" => Stage::Crds,
            "ClusterRole"
            | "ClusterRoleBinding"
            | "StorageClass"
            | "PriorityClass"
            | "IngressClass"
            | "RuntimeClass"
            | "PersistentVolume"
            | "CSIDriver"
            | "VolumeAttributesClass"
            | "SecurityContextConstraints" => Stage::ClusterRbac,
            "Deployment"
            | "StatefulSet"
            | "DaemonSet"
            | "ReplicaSet"
            | "ReplicationController"
            | "Job"
            | "CronJob"
            | "Pod"
            | "HorizontalPodAutoscaler"
            | "DeploymentConfig" => Stage::Controllers,
            "MutatingWebhookConfiguration"
            | "ValidatingWebhookConfiguration"
            | "ValidatingAdmissionPolicy"
            | "ValidatingAdmissionPolicyBinding"
            | "MutatingAdmissionPolicy"
            | "MutatingAdmissionPolicyBinding"
            | "APIService" => Stage::Webhooks,
            _ => Stage::Config,
        }
    }

    /// The stage of objects of a kind, from its apiVersion and kind alone.
    pub fn of_kind(api_version: &str, kind: &str) -> Stage {
        Stage::of(&Object::new(
            serde_json::json!({"apiVersion": api_version, "kind": kind}),
        ))
    }

    /// The order of stages inside one component: lower ranks go first. For
    /// install, namespaces, CRDs and cluster RBAC share the first rank.
    pub(super) fn rank(self, action: Action) -> u8 {
        match action {
            Action::Apply => match self {
                Stage::Namespaces | Stage::Crds | Stage::ClusterRbac => 0,
                Stage::Config => 1,
                Stage::Certificates => 2,
                Stage::Controllers => 3,
                Stage::Webhooks => 4,
                Stage::CustomResources => 5,
            },
            Action::Delete => match self {
                Stage::CustomResources => 0,
                Stage::Webhooks => 1,
                Stage::Controllers => 2,
                Stage::Certificates => 3,
                Stage::Config => 4,
                Stage::ClusterRbac => 5,
                Stage::Crds => 6,
                Stage::Namespaces => 7,
            },
        }
    }

    /// True for stages whose objects need running controllers of the
    /// components they require (and so wait for those components).
    pub(super) fn is_active(self) -> bool {
        matches!(
            self,
            Stage::Certificates | Stage::Controllers | Stage::Webhooks | Stage::CustomResources
        )
    }

    fn label(self) -> &'static str {
        match self {
            Stage::Namespaces => "namespaces",
            Stage::Crds => "CRDs",
            Stage::ClusterRbac => "cluster RBAC",
            Stage::Config => "config",
            Stage::Certificates => "certificates",
            Stage::Controllers => "controllers",
            Stage::Webhooks => "webhooks",
            Stage::CustomResources => "custom resources",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What to wait for after applying (or deleting) an object of this stage.
pub(super) fn wait_for(obj: &Object, stage: Stage, action: Action) -> WaitFor {
    if action == Action::Delete {
        return WaitFor::Deleted;
    }
    match stage {
        Stage::Namespaces | Stage::Certificates | Stage::CustomResources => WaitFor::Ready,
        Stage::Crds => WaitFor::Established,
        Stage::ClusterRbac | Stage::Config => WaitFor::Nothing,
        Stage::Controllers => match obj.kind() {
            "CronJob" | "HorizontalPodAutoscaler" => WaitFor::Nothing,
            _ => WaitFor::Ready,
        },
        Stage::Webhooks => match backing_services(obj) {
            services if services.is_empty() => WaitFor::Nothing,
            services => WaitFor::Endpoints(services),
        },
    }
}

/// Groups served by the API server itself (Kubernetes and OpenShift), as
/// opposed to groups that CRDs or aggregated servers add.
fn is_built_in_group(group: &str) -> bool {
    matches!(
        group,
        "" | "apps"
            | "batch"
            | "autoscaling"
            | "policy"
            | "extensions"
            | "networking.k8s.io"
            | "rbac.authorization.k8s.io"
            | "storage.k8s.io"
            | "scheduling.k8s.io"
            | "coordination.k8s.io"
            | "discovery.k8s.io"
            | "node.k8s.io"
            | "apiextensions.k8s.io"
            | "apiregistration.k8s.io"
            | "admissionregistration.k8s.io"
            | "certificates.k8s.io"
            | "events.k8s.io"
            | "flowcontrol.apiserver.k8s.io"
            | "resource.k8s.io"
            | "route.openshift.io"
            | "security.openshift.io"
            | "image.openshift.io"
            | "apps.openshift.io"
            | "build.openshift.io"
            | "project.openshift.io"
            | "template.openshift.io"
            | "authorization.openshift.io"
            | "quota.openshift.io"
    )
}

/// True for a CustomResourceDefinition.
pub(super) fn is_crd(obj: &Object) -> bool {
    obj.group() == "apiextensions.k8s.io" && obj.kind() == "CustomResourceDefinition"
}

/// The order of kinds inside a stage; kinds not listed follow, by name.
const KIND_ORDER: &[&str] = &[
    "Namespace",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleBinding",
    "ServiceAccount",
    "Role",
    "RoleBinding",
    "ConfigMap",
    "Secret",
    "PersistentVolumeClaim",
    "Service",
    "ClusterIssuer",
    "Issuer",
    "Certificate",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "APIService",
];

/// A sort key placing known kinds in `KIND_ORDER` and the rest after, by name.
pub(super) fn kind_order(kind: &str) -> (usize, &str) {
    let position = KIND_ORDER
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(KIND_ORDER.len());
    (position, kind)
}
