//! Validating every rendered object against the cluster before the first
//! change: custom resources against the CRD the plan brings; other objects by
//! a server-side dry run where their kind is served and their namespace
//! exists, else against the served OpenAPI schema. Kinds an operator serves
//! only once it runs (Seldon's, the ODH operator's) cannot be validated before.

use super::{desired, retry};
use crate::check::schema;
use crate::cluster::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use crate::render::Rendered;
use futures::StreamExt;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// An object the cluster would refuse, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub object: ObjectRef,
    pub reason: String,
}

/// Why the objects are not valid: each refused one, on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", describe(.0))]
pub struct Invalid(pub Vec<Rejection>);

fn describe(rejections: &[Rejection]) -> String {
    let parts: Vec<String> = rejections
        .iter()
        .map(|r| format!("{}: {}", r.object, r.reason))
        .collect();
    format!(
        "the cluster would refuse {} object(s), nothing was applied: {}",
        rejections.len(),
        parts.join("; ")
    )
}

/// How one object can be validated.
enum Way {
    DryRun,
    Schema(Value),
    /// Served schema of this group-version, if the server publishes one.
    Served(String, String),
    Not,
}

/// Validates `objects` (with their live versions, `None` when absent).
///
/// # Errors
/// `Invalid` naming each refused object; a cluster error (403, no answer) as it came.
pub async fn validate(
    cluster: &Cluster,
    objects: &[Rendered],
    lives: &[Option<Object>],
    applyset: &str,
    deadline: Instant,
) -> Result<(), anyhow::Error> {
    let deadline = deadline.min(Instant::now() + Duration::from_secs(30));
    let crds = planned_crds(objects);
    let namespaces = existing_namespaces(cluster, objects).await?;
    let served_docs: Mutex<BTreeMap<(String, String), Option<Value>>> = Mutex::new(BTreeMap::new());
    let checks = objects.iter().zip(lives).map(|(rendered, live)| {
        let crds = &crds;
        let namespaces = &namespaces;
        let served_docs = &served_docs;
        async move {
            let want = desired::desired(&rendered.object, live.as_ref(), applyset);
            if live
                .as_ref()
                .is_some_and(|l| desired::is_unchanged(&want, l))
            {
                return Ok(None);
            }
            let way = way(cluster, &want, crds, namespaces).await?;
            let reason = match way {
                Way::DryRun => dry_run(cluster, &want, deadline).await?,
                Way::Schema(schema) => first(schema::violations(&want.0, &schema, None)),
                Way::Served(group, version) => {
                    let doc = served(cluster, served_docs, &group, &version).await?;
                    doc.and_then(|doc| {
                        let kind = want.kind();
                        let schema = schema::schema_of(&doc, &group, &version, kind)?;
                        let components = doc
                            .pointer("/components/schemas")
                            .and_then(Value::as_object);
                        first(schema::violations(&want.0, schema, components))
                    })
                }
                Way::Not => None,
            };
            Ok::<_, ClusterError>(reason.map(|reason| Rejection {
                object: want.to_ref(),
                reason,
            }))
        }
    });
    let results: Vec<Result<Option<Rejection>, ClusterError>> =
        futures::stream::iter(checks).buffered(8).collect().await;
    let mut rejections = Vec::new();
    for result in results {
        if let Some(r) = result? {
            rejections.push(r);
        }
    }
    if rejections.is_empty() {
        Ok(())
    } else {
        Err(anyhow::Error::new(crate::error::UsageError(
            Invalid(rejections).to_string(),
        )))
    }
}

fn first(violations: Vec<String>) -> Option<String> {
    (!violations.is_empty()).then(|| violations.join(", "))
}

/// The CRDs of the plan by (group, kind).
fn planned_crds(objects: &[Rendered]) -> BTreeMap<(String, String), &Object> {
    objects
        .iter()
        .map(|r| &r.object)
        .filter(|o| o.kind() == "CustomResourceDefinition")
        .filter_map(|o| {
            let group = o.str_at("/spec/group")?.to_string();
            let kind = o.str_at("/spec/names/kind")?.to_string();
            Some(((group, kind), o))
        })
        .collect()
}

async fn existing_namespaces(
    cluster: &Cluster,
    objects: &[Rendered],
) -> Result<BTreeSet<String>, ClusterError> {
    let wanted: BTreeSet<&str> = objects
        .iter()
        .filter_map(|r| r.object.namespace())
        .collect();
    let mut existing = BTreeSet::new();
    for name in wanted {
        let target = ObjectRef {
            api_version: "v1".into(),
            kind: "Namespace".into(),
            namespace: None,
            name: name.into(),
        };
        if cluster
            .get(&target)
            .await?
            .is_some_and(|ns| !ns.is_terminating())
        {
            existing.insert(name.to_string());
        }
    }
    Ok(existing)
}

async fn way(
    cluster: &Cluster,
    object: &Object,
    crds: &BTreeMap<(String, String), &Object>,
    namespaces: &BTreeSet<String>,
) -> Result<Way, ClusterError> {
    let (group, version) = match object.api_version().split_once('/') {
        Some((g, v)) => (g.to_string(), v.to_string()),
        None => (String::new(), object.api_version().to_string()),
    };
    // A custom resource of a CRD the plan brings is checked against that CRD,
    // which may be newer than the one the server has now.
    if let Some(crd) = crds.get(&(group.clone(), object.kind().to_string())) {
        return Ok(crd_schema(crd, &version).map_or(Way::Not, Way::Schema));
    }
    match cluster.resolve(object.api_version(), object.kind()).await {
        Ok(resource) => {
            let in_place = !resource.namespaced
                || object.namespace().is_some_and(|ns| namespaces.contains(ns));
            Ok(if in_place {
                Way::DryRun
            } else {
                Way::Served(group, version)
            })
        }
        Err(ClusterError::UnknownKind(_)) => Ok(Way::Not),
        Err(e) => Err(e),
    }
}

/// The `openAPIV3Schema` of one version of a CRD.
fn crd_schema(crd: &Object, version: &str) -> Option<Value> {
    crd.get("/spec/versions")?
        .as_array()?
        .iter()
        .find(|v| v["name"].as_str() == Some(version))?
        .pointer("/schema/openAPIV3Schema")
        .cloned()
}

async fn served(
    cluster: &Cluster,
    cache: &Mutex<BTreeMap<(String, String), Option<Value>>>,
    group: &str,
    version: &str,
) -> Result<Option<Value>, ClusterError> {
    let key = (group.to_string(), version.to_string());
    let mut docs = cache.lock().await;
    if let Some(doc) = docs.get(&key) {
        return Ok(doc.clone());
    }
    let doc = cluster.openapi(group, version).await?;
    docs.insert(key, doc.clone());
    Ok(doc)
}

/// The server's verdict on applying `object`: `Some(reason)` when it is invalid.
/// Conflicts are left to the install (they are exit 4, or taken with --force-conflicts),
/// and a server that keeps failing leaves the object unvalidated.
async fn dry_run(
    cluster: &Cluster,
    object: &Object,
    deadline: Instant,
) -> Result<Option<String>, ClusterError> {
    match retry::retry(deadline, || cluster.apply(object, false, true), |_, _| {}).await {
        Ok(_)
        | Err(ClusterError::Conflict(_) | ClusterError::Changed(_))
        | Err(ClusterError::UnknownKind(_) | ClusterError::NotFound) => Ok(None),
        Err(ClusterError::Invalid(reason)) => Ok(Some(reason)),
        Err(e) if e.is_transient() => Ok(None),
        Err(e) => Err(e),
    }
}
