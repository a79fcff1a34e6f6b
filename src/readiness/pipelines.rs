//! Readiness of a DataSciencePipelinesApplication, from the conditions its
//! operator (DSPO) writes (data-science-pipelines-operator@v2.18.0
//! `controllers/dspastatus/dspa_status.go`, `controllers/config/defaults.go`;
//! facts in tests/facts/pipelines.yaml).
//!
//! DSPO's `Ready` is always reason `MinimumReplicasAvailable`, True or False,
//! and no condition carries an observed generation, so the generic rule would
//! say little. This one names the component conditions that hold it back,
//! fails on what DSPO will not retry (an unsupported `dspVersion`, a component
//! whose pods fail), and asks for the database, the object store and the API
//! server to have been reported True besides `Ready`.

use super::Status;
use super::conditions::{Condition, condition, conditions};
use crate::object::Object;

/// Reported only by DSPO's health checks, which it retries every 20 s.
const PREREQUISITES: &[&str] = &["DatabaseAvailable", "ObjectStoreAvailable"];
/// Reported from each component's Deployment.
const COMPONENTS: &[&str] = &[
    "APIServerReady",
    "PersistenceAgentReady",
    "ScheduledWorkflowReady",
    "WorkflowControllerReady",
    "MLMDProxyReady",
    "WebhookReady",
];
/// What must have been reported True, whatever `Ready` says.
const REQUIRED: &[&str] = &[
    "DatabaseAvailable",
    "ObjectStoreAvailable",
    "APIServerReady",
];

/// Holding back: not True and not declared not applicable.
fn holds_back(c: &Condition<'_>) -> bool {
    !c.is_true() && c.reason != "NotApplicable"
}

pub(super) fn data_science_pipelines_application(obj: &Object) -> Status {
    let known =
        |c: &Condition<'_>| PREREQUISITES.contains(&c.type_) || COMPONENTS.contains(&c.type_);
    if let Some(c) = conditions(obj).find(|c| c.reason == "UnsupportedVersion") {
        return Status::failed("UnsupportedVersion", format!("{}: {}", c.type_, c.message));
    }
    if let Some(c) = conditions(obj)
        .find(|c| COMPONENTS.contains(&c.type_) && c.is_false() && c.reason == "FailingToDeploy")
    {
        return Status::failed("FailingToDeploy", format!("{} ({})", c.type_, c.explain()));
    }
    let blockers: Vec<Condition<'_>> = conditions(obj)
        .filter(|c| known(c) && holds_back(c))
        .collect();
    let unreported: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|t| condition(obj, t).is_none())
        .collect();
    let ready = condition(obj, "Ready");
    if ready.is_some_and(|r| r.is_true()) && blockers.is_empty() && unreported.is_empty() {
        return Status::current("Ready: all components are ready");
    }
    if ready.is_none() && blockers.is_empty() {
        return Status::in_progress(
            "NoReadyCondition",
            "waiting for the Data Science Pipelines operator to report Ready",
        );
    }
    let mut parts: Vec<String> = blockers
        .iter()
        .map(|c| format!("{} ({})", c.type_, c.explain()))
        .collect();
    parts.extend(unreported.iter().map(|t| format!("{t} (not reported yet)")));
    let reason = blockers.first().map_or("NotReady", |c| {
        if c.reason.is_empty() {
            "NotReady"
        } else {
            c.reason
        }
    });
    Status::in_progress(reason, format!("waiting for {}", parts.join(", ")))
}

#[cfg(test)]
mod tests {
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, Status, compute};

    fn dspa(conditions: &str) -> Status {
        compute(&obj(&format!(
            r#"
            apiVersion: datasciencepipelinesapplications.opendatahub.io/v1
            kind: DataSciencePipelinesApplication
            metadata: {{name: dspa, namespace: opendatahub, generation: 1}}
            status: {{conditions: {conditions}}}
            "#
        )))
    }

    fn all(overrides: &[(&str, &str, &str)]) -> String {
        let mut list = Vec::new();
        for t in [
            "DatabaseAvailable",
            "ObjectStoreAvailable",
            "APIServerReady",
            "PersistenceAgentReady",
            "ScheduledWorkflowReady",
            "WorkflowControllerReady",
            "MLMDProxyReady",
        ] {
            let (status, reason) = overrides
                .iter()
                .find(|(o, _, _)| *o == t)
                .map_or(("True", t), |(_, s, r)| (*s, *r));
            list.push(format!(
                r#"{{type: {t}, status: "{status}", reason: {reason}, message: "m {t}"}}"#
            ));
        }
        list.push(r#"{type: WebhookReady, status: "False", reason: NotApplicable, message: "not applicable"}"#.into());
        let ready = if overrides.is_empty() {
            "True"
        } else {
            "False"
        };
        list.push(format!(
            r#"{{type: Ready, status: "{ready}", reason: MinimumReplicasAvailable, message: "x"}}"#
        ));
        format!("[{}]", list.join(", "))
    }

    #[test]
    fn ready_with_every_component_is_current() {
        let status = dspa(&all(&[]));
        assert_eq!(status.state, State::Current, "{}", status.message);
    }

    #[test]
    fn a_missing_object_store_is_named_and_waited_for() {
        let status = dspa(&all(&[(
            "ObjectStoreAvailable",
            "False",
            "FailingToDeploy",
        )]));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("FailingToDeploy"));
        assert_eq!(
            status.message,
            "waiting for ObjectStoreAvailable (FailingToDeploy: m ObjectStoreAvailable)"
        );
    }

    #[test]
    fn a_deploying_api_server_is_in_progress_and_a_failing_one_failed() {
        let deploying = dspa(&all(&[("APIServerReady", "False", "Deploying")]));
        assert_eq!(deploying.state, State::InProgress);
        assert_eq!(deploying.reason.as_deref(), Some("Deploying"));
        let failing = dspa(&all(&[("APIServerReady", "False", "FailingToDeploy")]));
        assert_eq!(failing.state, State::Failed);
        assert_eq!(
            failing.message,
            "APIServerReady (FailingToDeploy: m APIServerReady)"
        );
    }

    #[test]
    fn an_unsupported_version_fails() {
        let status = dspa(
            r#"[{type: DatabaseAvailable, status: "False", reason: UnsupportedVersion, message: "unsupported DSP version v1 detected"}]"#,
        );
        assert_eq!(status.state, State::Failed);
        assert_eq!(
            status.message,
            "DatabaseAvailable: unsupported DSP version v1 detected"
        );
    }

    #[test]
    fn ready_alone_is_not_enough() {
        let status = dspa(r#"[{type: Ready, status: "True", reason: MinimumReplicasAvailable}]"#);
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "waiting for DatabaseAvailable (not reported yet), ObjectStoreAvailable (not reported yet), APIServerReady (not reported yet)"
        );
        let unknown = dspa(
            r#"[{type: DatabaseAvailable, status: "Unknown", reason: Unknown}, {type: Ready, status: "True"}]"#,
        );
        assert_eq!(unknown.state, State::InProgress);
        assert!(
            unknown
                .message
                .starts_with("waiting for DatabaseAvailable (Unknown"),
            "{}",
            unknown.message
        );
    }

    #[test]
    fn no_status_waits_for_the_operator() {
        let status = compute(&obj(
            "apiVersion: datasciencepipelinesapplications.opendatahub.io/v1\nkind: DataSciencePipelinesApplication\nmetadata: {name: dspa, namespace: x}\n",
        ));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.reason.as_deref(), Some("NoReadyCondition"));
    }
}
