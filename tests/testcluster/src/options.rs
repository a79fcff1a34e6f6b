//! Start-up options for the simulated cluster.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// Which kind of cluster to imitate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Platform {
    /// Plain Kubernetes (kind, minikube).
    #[default]
    Kubernetes,
    /// OpenShift: adds `route.openshift.io` and OLM (`operators.coreos.com`).
    OpenShift,
}

impl FromStr for Platform {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "kubernetes" | "k8s" => Ok(Platform::Kubernetes),
            "openshift" | "ocp" => Ok(Platform::OpenShift),
            other => Err(format!(
                "unknown platform {other:?} (expected kubernetes or openshift)"
            )),
        }
    }
}

impl std::fmt::Display for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Platform::Kubernetes => "kubernetes",
            Platform::OpenShift => "openshift",
        })
    }
}

/// Options for [`crate::TestCluster`]. Start from `Options::default()` and use the builder methods.
#[derive(Clone, Debug)]
pub struct Options {
    pub platform: Platform,
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// How long simulated workloads and operators take to become ready.
    pub ready_after: Duration,
    /// Latency added to every request.
    pub latency: Duration,
    /// Fraction of requests that fail (spread evenly over 429, 500, 503 and reset connections).
    pub fault_rate: f64,
    /// Seed for the fault generator.
    pub seed: u64,
    /// Write the kubeconfig here instead of a temporary directory.
    pub kubeconfig_out: Option<PathBuf>,
    /// How many change events are kept for watches to resume from.
    pub watch_history: usize,
    /// Interval between BOOKMARK events on watches that allow them.
    pub bookmark_interval: Duration,
    /// Upper bound for a watch's `timeoutSeconds` (and the default when none is given).
    pub max_watch_timeout: Duration,
    /// Delay before a new CRD is Established and served.
    pub crd_established_after: Duration,
    /// How long the namespace controller waits after a namespace's deletion before it removes the
    /// content (a real kube-controller-manager waits 5 s).
    pub namespace_grace: Duration,
    /// How long the simulated kubelet takes to stop a gracefully deleted pod's containers before
    /// confirming the deletion (the recording's kubelet took about half a second, transcripts 75–78).
    pub pod_termination: Duration,
    /// The namespace where the namespace-only user (context `odh-test-namespaced`) is `admin`.
    pub namespaced_user_namespace: String,
    /// Name globs (`name` or `Kind/name`) of objects that get the finalizer `test.odh/stuck` on create.
    pub stuck_finalizers: Vec<String>,
    /// Name globs of workloads whose pods never become ready.
    pub never_ready: Vec<String>,
    /// The `gitVersion` `/version` reports, e.g. `v1.33.2`.
    pub version: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            platform: Platform::Kubernetes,
            port: 0,
            ready_after: Duration::from_millis(200),
            latency: Duration::ZERO,
            fault_rate: 0.0,
            seed: 0,
            kubeconfig_out: None,
            watch_history: 20_000,
            bookmark_interval: Duration::from_secs(1),
            max_watch_timeout: Duration::from_secs(300),
            crd_established_after: Duration::ZERO,
            namespace_grace: Duration::from_secs(5),
            pod_termination: Duration::from_millis(500),
            namespaced_user_namespace: "opendatahub".to_string(),
            stuck_finalizers: Vec::new(),
            never_ready: Vec::new(),
            version: crate::discovery::DEFAULT_VERSION.to_string(),
        }
    }
}

impl Options {
    pub fn platform(mut self, p: Platform) -> Self {
        self.platform = p;
        self
    }

    pub fn openshift(self) -> Self {
        self.platform(Platform::OpenShift)
    }

    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    pub fn ready_after(mut self, d: Duration) -> Self {
        self.ready_after = d;
        self
    }

    pub fn latency(mut self, d: Duration) -> Self {
        self.latency = d;
        self
    }

    pub fn fault_rate(mut self, rate: f64) -> Self {
        self.fault_rate = rate;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    pub fn kubeconfig_out(mut self, p: impl Into<PathBuf>) -> Self {
        self.kubeconfig_out = Some(p.into());
        self
    }

    pub fn watch_history(mut self, n: usize) -> Self {
        self.watch_history = n;
        self
    }

    pub fn bookmark_interval(mut self, d: Duration) -> Self {
        self.bookmark_interval = d;
        self
    }

    pub fn max_watch_timeout(mut self, d: Duration) -> Self {
        self.max_watch_timeout = d;
        self
    }

    pub fn crd_established_after(mut self, d: Duration) -> Self {
        self.crd_established_after = d;
        self
    }

    pub fn namespace_grace(mut self, d: Duration) -> Self {
        self.namespace_grace = d;
        self
    }

    pub fn pod_termination(mut self, d: Duration) -> Self {
        self.pod_termination = d;
        self
    }

    pub fn namespaced_user_namespace(mut self, ns: &str) -> Self {
        self.namespaced_user_namespace = ns.to_string();
        self
    }

    pub fn stuck_finalizer(mut self, glob: &str) -> Self {
        self.stuck_finalizers.push(glob.to_string());
        self
    }

    pub fn never_ready(mut self, glob: &str) -> Self {
        self.never_ready.push(glob.to_string());
        self
    }

    /// The Kubernetes version to report (`v1.27.4`), for testing version checks.
    pub fn version(mut self, git_version: &str) -> Self {
        self.version = git_version.to_string();
        self
    }
}
