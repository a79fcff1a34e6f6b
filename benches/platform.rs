//! The install benchmark: odh against the staged kubectl script a careful
//! user would write (and kapp when `KAPP=path` is given), on the test cluster
//! with injected latency and simulated readiness delays, interleaved, medians
//! of several rounds, on both platforms with every profile at its defaults.
//!
//! Run: `cargo bench --bench platform` (environment: `BENCH_ROUNDS`, default
//! 5; `BENCH_LATENCY_MS`, default 10; `KAPP`; `BENCH_SCALE`, default
//! `100,1000,5000`). Prints a table and writes it to `target/bench/platform.md`.
//!
//! Remote files are stand-ins of their upstream sizes (no network is used).

#[path = "../tests/integration/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;
#[path = "platform/floor.rs"]
mod floor;
#[path = "platform/measure.rs"]
mod measure;
#[path = "../tests/integration/rook_stand_ins.rs"]
#[allow(dead_code)]
mod rook_stand_ins;
#[path = "platform/setup.rs"]
mod setup;
#[path = "platform/table.rs"]
mod table;

use measure::{Sample, Tool};
use setup::{Delays, Scenario};
use std::time::Duration;

fn env_or<T: std::str::FromStr>(key: &str, default: T) -> T {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rounds: usize = env_or("BENCH_ROUNDS", 5);
    let latency = Duration::from_millis(env_or("BENCH_LATENCY_MS", 10));
    let scale: Vec<usize> = std::env::var("BENCH_SCALE")
        .unwrap_or_else(|_| "100,1000,5000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let kapp = std::env::var("KAPP").ok().filter(|k| !k.is_empty());
    let work = setup::Work::new();
    let mut report = table::Report::new(rounds, latency);

    for scenario in Scenario::all() {
        for delays in [Delays::Uniform, Delays::Realistic] {
            let mut tools = vec![Tool::Odh, Tool::KubectlStaged];
            if let Some(path) = &kapp {
                tools.push(Tool::Kapp(path.clone()));
            }
            let mut samples: Vec<(Tool, Vec<Sample>)> =
                tools.iter().map(|t| (t.clone(), Vec::new())).collect();
            for round in 0..rounds {
                // Interleaved: each round runs every tool once, on a fresh cluster each.
                for (tool, list) in &mut samples {
                    eprintln!("{scenario} {delays} round {}/{rounds}: {tool}", round + 1);
                    list.push(measure::install(&work, &scenario, delays, latency, tool));
                }
            }
            let floor = floor::critical_path(&work, &scenario, delays);
            report.install(&scenario, delays, floor, &samples);
        }
        report.lifecycle(
            &scenario,
            measure::lifecycle(&work, &scenario, latency, rounds),
        );
    }
    report.scaling(measure::scaling(&work, latency, &scale));
    report.small(measure::small(&work, rounds));
    let text = report.text();
    print!("{text}");
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("bench/platform.md");
    std::fs::create_dir_all(out.parent().unwrap()).expect("target/bench");
    std::fs::write(&out, &text).expect("writing the results");
    eprintln!("written to {}", out.display());
}
