//! Uninstalling an installation: read its inventory, take the install lock,
//! remove what it lists in safe order (see `removal`), and end with the
//! record: gone with `--purge`, else just the kept data, which `status`
//! reports as "nothing installed". A second uninstall is a no-op.

use super::inventory::{self, Entry, Inventory};
use super::removal::{self, Item, Removal};
use super::{Emit, lease, retry};
use crate::cluster::Cluster;
use crate::object::ObjectRef;
use anyhow::{Context, Result};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// What to uninstall and how.
#[derive(Debug, Clone)]
pub struct Request {
    /// The applications namespace holding the inventory.
    pub namespace: String,
    pub purge: bool,
    pub timeout: Duration,
    pub remove_orphaned_finalizers: bool,
}

/// What is about to go, for a confirmation prompt.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    pub delete: Vec<ObjectRef>,
    pub give_back: Vec<ObjectRef>,
    pub keep: Vec<ObjectRef>,
}

/// How an uninstall ended.
#[derive(Debug)]
pub enum Ended {
    /// There was nothing to remove; `kept` objects of an earlier uninstall remain.
    NothingInstalled {
        kept: Option<Inventory>,
    },
    /// Another odh holds the install lock.
    Refused(String),
    /// The prompt was declined; nothing changed.
    Declined,
    Removed(Removal),
}

/// Reads the inventory, or (after a crash before the first inventory was
/// written) the namespace odh created for it.
async fn read_installation(
    cluster: &Cluster,
    namespace: &str,
    deadline: Instant,
) -> Result<Option<Inventory>> {
    let inventory = super::read_inventory_until(cluster, namespace, deadline).await?;
    if inventory.is_some() {
        return Ok(inventory);
    }
    let target = ObjectRef {
        api_version: "v1".into(),
        kind: "Namespace".into(),
        namespace: None,
        name: namespace.into(),
    };
    let live = retry::retry(deadline, || cluster.get(&target), |_, _| {})
        .await
        .with_context(|| format!("reading {target}"))?;
    let applyset = inventory::applyset_id(namespace);
    Ok(live
        .filter(|ns| ns.label(super::APPLYSET_PART_OF_LABEL) == Some(applyset.as_str()))
        .map(|ns| Inventory {
            profiles: vec![String::new()],
            objects: vec![Entry {
                api_version: "v1".into(),
                kind: "Namespace".into(),
                namespace: None,
                name: ns.name().to_string(),
                profile: String::new(),
                component: super::INVENTORY_NAMESPACE_COMPONENT.into(),
                digest: None,
                fields: None,
                adopted: false,
            }],
            ..Inventory::default()
        }))
}

/// Uninstalls the installation whose inventory is in `request.namespace`.
/// `confirm` sees what will happen and may decline.
///
/// # Errors
/// When the cluster cannot be read before anything was removed.
pub async fn uninstall(
    cluster: Arc<Cluster>,
    request: &Request,
    confirm: &(dyn Fn(&Preview) -> bool + Sync),
    emit: Emit,
) -> Result<Ended> {
    let deadline = Instant::now() + request.timeout;
    let namespace = request.namespace.as_str();
    let Some(inventory) = read_installation(&cluster, namespace, deadline).await? else {
        return Ok(Ended::NothingInstalled { kept: None });
    };
    // What an earlier uninstall kept stays without --purge; an unfinished one goes on.
    if inventory.is_empty() && inventory.complete && !request.purge {
        return Ok(Ended::NothingInstalled {
            kept: Some(inventory),
        });
    }
    let holder = lease::holder_identity();
    if let Err(err) = lease::acquire_until(&cluster, namespace, &holder, deadline).await {
        return match err {
            lease::LeaseError::Held { .. } => Ok(Ended::Refused(err.to_string())),
            other => Err(other).context("taking the install lock"),
        };
    }
    let renewer = lease::keep_renewed(cluster.clone(), namespace.to_string(), holder.clone());
    let result = locked(&cluster, &inventory, request, deadline, confirm, &emit).await;
    renewer.abort();
    lease::release(&cluster, namespace, &holder).await;
    result
}

async fn locked(
    cluster: &Cluster,
    inventory: &Inventory,
    request: &Request,
    deadline: Instant,
    confirm: &(dyn Fn(&Preview) -> bool + Sync),
    emit: &Emit,
) -> Result<Ended> {
    let namespace = request.namespace.as_str();
    let applyset = inventory::applyset_id(namespace);
    let items = read_items(cluster, &inventory.objects, deadline).await?;
    let preview = preview(&items, &applyset, request.purge);
    if !confirm(&preview) {
        return Ok(Ended::Declined);
    }
    let options = removal::Options {
        applyset: &applyset,
        requires: &inventory.requires,
        purge: request.purge,
        deadline,
        pruning: false,
        remove_orphaned_finalizers: request.remove_orphaned_finalizers,
        inventory_namespace: Some(namespace),
        concurrency: 8,
    };
    let removal = removal::remove(cluster, items, &options, emit).await;
    // The record is written even when the deadline passed while waiting.
    let grace = deadline.max(Instant::now() + Duration::from_secs(10));
    write_record(cluster, inventory, &removal, namespace, grace).await;
    Ok(Ended::Removed(removal))
}

