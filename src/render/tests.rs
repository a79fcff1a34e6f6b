//! Render tests on small in-memory catalogs (remote sources only, no templates).

use super::*;
use crate::catalog::{Component, ParamType, Parameter, Profile};
use serde_json::json;

fn catalog() -> Catalog {
    let source = Source {
        url: "https://example.test/crd.yaml".into(),
        sha256: None,
    };
    Catalog::from_parts(
        vec![Parameter {
            key: "global.imageRegistry".into(),
            type_: ParamType::String,
            default: json!(""),
            description: "registry".into(),
            values: vec![],
            rule: None,
            minimum: None,
            secret: None,
        }],
        vec![Profile {
            name: "p".into(),
            description: "test".into(),
            requires: vec![],
            platforms: vec![Platform::Kubernetes],
            parameters: vec![Parameter {
                key: "x.enabled".into(),
                type_: ParamType::Bool,
                default: json!(true),
                description: "switch".into(),
                values: vec![],
                rule: None,
                minimum: None,
                secret: None,
            }],
            components: vec![Component {
                name: "c".into(),
                description: "c".into(),
                platforms: vec![Platform::Kubernetes],
                when: Some("x.enabled".into()),
                requires: vec![],
                templates: vec![],
                sources: vec![source],
                kubernetes: None,
                images: BTreeMap::from([(
                    "quay.io/x/y".to_string(),
                    "quay.io/pinned/y:2".to_string(),
                )]),
                keep: false,
            }],
            checks: vec![],
        }],
    )
    .unwrap()
}

const REMOTE: &str = "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: n\n  labels:\n    own: \"yes\"\n  annotations:\n    opendatahub.io/odh-generated-keys: \"a, b\"\nstringData:\n  a: \"\"\n---\n# empty\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: n\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: quay.io/x/y:1\n";

fn render_with(sets: &[&str], text: &str) -> Result<Vec<Rendered>> {
    let catalog = catalog();
    let selection = catalog.select(&["p".into()]).unwrap();
    let mut values = Values::defaults(&catalog, &selection);
    for s in sets {
        values.apply_set(s).unwrap();
    }
    let sources = BTreeMap::from([(
        "https://example.test/crd.yaml".to_string(),
        text.to_string(),
    )]);
    render(&Request {
        catalog: &catalog,
        selection: &selection,
        platform: Platform::Kubernetes,
        values: &values,
        sources: &sources,
    })
}

#[test]
fn remote_objects_get_labels_and_registry_rewrite() {
    let out = render_with(&["global.imageRegistry=m.local"], REMOTE).unwrap();
    assert_eq!(out.len(), 2);
    let secret = &out[0].object;
    assert_eq!(secret.label("own"), Some("yes"));
    assert_eq!(secret.label(MANAGED_BY_LABEL), Some("odh"));
    assert_eq!(secret.label(PROFILE_LABEL), Some("p"));
    assert_eq!(secret.label(COMPONENT_LABEL), Some("c"));
    assert_eq!(
        out[1]
            .object
            .str_at("/spec/template/spec/containers/0/image"),
        Some("m.local/pinned/y:2"),
        "the component's image map applies first, then the registry"
    );
}

#[test]
fn generated_keys_show_placeholders_only() {
    let out = render_with(&[], REMOTE).unwrap();
    let mut secret = out[0].object.clone();
    assert_eq!(generated_keys(&secret), ["a", "b"]);
    show_generated_placeholders(&mut secret);
    assert_eq!(secret.str_at("/stringData/a"), Some(GENERATED_PLACEHOLDER));
    assert_eq!(secret.str_at("/stringData/b"), Some(GENERATED_PLACEHOLDER));
}

#[test]
fn when_false_disables_the_component() {
    let out = render_with(&["x.enabled=false"], REMOTE).unwrap();
    assert!(out.is_empty());
}

#[test]
fn duplicates_and_shapeless_documents_are_errors() {
    let twice = format!(
        "{REMOTE}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: n\n"
    );
    let err = render_with(&[], &twice).unwrap_err().to_string();
    assert!(
        err.contains("Deployment/d (apps/v1) in n is rendered twice"),
        "{err}"
    );
    let err = render_with(&[], "kind: X\n").unwrap_err();
    assert!(format!("{err:#}").contains("lacks apiVersion"), "{err:#}");
}

#[test]
fn output_is_deterministic() {
    let a: Vec<_> = render_with(&[], REMOTE)
        .unwrap()
        .into_iter()
        .map(|r| r.object)
        .collect();
    let b: Vec<_> = render_with(&[], REMOTE)
        .unwrap()
        .into_iter()
        .map(|r| r.object)
        .collect();
    assert_eq!(a, b);
}
