//! `odh completions`: shell completion scripts generated from the CLI definition.

use crate::cli::{Cli, Shell};
use crate::error::Exit;
use crate::report;
use anyhow::Result;
use clap::CommandFactory;

/// The completion script for a shell.
pub fn completion_script(shell: Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    let generator = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    clap_complete::generate(generator, &mut command, "odh", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn run(shell: Shell) -> Result<Exit> {
    report::print_stdout(&completion_script(shell))?;
    Ok(Exit::Success)
}
