//! One measurement each: an install by a tool on a fresh test cluster (wall
//! time until ready, requests by verb from the cluster's log, peak memory),
//! odh's status, re-install and uninstall, the scaling runs, render and start.

use crate::floor;
use crate::setup::{Delays, Scenario, Work, cluster};
use odh::plan::{self, WaitFor};
use odh_testcluster::{RequestRecord, TestCluster};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// An installer being measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tool {
    Odh,
    /// `benches/kubectl-staged.sh`: apply stage by stage, `kubectl wait` on the same conditions.
    KubectlStaged,
    /// Carvel kapp at this path.
    Kapp(String),
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tool::Odh => "odh",
            Tool::KubectlStaged => "kubectl (staged)",
            Tool::Kapp(_) => "kapp",
        })
    }
}

/// One run.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub wall: Duration,
    /// Requests by Kubernetes verb.
    pub verbs: BTreeMap<String, usize>,
    /// Objects the tool applied.
    pub objects: usize,
    /// Peak resident memory of the tool's process, KiB.
    pub rss_kib: Option<u64>,
    pub ok: bool,
}

impl Sample {
    pub fn requests(&self) -> usize {
        self.verbs.values().sum()
    }
}

fn verbs(log: &[RequestRecord]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for r in log {
        *out.entry(r.verb.clone()).or_default() += 1;
    }
    out
}

/// Runs a command, timing it and reading its peak memory with `/usr/bin/time` when present.
pub fn timed(command: Command) -> (Duration, Option<u64>, bool) {
    let time = Path::new("/usr/bin/time");
    let rss_file = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut run = if time.exists() {
        let mut wrapped = Command::new(time);
        wrapped
            .args(["-f", "%M", "-o"])
            .arg(rss_file.path())
            .arg(command.get_program())
            .args(command.get_args());
        for (key, value) in command.get_envs() {
            match value {
                Some(v) => wrapped.env(key, v),
                None => wrapped.env_remove(key),
            };
        }
        wrapped
    } else {
        command
    };
    run.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let started = Instant::now();
    let ok = run.status().map(|s| s.success()).unwrap_or(false);
    let wall = started.elapsed();
    let rss = std::fs::read_to_string(rss_file.path())
        .ok()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()));
    (wall, rss, ok)
}

/// One install by one tool on a fresh cluster.
pub fn install(
    work: &Work,
    scenario: &Scenario,
    delays: Delays,
    latency: Duration,
    tool: &Tool,
) -> Sample {
    let cluster = cluster(scenario, delays, latency);
    let (objects, requires) = floor::rendered(work, scenario);
    let objects = with_credentials(objects);
    cluster.clear_requests();
    let (wall, rss_kib, ok) = match tool {
        Tool::Odh => {
            let mut odh = work.odh(Some(cluster.kubeconfig_path()));
            odh.args([
                "install",
                "-p",
                scenario.profiles(),
                "--platform",
                scenario.platform_arg(),
                "--yes",
                "-q",
                "--bundle",
            ])
            .arg(work.bundle());
            timed(odh)
        }
        Tool::KubectlStaged => {
            let stages = work.path().join(format!("stages-{scenario}"));
            write_stages(&stages, &objects, &requires);
            let mut script = Command::new(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/benches/kubectl-staged.sh"
            ));
            script.arg(cluster.kubeconfig_path()).arg(&stages);
            timed(script)
        }
        Tool::Kapp(path) => {
            let all = work.path().join(format!("all-{scenario}.yaml"));
            write_all(&all, &objects);
            let mut kapp = Command::new(path);
            kapp.env("KUBECONFIG", cluster.kubeconfig_path())
                .args(["deploy", "-a", "odh", "-y", "--wait-timeout", "10m", "-f"])
                .arg(&all);
            timed(kapp)
        }
    };
    Sample {
        wall,
        verbs: verbs(&cluster.requests()),
        objects: objects.len(),
        rss_kib,
        ok,
    }
}

