//! What the simulated applications share: the failure switches tests flip,
//! their in-memory state (hub users and sessions, S3 objects, Grafana
//! sessions), the request they get and the helpers to answer it.

use crate::http::{Resp, full};
use crate::state::State;
use crate::util::meta_str;
use base64::Engine;
use bytes::Bytes;
use hyper::{HeaderMap, Method, Response};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A failure a test switches on in one simulated program.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AppFault {
    /// JupyterHub runs with another shared password than its Secret holds.
    HubRejectsPassword,
    /// The hub's authenticator does not take credentials in token requests (403).
    HubRefusesTokenRequests,
    /// The single-user server never becomes ready (stays pending spawn).
    NotebookNeverReady,
    /// The spawn fails: the server goes away without becoming ready.
    NotebookSpawnFails,
    /// The S3 store has no bucket (whatever its create-bucket Job did).
    S3BucketMissing,
    /// MinIO answers 503 on `/minio/health/ready`.
    S3NotReady,
    /// Prometheus reports the targets of pods whose name matches this glob as down.
    PrometheusTargetDown(String),
    /// Grafana's data source health check fails.
    GrafanaDatasourceFailing,
    /// Grafana's `/api/health` reports its database failing.
    GrafanaDatabaseFailing,
    /// Grafana keeps another admin password than its Secret holds.
    GrafanaRejectsPassword,
    /// The model with this name answers 500 (a Seldon FAILURE status).
    ModelError(String),
    /// The model with this name answers 200 with HTML.
    ModelMalformed(String),
    /// The bucket refuses writes (403 AccessDenied on PUT).
    S3ReadOnly,
    /// MinIO runs with other root credentials than its Secret now holds.
    S3KeysChanged,
    /// SparkApplications end FAILED.
    SparkFails,
    /// SparkApplications stay RUNNING.
    SparkStuck,
    /// Pipeline runs end FAILED (their step's pod fails).
    PipelineRunFails,
    /// Pipeline runs stay RUNNING.
    PipelineRunStuck,
}

/// One hub user's default server.
#[derive(Clone, Debug, Default)]
pub struct Server {
    pub namespace: String,
    pub stopped: bool,
}

/// The simulated programs' state.
#[derive(Default)]
pub struct Apps {
    pub faults: BTreeSet<AppFault>,
    /// Hub users that logged in at least once (the hub's database).
    pub hub_users: BTreeSet<String>,
    /// Login session cookie value → user.
    pub hub_sessions: BTreeMap<String, String>,
    /// Token id → user, for tokens not revoked.
    pub hub_tokens: BTreeMap<String, String>,
    pub hub_servers: BTreeMap<String, Server>,
    pub next_token: u64,
    /// (bucket, key) → bytes.
    pub s3_objects: BTreeMap<(String, String), Vec<u8>>,
    pub grafana_sessions: BTreeSet<String>,
    /// Pipeline run id → how many times it was read (the state advances per read).
    pub pipeline_runs: BTreeMap<String, u32>,
}

impl Apps {
    pub fn has(&self, fault: &AppFault) -> bool {
        self.faults.contains(fault)
    }

    /// Whether a `PrometheusTargetDown` glob matches the pod.
    pub fn target_down(&self, pod: &str) -> bool {
        self.faults.iter().any(|f| match f {
            AppFault::PrometheusTargetDown(glob) => crate::util::glob_match(glob, pod),
            _ => false,
        })
    }
}

/// A request as a program behind the proxy gets it.
pub struct AppRequest {
    pub method: Method,
    /// The path after `/proxy` (at least `/`).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: HeaderMap,
    /// The Host header the program sees (the one the client sent the API server).
    pub host: String,
    pub body: Bytes,
    /// The Service's namespace.
    pub namespace: String,
    /// The Service port asked for (name or number; empty for the only one).
    pub port: String,
    /// The ready pods behind the Service.
    pub pods: Vec<Value>,
}

impl AppRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// A cookie of the request.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.header("cookie")?
            .split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// An `application/x-www-form-urlencoded` body.
    pub fn form(&self) -> Vec<(String, String)> {
        crate::http::parse_query(&String::from_utf8_lossy(&self.body))
    }

    /// The first pod's labels.
    pub fn pod_label(&self, key: &str) -> Option<String> {
        self.pods
            .first()
            .and_then(|p| p["metadata"]["labels"][key].as_str())
            .map(str::to_string)
    }
}

/// A response with a content type and extra headers (`Set-Cookie`, `Location`).
pub fn respond(
    code: u16,
    content_type: &str,
    body: impl Into<Bytes>,
    headers: &[(&str, String)],
) -> Resp {
    let mut builder = Response::builder().status(code);
    if !content_type.is_empty() {
        builder = builder.header("Content-Type", content_type);
    }
    for (k, v) in headers {
        builder = builder.header(*k, v.as_str());
    }
    builder
        .body(full(body.into()))
        .unwrap_or_else(|_| Response::new(full(Bytes::new())))
}

pub fn json(code: u16, value: &Value, headers: &[(&str, String)]) -> Resp {
    respond(code, "application/json", value.to_string(), headers)
}

/// A Secret's key, decoded (from `data`, or `stringData` when not yet converted).
pub fn secret_value(st: &State, ns: &str, name: &str, key: &str) -> Option<String> {
    let secret = st.store.get(&(String::new(), "secrets".into()), ns, name)?;
    if let Some(encoded) = secret["data"][key].as_str() {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        return String::from_utf8(bytes).ok();
    }
    secret["stringData"][key].as_str().map(str::to_string)
}

/// The value a pod's containers get in an environment variable (inline or
/// from a Secret), as the program in the pod would read it.
pub fn pod_env(st: &State, pod: &Value, name: &str) -> Option<String> {
    let ns = meta_str(pod, "namespace");
    let var = pod["spec"]["containers"]
        .as_array()?
        .iter()
        .filter_map(|c| c["env"].as_array())
        .flatten()
        .find(|e| e["name"] == name)?;
    if let Some(v) = var["value"].as_str() {
        return Some(v.to_string());
    }
    let r = &var["valueFrom"]["secretKeyRef"];
    secret_value(st, ns, r["name"].as_str()?, r["key"].as_str()?)
}

/// A random token for sessions and ids.
pub fn token() -> String {
    crate::util::random_suffix(24)
}
