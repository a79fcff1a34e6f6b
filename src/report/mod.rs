//! The terminal edge: notes and warnings on stderr, progress of downloads, and
//! serialising results for stdout. The rest of odh never prints.

pub mod check;
pub mod diff;
mod fetch_progress;
pub mod install;
pub mod json;
pub mod plain;
pub mod progress;
pub mod prompt;
pub mod status;
pub mod table;
pub mod uninstall;
pub mod verify;

pub use fetch_progress::FetchProgress;

use crate::cli::GlobalArgs;
use anyhow::{Context, Result};
use serde_json::Value;
use std::io::{IsTerminal, Write};

/// How chatty stderr is, and whether bars may be drawn.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub quiet: bool,
    pub verbose: bool,
    /// Progress bars allowed: stderr is a terminal and `--no-progress` was not given.
    pub progress: bool,
    /// Prompts allowed: stdin and stderr are terminals and `--yes` was not given.
    pub interactive: bool,
}

impl Terminal {
    pub fn from_args(args: &GlobalArgs) -> Terminal {
        let stderr_tty = std::io::stderr().is_terminal();
        Terminal {
            quiet: args.quiet,
            verbose: args.verbose,
            progress: stderr_tty && !args.no_progress && !args.quiet,
            interactive: stderr_tty && std::io::stdin().is_terminal() && !args.yes,
        }
    }

    /// A line of information on stderr (hidden by `--quiet`).
    pub fn note(&self, message: impl AsRef<str>) {
        if !self.quiet {
            eprintln!("{}", message.as_ref());
        }
    }

    /// A line only shown with `--verbose`.
    pub fn detail(&self, message: impl AsRef<str>) {
        if self.verbose {
            eprintln!("{}", message.as_ref());
        }
    }

    /// A warning on stderr (shown even with `--quiet`).
    pub fn warn(&self, message: impl AsRef<str>) {
        eprintln!("warning: {}", message.as_ref());
    }
}

/// Serialises values as a YAML stream (`---` between documents).
///
/// # Errors
/// When a value cannot be serialised (not expected for JSON values).
pub fn to_yaml_stream<'a>(values: impl IntoIterator<Item = &'a Value>) -> Result<String> {
    let mut out = String::new();
    for (i, value) in values.into_iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        let text = serde_saphyr::to_string(value).context("serialising YAML")?;
        out.push_str(&text);
        if !text.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// Serialises a value as pretty JSON with a final newline.
pub fn to_json(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes text to stdout in one go.
///
/// # Errors
/// A write failure (a closed pipe is reported to the caller, which treats it as success).
pub fn print_stdout(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}
