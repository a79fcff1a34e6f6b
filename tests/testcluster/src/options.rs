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

/// Parses a duration: a number with `ms`, `s` or `m` (`250ms`, `3s`, `1.5s`, `2m`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, scale) = if let Some(n) = s.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = s.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 60.0)
    } else {
        return Err(format!("{s:?} has no unit: write it as 250ms, 3s or 2m"));
    };
    match num.trim().parse::<f64>() {
        Ok(v) if v >= 0.0 && v.is_finite() => Ok(Duration::from_secs_f64(v * scale)),
        _ => Err(format!(
            "{s:?} is not a duration: write it as 250ms, 3s or 2m"
        )),
    }
}

/// Parses per-object readiness delays: `glob=duration` pairs separated by commas
/// (`hub=3s,prometheus*=2s,Deployment/minio=500ms`).
pub fn parse_delays(s: &str) -> Result<Vec<(String, Duration)>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|pair| {
            let (glob, d) = pair
                .split_once('=')
                .ok_or_else(|| format!("{pair:?} is not glob=duration (for example hub=3s)"))?;
            if glob.trim().is_empty() {
                return Err(format!("{pair:?} names no object before '='"));
            }
            Ok((glob.trim().to_string(), parse_duration(d)?))
        })
        .collect()
}

/// Options for [`crate::TestCluster`]. Start from `Options::default()` and use the builder methods.
#[derive(Clone, Debug)]
pub struct Options {
    pub platform: Platform,
    /// TCP port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// How long simulated workloads and operators take to become ready.
    pub ready_after: Duration,
    /// Per-object readiness delays: the first name glob (`name` or `Kind/name`) that matches the
    /// object or a workload owning it (a pod's ReplicaSet and Deployment) gives its delay;
    /// `ready_after` applies to the rest.
    pub ready_after_for: Vec<(String, Duration)>,
    /// Append one JSON line per served request to this file.
    pub request_log: Option<PathBuf>,
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
            ready_after_for: Vec::new(),
            request_log: None,
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

    /// Objects matching `glob` (or owned by a workload that does) become ready after `d`.
    pub fn ready_after_for(mut self, glob: &str, d: Duration) -> Self {
        self.ready_after_for.push((glob.to_string(), d));
        self
    }

    pub fn request_log(mut self, p: impl Into<PathBuf>) -> Self {
        self.request_log = Some(p.into());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_parse_or_say_why_not() {
        assert_eq!(
            parse_delays("hub=3s, prometheus*=250ms,Deployment/minio=1.5s").unwrap(),
            vec![
                ("hub".to_string(), Duration::from_secs(3)),
                ("prometheus*".to_string(), Duration::from_millis(250)),
                ("Deployment/minio".to_string(), Duration::from_millis(1500)),
            ]
        );
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert!(parse_delays("hub").unwrap_err().contains("glob=duration"));
        assert!(parse_delays("hub=3").unwrap_err().contains("no unit"));
        assert!(parse_delays("=3s").unwrap_err().contains("names no object"));
        assert!(parse_duration("-1s").is_err());
    }
}
