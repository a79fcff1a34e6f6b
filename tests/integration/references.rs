//! What rendered objects point at exists in the render, over every profile
//! and platform: Service target ports and probe ports are ports the container
//! declares; `secretKeyRef`/`configMapKeyRef` name a key the rendered object
//! holds (or a key of the documented user-supplied S3 Secret, or of what a
//! rendered ObjectBucketClaim's provisioner makes); Grafana's data
//! source is a rendered Service and port.

use crate::render::{CASES, render};
use crate::rendered::{containers, documents, id, pod_specs};
use serde_json::Value;

/// The extra cases: an external S3 endpoint (the user's own Secret) and KServe.
const MORE: &[(&str, &[&str])] = &[
    (
        "external-s3",
        &[
            "-p",
            "core,ai-library",
            "--set",
            "s3.endpoint=https://s3.example.com",
        ],
    ),
    (
        "external-s3-kserve",
        &[
            "-p",
            "core,monitoring,ai-library",
            "--set",
            "s3.endpoint=https://s3.example.com",
            "--set",
            "serving.engine=kserve",
        ],
    ),
];

/// The keys of the user-supplied credentials Secret (parameter s3.credentialsSecret).
const USER_S3_KEYS: &[&str] = &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

fn declares(container: &Value, port: &Value) -> bool {
    container["ports"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|p| match port {
            Value::String(name) => p["name"] == *name,
            Value::Number(_) => p["containerPort"] == *port,
            _ => false,
        })
}

fn probe_ports(container: &Value) -> Vec<(String, Value)> {
    ["readinessProbe", "livenessProbe", "startupProbe"]
        .iter()
        .flat_map(|probe| {
            ["httpGet", "tcpSocket", "grpc"]
                .iter()
                .filter_map(move |how| {
                    let port = &container[*probe][*how]["port"];
                    (!port.is_null()).then(|| (format!("{probe}.{how}"), port.clone()))
                })
        })
        .collect()
}

fn template_labels(doc: &Value) -> Option<&serde_json::Map<String, Value>> {
    doc["spec"]["template"]["metadata"]["labels"].as_object()
}

fn check_ports(case: &str, docs: &[Value], problems: &mut Vec<String>) {
    for doc in docs {
        for spec in pod_specs(doc) {
            for c in containers(spec) {
                for (probe, port) in probe_ports(c) {
                    if !declares(c, &port) {
                        problems.push(format!(
                            "{case}: {} container {}: {probe} port {port} is not declared",
                            id(doc),
                            c["name"]
                        ));
                    }
                }
            }
        }
    }
    for svc in docs.iter().filter(|d| d["kind"] == "Service") {
        let Some(selector) = svc["spec"]["selector"].as_object() else {
            continue;
        };
        let pods: Vec<&Value> = docs
            .iter()
            .filter(|d| d["metadata"]["namespace"] == svc["metadata"]["namespace"])
            .filter(|d| {
                template_labels(d)
                    .is_some_and(|l| selector.iter().all(|(k, v)| l.get(k) == Some(v)))
            })
            .flat_map(pod_specs)
            .collect();
        if pods.is_empty() {
            problems.push(format!("{case}: {} selects no rendered pod", id(svc)));
            continue;
        }
        for port in svc["spec"]["ports"].as_array().into_iter().flatten() {
            let target = if port["targetPort"].is_null() {
                &port["port"]
            } else {
                &port["targetPort"]
            };
            if !pods
                .iter()
                .any(|p| containers(p).iter().any(|c| declares(c, target)))
            {
                problems.push(format!(
                    "{case}: {} targetPort {target} is not declared by its pods",
                    id(svc)
                ));
            }
        }
    }
}

/// The keys a rendered Secret or ConfigMap holds.
fn keys(docs: &[Value], kind: &str, namespace: &Value, name: &str) -> Option<Vec<String>> {
    let doc = docs.iter().find(|d| {
        d["kind"] == kind
            && d["metadata"]["namespace"] == *namespace
            && d["metadata"]["name"] == name
    })?;
    Some(
        ["data", "stringData"]
            .iter()
            .flat_map(|f| {
                doc[*f]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
            })
            .collect(),
    )
}

/// Every `(kind, name, key)` a doc refers to: env of its pods, and the
/// environment KubeSpawner gives notebook pods (in the hub's config file).
fn references(doc: &Value) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let mut push = |from: &Value| {
        for (field, kind) in [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")] {
            let r = &from[field];
            if r.is_object() && r["optional"] != true {
                out.push((
                    kind,
                    r["name"].as_str().unwrap_or("").to_string(),
                    r["key"].as_str().unwrap_or("").to_string(),
                ));
            }
        }
    };
    for spec in pod_specs(doc) {
        for c in containers(spec) {
            for e in c["env"].as_array().into_iter().flatten() {
                push(&e["valueFrom"]);
            }
        }
    }
    if let Some(config) = doc["data"]["jupyterhub_config.py"].as_str() {
        for line in config.lines().filter(|l| l.contains("\"valueFrom\"")) {
            let json = line
                .trim()
                .trim_end_matches(',')
                .split_once(": ")
                .map(|(_, v)| v.to_string())
                .unwrap_or_default();
            let value: Value =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{line}: {e}"));
            push(&value["valueFrom"]);
        }
    }
    out
}

