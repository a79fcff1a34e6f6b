//! Pruning: removing what left the profiles (for example
//! `--set jupyterhub.enabled=false`) with the same engine and the same care as
//! uninstall: claims and namespaces holding them stay, adopted objects are
//! given back, nothing of someone else's is deleted. Custom resources go
//! before the install runs, the rest after it.

use super::inventory::{Entry, Inventory};
use super::removal::{self, Removal};
use super::{Emit, uninstall};
use crate::cluster::Cluster;
use crate::event::Blocker;
use crate::plan::Stage;
use tokio::time::Instant;

/// The dropped custom resources (pruned before the run, while their
/// controllers run) and everything else (pruned after it).
pub(super) fn custom_resources_first(dropped: Vec<Entry>) -> (Vec<Entry>, Vec<Entry>) {
    dropped
        .into_iter()
        .partition(|e| Stage::of_kind(&e.api_version, &e.kind) == Stage::CustomResources)
}

/// Two removals as one.
pub(super) fn add(mut a: Removal, b: Removal) -> Removal {
    a.deleted.extend(b.deleted);
    a.given_back.extend(b.given_back);
    a.kept.extend(b.kept);
    a.disowned.extend(b.disowned);
    a.stuck.extend(b.stuck);
    a.not_started.extend(b.not_started);
    a
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(api_version: &str, kind: &str, name: &str) -> Entry {
        Entry {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: Some("odh".into()),
            name: name.into(),
            profile: "p".into(),
            component: "c".into(),
            digest: None,
            fields: None,
            adopted: false,
        }
    }

    #[test]
    fn custom_resources_are_pruned_before_the_rest() {
        let (early, late) = custom_resources_first(vec![
            entry("v1", "ConfigMap", "a"),
            entry(
                "datasciencepipelinesapplications.opendatahub.io/v1",
                "DataSciencePipelinesApplication",
                "dspa",
            ),
            entry("apps/v1", "Deployment", "d"),
            entry("serving.kserve.io/v1beta1", "InferenceService", "m"),
        ]);
        let names = |v: &[Entry]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&early), ["dspa", "m"]);
        assert_eq!(names(&late), ["a", "d"]);
    }

    #[test]
    fn two_removals_add_up() {
        let mut a = Removal::default();
        a.deleted
            .push(("c".into(), entry("v1", "ConfigMap", "a").to_ref()));
        let mut b = Removal::default();
        b.deleted
            .push(("c".into(), entry("v1", "ConfigMap", "b").to_ref()));
        b.stuck.push(Blocker {
            component: "c".into(),
            object: entry("v1", "ConfigMap", "x").to_ref(),
            reason: "finalizer".into(),
        });
        let both = add(a, b);
        assert_eq!((both.deleted.len(), both.stuck.len()), (2, 1));
    }
}
