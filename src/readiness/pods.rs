//! Pod readiness, the reason a pod cannot start, and label selection of pods.

use super::Status;
use super::conditions::{condition, is_true};
use crate::object::Object;
use serde_json::Value;

/// Container waiting reasons that do not clear up without a change.
const FAILING_WAIT_REASONS: &[&str] = &[
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "ErrImageNeverPull",
    "InvalidImageName",
    "CreateContainerConfigError",
    "CreateContainerError",
];

/// Why a pod cannot start: a short reason and a sentence.
struct Blocker {
    reason: String,
    message: String,
}

pub(super) fn pod(obj: &Object) -> Status {
    let phase = obj.str_at("/status/phase").unwrap_or("");
    match phase {
        "Succeeded" => Status::current("pod completed"),
        "Failed" => Status::failed("PodFailed", format!("pod failed: {}", pod_failure(obj))),
        "Running" | "Pending" | "" => {
            if let Some(blocker) = blocker(obj) {
                return Status::failed(&blocker.reason, blocker.message);
            }
            match phase {
                "Running" if is_true(obj, "Ready") => Status::current("pod is ready"),
                "Running" => Status::in_progress(
                    "PodRunningNotReady",
                    match not_ready_containers(obj) {
                        names if names.is_empty() => "waiting for the pod to be ready".to_string(),
                        names => {
                            format!("waiting for containers to be ready: {}", names.join(", "))
                        }
                    },
                ),
                "Pending" => Status::in_progress("PodPending", pending_message(obj)),
                _ => Status::in_progress("PodNotObserved", "waiting for the pod to be scheduled"),
            }
        }
        other => Status::unknown(format!("unknown pod phase {other}")),
    }
}

/// Why this pod cannot start, if it is stuck on something that will not fix
/// itself: a failing container (`container hub: ImagePullBackOff (…)`) or an
/// unschedulable pod.
pub fn failing_pod_reason(pod: &Object) -> Option<String> {
    blocker(pod).map(|b| b.message)
}

fn blocker(pod: &Object) -> Option<Blocker> {
    container_statuses(pod)
        .find_map(failing_container)
        .or_else(|| {
            let scheduled = condition(pod, "PodScheduled")?;
            (scheduled.is_false() && scheduled.reason == "Unschedulable").then(|| Blocker {
                reason: "Unschedulable".to_string(),
                message: if scheduled.message.is_empty() {
                    "pod is unschedulable".to_string()
                } else {
                    format!("pod is unschedulable: {}", scheduled.message)
                },
            })
        })
}

/// (is an init container, status) for every container status, init containers first.
fn container_statuses(pod: &Object) -> impl Iterator<Item = (bool, &Value)> {
    let list = |pointer: &str| {
        pod.get(pointer)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    };
    list("/status/initContainerStatuses")
        .map(|s| (true, s))
        .chain(list("/status/containerStatuses").map(|s| (false, s)))
}

fn failing_container((init, status): (bool, &Value)) -> Option<Blocker> {
    let waiting = status.pointer("/state/waiting")?;
    let reason = waiting.get("reason").and_then(Value::as_str)?;
    if !FAILING_WAIT_REASONS.contains(&reason) {
        return None;
    }
    let name = status.get("name").and_then(Value::as_str).unwrap_or("?");
    let label = if init { "init container" } else { "container" };
    let mut details: Vec<String> = Vec::new();
    if let Some(message) = waiting
        .get("message")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
    {
        details.push(message.to_string());
    }
    if let Some(last) = status.pointer("/lastState/terminated") {
        details.push(termination(last));
    }
    let message = if details.is_empty() {
        format!("{label} {name}: {reason}")
    } else {
        format!("{label} {name}: {reason} ({})", details.join("; "))
    };
    Some(Blocker {
        reason: reason.to_string(),
        message,
    })
}

/// "last exit code 1: Error" from a `terminated` container state.
fn termination(terminated: &Value) -> String {
    let code = terminated
        .get("exitCode")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    match terminated.get("reason").and_then(Value::as_str) {
        Some(reason) => format!("last exit code {code}: {reason}"),
        None => format!("last exit code {code}"),
    }
}

