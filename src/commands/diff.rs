//! `odh diff`: what install would change, from server-side dry runs. Exit 0
//! when nothing would change, 10 when something would.

use super::check::or_every_profile;
use super::install::{connect, platform};
use super::prepare::{
    Installed, explicit_platform, prepare_over, request, requested_and_namespace, validate_input,
};
use crate::cli::{DiffCmd, GlobalArgs, OutputFormat};
use crate::error::{Exit, usage};
use crate::install::{self, compare};
use crate::report::{self, Terminal};
use anyhow::Result;

pub async fn run(mut cmd: DiffCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    validate_input(
        &or_every_profile(&cmd.selection)?,
        explicit_platform(cmd.platform),
    )?;
    let cluster = connect(global).await?;
    let platform = platform(&cluster, cmd.platform).await?;
    let (_, namespace) = requested_and_namespace(&or_every_profile(&cmd.selection)?, platform)?;
    let installed = install::read_inventory(&cluster, &namespace).await?;
    if cmd.selection.profiles.is_empty() {
        cmd.selection.profiles = match &installed {
            Some(inventory) => inventory.profiles.clone(),
            None => {
                return Err(usage(format!(
                    "no profile given and nothing installed in namespace {namespace}; pass --profile"
                )));
            }
        };
    }
    let over = installed.as_ref().map(|inventory| Installed {
        profiles: &inventory.profiles,
        values: &inventory.values,
        includes: &inventory.includes,
    });
    let prepared = prepare_over(&cmd.selection, platform, &cmd.sources, terminal, over).await?;
    let request = request(&prepared, installed.clone())?;
    let diffs = compare::changes(&cluster, &request).await?;
    let text = match global.output {
        OutputFormat::Text => report::diff::text(&diffs),
        OutputFormat::Json => report::to_json(&report::diff::json(&diffs)),
        OutputFormat::Yaml => report::to_yaml_stream([&report::diff::json(&diffs)])?,
    };
    report::print_stdout(&text)?;
    Ok(if diffs.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    })
}
