//! The simulated programs' answers against the upstream facts in `tests/facts/verify.yaml`
//! (shared with odh's own checks). Tests only.

use super::apps::AppRequest;
use super::{grafana, hub, models, parse, prometheus, proxy_verb, sigv4};
use crate::ops::{self, WriteOpts};
use crate::options::Options;
use crate::state::{Shared, State};
use base64::Engine;
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::{HeaderMap, Method};
use serde_json::{Value, json};
use std::sync::Arc;

const FACTS: &str = include_str!("../../../facts/verify.yaml");

fn fact(key: &str) -> Value {
    let facts: Vec<Value> = serde_saphyr::from_str(FACTS).expect("the facts file is YAML");
    facts
        .into_iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no fact {key}"))["value"]
        .clone()
}

fn list(key: &str) -> Vec<String> {
    fact(key)
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn state() -> Arc<Shared> {
    let shared = Shared::new(&Options::default());
    crate::seed::kubernetes(&mut shared.lock());
    shared
}

fn request(method: Method, path: &str, body: &str, headers: &[(&str, &str)]) -> AppRequest {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        let name = hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap();
        map.insert(name, v.parse().unwrap());
    }
    AppRequest {
        method,
        path: path.into(),
        query: Vec::new(),
        headers: map,
        host: "127.0.0.1:6443".into(),
        body: Bytes::from(body.to_string()),
        namespace: "default".into(),
        port: String::new(),
        pods: Vec::new(),
    }
}

/// Status, Set-Cookie values and JSON body of an answer.
fn read(resp: crate::http::Resp) -> (u16, Vec<String>, Value) {
    let status = resp.status().as_u16();
    let cookies = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
        .collect();
    let body = futures::executor::block_on(resp.into_body().collect())
        .unwrap()
        .to_bytes();
    (
        status,
        cookies,
        serde_json::from_slice(&body).unwrap_or(Value::Null),
    )
}

