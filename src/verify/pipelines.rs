//! Pipelines: the API server answers its health path, and (slow) a one-step
//! pipeline submitted as a run reaches SUCCEEDED. Facts: kubeflow/pipelines@2.17.0
//! `backend/api/v2beta1/run.proto` (CreateRun, GetRun, DeleteRun, RuntimeState),
//! `backend/src/apiserver/main.go` (healthz), `backend/test/v2/resources/hello-world.yaml`
//! (the one-step pipeline's shape); recorded in tests/facts/pipelines.yaml.

use super::{Check, Reply};
use serde_json::{Value, json};
use std::time::Duration;

/// The component of Kubeflow Pipelines on Kubernetes.
pub const KFP: &str = "kfp";
/// The component of the DSPA on OpenShift.
pub const DSPA: &str = "dspa";
pub const HEALTH_PATH: &str = "/apis/v1beta1/healthz";
pub const RUNS_PATH: &str = "/apis/v2beta1/runs";
/// The image of upstream's one-step test pipeline.
pub const STEP_IMAGE: &str = "public.ecr.aws/docker/library/python:3.12";
pub const HEALTH: &str = "API server answers its health path";
pub const RUN: &str = "a one-step pipeline run succeeds";

/// The body of `POST /apis/v2beta1/runs`: the Run itself, with the pipeline
/// spec inline (proto field names; the server rejects unknown fields).
pub fn run_body(display_name: &str, image: &str) -> Value {
    json!({
        "display_name": display_name,
        "description": "odh verify: one step that echoes, then deleted",
        "pipeline_spec": {
            "pipelineInfo": {"name": "odh-verify-echo"},
            "schemaVersion": "2.1.0",
            "sdkVersion": "kfp-2.13.0",
            "components": {"comp-echo": {"executorLabel": "exec-echo"}},
            "deploymentSpec": {"executors": {"exec-echo": {"container": {
                "image": image, "command": ["echo"], "args": ["odh verify"]
            }}}},
            "root": {"dag": {"tasks": {"echo": {
                "componentRef": {"name": "comp-echo"},
                "taskInfo": {"name": "echo"},
                "cachingOptions": {"enableCache": false}
            }}}}
        }
    })
}

/// The health path's answer: the server's tag and mode.
pub fn health(component: &str, reply: &Reply) -> Check {
    match (reply.status(), reply.json()) {
        (Some(200), Some(body)) if body.get("tag_name").is_some() => Check::passed(
            component,
            HEALTH,
            format!(
                "tag {}, multi-user {}",
                body["tag_name"].as_str().unwrap_or("?"),
                body["multi_user"]
            ),
        ),
        _ => Check::failed(
            component,
            HEALTH,
            format!("GET {HEALTH_PATH}: {}", reply.describe()),
            reply.proxy_hint("the pipelines API server").unwrap_or_else(|| {
                "the API server answers only once its database and bucket do: run `odh status -p pipelines`".into()
            }),
        ),
    }
}

/// The run id of a created run, or the failed check.
pub fn created(component: &str, reply: &Reply) -> Result<String, Check> {
    match (reply.status(), reply.json()) {
        (Some(200), Some(run)) => run["run_id"]
            .as_str()
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .ok_or_else(|| {
                Check::failed(
                    component,
                    RUN,
                    format!("POST {RUNS_PATH}: no run_id in {}", reply.describe()),
                    "the answer is not a Run; is this the pipelines API server?",
                )
            }),
        _ => Err(Check::failed(
            component,
            RUN,
            format!("POST {RUNS_PATH}: {}", reply.describe()),
            reply
                .proxy_hint("the pipelines API server")
                .unwrap_or_else(|| "the API server refused the run; its log says why".into()),
        )),
    }
}

/// Where a run stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    Succeeded,
    /// FAILED, SKIPPED or CANCELED, with the run's error message.
    Ended(String),
    /// Any other state (PENDING, RUNNING, …), or an unreadable answer.
    Running(String),
}

pub fn progress(reply: &Reply) -> Progress {
    let Some(run) = reply.json().filter(|_| reply.status() == Some(200)) else {
        return Progress::Running(reply.describe());
    };
    let state = run["state"].as_str().unwrap_or("RUNTIME_STATE_UNSPECIFIED");
    match state {
        "SUCCEEDED" => Progress::Succeeded,
        "FAILED" | "SKIPPED" | "CANCELED" => Progress::Ended(format!(
            "{state}: {}",
            run["error"]["message"]
                .as_str()
                .unwrap_or("no error message")
        )),
        other => Progress::Running(other.to_string()),
    }
}

