//! Pre-flight: reading what already exists, and what each object would get
//! (`odh install --dry-run`).

use super::{Request, desired, inventory, retry};
use crate::cluster::Cluster;
use crate::object::{Object, ObjectRef};
use crate::render::Rendered;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::time::Instant;

/// What each object would get, per pre-flight (and server-side dry run for updates).
///
/// # Errors
/// Cluster errors other than kinds not served yet.
pub async fn preview(
    cluster: &Cluster,
    request: &Request<'_>,
    adopt: bool,
) -> Result<BTreeMap<ObjectRef, String>> {
    let applyset = inventory::applyset_id(request.namespace);
    let old = request.installed.clone().unwrap_or_default();
    let lives = fetch_live(cluster, request.objects).await?;
    let mut out = BTreeMap::new();
    for (rendered, live) in request.objects.iter().zip(lives) {
        let target = rendered.object.to_ref();
        let word = match live {
            None => "create".to_string(),
            Some(l) if !inventory::is_owned(&l, &applyset) && !old.holds(&target) => {
                if adopt {
                    "adopt".into()
                } else {
                    "conflict: exists and is not managed by odh (use --adopt)".into()
                }
            }
            Some(l) => {
                let want = desired::desired(&rendered.object, Some(&l), &applyset);
                if desired::is_unchanged(&want, &l) {
                    "unchanged".into()
                } else {
                    match cluster.apply(&want, false, true).await {
                        Ok(_) => "update".into(),
                        Err(e) => format!("update fails: {e}"),
                    }
                }
            }
        };
        out.insert(target, word);
    }
    Ok(out)
}

/// Each rendered object as it is now (`None`: absent), read with one list per
/// kind and namespace (`Cluster::read_many`); objects in namespaces that do
/// not exist yet are absent without a request.
pub(super) async fn fetch_live(
    cluster: &Cluster,
    objects: &[Rendered],
) -> Result<Vec<Option<Object>>> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let targets: Vec<ObjectRef> = objects.iter().map(|r| r.object.to_ref()).collect();
    let mut namespaces: Vec<ObjectRef> = targets
        .iter()
        .filter_map(|t| t.namespace.clone())
        .map(|name| ObjectRef {
            api_version: "v1".into(),
            kind: "Namespace".into(),
            namespace: None,
            name,
        })
        .collect();
    namespaces.sort();
    namespaces.dedup();
    let existing = retry::retry(deadline, || cluster.read_many(&namespaces), |_, _| {})
        .await
        .context("pre-flight: reading the namespaces to install into")?;
    let absent: Vec<&str> = namespaces
        .iter()
        .zip(&existing)
        .filter(|(_, live)| live.is_none())
        .map(|(ns, _)| ns.name.as_str())
        .collect();
    let mut out: Vec<Option<Object>> = vec![None; targets.len()];
    let mut ask = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        if let Some(read) = namespaces.iter().position(|ns| ns == target) {
            out[i] = existing[read].clone();
        } else if target
            .namespace
            .as_deref()
            .is_none_or(|ns| !absent.contains(&ns))
        {
            ask.push(i);
        }
    }
    let asked: Vec<ObjectRef> = ask.iter().map(|&i| targets[i].clone()).collect();
    // A kind not served yet (its CRD comes with the install) means the object is absent.
    let found = retry::retry(deadline, || cluster.read_many(&asked), |_, _| {})
        .await
        .context("pre-flight: reading the objects to install")?;
    for (i, live) in ask.into_iter().zip(found) {
        out[i] = live;
    }
    Ok(out)
}
