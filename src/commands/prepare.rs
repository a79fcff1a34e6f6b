//! The steps every rendering command shares: profiles, values, remote files, render.

use crate::catalog::{Catalog, Platform};
use crate::cli::{SelectionArgs, SourceArgs};
use crate::error::usage;
use crate::render::{self, Rendered};
use crate::report::{FetchProgress, Terminal};
use crate::sources;
use crate::values::Values;
use anyhow::Result;
use serde_json::Value;
use std::collections::BTreeMap;

/// A rendered selection, ready to print or apply.
pub struct Prepared {
    pub catalog: Catalog,
    pub profiles: Vec<String>,
    pub platform: Platform,
    pub values: Values,
    pub objects: Vec<Rendered>,
    /// The `--include` paths whose objects are among `objects` (absolute).
    pub includes: Vec<String>,
    /// Each remote file and where it came from (`bundle`, `cache`, `network`).
    pub fetched: Vec<(String, String)>,
}

/// The source options from the command line.
pub fn source_options(args: &SourceArgs) -> sources::Options {
    sources::Options {
        offline: args.offline,
        bundle: args.bundle.clone(),
        mirror: args.source_mirror.clone().filter(|m| !m.is_empty()),
        lock_override: args.source_lock.clone(),
        cache_dir: args
            .cache_dir
            .clone()
            .unwrap_or_else(sources::default_cache_dir),
    }
}

/// Reads values files, in order; reading errors are usage errors naming the file.
fn read_values(values: &mut Values, args: &SelectionArgs) -> Result<()> {
    for path in &args.values_files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| usage(format!("cannot read values file {name}: {}", io_reason(&e))))?;
        values.apply_file(&name, &text)?;
    }
    for set in &args.set {
        values.apply_set(set)?;
    }
    crate::combinations::check(values)
}

fn io_reason(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text".into(),
        _ => err.to_string(),
    }
}

/// Selects profiles, layers values, fetches remote files and renders.
///
/// # Errors
/// Usage errors for bad profiles, platforms or values (before anything is
/// fetched), fetch and render failures.
pub async fn prepare(
    selection_args: &SelectionArgs,
    platform: Platform,
    source_args: &SourceArgs,
    terminal: Terminal,
) -> Result<Prepared> {
    prepare_over(selection_args, platform, source_args, terminal, None).await
}

/// The requested profiles (with what they require) and the namespace their
/// values put the installation in; nothing is fetched or rendered.
///
/// # Errors
/// Usage errors for bad profiles, platforms or values.
pub fn requested_and_namespace(
    selection_args: &SelectionArgs,
    platform: Platform,
) -> Result<(Vec<String>, String)> {
    let catalog = Catalog::embedded()?;
    let selection = catalog.select(&selection_args.profiles)?;
    selection.check_platform(platform)?;
    let mut values = Values::defaults(&catalog, &selection);
    read_values(&mut values, selection_args)?;
    let names = selection.names().into_iter().map(str::to_string).collect();
    Ok((names, values.str("namespace").to_string()))
}

/// Checks everything that needs no cluster: profiles, values files, `--set`,
/// and the platform when it is given. Commands call it before connecting.
///
/// # Errors
/// A usage error naming the bad profile, key, value or platform.
pub fn validate_input(selection_args: &SelectionArgs, platform: Option<Platform>) -> Result<()> {
    let catalog = Catalog::embedded()?;
    let selection = catalog.select(&selection_args.profiles)?;
    if let Some(platform) = platform {
        selection.check_platform(platform)?;
    }
    let mut values = Values::defaults(&catalog, &selection);
    read_values(&mut values, selection_args)
}

/// Maps an explicit `--platform`; `None` for `auto`.
pub fn explicit_platform(arg: crate::cli::PlatformArg) -> Option<Platform> {
    match arg {
        crate::cli::PlatformArg::Kubernetes => Some(Platform::Kubernetes),
        crate::cli::PlatformArg::Openshift => Some(Platform::Openshift),
        crate::cli::PlatformArg::Auto => None,
    }
}

/// Values and profiles kept from an earlier install.
pub struct Installed<'a> {
    pub profiles: &'a [String],
    pub values: &'a BTreeMap<String, Value>,
    /// The `--include` paths of the installation.
    pub includes: &'a [String],
}

