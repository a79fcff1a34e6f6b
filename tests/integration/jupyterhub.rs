//! The rendered `jupyterhub_config.py` read by the real JupyterHub 5.5.0 with
//! KubeSpawner 7.0.0 behind configurable-http-proxy 5.2.0, all on 127.0.0.1,
//! spawning onto the test cluster through a kubeconfig (kubernetes_asyncio
//! reads `KUBECONFIG`).
//!
//! The test loads `overrides.py` as the config file; it loads the rendered
//! file first (`load_subconfig`) and then overrides only what a test must
//! change: the hub's and the proxy's addresses (`JupyterHub.bind_url`,
//! `hub_bind_url`, `hub_connect_url`, `ConfigurableHTTPProxy.api_url`) and the
//! paths of the database and cookie secret (`db_url`, `cookie_secret_file`),
//! and where the hub reaches the user's server (`KubeSpawner.pod_connect_ip`,
//! 127.0.0.1: the test cluster's pod IPs lead nowhere, and tests reach only
//! loopback).
//! The environment is the hub Deployment's, with values a test makes up.

use crate::local::{Running, free_port, get, wait_for};
use crate::render::render;
use crate::rendered::{containers, documents, env, facts, pod_specs};
use crate::tools;
use odh_testcluster::{Options, TestCluster};
use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const NAMESPACE: &str = "opendatahub";

/// Logs in through the hub's login form and REST API, then asks for a server.
const DRIVER: &str = r#"
import json, sys, requests
base, user, password = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}
bad = requests.post(f"{base}/hub/api/users/{user}/tokens",
                    json={"auth": {"username": user, "password": password + "x"}})
out["wrong_password_status"] = bad.status_code
s = requests.Session()
s.get(f"{base}/hub/login")
r = s.post(f"{base}/hub/login", allow_redirects=False,
           data={"username": user, "password": password, "_xsrf": s.cookies.get("_xsrf", "")})
out["login_status"] = r.status_code
r = requests.post(f"{base}/hub/api/users/{user}/tokens",
                  json={"auth": {"username": user, "password": password}, "note": "test"})
out["token_status"] = r.status_code
token = r.json().get("token", "") if r.ok else ""
headers = {"Authorization": f"token {token}"}
r = requests.get(f"{base}/hub/api/user", headers=headers)
out["whoami"] = r.json().get("name") if r.ok else None
r = requests.post(f"{base}/hub/api/users/{user}/server", headers=headers)
out["spawn_status"] = r.status_code
print(json.dumps(out))
"#;

/// The rendered hub: its config file and its container.
fn rendered_hub() -> (String, Value) {
    let docs = documents(&render(&["-p", "core"]).stdout);
    let config = docs
        .iter()
        .find(|d| d["kind"] == "ConfigMap" && d["metadata"]["name"] == "hub")
        .and_then(|d| d["data"]["jupyterhub_config.py"].as_str())
        .expect("ConfigMap hub with jupyterhub_config.py")
        .to_string();
    let hub = docs
        .iter()
        .find(|d| d["kind"] == "Deployment" && d["metadata"]["name"] == "hub")
        .expect("Deployment hub");
    (config, containers(pod_specs(hub)[0])[0].clone())
}

/// The hub container's environment with made-up values for what comes from
/// the Secret and the downward API.
fn hub_environment(container: &Value, token: &str, password: &str) -> Vec<(String, String)> {
    container["env"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let name = e["name"].as_str().unwrap().to_string();
            let value = if let Some(v) = e["value"].as_str() {
                v.to_string()
            } else if e["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.namespace" {
                NAMESPACE.to_string()
            } else {
                match e["valueFrom"]["secretKeyRef"]["key"].as_str() {
                    Some("proxy-token") => token.to_string(),
                    Some("login-password") => password.to_string(),
                    other => panic!("hub env {name} from {other:?}: no test value"),
                }
            };
            (name, value)
        })
        .collect()
}

fn overrides(rendered: &Path, dir: &Path, proxy: u16, api: u16, hub: u16) -> String {
    format!(
        "c = get_config()  # noqa: F821\nload_subconfig({rendered:?})  # noqa: F821\n\
         c.JupyterHub.bind_url = \"http://127.0.0.1:{proxy}\"\n\
         c.JupyterHub.hub_bind_url = \"http://127.0.0.1:{hub}\"\n\
         c.JupyterHub.hub_connect_url = \"http://127.0.0.1:{hub}\"\n\
         c.ConfigurableHTTPProxy.api_url = \"http://127.0.0.1:{api}\"\n\
         c.JupyterHub.db_url = \"sqlite:///{db}\"\n\
         c.JupyterHub.cookie_secret_file = {cookie:?}\n\
         c.KubeSpawner.pod_connect_ip = \"127.0.0.1\"\n",
        rendered = rendered.display().to_string(),
        db = dir.join("jupyterhub.sqlite").display(),
        cookie = dir.join("jupyterhub_cookie_secret").display().to_string(),
    )
}

/// Lines of the hub's log that say a config option was not recognised.
fn unrecognised_options(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains("not recognized by"))
        .collect()
}

