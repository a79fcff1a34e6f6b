//! The hub's spawner, as KubeSpawner 7.0 does it: a user's default server is pod
//! `jupyter-USER` with home claim `claim-USER`, both labelled `hub.jupyter.org/username`;
//! stopping deletes the pod and keeps the claim. The REST API's user model reports the server's
//! `ready` and `pending` from the pod.

use super::apps::{AppFault, AppRequest, Server, pod_env};
use crate::ops::{self, DeleteOpts, WriteOpts};
use crate::state::State;
use crate::util::meta_str;
use serde_json::{Value, json};

const MANAGER: &str = "jupyterhub";

fn kubespawner_labels(name: &str, component: &str) -> Value {
    json!({
        "hub.jupyter.org/username": name,
        "app.kubernetes.io/component": "singleuser-server",
        "component": component,
        "app": "jupyterhub",
        "heritage": "jupyterhub"
    })
}

pub fn spawn(st: &mut State, req: &AppRequest, name: &str) {
    let running = st.apps.hub_servers.get(name).is_some_and(|s| !s.stopped);
    if running {
        return;
    }
    let ns = req.namespace.clone();
    st.apps.hub_servers.insert(
        name.to_string(),
        Server {
            namespace: ns.clone(),
            stopped: false,
        },
    );
    if st.apps.has(&AppFault::NotebookSpawnFails) {
        return;
    }
    let image = super::hub::hub_pod(st, &ns)
        .and_then(|p| pod_env(st, &p, "SINGLEUSER_IMAGE"))
        .unwrap_or_else(|| "quay.io/jupyter/scipy-notebook:2026-07-28".into());
    let o = WriteOpts::internal(MANAGER);
    if let Some(ri) = st.ri("v1", "PersistentVolumeClaim") {
        let pvc = json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": format!("claim-{name}"), "namespace": ns, "labels": kubespawner_labels(name, "singleuser-storage")},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "10Gi"}}}
        });
        let _ = ops::create(st, &ri, &ns, pvc, &o);
    }
    if let Some(ri) = st.ri("v1", "Pod") {
        let mut labels = kubespawner_labels(name, "singleuser-server");
        labels["hub.jupyter.org/servername"] = json!("");
        let pod = json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": format!("jupyter-{name}"), "namespace": ns, "labels": labels,
                         "annotations": {"hub.jupyter.org/username": name}},
            "spec": {"containers": [{"name": "notebook", "image": image, "ports": [{"name": "notebook-port", "containerPort": 8888}]}],
                     "volumes": [{"name": "home", "persistentVolumeClaim": {"claimName": format!("claim-{name}")}}]}
        });
        let _ = ops::create(st, &ri, &ns, pod, &o);
    }
}

/// Stops a server: deletes its pod (the claim stays, as KubeSpawner leaves it).
pub fn stop(st: &mut State, name: &str) -> bool {
    let Some(server) = st.apps.hub_servers.get_mut(name) else {
        return false;
    };
    if server.stopped {
        return false;
    }
    server.stopped = true;
    let ns = server.namespace.clone();
    if let Some(ri) = st.ri("v1", "Pod") {
        let _ = ops::delete(
            st,
            &ri,
            &ns,
            &format!("jupyter-{name}"),
            &DeleteOpts::default(),
            &WriteOpts::internal(MANAGER),
        );
    }
    true
}

/// The REST API's user model, with the default server's `ready`/`pending`.
pub fn user_model(st: &mut State, name: &str) -> Value {
    let server = st
        .apps
        .hub_servers
        .get(name)
        .cloned()
        .filter(|s| !s.stopped);
    let mut servers = json!({});
    if let Some(server) = server {
        let pod = st
            .store
            .get(
                &(String::new(), "pods".into()),
                &server.namespace,
                &format!("jupyter-{name}"),
            )
            .map(|p| p.as_ref().clone());
        let spawn_failed = st.apps.has(&AppFault::NotebookSpawnFails) || pod.is_none();
        if spawn_failed {
            if let Some(s) = st.apps.hub_servers.get_mut(name) {
                s.stopped = true;
            }
        } else {
            let ready = pod
                .as_ref()
                .is_some_and(|p| crate::controllers::condition_true(p, "Ready"))
                && !st.apps.has(&AppFault::NotebookNeverReady);
            servers[""] = json!({
                "name": "", "ready": ready, "pending": if ready { Value::Null } else { json!("spawn") },
                "stopped": false, "url": format!("/user/{name}/"),
                "progress_url": format!("/hub/api/users/{name}/server/progress"),
                "started": pod.as_ref().map(|p| meta_str(p, "creationTimestamp").to_string()),
                "last_activity": null, "state": {"pod_name": format!("jupyter-{name}")}, "user_options": {}
            });
        }
    }
    json!({
        "kind": "user", "name": name, "admin": false, "roles": ["user"], "groups": [],
        "server": null, "pending": null, "created": null, "last_activity": null, "servers": servers
    })
}
