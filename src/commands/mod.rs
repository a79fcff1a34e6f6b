//! One function per verb; `run` dispatches the parsed command line.

mod check;
mod completions;
mod diff;
mod fetch;
mod gitops;
mod images;
mod install;
mod installed;
mod prepare;
mod profiles;
mod render;
mod status;
mod uninstall;
mod verify;

pub use completions::completion_script;
pub use installed::nothing_installed;
pub use prepare::{Prepared, prepare};

use crate::cli::{Cli, Command};
use crate::error::Exit;
use crate::report::Terminal;
use anyhow::Result;

/// Runs one command and returns its exit status.
///
/// # Errors
/// Whatever the command fails with; `error::exit_for` maps it to an exit code.
pub async fn run(cli: Cli) -> Result<Exit> {
    let terminal = Terminal::from_args(&cli.global);
    let output = cli.global.output;
    match cli.command {
        Command::Profiles => profiles::run(output),
        Command::Render(cmd) => render::run(cmd, output, terminal).await,
        Command::Images(cmd) => images::run(cmd, output, terminal).await,
        Command::Check(cmd) => check::run(cmd, &cli.global, terminal).await,
        Command::Install(cmd) => install::run(cmd, &cli.global, terminal).await,
        Command::Diff(cmd) => diff::run(cmd, &cli.global, terminal).await,
        Command::Status(cmd) => status::run(cmd, &cli.global, terminal).await,
        Command::Verify(cmd) => verify::run(cmd, &cli.global, terminal).await,
        Command::Uninstall(cmd) => uninstall::run(cmd, &cli.global, terminal).await,
        Command::Fetch(cmd) => fetch::run(cmd, terminal).await,
        Command::Completions(cmd) => completions::run(cmd.shell),
    }
}
