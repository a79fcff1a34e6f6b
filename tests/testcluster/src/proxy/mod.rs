//! The service proxy (`/api/v1/namespaces/NS/services/[SCHEME:]NAME[:PORT]/proxy/PATH`) and the
//! programs behind it, answering with the shapes of the real ones (JupyterHub, MinIO, Prometheus,
//! Grafana, the Seldon executor and model servers, the ODH dashboard, the Kubeflow Pipelines API
//! server), each with failing variants
//! tests switch on ([`AppFault`]).
//!
//! Like kube-apiserver, the proxy authorizes `services/proxy`, answers `Status` errors for a
//! missing Service or one without ready endpoints, drops the `Authorization` header (used to
//! authenticate to the API server) and forwards the client's `Host` header unchanged.

mod apps;
#[cfg(test)]
mod facts;
mod grafana;
mod handle;
mod hub;
mod models;
mod notebooks;
pub mod operators;
mod pipelines;
mod prometheus;
mod s3;
mod sigv4;
mod spark;

pub use apps::{AppFault, Apps};

use crate::admission::service_has_ready_endpoints;
use crate::auth::User;
use crate::http::{self, Resp};
use crate::rbac::{self, Attributes};
use crate::selectors::matches_map_selector;
use crate::state::{Shared, State};
use crate::status::{ApiError, GroupResource};
use crate::util::labels;
use apps::AppRequest;
use bytes::Bytes;
use hyper::Method;
use serde_json::Value;

/// Where a proxy request points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyTarget {
    pub namespace: String,
    pub service: String,
    /// The port name or number; empty for the Service's only port.
    pub port: String,
    /// The backend path, starting with `/`.
    pub path: String,
}

/// Parses a service proxy path.
pub fn parse(path: &str) -> Option<ProxyTarget> {
    let rest = path.strip_prefix("/api/v1/namespaces/")?;
    let (namespace, rest) = rest.split_once('/')?;
    let rest = rest.strip_prefix("services/")?;
    let (id, rest) = rest.split_once('/')?;
    let tail = rest.strip_prefix("proxy")?;
    if !(tail.is_empty() || tail.starts_with('/')) {
        return None;
    }
    // NAME, NAME:PORT or SCHEME:NAME:PORT.
    let parts: Vec<&str> = id.split(':').collect();
    let (service, port) = match parts.as_slice() {
        [name] => (*name, ""),
        [name, port] => (*name, *port),
        [_, name, port] => (*name, *port),
        _ => return None,
    };
    Some(ProxyTarget {
        namespace: namespace.to_string(),
        service: service.to_string(),
        port: port.to_string(),
        path: if tail.is_empty() {
            "/".into()
        } else {
            tail.to_string()
        },
    })
}

fn proxy_verb(method: &Method) -> &'static str {
    match *method {
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "patch",
        Method::DELETE => "delete",
        _ => "get",
    }
}

fn unavailable(message: &str) -> ApiError {
    ApiError::new(503, Some("ServiceUnavailable"), message, None)
}

/// The ready pods a Service selects.
fn ready_pods(st: &State, ns: &str, service: &Value) -> Vec<Value> {
    let Some(selector) = service["spec"]["selector"].as_object() else {
        return Vec::new();
    };
    st.store
        .range(&(String::new(), "pods".into()), Some(ns), None)
        .map(|(_, p)| p.as_ref().clone())
        .filter(|p| matches_map_selector(selector, &labels(p)))
        .filter(|p| crate::controllers::condition_true(p, "Ready") && !crate::util::is_deleting(p))
        .collect()
}

/// Which simulated program runs in the pods.
fn program(pods: &[Value]) -> Option<&'static str> {
    let pod = pods.first()?;
    let images: Vec<&str> = pod["spec"]["containers"]
        .as_array()
        .map(|cs| cs.iter().filter_map(|c| c["image"].as_str()).collect())
        .unwrap_or_default();
    let has = |needle: &str| images.iter().any(|i| i.contains(needle));
    let labelled = |key: &str| !pod["metadata"]["labels"][key].is_null();
    Some(
        if has("seldon-core-executor") || labelled("serving.kserve.io/inferenceservice") {
            "model"
        } else if has("k8s-hub") || has("configurable-http-proxy") {
            "hub"
        } else if has("minio") {
            "s3"
        } else if has("prometheus/prometheus") {
            "prometheus"
        } else if has("grafana/grafana") {
            "grafana"
        } else if has("odh-dashboard") {
            "dashboard"
        } else if has("kfp-api-server") {
            "kfp"
        } else if has("ds-pipelines-api-server") {
            "dspa"
        } else {
            return None;
        },
    )
}

