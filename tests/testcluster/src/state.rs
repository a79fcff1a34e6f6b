//! The shared server state: the object store, the resource registry and simulation bookkeeping,
//! behind one lock, plus the lock-free parts (faults, log, tokens).

use crate::auth::Tokens;
use crate::faults::Faults;
use crate::log::RequestLog;
use crate::options::{Options, Platform};
use crate::registry::{Registry, ResourceInfo};
use crate::store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Bookkeeping for simulated controllers.
#[derive(Default)]
pub struct Sim {
    /// When each object (by uid) was created, for `ready_after` timing.
    pub born: HashMap<String, Instant>,
    /// When a controller first saw something (by key), for staged transitions.
    pub seen: HashMap<String, Instant>,
    pub next_pod_ip: u32,
    pub next_cluster_ip: u32,
    /// CRD name → resourceVersion whose resources are registered.
    pub crd_registered: HashMap<String, String>,
    /// The earliest time a controller pass should run again.
    pub wake: Option<Instant>,
    /// Cleanup Jobs the Rook operator starts once a purged CephCluster is gone: (namespace, nodes).
    pub rook_cleanups: Vec<(String, Vec<String>)>,
    /// Terminating namespaces (by uid): when the namespace controller next processes each.
    pub namespace_due: HashMap<String, Instant>,
}

impl Sim {
    /// Asks for a controller pass no later than `at`.
    pub fn wake_at(&mut self, at: Instant) {
        self.wake = Some(match self.wake {
            Some(w) if w <= at => w,
            _ => at,
        });
    }

    /// Whether `d` has passed since `key` was first seen (records the first sighting).
    pub fn elapsed_since_seen(&mut self, key: &str, d: Duration, now: Instant) -> bool {
        let first = *self.seen.entry(key.to_string()).or_insert(now);
        if now >= first + d {
            true
        } else {
            self.wake_at(first + d);
            false
        }
    }

    /// Drops bookkeeping that has grown large (entries are re-created on demand).
    pub fn prune(&mut self) {
        if self.seen.len() > 50_000 {
            self.seen.clear();
        }
        if self.born.len() > 200_000 {
            self.born.clear();
        }
    }

    pub fn pod_ip(&mut self) -> String {
        self.next_pod_ip += 1;
        let n = self.next_pod_ip;
        format!("10.244.{}.{}", (n / 250) % 250, n % 250 + 2)
    }

    pub fn cluster_ip(&mut self) -> String {
        self.next_cluster_ip += 1;
        let n = self.next_cluster_ip;
        format!("10.96.{}.{}", (n / 250) % 250, n % 250 + 2)
    }
}

/// Everything behind the lock.
pub struct State {
    pub store: Store,
    pub registry: Registry,
    pub platform: Platform,
    pub ready_after: Duration,
    pub ready_after_for: Vec<(String, Duration)>,
    pub crd_established_after: Duration,
    pub namespace_grace: Duration,
    pub pod_termination: Duration,
    pub namespaced_user_namespace: String,
    pub sim: Sim,
    pub faults: Arc<Faults>,
    /// The programs behind the service proxy.
    pub apps: crate::proxy::Apps,
}

impl State {
    pub fn ri(&self, api_version: &str, kind: &str) -> Option<ResourceInfo> {
        self.registry.by_kind(api_version, kind).cloned()
    }

    /// The resource by group and plural in its preferred version.
    pub fn ri_gr(&self, group: &str, plural: &str) -> Option<ResourceInfo> {
        self.registry.by_group_resource(group, plural).cloned()
    }
}

/// State shared by the server, the controllers and the handle.
pub struct Shared {
    state: Mutex<State>,
    pub faults: Arc<Faults>,
    pub log: RequestLog,
    pub tokens: Tokens,
    pub bookmark_interval: Duration,
    pub max_watch_timeout: Duration,
    pub shutdown: tokio::sync::watch::Sender<bool>,
    pub address: Mutex<String>,
    /// The `gitVersion` of `/version`.
    pub version: String,
}

impl Shared {
    pub fn new(opts: &Options) -> Arc<Shared> {
        let faults = Arc::new(Faults::new(opts.seed));
        faults.set_latency(opts.latency);
        faults.set_error_rate(opts.fault_rate);
        for g in &opts.stuck_finalizers {
            faults.add_stuck_finalizer(g);
        }
        for g in &opts.never_ready {
            faults.add_never_ready(g);
        }
        let (tx, _) = tokio::sync::watch::channel(0u64);
        let state = State {
            store: Store::new(opts.watch_history, tx),
            registry: crate::builtins::registry(opts.platform == Platform::OpenShift),
            platform: opts.platform,
            ready_after: opts.ready_after,
            ready_after_for: opts.ready_after_for.clone(),
            crd_established_after: opts.crd_established_after,
            namespace_grace: opts.namespace_grace,
            pod_termination: opts.pod_termination,
            namespaced_user_namespace: opts.namespaced_user_namespace.clone(),
            sim: Sim::default(),
            faults: faults.clone(),
            apps: crate::proxy::Apps::default(),
        };
        Arc::new(Shared {
            state: Mutex::new(state),
            faults,
            log: RequestLog::new(200_000),
            tokens: Tokens::generate(),
            bookmark_interval: opts.bookmark_interval,
            max_watch_timeout: opts.max_watch_timeout,
            shutdown: tokio::sync::watch::channel(false).0,
            address: Mutex::new(String::new()),
            version: opts.version.clone(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn address(&self) -> String {
        self.address
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}
