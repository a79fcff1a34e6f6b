//! Container image references: registry rewriting and collecting every image
//! an object would run (container images, images named in operator environment
//! variables and `--…-image=` arguments).

use crate::object::{Object, ObjectRef};
use serde_json::Value;
use std::collections::BTreeMap;

/// One image and the objects that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    pub image: String,
    /// True when the reference has no tag or digest, or the tag `latest`.
    pub unpinned: bool,
    pub used_by: Vec<ObjectRef>,
    /// A known upstream breakage named by an object that runs the image
    /// (annotation `opendatahub.io/known-issue`).
    pub known_issue: Option<String>,
}

/// Rewrites the registry of an image reference: `quay.io/a/b:1` with registry
/// `mirror.local/x` becomes `mirror.local/x/a/b:1`; a Docker Hub short name
/// (`seldonio/op:1`, `busybox`) keeps its whole path. An empty registry leaves
/// the reference as it is.
pub fn rewrite_registry(reference: &str, registry: &str) -> String {
    let registry = registry.trim_end_matches('/');
    if registry.is_empty() {
        return reference.to_string();
    }
    let path = match reference.split_once('/') {
        Some((first, rest))
            if first.contains('.') || first.contains(':') || first == "localhost" =>
        {
            rest
        }
        _ => reference,
    };
    format!("{registry}/{path}")
}

/// True when the reference is not pinned to a version.
pub fn is_unpinned(reference: &str) -> bool {
    if reference.contains('@') {
        return false;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest" || tag.is_empty(),
        None => true,
    }
}

/// Calls `f` on every image reference inside an object.
fn visit(value: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("image", Value::String(s)) => f(s),
                    ("env", Value::Array(items)) => {
                        for item in items.iter_mut() {
                            visit_env(item, f);
                        }
                    }
                    ("args" | "command", Value::Array(items)) => {
                        for item in items.iter_mut() {
                            visit_arg(item, f);
                        }
                    }
                    (_, child) => visit(child, f),
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                visit(item, f);
            }
        }
        _ => {}
    }
}

fn visit_env(item: &mut Value, f: &mut dyn FnMut(&mut String)) {
    let is_image_var = item
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.to_ascii_uppercase().contains("IMAGE"));
    if let (true, Some(Value::String(v))) = (is_image_var, item.get_mut("value"))
        && looks_like_image(v)
    {
        f(v);
    }
}

fn visit_arg(item: &mut Value, f: &mut dyn FnMut(&mut String)) {
    let Value::String(arg) = item else { return };
    let Some((flag, reference)) = arg.split_once('=') else {
        return;
    };
    if flag.starts_with("--") && flag.ends_with("-image") && looks_like_image(reference) {
        let mut reference = reference.to_string();
        f(&mut reference);
        *arg = format!("{flag}={reference}");
    }
}

fn looks_like_image(text: &str) -> bool {
    !text.is_empty()
        && !text.contains(char::is_whitespace)
        && !text.starts_with('/')
        && !text.contains("://")
        && (text.contains('/') || text.contains(':'))
}

/// The name of an image reference: without its tag or digest.
fn image_name(reference: &str) -> &str {
    let without_digest = reference.split('@').next().unwrap_or(reference);
    match without_digest.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => name,
        _ => without_digest,
    }
}

/// Replaces every image whose name is a key of `names` by its value, whatever
/// its tag (kustomize's `images:`; upstream kustomize bases use placeholders).
pub fn replace_names(value: &mut Value, names: &BTreeMap<String, String>) {
    if names.is_empty() {
        return;
    }
    visit(value, &mut |s| {
        if let Some(pinned) = names.get(image_name(s)) {
            *s = pinned.clone();
        }
    });
}

/// Rewrites every image reference inside an object to the registry.
pub fn rewrite_all(value: &mut Value, registry: &str) {
    if registry.is_empty() {
        return;
    }
    visit(value, &mut |s| *s = rewrite_registry(s, registry));
}

