//! How `odh install` shows its progress: the [`Reporter`] trait fed with executor
//! [`Event`]s, the choice of printer, and the final summary shared by the text printers.

use super::Terminal;
use super::json::JsonReporter;
use super::plain::PlainReporter;
use super::progress::ProgressReporter;
use crate::cli::OutputFormat;
use crate::event::{Event, Outcome, Summary};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::time::Duration;

/// Consumes the events of one install, in the order they happened.
pub trait Reporter: Send {
    /// Shows one event.
    fn on_event(&mut self, event: &Event);

    /// Called once after the last event: flushes output and tidies bars.
    fn finish(&mut self) {}
}

/// The reporter for this terminal and output format: NDJSON (or YAML documents) on
/// stdout with `-o json`/`-o yaml`, bars on a terminal, plain lines otherwise.
pub fn reporter(terminal: Terminal, output: OutputFormat) -> Box<dyn Reporter> {
    match output {
        OutputFormat::Json => Box::new(JsonReporter::new()),
        OutputFormat::Yaml => Box::new(JsonReporter::yaml()),
        OutputFormat::Text if terminal.progress => Box::new(ProgressReporter::new(terminal)),
        OutputFormat::Text => Box::new(PlainReporter::new(terminal)),
    }
}

/// Writes the end of an install: one line on `out` when it succeeded, else the
/// blocked objects and the dependents not started on `err`.
///
/// # Errors
/// A failed write.
pub fn write_summary(
    summary: &Summary,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    match summary.outcome {
        Outcome::Succeeded => {
            writeln!(out, "{}", success_line(summary))?;
            out.write_all(access_block(&summary.access).as_bytes())?;
            out.flush()
        }
        _ => {
            err.write_all(failure_block(summary).as_bytes())?;
            err.flush()
        }
    }
}

/// `installed: 12 created, 3 updated, 40 unchanged, 0 adopted, 1 pruned in 42.0s`.
pub fn success_line(summary: &Summary) -> String {
    format!(
        "installed: {} created, {} updated, {} unchanged, {} adopted, {} pruned in {}",
        summary.created,
        summary.updated,
        summary.unchanged,
        summary.adopted,
        summary.pruned,
        elapsed(summary.elapsed)
    )
}

/// How to reach each entry point: its URL, the command that makes it
/// reachable, each credential (a public value or the command that shows it).
pub fn access_block(entries: &[crate::render::EntryPoint]) -> String {
    let mut text = String::new();
    if entries.is_empty() {
        return text;
    }
    text.push_str("how to reach it:\n");
    for e in entries {
        let _ = match (&e.url, &e.reach) {
            (Some(url), Some(reach)) => writeln!(text, "  {}: {url}  (first: {reach})", e.name),
            (Some(url), None) => writeln!(text, "  {}: {url}", e.name),
            (None, Some(reach)) => writeln!(text, "  {}: {reach}", e.name),
            (None, None) => writeln!(text, "  {}", e.name),
        };
        for c in &e.credentials {
            let shown = c.value.as_deref().or(c.command.as_deref()).unwrap_or("");
            let _ = writeln!(text, "    {}: {shown}", c.what);
        }
        if let Some(note) = &e.note {
            let _ = writeln!(text, "    {note}");
        }
    }
    text
}

/// The header, every blocked object with its reason and every dependent not
/// started with why, sorted by component and object so the text is stable.
pub fn failure_block(summary: &Summary) -> String {
    let mut text = match summary.outcome {
        Outcome::TimedOut => format!("install timed out after {}", elapsed(summary.elapsed)),
        Outcome::Refused => "install refused".to_string(),
        Outcome::Denied => format!(
            "install stopped after {}: the API server denied a request",
            elapsed(summary.elapsed)
        ),
        _ => format!("install failed after {}", elapsed(summary.elapsed)),
    };
    let mut blocked: Vec<_> = summary.blocked.iter().collect();
    blocked
        .sort_by(|a, b| sort_key(&a.component, &a.object).cmp(&sort_key(&b.component, &b.object)));
    let mut not_started: Vec<_> = summary.not_started.iter().collect();
    not_started
        .sort_by(|a, b| sort_key(&a.component, &a.object).cmp(&sort_key(&b.component, &b.object)));
    if blocked.is_empty() {
        text.push('\n');
    } else {
        text.push_str("; blocked:\n");
        for b in blocked {
            let _ = writeln!(
                text,
                "  {} [{}]: {}",
                b.object,
                b.component,
                indent(&b.reason)
            );
        }
    }
    if !not_started.is_empty() {
        text.push_str("not started:\n");
        for n in not_started {
            let _ = writeln!(text, "  {} [{}]: {}", n.object, n.component, indent(&n.why));
        }
    }
    text
}

