//! The upstream facts verify relies on (`tests/facts/verify.yaml`, each with its source)
//! against the paths, names and samples the checks use. Tests only.

use super::{
    Outcome, Reply, grafana, jupyterhub, models, openshift, prometheus, s3, serving, sigv4, spark,
};
use serde_json::Value;
use std::time::Duration;

const FACTS: &str = include_str!("../../tests/facts/verify.yaml");

fn facts() -> &'static [Value] {
    static PARSED: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| crate::yaml::from_str(FACTS).expect("the facts file is YAML"))
}

fn fact(key: &str) -> Value {
    let found = facts()
        .iter()
        .find(|f| f["key"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no fact {key}"));
    assert!(
        found["source"].as_str().is_some_and(|s| !s.is_empty()),
        "fact {key} names its source"
    );
    found["value"].clone()
}

fn text(key: &str) -> String {
    fact(key)
        .as_str()
        .unwrap_or_else(|| panic!("{key} is text"))
        .to_string()
}

fn list(key: &str) -> Vec<String> {
    fact(key)
        .as_array()
        .unwrap_or_else(|| panic!("{key} is a list"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn every_fact_names_a_source_with_a_version() {
    assert!(facts().len() > 30);
    for f in facts() {
        let source = f["source"].as_str().unwrap_or("");
        let pinned = source.contains('@')
            || source.starts_with("https://")
            || source.starts_with("akochnev/");
        assert!(pinned, "{}: {source}", f["key"]);
    }
}

#[test]
fn jupyterhub_paths_fields_and_answers_follow_5_5_0() {
    assert_eq!(jupyterhub::API_PATH, text("jupyterhub.api"));
    assert_eq!(
        jupyterhub::tokens_path("{name}"),
        text("jupyterhub.tokens.path")
    );
    assert_eq!(
        jupyterhub::CREDENTIALS_FIELD,
        text("jupyterhub.tokens.credentials-field")
    );
    assert_eq!(jupyterhub::LOGIN_PATH, text("jupyterhub.login.path"));
    assert_eq!(jupyterhub::XSRF_HEADER, text("jupyterhub.xsrf.header"));
    assert_eq!(
        jupyterhub::server_path("{name}"),
        text("jupyterhub.server.path")
    );
    assert_eq!(
        jupyterhub::pod_name("{user_server}"),
        text("kubespawner.pod-name")
    );
    assert_eq!(
        jupyterhub::USERNAME_LABEL,
        text("kubespawner.username-label")
    );
    let created = fact("jupyterhub.tokens.created").as_u64().unwrap() as u16;
    let answer = |status| Reply::Answer {
        status,
        body: br#"{"token":"t0k3n-value","id":"a1","user":"odh-verify"}"#.to_vec(),
    };
    assert_eq!(
        jupyterhub::token(&answer(created)).0.outcome,
        Outcome::Passed
    );
    let refused = fact("jupyterhub.tokens.refused").as_u64().unwrap() as u16;
    assert_eq!(
        jupyterhub::token(&answer(refused)).0.outcome,
        Outcome::Failed
    );
    for field in list("jupyterhub.server.fields") {
        assert!(
            ["ready", "pending", "stopped"].contains(&field.as_str()),
            "{field}"
        );
    }
}

#[test]
fn s3_paths_and_signatures_follow_minio_and_aws() {
    assert_eq!(list("minio.health"), vec![s3::LIVE_PATH, s3::READY_PATH]);
    assert_eq!(text("minio.sigv4.presigned"), sigv4::UNSIGNED_PAYLOAD);
    let credentials = sigv4::Credentials {
        access_key: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
    };
    let query = sigv4::presign(
        &credentials,
        &sigv4::Presign {
            method: "GET",
            host: "examplebucket.s3.amazonaws.com",
            path: "/test.txt",
            region: "us-east-1",
            amz_date: "20130524T000000Z",
            expires: Duration::from_secs(86_400),
            params: &[],
        },
    );
    assert!(query.ends_with(&format!(
        "X-Amz-Signature={}",
        text("aws.sigv4.presigned-example")
    )));
    assert!(
        query.contains("X-Amz-SignedHeaders=host"),
        "MinIO requires host to be signed"
    );
}

#[test]
fn monitoring_paths_follow_prometheus_and_grafana() {
    assert_eq!(prometheus::TARGETS_PATH, text("prometheus.targets.path"));
    for field in [
        "discoveredLabels",
        "scrapeUrl",
        "lastError",
        "health",
        "scrapePool",
    ] {
        assert!(
            list("prometheus.targets.fields").contains(&field.to_string()),
            "{field}"
        );
    }
    assert!(list("prometheus.targets.health").contains(&"up".to_string()));
    assert_eq!(grafana::HEALTH_PATH, text("grafana.health.path"));
    assert_eq!(grafana::LOGIN_PATH, text("grafana.login.path"));
    assert_eq!(grafana::SESSION_COOKIE, text("grafana.session-cookie"));
    assert_eq!(
        grafana::datasource_health_path("{uid}"),
        text("grafana.datasource-health.path")
    );
    assert!(list("grafana.datasource-health.statuses").contains(&"OK".to_string()));
}

#[test]
fn models_and_serving_follow_seldon_kserve_and_the_ai_library() {
    assert_eq!(models::PREDICTIONS_PATH, text("seldon.predictions.path"));
    assert_eq!(models::WRAPPER_PREDICT_PATH, text("wrapper.predict.path"));
    assert_eq!(
        models::predict_path("InferenceService"),
        text("wrapper.predict.path")
    );
    assert_eq!(
        list("seldon.labels"),
        vec![models::SELDON_DEPLOYMENT_LABEL, models::SELDON_APP_LABEL]
    );
    assert_eq!(
        list("kserve.predictor.labels"),
        models::KSERVE_LABELS.to_vec()
    );
    assert_eq!(list("seldon.message.payloads"), models::PAYLOADS.to_vec());
    let failure = format!(
        r#"{{"status":{{"code":500,"info":"x","status":"{}"}}}}"#,
        text("seldon.error.status")
    );
    let reply = Reply::Answer {
        status: 500,
        body: failure.into_bytes(),
    };
    assert_eq!(models::prediction("m", &reply).outcome, Outcome::Failed);
    // The key=value samples leave out a required key, so the models answer "FAIL"
    // without reading training data from S3.
    for model in ["flake-analysis", "duplicate-bug-detection"] {
        let sample = models::sample(model)["strData"]
            .as_str()
            .unwrap()
            .to_string();
        let keys: Vec<&str> = sample
            .split(',')
            .filter_map(|i| i.trim().split('=').next())
            .collect();
        let required = list(&format!("ailibrary.{model}.keys"));
        assert!(
            required.iter().any(|k| !keys.contains(&k.as_str())),
            "{model}: {sample}"
        );
        assert!(
            keys.iter().all(|k| required.contains(&k.to_string())),
            "{model}: {sample}"
        );
    }
    assert!(
        models::sample("sentiment-analysis")
            .get(text("ailibrary.sentiment-analysis.request"))
            .is_some()
    );
}

#[test]
fn spark_and_openshift_follow_their_sources() {
    assert_eq!(spark::SPARK_IMAGE, text("spark.example.image"));
    assert_eq!(
        spark::SERVICE_ACCOUNT,
        text("spark.example.service-account")
    );
    for state in ["COMPLETED", "FAILED", "SUBMISSION_FAILED"] {
        assert!(list("spark.states").contains(&state.to_string()), "{state}");
    }
    assert_eq!(openshift::DASHBOARD_SERVICE, text("odh-dashboard.service"));
    assert_eq!(
        serving::ODH_KSERVE_CONTROLLER,
        text("odh-operator.kserve-controller")
    );
}
