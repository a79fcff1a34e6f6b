//! The edges of the plan graph: stage order inside a component, declared
//! component dependencies, namespaces, CRDs, and per-kind rules.

use super::components::Requirements;
use super::stage::{Stage, is_crd, wait_for};
use super::{Action, COMPONENT_LABEL, ComponentRequires, PROFILE_LABEL, PlanError, Step, WaitFor};
use crate::object::{Object, ObjectRef};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// One object of the plan, before its edges are known.
pub(super) struct Node {
    /// Position in the input slice.
    pub index: usize,
    pub target: ObjectRef,
    pub profile: String,
    pub component: String,
    pub stage: Stage,
    pub wait: WaitFor,
    pub rank: u8,
    /// (group, kind) of the object, for CRD and kind rules.
    group_kind: (String, String),
}

impl Node {
    pub fn to_step(&self, after: Vec<usize>) -> Step {
        Step {
            index: self.index,
            target: self.target.clone(),
            profile: self.profile.clone(),
            component: self.component.clone(),
            stage: self.stage,
            wait: self.wait.clone(),
            after,
        }
    }

    fn is(&self, (group, kind): (&str, &str)) -> bool {
        self.group_kind.0 == group && self.group_kind.1 == kind
    }
}

/// "first before then": `then` waits for every `first` object (in the same
/// namespace when `same_namespace`).
struct KindRule {
    first: (&'static str, &'static str),
    then: (&'static str, &'static str),
    same_namespace: bool,
}

const OPERATOR_GROUP: (&str, &str) = ("operators.coreos.com", "OperatorGroup");
const SUBSCRIPTION: (&str, &str) = ("operators.coreos.com", "Subscription");
const CSV: (&str, &str) = ("operators.coreos.com", "ClusterServiceVersion");
const DSCI: (&str, &str) = ("dscinitialization.opendatahub.io", "DSCInitialization");
const DSC: (&str, &str) = ("datasciencecluster.opendatahub.io", "DataScienceCluster");
const ISSUER: (&str, &str) = ("cert-manager.io", "Issuer");
const CLUSTER_ISSUER: (&str, &str) = ("cert-manager.io", "ClusterIssuer");
const CERTIFICATE: (&str, &str) = ("cert-manager.io", "Certificate");
const CEPH_CLUSTER: (&str, &str) = ("ceph.rook.io", "CephCluster");
const CEPH_BLOCK_POOL: (&str, &str) = ("ceph.rook.io", "CephBlockPool");
const CEPH_OBJECT_STORE: (&str, &str) = ("ceph.rook.io", "CephObjectStore");

const fn rule(
    first: (&'static str, &'static str),
    then: (&'static str, &'static str),
    same_namespace: bool,
) -> KindRule {
    KindRule {
        first,
        then,
        same_namespace,
    }
}

const INSTALL_RULES: &[KindRule] = &[
    rule(OPERATOR_GROUP, SUBSCRIPTION, true),
    rule(SUBSCRIPTION, DSCI, false),
    rule(DSCI, DSC, false),
    rule(ISSUER, CERTIFICATE, true),
    rule(CLUSTER_ISSUER, CERTIFICATE, false),
    rule(CEPH_CLUSTER, CEPH_BLOCK_POOL, true),
    rule(CEPH_CLUSTER, CEPH_OBJECT_STORE, true),
];

/// Rook blocks a CephCluster's deletion while pools or object stores of it
/// remain (rook/rook@v1.20.6 pkg/operator/ceph/cluster/dependents.go).
const UNINSTALL_RULES: &[KindRule] = &[
    rule(DSC, DSCI, false),
    rule(DSCI, SUBSCRIPTION, false),
    rule(SUBSCRIPTION, CSV, true),
    rule(SUBSCRIPTION, OPERATOR_GROUP, true),
    rule(CERTIFICATE, ISSUER, true),
    rule(CERTIFICATE, CLUSTER_ISSUER, false),
    rule(CEPH_BLOCK_POOL, CEPH_CLUSTER, true),
    rule(CEPH_OBJECT_STORE, CEPH_CLUSTER, true),
];

