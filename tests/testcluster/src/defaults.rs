//! Server-side defaulting for built-in kinds (the fields a real apiserver fills on create and update).

use crate::state::Sim;
use crate::util::{ensure_object, meta_mut, meta_str};
use base64::Engine;
use serde_json::{Map, Value, json};

fn set_default(m: &mut Map<String, Value>, k: &str, v: Value) {
    if !m.contains_key(k) {
        m.insert(k.to_string(), v);
    }
}

/// Defaults an update strategy (`strategy`, `updateStrategy`): the object, its `type`, and for
/// `RollingUpdate` the fields of `rollingUpdate`. An empty object is defaulted like a missing one.
fn strategy(spec: &mut Map<String, Value>, key: &str, rolling: Value) {
    let s = spec.entry(key).or_insert_with(|| json!({}));
    let Some(s) = s.as_object_mut() else { return };
    set_default(s, "type", json!("RollingUpdate"));
    if s["type"] != "RollingUpdate" {
        return;
    }
    let r = s.entry("rollingUpdate").or_insert_with(|| json!({}));
    if let (Some(r), Some(defaults)) = (r.as_object_mut(), rolling.as_object()) {
        for (k, v) in defaults {
            set_default(r, k, v.clone());
        }
    }
}

fn default_container(c: &mut Value) {
    let Some(m) = c.as_object_mut() else { return };
    let image = m
        .get("image")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let tag_latest = {
        let last = image.rsplit('/').next().unwrap_or("");
        !image.contains('@') && (!last.contains(':') || last.ends_with(":latest"))
    };
    if let Some(ports) = m.get_mut("ports").and_then(Value::as_array_mut) {
        for p in ports {
            if let Some(pm) = p.as_object_mut() {
                set_default(pm, "protocol", json!("TCP"));
            }
        }
    }
    set_default(m, "resources", json!({}));
    set_default(m, "terminationMessagePath", json!("/dev/termination-log"));
    set_default(m, "terminationMessagePolicy", json!("File"));
    set_default(
        m,
        "imagePullPolicy",
        json!(if tag_latest { "Always" } else { "IfNotPresent" }),
    );
}

