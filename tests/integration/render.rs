//! `odh render` and `odh images` across profiles and platforms: snapshots,
//! determinism, labels, credentials, output directory and registry rewriting.

use crate::fixtures::{Mirror, stand_ins, write_lock};
use crate::harness::{Odh, Run, repo_root, tempdir};
use serde_json::Value;

/// Every profile × platform combination the snapshots cover: (name, args).
pub const CASES: &[(&str, &[&str])] = &[
    ("core-kubernetes", &["-p", "core"]),
    ("core-openshift", &["-p", "core", "--platform", "openshift"]),
    ("monitoring-kubernetes", &["-p", "monitoring"]),
    (
        "monitoring-openshift",
        &["-p", "monitoring", "--platform", "openshift"],
    ),
    ("serving-kubernetes", &["-p", "serving"]),
    (
        "serving-kserve-kubernetes",
        &["-p", "serving", "--set", "serving.engine=kserve"],
    ),
    (
        "serving-openshift",
        &["-p", "serving", "--platform", "openshift"],
    ),
    ("ai-library-kubernetes", &["-p", "ai-library"]),
    (
        "ai-library-kserve-kubernetes",
        &["-p", "ai-library", "--set", "serving.engine=kserve"],
    ),
    (
        "ai-library-openshift",
        &["-p", "ai-library", "--platform", "openshift"],
    ),
    ("pipelines-kubernetes", &["-p", "pipelines"]),
    (
        "pipelines-external-s3-kubernetes",
        &[
            "-p",
            "pipelines",
            "--set",
            "s3.endpoint=https://s3.example.com",
            "--set",
            "pipelines.ui=false",
        ],
    ),
    (
        "pipelines-openshift",
        &["-p", "pipelines", "--platform", "openshift"],
    ),
    (
        "pipelines-modelmesh-fast-openshift",
        &[
            "-p",
            "pipelines,serving",
            "--platform",
            "openshift",
            "--set",
            "operator.channel=fast",
            "--set",
            "serving.modelmesh=true",
        ],
    ),
    (
        "ai-library-rook-kubernetes",
        &["-p", "ai-library", "--set", "s3.engine=rook"],
    ),
    (
        "core-rook-pvc-openshift",
        &[
            "-p",
            "core",
            "--platform",
            "openshift",
            "--set",
            "s3.engine=rook",
            "--set",
            "rook.storage=pvc",
            "--set",
            "rook.nodeCount=3",
        ],
    ),
    (
        "all-kubernetes",
        &["-p", "core,monitoring,serving,ai-library"],
    ),
    (
        "all-openshift",
        &[
            "-p",
            "core,monitoring,serving,ai-library",
            "--platform",
            "openshift",
        ],
    ),
];

/// Renders with the stand-in mirror; returns the run.
pub fn render(args: &[&str]) -> Run {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let mirror = Mirror::start(stand_ins());
    Odh::new(cache.path())
        .args(["render"])
        .args(args)
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success()
}

fn documents(yaml: &str) -> Vec<Value> {
    odh::yaml::from_multiple::<Value>(yaml)
        .unwrap()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect()
}

