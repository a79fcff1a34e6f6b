//! Grafana 13: `/api/health`, the login form's JSON API (`POST /login` → `grafana_session`
//! cookie), and `GET /api/datasources/uid/UID/health` for the data sources provisioned from the
//! ConfigMaps mounted in the pod, healthy when the Service their URL names has ready endpoints.

use super::apps::{AppFault, AppRequest, json, pod_env, token};
use crate::admission::service_has_ready_endpoints;
use crate::http::Resp;
use crate::state::State;
use hyper::Method;
use serde_json::{Value, json};

pub const VERSION: &str = "13.0.2";

/// The provisioned data sources (uid → url) of the ConfigMaps the pod mounts.
fn datasources(st: &State, pod: &Value) -> Vec<(String, String)> {
    let ns = pod["metadata"]["namespace"].as_str().unwrap_or("");
    let maps: Vec<&str> = pod["spec"]["volumes"]
        .as_array()
        .map(|vs| {
            vs.iter()
                .filter_map(|v| v["configMap"]["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut found = Vec::new();
    for name in maps {
        let Some(cm) = st
            .store
            .get(&(String::new(), "configmaps".into()), ns, name)
        else {
            continue;
        };
        for text in cm["data"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(_, v)| v.as_str())
        {
            let Ok(doc) = serde_saphyr::from_str::<Value>(text) else {
                continue;
            };
            for ds in doc["datasources"].as_array().into_iter().flatten() {
                if let Some(uid) = ds["uid"].as_str() {
                    found.push((
                        uid.to_string(),
                        ds["url"].as_str().unwrap_or("").to_string(),
                    ));
                }
            }
        }
    }
    found
}

/// Whether `http://NAME.NS.svc:PORT` names a Service with ready endpoints.
fn reachable(st: &State, url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or("")
        .split([':', '/'])
        .next()
        .unwrap_or("");
    let mut parts = host.split('.');
    match (parts.next(), parts.next()) {
        (Some(name), Some(ns)) => service_has_ready_endpoints(st, ns, name),
        _ => false,
    }
}

pub fn answer(st: &mut State, req: &AppRequest) -> Resp {
    let pod: Value = req.pods.first().cloned().unwrap_or_default();
    let segments: Vec<&str> = req.path.split('/').filter(|s| !s.is_empty()).collect();
    match (&req.method, segments.as_slice()) {
        (&Method::GET, ["api", "health"]) => {
            let failing = st.apps.has(&AppFault::GrafanaDatabaseFailing);
            let body = json!({"database": if failing { "failing" } else { "ok" }, "version": VERSION, "commit": "5cd4b58a0f"});
            json(if failing { 503 } else { 200 }, &body, &[])
        }
        (&Method::POST, ["login"]) => {
            let body = req.json().unwrap_or_default();
            let user =
                pod_env(st, &pod, "GF_SECURITY_ADMIN_USER").unwrap_or_else(|| "admin".into());
            let password = pod_env(st, &pod, "GF_SECURITY_ADMIN_PASSWORD");
            let ok = !st.apps.has(&AppFault::GrafanaRejectsPassword)
                && body["user"].as_str() == Some(user.as_str())
                && password.is_some()
                && body["password"].as_str() == password.as_deref();
            if !ok {
                return json(
                    401,
                    &json!({"message": "Invalid username or password", "messageId": "password-auth.failed", "statusCode": 401}),
                    &[],
                );
            }
            let session = token();
            st.apps.grafana_sessions.insert(session.clone());
            json(
                200,
                &json!({"message": "Logged in"}),
                &[(
                    "Set-Cookie",
                    format!(
                        "grafana_session={session}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax"
                    ),
                )],
            )
        }
        (&Method::GET, ["api", "datasources", "uid", uid, "health"]) => {
            let signed_in = req
                .cookie("grafana_session")
                .is_some_and(|s| st.apps.grafana_sessions.contains(&s));
            if !signed_in {
                return json(401, &json!({"message": "Unauthorized"}), &[]);
            }
            let Some((_, url)) = datasources(st, &pod).into_iter().find(|(u, _)| u == uid) else {
                return json(404, &json!({"message": "Data source not found"}), &[]);
            };
            if st.apps.has(&AppFault::GrafanaDatasourceFailing) || !reachable(st, &url) {
                let message = format!(
                    "Post \"{url}/api/v1/query\": dial tcp: lookup {}: no such host",
                    url.split("://").nth(1).unwrap_or("")
                );
                return json(400, &json!({"status": "ERROR", "message": message}), &[]);
            }
            json(
                200,
                &json!({"status": "OK", "message": "Successfully queried the Prometheus API."}),
                &[],
            )
        }
        _ => json(404, &json!({"message": "Not found"}), &[]),
    }
}
