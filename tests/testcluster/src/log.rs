//! The request log: one record per request, for tests that assert order and counts.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// One served request.
#[derive(Clone, Debug)]
pub struct RequestRecord {
    pub time: SystemTime,
    /// The authenticated user ("" when authentication failed).
    pub user: String,
    /// HTTP method.
    pub method: String,
    /// Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection
    /// (or the lower-case HTTP method for non-resource paths).
    pub verb: String,
    pub path: String,
    /// The raw query string.
    pub query: String,
    pub content_type: String,
    /// HTTP status; 0 when the connection was reset without an answer.
    pub status: u16,
    pub duration: Duration,
}

impl RequestRecord {
    /// Whether this was a server-side apply (PATCH with `application/apply-patch+yaml`).
    pub fn is_apply(&self) -> bool {
        self.method == "PATCH" && self.content_type.starts_with("application/apply-patch")
    }

    /// The value of a query parameter.
    pub fn query_param(&self, key: &str) -> Option<String> {
        crate::http::parse_query(&self.query)
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

/// A bounded, thread-safe request log.
pub struct RequestLog {
    entries: Mutex<Vec<RequestRecord>>,
    cap: usize,
}

impl RequestLog {
    pub fn new(cap: usize) -> Self {
        RequestLog {
            entries: Mutex::new(Vec::new()),
            cap,
        }
    }

    pub fn push(&self, r: RequestRecord) {
        let mut e = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if e.len() >= self.cap {
            let drop = e.len() + 1 - self.cap;
            e.drain(..drop);
        }
        e.push(r);
    }

    pub fn snapshot(&self) -> Vec<RequestRecord> {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}