#[test]
fn snapshots_of_every_profile_and_platform() {
    let mut stale = Vec::new();
    for (name, args) in CASES {
        let run = render(args);
        let path = repo_root()
            .join("tests/snapshots/render")
            .join(format!("{name}.yaml"));
        if std::env::var_os("ODH_UPDATE_SNAPSHOTS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &run.stdout).unwrap();
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != run.stdout {
            stale.push(*name);
        }
    }
    assert!(
        stale.is_empty(),
        "render output differs from tests/snapshots/render/ for {stale:?}; review and run with ODH_UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    let args = ["-p", "core,monitoring,serving,ai-library"];
    assert_eq!(render(&args).stdout, render(&args).stdout);
}

#[test]
fn every_object_carries_the_ownership_labels() {
    for (name, args) in CASES {
        for doc in documents(&render(args).stdout) {
            // KServe copies an InferenceService's labels onto its children: odh's go in annotations there.
            let labels = if doc["kind"] == "InferenceService" {
                assert!(doc["metadata"]["labels"]["app.kubernetes.io/managed-by"].is_null());
                &doc["metadata"]["annotations"]
            } else {
                &doc["metadata"]["labels"]
            };
            let id = format!("{name}: {} {}", doc["kind"], doc["metadata"]["name"]);
            assert_eq!(labels["app.kubernetes.io/managed-by"], "odh", "{id}");
            assert_eq!(labels["app.kubernetes.io/part-of"], "opendatahub", "{id}");
            assert!(labels["opendatahub.io/odh-profile"].is_string(), "{id}");
            assert!(labels["opendatahub.io/odh-component"].is_string(), "{id}");
        }
    }
}

#[test]
fn generated_credentials_are_never_printed() {
    let out = render(&["-p", "core,monitoring"]).stdout;
    let secrets: Vec<Value> = documents(&out)
        .into_iter()
        .filter(|d| {
            d["kind"] == "Secret"
                && d["metadata"]["annotations"]["opendatahub.io/odh-generated-keys"].is_string()
        })
        .collect();
    assert!(
        secrets.len() >= 3,
        "S3, JupyterHub and Grafana secrets: {}",
        secrets.len()
    );
    for secret in secrets {
        let keys = secret["metadata"]["annotations"]["opendatahub.io/odh-generated-keys"]
            .as_str()
            .unwrap();
        for key in keys.split(',') {
            assert_eq!(
                secret["stringData"][key.trim()],
                "<generated by odh install>",
                "{}",
                secret["metadata"]["name"]
            );
        }
    }
}

#[test]
fn openshift_datasciencecluster_is_the_union_of_profiles() {
    let find_dsc = |args: &[&str]| {
        documents(&render(args).stdout)
            .into_iter()
            .find(|d| d["kind"] == "DataScienceCluster")
            .expect("a DataScienceCluster")
    };
    let core = find_dsc(&["-p", "core", "--platform", "openshift"]);
    assert_eq!(
        core["spec"]["components"]["kserve"]["managementState"],
        "Removed"
    );
    assert_eq!(
        core["spec"]["components"]["workbenches"]["managementState"],
        "Managed"
    );
    let both = find_dsc(&["-p", "serving", "--platform", "openshift"]);
    assert_eq!(
        both["spec"]["components"]["kserve"]["managementState"],
        "Managed"
    );
    assert_eq!(
        both["spec"]["components"]["dashboard"]["managementState"],
        "Managed"
    );
    let v1 = find_dsc(&[
        "-p",
        "core",
        "--platform",
        "openshift",
        "--set",
        "operator.channel=fast",
    ]);
    assert_eq!(v1["apiVersion"], "datasciencecluster.opendatahub.io/v1");
}

#[test]
fn external_s3_endpoint_drops_the_dev_store() {
    let out = render(&["-p", "core", "--set", "s3.endpoint=https://s3.example.com"]).stdout;
    let docs = documents(&out);
    assert!(
        !docs.iter().any(|d| d["kind"] == "Deployment"
            && d["metadata"]["name"]
                .as_str()
                .unwrap_or("")
                .contains("minio")),
        "no dev store"
    );
    assert!(out.contains("https://s3.example.com"));
}

#[test]
fn output_dir_writes_a_kustomization() {
    let dir = tempdir();
    let out = dir.path().join("gitops");
    let arg = out.display().to_string();
    let run = render(&["-p", "monitoring", "--output-dir", &arg]);
    assert!(run.stdout.is_empty());
    let kustomization: Value =
        odh::yaml::from_str(&std::fs::read_to_string(out.join("kustomization.yaml")).unwrap())
            .unwrap();
    let resources = kustomization["resources"].as_array().unwrap();
    let stdout_docs = documents(&render(&["-p", "monitoring"]).stdout);
    assert_eq!(resources.len(), stdout_docs.len());
    let first = resources[0].as_str().unwrap();
    assert!(first.starts_with("001-"), "{first}");
    let text = std::fs::read_to_string(out.join(first)).unwrap();
    assert_eq!(documents(&text)[0], stdout_docs[0]);
}

#[test]
fn json_output_is_a_list() {
    let run = render(&["-p", "monitoring", "-o", "json"]);
    let list: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(list["kind"], "List");
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        documents(&render(&["-p", "monitoring"]).stdout).len()
    );
}

pub fn images(args: &[&str]) -> Run {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let mirror = Mirror::start(stand_ins());
    Odh::new(cache.path())
        .args(["images", "-o", "json"])
        .args(args)
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
        .success()
}

#[test]
fn images_include_operator_env_images_and_flag_unpinned_ones() {
    let run = images(&["-p", "ai-library"]);
    let list: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    let names: Vec<&str> = list.iter().map(|i| i["image"].as_str().unwrap()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.contains("seldon-core-executor:1.17.1")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.contains("quay.io/jupyterhub/k8s-hub:4.4.0")),
        "{names:?}"
    );
    let unpinned: Vec<&str> = list
        .iter()
        .filter(|i| i["unpinned"] == true)
        .map(|i| i["image"].as_str().unwrap())
        .collect();
    assert!(
        unpinned
            .iter()
            .any(|n| n.contains("ai-library-sentiment-analysis")),
        "{unpinned:?}"
    );
    assert!(
        !unpinned.iter().any(|n| n.contains("k8s-hub")),
        "{unpinned:?}"
    );
    assert!(run.stderr.contains("not pinned"), "{}", run.stderr);
}

#[test]
fn image_registry_rewrites_render_and_images_alike() {
    let set = [
        "-p",
        "serving",
        "--set",
        "serving.engine=kserve",
        "--set",
        "global.imageRegistry=mirror.local:5000/odh",
    ];
    let list: Vec<Value> = serde_json::from_str(&images(&set).stdout).unwrap();
    assert!(!list.is_empty());
    for image in &list {
        let name = image["image"].as_str().unwrap();
        assert!(name.starts_with("mirror.local:5000/odh/"), "{name}");
    }
    let out = render(&set).stdout;
    for line in out.lines().filter(|l| l.trim_start().starts_with("image:")) {
        assert!(line.contains("mirror.local:5000/odh/"), "{line}");
    }
    assert!(
        out.contains("mirror.local:5000/odh/jetstack/cert-manager-controller:v1.21.1"),
        "remote manifests are rewritten too"
    );
}
