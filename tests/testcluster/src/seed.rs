//! The objects a fresh cluster starts with: system namespaces, the bootstrap RBAC roles and
//! bindings, a node, a default StorageClass, and on OpenShift the OLM namespaces, global
//! OperatorGroup and catalog sources.

use crate::ops::{self, WriteOpts};
use crate::state::State;
use serde_json::{Value, json};

fn put(st: &mut State, obj: Value) {
    let av = obj["apiVersion"].as_str().unwrap_or("").to_string();
    let kind = obj["kind"].as_str().unwrap_or("").to_string();
    let Some(ri) = st.ri(&av, &kind) else { return };
    let ns = obj["metadata"]["namespace"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let name = obj["metadata"]["name"].as_str().unwrap_or("").to_string();
    if st.store.get(&ri.storage_key(), &ns, &name).is_some() {
        return;
    }
    let _ = ops::create(st, &ri, &ns, obj, &WriteOpts::internal("testcluster"));
}

fn namespace(st: &mut State, name: &str) {
    put(
        st,
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}),
    );
}

/// Objects every cluster has.
pub fn kubernetes(st: &mut State) {
    for ns in ["default", "kube-system", "kube-public", "kube-node-lease"] {
        namespace(st, ns);
    }
    for obj in crate::rbac_policy::cluster_roles()
        .into_iter()
        .chain(crate::rbac_policy::cluster_role_bindings())
    {
        put(st, obj);
    }
    put(
        st,
        json!({
            "apiVersion": "v1", "kind": "Node",
            "metadata": {"name": "testcluster-node", "labels": {
                "kubernetes.io/hostname": "testcluster-node", "kubernetes.io/os": "linux",
                "kubernetes.io/arch": "amd64", "node-role.kubernetes.io/control-plane": ""}},
            "spec": {},
            "status": {
                "conditions": [{"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status"}],
                "addresses": [{"type": "InternalIP", "address": "127.0.0.1"}, {"type": "Hostname", "address": "testcluster-node"}],
                "capacity": {"cpu": "8", "memory": "32Gi", "pods": "250"},
                "allocatable": {"cpu": "8", "memory": "32Gi", "pods": "250"},
                "nodeInfo": {"kubeletVersion": "v1.33.2", "architecture": "amd64", "operatingSystem": "linux"}
            }
        }),
    );
    put(
        st,
        json!({
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "standard", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "testcluster.local/hostpath", "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate"
        }),
    );
    put(
        st,
        json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "kubernetes", "namespace": "default", "labels": {"component": "apiserver", "provider": "kubernetes"}},
            "spec": {"ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}], "type": "ClusterIP"}
        }),
    );
}

/// What an OpenShift cluster adds.
pub fn openshift(st: &mut State) {
    for ns in [
        "openshift-operators",
        "openshift-marketplace",
        "openshift-operator-lifecycle-manager",
        "openshift-config",
    ] {
        namespace(st, ns);
    }
    put(
        st,
        json!({
            "apiVersion": "operators.coreos.com/v1", "kind": "OperatorGroup",
            "metadata": {"name": "global-operators", "namespace": "openshift-operators"},
            "spec": {}
        }),
    );
    for (name, display) in [
        ("community-operators", "Community Operators"),
        ("redhat-operators", "Red Hat Operators"),
        ("certified-operators", "Certified Operators"),
    ] {
        put(
            st,
            json!({
                "apiVersion": "operators.coreos.com/v1alpha1", "kind": "CatalogSource",
                "metadata": {"name": name, "namespace": "openshift-marketplace"},
                "spec": {"sourceType": "grpc", "displayName": display, "publisher": "Red Hat"}
            }),
        );
    }
}
