//! Model serving readiness: Seldon `SeldonDeployment` and KServe `InferenceService`.

use super::Status;
use super::conditions::{condition, conditions};
use super::generic::strict_ready;
use crate::object::Object;
use serde_json::Value;

/// ISVC conditions that say which part is not ready yet.
const ISVC_PARTS: &[&str] = &[
    "PredictorReady",
    "TransformerReady",
    "ExplainerReady",
    "IngressReady",
    "LatestDeploymentReady",
    "RoutesReady",
];

pub(super) fn seldon_deployment(obj: &Object) -> Status {
    let state = obj.str_at("/status/state").unwrap_or("");
    let description = obj.str_at("/status/description").unwrap_or("");
    match state {
        "Available" => Status::current("state Available"),
        "Failed" => Status::failed(
            "SeldonDeploymentFailed",
            if description.is_empty() {
                "state Failed".to_string()
            } else {
                format!("state Failed: {description}")
            },
        ),
        "" => Status::in_progress(
            "NoState",
            "waiting for the Seldon operator to report a state",
        ),
        _ => {
            let detail = if description.is_empty() {
                deployments_waiting(obj)
            } else {
                Some(description.to_string())
            };
            Status::in_progress(
                state,
                match detail {
                    Some(detail) => format!("waiting for state Available, state {state}: {detail}"),
                    None => format!("waiting for state Available, state {state}"),
                },
            )
        }
    }
}

/// "deployment sentiment-default-0-classifier 0/1 available" for each
/// entry of `status.deploymentStatus` that is short of replicas.
fn deployments_waiting(obj: &Object) -> Option<String> {
    let entries = obj.get("/status/deploymentStatus")?.as_object()?;
    let waiting: Vec<String> = entries
        .iter()
        .filter_map(|(name, status)| {
            let number = |key: &str| status.get(key).and_then(Value::as_i64).unwrap_or(0);
            let (available, replicas) = (number("availableReplicas"), number("replicas"));
            (available < replicas.max(1)).then(|| {
                format!(
                    "deployment {name} {available}/{} available",
                    replicas.max(1)
                )
            })
        })
        .collect();
    (!waiting.is_empty()).then(|| waiting.join(", "))
}

pub(super) fn inference_service(obj: &Object) -> Status {
    if let Some(failure) = model_failure(obj) {
        return failure;
    }
    let status = strict_ready(obj);
    if status.is_ready() || condition(obj, "Ready").is_none() {
        return status;
    }
    let parts: Vec<String> = conditions(obj)
        .filter(|c| ISVC_PARTS.contains(&c.type_) && !c.is_true())
        .map(|c| format!("{} ({})", c.type_, c.explain()))
        .collect();
    if parts.is_empty() {
        return status;
    }
    Status {
        message: format!("waiting for Ready: {}", parts.join(", ")),
        ..status
    }
}

/// A model that failed to load, from `status.modelStatus`.
fn model_failure(obj: &Object) -> Option<Status> {
    let transition = obj.str_at("/status/modelStatus/transitionStatus")?;
    if !matches!(transition, "BlockedByFailedLoad" | "InvalidSpec") {
        return None;
    }
    let reason = obj
        .str_at("/status/modelStatus/lastFailureInfo/reason")
        .unwrap_or(transition);
    let message = obj
        .str_at("/status/modelStatus/lastFailureInfo/message")
        .unwrap_or("");
    Some(Status::failed(
        reason,
        if message.is_empty() {
            format!("model failed: {transition}")
        } else {
            format!("model failed: {transition}: {message}")
        },
    ))
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn seldon(status: &str) -> Status {
        compute(&obj(&format!(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {{name: sentiment, namespace: odh}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn seldon_states() {
        assert_eq!(seldon("{state: Available}").state, State::Current);
        let creating = seldon(
            "{state: Creating, deploymentStatus: {sentiment-default-0-classifier: {replicas: 1, availableReplicas: 0}}}",
        );
        assert_eq!(creating.state, State::InProgress);
        assert_eq!(
            creating.message,
            "waiting for state Available, state Creating: deployment sentiment-default-0-classifier 0/1 available"
        );
        let failed = seldon("{state: Failed, description: 'Cannot find field: foo'}");
        assert_eq!(failed.state, State::Failed);
        assert_eq!(failed.message, "state Failed: Cannot find field: foo");
        assert_eq!(seldon("{}").reason.as_deref(), Some("NoState"));
    }

    fn isvc(generation: i64, status: &str) -> Status {
        compute(&obj(&format!(
            "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {{name: flakes, namespace: odh, generation: {generation}}}\nstatus: {status}\n"
        )))
    }

    #[test]
    fn isvc_ready() {
        let status = isvc(
            1,
            r#"{observedGeneration: 1, conditions: [{type: Ready, status: "True"}, {type: PredictorReady, status: "True"}]}"#,
        );
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn isvc_not_ready_names_the_predictor() {
        let status = isvc(
            1,
            r#"{observedGeneration: 1, conditions: [{type: Ready, status: "False", reason: PredictorNotReady}, {type: PredictorReady, status: "False", reason: ProgressDeadlineExceeded, message: 'Revision "flakes-predictor-00001" failed'}, {type: IngressReady, status: "True"}]}"#,
        );
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "waiting for Ready: PredictorReady (ProgressDeadlineExceeded: Revision \"flakes-predictor-00001\" failed)"
        );
    }

    #[test]
    fn isvc_without_conditions_waits() {
        assert_eq!(isvc(1, "{}").reason.as_deref(), Some("NoReadyCondition"));
    }

    #[test]
    fn isvc_generation_not_observed() {
        let status = isvc(
            2,
            r#"{observedGeneration: 1, conditions: [{type: Ready, status: "True"}]}"#,
        );
        assert_eq!(status.state, State::InProgress);
    }

    #[test]
    fn isvc_failed_model_load_is_failed() {
        let status = isvc(
            1,
            r#"{modelStatus: {transitionStatus: BlockedByFailedLoad, lastFailureInfo: {reason: ModelLoadFailed, message: 'no model found at s3://models/flakes'}}, conditions: [{type: Ready, status: "False"}]}"#,
        );
        assert_eq!(status.state, State::Failed);
        assert_eq!(status.reason.as_deref(), Some("ModelLoadFailed"));
        assert_eq!(
            status.message,
            "model failed: BlockedByFailedLoad: no model found at s3://models/flakes"
        );
    }
}