/// Answers one proxy request.
pub fn handle(
    shared: &Shared,
    target: ProxyTarget,
    parts: &hyper::http::request::Parts,
    body: Bytes,
    user: &User,
) -> Resp {
    let method = parts.method.clone();
    let query = parts.uri.query().unwrap_or("");
    let gr = GroupResource::new("", "services");
    let verb = proxy_verb(&method);
    let attributes = Attributes {
        verb: verb.to_string(),
        resource: Some(rbac::Resource {
            group: String::new(),
            resource: "services".into(),
            subresource: "proxy".into(),
            name: target.service.clone(),
            namespace: target.namespace.clone(),
        }),
        path: parts.uri.path().to_string(),
    };
    let mut st = shared.lock();
    if let Err(e) = rbac::check(&st, user, &attributes) {
        return http::error(&e);
    }
    let Some(service) = st
        .store
        .get(
            &(String::new(), "services".into()),
            &target.namespace,
            &target.service,
        )
        .map(|s| s.as_ref().clone())
    else {
        return http::error(&ApiError::not_found(&gr, &target.service));
    };
    let no_endpoints = format!("no endpoints available for service \"{}\"", target.service);
    let ports = service["spec"]["ports"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let port_known = target.port.is_empty() && ports.len() == 1
        || ports.iter().any(|p| {
            p["name"].as_str() == Some(target.port.as_str())
                || p["port"]
                    .as_u64()
                    .is_some_and(|n| n.to_string() == target.port)
        });
    if !port_known || !service_has_ready_endpoints(&st, &target.namespace, &target.service) {
        return http::error(&unavailable(&no_endpoints));
    }
    let pods = ready_pods(&st, &target.namespace, &service);
    let mut forwarded = parts.headers.clone();
    forwarded.remove("authorization");
    // HTTP/2 carries the authority in the URI, HTTP/1.1 in the Host header.
    let host = parts
        .headers
        .get("host")
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| parts.uri.authority().map(|a| a.as_str().to_string()))
        .unwrap_or_else(|| shared.address());
    let request = AppRequest {
        method,
        path: target.path.clone(),
        query: http::parse_query(query),
        headers: forwarded,
        host,
        body,
        namespace: target.namespace.clone(),
        port: target.port.clone(),
        pods,
    };
    match program(&request.pods) {
        Some("hub") => hub::answer(&mut st, &request),
        Some("s3") => s3::answer(&mut st, &request),
        Some("prometheus") => prometheus::answer(&st, &request),
        Some("grafana") => grafana::answer(&mut st, &request),
        Some("model") => models::answer(&st, &request),
        Some("dashboard") => apps::respond(403, "text/plain", "Forbidden", &[]),
        Some("kfp") => pipelines::answer(&mut st, &request),
        Some("dspa") => pipelines::behind_rbac_proxy(&mut st, &request),
        _ => {
            let pod_ip = request
                .pods
                .first()
                .and_then(|p| p["status"]["podIP"].as_str())
                .unwrap_or("10.244.0.1")
                .to_string();
            http::error(&unavailable(&format!(
                "error trying to reach service: dial tcp {pod_ip}:{}: connect: connection refused",
                target.port
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_paths_parse() {
        let t = parse("/api/v1/namespaces/odh/services/minio:api/proxy/minio/health/live").unwrap();
        assert_eq!(
            (
                t.namespace.as_str(),
                t.service.as_str(),
                t.port.as_str(),
                t.path.as_str()
            ),
            ("odh", "minio", "api", "/minio/health/live")
        );
        let t = parse("/api/v1/namespaces/odh/services/https:odh-dashboard:8443/proxy").unwrap();
        assert_eq!(
            (t.service.as_str(), t.port.as_str(), t.path.as_str()),
            ("odh-dashboard", "8443", "/")
        );
        assert!(parse("/api/v1/namespaces/odh/services/minio").is_none());
        assert!(parse("/api/v1/namespaces/odh/services/minio/proxyx").is_none());
        assert!(parse("/api/v1/namespaces/odh/pods/x/proxy/").is_none());
    }
}
