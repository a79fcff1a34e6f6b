//! How `odh uninstall` reports: the preview shown before it asks, the result
//! line, what stays and why, and what holds a deletion that timed out.

use super::install::elapsed;
use crate::event::Blocker;
use crate::install::removal::Removal;
use crate::install::uninstall::Preview;
use crate::object::ObjectRef;
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::time::Duration;

/// What the prompt shows: the objects to delete, give back and keep.
pub fn preview(preview: &Preview) -> String {
    let mut text = String::new();
    let mut section = |title: &str, refs: &[ObjectRef]| {
        if refs.is_empty() {
            return;
        }
        let _ = writeln!(text, "{title} ({}):", refs.len());
        for r in refs {
            let _ = writeln!(text, "  {r}");
        }
    };
    section("delete", &preview.delete);
    section("give back (existed before odh)", &preview.give_back);
    section("keep", &preview.keep);
    text
}

/// `uninstalled: 40 deleted, 1 given back, 3 kept in 12.3s`.
pub fn result_line(removal: &Removal, took: Duration) -> String {
    format!(
        "uninstalled: {} deleted, {} given back, {} kept in {}",
        removal.deleted.len(),
        removal.given_back.len(),
        removal.kept.len() + removal.disowned.len(),
        elapsed(took)
    )
}

/// The block for an uninstall that did not finish: what is still there and
/// why, then what was not started.
pub fn stuck_block(removal: &Removal, took: Duration) -> String {
    let mut text = format!(
        "uninstall timed out after {}; still there:\n",
        elapsed(took)
    );
    let mut stuck: Vec<&Blocker> = removal.stuck.iter().collect();
    stuck.sort_by(|a, b| (&a.object, &a.component).cmp(&(&b.object, &b.component)));
    for b in stuck {
        let _ = writeln!(text, "  {} [{}]: {}", b.object, b.component, b.reason);
    }
    if !removal.not_started.is_empty() {
        text.push_str("not started (they go after the objects above):\n");
        for (component, object) in &removal.not_started {
            let _ = writeln!(text, "  {object} [{component}]");
        }
    }
    text
}

/// The result as JSON.
pub fn to_json(removal: &Removal, took: Duration) -> Value {
    let refs = |items: &[(String, ObjectRef)]| -> Vec<Value> {
        items
            .iter()
            .map(|(c, o)| json!({"component": c, "object": o.to_string()}))
            .collect()
    };
    let notes = |items: &[Blocker]| -> Vec<Value> {
        items
            .iter()
            .map(|b| json!({"component": b.component, "object": b.object.to_string(), "reason": b.reason}))
            .collect()
    };
    let mut kept = notes(&removal.kept);
    kept.extend(notes(&removal.disowned));
    json!({
        "event": "uninstalled",
        "outcome": if removal.is_complete() { "succeeded" } else { "timedOut" },
        "elapsed": (took.as_secs_f64() * 10.0).round() / 10.0,
        "deleted": refs(&removal.deleted),
        "givenBack": refs(&removal.given_back),
        "kept": kept,
        "stuck": notes(&removal.stuck),
        "notStarted": refs(&removal.not_started),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::install::test_support::{hub, obj};

    fn removal() -> Removal {
        Removal {
            deleted: vec![("jupyterhub".into(), hub())],
            kept: vec![Blocker {
                component: "jupyterhub".into(),
                object: obj(
                    "v1",
                    "PersistentVolumeClaim",
                    Some("opendatahub"),
                    "hub-db-dir",
                ),
                reason: "holds data; --purge deletes it".into(),
            }],
            ..Removal::default()
        }
    }

    #[test]
    fn the_result_counts_what_happened() {
        assert_eq!(
            result_line(&removal(), Duration::from_millis(1234)),
            "uninstalled: 1 deleted, 0 given back, 1 kept in 1.2s"
        );
        let value = to_json(&removal(), Duration::from_secs(1));
        assert_eq!(value["outcome"], "succeeded");
        assert_eq!(value["kept"][0]["reason"], "holds data; --purge deletes it");
    }

    #[test]
    fn a_timeout_names_each_blocker_and_what_waits() {
        let mut r = removal();
        r.stuck.push(Blocker {
            component: "ai-library".into(),
            object: obj("serving.kserve.io/v1beta1", "InferenceService", Some("opendatahub"), "m"),
            reason: "finalizer inferenceservice.finalizers: cleared by Deployment kserve-controller-manager in kserve, which is running".into(),
        });
        r.not_started.push((
            "odh-namespace".into(),
            obj("v1", "Namespace", None, "opendatahub"),
        ));
        assert_eq!(
            stuck_block(&r, Duration::from_secs(90)),
            "uninstall timed out after 1m30s; still there:\n\
             \x20 InferenceService/m (serving.kserve.io/v1beta1) in opendatahub [ai-library]: finalizer inferenceservice.finalizers: cleared by Deployment kserve-controller-manager in kserve, which is running\n\
             not started (they go after the objects above):\n\
             \x20 Namespace/opendatahub (v1) [odh-namespace]\n"
        );
        assert_eq!(to_json(&r, Duration::from_secs(1))["outcome"], "timedOut");
    }

    #[test]
    fn the_preview_lists_each_fate() {
        let p = Preview {
            delete: vec![hub()],
            give_back: vec![],
            keep: vec![obj(
                "v1",
                "PersistentVolumeClaim",
                Some("opendatahub"),
                "hub-db-dir",
            )],
        };
        assert_eq!(
            preview(&p),
            "delete (1):\n  Deployment/hub (apps/v1) in opendatahub\nkeep (1):\n  PersistentVolumeClaim/hub-db-dir (v1) in opendatahub\n"
        );
    }
}
