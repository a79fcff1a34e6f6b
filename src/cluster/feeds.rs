//! Shared watches: one kube-runtime watcher per kind and namespace, however
//! many objects of it odh waits for at once (the reflector pattern). Waiting
//! for 15 Deployments in a namespace then costs one list and one watch, not
//! fifteen of each. Each feed keeps the current objects; a waiter on one
//! object hears only of changes to that object (so 2,000 waiters and 2,000
//! events cost 2,000 wake-ups, not four million), a waiter on a label
//! selector hears of every change and reads the set it selects.

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

/// What a feed says of one object.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The first list has arrived.
    pub synced: bool,
    /// The watch failed since it last heard from the server (it retries by itself).
    pub error: Option<String>,
    pub object: Option<Object>,
}

#[derive(Default)]
struct State {
    objects: BTreeMap<String, Object>,
    synced: bool,
    error: Option<String>,
    /// The waiters on single objects, by name.
    names: HashMap<String, watch::Sender<View>>,
}

impl State {
    fn view(&self, name: &str) -> View {
        View {
            synced: self.synced,
            error: self.error.clone(),
            object: self.objects.get(name).cloned(),
        }
    }

    /// Tells one name's waiters, or (`None`) every waiter, what changed.
    fn notify(&self, name: Option<&str>) {
        match name {
            Some(name) => {
                if let Some(tx) = self.names.get(name) {
                    tx.send_replace(self.view(name));
                }
            }
            None => {
                for (name, tx) in &self.names {
                    tx.send_replace(self.view(name));
                }
            }
        }
    }
}

/// The objects of one kind in one namespace, as the server last said.
#[derive(Default)]
pub struct Feed {
    state: Mutex<State>,
    /// Bumped after every change, for the waiters on label selectors.
    version: watch::Sender<u64>,
}

impl Feed {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What the feed says of one object, now and after each change to it.
    pub fn subscribe(&self, name: &str) -> watch::Receiver<View> {
        let mut state = self.lock();
        if let Some(tx) = state.names.get(name) {
            return tx.subscribe();
        }
        let (tx, rx) = watch::channel(state.view(name));
        state.names.insert(name.to_string(), tx);
        rx
    }

    /// A counter bumped after every change of the feed.
    pub fn changes(&self) -> watch::Receiver<u64> {
        self.version.subscribe()
    }

    /// The objects whose labels satisfy `terms`; `None` until synced, and the
    /// watch's last error.
    pub fn select(&self, terms: &[(String, String)]) -> (Option<Vec<Object>>, Option<String>) {
        let state = self.lock();
        if !state.synced {
            return (None, state.error.clone());
        }
        let selected = state
            .objects
            .values()
            .filter(|o| matches(o, terms))
            .cloned()
            .collect();
        (Some(selected), state.error.clone())
    }

    fn apply(
        &self,
        event: Result<Event<DynamicObject>, watcher::Error>,
        api_version: &str,
        kind: &str,
        pending: &mut BTreeMap<String, Object>,
    ) {
        let mut state = self.lock();
        match event {
            Ok(Event::Init) => {
                pending.clear();
                return;
            }
            Ok(Event::InitApply(d)) => {
                if let Some(o) = to_object(d, api_version, kind) {
                    pending.insert(o.name().to_string(), o);
                }
                return;
            }
            Ok(Event::InitDone) => {
                state.objects = std::mem::take(pending);
                state.synced = true;
                state.error = None;
                state.notify(None);
            }
            Ok(Event::Apply(d)) => {
                if let Some(o) = to_object(d, api_version, kind) {
                    let name = o.name().to_string();
                    state.objects.insert(name.clone(), o);
                    let cleared = state.error.take().is_some();
                    state.notify((!cleared).then_some(name.as_str()));
                }
            }
            Ok(Event::Delete(d)) => {
                let name = d.metadata.name.unwrap_or_default();
                state.objects.remove(&name);
                let cleared = state.error.take().is_some();
                state.notify((!cleared).then_some(name.as_str()));
            }
            Err(e) => {
                state.error = Some(e.to_string());
                state.notify(None);
            }
        }
        drop(state);
        self.version.send_modify(|v| *v += 1);
    }
}

/// (apiVersion, kind, namespace).
type Key = (String, String, String);

/// The feeds of one connection; their tasks end when it is dropped.
#[derive(Default)]
pub struct Feeds {
    feeds: Mutex<HashMap<Key, Arc<Feed>>>,
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
    ) -> Arc<Feed> {
        let key = (
            api_version.to_string(),
            kind.to_string(),
            namespace.to_string(),
        );
        let mut feeds = self.feeds.feeds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(feed) = feeds.get(&key) {
            return feed.clone();
        }
        let feed = Arc::new(Feed::default());
        let api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), namespace, &resource.api);
        let (api_version, kind) = (api_version.to_string(), kind.to_string());
        let fed = feed.clone();
        let task = tokio::spawn(async move {
            let mut pending: BTreeMap<String, Object> = BTreeMap::new();
            let mut events = watcher::watcher(api, watcher::Config::default())
                .default_backoff()
                .boxed();
            while let Some(event) = events.next().await {
                fed.apply(event, &api_version, &kind, &mut pending);
            }
        });
        self.feeds
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(task);
        feeds.insert(key, feed.clone());
        feed
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
