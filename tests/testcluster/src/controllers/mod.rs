//! Simulated controllers: one loop that runs every controller after changes and at the deadlines
//! they ask for. Each controller is a function over the locked state.

mod certmanager;
mod crds;
mod jobs;
mod kserve;
mod odh;
mod olm;
mod pipelines;
mod pods;
pub mod rbac;
mod rook;
mod rook_buckets;
mod rook_daemons;
mod seldon;
mod services;
mod storage;
mod workloads;

use crate::ops::{self, DeleteOpts, WriteOpts};
use crate::registry::ResourceInfo;
use crate::state::{Shared, State};
use crate::util::meta_str;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const KCM: &str = "kube-controller-manager";

/// What controllers get: the locked state and the time of this pass.
pub struct Ctx<'a> {
    pub st: &'a mut State,
    pub now: Instant,
}

impl Ctx<'_> {
    pub fn ri(&self, group: &str, plural: &str) -> Option<ResourceInfo> {
        self.st.ri_gr(group, plural)
    }

    /// A snapshot of every object of a resource.
    pub fn objects(&self, ri: &ResourceInfo) -> Vec<Arc<Value>> {
        self.st.store.iter(&ri.storage_key()).cloned().collect()
    }

    pub fn objects_in(&self, ri: &ResourceInfo, ns: &str) -> Vec<Arc<Value>> {
        self.st
            .store
            .range(&ri.storage_key(), Some(ns), None)
            .map(|(_, o)| o.clone())
            .collect()
    }

    pub fn get(&self, ri: &ResourceInfo, ns: &str, name: &str) -> Option<Arc<Value>> {
        self.st.store.get(&ri.storage_key(), ns, name).cloned()
    }

    /// The object and the workloads that own it, (kind, name), following controller owner
    /// references up to two levels (a pod's ReplicaSet and Deployment).
    pub fn owner_chain(&self, obj: &Value) -> Vec<(String, String)> {
        let kind = |o: &Value| o["kind"].as_str().unwrap_or("").to_string();
        let mut out = vec![(kind(obj), meta_str(obj, "name").to_string())];
        let mut cur = obj.clone();
        for _ in 0..2 {
            let Some(r) = cur["metadata"]["ownerReferences"]
                .as_array()
                .and_then(|rs| rs.iter().find(|r| r["controller"] == true))
                .cloned()
            else {
                break;
            };
            out.push((
                r["kind"].as_str().unwrap_or("").to_string(),
                r["name"].as_str().unwrap_or("").to_string(),
            ));
            let uid = r["uid"].as_str().unwrap_or("");
            let Some((rk, (ns, name))) = self.st.store.by_uid(uid).cloned() else {
                break;
            };
            let Some(o) = self.st.store.get(&rk, &ns, &name) else {
                break;
            };
            cur = (**o).clone();
        }
        out
    }

    /// How long `obj` takes to become ready: the first `ready_after_for` glob matching it or a
    /// workload owning it, else `ready_after`.
    pub fn ready_after_for(&self, obj: &Value) -> Duration {
        if self.st.ready_after_for.is_empty() {
            return self.st.ready_after;
        }
        let chain = self.owner_chain(obj);
        self.st
            .ready_after_for
            .iter()
            .find(|(g, _)| {
                chain
                    .iter()
                    .any(|(k, n)| crate::faults::matches_glob(g, k, n))
            })
            .map_or(self.st.ready_after, |(_, d)| *d)
    }

    /// Whether the object's readiness delay has passed since it was created (asks for a wake-up
    /// if not).
    pub fn aged(&mut self, obj: &Value, extra: Duration) -> bool {
        let uid = meta_str(obj, "uid").to_string();
        let delay = self.ready_after_for(obj);
        let born = *self.st.sim.born.entry(uid).or_insert(self.now);
        let at = born + delay + extra;
        if self.now >= at {
            true
        } else {
            self.st.sim.wake_at(at);
            false
        }
    }

    /// Whether `d` has passed since `key` was first seen by a controller.
    pub fn after(&mut self, key: &str, d: Duration) -> bool {
        let now = self.now;
        self.st.sim.elapsed_since_seen(key, d, now)
    }

    pub fn create(&mut self, ri: &ResourceInfo, obj: Value, manager: &str) -> Option<Value> {
        let ns = meta_str(&obj, "namespace").to_string();
        ops::create(self.st, ri, &ns, obj, &WriteOpts::internal(manager))
            .ok()
            .map(|w| w.obj)
    }

    /// Replaces an object (keeps status unless `status` is the subresource written).
    pub fn update(&mut self, ri: &ResourceInfo, obj: Value, manager: &str) -> Option<Value> {
        let ns = meta_str(&obj, "namespace").to_string();
        let name = meta_str(&obj, "name").to_string();
        let mut o = obj;
        if let Some(m) = o.get_mut("metadata").and_then(Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        ops::update(
            self.st,
            ri,
            &ns,
            &name,
            o,
            None,
            &WriteOpts::internal(manager),
        )
        .ok()
        .map(|w| w.obj)
    }

    /// Writes `status` if it differs from the object's current status.
    pub fn set_status(&mut self, ri: &ResourceInfo, obj: &Value, status: Value, manager: &str) {
        self.set_status_and_annotations(ri, obj, status, &[], manager);
    }

    /// Writes `status` and annotations through the status subresource, if either changes.
    pub fn set_status_and_annotations(
        &mut self,
        ri: &ResourceInfo,
        obj: &Value,
        status: Value,
        annotations: &[(&str, Value)],
        manager: &str,
    ) {
        let same_annotations = annotations
            .iter()
            .all(|(k, v)| obj["metadata"]["annotations"].get(*k) == Some(v));
        if obj.get("status") == Some(&status) && same_annotations {
            return;
        }
        let mut new = obj.clone();
        new["status"] = status;
        for (k, v) in annotations {
            new["metadata"]["annotations"][*k] = v.clone();
        }
        if let Some(m) = new.get_mut("metadata").and_then(Value::as_object_mut) {
            m.remove("resourceVersion");
        }
        let ns = meta_str(obj, "namespace").to_string();
        let name = meta_str(obj, "name").to_string();
        let sub = if ri.status { Some("status") } else { None };
        let _ = ops::update(
            self.st,
            ri,
            &ns,
            &name,
            new,
            sub,
            &WriteOpts::internal(manager),
        );
    }

    /// Deletes with grace period 0 (what a kubelet sends once a pod's containers are stopped).
    pub fn delete_now(&mut self, ri: &ResourceInfo, ns: &str, name: &str) {
        let d = DeleteOpts {
            grace_period: Some(0),
            ..Default::default()
        };
        let _ = ops::delete(self.st, ri, ns, name, &d, &WriteOpts::internal("kubelet"));
    }

    pub fn delete(&mut self, ri: &ResourceInfo, ns: &str, name: &str, propagation: Option<&str>) {
        let d = DeleteOpts {
            propagation: propagation.map(str::to_string),
            ..Default::default()
        };
        let _ = ops::delete(self.st, ri, ns, name, &d, &WriteOpts::internal(KCM));
    }
}

