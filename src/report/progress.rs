//! Install progress on a terminal: one spinner line per component on stderr,
//! showing what it currently waits for, cut to the terminal's width.

use super::Terminal;
use super::install::{Reporter, write_summary};
use super::plain::Lines;
use crate::error::one_line;
use crate::event::{ComponentInfo, Event};
use crate::object::ObjectRef;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// One component's line and what it shows.
struct Row {
    name: String,
    bar: ProgressBar,
    total: usize,
    applied: usize,
    /// Objects not ready yet with their latest state, oldest first.
    pending: Vec<(ObjectRef, String)>,
    done: bool,
}

impl Row {
    /// The latest blocker, else how far applying has got.
    fn message(&self, verb: &str) -> String {
        match self.pending.last() {
            Some((_, state)) => state.clone(),
            None if self.applied < self.total => {
                format!("{verb} {}/{}", self.applied, self.total)
            }
            None if verb == "deleting" => format!("deleted {}/{}", self.applied, self.total),
            None => format!("applied {}/{}", self.applied, self.total),
        }
    }

    fn set(&mut self, object: &ObjectRef, state: String) {
        self.pending.retain(|(o, _)| o != object);
        self.pending.push((object.clone(), one_line(&state)));
    }

    fn clear(&mut self, object: &ObjectRef) {
        self.pending.retain(|(o, _)| o != object);
    }
}

/// Draws component lines with indicatif; with `--verbose` also prints the plain
/// lines above them.
pub struct ProgressReporter {
    multi: MultiProgress,
    rows: Vec<Row>,
    width: usize,
    lines: Option<Lines>,
    /// What the rows count: `applying` for an install, `deleting` for a removal.
    verb: &'static str,
}

impl ProgressReporter {
    /// Bars on stderr.
    pub fn new(terminal: Terminal) -> ProgressReporter {
        ProgressReporter::with_target(terminal, ProgressDrawTarget::stderr())
    }

    /// Bars on the given target (hidden in tests).
    pub fn with_target(terminal: Terminal, target: ProgressDrawTarget) -> ProgressReporter {
        ProgressReporter {
            multi: MultiProgress::with_draw_target(target),
            rows: Vec::new(),
            width: 0,
            lines: terminal.verbose.then(|| Lines::new(true)),
            verb: "applying",
        }
    }

    fn style(&self, mark: &str) -> ProgressStyle {
        let template = format!("{mark} {{prefix:{}}}  {{wide_msg}}", self.width);
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_spinner())
    }

    fn plan(&mut self, components: &[ComponentInfo]) {
        self.width = components.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in components {
            self.row(&c.name).total = c.objects;
        }
        for row in &self.rows {
            row.bar.set_message(row.message(self.verb));
        }
    }

    /// The row of a component, added at the bottom if it is new.
    fn row(&mut self, name: &str) -> &mut Row {
        if let Some(i) = self.rows.iter().position(|r| r.name == name) {
            return &mut self.rows[i];
        }
        self.width = self.width.max(name.len());
        let bar = self.multi.add(ProgressBar::new_spinner());
        bar.set_style(self.style("{spinner}"));
        bar.set_prefix(name.to_string());
        if !self.multi.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        self.rows.push(Row {
            name: name.to_string(),
            bar,
            total: 0,
            applied: 0,
            pending: Vec::new(),
            done: false,
        });
        let last = self.rows.len() - 1;
        &mut self.rows[last]
    }

    /// Applies a change to a component's row and redraws its message.
    fn update(&mut self, component: &str, change: impl FnOnce(&mut Row)) {
        let verb = self.verb;
        let row = self.row(component);
        if row.done {
            return;
        }
        change(row);
        row.bar.set_message(row.message(verb));
    }

    fn end(&mut self, component: &str, mark: &str, message: String) {
        let style = self.style(mark);
        let row = self.row(component);
        if row.done {
            return;
        }
        row.done = true;
        row.bar.set_style(style);
        row.bar.finish_with_message(message);
    }

    /// Stops every row still spinning, leaving its last message in view.
    fn stop_all(&mut self) {
        let style = self.style("·");
        for row in self.rows.iter_mut().filter(|r| !r.done) {
            row.done = true;
            row.bar.set_style(style.clone());
            row.bar.abandon();
        }
    }
}

