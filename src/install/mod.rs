//! `odh install` as an action: plan, pre-flight ownership checks, the install
//! lock, the inventory, the run, pruning. Returns a summary; never prints.

pub mod checks;
pub mod compare;
mod desired;
pub mod drift;
mod exec;
pub mod inventory;
pub mod lease;
mod preflight;
mod prune;
pub mod removal;
pub mod retry;
pub mod uninstall;
pub mod validate;
mod wait;
mod warnings;

pub use desired::{APPLIED_DIGEST_ANNOTATION, APPLYSET_PART_OF_LABEL};
pub use inventory::{Entry, Inventory};
pub use preflight::preview;

use crate::catalog::Platform;
use crate::cluster::{Cluster, ClusterError};
use crate::event::{ApplyOutcome, Blocker, ComponentInfo, Event, Outcome, Summary};
use crate::object::{Object, ObjectRef};
use crate::plan::{self, Plan, WaitFor};
use crate::render::Rendered;
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// Where events go.
pub type Emit = Arc<dyn Fn(Event) + Send + Sync>;

/// How to install.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    /// How long an object may report a failure (bad image, crash loop) before the install fails.
    pub grace: Duration,
    pub adopt: bool,
    pub force_conflicts: bool,
    /// Concurrent requests to the API server.
    pub concurrency: usize,
}

/// What to install.
pub struct Request<'a> {
    pub profiles: &'a [String],
    pub platform: Platform,
    /// The namespace holding the inventory and the lock.
    pub namespace: &'a str,
    pub objects: &'a [Rendered],
    pub requires: Vec<(String, Vec<String>)>,
    /// The values the objects were rendered with.
    pub values: std::collections::BTreeMap<String, serde_json::Value>,
    /// The `--include` paths whose objects are among `objects`.
    pub includes: Vec<String>,
    /// The installation's inventory as the caller read it (`None`: a first install).
    pub installed: Option<Inventory>,
}

/// The plan for the rendered objects.
///
/// # Errors
/// A dependency cycle (a catalog bug).
pub fn plan_for(request: &Request<'_>) -> Result<Plan> {
    let objects: Vec<Object> = request.objects.iter().map(|r| r.object.clone()).collect();
    plan::install(&objects, &request.requires).context("planning the install")
}

fn inventory_ref(namespace: &str) -> ObjectRef {
    ObjectRef {
        api_version: "v1".into(),
        kind: "Secret".into(),
        namespace: Some(namespace.into()),
        name: inventory::INVENTORY_NAME.into(),
    }
}

/// Reads the installation's inventory, if there is one.
///
/// # Errors
/// A cluster error, or an inventory that cannot be read.
pub async fn read_inventory(cluster: &Cluster, namespace: &str) -> Result<Option<Inventory>> {
    match cluster.get(&inventory_ref(namespace)).await {
        Ok(Some(secret)) => inventory::from_secret(&secret)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{}: {e}", inventory_ref(namespace))),
        Ok(None) | Err(ClusterError::NotFound) => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", inventory_ref(namespace))),
    }
}

/// The inventory of a request: every rendered object, plus the inventory
/// namespace when odh created it without rendering it (a monitoring-only
/// install), so that uninstall removes it too. Entries keep what the old
/// inventory knew of them (adoption, the last fingerprint).
/// Like [`read_inventory`], retrying transient errors until the deadline.
///
/// # Errors
/// As [`read_inventory`], once the deadline passed.
pub async fn read_inventory_until(
    cluster: &Cluster,
    namespace: &str,
    deadline: Instant,
) -> Result<Option<Inventory>> {
    let target = inventory_ref(namespace);
    match retry::retry(deadline, || cluster.get(&target), |_, _| {}).await {
        Ok(Some(secret)) => inventory::from_secret(&secret)
            .map(Some)
            .map_err(|e| anyhow::anyhow!("{target}: {e}")),
        Ok(None) | Err(ClusterError::NotFound) => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {target}")),
    }
}

fn new_inventory(request: &Request<'_>, old: &Inventory, namespace_is_odh_s: bool) -> Inventory {
    let mut objects: Vec<Entry> = request
        .objects
        .iter()
        .map(|r| Entry {
            api_version: r.object.api_version().into(),
            kind: r.object.kind().into(),
            namespace: r.object.namespace().map(str::to_string),
            name: r.object.name().into(),
            profile: r.profile.clone(),
            component: r.component.clone(),
            digest: None,
            fields: None,
            adopted: false,
        })
        .collect();
    let namespace = inventory_namespace_ref(request.namespace);
    if namespace_is_odh_s && !objects.iter().any(|e| e.to_ref() == namespace) {
        objects.push(Entry {
            api_version: namespace.api_version.clone(),
            kind: namespace.kind.clone(),
            namespace: None,
            name: namespace.name.clone(),
            profile: request.profiles.first().cloned().unwrap_or_default(),
            component: INVENTORY_NAMESPACE_COMPONENT.into(),
            digest: None,
            fields: None,
            adopted: false,
        });
    }
    for entry in &mut objects {
        if let Some(before) = old.entry(&entry.to_ref()) {
            entry.adopted = before.adopted;
            entry.digest = before.digest.clone();
            entry.fields = before.fields.clone();
        }
    }
    objects.sort();
    Inventory {
        profiles: request.profiles.to_vec(),
        platform: request.platform.to_string(),
        complete: true,
        objects,
        requires: request.requires.clone(),
        values: request.values.clone(),
        includes: request.includes.clone(),
        installed_by: inventory::writer(),
    }
}

