//! Readiness of the ODH operator's DSCInitialization and DataScienceCluster:
//! `status.phase == Ready`, with the failing `<Component>Ready` conditions named;
//! a DataScienceCluster also needs the condition of each Managed component whose
//! condition odh knows to be True.

use super::Status;
use super::conditions::{Condition, condition, conditions};
use crate::object::Object;

/// Conditions whose message best explains a DSC/DSCI that is not ready.
const SUMMARY_CONDITIONS: &[&str] = &[
    "Ready",
    "ReconcileComplete",
    "ProvisioningSucceeded",
    "ComponentsReady",
    "Available",
];

/// DSC component key -> the DSC condition the operator mirrors from the
/// component (`<Kind>Ready`): opendatahub-operator@v3.5.0 and @v2.35.0
/// `internal/controller/components/*/…_support.go` `ReadyConditionType`
/// (facts in tests/facts/pipelines.yaml). On v2 `aipipelines` reports
/// `AIPipelinesReady`; the v1 key `datasciencepipelines` `DataSciencePipelinesReady`.
const COMPONENT_CONDITIONS: &[(&str, &str)] = &[
    ("kserve", "KserveReady"),
    ("aipipelines", "AIPipelinesReady"),
    ("datasciencepipelines", "DataSciencePipelinesReady"),
    ("modelmeshserving", "ModelMeshServingReady"),
];

pub(super) fn phase_ready(obj: &Object) -> Status {
    let phase = obj.str_at("/status/phase").unwrap_or("");
    match phase {
        "Ready" => managed_components_ready(obj),
        "" => Status::in_progress("NoPhase", "waiting for the operator to report a phase"),
        "Error" if generation_observed(obj) => Status::failed("Error", describe(obj, phase)),
        _ => Status::in_progress(
            &phase.replace(' ', ""),
            format!("waiting for phase Ready, {}", describe(obj, phase)),
        ),
    }
}

/// Current when every Managed component whose condition odh knows reports it True.
fn managed_components_ready(obj: &Object) -> Status {
    let waiting: Vec<String> = COMPONENT_CONDITIONS
        .iter()
        .filter(|(key, _)| {
            obj.str_at(&format!("/spec/components/{key}/managementState")) == Some("Managed")
        })
        .filter_map(|(_, type_)| match condition(obj, type_) {
            Some(c) if c.is_true() => None,
            Some(c) => Some(format!("{type_} ({})", c.explain())),
            None => Some(format!("{type_} (not reported yet)")),
        })
        .collect();
    if waiting.is_empty() {
        return Status::current("phase Ready");
    }
    Status::in_progress(
        "ComponentNotReady",
        format!(
            "phase Ready, waiting for Managed components: {}",
            waiting.join(", ")
        ),
    )
}

/// True when the operator has reported on this generation (or there is no
/// generation to compare with). The generic check already turned a mismatch
/// into InProgress; this catches an `observedGeneration` that is missing.
fn generation_observed(obj: &Object) -> bool {
    obj.generation().is_none() || obj.i64_at("/status/observedGeneration").is_some()
}

/// "phase Error: <summary>; not ready: DashboardReady (…), KserveReady".
fn describe(obj: &Object, phase: &str) -> String {
    let mut text = format!("phase {phase}");
    let summary = SUMMARY_CONDITIONS.iter().find_map(|type_| {
        conditions(obj).find(|c| c.type_ == *type_ && c.is_false() && !c.message.is_empty())
    });
    if let Some(summary) = summary {
        text.push_str(": ");
        text.push_str(summary.message);
    }
    let not_ready: Vec<String> = conditions(obj)
        .filter(|c| c.is_false() && is_component_condition(c))
        .map(|c| match c.message {
            "" => c.type_.to_string(),
            message => format!("{} ({message})", c.type_),
        })
        .collect();
    if !not_ready.is_empty() {
        text.push_str("; not ready: ");
        text.push_str(&not_ready.join(", "));
    }
    text
}

