//! Each AI Library model: its resource is Ready, and the Service its serving
//! engine made for it (found by the engine's labels and its owner reference,
//! not by a fixed name or port) answers the model's sample request.

use super::Ctx;
use super::find::service_target;
use crate::cluster::{ProxyRequest, ServiceTarget};
use crate::install::Entry;
use crate::object::Object;
use crate::verify::Check;
use crate::verify::models::{self, COMPONENT};
use crate::verify::serving::model_ready;
use http::Method;

/// Whether `object` is controlled by `owner`.
fn owned_by(object: &Object, owner: &Object) -> bool {
    let uid = owner.str_at("/metadata/uid").unwrap_or("");
    object
        .get("/metadata/ownerReferences")
        .and_then(|r| r.as_array())
        .is_some_and(|refs| refs.iter().any(|r| r["uid"] == uid && !uid.is_empty()))
}

/// The Service that fronts a model.
/// Seldon Core: the predictor Service (`seldon-deployment-id=NAME`, its
/// `seldon-app` label equal to its own name; the per-container Services carry
/// another `seldon-app-svc-…` label), port `http`. KServe: the predictor
/// Service (`serving.kserve.io/inferenceservice=NAME`, `component=predictor`),
/// its first HTTP port.
async fn model_service(ctx: &Ctx<'_>, model: &Object) -> Result<ServiceTarget, String> {
    let namespace = model.namespace().unwrap_or("default");
    let seldon = model.kind() == "SeldonDeployment";
    let selector = if seldon {
        format!("{}={}", models::SELDON_DEPLOYMENT_LABEL, model.name())
    } else {
        let [isvc, component] = models::KSERVE_LABELS;
        format!("{isvc}={},{component}=predictor", model.name())
    };
    let services = ctx
        .cluster
        .list("v1", "Service", Some(namespace), Some(&selector))
        .await
        .map_err(|e| format!("listing the Services of {}: {e}", model.name()))?;
    let service = services
        .iter()
        .filter(|s| owned_by(s, model))
        .find(|s| !seldon || s.label(models::SELDON_APP_LABEL) == Some(s.name()))
        .ok_or_else(|| {
            format!(
                "no Service made by the serving engine for {} {} ({selector})",
                model.kind(),
                model.name()
            )
        })?;
    let ports: &[&str] = if seldon {
        &["http"]
    } else {
        &["http", "http1", "http-web"]
    };
    service_target(service, ports)
}

async fn one_model(ctx: &Ctx<'_>, entry: &Entry) -> Vec<Check> {
    let answer_name = format!("{} answers a prediction", entry.name);
    let model = match ctx.read(&entry.to_ref()).await {
        Ok(model) => model,
        Err(why) => {
            return vec![Check::failed(
                COMPONENT,
                &answer_name,
                why,
                "run `odh status -p ai-library`",
            )];
        }
    };
    let mut checks = vec![model_ready(COMPONENT, &model)];
    let target = match model_service(ctx, &model).await {
        Ok(target) => target,
        Err(why) => {
            checks.push(Check::failed(
                COMPONENT,
                &answer_name,
                why,
                "the serving engine has not made the model's Service; look at its controller's log",
            ));
            return checks;
        }
    };
    let request = ProxyRequest::new(Method::POST, models::predict_path(model.kind()))
        .json(&models::sample(&entry.name));
    let reply = ctx.http().reply(&target, &request).await;
    checks.push(models::prediction(&entry.name, &reply));
    checks
}

pub async fn probe(ctx: &Ctx<'_>, component: &str) -> Vec<Check> {
    let kind = if component == "ai-library-seldon" {
        "SeldonDeployment"
    } else {
        "InferenceService"
    };
    let entries = ctx.entries(component, kind);
    if entries.is_empty() {
        return vec![Check::skipped(
            COMPONENT,
            "models answer predictions",
            "no model is enabled",
        )];
    }
    let mut checks = Vec::new();
    for entry in entries {
        checks.extend(one_model(ctx, entry).await);
    }
    checks
}