/// The component name of the inventory namespace when no profile renders it.
pub const INVENTORY_NAMESPACE_COMPONENT: &str = "odh-namespace";

fn inventory_namespace_ref(namespace: &str) -> ObjectRef {
    ObjectRef {
        api_version: "v1".into(),
        kind: "Namespace".into(),
        namespace: None,
        name: namespace.into(),
    }
}

/// Records what the run learnt: each applied object's fingerprint, and which
/// objects were adopted.
fn record_run(
    inventory: &mut Inventory,
    request: &Request<'_>,
    fingerprints: &BTreeMap<usize, drift::Fingerprint>,
    adopted: &BTreeSet<usize>,
) {
    for (index, rendered) in request.objects.iter().enumerate() {
        let target = rendered.object.to_ref();
        let Some(entry) = inventory.objects.iter_mut().find(|e| e.to_ref() == target) else {
            continue;
        };
        if let Some(fingerprint) = fingerprints.get(&index) {
            fingerprint.record(entry);
        }
        if adopted.contains(&index) {
            entry.adopted = true;
        }
    }
}

fn summary(
    outcome: Outcome,
    started: Instant,
    outcomes: &BTreeMap<usize, ApplyOutcome>,
    pruned: usize,
    blocked: Vec<Blocker>,
    not_started: Vec<crate::event::NotStarted>,
) -> Summary {
    let count = |o: ApplyOutcome| outcomes.values().filter(|v| **v == o).count();
    Summary {
        outcome,
        created: count(ApplyOutcome::Create),
        updated: count(ApplyOutcome::Update),
        unchanged: count(ApplyOutcome::Unchanged),
        adopted: count(ApplyOutcome::Adopt),
        pruned,
        elapsed: started.elapsed(),
        blocked,
        not_started,
        access: Vec::new(),
    }
}

/// The entry points of what was installed, from the rendered objects and the
/// live Routes (their host is assigned by the router).
async fn access(cluster: &Cluster, objects: &[Rendered]) -> Vec<crate::render::EntryPoint> {
    let mut live_routes = Vec::new();
    for r in objects.iter().filter(|r| r.object.kind() == "Route") {
        match cluster.get(&r.object.to_ref()).await {
            Ok(Some(live)) => live_routes.push(live),
            _ => live_routes.push(r.object.clone()),
        }
    }
    let mut view: Vec<&Object> = objects
        .iter()
        .map(|r| &r.object)
        .filter(|o| o.kind() != "Route")
        .collect();
    view.extend(live_routes.iter());
    crate::render::entry_points(&view)
}

