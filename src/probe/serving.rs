//! The serving controller: its Deployment is running and a server-side dry run
//! of a sample model resource gets an answer (the API server sends it to the
//! controller's admission webhooks; a dry run stores nothing).

use super::Ctx;
use crate::cluster::ClusterError;
use crate::object::{Object, ObjectRef};
use crate::render::apply_labels;
use crate::verify::Check;
use crate::verify::serving::{self, DryRun};

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Seldon,
    Kserve,
    /// KServe from the ODH operator (OpenShift).
    OdhKserve,
}

fn controller_ref(namespace: &str, name: &str) -> ObjectRef {
    ObjectRef {
        api_version: "apps/v1".into(),
        kind: "Deployment".into(),
        namespace: Some(namespace.into()),
        name: name.into(),
    }
}

async fn dry_run(ctx: &Ctx<'_>, mut sample: Object, profile: &str, component: &str) -> DryRun {
    apply_labels(&mut sample, profile, component);
    sample.set_label(super::RUN_LABEL, &ctx.run);
    match ctx.cluster.apply(&sample, false, true).await {
        Ok(_) => DryRun::Admitted,
        Err(ClusterError::Invalid(why) | ClusterError::Forbidden(why))
            if why.contains("denied") =>
        {
            DryRun::Denied(why)
        }
        Err(ClusterError::Invalid(why)) => DryRun::Denied(why),
        Err(other) => DryRun::NoAnswer(other.to_string()),
    }
}

pub async fn probe(ctx: &Ctx<'_>, engine: Engine) -> Vec<Check> {
    let namespace = ctx.value("namespace");
    let (label, component, deployment) = match engine {
        Engine::Seldon => (
            "seldon",
            "seldon-operator",
            ctx.entries("seldon-operator", "Deployment")
                .first()
                .map(|e| e.to_ref()),
        ),
        Engine::Kserve => (
            "kserve",
            "kserve",
            ctx.entries("kserve", "Deployment")
                .first()
                .map(|e| e.to_ref()),
        ),
        Engine::OdhKserve => (
            "kserve",
            "odh-kserve",
            Some(controller_ref(&namespace, serving::ODH_KSERVE_CONTROLLER)),
        ),
    };
    let live = match &deployment {
        Some(target) => ctx.read(target).await.ok(),
        None => None,
    };
    let sample = match engine {
        Engine::Seldon => serving::seldon_sample(&namespace),
        Engine::Kserve => serving::kserve_sample(&namespace, "Standard"),
        Engine::OdhKserve => serving::kserve_sample(&namespace, "RawDeployment"),
    };
    let answer = dry_run(ctx, sample, "serving", component).await;
    vec![serving::controller(label, live.as_ref(), &answer)]
}
