//! The profile catalog: profiles, components, parameters and remote sources,
//! read from the `profiles/` files embedded in the binary. Pure data, no I/O.

mod model;
mod rules;
mod select;

pub use model::{
    Check, Component, KubeRange, ParamType, Parameter, Platform, Profile, SecretUse, Source,
    describe as model_describe,
};
pub use rules::Rule;
pub use select::Selection;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use serde::Deserialize;

/// The profile files, embedded at build time.
pub static PROFILES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/profiles");

/// Every profile plus the parameters shared by all of them.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Parameters every profile accepts (`profiles/global.yaml`).
    pub global: Vec<Parameter>,
    /// Profiles in a stable order (dependencies before dependents, then by name).
    pub profiles: Vec<Profile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlobalFile {
    parameters: Vec<Parameter>,
}

impl Catalog {
    /// Loads the embedded catalog.
    ///
    /// # Errors
    /// When an embedded file does not parse or the catalog is inconsistent (a bug
    /// in this build, caught by the test suite).
    pub fn embedded() -> Result<Catalog> {
        let mut files: Vec<_> = PROFILES
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort_by_key(|f| f.path());
        let mut global = Vec::new();
        let mut profiles = Vec::new();
        for file in files {
            let name = file.path().display().to_string();
            let text = file
                .contents_utf8()
                .with_context(|| format!("embedded profile file {name} is not UTF-8"))?;
            if name == "global.yaml" {
                let parsed: GlobalFile = crate::yaml::from_str(text)
                    .with_context(|| format!("embedded profile file {name}"))?;
                global = parsed.parameters;
            } else {
                let profile: Profile = crate::yaml::from_str(text)
                    .with_context(|| format!("embedded profile file {name}"))?;
                profiles.push(profile);
            }
        }
        let catalog = Catalog { global, profiles };
        catalog.order_profiles()?.check()
    }

    /// Builds a catalog from parts (used by tests of the renderer).
    pub fn from_parts(global: Vec<Parameter>, profiles: Vec<Profile>) -> Result<Catalog> {
        Catalog { global, profiles }.order_profiles()?.check()
    }

    /// The profile with this name.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The names of all profiles, in catalog order.
    pub fn names(&self) -> Vec<&str> {
        self.profiles.iter().map(|p| p.name.as_str()).collect()
    }

    /// Sorts profiles so that each comes after the profiles it requires.
    fn order_profiles(mut self) -> Result<Catalog> {
        let mut ordered: Vec<Profile> = Vec::new();
        let mut rest = std::mem::take(&mut self.profiles);
        rest.sort_by(|a, b| a.name.cmp(&b.name));
        while !rest.is_empty() {
            let ready = rest.iter().position(|p| {
                p.requires
                    .iter()
                    .all(|r| ordered.iter().any(|o| &o.name == r))
            });
            match ready {
                Some(i) => ordered.push(rest.remove(i)),
                None => bail!(
                    "profiles {} require unknown profiles or each other in a cycle",
                    rest.iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
        self.profiles = ordered;
        Ok(self)
    }

    /// Checks defaults against types and component references.
    fn check(self) -> Result<Catalog> {
        let all_params = self
            .global
            .iter()
            .chain(self.profiles.iter().flat_map(|p| p.parameters.iter()));
        let mut seen = std::collections::BTreeSet::new();
        for param in all_params {
            if !seen.insert(param.key.as_str()) {
                bail!("parameter {} is declared twice", param.key);
            }
            param
                .check(&param.default)
                .map_err(|e| anyhow::anyhow!("default of parameter {}: {e}", param.key))?;
        }
        let components: Vec<&str> = self
            .profiles
            .iter()
            .flat_map(|p| p.components.iter().map(|c| c.name.as_str()))
            .collect();
        for profile in &self.profiles {
            for component in &profile.components {
                if let Some(range) = &component.kubernetes
                    && (parse_minor(&range.min).is_none()
                        || !(range.source.contains('@') && range.source.contains(':')))
                {
                    bail!(
                        "component {}: kubernetes.min must be MAJOR.MINOR and its source repo@tag:path",
                        component.name
                    );
                }
                for required in &component.requires {
                    if !components.contains(&required.as_str()) {
                        bail!(
                            "component {} of profile {} requires unknown component {required}",
                            component.name,
                            profile.name
                        );
                    }
                }
            }
        }
        Ok(self)
    }
}

/// Names offered to shell completion, each with its description.
#[derive(Debug, Default)]
pub struct CompletionNames {
    pub profiles: Vec<(String, String)>,
    /// Parameter keys as `KEY=`.
    pub keys: Vec<(String, String)>,
}

/// Profile names and every parameter key, for shell completion; empty if the
/// embedded catalog does not load (a bug the tests catch).
pub fn completion_names() -> &'static CompletionNames {
    static NAMES: std::sync::OnceLock<CompletionNames> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let Ok(catalog) = Catalog::embedded() else {
            return CompletionNames::default();
        };
        CompletionNames {
            profiles: catalog
                .profiles
                .iter()
                .map(|p| (p.name.clone(), p.description.clone()))
                .collect(),
            keys: catalog
                .global
                .iter()
                .chain(catalog.profiles.iter().flat_map(|p| p.parameters.iter()))
                .map(|p| (format!("{}=", p.key), p.description.clone()))
                .collect(),
        }
    })
}

