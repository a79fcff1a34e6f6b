//! Command-line definitions (clap derive). Doc comments are the `--help` text; no logic here.

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

    /// Plan, apply in waves with server-side apply, and wait until everything is ready
    Install(InstallCmd),

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
        value_delimiter = ','
    )]
    pub profiles: Vec<String>,

    /// Values file (YAML); repeat to layer, later files win
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values_files: Vec<PathBuf>,

    /// Set one value (KEY=VALUE); applied after all -f files
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
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
    pub sources: SourceArgs,
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
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
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

    /// After a successful install, run the fast checks of `odh verify` (exit 1 if one fails)
    #[arg(long)]
    pub verify: bool,

    #[command(flatten)]
    pub sources: SourceArgs,
}

/// Parses `90s`, `10m`, `1h30m`, `500ms` or plain seconds.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let bad = || format!("`{text}` is not a duration; use e.g. 90s, 10m or 1h30m");
    if let Ok(seconds) = text.parse::<u64>() {
        return Ok(std::time::Duration::from_secs(seconds));
    }
    let mut total = 0u64;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: u64 = number.parse().map_err(|_| bad())?;
        number.clear();
        let millis = match c {
            'm' if chars.peek() == Some(&'s') => {
                chars.next();
                value
            }
            'h' => value * 3_600_000,
            'm' => value * 60_000,
            's' => value * 1000,
            _ => return Err(bad()),
        };
        total += millis;
        any = true;
    }
    if !number.is_empty() || !any {
        return Err(bad());
    }
    Ok(std::time::Duration::from_millis(total))
}

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
        value_delimiter = ','
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
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
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
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = parse_duration)]
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
        value_delimiter = ','
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

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m5s").unwrap(), Duration::from_secs(125));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("10x").is_err());
        assert!(parse_duration("5m3").is_err());
    }
}
