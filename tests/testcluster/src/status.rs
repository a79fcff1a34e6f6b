//! Kubernetes `Status` bodies for errors and successful deletions, shaped like a real kube-apiserver's.

use serde_json::{Map, Value, json};

/// A group and resource (plural), used to name things in error messages (`deployments.apps`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GroupResource {
    pub group: String,
    pub resource: String,
}

impl GroupResource {
    pub fn new(group: &str, resource: &str) -> Self {
        GroupResource {
            group: group.to_string(),
            resource: resource.to_string(),
        }
    }
}

impl std::fmt::Display for GroupResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.group.is_empty() {
            write!(f, "{}", self.resource)
        } else {
            write!(f, "{}.{}", self.resource, self.group)
        }
    }
}

/// An error answered as a `Status` body (or plain text for unknown paths).
#[derive(Clone, Debug)]
pub struct ApiError {
    pub code: u16,
    pub body: Box<Value>,
    /// When set, the error is answered as `text/plain` with this text instead of JSON.
    pub plain: Option<String>,
    /// Extra response headers (for example `Retry-After`).
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.message())
    }
}

impl std::error::Error for ApiError {}

/// Builds a failure `Status` object.
pub fn failure(code: u16, reason: Option<&str>, message: &str, details: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), json!("Status"));
    m.insert("apiVersion".into(), json!("v1"));
    m.insert("metadata".into(), json!({}));
    m.insert("status".into(), json!("Failure"));
    m.insert("message".into(), json!(message));
    if let Some(r) = reason {
        m.insert("reason".into(), json!(r));
    }
    if let Some(d) = details {
        m.insert("details".into(), d);
    }
    m.insert("code".into(), json!(code));
    Value::Object(m)
}

fn details(gr: &GroupResource, name: Option<&str>) -> Value {
    let mut d = Map::new();
    if let Some(n) = name {
        d.insert("name".into(), json!(n));
    }
    if !gr.group.is_empty() {
        d.insert("group".into(), json!(gr.group));
    }
    d.insert("kind".into(), json!(gr.resource));
    Value::Object(d)
}

impl ApiError {
    pub fn new(code: u16, reason: Option<&str>, message: &str, details: Option<Value>) -> Self {
        ApiError {
            code,
            body: Box::new(failure(code, reason, message, details)),
            plain: None,
            headers: Vec::new(),
        }
    }

    pub fn message(&self) -> &str {
        self.plain
            .as_deref()
            .or_else(|| self.body.get("message").and_then(Value::as_str))
            .unwrap_or("")
    }

