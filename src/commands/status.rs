//! `odh status`: the health of every object in the installation's inventory,
//! per component, with reasons, versions and drift; `--wait` as a barrier,
//! `--watch` to follow changes.

use super::install::connect;
use super::installed::{check_installed, report_not_installed};
use crate::cli::{GlobalArgs, OutputFormat, StatusCmd};
use crate::cluster::{Cluster, ObjectWatch, watch_labels, watch_object};
use crate::error::Exit;
use crate::health::{self, ObjectHealth};
use crate::install::{self, Entry, Inventory};
use crate::object::Object;
use crate::readiness::{self, State};
use crate::report::status::{Report, changes};
use crate::report::{self, Terminal};
use anyhow::{Context, Result};
use futures::{FutureExt, StreamExt};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::time::Duration;
use tokio::time::Instant;

/// How long `--wait` lets an object fail (a pod that cannot pull its image)
/// before it stops waiting for it.
const WAIT_GRACE: Duration = Duration::from_secs(30);

pub async fn run(cmd: StatusCmd, global: &GlobalArgs, terminal: Terminal) -> Result<Exit> {
    let output = global.output;
    let cluster = connect(global).await?;
    let namespace = cmd.installation.namespace.clone();
    let deadline = Instant::now() + cmd.timeout;
    let inventory = install::read_inventory_until(&cluster, &namespace, deadline).await?;
    let inventory = match inventory {
        Some(inventory) if !inventory.is_empty() => inventory,
        other => return report_not_installed(&namespace, other.as_ref(), output),
    };
    check_installed(&inventory, &cmd.installation.profiles)?;
    let entries: Vec<Entry> = inventory
        .objects
        .iter()
        .filter(|e| {
            cmd.installation.profiles.is_empty() || cmd.installation.profiles.contains(&e.profile)
        })
        .cloned()
        .collect();
    let (mut objects, mut lives) = read(&cluster, &entries).await?;
    if cmd.wait && !objects.iter().all(ObjectHealth::is_ready) {
        wait(&cluster, &objects, &lives, deadline).await;
        (objects, lives) = read(&cluster, &entries).await?;
    }
    let components = health::components(&objects, &lives);
    let report = Report {
        namespace: &namespace,
        inventory: &inventory,
        objects: &objects,
        components: &components,
    };
    match output {
        OutputFormat::Text => report::print_stdout(&report.text(terminal.verbose))?,
        _ => print(&report.value(), output)?,
    }
    if cmd.watch {
        return watch(&cluster, &inventory, &namespace, entries, lives, output).await;
    }
    Ok(exit_code(&objects, cmd.wait && Instant::now() >= deadline))
}

fn exit_code(objects: &[ObjectHealth], timed_out: bool) -> Exit {
    if objects.iter().all(ObjectHealth::is_ready) {
        Exit::Success
    } else if timed_out {
        Exit::Timeout
    } else {
        Exit::Failed
    }
}

fn print(value: &serde_json::Value, output: OutputFormat) -> Result<()> {
    match output {
        OutputFormat::Yaml => report::print_stdout(&report::to_yaml_stream([value])?),
        _ => report::print_stdout(&report::to_json(value)),
    }
}

/// Reads every entry's live object (a list per kind and namespace) and the
/// pods of workloads that are not ready, and computes each object's health.
async fn read(
    cluster: &Cluster,
    entries: &[Entry],
) -> Result<(Vec<ObjectHealth>, Vec<Option<Object>>)> {
    let targets: Vec<_> = entries.iter().map(Entry::to_ref).collect();
    let lives = cluster
        .read_many(&targets)
        .await
        .context("reading the installed objects")?;
    let mut pods: BTreeMap<(String, String), Vec<Object>> = BTreeMap::new();
    for live in lives.iter().flatten() {
        if readiness::compute(live).state == State::Current {
            continue;
        }
        if let (Some(selector), Some(ns)) = (readiness::pod_selector(live), live.namespace())
            && let std::collections::btree_map::Entry::Vacant(slot) =
                pods.entry((ns.to_string(), selector))
        {
            let (ns, selector) = slot.key().clone();
            let listed = cluster
                .list("v1", "Pod", Some(&ns), Some(&selector))
                .await
                .unwrap_or_default();
            slot.insert(listed);
        }
    }
    let objects = entries
        .iter()
        .zip(&lives)
        .map(|(entry, live)| {
            let selected = live
                .as_ref()
                .and_then(|l| Some((l.namespace()?.to_string(), readiness::pod_selector(l)?)))
                .and_then(|key| pods.get(&key))
                .map(Vec::as_slice)
                .unwrap_or_default();
            ObjectHealth::of(entry, live.as_ref(), selected)
        })
        .collect();
    Ok((objects, lives))
}

