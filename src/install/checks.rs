//! Reading what the pre-flight checks judge: the server's answers, access
//! reviews for the plan, StorageClasses, other installations, named Secrets.
//! The judging itself is `check/`; this module only reads and hands over.

use super::{Request, inventory, inventory_namespace_ref, new_inventory, plan_for};
use crate::catalog::{KubeRange, Platform};
use crate::check::permissions::{Kind, Planned};
use crate::check::{
    self, Check, Claim, Installation, Report, SecretNeed, SecretSeen, StorageClassInfo,
};
use crate::cluster::{Cluster, ClusterError};
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

/// The checks of the plan: version, permissions, storage, other installations, Secrets.
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
    report.push(storage(cluster, request).await);
    let olm = reached.groups.iter().any(|g| g == "operators.coreos.com");
    for subscription in request
        .objects
        .iter()
        .filter(|r| r.object.kind() == "Subscription")
    {
        report.push(catalog_source(cluster, &subscription.object).await);
    }
    report.push(other_installations(cluster, request, olm, facts.adopt).await);
    report.push(secrets(cluster, request, facts.named_secrets).await);
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
    let answers: Vec<_> = futures::stream::iter(needed)
        .map(|access| async move {
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
        })
        .buffered(8)
        .collect()
        .await;
    check::permissions(&answers)
}

async fn storage(cluster: &Cluster, request: &Request<'_>) -> Check {
    let mut claims = Vec::new();
    for rendered in request
        .objects
        .iter()
        .filter(|r| r.object.kind() == "PersistentVolumeClaim")
    {
        // A claim that exists is bound already (or was made by someone else): no class needed now.
        if !matches!(cluster.find(&rendered.object.to_ref()).await, Ok(Some(_))) {
            claims.push(Claim::of(&rendered.object));
        }
    }
    let classes = if claims.is_empty() {
        Ok(Vec::new())
    } else {
        cluster
            .list("storage.k8s.io/v1", "StorageClass", None, None)
            .await
            .map(|list| list.iter().map(StorageClassInfo::of).collect())
            .map_err(|e| e.to_string())
    };
    check::storage_class(&claims, &classes)
}

async fn catalog_source(cluster: &Cluster, subscription: &Object) -> Check {
    let name = subscription
        .str_at("/spec/source")
        .unwrap_or_default()
        .to_string();
    let namespace = subscription
        .str_at("/spec/sourceNamespace")
        .unwrap_or_default()
        .to_string();
    let target = ObjectRef {
        api_version: "operators.coreos.com/v1alpha1".into(),
        kind: "CatalogSource".into(),
        namespace: Some(namespace.clone()),
        name: name.clone(),
    };
    let found = cluster.find(&target).await.map_err(|e| e.to_string());
    check::catalog_source(&check::CatalogSource {
        name,
        namespace,
        found,
    })
}

/// Lists a kind everywhere; nothing when it is not served.
async fn list_everywhere(
    cluster: &Cluster,
    api_version: &str,
    kind: &str,
) -> Result<Vec<Object>, ClusterError> {
    match cluster.list(api_version, kind, None, None).await {
        Err(ClusterError::UnknownKind(_)) => Ok(Vec::new()),
        other => other,
    }
}

async fn other_installations(
    cluster: &Cluster,
    request: &Request<'_>,
    olm: bool,
    adopt: bool,
) -> Check {
    let applyset = inventory::applyset_id(request.namespace);
    let planned = |o: &Object| {
        request.objects.iter().any(|r| {
            r.object.kind() == o.kind()
                && r.object.name() == o.name()
                && r.object.namespace() == o.namespace()
        })
    };
    let mut found = Vec::new();
    let mut reads = vec![
        ("datasciencecluster.opendatahub.io/v1", "DataScienceCluster"),
        ("datasciencecluster.opendatahub.io/v2", "DataScienceCluster"),
    ];
    if olm {
        reads.push(("operators.coreos.com/v1alpha1", "Subscription"));
    }
    let mut seen = BTreeSet::new();
    for (api_version, kind) in reads {
        let objects = match list_everywhere(cluster, api_version, kind).await {
            Ok(objects) => objects,
            Err(e) => {
                return Check::warning(
                    "other-installations",
                    format!("cannot list {kind}s: {e}"),
                    "make sure no other Open Data Hub or OpenShift AI is installed",
                );
            }
        };
        for object in objects {
            let package = object.str_at("/spec/name").unwrap_or_default();
            if kind == "Subscription" && !check::OPERATOR_PACKAGES.contains(&package) {
                continue;
            }
            let target = object.to_ref();
            if !seen.insert((
                target.kind.clone(),
                target.namespace.clone(),
                target.name.clone(),
            )) {
                continue;
            }
            let what = if kind == "Subscription" {
                format!("Subscription to {package}")
            } else {
                kind.to_string()
            };
            found.push(Installation {
                owned: inventory::is_owned(&object, &applyset),
                planned: planned(&object),
                target,
                what,
            });
        }
    }
    check::other_installations(&found, adopt)
}

async fn secrets(
    cluster: &Cluster,
    request: &Request<'_>,
    named: &[(String, String, Vec<String>)],
) -> Check {
    let declared = named
        .iter()
        .map(|(key, name, keys)| SecretNeed {
            namespace: request.namespace.to_string(),
            name: name.clone(),
            keys: keys.iter().cloned().collect(),
            by: BTreeSet::from([format!("value {key}")]),
        })
        .collect();
    let objects: Vec<&Object> = request.objects.iter().map(|r| &r.object).collect();
    let mut seen = Vec::new();
    for need in check::secrets_needed(&objects, declared) {
        let target = ObjectRef {
            api_version: "v1".into(),
            kind: "Secret".into(),
            namespace: Some(need.namespace.clone()),
            name: need.name.clone(),
        };
        // Only the key names are kept; values are never read into messages.
        let found = cluster
            .get(&target)
            .await
            .map(|secret| {
                secret.map(|s| {
                    ["/data", "/stringData"]
                        .iter()
                        .filter_map(|p| s.get(p).and_then(|v| v.as_object()))
                        .flat_map(|m| m.keys().cloned())
                        .collect()
                })
            })
            .map_err(|e| e.to_string());
        seen.push(SecretSeen { need, found });
    }
    check::secrets(&seen)
}
