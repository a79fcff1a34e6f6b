//! `odh render --output-dir DIR --gitops argocd`: the Applications' waves
//! and each object's wave follow odh's install plan, custom resources skip
//! the dry run, every file parses and carries odh's labels, no credential is
//! written, and a later render replaces only what odh wrote.

use crate::fixtures::{Mirror, stand_ins, write_lock};
use crate::harness::{Odh, Run, tempdir};
use crate::render::render;
use crate::rendered::{documents, facts};
use odh::catalog::Catalog;
use odh::object::Object;
use odh::plan::Stage;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub const PROFILES: &[&str] = &[
    "-p",
    "core,monitoring,serving,ai-library",
    "--set",
    "s3.engine=rook",
];

pub fn render_gitops(dir: &Path, args: &[&str], extra: &[&str]) -> Run {
    let cache = tempdir();
    let work = tempdir();
    let lock = write_lock(work.path());
    let mirror = Mirror::start(stand_ins());
    Odh::new(cache.path())
        .args(["render", "--output-dir"])
        .args([dir.as_os_str()])
        .args(["--gitops", "argocd"])
        .args(extra)
        .args(args)
        .env("ODH_SOURCE_MIRROR", &mirror.url)
        .env("ODH_SOURCE_LOCK", &lock)
        .run()
}

