//! Readiness of one object, computed from its live state. Pure: no I/O, no clock.
//!
//! The base is kstatus (cli-utils): a deletion timestamp means Terminating, an
//! unobserved generation means InProgress, `Reconciling`/`Stalled` conditions
//! decide next, then a rule for the object's kind, then a `Ready` condition.
//! On top of that odh is stricter: a kind known to publish `Ready` must have it
//! (for the generation it was given), a Job is ready only when Complete, and
//! pods that cannot start (image pulls, crash loops, unschedulable) are Failed
//! at once. Any grace period before acting on a failure belongs to the caller.

mod builtin;
mod conditions;
mod endpoints;
mod events;
mod generic;
mod jobs;
mod odh;
mod olm;
mod pipelines;
mod pods;
mod rook;
mod serving;
mod sets;
mod workloads;

#[cfg(test)]
pub(crate) mod test_support;

pub use endpoints::{backing_services, service_endpoints_ready};
pub use events::latest_warning;
pub use olm::subscription_csv;
pub use pods::{failing_pod_reason, pod_blocker, pod_selector, selects};

use crate::object::{Object, ObjectRef};
use serde::Serialize;
use std::fmt;

/// The readiness states of kstatus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum State {
    /// Reconciled and ready.
    Current,
    /// Not ready yet, and nothing says it will not get there.
    InProgress,
    /// Will not become ready without a change (bad image, failed Job, …).
    Failed,
    /// Being deleted.
    Terminating,
    /// The object does not exist.
    NotFound,
    /// The state could not be read.
    Unknown,
}

/// What `compute` found: the state, a human message and a short machine reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    pub state: State,
    /// Reads like a progress line: "waiting for 1/2 replicas to be available".
    pub message: String,
    /// A CamelCase reason such as `LessAvailable` or `ImagePullBackOff`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Status {
    pub fn current(message: impl Into<String>) -> Self {
        Self::with(State::Current, None, message)
    }

    pub fn in_progress(reason: &str, message: impl Into<String>) -> Self {
        Self::with(State::InProgress, Some(reason), message)
    }

    pub fn failed(reason: &str, message: impl Into<String>) -> Self {
        Self::with(State::Failed, Some(reason), message)
    }

    pub fn terminating(message: impl Into<String>) -> Self {
        Self::with(State::Terminating, None, message)
    }

    pub fn unknown(message: impl Into<String>) -> Self {
        Self::with(State::Unknown, None, message)
    }

    fn with(state: State, reason: Option<&str>, message: impl Into<String>) -> Self {
        Status {
            state,
            message: message.into(),
            reason: reason.map(str::to_string),
        }
    }

    /// True when the object is ready (`Current`).
    pub fn is_ready(&self) -> bool {
        self.state == State::Current
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            State::Current => "ready",
            State::InProgress => "in progress",
            State::Failed => "failed",
            State::Terminating => "terminating",
            State::NotFound => "not found",
            State::Unknown => "unknown",
        })
    }
}