impl Reporter for ProgressReporter {
    fn on_event(&mut self, event: &Event) {
        if let Some(line) = self.lines.as_mut().and_then(|l| l.line(event)) {
            let _ = self.multi.println(line);
        }
        match event {
            Event::Planned { components } => self.plan(components),
            Event::WaveStarted { .. } => {}
            Event::Applied {
                component, object, ..
            } => self.update(component, |row| {
                row.applied += 1;
                row.clear(object);
            }),
            Event::Retrying {
                component,
                object,
                error,
                attempt,
            } => self.update(component, |row| {
                row.set(
                    object,
                    format!("retrying {}: {error} (attempt {attempt})", short(object)),
                );
            }),
            Event::Waiting {
                component,
                object,
                message,
            } => self.update(component, |row| {
                row.set(object, format!("waiting: {}: {message}", short(object)));
            }),
            Event::Ready { component, object } => self.update(component, |row| row.clear(object)),
            Event::ComponentReady { component } => self.end(component, "✓", "ready".into()),
            Event::Failed {
                component,
                object,
                reason,
            } => {
                let message = one_line(&format!("failed: {}: {reason}", short(object)));
                self.end(component, "✗", message);
            }
            Event::Pruned { object } => {
                if self.lines.is_none() {
                    let _ = self.multi.println(format!("pruned {object}"));
                }
            }
            Event::Removing { components } => {
                self.verb = "deleting";
                self.plan(components);
            }
            Event::Deleted { component, object } => self.update(component, |row| {
                row.applied += 1;
                row.clear(object);
            }),
            Event::Kept { object, reason, .. } => {
                if self.lines.is_none() {
                    let _ = self.multi.println(format!("kept {object}: {reason}"));
                }
            }
            Event::GivenBack { object, .. } => {
                if self.lines.is_none() {
                    let _ = self.multi.println(format!("gave back {object}"));
                }
            }
            Event::ComponentRemoved { component } => self.end(component, "✓", "removed".into()),
            Event::Finished(summary) => {
                // Every bar is finished and stays as drawn; the result goes below them.
                self.stop_all();
                let _ = write_summary(summary, &mut std::io::stdout(), &mut std::io::stderr());
            }
        }
    }

    fn finish(&mut self) {
        self.stop_all();
    }
}

/// `Deployment/hub`: enough on a line already labelled with its component.
fn short(object: &ObjectRef) -> String {
    format!("{}/{}", object.kind, object.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::install::test_support::hub;

    fn reporter() -> ProgressReporter {
        let terminal = Terminal {
            quiet: false,
            verbose: false,
            progress: true,
            interactive: false,
        };
        let mut reporter = ProgressReporter::with_target(terminal, ProgressDrawTarget::hidden());
        reporter.on_event(&Event::Planned {
            components: vec![
                ComponentInfo {
                    profile: "core".into(),
                    name: "jupyterhub".into(),
                    objects: 2,
                },
                ComponentInfo {
                    profile: "core".into(),
                    name: "s3".into(),
                    objects: 1,
                },
            ],
        });
        reporter
    }

    fn messages(reporter: &ProgressReporter) -> Vec<String> {
        reporter
            .rows
            .iter()
            .map(|r| format!("{} {} {}", r.name, r.bar.is_finished(), r.bar.message()))
            .collect()
    }

    #[test]
    fn rows_show_the_latest_blocker_then_ready() {
        let mut r = reporter();
        assert_eq!(
            messages(&r),
            ["jupyterhub false applying 0/2", "s3 false applying 0/1"]
        );
        r.on_event(&Event::Applied {
            component: "jupyterhub".into(),
            object: hub(),
            outcome: crate::event::ApplyOutcome::Create,
        });
        r.on_event(&Event::Waiting {
            component: "jupyterhub".into(),
            object: hub(),
            message: "0/1 replicas\navailable".into(),
        });
        assert_eq!(
            messages(&r)[0],
            "jupyterhub false waiting: Deployment/hub: 0/1 replicas available"
        );
        r.on_event(&Event::Ready {
            component: "jupyterhub".into(),
            object: hub(),
        });
        assert_eq!(messages(&r)[0], "jupyterhub false applying 1/2");
        r.on_event(&Event::ComponentReady {
            component: "jupyterhub".into(),
        });
        r.on_event(&Event::Failed {
            component: "s3".into(),
            object: hub(),
            reason: "ImagePullBackOff".into(),
        });
        assert_eq!(
            messages(&r),
            [
                "jupyterhub true ready",
                "s3 true failed: Deployment/hub: ImagePullBackOff"
            ]
        );
    }
}
