//! How `odh status` prints: a header, one row per component, then what is
//! not ready and what drifted (every object with `--verbose`); the same as
//! JSON or YAML; and, for `--watch` in CI, one line per change.

use super::table;
use crate::health::{ComponentHealth, ObjectHealth};
use crate::install::Inventory;
use crate::readiness::State;
use serde_json::{Value, json};
use std::fmt::Write as _;

/// An installation's health, ready to print.
pub struct Report<'a> {
    pub namespace: &'a str,
    pub inventory: &'a Inventory,
    pub objects: &'a [ObjectHealth],
    pub components: &'a [ComponentHealth],
}

impl Report<'_> {
    /// True when every object is ready (drift alone is not unhealthy).
    pub fn healthy(&self) -> bool {
        self.objects.iter().all(ObjectHealth::is_ready)
    }

    /// The text form; `verbose` lists every object.
    pub fn text(&self, verbose: bool) -> String {
        let ready = self
            .components
            .iter()
            .filter(|c| c.ready == c.total)
            .count();
        let by = if self.inventory.installed_by.is_empty() {
            String::new()
        } else {
            format!(" by {}", self.inventory.installed_by)
        };
        let mut out = format!(
            "{} installed{by} on {} in namespace {}: {ready} of {} components ready\n\n",
            self.inventory.profiles.join(", "),
            self.inventory.platform,
            self.namespace,
            self.components.len()
        );
        let rows: Vec<Vec<String>> = self
            .components
            .iter()
            .map(|c| {
                vec![
                    c.profile.clone(),
                    c.component.clone(),
                    if c.version.is_empty() {
                        "-".into()
                    } else {
                        c.version.clone()
                    },
                    format!("{}/{}", c.ready, c.total),
                    state_word(c.state).to_string(),
                    c.reason.clone(),
                ]
            })
            .collect();
        out.push_str(&table::format(
            &[
                "PROFILE",
                "COMPONENT",
                "VERSION",
                "READY",
                "STATE",
                "REASON",
            ],
            &rows,
        ));
        let not_ready: Vec<&ObjectHealth> = self.objects.iter().filter(|o| !o.is_ready()).collect();
        let drifted: Vec<&ObjectHealth> =
            self.objects.iter().filter(|o| o.drift.is_some()).collect();
        if verbose {
            out.push('\n');
            let rows: Vec<Vec<String>> = self
                .objects
                .iter()
                .map(|o| {
                    vec![
                        o.entry.component.clone(),
                        o.entry.to_ref().to_string(),
                        state_word(o.status.state).to_string(),
                        o.drift.clone().map_or(o.status.message.clone(), |d| {
                            format!("{}; drifted: {d}", o.status.message)
                        }),
                    ]
                })
                .collect();
            out.push_str(&table::format(
                &["COMPONENT", "OBJECT", "STATE", "MESSAGE"],
                &rows,
            ));
            return out;
        }
        if !not_ready.is_empty() {
            out.push_str("\nnot ready:\n");
            for o in not_ready {
                let _ = writeln!(
                    out,
                    "  {} [{}]: {}: {}",
                    o.entry.to_ref(),
                    o.entry.component,
                    state_word(o.status.state),
                    o.status.message
                );
            }
        }
        if !drifted.is_empty() {
            out.push_str("\ndrifted since install:\n");
            for o in drifted {
                let _ = writeln!(
                    out,
                    "  {} [{}]: {}",
                    o.entry.to_ref(),
                    o.entry.component,
                    o.drift.as_deref().unwrap_or("")
                );
            }
        }
        out
    }

    /// The JSON (and YAML) form.
    pub fn value(&self) -> Value {
        let objects: Vec<Value> = self
            .objects
            .iter()
            .map(|o| {
                json!({
                    "profile": o.entry.profile,
                    "component": o.entry.component,
                    "object": o.entry.to_ref().to_string(),
                    "state": o.status.state,
                    "reason": o.status.reason,
                    "message": o.status.message,
                    "drift": o.drift,
                })
            })
            .collect();
        json!({
            "namespace": self.namespace,
            "platform": self.inventory.platform,
            "profiles": self.inventory.profiles,
            "installedBy": self.inventory.installed_by,
            "healthy": self.healthy(),
            "components": self.components,
            "objects": objects,
        })
    }
}