/// What the ServiceAccount admission plugin adds to a new pod unless it opts out: the projected
/// `kube-api-access-*` volume (token, cluster CA, namespace) mounted read-only in every
/// container, shaped as the real one in transcript 46 (without the OpenShift fork's service-CA
/// source).
fn service_account_token(spec: &mut Value) {
    let Some(m) = spec.as_object_mut() else {
        return;
    };
    if m.get("automountServiceAccountToken") == Some(&json!(false)) {
        return;
    }
    let name = format!("kube-api-access-{}", crate::util::random_suffix(5));
    let volume = json!({"name": name, "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
    ], "defaultMode": 420}});
    let mount = json!({"name": name, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"});
    for key in ["containers", "initContainers"] {
        for c in m
            .get_mut(key)
            .and_then(Value::as_array_mut)
            .into_iter()
            .flatten()
        {
            if let Some(cm) = c.as_object_mut() {
                let mounts = cm.entry("volumeMounts").or_insert_with(|| json!([]));
                if let Some(a) = mounts.as_array_mut() {
                    a.push(mount.clone());
                }
            }
        }
    }
    let volumes = m.entry("volumes").or_insert_with(|| json!([]));
    if let Some(a) = volumes.as_array_mut() {
        a.push(volume);
    }
}

/// Defaults for a PodSpec (in a Pod or a template).
pub fn pod_spec(spec: &mut Value, restart_default: Option<&str>) {
    let Some(m) = spec.as_object_mut() else {
        return;
    };
    for key in ["containers", "initContainers"] {
        if let Some(cs) = m.get_mut(key).and_then(Value::as_array_mut) {
            for c in cs {
                default_container(c);
            }
        }
    }
    if let Some(r) = restart_default {
        set_default(m, "restartPolicy", json!(r));
    }
    set_default(m, "terminationGracePeriodSeconds", json!(30));
    set_default(m, "dnsPolicy", json!("ClusterFirst"));
    set_default(m, "securityContext", json!({}));
    set_default(m, "schedulerName", json!("default-scheduler"));
}

fn template_spec(obj: &mut Value, restart_default: Option<&str>) {
    if let Some(t) = obj
        .get_mut("spec")
        .and_then(|s| s.get_mut("template"))
        .and_then(|t| t.get_mut("spec"))
    {
        pod_spec(t, restart_default);
    }
}

/// Applies the defaults for `kind` to `obj`. `create` is true for new objects.
pub fn apply(kind: &str, obj: &mut Value, sim: &mut Sim, create: bool) {
    match kind {
        "Namespace" => {
            let name = meta_str(obj, "name").to_string();
            let meta = meta_mut(obj);
            let labels = meta.entry("labels").or_insert_with(|| json!({}));
            if let Some(l) = labels.as_object_mut() {
                l.insert("kubernetes.io/metadata.name".into(), json!(name));
            }
            let spec = ensure_object(obj, "spec");
            set_default(spec, "finalizers", json!(["kubernetes"]));
            let status = ensure_object(obj, "status");
            set_default(status, "phase", json!("Active"));
        }
        "Deployment" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "replicas", json!(1));
            strategy(
                spec,
                "strategy",
                json!({"maxUnavailable": "25%", "maxSurge": "25%"}),
            );
            set_default(spec, "revisionHistoryLimit", json!(10));
            set_default(spec, "progressDeadlineSeconds", json!(600));
            template_spec(obj, Some("Always"));
            ensure_object(obj, "status");
        }
        "ReplicaSet" => {
            set_default(ensure_object(obj, "spec"), "replicas", json!(1));
            template_spec(obj, Some("Always"));
            ensure_object(obj, "status");
        }
        "StatefulSet" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "replicas", json!(1));
            set_default(spec, "podManagementPolicy", json!("OrderedReady"));
            strategy(spec, "updateStrategy", json!({"partition": 0}));
            set_default(spec, "revisionHistoryLimit", json!(10));
            set_default(
                spec,
                "persistentVolumeClaimRetentionPolicy",
                json!({"whenDeleted": "Retain", "whenScaled": "Retain"}),
            );
            template_spec(obj, Some("Always"));
            ensure_object(obj, "status");
        }
        "DaemonSet" => {
            let spec = ensure_object(obj, "spec");
            strategy(
                spec,
                "updateStrategy",
                json!({"maxUnavailable": 1, "maxSurge": 0}),
            );
            set_default(spec, "revisionHistoryLimit", json!(10));
            template_spec(obj, Some("Always"));
            ensure_object(obj, "status");
        }
        "Job" => {
            let uid = meta_str(obj, "uid").to_string();
            let name = meta_str(obj, "name").to_string();
            let spec = ensure_object(obj, "spec");
            set_default(spec, "parallelism", json!(1));
            set_default(spec, "completions", json!(1));
            set_default(spec, "backoffLimit", json!(6));
            set_default(spec, "completionMode", json!("NonIndexed"));
            set_default(spec, "suspend", json!(false));
            set_default(spec, "podReplacementPolicy", json!("TerminatingOrFailed"));
            if create && !uid.is_empty() && !spec.contains_key("selector") {
                spec.insert(
                    "selector".into(),
                    json!({"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}),
                );
                let tmeta = ensure_object(
                    spec.entry("template").or_insert_with(|| json!({})),
                    "metadata",
                );
                let labels = tmeta.entry("labels").or_insert_with(|| json!({}));
                if let Some(l) = labels.as_object_mut() {
                    l.insert("batch.kubernetes.io/controller-uid".into(), json!(uid));
                    l.insert("controller-uid".into(), json!(uid));
                    l.insert("batch.kubernetes.io/job-name".into(), json!(name));
                    l.insert("job-name".into(), json!(name));
                }
            }
            template_spec(obj, None);
            ensure_object(obj, "status");
        }
        "Pod" => {
            if let Some(spec) = obj.get_mut("spec") {
                pod_spec(spec, Some("Always"));
                if create {
                    service_account_token(spec);
                }
            }
            let spec = ensure_object(obj, "spec");
            set_default(spec, "serviceAccountName", json!("default"));
            let sa = spec["serviceAccountName"].clone();
            set_default(spec, "serviceAccount", sa);
            set_default(spec, "priority", json!(0));
            set_default(spec, "enableServiceLinks", json!(true));
            set_default(spec, "preemptionPolicy", json!("PreemptLowerPriority"));
            set_default(
                spec,
                "tolerations",
                json!([
                    {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                    {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
                ]),
            );
            let status = ensure_object(obj, "status");
            set_default(status, "phase", json!("Pending"));
            set_default(status, "qosClass", json!("BestEffort"));
        }
        "Service" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "type", json!("ClusterIP"));
            set_default(spec, "sessionAffinity", json!("None"));
            let svc_type = spec["type"].as_str().unwrap_or("ClusterIP").to_string();
            if svc_type != "ExternalName" {
                if create && !spec.contains_key("clusterIP") {
                    let ip = sim.cluster_ip();
                    spec.insert("clusterIP".into(), json!(ip));
                }
                if let Some(ip) = spec.get("clusterIP").cloned() {
                    set_default(spec, "clusterIPs", json!([ip]));
                }
                set_default(spec, "ipFamilies", json!(["IPv4"]));
                set_default(spec, "ipFamilyPolicy", json!("SingleStack"));
                set_default(spec, "internalTrafficPolicy", json!("Cluster"));
            }
            if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
                for p in ports {
                    if let Some(pm) = p.as_object_mut() {
                        set_default(pm, "protocol", json!("TCP"));
                        if let Some(port) = pm.get("port").cloned() {
                            set_default(pm, "targetPort", port);
                        }
                    }
                }
            }
            let status = ensure_object(obj, "status");
            set_default(status, "loadBalancer", json!({}));
        }
        "Secret" => {
            if let Some(m) = obj.as_object_mut() {
                if let Some(Value::Object(sd)) = m.remove("stringData") {
                    let data = m.entry("data").or_insert_with(|| json!({}));
                    if let Some(d) = data.as_object_mut() {
                        for (k, v) in sd {
                            let s = v.as_str().unwrap_or("").to_string();
                            d.insert(
                                k,
                                json!(
                                    base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
                                ),
                            );
                        }
                    }
                }
                set_default(m, "type", json!("Opaque"));
            }
        }
        "PersistentVolumeClaim" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "volumeMode", json!("Filesystem"));
            let status = ensure_object(obj, "status");
            set_default(status, "phase", json!("Pending"));
        }
        "CustomResourceDefinition" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "conversion", json!({"strategy": "None"}));
            // SetDefaults_CustomResourceDefinitionSpec
            // (kubernetes/apiextensions-apiserver@v0.33.13 pkg/apis/apiextensions/v1/defaults.go).
            if let Some(names) = spec.get_mut("names").and_then(Value::as_object_mut) {
                let kind = names
                    .get("kind")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if !kind.is_empty() {
                    set_default(names, "singular", json!(kind.to_ascii_lowercase()));
                    set_default(names, "listKind", json!(format!("{kind}List")));
                }
            }
            let storage: Vec<Value> = spec
                .get("versions")
                .and_then(Value::as_array)
                .map(|vs| {
                    vs.iter()
                        .filter(|v| v["storage"] == true)
                        .map(|v| v["name"].clone())
                        .collect()
                })
                .unwrap_or_default();
            if create {
                let status = ensure_object(obj, "status");
                set_default(status, "conditions", Value::Null);
                set_default(status, "acceptedNames", json!({"plural": "", "kind": ""}));
                set_default(status, "storedVersions", json!(storage));
            }
        }
        "MutatingWebhookConfiguration" | "ValidatingWebhookConfiguration" => {
            let mutating = kind.starts_with("Mutating");
            if let Some(hooks) = obj.get_mut("webhooks").and_then(Value::as_array_mut) {
                for h in hooks {
                    let Some(m) = h.as_object_mut() else { continue };
                    set_default(m, "failurePolicy", json!("Fail"));
                    set_default(m, "matchPolicy", json!("Equivalent"));
                    set_default(m, "namespaceSelector", json!({}));
                    set_default(m, "objectSelector", json!({}));
                    set_default(m, "timeoutSeconds", json!(10));
                    if mutating {
                        set_default(m, "reinvocationPolicy", json!("Never"));
                    }
                    if let Some(svc) = m
                        .get_mut("clientConfig")
                        .and_then(|c| c.get_mut("service"))
                        .and_then(Value::as_object_mut)
                    {
                        set_default(svc, "port", json!(443));
                    }
                }
            }
        }
        "Route" => {
            let name = meta_str(obj, "name").to_string();
            let ns = meta_str(obj, "namespace").to_string();
            let spec = ensure_object(obj, "spec");
            set_default(
                spec,
                "host",
                json!(format!("{name}-{ns}.apps.testcluster.local")),
            );
            set_default(spec, "wildcardPolicy", json!("None"));
            if let Some(to) = spec.get_mut("to").and_then(Value::as_object_mut) {
                set_default(to, "weight", json!(100));
            }
        }
        "NetworkPolicy" => {
            let spec = ensure_object(obj, "spec");
            set_default(spec, "policyTypes", json!(["Ingress"]));
        }
        _ => {}
    }
}

