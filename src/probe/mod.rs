//! `odh verify` as an action: reads the live platform through the cluster edge
//! (objects, Secrets, the service proxy) and hands each reading to the pure
//! checks in `verify/`. Returns a report; never prints. Everything it creates
//! is registered in a [`Cleanup`] first, so the caller can remove it whatever
//! happens.

mod cleanup;
mod find;
pub mod http;
mod jupyterhub;
mod models;
mod monitoring;
mod notebook;
mod openshift;
mod pipelines;
mod s3;
mod serving;
mod spark;

pub use cleanup::{Cleanup, Created};

use crate::cluster::Cluster;
use crate::install::Inventory;
use crate::verify::{Check, Report};
use futures::future::{BoxFuture, FutureExt};
use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// The label on everything one run creates, with the run's id.
pub const RUN_LABEL: &str = "opendatahub.io/odh-verify";

/// How to verify.
#[derive(Debug, Clone)]
pub struct Options {
    /// Also run the checks that start workloads (SparkPi, a notebook server).
    pub include_slow: bool,
    pub timeout: Duration,
    /// Only these installed profiles (empty: all).
    pub profiles: Vec<String>,
}

/// What every probe needs.
pub struct Ctx<'a> {
    pub cluster: &'a Cluster,
    pub inventory: &'a Inventory,
    pub options: &'a Options,
    pub deadline: Instant,
    pub cleanup: &'a Cleanup,
    /// This run's id (random), in names and the run label.
    pub run: String,
    /// Credentials read during the run; scrubbed from every check.
    secrets: Mutex<Vec<String>>,
}

impl Ctx<'_> {
    pub fn http(&self) -> http::Http<'_> {
        http::Http {
            cluster: self.cluster,
            deadline: self.deadline,
        }
    }

    /// Whether an installed profile is among the selected ones.
    fn profile_selected(&self, profile: &str) -> bool {
        self.inventory.profiles.iter().any(|p| p == profile)
            && (self.options.profiles.is_empty()
                || self.options.profiles.iter().any(|p| p == profile))
    }

    /// Installed components of the selected profiles.
    fn components(&self) -> BTreeSet<&str> {
        self.inventory
            .objects
            .iter()
            .filter(|e| {
                self.options.profiles.is_empty() || self.options.profiles.contains(&e.profile)
            })
            .map(|e| e.component.as_str())
            .collect()
    }
}

/// A random lower-case suffix for names of things a run creates.
pub fn run_id() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..6)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Runs every check that applies to the installed components.
pub async fn verify(
    cluster: &Cluster,
    inventory: &Inventory,
    options: &Options,
    cleanup: &Cleanup,
) -> Report {
    let ctx = Ctx {
        cluster,
        inventory,
        options,
        deadline: Instant::now() + options.timeout,
        cleanup,
        run: run_id(),
        secrets: Mutex::new(Vec::new()),
    };
    let components = ctx.components();
    let has = |c: &str| components.contains(c);
    let mut probes: Vec<BoxFuture<'_, Vec<Check>>> = Vec::new();
    if has("jupyterhub") {
        probes.push(jupyterhub::probe(&ctx).boxed());
    }
    if has("s3") {
        probes.push(s3::probe(&ctx).boxed());
    }
    if has("spark-operator") {
        probes.push(spark::probe(&ctx).boxed());
    }
    if has("prometheus") {
        probes.push(monitoring::prometheus(&ctx).boxed());
    }
    if has("grafana") {
        probes.push(monitoring::grafana(&ctx).boxed());
    }
    for (component, engine) in [
        ("seldon-operator", serving::Engine::Seldon),
        ("kserve", serving::Engine::Kserve),
    ] {
        if has(component) {
            probes.push(serving::probe(&ctx, engine).boxed());
        }
    }
    // The operator's KServe has no objects of its own in the inventory (the
    // DataScienceCluster carries it): the serving profile on OpenShift means it.
    if ctx.profile_selected("serving") && inventory.platform == "openshift" {
        probes.push(serving::probe(&ctx, serving::Engine::OdhKserve).boxed());
    }
    for component in ["ai-library-seldon", "ai-library-kserve", "ai-library-odh"] {
        if has(component) {
            probes.push(models::probe(&ctx, component).boxed());
        }
    }
    if has("kfp") {
        probes.push(pipelines::kfp(&ctx).boxed());
    }
    if has("dspa") {
        probes.push(pipelines::dspa(&ctx).boxed());
    }
    if has("odh-operator") || has("datasciencecluster") {
        probes.push(openshift::probe(&ctx).boxed());
    }
    let results = futures::future::join_all(probes).await;
    let secrets = ctx
        .secrets
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    Report {
        checks: results
            .into_iter()
            .flatten()
            .map(|c| c.scrubbed(&secrets))
            .collect(),
        interrupted: false,
    }
}
