//! `odh install`: render, plan, confirm, apply in waves, wait, report.

use super::prepare::{
    Installed, Prepared, explicit_platform, prepare_over, request, requested_and_namespace,
    supported_versions, validate_input,
};
use crate::catalog::{Catalog, Platform};
use crate::check::{self, Report, Verdict};
use crate::cli::{GlobalArgs, InstallCmd, PlatformArg};
use crate::cluster::{self, Cluster};
use crate::error::{Exit, usage};
use crate::event::Outcome;
use crate::install::{self, Emit, Options, Request, checks};
use crate::report::{self, Terminal, install::reporter, prompt};
use anyhow::{Context, Result};
use std::sync::{Arc, Mutex};

/// How long `install --verify` gives the checks.
const VERIFY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);

/// Connects to the cluster of the global flags and checks that it answers.
pub async fn connect(global: &GlobalArgs) -> Result<Cluster> {
    let cluster = open(global).await?;
    cluster.version().await?;
    Ok(cluster)
}

/// A client for the cluster of the global flags, without a request yet.
pub async fn open(global: &GlobalArgs) -> Result<Cluster> {
    let limit = Some(global.request_timeout).filter(|d| !d.is_zero());
    cluster::connect(
        global.kubeconfig.as_deref(),
        global.context.as_deref(),
        limit,
    )
    .await
}

/// The platform the served API groups make: OpenShift with Routes and OLM.
pub fn platform_from(groups: &[String]) -> Platform {
    let has = |name: &str| groups.iter().any(|g| g == name);
    if crate::check::OPENSHIFT_GROUPS.iter().all(|g| has(g)) {
        Platform::Openshift
    } else {
        Platform::Kubernetes
    }
}

/// The platform: as given, or detected from the cluster's API groups.
pub async fn platform(cluster: &Cluster, arg: PlatformArg) -> Result<Platform> {
    Ok(match arg {
        PlatformArg::Kubernetes => Platform::Kubernetes,
        PlatformArg::Openshift => Platform::Openshift,
        PlatformArg::Auto => cluster
            .detect_platform()
            .await
            .context("detecting the platform")?,
    })
}

/// The checks of `odh check` for this install.
async fn preflight_checks(
    cluster: &Cluster,
    cmd: &InstallCmd,
    prepared: &Prepared,
    request: &Request<'_>,
) -> Result<Report> {
    let mut report = Report::default();
    let asked = explicit_platform(cmd.platform);
    if let Some(reached) = checks::connection(cluster, asked, &mut report).await {
        report.push(check::remote_files(&Ok(prepared.fetched.clone())));
        let ranges = supported_versions(prepared)?;
        let named_secrets = prepared.values.named_secrets()?;
        let facts = checks::PlanFacts {
            ranges: &ranges,
            named_secrets: &named_secrets,
            adopt: cmd.adopt,
        };
        checks::plan(cluster, &reached, request, &facts, &mut report).await;
    }
    Ok(report)
}

pub async fn run(mut cmd: InstallCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    if cmd.selection.profiles.is_empty() {
        if !terminal.interactive {
            let names = Catalog::embedded()?.names().join(", ");
            return Err(usage(format!(
                "no profile given; pass --profile with one or more of: {names}"
            )));
        }
        cmd.selection.profiles = prompt::pick_profiles(&Catalog::embedded()?.profiles)?;
    }
    validate_input(&cmd.selection, explicit_platform(cmd.platform))?;
    let cluster = Arc::new(connect(global).await?);
    let platform = platform(&cluster, cmd.platform).await?;
    terminal.detail(format!("platform: {platform}"));
    // Values alone (no render) tell where the installation's inventory is.
    let (requested, namespace) = requested_and_namespace(&cmd.selection, platform)?;
    let (installed, unreadable) = match install::read_inventory(&cluster, &namespace).await {
        // The checks name the missing permission; without them this is the error.
        Err(e) if !cmd.skip_checks && crate::error::exit_for(&e) == Exit::Denied => (None, Some(e)),
        other => (other?, None),
    };
    if let Some(inventory) = &installed {
        let kept: Vec<&str> = inventory
            .profiles
            .iter()
            .filter(|p| !requested.contains(p))
            .map(String::as_str)
            .collect();
        if !kept.is_empty() {
            terminal.note(format!(
                "keeping installed profile(s) {}; `odh uninstall --profile` removes one",
                kept.join(", ")
            ));
        }
    }
    let over = installed.as_ref().map(|inventory| Installed {
        profiles: &inventory.profiles,
        values: &inventory.values,
        includes: &inventory.includes,
    });
    let prepared = prepare_over(&cmd.selection, platform, &cmd.sources, terminal, over).await?;
    let request = request(&prepared, installed.clone())?;
    if !cmd.skip_checks {
        let report = preflight_checks(&cluster, &cmd, &prepared, &request).await?;
        for check in report
            .checks
            .iter()
            .filter(|c| c.verdict == Verdict::Warning)
        {
            terminal.warn(format!("check {}: {}", check.name, check.detail));
        }
        if report.failed() {
            eprint!("{}", report::check::text(&report, true));
            eprintln!(
                "install refused before any change; `odh check` runs these checks alone, --skip-checks skips them"
            );
            return Ok(Exit::Refused);
        }
        if let Some(err) = unreadable {
            return Err(err);
        }
    }
    if cmd.dry_run || terminal.interactive {
        let plan = install::plan_for(&request)?;
        let preview = install::preview(&cluster, &request, cmd.adopt).await?;
        let tree = plan.render_tree(|target| preview.get(target).cloned());
        if cmd.dry_run {
            report::print_stdout(&tree)?;
            return Ok(Exit::Success);
        }
        eprint!("{tree}");
        if !prompt::confirm(&format!(
            "Install {} onto {}?",
            prepared.profiles.join(", "),
            cluster.server
        ))? {
            terminal.note("nothing was changed");
            return Ok(Exit::Failed);
        }
    }
    let printer = Arc::new(Mutex::new(reporter(terminal, global.output)));
    let sink = printer.clone();
    let emit: Emit = Arc::new(move |event| {
        sink.lock()
            .unwrap_or_else(|e| e.into_inner())
            .on_event(&event)
    });
    let options = Options {
        timeout: cmd.timeout,
        grace: cmd.grace,
        adopt: cmd.adopt,
        force_conflicts: cmd.force_conflicts,
        concurrency: cmd.concurrency,
    };
    let summary = install::install(cluster.clone(), &request, options, emit).await?;
    printer.lock().unwrap_or_else(|e| e.into_inner()).finish();
    if summary.outcome == Outcome::Succeeded && cmd.verify {
        let inventory = install::read_inventory(&cluster, request.namespace)
            .await?
            .unwrap_or_default();
        let options = crate::probe::Options {
            include_slow: false,
            timeout: VERIFY_TIMEOUT,
            profiles: Vec::new(),
        };
        return super::verify::verify_installation(
            &cluster,
            &inventory,
            &options,
            global.output,
            terminal,
            true,
        )
        .await;
    }
    Ok(match summary.outcome {
        Outcome::Succeeded => Exit::Success,
        Outcome::Failed => Exit::Failed,
        Outcome::TimedOut => Exit::Timeout,
        Outcome::Refused => Exit::Refused,
        Outcome::Denied => Exit::Denied,
    })
}