/// Like [`prepare`], on top of what is installed: its profiles are kept and its
/// values come before the `-f` files and `--set` overrides.
///
/// # Errors
/// As [`prepare`].
pub async fn prepare_over(
    selection_args: &SelectionArgs,
    platform: Platform,
    source_args: &SourceArgs,
    terminal: Terminal,
    installed: Option<Installed<'_>>,
) -> Result<Prepared> {
    let catalog = Catalog::embedded()?;
    let mut requested = selection_args.profiles.clone();
    if let Some(installed) = &installed {
        for name in installed.profiles {
            if catalog.profile(name).is_some() && !requested.contains(name) {
                requested.push(name.clone());
            }
        }
    }
    let selection = catalog.select(&requested)?;
    selection.check_platform(platform)?;
    let mut values = Values::defaults(&catalog, &selection);
    if let Some(installed) = &installed {
        values.keep_from(installed.values);
    }
    read_values(&mut values, selection_args)?;
    render::check_values(&selection, platform, &values)?;
    for (added, by) in &selection.added {
        terminal.note(format!("profile {by} requires {added}; adding it"));
    }
    let enabled = render::enabled_components(&selection, platform, &values)?;
    let needed = render::required_sources(&enabled);
    let options = source_options(source_args);
    warn_overridden_pins(&needed, &options, terminal);
    let progress = FetchProgress::new(terminal);
    let fetched = std::sync::Mutex::new(Vec::new());
    let contents = sources::load(&needed, &options, &|e| {
        if let sources::FetchEvent::Finished { url, from, .. } = &e {
            fetched
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((url.to_string(), from.to_string()));
        }
        progress.on_event(e)
    })
    .await
    .map_err(|e| with_way_out(e, &enabled, &options))?;
    let fetched = fetched.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut objects = render::render(&render::Request {
        catalog: &catalog,
        selection: &selection,
        platform,
        values: &values,
        sources: &contents,
    })?;
    let includes = include_paths(selection_args, installed.as_ref())?;
    let files = read_includes(&includes)?;
    let included = crate::include::objects(&files, values.str("namespace"), &objects)
        .map_err(|e| usage(e.to_string()))?;
    objects.extend(included);
    let profiles = selection.names().into_iter().map(str::to_string).collect();
    Ok(Prepared {
        profiles,
        platform,
        values,
        objects,
        includes,
        catalog,
        fetched,
    })
}

/// The install request for a prepared rendering, over what is installed.
///
/// # Errors
/// When a component's `when` does not evaluate (a catalog bug).
pub fn request(
    prepared: &Prepared,
    installed: Option<crate::install::Inventory>,
) -> Result<crate::install::Request<'_>> {
    let requires = component_requires(prepared)?;
    Ok(crate::install::Request {
        profiles: &prepared.profiles,
        platform: prepared.platform,
        namespace: prepared.values.str("namespace"),
        objects: &prepared.objects,
        requires,
        values: prepared.values.to_map(),
        includes: prepared.includes.clone(),
        installed,
    })
}

/// Each enabled component with the components it requires, and the include
/// component (when there are included objects) after all of them.
///
/// # Errors
/// As [`request`].
pub fn component_requires(prepared: &Prepared) -> Result<Vec<(String, Vec<String>)>> {
    let selection = prepared.catalog.select(&prepared.profiles)?;
    let mut requires: Vec<(String, Vec<String>)> =
        render::enabled_components(&selection, prepared.platform, &prepared.values)?
            .iter()
            .map(|e| (e.component.name.clone(), e.component.requires.clone()))
            .collect();
    if prepared.includes.is_empty() {
        return Ok(requires);
    }
    requires.push(crate::include::requires(&prepared.objects));
    Ok(requires)
}

/// The include paths of this run: those given (made absolute), else the
/// installation's unless `--no-include`.
fn include_paths(args: &SelectionArgs, installed: Option<&Installed<'_>>) -> Result<Vec<String>> {
    if args.no_include {
        return Ok(Vec::new());
    }
    if args.include.is_empty() {
        return Ok(installed.map(|i| i.includes.to_vec()).unwrap_or_default());
    }
    let mut paths = Vec::new();
    for path in &args.include {
        let absolute = std::path::absolute(path).map_err(|e| {
            usage(format!(
                "cannot use --include {}: {}",
                path.display(),
                io_reason(&e)
            ))
        })?;
        let absolute = absolute.display().to_string();
        if !paths.contains(&absolute) {
            paths.push(absolute);
        }
    }
    Ok(paths)
}

