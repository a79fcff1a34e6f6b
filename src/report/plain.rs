//! Install progress as plain lines on stderr, one per change of state, for CI
//! logs and pipes; the result goes to stdout (success) or stderr (failure).

use super::Terminal;
use super::install::{Reporter, write_summary};
use crate::event::{ApplyOutcome, Event};
use crate::object::ObjectRef;
use std::collections::HashMap;
use std::io::Write;

/// Turns events into log lines, remembering the last line about each object so
/// an unchanged state is never printed twice.
#[derive(Debug, Default)]
pub struct Lines {
    verbose: bool,
    last: HashMap<ObjectRef, String>,
}

impl Lines {
    /// `verbose` adds the plan, the waves and objects applied unchanged.
    pub fn new(verbose: bool) -> Lines {
        Lines {
            verbose,
            last: HashMap::new(),
        }
    }

    /// The line for an event, or `None` when it adds nothing. `Finished` has no
    /// line: its summary is written separately.
    pub fn line(&mut self, event: &Event) -> Option<String> {
        match event {
            Event::Planned { components } if self.verbose => {
                let parts: Vec<String> = components
                    .iter()
                    .map(|c| format!("{} ({} objects)", c.name, c.objects))
                    .collect();
                Some(format!("plan: {}", parts.join(", ")))
            }
            Event::WaveStarted {
                index,
                total,
                steps,
            } if self.verbose => Some(format!("wave {index}/{total}: {steps} steps")),
            Event::Planned { .. } | Event::WaveStarted { .. } => None,
            Event::Applied {
                outcome: ApplyOutcome::Unchanged,
                ..
            } if !self.verbose => None,
            Event::Applied {
                object, outcome, ..
            } => Some(format!("applied {object}: {}", outcome.as_str())),
            Event::Retrying {
                object,
                error,
                attempt,
                ..
            } => Some(format!("retrying {object}: {error} (attempt {attempt})")),
            Event::Waiting {
                object, message, ..
            } => self.changed(object, format!("waiting for {object}: {message}")),
            Event::Ready { object, .. } => self.changed(object, format!("ready {object}")),
            Event::ComponentReady { component } => Some(format!("component {component} ready")),
            Event::Failed { object, reason, .. } => Some(format!("failed {object}: {reason}")),
            Event::Pruned { object } => Some(format!("pruned {object}")),
            Event::Removing { components } if self.verbose => {
                let parts: Vec<String> = components
                    .iter()
                    .map(|c| format!("{} ({} objects)", c.name, c.objects))
                    .collect();
                Some(format!("removing: {}", parts.join(", ")))
            }
            Event::Removing { .. } => None,
            Event::Deleted { object, .. } => self.changed(object, format!("deleted {object}")),
            Event::Kept { object, reason, .. } => {
                self.changed(object, format!("kept {object}: {reason}"))
            }
            Event::GivenBack { object, .. } => self.changed(
                object,
                format!("gave back {object} (it existed before odh; odh's labels removed)"),
            ),
            Event::ComponentRemoved { component } => Some(format!("component {component} removed")),
            Event::Finished(_) => None,
        }
    }

    fn changed(&mut self, object: &ObjectRef, line: String) -> Option<String> {
        if self.last.get(object) == Some(&line) {
            return None;
        }
        self.last.insert(object.clone(), line.clone());
        Some(line)
    }
}

/// Prints [`Lines`] on stderr (nothing with `--quiet`) and the summary at the end.
pub struct PlainReporter {
    quiet: bool,
    lines: Lines,
    out: Box<dyn Write + Send>,
    err: Box<dyn Write + Send>,
}

impl PlainReporter {
    /// A reporter on the process's stdout and stderr.
    pub fn new(terminal: Terminal) -> PlainReporter {
        PlainReporter::with_writers(
            terminal,
            Box::new(std::io::stdout()),
            Box::new(std::io::stderr()),
        )
    }

    /// A reporter on the given writers, standing in for stdout and stderr.
    pub fn with_writers(
        terminal: Terminal,
        out: Box<dyn Write + Send>,
        err: Box<dyn Write + Send>,
    ) -> PlainReporter {
        PlainReporter {
            quiet: terminal.quiet,
            lines: Lines::new(terminal.verbose && !terminal.quiet),
            out,
            err,
        }
    }
}

impl Reporter for PlainReporter {
    fn on_event(&mut self, event: &Event) {
        if let Event::Finished(summary) = event {
            let _ = write_summary(summary, &mut self.out, &mut self.err);
            return;
        }
        if self.quiet {
            return;
        }
        if let Some(line) = self.lines.line(event) {
            let _ = writeln!(self.err, "{line}");
            let _ = self.err.flush();
        }
    }