/// "1 replica", "2 replicas": a count with its noun, plural when needed.
pub(crate) fn count(n: i64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The annotation naming a known upstream breakage of what an object runs.
pub const KNOWN_ISSUE_ANNOTATION: &str = "opendatahub.io/known-issue";

/// A failure message with the known upstream issue the object names, if any.
pub fn with_known_issue(message: String, obj: Option<&Object>) -> String {
    match obj.and_then(|o| o.annotation(KNOWN_ISSUE_ANNOTATION)) {
        Some(issue) if !issue.trim().is_empty() => {
            format!("{message} (known upstream issue: {})", issue.trim())
        }
        _ => message,
    }
}

/// The status of an object that the server says does not exist.
pub fn not_found(target: &ObjectRef) -> Status {
    Status::with(State::NotFound, None, format!("{target} not found"))
}

/// Computes the readiness of one object from its live state.
///
/// Never fails: missing fields read as "not reported yet".
pub fn compute(obj: &Object) -> Status {
    if obj.is_terminating() {
        return generic::terminating(obj);
    }
    if let Some(status) = generic::generation_not_observed(obj) {
        return status;
    }
    if let Some(status) = generic::reconciling_or_stalled(obj) {
        return status;
    }
    match kind_rule(obj.group(), obj.kind()) {
        Some(rule) => rule(obj),
        None if generic::publishes_ready(obj.group(), obj.kind()) => generic::strict_ready(obj),
        None => generic::fallback(obj),
    }
}

type Rule = fn(&Object) -> Status;

/// The per-kind rule, if the kind has one.
fn kind_rule(group: &str, kind: &str) -> Option<Rule> {
    let rule: Rule = match (group, kind) {
        ("apps" | "extensions", "Deployment") => workloads::deployment,
        ("apps" | "extensions", "ReplicaSet") => workloads::replica_set,
        ("apps", "StatefulSet") => sets::stateful_set,
        ("apps" | "extensions", "DaemonSet") => sets::daemon_set,
        ("", "Pod") => pods::pod,
        ("batch", "Job") => jobs::job,
        ("batch", "CronJob") => jobs::cron_job,
        ("", "PersistentVolumeClaim") => builtin::persistent_volume_claim,
        ("", "Service") => builtin::service,
        ("", "Namespace") => builtin::namespace,
        ("apiextensions.k8s.io", "CustomResourceDefinition") => builtin::custom_resource_definition,
        ("apiregistration.k8s.io", "APIService") => builtin::api_service,
        ("operators.coreos.com", "Subscription") => olm::subscription,
        ("operators.coreos.com", "ClusterServiceVersion") => olm::cluster_service_version,
        ("operators.coreos.com", "CatalogSource") => olm::catalog_source,
        ("dscinitialization.opendatahub.io", "DSCInitialization") => odh::phase_ready,
        ("datasciencecluster.opendatahub.io", "DataScienceCluster") => odh::phase_ready,
        ("datasciencepipelinesapplications.opendatahub.io", "DataSciencePipelinesApplication") => {
            pipelines::data_science_pipelines_application
        }
        ("machinelearning.seldon.io", "SeldonDeployment") => serving::seldon_deployment,
        ("serving.kserve.io", "InferenceService") => serving::inference_service,
        ("ceph.rook.io", "CephCluster") => rook::ceph_cluster,
        ("ceph.rook.io", "CephObjectStore") => rook::ceph_object_store,
        ("objectbucket.io", "ObjectBucketClaim") => rook::object_bucket_claim,
        _ => return None,
    };
    Some(rule)
}

#[cfg(test)]
mod tests {
    use super::test_support::obj;
    use super::*;

    #[test]
    fn deletion_timestamp_wins_over_everything() {
        let status = compute(&obj(
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  deletionTimestamp: \"2024-01-01T00:00:00Z\"\n  finalizers: [example.com/keep]\n",
        ));
        assert_eq!(status.state, State::Terminating);
        assert_eq!(
            status.message,
            "being deleted, waiting for finalizers: example.com/keep"
        );
    }

    #[test]
    fn not_found_names_the_object() {
        let target = obj(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hub\n  namespace: odh\n",
        )
        .to_ref();
        let status = not_found(&target);
        assert_eq!(status.state, State::NotFound);
        assert_eq!(status.message, "Deployment/hub (apps/v1) in odh not found");
    }

    #[test]
    fn objects_without_status_are_current() {
        for kind in ["ConfigMap", "Secret", "ServiceAccount"] {
            let status = compute(&obj(&format!(
                "apiVersion: v1\nkind: {kind}\nmetadata:\n  name: x\n  namespace: odh\n"
            )));
            assert_eq!(status.state, State::Current, "{kind}");
        }
        for (api, kind) in [
            ("rbac.authorization.k8s.io/v1", "ClusterRole"),
            ("rbac.authorization.k8s.io/v1", "RoleBinding"),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
            ),
            (
                "admissionregistration.k8s.io/v1",
                "MutatingWebhookConfiguration",
            ),
        ] {
            let status = compute(&obj(&format!(
                "apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: x\n"
            )));
            assert_eq!(status.state, State::Current, "{kind}");
        }
    }

    #[test]
    fn empty_object_does_not_panic() {
        assert_eq!(
            compute(&Object::new(serde_json::Value::Null)).state,
            State::Current
        );
        assert_eq!(compute(&obj("kind: Pod\n")).state, State::InProgress);
        assert_eq!(
            compute(&obj("kind: Deployment\napiVersion: apps/v1\nstatus: 7\n")).state,
            State::InProgress
        );
    }

    #[test]
    fn malformed_fields_never_panic() {
        let kinds = [
            ("apps/v1", "Deployment"),
            ("apps/v1", "ReplicaSet"),
            ("apps/v1", "StatefulSet"),
            ("apps/v1", "DaemonSet"),
            ("v1", "Pod"),
            ("batch/v1", "Job"),
            ("v1", "PersistentVolumeClaim"),
            ("v1", "Service"),
            ("v1", "Namespace"),
            ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
            ("apiregistration.k8s.io/v1", "APIService"),
            ("operators.coreos.com/v1alpha1", "Subscription"),
            ("operators.coreos.com/v1alpha1", "ClusterServiceVersion"),
            ("operators.coreos.com/v1alpha1", "CatalogSource"),
            ("datasciencecluster.opendatahub.io/v2", "DataScienceCluster"),
            (
                "datasciencepipelinesapplications.opendatahub.io/v1",
                "DataSciencePipelinesApplication",
            ),
            ("machinelearning.seldon.io/v1", "SeldonDeployment"),
            ("serving.kserve.io/v1beta1", "InferenceService"),
            ("cert-manager.io/v1", "Certificate"),
            ("ceph.rook.io/v1", "CephCluster"),
            ("ceph.rook.io/v1", "CephObjectStore"),
            ("objectbucket.io/v1alpha1", "ObjectBucketClaim"),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
            ),
        ];
        let bodies = [
            "status: null",
            "status: []",
            "status: x",
            "spec: 3\nstatus: {conditions: 5}",
            "status: {conditions: [null, {type: 5}, {type: Ready, status: 7}]}",
            "spec: {replicas: two, type: 9, selector: [1]}\nstatus: {phase: 7, state: [], containerStatuses: [{state: {waiting: 7}}], deploymentStatus: 4}",
            "spec: {replicas: 9223372036854775807, updateStrategy: {rollingUpdate: {partition: -9223372036854775808}}}\nstatus: {replicas: 9223372036854775807, updatedReplicas: -9223372036854775808, readyReplicas: 9223372036854775807, availableReplicas: 9223372036854775807}",
            "webhooks: [7, {clientConfig: {service: 3}}]\ninvolvedObject: 5",
        ];
        for (api_version, kind) in kinds {
            for body in bodies {
                let o = obj(&format!(
                    "apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x, generation: 2}}\n{body}\n"
                ));
                let _ = compute(&o);
                let _ = failing_pod_reason(&o);
                let _ = backing_services(&o);
                let _ = selects(&o, &o);
                let _ = subscription_csv(&o);
                let _ = latest_warning(std::slice::from_ref(&o), &o.to_ref());
                let _ = service_endpoints_ready(std::slice::from_ref(&o));
            }
        }
    }

    #[test]
    fn failures_name_the_known_upstream_issue() {
        let o = obj(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n  annotations:\n    opendatahub.io/known-issue: needs internet access\n",
        );
        assert_eq!(
            with_known_issue("pod j-1: CrashLoopBackOff".into(), Some(&o)),
            "pod j-1: CrashLoopBackOff (known upstream issue: needs internet access)"
        );
        let plain = obj("apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n");
        assert_eq!(with_known_issue("x".into(), Some(&plain)), "x");
        assert_eq!(with_known_issue("x".into(), None), "x");
    }

    #[test]
    fn status_serializes_with_kstatus_names() {
        let json = serde_json::to_string(&Status::in_progress("LessReady", "waiting")).unwrap();
        assert_eq!(
            json,
            r#"{"state":"InProgress","message":"waiting","reason":"LessReady"}"#
        );
    }
}
