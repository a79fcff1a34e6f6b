//! Reading what the pre-flight checks judge: the server's answers, access
//! reviews for the plan, StorageClasses, other installations, named Secrets.
//! The judging itself is `check/`; this module only reads and hands over.

mod reads;

use super::{Request, inventory_namespace_ref, new_inventory, plan_for};
use crate::catalog::{KubeRange, Platform};
use crate::check::permissions::{Kind, Planned};
use crate::check::{self, Check, Report};
use crate::cluster::Cluster;
use crate::object::{Object, ObjectRef};
use futures::StreamExt;
use std::collections::BTreeSet;

/// What the server said to the first requests.
pub struct Reached {
    pub version: String,
    pub groups: Vec<String>,
}

/// The connection checks: the server answers, takes the credentials, is the
/// platform asked for (`asked`; `None` is auto). `None` when the rest cannot run.
pub async fn connection(
    cluster: &Cluster,
    asked: Option<Platform>,
    report: &mut Report,
) -> Option<Reached> {
    let version = cluster.version().await;
    report.push(check::api_server(&cluster.server, &version));
    if version.as_ref().is_err_and(|e| !e.is_denied()) {
        return None;
    }
    let groups = cluster.api_groups().await;
    report.push(check::credentials(&groups));
    let (Ok(version), Ok(groups)) = (version, groups) else {
        return None;
    };
    report.push(check::platform(asked, &groups));
    Some(Reached { version, groups })
}

/// What the plan checks need besides the install request.
pub struct PlanFacts<'a> {
    /// Components with the Kubernetes versions they support.
    pub ranges: &'a [(String, KubeRange)],
    /// Secrets the values name: (parameter key, Secret name, keys read).
    pub named_secrets: &'a [(String, String, Vec<String>)],
    pub adopt: bool,
}

/// The checks of the plan: version, permissions, storage (with Ceph's raw
/// disks), other installations, Secrets.
pub async fn plan(
    cluster: &Cluster,
    reached: &Reached,
    request: &Request<'_>,
    facts: &PlanFacts<'_>,
    report: &mut Report,
) {
    report.push(check::kubernetes_version(&reached.version, facts.ranges));
    report.push(namespaces(cluster, request).await);
    report.push(permissions(cluster, request).await);
    report.push(reads::storage(cluster, request).await);
    if let Some(need) = check::DiskNeed::of(request.objects.iter().map(|r| &r.object)) {
        report.push(reads::disks(cluster, &need).await);
    }
    let olm = reached.groups.iter().any(|g| g == "operators.coreos.com");
    for subscription in request
        .objects
        .iter()
        .filter(|r| r.object.kind() == "Subscription")
    {
        report.push(reads::catalog_source(cluster, &subscription.object).await);
    }
    report.push(reads::other_installations(cluster, request, olm, facts.adopt).await);
    report.push(reads::secrets(cluster, request, facts.named_secrets).await);
}

/// How a kind is addressed: from discovery, else from a CRD of the plan, else
/// by the usual plural (kinds an operator serves once it runs).
async fn kind_of(cluster: &Cluster, target: &ObjectRef, objects: &[&Object]) -> Kind {
    if let Ok(found) = cluster.resolve(&target.api_version, &target.kind).await {
        return Kind::new(&found.api.group, &found.api.plural, found.namespaced);
    }
    let group = target.api_version.split_once('/').map_or("", |(g, _)| g);
    let planned = objects.iter().find(|o| {
        o.kind() == "CustomResourceDefinition"
            && o.str_at("/spec/group") == Some(group)
            && o.str_at("/spec/names/kind") == Some(target.kind.as_str())
    });
    match planned {
        Some(crd) => Kind::new(
            group,
            crd.str_at("/spec/names/plural").unwrap_or_default(),
            crd.str_at("/spec/scope") != Some("Cluster"),
        ),
        None => Kind::new(
            group,
            &format!("{}s", target.kind.to_ascii_lowercase()),
            target.namespace.is_some(),
        ),
    }
}

async fn namespaces(cluster: &Cluster, request: &Request<'_>) -> Check {
    let mut names: BTreeSet<&str> = request
        .objects
        .iter()
        .filter_map(|r| r.object.namespace())
        .collect();
    names.insert(request.namespace);
    let mut terminating = Vec::new();
    for name in names {
        let target = inventory_namespace_ref(name);
        if let Ok(Some(found)) = cluster.get(&target).await
            && found.is_terminating()
        {
            terminating.push(name.to_string());
        }
    }
    check::namespaces(&terminating)
}

async fn permissions(cluster: &Cluster, request: &Request<'_>) -> Check {
    let plan = match plan_for(request) {
        Ok(plan) => plan,
        Err(e) => {
            return Check::failed(
                "permissions",
                format!("{e:#}"),
                "report this: the plan of the profiles has a cycle",
            );
        }
    };
    let objects: Vec<&Object> = request.objects.iter().map(|r| &r.object).collect();
    let steps: Vec<_> = plan.waves.iter().flat_map(|w| w.steps.iter()).collect();
    let mut kinds = Vec::new();
    for step in &steps {
        kinds.push(kind_of(cluster, &step.target, &objects).await);
    }
    let planned: Vec<Planned<'_>> = steps
        .iter()
        .zip(kinds)
        .map(|(step, kind)| Planned {
            target: &step.target,
            kind,
            wait: &step.wait,
        })
        .collect();
    let mut pruned = Vec::new();
    if let Some(old) = &request.installed {
        let namespace = inventory_namespace_ref(request.namespace);
        for entry in new_inventory(request, old, false).dropped_from(old) {
            let target = entry.to_ref();
            if target == namespace {
                continue;
            }
            let kind = kind_of(cluster, &target, &objects).await;
            pruned.push((target, kind));
        }
    }
    let needed = check::needed_access(&planned, request.namespace, &pruned);
    // One rules review per namespace grants most namespaced accesses at once;
    // what it does not grant (and everything cluster-wide) gets an access review.
    let mut namespaces: Vec<String> = needed.iter().filter_map(|a| a.namespace.clone()).collect();
    namespaces.sort();
    namespaces.dedup();
    let rules: std::collections::BTreeMap<String, Vec<crate::cluster::ResourceRule>> =
        futures::stream::iter(namespaces)
            .map(|ns| async move {
                let rules = cluster.rules(&ns).await.ok().flatten();
                (ns, rules)
            })
            .buffered(8)
            .filter_map(|(ns, rules)| async move { rules.map(|r| (ns, r)) })
            .collect()
            .await;
    let answers: Vec<_> = futures::stream::iter(needed)
        .map(|access| {
            let rules = &rules;
            async move {
                let granted = access
                    .namespace
                    .as_deref()
                    .and_then(|ns| rules.get(ns))
                    .is_some_and(|r| check::permissions::granted_by(r, &access));
                if granted {
                    return (access, Ok(true));
                }
                let answer = cluster
                    .may(
                        &access.verb,
                        &access.group,
                        &access.resource,
                        access.namespace.as_deref(),
                    )
                    .await
                    .map_err(|e| e.to_string());
                (access, answer)
            }
        })
        .buffered(8)
        .collect()
        .await;
    check::permissions(&answers)
}
