//! `odh render`: print the rendered objects, or write them as a kustomization.

use super::prepare::{offline_platform, prepare};
use crate::cli::{OutputFormat, RenderCmd};
use crate::error::Exit;
use crate::object::Object;
use crate::render::show_generated_placeholders;
use crate::report::{self, Terminal};
use crate::sources::write_atomic;
use anyhow::{Context, Result};
use serde_json::{Value, json};
use std::path::Path;

pub async fn run(cmd: RenderCmd, output: OutputFormat, terminal: Terminal) -> Result<Exit> {
    let platform = offline_platform(cmd.platform)?;
    let gitops_options = match (&cmd.gitops.gitops, &cmd.output_dir) {
        (Some(_), Some(dir)) => Some(gitops_options(&cmd.gitops, dir, platform)?),
        _ => None,
    };
    let prepared = prepare(&cmd.selection, platform, &cmd.sources, terminal).await?;
    if let (Some(mut options), Some(dir)) = (gitops_options, &cmd.output_dir) {
        options.namespace = prepared.values.str("namespace").to_string();
        let written = super::gitops::write(&prepared, platform, &options, dir)?;
        terminal.note(format!(
            "wrote {written} files for Argo CD to {}; commit them, then `kubectl apply -f {}`",
            dir.display(),
            dir.join("argocd/root.yaml").display()
        ));
        return Ok(Exit::Success);
    }
    let objects: Vec<Object> = prepared
        .objects
        .into_iter()
        .map(|r| {
            let mut o = r.object;
            show_generated_placeholders(&mut o);
            o
        })
        .collect();
    match &cmd.output_dir {
        Some(dir) => {
            write_dir(dir, &objects, output)?;
            terminal.note(format!(
                "wrote {} objects and kustomization.yaml to {}",
                objects.len(),
                dir.display()
            ));
        }
        None => report::print_stdout(&format_objects(&objects, output)?)?,
    }
    Ok(Exit::Success)
}

/// The GitOps options from the command line, before anything is rendered.
fn gitops_options(
    args: &crate::cli::GitopsArgs,
    dir: &Path,
    platform: crate::catalog::Platform,
) -> Result<crate::gitops::Options> {
    let repo_url = args.repo_url.clone().ok_or_else(|| {
        crate::error::usage(
            "--gitops argocd needs --repo-url URL: the Git repository Argo CD reads the output directory from",
        )
    })?;
    let repo_path = match &args.repo_path {
        Some(path) => path.trim_matches('/').to_string(),
        None if dir.is_relative() => dir
            .components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
        None => {
            return Err(crate::error::usage(format!(
                "--output-dir {} is absolute: pass --repo-path with its path inside the repository",
                dir.display()
            )));
        }
    };
    let argocd_namespace = args.argocd_namespace.clone().unwrap_or_else(|| {
        match platform {
            crate::catalog::Platform::Openshift => "openshift-gitops",
            crate::catalog::Platform::Kubernetes => "argocd",
        }
        .to_string()
    });
    Ok(crate::gitops::Options {
        repo_url,
        revision: args.revision.clone(),
        repo_path,
        argocd_namespace,
        namespace: String::new(),
    })
}

/// Objects as a YAML stream, or as a JSON `List`.
pub fn format_objects(objects: &[Object], output: OutputFormat) -> Result<String> {
    match output {
        OutputFormat::Json => {
            let items: Vec<&Value> = objects.iter().map(|o| &o.0).collect();
            Ok(report::to_json(
                &json!({"apiVersion": "v1", "kind": "List", "items": items}),
            ))
        }
        OutputFormat::Text | OutputFormat::Yaml => {
            report::to_yaml_stream(objects.iter().map(|o| &o.0))
        }
    }
}

fn write_dir(dir: &Path, objects: &[Object], output: OutputFormat) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let ext = if output == OutputFormat::Json {
        "json"
    } else {
        "yaml"
    };
    let mut resources = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        let name = object.file_name(i, ext);
        let text = if ext == "json" {
            report::to_json(&object.0)
        } else {
            report::to_yaml_stream([&object.0])?
        };
        write_atomic(&dir.join(&name), text.as_bytes())?;
        resources.push(Value::from(name));
    }
    let kustomization = json!({
        "apiVersion": "kustomize.config.k8s.io/v1beta1",
        "kind": "Kustomization",
        "resources": resources,
    });
    write_atomic(
        &dir.join("kustomization.yaml"),
        report::to_yaml_stream([&kustomization])?.as_bytes(),
    )
}
