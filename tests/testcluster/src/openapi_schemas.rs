//! OpenAPI v3 component schemas, enough for `kubectl explain`: built-in kinds are described from
//! the protobuf message table (field names, types, lists and maps, and the strategic-merge
//! `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key` of each list), custom resources
//! from their CRD's `openAPIV3Schema`. Field descriptions are not served.

use crate::proto::{Field, Shape, Ty, messages};
use crate::registry::ResourceInfo;
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

const PREFIX: &str = "io.k8s.testcluster.";

fn reference(name: &str) -> Value {
    json!({"allOf": [{"$ref": format!("#/components/schemas/{PREFIX}{name}")}]})
}

fn scalar(ty: Ty) -> Value {
    match ty {
        Ty::Str => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int => json!({"type": "integer", "format": "int64"}),
        Ty::Double => json!({"type": "number", "format": "double"}),
        Ty::Bytes => json!({"type": "string", "format": "byte"}),
        Ty::Msg(m) => match m {
            "Time" | "MicroTime" => json!({"type": "string", "format": "date-time"}),
            "IntOrString" => {
                json!({"type": "string", "format": "int-or-string", "x-kubernetes-int-or-string": true})
            }
            "Quantity" => {
                json!({"type": "string", "format": "quantity", "x-kubernetes-int-or-string": true})
            }
            "RawExtension" | "FieldsV1" => json!({"type": "object"}),
            other => reference(other),
        },
    }
}

fn property(f: &Field) -> Value {
    let item = scalar(f.ty);
    match f.shape {
        Shape::One => item,
        Shape::Map => json!({"type": "object", "additionalProperties": item}),
        Shape::Repeated => {
            let mut p = json!({"type": "array", "items": item});
            if f.patch.merge {
                let strategy = if f.patch.retain_keys {
                    "merge,retainKeys"
                } else {
                    "merge"
                };
                p["x-kubernetes-patch-strategy"] = json!(strategy);
                if let Some(k) = f.patch.key {
                    p["x-kubernetes-patch-merge-key"] = json!(k);
                }
            }
            p
        }
    }
}

fn properties(msg: &str, out: &mut Map<String, Value>) {
    for f in messages().get(msg).into_iter().flatten() {
        match (f.inline, f.ty) {
            (true, Ty::Msg(m)) => properties(m, out),
            _ => {
                out.insert(f.name.to_string(), property(f));
            }
        }
    }
}

/// The messages a message refers to, itself included.
fn closure(root: &'static str, seen: &mut BTreeSet<&'static str>) {
    if !seen.insert(root) {
        return;
    }
    for f in messages().get(root).into_iter().flatten() {
        if let Ty::Msg(m) = f.ty
            && messages().contains_key(m)
        {
            closure(m, seen);
        }
    }
}

fn gvk(r: &ResourceInfo) -> Value {
    json!([{"group": r.group, "version": r.version, "kind": r.kind}])
}

/// Component schemas for the resources of one group-version.
pub fn components(resources: &[&ResourceInfo]) -> Map<String, Value> {
    let mut schemas = Map::new();
    let mut needed = BTreeSet::new();
    for r in resources {
        if let Some(schema) = &r.schema {
            let mut s = schema.clone();
            if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
                props.insert("metadata".into(), reference("ObjectMeta"));
            }
            s["x-kubernetes-group-version-kind"] = gvk(r);
            closure("ObjectMeta", &mut needed);
            schemas.insert(format!("{PREFIX}{}.{}", r.group, r.kind), s);
            continue;
        }
        let Some((&name, _)) = messages().get_key_value(r.kind.as_str()) else {
            continue;
        };
        closure(name, &mut needed);
        let mut props = Map::new();
        props.insert("apiVersion".into(), json!({"type": "string"}));
        props.insert("kind".into(), json!({"type": "string"}));
        properties(name, &mut props);
        if r.status {
            props.insert("status".into(), json!({"type": "object"}));
        }
        schemas.insert(
            format!("{PREFIX}{}", r.kind),
            json!({
                "description": format!("{} (the test cluster serves field names and types, not descriptions)", r.kind),
                "type": "object",
                "properties": Value::Object(props),
                "x-kubernetes-group-version-kind": gvk(r),
            }),
        );
    }
    for m in needed {
        let key = format!("{PREFIX}{m}");
        if schemas.contains_key(&key) {
            continue;
        }
        let mut props = Map::new();
        properties(m, &mut props);
        schemas.insert(
            key,
            json!({"type": "object", "properties": Value::Object(props)}),
        );
    }
    schemas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_schema_reaches_containers() {
        let reg = crate::builtins::registry(false);
        let d = reg.by_kind("apps/v1", "Deployment").unwrap();
        let s = components(&[d]);
        let dep = &s["io.k8s.testcluster.Deployment"];
        assert_eq!(
            dep["x-kubernetes-group-version-kind"][0]["kind"],
            "Deployment"
        );
        assert_eq!(
            dep["properties"]["spec"]["allOf"][0]["$ref"],
            "#/components/schemas/io.k8s.testcluster.DeploymentSpec"
        );
        let pod = &s["io.k8s.testcluster.PodSpec"]["properties"];
        assert_eq!(pod["containers"]["x-kubernetes-patch-merge-key"], "name");
        assert_eq!(
            pod["volumes"]["x-kubernetes-patch-strategy"],
            "merge,retainKeys"
        );
        let volume = &s["io.k8s.testcluster.Volume"]["properties"];
        assert!(
            volume.get("configMap").is_some(),
            "inline VolumeSource fields"
        );
        assert_eq!(
            s["io.k8s.testcluster.DeploymentSpec"]["properties"]["replicas"]["type"],
            "integer"
        );
    }
}
