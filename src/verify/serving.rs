//! Model serving (Seldon Core 1.17 or KServe 0.20): the controller is running
//! and its admission webhook accepts a server-side dry run of a sample
//! resource; each installed model resource is Ready.

use super::Check;
use crate::object::Object;
use crate::readiness::{self, State};
use serde_json::json;

/// The ODH operator's KServe controller Deployment (applications namespace).
pub const ODH_KSERVE_CONTROLLER: &str = "kserve-controller-manager";

/// The name of the dry-run samples (never stored: dry runs persist nothing).
pub const SAMPLE_NAME: &str = "odh-verify-dry-run";

/// A sample SeldonDeployment with a prepackaged server, for a dry run.
pub fn seldon_sample(namespace: &str) -> Object {
    Object::new(json!({
        "apiVersion": "machinelearning.seldon.io/v1",
        "kind": "SeldonDeployment",
        "metadata": {"name": SAMPLE_NAME, "namespace": namespace},
        "spec": {"predictors": [{
            "name": "default",
            "replicas": 1,
            "graph": {"name": "classifier", "type": "MODEL", "implementation": "SKLEARN_SERVER", "modelUri": "gs://seldon-models/v1.17.1/sklearn/iris"}
        }]}
    }))
}

/// A sample InferenceService (raw deployment), for a dry run.
pub fn kserve_sample(namespace: &str, mode: &str) -> Object {
    Object::new(json!({
        "apiVersion": "serving.kserve.io/v1beta1",
        "kind": "InferenceService",
        "metadata": {"name": SAMPLE_NAME, "namespace": namespace, "annotations": {"serving.kserve.io/deploymentMode": mode}},
        "spec": {"predictor": {"sklearn": {"storageUri": "gs://kfserving-examples/models/sklearn/1.0/model"}}}
    }))
}

pub const COMPONENT: &str = "serving";

/// What the API server said to a server-side dry run of a sample resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DryRun {
    /// Admitted (the webhooks, if any, allowed it).
    Admitted,
    /// A webhook answered and refused it: the controller answered.
    Denied(String),
    /// No answer from a webhook, or the kind is not served.
    NoAnswer(String),
}

/// The controller Deployment's readiness and the answer to a dry-run create
/// of a sample resource (which the API server sends to the controller's
/// webhooks, when it has any).
pub fn controller(engine: &str, deployment: Option<&Object>, dry_run: &DryRun) -> Check {
    let name = format!("{engine} controller answers");
    let Some(deployment) = deployment else {
        return Check::failed(
            COMPONENT,
            &name,
            format!("no {engine} controller Deployment found"),
            "the controller is missing; run `odh status -p serving`",
        );
    };
    let status = readiness::compute(deployment);
    let available = deployment.i64_at("/status/availableReplicas").unwrap_or(0);
    if status.state == State::Current && available < 1 {
        return Check::failed(
            COMPONENT,
            &name,
            format!(
                "Deployment/{}: no replica available (scaled to 0?)",
                deployment.name()
            ),
            format!(
                "kubectl -n {} scale deployment {} --replicas=1",
                deployment.namespace().unwrap_or(""),
                deployment.name()
            ),
        );
    }
    if status.state != State::Current {
        return Check::failed(
            COMPONENT,
            &name,
            format!("Deployment/{}: {}", deployment.name(), status.message),
            format!(
                "the controller is not running; kubectl -n {} describe deployment {}",
                deployment.namespace().unwrap_or(""),
                deployment.name()
            ),
        );
    }
    match dry_run {
        DryRun::Admitted => Check::passed(
            COMPONENT,
            &name,
            format!(
                "Deployment/{} available; a dry-run sample was admitted",
                deployment.name()
            ),
        ),
        DryRun::Denied(why) => Check::passed(
            COMPONENT,
            &name,
            format!(
                "Deployment/{} available; its webhook answered a dry-run sample: {why}",
                deployment.name()
            ),
        ),
        DryRun::NoAnswer(why) => Check::failed(
            COMPONENT,
            &name,
            format!("dry-run sample refused: {why}"),
            "the API server could not get an answer from the controller's webhook; look at the webhook Service's endpoints and the controller's log",
        ),
    }
}

/// A model resource (SeldonDeployment, InferenceService) is Ready.
pub fn model_ready(component: &str, model: &Object) -> Check {
    let name = format!("{} {} is ready", model.kind(), model.name());
    let status = readiness::compute(model);
    if status.state == State::Current {
        Check::passed(component, &name, status.message)
    } else {
        Check::failed(
            component,
            &name,
            format!("{}: {}", status.state, status.message),
            format!(
                "kubectl -n {} describe {} {}",
                model.namespace().unwrap_or(""),
                model.kind().to_lowercase(),
                model.name()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    fn object(yaml: &str) -> Object {
        Object::from_yaml(yaml).unwrap()
    }

    fn deployment(available: &str) -> Object {
        object(&format!(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: kserve-controller-manager, namespace: kserve, generation: 1}}\nspec: {{replicas: 1}}\nstatus:\n  observedGeneration: 1\n  replicas: 1\n  updatedReplicas: 1\n  readyReplicas: {available}\n  availableReplicas: {available}\n  conditions: [{{type: Available, status: '{}'}}]\n",
            if available == "1" { "True" } else { "False" }
        ))
    }

    #[test]
    fn the_controller_must_run_and_admit_the_sample() {
        let up = deployment("1");
        assert_eq!(
            controller("kserve", Some(&up), &DryRun::Admitted).outcome,
            Outcome::Passed
        );
        let denied = DryRun::Denied("admission webhook denied the request".into());
        assert_eq!(
            controller("kserve", Some(&up), &denied).outcome,
            Outcome::Passed
        );
        let no_answer = DryRun::NoAnswer("failed calling webhook".into());
        let refused = controller("kserve", Some(&up), &no_answer);
        assert_eq!(refused.outcome, Outcome::Failed);
        assert!(refused.evidence.contains("failed calling webhook"));
        let scaled = object(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c, namespace: n, generation: 1}\nspec: {replicas: 0}\nstatus: {observedGeneration: 1, replicas: 0}\n",
        );
        assert_eq!(
            controller("seldon", Some(&scaled), &DryRun::Admitted).outcome,
            Outcome::Failed
        );
        let down = controller("kserve", Some(&deployment("0")), &DryRun::Admitted);
        assert_eq!(down.outcome, Outcome::Failed);
        assert_eq!(
            controller("seldon", None, &DryRun::Admitted).outcome,
            Outcome::Failed
        );
    }

    #[test]
    fn models_use_the_readiness_rules() {
        let ready = object(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: m, namespace: n}\nstatus: {state: Available}\n",
        );
        assert_eq!(model_ready("ai-library", &ready).outcome, Outcome::Passed);
        let creating = object(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: m, namespace: n}\nstatus: {state: Creating}\n",
        );
        let check = model_ready("ai-library", &creating);
        assert_eq!(check.outcome, Outcome::Failed);
        assert!(check.hint.contains("describe seldondeployment m"));
    }
}
