//! `odh render --output-dir DIR --gitops argocd`: plan the rendered objects
//! as `install` would, and write the Argo CD delivery (`crate::gitops`).

use super::prepare::Prepared;
use crate::catalog::Platform;
use crate::gitops::{self, File, Options};
use crate::render::MANAGED_BY_LABEL;
use crate::report;
use crate::sources::write_atomic;
use anyhow::{Context, Result, anyhow};
use std::collections::BTreeSet;
use std::path::Path;

/// Writes the files; returns how many. Files odh wrote earlier under
/// `components/` and `argocd/applications/` that this render no longer has
/// are removed (only those: a file without odh's label is never touched).
///
/// # Errors
/// Components that cannot be ordered, a plan error, or a file that cannot be written.
pub fn write(
    prepared: &Prepared,
    platform: Platform,
    options: &Options,
    dir: &Path,
) -> Result<usize> {
    let selection = prepared.catalog.select(&prepared.profiles)?;
    let requires: Vec<(String, Vec<String>)> =
        crate::render::enabled_components(&selection, platform, &prepared.values)?
            .iter()
            .map(|e| (e.component.name.clone(), e.component.requires.clone()))
            .collect();
    let objects: Vec<_> = prepared.objects.iter().map(|r| r.object.clone()).collect();
    let plan = crate::plan::install(&objects, &requires).context("planning the install order")?;
    let files = gitops::argocd(&prepared.objects, &plan, options).map_err(|e| anyhow!(e))?;
    let paths: BTreeSet<String> = files.iter().map(|f| f.path().to_string()).collect();
    for sub in ["components", "argocd/applications"] {
        remove_stale(&dir.join(sub), dir, &paths)?;
    }
    for file in &files {
        let path = dir.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let text = match file {
            File::Yaml { documents, .. } => report::to_yaml_stream(documents.iter())?,
            File::Text { text, .. } => text.clone(),
        };
        write_atomic(&path, text.as_bytes())?;
    }
    Ok(files.len())
}

fn remove_stale(root: &Path, dir: &Path, keep: &BTreeSet<String>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_stale(&path, dir, keep)?;
            continue;
        }
        let relative = path
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if keep.contains(&relative) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let ours = text.contains(&format!("{MANAGED_BY_LABEL}: odh"))
            || (path.file_name().is_some_and(|n| n == "kustomization.yaml")
                && text.contains("kind: Kustomization"));
        if ours {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }
    Ok(())
}