/// `DashboardReady`, `WorkbenchesReady`, … but not `Ready` itself.
fn is_component_condition(condition: &Condition) -> bool {
    condition.type_.len() > "Ready".len() && condition.type_.ends_with("Ready")
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn dsc(generation: i64, status: &str) -> Status {
        compute(&obj(&format!(
            r#"
            apiVersion: datasciencecluster.opendatahub.io/v2
            kind: DataScienceCluster
            metadata: {{name: default-dsc, generation: {generation}}}
            status: {status}
            "#
        )))
    }

    #[test]
    fn dsc_ready_phase_is_current() {
        let status = dsc(1, "{phase: Ready, observedGeneration: 1}");
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn dsc_not_ready_lists_component_conditions() {
        let status = dsc(
            1,
            r#"
              phase: Not Ready
              observedGeneration: 1
              conditions:
              - {type: Ready, status: "False", reason: NotReady, message: "Some components are not ready: dashboard"}
              - {type: DashboardReady, status: "False", message: "0/2 deployments ready"}
              - {type: WorkbenchesReady, status: "True"}
              - {type: KserveReady, status: "False"}
            "#,
        );
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "waiting for phase Ready, phase Not Ready: Some components are not ready: dashboard; not ready: DashboardReady (0/2 deployments ready), KserveReady"
        );
    }

    #[test]
    fn dsc_error_after_it_is_observed_is_failed() {
        let status = dsc(
            2,
            r#"
              phase: Error
              observedGeneration: 2
              conditions:
              - {type: ReconcileComplete, status: "False", message: "failed to find DSCInitialization"}
            "#,
        );
        assert_eq!(status.state, State::Failed);
        assert_eq!(
            status.message,
            "phase Error: failed to find DSCInitialization"
        );
    }

    #[test]
    fn dsc_error_for_an_older_generation_is_in_progress() {
        let stale = dsc(3, "{phase: Error, observedGeneration: 2}");
        assert_eq!(stale.state, State::InProgress);
        assert_eq!(stale.reason.as_deref(), Some("LatestGenerationNotObserved"));
        let unobserved = dsc(3, "{phase: Error}");
        assert_eq!(unobserved.state, State::InProgress);
    }

    #[test]
    fn dsc_ready_needs_the_condition_of_each_managed_component() {
        let with = |spec: &str, conditions: &str| {
            compute(&obj(&format!(
                r#"
                apiVersion: datasciencecluster.opendatahub.io/v2
                kind: DataScienceCluster
                metadata: {{name: default-dsc, generation: 1}}
                spec: {{components: {spec}}}
                status: {{phase: Ready, observedGeneration: 1, conditions: {conditions}}}
                "#
            )))
        };
        let managed =
            "{aipipelines: {managementState: Managed}, kueue: {managementState: Removed}}";
        let ready = r#"[{type: AIPipelinesReady, status: "True", reason: ReconcileCompleted}]"#;
        assert_eq!(with(managed, ready).state, State::Current);
        let missing = with(managed, "[]");
        assert_eq!(missing.state, State::InProgress);
        assert_eq!(
            missing.message,
            "phase Ready, waiting for Managed components: AIPipelinesReady (not reported yet)"
        );
        let failing = with(
            managed,
            r#"[{type: AIPipelinesReady, status: "False", reason: DataSciencePipelinesDoesntOwnArgoCRD, message: "a foreign Argo CRD"}]"#,
        );
        assert_eq!(failing.reason.as_deref(), Some("ComponentNotReady"));
        assert!(
            failing.message.contains(
                "AIPipelinesReady (DataSciencePipelinesDoesntOwnArgoCRD: a foreign Argo CRD)"
            ),
            "{}",
            failing.message
        );
        // A Removed component's False condition does not hold it back.
        let removed = with(
            "{aipipelines: {managementState: Removed}}",
            r#"[{type: AIPipelinesReady, status: "False", reason: Removed}]"#,
        );
        assert_eq!(removed.state, State::Current);
        // The v1 keys.
        let v1 = with(
            "{datasciencepipelines: {managementState: Managed}, modelmeshserving: {managementState: Managed}}",
            r#"[{type: DataSciencePipelinesReady, status: "True"}]"#,
        );
        assert!(
            v1.message
                .ends_with("ModelMeshServingReady (not reported yet)"),
            "{}",
            v1.message
        );
    }

    #[test]
    fn dsc_ready_phase_for_an_older_generation_is_in_progress() {
        let status = dsc(2, "{phase: Ready, observedGeneration: 1}");
        assert_eq!(status.state, State::InProgress);
    }

    #[test]
    fn dsci_phases() {
        let dsci = |status: &str| {
            compute(&obj(&format!(
                "apiVersion: dscinitialization.opendatahub.io/v2\nkind: DSCInitialization\nmetadata: {{name: default-dsci}}\nstatus: {status}\n"
            )))
        };
        assert_eq!(dsci("{phase: Ready}").state, State::Current);
        assert_eq!(dsci("{phase: Progressing}").state, State::InProgress);
        assert_eq!(dsci("{}").reason.as_deref(), Some("NoPhase"));
        assert_eq!(dsci("{phase: Error}").state, State::Failed);
    }
}