/// Every image the objects would run, sorted by reference.
pub fn collect_images<'a>(objects: impl IntoIterator<Item = &'a Object>) -> Vec<ImageUse> {
    let mut found: BTreeMap<String, (Vec<ObjectRef>, Option<String>)> = BTreeMap::new();
    for object in objects {
        let issue = object
            .annotation(crate::readiness::KNOWN_ISSUE_ANNOTATION)
            .map(str::to_string);
        let mut copy = object.0.clone();
        visit(&mut copy, &mut |s| {
            let (users, known) = found.entry(s.clone()).or_default();
            let r = object.to_ref();
            if !users.contains(&r) {
                users.push(r);
            }
            if known.is_none() {
                known.clone_from(&issue);
            }
        });
    }
    found
        .into_iter()
        .map(|(image, (used_by, known_issue))| ImageUse {
            unpinned: is_unpinned(&image),
            image,
            used_by,
            known_issue,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn registry_rewrite_keeps_the_path() {
        assert_eq!(
            rewrite_registry("quay.io/jupyterhub/k8s-hub:4.4.0", "m.local/x/"),
            "m.local/x/jupyterhub/k8s-hub:4.4.0"
        );
        assert_eq!(
            rewrite_registry("seldonio/op:1.17.1", "m.local"),
            "m.local/seldonio/op:1.17.1"
        );
        assert_eq!(
            rewrite_registry("localhost:5000/a:1", "m.local"),
            "m.local/a:1"
        );
        assert_eq!(rewrite_registry("a/b:1", ""), "a/b:1");
    }

    #[test]
    fn placeholder_names_are_replaced_whatever_their_tag() {
        let mut value = serde_json::json!({"spec": {"containers": [
            {"image": "kserve-sklearnserver:replace"},
            {"image": "localhost:5000/kserve-sklearnserver:1"},
            {"image": "other:1"}
        ]}});
        let names = BTreeMap::from([(
            "kserve-sklearnserver".to_string(),
            "kserve/sklearnserver:v0.20.0".to_string(),
        )]);
        replace_names(&mut value, &names);
        assert_eq!(
            value["spec"]["containers"][0]["image"],
            "kserve/sklearnserver:v0.20.0"
        );
        assert_eq!(
            value["spec"]["containers"][1]["image"],
            "localhost:5000/kserve-sklearnserver:1"
        );
        assert_eq!(value["spec"]["containers"][2]["image"], "other:1");
    }

    #[test]
    fn unpinned_images_are_flagged() {
        assert!(is_unpinned("quay.io/opendatahub/ai-library-flakes-predict"));
        assert!(is_unpinned("quay.io/x/y:latest"));
        assert!(!is_unpinned("localhost:5000/x/y:1"));
        assert!(is_unpinned("localhost:5000/x/y"));
        assert!(!is_unpinned("quay.io/x/y@sha256:abcd"));
    }

    #[test]
    fn images_in_containers_env_and_args_are_found() {
        let obj = Object::new(json!({
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": "op", "namespace": "ns"},
            "spec": {"template": {"spec": {"containers": [{
                "name": "m", "image": "docker.io/seldonio/seldon-core-operator:1.17.1",
                "args": ["--acme-solver-image=quay.io/jetstack/solver:v1", "--port=80"],
                "env": [
                    {"name": "EXECUTOR_CONTAINER_IMAGE_AND_VERSION", "value": "seldonio/seldon-core-executor:1.17.1"},
                    {"name": "IMAGE_PULL_POLICY", "value": "IfNotPresent"},
                    {"name": "OTHER", "value": "x/y:1"}
                ]
            }]}}}
        }));
        let images: Vec<String> = collect_images([&obj])
            .into_iter()
            .map(|i| i.image)
            .collect();
        assert_eq!(
            images,
            [
                "docker.io/seldonio/seldon-core-operator:1.17.1",
                "quay.io/jetstack/solver:v1",
                "seldonio/seldon-core-executor:1.17.1",
            ]
        );
        let mut value = obj.0.clone();
        rewrite_all(&mut value, "m.local");
        let rewritten: Vec<String> = collect_images([&Object::new(value)])
            .into_iter()
            .map(|i| i.image)
            .collect();
        assert_eq!(
            rewritten,
            [
                "m.local/jetstack/solver:v1",
                "m.local/seldonio/seldon-core-executor:1.17.1",
                "m.local/seldonio/seldon-core-operator:1.17.1",
            ]
        );
    }
}
