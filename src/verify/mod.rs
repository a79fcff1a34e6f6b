//! Functional checks as pure functions: from what was read (an HTTP answer, a
//! targets list, a live object) to passed, failed or skipped, with evidence and
//! a one-line hint. No I/O here; `probe/` does the reading.

#[cfg(test)]
mod facts;
pub mod grafana;
pub mod jupyterhub;
pub mod models;
pub mod openshift;
pub mod pipelines;
pub mod prometheus;
pub mod reply;
pub mod s3;
pub mod serving;
pub mod sigv4;
pub mod spark;

pub use reply::Reply;

use serde::Serialize;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed,
    Skipped,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        })
    }
}

/// One named check of one component.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub component: String,
    pub name: String,
    pub outcome: Outcome,
    /// What was seen: a status code, the failing target, the model's answer.
    pub evidence: String,
    /// What to look at next; empty when the check passed.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

impl Check {
    pub fn passed(component: &str, name: &str, evidence: impl Into<String>) -> Check {
        Check::new(
            component,
            name,
            Outcome::Passed,
            evidence.into(),
            String::new(),
        )
    }

    pub fn failed(
        component: &str,
        name: &str,
        evidence: impl Into<String>,
        hint: impl Into<String>,
    ) -> Check {
        Check::new(
            component,
            name,
            Outcome::Failed,
            evidence.into(),
            hint.into(),
        )
    }

    pub fn skipped(component: &str, name: &str, why: impl Into<String>) -> Check {
        Check::new(component, name, Outcome::Skipped, why.into(), String::new())
    }

    fn new(component: &str, name: &str, outcome: Outcome, evidence: String, hint: String) -> Check {
        Check {
            component: component.to_string(),
            name: name.to_string(),
            outcome,
            evidence: crate::error::one_line(&evidence),
            hint: crate::error::one_line(&hint),
        }
    }

    /// The same check with every secret in its text replaced.
    pub fn scrubbed(mut self, secrets: &[String]) -> Check {
        self.evidence = scrub(&self.evidence, secrets);
        self.hint = scrub(&self.hint, secrets);
        self
    }
}

/// Everything one run of verify found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub checks: Vec<Check>,
    /// True when the run was cut short (Ctrl-C or the deadline).
    pub interrupted: bool,
}

impl Report {
    pub fn count(&self, outcome: Outcome) -> usize {
        self.checks.iter().filter(|c| c.outcome == outcome).count()
    }

    /// Nothing failed and the run was complete.
    pub fn ok(&self) -> bool {
        !self.interrupted && self.count(Outcome::Failed) == 0
    }
}

/// Replaces every occurrence of a secret (and of its base64 form) with
/// `<redacted>`, so no evidence or hint can carry one.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    use base64::Engine;
    let mut out = text.to_string();
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
        for form in [secret.as_str(), encoded.as_str()] {
            if out.contains(form) {
                out = out.replace(form, "<redacted>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_evidence_or_hints() {
        let secrets = vec!["s3cr3t-Pa55".to_string(), "ab".to_string()];
        let check = Check::failed(
            "s3",
            "login",
            "the body said: wrong password s3cr3t-Pa55 (czNjcjN0LVBhNTU=)",
            "retry with s3cr3t-Pa55",
        )
        .scrubbed(&secrets);
        assert!(!check.evidence.contains("s3cr3t"), "{}", check.evidence);
        assert!(!check.evidence.contains("czNjcjN0LVBhNTU="));
        assert!(!check.hint.contains("s3cr3t"));
        assert!(check.evidence.contains("<redacted>"));
        // Too short to be a credential: left alone rather than mangling the text.
        assert!(scrub("about", &secrets).contains("ab"));
    }

    #[test]
    fn a_report_fails_on_a_failed_check_or_an_interruption() {
        let mut report = Report {
            checks: vec![
                Check::passed("a", "x", "HTTP 200"),
                Check::skipped("b", "y", "not installed"),
            ],
            interrupted: false,
        };
        assert!(report.ok());
        report.interrupted = true;
        assert!(!report.ok());
        report.interrupted = false;
        report
            .checks
            .push(Check::failed("c", "z", "HTTP 500", "look at the logs"));
        assert!(!report.ok());
        assert_eq!(report.count(Outcome::Failed), 1);
    }
}
