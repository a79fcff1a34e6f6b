//! The object store: objects by resource, one global resourceVersion counter, and the event
//! history that watches replay from.

use crate::util::{meta_mut, meta_str};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;

/// (group, plural): every version of a resource shares one table.
pub type ResKey = (String, String);
/// (namespace, name); the namespace is "" for cluster-scoped objects.
pub type ObjKey = (String, String);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Added,
    Modified,
    Deleted,
}

/// One change, kept for watches.
#[derive(Debug)]
pub struct Event {
    pub rv: u64,
    pub res: ResKey,
    pub etype: EventType,
    pub obj: Arc<Value>,
    pub prev: Option<Arc<Value>>,
}

/// Returned when a watch asks for history that has been dropped.
#[derive(Debug)]
pub struct TooOld {
    pub requested: u64,
    pub oldest: u64,
}

pub struct Store {
    rv: u64,
    tables: HashMap<ResKey, BTreeMap<ObjKey, Arc<Value>>>,
    history: VecDeque<Arc<Event>>,
    cap: usize,
    compacted: u64,
    notify: tokio::sync::watch::Sender<u64>,
    uids: HashMap<String, (ResKey, ObjKey)>,
}

impl Store {
    pub fn new(cap: usize, notify: tokio::sync::watch::Sender<u64>) -> Self {
        Store {
            rv: 0,
            tables: HashMap::new(),
            history: VecDeque::new(),
            cap: cap.max(16),
            compacted: 0,
            notify,
            uids: HashMap::new(),
        }
    }

    pub fn rv(&self) -> u64 {
        self.rv
    }

    /// A receiver that sees the resourceVersion after every write.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.notify.subscribe()
    }

    pub fn get(&self, res: &ResKey, ns: &str, name: &str) -> Option<&Arc<Value>> {
        self.tables
            .get(res)?
            .get(&(ns.to_string(), name.to_string()))
    }

    /// Every object of a resource, ordered by namespace then name.
    pub fn iter(&self, res: &ResKey) -> impl Iterator<Item = &Arc<Value>> {
        self.tables.get(res).into_iter().flat_map(|t| t.values())
    }

    /// The objects of a resource in one namespace (or all when `ns` is None), after `start`.
    pub fn range<'a>(
        &'a self,
        res: &ResKey,
        ns: Option<&'a str>,
        start: Option<ObjKey>,
    ) -> Box<dyn Iterator<Item = (&'a ObjKey, &'a Arc<Value>)> + 'a> {
        let Some(t) = self.tables.get(res) else {
            return Box::new(std::iter::empty());
        };
        let lower = match (&start, ns) {
            (Some(k), _) => std::ops::Bound::Excluded(k.clone()),
            (None, Some(ns)) => std::ops::Bound::Included((ns.to_string(), String::new())),
            (None, None) => std::ops::Bound::Unbounded,
        };
        let it = t.range((lower, std::ops::Bound::Unbounded));
        match ns {
            Some(ns) => Box::new(it.take_while(move |(k, _)| k.0 == ns)),
            None => Box::new(it),
        }
    }

    /// Resource keys that currently hold objects.
    pub fn resources(&self) -> Vec<ResKey> {
        self.tables
            .iter()
            .filter(|(_, t)| !t.is_empty())
            .map(|(k, _)| k.clone())
            .collect()
    }

    pub fn count(&self) -> usize {
        self.tables.values().map(BTreeMap::len).sum()
    }

    pub fn by_uid(&self, uid: &str) -> Option<&(ResKey, ObjKey)> {
        self.uids.get(uid)
    }

    fn push(&mut self, ev: Event) {
        self.history.push_back(Arc::new(ev));
        while self.history.len() > self.cap {
            if let Some(old) = self.history.pop_front() {
                self.compacted = old.rv;
            }
        }
    }

    /// Stores an object, assigning the next resourceVersion, and records the event.
    pub fn put(&mut self, res: &ResKey, mut obj: Value) -> Arc<Value> {
        self.rv += 1;
        let rv = self.rv;
        meta_mut(&mut obj).insert("resourceVersion".into(), Value::String(rv.to_string()));
        let ns = meta_str(&obj, "namespace").to_string();
        let name = meta_str(&obj, "name").to_string();
        let uid = meta_str(&obj, "uid").to_string();
        let obj = Arc::new(obj);
        let prev = self
            .tables
            .entry(res.clone())
            .or_default()
            .insert((ns.clone(), name.clone()), obj.clone());
        if !uid.is_empty() {
            self.uids.insert(uid, (res.clone(), (ns.clone(), name)));
        }
        let etype = if prev.is_some() {
            EventType::Modified
        } else {
            EventType::Added
        };
        self.push(Event {
            rv,
            res: res.clone(),
            etype,
            obj: obj.clone(),
            prev,
        });
        self.notify.send_replace(rv);
        obj
    }

    /// Removes an object for good; the DELETED event carries a new resourceVersion.
    pub fn remove(&mut self, res: &ResKey, ns: &str, name: &str) -> Option<Arc<Value>> {
        let prev = self
            .tables
            .get_mut(res)?
            .remove(&(ns.to_string(), name.to_string()))?;
        self.rv += 1;
        let rv = self.rv;
        let mut gone = (*prev).clone();
        meta_mut(&mut gone).insert("resourceVersion".into(), Value::String(rv.to_string()));
        let uid = meta_str(&gone, "uid").to_string();
        self.uids.remove(&uid);
        let gone = Arc::new(gone);
        self.push(Event {
            rv,
            res: res.clone(),
            etype: EventType::Deleted,
            obj: gone.clone(),
            prev: Some(prev),
        });
        self.notify.send_replace(rv);
        Some(gone)
    }

    /// Drops all history: watches from an older resourceVersion get 410 Gone.
    pub fn compact(&mut self) {
        self.history.clear();
        self.compacted = self.rv;
    }

    /// The oldest resourceVersion a watch may resume from.
    pub fn compacted(&self) -> u64 {
        self.compacted
    }

    /// Events newer than `rv`.
    pub fn events_after(&self, rv: u64) -> Result<Vec<Arc<Event>>, TooOld> {
        if rv < self.compacted {
            return Err(TooOld {
                requested: rv,
                oldest: self.compacted,
            });
        }
        let start = self.history.partition_point(|e| e.rv <= rv);
        Ok(self.history.range(start..).cloned().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rv_history_and_compaction() {
        let (tx, _rx) = tokio::sync::watch::channel(0);
        let mut s = Store::new(16, tx);
        let res = ("".to_string(), "configmaps".to_string());
        s.put(
            &res,
            json!({"metadata": {"name": "a", "namespace": "n", "uid": "1"}}),
        );
        s.put(
            &res,
            json!({"metadata": {"name": "b", "namespace": "n", "uid": "2"}}),
        );
        assert_eq!(s.rv(), 2);
        assert_eq!(s.events_after(1).unwrap().len(), 1);
        let gone = s.remove(&res, "n", "a").unwrap();
        assert_eq!(gone["metadata"]["resourceVersion"], "3");
        assert_eq!(s.range(&res, Some("n"), None).count(), 1);
        s.compact();
        assert!(s.events_after(1).is_err());
        assert!(s.events_after(3).is_ok());
    }
}
