//! Pipelines: the API server's health path through the service proxy, and
//! (slow) a one-step run submitted, followed to its end and deleted. On
//! OpenShift the run API sits behind the DSPA's authenticating proxy, which the
//! service proxy cannot pass (it drops the Authorization header), so only the
//! health path, which that proxy leaves open, is checked.

use super::Ctx;
use super::cleanup::Created;
use crate::cluster::{ProxyRequest, ServiceTarget};
use crate::render::rewrite_registry;
use crate::verify::Check;
use crate::verify::pipelines::{self, DSPA, HEALTH, HEALTH_PATH, KFP, Progress, RUN, RUNS_PATH};
use http::Method;
use std::time::Duration;
use tokio::time::Instant;

const POLL: Duration = Duration::from_secs(2);

/// Kubeflow Pipelines on Kubernetes.
pub async fn kfp(ctx: &Ctx<'_>) -> Vec<Check> {
    let api = match ctx.service(KFP, Some("ml-pipeline"), &["http"]).await {
        Ok(api) => api,
        Err(why) => {
            return vec![Check::failed(
                KFP,
                HEALTH,
                why,
                "run `odh status -p pipelines`",
            )];
        }
    };
    let health = ctx
        .http()
        .reply(&api, &ProxyRequest::get(HEALTH_PATH))
        .await;
    let mut checks = vec![pipelines::health(KFP, &health)];
    if !ctx.options.include_slow {
        checks.push(Check::skipped(KFP, RUN, "slow; pass --include-slow"));
    } else if checks[0].outcome == crate::verify::Outcome::Passed {
        checks.push(run(ctx, &api).await);
    } else {
        checks.push(Check::skipped(KFP, RUN, "the API server does not answer"));
    }
    checks
}

async fn run(ctx: &Ctx<'_>, api: &ServiceTarget) -> Check {
    let registry = ctx.value("global.imageRegistry");
    let image = rewrite_registry(pipelines::STEP_IMAGE, &registry);
    let body = pipelines::run_body(&format!("odh-verify-{}", ctx.run), &image);
    let http = ctx.http();
    let request = ProxyRequest::new(Method::POST, RUNS_PATH).json(&body);
    let reply = http.reply(api, &request).await;
    let id = match pipelines::created(KFP, &reply) {
        Ok(id) => id,
        Err(check) => return check,
    };
    let ticket = ctx.cleanup.add(Created::PipelineRun {
        api: api.clone(),
        id: id.clone(),
    });
    let started = Instant::now();
    let path = format!("{RUNS_PATH}/{id}");
    let mut last = Progress::Running("PENDING".into());
    while Instant::now() + POLL < ctx.deadline {
        last = pipelines::progress(&http.reply(api, &ProxyRequest::get(&path)).await);
        if !matches!(last, Progress::Running(_)) {
            break;
        }
        tokio::time::sleep(POLL).await;
    }
    let check = pipelines::result(KFP, &api.namespace, &id, &last, started.elapsed());
    if let Ok(answer) = http
        .call(api, &ProxyRequest::new(Method::DELETE, &path))
        .await
        && matches!(answer.status, 200 | 204 | 404)
    {
        ctx.cleanup.done(ticket);
    }
    check
}

/// The DSPA on OpenShift: DSPO's API server Service `ds-pipeline-<name>`.
pub async fn dspa(ctx: &Ctx<'_>) -> Vec<Check> {
    let mut checks = Vec::new();
    for entry in ctx.entries(DSPA, "DataSciencePipelinesApplication") {
        let service = crate::object::ObjectRef {
            api_version: "v1".into(),
            kind: "Service".into(),
            namespace: entry.namespace.clone(),
            name: format!("ds-pipeline-{}", entry.name),
        };
        let live = match ctx.read(&service).await {
            Ok(live) => live,
            Err(why) => {
                checks.push(Check::failed(DSPA, HEALTH, why, "DSPO makes this Service once the DSPA's database and object store answer; run `odh status -p pipelines`"));
                continue;
            }
        };
        let has_port = |name: &str| {
            live.get("/spec/ports")
                .and_then(|p| p.as_array())
                .is_some_and(|ports| ports.iter().any(|p| p["name"] == name))
        };
        if has_port("proxy") {
            // kube-rbac-proxy (DSPO 2.18) leaves the health path open: --ignore-paths.
            let target = ServiceTarget {
                namespace: service.namespace.clone().unwrap_or_default(),
                name: service.name.clone(),
                port: "proxy".into(),
                https: true,
            };
            let reply = ctx
                .http()
                .reply(&target, &ProxyRequest::get(HEALTH_PATH))
                .await;
            checks.push(pipelines::health(DSPA, &reply));
        } else {
            checks.push(Check::skipped(
                DSPA,
                HEALTH,
                "ODH 2.x's DSPA API server is behind oauth-proxy, which wants an OpenShift login the service proxy does not forward; the DSPA's APIServerReady (its readiness probe is this path) stands for it",
            ));
        }
        checks.push(Check::skipped(
            DSPA,
            RUN,
            "the run API needs an OpenShift bearer token, which the service proxy drops, and DSPO's NetworkPolicy opens the API server's own port only to pipeline pods; submit a run from the dashboard, or at the Route with Authorization: Bearer $(oc whoami -t)",
        ));
    }
    checks
}
