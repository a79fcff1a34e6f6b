//! Named pre-flight checks: each a pure function from what was read from the
//! cluster (or the files) to passed, warning or failed, with a one-line hint
//! on how to fix it. The reading happens at the cluster edge; nothing here does I/O.

mod conflicts;
mod connection;
pub mod disks;
mod inputs;
mod namespaces;
pub mod permissions;
pub mod schema;
mod storage;

pub use conflicts::{
    CatalogSource, Installation, OPERATOR_PACKAGES, catalog_source, other_installations,
};
pub use connection::{OPENSHIFT_GROUPS, api_server, credentials, kubernetes_version, platform};
pub use disks::{DiskNeed, raw_disks};
pub use inputs::{SecretNeed, SecretSeen, remote_files, secrets, secrets_needed};
pub use namespaces::namespaces;
pub use permissions::{Access, needed_access, permissions};
pub use storage::{Claim, StorageClassInfo, storage_class};

use serde::Serialize;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Passed,
    Warning,
    Failed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::Warning => "warning",
            Verdict::Failed => "failed",
        }
    }
}

/// One named check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// A stable name, e.g. `permissions`.
    pub name: &'static str,
    pub verdict: Verdict,
    /// What was found, on one line.
    pub detail: String,
    /// How to fix it (warnings and failures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// Each offending item (a missing permission, a missing file), one per line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

impl Check {
    pub fn passed(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            name,
            verdict: Verdict::Passed,
            detail: detail.into(),
            hint: None,
            items: Vec::new(),
        }
    }

    pub fn warning(
        name: &'static str,
        detail: impl Into<String>,
        hint: impl Into<String>,
    ) -> Check {
        Check {
            verdict: Verdict::Warning,
            hint: Some(hint.into()),
            ..Check::passed(name, detail)
        }
    }

    pub fn failed(name: &'static str, detail: impl Into<String>, hint: impl Into<String>) -> Check {
        Check {
            verdict: Verdict::Failed,
            hint: Some(hint.into()),
            ..Check::passed(name, detail)
        }
    }

    /// The same check listing these items.
    pub fn with_items(mut self, items: Vec<String>) -> Check {
        self.items = items;
        self
    }
}

/// The checks of one run, in the order they ran.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
}

impl Report {
    pub fn push(&mut self, check: Check) {
        self.checks.push(check);
    }

    /// How many checks came out with this verdict.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.checks.iter().filter(|c| c.verdict == verdict).count()
    }

    /// True when at least one check failed.
    pub fn failed(&self) -> bool {
        self.count(Verdict::Failed) > 0
    }

    /// The check with this name, if it ran.
    pub fn get(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_fails_when_any_check_failed() {
        let mut report = Report::default();
        report.push(Check::passed("a", "fine"));
        report.push(Check::warning("b", "odd", "look"));
        assert!(!report.failed());
        report.push(Check::failed("c", "broken", "mend").with_items(vec!["x".into()]));
        assert!(report.failed());
        assert_eq!(report.count(Verdict::Warning), 1);
        assert_eq!(report.get("c").unwrap().items, ["x"]);
    }
}