/// Waits (all at once) for every object that is not ready, until the deadline.
async fn wait(
    cluster: &Cluster,
    objects: &[ObjectHealth],
    lives: &[Option<Object>],
    deadline: Instant,
) {
    let waits = objects
        .iter()
        .zip(lives)
        .filter(|(health, _)| !health.is_ready())
        .map(|(health, live)| {
            let applied = live.clone().unwrap_or_else(|| {
                Object::new(serde_json::json!({
                    "apiVersion": health.entry.api_version, "kind": health.entry.kind,
                    "metadata": {"name": health.entry.name, "namespace": health.entry.namespace},
                }))
            });
            async move {
                let _ = install::wait_ready(cluster, &applied, deadline, WAIT_GRACE).await;
            }
        });
    futures::future::join_all(waits).await;
}

/// What a watch hears: a recorded object, or the pods of a namespace.
enum Update {
    Object(usize, ObjectWatch),
    Pods(String, Vec<Object>),
}

/// Follows changes until Ctrl-C: a terminal redraws the whole report, a pipe
/// gets one line per changed object. Exits with the health at the end.
async fn watch(
    cluster: &Cluster,
    inventory: &Inventory,
    namespace: &str,
    entries: Vec<Entry>,
    mut lives: Vec<Option<Object>>,
    output: OutputFormat,
) -> Result<Exit> {
    let redraw = output == OutputFormat::Text && std::io::stdout().is_terminal();
    let mut streams: Vec<futures::stream::BoxStream<'_, Update>> = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if let Ok(stream) = watch_object(cluster, &entry.to_ref()).await {
            streams.push(stream.map(move |w| Update::Object(index, w)).boxed());
        }
    }
    let mut namespaces: Vec<String> = entries.iter().filter_map(|e| e.namespace.clone()).collect();
    namespaces.sort();
    namespaces.dedup();
    for ns in namespaces {
        if let Ok(stream) = watch_labels(cluster, "v1", "Pod", &ns, "").await {
            streams.push(
                stream
                    .map(move |pods| Update::Pods(ns.clone(), pods))
                    .boxed(),
            );
        }
    }
    let mut updates = futures::stream::select_all(streams);
    let mut pods: BTreeMap<String, Vec<Object>> = BTreeMap::new();
    let mut shown = assess(&entries, &lives, &pods);
    let interrupt = tokio::signal::ctrl_c();
    tokio::pin!(interrupt);
    loop {
        let first = tokio::select! {
            update = updates.next() => update,
            _ = &mut interrupt => break,
        };
        let Some(first) = first else { break };
        let mut batch = vec![first];
        // Changes come in bursts (a rollout touches several objects): take them together.
        tokio::time::sleep(Duration::from_millis(150)).await;
        while let Some(Some(more)) = updates.next().now_or_never() {
            batch.push(more);
        }
        for update in batch {
            match update {
                Update::Object(index, ObjectWatch::Present(o)) => lives[index] = Some(o),
                Update::Object(index, ObjectWatch::Absent) => lives[index] = None,
                Update::Object(_, ObjectWatch::Interrupted(_)) => {}
                Update::Pods(ns, list) => {
                    pods.insert(ns, list);
                }
            }
        }
        let now = assess(&entries, &lives, &pods);
        let changed = changes(&shown, &now);
        if !changed.is_empty() {
            if redraw {
                let components = health::components(&now, &lives);
                let report = Report {
                    namespace,
                    inventory,
                    objects: &now,
                    components: &components,
                };
                report::print_stdout(&format!("\x1b[2J\x1b[H{}", report.text(false)))?;
            } else {
                let stamp = k8s_openapi::jiff::Timestamp::now()
                    .strftime("%H:%M:%S")
                    .to_string();
                let text: String = changed
                    .iter()
                    .map(|line| format!("{stamp} {line}\n"))
                    .collect();
                report::print_stdout(&text)?;
            }
            shown = now;
        }
    }
    Ok(exit_code(&shown, false))
}

/// The health of every entry from what the watches hold.
fn assess(
    entries: &[Entry],
    lives: &[Option<Object>],
    pods: &BTreeMap<String, Vec<Object>>,
) -> Vec<ObjectHealth> {
    entries
        .iter()
        .zip(lives)
        .map(|(entry, live)| {
            let selected: Vec<Object> = match live {
                Some(l) if readiness::pod_selector(l).is_some() => pods
                    .get(l.namespace().unwrap_or_default())
                    .into_iter()
                    .flatten()
                    .filter(|p| readiness::selects(l, p))
                    .cloned()
                    .collect(),
                _ => Vec::new(),
            };
            ObjectHealth::of(entry, live.as_ref(), &selected)
        })
        .collect()
}