/// A hub pod whose shared password comes from Secret `hub`.
fn with_hub(st: &mut State, password: &str) {
    let o = WriteOpts::internal("test");
    let encoded = base64::engine::general_purpose::STANDARD.encode(password);
    let secret = json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "hub", "namespace": "default"}, "data": {"login-password": encoded}});
    let ri = st.ri("v1", "Secret").unwrap();
    ops::create(st, &ri, "default", secret, &o).unwrap();
    let pod = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "hub-0", "namespace": "default"},
        "spec": {"containers": [{"name": "hub", "image": "quay.io/jupyterhub/k8s-hub:4.4.0",
            "env": [{"name": "JUPYTERHUB_SHARED_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "hub", "key": "login-password"}}}]}]}});
    let ri = st.ri("v1", "Pod").unwrap();
    ops::create(st, &ri, "default", pod, &o).unwrap();
}

#[test]
fn the_hub_answers_as_jupyterhub_5_5_0() {
    let shared = state();
    let mut st = shared.lock();
    with_hub(&mut st, "pa55word");
    let (status, _, body) = read(hub::answer(
        &mut st,
        &request(Method::GET, "/hub/api", "", &[]),
    ));
    assert_eq!(
        (status, body["version"].as_str()),
        (200, fact("jupyterhub.version").as_str())
    );
    // A token for a user the hub has never seen is refused, like for wrong credentials.
    let path = fact("jupyterhub.tokens.path")
        .as_str()
        .unwrap()
        .replace("{name}", "odh-verify");
    let field = fact("jupyterhub.tokens.credentials-field")
        .as_str()
        .unwrap()
        .to_string();
    let ask = |password: &str| {
        json!({field.clone(): {"username": "odh-verify", "password": password}}).to_string()
    };
    let refused = fact("jupyterhub.tokens.refused").as_u64().unwrap() as u16;
    let (status, _, _) = read(hub::answer(
        &mut st,
        &request(Method::POST, &path, &ask("pa55word"), &[]),
    ));
    assert_eq!(status, refused);
    // Log in with the form (its _xsrf cookie repeated), then the token is issued.
    let (_, cookies, _) = read(hub::answer(
        &mut st,
        &request(Method::GET, "/hub/login", "", &[]),
    ));
    let xsrf = cookies[0].clone();
    let token = xsrf.trim_start_matches("_xsrf=").to_string();
    let form = format!("_xsrf={token}&username=odh-verify&password=pa55word");
    let (status, cookies, _) = read(hub::answer(
        &mut st,
        &request(Method::POST, "/hub/login", &form, &[("cookie", &xsrf)]),
    ));
    assert_eq!(status, 302);
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("jupyterhub-hub-login="))
    );
    let wrong = format!("_xsrf={token}&username=odh-verify&password=nope");
    let (status, _, _) = read(hub::answer(
        &mut st,
        &request(Method::POST, "/hub/login", &wrong, &[("cookie", &xsrf)]),
    ));
    assert_eq!(status, 403);
    let (status, _, body) = read(hub::answer(
        &mut st,
        &request(Method::POST, &path, &ask("pa55word"), &[]),
    ));
    assert_eq!(
        status as u64,
        fact("jupyterhub.tokens.created").as_u64().unwrap()
    );
    assert!(body["token"].as_str().is_some_and(|t| !t.is_empty()));
    let (status, _, _) = read(hub::answer(
        &mut st,
        &request(Method::POST, &path, &ask("nope"), &[]),
    ));
    assert_eq!(status, refused);
}

#[test]
fn prometheus_and_grafana_answer_with_their_shapes() {
    let shared = state();
    let mut st = shared.lock();
    let path = fact("prometheus.targets.path");
    let (status, _, body) = read(prometheus::answer(
        &st,
        &request(Method::GET, path.as_str().unwrap(), "", &[]),
    ));
    assert_eq!((status, body["status"].as_str()), (200, Some("success")));
    let target = &body["data"]["activeTargets"][0];
    for field in list("prometheus.targets.fields") {
        assert!(target.get(&field).is_some(), "targets carry {field}");
    }
    assert!(
        list("prometheus.targets.health").contains(&target["health"].as_str().unwrap().to_string())
    );
    let health = fact("grafana.health.path");
    let (status, _, body) = read(grafana::answer(
        &mut st,
        &request(Method::GET, health.as_str().unwrap(), "", &[]),
    ));
    assert_eq!((status, body["database"].as_str()), (200, Some("ok")));
    let ds = fact("grafana.datasource-health.path")
        .as_str()
        .unwrap()
        .replace("{uid}", "prometheus");
    let (status, _, _) = read(grafana::answer(
        &mut st,
        &request(Method::GET, &ds, "", &[]),
    ));
    assert_eq!(status, 401, "the data source health needs a session");
}

#[test]
fn models_fail_with_the_executor_shape_and_answer_seldon_messages() {
    let shared = state();
    let st = shared.lock();
    let path = fact("seldon.predictions.path");
    let mut req = request(
        Method::POST,
        path.as_str().unwrap(),
        r#"{"strData":"bugs=x"}"#,
        &[],
    );
    req.pods =
        vec![json!({"metadata": {"labels": {"seldon-deployment-id": "duplicate-bug-detection"}}})];
    let (status, _, body) = read(models::answer(&st, &req));
    assert_eq!((status, body["strData"].as_str()), (200, Some("FAIL")));
    assert!(
        list("seldon.message.payloads")
            .iter()
            .any(|p| body.get(p).is_some())
    );
    req.body = Bytes::from(r#"{"strData":"no equals sign"}"#);
    let (status, _, body) = read(models::answer(&st, &req));
    assert_eq!(status, 500);
    assert_eq!(body["status"]["status"], fact("seldon.error.status"));
}

#[test]
fn the_proxy_takes_every_method_and_the_aws_example_signature() {
    for method in list("apiserver.proxy.methods") {
        let m: Method = method.parse().unwrap();
        assert!(!proxy_verb(&m).is_empty());
    }
    assert!(parse("/api/v1/namespaces/n/services/s:p/proxy/x").is_some());
    let query: Vec<(String, String)> = [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        (
            "X-Amz-Credential",
            "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request",
        ),
        ("X-Amz-Date", "20130524T000000Z"),
        ("X-Amz-Expires", "86400"),
        ("X-Amz-SignedHeaders", "host"),
        (
            "X-Amz-Signature",
            fact("aws.sigv4.presigned-example").as_str().unwrap(),
        ),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_369_353_600 + 60);
    let keys = |a: &str| {
        (a == "AKIAIOSFODNN7EXAMPLE")
            .then(|| "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_string())
    };
    assert!(
        sigv4::check(
            "GET",
            "/test.txt",
            &query,
            "examplebucket.s3.amazonaws.com",
            at,
            keys
        )
        .is_ok()
    );
}
