//! The `odh` binary: parse arguments, run the command, map the result to an exit code.

use clap::Parser;
use odh::error::{Exit, exit_for, is_broken_pipe};
use std::process::ExitCode;

fn main() -> ExitCode {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cli = match odh::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return Exit::Success.into();
        }
        Err(err) => {
            eprintln!("{}", one_line_usage_error(&err.render().to_string()));
            return Exit::Usage.into();
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

/// clap's usage error on one line: the message, then its possible values or tip.
fn one_line_usage_error(rendered: &str) -> String {
    let mut lines = rendered.lines();
    let mut text = lines
        .next()
        .unwrap_or("error: bad usage")
        .trim_end()
        .to_string();
    for line in lines {
        let line = line.trim();
        if line.starts_with("[possible values") || line.starts_with("tip:") {
            text.push(' ');
            text.push_str(line);
        }
    }
    text.push_str("; see --help");
    text
}
