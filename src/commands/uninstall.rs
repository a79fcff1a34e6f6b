//! `odh uninstall`: remove the whole installation, or some of its profiles (the
//! rest is re-applied without them, so shared objects keep their other parts).

use super::install::connect;
use super::prepare::{Installed, prepare_over};
use crate::catalog::{Catalog, Platform};
use crate::cli::{GlobalArgs, SelectionArgs, UninstallCmd};
use crate::error::Exit;
use crate::event::{Event, Outcome};
use crate::install::{self, Emit, Options, Request, uninstall::uninstall};
use crate::render;
use crate::report::{self, Terminal, prompt};
use anyhow::Result;
use std::sync::Arc;
use std::time::Duration;

pub async fn run(cmd: UninstallCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    let cluster = Arc::new(connect(global).await?);
    let namespace = cmd.installation.namespace.clone();
    let inventory = install::require_inventory(&cluster, &namespace).await?;
    let catalog = Catalog::embedded()?;
    install::check_installed(&inventory, &cmd.installation.profiles)?;
    let mut removing: Vec<String> = cmd.installation.profiles.clone();
    // Profiles that need a removed one go too.
    loop {
        let more: Vec<String> = inventory
            .profiles
            .iter()
            .filter(|p| !removing.contains(p))
            .filter(|p| {
                catalog
                    .profile(p)
                    .is_some_and(|prof| prof.requires.iter().any(|r| removing.contains(r)))
            })
            .cloned()
            .collect();
        if more.is_empty() {
            break;
        }
        for p in more {
            terminal.note(format!(
                "profile {p} requires a profile being removed; removing it too"
            ));
            removing.push(p);
        }
    }
    let remaining: Vec<String> = inventory
        .profiles
        .iter()
        .filter(|p| !removing.contains(p))
        .cloned()
        .collect();
    let everything = removing.is_empty() || remaining.is_empty();
    if terminal.interactive {
        let what = if everything {
            "everything odh installed".to_string()
        } else {
            format!("profile(s) {}", removing.join(", "))
        };
        if !prompt::confirm(&format!("Uninstall {what} from {}?", cluster.server))? {
            terminal.note("nothing was changed");
            return Ok(Exit::Failed);
        }
    }
    if everything {
        let removal = uninstall(cluster, &namespace, cmd.purge, cmd.timeout, &|line| {
            terminal.note(line)
        })
        .await?;
        if let Some(refused) = removal.refused {
            eprintln!("uninstall refused: {refused}");
            return Ok(Exit::Refused);
        }
        for (target, why) in &removal.kept {
            terminal.note(format!("kept {target}: {why}"));
        }
        if !removal.stuck.is_empty() {
            eprintln!("uninstall timed out; still there:");
            for (target, why) in &removal.stuck {
                eprintln!("  {target}: {why}");
            }
            return Ok(Exit::Timeout);
        }
        report::print_stdout(&format!(
            "uninstalled: {} deleted, {} kept\n",
            removal.deleted.len(),
            removal.kept.len()
        ))?;
        return Ok(Exit::Success);
    }
    // Re-apply the remaining profiles with their values; what only the removed ones had is pruned.
    let platform = if inventory.platform == "openshift" {
        Platform::Openshift
    } else {
        Platform::Kubernetes
    };
    let selection = SelectionArgs {
        profiles: remaining.clone(),
        values_files: Vec::new(),
        set: Vec::new(),
    };
    let installed = Installed {
        profiles: &remaining,
        values: &inventory.values,
    };
    let prepared = prepare_over(
        &selection,
        platform,
        &cmd.sources,
        terminal,
        Some(installed),
    )
    .await?;
    let chosen = prepared.catalog.select(&prepared.profiles)?;
    let requires = render::enabled_components(&chosen, platform, &prepared.values)?
        .iter()
        .map(|e| (e.component.name.clone(), e.component.requires.clone()))
        .collect();
    let request = Request {
        profiles: &prepared.profiles,
        platform,
        namespace: &namespace,
        objects: &prepared.objects,
        requires,
        values: prepared.values.to_map(),
        installed: Some(inventory.clone()),
    };
    let emit: Emit = Arc::new(move |event| {
        if let Event::Pruned { object } = event {
            terminal.note(format!("deleted {object}"));
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
                _ => Exit::Failed,
            })
        }
    }
}