/// `1.28` (or `v1.28.3`, `1.28+`) as (major, minor).
pub fn parse_minor(version: &str) -> Option<(u32, u32)> {
    let text = version.trim().trim_start_matches('v');
    let mut parts = text.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor: String = parts
        .next()?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    Some((major, minor.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_to_major_and_minor() {
        assert_eq!(parse_minor("1.28"), Some((1, 28)));
        assert_eq!(parse_minor("v1.33.2"), Some((1, 33)));
        assert_eq!(parse_minor("v1.30.4-gke.1348000"), Some((1, 30)));
        assert_eq!(parse_minor("1.27+"), Some((1, 27)));
        assert_eq!(parse_minor("x"), None);
    }

    #[test]
    fn supported_versions_name_their_upstream_source() {
        let catalog = Catalog::embedded().unwrap();
        let ranges: Vec<(&str, &crate::catalog::KubeRange)> = catalog
            .profiles
            .iter()
            .flat_map(|p| p.components.iter())
            .filter_map(|c| c.kubernetes.as_ref().map(|r| (c.name.as_str(), r)))
            .collect();
        let jupyterhub = ranges.iter().find(|(n, _)| *n == "jupyterhub").unwrap().1;
        assert_eq!(jupyterhub.min, "1.28");
        assert!(
            jupyterhub
                .source
                .starts_with("jupyterhub/zero-to-jupyterhub-k8s@4.4.0:")
        );
        assert!(ranges.len() >= 3, "{ranges:?}");
    }

    #[test]
    fn embedded_catalog_loads_with_every_profile() {
        let catalog = Catalog::embedded().unwrap();
        let mut names = catalog.names();
        names.sort();
        assert_eq!(
            names,
            ["ai-library", "core", "monitoring", "pipelines", "serving"]
        );
        // dependencies come first
        let pos = |n: &str| catalog.names().iter().position(|x| *x == n).unwrap();
        assert!(pos("core") < pos("serving"));
        assert!(pos("serving") < pos("ai-library"));
        assert!(pos("core") < pos("pipelines"));
    }

    #[test]
    fn every_component_template_directory_exists() {
        let catalog = Catalog::embedded().unwrap();
        for profile in &catalog.profiles {
            for component in &profile.components {
                for dir in &component.templates {
                    assert!(
                        crate::render::MANIFESTS.get_dir(dir).is_some(),
                        "{}/{}: missing manifests/{dir}",
                        profile.name,
                        component.name
                    );
                }
            }
        }
    }
}
