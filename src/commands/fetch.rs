//! `odh fetch`: download every remote file of profiles into a bundle directory.

use super::prepare::source_options;
use crate::catalog::Catalog;
use crate::cli::FetchCmd;
use crate::error::Exit;
use crate::report::{FetchProgress, Terminal};
use crate::sources;
use anyhow::Result;
use std::collections::BTreeSet;

pub async fn run(cmd: FetchCmd, terminal: Terminal) -> Result<Exit> {
    let catalog = Catalog::embedded()?;
    let selection = catalog.select(&cmd.profiles)?;
    let mut seen = BTreeSet::new();
    let needed: Vec<_> = selection
        .profiles
        .iter()
        .flat_map(|p| p.components.iter())
        .flat_map(|c| c.sources.iter())
        .filter(|s| seen.insert(s.url.clone()))
        .cloned()
        .collect();
    let mut options = source_options(&cmd.sources);
    if options.bundle.as_deref() == Some(cmd.to.as_path()) {
        options.bundle = None;
    }
    let progress = FetchProgress::new(terminal);
    sources::fetch_to(&needed, &options, &cmd.to, &|e| progress.on_event(e)).await?;
    terminal.note(format!(
        "wrote {} file(s) and sources.lock to {}; install with --bundle {}",
        needed.len(),
        cmd.to.display(),
        cmd.to.display()
    ));
    Ok(Exit::Success)
}
