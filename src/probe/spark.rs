//! The slow Spark check: a SparkPi SparkApplication (odh's labels, the run
//! label) in the job namespace, waited for until it completes or fails, then
//! deleted.

use super::Ctx;
use super::cleanup::Created;
use crate::install::retry::retry;
use crate::render::{apply_labels, rewrite_registry};
use crate::verify::Check;
use crate::verify::spark::{self, COMPONENT, Progress};
use std::time::Duration;
use tokio::time::Instant;

const POLL: Duration = Duration::from_secs(2);
const NAME: &str = "SparkPi application completes";

pub async fn probe(ctx: &Ctx<'_>) -> Vec<Check> {
    if !ctx.options.include_slow {
        return vec![Check::skipped(COMPONENT, NAME, "slow; pass --include-slow")];
    }
    let namespace = ctx.value("spark.jobNamespace");
    let name = format!("odh-verify-pi-{}", ctx.run);
    let registry = ctx.value("global.imageRegistry");
    let image = if registry.is_empty() {
        spark::SPARK_IMAGE.to_string()
    } else {
        rewrite_registry(spark::SPARK_IMAGE, &registry)
    };
    let mut app = spark::spark_pi(&namespace, &name, &image);
    apply_labels(&mut app, "core", COMPONENT);
    app.set_label(super::RUN_LABEL, &ctx.run);
    let target = app.to_ref();
    let ticket = ctx.cleanup.add(Created::Object(target.clone()));
    let started = Instant::now();
    let create_until = ctx.deadline.min(Instant::now() + Duration::from_secs(60));
    if let Err(err) = retry(create_until, || ctx.cluster.create(&app), |_, _| {}).await {
        if ctx.cluster.delete(&target).await.is_ok() {
            ctx.cleanup.done(ticket);
        }
        return vec![Check::failed(
            COMPONENT,
            NAME,
            format!("creating SparkApplication {name} in {namespace}: {err}"),
            "is the Spark operator's webhook up? run `odh status -p core`",
        )];
    }
    let mut last = Progress::Running("not picked up".into());
    while Instant::now() + POLL < ctx.deadline {
        if let Ok(live) = ctx.read(&target).await {
            last = spark::progress(&live);
            if !matches!(last, Progress::Running(_)) {
                break;
            }
        }
        tokio::time::sleep(POLL).await;
    }
    let check = spark::result(&name, &namespace, &last, started.elapsed());
    if ctx.cluster.delete(&target).await.is_ok() {
        ctx.cleanup.done(ticket);
    }
    vec![check]
}