/// Merges a condition into a list (keeping lastTransitionTime when the status is unchanged).
pub fn set_condition(
    conds: &mut Vec<Value>,
    typ: &str,
    status: &str,
    reason: &str,
    message: &str,
    with_update_time: bool,
) {
    let now = crate::util::now_rfc3339();
    if let Some(i) = conds.iter().position(|c| c["type"] == typ) {
        let c = &mut conds[i];
        let changed = c["status"] != status;
        // The deployment controller (with_update_time) looks at status and reason only.
        let same =
            !changed && c["reason"] == reason && (with_update_time || c["message"] == message);
        if same {
            return;
        }
        c["status"] = status.into();
        c["reason"] = reason.into();
        c["message"] = message.into();
        if changed {
            c["lastTransitionTime"] = now.clone().into();
        }
        if with_update_time {
            c["lastUpdateTime"] = now.into();
        }
        // A changed condition moves to the end, as the deployment controller's
        // SetDeploymentCondition does (transcripts 43, 44 and 76).
        if with_update_time {
            let c = conds.remove(i);
            conds.push(c);
        }
        return;
    }
    let mut c = serde_json::json!({"type": typ, "status": status});
    if with_update_time {
        c["lastUpdateTime"] = now.clone().into();
    }
    c["lastTransitionTime"] = now.into();
    c["reason"] = reason.into();
    c["message"] = message.into();
    conds.push(c);
}

/// The conditions array of an object's status.
pub fn conditions(obj: &Value) -> Vec<Value> {
    obj["status"]["conditions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Whether a condition has status True.
pub fn condition_true(obj: &Value, typ: &str) -> bool {
    obj["status"]["conditions"]
        .as_array()
        .is_some_and(|cs| cs.iter().any(|c| c["type"] == typ && c["status"] == "True"))
}

/// One pass of every controller.
pub fn reconcile_all(st: &mut State, now: Instant) {
    let mut ctx = Ctx { st, now };
    crds::reconcile(&mut ctx);
    rbac::reconcile(&mut ctx);
    crate::namespace::reconcile(&mut ctx);
    crate::gc::reconcile(&mut ctx);
    workloads::reconcile(&mut ctx);
    pods::reconcile(&mut ctx);
    jobs::reconcile(&mut ctx);
    services::reconcile(&mut ctx);
    storage::reconcile(&mut ctx);
    olm::reconcile(&mut ctx);
    odh::reconcile(&mut ctx);
    pipelines::reconcile(&mut ctx);
    seldon::reconcile(&mut ctx);
    kserve::reconcile(&mut ctx);
    certmanager::reconcile(&mut ctx);
    rook::reconcile(&mut ctx);
    crate::proxy::operators::reconcile(&mut ctx);
}

/// Runs the controllers until shutdown.
pub async fn run(shared: Arc<Shared>) {
    let mut changes = shared.lock().store.subscribe();
    let mut shutdown = shared.shutdown.subscribe();
    loop {
        let wake = if shared.faults.controllers_paused() {
            None
        } else {
            let mut st = shared.lock();
            st.sim.wake = None;
            for _ in 0..8 {
                let before = st.store.rv();
                let pass = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    reconcile_all(&mut st, Instant::now());
                }));
                if pass.is_err() || st.store.rv() == before {
                    break;
                }
            }
            st.sim.prune();
            st.sim.wake
        };
        changes.borrow_and_update();
        let idle = tokio::time::Instant::now() + Duration::from_millis(250);
        let deadline = wake
            .map(tokio::time::Instant::from_std)
            .map_or(idle, |w| w.min(idle));
        tokio::select! {
            r = changes.changed() => {
                if r.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            _ = tokio::time::sleep_until(deadline) => {}
            _ = shutdown.changed() => return,
        }
    }
}
