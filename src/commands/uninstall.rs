//! `odh uninstall`: remove the whole installation, or some of its profiles (the
//! rest is re-applied without them, so shared objects keep their other parts).

use super::install::connect;
use super::installed::nothing_installed;
use super::prepare::{Installed, prepare_over};
use crate::catalog::{Catalog, Platform};
use crate::cli::{GlobalArgs, OutputFormat, SelectionArgs, UninstallCmd};
use crate::cluster::Cluster;
use crate::error::{Exit, usage};
use crate::event::{Event, Outcome};
use crate::install::uninstall::{self, Ended, Preview, Request as UninstallRequest};
use crate::install::{self, Emit, Inventory, Options, Request};
use crate::report::install::{Reporter, reporter};
use crate::report::{self, Terminal, prompt};
use anyhow::Result;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

pub async fn run(cmd: UninstallCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    let cluster = Arc::new(connect(global).await?);
    let namespace = cmd.installation.namespace.clone();
    let deadline = Instant::now() + cmd.timeout;
    let inventory = install::read_inventory_until(&cluster, &namespace, deadline).await?;
    let partial = match &inventory {
        Some(inventory) if !cmd.installation.profiles.is_empty() => {
            let removing = removing(&cmd.installation.profiles, inventory)?;
            let remaining: Vec<String> = inventory
                .profiles
                .iter()
                .filter(|p| !removing.contains(p))
                .cloned()
                .collect();
            (!remaining.is_empty()).then_some((removing, remaining))
        }
        _ => None,
    };
    match (partial, inventory) {
        (Some((removing, remaining)), Some(inventory)) => {
            uninstall_profiles(
                cluster, &cmd, global, terminal, inventory, removing, remaining,
            )
            .await
        }
        _ => uninstall_all(cluster, &cmd, global.output, terminal).await,
    }
}

/// The profiles to remove, refused when an installed profile that stays requires one.
fn removing(asked: &[String], inventory: &Inventory) -> Result<Vec<String>> {
    for p in asked {
        if !inventory.profiles.contains(p) {
            let installed = if inventory.profiles.is_empty() {
                "none".to_string()
            } else {
                inventory.profiles.join(", ")
            };
            return Err(usage(format!(
                "profile `{p}` is not installed; installed: {installed}"
            )));
        }
    }
    let catalog = Catalog::embedded()?;
    let blocking = uninstall::required_by_others(&catalog, &inventory.profiles, asked);
    if let Some((profile, required)) = blocking.first() {
        let mut both = asked.to_vec();
        both.push(profile.clone());
        return Err(crate::error::refused(format!(
            "uninstall refused: the installed profile {profile} requires {required}; remove both with `odh uninstall -p {}`, or keep {required}",
            both.join(",")
        )));
    }
    Ok(asked.to_vec())
}

async fn uninstall_all(
    cluster: Arc<Cluster>,
    cmd: &UninstallCmd,
    output: OutputFormat,
    terminal: Terminal,
) -> Result<Exit> {
    let started = Instant::now();
    let printer: Arc<Mutex<Box<dyn Reporter>>> = Arc::new(Mutex::new(reporter(terminal, output)));
    let sink = printer.clone();
    let emit: Emit = Arc::new(move |event| {
        sink.lock()
            .unwrap_or_else(|e| e.into_inner())
            .on_event(&event)
    });
    let server = cluster.server.clone();
    let confirm = move |preview: &Preview| {
        if !terminal.interactive {
            return true;
        }
        eprint!("{}", report::uninstall::preview(preview));
        prompt::confirm(&format!("Uninstall this from {server}?")).unwrap_or(false)
    };
    let request = UninstallRequest {
        namespace: cmd.installation.namespace.clone(),
        purge: cmd.purge,
        timeout: cmd.timeout,
        remove_orphaned_finalizers: cmd.remove_orphaned_finalizers,
    };
    let ended = uninstall::uninstall(cluster, &request, &confirm, emit).await?;
    printer.lock().unwrap_or_else(|e| e.into_inner()).finish();
    let took = started.elapsed();
    match ended {
        Ended::NothingInstalled { kept } => {
            terminal.note(nothing_installed(&request.namespace, kept.as_ref()));
            Ok(Exit::Success)
        }
        Ended::Refused(why) => {
            eprintln!("uninstall refused: {why}");
            Ok(Exit::Refused)
        }
        Ended::Declined => {
            terminal.note("nothing was changed");
            Ok(Exit::Failed)
        }
        Ended::Removed(removal) => {
            if output != OutputFormat::Text {
                report::print_stdout(&format!("{}\n", report::uninstall::to_json(&removal, took)))?;
            } else if removal.is_complete() {
                report::print_stdout(&format!(
                    "{}\n",
                    report::uninstall::result_line(&removal, took)
                ))?;
            }
            if removal.is_complete() {
                return Ok(Exit::Success);
            }
            if output == OutputFormat::Text {
                eprint!("{}", report::uninstall::stuck_block(&removal, took));
            }
            Ok(Exit::Timeout)
        }
    }
}

