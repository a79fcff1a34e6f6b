//! What a request through the service proxy brought back, as the checks see it:
//! the backend's answer, the API server's own error, or no answer at all.

use serde_json::Value;

/// One answer, reduced to what the checks judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The backend answered (any status).
    Answer { status: u16, body: Vec<u8> },
    /// The API server answered for the proxy: no such Service, no endpoints,
    /// forbidden, error reaching the backend.
    Proxy { status: u16, message: String },
    /// No answer: connection failure or time limit.
    Unreachable(String),
}

/// The longest body excerpt quoted as evidence.
const EXCERPT: usize = 160;

impl Reply {
    /// The backend's status, when the backend answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Reply::Answer { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The backend's body as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        match self {
            Reply::Answer { body, .. } => serde_json::from_slice(body).ok(),
            _ => None,
        }
    }

    /// The body as text (lossy), when the backend answered.
    pub fn text(&self) -> String {
        match self {
            Reply::Answer { body, .. } => String::from_utf8_lossy(body).into_owned(),
            _ => String::new(),
        }
    }

    /// One line for evidence: `HTTP 200: {…}`, `the API server answered 503: …`.
    pub fn describe(&self) -> String {
        match self {
            Reply::Answer { status, body } => {
                let text = excerpt(&String::from_utf8_lossy(body));
                if text.is_empty() {
                    format!("HTTP {status}")
                } else {
                    format!("HTTP {status}: {text}")
                }
            }
            Reply::Proxy { status, message } => {
                format!("the API server answered {status}: {}", excerpt(message))
            }
            Reply::Unreachable(why) => format!("no answer: {}", excerpt(why)),
        }
    }

    /// A hint for answers that did not come from the program itself.
    pub fn proxy_hint(&self, what: &str) -> Option<String> {
        match self {
            Reply::Proxy { status: 403, .. } => Some(format!(
                "your user may not use the service proxy for {what}; it needs the `create`/`get` verbs on services/proxy"
            )),
            Reply::Proxy { status: 404, .. } => Some(format!(
                "the Service of {what} is missing; run `odh status`"
            )),
            Reply::Proxy { .. } => Some(format!(
                "no ready pod behind {what}; run `odh status` and look at its pods"
            )),
            Reply::Unreachable(_) => Some(format!(
                "the API server did not relay an answer from {what}; is it overloaded or the pod hung?"
            )),
            Reply::Answer { .. } => None,
        }
    }
}

/// Text on one line, cut to a readable length.
pub fn excerpt(text: &str) -> String {
    let line = crate::error::one_line(text);
    if line.chars().count() <= EXCERPT {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT).collect();
    format!("{cut}…")
}

/// A field of an XML error body (`<Code>NoSuchBucket</Code>`), as S3 sends them.
pub fn xml_field(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&close)? + start;
    Some(text[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_each_kind_of_answer_on_one_line() {
        let answer = Reply::Answer {
            status: 500,
            body: b"line one\nline two".to_vec(),
        };
        assert_eq!(answer.describe(), "HTTP 500: line one line two");
        let long = Reply::Answer {
            status: 200,
            body: vec![b'x'; 500],
        };
        assert!(long.describe().chars().count() < 200);
        let proxy = Reply::Proxy {
            status: 503,
            message: "no endpoints available for service \"hub\"".into(),
        };
        assert_eq!(
            proxy.describe(),
            "the API server answered 503: no endpoints available for service \"hub\""
        );
        assert!(proxy.proxy_hint("JupyterHub").is_some());
        assert!(answer.proxy_hint("x").is_none());
    }

    #[test]
    fn reads_s3_error_fields() {
        let body = "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>";
        assert_eq!(xml_field(body, "Code").as_deref(), Some("NoSuchBucket"));
        assert_eq!(xml_field(body, "Nope"), None);
    }
}