pub fn result(
    component: &str,
    namespace: &str,
    run_id: &str,
    last: &Progress,
    waited: Duration,
) -> Check {
    let after = waited.as_secs();
    match last {
        Progress::Succeeded => Check::passed(
            component,
            RUN,
            format!("run {run_id} SUCCEEDED after {after}s"),
        ),
        Progress::Ended(why) => Check::failed(
            component,
            RUN,
            format!("run {run_id} {why}"),
            // The API server labels the run's Workflow (resource_manager.go, LabelKeyWorkflowRunId).
            format!(
                "look at its workflow: kubectl -n {namespace} get workflows -l pipeline/runid={run_id} -o yaml"
            ),
        ),
        Progress::Running(state) => Check::failed(
            component,
            RUN,
            format!("run {run_id} still {state} after {after}s"),
            "does the workflow controller run, and can the run's pods pull their images? run `odh status -p pipelines`",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    fn answer(status: u16, body: Value) -> Reply {
        Reply::Answer {
            status,
            body: body.to_string().into_bytes(),
        }
    }

    fn facts() -> Value {
        crate::yaml::from_str(include_str!("../../tests/facts/pipelines.yaml")).unwrap()
    }

    #[test]
    fn the_run_follows_the_recorded_api() {
        let f = &facts()["kfpApi"];
        assert_eq!(f["createRun"], RUNS_PATH);
        assert_eq!(f["getRun"], format!("{RUNS_PATH}/{{run_id}}"));
        assert_eq!(f["pipelineSpec"]["image"], STEP_IMAGE);
        let body = run_body("odh-verify-x", STEP_IMAGE);
        let spec = &body["pipeline_spec"];
        assert_eq!(spec["schemaVersion"], f["pipelineSpec"]["schemaVersion"]);
        assert_eq!(
            spec["deploymentSpec"]["executors"]["exec-echo"]["container"]["image"],
            STEP_IMAGE
        );
        let task = &spec["root"]["dag"]["tasks"]["echo"];
        assert!(spec["components"][task["componentRef"]["name"].as_str().unwrap()].is_object());
        for state in f["terminalStates"].as_array().unwrap() {
            let p = progress(&answer(200, json!({"run_id": "r", "state": state})));
            assert!(!matches!(p, Progress::Running(_)), "{state} is terminal");
        }
        let allowed: Vec<&str> = f["runFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        for field in body.as_object().unwrap().keys() {
            assert!(allowed.contains(&field.as_str()), "{field} is a Run field");
        }
        assert_eq!(f["deleteRun"], f["getRun"]);
        let health: Vec<&str> = f["healthFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(health.contains(&"tag_name") && health.contains(&"multi_user"));
    }

    #[test]
    fn health_passes_on_the_server_s_json_only() {
        let ok = health(
            KFP,
            &answer(
                200,
                json!({"commit_sha": "abc", "tag_name": "2.17.0", "multi_user": false}),
            ),
        );
        assert_eq!(ok.outcome, Outcome::Passed);
        assert_eq!(ok.evidence, "tag 2.17.0, multi-user false");
        let proxy = Reply::Proxy {
            status: 503,
            message: "no endpoints available for service \"ml-pipeline\"".into(),
        };
        let down = health(KFP, &proxy);
        assert_eq!(down.outcome, Outcome::Failed);
        assert!(down.hint.contains("no ready pod"), "{}", down.hint);
        let login = health(
            DSPA,
            &Reply::Answer {
                status: 401,
                body: b"Unauthorized".to_vec(),
            },
        );
        assert_eq!(login.outcome, Outcome::Failed);
    }

    #[test]
    fn runs_are_created_followed_and_judged() {
        assert_eq!(
            created(
                KFP,
                &answer(200, json!({"run_id": "r1", "state": "PENDING"}))
            )
            .unwrap(),
            "r1"
        );
        let refused = created(
            KFP,
            &answer(400, json!({"error": "Run name cannot be empty", "code": 3})),
        )
        .unwrap_err();
        assert!(
            refused.evidence.contains("Run name cannot be empty"),
            "{}",
            refused.evidence
        );
        assert_eq!(
            progress(&answer(200, json!({"state": "SUCCEEDED"}))),
            Progress::Succeeded
        );
        assert_eq!(
            progress(&answer(
                200,
                json!({"state": "FAILED", "error": {"message": "ImagePullBackOff"}})
            )),
            Progress::Ended("FAILED: ImagePullBackOff".into())
        );
        assert_eq!(
            progress(&answer(200, json!({"state": "RUNNING"}))),
            Progress::Running("RUNNING".into())
        );
        let wait = Duration::from_secs(4);
        assert_eq!(
            result(KFP, "odh", "r1", &Progress::Succeeded, wait).outcome,
            Outcome::Passed
        );
        let failed = result(KFP, "odh", "r1", &Progress::Ended("FAILED: x".into()), wait);
        assert_eq!(failed.outcome, Outcome::Failed);
        assert_eq!(failed.evidence, "run r1 FAILED: x");
        assert_eq!(
            result(KFP, "odh", "r1", &Progress::Running("PENDING".into()), wait).outcome,
            Outcome::Failed
        );
    }
}