fn sort_key<'a>(
    component: &'a str,
    object: &'a crate::object::ObjectRef,
) -> (&'a str, &'a str, Option<&'a str>, &'a str, &'a str) {
    (
        component,
        &object.kind,
        object.namespace.as_deref(),
        &object.name,
        &object.api_version,
    )
}

/// Continuation lines of a multi-line reason, indented under their object.
fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n    ")
}

/// `42.0s` under a minute, else `5m0s` or `1h2m3s`.
pub fn elapsed(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 59.95 {
        return format!("{secs:.1}s");
    }
    let total = secs.round() as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else {
        format!("{m}m{s}s")
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! A writer tests can read back, and shorthands for events.

    use crate::object::ObjectRef;
    use std::io::{self, Write};
    use std::sync::{Arc, Mutex};

    /// A cloneable in-memory writer.
    #[derive(Clone, Default)]
    pub struct Buffer(Arc<Mutex<Vec<u8>>>);

    impl Buffer {
        pub fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    pub fn obj(api_version: &str, kind: &str, namespace: Option<&str>, name: &str) -> ObjectRef {
        ObjectRef {
            api_version: api_version.into(),
            kind: kind.into(),
            namespace: namespace.map(Into::into),
            name: name.into(),
        }
    }

    pub fn hub() -> ObjectRef {
        obj("apps/v1", "Deployment", Some("opendatahub"), "hub")
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;
    use crate::event::{Blocker, NotStarted};

    fn summary(outcome: Outcome, secs: f64) -> Summary {
        Summary {
            outcome,
            created: 12,
            updated: 3,
            unchanged: 40,
            adopted: 0,
            pruned: 1,
            elapsed: Duration::from_secs_f64(secs),
            blocked: vec![],
            not_started: vec![],
            access: vec![],
        }
    }

    #[test]
    fn elapsed_reads_like_a_duration() {
        assert_eq!(elapsed(Duration::from_millis(42_040)), "42.0s");
        assert_eq!(elapsed(Duration::from_millis(300)), "0.3s");
        assert_eq!(elapsed(Duration::from_secs(300)), "5m0s");
        assert_eq!(elapsed(Duration::from_secs(3723)), "1h2m3s");
    }

    #[test]
    fn success_goes_to_stdout_only() {
        let (mut out, mut err) = (Buffer::default(), Buffer::default());
        write_summary(&summary(Outcome::Succeeded, 42.0), &mut out, &mut err).unwrap();
        assert_eq!(
            out.text(),
            "installed: 12 created, 3 updated, 40 unchanged, 0 adopted, 1 pruned in 42.0s\n"
        );
        assert_eq!(err.text(), "");
    }

    #[test]
    fn failure_names_blockers_and_dependents_in_a_stable_order() {
        let mut s = summary(Outcome::TimedOut, 300.0);
        s.blocked = vec![
            Blocker {
                component: "s3".into(),
                object: obj("apps/v1", "Deployment", Some("opendatahub"), "minio"),
                reason: "0/1 replicas available".into(),
            },
            Blocker {
                component: "jupyterhub".into(),
                object: hub(),
                reason: "pod hub-6d: container hub: ImagePullBackOff\n(Back-off pulling image)"
                    .into(),
            },
        ];
        s.not_started = vec![NotStarted {
            component: "ai-library-models".into(),
            object: obj(
                "machinelearning.seldon.io/v1",
                "SeldonDeployment",
                Some("opendatahub"),
                "sentiment",
            ),
            why: "waits for seldon-operator".into(),
        }];
        let (mut out, mut err) = (Buffer::default(), Buffer::default());
        write_summary(&s, &mut out, &mut err).unwrap();
        assert_eq!(out.text(), "");
        assert_eq!(
            err.text(),
            "install timed out after 5m0s; blocked:\n\
             \x20 Deployment/hub (apps/v1) in opendatahub [jupyterhub]: pod hub-6d: container hub: ImagePullBackOff\n\
             \x20   (Back-off pulling image)\n\
             \x20 Deployment/minio (apps/v1) in opendatahub [s3]: 0/1 replicas available\n\
             not started:\n\
             \x20 SeldonDeployment/sentiment (machinelearning.seldon.io/v1) in opendatahub [ai-library-models]: waits for seldon-operator\n"
        );
    }

    #[test]
    fn refusal_without_blockers_is_one_line() {
        assert_eq!(
            failure_block(&summary(Outcome::Refused, 0.2)),
            "install refused\n"
        );
        assert_eq!(
            failure_block(&summary(Outcome::Failed, 1.5)),
            "install failed after 1.5s\n"
        );
    }
}