fn pod_failure(pod: &Object) -> String {
    if let Some(reason) = pod.str_at("/status/reason") {
        let message = pod.str_at("/status/message").unwrap_or("");
        return if message.is_empty() {
            reason.to_string()
        } else {
            format!("{reason}: {message}")
        };
    }
    container_statuses(pod)
        .find_map(|(init, status)| {
            let terminated = status.pointer("/state/terminated")?;
            let code = terminated
                .get("exitCode")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            let name = status.get("name").and_then(Value::as_str).unwrap_or("?");
            let label = if init { "init container" } else { "container" };
            (code != 0).then(|| format!("{label} {name} exited with code {code}"))
        })
        .unwrap_or_else(|| "phase Failed".to_string())
}

fn not_ready_containers(pod: &Object) -> Vec<&str> {
    container_statuses(pod)
        .filter(|(init, status)| {
            !init && status.get("ready").and_then(Value::as_bool) != Some(true)
        })
        .filter_map(|(_, status)| status.get("name").and_then(Value::as_str))
        .collect()
}

fn pending_message(pod: &Object) -> String {
    let waiting = container_statuses(pod).find_map(|(_, status)| {
        let name = status.get("name").and_then(Value::as_str)?;
        let reason = status
            .pointer("/state/waiting/reason")
            .and_then(Value::as_str)?;
        Some(format!("container {name}: {reason}"))
    });
    match waiting {
        Some(waiting) => format!("pod is pending, {waiting}"),
        None => "pod is pending".to_string(),
    }
}

/// The first pod among `pods` that cannot start, as `pod NAME: reason`: what
/// explains a workload that is not ready (install's waits and `status` alike).
pub fn pod_blocker(pods: &[Object]) -> Option<String> {
    pods.iter()
        .find_map(|p| failing_pod_reason(p).map(|r| format!("pod {}: {r}", p.name())))
}

