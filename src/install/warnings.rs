//! Explaining blockers with the latest Warning event about them.

use crate::cluster::Cluster;
use crate::event::Blocker;
use crate::object::{Object, ObjectRef};
use std::collections::BTreeMap;

/// Appends the latest Warning event about each blocked object (or the pod its
/// reason names) to its reason.
pub(super) async fn add_warnings(cluster: &Cluster, blocked: &mut [Blocker]) {
    let mut events: BTreeMap<String, Vec<Object>> = BTreeMap::new();
    for blocker in blocked.iter_mut() {
        let Some(namespace) = blocker.object.namespace.clone() else {
            continue;
        };
        if !events.contains_key(&namespace) {
            let listed = cluster
                .list("v1", "Event", Some(&namespace), None)
                .await
                .unwrap_or_default();
            events.insert(namespace.clone(), listed);
        }
        let listed = &events[&namespace];
        let pod = blocker
            .reason
            .strip_prefix("pod ")
            .and_then(|rest| rest.split(':').next())
            .map(|name| ObjectRef {
                api_version: "v1".into(),
                kind: "Pod".into(),
                namespace: Some(namespace.clone()),
                name: name.to_string(),
            });
        let warning = crate::readiness::latest_warning(listed, &blocker.object)
            .or_else(|| pod.and_then(|p| crate::readiness::latest_warning(listed, &p)));
        if let Some(warning) = warning {
            blocker.reason = format!("{}; last warning: {warning}", blocker.reason);
        }
    }
}
