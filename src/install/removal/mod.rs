//! Removing installed objects in safe order, for uninstall and for pruning
//! what left the profiles: custom resources while their controllers run,
//! webhooks, controllers, the rest, cluster RBAC, CRDs (purge only, and only
//! when no custom resource of them is left), namespaces last.
//!
//! It never deletes what odh does not own: objects that lost odh's labels
//! stay, adopted objects are given back, claims stay without purge, and a
//! namespace goes only when nothing of someone else's is left in it (read over
//! every kind the cluster serves). What does not go before the deadline is
//! named with its finalizers and the controllers expected to clear them.

mod blockers;
mod content;
mod fate;
mod rook;
mod runtime;

pub use fate::holds_data;

use super::inventory::Entry;
use super::{Emit, retry, wait};
use crate::cluster::Cluster;
use crate::event::{Blocker, ComponentInfo, Event};
use crate::object::{Object, ObjectRef};
use crate::plan::{self, COMPONENT_LABEL, PROFILE_LABEL, Step, UninstallOptions, WaitFor};
use futures::StreamExt;
use std::collections::HashMap;
use std::time::Duration;
use tokio::time::Instant;

/// An installed object to remove: its inventory entry and the live object.
#[derive(Debug, Clone)]
pub struct Item {
    pub entry: Entry,
    pub live: Object,
}

/// How a removal goes.
pub struct Options<'a> {
    pub applyset: &'a str,
    pub requires: &'a [(String, Vec<String>)],
    pub purge: bool,
    pub deadline: Instant,
    /// Pruning for an install (`Pruned` events) rather than an uninstall.
    pub pruning: bool,
    /// Take finalizers off objects whose controller is confirmed gone.
    pub remove_orphaned_finalizers: bool,
    /// The inventory's namespace: decided after every other object, and kept
    /// (without purge) when anything else was kept, to hold the record of it.
    pub inventory_namespace: Option<&'a str>,
    /// Deletions at once.
    pub concurrency: usize,
}

/// What a removal did.
#[derive(Debug, Default, Clone)]
pub struct Removal {
    /// (component, object) of every object deleted.
    pub deleted: Vec<(String, ObjectRef)>,
    pub given_back: Vec<(String, ObjectRef)>,
    /// Objects that stay and are still odh's (data, CRDs in use, namespaces
    /// holding someone else's objects without purge), with why.
    pub kept: Vec<Blocker>,
    /// Recorded objects that stay because they are no longer odh's.
    pub disowned: Vec<Blocker>,
    /// Objects still there at the deadline, with what holds them.
    pub stuck: Vec<Blocker>,
    /// Objects not started because something before them is stuck.
    pub not_started: Vec<(String, ObjectRef)>,
}

impl Removal {
    /// True when every object that was to go is gone.
    pub fn is_complete(&self) -> bool {
        self.stuck.is_empty() && self.not_started.is_empty()
    }
}

/// What happened to one object.
enum Done {
    Gone,
    Kept(String),
    /// Kept, and given back (a purge leaves nothing of odh's on it).
    KeptGivenBack(String),
    Stuck(String),
}