/// Installs: pre-flight, lock, inventory, run, prune.
///
/// # Errors
/// Only for failures before anything was applied that are not a refusal
/// (unreachable cluster, unreadable inventory); everything else is a summary.
pub async fn install(
    cluster: Arc<Cluster>,
    request: &Request<'_>,
    options: Options,
    emit: Emit,
) -> Result<Summary> {
    let started = Instant::now();
    let deadline = started + options.timeout;
    let plan = plan_for(request)?;
    let applyset = inventory::applyset_id(request.namespace);
    let old = request.installed.clone();
    let lives = preflight::fetch_live(&cluster, request.objects).await?;
    let mut adopt = BTreeSet::new();
    let mut refused = Vec::new();
    for (index, (rendered, live)) in request.objects.iter().zip(&lives).enumerate() {
        let target = rendered.object.to_ref();
        if let Some(l) = live
            && !inventory::is_owned(l, &applyset)
            && !old.as_ref().is_some_and(|o| o.holds(&target))
        {
            if options.adopt {
                adopt.insert(index);
            } else {
                refused.push(Blocker {
                    component: rendered.component.clone(),
                    object: target,
                    reason: "exists and is not managed by odh; pass --adopt to take it over".into(),
                });
            }
        }
    }
    if !refused.is_empty() {
        let s = summary(
            Outcome::Refused,
            started,
            &BTreeMap::new(),
            0,
            refused,
            Vec::new(),
        );
        emit(Event::Finished(s.clone()));
        return Ok(s);
    }
    // Nothing is applied until every object passed the cluster's validation.
    validate::validate(&cluster, request.objects, &lives, &applyset, deadline).await?;
    let mut components: Vec<ComponentInfo> = Vec::new();
    for r in request.objects {
        match components.iter_mut().find(|c| c.name == r.component) {
            Some(c) => c.objects += 1,
            None => components.push(ComponentInfo {
                profile: r.profile.clone(),
                name: r.component.clone(),
                objects: 1,
            }),
        }
    }
    emit(Event::Planned { components });

    let created_namespace = ensure_namespace(&cluster, request, deadline).await?;
    let holder = lease::holder_identity();
    let acquired = lease::acquire_until(&cluster, request.namespace, &holder, deadline).await;
    if let Err(err) = acquired {
        let reason = err.to_string();
        let outcome = match &err {
            lease::LeaseError::Held { .. } => Outcome::Refused,
            lease::LeaseError::Cluster(e) if e.is_denied() => Outcome::Denied,
            lease::LeaseError::Cluster(_) => Outcome::Failed,
        };
        let s = summary(
            outcome,
            started,
            &BTreeMap::new(),
            0,
            vec![Blocker {
                component: String::new(),
                object: lease::lease_ref(request.namespace),
                reason,
            }],
            Vec::new(),
        );
        emit(Event::Finished(s.clone()));
        return Ok(s);
    }
    let renewer = lease::keep_renewed(
        cluster.clone(),
        request.namespace.to_string(),
        holder.clone(),
    );
    let found = Found {
        old,
        adopt,
        lives,
        created_namespace,
    };
    let result = locked_install(&cluster, request, &plan, &options, found, &emit, started).await;
    renewer.abort();
    lease::release(&cluster, request.namespace, &holder).await;
    let mut s = result?;
    if s.outcome == Outcome::Succeeded {
        s.access = access(&cluster, request.objects).await;
    }
    emit(Event::Finished(s.clone()));
    Ok(s)
}

/// Waits until one object is ready (for `odh status --wait`).
///
/// # Errors
/// A message when it failed for longer than `grace` or the deadline passed.
pub async fn wait_ready(
    cluster: &Cluster,
    object: &Object,
    deadline: Instant,
    grace: Duration,
) -> Result<(), String> {
    wait::wait_for(cluster, &WaitFor::Ready, object, deadline, grace, &|_| {})
        .await
        .map_err(|e| format!("{e:?}"))
}

/// Waits until an object is gone (for commands that delete what they made).
///
/// # Errors
/// What it still waits for at the deadline.
pub async fn wait_gone(
    cluster: &Cluster,
    target: &ObjectRef,
    deadline: Instant,
) -> Result<(), String> {
    let mut metadata = serde_json::json!({"name": target.name});
    if let Some(ns) = &target.namespace {
        metadata["namespace"] = ns.clone().into();
    }
    let object = Object::new(serde_json::json!({
        "apiVersion": target.api_version, "kind": target.kind, "metadata": metadata,
    }));
    wait::wait_for(
        cluster,
        &WaitFor::Deleted,
        &object,
        deadline,
        Duration::ZERO,
        &|_| {},
    )
    .await
    .map_err(|e| format!("{target}: {e:?}"))
}

/// Creates the inventory namespace first (from the plan when it is there).
/// Returns true when odh made it (now or, per the old inventory, before).
async fn ensure_namespace(
    cluster: &Cluster,
    request: &Request<'_>,
    deadline: Instant,
) -> Result<bool> {
    let target = inventory_namespace_ref(request.namespace);
    let applyset = inventory::applyset_id(request.namespace);
    let recorded = request
        .installed
        .as_ref()
        .and_then(|old| old.entry(&target))
        .is_some_and(|entry| !entry.adopted);
    let live = retry::retry(deadline, || cluster.get(&target), |_, _| {})
        .await
        .context("reading the odh namespace")?;
    if let Some(live) = live {
        return Ok(recorded || inventory::is_owned(&live, &applyset));
    }
    let rendered = request
        .objects
        .iter()
        .find(|r| r.object.to_ref() == target)
        .map(|r| r.object.clone())
        .unwrap_or_else(|| {
            Object::new(serde_json::json!({
                "apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": request.namespace, "labels": {
                    crate::render::MANAGED_BY_LABEL: "odh",
                    crate::render::PART_OF_LABEL: "opendatahub",
                    crate::render::COMPONENT_LABEL: INVENTORY_NAMESPACE_COMPONENT,
                }},
            }))
        });
    let object = desired::desired(&rendered, None, &applyset);
    retry::retry(deadline, || cluster.apply(&object, false, false), |_, _| {})
        .await
        .with_context(|| format!("creating namespace {}", request.namespace))?;
    Ok(true)
}

