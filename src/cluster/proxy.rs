//! Requests to a Service through the API server's service proxy
//! (`/api/v1/namespaces/NS/services/[https:]NAME:PORT/proxy/PATH`), so a
//! laptop or CI runner with only a kubeconfig reaches in-cluster programs.
//!
//! The API server authenticates the caller and then drops the `Authorization`
//! header before forwarding; it forwards the `Host` header the client sent.
//! Callers therefore cannot authenticate to the backend with that header.

use super::error::at_server;
use super::{Cluster, ClusterError, classify};
use http::{Method, Request};
use std::time::Duration;

/// A Service port to reach, by port name or number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceTarget {
    pub namespace: String,
    pub name: String,
    /// The Service port's name or number.
    pub port: String,
    /// Talk HTTPS to the backend (the API server does not verify its certificate).
    pub https: bool,
}

impl ServiceTarget {
    /// The proxy path prefix, without a trailing slash.
    pub fn proxy_prefix(&self) -> String {
        let scheme = if self.https { "https:" } else { "" };
        format!(
            "/api/v1/namespaces/{}/services/{scheme}{}:{}/proxy",
            self.namespace, self.name, self.port
        )
    }
}

impl std::fmt::Display for ServiceTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Service {}/{}:{}", self.namespace, self.name, self.port)
    }
}

/// One request to a backend behind the proxy.
#[derive(Debug, Clone)]
pub struct ProxyRequest {
    pub method: Method,
    /// The backend path, starting with `/`.
    pub path: String,
    /// The query string (already encoded, no leading `?`), or empty.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ProxyRequest {
    pub fn get(path: &str) -> ProxyRequest {
        ProxyRequest::new(Method::GET, path)
    }

    pub fn new(method: Method, path: &str) -> ProxyRequest {
        ProxyRequest {
            method,
            path: path.to_string(),
            query: String::new(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn query(mut self, query: impl Into<String>) -> ProxyRequest {
        self.query = query.into();
        self
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> ProxyRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// A JSON body with its content type.
    pub fn json(self, body: &serde_json::Value) -> ProxyRequest {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        self.header("Content-Type", "application/json").body(bytes)
    }

    pub fn body(mut self, body: Vec<u8>) -> ProxyRequest {
        self.body = body;
        self
    }
}

/// What came back: the backend's answer, or the API server's own error.
#[derive(Debug, Clone)]
pub struct ProxyResponse {
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl ProxyResponse {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header (`Set-Cookie` comes several times).
    pub fn header_values(&self, name: &str) -> Vec<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .filter(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The API server's message when the body is a Kubernetes `Status` (the
    /// proxy itself failed: no such Service, no endpoints, not allowed).
    pub fn apiserver_message(&self) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        (value.get("kind")?.as_str()? == "Status" && value.get("apiVersion")?.as_str()? == "v1")
            .then(|| {
                value
                    .get("message")
                    .and_then(|m| m.as_str())
                    .unwrap_or("")
                    .to_string()
            })
    }
}

/// The authority of a URL as an HTTP client sends it in `Host`: the host, and
/// the port unless it is the scheme's default.
pub fn host_header(url: &http::Uri) -> String {
    let host = url.host().unwrap_or("");
    let default = match url.scheme_str() {
        Some("http") => 80,
        _ => 443,
    };
    match url.port_u16() {
        Some(port) if port != default => format!("{host}:{port}"),
        _ => host.to_string(),
    }
}

impl Cluster {
    /// The `Host` header backends see behind the service proxy (the API
    /// server forwards the one this client sends).
    pub fn proxied_host(&self) -> String {
        self.server
            .parse::<http::Uri>()
            .map(|uri| host_header(&uri))
            .unwrap_or_default()
    }

    /// Sends one request through the service proxy and reads the whole answer,
    /// within `limit`. Any HTTP answer is returned, errors included; only
    /// transport failures and throttling of the API server are errors.
    ///
    /// # Errors
    /// `Transient` on connection failures, throttling and when `limit` passes;
    /// `Other` for a request that cannot be built.
    pub async fn proxy(
        &self,
        target: &ServiceTarget,
        request: &ProxyRequest,
        limit: Duration,
    ) -> Result<ProxyResponse, ClusterError> {
        let mut uri = format!("{}{}", target.proxy_prefix(), request.path);
        if !request.query.is_empty() {
            uri.push('?');
            uri.push_str(&request.query);
        }
        let mut builder = Request::builder().method(request.method.clone()).uri(uri);
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let built = builder
            .body(kube::client::Body::from(request.body.clone()))
            .map_err(|e| ClusterError::Other(format!("building a proxy request: {e}")))?;
        let exchange = async {
            let response = self
                .proxy_client
                .send(built)
                .await
                .map_err(|e| at_server(classify(e), &self.server))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_ascii_lowercase(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let body = response
                .into_body()
                .collect_bytes()
                .await
                .map_err(|e| at_server(classify(e), &self.server))?
                .to_vec();
            Ok::<_, ClusterError>(ProxyResponse {
                status,
                headers,
                body,
            })
        };
        let answer = tokio::time::timeout(limit, exchange).await.map_err(|_| {
            ClusterError::Transient(format!(
                "no answer from {target} within {}s",
                limit.as_secs()
            ))
        })??;
        if answer.status == 429 && answer.apiserver_message().is_some() {
            return Err(ClusterError::Transient(
                "the API server is throttling requests (429)".into(),
            ));
        }
        Ok(answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_header_drops_default_ports_only() {
        let host = |u: &str| host_header(&u.parse().unwrap());
        assert_eq!(host("https://127.0.0.1:6443"), "127.0.0.1:6443");
        assert_eq!(host("https://api.example.com:443"), "api.example.com");
        assert_eq!(host("https://api.example.com"), "api.example.com");
        assert_eq!(host("http://kubernetes:80/"), "kubernetes");
        assert_eq!(host("https://[::1]:6443"), "[::1]:6443");
    }

    #[test]
    fn proxy_prefix_names_scheme_service_and_port() {
        let mut target = ServiceTarget {
            namespace: "ns".into(),
            name: "minio".into(),
            port: "api".into(),
            https: false,
        };
        assert_eq!(
            target.proxy_prefix(),
            "/api/v1/namespaces/ns/services/minio:api/proxy"
        );
        target.https = true;
        target.port = "8443".into();
        assert_eq!(
            target.proxy_prefix(),
            "/api/v1/namespaces/ns/services/https:minio:8443/proxy"
        );
    }

    #[test]
    fn apiserver_errors_are_told_from_backend_answers() {
        let status = ProxyResponse {
            status: 503,
            headers: vec![],
            body: br#"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"no endpoints available for service \"minio\"","reason":"ServiceUnavailable","code":503}"#.to_vec(),
        };
        assert_eq!(
            status.apiserver_message().as_deref(),
            Some("no endpoints available for service \"minio\"")
        );
        let backend = ProxyResponse {
            status: 503,
            headers: vec![("content-type".into(), "application/json".into())],
            body: br#"{"database":"failing"}"#.to_vec(),
        };
        assert_eq!(backend.apiserver_message(), None);
        assert_eq!(backend.header("Content-Type"), Some("application/json"));
    }
}