/// Removes `items` (live objects odh recorded), in uninstall order.
pub async fn remove(
    cluster: &Cluster,
    items: Vec<Item>,
    options: &Options<'_>,
    emit: &Emit,
) -> Removal {
    let fates = fate::sort(items, options.applyset, options.purge);
    let mut removal = Removal::default();
    for kept in fates.kept {
        keep(&mut removal, emit, kept);
    }
    for disowned in fates.disowned {
        emit(Event::Kept {
            component: disowned.component.clone(),
            object: disowned.object.clone(),
            reason: disowned.reason.clone(),
        });
        removal.disowned.push(disowned);
    }
    let (last, delete): (Vec<Item>, Vec<Item>) = fates.delete.into_iter().partition(|item| {
        is_namespace(&item.live) && Some(item.live.name()) == options.inventory_namespace
    });
    let objects: Vec<Object> = delete.iter().map(labelled).collect();
    let plan = match plan::uninstall(
        &objects,
        options.requires,
        UninstallOptions {
            purge: options.purge,
        },
    ) {
        Ok(plan) => plan,
        Err(e) => {
            for item in delete.iter().chain(&last) {
                removal
                    .stuck
                    .push(blocker(item, format!("cannot plan the removal: {e}")));
            }
            return removal;
        }
    };
    for crd in &plan.kept {
        let item = delete.iter().find(|i| &i.live.to_ref() == crd);
        let component = item.map(|i| i.entry.component.clone()).unwrap_or_default();
        keep(
            &mut removal,
            emit,
            Blocker {
                component,
                object: crd.clone(),
                reason: "a CRD; --purge deletes it once no custom resource of it is left".into(),
            },
        );
    }
    let mut left = announce(&plan, &last, emit);
    let delete = &delete;
    for (index, wave) in plan.waves.iter().enumerate() {
        let results: Vec<(&Step, Done)> = futures::stream::iter(&wave.steps)
            .map(|step| async move {
                (
                    step,
                    remove_one(
                        cluster,
                        &delete[step.index],
                        step.wait == WaitFor::Deleted,
                        options,
                        emit,
                    )
                    .await,
                )
            })
            .buffer_unordered(options.concurrency.max(1))
            .collect()
            .await;
        for (step, done) in results {
            record(
                &mut removal,
                &mut left,
                &delete[step.index],
                done,
                options,
                emit,
            );
        }
        if !removal.stuck.is_empty() {
            for later in &plan.waves[index + 1..] {
                for step in &later.steps {
                    let item = &delete[step.index];
                    removal
                        .not_started
                        .push((item.entry.component.clone(), item.live.to_ref()));
                }
            }
            break;
        }
    }
    for item in &last {
        if !removal.stuck.is_empty() {
            removal
                .not_started
                .push((item.entry.component.clone(), item.live.to_ref()));
        } else if !options.purge && !removal.kept.is_empty() {
            let reason = "holds the record of what uninstall kept; --purge deletes it".to_string();
            record(
                &mut removal,
                &mut left,
                item,
                Done::Kept(reason),
                options,
                emit,
            );
        } else {
            let done = remove_one(cluster, item, true, options, emit).await;
            record(&mut removal, &mut left, item, done, options, emit);
        }
    }
    for item in &fates.give_back {
        match give_back(cluster, &item.live, options.deadline).await {
            Ok(()) => {
                emit(Event::GivenBack {
                    component: item.entry.component.clone(),
                    object: item.live.to_ref(),
                });
                removal
                    .given_back
                    .push((item.entry.component.clone(), item.live.to_ref()));
            }
            Err(e) => removal
                .stuck
                .push(blocker(item, format!("giving it back failed: {e}"))),
        }
    }
    removal
}

fn keep(removal: &mut Removal, emit: &Emit, kept: Blocker) {
    emit(Event::Kept {
        component: kept.component.clone(),
        object: kept.object.clone(),
        reason: kept.reason.clone(),
    });
    removal.kept.push(kept);
}

fn blocker(item: &Item, reason: String) -> Blocker {
    Blocker {
        component: item.entry.component.clone(),
        object: item.live.to_ref(),
        reason,
    }
}

/// Emits what is about to be deleted, per component; returns the counts.
fn announce(plan: &plan::Plan, last: &[Item], emit: &Emit) -> HashMap<String, usize> {
    let mut components: Vec<ComponentInfo> = Vec::new();
    let names = plan
        .steps()
        .map(|s| (s.profile.clone(), s.component.clone()))
        .chain(
            last.iter()
                .map(|i| (i.entry.profile.clone(), i.entry.component.clone())),
        );
    for (profile, name) in names {
        match components.iter_mut().find(|c| c.name == name) {
            Some(c) => c.objects += 1,
            None => components.push(ComponentInfo {
                profile,
                name,
                objects: 1,
            }),
        }
    }
    let left = components
        .iter()
        .map(|c| (c.name.clone(), c.objects))
        .collect();
    emit(Event::Removing { components });
    left
}

fn record(
    removal: &mut Removal,
    left: &mut HashMap<String, usize>,
    item: &Item,
    done: Done,
    options: &Options<'_>,
    emit: &Emit,
) {
    let component = item.entry.component.clone();
    let object = item.live.to_ref();
    match done {
        Done::Gone => {
            emit(if options.pruning {
                Event::Pruned {
                    object: object.clone(),
                }
            } else {
                Event::Deleted {
                    component: component.clone(),
                    object: object.clone(),
                }
            });
            removal.deleted.push((component.clone(), object));
        }
        Done::Kept(reason) => keep(removal, emit, blocker(item, reason)),
        Done::KeptGivenBack(reason) => {
            removal.given_back.push((component.clone(), object));
            keep(removal, emit, blocker(item, reason));
        }
        Done::Stuck(reason) => {
            removal.stuck.push(blocker(item, reason));
            return;
        }
    }
    if let Some(count) = left.get_mut(&component) {
        *count = count.saturating_sub(1);
        if *count == 0 && !options.pruning {
            emit(Event::ComponentRemoved { component });
        }
    }
}

/// The live object carrying its entry's profile and component, for the plan.
fn labelled(item: &Item) -> Object {
    let mut object = item.live.clone();
    object.set_label(PROFILE_LABEL, &item.entry.profile);
    object.set_label(COMPONENT_LABEL, &item.entry.component);
    object
}

fn is_namespace(object: &Object) -> bool {
    object.kind() == "Namespace" && object.group().is_empty()
}

