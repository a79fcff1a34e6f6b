//! Helpers shared by the integration tests: kube clients for a running test cluster, raw HTTP
//! requests, transcript fixtures and shape comparison.
#![allow(dead_code)]

pub mod shape;

use http_body_util::BodyExt;
use kube::config::{KubeConfigOptions, Kubeconfig};
use odh_testcluster::TestCluster;
use serde_json::Value;
use std::path::PathBuf;

/// A kube client for the cluster (`context` None: the default admin context).
pub async fn client_with(tc: &TestCluster, context: Option<&str>, retry: bool) -> kube::Client {
    let kc = Kubeconfig::read_from(tc.kubeconfig_path()).expect("kubeconfig");
    let opts = KubeConfigOptions {
        context: context.map(str::to_string),
        ..Default::default()
    };
    let mut cfg = kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .expect("config");
    cfg.default_retry = retry;
    kube::Client::try_from(cfg).expect("client")
}

/// A client whose admin user presents `token` instead of the real one.
pub async fn client_with_token(tc: &TestCluster, token: &str) -> kube::Client {
    let text = std::fs::read_to_string(tc.kubeconfig_path())
        .expect("kubeconfig")
        .replace(tc.admin_token(), token);
    let kc: Kubeconfig = Kubeconfig::from_yaml(&text).expect("kubeconfig yaml");
    let mut cfg = kube::Config::from_custom_kubeconfig(kc, &KubeConfigOptions::default())
        .await
        .expect("config");
    cfg.default_retry = false;
    kube::Client::try_from(cfg).expect("client")
}

/// The admin client without automatic retries.
pub async fn client(tc: &TestCluster) -> kube::Client {
    client_with(tc, None, false).await
}

/// A raw response.
pub struct Raw {
    pub status: u16,
    pub headers: hyper::HeaderMap,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&self.body).into_owned()))
    }

    pub fn content_type(&self) -> String {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }
}

/// Sends one request through the client (its auth and TLS) and reads the whole body.
pub async fn raw(
    client: &kube::Client,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Raw {
    let mut b = hyper::Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let req = b.body(kube::client::Body::from(body)).expect("request");
    let resp = client.send(req).await.expect("send");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map(|c| c.to_bytes().to_vec())
        .unwrap_or_default();
    Raw {
        status,
        headers,
        body,
    }
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("transcripts")
}

/// Loads the transcript whose file name starts with `prefix` (e.g. "09").
pub fn transcript(prefix: &str) -> Value {
    let dir = fixture_dir();
    let entry = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{prefix}-"))
        })
        .unwrap_or_else(|| panic!("no transcript {prefix}"));
    serde_json::from_slice(&std::fs::read(entry.path()).expect("read")).expect("json")
}

/// Replays a transcript's request (as `curl` would have sent it). Returns the raw response.
pub async fn replay(client: &kube::Client, t: &Value) -> Raw {
    let r = &t["request"];
    let mut uri = r["path"].as_str().unwrap_or("/").to_string();
    if let Some(q) = r["query"].as_object().filter(|q| !q.is_empty()) {
        let parts: Vec<String> = q
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v.as_str().unwrap_or(""))))
            .collect();
        uri = format!("{uri}?{}", parts.join("&"));
    }
    let mut headers: Vec<(String, String)> = vec![("User-Agent".into(), "curl/8.5.0".into())];
    if let Some(h) = r["headers"].as_object() {
        for (k, v) in h {
            headers.push((k.clone(), v.as_str().unwrap_or("").to_string()));
        }
    }
    let body = match &r["body"] {
        Value::Null => Vec::new(),
        Value::String(s) => s.as_bytes().to_vec(),
        other => serde_json::to_vec(other).expect("body"),
    };
    let hs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    raw(
        client,
        r["method"].as_str().unwrap_or("GET"),
        &uri,
        &hs,
        body,
    )
    .await
}

