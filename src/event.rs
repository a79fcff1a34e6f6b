//! Events the installer emits while it works. Printers in `report/` consume them;
//! the installer itself never prints.

use crate::object::ObjectRef;
use crate::render::EntryPoint;
use serde::Serialize;
use std::time::Duration;

/// What happened to an object when it was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplyOutcome {
    /// It did not exist and was created.
    Create,
    /// It existed (owned by odh) and changed.
    Update,
    /// It existed and already matched.
    Unchanged,
    /// It existed without odh's ownership and was taken over (`--adopt`).
    Adopt,
}

impl ApplyOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplyOutcome::Create => "create",
            ApplyOutcome::Update => "update",
            ApplyOutcome::Unchanged => "unchanged",
            ApplyOutcome::Adopt => "adopt",
        }
    }
}

/// A component of the plan and how many objects it has.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentInfo {
    pub profile: String,
    pub name: String,
    pub objects: usize,
}

/// An object that stopped the install, with why.
#[derive(Debug, Clone, Serialize)]
pub struct Blocker {
    pub component: String,
    #[serde(serialize_with = "display")]
    pub object: ObjectRef,
    pub reason: String,
}

/// An object that was never started, with what it waited for.
#[derive(Debug, Clone, Serialize)]
pub struct NotStarted {
    pub component: String,
    #[serde(serialize_with = "display")]
    pub object: ObjectRef,
    pub why: String,
}

/// How an install ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    Succeeded,
    Failed,
    TimedOut,
    Refused,
    /// The API server rejected the credentials or denied a request (401, 403).
    Denied,
}

/// The end of an install.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub outcome: Outcome,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub adopted: usize,
    pub pruned: usize,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
    pub blocked: Vec<Blocker>,
    pub not_started: Vec<NotStarted>,
    /// How to reach what was installed (after a success).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<EntryPoint>,
}

/// One thing that happened.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "camelCase")]
pub enum Event {
    /// The plan is known; components in order.
    Planned { components: Vec<ComponentInfo> },
    /// A wave of the plan starts.
    WaveStarted {
        index: usize,
        total: usize,
        steps: usize,
    },
    /// An object was applied.
    Applied {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
        outcome: ApplyOutcome,
    },
    /// A transient error; the request is retried.
    Retrying {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
        error: String,
        attempt: u32,
    },
    /// An object is not ready yet, and why (sent when the reason changes).
    Waiting {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
        message: String,
    },
    /// An object is ready.
    Ready {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
    },
    /// Every object of a component is ready.
    ComponentReady { component: String },
    /// An object failed for good.
    Failed {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
        reason: String,
    },
    /// An object that left the profiles was deleted.
    Pruned {
        #[serde(serialize_with = "display")]
        object: ObjectRef,
    },
    /// A removal (uninstall) starts; components with the objects to delete.
    Removing { components: Vec<ComponentInfo> },
    /// An object was deleted and is gone.
    Deleted {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
    },
    /// An object stays, with why.
    Kept {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
        reason: String,
    },
    /// An object that existed before odh took it over was given back: odh's
    /// labels and the fields only odh set are removed; the object stays.
    GivenBack {
        component: String,
        #[serde(serialize_with = "display")]
        object: ObjectRef,
    },
    /// Every object of a component that was to be deleted is gone.
    ComponentRemoved { component: String },
    /// The install ended.
    Finished(Summary),
}

fn display<S: serde::Serializer>(r: &ObjectRef, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(r)
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((d.as_secs_f64() * 10.0).round() / 10.0)
}