/// Fails on an object listed twice (same group, kind, namespace and name).
pub(super) fn check_duplicates(objects: &[Object]) -> Result<(), PlanError> {
    let mut seen = HashSet::new();
    for obj in objects {
        if !seen.insert((obj.group(), obj.kind(), obj.namespace(), obj.name())) {
            return Err(PlanError::Duplicate(obj.to_ref()));
        }
    }
    Ok(())
}

/// The nodes for the included objects, with stage and wait decided.
pub(super) fn nodes(objects: &[Object], action: Action, include: &[bool]) -> Vec<Node> {
    let cert_manager_components: BTreeSet<&str> = objects
        .iter()
        .filter(|obj| is_crd(obj) && crd_defines(obj).0 == "cert-manager.io")
        .map(component_of)
        .collect();
    objects
        .iter()
        .enumerate()
        .filter(|(index, _)| include.get(*index).copied().unwrap_or(false))
        .map(|(index, obj)| {
            let component = component_of(obj);
            let mut stage = Stage::of(obj);
            if stage == Stage::Certificates && cert_manager_components.contains(component) {
                stage = Stage::CustomResources;
            }
            Node {
                index,
                target: obj.to_ref(),
                profile: crate::render::marker(obj, PROFILE_LABEL)
                    .unwrap_or("")
                    .to_string(),
                component: component.to_string(),
                stage,
                wait: wait_for(obj, stage, action),
                rank: stage.rank(action),
                group_kind: (obj.group().to_string(), obj.kind().to_string()),
            }
        })
        .collect()
}

fn component_of(obj: &Object) -> &str {
    crate::render::marker(obj, COMPONENT_LABEL).unwrap_or("")
}

/// For each node, the positions (in `nodes`) of the nodes it waits for.
pub(super) fn edges(
    objects: &[Object],
    nodes: &[Node],
    requires: &ComponentRequires,
    action: Action,
) -> Vec<BTreeSet<usize>> {
    let mut deps = vec![BTreeSet::new(); nodes.len()];
    let by_component = by_component(nodes);
    stage_chain(&mut deps, &by_component);
    component_dependencies(&mut deps, nodes, &by_component, requires, action);
    namespaces(&mut deps, nodes, action);
    definitions(&mut deps, objects, nodes, action);
    kind_rules(&mut deps, nodes, action);
    for (node, set) in deps.iter_mut().enumerate() {
        set.remove(&node);
    }
    deps
}

/// Component name → rank → node positions.
type ByComponent<'a> = BTreeMap<&'a str, BTreeMap<u8, Vec<usize>>>;

fn by_component(nodes: &[Node]) -> ByComponent<'_> {
    let mut map: ByComponent = BTreeMap::new();
    for (position, node) in nodes.iter().enumerate() {
        map.entry(node.component.as_str())
            .or_default()
            .entry(node.rank)
            .or_default()
            .push(position);
    }
    map
}

/// Inside a component, each rank waits for the nearest lower rank present.
fn stage_chain(deps: &mut [BTreeSet<usize>], by_component: &ByComponent) {
    for ranks in by_component.values() {
        let mut previous: Option<&Vec<usize>> = None;
        for members in ranks.values() {
            if let Some(previous) = previous {
                for &member in members {
                    deps[member].extend(previous);
                }
            }
            previous = Some(members);
        }
    }
}

