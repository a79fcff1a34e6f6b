//! The `odh` binary: parse arguments, run the command, map the result to an exit code.

use clap::Parser;
use odh::error::{Exit, exit_for, is_broken_pipe};
use std::process::ExitCode;

fn main() -> ExitCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = match odh::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return Exit::Failed.into();
        }
    };
    match runtime.block_on(odh::commands::run(cli)) {
        Ok(exit) => exit.into(),
        Err(err) if is_broken_pipe(&err) => Exit::Success.into(),
        Err(err) => {
            eprintln!("error: {err:#}");
            exit_for(&err).into()
        }
    }
}
