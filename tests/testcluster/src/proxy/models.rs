//! The AI Library models behind Seldon Core's executor (`POST /api/v0.1/predictions`) or in a
//! KServe predictor, where the Python wrapper runs alone (`POST /predict`), with a Seldon message. Answers as the Python wrapper 1.17.1 builds them
//! (`strData` for string results, `data.ndarray` for arrays, `meta`), and errors as the executor
//! wraps them (`{"status": {"code", "info", "status": "FAILURE"}}`).

use super::apps::{AppFault, AppRequest, json, respond, token};
use crate::http::Resp;
use crate::state::State;
use hyper::Method;
use serde_json::{Value, json};

fn failure(code: u16, info: &str) -> Resp {
    json(
        code,
        &json!({"status": {"code": code, "info": info, "status": "FAILURE"}}),
        &[],
    )
}

/// `key=value` items split on commas, as the flake and duplicate models parse them.
fn params(text: &str) -> Result<Vec<(String, String)>, String> {
    text.split(',')
        .enumerate()
        .map(|(i, item)| {
            let pieces: Vec<&str> = item.trim().split('=').collect();
            match pieces.as_slice() {
                [k, v] => Ok((k.to_string(), v.to_string())),
                _ => Err(format!(
                    "ValueError: dictionary update sequence element #{i} has length {}; 2 is required",
                    pieces.len()
                )),
            }
        })
        .collect()
}

/// What a key=value model answers: "FAIL" when a key is missing, an error when the model
/// object it names is not in the bucket.
fn keyed(st: &State, text: &str, required: &[&str]) -> Result<Value, String> {
    let items = params(text)?;
    let get = |k: &str| items.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    if required.iter().any(|k| get(k).is_none()) {
        return Ok(json!("FAIL"));
    }
    let model = get("model").unwrap_or_default();
    let stored = st.apps.s3_objects.keys().any(|(_, key)| *key == model);
    if stored {
        Ok(json!("0.0"))
    } else {
        Err(format!(
            "botocore.exceptions.ClientError: An error occurred (404) when calling the HeadObject operation: Not Found ({model})"
        ))
    }
}

pub fn answer(st: &State, req: &AppRequest) -> Resp {
    let seldon = req.pod_label("seldon-deployment-id");
    let path = if seldon.is_some() {
        "/api/v0.1/predictions"
    } else {
        "/predict"
    };
    if req.method != Method::POST || req.path != path {
        return respond(
            404,
            "text/plain; charset=utf-8",
            "404 page not found\n",
            &[],
        );
    }
    let model = seldon
        .or_else(|| req.pod_label("serving.kserve.io/inferenceservice"))
        .unwrap_or_default();
    if st.apps.has(&AppFault::ModelError(model.clone())) {
        return failure(
            500,
            "Internal service call from executor failed calling http://localhost:9000/predict status code 500",
        );
    }
    if st.apps.has(&AppFault::ModelMalformed(model.clone())) {
        return respond(200, "text/html", "<html><body>It works!</body></html>", &[]);
    }
    let Some(body) = req.json() else {
        return failure(400, "invalid payload: the request is not JSON");
    };
    let Some(text) = body["strData"].as_str() else {
        return failure(500, "this model takes strData");
    };
    let result = match model.as_str() {
        "sentiment-analysis" => {
            let positive = ["happy", "good", "great", "works"]
                .iter()
                .any(|w| text.to_lowercase().contains(w));
            Ok(
                json!({"data": {"names": [], "ndarray": [if positive { "Positive" } else { "Negative" }, []]}}),
            )
        }
        "flake-analysis" => keyed(st, text, &["model", "data"]).map(|r| json!({"strData": r})),
        "duplicate-bug-detection" => keyed(
            st,
            text,
            &["model", "bugs", "resultlocation", "num_matches"],
        )
        .map(|r| json!({"strData": r})),
        _ => Ok(json!({"strData": text})),
    };
    match result {
        Ok(mut message) => {
            message["meta"] = json!({"puid": token(), "tags": {}, "routing": {}, "requestPath": {"model": model}, "metrics": []});
            json(200, &message, &[])
        }
        Err(why) => failure(500, &why),
    }
}

#[cfg(test)]
mod tests {
    use super::params;

    #[test]
    fn items_need_one_equals_sign() {
        assert_eq!(params("a=1, b=2").unwrap().len(), 2);
        assert!(params("no equals").is_err());
        assert!(params("a=1=2").is_err());
    }
}
