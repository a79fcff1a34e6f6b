//! `odh status`: the readiness of every object in the installation's inventory.

use super::install::connect;
use crate::cli::{GlobalArgs, OutputFormat, StatusCmd};
use crate::error::Exit;
use crate::install::{self, Entry};
use crate::object::Object;
use crate::readiness::{self, State, Status};
use crate::report::{self, table};
use anyhow::{Context, Result};
use futures::StreamExt;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::time::Instant;

/// The status of each entry, read from the cluster.
async fn statuses(
    cluster: &crate::cluster::Cluster,
    entries: &[&Entry],
) -> Result<Vec<(Status, Option<Object>)>> {
    let reads = entries.iter().map(|entry| async move {
        let target = entry.to_ref();
        let live = cluster
            .find(&target)
            .await
            .with_context(|| format!("reading {target}"))?;
        let status = live
            .as_ref()
            .map_or_else(|| readiness::not_found(&target), readiness::compute);
        Ok((status, live))
    });
    let results: Vec<Result<(Status, Option<Object>)>> =
        futures::stream::iter(reads).buffered(8).collect().await;
    results.into_iter().collect()
}

pub async fn run(cmd: StatusCmd, global: &GlobalArgs, output: OutputFormat) -> Result<Exit> {
    let cluster = connect(global).await?;
    let namespace = &cmd.installation.namespace;
    let inventory = install::require_inventory(&cluster, namespace).await?;
    install::check_installed(&inventory, &cmd.installation.profiles)?;
    let entries: Vec<&Entry> = inventory
        .objects
        .iter()
        .filter(|e| {
            cmd.installation.profiles.is_empty() || cmd.installation.profiles.contains(&e.profile)
        })
        .collect();
    let deadline = Instant::now() + cmd.timeout;
    let mut current = statuses(&cluster, &entries).await?;
    if cmd.wait {
        for ((status, live), entry) in current.iter_mut().zip(&entries) {
            if status.is_ready() {
                continue;
            }
            let applied = live.clone().unwrap_or_else(|| {
                Object::new(json!({
                    "apiVersion": entry.api_version, "kind": entry.kind,
                    "metadata": {"name": entry.name, "namespace": entry.namespace},
                }))
            });
            let _ =
                install::wait_ready(&cluster, &applied, deadline, Duration::from_secs(15)).await;
        }
        current = statuses(&cluster, &entries).await?;
    }
    let text = match output {
        OutputFormat::Text => {
            let rows: Vec<Vec<String>> = current
                .iter()
                .zip(&entries)
                .map(|((s, _), e)| {
                    vec![
                        e.component.clone(),
                        e.to_ref().to_string(),
                        s.state.to_string(),
                        s.message.clone(),
                    ]
                })
                .collect();
            table::format(&["COMPONENT", "OBJECT", "STATUS", "MESSAGE"], &rows)
        }
        OutputFormat::Json | OutputFormat::Yaml => {
            let items: Vec<Value> = current
                .iter()
                .zip(&entries)
                .map(|((s, _), e)| json!({"profile": e.profile, "component": e.component, "object": e.to_ref().to_string(), "state": s.state, "message": s.message}))
                .collect();
            let value = json!({"namespace": namespace, "profiles": inventory.profiles, "platform": inventory.platform, "objects": items});
            if output == OutputFormat::Json {
                report::to_json(&value)
            } else {
                report::to_yaml_stream([&value])?
            }
        }
    };
    report::print_stdout(&text)?;
    let healthy = current.iter().all(|(s, _)| s.state == State::Current);
    Ok(match (healthy, cmd.wait && Instant::now() >= deadline) {
        (true, _) => Exit::Success,
        (false, true) => Exit::Timeout,
        (false, false) => Exit::Failed,
    })
}
