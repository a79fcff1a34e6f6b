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
    /// Nothing listens, or the host cannot be resolved: retrying does not help.
    #[error("cannot reach the API server at {server}: {reason}")]
    Unreachable { server: String, reason: String },
    /// The server accepted the connection but did not answer in time.
    #[error("no answer from the API server at {server} {reason}")]
    NoAnswer { server: String, reason: String },
    /// The TLS handshake failed (an unknown CA, a wrong host name): never retried.
    #[error("TLS handshake with the API server at {server} failed: {reason}")]
    Tls { server: String, reason: String },
    /// The credentials were rejected (401): never retried.
    #[error("the API server rejected the credentials: {0}")]
    Unauthorized(String),
    /// A request was denied (403): never retried. The server's message says "forbidden".
    #[error("{0}")]
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

    /// The credentials were rejected or the request was not permitted.
    pub fn is_denied(&self) -> bool {
        matches!(
            self,
            ClusterError::Unauthorized(_) | ClusterError::Forbidden(_)
        )
    }

    /// The server cannot be talked to at all (nothing listens, no answer, TLS).
    pub fn is_connection(&self) -> bool {
        matches!(
            self,
            ClusterError::Unreachable { .. }
                | ClusterError::NoAnswer { .. }
                | ClusterError::Tls { .. }
        )
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

/// Names the server in errors about the connection itself.
pub(crate) fn at_server(mut err: ClusterError, at: &str) -> ClusterError {
    if let ClusterError::Unreachable { server, .. }
    | ClusterError::NoAnswer { server, .. }
    | ClusterError::Tls { server, .. } = &mut err
    {
        *server = at.to_string();
    }
    err
}

/// Sorts a kube error into a [`ClusterError`].
pub fn classify(err: kube::Error) -> ClusterError {
    match err {
        kube::Error::Api(status) => classify_status(&status),
        kube::Error::Auth(e) => ClusterError::Unauthorized(chain_text(&e)),
        kube::Error::HyperError(e) => classify_transport(&e),
        kube::Error::Service(e) => classify_transport(e.as_ref()),
        other => {
            let text = chain_text(&other);
            if text.contains("connection")
                || text.contains("reset")
                || text.contains("broken pipe")
                || text.contains("timed out")
            {
                classify_transport(&other)
            } else {
                ClusterError::Other(text)
            }
        }
    }
}

/// What kind of transport failure an error chain holds. Refused connections,
/// unknown hosts and TLS failures cannot succeed on retry; resets and dropped
/// connections can.
fn classify_transport(err: &(dyn std::error::Error + 'static)) -> ClusterError {
    let text = chain_text(err);
    let mut kinds = Vec::new();
    let mut tls = false;
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            kinds.push(io.kind());
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                tls = true;
            }
        }
        if e.is::<rustls::Error>() {
            tls = true;
        }
        cause = e.source();
    }
    let lower = text.to_ascii_lowercase();
    let server = String::new();
    if tls || lower.contains("certificate") || lower.contains("tls handshake") {
        return ClusterError::Tls {
            server,
            reason: text,
        };
    }
    if kinds.contains(&std::io::ErrorKind::ConnectionRefused)
        || lower.contains("connection refused")
    {
        return ClusterError::Unreachable {
            server,
            reason: "connection refused".into(),
        };
    }
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        return ClusterError::Unreachable {
            server,
            reason: format!("the host name does not resolve ({text})"),
        };
    }
    if kinds.contains(&std::io::ErrorKind::TimedOut) || lower.contains("timed out") {
        return ClusterError::NoAnswer {
            server,
            reason: format!("while connecting ({text})"),
        };
    }
    ClusterError::Transient(format!("connection error: {text}"))
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
        401 => ClusterError::Unauthorized(format!("{message} (401)")),
        403 => ClusterError::Forbidden(format!("{message} (403)")),
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
        // A server-side apply of a field the schema lacks or of the wrong type
        // (kubernetes/kubernetes#122480): an invalid object, not a server fault.
        500 if message.contains("failed to create typed patch object") => {
            ClusterError::Invalid(message)
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
        let typed = "failed to create typed patch object (odh/hub; apps/v1, Kind=Deployment): .spec.replicas: expected numeric (int or float), got string";
        assert!(matches!(
            classify_status(&status(500, "", typed)),
            ClusterError::Invalid(_)
        ));
        assert!(matches!(
            classify_status(&status(409, "AlreadyExists", "x")),
            ClusterError::AlreadyExists
        ));
    }
}