/// Install: an active object waits for the last rank of each component its
/// component requires (directly or not). Uninstall: the first rank of each
/// required component waits for the dependent component's active objects.
fn component_dependencies(
    deps: &mut [BTreeSet<usize>],
    nodes: &[Node],
    by_component: &ByComponent,
    requires: &ComponentRequires,
    action: Action,
) {
    let requirements = Requirements::new(requires);
    for (component, ranks) in by_component {
        let active: Vec<usize> = ranks
            .values()
            .flatten()
            .copied()
            .filter(|&n| nodes[n].stage.is_active())
            .collect();
        if active.is_empty() {
            continue;
        }
        for required in requirements.closure(component) {
            let Some(required_ranks) = by_component.get(required) else {
                continue;
            };
            match action {
                Action::Apply => {
                    let last = required_ranks.values().next_back().into_iter().flatten();
                    let last: Vec<usize> = last.copied().collect();
                    for &node in &active {
                        deps[node].extend(&last);
                    }
                }
                Action::Delete => {
                    for &first in required_ranks.values().next().into_iter().flatten() {
                        deps[first].extend(&active);
                    }
                }
            }
        }
    }
}

/// Install: a namespaced object waits for its Namespace. Uninstall: every
/// Namespace waits for every other object.
fn namespaces(deps: &mut [BTreeSet<usize>], nodes: &[Node], action: Action) {
    let is_namespace = |node: &Node| node.is(("", "Namespace"));
    match action {
        Action::Apply => {
            let by_name: BTreeMap<&str, usize> = nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| is_namespace(node))
                .map(|(position, node)| (node.target.name.as_str(), position))
                .collect();
            for (position, node) in nodes.iter().enumerate() {
                if let Some(&namespace) = node
                    .target
                    .namespace
                    .as_deref()
                    .and_then(|ns| by_name.get(ns))
                {
                    deps[position].insert(namespace);
                }
            }
        }
        Action::Delete => {
            let others: Vec<usize> = (0..nodes.len())
                .filter(|&n| !is_namespace(&nodes[n]))
                .collect();
            for (position, node) in nodes.iter().enumerate() {
                if is_namespace(node) {
                    deps[position].extend(&others);
                }
            }
        }
    }
}

/// Install: a custom resource waits for its CRD. Uninstall: a CRD waits for
/// its custom resources.
fn definitions(deps: &mut [BTreeSet<usize>], objects: &[Object], nodes: &[Node], action: Action) {
    let crds: Vec<(usize, (String, Option<String>))> = nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| node.stage == Stage::Crds)
        .filter_map(|(position, node)| {
            let (group, kind) = crd_defines(objects.get(node.index)?);
            Some((position, (group.to_string(), kind.map(str::to_string))))
        })
        .collect();
    for (position, node) in nodes.iter().enumerate() {
        let (group, kind) = &node.group_kind;
        for (crd, (crd_group, crd_kind)) in &crds {
            let defines = crd_group == group && crd_kind.as_ref().is_none_or(|k| k == kind);
            if defines && *crd != position {
                match action {
                    Action::Apply => deps[position].insert(*crd),
                    Action::Delete => deps[*crd].insert(position),
                };
            }
        }
    }
}

/// The group and kind a CRD defines, from `spec`, or the group from its name
/// (`<plural>.<group>`) when the spec is missing (kind then unknown).
fn crd_defines(crd: &Object) -> (&str, Option<&str>) {
    let group = crd
        .str_at("/spec/group")
        .or_else(|| crd.name().split_once('.').map(|(_, group)| group))
        .unwrap_or("");
    (group, crd.str_at("/spec/names/kind"))
}

fn kind_rules(deps: &mut [BTreeSet<usize>], nodes: &[Node], action: Action) {
    let rules = match action {
        Action::Apply => INSTALL_RULES,
        Action::Delete => UNINSTALL_RULES,
    };
    for rule in rules {
        for (then, then_node) in nodes.iter().enumerate().filter(|(_, n)| n.is(rule.then)) {
            for (first, first_node) in nodes.iter().enumerate().filter(|(_, n)| n.is(rule.first)) {
                if !rule.same_namespace || first_node.target.namespace == then_node.target.namespace
                {
                    deps[then].insert(first);
                }
            }
        }
    }
}
