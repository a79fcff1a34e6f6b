//! Pinned upstream versions against the facts in `tests/facts/upstream.yaml`:
//! KServe's ClusterServingRuntimes as verified remote files with pinned images,
//! and cert-manager at the newest patch of a supported line.

use crate::render::render;
use crate::rendered::{containers, documents, facts};
use odh::catalog::Catalog;

fn component<'c>(catalog: &'c Catalog, name: &str) -> &'c odh::catalog::Component {
    catalog
        .profiles
        .iter()
        .flat_map(|p| p.components.iter())
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no component {name}"))
}

#[test]
fn kserve_runtimes_are_verified_files_with_pinned_images() {
    let catalog = Catalog::embedded().unwrap();
    let runtimes = component(&catalog, "kserve-runtimes");
    let fact = &facts("upstream.yaml")["kserveRuntimes"];
    assert_eq!(runtimes.sources.len(), 12);
    for source in &runtimes.sources {
        assert!(
            source.url.starts_with(
                "https://raw.githubusercontent.com/kserve/kserve/v0.20.0/config/runtimes/kserve-"
            ),
            "{}",
            source.url
        );
        assert!(
            source.sha256.as_ref().is_some_and(|d| d.len() == 64),
            "{} has a pinned digest",
            source.url
        );
    }
    let placeholders: serde_json::Map<String, serde_json::Value> = runtimes
        .images
        .iter()
        .map(|(k, v)| (k.clone(), v.clone().into()))
        .collect();
    assert_eq!(
        serde_json::Value::Object(placeholders),
        fact["placeholders"],
        "the image map is upstream's kustomization with the release tag"
    );
    let docs = documents(&render(&["-p", "serving", "--set", "serving.engine=kserve"]).stdout);
    let rendered: Vec<_> = docs
        .iter()
        .filter(|d| d["kind"] == "ClusterServingRuntime")
        .collect();
    assert_eq!(rendered.len(), 12, "every runtime is installed");
    for runtime in rendered {
        for c in containers(&runtime["spec"]) {
            let image = c["image"].as_str().unwrap();
            assert!(
                !image.ends_with(":replace") && !image.ends_with(":latest"),
                "{} runs {image}",
                runtime["metadata"]["name"]
            );
        }
    }
    let seldon = documents(&render(&["-p", "serving"]).stdout);
    assert!(!seldon.iter().any(|d| d["kind"] == "ClusterServingRuntime"));
}

#[test]
fn cert_manager_is_the_newest_patch_of_a_supported_line() {
    let catalog = Catalog::embedded().unwrap();
    let fact = &facts("upstream.yaml")["certManager"];
    let version = fact["version"].as_str().unwrap();
    let url = &component(&catalog, "cert-manager").sources[0].url;
    assert_eq!(
        url,
        &format!(
            "https://github.com/cert-manager/cert-manager/releases/download/{version}/cert-manager.yaml"
        )
    );
    let (line, _patch) = version.trim_start_matches('v').rsplit_once('.').unwrap();
    assert!(
        fact["supportedLines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == line),
        "{line} is a supported line"
    );
    assert_eq!(fact["api"], "cert-manager.io/v1");
    let docs = documents(&render(&["-p", "serving", "--set", "serving.engine=kserve"]).stdout);
    for d in docs.iter().filter(|d| {
        d["metadata"]["labels"]["opendatahub.io/odh-component"] == "kserve-certificate"
            && d["kind"] != "Namespace"
    }) {
        assert_eq!(
            d["apiVersion"], fact["api"],
            "KServe's certificates use the API cert-manager serves"
        );
    }
}