/// Keys whose values differ between runs: only their presence and type are compared.
pub const VOLATILE: &[&str] = &[
    "uid",
    "resourceVersion",
    "creationTimestamp",
    "deletionTimestamp",
    "time",
    "lastTransitionTime",
    "lastUpdateTime",
    "lastProbeTime",
    "clusterIP",
    "storageVersionHash",
    "serverAddress",
    "expirationTimestamp",
    "token",
    "continue",
    "startTime",
    "startedAt",
    "completionTime",
];

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Removes `.` markers and uid-keyed entries from fieldsV1 (they depend on schema details and uids).
pub fn normalize_fields(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.remove(".");
            let keys: Vec<String> = m.keys().cloned().collect();
            for k in keys {
                if k.starts_with("k:{\"uid\"") {
                    m.remove(&k);
                    m.insert("k:{uid}".into(), Value::Object(Default::default()));
                    continue;
                }
                if let Some(c) = m.get_mut(&k) {
                    normalize_fields(c);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(normalize_fields),
        _ => {}
    }
}

fn normalize(v: &mut Value) {
    match v {
        Value::Object(m) => {
            for (k, c) in m.iter_mut() {
                if k == "fieldsV1" {
                    normalize_fields(c);
                } else {
                    normalize(c);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(normalize),
        _ => {}
    }
}

fn diff(exp: &Value, act: &Value, path: &str, volatile: &[&str], out: &mut Vec<String>) {
    let key = path.rsplit('.').next().unwrap_or("");
    let key = key.split('[').next().unwrap_or(key);
    if volatile.contains(&key) {
        if type_of(exp) != type_of(act) {
            out.push(format!("{path}: type {} != {}", type_of(exp), type_of(act)));
        }
        return;
    }
    match (exp, act) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                match a.get(k) {
                    Some(av) => diff(ev, av, &format!("{path}.{k}"), volatile, out),
                    None => out.push(format!("{path}.{k}: missing (expected {ev})")),
                }
            }
            for k in a.keys() {
                if !e.contains_key(k) {
                    out.push(format!("{path}.{k}: unexpected {}", a[k]));
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{path}: {} items, expected {}", a.len(), e.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a.iter()).enumerate() {
                diff(ev, av, &format!("{path}[{i}]"), volatile, out);
            }
        }
        (e, a) => {
            if e != a {
                out.push(format!("{path}: {a} != expected {e}"));
            }
        }
    }
}

/// Differences between an expected and an actual body, ignoring volatile values.
pub fn differences(expected: &Value, actual: &Value, extra_volatile: &[&str]) -> Vec<String> {
    let mut e = expected.clone();
    let mut a = actual.clone();
    normalize(&mut e);
    normalize(&mut a);
    let mut vol: Vec<&str> = VOLATILE.to_vec();
    vol.extend_from_slice(extra_volatile);
    let mut out = Vec::new();
    diff(&e, &a, "", &vol, &mut out);
    out
}

/// Asserts the response matches the transcript's status and body.
pub fn assert_matches(t: &Value, got: &Raw, extra_volatile: &[&str]) {
    let what = t["what"].as_str().unwrap_or("");
    let want_status = t["response"]["status"].as_u64().unwrap_or(0) as u16;
    assert_eq!(
        got.status,
        want_status,
        "{what}: status (body {})",
        got.json()
    );
    let d = differences(&t["response"]["body"], &got.json(), extra_volatile);
    assert!(
        d.is_empty(),
        "{what}:\n  {}\nactual: {}",
        d.join("\n  "),
        got.json()
    );
}

/// A kubectl command line against the cluster with a private cache directory.
pub fn kubectl_command(tc: &TestCluster, cache: &std::path::Path) -> std::process::Command {
    let mut c = std::process::Command::new("kubectl");
    c.arg("--kubeconfig")
        .arg(tc.kubeconfig_path())
        .arg("--cache-dir")
        .arg(cache)
        .env_remove("KUBECONFIG")
        .stdin(std::process::Stdio::null());
    c
}

/// Runs kubectl against the cluster with a private cache directory.
///
/// # Panics
/// When kubectl is not on PATH: these tests need the real kubectl (1.32 or newer).
pub fn kubectl(tc: &TestCluster, cache: &std::path::Path, args: &[&str]) -> std::process::Output {
    kubectl_command(tc, cache)
        .args(args)
        .output()
        .expect("running kubectl: these tests need the real kubectl (1.32 or newer) on PATH")
}

/// A test cluster with kubectl's cache and a scratch directory, for driving the real kubectl.
pub struct Kubectl {
    pub tc: TestCluster,
    pub cache: tempfile::TempDir,
    pub dir: tempfile::TempDir,
}

impl Kubectl {
    pub fn new(opts: odh_testcluster::Options) -> Kubectl {
        Kubectl {
            tc: TestCluster::spawn(opts),
            cache: tempfile::tempdir().expect("tempdir"),
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        kubectl(&self.tc, self.cache.path(), args)
    }

    /// Runs kubectl, asserts it succeeded and returns stdout.
    #[track_caller]
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "kubectl {}: {}\nstdout: {stdout}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    }

    /// Runs kubectl, asserts it failed and returns stderr.
    #[track_caller]
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "kubectl {} should fail; stdout: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// A file in the scratch directory.
    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).expect("writing a scratch file");
        p.to_string_lossy().into_owned()
    }

    /// `kubectl get -o json` of one object, parsed.
    #[track_caller]
    pub fn get_json(&self, args: &[&str]) -> Value {
        let mut a = vec!["get"];
        a.extend_from_slice(args);
        a.extend_from_slice(&["-o", "json"]);
        serde_json::from_str(&self.ok(&a)).expect("kubectl get -o json")
    }
}
