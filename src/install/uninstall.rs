//! Removing an installation: everything its inventory lists that odh owns, in
//! safe order (custom resources while their controllers run, webhooks, then
//! controllers, the rest, cluster RBAC, namespaces last; on OpenShift the DSC,
//! DSCI, Subscription and CSV in turn). Claims holding data, the namespaces
//! that hold them, and CRDs stay unless `purge`.

use super::inventory::{self, Entry, Inventory};
use super::{lease, retry, wait};
use crate::cluster::Cluster;
use crate::object::{Object, ObjectRef};
use crate::plan::{self, UninstallOptions, WaitFor};
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How an uninstall ended.
#[derive(Debug, Clone, Default)]
pub struct Removal {
    pub deleted: Vec<ObjectRef>,
    /// Objects left in place, with why.
    pub kept: Vec<(ObjectRef, String)>,
    /// Objects still there at the deadline, with what they wait for.
    pub stuck: Vec<(ObjectRef, String)>,
    /// The lock was held by another odh.
    pub refused: Option<String>,
}

/// Uninstalls the installation whose inventory is in `namespace`.
///
/// # Errors
/// When there is no installation, or the cluster cannot be read.
pub async fn uninstall(
    cluster: Arc<Cluster>,
    namespace: &str,
    purge: bool,
    timeout: Duration,
    note: &(dyn Fn(String) + Sync),
) -> Result<Removal> {
    let deadline = Instant::now() + timeout;
    let inventory = super::read_inventory(&cluster, namespace)
        .await?
        .with_context(|| {
            format!("no odh installation in namespace {namespace} (no Secret odh-inventory there)")
        })?;
    let holder = lease::holder_identity();
    match lease::acquire(&cluster, namespace, &holder).await {
        Err(err @ lease::LeaseError::Held { .. }) => {
            return Ok(Removal {
                refused: Some(err.to_string()),
                ..Default::default()
            });
        }
        // Not a refusal: the API server's own error (403 is exit 5, not 4).
        Err(lease::LeaseError::Cluster(err)) => {
            return Err(err).context("taking the install lock");
        }
        Ok(()) => {}
    }
    let result = remove(&cluster, &inventory, namespace, purge, deadline, note).await;
    lease::release(&cluster, namespace, &holder).await;
    result
}

async fn remove(
    cluster: &Cluster,
    inventory: &Inventory,
    namespace: &str,
    purge: bool,
    deadline: Instant,
    note: &(dyn Fn(String) + Sync),
) -> Result<Removal> {
    let applyset = inventory::applyset_id(namespace);
    let mut removal = Removal::default();
    let mut live: Vec<Object> = Vec::new();
    for entry in &inventory.objects {
        match cluster.find(&entry.to_ref()).await {
            Ok(Some(object)) if inventory::is_owned(&object, &applyset) => {
                if object.kind() == "Subscription"
                    && let Some(csv) = crate::readiness::subscription_csv(&object)
                    && let Ok(Some(csv)) = cluster.get(&csv).await
                {
                    live.push(label_like(&csv, entry));
                }
                live.push(object);
            }
            Ok(Some(object)) => removal
                .kept
                .push((object.to_ref(), "not managed by odh".into())),
            Ok(None) => {}
            Err(e) => return Err(e).with_context(|| format!("reading {}", entry.to_ref())),
        }
    }
    // Claims hold data; without purge they stay, and so do the namespaces holding them.
    let mut keep_namespaces = BTreeSet::new();
    if !purge {
        for object in live.iter().filter(|o| o.kind() == "PersistentVolumeClaim") {
            keep_namespaces.insert(object.namespace().unwrap_or_default().to_string());
            removal
                .kept
                .push((object.to_ref(), "holds data; --purge deletes it".into()));
        }
        for object in live
            .iter()
            .filter(|o| o.kind() == "Namespace" && keep_namespaces.contains(o.name()))
        {
            removal
                .kept
                .push((object.to_ref(), "holds kept claims".into()));
        }
        let candidates: Vec<&Object> = live
            .iter()
            .filter(|o| o.kind() == "Namespace" && !keep_namespaces.contains(o.name()))
            .collect();
        for object in candidates {
            if let Some(foreign) = foreign_object(cluster, object.name(), &applyset).await {
                keep_namespaces.insert(object.name().to_string());
                removal.kept.push((
                    object.to_ref(),
                    format!("holds {foreign}, which odh does not manage"),
                ));
            }
        }
        live.retain(|o| {
            o.kind() != "PersistentVolumeClaim"
                && !(o.kind() == "Namespace" && keep_namespaces.contains(o.name()))
        });
    }
    let plan = plan::uninstall(&live, &inventory.requires, UninstallOptions { purge })
        .context("planning the uninstall")?;
    removal.kept.extend(
        plan.kept
            .iter()
            .map(|r| (r.clone(), "a CRD; --purge deletes it".to_string())),
    );
    for wave in &plan.waves {
        let deletions = wave.steps.iter().map(|step| {
            let object = &live[step.index];
            async move {
                let target = object.to_ref();
                if object.kind() == "CustomResourceDefinition"
                    && has_custom_resources(cluster, object).await
                {
                    return Err((target, "custom resources of it remain; kept".to_string()));
                }
                if let Err(e) = retry::retry(deadline, || cluster.delete(&target), |_, _| {}).await
                {
                    return Err((target, e.to_string()));
                }
                if step.wait == WaitFor::Deleted || object.kind() == "Namespace" {
                    let last = std::sync::Mutex::new(String::new());
                    let progress = |m: String| *last.lock().unwrap_or_else(|e| e.into_inner()) = m;
                    if wait::wait_for(
                        cluster,
                        &WaitFor::Deleted,
                        object,
                        deadline,
                        Duration::ZERO,
                        &progress,
                    )
                    .await
                    .is_err()
                    {
                        let why = last.lock().unwrap_or_else(|e| e.into_inner()).clone();
                        return Err((
                            target,
                            if why.is_empty() {
                                "still being deleted".into()
                            } else {
                                why
                            },
                        ));
                    }
                }
                Ok(target)
            }
        });
        for result in futures::future::join_all(deletions).await {
            match result {
                Ok(target) => {
                    note(format!("deleted {target}"));
                    removal.deleted.push(target);
                }
                Err((target, why)) if why.ends_with("; kept") => removal.kept.push((target, why)),
                Err(stuck) => removal.stuck.push(stuck),
            }
        }
        if !removal.stuck.is_empty() {
            break;
        }
    }
    if removal.stuck.is_empty()
        && !keep_namespaces.contains(namespace)
        && purge_inventory_namespace(&removal, namespace)
    {
        return Ok(removal);
    }
    // Something stays: the inventory records it so a later uninstall (with --purge) finds it.
    let remaining: Vec<Entry> = inventory
        .objects
        .iter()
        .filter(|e| {
            !removal
                .deleted
                .iter()
                .any(|d| d.kind == e.kind && d.name == e.name && d.namespace == e.namespace)
        })
        .cloned()
        .collect();
    let left = Inventory {
        profiles: Vec::new(),
        complete: true,
        objects: remaining,
        ..inventory.clone()
    };
    let secret = inventory::to_secret(&left, namespace);
    retry::retry(deadline, || cluster.apply(&secret, true, false), |_, _| {})
        .await
        .ok();
    Ok(removal)
}

