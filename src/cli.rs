//! Command-line definitions (clap derive). Doc comments are the `--help` text; no logic here.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Install, inspect and remove Open Data Hub on Kubernetes and OpenShift.
#[derive(Debug, Parser)]
#[command(name = "odh", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
    #[arg(long, global = true, value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context to use (default: the current context)
    #[arg(long, global = true, value_name = "NAME")]
    pub context: Option<String>,

    /// Output format of results on stdout
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,

    /// Never draw progress bars (implied when stderr is not a terminal)
    #[arg(long, global = true)]
    pub no_progress: bool,

    /// Never prompt; assume yes
    #[arg(short = 'y', long, global = true)]
    pub yes: bool,

    /// Print more detail on stderr
    #[arg(short = 'v', long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print only errors on stderr
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,

    /// Give up on a single API server request after this long (e.g. 10s, 1m; 0: no limit)
    #[arg(long, global = true, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub request_timeout: std::time::Duration,
}

/// How results are printed on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Yaml,
}

/// The target platform of a rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    /// Detect from the cluster (OpenShift when route.openshift.io and OLM are served)
    Auto,
    /// Plain Kubernetes (kind, minikube, CI): upstream components installed directly
    Kubernetes,
    /// OpenShift: the ODH operator through OLM
    Openshift,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List profiles with their components, dependencies, platforms and parameters
    Profiles,

    /// Print the rendered objects as YAML or JSON; never contacts a cluster
    Render(RenderCmd),

    /// List every container image the profiles would run (for mirroring)
    Images(ImagesCmd),

    /// Pre-flight checks: server, credentials, version, platform, permissions, storage, conflicts
    Check(CheckCmd),

    /// Check, validate, plan, apply in waves with server-side apply, and wait until everything is ready
    Install(InstallCmd),

    /// Show what install would change: objects to create, a diff of each change, objects to prune
    Diff(DiffCmd),

    /// Show the health of every object odh installed, with reasons
    Status(StatusCmd),

    /// Check that the installed platform works: logins, the bucket, scrape targets, predictions
    Verify(VerifyCmd),

    /// Remove what odh installed, in safe order
    Uninstall(UninstallCmd),

    /// Download the remote upstream files of profiles into a directory (for air-gapped installs)
    Fetch(FetchCmd),

    /// Print shell completions
    Completions(CompletionsCmd),
}

/// What to render: profiles, platform and values.
#[derive(Debug, Args, Clone)]
pub struct SelectionArgs {
    /// Profiles to use, comma-separated or repeated (core, monitoring, serving, ai-library)
    #[arg(
        short = 'p',
        long = "profile",
        value_name = "P[,P…]",
        value_delimiter = ',',
        value_parser = Offered::Profiles
    )]
    pub profiles: Vec<String>,

    /// Values file (YAML); repeat to layer, later files win
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values_files: Vec<PathBuf>,

    /// Set one value (KEY=VALUE); applied after all -f files
    #[arg(
        long = "set",
        value_name = "KEY=VALUE",
        value_parser = Offered::Keys,
        value_hint = clap::ValueHint::Other,
        hide_possible_values = true
    )]
    pub set: Vec<String>,

    /// Your own manifests (a directory of .yaml/.yml/.json files, or one file) to install, track, report and uninstall with odh's; repeat for more; remembered by later installs
    #[arg(long = "include", value_name = "DIR", value_hint = clap::ValueHint::AnyPath)]
    pub include: Vec<PathBuf>,

    /// Leave out the manifests an earlier install included (they are pruned)
    #[arg(long, conflicts_with = "include")]
    pub no_include: bool,
}

/// Where remote upstream files (third-party CRDs) come from.
#[derive(Debug, Args, Clone)]
pub struct SourceArgs {
    /// Never download: use only the cache or --bundle
    #[arg(long)]
    pub offline: bool,

    /// Read remote files from a directory written by `odh fetch` instead of downloading
    #[arg(long, value_name = "DIR")]
    pub bundle: Option<PathBuf>,

    /// Download remote files from this mirror (URL/<host>/<path>) instead of upstream
    #[arg(long, value_name = "URL", env = "ODH_SOURCE_MIRROR")]
    pub source_mirror: Option<String>,

    /// Lock file of `sha256  url` lines that adds or overrides pinned digests
    #[arg(long, value_name = "FILE", env = "ODH_SOURCE_LOCK")]
    pub source_lock: Option<PathBuf>,

    /// Cache directory for downloaded files (default: the user cache directory)
    #[arg(long, value_name = "DIR", env = "ODH_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderCmd {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Target platform
    #[arg(long, value_enum, default_value_t = PlatformArg::Kubernetes)]
    pub platform: PlatformArg,

    /// Write one file per object and a kustomization.yaml into DIR instead of stdout
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    #[command(flatten)]
    pub gitops: GitopsArgs,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// GitOps delivery of `odh render --output-dir`.
#[derive(Debug, Args)]
pub struct GitopsArgs {
    /// Write the objects per component with Argo CD Applications that install them in odh's order
    #[arg(long, value_enum, requires = "output_dir")]
    pub gitops: Option<GitopsTool>,

    /// The Git repository Argo CD reads the output directory from (with --gitops)
    #[arg(long, value_name = "URL", requires = "gitops")]
    pub repo_url: Option<String>,

    /// The branch, tag or commit Argo CD syncs (with --gitops)
    #[arg(long, value_name = "REVISION", default_value = "HEAD")]
    pub revision: String,

    /// The output directory's path inside the repository (with --gitops; default: --output-dir when relative)
    #[arg(long, value_name = "PATH", requires = "gitops")]
    pub repo_path: Option<String>,

