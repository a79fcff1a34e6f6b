//! `odh diff` as an action: per rendered object what install would do (create,
//! change with the diff of the server-side dry run, refuse as a conflict),
//! and which installed objects it would prune. Changes nothing; never prints.

use super::{
    Request, desired, inventory, inventory_namespace_ref, new_inventory, preflight, retry,
    uninstall,
};
use crate::cluster::{Cluster, ClusterError, FIELD_MANAGER};
use crate::diff::{self, Action, ObjectDiff};
use crate::error::UsageError;
use crate::install::inventory::is_owned;
use anyhow::Result;
use std::time::Duration;
use tokio::time::Instant;

/// What install would do, object by object (objects it would leave alone are not listed).
///
/// # Errors
/// A usage error naming objects the server refuses; cluster errors.
pub async fn changes(cluster: &Cluster, request: &Request<'_>) -> Result<Vec<ObjectDiff>> {
    let applyset = inventory::applyset_id(request.namespace);
    let old = request.installed.clone().unwrap_or_default();
    let lives = preflight::fetch_live(cluster, request.objects).await?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for (rendered, live) in request.objects.iter().zip(&lives) {
        let target = rendered.object.to_ref();
        let entry = |action, diff: String| ObjectDiff {
            action,
            object: target.clone(),
            component: rendered.component.clone(),
            diff,
        };
        let Some(live) = live else {
            out.push(entry(Action::Create, String::new()));
            continue;
        };
        if !is_owned(live, &applyset) && !old.holds(&target) {
            out.push(entry(
                Action::Conflict,
                "exists and is not managed by odh; install refuses it unless --adopt\n".into(),
            ));
            continue;
        }
        let want = desired::desired(&rendered.object, Some(live), &applyset);
        if desired::is_unchanged(&want, live) {
            continue;
        }
        match retry::retry(deadline, || cluster.apply(&want, false, true), |_, _| {}).await {
            Ok(after) => {
                let text = diff::change(live, &after, FIELD_MANAGER);
                if !text.is_empty() {
                    out.push(entry(Action::Change, text));
                }
            }
            Err(ClusterError::Conflict(conflicts)) => {
                // What a forced apply would change, shown under the conflict.
                let forced = retry::retry(deadline, || cluster.apply(&want, true, true), |_, _| {});
                let text = match forced.await {
                    Ok(after) => diff::change(live, &after, FIELD_MANAGER),
                    Err(_) => String::new(),
                };
                out.push(entry(
                    Action::Conflict,
                    format!(
                        "{}; install stops unless --force-conflicts\n{text}",
                        ClusterError::Conflict(conflicts)
                    ),
                ));
            }
            Err(ClusterError::Invalid(reason)) => refused.push(format!("{target}: {reason}")),
            Err(e) => return Err(e.into()),
        }
    }
    if !refused.is_empty() {
        return Err(anyhow::Error::new(UsageError(format!(
            "the cluster would refuse {} object(s): {}",
            refused.len(),
            refused.join("; ")
        ))));
    }
    out.extend(pruned(cluster, request, &old, &applyset).await?);
    Ok(out)
}

/// Installed objects that left the profiles: what install would delete, and
/// adopted objects it would give back (claims holding data and CRDs stay).
async fn pruned(
    cluster: &Cluster,
    request: &Request<'_>,
    old: &inventory::Inventory,
    applyset: &str,
) -> Result<Vec<ObjectDiff>> {
    let namespace = inventory_namespace_ref(request.namespace);
    let dropped: Vec<inventory::Entry> = new_inventory(request, old, false)
        .dropped_from(old)
        .into_iter()
        .filter(|e| e.to_ref() != namespace)
        .cloned()
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    let items = uninstall::read_items(cluster, &dropped, deadline).await?;
    let preview = uninstall::preview(&items, applyset, false);
    let component = |target: &crate::object::ObjectRef| {
        items
            .iter()
            .find(|i| i.live.to_ref() == *target)
            .map(|i| i.entry.component.clone())
            .unwrap_or_default()
    };
    let entry = |action, object: crate::object::ObjectRef| ObjectDiff {
        component: component(&object),
        action,
        object,
        diff: String::new(),
    };
    Ok(preview
        .delete
        .into_iter()
        .map(|o| entry(Action::Prune, o))
        .chain(
            preview
                .give_back
                .into_iter()
                .map(|o| entry(Action::Release, o)),
        )
        .collect())
}
