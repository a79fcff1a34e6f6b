//! What `odh diff` found, as text (one line per object, each change's diff
//! below it) or as JSON.

use crate::diff::{Action, ObjectDiff};
use serde_json::json;

fn count(diffs: &[ObjectDiff], action: Action) -> usize {
    diffs.iter().filter(|d| d.action == action).count()
}

/// One line per object, the diff of each change below it, and a summary line.
pub fn text(diffs: &[ObjectDiff]) -> String {
    if diffs.is_empty() {
        return "no changes: the cluster matches what install would apply\n".into();
    }
    let mut out = String::new();
    for d in diffs {
        out.push_str(&format!(
            "{:<8}  {}  [{}]\n",
            d.action.as_str(),
            d.object,
            d.component
        ));
        out.push_str(&d.diff);
    }
    out.push_str(&format!(
        "{} to create, {} to change, {} to prune, {} refused\n",
        count(diffs, Action::Create),
        count(diffs, Action::Change),
        count(diffs, Action::Prune) + count(diffs, Action::Release),
        count(diffs, Action::Conflict),
    ));
    out
}

/// The same as a JSON document.
pub fn json(diffs: &[ObjectDiff]) -> serde_json::Value {
    json!({
        "objects": diffs,
        "create": count(diffs, Action::Create),
        "change": count(diffs, Action::Change),
        "prune": count(diffs, Action::Prune),
        "release": count(diffs, Action::Release),
        "conflict": count(diffs, Action::Conflict),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::ObjectRef;

    #[test]
    fn each_object_gets_a_line_and_changes_their_diff() {
        let object = ObjectRef {
            api_version: "v1".into(),
            kind: "ConfigMap".into(),
            namespace: Some("odh".into()),
            name: "c".into(),
        };
        let diffs = vec![
            ObjectDiff {
                action: Action::Change,
                object: object.clone(),
                component: "s3".into(),
                diff: "--- live\n+++ after install\n".into(),
            },
            ObjectDiff {
                action: Action::Prune,
                object,
                component: "s3".into(),
                diff: String::new(),
            },
        ];
        let text = text(&diffs);
        assert!(
            text.starts_with("change    ConfigMap/c (v1) in odh  [s3]\n--- live\n"),
            "{text}"
        );
        assert!(
            text.ends_with("0 to create, 1 to change, 1 to prune, 0 refused\n"),
            "{text}"
        );
        assert_eq!(json(&diffs)["prune"], 1);
        assert!(super::text(&[]).starts_with("no changes"));
    }
}
