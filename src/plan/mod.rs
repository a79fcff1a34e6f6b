//! Install and uninstall plans: objects grouped into ordered waves. Pure.
//!
//! A plan is a dependency graph over the rendered objects (or, for uninstall,
//! the installed ones), cut into topological levels: every step of a wave
//! depends only on steps of earlier waves. Edges come from
//! - the stage of each object inside its component (namespaces, CRDs and
//!   cluster RBAC, then config, certificates, controllers, webhooks, custom
//!   resources; the reverse for uninstall),
//! - declared component dependencies (an active object — certificate,
//!   controller, webhook or custom resource — waits for every component its
//!   component requires),
//! - a Namespace before the objects in it, a CRD before its custom resources,
//! - per-kind rules (OperatorGroup → Subscription → DSCInitialization →
//!   DataScienceCluster, Issuer → Certificate).
//!
//! Each step also says what to wait for once it is applied or deleted. The
//! executor may run a wave at a time, or start each step as soon as the steps
//! in its `after` list are done.

mod components;
mod display;
mod graph;
mod rules;
mod stage;

#[cfg(test)]
mod tests;

pub use stage::Stage;

use crate::object::{Object, ObjectRef};

/// The labels the renderer puts on every object: its odh profile and component.
pub use crate::render::{COMPONENT_LABEL, PROFILE_LABEL};

/// Component dependencies: each component with the components it requires.
pub type ComponentRequires = [(String, Vec<String>)];

/// Whether a plan applies objects or deletes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Apply,
    Delete,
}

/// What to wait for once a step's object is applied (or deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaitFor {
    /// Nothing: the next steps may start at once.
    Nothing,
    /// `readiness::compute` reports Current.
    Ready,
    /// A CRD's `Established` condition is True.
    Established,
    /// Each of these Services has a ready endpoint (webhooks, API services).
    Endpoints(Vec<ObjectRef>),
    /// The object is gone (NotFound).
    Deleted,
}

/// One object to apply or delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// Position of the object in the slice the plan was built from.
    pub index: usize,
    pub target: ObjectRef,
    /// The `opendatahub.io/odh-profile` label ("" when missing).
    pub profile: String,
    /// The `opendatahub.io/odh-component` label ("" when missing).
    pub component: String,
    pub stage: Stage,
    pub wait: WaitFor,
    /// Input positions of the steps that must be done (applied and waited
    /// for) before this one starts. All of them are in earlier waves.
    pub after: Vec<usize>,
}

/// Steps that may run together: none depends on another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Wave {
    /// Sorted by stage, kind, namespace and name.
    pub steps: Vec<Step>,
}

/// The ordered waves of an install or uninstall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub action: Action,
    pub waves: Vec<Wave>,
    /// Objects an uninstall leaves in place (CRDs without purge).
    pub kept: Vec<ObjectRef>,
}

/// Options of an uninstall plan.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UninstallOptions {
    /// Also delete CRDs (after every custom resource of the plan).
    pub purge: bool,
}

/// Why no plan could be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// Components that require each other in a loop; the first name repeats last.
    #[error("component dependency cycle: {} (each requires the next)", .0.join(" -> "))]
    ComponentCycle(Vec<String>),
    /// Objects that wait for each other in a loop; the first repeats last.
    #[error("dependency cycle: {} (each waits for the next)", join_refs(.0))]
    Cycle(Vec<ObjectRef>),
    /// The same object twice in the input.
    #[error("object listed twice: {0}")]
    Duplicate(ObjectRef),
}

fn join_refs(refs: &[ObjectRef]) -> String {
    refs.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// Builds the install plan for rendered objects.
///
/// `requires` lists each component's required components; names that are not
/// in `objects` are ignored.
///
/// # Errors
/// A component dependency cycle, an object dependency cycle, or an object
/// listed twice.
pub fn install(objects: &[Object], requires: &ComponentRequires) -> Result<Plan, PlanError> {
    build(objects, requires, Action::Apply, &vec![true; objects.len()])
}

/// Builds the uninstall plan for installed objects: the reverse order, with
/// CRDs kept unless `options.purge`.
///
/// To delete an operator's ClusterServiceVersion after its Subscription, add
/// the CSV (from `readiness::subscription_csv`) to `objects`.
///
/// # Errors
/// As for [`install`].
pub fn uninstall(
    objects: &[Object],
    requires: &ComponentRequires,
    options: UninstallOptions,
) -> Result<Plan, PlanError> {
    let keep = |obj: &Object| !options.purge && stage::is_crd(obj);
    let include: Vec<bool> = objects.iter().map(|obj| !keep(obj)).collect();
    let mut plan = build(objects, requires, Action::Delete, &include)?;
    plan.kept = objects
        .iter()
        .filter(|obj| keep(obj))
        .map(Object::to_ref)
        .collect();
    plan.kept.sort();
    Ok(plan)
}

fn build(
    objects: &[Object],
    requires: &ComponentRequires,
    action: Action,
    include: &[bool],
) -> Result<Plan, PlanError> {
    components::check_cycles(requires)?;
    rules::check_duplicates(objects)?;
    let nodes = rules::nodes(objects, action, include);
    let edges = rules::edges(objects, &nodes, requires, action);
    let levels = graph::levels(&edges).map_err(|cycle| {
        PlanError::Cycle(cycle.into_iter().map(|i| nodes[i].target.clone()).collect())
    })?;
    let steps: Vec<Step> = edges
        .iter()
        .zip(&nodes)
        .map(|(deps, node)| node.to_step(deps.iter().map(|&dep| nodes[dep].index).collect()))
        .collect();
    Ok(Plan {
        action,
        waves: graph::group(steps, &levels, action),
        kept: Vec::new(),
    })
}

impl Plan {
    /// Every step, wave after wave.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.waves.iter().flat_map(|wave| wave.steps.iter())
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.waves.iter().map(|wave| wave.steps.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
