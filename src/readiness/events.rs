//! The latest Warning event about an object, from a list of Event objects
//! (`v1` Events and `events.k8s.io/v1` Events alike).

use crate::object::{Object, ObjectRef};
use serde_json::Value;

/// The message of the most recent Warning event about `target`, as
/// "Reason: message". Events about other objects, and Normal events, are
/// ignored; among equally recent events the last in the list wins.
pub fn latest_warning(events: &[Object], target: &ObjectRef) -> Option<String> {
    events
        .iter()
        .filter(|event| event.str_at("/type") == Some("Warning") && is_about(event, target))
        .enumerate()
        .max_by(|(ia, a), (ib, b)| timestamp_key(a).cmp(&timestamp_key(b)).then(ia.cmp(ib)))
        .map(|(_, event)| describe(event))
}

/// True when the event's `involvedObject` (v1) or `regarding` (events.k8s.io)
/// names the target. The API version is compared by group only, since an
/// event may name another version of the same kind.
fn is_about(event: &Object, target: &ObjectRef) -> bool {
    let Some(subject) = event
        .get("/involvedObject")
        .or_else(|| event.get("/regarding"))
    else {
        return false;
    };
    let text = |key: &str| subject.get(key).and_then(Value::as_str).unwrap_or("");
    let namespace = text("namespace");
    let group = text("apiVersion")
        .split_once('/')
        .map_or("", |(group, _)| group);
    text("kind") == target.kind
        && text("name") == target.name
        && namespace == target.namespace.as_deref().unwrap_or("")
        && (text("apiVersion").is_empty() || group == target.group())
}

/// A sortable form of the event's most recent timestamp: RFC 3339 seconds,
/// then the fraction padded to nanoseconds.
fn timestamp_key(event: &Object) -> (String, String) {
    let stamp = [
        "/series/lastObservedTime",
        "/lastTimestamp",
        "/deprecatedLastTimestamp",
        "/eventTime",
        "/metadata/creationTimestamp",
    ]
    .iter()
    .find_map(|pointer| event.str_at(pointer).filter(|s| !s.is_empty()))
    .unwrap_or("");
    let seconds: String = stamp.chars().take(19).collect();
    let fraction: String = stamp
        .get(19..)
        .and_then(|rest| rest.strip_prefix('.'))
        .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    (seconds, format!("{fraction:0<9}"))
}

fn describe(event: &Object) -> String {
    let reason = event.str_at("/reason").unwrap_or("");
    let message = event
        .str_at("/message")
        .or_else(|| event.str_at("/note"))
        .unwrap_or("")
        .trim();
    match (reason.is_empty(), message.is_empty()) {
        (false, false) => format!("{reason}: {message}"),
        (true, false) => message.to_string(),
        (false, true) => reason.to_string(),
        (true, true) => "warning event without a message".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::test_support::obj;

    fn event(type_: &str, name: &str, reason: &str, time: &str) -> Object {
        obj(&format!(
            r#"
            apiVersion: v1
            kind: Event
            metadata: {{name: e, namespace: odh}}
            involvedObject: {{apiVersion: apps/v1, kind: Deployment, name: {name}, namespace: odh}}
            type: {type_}
            reason: {reason}
            message: "{reason} happened"
            lastTimestamp: "{time}"
            "#
        ))
    }

    fn hub() -> ObjectRef {
        obj("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: hub, namespace: odh}\n")
            .to_ref()
    }

    #[test]
    fn picks_the_latest_warning_about_the_object() {
        let events = [
            event("Warning", "hub", "Older", "2024-01-01T00:00:01Z"),
            event("Warning", "hub", "Newer", "2024-01-01T00:00:09Z"),
            event("Normal", "hub", "Normal", "2024-01-01T00:01:00Z"),
            event("Warning", "proxy", "Other", "2024-01-01T00:02:00Z"),
            event("Warning", "hub", "Middle", "2024-01-01T00:00:05Z"),
        ];
        assert_eq!(
            latest_warning(&events, &hub()).as_deref(),
            Some("Newer: Newer happened")
        );
        assert_eq!(latest_warning(&events[2..4], &hub()), None);
        assert_eq!(latest_warning(&[], &hub()), None);
    }

    #[test]
    fn reads_events_k8s_io_events_with_fractional_times() {
        let new_style = obj(r#"
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata: {name: e2, namespace: odh}
            regarding: {apiVersion: apps/v1, kind: Deployment, name: hub, namespace: odh}
            type: Warning
            reason: FailedCreate
            note: quota exceeded
            eventTime: "2024-01-01T00:00:09.500000Z"
            "#);
        let events = [
            event("Warning", "hub", "Older", "2024-01-01T00:00:09Z"),
            new_style,
        ];
        assert_eq!(
            latest_warning(&events, &hub()).as_deref(),
            Some("FailedCreate: quota exceeded")
        );
    }

    #[test]
    fn events_for_cluster_scoped_objects_match_without_namespace() {
        let crd_event = obj(r#"
            apiVersion: v1
            kind: Event
            metadata: {name: e, namespace: default}
            involvedObject: {kind: CustomResourceDefinition, name: widgets.example.com}
            type: Warning
            message: names conflict
            "#);
        let target = obj(
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n",
        )
        .to_ref();
        assert_eq!(
            latest_warning(&[crd_event], &target).as_deref(),
            Some("names conflict")
        );
    }
}
