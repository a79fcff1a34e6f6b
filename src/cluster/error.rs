//! What went wrong talking to the cluster, classified for retrying and exit codes.

use crate::error::chain_text;
use kube::core::Status;

/// A field owned by another manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub field: String,
    pub manager: String,
}

/// A classified cluster error. Messages never include object content.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ClusterError {
    #[error("not found")]
    NotFound,
    #[error("the API server does not serve {0}")]
    UnknownKind(String),
    #[error("already exists")]
    AlreadyExists,
    /// A server-side apply conflict with other field managers.
    #[error("{}", describe_conflicts(.0))]
    Conflict(Vec<Conflict>),
    /// The object changed since it was read (optimistic concurrency).
    #[error("the object changed meanwhile: {0}")]
    Changed(String),
    /// Worth retrying: throttling, server errors, dropped connections, webhooks without endpoints.
    #[error("{0}")]
    Transient(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Rejected as invalid (422, 400, admission denial).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Other(String),
}

impl ClusterError {
    pub fn is_transient(&self) -> bool {
        matches!(self, ClusterError::Transient(_))
    }
}

fn describe_conflicts(conflicts: &[Conflict]) -> String {
    let parts: Vec<String> = conflicts
        .iter()
        .map(|c| {
            format!(
                "field {} is owned by field manager {:?}",
                c.field, c.manager
            )
        })
        .collect();
    format!("apply conflict: {}", parts.join(", "))
}

/// Sorts a kube error into a [`ClusterError`].
pub fn classify(err: kube::Error) -> ClusterError {
    match err {
        kube::Error::Api(status) => classify_status(&status),
        kube::Error::HyperError(e) => {
            ClusterError::Transient(format!("connection error: {}", chain_text(&e)))
        }
        kube::Error::Service(e) => {
            ClusterError::Transient(format!("connection error: {}", chain_text(e.as_ref())))
        }
        other => {
            let text = chain_text(&other);
            if text.contains("connection")
                || text.contains("reset")
                || text.contains("broken pipe")
                || text.contains("timed out")
            {
                ClusterError::Transient(text)
            } else {
                ClusterError::Other(text)
            }
        }
    }
}

/// The manager named in a conflict cause: `conflict with "kubectl-edit" using
/// v1 at 2026-…` → `kubectl-edit`.
fn conflicting_manager(message: &str) -> String {
    let rest = message.strip_prefix("conflict with ").unwrap_or(message);
    match rest.strip_prefix('"').and_then(|r| r.split_once('"')) {
        Some((name, _)) => name.to_string(),
        None => rest.trim_matches('"').to_string(),
    }
}

fn classify_status(status: &Status) -> ClusterError {
    let message = status.message.clone();
    let webhook = message.contains("failed calling webhook")
        || message.contains("conversion webhook")
        || message.contains("no endpoints available");
    match status.code {
        404 => ClusterError::NotFound,
        401 => ClusterError::Unauthorized(message),
        403 => ClusterError::Forbidden(message),
        409 if status.reason == "AlreadyExists" => ClusterError::AlreadyExists,
        409 => {
            let conflicts: Vec<Conflict> = status
                .details
                .as_ref()
                .map(|d| {
                    d.causes
                        .iter()
                        .filter(|c| c.reason == "FieldManagerConflict")
                        .map(|c| Conflict {
                            field: c.field.clone(),
                            manager: conflicting_manager(&c.message),
                        })
                        .collect()
                })
                .unwrap_or_default();
            if conflicts.is_empty() {
                ClusterError::Changed(message)
            } else {
                ClusterError::Conflict(conflicts)
            }
        }
        429 | 500 | 502 | 503 | 504 => {
            ClusterError::Transient(format!("{} ({})", message, status.code))
        }
        _ if webhook => ClusterError::Transient(message),
        400 | 422 => ClusterError::Invalid(message),
        _ => ClusterError::Other(format!("{} ({})", message, status.code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, reason: &str, message: &str) -> Status {
        serde_json::from_value(serde_json::json!({
            "kind": "Status", "apiVersion": "v1", "status": "Failure",
            "code": code, "reason": reason, "message": message,
        }))
        .unwrap()
    }

    #[test]
    fn conflicts_name_field_and_manager() {
        let mut s = status(
            409,
            "Conflict",
            "Apply failed with 1 conflict: conflict with \"kubectl\": .data.mode",
        );
        s.details = serde_json::from_value(serde_json::json!({
            "causes": [{"reason": "FieldManagerConflict", "message": "conflict with \"kubectl\"", "field": ".data.mode"}]
        }))
        .unwrap();
        let err = classify_status(&s);
        assert_eq!(
            err.to_string(),
            "apply conflict: field .data.mode is owned by field manager \"kubectl\""
        );
    }

    #[test]
    fn an_update_manager_is_named_without_its_version_and_time() {
        assert_eq!(
            conflicting_manager("conflict with \"kubectl-edit\" using v1 at 2026-12-01T22:06:30Z"),
            "kubectl-edit"
        );
        assert_eq!(conflicting_manager("conflict with \"odh\""), "odh");
    }

    #[test]
    fn webhook_and_server_errors_are_transient() {
        let hook = "Internal error occurred: failed calling webhook \"v.seldon.io\": no endpoints available for service \"seldon-webhook-service\"";
        assert!(classify_status(&status(500, "InternalError", hook)).is_transient());
        assert!(classify_status(&status(429, "TooManyRequests", "slow down")).is_transient());
        assert!(classify_status(&status(503, "ServiceUnavailable", "x")).is_transient());
        assert!(!classify_status(&status(422, "Invalid", "bad")).is_transient());
        assert!(matches!(
            classify_status(&status(409, "AlreadyExists", "x")),
            ClusterError::AlreadyExists
        ));
    }
}
