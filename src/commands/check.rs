//! `odh check`: the pre-flight checks of an install, without changing anything.
//! Exit 0 when nothing failed, 4 otherwise.

use super::install::{open, platform_from};
use super::prepare::{
    Installed, explicit_platform, prepare_over, request, requested_and_namespace,
    supported_versions, validate_input,
};
use crate::catalog::{Catalog, Platform};
use crate::check::{self, Report};
use crate::cli::{CheckCmd, GlobalArgs, OutputFormat, SelectionArgs};
use crate::cluster::Cluster;
use crate::error::{Exit, chain_text};
use crate::install::{self, checks};
use crate::report::{self, Terminal};
use anyhow::Result;

pub async fn run(mut cmd: CheckCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    let asked = explicit_platform(cmd.platform);
    validate_input(&or_every_profile(&cmd.selection)?, asked)?;
    let cluster = open(global).await?;
    let report = checks_for(&cluster, &mut cmd, asked, terminal).await?;
    let text = match global.output {
        OutputFormat::Text => report::check::text(&report, false),
        OutputFormat::Json => report::to_json(&report::check::json(&report)),
        OutputFormat::Yaml => report::to_yaml_stream([&report::check::json(&report)])?,
    };
    report::print_stdout(&text)?;
    Ok(if report.failed() {
        Exit::Refused
    } else {
        Exit::Success
    })
}

/// Runs every check that can run; a failure early on (no server) skips the rest.
async fn checks_for(
    cluster: &Cluster,
    cmd: &mut CheckCmd,
    asked: Option<Platform>,
    terminal: Terminal,
) -> Result<Report> {
    let mut report = Report::default();
    let Some(reached) = checks::connection(cluster, asked, &mut report).await else {
        return Ok(report);
    };
    let platform = asked.unwrap_or_else(|| platform_from(&reached.groups));
    let (_, namespace) = requested_and_namespace(&or_every_profile(&cmd.selection)?, platform)?;
    // A reader who may not see the inventory still gets every other check.
    let installed = install::read_inventory(cluster, &namespace)
        .await
        .unwrap_or_else(|e| {
            terminal.note(format!(
                "cannot read the installation's inventory: {}",
                chain_text(e.as_ref())
            ));
            None
        });
    if cmd.selection.profiles.is_empty() {
        cmd.selection.profiles = match &installed {
            Some(inventory) => inventory.profiles.clone(),
            None => vec!["core".into()],
        };
        terminal.note(format!(
            "no --profile given; checking for {}",
            cmd.selection.profiles.join(", ")
        ));
    }
    let over = installed.as_ref().map(|inventory| Installed {
        profiles: &inventory.profiles,
        values: &inventory.values,
        includes: &inventory.includes,
    });
    let prepared = match prepare_over(&cmd.selection, platform, &cmd.sources, terminal, over).await
    {
        Ok(prepared) => prepared,
        Err(e) => {
            report.push(check::remote_files(&Err(chain_text(e.as_ref()))));
            return Ok(report);
        }
    };
    report.push(check::remote_files(&Ok(prepared.fetched.clone())));
    let request = request(&prepared, installed)?;
    let ranges = supported_versions(&prepared)?;
    let named_secrets = prepared.values.named_secrets()?;
    let facts = checks::PlanFacts {
        ranges: &ranges,
        named_secrets: &named_secrets,
        adopt: false,
    };
    checks::plan(cluster, &reached, &request, &facts, &mut report).await;
    Ok(report)
}

/// The selection as given, or every profile when none is (to check values
/// before the inventory says which profiles are installed).
pub fn or_every_profile(selection: &SelectionArgs) -> Result<SelectionArgs> {
    let mut all = selection.clone();
    if all.profiles.is_empty() {
        all.profiles = Catalog::embedded()?
            .names()
            .into_iter()
            .map(str::to_string)
            .collect();
    }
    Ok(all)
}