/// Removes the defaults a real apiserver fills after field ownership is recorded (they are not
/// owned by the creating manager).
pub fn strip_unowned(kind: &str, obj: &mut Value) {
    let paths: &[&str] = match kind {
        "Namespace" => &["finalizers"],
        "Service" => &["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"],
        _ => &[],
    };
    if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
        for p in paths {
            spec.remove(*p);
        }
        if spec.is_empty()
            && let Some(m) = obj.as_object_mut()
        {
            m.remove("spec");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_defaults() {
        let mut d = json!({"metadata": {"name": "w"}, "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "x:1", "ports": [{"containerPort": 80}]}]}}}});
        apply("Deployment", &mut d, &mut Sim::default(), true);
        assert_eq!(d["spec"]["replicas"], 1);
        assert_eq!(d["spec"]["strategy"]["rollingUpdate"]["maxSurge"], "25%");
        let c = &d["spec"]["template"]["spec"]["containers"][0];
        assert_eq!(c["imagePullPolicy"], "IfNotPresent");
        assert_eq!(c["ports"][0]["protocol"], "TCP");
        assert_eq!(d["status"], json!({}));
    }

    #[test]
    fn secret_string_data() {
        let mut s = json!({"metadata": {"name": "s"}, "stringData": {"username": "demo-user"}});
        apply("Secret", &mut s, &mut Sim::default(), true);
        assert_eq!(s["data"]["username"], "ZGVtby11c2Vy");
        assert!(s.get("stringData").is_none());
        assert_eq!(s["type"], "Opaque");
    }
}
