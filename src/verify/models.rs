//! The AI Library models (Seldon protocol): the sample request each gets, the
//! path each engine serves it at (the Seldon executor `/api/v0.1/predictions`;
//! a KServe predictor runs the Python wrapper alone, which serves `/predict`
//! in every version the models are built with), and what makes an answer
//! well formed.
//!
//! The models are Seldon Python-wrapper microservices whose `predict` takes
//! the `strData` string: sentiment analysis classifies a sentence; flake
//! analysis and duplicate bug detection parse `key=value` pairs naming S3
//! objects (trained models, bug records) and answer `"FAIL"` when a required
//! key is missing. Their samples leave out the S3 keys on purpose, so the
//! answer proves the server and the model code run without depending on
//! training data in the bucket.

use super::reply::excerpt;
use super::{Check, Reply};
use serde_json::{Value, json};

pub const COMPONENT: &str = "ai-library";
pub const PREDICTIONS_PATH: &str = "/api/v0.1/predictions";
/// What the Python wrapper serves without the executor (KServe predictors).
pub const WRAPPER_PREDICT_PATH: &str = "/predict";

/// The path a model's engine serves predictions at, by the model's kind.
pub fn predict_path(kind: &str) -> &'static str {
    if kind == "SeldonDeployment" {
        PREDICTIONS_PATH
    } else {
        WRAPPER_PREDICT_PATH
    }
}
/// Seldon Core's label with the SeldonDeployment's name, on the Services it makes.
pub const SELDON_DEPLOYMENT_LABEL: &str = "seldon-deployment-id";
/// Seldon Core's label that equals the predictor Service's own name.
pub const SELDON_APP_LABEL: &str = "seldon-app";
/// KServe's labels of a predictor Service.
pub const KSERVE_LABELS: [&str; 2] = ["serving.kserve.io/inferenceservice", "component"];
/// The payload fields of a Seldon message.
pub const PAYLOADS: [&str; 4] = ["data", "strData", "jsonData", "binData"];

/// The request verify sends to a model, by its name.
pub fn sample(model: &str) -> Value {
    match model {
        "sentiment-analysis" => json!({"strData": "Open Data Hub is up and I am happy with it."}),
        "flake-analysis" => json!({"strData": "data=ok 1 testBasic (check_journal.TestJournal)"}),
        "duplicate-bug-detection" => json!({"strData": "bugs=odh-verify"}),
        _ => json!({"strData": "odh verify"}),
    }
}

/// The payload of a Seldon message, or why it is not one.
fn payload(body: &Value) -> Result<String, String> {
    let Some(map) = body.as_object() else {
        return Err("not a JSON object".into());
    };
    if map
        .get("status")
        .and_then(|s| s.get("status"))
        .is_some_and(|s| s == "FAILURE")
    {
        let info = body["status"]["info"].as_str().unwrap_or("");
        return Err(format!("status FAILURE: {info}"));
    }
    if let Some(s) = map.get("strData").and_then(Value::as_str) {
        return Ok(format!("strData {}", excerpt(&json!(s).to_string())));
    }
    if let Some(data) = map.get("data").and_then(Value::as_object) {
        for kind in ["ndarray", "tensor", "tftensor"] {
            if let Some(v) = data.get(kind) {
                return Ok(format!("data.{kind} {}", excerpt(&v.to_string())));
            }
        }
        return Err("data has no ndarray, tensor or tftensor".into());
    }
    if let Some(v) = map.get("jsonData") {
        return Ok(format!("jsonData {}", excerpt(&v.to_string())));
    }
    if map.get("binData").and_then(Value::as_str).is_some() {
        return Ok("binData".into());
    }
    Err("no data, strData, jsonData or binData".into())
}

/// Judges one model's answer to its sample.
pub fn prediction(model: &str, reply: &Reply) -> Check {
    let name = format!("{model} answers a prediction");
    let judged = reply.json().map(|b| payload(&b));
    match (reply.status(), judged) {
        (Some(200), Some(Ok(what))) => Check::passed(COMPONENT, &name, format!("HTTP 200: {what}")),
        (Some(200), Some(Err(why))) => Check::failed(
            COMPONENT,
            &name,
            format!("HTTP 200 but not a Seldon message: {why}"),
            "the server at this port does not speak the Seldon protocol; is the Service's port the model's REST port?",
        ),
        (Some(200), None) => Check::failed(
            COMPONENT,
            &name,
            format!("HTTP 200 but not JSON: {}", excerpt(&reply.text())),
            "the server at this port does not speak the Seldon protocol; is the Service's port the model's REST port?",
        ),
        (Some(status), Some(Err(why))) => Check::failed(
            COMPONENT,
            &name,
            format!("HTTP {status}: {why}"),
            format!(
                "the model failed on the sample request; look at the log of its pods (model {model})"
            ),
        ),
        _ => {
            let hint = reply.proxy_hint(&format!("model {model}")).unwrap_or_else(|| {
                format!("the model failed on the sample request; look at the log of its pods (model {model})")
            });
            Check::failed(COMPONENT, &name, reply.describe(), hint)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Outcome;
    use super::*;

    fn answer(status: u16, body: &str) -> Reply {
        Reply::Answer {
            status,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn every_ai_library_model_has_a_string_sample() {
        for model in [
            "sentiment-analysis",
            "flake-analysis",
            "duplicate-bug-detection",
        ] {
            assert!(sample(model)["strData"].is_string(), "{model}");
        }
        // The samples the key=value models parse have no commas, so every item has one `=`.
        for model in ["flake-analysis", "duplicate-bug-detection"] {
            let text = sample(model)["strData"].as_str().unwrap().to_string();
            assert!(
                text.split(',').all(|item| item.matches('=').count() == 1),
                "{text}"
            );
        }
    }

    #[test]
    fn well_formed_answers_pass_and_show_the_payload() {
        let sentiment = prediction(
            "sentiment-analysis",
            &answer(
                200,
                r#"{"meta":{},"data":{"names":[],"ndarray":["Positive",[]]}}"#,
            ),
        );
        assert_eq!(sentiment.outcome, Outcome::Passed);
        assert!(
            sentiment.evidence.contains("Positive"),
            "{}",
            sentiment.evidence
        );
        let flakes = prediction(
            "flake-analysis",
            &answer(200, r#"{"strData":"FAIL","meta":{}}"#),
        );
        assert_eq!(flakes.outcome, Outcome::Passed);
    }

    #[test]
    fn errors_and_malformed_answers_fail() {
        let error = prediction(
            "flake-analysis",
            &answer(
                500,
                r#"{"status":{"code":500,"info":"Internal service call failed","status":"FAILURE"}}"#,
            ),
        );
        assert_eq!(error.outcome, Outcome::Failed);
        assert!(error.evidence.contains("Internal service call failed"));
        let html = prediction("x", &answer(200, "<html>"));
        assert_eq!(html.outcome, Outcome::Failed);
        let empty = prediction("x", &answer(200, r#"{"meta":{}}"#));
        assert!(empty.evidence.contains("no data"), "{}", empty.evidence);
    }
}