/// Re-applies the remaining profiles with their values; what only the removed
/// ones had is pruned.
async fn uninstall_profiles(
    cluster: Arc<Cluster>,
    cmd: &UninstallCmd,
    global: &GlobalArgs,
    terminal: Terminal,
    inventory: Inventory,
    removing: Vec<String>,
    remaining: Vec<String>,
) -> Result<Exit> {
    if terminal.interactive
        && !prompt::confirm(&format!(
            "Uninstall profile(s) {} from {}?",
            removing.join(", "),
            cluster.server
        ))?
    {
        terminal.note("nothing was changed");
        return Ok(Exit::Failed);
    }
    let platform = if inventory.platform == "openshift" {
        Platform::Openshift
    } else {
        Platform::Kubernetes
    };
    let selection = SelectionArgs {
        profiles: remaining.clone(),
        values_files: Vec::new(),
        set: Vec::new(),
        include: Vec::new(),
        no_include: false,
    };
    let installed = Installed {
        profiles: &remaining,
        values: &inventory.values,
        includes: &inventory.includes,
    };
    let prepared = prepare_over(
        &selection,
        platform,
        &cmd.sources,
        terminal,
        Some(installed),
    )
    .await?;
    let requires = super::prepare::component_requires(&prepared)?;
    let namespace = cmd.installation.namespace.clone();
    let request = Request {
        profiles: &prepared.profiles,
        platform,
        namespace: &namespace,
        objects: &prepared.objects,
        requires,
        values: prepared.values.to_map(),
        includes: prepared.includes.clone(),
        installed: Some(inventory.clone()),
    };
    let printer: Arc<Mutex<Box<dyn Reporter>>> =
        Arc::new(Mutex::new(reporter(terminal, global.output)));
    let sink = printer.clone();
    let emit: Emit = Arc::new(move |event| {
        if !matches!(event, Event::Finished(_)) {
            sink.lock()
                .unwrap_or_else(|e| e.into_inner())
                .on_event(&event);
        }
    });
    let options = Options {
        timeout: cmd.timeout,
        grace: Duration::from_secs(15),
        adopt: false,
        force_conflicts: false,
        concurrency: 8,
    };
    let summary = install::install(cluster, &request, options, emit).await?;
    printer.lock().unwrap_or_else(|e| e.into_inner()).finish();
    match summary.outcome {
        Outcome::Succeeded => {
            report::print_stdout(&format!(
                "uninstalled {}: {} deleted; {} kept installed\n",
                removing.join(", "),
                summary.pruned,
                remaining.join(", ")
            ))?;
            Ok(Exit::Success)
        }
        outcome => {
            eprint!("{}", report::install::failure_block(&summary));
            Ok(match outcome {
                Outcome::TimedOut => Exit::Timeout,
                Outcome::Refused => Exit::Refused,
                Outcome::Denied => Exit::Denied,
                _ => Exit::Failed,
            })
        }
    }
}
