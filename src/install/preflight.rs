//! Pre-flight: reading what already exists, and what each object would get
//! (`odh install --dry-run`).

use super::{Request, desired, inventory, retry};
use crate::cluster::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use crate::render::Rendered;
use anyhow::{Context, Result};
use futures::StreamExt;
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

pub(super) async fn fetch_live(
    cluster: &Cluster,
    objects: &[Rendered],
) -> Result<Vec<Option<Object>>> {
    let deadline = Instant::now() + Duration::from_secs(60);
    let results: Vec<Result<Option<Object>, ClusterError>> =
        futures::stream::iter(objects.iter().map(|r| r.object.to_ref()))
            .map(|target| async move {
                // A kind not served yet (its CRD comes with the install) means the object is absent.
                retry::retry(deadline, || cluster.find(&target), |_, _| {}).await
            })
            .buffered(8)
            .collect()
            .await;
    results
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .context("pre-flight: reading the objects to install")
}
