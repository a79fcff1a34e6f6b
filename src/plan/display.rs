//! The plan as an indented text tree, for `odh install --dry-run` and tests:
//! wave headers, then components, then one line per object.

use super::{Plan, Step, WaitFor};
use crate::object::ObjectRef;

impl Plan {
    /// Renders the plan; `annotate` may add a word per object (shown as
    /// `[create]`), e.g. what the server-side dry run says will happen.
    ///
    /// ```text
    /// wave 1: namespaces
    ///   odh-namespace (core)
    ///     Namespace/opendatahub (v1) [create], wait: ready
    /// ```
    pub fn render_tree(&self, annotate: impl Fn(&ObjectRef) -> Option<String>) -> String {
        let mut lines: Vec<String> = Vec::new();
        if self.waves.is_empty() && self.kept.is_empty() {
            lines.push("nothing to do".to_string());
        }
        for (number, wave) in self.waves.iter().enumerate() {
            let mut stages = Vec::new();
            for step in &wave.steps {
                if !stages.contains(&step.stage) {
                    stages.push(step.stage);
                }
            }
            let stages: Vec<String> = stages.iter().map(ToString::to_string).collect();
            lines.push(format!("wave {}: {}", number + 1, stages.join(", ")));
            for (header, steps) in by_component(&wave.steps) {
                lines.push(format!("  {header}"));
                for step in steps {
                    lines.push(format!("    {}", step_line(step, annotate(&step.target))));
                }
            }
        }
        if !self.kept.is_empty() {
            lines.push("kept (CRDs are deleted only with purge)".to_string());
            lines.extend(self.kept.iter().map(|target| format!("  {target}")));
        }
        lines.join("\n") + "\n"
    }
}

/// Steps grouped by component and profile, in order of first appearance.
fn by_component(steps: &[Step]) -> Vec<(String, Vec<&Step>)> {
    let mut groups: Vec<(String, Vec<&Step>)> = Vec::new();
    for step in steps {
        let header = component_header(step);
        match groups.iter_mut().find(|(h, _)| *h == header) {
            Some((_, members)) => members.push(step),
            None => groups.push((header, vec![step])),
        }
    }
    groups
}

fn component_header(step: &Step) -> String {
    let component = if step.component.is_empty() {
        "(no component)"
    } else {
        &step.component
    };
    if step.profile.is_empty() {
        component.to_string()
    } else {
        format!("{component} ({})", step.profile)
    }
}

fn step_line(step: &Step, annotation: Option<String>) -> String {
    let mut line = step.target.to_string();
    if let Some(annotation) = annotation {
        line.push_str(&format!(" [{annotation}]"));
    }
    let wait = match &step.wait {
        WaitFor::Nothing => None,
        WaitFor::Ready => Some("ready".to_string()),
        WaitFor::Established => Some("established".to_string()),
        WaitFor::Deleted => Some("deleted".to_string()),
        WaitFor::Endpoints(services) => Some(format!(
            "endpoints of {}",
            services
                .iter()
                .map(|s| match &s.namespace {
                    Some(ns) => format!("service {ns}/{}", s.name),
                    None => format!("service {}", s.name),
                })
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    if let Some(wait) = wait {
        line.push_str(", wait: ");
        line.push_str(&wait);
    }
    line
}
