//! Model serving (Seldon Core 1.17 or KServe 0.20): the controller is running
//! and its admission webhook accepts a server-side dry run of a sample
//! resource; each installed model resource is Ready.

use super::Check;
use crate::object::Object;
use crate::readiness::{self, State};

pub const COMPONENT: &str = "serving";

/// The controller Deployment's readiness and the answer to a dry-run create
/// of a sample resource (which the API server sends to the controller's
/// webhooks, when it has any).
pub fn controller(
    engine: &str,
    deployment: Option<&Object>,
    dry_run: &Result<(), String>,
) -> Check {
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
        Ok(()) => Check::passed(
            COMPONENT,
            &name,
            format!(
                "Deployment/{} available; a dry-run sample was admitted",
                deployment.name()
            ),
        ),
        Err(why) => Check::failed(
            COMPONENT,
            &name,
            format!("dry-run sample refused: {why}"),
            "the API server could not get an answer from the controller's webhook; look at the webhook Service's endpoints and the controller's log",
        ),
    }
}

/// A model resource (SeldonDeployment, InferenceService) is Ready.
pub fn model_ready(model: &Object) -> Check {
    let name = format!("{} {} is ready", model.kind(), model.name());
    let status = readiness::compute(model);
    if status.state == State::Current {
        Check::passed(COMPONENT, &name, status.message)
    } else {
        Check::failed(
            COMPONENT,
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
            controller("kserve", Some(&up), &Ok(())).outcome,
            Outcome::Passed
        );
        let refused = controller("kserve", Some(&up), &Err("failed calling webhook".into()));
        assert_eq!(refused.outcome, Outcome::Failed);
        assert!(refused.evidence.contains("failed calling webhook"));
        let down = controller("kserve", Some(&deployment("0")), &Ok(()));
        assert_eq!(down.outcome, Outcome::Failed);
        assert_eq!(controller("seldon", None, &Ok(())).outcome, Outcome::Failed);
    }

    #[test]
    fn models_use_the_readiness_rules() {
        let ready = object(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: m, namespace: n}\nstatus: {state: Available}\n",
        );
        assert_eq!(model_ready(&ready).outcome, Outcome::Passed);
        let creating = object(
            "apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata: {name: m, namespace: n}\nstatus: {state: Creating}\n",
        );
        let check = model_ready(&creating);
        assert_eq!(check.outcome, Outcome::Failed);
        assert!(check.hint.contains("describe seldondeployment m"));
    }
}