    pub fn reason(&self) -> &str {
        self.body
            .get("reason")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn with_header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.to_string(), v.to_string()));
        self
    }

    /// `404 page not found` as text/plain (unknown group or path).
    pub fn page_not_found() -> Self {
        ApiError {
            code: 404,
            body: Box::new(Value::Null),
            plain: Some("404 page not found\n".into()),
            headers: Vec::new(),
        }
    }

    /// Unknown resource in a known group-version.
    pub fn resource_not_found() -> Self {
        Self::new(
            404,
            Some("NotFound"),
            "the server could not find the requested resource",
            Some(json!({})),
        )
    }

    pub fn not_found(gr: &GroupResource, name: &str) -> Self {
        Self::new(
            404,
            Some("NotFound"),
            &format!("{gr} \"{name}\" not found"),
            Some(details(gr, Some(name))),
        )
    }

    pub fn already_exists(gr: &GroupResource, name: &str) -> Self {
        Self::new(
            409,
            Some("AlreadyExists"),
            &format!("{gr} \"{name}\" already exists"),
            Some(details(gr, Some(name))),
        )
    }

    pub fn conflict(gr: &GroupResource, name: &str, why: &str) -> Self {
        Self::new(
            409,
            Some("Conflict"),
            &format!("Operation cannot be fulfilled on {gr} \"{name}\": {why}"),
            Some(details(gr, Some(name))),
        )
    }

    pub fn stale(gr: &GroupResource, name: &str) -> Self {
        Self::conflict(
            gr,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    pub fn bad_request(message: &str) -> Self {
        Self::new(400, Some("BadRequest"), message, None)
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            405,
            Some("MethodNotAllowed"),
            "the server does not allow this method on the requested resource",
            Some(json!({})),
        )
    }

    pub fn unsupported_media_type(ct: &str) -> Self {
        Self::new(
            415,
            Some("UnsupportedMediaType"),
            &format!(
                "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/apply-patch+yaml, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json (got {ct})"
            ),
            None,
        )
    }

    /// 415 for a patch type the resource does not take (strategic merge on custom resources).
    pub fn unsupported_patch(accepted: &[&str]) -> Self {
        Self::new(
            415,
            Some("UnsupportedMediaType"),
            &format!(
                "the body of the request was in an unknown format - accepted media types include: {}",
                accepted.join(", ")
            ),
            None,
        )
    }

    /// 422 Invalid with one cause per problem: `(reason, field, message)`.
    pub fn invalid(
        kind: &str,
        group: &str,
        name: &str,
        causes: &[(String, String, String)],
    ) -> Self {
        let qualified = if group.is_empty() {
            kind.to_string()
        } else {
            format!("{kind}.{group}")
        };
        let parts: Vec<String> = causes
            .iter()
            .map(|(_, field, msg)| format!("{field}: {msg}"))
            .collect();
        let joined = if parts.len() == 1 {
            parts[0].clone()
        } else {
            format!("[{}]", parts.join(", "))
        };
        let mut d = Map::new();
        d.insert("name".into(), json!(name));
        if !group.is_empty() {
            d.insert("group".into(), json!(group));
        }
        d.insert("kind".into(), json!(kind));
        d.insert(
            "causes".into(),
            Value::Array(
                causes
                    .iter()
                    .map(|(r, f, m)| json!({"reason": r, "message": m, "field": f}))
                    .collect(),
            ),
        );
        Self::new(
            422,
            Some("Invalid"),
            &format!("{qualified} \"{name}\" is invalid: {joined}"),
            Some(Value::Object(d)),
        )
    }

    pub fn unauthorized() -> Self {
        Self::new(401, Some("Unauthorized"), "Unauthorized", None)
    }

    /// 403 Forbidden (`NewForbidden`): `<resource> "<name>" is forbidden: <why>[: <reason>]`, or
    /// `forbidden: <why>` for a non-resource path.
    pub fn forbidden_message(
        gr: &GroupResource,
        name: Option<&str>,
        why: &str,
        reason: &str,
    ) -> Self {
        let why = if reason.is_empty() {
            why.to_string()
        } else {
            format!("{why}: {reason}")
        };
        if gr.resource.is_empty() {
            return Self::new(
                403,
                Some("Forbidden"),
                &format!("forbidden: {why}"),
                Some(json!({})),
            );
        }
        let subject = match name {
            Some(n) => format!("{gr} \"{n}\""),
            None => gr.to_string(),
        };
        Self::new(
            403,
            Some("Forbidden"),
            &format!("{subject} is forbidden: {why}"),
            Some(details(gr, name)),
        )
    }

    /// 403 for a create in a namespace that is being terminated.
    pub fn namespace_terminating(gr: &GroupResource, name: &str, ns: &str) -> Self {
        let mut d = details(gr, Some(name));
        d["causes"] = json!([{
            "reason": "NamespaceTerminating",
            "message": format!("namespace {ns} is being terminated"),
            "field": "metadata.namespace"
        }]);
        Self::new(
            403,
            Some("Forbidden"),
            &format!(
                "{gr} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated"
            ),
            Some(d),
        )
    }

    /// 403 from an admission check that denied the request.
    pub fn admission_denied(gr: &GroupResource, name: &str, webhook: &str, why: &str) -> Self {
        Self::new(
            403,
            Some("Forbidden"),
            &format!("admission webhook \"{webhook}\" denied the request: {why}"),
            Some(details(gr, Some(name))),
        )
    }

    /// 500 InternalError (the shape used by failing webhooks).
    pub fn internal(message: &str) -> Self {
        Self::new(
            500,
            Some("InternalError"),
            &format!("Internal error occurred: {message}"),
            Some(json!({"causes": [{"message": message}]})),
        )
    }

    /// 500 without reason or details (server-side apply typed-patch failures).
    pub fn typed_patch(message: &str) -> Self {
        Self::new(500, None, message, None)
    }

    pub fn too_many_requests() -> Self {
        Self::new(
            429,
            Some("TooManyRequests"),
            "the server has received too many requests and has asked us to try again later",
            Some(json!({"retryAfterSeconds": 1})),
        )
        .with_header("Retry-After", "1")
    }

    pub fn service_unavailable() -> Self {
        Self::new(
            503,
            Some("ServiceUnavailable"),
            "the server is currently unable to handle the request",
            Some(json!({})),
        )
    }

    pub fn gone(message: &str) -> Self {
        Self::new(410, Some("Expired"), message, None)
    }
}

/// The `Status` answered for a completed deletion.
pub fn deleted(gr: &GroupResource, name: &str, uid: &str) -> Value {
    let mut d = Map::new();
    d.insert("name".into(), json!(name));
    if !gr.group.is_empty() {
        d.insert("group".into(), json!(gr.group));
    }
    d.insert("kind".into(), json!(gr.resource));
    d.insert("uid".into(), json!(uid));
    json!({
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": Value::Object(d)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_message_names_group() {
        let e = ApiError::not_found(&GroupResource::new("apps", "deployments"), "web");
        assert_eq!(e.message(), "deployments.apps \"web\" not found");
        assert_eq!(e.body["details"]["group"], "apps");
        let e = ApiError::not_found(&GroupResource::new("", "configmaps"), "x");
        assert!(e.body["details"].get("group").is_none());
    }
}
