//! The verify report on stdout: a table with each check's result and evidence,
//! the hints of the failed ones, and a count; or one JSON/YAML document.

use super::table;
use crate::verify::{Outcome, Report};
use serde_json::{Value, json};

/// The report as a table, hints and a summary line.
pub fn text(report: &Report) -> String {
    let rows: Vec<Vec<String>> = report
        .checks
        .iter()
        .map(|c| {
            let result = match c.outcome {
                Outcome::Failed => "FAILED".to_string(),
                other => other.to_string(),
            };
            vec![
                c.component.clone(),
                c.name.clone(),
                result,
                c.evidence.clone(),
            ]
        })
        .collect();
    let mut out = if rows.is_empty() {
        String::new()
    } else {
        table::format(&["COMPONENT", "CHECK", "RESULT", "EVIDENCE"], &rows)
    };
    let hints: Vec<String> = report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed && !c.hint.is_empty())
        .map(|c| format!("  {} / {}: {}\n", c.component, c.name, c.hint))
        .collect();
    if !hints.is_empty() {
        out.push_str("hints:\n");
        out.extend(hints);
    }
    out.push_str(&summary(report));
    out
}

/// `verify: 9 passed, 1 failed, 2 skipped` (and whether it was cut short).
pub fn summary(report: &Report) -> String {
    let mut line = format!(
        "verify: {} passed, {} failed, {} skipped",
        report.count(Outcome::Passed),
        report.count(Outcome::Failed),
        report.count(Outcome::Skipped)
    );
    if report.interrupted {
        line.push_str("; interrupted before it finished");
    }
    line.push('\n');
    line
}

/// The report as one value for `-o json|yaml`; `cleanup` lists what was removed.
pub fn value(report: &Report, cleanup: &[String]) -> Value {
    let cleaned = cleanup.iter().all(|line| !line.starts_with("could not"));
    json!({
        "ok": report.ok() && cleaned,
        "passed": report.count(Outcome::Passed),
        "failed": report.count(Outcome::Failed),
        "skipped": report.count(Outcome::Skipped),
        "interrupted": report.interrupted,
        "checks": report.checks,
        "cleanup": cleanup,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::Check;

    fn report() -> Report {
        Report {
            checks: vec![
                Check::passed("jupyterhub", "hub API answers", "HTTP 200"),
                Check::failed(
                    "s3",
                    "bucket b exists",
                    "HTTP 404 NoSuchBucket",
                    "create it",
                ),
                Check::skipped("spark-operator", "SparkPi application completes", "slow"),
            ],
            interrupted: false,
        }
    }

    #[test]
    fn text_shows_results_hints_and_counts() {
        let text = text(&report());
        assert!(text.starts_with("COMPONENT"), "{text}");
        assert!(text.contains("FAILED"));
        assert!(text.contains("  s3 / bucket b exists: create it\n"));
        assert!(
            text.ends_with("verify: 1 passed, 1 failed, 1 skipped\n"),
            "{text}"
        );
    }

    #[test]
    fn json_carries_every_check_and_the_verdict() {
        let value = value(&report(), &["removed x".to_string()]);
        assert_eq!(value["ok"], false);
        assert_eq!(value["checks"].as_array().unwrap().len(), 3);
        assert_eq!(value["checks"][1]["outcome"], "failed");
        assert_eq!(value["checks"][1]["hint"], "create it");
        assert!(value["checks"][0].get("hint").is_none());
        assert_eq!(value["cleanup"][0], "removed x");
        let mut passing = report();
        passing.checks.retain(|c| c.outcome != Outcome::Failed);
        assert_eq!(super::value(&passing, &[])["ok"], true);
        let stuck = ["could not remove: SparkApplication/x: forbidden".to_string()];
        assert_eq!(super::value(&passing, &stuck)["ok"], false);
    }
}
