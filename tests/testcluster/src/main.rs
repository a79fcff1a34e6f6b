//! `odh-testcluster`: runs the simulated cluster until killed and prints its URL once ready.

use clap::Parser;
use odh_testcluster::{Options, Platform, TestCluster};
use std::path::PathBuf;
use std::time::Duration;

/// A simulated Kubernetes API server for testing odh.
#[derive(Parser, Debug)]
#[command(name = "odh-testcluster", version)]
struct Args {
    /// Where to write the kubeconfig.
    #[arg(long)]
    kubeconfig_out: PathBuf,
    /// TCP port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// kubernetes or openshift.
    #[arg(long, default_value = "kubernetes")]
    platform: Platform,
    /// Latency added to every request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// How long simulated workloads take to become ready, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    ready_after_ms: u64,
    /// Readiness delays for some objects, as name globs (`name` or `Kind/name`, matching the
    /// object or a workload that owns it) with durations: `hub=3s,prometheus*=2s`.
    #[arg(long, value_parser = delays)]
    ready_after_for: Option<Delays>,
    /// Append one JSON line per request (time, user, method, verb, path, query, content_type,
    /// status, duration_ms) to this file.
    #[arg(long)]
    request_log: Option<PathBuf>,
    /// How long the namespace controller waits after a namespace's deletion before removing its
    /// content, in milliseconds (a real kube-controller-manager waits 5 s).
    #[arg(long, default_value_t = 5000)]
    namespace_grace_ms: u64,
    /// The namespace where the namespace-only user (context odh-test-namespaced) is admin.
    #[arg(long, default_value = "opendatahub")]
    namespaced_user_namespace: String,
    /// Fraction of requests that fail (429, 500, 503 or a reset connection).
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,
    /// Seed for the fault generator.
    #[arg(long, default_value_t = 0)]
    seed: u64,
}

/// The value of `--ready-after-for`.
#[derive(Clone, Debug)]
struct Delays(Vec<(String, Duration)>);

fn delays(s: &str) -> Result<Delays, String> {
    odh_testcluster::parse_delays(s).map(Delays)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut opts = Options::default()
        .platform(args.platform)
        .port(args.port)
        .latency(Duration::from_millis(args.latency_ms))
        .ready_after(Duration::from_millis(args.ready_after_ms))
        .namespace_grace(Duration::from_millis(args.namespace_grace_ms))
        .namespaced_user_namespace(&args.namespaced_user_namespace)
        .fault_rate(args.fault_rate)
        .seed(args.seed)
        .kubeconfig_out(args.kubeconfig_out);
    for (glob, d) in args.ready_after_for.map(|d| d.0).unwrap_or_default() {
        opts = opts.ready_after_for(&glob, d);
    }
    if let Some(p) = args.request_log {
        opts = opts.request_log(p);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async {
        let tc = TestCluster::start(opts).await?;
        println!("{}", tc.url());
        eprintln!("kubeconfig: {}", tc.kubeconfig_path().display());
        tokio::signal::ctrl_c().await?;
        drop(tc);
        Ok(())
    })
}
