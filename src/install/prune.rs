//! Pruning: deleting what left the profiles (odh-owned only), in uninstall order.

use super::inventory::{self, Entry, Inventory};
use super::{Emit, retry, wait};
use crate::cluster::Cluster;
use crate::event::{Blocker, Event};
use crate::plan::{self, UninstallOptions, WaitFor};
use std::time::Duration;
use tokio::time::Instant;

/// Deletes objects that left the profiles (odh-owned only), in uninstall order, waiting for each.
pub(super) async fn prune(
    cluster: &Cluster,
    dropped: &[&Entry],
    old: &Inventory,
    applyset: &str,
    deadline: Instant,
    emit: &Emit,
) -> Result<usize, Blocker> {
    if dropped.is_empty() {
        return Ok(0);
    }
    let mut objects = Vec::new();
    for entry in dropped {
        match cluster.find(&entry.to_ref()).await {
            Ok(Some(live)) if inventory::is_owned(&live, applyset) => objects.push(live),
            Ok(_) => {}
            Err(e) => {
                return Err(Blocker {
                    component: entry.component.clone(),
                    object: entry.to_ref(),
                    reason: format!("prune: {e}"),
                });
            }
        }
    }
    let plan = plan::uninstall(&objects, &old.requires, UninstallOptions { purge: false })
        .map_err(|e| Blocker {
            component: String::new(),
            object: dropped[0].to_ref(),
            reason: format!("prune plan: {e}"),
        })?;
    let mut count = 0;
    for step in plan.steps() {
        let object = &objects[step.index];
        let target = object.to_ref();
        let blocker = |reason: String| Blocker {
            component: step.component.clone(),
            object: target.clone(),
            reason,
        };
        retry::retry(deadline, || cluster.delete(&target), |_, _| {})
            .await
            .map_err(|e| blocker(format!("prune: {e}")))?;
        if step.wait == WaitFor::Deleted {
            wait::wait_for(
                cluster,
                &WaitFor::Deleted,
                object,
                deadline,
                Duration::ZERO,
                &|_| {},
            )
            .await
            .map_err(|e| blocker(format!("prune: {e:?}")))?;
        }
        emit(Event::Pruned { object: target });
        count += 1;
    }
    Ok(count)
}
