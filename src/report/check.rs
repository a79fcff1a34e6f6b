//! The pre-flight checks as text (one line per check, its items and hint
//! indented below) or as JSON.

use crate::check::{Report, Verdict};
use serde_json::json;

/// The checks as aligned text; `only_problems` leaves out what passed.
pub fn text(report: &Report, only_problems: bool) -> String {
    let width = report
        .checks
        .iter()
        .map(|c| c.name.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for check in &report.checks {
        if only_problems && check.verdict == Verdict::Passed {
            continue;
        }
        out.push_str(&format!(
            "{:<7}  {:<width$}  {}\n",
            check.verdict.as_str(),
            check.name,
            check.detail
        ));
        let indent = " ".repeat(9 + width + 2);
        for item in &check.items {
            out.push_str(&format!("{indent}- {item}\n"));
        }
        if let Some(hint) = &check.hint {
            out.push_str(&format!("{indent}hint: {hint}\n"));
        }
    }
    out.push_str(&summary(report));
    out
}

/// `9 checks: 7 passed, 1 warning, 1 failed`.
pub fn summary(report: &Report) -> String {
    let warnings = report.count(Verdict::Warning);
    format!(
        "{} checks: {} passed, {warnings} warning{}, {} failed\n",
        report.checks.len(),
        report.count(Verdict::Passed),
        if warnings == 1 { "" } else { "s" },
        report.count(Verdict::Failed),
    )
}

/// The checks as a JSON document.
pub fn json(report: &Report) -> serde_json::Value {
    json!({
        "checks": report.checks,
        "passed": report.count(Verdict::Passed),
        "warnings": report.count(Verdict::Warning),
        "failed": report.count(Verdict::Failed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Check;

    #[test]
    fn failures_show_their_items_and_hint_below() {
        let mut report = Report::default();
        report.push(Check::passed("api-server", "answers"));
        report.push(
            Check::failed("permissions", "1 missing", "get access")
                .with_items(vec!["create namespaces cluster-wide".into()]),
        );
        let text = text(&report, false);
        assert_eq!(
            text,
            "passed   api-server   answers\n\
             failed   permissions  1 missing\n\
             \x20                     - create namespaces cluster-wide\n\
             \x20                     hint: get access\n\
             2 checks: 1 passed, 0 warnings, 1 failed\n"
        );
        assert!(!super::text(&report, true).contains("api-server"));
        assert_eq!(json(&report)["failed"], 1);
    }
}
