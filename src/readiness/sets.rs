//! StatefulSet and DaemonSet readiness (kstatus rules, revision-aware).

use super::{Status, count};
use crate::object::Object;

pub(super) fn stateful_set(obj: &Object) -> Status {
    if obj.str_at("/spec/updateStrategy/type") == Some("OnDelete") {
        return Status::current("update strategy OnDelete: nothing to wait for");
    }
    let number = |pointer: &str| obj.i64_at(pointer).unwrap_or(0);
    let desired = obj.i64_at("/spec/replicas").unwrap_or(1);
    let current = number("/status/replicas");
    let ready = number("/status/readyReplicas");
    let updated = number("/status/updatedReplicas");
    if current < desired {
        return Status::in_progress(
            "LessReplicas",
            format!("waiting for {current}/{desired} replicas to be created"),
        );
    }
    if ready < desired {
        return Status::in_progress(
            "LessReady",
            format!("waiting for {ready}/{desired} replicas to be ready"),
        );
    }
    if current > desired {
        return Status::in_progress(
            "ExtraPods",
            format!(
                "waiting for {} to terminate",
                count(current.saturating_sub(desired), "extra replica")
            ),
        );
    }
    if let Some(partition) = obj.i64_at("/spec/updateStrategy/rollingUpdate/partition")
        && partition > 0
    {
        let target = desired.saturating_sub(partition).max(0);
        if updated < target {
            return Status::in_progress(
                "PartitionRollout",
                format!("waiting for partitioned rollout: {updated}/{target} replicas updated"),
            );
        }
        return Status::current(format!(
            "partitioned rollout done: {updated}/{target} replicas updated"
        ));
    }
    let current_revision = obj.str_at("/status/currentRevision").unwrap_or("");
    let update_revision = obj.str_at("/status/updateRevision").unwrap_or("");
    if !update_revision.is_empty() && updated < desired {
        return Status::in_progress(
            "LessUpdated",
            format!("waiting for {updated}/{desired} replicas to be updated"),
        );
    }
    if !current_revision.is_empty()
        && !update_revision.is_empty()
        && current_revision != update_revision
    {
        return Status::in_progress(
            "RevisionMismatch",
            format!("waiting for the rollout to revision {update_revision} to finish"),
        );
    }
    Status::current(format!("{ready}/{desired} replicas ready"))
}

pub(super) fn daemon_set(obj: &Object) -> Status {
    if obj.generation().is_none() {
        return Status::in_progress("NoGeneration", "waiting for the server to set a generation");
    }
    if obj.i64_at("/status/observedGeneration").is_none() {
        return Status::in_progress(
            "NoObservedGeneration",
            "waiting for the controller to observe the daemon set",
        );
    }
    let Some(desired) = obj.i64_at("/status/desiredNumberScheduled") else {
        return Status::in_progress(
            "NoDesiredNumber",
            "waiting for the controller to count the nodes to schedule on",
        );
    };
    let number = |field: &str| obj.i64_at(&format!("/status/{field}")).unwrap_or(0);
    let checks = [
        ("currentNumberScheduled", "LessCurrent", "scheduled"),
        ("updatedNumberScheduled", "LessUpdated", "updated"),
        ("numberAvailable", "LessAvailable", "available"),
        ("numberReady", "LessReady", "ready"),
    ];
    for (field, reason, what) in checks {
        let have = number(field);
        if desired > have {
            return Status::in_progress(
                reason,
                format!("waiting for {have}/{desired} pods to be {what}"),
            );
        }
    }
    Status::current(format!("{desired}/{desired} pods ready"))
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn stateful_set(spec: &str, status: &str) -> Status {
        compute(&obj(&format!(
            r#"
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {{name: store, namespace: odh, generation: 1}}
            spec: {spec}
            status: {status}
            "#
        )))
    }

    #[test]
    fn stateful_set_ready() {
        let status = stateful_set(
            "{replicas: 1}",
            "{observedGeneration: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1, currentRevision: s-1, updateRevision: s-1}",
        );
        assert_eq!(status.state, State::Current);
        assert_eq!(status.message, "1/1 replicas ready");
    }

    #[test]
    fn stateful_set_waits_for_ready_replicas() {
        let status = stateful_set(
            "{replicas: 2}",
            "{observedGeneration: 1, replicas: 2, readyReplicas: 1}",
        );
        assert_eq!(status.reason.as_deref(), Some("LessReady"));
        assert_eq!(status.message, "waiting for 1/2 replicas to be ready");
    }

    #[test]
    fn stateful_set_stale_rollout_waits_for_revision() {
        let updating = stateful_set(
            "{replicas: 2}",
            "{observedGeneration: 1, replicas: 2, readyReplicas: 2, updatedReplicas: 1, currentRevision: s-1, updateRevision: s-2}",
        );
        assert_eq!(updating.reason.as_deref(), Some("LessUpdated"));
        let finishing = stateful_set(
            "{replicas: 2}",
            "{observedGeneration: 1, replicas: 2, readyReplicas: 2, updatedReplicas: 2, currentRevision: s-1, updateRevision: s-2}",
        );
        assert_eq!(finishing.reason.as_deref(), Some("RevisionMismatch"));
    }

    #[test]
    fn stateful_set_partition_and_on_delete() {
        let partitioned = stateful_set(
            "{replicas: 3, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}",
            "{observedGeneration: 1, replicas: 3, readyReplicas: 3, updatedReplicas: 0}",
        );
        assert_eq!(
            partitioned.message,
            "waiting for partitioned rollout: 0/1 replicas updated"
        );
        let on_delete = stateful_set(
            "{updateStrategy: {type: OnDelete}}",
            "{observedGeneration: 1}",
        );
        assert_eq!(on_delete.state, State::Current);
    }

    #[test]
    fn stateful_set_generation_not_observed() {
        let status = stateful_set(
            "{replicas: 1}",
            "{observedGeneration: 0, replicas: 1, readyReplicas: 1}",
        );
        assert_eq!(
            status.reason.as_deref(),
            Some("LatestGenerationNotObserved")
        );
    }

    fn daemon_set(status: &str) -> Status {
        compute(&obj(&format!(
            "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent, generation: 4}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn daemon_set_rules() {
        let ready = daemon_set(
            "{observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3, numberReady: 3}",
        );
        assert_eq!(ready.state, State::Current);
        let unobserved = daemon_set("{desiredNumberScheduled: 3}");
        assert_eq!(unobserved.state, State::InProgress);
        let no_desired = daemon_set("{observedGeneration: 4}");
        assert_eq!(no_desired.reason.as_deref(), Some("NoDesiredNumber"));
        let rolling = daemon_set(
            "{observedGeneration: 4, desiredNumberScheduled: 3, currentNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 3, numberReady: 3}",
        );
        assert_eq!(rolling.message, "waiting for 2/3 pods to be updated");
    }
}
