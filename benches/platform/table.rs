//! The benchmark's results as Markdown tables: medians, ratios and requests
//! per applied object by verb, against the goals.

use crate::measure::{Lifecycle, Sample, Scaled, Small, Tool};
use crate::setup::{Delays, Scenario};
use std::fmt::Write as _;
use std::time::Duration;

pub struct Report {
    rounds: usize,
    latency: Duration,
    install: String,
    lifecycle: String,
    scaling: String,
    small: String,
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn secs(samples: &[Sample]) -> f64 {
    median(
        &mut samples
            .iter()
            .map(|s| s.wall.as_secs_f64())
            .collect::<Vec<_>>(),
    )
}

fn requests(samples: &[Sample]) -> f64 {
    median(
        &mut samples
            .iter()
            .map(|s| s.requests() as f64)
            .collect::<Vec<_>>(),
    )
}

fn rss_mib(samples: &[Sample]) -> String {
    let mut values: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.rss_kib)
        .map(|k| k as f64 / 1024.0)
        .collect();
    if values.is_empty() {
        return "-".into();
    }
    format!("{:.1}", median(&mut values))
}

/// `get 12, list 30, patch 68, …`, as medians per applied object.
fn per_object_by_verb(samples: &[Sample]) -> String {
    let Some(first) = samples.first() else {
        return String::new();
    };
    let objects = first.objects.max(1) as f64;
    first
        .verbs
        .keys()
        .map(|verb| {
            let mut counts: Vec<f64> = samples
                .iter()
                .map(|s| *s.verbs.get(verb).unwrap_or(&0) as f64)
                .collect();
            format!("{verb} {:.2}", median(&mut counts) / objects)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn all_ok(samples: &[Sample]) -> &'static str {
    if samples.iter().all(|s| s.ok) {
        ""
    } else {
        " (some runs failed)"
    }
}

impl Report {
    pub fn new(rounds: usize, latency: Duration) -> Report {
        Report {
            rounds,
            latency,
            install: String::new(),
            lifecycle: String::new(),
            scaling: String::new(),
            small: String::new(),
        }
    }

    pub fn install(
        &mut self,
        scenario: &Scenario,
        delays: Delays,
        floor: Duration,
        samples: &[(Tool, Vec<Sample>)],
    ) {
        let odh = samples
            .iter()
            .find(|(t, _)| *t == Tool::Odh)
            .map(|(_, s)| s.as_slice())
            .unwrap_or(&[]);
        let (odh_secs, odh_requests) = (secs(odh), requests(odh));
        for (tool, list) in samples {
            let wall = secs(list);
            let _ = writeln!(
                self.install,
                "| {scenario} | {delays} | {tool}{} | {wall:.2} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {} | {} |",
                all_ok(list),
                wall / floor.as_secs_f64(),
                wall / odh_secs,
                requests(list),
                requests(list) / list.first().map_or(1, |s| s.objects.max(1)) as f64,
                requests(list) / odh_requests,
                per_object_by_verb(list),
                rss_mib(list),
            );
        }
        let _ = writeln!(
            self.install,
            "| {scenario} | {delays} | floor (critical path) | {:.2} | 1.00 | | | | | | |",
            floor.as_secs_f64()
        );
    }

    pub fn lifecycle(&mut self, scenario: &Scenario, life: Lifecycle) {
        let reinstall_per_object = requests(&life.reinstall) / life.objects as f64;
        let _ = writeln!(
            self.lifecycle,
            "| {scenario} | {} | {:.3} ({} MiB) | {:.2} ({:.2} req/object) | {:.2} ({} MiB) |",
            life.objects,
            secs(&life.status),
            rss_mib(&life.status),
            secs(&life.reinstall),
            reinstall_per_object,
            secs(&life.uninstall),
            rss_mib(&life.uninstall),
        );
    }

    pub fn scaling(&mut self, runs: Vec<Scaled>) {
        let base = runs.iter().find(|r| r.extra == 0);
        for run in runs.iter().filter(|r| r.extra > 0) {
            let (time_slope, request_slope) = match base {
                Some(b) => (
                    (run.install.wall.as_secs_f64() - b.install.wall.as_secs_f64())
                        / run.extra as f64
                        * 1000.0,
                    (run.install.requests() as f64 - b.install.requests() as f64)
                        / run.extra as f64,
                ),
                None => (f64::NAN, f64::NAN),
            };
            let _ = writeln!(
                self.scaling,
                "| {} | {:.2} | {} | {:.2} ms | {:.2} | {:.2} | {} |",
                run.extra,
                run.install.wall.as_secs_f64(),
                run.install.requests(),
                time_slope,
                request_slope,
                run.uninstall.wall.as_secs_f64(),
                rss_mib(std::slice::from_ref(&run.install)),
            );
        }
    }

    pub fn small(&mut self, small: Small) {
        let _ = writeln!(
            self.small,
            "| render, all profiles (Spark and KServe CRDs at their upstream sizes) | {:.1} ms | {} MiB |\n| cold start (`odh --version`) | {:.1} ms | {} MiB |",
            secs(&small.render) * 1000.0,
            rss_mib(&small.render),
            secs(&small.start) * 1000.0,
            rss_mib(&small.start),
        );
    }

    pub fn text(&self) -> String {
        format!(
            "Test cluster with {} ms per request; medians of {} interleaved rounds.\n\n\
             | platform | delays | tool | wall s | ÷ floor | ÷ odh | requests | per object | ÷ odh | per object by verb | peak RSS MiB |\n\
             |---|---|---|---|---|---|---|---|---|---|---|\n{}\n\
             | platform | objects | status s | unchanged re-install s | uninstall --purge s |\n|---|---|---|---|---|\n{}\n\
             | extra objects (`--include`) | install s | requests | time per object | requests per object | uninstall s | peak RSS MiB |\n|---|---|---|---|---|---|---|\n{}\n\
             | | time | peak RSS |\n|---|---|---|\n{}",
            self.latency.as_millis(),
            self.rounds,
            self.install,
            self.lifecycle,
            self.scaling,
            self.small
        )
    }
}
