//! Install events for machines on stdout: one JSON object per line (`-o json`), or
//! one YAML document per event (`-o yaml`), each flushed as it happens.

use super::install::Reporter;
use crate::event::Event;
use std::io::Write;

/// Writes every event, the final `finished` one included, and nothing else.
pub struct JsonReporter {
    out: Box<dyn Write + Send>,
    yaml: bool,
    /// Set after a failed write (a closed pipe): later events are dropped.
    closed: bool,
}

impl JsonReporter {
    /// NDJSON on the process's stdout.
    pub fn new() -> JsonReporter {
        JsonReporter::with_writer(Box::new(std::io::stdout()))
    }

    /// YAML documents on the process's stdout.
    pub fn yaml() -> JsonReporter {
        JsonReporter {
            yaml: true,
            ..JsonReporter::new()
        }
    }

    /// NDJSON on the given writer, standing in for stdout.
    pub fn with_writer(out: Box<dyn Write + Send>) -> JsonReporter {
        JsonReporter {
            out,
            yaml: false,
            closed: false,
        }
    }

    /// YAML documents on the given writer, standing in for stdout.
    pub fn yaml_with_writer(out: Box<dyn Write + Send>) -> JsonReporter {
        JsonReporter {
            yaml: true,
            ..JsonReporter::with_writer(out)
        }
    }

    fn text(&self, event: &Event) -> Option<String> {
        if self.yaml {
            let value = serde_json::to_value(event).ok()?;
            let body = serde_saphyr::to_string(&value).ok()?;
            let end = if body.ends_with('\n') { "" } else { "\n" };
            Some(format!("---\n{body}{end}"))
        } else {
            let mut line = serde_json::to_string(event).ok()?;
            line.push('\n');
            Some(line)
        }
    }
}

impl Default for JsonReporter {
    fn default() -> Self {
        JsonReporter::new()
    }
}

impl Reporter for JsonReporter {
    fn on_event(&mut self, event: &Event) {
        if self.closed {
            return;
        }
        let Some(text) = self.text(event) else {
            return;
        };
        if self
            .out
            .write_all(text.as_bytes())
            .and_then(|()| self.out.flush())
            .is_err()
        {
            self.closed = true;
        }
    }

    fn finish(&mut self) {
        if !self.closed {
            let _ = self.out.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{ApplyOutcome, Blocker, Outcome, Summary};
    use crate::report::install::test_support::{Buffer, hub};
    use std::time::Duration;

    fn script() -> Vec<Event> {
        let waiting = Event::Waiting {
            component: "jupyterhub".into(),
            object: hub(),
            message: "0/1 replicas available".into(),
        };
        vec![
            Event::Applied {
                component: "jupyterhub".into(),
                object: hub(),
                outcome: ApplyOutcome::Create,
            },
            waiting.clone(),
            waiting,
            Event::Finished(Summary {
                outcome: Outcome::TimedOut,
                created: 1,
                updated: 0,
                unchanged: 0,
                adopted: 0,
                pruned: 0,
                elapsed: Duration::from_millis(300_040),
                blocked: vec![Blocker {
                    component: "jupyterhub".into(),
                    object: hub(),
                    reason: "0/1 replicas available".into(),
                }],
                not_started: vec![],
                access: vec![],
            }),
        ]
    }

    fn run(mut reporter: JsonReporter) {
        for event in script() {
            reporter.on_event(&event);
        }
        reporter.finish();
    }

    #[test]
    fn one_json_object_per_event() {
        let out = Buffer::default();
        run(JsonReporter::with_writer(Box::new(out.clone())));
        let hub = r#""object":"Deployment/hub (apps/v1) in opendatahub""#;
        let waiting = format!(
            r#"{{"event":"waiting","component":"jupyterhub",{hub},"message":"0/1 replicas available"}}"#
        );
        let expected = [
            format!(r#"{{"event":"applied","component":"jupyterhub",{hub},"outcome":"create"}}"#),
            waiting.clone(),
            waiting,
            format!(
                r#"{{"event":"finished","outcome":"timedOut","created":1,"updated":0,"unchanged":0,"adopted":0,"pruned":0,"elapsed":300.0,"blocked":[{{"component":"jupyterhub",{hub},"reason":"0/1 replicas available"}}],"notStarted":[]}}"#
            ),
        ];
        assert_eq!(out.text(), expected.join("\n") + "\n");
    }

    #[test]
    fn yaml_documents_parse_back_to_the_events() {
        let out = Buffer::default();
        run(JsonReporter::yaml_with_writer(Box::new(out.clone())));
        let text = out.text();
        assert!(text.starts_with("---\nevent: applied\n"), "{text}");
        let docs: Vec<&str> = text.split("---\n").filter(|d| !d.is_empty()).collect();
        assert_eq!(docs.len(), 4);
        let last: serde_json::Value = crate::yaml::from_str(docs[3]).unwrap();
        assert_eq!(last["event"], "finished");
        assert_eq!(last["blocked"][0]["reason"], "0/1 replicas available");
    }
}
