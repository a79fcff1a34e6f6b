//! Deployment and ReplicaSet readiness: replica counts against the spec.

use super::conditions::condition;
use super::{Status, count};
use crate::object::Object;

/// Replica counts of a Deployment or ReplicaSet; missing numbers read as 0
/// (and `spec.replicas` as 1, its API default).
struct Replicas {
    desired: i64,
    current: i64,
    updated: i64,
    ready: i64,
    available: i64,
    fully_labeled: i64,
}

impl Replicas {
    fn of(obj: &Object) -> Self {
        let count = |field: &str| obj.i64_at(&format!("/status/{field}")).unwrap_or(0);
        Replicas {
            desired: obj.i64_at("/spec/replicas").unwrap_or(1),
            current: count("replicas"),
            updated: count("updatedReplicas"),
            ready: count("readyReplicas"),
            available: count("availableReplicas"),
            fully_labeled: count("fullyLabeledReplicas"),
        }
    }
}

pub(super) fn deployment(obj: &Object) -> Status {
    if let Some(progressing) = condition(obj, "Progressing")
        && progressing.reason == "ProgressDeadlineExceeded"
    {
        return Status::failed(
            "ProgressDeadlineExceeded",
            format!(
                "rollout exceeded its progress deadline: {}",
                progressing.message
            ),
        );
    }
    if obj.get("/spec/paused").and_then(|v| v.as_bool()) == Some(true) {
        return Status::in_progress("Paused", "rollout is paused");
    }
    let r = Replicas::of(obj);
    if r.updated < r.desired {
        return Status::in_progress(
            "LessUpdated",
            format!(
                "waiting for {}/{} replicas to be updated",
                r.updated, r.desired
            ),
        );
    }
    if r.current > r.updated {
        return Status::in_progress(
            "ExtraPods",
            format!(
                "waiting for {} to terminate",
                count(r.current.saturating_sub(r.updated), "old replica")
            ),
        );
    }
    if let Some(waiting) = short_of_replicas(&r) {
        return waiting;
    }
    if let Some(available) = condition(obj, "Available")
        && available.is_false()
    {
        return Status::in_progress(
            "DeploymentNotAvailable",
            format!(
                "waiting for the deployment to be available: {}",
                available.explain()
            ),
        );
    }
    Status::current(format!("{}/{} replicas available", r.available, r.desired))
}

/// Waiting for replicas to be available, then ready (Deployments and ReplicaSets alike).
fn short_of_replicas(r: &Replicas) -> Option<Status> {
    if r.available < r.desired {
        return Some(Status::in_progress(
            "LessAvailable",
            format!(
                "waiting for {}/{} replicas to be available",
                r.available, r.desired
            ),
        ));
    }
    if r.ready < r.desired {
        return Some(Status::in_progress(
            "LessReady",
            format!("waiting for {}/{} replicas to be ready", r.ready, r.desired),
        ));
    }
    None
}

pub(super) fn replica_set(obj: &Object) -> Status {
    if let Some(failure) = condition(obj, "ReplicaFailure")
        && failure.is_true()
    {
        return Status::in_progress(
            "ReplicaFailure",
            format!("cannot create replicas: {}", failure.explain()),
        );
    }
    let r = Replicas::of(obj);
    if r.fully_labeled < r.desired {
        return Status::in_progress(
            "LessLabelled",
            format!(
                "waiting for {}/{} replicas to be labelled",
                r.fully_labeled, r.desired
            ),
        );
    }
    if let Some(waiting) = short_of_replicas(&r) {
        return waiting;
    }
    if r.current > r.desired {
        return Status::in_progress(
            "ExtraPods",
            format!(
                "waiting for {} to terminate",
                count(r.current.saturating_sub(r.desired), "extra replica")
            ),
        );
    }
    Status::current(format!("{}/{} replicas available", r.available, r.desired))
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn deployment(spec_replicas: i64, status: &str) -> Status {
        compute(&obj(&format!(
            r#"
            apiVersion: apps/v1
            kind: Deployment
            metadata: {{name: hub, namespace: odh, generation: 2}}
            spec: {{replicas: {spec_replicas}}}
            status: {status}
            "#
        )))
    }

    #[test]
    fn deployment_ready_when_all_replicas_available() {
        let status = deployment(
            2,
            "{observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: [{type: Available, status: \"True\"}]}",
        );
        assert_eq!(status.state, State::Current);
        assert_eq!(status.message, "2/2 replicas available");
    }

    #[test]
    fn deployment_waits_for_available_replicas() {
        let status = deployment(
            2,
            "{observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 1, availableReplicas: 1}",
        );
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("LessAvailable"));
        assert_eq!(status.message, "waiting for 1/2 replicas to be available");
    }

    #[test]
    fn deployment_generation_not_observed() {
        let stale = deployment(
            1,
            "{observedGeneration: 1, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1}",
        );
        assert_eq!(stale.state, State::InProgress);
        assert_eq!(stale.reason.as_deref(), Some("LatestGenerationNotObserved"));
        let never_observed = deployment(1, "{}");
        assert_eq!(never_observed.state, State::InProgress);
        assert_eq!(
            never_observed.message,
            "waiting for the controller to observe generation 2"
        );
    }

    #[test]
    fn deployment_stale_rollout_waits_for_updates_then_old_pods() {
        let updating = deployment(
            2,
            "{observedGeneration: 2, replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2}",
        );
        assert_eq!(updating.message, "waiting for 1/2 replicas to be updated");
        let old_pods = deployment(
            2,
            "{observedGeneration: 2, replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2}",
        );
        assert_eq!(old_pods.reason.as_deref(), Some("ExtraPods"));
        assert_eq!(old_pods.message, "waiting for 1 old replica to terminate");
    }

    #[test]
    fn deployment_progress_deadline_exceeded_is_failed() {
        let status = deployment(
            1,
            r#"{observedGeneration: 2, replicas: 1, updatedReplicas: 1, conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: 'ReplicaSet "hub-5d4" has timed out progressing.'}]}"#,
        );
        assert_eq!(status.state, State::Failed);
        assert_eq!(
            status.message,
            "rollout exceeded its progress deadline: ReplicaSet \"hub-5d4\" has timed out progressing."
        );
    }

    #[test]
    fn deployment_scaled_to_zero_is_current() {
        let status = deployment(0, "{observedGeneration: 2}");
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn deployment_paused_is_in_progress() {
        let status = compute(&obj(r#"
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: hub, generation: 1}
            spec: {paused: true}
            status: {observedGeneration: 1}
            "#));
        assert_eq!(status.reason.as_deref(), Some("Paused"));
    }

    #[test]
    fn replica_set_rules() {
        let ready = compute(&obj(r#"
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: hub-1, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2}
            "#));
        assert_eq!(ready.state, State::Current);
        let quota = compute(&obj(r#"
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: hub-1, generation: 1}
            spec: {replicas: 2}
            status:
              observedGeneration: 1
              conditions:
              - {type: ReplicaFailure, status: "True", reason: FailedCreate, message: exceeded quota}
            "#));
        assert_eq!(quota.state, State::InProgress);
        assert_eq!(
            quota.message,
            "cannot create replicas: FailedCreate: exceeded quota"
        );
        let not_ready = compute(&obj(r#"
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: hub-1, generation: 1}
            spec: {replicas: 2}
            status: {observedGeneration: 1, replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1}
            "#));
        assert_eq!(
            not_ready.message,
            "waiting for 1/2 replicas to be available"
        );
    }
}