/// The credentials odh generates at apply time, filled in as a user
/// scripting kubectl or kapp would have to (odh itself is given the objects
/// without them and generates its own).
fn with_credentials(objects: Vec<odh::object::Object>) -> Vec<odh::object::Object> {
    objects
        .into_iter()
        .map(|mut object| {
            for key in odh::render::generated_keys(&object) {
                let value = format!("bench-{}-{key}", object.name());
                object.0["stringData"][key] = serde_json::Value::String(value);
            }
            object
        })
        .collect()
}

fn yaml_stream(objects: &[&odh::object::Object]) -> String {
    objects
        .iter()
        .map(|o| format!("---\n{}", serde_json::to_string(&o.0).expect("JSON")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_all(path: &Path, objects: &[odh::object::Object]) {
    let all: Vec<&odh::object::Object> = objects.iter().collect();
    std::fs::write(path, yaml_stream(&all)).expect("writing the objects");
}

/// One directory per wave of odh's plan: `objects.yaml` and `waits` (one
/// `kubectl wait` argument list per line) — the order and conditions a
/// careful user would script by hand.
fn write_stages(dir: &Path, objects: &[odh::object::Object], requires: &[(String, Vec<String>)]) {
    let _ = std::fs::remove_dir_all(dir);
    let plan = plan::install(objects, requires).expect("a plan");
    for (n, wave) in plan.waves.iter().enumerate() {
        let stage = dir.join(format!("{n:02}"));
        std::fs::create_dir_all(&stage).expect("a stage directory");
        let members: Vec<&odh::object::Object> =
            wave.steps.iter().map(|s| &objects[s.index]).collect();
        std::fs::write(stage.join("objects.yaml"), yaml_stream(&members)).expect("stage objects");
        let waits: Vec<String> = wave
            .steps
            .iter()
            .filter_map(|s| wait_line(&objects[s.index], &s.wait))
            .collect();
        std::fs::write(stage.join("waits"), waits.join("\n") + "\n").expect("stage waits");
    }
}

/// The `kubectl wait` arguments for what odh waits for on this object.
fn wait_line(object: &odh::object::Object, wait: &WaitFor) -> Option<String> {
    let ns = object
        .namespace()
        .map(|n| format!(" -n {n}"))
        .unwrap_or_default();
    let target = format!(
        "{}.{}/{}",
        object.kind().to_lowercase(),
        object.group(),
        object.name()
    )
    .replace("./", "/");
    let condition = match (wait, object.kind()) {
        (WaitFor::Established, _) => "--for=condition=Established".to_string(),
        (WaitFor::Ready, "Deployment" | "StatefulSet") => "--for=condition=Available".to_string(),
        (WaitFor::Ready, "Job") => "--for=condition=Complete".to_string(),
        (WaitFor::Ready, "SeldonDeployment") => {
            "--for=jsonpath={.status.state}=Available".to_string()
        }
        (WaitFor::Ready, "Subscription") => {
            "--for=jsonpath={.status.state}=AtLatestKnown".to_string()
        }
        (WaitFor::Ready, "DSCInitialization" | "DataScienceCluster") => {
            "--for=jsonpath={.status.phase}=Ready".to_string()
        }
        (WaitFor::Ready, "Namespace" | "DaemonSet" | "PersistentVolumeClaim") => return None,
        (WaitFor::Ready, _) => "--for=condition=Ready".to_string(),
        // Webhooks: their controller is ready already (an earlier stage); kubectl
        // cannot wait for endpoints, so the apply of the next stage retries.
        _ => return None,
    };
    Some(format!("{condition} {target}{ns}"))
}

/// odh's status, unchanged re-install and uninstall with `total` objects installed.
pub struct Lifecycle {
    pub objects: usize,
    pub status: Vec<Sample>,
    pub reinstall: Vec<Sample>,
    pub uninstall: Vec<Sample>,
}

/// Writes `n` ConfigMaps into `dir/objects.yaml` for `--include`.
fn synthetic(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("an include directory");
    let text: String = (0..n)
        .map(|i| {
            format!(
                "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: user-{i:05}\n  namespace: opendatahub\ndata:\n  value: \"{i}\"\n"
            )
        })
        .collect();
    std::fs::write(dir.join("objects.yaml"), text).expect("synthetic objects");
}

fn odh_run(work: &Work, cluster: &TestCluster, args: &[&str]) -> Sample {
    let mut odh = work.odh(Some(cluster.kubeconfig_path()));
    odh.args(args);
    cluster.clear_requests();
    let (wall, rss_kib, ok) = timed(odh);
    Sample {
        wall,
        verbs: verbs(&cluster.requests()),
        objects: 0,
        rss_kib,
        ok,
    }
}

/// Status of ~2,000 installed objects, an unchanged re-install, an uninstall.
pub fn lifecycle(work: &Work, scenario: &Scenario, latency: Duration, rounds: usize) -> Lifecycle {
    let include = work.path().join(format!("include-{scenario}"));
    let (objects, _) = floor::rendered(work, scenario);
    let extra = 2000usize.saturating_sub(objects.len());
    synthetic(&include, extra);
    let bundle = work.bundle();
    let bundle = bundle.to_str().expect("UTF-8 path");
    let include = include.to_str().expect("UTF-8 path");
    let install = [
        "install",
        "-p",
        scenario.profiles(),
        "--platform",
        scenario.platform_arg(),
        "--yes",
        "-q",
        "--bundle",
        bundle,
        "--include",
        include,
    ];
    let mut out = Lifecycle {
        objects: objects.len() + extra,
        status: Vec::new(),
        reinstall: Vec::new(),
        uninstall: Vec::new(),
    };
    for _ in 0..rounds {
        let cluster = cluster(scenario, Delays::Uniform, latency);
        odh_run(work, &cluster, &install);
        out.status.push(odh_run(work, &cluster, &["status"]));
        let mut again = odh_run(work, &cluster, &install);
        again.objects = out.objects;
        out.reinstall.push(again);
        out.uninstall
            .push(odh_run(work, &cluster, &["uninstall", "--purge", "--yes"]));
    }
    out
}

/// Install and uninstall times of `monitoring` plus `n` included objects.
pub struct Scaled {
    pub extra: usize,
    pub install: Sample,
    pub uninstall: Sample,
}

pub fn scaling(work: &Work, latency: Duration, sizes: &[usize]) -> Vec<Scaled> {
    let scenario = Scenario {
        platform: odh_testcluster::Platform::Kubernetes,
    };
    let mut out = Vec::new();
    for &n in std::iter::once(&0).chain(sizes) {
        let dir = work.path().join(format!("scale-{n}"));
        synthetic(&dir, n);
        let cluster = cluster(&scenario, Delays::Uniform, latency);
        let dir = dir.to_str().expect("UTF-8 path");
        let mut args = vec![
            "install",
            "-p",
            "monitoring",
            "--platform",
            "kubernetes",
            "--yes",
            "-q",
        ];
        if n > 0 {
            args.extend(["--include", dir]);
        }
        let mut install = odh_run(work, &cluster, &args);
        install.objects = n;
        let uninstall = odh_run(work, &cluster, &["uninstall", "--purge", "--yes"]);
        out.push(Scaled {
            extra: n,
            install,
            uninstall,
        });
    }
    out
}

/// Render of every profile (Spark's CRDs at their real size) and a cold start.
pub struct Small {
    pub render: Vec<Sample>,
    pub start: Vec<Sample>,
}

pub fn small(work: &Work, rounds: usize) -> Small {
    let bundle = work.bundle();
    let mut out = Small {
        render: Vec::new(),
        start: Vec::new(),
    };
    for _ in 0..rounds.max(5) {
        let mut render = work.odh(None);
        render
            .args([
                "render",
                "-p",
                "core,monitoring,serving,ai-library,pipelines",
                "--bundle",
            ])
            .arg(&bundle);
        let (wall, rss_kib, ok) = timed(render);
        out.render.push(Sample {
            wall,
            rss_kib,
            ok,
            ..Sample::default()
        });
        let mut start = work.odh(None);
        start.arg("--version");
        let (wall, rss_kib, ok) = timed(start);
        out.start.push(Sample {
            wall,
            rss_kib,
            ok,
            ..Sample::default()
        });
    }
    out
}
