//! A small structural schema for common built-in kinds, enough to answer server-side applies with
//! unknown or mistyped top-level fields the way the apiserver does (a typed-patch error).

use serde_json::Value;

#[derive(Clone, Copy)]
enum T {
    Int,
    Bool,
    Str,
    Obj,
    List,
}

fn check_type(v: &Value, t: T) -> Option<&'static str> {
    let ok = match t {
        T::Int => v.is_number(),
        T::Bool => v.is_boolean(),
        T::Str => v.is_string(),
        T::Obj => v.is_object(),
        T::List => v.is_array(),
    };
    if ok || v.is_null() {
        return None;
    }
    Some(match t {
        T::Int => "expected numeric (int or float)",
        T::Bool => "expected boolean",
        T::Str => "expected string",
        T::Obj => "expected map",
        T::List => "expected list",
    })
}

fn got(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "map",
    }
}

fn top_level(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "ConfigMap" => &["data", "binaryData", "immutable"],
        "Secret" => &["data", "stringData", "type", "immutable"],
        "ServiceAccount" => &[
            "secrets",
            "imagePullSecrets",
            "automountServiceAccountToken",
        ],
        "Namespace"
        | "Deployment"
        | "StatefulSet"
        | "DaemonSet"
        | "ReplicaSet"
        | "Job"
        | "Service"
        | "PersistentVolumeClaim"
        | "Pod"
        | "NetworkPolicy"
        | "Ingress"
        | "PodDisruptionBudget"
        | "HorizontalPodAutoscaler"
        | "Route"
        | "Subscription"
        | "OperatorGroup" => &["spec", "status"],
        "Role" | "ClusterRole" => &["rules", "aggregationRule"],
        "RoleBinding" | "ClusterRoleBinding" => &["subjects", "roleRef"],
        _ => return None,
    })
}

fn spec_fields(kind: &str) -> Option<&'static [(&'static str, T)]> {
    use T::*;
    Some(match kind {
        "Deployment" => &[
            ("replicas", Int),
            ("selector", Obj),
            ("template", Obj),
            ("strategy", Obj),
            ("minReadySeconds", Int),
            ("revisionHistoryLimit", Int),
            ("paused", Bool),
            ("progressDeadlineSeconds", Int),
        ],
        "StatefulSet" => &[
            ("replicas", Int),
            ("selector", Obj),
            ("template", Obj),
            ("volumeClaimTemplates", List),
            ("serviceName", Str),
            ("podManagementPolicy", Str),
            ("updateStrategy", Obj),
            ("revisionHistoryLimit", Int),
            ("minReadySeconds", Int),
            ("persistentVolumeClaimRetentionPolicy", Obj),
            ("ordinals", Obj),
        ],
        "DaemonSet" => &[
            ("selector", Obj),
            ("template", Obj),
            ("updateStrategy", Obj),
            ("minReadySeconds", Int),
            ("revisionHistoryLimit", Int),
        ],
        "Service" => &[
            ("ports", List),
            ("selector", Obj),
            ("clusterIP", Str),
            ("clusterIPs", List),
            ("type", Str),
            ("externalIPs", List),
            ("sessionAffinity", Str),
            ("loadBalancerIP", Str),
            ("loadBalancerSourceRanges", List),
            ("externalName", Str),
            ("externalTrafficPolicy", Str),
            ("healthCheckNodePort", Int),
            ("publishNotReadyAddresses", Bool),
            ("sessionAffinityConfig", Obj),
            ("ipFamilies", List),
            ("ipFamilyPolicy", Str),
            ("allocateLoadBalancerNodePorts", Bool),
            ("loadBalancerClass", Str),
            ("internalTrafficPolicy", Str),
            ("trafficDistribution", Str),
        ],
        "Job" => &[
            ("parallelism", Int),
            ("completions", Int),
            ("activeDeadlineSeconds", Int),
            ("podFailurePolicy", Obj),
            ("successPolicy", Obj),
            ("backoffLimit", Int),
            ("backoffLimitPerIndex", Int),
            ("maxFailedIndexes", Int),
            ("selector", Obj),
            ("manualSelector", Bool),
            ("template", Obj),
            ("ttlSecondsAfterFinished", Int),
            ("completionMode", Str),
            ("suspend", Bool),
            ("podReplacementPolicy", Str),
            ("managedBy", Str),
        ],
        "PersistentVolumeClaim" => &[
            ("accessModes", List),
            ("selector", Obj),
            ("resources", Obj),
            ("volumeName", Str),
            ("storageClassName", Str),
            ("volumeMode", Str),
            ("dataSource", Obj),
            ("dataSourceRef", Obj),
            ("volumeAttributesClassName", Str),
        ],
        _ => return None,
    })
}

