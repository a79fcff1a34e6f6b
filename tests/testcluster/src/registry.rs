//! The set of served resources (built-in kinds, platform extras and CRD-defined kinds) and lookups over it.

use crate::status::GroupResource;
use crate::util::api_version;
use serde_json::Value;

/// A subresource listed in discovery only (served ones are `status` and `scale`).
#[derive(Clone, Debug)]
pub struct ExtraSub {
    pub name: &'static str,
    pub group: &'static str,
    pub version: &'static str,
    pub kind: &'static str,
    pub verbs: &'static [&'static str],
}

/// What the server knows about one resource in one group-version.
#[derive(Clone, Debug)]
pub struct ResourceInfo {
    pub group: String,
    pub version: String,
    pub plural: String,
    pub singular: String,
    pub kind: String,
    pub namespaced: bool,
    pub short_names: Vec<String>,
    pub categories: Vec<String>,
    pub verbs: Vec<String>,
    /// Has a `/status` subresource (main-resource writes keep the old status).
    pub status: bool,
    /// Has a `/scale` subresource (listed in discovery).
    pub scale: bool,
    /// Has `metadata.generation`, bumped on spec changes.
    pub generation: bool,
    /// Defined by a CustomResourceDefinition.
    pub custom: bool,
    /// Not stored: answered by a handler (SelfSubjectAccessReview).
    pub virtual_kind: bool,
    /// The openAPIV3Schema of a CRD version.
    pub schema: Option<Value>,
    /// additionalPrinterColumns of a CRD version.
    pub printer_columns: Vec<Value>,
    pub extra_subs: Vec<ExtraSub>,
}

impl ResourceInfo {
    pub fn gr(&self) -> GroupResource {
        GroupResource::new(&self.group, &self.plural)
    }

    pub fn api_version(&self) -> String {
        api_version(&self.group, &self.version)
    }

    pub fn list_kind(&self) -> String {
        format!("{}List", self.kind)
    }

    /// The storage key shared by every version of this resource.
    pub fn storage_key(&self) -> (String, String) {
        (self.group.clone(), self.plural.clone())
    }
}

/// Ordering of Kubernetes versions: GA before beta before alpha, higher numbers first.
pub fn version_priority(v: &str) -> (u8, u32, u32) {
    let rest = v.strip_prefix('v').unwrap_or(v);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let major: u32 = digits.parse().unwrap_or(0);
    let tail = &rest[digits.len()..];
    let (rank, minor) = if tail.is_empty() {
        (3, 0)
    } else if let Some(n) = tail.strip_prefix("beta") {
        (2, n.parse().unwrap_or(0))
    } else if let Some(n) = tail.strip_prefix("alpha") {
        (1, n.parse().unwrap_or(0))
    } else {
        (0, 0)
    };
    if digits.is_empty() {
        return (0, 0, 0);
    }
    (rank, major, minor)
}

/// All served resources.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    pub resources: Vec<ResourceInfo>,
}

impl Registry {
    pub fn add(&mut self, ri: ResourceInfo) {
        if let Some(existing) = self
            .resources
            .iter_mut()
            .find(|r| r.group == ri.group && r.version == ri.version && r.plural == ri.plural)
        {
            *existing = ri;
        } else {
            self.resources.push(ri);
        }
    }

    /// Removes every version of a resource.
    pub fn remove(&mut self, group: &str, plural: &str) {
        self.resources
            .retain(|r| !(r.group == group && r.plural == plural));
    }

    pub fn find(&self, group: &str, version: &str, plural: &str) -> Option<&ResourceInfo> {
        self.resources
            .iter()
            .find(|r| r.group == group && r.version == version && r.plural == plural)
    }

    pub fn has_group_version(&self, group: &str, version: &str) -> bool {
        self.resources
            .iter()
            .any(|r| r.group == group && r.version == version)
    }

    /// The resource for a kind in an apiVersion.
    pub fn by_kind(&self, api_version: &str, kind: &str) -> Option<&ResourceInfo> {
        let (g, v) = crate::util::split_api_version(api_version);
        self.resources
            .iter()
            .find(|r| r.group == g && r.version == v && r.kind == kind)
    }

    /// Any version of a group and plural (preferred version first).
    pub fn by_group_resource(&self, group: &str, plural: &str) -> Option<&ResourceInfo> {
        let versions = self.versions(group);
        versions.iter().find_map(|v| self.find(group, v, plural))
    }

    /// All resources (one entry per storage key, preferred version) with this kind name.
    pub fn by_kind_name(&self, kind: &str) -> Vec<&ResourceInfo> {
        let mut out: Vec<&ResourceInfo> = Vec::new();
        for r in self.resources.iter().filter(|r| r.kind == kind) {
            if !out
                .iter()
                .any(|o| o.group == r.group && o.plural == r.plural)
                && let Some(p) = self.by_group_resource(&r.group, &r.plural)
            {
                out.push(p);
            }
        }
        out
    }

    /// Group names other than core, in registration order.
    pub fn groups(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.resources {
            if !r.group.is_empty() && !out.contains(&r.group) {
                out.push(r.group.clone());
            }
        }
        out
    }

    /// The served versions of a group, preferred first.
    pub fn versions(&self, group: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self.resources.iter().filter(|r| r.group == group) {
            if !out.contains(&r.version) {
                out.push(r.version.clone());
            }
        }
        out.sort_by_key(|v| std::cmp::Reverse(version_priority(v)));
        out
    }

    pub fn in_group_version(&self, group: &str, version: &str) -> Vec<&ResourceInfo> {
        self.resources
            .iter()
            .filter(|r| r.group == group && r.version == version)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_order() {
        let mut v = vec!["v1alpha1", "v1", "v2beta1", "v2", "v1beta1"];
        v.sort_by_key(|x| std::cmp::Reverse(version_priority(x)));
        assert_eq!(v, vec!["v2", "v1", "v2beta1", "v1beta1", "v1alpha1"]);
    }
}
