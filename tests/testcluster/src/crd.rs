//! CustomResourceDefinitions: validation (names, versions, and the schema checks of
//! `crd_schema` and `crd_openapi`), the resources a CRD serves, and its status conditions.

use crate::crd_schema::{Cause, invalid, not_supported, required};
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

fn dns1035(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && b[b.len() - 1] != b'-'
}

/// Where a version's schema is reported: the apiserver hoists identical per-version schemas to
/// `spec.validation` (kubernetes/apiextensions-apiserver@v0.33.13
/// pkg/apis/apiextensions/v1/conversion.go), so single-version CRDs name that path.
fn schema_paths(versions: &[Value]) -> Vec<String> {
    let identical = versions
        .iter()
        .all(|v| v["schema"] == versions[0]["schema"]);
    (0..versions.len())
        .map(|i| {
            if identical {
                "spec.validation.openAPIV3Schema".to_string()
            } else {
                format!("spec.versions[{i}].schema.openAPIV3Schema")
            }
        })
        .collect()
}

/// Every error a real apiserver reports for a CRD (name, group, versions, names, schemas), as
/// `ValidateCustomResourceDefinition` orders them
/// (kubernetes/apiextensions-apiserver@v0.33.13 pkg/apis/apiextensions/validation/validation.go).
pub fn problems(crd: &Value) -> Vec<Cause> {
    let name = meta_str(crd, "name");
    let spec = &crd["spec"];
    let group = spec["group"].as_str().unwrap_or("");
    let names = &spec["names"];
    let plural = names["plural"].as_str().unwrap_or("");
    let mut out = Vec::new();
    if name != format!("{plural}.{group}") {
        out.push(invalid(
            "metadata.name",
            &json!(name),
            "must be spec.names.plural+\".\"+spec.group",
        ));
    }
    if group.is_empty() {
        out.push(required("spec.group", ""));
    } else if !group.contains('.') {
        out.push(invalid(
            "spec.group",
            &json!(group),
            "should be a domain with at least one dot",
        ));
    }
    match spec["scope"].as_str().unwrap_or("") {
        "Cluster" | "Namespaced" => {}
        "" => out.push(required("spec.scope", "")),
        other => out.push(not_supported(
            "spec.scope",
            other,
            &["Cluster", "Namespaced"],
        )),
    }
    let versions = spec["versions"].as_array().cloned().unwrap_or_default();
    let paths = schema_paths(&versions);
    let mut seen = std::collections::BTreeSet::new();
    let mut hoisted_done = false;
    for (i, v) in versions.iter().enumerate() {
        let vname = v["name"].as_str().unwrap_or("");
        if !dns1035(vname) {
            out.push(invalid(
                &format!("spec.versions[{i}].name"),
                &json!(vname),
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            ));
        }
        seen.insert(vname.to_string());
        let schema = &v["schema"]["openAPIV3Schema"];
        if !schema.is_object() {
            out.push(required(
                &format!("spec.versions[{i}].schema.openAPIV3Schema"),
                "schemas are required",
            ));
            continue;
        }
        if paths[i].starts_with("spec.validation") {
            if hoisted_done {
                continue;
            }
            hoisted_done = true;
        }
        out.extend(crate::crd_schema::structural(schema, &paths[i]));
        let mut openapi = Vec::new();
        crate::crd_openapi::check(schema, &paths[i], &mut openapi);
        openapi.sort_by_key(|(_, f, m)| format!("{f}: {m}"));
        out.extend(openapi);
    }
    let version_list = json!(
        versions
            .iter()
            .map(|v| v["name"].clone())
            .collect::<Vec<_>>()
    );
    if seen.len() != versions.len() {
        out.push(invalid(
            "spec.versions",
            &version_list,
            "must contain unique version names",
        ));
    }
    if versions.iter().filter(|v| v["storage"] == true).count() != 1 {
        out.push(invalid(
            "spec.versions",
            &version_list,
            "must have exactly one version marked as storage version",
        ));
    }
    for k in ["plural", "kind"] {
        if names[k].as_str().unwrap_or("").is_empty() {
            out.push(required(&format!("spec.names.{k}"), ""));
        }
    }
    if spec["preserveUnknownFields"] == true {
        out.push(invalid(
            "spec.preserveUnknownFields",
            &json!(true),
            "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead",
        ));
    }
    out
}

/// Rejects a CRD a real apiserver rejects, with its 422.
pub fn validate(crd: &Value) -> Result<(), ApiError> {
    let causes = problems(crd);
    if causes.is_empty() {
        return Ok(());
    }
    Err(ApiError::invalid(
        "CustomResourceDefinition",
        "apiextensions.k8s.io",
        meta_str(crd, "name"),
        &causes,
    ))
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
