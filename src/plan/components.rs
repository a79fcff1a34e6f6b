//! Declared component dependencies: cycle check and transitive closure.

use super::{ComponentRequires, PlanError};
use std::collections::{BTreeMap, BTreeSet};

/// Component name → the components it requires (entries for one name merged).
pub(super) struct Requirements<'a> {
    direct: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Requirements<'a> {
    pub fn new(requires: &'a ComponentRequires) -> Self {
        let mut direct: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (component, required) in requires {
            direct
                .entry(component.as_str())
                .or_default()
                .extend(required.iter().map(String::as_str));
        }
        Requirements { direct }
    }

    /// Every component `component` requires, directly or through others.
    pub fn closure(&self, component: &str) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&str> = self.required_by(component).collect();
        while let Some(next) = todo.pop() {
            if seen.insert(next) {
                todo.extend(self.required_by(next));
            }
        }
        seen
    }

    fn required_by(&self, component: &str) -> impl Iterator<Item = &'a str> + '_ {
        self.direct.get(component).into_iter().flatten().copied()
    }

    /// The first cycle found, as a path whose first name repeats at the end.
    fn find_cycle(&self) -> Option<Vec<String>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            Visiting,
            Done,
        }
        fn visit<'a>(
            reqs: &Requirements<'a>,
            node: &'a str,
            marks: &mut BTreeMap<&'a str, Mark>,
            path: &mut Vec<&'a str>,
        ) -> Option<Vec<String>> {
            match marks.get(node) {
                Some(Mark::Done) => return None,
                Some(Mark::Visiting) => {
                    let start = path.iter().position(|n| *n == node).unwrap_or(0);
                    let mut cycle: Vec<String> =
                        path[start..].iter().map(|n| n.to_string()).collect();
                    cycle.push(node.to_string());
                    return Some(cycle);
                }
                None => {}
            }
            marks.insert(node, Mark::Visiting);
            path.push(node);
            for next in reqs.required_by(node) {
                if let Some(cycle) = visit(reqs, next, marks, path) {
                    return Some(cycle);
                }
            }
            path.pop();
            marks.insert(node, Mark::Done);
            None
        }
        let mut marks = BTreeMap::new();
        self.direct
            .keys()
            .find_map(|start| visit(self, start, &mut marks, &mut Vec::new()))
    }
}

/// Fails when declared component dependencies form a cycle.
pub(super) fn check_cycles(requires: &ComponentRequires) -> Result<(), PlanError> {
    match Requirements::new(requires).find_cycle() {
        Some(cycle) => Err(PlanError::ComponentCycle(cycle)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn requires(pairs: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
        pairs
            .iter()
            .map(|(c, r)| (c.to_string(), r.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn closure_follows_requirements_transitively() {
        let deps = requires(&[
            ("ai-library", &["serving"]),
            ("serving", &["core"]),
            ("core", &[]),
        ]);
        let reqs = Requirements::new(&deps);
        assert_eq!(
            reqs.closure("ai-library").into_iter().collect::<Vec<_>>(),
            ["core", "serving"]
        );
        assert!(reqs.closure("unknown").is_empty());
        assert!(check_cycles(&deps).is_ok());
    }

    #[test]
    fn cycles_are_named() {
        let deps = requires(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])]);
        assert_eq!(
            check_cycles(&deps).unwrap_err().to_string(),
            "component dependency cycle: a -> b -> c -> a (each requires the next)"
        );
        let itself = requires(&[("a", &["a"])]);
        assert_eq!(
            check_cycles(&itself),
            Err(PlanError::ComponentCycle(vec!["a".into(), "a".into()]))
        );
    }
}
