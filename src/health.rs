//! The health of an installation, from its inventory and the live objects:
//! per object (readiness by the rules install waits with, explained by failing
//! pods; missing; drifted since install) and per component (how many objects
//! are ready, the versions running, the first reason). Pure.

use crate::install::Entry;
use crate::install::drift;
use crate::object::Object;
use crate::readiness::{self, State, Status};
use serde::Serialize;

/// One recorded object as it is now.
#[derive(Debug, Clone)]
pub struct ObjectHealth {
    pub entry: Entry,
    pub status: Status,
    /// What changed since install, when something did.
    pub drift: Option<String>,
}

impl ObjectHealth {
    /// Computes an object's health; `pods` are the pods its selector selects.
    pub fn of(entry: &Entry, live: Option<&Object>, pods: &[Object]) -> ObjectHealth {
        let Some(live) = live else {
            return ObjectHealth {
                entry: entry.clone(),
                status: readiness::not_found(&entry.to_ref()),
                drift: None,
            };
        };
        let mut status = readiness::compute(live);
        if status.state != State::Current
            && status.state != State::Failed
            && let Some(pod) = readiness::pod_blocker(pods)
        {
            status = Status::failed("PodFailing", pod);
        }
        ObjectHealth {
            entry: entry.clone(),
            status,
            drift: drift::drift(entry, live),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.status.state == State::Current
    }
}

/// One component: its objects summed up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentHealth {
    pub profile: String,
    pub component: String,
    /// The image tags its workloads run (or the operator's installed CSV).
    pub version: String,
    pub ready: usize,
    pub total: usize,
    /// The worst state among its objects.
    pub state: State,
    /// `Kind/name: message` of the first object that is not ready.
    pub reason: String,
    pub drifted: usize,
}

/// Components in inventory order, from the health of their objects.
pub fn components(objects: &[ObjectHealth], lives: &[Option<Object>]) -> Vec<ComponentHealth> {
    let mut out: Vec<ComponentHealth> = Vec::new();
    for (health, live) in objects.iter().zip(lives) {
        let index = match out.iter().position(|c| {
            c.component == health.entry.component && c.profile == health.entry.profile
        }) {
            Some(i) => i,
            None => {
                out.push(ComponentHealth {
                    profile: health.entry.profile.clone(),
                    component: health.entry.component.clone(),
                    version: String::new(),
                    ready: 0,
                    total: 0,
                    state: State::Current,
                    reason: String::new(),
                    drifted: 0,
                });
                out.len() - 1
            }
        };
        let c = &mut out[index];
        c.total += 1;
        if health.is_ready() {
            c.ready += 1;
        } else {
            if rank(health.status.state) > rank(c.state) {
                c.state = health.status.state;
            }
            if c.reason.is_empty() {
                c.reason = format!(
                    "{}/{}: {}",
                    health.entry.kind, health.entry.name, health.status.message
                );
            }
        }
        if health.drift.is_some() {
            c.drifted += 1;
        }
        if let Some(live) = live {
            add_versions(&mut c.version, live);
        }
    }
    out
}

/// How bad a state is, for the worst of a component.
fn rank(state: State) -> u8 {
    match state {
        State::Current => 0,
        State::Unknown => 1,
        State::InProgress => 2,
        State::Terminating => 3,
        State::NotFound => 4,
        State::Failed => 5,
    }
}

/// Adds the versions an object runs to a comma-separated list.
fn add_versions(list: &mut String, live: &Object) {
    for version in versions(live) {
        if !list.split(", ").any(|v| v == version) {
            if !list.is_empty() {
                list.push_str(", ");
            }
            list.push_str(&version);
        }
    }
}

/// The tags of the images an object runs (workloads, model servers), or the
/// CSV a Subscription installed.
pub fn versions(live: &Object) -> Vec<String> {
    if live.kind() == "Subscription" {
        return live
            .str_at("/status/installedCSV")
            .map(|csv| vec![csv.to_string()])
            .unwrap_or_default();
    }
    let mut images = Vec::new();
    collect_images(&live.0, &mut images);
    let mut tags: Vec<String> = images.iter().filter_map(|image| tag(image)).collect();
    tags.dedup();
    tags
}

