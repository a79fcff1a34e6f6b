//! What the benchmark works with: a bundle of remote-file stand-ins at their
//! upstream sizes, the scenarios (platform, profiles), the readiness delays,
//! fresh test clusters, and `odh` command lines.

use crate::fixtures::{lock_text, stand_ins};
use odh::sources::relative_path;
use odh_testcluster::{Options, Platform, TestCluster};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Upstream sizes in bytes of the pinned CRD files (the release tags' blobs),
/// so that parsing and sending them costs what it costs for real.
const UPSTREAM_BYTES: &[(&str, usize)] = &[
    ("sparkoperator.k8s.io_sparkapplications.yaml", 797_708),
    (
        "sparkoperator.k8s.io_scheduledsparkapplications.yaml",
        848_815,
    ),
    ("sparkoperator.k8s.io_sparkconnects.yaml", 52_331),
    ("serving.kserve.io_inferenceservices.yaml", 1_959_187),
    ("serving.kserve.io_clusterservingruntimes.yaml", 196_333),
    ("serving.kserve.io_servingruntimes.yaml", 196_301),
    ("serving.kserve.io_inferencegraphs.yaml", 27_990),
    ("serving.kserve.io_clusterstoragecontainers.yaml", 29_800),
];

/// A scratch directory with the bundle and lock every run uses.
pub struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    pub fn new() -> Work {
        let dir = tempfile::tempdir().expect("a scratch directory");
        let files: std::collections::BTreeMap<String, String> = stand_ins()
            .into_iter()
            .map(|(url, text)| {
                let size = UPSTREAM_BYTES
                    .iter()
                    .find(|(file, _)| url.ends_with(file))
                    .map(|(_, size)| *size);
                let text = match size {
                    Some(size) => pad_crd(&text, size),
                    None => text,
                };
                (url, text)
            })
            .collect();
        let bundle = dir.path().join("bundle");
        for (url, text) in &files {
            let path = bundle.join(relative_path(url).expect("catalog URLs map to paths"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(bundle.join("sources.lock"), lock_text(&files)).unwrap();
        std::fs::write(dir.path().join("pins.lock"), lock_text(&files)).unwrap();
        std::fs::create_dir_all(dir.path().join("cache")).unwrap();
        Work { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn bundle(&self) -> PathBuf {
        self.path().join("bundle")
    }

    /// `odh` with the bundle, the pins and a cache of this run.
    pub fn odh(&self, kubeconfig: Option<&Path>) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_odh"));
        command
            .env_remove("KUBECONFIG")
            .env("ODH_CACHE_DIR", self.path().join("cache"))
            .env("ODH_SOURCE_LOCK", self.path().join("pins.lock"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped());
        if let Some(path) = kubeconfig {
            command.arg("--kubeconfig").arg(path);
        }
        command
    }
}

/// Adds typed properties to a stand-in CRD's schema until it has `size` bytes.
fn pad_crd(text: &str, size: usize) -> String {
    const ANCHOR: &str = "        x-kubernetes-preserve-unknown-fields: true\n";
    let Some(at) = text.find(ANCHOR) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(size + 200);
    out.push_str(&text[..at + ANCHOR.len()]);
    out.push_str("        properties:\n");
    let mut n = 0;
    while out.len() + (text.len() - at - ANCHOR.len()) < size {
        out.push_str(&format!(
            "          field{n:05}:\n            type: string\n            description: A field of the schema, described as upstream describes its fields.\n"
        ));
        n += 1;
    }
    out.push_str(&text[at + ANCHOR.len()..]);
    out
}

/// One platform with every profile at its defaults.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub platform: Platform,
}

impl Scenario {
    pub fn all() -> Vec<Scenario> {
        vec![
            Scenario {
                platform: Platform::Kubernetes,
            },
            Scenario {
                platform: Platform::OpenShift,
            },
        ]
    }

    /// The profiles, as odh's `-p` takes them.
    pub fn profiles(&self) -> &'static str {
        "core,monitoring,serving,ai-library,pipelines"
    }

    pub fn platform_arg(&self) -> &'static str {
        match self.platform {
            Platform::Kubernetes => "kubernetes",
            Platform::OpenShift => "openshift",
        }
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.platform_arg())
    }
}

/// How long simulated workloads and operators take to become ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delays {
    /// Everything after 1 s.
    Uniform,
    /// Each component its own delay, as such programs take to start.
    Realistic,
}

impl Delays {
    /// Per-name delays (globs), and the default for everything else.
    pub fn table(self) -> (Duration, Vec<(&'static str, Duration)>) {
        let ms = Duration::from_millis;
        match self {
            Delays::Uniform => (ms(1000), Vec::new()),
            Delays::Realistic => (
                ms(1000),
                vec![
                    ("hub", ms(3000)),
                    ("proxy", ms(1000)),
                    ("minio", ms(2000)),
                    ("minio-create-bucket", ms(1500)),
                    ("spark-operator-*", ms(2000)),
                    ("prometheus", ms(2500)),
                    ("grafana", ms(3000)),
                    ("seldon-controller-manager", ms(4000)),
                    ("cert-manager*", ms(3000)),
                    ("kserve-controller-manager", ms(5000)),
                    ("sentiment-analysis*", ms(6000)),
                    ("flake-analysis*", ms(5000)),
                    ("duplicate-bug-detection*", ms(5000)),
                    ("ai-library-*", ms(2000)),
                    ("opendatahub-operator*", ms(5000)),
                    ("default-dsci", ms(2000)),
                    ("default-dsc", ms(8000)),
                    ("mysql", ms(3000)),
                    ("metadata-grpc-*", ms(2000)),
                    ("ml-pipeline", ms(4000)),
                    ("ml-pipeline-*", ms(2000)),
                    ("workflow-controller", ms(1500)),
                    ("dspa", ms(6000)),
                ],
            ),
        }
    }

    /// The delay of one object by name.
    pub fn of(self, name: &str) -> Duration {
        let (default, table) = self.table();
        table
            .iter()
            .find(|(glob, _)| glob_match(glob, name))
            .map_or(default, |(_, d)| *d)
    }
}

fn glob_match(glob: &str, name: &str) -> bool {
    match glob.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => glob == name,
    }
}

impl fmt::Display for Delays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delays::Uniform => "uniform 1 s",
            Delays::Realistic => "per-component",
        })
    }
}

/// A fresh test cluster for a scenario.
pub fn cluster(scenario: &Scenario, delays: Delays, latency: Duration) -> TestCluster {
    let (default, table) = delays.table();
    let mut options = Options::default()
        .platform(scenario.platform)
        .latency(latency)
        .ready_after(default);
    for (glob, delay) in table {
        options = options.ready_after_for(glob, delay);
    }
    TestCluster::spawn(options)
}
