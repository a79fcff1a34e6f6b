//! The kstatus rules every kind shares, and the strict `Ready` rule for kinds
//! known to publish that condition.

use super::Status;
use super::builtin::namespace_deletion_blockers;
use super::conditions::{condition, conditions};
use crate::object::Object;
use serde_json::Value;

/// The status of an object that has a deletion timestamp.
pub(super) fn terminating(obj: &Object) -> Status {
    if obj.group().is_empty()
        && obj.kind() == "Namespace"
        && let Some(blockers) = namespace_deletion_blockers(obj)
    {
        return Status::terminating(format!("being deleted: {blockers}"));
    }
    let finalizers: Vec<&str> = obj
        .get("/metadata/finalizers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if finalizers.is_empty() {
        Status::terminating("being deleted")
    } else {
        Status::terminating(format!(
            "being deleted, waiting for finalizers: {}",
            finalizers.join(", ")
        ))
    }
}

/// InProgress when the controller has not yet seen the latest spec.
///
/// As in kstatus the check needs both numbers, except for the workload kinds
/// whose controllers always report `observedGeneration`: for them a missing
/// one means the controller has not acted yet.
pub(super) fn generation_not_observed(obj: &Object) -> Option<Status> {
    let generation = obj.generation()?;
    match obj.i64_at("/status/observedGeneration") {
        Some(observed) if observed != generation => Some(Status::in_progress(
            "LatestGenerationNotObserved",
            format!(
                "waiting for the controller to observe generation {generation} (observed {observed})"
            ),
        )),
        None if always_reports_observed_generation(obj) => Some(Status::in_progress(
            "LatestGenerationNotObserved",
            format!("waiting for the controller to observe generation {generation}"),
        )),
        _ => None,
    }
}

fn always_reports_observed_generation(obj: &Object) -> bool {
    matches!(
        (obj.group(), obj.kind()),
        (
            "apps" | "extensions",
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
        )
    )
}

/// kstatus step 3: the first `Reconciling=True` or `Stalled=True` condition decides.
pub(super) fn reconciling_or_stalled(obj: &Object) -> Option<Status> {
    conditions(obj).find_map(|c| match (c.type_, c.is_true()) {
        ("Reconciling", true) => Some(Status::in_progress(
            or_default(c.reason, "Reconciling"),
            format!("reconciling: {}", c.explain()),
        )),
        ("Stalled", true) => Some(Status::failed(
            or_default(c.reason, "Stalled"),
            format!("stalled: {}", c.explain()),
        )),
        _ => None,
    })
}

/// Kinds whose controllers always publish a `Ready` condition.
pub(super) fn publishes_ready(group: &str, kind: &str) -> bool {
    match group {
        "cert-manager.io" => matches!(
            kind,
            "Certificate" | "Issuer" | "ClusterIssuer" | "CertificateRequest"
        ),
        "serving.kserve.io" => matches!(kind, "InferenceService" | "InferenceGraph"),
        "components.platform.opendatahub.io" | "services.platform.opendatahub.io" => true,
        _ => false,
    }
}

/// For kinds that publish `Ready`: it must be there, True, and for this generation.
pub(super) fn strict_ready(obj: &Object) -> Status {
    let Some(ready) = condition(obj, "Ready") else {
        return Status::in_progress(
            "NoReadyCondition",
            "waiting for the controller to report a Ready condition",
        );
    };
    if !ready.is_true() {
        return Status::in_progress(
            or_default(ready.reason, "NotReady"),
            format!("waiting for Ready: {}", ready.explain()),
        );
    }
    if let (Some(generation), Some(observed)) = (obj.generation(), ready.observed_generation)
        && observed < generation
    {
        return Status::in_progress(
            "LatestGenerationNotObserved",
            format!("Ready is for generation {observed}, waiting for generation {generation}"),
        );
    }
    Status::current("ready")
}

