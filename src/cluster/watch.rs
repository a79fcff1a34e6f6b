//! Watches (kube-runtime watcher with backoff: reconnects, relists on 410) turned
//! into streams of object states for the waiting code. Namespaced kinds come
//! from the shared feed of their namespace (see `feeds`); cluster-scoped ones,
//! whose lists can be large (CRDs), are watched by name.

use super::feeds::equality_selector;
use super::{Cluster, ClusterError};
use crate::object::{Object, ObjectRef};
use futures::{Stream, StreamExt};
use kube::api::{Api, DynamicObject};
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher::{self, Event};
use std::collections::BTreeMap;
use std::pin::Pin;

/// What a watch of one object reports.
#[derive(Debug, Clone)]
pub enum ObjectWatch {
    /// The object as it is now.
    Present(Object),
    /// The object does not exist (or was deleted).
    Absent,
    /// The watch failed for a moment; it retries by itself.
    Interrupted(String),
}

type Boxed<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

use super::feeds::to_object;

/// Watches one object by name.
///
/// # Errors
/// When its kind cannot be resolved.
pub async fn watch_object(
    cluster: &Cluster,
    target: &ObjectRef,
) -> Result<Boxed<ObjectWatch>, ClusterError> {
    let resource = cluster.resolve(&target.api_version, &target.kind).await?;
    if let (Some(ns), true) = (&target.namespace, resource.namespaced) {
        let rx = cluster
            .feed(&resource, &target.api_version, &target.kind, ns)
            .subscribe(&target.name);
        let stream = futures::stream::unfold(
            (rx, None::<String>, true),
            |(mut rx, last, first)| async move {
                let mut first = first;
                loop {
                    if !first {
                        rx.changed().await.ok()?;
                    }
                    first = false;
                    let view = rx.borrow_and_update().clone();
                    if !view.synced {
                        continue;
                    }
                    let (item, key) = match (view.error, view.object) {
                        (Some(e), _) => {
                            let key = format!("error {e}");
                            (ObjectWatch::Interrupted(e), key)
                        }
                        (None, Some(o)) => {
                            let rv = o
                                .str_at("/metadata/resourceVersion")
                                .unwrap_or("")
                                .to_string();
                            (ObjectWatch::Present(o), format!("rv {rv}"))
                        }
                        (None, None) => (ObjectWatch::Absent, "absent".to_string()),
                    };
                    if last.as_deref() != Some(key.as_str()) {
                        return Some((item, (rx, Some(key), false)));
                    }
                }
            },
        );
        return Ok(Box::pin(stream));
    }
    let api: Api<DynamicObject> = Api::all_with(cluster.client().clone(), &resource.api);
    let config = watcher::Config::default().fields(&format!("metadata.name={}", target.name));
    let (api_version, kind) = (target.api_version.clone(), target.kind.clone());
    let mut seen_in_init = false;
    let stream = watcher::watcher(api, config)
        .default_backoff()
        .filter_map(move |event| {
            let update = match event {
                Ok(Event::Init) => {
                    seen_in_init = false;
                    None
                }
                Ok(Event::InitApply(d)) => {
                    seen_in_init = true;
                    to_object(d, &api_version, &kind).map(ObjectWatch::Present)
                }
                Ok(Event::InitDone) if !seen_in_init => Some(ObjectWatch::Absent),
                Ok(Event::InitDone) => None,
                Ok(Event::Apply(d)) => to_object(d, &api_version, &kind).map(ObjectWatch::Present),
                Ok(Event::Delete(_)) => Some(ObjectWatch::Absent),
                Err(err) => Some(ObjectWatch::Interrupted(err.to_string())),
            };
            futures::future::ready(update)
        });
    Ok(Box::pin(stream))
}

/// Watches the objects of a kind in a namespace matching a label selector;
/// yields the whole current set after every change.
///
/// # Errors
/// When the kind cannot be resolved.
pub async fn watch_labels(
    cluster: &Cluster,
    api_version: &str,
    kind: &str,
    namespace: &str,
    selector: &str,
) -> Result<Boxed<Vec<Object>>, ClusterError> {
    let resource = cluster.resolve(api_version, kind).await?;
    if let Some(terms) = equality_selector(selector) {
        let feed = cluster.feed(&resource, api_version, kind, namespace);
        let rx = feed.changes();
        let stream = futures::stream::unfold(
            (rx, None::<Vec<String>>, true),
            move |(mut rx, last, first)| {
                let terms = terms.clone();
                let feed = feed.clone();
                async move {
                    let mut first = first;
                    loop {
                        if !first {
                            rx.changed().await.ok()?;
                        }
                        first = false;
                        rx.borrow_and_update();
                        let (Some(selected), _) = feed.select(&terms) else {
                            continue;
                        };
                        let key: Vec<String> = selected
                            .iter()
                            .map(|o| {
                                format!(
                                    "{}@{}",
                                    o.name(),
                                    o.str_at("/metadata/resourceVersion").unwrap_or("")
                                )
                            })
                            .collect();
                        if last.as_ref() != Some(&key) {
                            return Some((selected, (rx, Some(key), false)));
                        }
                    }
                }
            },
        );
        return Ok(Box::pin(stream));
    }
    let api: Api<DynamicObject> =
        Api::namespaced_with(cluster.client().clone(), namespace, &resource.api);
    let config = watcher::Config::default().labels(selector);
    let (api_version, kind) = (api_version.to_string(), kind.to_string());
    let mut current: BTreeMap<String, Object> = BTreeMap::new();
    let mut pending: BTreeMap<String, Object> = BTreeMap::new();
    let stream = watcher::watcher(api, config)
        .default_backoff()
        .filter_map(move |event| {
            let snapshot = match event {
                Ok(Event::Init) => {
                    pending.clear();
                    None
                }
                Ok(Event::InitApply(d)) => {
                    if let Some(o) = to_object(d, &api_version, &kind) {
                        pending.insert(o.name().to_string(), o);
                    }
                    None
                }
                Ok(Event::InitDone) => {
                    current = std::mem::take(&mut pending);
                    Some(current.values().cloned().collect())
                }
                Ok(Event::Apply(d)) => {
                    if let Some(o) = to_object(d, &api_version, &kind) {
                        current.insert(o.name().to_string(), o);
                    }
                    Some(current.values().cloned().collect())
                }
                Ok(Event::Delete(d)) => {
                    current.remove(d.metadata.name.as_deref().unwrap_or(""));
                    Some(current.values().cloned().collect())
                }
                Err(_) => None,
            };
            futures::future::ready(snapshot)
        });
    Ok(Box::pin(stream))
}
