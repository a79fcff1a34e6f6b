//! Reading rendered objects in tests: documents, pod specs of every kind that
//! carries one, containers, env and upstream facts files.

use serde_json::Value;

/// The documents of a YAML stream, without empty ones.
pub fn documents(yaml: &str) -> Vec<Value> {
    odh::yaml::from_multiple::<Value>(yaml)
        .unwrap()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect()
}

/// A facts file under `tests/facts/`.
pub fn facts(name: &str) -> Value {
    let path = crate::harness::repo_root().join("tests/facts").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    odh::yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `Kind/name` of a document.
pub fn id(doc: &Value) -> String {
    format!(
        "{}/{}",
        doc["kind"].as_str().unwrap_or("?"),
        doc["metadata"]["name"].as_str().unwrap_or("?")
    )
}

/// The pod specs an object would run: workloads' templates, Jobs, Pods,
/// SeldonDeployment component specs and InferenceService predictors.
pub fn pod_specs(doc: &Value) -> Vec<&Value> {
    match doc["kind"].as_str().unwrap_or("") {
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job" => {
            vec![&doc["spec"]["template"]["spec"]]
        }
        "CronJob" => vec![&doc["spec"]["jobTemplate"]["spec"]["template"]["spec"]],
        "Pod" => vec![&doc["spec"]],
        "SeldonDeployment" => doc["spec"]["predictors"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|p| p["componentSpecs"].as_array().into_iter().flatten())
            .map(|c| &c["spec"])
            .collect(),
        "InferenceService" => vec![&doc["spec"]["predictor"]],
        _ => vec![],
    }
}

/// The containers (and init containers) of a pod spec.
pub fn containers(spec: &Value) -> Vec<&Value> {
    ["containers", "initContainers"]
        .iter()
        .flat_map(|k| spec[*k].as_array().into_iter().flatten())
        .collect()
}

/// The env names of a container, in order.
pub fn env_names(container: &Value) -> Vec<String> {
    container["env"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect()
}

/// One env entry by name.
pub fn env<'a>(container: &'a Value, name: &str) -> Option<&'a Value> {
    container["env"]
        .as_array()?
        .iter()
        .find(|e| e["name"] == name)
}

/// An image reference without its tag or digest.
pub fn image_name(reference: &str) -> &str {
    let without_digest = reference.split('@').next().unwrap_or(reference);
    match without_digest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => name,
        _ => without_digest,
    }
}