    fn finish(&mut self) {
        let _ = self.out.flush();
        let _ = self.err.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{ComponentInfo, Outcome, Summary};
    use crate::report::install::test_support::{Buffer, hub, obj};
    use std::time::Duration;

    fn terminal(quiet: bool, verbose: bool) -> Terminal {
        Terminal {
            quiet,
            verbose,
            progress: false,
            interactive: false,
        }
    }

    fn run(terminal: Terminal, events: &[Event]) -> (String, String) {
        let (out, err) = (Buffer::default(), Buffer::default());
        let mut reporter =
            PlainReporter::with_writers(terminal, Box::new(out.clone()), Box::new(err.clone()));
        for event in events {
            reporter.on_event(event);
        }
        reporter.finish();
        (out.text(), err.text())
    }

    fn waiting(message: &str) -> Event {
        Event::Waiting {
            component: "jupyterhub".into(),
            object: hub(),
            message: message.into(),
        }
    }

    fn script() -> Vec<Event> {
        let ns = obj("v1", "Namespace", None, "opendatahub");
        vec![
            Event::Planned {
                components: vec![ComponentInfo {
                    profile: "core".into(),
                    name: "jupyterhub".into(),
                    objects: 2,
                }],
            },
            Event::WaveStarted {
                index: 1,
                total: 2,
                steps: 2,
            },
            Event::Applied {
                component: "jupyterhub".into(),
                object: ns,
                outcome: ApplyOutcome::Unchanged,
            },
            Event::Retrying {
                component: "jupyterhub".into(),
                object: hub(),
                error: "the server is currently unable to handle the request".into(),
                attempt: 1,
            },
            Event::Applied {
                component: "jupyterhub".into(),
                object: hub(),
                outcome: ApplyOutcome::Create,
            },
            waiting("0/1 replicas available"),
            waiting("0/1 replicas available"),
            waiting("pod hub-6d: container hub: ContainerCreating"),
            waiting("0/1 replicas available"),
            Event::Ready {
                component: "jupyterhub".into(),
                object: hub(),
            },
            Event::ComponentReady {
                component: "jupyterhub".into(),
            },
            Event::Pruned {
                object: obj("v1", "ConfigMap", Some("opendatahub"), "old"),
            },
            Event::Finished(Summary {
                outcome: Outcome::Succeeded,
                created: 1,
                updated: 0,
                unchanged: 1,
                adopted: 0,
                pruned: 1,
                elapsed: Duration::from_millis(4_210),
                blocked: vec![],
                not_started: vec![],
                access: vec![],
            }),
        ]
    }

    const RESULT: &str =
        "installed: 1 created, 0 updated, 1 unchanged, 0 adopted, 1 pruned in 4.2s\n";

    #[test]
    fn one_line_per_change_of_state() {
        let (out, err) = run(terminal(false, false), &script());
        assert_eq!(out, RESULT);
        assert_eq!(
            err,
            "retrying Deployment/hub (apps/v1) in opendatahub: the server is currently unable to handle the request (attempt 1)\n\
             applied Deployment/hub (apps/v1) in opendatahub: create\n\
             waiting for Deployment/hub (apps/v1) in opendatahub: 0/1 replicas available\n\
             waiting for Deployment/hub (apps/v1) in opendatahub: pod hub-6d: container hub: ContainerCreating\n\
             waiting for Deployment/hub (apps/v1) in opendatahub: 0/1 replicas available\n\
             ready Deployment/hub (apps/v1) in opendatahub\n\
             component jupyterhub ready\n\
             pruned ConfigMap/old (v1) in opendatahub\n"
        );
    }

    #[test]
    fn verbose_adds_plan_waves_and_unchanged_objects() {
        let (out, err) = run(terminal(false, true), &script());
        assert_eq!(out, RESULT);
        let head: Vec<&str> = err.lines().take(3).collect();
        assert_eq!(
            head,
            [
                "plan: jupyterhub (2 objects)",
                "wave 1/2: 2 steps",
                "applied Namespace/opendatahub (v1): unchanged",
            ]
        );
        assert_eq!(err.lines().count(), 11);
    }

    #[test]
    fn quiet_prints_only_the_result() {
        let (out, err) = run(terminal(true, false), &script());
        assert_eq!(out, RESULT);
        assert_eq!(err, "");
    }

    #[test]
    fn identical_waiting_messages_print_once() {
        let events = [
            waiting("0/1 replicas available"),
            waiting("0/1 replicas available"),
            waiting("0/1 replicas available"),
        ];
        let (out, err) = run(terminal(false, false), &events);
        assert_eq!(out, "");
        assert_eq!(
            err,
            "waiting for Deployment/hub (apps/v1) in opendatahub: 0/1 replicas available\n"
        );
    }

    #[test]
    fn failure_prints_the_reason_and_the_block_on_stderr() {
        let events = [
            Event::Failed {
                component: "jupyterhub".into(),
                object: hub(),
                reason: "pod hub-6d: container hub: ImagePullBackOff".into(),
            },
            Event::Finished(Summary {
                outcome: Outcome::Failed,
                created: 1,
                updated: 0,
                unchanged: 0,
                adopted: 0,
                pruned: 0,
                elapsed: Duration::from_secs(75),
                blocked: vec![crate::event::Blocker {
                    component: "jupyterhub".into(),
                    object: hub(),
                    reason: "pod hub-6d: container hub: ImagePullBackOff".into(),
                }],
                not_started: vec![],
                access: vec![],
            }),
        ];
        let (out, err) = run(terminal(false, false), &events);
        assert_eq!(out, "");
        assert_eq!(
            err,
            "failed Deployment/hub (apps/v1) in opendatahub: pod hub-6d: container hub: ImagePullBackOff\n\
             install failed after 1m15s; blocked:\n\
             \x20 Deployment/hub (apps/v1) in opendatahub [jupyterhub]: pod hub-6d: container hub: ImagePullBackOff\n"
        );
    }
}