/// The keys of the Secret or ConfigMap a rendered ObjectBucketClaim of this
/// name makes (its provisioner's, listed in `tests/facts/rook.yaml`).
fn provisioned_keys(
    docs: &[Value],
    kind: &str,
    namespace: &Value,
    name: &str,
) -> Option<Vec<String>> {
    docs.iter().find(|d| {
        d["kind"] == "ObjectBucketClaim"
            && d["metadata"]["namespace"] == *namespace
            && d["metadata"]["name"] == name
    })?;
    let field = if kind == "Secret" {
        "secretKeys"
    } else {
        "configMapKeys"
    };
    let facts = crate::rendered::facts("rook.yaml");
    Some(
        facts["bucketClaims"][field]
            .as_array()?
            .iter()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect(),
    )
}

fn check_keys(case: &str, docs: &[Value], user_secret: Option<&str>, problems: &mut Vec<String>) {
    for doc in docs {
        for (kind, name, key) in references(doc) {
            let namespace = &doc["metadata"]["namespace"];
            let held = keys(docs, kind, namespace, &name)
                .or_else(|| provisioned_keys(docs, kind, namespace, &name))
                .or_else(|| {
                    (kind == "Secret" && Some(name.as_str()) == user_secret)
                        .then(|| USER_S3_KEYS.iter().map(|k| k.to_string()).collect())
                });
            match held {
                Some(keys) if keys.contains(&key) => {}
                Some(_) => problems.push(format!(
                    "{case}: {} refers to key {key} that {kind}/{name} does not hold",
                    id(doc)
                )),
                None => problems.push(format!(
                    "{case}: {} refers to {kind}/{name}, which is not rendered",
                    id(doc)
                )),
            }
        }
    }
}

#[test]
fn ports_and_key_references_point_at_what_the_render_declares() {
    let mut problems = Vec::new();
    let mut refs = 0;
    for (case, args) in CASES.iter().chain(MORE) {
        let docs = documents(&render(args).stdout);
        let user_secret = args
            .iter()
            .any(|a| a.starts_with("s3.endpoint="))
            .then_some("s3-credentials");
        check_ports(case, &docs, &mut problems);
        check_keys(case, &docs, user_secret, &mut problems);
        refs += docs.iter().map(|d| references(d).len()).sum::<usize>();
    }
    assert!(refs > 50, "the references were found ({refs})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checks_catch_a_wrong_port_and_a_missing_key() {
    let docs = documents(
        "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\nspec:\n  selector: {app: a}\n  ports: [{port: 80, targetPort: web}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: n}\nspec:\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers:\n      - name: c\n        ports: [{name: http, containerPort: 8080}]\n        readinessProbe: {tcpSocket: {port: 9090}}\n        env:\n        - {name: X, valueFrom: {secretKeyRef: {name: sec, key: missing}}}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: sec, namespace: n}\nstringData: {present: \"\"}\n",
    );
    let mut problems = Vec::new();
    check_ports("t", &docs, &mut problems);
    check_keys("t", &docs, None, &mut problems);
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn grafanas_data_source_is_a_rendered_service_and_port() {
    for args in [
        &["-p", "monitoring"][..],
        &["-p", "monitoring", "--platform", "openshift"],
    ] {
        let docs = documents(&render(args).stdout);
        let cm = docs
            .iter()
            .find(|d| d["kind"] == "ConfigMap" && d["metadata"]["name"] == "grafana-datasources")
            .expect("grafana-datasources");
        let provisioning: Value =
            odh::yaml::from_str(cm["data"]["prometheus.yaml"].as_str().unwrap()).unwrap();
        let url = provisioning["datasources"][0]["url"].as_str().unwrap();
        let (host, port) = url.trim_start_matches("http://").split_once(':').unwrap();
        let port: u64 = port.trim_end_matches('/').parse().unwrap();
        let (service, namespace) = host
            .split_once('.')
            .map(|(s, rest)| (s, rest.trim_end_matches(".svc")))
            .unwrap();
        let svc = docs
            .iter()
            .find(|d| {
                d["kind"] == "Service"
                    && d["metadata"]["name"] == service
                    && d["metadata"]["namespace"] == namespace
            })
            .unwrap_or_else(|| panic!("{url}: no Service {service} in {namespace}"));
        assert!(
            svc["spec"]["ports"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["port"] == port),
            "{url}: Service {service} has no port {port}"
        );
    }
}
