//! The files of an Argo CD delivery: objects per component with their waves
//! and sync options, the Applications, the parent Application, the health
//! check snippets and the list of Secrets to create by hand.

use super::waves::{component_waves, object_waves};
use super::{Options, SYNC_OPTIONS, SYNC_WAVE, health};
use crate::install::removal::holds_data;
use crate::object::Object;
use crate::plan::{Plan, Stage};
use crate::render::{
    COMPONENT_LABEL, MANAGED_BY_LABEL, PART_OF_LABEL, PROFILE_LABEL, Rendered, generated_keys,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One file to write, by its path inside the output directory.
#[derive(Debug, Clone, PartialEq)]
pub enum File {
    /// YAML documents.
    Yaml { path: String, documents: Vec<Value> },
    /// Plain text.
    Text { path: String, text: String },
}

impl File {
    pub fn path(&self) -> &str {
        match self {
            File::Yaml { path, .. } | File::Text { path, .. } => path,
        }
    }
}

/// The Argo CD delivery of the rendered objects, ordered by their install plan.
///
/// # Errors
/// Components that wait for each other, which Applications cannot order.
pub fn argocd(rendered: &[Rendered], plan: &Plan, options: &Options) -> Result<Vec<File>, String> {
    let app_waves = component_waves(plan).map_err(|cycle| {
        format!(
            "components {} wait for each other, so no order of Argo CD Applications installs them",
            cycle.join(" -> ")
        )
    })?;
    let object_waves = object_waves(plan);
    let stages: BTreeMap<usize, Stage> = plan.steps().map(|s| (s.index, s.stage)).collect();
    let mut by_component: Vec<(String, String, Vec<Value>)> = Vec::new();
    let mut secrets = Vec::new();
    for (index, item) in rendered.iter().enumerate() {
        let keys = generated_keys(&item.object);
        if !keys.is_empty() {
            secrets.push((item.object.clone(), keys));
            continue;
        }
        let mut object = item.object.clone();
        let wave = object_waves.get(&index).copied().unwrap_or(0);
        object.set_annotation(SYNC_WAVE, &wave.to_string());
        if let Some(options) = sync_options(&object, stages.get(&index).copied()) {
            object.set_annotation(SYNC_OPTIONS, &options);
        }
        match by_component
            .iter_mut()
            .find(|(c, _, _)| *c == item.component)
        {
            Some((_, _, objects)) => objects.push(object.0),
            None => {
                by_component.push((item.component.clone(), item.profile.clone(), vec![object.0]))
            }
        }
    }
    let mut files = Vec::new();
    for (component, profile, mut objects) in by_component {
        objects.sort_by_key(wave_of);
        let dir = format!("components/{component}");
        let mut resources = Vec::new();
        for (i, object) in objects.into_iter().enumerate() {
            let name = Object::new(object.clone()).file_name(i, "yaml");
            resources.push(Value::from(name.clone()));
            files.push(File::Yaml {
                path: format!("{dir}/{name}"),
                documents: vec![object],
            });
        }
        files.push(File::Yaml {
            path: format!("{dir}/kustomization.yaml"),
            documents: vec![json!({"apiVersion": "kustomize.config.k8s.io/v1beta1",
                "kind": "Kustomization", "resources": resources})],
        });
        let wave = app_waves.get(&component).copied().unwrap_or(0);
        files.push(File::Yaml {
            path: format!("argocd/applications/{component}.yaml"),
            documents: vec![application(&component, &profile, wave, options)],
        });
    }
    files.push(File::Yaml {
        path: "argocd/root.yaml".into(),
        documents: vec![root(options)],
    });
    files.push(File::Yaml {
        path: "argocd/health/argocd-cm.yaml".into(),
        documents: vec![health::argocd_cm(&options.argocd_namespace)],
    });
    files.push(File::Yaml {
        path: "argocd/health/argocd-operator.yaml".into(),
        documents: vec![health::argocd_operator(
            &options.argocd_namespace,
            &options.argocd_namespace,
        )],
    });
    if !secrets.is_empty() {
        files.push(File::Text {
            path: "secrets.md".into(),
            text: secrets_text(&secrets),
        });
    }
    Ok(files)
}

fn wave_of(object: &Value) -> u64 {
    object["metadata"]["annotations"][SYNC_WAVE]
        .as_str()
        .and_then(|w| w.parse().ok())
        .unwrap_or(0)
}

/// Sync options for one object: custom resources skip the dry run their CRD
/// may not allow yet; what odh keeps without `--purge` is never pruned or
/// deleted by Argo CD.
fn sync_options(object: &Object, stage: Option<Stage>) -> Option<String> {
    let mut options = Vec::new();
    if matches!(stage, Some(Stage::CustomResources | Stage::Certificates)) {
        options.push("SkipDryRunOnMissingResource=true");
    }
    if holds_data(object).is_some() || object.kind() == "CustomResourceDefinition" {
        options.extend(["Prune=false", "Delete=false"]);
    }
    (!options.is_empty()).then(|| options.join(","))
}

fn labels(component: &str, profile: &str) -> Value {
    json!({MANAGED_BY_LABEL: "odh", PART_OF_LABEL: "opendatahub",
        PROFILE_LABEL: profile, COMPONENT_LABEL: component})
}

/// The Application of one component, in the parent's wave `wave`.
fn application(component: &str, profile: &str, wave: usize, options: &Options) -> Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {
            "name": format!("odh-{component}"),
            "namespace": options.argocd_namespace,
            "labels": labels(component, profile),
            "annotations": {SYNC_WAVE: wave.to_string()},
            "finalizers": ["resources-finalizer.argocd.argoproj.io"],
        },
        "spec": {
            "project": "default",
            "source": {
                "repoURL": options.repo_url,
                "targetRevision": options.revision,
                "path": join(&options.repo_path, &format!("components/{component}")),
            },
            "destination": {"server": "https://kubernetes.default.svc", "namespace": options.namespace},
            "syncPolicy": {
                "automated": {"prune": true, "selfHeal": true},
                "syncOptions": ["ServerSideApply=true"],
                "retry": {"limit": 10, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "5m"}},
            },
        },
    })
}