/// A schema problem in a built-in object.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// An undeclared field, as a dotted path without the leading dot (`spec.bogusField`).
    Unknown(String),
    /// A value of the wrong type: path, typed-patch message, Go decoding message.
    WrongType(String, String, String),
}

fn go_type(t: T) -> &'static str {
    match t {
        T::Int => "int32",
        T::Bool => "bool",
        T::Str => "string",
        T::Obj => "struct",
        T::List => "slice",
    }
}

fn go_json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every schema problem in a built-in object (unknown fields first, in order).
pub fn problems(kind: &str, obj: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(m) = obj.as_object() else { return out };
    if let Some(allowed) = top_level(kind) {
        for k in m.keys() {
            if !matches!(k.as_str(), "apiVersion" | "kind" | "metadata")
                && !allowed.contains(&k.as_str())
            {
                out.push(Problem::Unknown(k.clone()));
            }
        }
    }
    let (Some(spec), Some(fields)) = (m.get("spec"), spec_fields(kind)) else {
        return out;
    };
    let Some(sm) = spec.as_object() else {
        out.push(Problem::WrongType(
            "spec".into(),
            format!("expected map, got {}", got(spec)),
            format!(
                "json: cannot unmarshal {} into Go struct field {kind}.spec of type {kind}Spec",
                go_json_type(spec)
            ),
        ));
        return out;
    };
    for (k, v) in sm {
        match fields.iter().find(|(name, _)| name == k) {
            None => out.push(Problem::Unknown(format!("spec.{k}"))),
            Some((_, t)) => {
                if let Some(e) = check_type(v, *t) {
                    out.push(Problem::WrongType(
                        format!("spec.{k}"),
                        format!("{e}, got {}", got(v)),
                        format!(
                            "json: cannot unmarshal {} into Go struct field {kind}Spec.spec.{k} of type {}",
                            go_json_type(v),
                            go_type(*t)
                        ),
                    ));
                }
            }
        }
    }
    out
}

/// The first schema error in an applied built-in object, as `.spec.x: field not declared in schema`.
pub fn check(kind: &str, obj: &Value) -> Option<String> {
    problems(kind, obj).into_iter().next().map(|p| match p {
        Problem::Unknown(path) => format!(".{path}: field not declared in schema"),
        Problem::WrongType(path, msg, _) => format!(".{path}: {msg}"),
    })
}

/// Removes undeclared fields.
pub fn prune(kind: &str, obj: &mut Value) {
    for p in problems(kind, obj) {
        if let Problem::Unknown(path) = p {
            let ptr = format!("/{}", path.replace('.', "/"));
            let (parent, last) = ptr.rsplit_once('/').unwrap_or(("", ""));
            let target = if parent.is_empty() {
                Some(&mut *obj)
            } else {
                obj.pointer_mut(parent)
            };
            if let Some(m) = target.and_then(Value::as_object_mut) {
                m.remove(last);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deployment_errors() {
        let d = json!({"spec": {"replicas": 1, "bogusField": true}});
        assert_eq!(
            check("Deployment", &d).unwrap(),
            ".spec.bogusField: field not declared in schema"
        );
        let d = json!({"spec": {"replicas": "two"}});
        assert_eq!(
            check("Deployment", &d).unwrap(),
            ".spec.replicas: expected numeric (int or float), got string"
        );
        assert!(check("Deployment", &json!({"spec": {"replicas": 2}})).is_none());
        assert!(check("Widget", &json!({"spec": {"x": 1}})).is_none());
    }
}