fn yaml(path: &Path) -> Vec<Value> {
    documents(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

fn key(doc: &Value) -> (String, String, String) {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    (
        s(&doc["kind"]),
        s(&doc["metadata"]["namespace"]),
        s(&doc["metadata"]["name"]),
    )
}

/// The plan odh's install would follow for the same render.
fn plan_of(args: &[&str]) -> (Vec<Object>, odh::plan::Plan) {
    let objects: Vec<Object> = documents(&render(args).stdout)
        .into_iter()
        .map(Object::new)
        .collect();
    let catalog = Catalog::embedded().unwrap();
    let requires: Vec<(String, Vec<String>)> = catalog
        .profiles
        .iter()
        .flat_map(|p| p.components.iter())
        .map(|c| (c.name.clone(), c.requires.clone()))
        .collect();
    let plan = odh::plan::install(&objects, &requires).unwrap();
    (objects, plan)
}

fn wave(doc: &Value) -> usize {
    doc["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"]
        .as_str()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("{:?} has a sync-wave", key(doc)))
}

#[test]
fn applications_and_objects_follow_the_install_plan() {
    let out = tempdir();
    let dir = out.path().join("odh");
    render_gitops(
        &dir,
        PROFILES,
        &[
            "--repo-url",
            "https://git.example.com/platform.git",
            "--repo-path",
            "clusters/dev/odh",
        ],
    )
    .success();
    let (objects, plan) = plan_of(PROFILES);
    let argo = &facts("rook.yaml")["argocd"];
    let skip = argo["skipDryRun"].as_str().unwrap();
    // Applications: one per component directory, each pointing at it.
    let mut app_wave: BTreeMap<String, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("argocd/applications")).unwrap() {
        let app = &yaml(&entry.unwrap().path())[0];
        assert_eq!(app["kind"], "Application");
        let component = app["metadata"]["labels"]["opendatahub.io/odh-component"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            app["spec"]["source"]["path"],
            format!("clusters/dev/odh/components/{component}")
        );
        assert_eq!(
            app["spec"]["source"]["repoURL"],
            "https://git.example.com/platform.git"
        );
        assert!(
            app["spec"]["syncPolicy"]["syncOptions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| *o == argo["serverSideApply"])
        );
        assert!(
            dir.join("components").join(&component).is_dir(),
            "{component}"
        );
        app_wave.insert(component, wave(app));
    }
    // Objects: the same set as the plan (less generated Secrets), each in the plan's wave.
    let mut written: BTreeMap<(String, String, String), Value> = BTreeMap::new();
    for component in app_wave.keys() {
        let cdir = dir.join("components").join(component);
        let kustomization = &yaml(&cdir.join("kustomization.yaml"))[0];
        let listed = kustomization["resources"].as_array().unwrap();
        assert_eq!(
            listed.len() + 1,
            std::fs::read_dir(&cdir).unwrap().count(),
            "{component}: every file is listed"
        );
        for file in listed {
            let docs = yaml(&cdir.join(file.as_str().unwrap()));
            assert_eq!(docs.len(), 1);
            let doc = docs.into_iter().next().unwrap();
            let markers = if doc["kind"] == "InferenceService" {
                &doc["metadata"]["annotations"]
            } else {
                &doc["metadata"]["labels"]
            };
            assert_eq!(
                markers["app.kubernetes.io/managed-by"],
                "odh",
                "{:?}",
                key(&doc)
            );
            assert_eq!(markers["app.kubernetes.io/part-of"], "opendatahub");
            assert_eq!(markers["opendatahub.io/odh-component"], component.as_str());
            written.insert(key(&doc), doc);
        }
    }
    let mut checked = 0;
    for (number, plan_wave) in plan.waves.iter().enumerate() {
        for step in &plan_wave.steps {
            let object = &objects[step.index];
            let generated = object
                .annotation("opendatahub.io/odh-generated-keys")
                .is_some();
            let found = written.get(&key(&object.0));
            assert_eq!(
                found.is_none(),
                generated,
                "{}: written unless its keys are generated",
                step.target
            );
            let Some(doc) = found else { continue };
            assert_eq!(wave(doc), number, "{}: the plan's wave", step.target);
            let options = doc["metadata"]["annotations"]["argocd.argoproj.io/sync-options"]
                .as_str()
                .unwrap_or("");
            if step.stage == Stage::CustomResources {
                assert!(options.contains(skip), "{}: {options}", step.target);
            }
            for before in &step.after {
                let other = plan.steps().find(|s| s.index == *before).unwrap();
                if other.component != step.component {
                    assert!(
                        app_wave[&other.component] < app_wave[&step.component],
                        "{} ({}) waits for {} ({})",
                        step.target,
                        step.component,
                        other.target,
                        other.component
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked} objects checked");
    assert!(
        app_wave["rook-operator"] < app_wave["rook-ceph"] && app_wave["rook-ceph"] < app_wave["s3"]
    );
    let claim = &written[&(
        "ObjectBucketClaim".into(),
        "opendatahub".into(),
        "s3-credentials".into(),
    )];
    assert_eq!(
        claim["metadata"]["annotations"]["argocd.argoproj.io/sync-options"],
        format!("{skip},Prune=false,Delete=false")
    );
    // The health checks: odh's kinds Argo CD lacks, and none of its built-in ones but the CephCluster.
    let cm = &yaml(&dir.join("argocd/health/argocd-cm.yaml"))[0];
    let data = cm["data"].as_object().unwrap();
    for kind in argo["noBuiltInHealth"]
        .as_array()
        .unwrap()
        .iter()
        .chain(argo["overridden"].as_array().unwrap())
    {
        let (group, kind) = kind.as_str().unwrap().split_once('/').unwrap();
        assert!(
            data.contains_key(&format!(
                "{}{group}_{kind}",
                argo["healthKeyPrefix"].as_str().unwrap()
            )),
            "{kind}"
        );
    }
    assert_eq!(
        data.len(),
        argo["noBuiltInHealth"].as_array().unwrap().len()
            + argo["overridden"].as_array().unwrap().len()
    );
    let root = &yaml(&dir.join("argocd/root.yaml"))[0];
    assert_eq!(
        root["spec"]["source"]["path"],
        "clusters/dev/odh/argocd/applications"
    );
}

#[test]
fn no_credential_is_written_and_secrets_md_says_how_to_make_them() {
    let out = tempdir();
    let dir = out.path().join("odh");
    let args = ["-p", "core,monitoring"];
    render_gitops(
        &dir,
        &args,
        &[
            "--repo-url",
            "https://git.example.com/p.git",
            "--repo-path",
            "odh",
        ],
    )
    .success();
    let mut texts = String::new();
    for entry in walk(&dir) {
        texts.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    assert!(!texts.contains("<generated by odh install>"));
    let secrets = std::fs::read_to_string(dir.join("secrets.md")).unwrap();
    for name in ["s3-credentials", "grafana-admin", "hub"] {
        assert!(
            secrets.contains(&format!(" create secret generic {name} ")),
            "{name}: {secrets}"
        );
    }
}

#[test]
fn a_second_render_replaces_only_what_odh_wrote() {
    let out = tempdir();
    let dir = out.path().join("odh");
    let flags = [
        "--repo-url",
        "https://git.example.com/p.git",
        "--repo-path",
        "odh",
    ];
    render_gitops(&dir, &["-p", "core,monitoring"], &flags).success();
    assert!(dir.join("argocd/applications/prometheus.yaml").is_file());
    std::fs::write(dir.join("components/notes.txt"), "mine").unwrap();
    render_gitops(&dir, &["-p", "core"], &flags).success();
    assert!(!dir.join("argocd/applications/prometheus.yaml").exists());
    assert!(
        !dir.join("components/prometheus/kustomization.yaml")
            .exists()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("components/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn gitops_needs_a_repository_and_a_path_inside_it() {
    let out = tempdir();
    let dir = out.path().join("odh");
    let run = render_gitops(&dir, &["-p", "core"], &[]).expect_code(2);
    assert!(
        run.stderr.contains("--gitops argocd needs --repo-url URL"),
        "{}",
        run.stderr
    );
    let run = render_gitops(
        &dir,
        &["-p", "core"],
        &["--repo-url", "https://git.example.com/p.git"],
    )
    .expect_code(2);
    assert!(
        run.stderr.contains("is absolute: pass --repo-path"),
        "{}",
        run.stderr
    );
    assert!(!dir.exists(), "nothing was written");
}

pub fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
