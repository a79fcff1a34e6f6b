//! Prometheus 3.12 (`/api/v1/targets`): every odh workload that asks to be
//! scraped has an active target, and every such target is up.

use super::{Check, Reply};
use serde_json::Value;
use std::collections::BTreeMap;

pub const COMPONENT: &str = "prometheus";
pub const TARGETS_PATH: &str = "/api/v1/targets";
pub const TARGETS_QUERY: &str = "state=active";

/// An odh workload whose pods carry `prometheus.io/scrape: "true"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scraped {
    /// `Deployment/minio`, for messages.
    pub workload: String,
    pub namespace: String,
    /// The workload's pod selector (matchLabels).
    pub selector: BTreeMap<String, String>,
}

/// A Kubernetes label name as Prometheus's service discovery names it.
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

/// The pod-discovery labels of a target: `discoveredLabels`, which hold the
/// pod's namespace and labels whatever the relabelling does.
fn belongs_to(target: &Value, workload: &Scraped) -> bool {
    let found = &target["discoveredLabels"];
    found["__meta_kubernetes_namespace"].as_str() == Some(workload.namespace.as_str())
        && workload.selector.iter().all(|(k, v)| {
            found[format!("__meta_kubernetes_pod_label_{}", sanitized(k))].as_str()
                == Some(v.as_str())
        })
}

fn describe(target: &Value) -> String {
    let pod = target["discoveredLabels"]["__meta_kubernetes_pod_name"]
        .as_str()
        .or_else(|| target["labels"]["pod"].as_str());
    let url = target["scrapeUrl"].as_str().unwrap_or("?");
    let error = target["lastError"].as_str().unwrap_or("");
    let mut text = match pod {
        Some(pod) => format!("pod {pod} {url}"),
        None => url.to_string(),
    };
    text.push_str(&format!(
        " {}",
        target["health"].as_str().unwrap_or("unknown")
    ));
    if !error.is_empty() {
        text.push_str(&format!(" ({error})"));
    }
    text
}

/// Judges the active targets against the workloads that should be scraped.
pub fn targets(reply: &Reply, expected: &[Scraped]) -> Check {
    let name = "every odh target is up";
    let body = reply.json();
    let active = body
        .as_ref()
        .filter(|b| reply.status() == Some(200) && b["status"] == "success")
        .and_then(|b| b["data"]["activeTargets"].as_array());
    let Some(active) = active else {
        let hint = reply.proxy_hint("Prometheus").unwrap_or_else(|| {
            "Prometheus did not answer with its targets; look at its pod's log".into()
        });
        return Check::failed(COMPONENT, name, reply.describe(), hint);
    };
    let mut problems = Vec::new();
    let mut up = 0;
    let own = active.iter().filter(|t| t["scrapePool"] == "prometheus");
    for target in own {
        if target["health"] == "up" {
            up += 1;
        } else {
            problems.push(format!("prometheus itself: {}", describe(target)));
        }
    }
    for workload in expected {
        let mine: Vec<&Value> = active.iter().filter(|t| belongs_to(t, workload)).collect();
        if mine.is_empty() {
            problems.push(format!(
                "{} in {}: no active target",
                workload.workload, workload.namespace
            ));
        }
        for target in mine {
            if target["health"] == "up" {
                up += 1;
            } else {
                problems.push(format!("{}: {}", workload.workload, describe(target)));
            }
        }
    }
    if problems.is_empty() {
        let names: Vec<&str> = expected.iter().map(|w| w.workload.as_str()).collect();
        return Check::passed(
            COMPONENT,
            name,
            format!("{up} targets up ({})", names.join(", ")),
        );
    }
    Check::failed(
        COMPONENT,
        name,
        problems.join("; "),
        "a down target names its scrape error; a missing one means Prometheus does not see the pod (its RBAC, or the pod's prometheus.io annotations)",
    )
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;
    use serde_json::json;

    fn minio() -> Scraped {
        Scraped {
            workload: "Deployment/minio".into(),
            namespace: "opendatahub".into(),
            selector: [("app.kubernetes.io/name".to_string(), "minio".to_string())].into(),
        }
    }

    fn target(pod: &str, name: &str, health: &str, error: &str) -> Value {
        json!({
            "discoveredLabels": {
                "__meta_kubernetes_namespace": "opendatahub",
                "__meta_kubernetes_pod_name": pod,
                "__meta_kubernetes_pod_label_app_kubernetes_io_name": name
            },
            "labels": {"job": "kubernetes-pods", "pod": pod},
            "scrapePool": "kubernetes-pods",
            "scrapeUrl": format!("http://10.244.0.9:9000/{name}"),
            "lastError": error,
            "health": health
        })
    }

    fn reply(targets: Vec<Value>) -> Reply {
        let body =
            json!({"status": "success", "data": {"activeTargets": targets, "droppedTargets": []}});
        Reply::Answer {
            status: 200,
            body: body.to_string().into_bytes(),
        }
    }

    #[test]
    fn up_targets_pass() {
        let check = targets(
            &reply(vec![target("minio-1", "minio", "up", "")]),
            &[minio()],
        );
        assert_eq!(check.outcome, Outcome::Passed, "{}", check.evidence);
    }

    #[test]
    fn each_down_or_missing_target_is_named() {
        let down = targets(
            &reply(vec![target(
                "minio-1",
                "minio",
                "down",
                "connection refused",
            )]),
            &[minio()],
        );
        assert_eq!(down.outcome, Outcome::Failed);
        assert!(down.evidence.contains("pod minio-1"), "{}", down.evidence);
        assert!(down.evidence.contains("connection refused"));
        let missing = targets(
            &reply(vec![target("grafana-1", "grafana", "up", "")]),
            &[minio()],
        );
        assert!(
            missing
                .evidence
                .contains("Deployment/minio in opendatahub: no active target")
        );
    }

    #[test]
    fn a_non_prometheus_answer_fails() {
        let check = targets(
            &Reply::Answer {
                status: 200,
                body: b"<html>".to_vec(),
            },
            &[minio()],
        );
        assert_eq!(check.outcome, Outcome::Failed);
    }
}
