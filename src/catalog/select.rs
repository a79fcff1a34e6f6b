//! Choosing profiles: names from the command line, plus what they require.

use super::{Catalog, Platform, Profile};
use crate::error::usage;
use anyhow::Result;

/// The profiles to work on, dependencies first.
#[derive(Debug, Clone)]
pub struct Selection<'c> {
    /// Selected profiles in catalog order (each after what it requires).
    pub profiles: Vec<&'c Profile>,
    /// Profiles added because a requested one requires them: (added, required by).
    pub added: Vec<(String, String)>,
}

impl Catalog {
    /// Resolves profile names (as typed) into a selection.
    ///
    /// # Errors
    /// A usage error naming an unknown or empty profile name and listing the valid ones.
    pub fn select(&self, requested: &[String]) -> Result<Selection<'_>> {
        let valid = self.names().join(", ");
        if requested.is_empty() {
            return Err(usage(format!(
                "no profile given; pass --profile with one or more of: {valid}"
            )));
        }
        let mut wanted: Vec<String> = Vec::new();
        for raw in requested {
            let name = raw.trim();
            if name.is_empty() {
                return Err(usage(format!(
                    "empty profile name in --profile; valid profiles: {valid}"
                )));
            }
            if self.profile(name).is_none() {
                return Err(usage(format!(
                    "unknown profile `{name}`; valid profiles: {valid}"
                )));
            }
            if !wanted.iter().any(|w| w == name) {
                wanted.push(name.to_string());
            }
        }
        let mut added = Vec::new();
        let mut i = 0;
        while i < wanted.len() {
            let profile = self.profile(&wanted[i]).expect("checked above");
            for required in &profile.requires {
                if !wanted.contains(required) {
                    added.push((required.clone(), profile.name.clone()));
                    wanted.push(required.clone());
                }
            }
            i += 1;
        }
        let profiles = self
            .profiles
            .iter()
            .filter(|p| wanted.contains(&p.name))
            .collect();
        Ok(Selection { profiles, added })
    }
}

impl Selection<'_> {
    /// The selected profile names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.profiles.iter().map(|p| p.name.as_str()).collect()
    }

    /// Checks that every selected profile supports the platform.
    ///
    /// # Errors
    /// A usage error naming the profile and the platforms it supports.
    pub fn check_platform(&self, platform: Platform) -> Result<()> {
        for profile in &self.profiles {
            if !profile.platforms.contains(&platform) {
                let supported: Vec<&str> = profile.platforms.iter().map(|p| p.as_str()).collect();
                return Err(usage(format!(
                    "profile `{}` does not support platform {platform}; it supports: {}",
                    profile.name,
                    supported.join(", ")
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UsageError;

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap()
    }

    #[test]
    fn dependencies_are_added_and_reported() {
        let c = catalog();
        let s = c.select(&["ai-library".into()]).unwrap();
        assert_eq!(s.names(), ["core", "serving", "ai-library"]);
        assert!(s.added.contains(&("serving".into(), "ai-library".into())));
        assert!(s.added.contains(&("core".into(), "ai-library".into())));
    }

    #[test]
    fn unknown_profile_names_the_valid_ones() {
        let c = catalog();
        let err = c.select(&["cores".into()]).unwrap_err();
        let msg = err.downcast_ref::<UsageError>().unwrap().to_string();
        assert!(msg.contains("unknown profile `cores`"), "{msg}");
        assert!(msg.contains("core, "), "{msg}");
    }

    #[test]
    fn duplicates_collapse() {
        let c = catalog();
        let s = c.select(&["core".into(), "core".into()]).unwrap();
        assert_eq!(s.names(), ["core"]);
        assert!(s.added.is_empty());
    }
}
