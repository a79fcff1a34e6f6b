//! The sync wave of each component's Application, read off the install plan:
//! a component comes after every component one of whose steps one of its
//! steps waits for (declared requirements, namespaces, CRDs, kind rules), so
//! Argo CD applies the components in the order odh's own install would.

use crate::plan::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// Component → the components it waits for, from the plan's step edges.
pub fn component_edges(plan: &Plan) -> BTreeMap<String, BTreeSet<String>> {
    let component_of: BTreeMap<usize, &str> = plan
        .steps()
        .map(|s| (s.index, s.component.as_str()))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for step in plan.steps() {
        let entry = edges.entry(step.component.clone()).or_default();
        for before in &step.after {
            if let Some(other) = component_of.get(before)
                && *other != step.component
            {
                entry.insert(other.to_string());
            }
        }
    }
    edges
}

/// Each component's wave: 0 without prerequisites, else one more than the
/// highest wave it waits for.
///
/// # Errors
/// Components that wait for each other (one Application cannot be synced
/// before the other), named in a loop.
pub fn component_waves(plan: &Plan) -> Result<BTreeMap<String, usize>, Vec<String>> {
    let edges = component_edges(plan);
    let mut waves: BTreeMap<String, usize> = BTreeMap::new();
    fn visit(
        name: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        waves: &mut BTreeMap<String, usize>,
        path: &mut Vec<String>,
    ) -> Result<usize, Vec<String>> {
        if let Some(&wave) = waves.get(name) {
            return Ok(wave);
        }
        if let Some(start) = path.iter().position(|p| p == name) {
            let mut cycle = path[start..].to_vec();
            cycle.push(name.to_string());
            return Err(cycle);
        }
        path.push(name.to_string());
        let mut wave = 0;
        for before in edges.get(name).into_iter().flatten() {
            wave = wave.max(visit(before, edges, waves, path)? + 1);
        }
        path.pop();
        waves.insert(name.to_string(), wave);
        Ok(wave)
    }
    for name in edges.keys() {
        visit(name, &edges, &mut waves, &mut Vec::new())?;
    }
    Ok(waves)
}

/// The wave of each step's object inside its Application: the plan's own wave.
pub fn object_waves(plan: &Plan) -> BTreeMap<usize, usize> {
    plan.waves
        .iter()
        .enumerate()
        .flat_map(|(wave, w)| w.steps.iter().map(move |s| (s.index, wave)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::Object;
    use crate::plan;
    use serde_json::json;

    fn obj(kind: &str, api: &str, ns: Option<&str>, name: &str, component: &str) -> Object {
        let mut meta = json!({"name": name, "labels": {
            crate::render::COMPONENT_LABEL: component, crate::render::PROFILE_LABEL: "core"}});
        if let Some(ns) = ns {
            meta["namespace"] = json!(ns);
        }
        Object::new(json!({"apiVersion": api, "kind": kind, "metadata": meta}))
    }

    #[test]
    fn components_follow_their_prerequisites_in_the_plan() {
        let objects = vec![
            obj("Namespace", "v1", None, "odh", "odh-namespace"),
            obj("Deployment", "apps/v1", Some("odh"), "hub", "jupyterhub"),
            obj("ConfigMap", "v1", Some("odh"), "cfg", "jupyterhub"),
            obj("Deployment", "apps/v1", Some("odh"), "model", "models"),
        ];
        let requires = vec![
            ("jupyterhub".to_string(), vec!["odh-namespace".to_string()]),
            ("models".to_string(), vec!["jupyterhub".to_string()]),
        ];
        let plan = plan::install(&objects, &requires).unwrap();
        let waves = component_waves(&plan).unwrap();
        assert_eq!(waves["odh-namespace"], 0);
        assert_eq!(waves["jupyterhub"], 1);
        assert_eq!(waves["models"], 2);
        let objects = object_waves(&plan);
        assert!(objects[&2] < objects[&1], "config before the controller");
    }

    #[test]
    fn components_that_wait_for_each_other_are_named() {
        let objects = vec![
            obj("Namespace", "v1", None, "a", "one"),
            obj("Namespace", "v1", None, "b", "two"),
            obj("ConfigMap", "v1", Some("b"), "x", "one"),
            obj("ConfigMap", "v1", Some("a"), "y", "two"),
        ];
        let plan = plan::install(&objects, &[]).unwrap();
        let cycle = component_waves(&plan).unwrap_err();
        assert_eq!(cycle.first(), cycle.last());
        assert_eq!(cycle.len(), 3, "{cycle:?}");
    }
}