/// Reads the manifests of each include path: a file, or the .yaml, .yml and
/// .json files directly in a directory, in name order.
fn read_includes(paths: &[String]) -> Result<Vec<crate::include::File>> {
    let mut files = Vec::new();
    for path in paths {
        let path = std::path::Path::new(path);
        let remembered = |e: &std::io::Error| {
            usage(format!(
                "cannot read --include {}: {}; pass --include with where the manifests are now, or --no-include to leave them out",
                path.display(),
                io_reason(e)
            ))
        };
        let meta = std::fs::metadata(path).map_err(|e| remembered(&e))?;
        let mut names = Vec::new();
        if meta.is_dir() {
            for entry in std::fs::read_dir(path).map_err(|e| remembered(&e))? {
                let entry = entry.map_err(|e| remembered(&e))?;
                let name = entry.file_name().to_string_lossy().to_string();
                if crate::include::is_manifest(&name) && entry.path().is_file() {
                    names.push(entry.path());
                }
            }
            names.sort();
            if names.is_empty() {
                return Err(usage(format!(
                    "--include {}: no .yaml, .yml or .json file in the directory; give a directory of manifests or one manifest file",
                    path.display()
                )));
            }
        } else {
            names.push(path.to_path_buf());
        }
        for name in names {
            let text = std::fs::read_to_string(&name).map_err(|e| {
                usage(format!(
                    "cannot read {} (--include): {}",
                    name.display(),
                    io_reason(&e)
                ))
            })?;
            files.push(crate::include::File {
                origin: name.display().to_string(),
                text,
            });
        }
    }
    Ok(files)
}

/// The Kubernetes versions the enabled components support, by component.
///
/// # Errors
/// As [`request`].
pub fn supported_versions(prepared: &Prepared) -> Result<Vec<(String, crate::catalog::KubeRange)>> {
    let selection = prepared.catalog.select(&prepared.profiles)?;
    Ok(
        render::enabled_components(&selection, prepared.platform, &prepared.values)?
            .iter()
            .filter_map(|e| {
                e.component
                    .kubernetes
                    .clone()
                    .map(|r| (e.component.name.clone(), r))
            })
            .collect(),
    )
}

/// A failed download names the ways to do without the network: a bundle, the
/// cache, a mirror, or the value that turns off each component needing it.
fn with_way_out(
    err: anyhow::Error,
    enabled: &[render::Enabled<'_>],
    options: &sources::Options,
) -> anyhow::Error {
    let text = format!("{err:#}");
    if !text.contains("downloading ") || options.bundle.is_some() || options.offline {
        return err;
    }
    let switches: Vec<String> = enabled
        .iter()
        .filter(|e| !e.component.sources.is_empty())
        .map(|e| match &e.component.when {
            Some(when) if !when.contains(' ') => {
                format!("{} (--set {when}=false)", e.component.name)
            }
            _ => e.component.name.clone(),
        })
        .collect();
    err.context(format!(
        "cannot download the pinned remote files of {}; without the network pass --bundle DIR (written by `odh fetch` where the network is reachable), --offline (the cache only), or --source-mirror URL, or do without the component",
        switches.join(", ")
    ))
}

/// Maps the `--platform` flag of a command that never contacts a cluster.
pub fn offline_platform(arg: crate::cli::PlatformArg) -> Result<Platform> {
    match arg {
        crate::cli::PlatformArg::Kubernetes => Ok(Platform::Kubernetes),
        crate::cli::PlatformArg::Openshift => Ok(Platform::Openshift),
        crate::cli::PlatformArg::Auto => Err(usage(
            "--platform auto needs a cluster; this command never contacts one: pass --platform kubernetes or --platform openshift",
        )),
    }
}

/// Says so when `--source-lock` replaces a digest pinned in the catalog.
fn warn_overridden_pins(
    needed: &[crate::catalog::Source],
    options: &sources::Options,
    terminal: Terminal,
) {
    let Some(path) = &options.lock_override else {
        return;
    };
    let Ok(lock) = sources::Lock::read(path) else {
        return;
    };
    let overridden = needed
        .iter()
        .filter(|s| matches!((&s.sha256, lock.get(&s.url)), (Some(pin), Some(own)) if !pin.eq_ignore_ascii_case(own)))
        .count();
    if overridden > 0 {
        terminal.warn(format!(
            "{} accepts other bytes than the pinned digests for {overridden} remote file(s)",
            path.display()
        ));
    }
}