#[test]
fn jupyterhub_runs_the_rendered_config_logs_in_and_spawns_onto_the_cluster() {
    let (python, chp) = (tools::python_bin("python"), tools::chp());
    let hub_facts = &facts("upstream.yaml")["jupyterhub"];
    let cluster = TestCluster::spawn(Options::default());
    cluster
        .apply(&json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}}))
        .expect("namespace");
    let dir = crate::harness::tempdir();
    let (config, container) = rendered_hub();
    assert!(config.contains(hub_facts["sharedPasswordOption"].as_str().unwrap()));
    let rendered = dir.path().join("jupyterhub_config.py");
    std::fs::write(&rendered, &config).unwrap();
    let (proxy, api, hub) = (free_port(), free_port(), free_port());
    let overrides_path = dir.path().join("overrides.py");
    std::fs::write(
        &overrides_path,
        overrides(&rendered, dir.path(), proxy, api, hub),
    )
    .unwrap();
    let token = "t0k3n-for-the-proxy-api-0123456789abcdef";
    let password = "a-generated-password-of-32-chars";

    let _chp = Running(
        Command::new(&chp)
            .args(["--ip=127.0.0.1", &format!("--port={proxy}")])
            .args(["--api-ip=127.0.0.1", &format!("--api-port={api}")])
            .arg(format!("--default-target=http://127.0.0.1:{hub}"))
            .env("CONFIGPROXY_AUTH_TOKEN", token)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting configurable-http-proxy"),
    );
    let log_path = dir.path().join("hub.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut command = Command::new(tools::python_bin("jupyterhub"));
    command
        .current_dir(dir.path())
        .args(["--config".as_ref(), overrides_path.as_os_str()])
        .arg("--upgrade-db")
        .env("KUBECONFIG", cluster.kubeconfig_path())
        .envs(hub_environment(&container, token, password))
        .stdout(log.try_clone().unwrap())
        .stderr(log);
    let _hub = Running(command.spawn().expect("starting jupyterhub"));
    let read_log = || std::fs::read_to_string(&log_path).unwrap_or_default();
    wait_for(
        "the hub through the proxy",
        Duration::from_secs(120),
        || {
            let text = read_log();
            assert!(
                !text.contains("Traceback") || get(hub, "/hub/health").is_ok(),
                "the hub failed to start:\n{text}"
            );
            matches!(get(proxy, "/hub/health"), Ok((200, _))).then_some(())
        },
    );
    let text = read_log();
    assert!(
        unrecognised_options(&text).is_empty(),
        "the rendered config sets options JupyterHub does not know:\n{}",
        unrecognised_options(&text).join("\n")
    );
    assert!(!text.contains("Nobody will be able to login"), "{text}");

    let out = Command::new(&python)
        .args([
            "-c",
            DRIVER,
            &format!("http://127.0.0.1:{proxy}"),
            "alice",
            password,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "driver: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["wrong_password_status"], 403, "{result}");
    assert_eq!(
        result["login_status"],
        302,
        "login with the generated password: {result}\n{}",
        read_log()
    );
    assert_eq!(result["token_status"], 201, "{result}");
    assert_eq!(result["whoami"], "alice", "{result}");
    assert!(
        matches!(result["spawn_status"].as_u64(), Some(201 | 202)),
        "{result}\n{}",
        read_log()
    );

    let pod = wait_for(
        "KubeSpawner's pod on the test cluster",
        Duration::from_secs(60),
        || cluster.get("v1", "Pod", NAMESPACE, "jupyter-alice"),
    );
    assert!(
        cluster
            .get("v1", "PersistentVolumeClaim", NAMESPACE, "claim-alice")
            .is_some(),
        "the user's home PVC"
    );
    let notebook = &pod["spec"]["containers"][0];
    for (name, source, key) in [
        ("AWS_S3_ENDPOINT", "configMapKeyRef", "AWS_S3_ENDPOINT"),
        ("AWS_S3_BUCKET", "configMapKeyRef", "AWS_S3_BUCKET"),
        (
            "AWS_DEFAULT_REGION",
            "configMapKeyRef",
            "AWS_DEFAULT_REGION",
        ),
        ("AWS_ACCESS_KEY_ID", "secretKeyRef", "AWS_ACCESS_KEY_ID"),
        (
            "AWS_SECRET_ACCESS_KEY",
            "secretKeyRef",
            "AWS_SECRET_ACCESS_KEY",
        ),
    ] {
        let e = env(notebook, name).unwrap_or_else(|| panic!("notebook env {name}: {notebook}"));
        assert!(
            e.get("value").is_none_or(Value::is_null),
            "{name} is never inline"
        );
        assert_eq!(e["valueFrom"][source]["key"], key, "{name}: {e}");
    }
    let secret = &env(notebook, "AWS_ACCESS_KEY_ID").unwrap()["valueFrom"]["secretKeyRef"]["name"];
    assert_eq!(secret, "s3-credentials");
    assert!(
        !read_log().contains("10.244."),
        "the hub reaches the server on loopback only:\n{}",
        read_log()
    );
}

/// Loads a config file and builds the authenticator from it, as the hub does,
/// with the log on stderr.
const LOAD_AUTHENTICATOR: &str = r#"
import logging, sys
from traitlets.config import PyFileConfigLoader
from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
logging.basicConfig(stream=sys.stderr)
cfg = PyFileConfigLoader(sys.argv[1]).load_config()
SharedPasswordAuthenticator(config=cfg, log=logging.getLogger("hub"))
"#;

#[test]
fn an_option_jupyterhub_does_not_know_is_caught_in_its_log() {
    let dir = crate::harness::tempdir();
    let path = dir.path().join("old.py");
    std::fs::write(
        &path,
        "c = get_config()  # noqa: F821\nc.SharedPasswordAuthenticator.global_password = \"x\" * 32\n",
    )
    .unwrap();
    let out = Command::new(tools::python_bin("python"))
        .args(["-c", LOAD_AUTHENTICATOR])
        .arg(&path)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert_eq!(unrecognised_options(&log).len(), 1, "{log}");
}
