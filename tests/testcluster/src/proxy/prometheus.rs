//! Prometheus 3.12's `/api/v1/targets`: its own target and one per running pod annotated
//! `prometheus.io/scrape: "true"` (pod role discovery with odh's relabelling), each `up`, or
//! `down` with a scrape error when the test says so.

use super::apps::{AppRequest, json};
use crate::http::Resp;
use crate::state::State;
use crate::util::meta_str;
use serde_json::{Map, Value, json};

fn sanitized(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn pod_target(st: &State, pod: &Value) -> Value {
    let annotations = &pod["metadata"]["annotations"];
    let ip = pod["status"]["podIP"].as_str().unwrap_or("10.244.0.1");
    let port = annotations["prometheus.io/port"].as_str().unwrap_or("80");
    let path = annotations["prometheus.io/path"]
        .as_str()
        .unwrap_or("/metrics");
    let name = meta_str(pod, "name");
    let ns = meta_str(pod, "namespace");
    let mut discovered = Map::new();
    discovered.insert("__address__".into(), json!(format!("{ip}:{port}")));
    discovered.insert("__meta_kubernetes_namespace".into(), json!(ns));
    discovered.insert("__meta_kubernetes_pod_name".into(), json!(name));
    discovered.insert("__meta_kubernetes_pod_phase".into(), json!("Running"));
    discovered.insert("__meta_kubernetes_pod_ip".into(), json!(ip));
    let mut labels = Map::new();
    labels.insert("instance".into(), json!(format!("{ip}:{port}")));
    labels.insert("job".into(), json!("kubernetes-pods"));
    labels.insert("namespace".into(), json!(ns));
    labels.insert("pod".into(), json!(name));
    for (k, v) in pod["metadata"]["labels"].as_object().into_iter().flatten() {
        discovered.insert(
            format!("__meta_kubernetes_pod_label_{}", sanitized(k)),
            v.clone(),
        );
        labels.insert(sanitized(k), v.clone());
    }
    for (k, v) in annotations.as_object().into_iter().flatten() {
        discovered.insert(
            format!("__meta_kubernetes_pod_annotation_{}", sanitized(k)),
            v.clone(),
        );
    }
    let url = format!("http://{ip}:{port}{path}");
    let down = st.apps.target_down(name);
    json!({
        "discoveredLabels": discovered,
        "labels": labels,
        "scrapePool": "kubernetes-pods",
        "scrapeUrl": url,
        "globalUrl": url,
        "lastError": if down { format!("Get \"{url}\": dial tcp {ip}:{port}: connect: connection refused") } else { String::new() },
        "lastScrape": crate::util::now_rfc3339(),
        "lastScrapeDuration": 0.004,
        "health": if down { "down" } else { "up" },
        "scrapeInterval": "30s",
        "scrapeTimeout": "10s"
    })
}

pub fn answer(st: &State, req: &AppRequest) -> Resp {
    if req.path != "/api/v1/targets" {
        return json(
            404,
            &json!({"status": "error", "errorType": "not_found", "error": "page not found"}),
            &[],
        );
    }
    let mut active = vec![json!({
        "discoveredLabels": {"__address__": "localhost:9090", "job": "prometheus"},
        "labels": {"instance": "localhost:9090", "job": "prometheus"},
        "scrapePool": "prometheus",
        "scrapeUrl": "http://localhost:9090/metrics",
        "globalUrl": "http://localhost:9090/metrics",
        "lastError": "", "lastScrape": crate::util::now_rfc3339(), "lastScrapeDuration": 0.003,
        "health": "up", "scrapeInterval": "30s", "scrapeTimeout": "10s"
    })];
    let key = (String::new(), "pods".to_string());
    for pod in st.store.iter(&key) {
        let running = pod["status"]["phase"] == "Running";
        let wanted = pod["metadata"]["annotations"]["prometheus.io/scrape"] == "true";
        if running && wanted {
            active.push(pod_target(st, pod));
        }
    }
    let body = json!({
        "status": "success",
        "data": {"activeTargets": active, "droppedTargets": [], "droppedTargetCounts": {"kubernetes-pods": 0, "prometheus": 0}}
    });
    json(200, &body, &[])
}
