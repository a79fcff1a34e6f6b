//! `odh verify`: functional checks of the installed platform. Whatever the
//! checks created is removed before the command exits, also after Ctrl-C.

use super::install::connect;
use super::installed::{check_installed, report_not_installed};
use crate::cli::{GlobalArgs, OutputFormat, VerifyCmd};
use crate::cluster::Cluster;
use crate::error::Exit;
use crate::install::{self, Inventory};
use crate::probe::{self, Cleanup, Options};
use crate::report::{self, Terminal};
use crate::verify::Report;
use anyhow::Result;
use std::time::Duration;

/// How long reading the inventory may keep retrying.
const READ_LIMIT: Duration = Duration::from_secs(60);
/// The default time limit of the fast checks.
const FAST_TIMEOUT: Duration = Duration::from_secs(300);
/// The default with `--include-slow` (pulling Spark and notebook images takes a while).
const SLOW_TIMEOUT: Duration = Duration::from_secs(900);

pub async fn run(cmd: VerifyCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    let cluster = connect(global).await?;
    let namespace = &cmd.installation.namespace;
    let read_until = tokio::time::Instant::now() + READ_LIMIT;
    let inventory = match install::read_inventory_until(&cluster, namespace, read_until).await? {
        Some(inventory) if !inventory.is_empty() => inventory,
        other => return report_not_installed(namespace, other.as_ref(), global.output),
    };
    check_installed(&inventory, &cmd.installation.profiles)?;
    let options = Options {
        include_slow: cmd.include_slow,
        timeout: cmd.timeout.unwrap_or(if cmd.include_slow {
            SLOW_TIMEOUT
        } else {
            FAST_TIMEOUT
        }),
        profiles: cmd.installation.profiles.clone(),
    };
    verify_installation(
        &cluster,
        &inventory,
        &options,
        global.output,
        terminal,
        false,
    )
    .await
}

/// Waits for Ctrl-C (or SIGTERM, as CI runners send on cancel).
async fn interrupted() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => return "interrupted",
                _ = term.recv() => return "terminated",
            }
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    "interrupted"
}

/// Runs the checks, removes what they created, prints the report. With
/// `one_line`, JSON goes on one line (after install's NDJSON events).
///
/// # Errors
/// Only when printing fails.
pub async fn verify_installation(
    cluster: &Cluster,
    inventory: &Inventory,
    options: &Options,
    output: OutputFormat,
    terminal: Terminal,
    one_line: bool,
) -> Result<Exit> {
    let cleanup = Cleanup::new();
    let report = tokio::select! {
        report = probe::verify(cluster, inventory, options, &cleanup) => report,
        why = interrupted() => {
            terminal.warn(format!("{why}: removing what verify created"));
            Report { checks: Vec::new(), interrupted: true }
        }
    };
    let removed = cleanup.run(cluster).await;
    let cleaned = removed.iter().all(|line| !line.starts_with("could not"));
    let text = match output {
        OutputFormat::Text => {
            for line in &removed {
                terminal.note(line);
            }
            report::verify::text(&report)
        }
        OutputFormat::Json if one_line => {
            let mut line = serde_json::to_string(&report::verify::value(&report, &removed))?;
            line.push('\n');
            line
        }
        OutputFormat::Json => report::to_json(&report::verify::value(&report, &removed)),
        OutputFormat::Yaml => report::to_yaml_stream([&report::verify::value(&report, &removed)])?,
    };
    report::print_stdout(&text)?;
    Ok(if report.ok() && cleaned {
        Exit::Success
    } else {
        Exit::Failed
    })
}
