//! The request log: one record per request, for tests that assert order and counts, and
//! optionally one JSON line per request appended to a file (`--request-log`), for benchmarks.

use serde_json::json;
use std::io::{LineWriter, Write};
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

    /// The record as one JSON object (time in RFC 3339 with milliseconds, duration in ms).
    pub fn to_json(&self) -> serde_json::Value {
        let since = self
            .time
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let secs =
            crate::util::rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(since.as_secs()));
        json!({
            "time": format!("{}.{:03}Z", secs.trim_end_matches('Z'), since.subsec_millis()),
            "user": self.user,
            "method": self.method,
            "verb": self.verb,
            "path": self.path,
            "query": self.query,
            "content_type": self.content_type,
            "status": self.status,
            "duration_ms": (self.duration.as_secs_f64() * 1e6).round() / 1e3,
        })
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
    file: Mutex<Option<LineWriter<std::fs::File>>>,
}

impl RequestLog {
    pub fn new(cap: usize) -> Self {
        RequestLog {
            entries: Mutex::new(Vec::new()),
            cap,
            file: Mutex::new(None),
        }
    }

    /// Appends every record from now on to `file`, one JSON line each.
    pub fn write_to(&self, file: std::fs::File) {
        *self.file.lock().unwrap_or_else(|p| p.into_inner()) = Some(LineWriter::new(file));
    }

    pub fn push(&self, r: RequestRecord) {
        if let Some(f) = self.file.lock().unwrap_or_else(|p| p.into_inner()).as_mut() {
            let _ = writeln!(f, "{}", r.to_json());
        }
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
