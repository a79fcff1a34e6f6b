//! The floor: the critical path of the simulated readiness delays through
//! odh's own plan. No installer can be faster than the longest chain of
//! objects that must each become ready before the next may start.

use crate::setup::{Delays, Scenario, Work};
use odh::catalog::Platform as OdhPlatform;
use odh::cli::{SelectionArgs, SourceArgs};
use odh::object::Object;
use odh::plan::{self, Stage, WaitFor};
use odh::report::Terminal;
use odh_testcluster::Platform;
use std::collections::BTreeMap;
use std::time::Duration;

/// The rendered objects and component dependencies of a scenario.
pub fn rendered(work: &Work, scenario: &Scenario) -> (Vec<Object>, Vec<(String, Vec<String>)>) {
    let selection = SelectionArgs {
        profiles: scenario.profiles().split(',').map(str::to_string).collect(),
        values_files: Vec::new(),
        set: Vec::new(),
        include: Vec::new(),
        no_include: false,
    };
    let sources = SourceArgs {
        offline: false,
        bundle: Some(work.bundle()),
        source_mirror: None,
        source_lock: Some(work.path().join("pins.lock")),
        cache_dir: Some(work.path().join("cache")),
    };
    let terminal = Terminal {
        quiet: true,
        verbose: false,
        progress: false,
        interactive: false,
    };
    let platform = match scenario.platform {
        Platform::Kubernetes => OdhPlatform::Kubernetes,
        Platform::OpenShift => OdhPlatform::Openshift,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let prepared = runtime
        .block_on(odh::commands::prepare(
            &selection, platform, &sources, terminal,
        ))
        .expect("rendering the scenario");
    let chosen = prepared
        .catalog
        .select(&prepared.profiles)
        .expect("profiles");
    let requires = odh::render::enabled_components(&chosen, platform, &prepared.values)
        .expect("components")
        .iter()
        .map(|e| (e.component.name.clone(), e.component.requires.clone()))
        .collect();
    let objects = prepared.objects.iter().map(|r| r.object.clone()).collect();
    (objects, requires)
}

/// The longest chain of readiness delays through the plan's dependencies.
pub fn critical_path(work: &Work, scenario: &Scenario, delays: Delays) -> Duration {
    let (objects, requires) = rendered(work, scenario);
    let plan = plan::install(&objects, &requires).expect("a plan");
    let mut done: BTreeMap<usize, Duration> = BTreeMap::new();
    for step in plan.steps() {
        let start = step
            .after
            .iter()
            .filter_map(|a| done.get(a))
            .max()
            .copied()
            .unwrap_or_default();
        done.insert(
            step.index,
            start + weight(&objects[step.index], step.stage, &step.wait, delays),
        );
    }
    done.values().max().copied().unwrap_or_default()
}

/// How long the simulator takes to make one object ready.
fn weight(object: &Object, stage: Stage, wait: &WaitFor, delays: Delays) -> Duration {
    let waits = matches!(wait, WaitFor::Ready)
        && (matches!(
            stage,
            Stage::Controllers | Stage::Certificates | Stage::CustomResources
        ) || object.kind() == "Subscription");
    if waits && object.kind() != "CronJob" {
        delays.of(object.name())
    } else {
        Duration::ZERO
    }
}
