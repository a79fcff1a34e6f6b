//! Requests through the service proxy for the probes: each within a time
//! limit, transient failures retried (the shared retry) until the run's
//! deadline, answers reduced to a [`Reply`]; plus a small cookie jar for the
//! programs that log in with a form.

use crate::cluster::{Cluster, ClusterError, ProxyRequest, ProxyResponse, ServiceTarget};
use crate::install::retry::retry;
use crate::verify::Reply;
use std::time::Duration;
use tokio::time::Instant;

/// The longest one request may take.
const REQUEST_LIMIT: Duration = Duration::from_secs(30);
/// The longest one call may keep retrying.
const CALL_LIMIT: Duration = Duration::from_secs(60);

/// Sends requests for one run of verify.
#[derive(Clone, Copy)]
pub struct Http<'a> {
    pub cluster: &'a Cluster,
    pub deadline: Instant,
}

impl Http<'_> {
    /// One request, retried on transient failures.
    pub async fn call(
        &self,
        target: &ServiceTarget,
        request: &ProxyRequest,
    ) -> Result<ProxyResponse, ClusterError> {
        let deadline = self.deadline.min(Instant::now() + CALL_LIMIT);
        retry(
            deadline,
            || async {
                let left = deadline.saturating_duration_since(Instant::now());
                self.cluster
                    .proxy(target, request, left.min(REQUEST_LIMIT))
                    .await
            },
            |_, _| {},
        )
        .await
    }

    /// One request, reduced to what the checks judge.
    pub async fn reply(&self, target: &ServiceTarget, request: &ProxyRequest) -> Reply {
        to_reply(&self.call(target, request).await)
    }
}

/// The answer as the checks see it: the backend's, the API server's, or none.
pub fn to_reply(result: &Result<ProxyResponse, ClusterError>) -> Reply {
    match result {
        Ok(response) => match response.apiserver_message() {
            Some(message) if response.status >= 400 => Reply::Proxy {
                status: response.status,
                message,
            },
            _ => Reply::Answer {
                status: response.status,
                body: response.body.clone(),
            },
        },
        Err(err) => Reply::Unreachable(err.to_string()),
    }
}

/// Cookies set by one program, sent back on later requests. Values are
/// credentials: they are never printed.
#[derive(Default, Clone)]
pub struct Jar {
    cookies: Vec<(String, String)>,
}

impl std::fmt::Debug for Jar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.cookies.iter().map(|(n, _)| n.as_str()).collect();
        write!(f, "Jar{names:?}")
    }
}

impl Jar {
    /// Takes the `Set-Cookie` headers of an answer (a cleared or expired cookie is dropped).
    pub fn store(&mut self, response: &ProxyResponse) {
        for line in response.header_values("set-cookie") {
            let mut parts = line.split(';');
            let Some((name, value)) = parts.next().and_then(|p| p.split_once('=')) else {
                continue;
            };
            let (name, value) = (
                name.trim().to_string(),
                value.trim().trim_matches('"').to_string(),
            );
            let cleared = value.is_empty()
                || parts.any(|a| {
                    let a = a.trim().to_ascii_lowercase();
                    a == "max-age=0"
                        || a.starts_with("max-age=-")
                        || a.contains("expires=thu, 01 jan 1970")
                });
            self.cookies.retain(|(n, _)| *n != name);
            if !cleared {
                self.cookies.push((name, value));
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The `Cookie` header value.
    pub fn header(&self) -> String {
        self.cookies
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Every value, for scrubbing evidence.
    pub fn values(&self) -> Vec<String> {
        self.cookies.iter().map(|(_, v)| v.clone()).collect()
    }

    /// A request with these cookies.
    pub fn attach(&self, request: ProxyRequest) -> ProxyRequest {
        if self.cookies.is_empty() {
            request
        } else {
            request.header("Cookie", self.header())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_cookies(lines: &[&str]) -> ProxyResponse {
        ProxyResponse {
            status: 302,
            headers: lines
                .iter()
                .map(|l| ("set-cookie".to_string(), l.to_string()))
                .collect(),
            body: Vec::new(),
        }
    }

    #[test]
    fn the_jar_keeps_set_cookies_and_drops_cleared_ones() {
        let mut jar = Jar::default();
        jar.store(&with_cookies(&[
            "_xsrf=abc; Path=/hub/; Max-Age=3600",
            "jupyterhub-session-id=s1; HttpOnly; Path=/",
        ]));
        assert_eq!(jar.get("_xsrf"), Some("abc"));
        assert_eq!(jar.header(), "_xsrf=abc; jupyterhub-session-id=s1");
        jar.store(&with_cookies(&[
            "_xsrf=def; Path=/hub/",
            "jupyterhub-session-id=; Max-Age=0",
        ]));
        assert_eq!(jar.get("_xsrf"), Some("def"));
        assert_eq!(jar.get("jupyterhub-session-id"), None);
        assert!(!format!("{jar:?}").contains("def"));
    }

    #[test]
    fn apiserver_errors_become_proxy_replies() {
        let status = Ok(ProxyResponse {
            status: 404,
            headers: vec![],
            body: br#"{"kind":"Status","apiVersion":"v1","message":"services \"minio\" not found","code":404}"#.to_vec(),
        });
        assert!(matches!(
            to_reply(&status),
            Reply::Proxy { status: 404, .. }
        ));
        let backend = Ok(ProxyResponse {
            status: 404,
            headers: vec![],
            body: b"<Error/>".to_vec(),
        });
        assert!(matches!(
            to_reply(&backend),
            Reply::Answer { status: 404, .. }
        ));
        let none: Result<ProxyResponse, ClusterError> =
            Err(ClusterError::Transient("reset".into()));
        assert!(matches!(to_reply(&none), Reply::Unreachable(_)));
    }
}