/// The parent Application, applied once by hand: it syncs the component Applications in waves.
fn root(options: &Options) -> Value {
    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Application",
        "metadata": {
            "name": "opendatahub",
            "namespace": options.argocd_namespace,
            "labels": {MANAGED_BY_LABEL: "odh", PART_OF_LABEL: "opendatahub"},
            "finalizers": ["resources-finalizer.argocd.argoproj.io"],
        },
        "spec": {
            "project": "default",
            "source": {
                "repoURL": options.repo_url,
                "targetRevision": options.revision,
                "path": join(&options.repo_path, "argocd/applications"),
            },
            "destination": {"server": "https://kubernetes.default.svc", "namespace": options.argocd_namespace},
            "syncPolicy": {"automated": {"prune": true, "selfHeal": true}},
        },
    })
}

fn join(prefix: &str, path: &str) -> String {
    match prefix.trim_matches('/') {
        "" | "." => path.to_string(),
        prefix => format!("{prefix}/{path}"),
    }
}

/// How to create each Secret whose keys odh generates, never with a value in it.
fn secrets_text(secrets: &[(Object, Vec<String>)]) -> String {
    let mut text = String::from(
        "# Secrets to create in the cluster\n\nodh generates these credentials at install time; they are not written here, so that no\nsecret lands in Git. Create each once, before the first sync (or with your secret manager):\n\n```sh\n",
    );
    for (secret, keys) in secrets {
        let literals: Vec<String> = keys
            .iter()
            .map(|k| format!("--from-literal={k}=\"$(openssl rand -hex 24)\""))
            .collect();
        text.push_str(&format!(
            "kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\nkubectl -n {ns} create secret generic {name} {}\n",
            literals.join(" "),
            ns = secret.namespace().unwrap_or("default"),
            name = secret.name(),
        ));
    }
    text.push_str("```\n");
    text
}
