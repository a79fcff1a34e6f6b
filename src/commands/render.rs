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
    let prepared = prepare(&cmd.selection, platform, &cmd.sources, terminal).await?;
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

/// A file name for an object: `NNN-kind-namespace-name.yaml`, lower case.
fn file_name(index: usize, object: &Object, ext: &str) -> String {
    let mut parts = vec![object.kind().to_ascii_lowercase()];
    if let Some(ns) = object.namespace() {
        parts.push(ns.to_string());
    }
    parts.push(object.name().to_string());
    let stem: String = parts
        .join("-")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{:03}-{stem}.{ext}", index + 1)
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
        let name = file_name(i, object, ext);
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
