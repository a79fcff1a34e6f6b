//! Shared watches: one kube-runtime watcher per kind and namespace, however
//! many objects of it odh waits for at once (the reflector pattern). Waiting
//! for 15 Deployments in a namespace then costs one list and one watch, not
//! fifteen of each. Each feed keeps the current objects; subscribers read
//! snapshots and pick what they need.

use super::{Cluster, Resource};
use crate::object::Object;
use futures::StreamExt;
use kube::api::{Api, DynamicObject};
use kube::runtime::WatchStreamExt;
use kube::runtime::watcher::{self, Event};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// What a feed holds: the objects of one kind in one namespace.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// By name.
    pub objects: Arc<BTreeMap<String, Object>>,
    /// The first list has arrived.
    pub synced: bool,
    /// The watch failed since it last heard from the server (it retries by itself).
    pub error: Option<String>,
}

/// (apiVersion, kind, namespace).
type Key = (String, String, String);

/// The feeds of one connection; their tasks end when it is dropped.
#[derive(Default)]
pub struct Feeds {
    feeds: Mutex<HashMap<Key, watch::Receiver<Snapshot>>>,
    tasks: Mutex<Vec<JoinHandle<()>>>,
}

impl Drop for Feeds {
    fn drop(&mut self) {
        for task in self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            task.abort();
        }
    }
}

pub fn to_object(d: DynamicObject, api_version: &str, kind: &str) -> Option<Object> {
    let mut value = serde_json::to_value(d).ok()?;
    if let Some(map) = value.as_object_mut() {
        map.entry("apiVersion")
            .or_insert_with(|| api_version.into());
        map.entry("kind").or_insert_with(|| kind.into());
    }
    Some(Object::new(value))
}

impl Cluster {
    /// The feed of a namespaced kind in one namespace, started on first use.
    pub(super) fn feed(
        &self,
        resource: &Resource,
        api_version: &str,
        kind: &str,
        namespace: &str,
    ) -> watch::Receiver<Snapshot> {
        let key = (
            api_version.to_string(),
            kind.to_string(),
            namespace.to_string(),
        );
        let mut feeds = self.feeds.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(rx) = feeds.get(&key) {
            return rx.clone();
        }
        let (tx, rx) = watch::channel(Snapshot::default());
        let api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), namespace, &resource.api);
        let (api_version, kind) = (api_version.to_string(), kind.to_string());
        let task = tokio::spawn(async move {
            let mut pending: BTreeMap<String, Object> = BTreeMap::new();
            let mut current = Snapshot::default();
            let mut events = watcher::watcher(api, watcher::Config::default())
                .default_backoff()
                .boxed();
            while let Some(event) = events.next().await {
                match event {
                    Ok(Event::Init) => {
                        pending.clear();
                        continue;
                    }
                    Ok(Event::InitApply(d)) => {
                        if let Some(o) = to_object(d, &api_version, &kind) {
                            pending.insert(o.name().to_string(), o);
                        }
                        continue;
                    }
                    Ok(Event::InitDone) => {
                        current.objects = Arc::new(std::mem::take(&mut pending));
                        current.synced = true;
                        current.error = None;
                    }
                    Ok(Event::Apply(d)) => {
                        if let Some(o) = to_object(d, &api_version, &kind) {
                            Arc::make_mut(&mut current.objects).insert(o.name().to_string(), o);
                        }
                        current.error = None;
                    }
                    Ok(Event::Delete(d)) => {
                        let name = d.metadata.name.unwrap_or_default();
                        Arc::make_mut(&mut current.objects).remove(&name);
                        current.error = None;
                    }
                    Err(e) => current.error = Some(e.to_string()),
                }
                if tx.send(current.clone()).is_err() {
                    break;
                }
            }
        });
        self.feeds
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(task);
        feeds.insert(key, rx.clone());
        rx
    }
}

/// Waits for the next snapshot that has synced (the current one first).
pub async fn next_synced(rx: &mut watch::Receiver<Snapshot>, first: bool) -> Option<Snapshot> {
    if first {
        let now = rx.borrow_and_update().clone();
        if now.synced {
            return Some(now);
        }
    }
    loop {
        rx.changed().await.ok()?;
        let now = rx.borrow_and_update().clone();
        if now.synced {
            return Some(now);
        }
    }
}

/// An equality-only label selector (`a=b,c==d`), as pods' and slices' are;
/// `None` for anything else (set-based terms, `!=`), which the server must do.
pub fn equality_selector(selector: &str) -> Option<Vec<(String, String)>> {
    selector
        .split(',')
        .map(str::trim)
        .filter(|term| !term.is_empty())
        .map(|term| {
            if term.contains("!=") || term.contains(' ') {
                return None;
            }
            let (k, v) = term.split_once("==").or_else(|| term.split_once('='))?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

/// True when the object's labels satisfy every term.
pub fn matches(object: &Object, terms: &[(String, String)]) -> bool {
    terms
        .iter()
        .all(|(k, v)| object.label(k) == Some(v.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_equality_selectors_are_matched_here() {
        assert_eq!(
            equality_selector("app=hub, tier==web"),
            Some(vec![
                ("app".into(), "hub".into()),
                ("tier".into(), "web".into())
            ])
        );
        assert_eq!(equality_selector(""), Some(vec![]));
        assert_eq!(equality_selector("app!=hub"), None);
        assert_eq!(equality_selector("app in (a,b)"), None);
        let pod = Object::new(
            json!({"metadata": {"name": "p", "labels": {"app": "hub", "tier": "web"}}}),
        );
        assert!(matches(&pod, &equality_selector("app=hub").unwrap()));
        assert!(!matches(&pod, &equality_selector("app=proxy").unwrap()));
    }
}