/// The label selector (`k=v,…`) of a workload's pods, for kinds whose pods
/// explain them; `None` for other kinds or without `matchLabels`. A Job's
/// pods carry the `batch.kubernetes.io/job-name` label the Job controller sets.
pub fn pod_selector(object: &Object) -> Option<String> {
    if object.kind() == "Job" && object.get("/spec/selector/matchLabels").is_none() {
        return Some(format!("batch.kubernetes.io/job-name={}", object.name()));
    }
    if !matches!(
        object.kind(),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "Job"
    ) {
        return None;
    }
    let labels = object.get("/spec/selector/matchLabels")?.as_object()?;
    let parts: Vec<String> = labels
        .iter()
        .filter_map(|(k, v)| v.as_str().map(|v| format!("{k}={v}")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(","))
}

/// True when the workload's `spec.selector` selects the pod (same namespace,
/// `matchLabels` and `matchExpressions`). A workload without a selector selects
/// nothing.
pub fn selects(workload: &Object, pod: &Object) -> bool {
    if workload.namespace() != pod.namespace() {
        return false;
    }
    let Some(selector) = workload.get("/spec/selector").filter(|s| s.is_object()) else {
        return false;
    };
    let labels = pod.get("/metadata/labels");
    let label = |key: &str| labels.and_then(|l| l.get(key)).and_then(Value::as_str);
    let match_labels = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .all(|(key, value)| label(key) == value.as_str());
    let match_expressions = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .all(|expression| {
            let key = expression.get("key").and_then(Value::as_str).unwrap_or("");
            let values: Vec<&str> = expression
                .get("values")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let value = label(key);
            match expression.get("operator").and_then(Value::as_str) {
                Some("In") => value.is_some_and(|v| values.contains(&v)),
                Some("NotIn") => value.is_none_or(|v| !values.contains(&v)),
                Some("Exists") => value.is_some(),
                Some("DoesNotExist") => value.is_none(),
                _ => false,
            }
        });
    match_labels && match_expressions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readiness::test_support::obj;
    use crate::readiness::{State, compute};

    fn pod_with(status: &str) -> Object {
        obj(&format!(
            "apiVersion: v1\nkind: Pod\nmetadata: {{name: hub-1, namespace: odh}}\nstatus:\n{status}"
        ))
    }

    fn waiting(reason: &str, message: &str) -> Object {
        pod_with(&format!(
            "  phase: Pending\n  containerStatuses:\n  - name: hub\n    ready: false\n    state:\n      waiting: {{reason: {reason}, message: '{message}'}}\n"
        ))
    }

    #[test]
    fn running_and_ready_pod_is_current() {
        let status = compute(&pod_with(
            "  phase: Running\n  conditions: [{type: Ready, status: \"True\"}]\n",
        ));
        assert_eq!(status.state, State::Current);
    }

    #[test]
    fn running_pod_names_containers_not_ready() {
        let status = compute(&pod_with(
            "  phase: Running\n  conditions: [{type: Ready, status: \"False\"}]\n  containerStatuses:\n  - {name: hub, ready: false, state: {running: {}}}\n  - {name: sidecar, ready: true}\n",
        ));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(status.message, "waiting for containers to be ready: hub");
    }

    #[test]
    fn each_failing_wait_reason_is_failed() {
        for reason in [
            "CrashLoopBackOff",
            "ImagePullBackOff",
            "ErrImagePull",
            "CreateContainerConfigError",
            "InvalidImageName",
        ] {
            let status = compute(&waiting(reason, "details"));
            assert_eq!(status.state, State::Failed, "{reason}");
            assert_eq!(status.reason.as_deref(), Some(reason));
            assert_eq!(status.message, format!("container hub: {reason} (details)"));
        }
    }

    #[test]
    fn image_pull_backoff_message_reads_like_kapp() {
        let pod = waiting(
            "ImagePullBackOff",
            "Back-off pulling image \"quay.io/x/hub:1\"",
        );
        assert_eq!(
            failing_pod_reason(&pod).as_deref(),
            Some("container hub: ImagePullBackOff (Back-off pulling image \"quay.io/x/hub:1\")")
        );
    }

    #[test]
    fn crash_loop_includes_the_last_exit() {
        let pod = pod_with(
            "  phase: Running\n  initContainerStatuses:\n  - name: setup\n    state: {waiting: {reason: CrashLoopBackOff}}\n    lastState: {terminated: {exitCode: 2, reason: Error}}\n",
        );
        assert_eq!(
            failing_pod_reason(&pod).as_deref(),
            Some("init container setup: CrashLoopBackOff (last exit code 2: Error)")
        );
    }

    #[test]
    fn container_creating_is_not_a_failure() {
        let status = compute(&waiting("ContainerCreating", ""));
        assert_eq!(status.state, State::InProgress);
        assert_eq!(
            status.message,
            "pod is pending, container hub: ContainerCreating"
        );
    }

    #[test]
    fn unschedulable_pod_is_failed() {
        let pod = pod_with(
            "  phase: Pending\n  conditions:\n  - {type: PodScheduled, status: \"False\", reason: Unschedulable, message: '0/1 nodes are available: 1 Insufficient cpu.'}\n",
        );
        let status = compute(&pod);
        assert_eq!(status.state, State::Failed);
        assert_eq!(status.reason.as_deref(), Some("Unschedulable"));
        assert_eq!(
            status.message,
            "pod is unschedulable: 0/1 nodes are available: 1 Insufficient cpu."
        );
    }

    #[test]
    fn pod_phases() {
        assert_eq!(
            compute(&pod_with("  phase: Succeeded\n")).state,
            State::Current
        );
        let failed = compute(&pod_with(
            "  phase: Failed\n  containerStatuses:\n  - {name: job, state: {terminated: {exitCode: 3}}}\n",
        ));
        assert_eq!(failed.state, State::Failed);
        assert_eq!(
            failed.message,
            "pod failed: container job exited with code 3"
        );
        let evicted = compute(&pod_with(
            "  phase: Failed\n  reason: Evicted\n  message: low on memory\n",
        ));
        assert_eq!(evicted.message, "pod failed: Evicted: low on memory");
        assert_eq!(
            compute(&pod_with("  {}\n")).reason.as_deref(),
            Some("PodNotObserved")
        );
        assert_eq!(compute(&pod_with("  phase: Weird\n")).state, State::Unknown);
    }

    #[test]
    fn selector_matching() {
        let deployment = obj(r#"
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: hub, namespace: odh}
            spec:
              selector:
                matchLabels: {app: hub}
                matchExpressions:
                - {key: tier, operator: In, values: [web, api]}
                - {key: canary, operator: DoesNotExist}
            "#);
        let pod = |ns: &str, labels: &str| {
            obj(&format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: {ns}\n  labels: {labels}\n"
            ))
        };
        assert!(selects(&deployment, &pod("odh", "{app: hub, tier: web}")));
        assert!(!selects(&deployment, &pod("odh", "{app: hub, tier: db}")));
        assert!(!selects(
            &deployment,
            &pod("odh", "{app: hub, tier: web, canary: x}")
        ));
        assert!(!selects(
            &deployment,
            &pod("other", "{app: hub, tier: web}")
        ));
        let no_selector =
            obj("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x, namespace: odh}\n");
        assert!(!selects(&no_selector, &pod("odh", "{app: hub}")));
    }
}