/// True when the inventory namespace itself was deleted (taking the inventory with it).
fn purge_inventory_namespace(removal: &Removal, namespace: &str) -> bool {
    removal
        .deleted
        .iter()
        .any(|d| d.kind == "Namespace" && d.name == namespace)
}

/// The CSV takes the Subscription's profile and component for ordering.
fn label_like(csv: &Object, entry: &Entry) -> Object {
    let mut object = csv.clone();
    object.set_label(plan::PROFILE_LABEL, &entry.profile);
    object.set_label(plan::COMPONENT_LABEL, &entry.component);
    object
}

async fn has_custom_resources(cluster: &Cluster, crd: &Object) -> bool {
    let (Some(group), Some(kind)) = (crd.str_at("/spec/group"), crd.str_at("/spec/names/kind"))
    else {
        return false;
    };
    let versions = crd
        .get("/spec/versions")
        .and_then(|v| v.as_array())
        .cloned()
        .unwrap_or_default();
    let Some(version) = versions
        .iter()
        .find_map(|v| v.get("name").and_then(|n| n.as_str()))
    else {
        return false;
    };
    cluster.learn_crd(crd);
    match cluster
        .list(&format!("{group}/{version}"), kind, None, None)
        .await
    {
        Ok(items) => !items.is_empty(),
        Err(_) => false,
    }
}

/// An object in the namespace that odh did not create and nothing owns (a
/// user's own workload, config or claim), if there is one.
async fn foreign_object(cluster: &Cluster, namespace: &str, applyset: &str) -> Option<String> {
    const KINDS: [(&str, &str); 7] = [
        ("v1", "ConfigMap"),
        ("v1", "Secret"),
        ("v1", "PersistentVolumeClaim"),
        ("v1", "Service"),
        ("v1", "Pod"),
        ("apps/v1", "Deployment"),
        ("apps/v1", "StatefulSet"),
    ];
    for (api_version, kind) in KINDS {
        let Ok(items) = cluster.list(api_version, kind, Some(namespace), None).await else {
            continue;
        };
        let foreign = items.into_iter().find(|o| {
            !inventory::is_owned(o, applyset)
                && o.get("/metadata/ownerReferences")
                    .is_none_or(|r| r.as_array().is_none_or(|a| a.is_empty()))
                && !matches!(
                    o.name(),
                    "kube-root-ca.crt" | "openshift-service-ca.crt" | "kubernetes"
                )
                && o.str_at("/type") != Some("kubernetes.io/service-account-token")
        });
        if let Some(o) = foreign {
            return Some(format!("{kind}/{}", o.name()));
        }
    }
    None
}
