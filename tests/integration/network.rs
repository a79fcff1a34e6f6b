//! OpenShift: the ODH operator fences the applications namespace with a
//! NetworkPolicy (its peers recorded in `tests/facts/upstream.yaml`). With the
//! policies odh renders added (policies add up), Prometheus in the monitoring
//! namespace and workbenches in a data science project reach what they need.

use crate::render::render;
use crate::rendered::{documents, facts};
use serde_json::{Map, Value, json};

/// True when `selector` (a LabelSelector with matchLabels only) selects `labels`.
fn selects(selector: &Value, labels: &Map<String, Value>) -> bool {
    selector["matchLabels"]
        .as_object()
        .into_iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v))
}

/// Whether one policy admits traffic from a pod in a namespace to a pod on a port.
fn admits(
    policy: &Value,
    from_ns: &Map<String, Value>,
    to_pod: &Map<String, Value>,
    port: u64,
) -> bool {
    if !selects(&policy["spec"]["podSelector"], to_pod) {
        return false;
    }
    policy["spec"]["ingress"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|rule| {
            let peer_ok = rule["from"].as_array().is_none_or(|peers| {
                peers.iter().any(|p| {
                    p.get("podSelector").is_none()
                        && p.get("namespaceSelector")
                            .is_some_and(|s| selects(s, from_ns))
                })
            });
            let port_ok = rule["ports"]
                .as_array()
                .is_none_or(|ports| ports.iter().any(|p| p["port"] == port));
            peer_ok && port_ok
        })
}

/// The operator's default policy in the applications namespace, from the facts.
fn operators_policy() -> Value {
    let peers: Vec<Value> = facts("upstream.yaml")["odhOperator"]["applicationsNetworkPolicyPeers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|labels| json!({"namespaceSelector": {"matchLabels": labels}}))
        .collect();
    let ingress: Vec<Value> = peers.into_iter().map(|p| json!({"from": [p]})).collect();
    json!({"spec": {"podSelector": {}, "ingress": ingress}})
}

fn namespace_labels(docs: &[Value], name: &str) -> Map<String, Value> {
    let mut labels = docs
        .iter()
        .find(|d| d["kind"] == "Namespace" && d["metadata"]["name"] == name)
        .map(|d| {
            d["metadata"]["labels"]
                .as_object()
                .cloned()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    labels.insert("kubernetes.io/metadata.name".into(), Value::from(name));
    labels
}

fn pod_labels(docs: &[Value], deployment: &str) -> Map<String, Value> {
    docs.iter()
        .find(|d| d["kind"] == "Deployment" && d["metadata"]["name"] == deployment)
        .and_then(|d| {
            d["spec"]["template"]["metadata"]["labels"]
                .as_object()
                .cloned()
        })
        .unwrap_or_else(|| panic!("no Deployment {deployment}"))
}

#[test]
fn openshift_monitoring_and_workbenches_reach_the_applications_namespace() {
    let docs = documents(&render(&["-p", "core,monitoring", "--platform", "openshift"]).stdout);
    let mut policies = vec![operators_policy()];
    policies.extend(
        docs.iter()
            .filter(|d| d["kind"] == "NetworkPolicy" && d["metadata"]["namespace"] == "opendatahub")
            .cloned(),
    );
    let allowed = |from: &Map<String, Value>, to: &Map<String, Value>, port: u64| {
        policies.iter().any(|p| admits(p, from, to, port))
    };
    let monitoring = namespace_labels(&docs, "odh-monitoring");
    let minio = pod_labels(&docs, "minio");
    assert!(
        allowed(&monitoring, &minio, 9000),
        "Prometheus scrapes the S3 store"
    );
    let model_pod: Map<String, Value> =
        serde_json::from_value(json!({"app.kubernetes.io/name": "ai-library"})).unwrap();
    assert!(
        allowed(&monitoring, &model_pod, 8080),
        "Prometheus scrapes the models"
    );
    let project: Map<String, Value> = serde_json::from_value(
        json!({"kubernetes.io/metadata.name": "my-project", "opendatahub.io/dashboard": "true"}),
    )
    .unwrap();
    assert!(allowed(&project, &minio, 9000), "a workbench reaches S3");
    assert!(!allowed(&project, &minio, 9001), "the console stays fenced");
    assert!(
        !allowed(&project, &model_pod, 8080),
        "other pods stay fenced"
    );
}

#[test]
fn kubernetes_renders_no_network_policy() {
    let docs = documents(&render(&["-p", "core,monitoring"]).stdout);
    assert!(!docs.iter().any(|d| d["kind"] == "NetworkPolicy"));
}
