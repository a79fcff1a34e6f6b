//! A user's own manifests under odh's lifecycle (`--include DIR`): parsed,
//! checked, placed in odh's namespace when they name none, and marked as the
//! component `include` of the profile `include`, which comes after every
//! component odh renders (applied last, deleted first).

use crate::object::Object;
use crate::plan::Stage;
use crate::render::{self, Rendered};
use anyhow::{Result, anyhow, bail};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The profile and component every included object belongs to.
pub const INCLUDE: &str = "include";

/// The file names read from an include directory, in this order.
pub fn is_manifest(name: &str) -> bool {
    [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

/// One file of an include directory: where it is and its text.
pub struct File {
    pub origin: String,
    pub text: String,
}

/// The included objects, marked and placed, after checking that none is one
/// of `rendered` (odh's own) or given twice.
///
/// A document without `metadata.namespace` goes to `namespace` unless its
/// kind is cluster-scoped: a built-in cluster-scoped kind, or a kind whose
/// CustomResourceDefinition (rendered or included) says `scope: Cluster`.
///
/// # Errors
/// The file and document that is not an object, lacks apiVersion, kind or
/// metadata.name, uses generateName, or repeats an object.
pub fn objects(files: &[File], namespace: &str, rendered: &[Rendered]) -> Result<Vec<Rendered>> {
    let mut parsed = Vec::new();
    for file in files {
        for value in documents(&file.text).map_err(|e| anyhow!("{}: {e}", file.origin))? {
            parsed.push((file.origin.clone(), value));
        }
    }
    let cluster_kinds = cluster_scoped_custom_kinds(
        rendered
            .iter()
            .map(|r| &r.object.0)
            .chain(parsed.iter().map(|(_, v)| v)),
    );
    let mut seen: BTreeMap<(String, String, Option<String>, String), String> = rendered
        .iter()
        .map(|r| (key(&r.object), format!("odh's component {}", r.component)))
        .collect();
    let mut out = Vec::new();
    for (origin, value) in parsed {
        let mut object = Object::new(value);
        check(&object).map_err(|e| anyhow!("{origin}: {e}"))?;
        if object.namespace().is_none()
            && !is_cluster_scoped(object.group(), object.kind(), &cluster_kinds)
        {
            object.0["metadata"]["namespace"] = Value::String(namespace.to_string());
        }
        if let Some(first) = seen.insert(key(&object), origin.clone()) {
            bail!(
                "{origin}: {} is already {first}; give each object once, and leave odh's own objects to its values",
                describe(&object)
            );
        }
        render::apply_labels(&mut object, INCLUDE, INCLUDE);
        out.push(Rendered {
            profile: INCLUDE.into(),
            component: INCLUDE.into(),
            object,
        });
    }
    Ok(out)
}

/// What the include component requires: every component odh renders, so
/// that users' objects find their CRDs and controllers ready.
pub fn requires(rendered: &[Rendered]) -> (String, Vec<String>) {
    let components: BTreeSet<String> = rendered
        .iter()
        .filter(|r| r.component != INCLUDE)
        .map(|r| r.component.clone())
        .collect();
    (INCLUDE.into(), components.into_iter().collect())
}

fn documents(text: &str) -> Result<Vec<Value>> {
    let docs = render::parse_documents(text)?;
    let mut out = Vec::new();
    for doc in docs {
        // A `kind: List` (what `kubectl get -o yaml` writes) holds its objects in `items`.
        if doc["kind"] == "List" && doc["items"].is_array() {
            out.extend(doc["items"].as_array().into_iter().flatten().cloned());
        } else {
            out.push(doc);
        }
    }
    Ok(out)
}

fn check(object: &Object) -> Result<()> {
    if !object.0.is_object() {
        bail!("a document is not a mapping; each document must be one Kubernetes object");
    }
    if object.name().is_empty() && object.0["metadata"]["generateName"].is_string() {
        bail!(
            "{} uses metadata.generateName; odh tracks objects by name, so give metadata.name",
            object.kind()
        );
    }
    if object.api_version().is_empty() || object.kind().is_empty() || object.name().is_empty() {
        bail!(
            "an object lacks apiVersion, kind or metadata.name (kind {:?}, name {:?}); every object needs all three",
            object.kind(),
            object.name()
        );
    }
    Ok(())
}

fn key(object: &Object) -> (String, String, Option<String>, String) {
    (
        object.group().to_string(),
        object.kind().to_string(),
        object.namespace().map(str::to_string),
        object.name().to_string(),
    )
}

fn describe(object: &Object) -> String {
    match object.namespace() {
        Some(ns) => format!("{} {ns}/{}", object.kind(), object.name()),
        None => format!("{} {}", object.kind(), object.name()),
    }
}

/// (group, kind) of every cluster-scoped kind the CRDs among `values` define.
fn cluster_scoped_custom_kinds<'a>(
    values: impl Iterator<Item = &'a Value>,
) -> BTreeSet<(String, String)> {
    values
        .filter(|v| v["kind"] == "CustomResourceDefinition" && v["spec"]["scope"] == "Cluster")
        .filter_map(|v| {
            let group = v["spec"]["group"].as_str()?;
            let kind = v["spec"]["names"]["kind"].as_str()?;
            Some((group.to_string(), kind.to_string()))
        })
        .collect()
}

fn is_cluster_scoped(group: &str, kind: &str, custom: &BTreeSet<(String, String)>) -> bool {
    if custom.contains(&(group.to_string(), kind.to_string())) {
        return true;
    }
    if group == "cert-manager.io" {
        return kind == "ClusterIssuer";
    }
    let api_version = if group.is_empty() {
        "v1".to_string()
    } else {
        format!("{group}/v1")
    };
    match Stage::of_kind(&api_version, kind) {
        Stage::Namespaces | Stage::Crds | Stage::ClusterRbac | Stage::Webhooks => true,
        Stage::Config => matches!(kind, "Node" | "ClusterVersion" | "Project"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn file(origin: &str, text: &str) -> File {
        File {
            origin: origin.into(),
            text: text.into(),
        }
    }

    fn odh_object() -> Rendered {
        let mut object = Object::new(json!({
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": {"name": "s3-config", "namespace": "odh"}
        }));
        render::apply_labels(&mut object, "core", "s3");
        Rendered {
            profile: "core".into(),
            component: "s3".into(),
            object,
        }
    }

    #[test]
    fn namespaced_objects_without_a_namespace_go_to_odh_s() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: mine}\n---\n\
                    apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n---\n\
                    apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: team}\n";
        let out = objects(&[file("a.yaml", text)], "odh", &[]).unwrap();
        let places: Vec<(Option<&str>, &str)> = out
            .iter()
            .map(|r| (r.object.namespace(), r.object.name()))
            .collect();
        assert_eq!(
            places,
            [
                (Some("odh"), "mine"),
                (None, "reader"),
                (Some("team"), "api")
            ]
        );
        assert!(out.iter().all(|r| r.component == INCLUDE));
        assert_eq!(
            out[0].object.label(render::COMPONENT_LABEL),
            Some(INCLUDE),
            "marked as odh's"
        );
    }

    #[test]
    fn a_cluster_scoped_custom_kind_is_told_by_its_crd() {
        let text = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n\
                    metadata: {name: widgets.example.com}\n\
                    spec: {group: example.com, scope: Cluster, names: {kind: Widget}}\n---\n\
                    apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n\
                    apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g}\n";
        let out = objects(&[file("crd.yaml", text)], "odh", &[]).unwrap();
        assert_eq!(out[1].object.namespace(), None);
        assert_eq!(out[2].object.namespace(), Some("odh"));
    }

    #[test]
    fn lists_are_flattened() {
        let text = "apiVersion: v1\nkind: List\nitems:\n\
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n\
                    - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n";
        let out = objects(&[file("list.yaml", text)], "odh", &[]).unwrap();
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn odh_s_own_objects_and_repeats_are_refused_naming_the_file() {
        let own = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s3-config}\n";
        let err = objects(&[file("dir/own.yaml", own)], "odh", &[odh_object()]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "dir/own.yaml: ConfigMap odh/s3-config is already odh's component s3; give each object once, and leave odh's own objects to its values"
        );
        let one = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: odh}\n";
        let err = objects(&[file("a.yaml", one), file("b.yaml", one)], "odh", &[]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("b.yaml: ConfigMap odh/x is already a.yaml")
        );
    }

    #[test]
    fn documents_that_are_not_objects_are_refused() {
        for (text, says) in [
            ("- a\n- b\n", "not a mapping"),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
                "lacks apiVersion, kind or metadata.name",
            ),
            (
                "apiVersion: v1\nkind: Pod\nmetadata: {generateName: p-}\n",
                "generateName",
            ),
            ("a: [\n", "invalid YAML"),
        ] {
            let err = objects(&[file("f.yaml", text)], "odh", &[]).unwrap_err();
            assert!(err.to_string().starts_with("f.yaml: "), "{err}");
            assert!(err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn the_include_component_requires_every_rendered_one() {
        assert_eq!(
            requires(&[odh_object()]),
            ("include".to_string(), vec!["s3".to_string()])
        );
    }

    #[test]
    fn manifest_names() {
        assert!(is_manifest("a.yaml") && is_manifest("b.yml") && is_manifest("c.json"));
        assert!(!is_manifest("README.md") && !is_manifest("x.yaml.orig"));
    }
}