/// A state as a word for people.
pub fn state_word(state: State) -> &'static str {
    match state {
        State::Current => "Ready",
        State::InProgress => "InProgress",
        State::Failed => "Failed",
        State::Terminating => "Terminating",
        State::NotFound => "Missing",
        State::Unknown => "Unknown",
    }
}

/// One line per object whose state, message or drift changed.
pub fn changes(before: &[ObjectHealth], after: &[ObjectHealth]) -> Vec<String> {
    let key = |o: &ObjectHealth| (o.status.state, o.status.message.clone(), o.drift.clone());
    after
        .iter()
        .filter(|now| {
            before
                .iter()
                .find(|b| b.entry.to_ref() == now.entry.to_ref())
                .is_none_or(|b| key(b) != key(now))
        })
        .map(|o| {
            let mut line = format!(
                "{} [{}]: {}",
                o.entry.to_ref(),
                o.entry.component,
                state_word(o.status.state)
            );
            if !o.is_ready() {
                let _ = write!(line, ": {}", o.status.message);
            }
            if let Some(drift) = &o.drift {
                let _ = write!(line, "; drifted: {drift}");
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::install::Entry;
    use crate::readiness::Status;

    fn health(name: &str, status: Status, drift: Option<&str>) -> ObjectHealth {
        ObjectHealth {
            entry: Entry {
                api_version: "apps/v1".into(),
                kind: "Deployment".into(),
                namespace: Some("odh".into()),
                name: name.into(),
                profile: "core".into(),
                component: "jupyterhub".into(),
                digest: None,
                fields: None,
                adopted: false,
            },
            status,
            drift: drift.map(str::to_string),
        }
    }

    #[test]
    fn text_names_what_is_not_ready_and_what_drifted() {
        let objects = vec![
            health(
                "hub",
                Status::failed("PodFailing", "pod hub-1: container hub: ImagePullBackOff"),
                None,
            ),
            health(
                "proxy",
                Status::current("ready"),
                Some("fields odh applied were changed since install"),
            ),
        ];
        let components = crate::health::components(&objects, &[None, None]);
        let inventory = Inventory {
            profiles: vec!["core".into()],
            platform: "kubernetes".into(),
            installed_by: "odh 0.1.0".into(),
            includes: Vec::new(),
            ..Inventory::default()
        };
        let report = Report {
            namespace: "odh",
            inventory: &inventory,
            objects: &objects,
            components: &components,
        };
        assert!(!report.healthy());
        let text = report.text(false);
        assert!(text.starts_with("core installed by odh 0.1.0 on kubernetes in namespace odh: 0 of 1 components ready\n"), "{text}");
        assert!(text.contains("\nnot ready:\n  Deployment/hub (apps/v1) in odh [jupyterhub]: Failed: pod hub-1: container hub: ImagePullBackOff\n"), "{text}");
        assert!(text.contains("\ndrifted since install:\n  Deployment/proxy (apps/v1) in odh [jupyterhub]: fields odh applied were changed since install\n"), "{text}");
        assert_eq!(
            report.value()["objects"][1]["drift"],
            "fields odh applied were changed since install"
        );
    }

    #[test]
    fn changes_are_one_line_each_and_only_for_changes() {
        let before = vec![
            health("hub", Status::current("ready"), None),
            health("proxy", Status::current("ready"), None),
        ];
        let after = vec![
            health(
                "hub",
                Status::in_progress("LessAvailable", "0/1 replicas available"),
                None,
            ),
            health("proxy", Status::current("ready"), None),
        ];
        assert_eq!(
            changes(&before, &after),
            ["Deployment/hub (apps/v1) in odh [jupyterhub]: InProgress: 0/1 replicas available"]
        );
        assert!(changes(&after, &after).is_empty());
    }
}
