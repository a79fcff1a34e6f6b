//! A small benchmark of the simulated cluster: start-up time, objects held, and requests per
//! second served (server-side apply, get, list) with 2,000 ConfigMaps, through kube-rs over HTTPS.
//!
//! Run with `cargo run --release -p odh-testcluster --example tc-bench [-- OBJECTS CONCURRENCY]`.

use futures::StreamExt;
use k8s_openapi::api::core::v1::ConfigMap;
use kube::api::{Api, ListParams, Patch, PatchParams};
use odh_testcluster::{Options, TestCluster};
use serde_json::json;
use std::time::{Duration, Instant};

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

async fn client(tc: &TestCluster) -> anyhow::Result<kube::Client> {
    let kc = kube::config::Kubeconfig::read_from(tc.kubeconfig_path())?;
    let cfg = kube::Config::from_custom_kubeconfig(kc, &Default::default()).await?;
    Ok(kube::Client::try_from(cfg)?)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let objects: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2000);
    let concurrency: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(16);

    let mut starts = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let tc = TestCluster::start(Options::default()).await?;
        starts.push(t.elapsed());
        drop(tc);
    }
    starts.sort();
    let t = Instant::now();
    let spawned = TestCluster::spawn(Options::default());
    let spawn_time = t.elapsed();
    drop(spawned);

    let rss_before = rss_kib();
    let tc = TestCluster::start(Options::default()).await?;
    let c = client(&tc).await?;
    let cms: Api<ConfigMap> = Api::namespaced(c.clone(), "default");
    let pp = PatchParams::apply("bench").force();

    let t = Instant::now();
    futures::stream::iter(0..objects)
        .map(|i| {
            let cms = cms.clone();
            let pp = pp.clone();
            async move {
                let name = format!("cm-{i:05}");
                let cm: ConfigMap = serde_json::from_value(json!({
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": name, "labels": {"bench": "yes", "shard": (i % 10).to_string()}},
                    "data": {"key": "value", "index": i.to_string()}
                }))
                .expect("configmap");
                cms.patch(&name, &pp, &Patch::Apply(&cm)).await.map(|_| ())
            }
        })
        .buffer_unordered(concurrency)
        .for_each(|r| async move { r.expect("apply") })
        .await;
    let create = t.elapsed();

    let gets = objects;
    let t = Instant::now();
    futures::stream::iter(0..gets)
        .map(|i| {
            let cms = cms.clone();
            async move { cms.get(&format!("cm-{:05}", i % objects)).await.map(|_| ()) }
        })
        .buffer_unordered(concurrency)
        .for_each(|r| async move { r.expect("get") })
        .await;
    let get = t.elapsed();

    let t = Instant::now();
    let reapply = objects.min(500);
    futures::stream::iter(0..reapply)
        .map(|i| {
            let cms = cms.clone();
            let pp = pp.clone();
            async move {
                let name = format!("cm-{i:05}");
                let cm: ConfigMap = serde_json::from_value(json!({
                    "apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": name, "labels": {"bench": "yes", "shard": (i % 10).to_string()}},
                    "data": {"key": "value", "index": i.to_string()}
                }))
                .expect("configmap");
                cms.patch(&name, &pp, &Patch::Apply(&cm)).await.map(|_| ())
            }
        })
        .buffer_unordered(concurrency)
        .for_each(|r| async move { r.expect("re-apply") })
        .await;
    let noop = t.elapsed();

    let lists = 20;
    let t = Instant::now();
    let mut listed = 0;
    for i in 0..lists {
        let lp = if i % 2 == 0 {
            ListParams::default()
        } else {
            ListParams::default().labels("shard=3")
        };
        listed += cms.list(&lp).await?.items.len();
    }
    let list = t.elapsed();

    let held = tc.object_count();
    let rss_after = rss_kib();
    let per_sec = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
    println!("objects requested:           {objects} ConfigMaps (concurrency {concurrency})");
    println!("objects held by the server:  {held}");
    println!(
        "start-up (start, median/min/max of 5): {:?} / {:?} / {:?}",
        starts[2], starts[0], starts[4]
    );
    println!("start-up (spawn, own thread+runtime):  {spawn_time:?}");
    println!(
        "server-side apply (create):  {:>8.0} req/s ({create:?})",
        per_sec(objects, create)
    );
    println!(
        "get:                         {:>8.0} req/s ({get:?})",
        per_sec(gets, get)
    );
    println!(
        "no-op re-apply:              {:>8.0} req/s ({noop:?})",
        per_sec(reapply, noop)
    );
    println!(
        "list ({lists} lists, {listed} items): {:>8.1} lists/s ({list:?})",
        per_sec(lists, list)
    );
    println!(
        "process RSS: {} MiB before, {} MiB after",
        rss_before / 1024,
        rss_after / 1024
    );
    println!("requests logged: {}", tc.requests().len());
    Ok(())
}