/// kstatus steps 5 and 6: a `Ready` condition if there is one, else Current.
pub(super) fn fallback(obj: &Object) -> Status {
    match condition(obj, "Ready") {
        Some(ready) if ready.is_true() => Status::current("ready"),
        Some(ready) => Status::in_progress(
            or_default(ready.reason, "NotReady"),
            format!("waiting for Ready: {}", ready.explain()),
        ),
        None => Status::current("exists"),
    }
}

pub(super) fn or_default<'a>(text: &'a str, default: &'a str) -> &'a str {
    if text.is_empty() { default } else { text }
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, compute};

    #[test]
    fn unobserved_generation_is_in_progress() {
        let status = compute(&obj(r#"
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w, generation: 3}
            status:
              observedGeneration: 2
              conditions: [{type: Ready, status: "True"}]
            "#));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.reason.as_deref(),
            Some("LatestGenerationNotObserved")
        );
        assert_eq!(
            status.message,
            "waiting for the controller to observe generation 3 (observed 2)"
        );
    }

    #[test]
    fn reconciling_true_is_in_progress() {
        let status = compute(&obj(r#"
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            status:
              conditions:
              - {type: Reconciling, status: "True", reason: Progressing, message: scaling up}
            "#));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("Progressing"));
        assert_eq!(status.message, "reconciling: Progressing: scaling up");
    }

    #[test]
    fn stalled_true_is_failed() {
        let status = compute(&obj(r#"
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            status:
              conditions:
              - {type: Stalled, status: "True", reason: BadSpec, message: size must be positive}
            "#));
        assert_eq!(status.state, State::Failed);
        assert_eq!(status.message, "stalled: BadSpec: size must be positive");
    }

    #[test]
    fn generic_ready_condition_decides() {
        let ready = compute(&obj(
            "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions: [{type: Ready, status: \"True\"}]\n",
        ));
        assert_eq!(ready.state, State::Current);
        let not_ready = compute(&obj(
            "apiVersion: example.com/v1\nkind: Widget\nstatus:\n  conditions: [{type: Ready, status: \"False\", message: warming up}]\n",
        ));
        assert_eq!(not_ready.state, State::InProgress);
        assert_eq!(not_ready.message, "waiting for Ready: warming up");
    }

    #[test]
    fn generic_object_without_conditions_is_current() {
        let status = compute(&obj(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n",
        ));
        assert_eq!(status.state, State::Current);
        assert_eq!(status.message, "exists");
    }

    #[test]
    fn strict_kind_without_ready_condition_waits() {
        let status = compute(&obj(r#"
            apiVersion: cert-manager.io/v1
            kind: Issuer
            metadata: {name: selfsigned, namespace: kserve, generation: 1}
            "#));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("NoReadyCondition"));
    }

    #[test]
    fn strict_kind_checks_the_ready_conditions_generation() {
        let stale = compute(&obj(r#"
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: serving-cert, namespace: kserve, generation: 2}
            status:
              conditions: [{type: Ready, status: "True", observedGeneration: 1}]
            "#));
        assert_eq!(stale.state, State::InProgress);
        assert_eq!(
            stale.message,
            "Ready is for generation 1, waiting for generation 2"
        );
        let fresh = compute(&obj(r#"
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: serving-cert, namespace: kserve, generation: 2}
            status:
              conditions: [{type: Ready, status: "True", observedGeneration: 2}]
            "#));
        assert_eq!(fresh.state, State::Current);
    }

    #[test]
    fn cert_manager_certificate_not_ready_explains() {
        let status = compute(&obj(r#"
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: serving-cert, namespace: kserve}
            status:
              conditions:
              - {type: Ready, status: "False", reason: DoesNotExist, message: Issuer selfsigned-issuer not found}
            "#));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("DoesNotExist"));
        assert_eq!(
            status.message,
            "waiting for Ready: DoesNotExist: Issuer selfsigned-issuer not found"
        );
    }

    #[test]
    fn odh_component_crs_need_ready() {
        let status = compute(&obj(r#"
            apiVersion: components.platform.opendatahub.io/v1alpha1
            kind: Dashboard
            metadata: {name: default-dashboard}
            status: {}
            "#));
        assert_eq!(status.state, State::InProgress);
    }
}
