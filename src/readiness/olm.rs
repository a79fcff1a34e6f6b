//! OLM readiness: Subscription, ClusterServiceVersion and CatalogSource.

use super::Status;
use super::conditions::condition;
use super::generic::or_default;
use crate::object::{Object, ObjectRef};

/// Subscription conditions that explain why nothing gets installed.
const SUBSCRIPTION_PROBLEMS: &[&str] = &[
    "ResolutionFailed",
    "CatalogSourcesUnhealthy",
    "InstallPlanMissing",
    "InstallPlanPending",
];

pub(super) fn subscription(obj: &Object) -> Status {
    let state = obj.str_at("/status/state").unwrap_or("");
    let installed = obj.str_at("/status/installedCSV").unwrap_or("");
    if !installed.is_empty() && state == "AtLatestKnown" {
        return Status::current(format!("installed {installed}"));
    }
    if let Some(failed) = condition(obj, "InstallPlanFailed")
        && failed.is_true()
    {
        return Status::failed(
            or_default(failed.reason, "InstallPlanFailed"),
            format!("install plan failed: {}", failed.explain()),
        );
    }
    if !installed.is_empty()
        && state == "UpgradePending"
        && obj.str_at("/spec/installPlanApproval") == Some("Manual")
        && obj.str_at("/spec/startingCSV") == Some(installed)
    {
        return Status::current(format!(
            "installed {installed} (pinned; a newer version awaits manual approval)"
        ));
    }
    for type_ in SUBSCRIPTION_PROBLEMS {
        if let Some(problem) = condition(obj, type_)
            && problem.is_true()
        {
            return Status::in_progress(type_, format!("{type_}: {}", problem.explain()));
        }
    }
    let state = if state.is_empty() { "none yet" } else { state };
    Status::in_progress(
        "SubscriptionPending",
        format!("waiting for the subscription to reach AtLatestKnown (state: {state})"),
    )
}

pub(super) fn cluster_service_version(obj: &Object) -> Status {
    let phase = obj.str_at("/status/phase").unwrap_or("");
    let reason = obj.str_at("/status/reason").unwrap_or("");
    let message = obj.str_at("/status/message").unwrap_or("");
    let detail = match (reason.is_empty(), message.is_empty()) {
        (false, false) => format!(": {reason}: {message}"),
        (false, true) => format!(": {reason}"),
        (true, false) => format!(": {message}"),
        (true, true) => String::new(),
    };
    match phase {
        "Succeeded" => Status::current("phase Succeeded"),
        "Failed" => Status::failed(
            or_default(reason, "CSVFailed"),
            format!("phase Failed{detail}"),
        ),
        "" => Status::in_progress("NoPhase", "waiting for OLM to report a phase"),
        _ => Status::in_progress(
            phase,
            format!("waiting for phase Succeeded, phase {phase}{detail}"),
        ),
    }
}

pub(super) fn catalog_source(obj: &Object) -> Status {
    match obj.str_at("/status/connectionState/lastObservedState") {
        Some("READY") => Status::current("catalog connection is READY"),
        Some(state) => Status::in_progress(
            "CatalogNotReady",
            format!("waiting for the catalog connection to be READY (state {state})"),
        ),
        None => Status::in_progress("CatalogNotReady", "waiting for the catalog connection"),
    }
}

