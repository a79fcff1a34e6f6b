//! Rendering: profiles + values + remote file contents -> Kubernetes objects.
//!
//! Pure: templates are embedded, remote files arrive as strings, nothing here
//! touches the network, the disk or a cluster.

mod access;
mod checks;
mod endpoint;
mod images;
mod labels;
mod template;

pub use access::{Credential, EntryPoint, entry_points};
pub use checks::check as check_values;
pub use endpoint::{Endpoint, parse as parse_endpoint};
pub use images::{ImageUse, collect_images, rewrite_registry};
pub use labels::{
    COMPONENT_LABEL, GENERATED_KEYS_ANNOTATION, GENERATED_PLACEHOLDER, KEEP_ANNOTATION,
    MANAGED_BY_LABEL, PART_OF_LABEL, PROFILE_LABEL, apply as apply_labels, generated_keys,
    labels_are_copied, marker, show_generated_placeholders,
};

use crate::catalog::{Catalog, Component, Platform, Profile, Selection, Source};
use crate::object::Object;
use crate::values::Values;
use anyhow::{Context, Result, anyhow, bail};
use include_dir::{Dir, include_dir};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The manifest templates, embedded at build time.
pub static MANIFESTS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/manifests");

/// What to render.
pub struct Request<'a> {
    pub catalog: &'a Catalog,
    pub selection: &'a Selection<'a>,
    pub platform: Platform,
    pub values: &'a Values,
    /// Contents of the remote sources, by URL (see [`required_sources`]).
    pub sources: &'a BTreeMap<String, String>,
}

/// One rendered object and where it came from.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub profile: String,
    pub component: String,
    pub object: Object,
}

/// A component that the values enable on the platform, with its profile.
#[derive(Debug, Clone, Copy)]
pub struct Enabled<'c> {
    pub profile: &'c Profile,
    pub component: &'c Component,
}

/// The components of the selection that are enabled on the platform by the values.
///
/// # Errors
/// When a component's `when` expression does not evaluate (a catalog bug).
pub fn enabled_components<'c>(
    selection: &Selection<'c>,
    platform: Platform,
    values: &Values,
) -> Result<Vec<Enabled<'c>>> {
    let context = values.nested();
    let env = minijinja::Environment::new();
    let mut enabled = Vec::new();
    for profile in &selection.profiles {
        for component in &profile.components {
            if !component.platforms.contains(&platform) {
                continue;
            }
            if let Some(expr) = &component.when {
                let compiled = env.compile_expression(expr).with_context(|| {
                    format!(
                        "`when` of component {} is not an expression",
                        component.name
                    )
                })?;
                let result = compiled
                    .eval(minijinja::Value::from(minijinja::value::Serde(&context)))
                    .with_context(|| {
                        format!("evaluating `when` of component {}", component.name)
                    })?;
                if !result.is_true() {
                    continue;
                }
            }
            enabled.push(Enabled { profile, component });
        }
    }
    Ok(enabled)
}

/// The remote sources the enabled components need, deduplicated, in order.
pub fn required_sources(enabled: &[Enabled<'_>]) -> Vec<Source> {
    let mut seen = BTreeSet::new();
    enabled
        .iter()
        .flat_map(|e| e.component.sources.iter())
        .filter(|s| seen.insert(s.url.clone()))
        .cloned()
        .collect()
}

/// Renders every enabled component into objects, in a stable order: profiles in
/// dependency order, components as declared, remote files first, then templates by
/// file name, documents as written.
///
/// # Errors
/// A template that fails to render or renders invalid YAML (naming the file), a
/// missing remote source, or two objects with the same identity.
pub fn render(request: &Request<'_>) -> Result<Vec<Rendered>> {
    let enabled = enabled_components(request.selection, request.platform, request.values)?;
    let registry = request.values.str("global.imageRegistry").to_string();
    let context = template::context(request, &enabled);
    let env = template::environment(&registry)?;
    let mut out = Vec::new();
    for item in &enabled {
        let (profile, component) = (&item.profile.name, &item.component.name);
        let mut objects = Vec::new();
        for source in &item.component.sources {
            let text = request.sources.get(&source.url).ok_or_else(|| {
                anyhow!(
                    "remote file {} of component {component} was not fetched",
                    source.url
                )
            })?;
            for mut value in
                parse_documents(text).with_context(|| format!("remote file {}", source.url))?
            {
                images::replace_names(&mut value, &item.component.images);
                images::rewrite_all(&mut value, &registry);
                objects.push((format!("remote file {}", source.url), value));
            }
        }
        for dir in &item.component.templates {
            let dir = MANIFESTS
                .get_dir(dir)
                .ok_or_else(|| anyhow!("component {component}: no manifests/{}", dir))?;
            let mut files: Vec<_> = dir
                .files()
                .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
                .collect();
            files.sort_by_key(|f| f.path());
            for file in files {
                let name = file.path().display().to_string();
                let text = env
                    .get_template(&name)
                    .and_then(|t| {
                        t.render(minijinja::Value::from(minijinja::value::Serde(&context)))
                    })
                    .map_err(|e| {
                        anyhow!("template manifests/{name}: {}", template::describe(&e))
                    })?;
                for value in
                    parse_documents(&text).with_context(|| format!("template manifests/{name}"))?
                {
                    objects.push((format!("template manifests/{name}"), value));
                }
            }
        }
        for (origin, value) in objects {
            let mut object = Object::new(value);
            check_shape(&object).with_context(|| origin.clone())?;
            labels::apply(&mut object, profile, component);
            if item.component.keep {
                labels::mark_kept(&mut object);
            }
            out.push(Rendered {
                profile: profile.clone(),
                component: component.clone(),
                object,
            });
        }
    }
    check_unique(&out)?;
    Ok(out)
}

/// Splits multi-document YAML into values, skipping empty documents.
pub(crate) fn parse_documents(text: &str) -> Result<Vec<Value>> {
    let docs: Vec<Value> = crate::yaml::from_multiple(text).map_err(|e| {
        anyhow!(
            "invalid YAML: {}",
            e.to_string().lines().next().unwrap_or("")
        )
    })?;
    Ok(docs.into_iter().filter(|d| !d.is_null()).collect())
}

fn check_shape(object: &Object) -> Result<()> {
    if !object.0.is_object() {
        bail!("a document is not a mapping");
    }
    if object.api_version().is_empty() || object.kind().is_empty() || object.name().is_empty() {
        bail!(
            "an object lacks apiVersion, kind or metadata.name (kind {:?}, name {:?})",
            object.kind(),
            object.name()
        );
    }
    Ok(())
}

fn check_unique(objects: &[Rendered]) -> Result<()> {
    let mut seen = BTreeMap::new();
    for r in objects {
        let o = &r.object;
        let key = (
            o.group().to_string(),
            o.kind().to_string(),
            o.namespace().map(str::to_string),
            o.name().to_string(),
        );
        if let Some(first) = seen.insert(key, r.component.clone()) {
            bail!(
                "{} is rendered twice, by components {first} and {}",
                o.to_ref(),
                r.component
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
