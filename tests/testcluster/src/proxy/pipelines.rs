//! The Kubeflow Pipelines 2.17.0 API server (and DSPO's in front of its kube-rbac-proxy), as
//! `odh verify` calls it: the health paths, `POST /apis/v2beta1/runs` with an inline pipeline
//! spec, `GET` and `DELETE /apis/v2beta1/runs/{id}` (backend/api/v2beta1/run.proto,
//! backend/src/apiserver/main.go). Requests are decoded strictly (unknown fields refused,
//! `display_name` required, as `common/utils.go` and `api_converter.go` do); a run is RUNNING on
//! its first read and then SUCCEEDED, or FAILED / still RUNNING under a fault.

use super::apps::{AppFault, AppRequest, json, respond, token};
use crate::http::Resp;
use crate::state::State;
use hyper::Method;
use serde_json::{Value, json};

const RUNS: &str = "/apis/v2beta1/runs";
const RUN_FIELDS: &[&str] = &[
    "experiment_id",
    "display_name",
    "description",
    "pipeline_spec",
    "pipeline_version_reference",
    "runtime_config",
    "service_account",
];

/// The grpc-gateway error shape (code 3 InvalidArgument, 5 NotFound).
fn error(status: u16, code: u32, message: &str) -> Resp {
    json(
        status,
        &json!({"error": message, "code": code, "message": message, "details": []}),
        &[],
    )
}

fn health_body(v2: bool) -> Value {
    let mut body = json!({"commit_sha": "4a3592cb2dd0", "tag_name": "2.17.0", "multi_user": false});
    if v2 {
        body["pipeline_store"] = json!("database");
    }
    body
}

fn health(req: &AppRequest) -> Resp {
    json(
        200,
        &health_body(req.path.starts_with("/apis/v2beta1")),
        &[],
    )
}

fn run_view(id: &str, state: &str, display: &str) -> Value {
    let mut run =
        json!({"run_id": id, "display_name": display, "experiment_id": "default", "state": state});
    if state == "FAILED" {
        run["error"] = json!({"code": 2, "message": "task echo failed: pod exited with code 1"});
    }
    run
}

fn create(st: &mut State, req: &AppRequest) -> Resp {
    let Some(run) = req.json().filter(Value::is_object) else {
        return error(400, 3, "Failed to parse the run: not a JSON object");
    };
    if let Some(unknown) = run
        .as_object()
        .unwrap()
        .keys()
        .find(|k| !RUN_FIELDS.contains(&k.as_str()))
    {
        return error(
            400,
            3,
            &format!("proto: (line 1:2): unknown field \"{unknown}\""),
        );
    }
    let display = run["display_name"].as_str().unwrap_or("");
    if display.is_empty() {
        return error(400, 3, "Invalid input error: Run name cannot be empty");
    }
    let spec = &run["pipeline_spec"];
    if !spec["root"]["dag"]["tasks"].is_object() || !spec["deploymentSpec"]["executors"].is_object()
    {
        return error(
            400,
            3,
            "Invalid input error: the pipeline spec has no root DAG or executors",
        );
    }
    let id = token();
    st.apps.pipeline_runs.insert(id.clone(), 0);
    json(200, &run_view(&id, "PENDING", display), &[])
}

fn read(st: &mut State, id: &str) -> Resp {
    let (fails, stuck) = (
        st.apps.has(&AppFault::PipelineRunFails),
        st.apps.has(&AppFault::PipelineRunStuck),
    );
    let Some(reads) = st.apps.pipeline_runs.get_mut(id) else {
        return error(
            404,
            5,
            &format!("Failed to get run {id}: ResourceNotFoundError"),
        );
    };
    *reads += 1;
    let state = match (*reads, fails, stuck) {
        (1, _, _) | (_, _, true) => "RUNNING",
        (_, true, _) => "FAILED",
        _ => "SUCCEEDED",
    };
    json(200, &run_view(id, state, "odh-verify"), &[])
}

pub fn answer(st: &mut State, req: &AppRequest) -> Resp {
    let path = req.path.trim_end_matches('/');
    match (&req.method, path) {
        (&Method::GET, "/apis/v1beta1/healthz" | "/apis/v2beta1/healthz") => health(req),
        (&Method::POST, RUNS) => create(st, req),
        (method, p) if p.starts_with(RUNS) && p.len() > RUNS.len() + 1 => {
            let id = &p[RUNS.len() + 1..];
            match *method {
                Method::GET => read(st, id),
                Method::DELETE => match st.apps.pipeline_runs.remove(id) {
                    Some(_) => json(200, &json!({}), &[]),
                    None => error(
                        404,
                        5,
                        &format!("Failed to delete run {id}: ResourceNotFoundError"),
                    ),
                },
                _ => respond(405, "text/plain", "Method Not Allowed", &[]),
            }
        }
        _ => respond(
            404,
            "text/plain; charset=utf-8",
            "404 page not found\n",
            &[],
        ),
    }
}

/// DSPO's API server Service: on `proxy` (8443) kube-rbac-proxy lets only its ignored paths
/// through without a bearer token (config/internal/apiserver/default/deployment.yaml.tmpl
/// `--ignore-paths`); the service proxy drops the caller's token, so the rest is 401.
pub fn behind_rbac_proxy(st: &mut State, req: &AppRequest) -> Resp {
    let open = matches!(
        req.path.as_str(),
        "/healthz" | "/apis/v1beta1/healthz" | "/metrics"
    );
    match req.port.as_str() {
        "proxy" | "8443" if !open && req.header("authorization").is_none() => {
            respond(401, "text/plain; charset=utf-8", "Unauthorized\n", &[])
        }
        _ => answer(st, req),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTS: &str = include_str!("../../../facts/pipelines.yaml");

    #[test]
    fn the_simulated_server_takes_the_recorded_run_fields_and_health_shape() {
        let facts: Value = serde_saphyr::from_str(FACTS).expect("the facts file is YAML");
        let api = &facts["kfpApi"];
        let fields: Vec<&str> = api["runFields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(fields, RUN_FIELDS);
        assert_eq!(api["createRun"], RUNS);
        let health = api["healthFields"].as_array().unwrap();
        for key in health_body(true).as_object().unwrap().keys() {
            assert!(health.iter().any(|f| f == key), "{key}");
        }
        assert!(health_body(false).get("pipeline_store").is_none());
    }
}
