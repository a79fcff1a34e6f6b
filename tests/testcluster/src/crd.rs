//! CustomResourceDefinitions: validation, the resources a CRD serves, and its status conditions.

use crate::registry::ResourceInfo;
use crate::status::ApiError;
use crate::util::{meta_str, now_rfc3339};
use serde_json::{Value, json};

const CRD_VERBS: &[&str] = &[
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "create",
    "update",
    "watch",
];

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Rejects CRDs whose name is not `<plural>.<group>` or that have no storage version.
pub fn validate(crd: &Value) -> Result<(), ApiError> {
    let name = meta_str(crd, "name");
    let spec = &crd["spec"];
    let group = spec["group"].as_str().unwrap_or("");
    let plural = spec["names"]["plural"].as_str().unwrap_or("");
    let invalid = |field: &str, msg: String| {
        ApiError::invalid(
            "CustomResourceDefinition",
            "apiextensions.k8s.io",
            name,
            &[("FieldValueInvalid".into(), field.into(), msg)],
        )
    };
    if name != format!("{plural}.{group}") {
        return Err(invalid(
            "metadata.name",
            format!("Invalid value: {name:?}: must be spec.names.plural+\".\"+spec.group"),
        ));
    }
    if spec["names"]["kind"].as_str().unwrap_or("").is_empty() {
        return Err(ApiError::invalid(
            "CustomResourceDefinition",
            "apiextensions.k8s.io",
            name,
            &[(
                "FieldValueRequired".into(),
                "spec.names.kind".into(),
                "Required value".into(),
            )],
        ));
    }
    let versions = spec["versions"].as_array().cloned().unwrap_or_default();
    let storage = versions.iter().filter(|v| v["storage"] == true).count();
    if storage != 1 {
        return Err(invalid(
            "spec.versions",
            format!(
                "Invalid value: {:?}: must have exactly one version marked as storage version",
                versions
                    .iter()
                    .map(|v| v["name"].as_str().unwrap_or(""))
                    .collect::<Vec<_>>()
            ),
        ));
    }
    Ok(())
}

/// The resources (one per served version) a CRD defines.
pub fn resources_of(crd: &Value) -> Vec<ResourceInfo> {
    let spec = &crd["spec"];
    let names = &spec["names"];
    let group = spec["group"].as_str().unwrap_or("").to_string();
    let plural = names["plural"].as_str().unwrap_or("").to_string();
    let kind = names["kind"].as_str().unwrap_or("").to_string();
    let singular = names["singular"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| kind.to_ascii_lowercase());
    let namespaced = spec["scope"].as_str() != Some("Cluster");
    let mut out = Vec::new();
    for v in spec["versions"].as_array().cloned().unwrap_or_default() {
        if v["served"] == false {
            continue;
        }
        let subs = &v["subresources"];
        let schema = v["schema"]["openAPIV3Schema"].clone();
        out.push(ResourceInfo {
            group: group.clone(),
            version: v["name"].as_str().unwrap_or("v1").to_string(),
            plural: plural.clone(),
            singular: singular.clone(),
            kind: kind.clone(),
            namespaced,
            short_names: strings(&names["shortNames"]),
            categories: strings(&names["categories"]),
            verbs: CRD_VERBS.iter().map(|s| s.to_string()).collect(),
            status: subs.get("status").is_some(),
            scale: subs.get("scale").is_some(),
            generation: true,
            custom: true,
            virtual_kind: false,
            schema: if schema.is_object() {
                Some(schema)
            } else {
                None
            },
            printer_columns: v["additionalPrinterColumns"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
            extra_subs: Vec::new(),
        });
    }
    out
}

fn set_condition(crd: &mut Value, typ: &str, status: &str, reason: &str, message: &str) {
    let now = now_rfc3339();
    let st = crate::util::ensure_object(crd, "status");
    let conds = st.entry("conditions").or_insert_with(|| json!([]));
    if !conds.is_array() {
        *conds = json!([]);
    }
    let arr = conds.as_array_mut().expect("array");
    let new = json!({"type": typ, "status": status, "lastTransitionTime": now, "reason": reason, "message": message});
    match arr.iter_mut().find(|c| c["type"] == typ) {
        Some(c) => {
            if c["status"] != status {
                *c = new;
            } else {
                c["reason"] = json!(reason);
                c["message"] = json!(message);
            }
        }
        None => arr.push(new),
    }
}

/// Sets NamesAccepted and Established and copies the accepted names.
pub fn mark_established(crd: &mut Value) {
    let names = crd["spec"]["names"].clone();
    let mut accepted = names.clone();
    if let Some(m) = accepted.as_object_mut()
        && !m.contains_key("singular")
        && let Some(k) = names["kind"].as_str()
    {
        m.insert("singular".into(), json!(k.to_ascii_lowercase()));
    }
    if let Some(m) = accepted.as_object_mut()
        && !m.contains_key("listKind")
        && let Some(k) = names["kind"].as_str()
    {
        m.insert("listKind".into(), json!(format!("{k}List")));
    }
    set_condition(
        crd,
        "NamesAccepted",
        "True",
        "NoConflicts",
        "no conflicts found",
    );
    set_condition(
        crd,
        "Established",
        "True",
        "InitialNamesAccepted",
        "the initial names have been accepted",
    );
    crate::util::ensure_object(crd, "status").insert("acceptedNames".into(), accepted);
}

/// Adds the Terminating condition of a CRD being deleted.
pub fn mark_terminating(crd: &mut Value) {
    set_condition(
        crd,
        "Terminating",
        "True",
        "InstanceDeletionPending",
        "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
    );
}

/// Whether a CRD reports Established=True.
pub fn is_established(crd: &Value) -> bool {
    crd["status"]["conditions"].as_array().is_some_and(|cs| {
        cs.iter()
            .any(|c| c["type"] == "Established" && c["status"] == "True")
    })
}

/// A minimal CRD object for a kind (used by simulated operators).
pub fn simple_crd(
    group: &str,
    plural: &str,
    kind: &str,
    short: &[&str],
    namespaced: bool,
    versions: &[&str],
) -> Value {
    let storage = versions.last().copied().unwrap_or("v1");
    let vs: Vec<Value> = versions
        .iter()
        .map(|v| {
            json!({
                "name": v, "served": true, "storage": *v == storage,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                    "properties": {
                        "spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
                        "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}}
            })
        })
        .collect();
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.{group}")},
        "spec": {
            "group": group,
            "names": {"plural": plural, "singular": kind.to_ascii_lowercase(), "kind": kind, "listKind": format!("{kind}List"), "shortNames": short},
            "scope": if namespaced { "Namespaced" } else { "Cluster" },
            "versions": vs
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_crd_is_valid_and_served() {
        let c = simple_crd(
            "example.com",
            "things",
            "Thing",
            &["th"],
            true,
            &["v1", "v2"],
        );
        assert!(validate(&c).is_ok());
        let rs = resources_of(&c);
        assert_eq!(rs.len(), 2);
        assert!(rs[0].status && rs[0].custom);
        let mut bad = c.clone();
        bad["metadata"]["name"] = json!("x.example.com");
        assert_eq!(validate(&bad).unwrap_err().code, 422);
    }
}