/// Deletes one object and waits until it is gone (or the deadline).
async fn remove_one(
    cluster: &Cluster,
    item: &Item,
    wait_gone: bool,
    options: &Options<'_>,
    emit: &Emit,
) -> Done {
    let target = item.live.to_ref();
    if is_namespace(&item.live) {
        let holders = content::read(cluster, item.live.name(), options.applyset).await;
        if !holders.is_empty(options.purge) {
            let reason = holders.reason(options.purge);
            if options.purge {
                return match give_back(cluster, &item.live, options.deadline).await {
                    Ok(()) => Done::KeptGivenBack(reason),
                    Err(e) => Done::Stuck(format!("{reason}; giving it back failed: {e}")),
                };
            }
            return Done::Kept(reason);
        }
    }
    if item.live.kind() == "CustomResourceDefinition"
        && has_custom_resources(cluster, &item.live).await
    {
        return Done::Kept("custom resources of it remain; kept".into());
    }
    let purged_ceph = options.purge && rook::is_ceph_cluster(&item.live);
    let ceph_nodes = if purged_ceph {
        match rook::before_delete(cluster, &item.live, options.deadline).await {
            Ok(nodes) => nodes,
            Err(e) => return Done::Stuck(e),
        }
    } else {
        0
    };
    if let Err(e) = retry::retry(options.deadline, || cluster.delete(&target), |_, _| {}).await {
        return Done::Stuck(e.to_string());
    }
    if options.remove_orphaned_finalizers {
        release_orphaned(cluster, &target).await;
    }
    if !wait_gone && !is_namespace(&item.live) {
        return Done::Gone;
    }
    let progress = |message: String| {
        emit(Event::Waiting {
            component: item.entry.component.clone(),
            object: target.clone(),
            message,
        })
    };
    let waited = wait::wait_for(
        cluster,
        &WaitFor::Deleted,
        &item.live,
        options.deadline,
        Duration::ZERO,
        &progress,
    )
    .await;
    let gone = waited.is_ok() || matches!(cluster.find(&target).await, Ok(None));
    if gone && purged_ceph {
        return match rook::after_gone(cluster, &item.live, ceph_nodes, options.deadline, &progress)
            .await
        {
            Ok(()) => Done::Gone,
            Err(e) => Done::Stuck(format!("the CephCluster is gone, but {e}")),
        };
    }
    if gone {
        return Done::Gone;
    }
    match cluster.find(&target).await {
        Ok(None) => Done::Gone,
        Ok(Some(live)) => {
            let controllers = blockers::controllers(cluster, &live).await;
            Done::Stuck(blockers::describe(&live, &controllers))
        }
        Err(e) => Done::Stuck(format!("still there at the deadline ({e})")),
    }
}

/// Takes off the finalizers of `target` whose controller is confirmed gone.
async fn release_orphaned(cluster: &Cluster, target: &ObjectRef) {
    let Ok(Some(live)) = cluster.find(target).await else {
        return;
    };
    let controllers = blockers::controllers(cluster, &live).await;
    let orphaned: Vec<&str> = controllers
        .iter()
        .filter(|c| c.is_gone())
        .map(|c| c.finalizer.as_str())
        .collect();
    if orphaned.is_empty() {
        return;
    }
    let keep: Vec<String> = blockers::finalizers(&live)
        .into_iter()
        .filter(|f| !orphaned.contains(&f.as_str()))
        .collect();
    let patch = serde_json::json!({"metadata": {"finalizers": keep}});
    let _ = cluster.merge_patch(target, &patch).await;
}

/// Gives an object back: an apply of nothing by odh's field manager drops
/// the fields only odh set (its labels among them) and odh's ownership.
async fn give_back(cluster: &Cluster, live: &Object, deadline: Instant) -> Result<(), String> {
    let mut metadata = serde_json::json!({"name": live.name()});
    if let Some(namespace) = live.namespace() {
        metadata["namespace"] = namespace.into();
    }
    let nothing = Object::new(serde_json::json!({
        "apiVersion": live.api_version(), "kind": live.kind(), "metadata": metadata,
    }));
    retry::retry(
        deadline,
        || cluster.apply(&nothing, false, false),
        |_, _| {},
    )
    .await
    .map(|_| ())
    .map_err(|e| e.to_string())
}

/// True when a CRD still has custom resources anywhere (or they cannot be listed).
async fn has_custom_resources(cluster: &Cluster, crd: &Object) -> bool {
    let (Some(group), Some(kind)) = (crd.str_at("/spec/group"), crd.str_at("/spec/names/kind"))
    else {
        return true;
    };
    let version = crd
        .get("/spec/versions")
        .and_then(|v| v.as_array())
        .and_then(|versions| {
            versions
                .iter()
                .find_map(|v| v.get("name").and_then(|n| n.as_str()))
        });
    let Some(version) = version else {
        return true;
    };
    cluster.learn_crd(crd);
    match cluster
        .list(&format!("{group}/{version}"), kind, None, None)
        .await
    {
        Ok(items) => !items.is_empty(),
        Err(_) => true,
    }
}