/// The live object of each entry that still exists (and each Subscription's
/// ClusterServiceVersion, which OLM made and uninstall deletes after it).
///
/// # Errors
/// When an object cannot be read before the deadline.
pub(super) async fn read_items(
    cluster: &Cluster,
    entries: &[Entry],
    deadline: Instant,
) -> Result<Vec<Item>> {
    let targets: Vec<ObjectRef> = entries.iter().map(Entry::to_ref).collect();
    let lives = retry::retry(deadline, || cluster.read_many(&targets), |_, _| {})
        .await
        .context("reading the installed objects")?;
    let mut items = Vec::new();
    for (entry, live) in entries.iter().zip(lives) {
        let Some(live) = live else { continue };
        if live.kind() == "Subscription"
            && let Some(csv) = crate::readiness::subscription_csv(&live)
            && let Ok(Some(mut csv)) = cluster.find(&csv).await
        {
            let mut csv_entry = entry.clone();
            csv_entry.api_version = csv.api_version().to_string();
            csv_entry.kind = csv.kind().to_string();
            csv_entry.namespace = csv.namespace().map(str::to_string);
            csv_entry.name = csv.name().to_string();
            // OLM does not label the CSV; it is odh's as its Subscription is.
            csv.set_label(crate::render::MANAGED_BY_LABEL, "odh");
            items.push(Item {
                entry: csv_entry,
                live: csv,
            });
        }
        items.push(Item {
            entry: entry.clone(),
            live,
        });
    }
    Ok(items)
}

/// What the removal will do, as far as can be told before it starts.
pub(super) fn preview(items: &[Item], applyset: &str, purge: bool) -> Preview {
    let mut out = Preview::default();
    for item in items {
        let target = item.live.to_ref();
        let data = removal::holds_data(&item.live).is_some();
        let crd = item.live.kind() == "CustomResourceDefinition";
        if item.entry.adopted {
            out.give_back.push(target);
        } else if !inventory::is_owned(&item.live, applyset) || (!purge && (data || crd)) {
            out.keep.push(target);
        } else {
            out.delete.push(target);
        }
    }
    out
}

/// Ends with the record: gone when nothing of odh's is left (the namespace
/// holding it was deleted, or nothing remains), else what remains (kept data,
/// objects a stuck removal did not reach), with no profile installed, so that
/// `status` reports it and a later uninstall (`--purge`) finds it.
async fn write_record(
    cluster: &Cluster,
    inventory: &Inventory,
    removal: &Removal,
    namespace: &str,
    deadline: Instant,
) {
    let namespace_gone = removal
        .deleted
        .iter()
        .any(|(_, r)| r.kind == "Namespace" && r.group().is_empty() && r.name == namespace);
    if namespace_gone {
        return;
    }
    let released = |e: &Entry| {
        let target = e.to_ref();
        removal
            .deleted
            .iter()
            .chain(&removal.given_back)
            .map(|(_, r)| r)
            .chain(removal.disowned.iter().map(|d| &d.object))
            .any(|r| same(r, &target))
    };
    let remaining: Vec<Entry> = inventory
        .objects
        .iter()
        .filter(|e| !released(e))
        .cloned()
        .collect();
    if remaining.is_empty() {
        let record = ObjectRef {
            api_version: "v1".into(),
            kind: "Secret".into(),
            namespace: Some(namespace.into()),
            name: inventory::INVENTORY_NAME.into(),
        };
        let _ = retry::retry(deadline, || cluster.delete(&record), |_, _| {}).await;
        return;
    }
    let record = Inventory {
        profiles: Vec::new(),
        complete: removal.is_complete(),
        objects: remaining,
        ..inventory.clone()
    };
    let secret = inventory::to_secret(&record, namespace);
    let _ = retry::retry(deadline, || cluster.apply(&secret, true, false), |_, _| {}).await;
}

fn same(a: &ObjectRef, b: &ObjectRef) -> bool {
    a.kind == b.kind && a.namespace == b.namespace && a.name == b.name && a.group() == b.group()
}

/// Profiles that cannot be removed alone: each installed profile outside
/// `removing` that requires one inside it, with that requirement.
pub fn required_by_others(
    catalog: &crate::catalog::Catalog,
    installed: &[String],
    removing: &[String],
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in installed.iter().filter(|p| !removing.contains(p)) {
        if let Some(profile) = catalog.profile(name) {
            for required in profile.requires.iter().filter(|r| removing.contains(r)) {
                out.push((name.clone(), required.clone()));
            }
        }
    }
    out
}
