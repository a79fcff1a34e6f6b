//! Pruning: removing what left the profiles (for example
//! `--set jupyterhub.enabled=false`) with the same engine and the same care as
//! uninstall: claims and namespaces holding them stay, adopted objects are
//! given back, nothing of someone else's is deleted.

use super::inventory::{Entry, Inventory};
use super::removal::{self, Removal};
use super::{Emit, uninstall};
use crate::cluster::Cluster;
use crate::event::Blocker;
use tokio::time::Instant;

/// Removes the dropped entries that still exist, in uninstall order.
///
/// # Errors
/// A blocker naming the first object that could not be read.
pub(super) async fn prune(
    cluster: &Cluster,
    dropped: &[Entry],
    old: &Inventory,
    applyset: &str,
    deadline: Instant,
    emit: &Emit,
) -> Result<Removal, Blocker> {
    if dropped.is_empty() {
        return Ok(Removal::default());
    }
    let items = uninstall::read_items(cluster, dropped, deadline)
        .await
        .map_err(|e| Blocker {
            component: dropped[0].component.clone(),
            object: dropped[0].to_ref(),
            reason: format!("prune: {e:#}"),
        })?;
    let options = removal::Options {
        applyset,
        requires: &old.requires,
        purge: false,
        deadline,
        pruning: true,
        remove_orphaned_finalizers: false,
        inventory_namespace: None,
        concurrency: 8,
    };
    Ok(removal::remove(cluster, items, &options, emit).await)
}