    /// Argo CD's namespace (with --gitops; default argocd, or openshift-gitops for --platform openshift)
    #[arg(long, value_name = "NAMESPACE", requires = "gitops")]
    pub argocd_namespace: Option<String>,
}

/// The GitOps tool `--gitops` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GitopsTool {
    /// Argo CD (also OpenShift GitOps): one Application per component under a parent Application
    Argocd,
}

#[derive(Debug, Args)]
pub struct InstallCmd {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Target platform (auto: OpenShift when the cluster serves routes and OLM)
    #[arg(long, value_enum, default_value_t = PlatformArg::Auto)]
    pub platform: PlatformArg,

    /// Print the plan with what would happen to each object; change nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Give up waiting after this long (e.g. 90s, 10m, 1h30m)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_limit)]
    pub timeout: std::time::Duration,

    /// How long an object may report a failure (image pull, crash loop) before the install fails
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration)]
    pub grace: std::time::Duration,

    /// Take over existing objects that odh does not manage yet
    #[arg(long)]
    pub adopt: bool,

    /// Take over fields that another field manager owns
    #[arg(long)]
    pub force_conflicts: bool,

    /// Requests to the API server at once
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,

    /// Do not run the checks of `odh check` before installing
    #[arg(long)]
    pub skip_checks: bool,

    /// After a successful install, run the fast checks of `odh verify` (exit 1 if one fails)
    #[arg(long)]
    pub verify: bool,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// What `check` and `diff` look at: the profiles, values and platform of an install.
#[derive(Debug, Args)]
pub struct CheckCmd {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Target platform (auto: OpenShift when the cluster serves routes and OLM)
    #[arg(long, value_enum, default_value_t = PlatformArg::Auto)]
    pub platform: PlatformArg,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// `odh diff` takes what `odh install` would: profiles, values, platform.
pub type DiffCmd = CheckCmd;

pub use crate::duration::{parse as parse_duration, parse_positive as parse_limit};

/// Which installation: its namespace (where the inventory is) and profiles.
#[derive(Debug, Args, Clone)]
pub struct InstallationArgs {
    /// The applications namespace holding the installation's inventory
    #[arg(
        short = 'n',
        long,
        value_name = "NAME",
        default_value = "opendatahub",
        env = "ODH_NAMESPACE"
    )]
    pub namespace: String,

    /// Only these installed profiles (comma-separated or repeated)
    #[arg(
        short = 'p',
        long = "profile",
        value_name = "P[,P…]",
        value_delimiter = ',',
        value_parser = Offered::Profiles
    )]
    pub profiles: Vec<String>,
}

#[derive(Debug, Args)]
pub struct StatusCmd {
    #[command(flatten)]
    pub installation: InstallationArgs,

    /// Wait until every object is ready (exit 3 at --timeout)
    #[arg(long)]
    pub wait: bool,

    /// How long --wait waits (e.g. 90s, 10m)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_limit)]
    pub timeout: std::time::Duration,

    /// Keep watching and report each change until Ctrl-C (redraws on a terminal)
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Args)]
pub struct VerifyCmd {
    #[command(flatten)]
    pub installation: InstallationArgs,

    /// Also run a SparkPi application and start a notebook server (minutes)
    #[arg(long)]
    pub include_slow: bool,

    /// Give up after this long; checks still running fail (default 5m, 15m with --include-slow)
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<std::time::Duration>,
}

#[derive(Debug, Args)]
pub struct UninstallCmd {
    #[command(flatten)]
    pub installation: InstallationArgs,

    /// Also delete claims holding data, the namespaces holding them, and CRDs no custom resource uses
    #[arg(long)]
    pub purge: bool,

    /// Give up waiting for deletions after this long (e.g. 90s, 10m)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_limit)]
    pub timeout: std::time::Duration,

    /// Take a finalizer off an object being deleted when the controller that
    /// clears it is confirmed gone (never for unknown or control-plane finalizers)
    #[arg(long)]
    pub remove_orphaned_finalizers: bool,

    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args)]
pub struct ImagesCmd {
    #[command(flatten)]
    pub selection: SelectionArgs,

    /// Target platform
    #[arg(long, value_enum, default_value_t = PlatformArg::Kubernetes)]
    pub platform: PlatformArg,

    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args)]
pub struct FetchCmd {
    /// Profiles whose remote files to fetch (all components, every platform and engine)
    #[arg(
        short = 'p',
        long = "profile",
        value_name = "P[,P…]",
        value_delimiter = ',',
        value_parser = Offered::Profiles
    )]
    pub profiles: Vec<String>,

    /// Directory to write the files into (layout URL host/path, plus sources.lock)
    #[arg(long, value_name = "DIR")]
    pub to: PathBuf,

    #[command(flatten)]
    pub sources: SourceArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsCmd {
    /// The shell to print completions for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Shells with completions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

/// Text of any kind, with the catalog's names offered to help and shell
/// completion: profile names after `-p`, value keys (`KEY=`) after `--set`.
/// Whether a name is valid is decided later, with a message naming the valid ones.
#[derive(Debug, Clone, Copy)]
pub enum Offered {
    Profiles,
    Keys,
}

impl TypedValueParser for Offered {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let offered = crate::catalog::completion_names();
        let names = match self {
            Offered::Profiles => &offered.profiles,
            Offered::Keys => &offered.keys,
        };
        Some(Box::new(names.iter().map(|(name, help)| {
            PossibleValue::new(name.as_str()).help(help.as_str())
        })))
    }
}