/// What pre-flight found: the stored inventory, the objects to adopt, each
/// object as it was, and whether the inventory namespace is odh's.
struct Found {
    old: Option<Inventory>,
    adopt: BTreeSet<usize>,
    lives: Vec<Option<Object>>,
    created_namespace: bool,
}

/// The install once the lock is held: inventory, run, prune, final inventory.
async fn locked_install(
    cluster: &Arc<Cluster>,
    request: &Request<'_>,
    plan: &Plan,
    options: &Options,
    found: Found,
    emit: &Emit,
    started: Instant,
) -> Result<Summary> {
    let Found {
        old,
        adopt,
        lives,
        created_namespace,
    } = found;
    let deadline = started + options.timeout;
    let stored = old.clone();
    let old = old.unwrap_or_default();
    let mut new = new_inventory(request, &old, created_namespace);
    let applyset = inventory::applyset_id(request.namespace);
    let mut during = new.union(&old);
    // The union differs from `new` only in `complete` when nothing was dropped.
    if stored.as_ref() != Some(&new) || during.objects != new.objects {
        write_inventory(cluster, &during, request.namespace, deadline).await?;
    }
    // Custom resources that leave go first, while the controllers that clear
    // their finalizers still run (a shared object re-applied without a
    // profile's part can take such a controller away); the rest goes after.
    let namespace = inventory_namespace_ref(request.namespace);
    let dropped: Vec<Entry> = new
        .dropped_from(&old)
        .into_iter()
        .filter(|e| e.to_ref() != namespace)
        .cloned()
        .collect();
    let (early, late) = prune::custom_resources_first(dropped);
    let first = prune::prune(cluster, &early, &old, &applyset, deadline, emit).await;
    let objects: Vec<Object> = request.objects.iter().map(|r| r.object.clone()).collect();
    let input = exec::RunInput {
        cluster: cluster.clone(),
        objects,
        live: lives,
        applyset: applyset.clone(),
        adopt: adopt.clone(),
        options: options.clone(),
        deadline,
        emit: emit.clone(),
    };
    let run = exec::run(plan, input).await;
    record_run(&mut new, request, &run.fingerprints, &adopt);
    let outcome = match run.end {
        exec::RunEnd::Done => Outcome::Succeeded,
        exec::RunEnd::Failed => Outcome::Failed,
        exec::RunEnd::TimedOut => Outcome::TimedOut,
        exec::RunEnd::Conflict => Outcome::Refused,
        exec::RunEnd::Denied => Outcome::Denied,
    };
    let mut pruned = 0;
    let mut blocked = run.blocked;
    if outcome == Outcome::Succeeded {
        let second = prune::prune(cluster, &late, &old, &applyset, deadline, emit).await;
        let dropped: Vec<Entry> = early.into_iter().chain(late).collect();
        match (first, second) {
            (Ok(a), Ok(b)) => {
                let removal = prune::add(a, b);
                pruned = removal.deleted.len();
                // What stays (claims, namespaces holding them or others' objects, anything
                // stuck) remains recorded, so a later prune or uninstall finds it.
                let gone: Vec<&ObjectRef> = removal
                    .deleted
                    .iter()
                    .chain(&removal.given_back)
                    .map(|(_, r)| r)
                    .chain(removal.disowned.iter().map(|d| &d.object))
                    .collect();
                new.objects.extend(
                    dropped
                        .into_iter()
                        .filter(|e| !gone.iter().any(|r| **r == e.to_ref())),
                );
                new.objects.sort();
                blocked.extend(removal.stuck);
                if stored.as_ref() != Some(&new) {
                    write_inventory(cluster, &new, request.namespace, deadline).await?;
                }
            }
            (Err(b), _) | (_, Err(b)) => blocked.push(b),
        }
    } else {
        // Best effort, past the deadline if need be: what was applied keeps its fingerprint.
        record_run(&mut during, request, &run.fingerprints, &adopt);
        let grace = deadline.max(Instant::now() + Duration::from_secs(10));
        if stored.as_ref() != Some(&during) {
            let _ = write_inventory(cluster, &during, request.namespace, grace).await;
        }
    }
    let outcome = if blocked.is_empty() {
        outcome
    } else if outcome == Outcome::Succeeded {
        Outcome::Failed
    } else {
        outcome
    };
    warnings::add_warnings(cluster, &mut blocked).await;
    Ok(summary(
        outcome,
        started,
        &run.outcomes,
        pruned,
        blocked,
        run.not_started,
    ))
}

async fn write_inventory(
    cluster: &Cluster,
    inventory: &Inventory,
    namespace: &str,
    deadline: Instant,
) -> Result<()> {
    let secret = inventory::to_secret(inventory, namespace);
    retry::retry(deadline, || cluster.apply(&secret, true, false), |_, _| {})
        .await
        .with_context(|| format!("writing {}", inventory_ref(namespace)))?;
    Ok(())
}
