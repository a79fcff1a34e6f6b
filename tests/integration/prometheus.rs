//! The rendered Prometheus configuration read by the real Prometheus (Debian's
//! package, built without Kubernetes discovery): each `kubernetes_sd_configs`
//! block is swapped for `file_sd_configs`, everything else as rendered. The
//! file-discovered targets carry the `__meta_kubernetes_pod_*` labels that pod
//! discovery would give; `/api/v1/targets` shows which are kept and where.

use crate::local::{Running, free_port, get, wait_for};
use crate::render::render;
use crate::rendered::{documents, facts};
use crate::tools;
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// The rendered `prometheus.yml`, parsed.
fn rendered_config() -> Value {
    let docs = documents(&render(&["-p", "monitoring"]).stdout);
    let cm = docs
        .iter()
        .find(|d| d["kind"] == "ConfigMap" && d["metadata"]["name"] == "prometheus-config")
        .expect("ConfigMap prometheus-config");
    odh::yaml::from_str(cm["data"]["prometheus.yml"].as_str().unwrap()).unwrap()
}

/// Swaps every `kubernetes_sd_configs` for a `file_sd_configs` reading `targets`.
fn with_file_discovery(mut config: Value, targets: &Path) -> (Value, usize) {
    let mut swapped = 0;
    for job in config["scrape_configs"].as_array_mut().unwrap() {
        let job = job.as_object_mut().unwrap();
        if job.remove("kubernetes_sd_configs").is_some() {
            job.insert(
                "file_sd_configs".into(),
                json!([{"files": [targets.display().to_string()], "refresh_interval": "1s"}]),
            );
            swapped += 1;
        }
    }
    (config, swapped)
}

/// One discovered target as pod discovery labels it: one per container port.
fn pod_target(
    pod: &str,
    ip: &str,
    port: u16,
    port_name: &str,
    annotations: &[(&str, &str)],
) -> Value {
    let mut labels = serde_json::Map::new();
    labels.insert("__meta_kubernetes_namespace".into(), "opendatahub".into());
    labels.insert("__meta_kubernetes_pod_name".into(), pod.into());
    labels.insert("__meta_kubernetes_pod_phase".into(), "Running".into());
    labels.insert("__meta_kubernetes_pod_label_app".into(), pod.into());
    labels.insert(
        "__meta_kubernetes_pod_container_port_name".into(),
        port_name.into(),
    );
    labels.insert(
        "__meta_kubernetes_pod_container_port_number".into(),
        port.to_string().into(),
    );
    for (k, v) in annotations {
        let name: String = k
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        labels.insert(
            format!("__meta_kubernetes_pod_annotation_{name}"),
            (*v).into(),
        );
        labels.insert(
            format!("__meta_kubernetes_pod_annotationpresent_{name}"),
            "true".into(),
        );
    }
    json!({"targets": [format!("{ip}:{port}")], "labels": labels})
}

fn write_yaml(path: &Path, value: &Value) {
    // JSON is YAML: Prometheus reads it as is.
    std::fs::write(path, serde_json::to_string_pretty(value).unwrap()).unwrap();
}

#[test]
fn promtool_accepts_the_rendered_configuration() {
    let (_, promtool) = tools::prometheus();
    let dir = crate::harness::tempdir();
    let targets = dir.path().join("targets.json");
    std::fs::write(&targets, "[]").unwrap();
    let (config, swapped) = with_file_discovery(rendered_config(), &targets);
    assert_eq!(swapped, 1, "one kubernetes_sd_configs block");
    let path = dir.path().join("prometheus.yml");
    write_yaml(&path, &config);
    let out = Command::new(promtool)
        .args(["check", "config"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "promtool check config:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn prometheus_keeps_annotated_pods_at_their_port_and_path_and_drops_the_rest() {
    let (prometheus, _) = tools::prometheus();
    let seldon = &facts("upstream.yaml")["seldon"];
    let dir = crate::harness::tempdir();
    let targets = dir.path().join("targets.json");
    let executor = |name: &str| seldon["executorPorts"][name].as_u64().unwrap() as u16;
    let seldon_path = seldon["metricsPath"].as_str().unwrap();
    let seldon_annotations = [
        ("prometheus.io/scrape", "true"),
        ("prometheus.io/path", seldon_path),
    ];
    let discovered = json!([
        pod_target(
            "annotated",
            "127.0.0.1",
            9000,
            "api",
            &[
                ("prometheus.io/scrape", "true"),
                ("prometheus.io/port", "9100"),
                ("prometheus.io/path", "/minio/v2/metrics/cluster"),
            ]
        ),
        pod_target("unannotated", "127.0.0.2", 8080, "http", &[]),
        // A Seldon pod as Seldon Core annotates it: a path, no port.
        pod_target(
            "seldon",
            "127.0.0.3",
            executor("http"),
            "http",
            &seldon_annotations
        ),
        pod_target(
            "seldon",
            "127.0.0.3",
            executor("metrics"),
            "metrics",
            &seldon_annotations
        ),
        pod_target(
            "seldon",
            "127.0.0.3",
            executor("grpc"),
            "grpc",
            &seldon_annotations
        ),
        pod_target("seldon", "127.0.0.3", 9000, "http", &seldon_annotations),
        pod_target(
            "seldon",
            "127.0.0.3",
            6000,
            seldon["modelMetricsPortName"].as_str().unwrap(),
            &seldon_annotations
        ),
    ]);
    write_yaml(&targets, &discovered);
    let (config, _) = with_file_discovery(rendered_config(), &targets);
    let config_path = dir.path().join("prometheus.yml");
    write_yaml(&config_path, &config);
    let port = free_port();
    let _server = Running(
        Command::new(prometheus)
            .arg(format!("--config.file={}", config_path.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting prometheus"),
    );
    let targets: Value = wait_for(
        "Prometheus to discover the pod targets",
        Duration::from_secs(60),
        || {
            let (status, body) = get(port, "/api/v1/targets").ok()?;
            let v: Value = serde_json::from_str(&body).ok()?;
            let pods = v["data"]["activeTargets"]
                .as_array()?
                .iter()
                .filter(|t| t["labels"]["job"] == "kubernetes-pods")
                .count();
            (status == 200 && pods > 0).then_some(v)
        },
    );
    let active: Vec<(String, String)> = targets["data"]["activeTargets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["labels"]["job"] == "kubernetes-pods")
        .map(|t| {
            (
                t["labels"]["pod"].as_str().unwrap_or("").to_string(),
                t["scrapeUrl"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        active.contains(&(
            "annotated".into(),
            "http://127.0.0.1:9100/minio/v2/metrics/cluster".into()
        )),
        "the annotated pod at its annotated port and path: {active:?}"
    );
    assert!(
        !active.iter().any(|(p, _)| p == "unannotated"),
        "{active:?}"
    );
    let mut seldon_urls: Vec<&str> = active
        .iter()
        .filter(|(p, _)| p == "seldon")
        .map(|(_, u)| u.as_str())
        .collect();
    seldon_urls.sort();
    assert_eq!(
        seldon_urls,
        [
            format!("http://127.0.0.3:6000{seldon_path}"),
            format!("http://127.0.0.3:{}{seldon_path}", executor("metrics")),
        ],
        "only the ports named metrics of a Seldon pod"
    );
    let dropped = targets["data"]["droppedTargets"].as_array().unwrap();
    assert!(
        dropped
            .iter()
            .any(|t| t["discoveredLabels"]["__meta_kubernetes_pod_name"] == "unannotated"),
        "the unannotated pod is dropped"
    );
}