fn collect_images(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                if key == "status" || key == "metadata" {
                    continue;
                }
                if key == "containers" && child.is_array() {
                    for container in child.as_array().into_iter().flatten() {
                        if let Some(image) = container.get("image").and_then(|i| i.as_str()) {
                            out.push(image.to_string());
                        }
                    }
                } else {
                    collect_images(child, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_images(i, out)),
        _ => {}
    }
}

/// `quay.io/jupyterhub/k8s-hub:4.4.0` → `4.4.0`; a digest → its first 12 hex digits.
fn tag(image: &str) -> Option<String> {
    if let Some((_, digest)) = image.split_once("@sha256:") {
        return Some(format!("sha256:{}", &digest[..digest.len().min(12)]));
    }
    let last = image.rsplit('/').next()?;
    last.split_once(':').map(|(_, tag)| tag.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(kind: &str, name: &str, component: &str) -> Entry {
        Entry {
            api_version: "apps/v1".into(),
            kind: kind.into(),
            namespace: Some("odh".into()),
            name: name.into(),
            profile: "core".into(),
            component: component.into(),
            digest: None,
            fields: None,
            adopted: false,
        }
    }

    fn deployment(name: &str, available: i64, image: &str) -> Object {
        Object::new(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": "odh", "generation": 1},
            "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                "template": {"spec": {"containers": [{"name": "c", "image": image}]}}},
            "status": {"observedGeneration": 1, "replicas": 1, "updatedReplicas": 1,
                "readyReplicas": available, "availableReplicas": available,
                "conditions": [{"type": "Available", "status": if available > 0 { "True" } else { "False" }}]},
        }))
    }

    fn pulling_pod() -> Object {
        Object::new(json!({"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": "hub-1", "namespace": "odh", "labels": {"app": "hub"}},
            "status": {"phase": "Pending", "containerStatuses": [{"name": "hub", "ready": false,
                "state": {"waiting": {"reason": "ImagePullBackOff", "message": "Back-off pulling image"}}}]}}))
    }

    #[test]
    fn a_failing_pod_explains_its_workload_as_install_does() {
        let hub = deployment("hub", 0, "quay.io/jupyterhub/k8s-hub:4.4.0");
        let health = ObjectHealth::of(
            &entry("Deployment", "hub", "jupyterhub"),
            Some(&hub),
            &[pulling_pod()],
        );
        assert_eq!(health.status.state, State::Failed);
        assert!(
            health
                .status
                .message
                .starts_with("pod hub-1: container hub: ImagePullBackOff"),
            "{}",
            health.status.message
        );
    }

    #[test]
    fn components_count_ready_objects_and_name_versions_and_the_first_reason() {
        let lives = vec![
            Some(deployment("hub", 1, "quay.io/jupyterhub/k8s-hub:4.4.0")),
            Some(deployment(
                "proxy",
                1,
                "quay.io/jupyterhub/configurable-http-proxy:5.2.0",
            )),
            None,
        ];
        let entries = [
            entry("Deployment", "hub", "jupyterhub"),
            entry("Deployment", "proxy", "jupyterhub"),
            entry("Deployment", "minio", "s3"),
        ];
        let objects: Vec<ObjectHealth> = entries
            .iter()
            .zip(&lives)
            .map(|(e, l)| ObjectHealth::of(e, l.as_ref(), &[]))
            .collect();
        let summary = components(&objects, &lives);
        assert_eq!(summary.len(), 2);
        assert_eq!((summary[0].ready, summary[0].total), (2, 2));
        assert_eq!(summary[0].version, "4.4.0, 5.2.0");
        assert_eq!(summary[1].state, State::NotFound);
        assert_eq!(
            summary[1].reason,
            "Deployment/minio: Deployment/minio (apps/v1) in odh not found"
        );
    }

    #[test]
    fn tags_come_from_images_and_digests() {
        assert_eq!(tag("registry:5000/a/b:1.2"), Some("1.2".into()));
        assert_eq!(tag("a/b"), None);
        assert_eq!(
            tag("a/b@sha256:0123456789abcdef0123"),
            Some("sha256:0123456789ab".into())
        );
        let sub = Object::new(
            json!({"apiVersion": "operators.coreos.com/v1alpha1", "kind": "Subscription",
            "metadata": {"name": "s"}, "status": {"installedCSV": "opendatahub-operator.v3.5.0"}}),
        );
        assert_eq!(versions(&sub), ["opendatahub-operator.v3.5.0"]);
    }
}
