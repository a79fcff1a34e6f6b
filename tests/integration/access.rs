//! The install's final summary says how to reach what it installed: each
//! entry point with its port-forward line (or Route URL) and the command that
//! shows each credential, in text and JSON, never a credential itself.

use crate::install::Env;
use base64::Engine;
use odh_testcluster::{Options, Platform};
use serde_json::Value;

/// Every decoded value of every Secret in a namespace of the test cluster.
fn secret_values(env: &Env, namespace: &str) -> Vec<String> {
    env.cluster
        .list_in("v1", "Secret", Some(namespace))
        .iter()
        .flat_map(|s| s["data"].as_object().cloned().unwrap_or_default())
        .filter_map(|(_, v)| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(v.as_str()?)
                .ok()?;
            String::from_utf8(bytes).ok()
        })
        .filter(|v| v.len() >= 8)
        .collect()
}

#[test]
fn the_summary_names_each_entry_point_and_the_commands_for_credentials() {
    let env = Env::kubernetes();
    let run = env.install(&["-p", "core,monitoring,ai-library"]).success();
    let out = &run.stdout;
    for line in [
        "JupyterHub: http://localhost:8080  (first: kubectl -n opendatahub port-forward svc/proxy-public 8080:80)",
        "password: kubectl -n opendatahub get secret hub -o jsonpath='{.data.login-password}' | base64 -d",
        "S3: http://localhost:9000  (first: kubectl -n opendatahub port-forward svc/minio 9000:9000)",
        "access key: kubectl -n opendatahub get secret s3-credentials -o jsonpath='{.data.AWS_ACCESS_KEY_ID}' | base64 -d",
        "Grafana: http://localhost:3000  (first: kubectl -n odh-monitoring port-forward svc/grafana 3000:3000)",
        "user: admin",
        "password: kubectl -n odh-monitoring get secret grafana-admin -o jsonpath='{.data.admin-password}' | base64 -d",
        "Prometheus: http://localhost:9090",
        "model sentiment-analysis: http://localhost:",
        "/api/v0.1/predictions  (first: kubectl -n opendatahub port-forward svc/sentiment-analysis-default ",
    ] {
        assert!(out.contains(line), "summary lacks {line:?}:\n{out}");
    }
    let mut secrets = secret_values(&env, "opendatahub");
    secrets.extend(secret_values(&env, "odh-monitoring"));
    assert!(secrets.len() >= 4, "the generated credentials exist");
    for value in &secrets {
        assert!(
            !out.contains(value.as_str()) && !run.stderr.contains(value.as_str()),
            "a credential was printed"
        );
    }

    let json = env
        .install(&["-p", "core,monitoring,ai-library", "-o", "json"])
        .success();
    let finished: Value = json
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|e| e["event"] == "finished")
        .expect("a finished event");
    let access = finished["access"].as_array().expect("access entries");
    let names: Vec<&str> = access.iter().filter_map(|e| e["name"].as_str()).collect();
    for name in [
        "JupyterHub",
        "S3",
        "Grafana",
        "Prometheus",
        "model flake-analysis",
    ] {
        assert!(names.contains(&name), "{names:?}");
    }
    let hub = access.iter().find(|e| e["name"] == "JupyterHub").unwrap();
    assert_eq!(
        hub["reach"],
        "kubectl -n opendatahub port-forward svc/proxy-public 8080:80"
    );
    assert!(
        hub["credentials"][1]["command"]
            .as_str()
            .unwrap()
            .contains("login-password")
    );
    for value in &secrets {
        assert!(
            !json.stdout.contains(value.as_str()),
            "a credential was printed"
        );
    }
}

#[test]
fn openshift_names_the_dashboard_and_the_routes() {
    let env = Env::new(Options::default().platform(Platform::OpenShift));
    let run = env
        .install(&["-p", "core,monitoring", "--set", "grafana.route=true"])
        .success();
    assert!(
        run.stdout
            .contains("Open Data Hub dashboard (workbenches): kubectl -n opendatahub get routes"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Grafana: https://")
            || run
                .stdout
                .contains("Grafana: kubectl -n odh-monitoring get route grafana"),
        "{}",
        run.stdout
    );
}