/// The ClusterServiceVersion a Subscription installed (`status.installedCSV`),
/// in the Subscription's namespace: what to check for phase Succeeded next.
pub fn subscription_csv(subscription: &Object) -> Option<ObjectRef> {
    let name = subscription
        .str_at("/status/installedCSV")
        .filter(|name| !name.is_empty())?;
    Some(ObjectRef {
        api_version: "operators.coreos.com/v1alpha1".to_string(),
        kind: "ClusterServiceVersion".to_string(),
        namespace: subscription.namespace().map(str::to_string),
        name: name.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, compute};

    fn subscription(spec: &str, status: &str) -> Object {
        obj(&format!(
            r#"
            apiVersion: operators.coreos.com/v1alpha1
            kind: Subscription
            metadata: {{name: opendatahub-operator, namespace: openshift-operators}}
            spec: {spec}
            status: {status}
            "#
        ))
    }

    #[test]
    fn subscription_at_latest_known_is_current() {
        let sub = subscription(
            "{channel: fast-3}",
            "{state: AtLatestKnown, installedCSV: opendatahub-operator.v3.5.0}",
        );
        let status = compute(&sub);
        assert_eq!(status.state, State::Current);
        assert_eq!(status.message, "installed opendatahub-operator.v3.5.0");
        assert_eq!(
            subscription_csv(&sub).unwrap().to_string(),
            "ClusterServiceVersion/opendatahub-operator.v3.5.0 (operators.coreos.com/v1alpha1) in openshift-operators"
        );
    }

    #[test]
    fn subscription_waiting_and_resolution_failed() {
        let waiting = compute(&subscription("{}", "{state: UpgradePending}"));
        assert_eq!(waiting.state, State::InProgress);
        assert_eq!(
            waiting.message,
            "waiting for the subscription to reach AtLatestKnown (state: UpgradePending)"
        );
        let unresolved = subscription(
            "{}",
            r#"{conditions: [{type: ResolutionFailed, status: "True", reason: ConstraintsNotSatisfiable, message: no operators found in channel fast-9}]}"#,
        );
        let status = compute(&unresolved);
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "ResolutionFailed: ConstraintsNotSatisfiable: no operators found in channel fast-9"
        );
        assert_eq!(subscription_csv(&unresolved), None);
        let unhealthy = compute(&subscription(
            "{}",
            r#"{conditions: [{type: CatalogSourcesUnhealthy, status: "True", reason: UnhealthyCatalogSourceFound, message: targeted catalogsource openshift-marketplace/community-operators unhealthy}]}"#,
        ));
        assert_eq!(unhealthy.reason.as_deref(), Some("CatalogSourcesUnhealthy"));
    }

    #[test]
    fn subscription_pinned_with_manual_approval_is_current() {
        let status = compute(&subscription(
            "{installPlanApproval: Manual, startingCSV: opendatahub-operator.v3.4.0}",
            "{state: UpgradePending, installedCSV: opendatahub-operator.v3.4.0}",
        ));
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn subscription_install_plan_failed_is_failed() {
        let status = compute(&subscription(
            "{}",
            r#"{conditions: [{type: InstallPlanFailed, status: "True", reason: InstallComponentFailed, message: bundle unpacking failed}]}"#,
        ));
        assert_eq!(status.state, State::Failed);
    }

    fn csv(status: &str) -> crate::readiness::Status {
        compute(&obj(&format!(
            "apiVersion: operators.coreos.com/v1alpha1\nkind: ClusterServiceVersion\nmetadata: {{name: opendatahub-operator.v3.5.0, namespace: openshift-operators}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn csv_phases() {
        assert_eq!(csv("{phase: Succeeded}").state, State::Current);
        let installing = csv(
            "{phase: Installing, reason: InstallWaiting, message: 'installing: waiting for deployment opendatahub-operator-controller-manager to become ready'}",
        );
        assert_eq!(installing.state, State::InProgress);
        assert_eq!(
            installing.message,
            "waiting for phase Succeeded, phase Installing: InstallWaiting: installing: waiting for deployment opendatahub-operator-controller-manager to become ready"
        );
        let failed = csv("{phase: Failed, reason: InstallCheckFailed, message: install timeout}");
        assert_eq!(failed.state, State::Failed);
        assert_eq!(failed.reason.as_deref(), Some("InstallCheckFailed"));
        assert_eq!(
            failed.message,
            "phase Failed: InstallCheckFailed: install timeout"
        );
        assert_eq!(csv("{}").reason.as_deref(), Some("NoPhase"));
    }

    #[test]
    fn catalog_source_connection_state() {
        let catalog = |state: &str| {
            compute(&obj(&format!(
                "apiVersion: operators.coreos.com/v1alpha1\nkind: CatalogSource\nmetadata: {{name: c}}\nstatus: {{connectionState: {{lastObservedState: {state}}}}}\n"
            )))
        };
        assert_eq!(catalog("READY").state, State::Current);
        assert_eq!(catalog("TRANSIENT_FAILURE").state, State::InProgress);
    }
}
