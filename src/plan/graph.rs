//! Topological levels of a dependency graph, with the cycle named when there
//! is one, and the grouping of steps into sorted waves.

use super::stage::kind_order;
use super::{Action, Stage, Step, Wave};
use std::collections::BTreeSet;

/// For each node, its level: 0 without prerequisites, else one more than its
/// highest prerequisite. `deps[i]` lists the nodes node `i` waits for.
///
/// # Errors
/// A cycle, as node indices where each waits for the next and the first
/// repeats at the end.
pub(super) fn levels(deps: &[BTreeSet<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let count = deps.len();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut waiting_on: Vec<usize> = vec![0; count];
    for (node, prerequisites) in deps.iter().enumerate() {
        for &prerequisite in prerequisites.iter().filter(|&&p| p < count) {
            dependents[prerequisite].push(node);
            waiting_on[node] += 1;
        }
    }
    let mut level = vec![0; count];
    let mut ready: Vec<usize> = (0..count).filter(|&n| waiting_on[n] == 0).collect();
    let mut done = vec![false; count];
    while let Some(node) = ready.pop() {
        done[node] = true;
        for &dependent in &dependents[node] {
            level[dependent] = level[dependent].max(level[node] + 1);
            waiting_on[dependent] -= 1;
            if waiting_on[dependent] == 0 {
                ready.push(dependent);
            }
        }
    }
    match (0..count).find(|&n| !done[n]) {
        None => Ok(level),
        Some(start) => Err(find_cycle(deps, &done, start)),
    }
}

/// Walks from an unfinished node along unfinished prerequisites until a node
/// repeats. Every unfinished node has one, so the walk always closes a loop.
fn find_cycle(deps: &[BTreeSet<usize>], done: &[bool], start: usize) -> Vec<usize> {
    let mut path = vec![start];
    let mut node = start;
    loop {
        let Some(&next) = deps[node].iter().find(|&&p| p < done.len() && !done[p]) else {
            return path;
        };
        if let Some(position) = path.iter().position(|&n| n == next) {
            let mut cycle = path.split_off(position);
            cycle.push(next);
            return cycle;
        }
        path.push(next);
        node = next;
    }
}

/// Puts each step into the wave of its level, sorted inside the wave by
/// stage, kind, namespace, name and component.
pub(super) fn group(steps: Vec<Step>, levels: &[usize], action: Action) -> Vec<Wave> {
    let count = levels.iter().map(|level| level + 1).max().unwrap_or(0);
    let mut waves = vec![Wave::default(); count];
    for (step, &level) in steps.into_iter().zip(levels) {
        waves[level].steps.push(step);
    }
    for wave in &mut waves {
        wave.steps
            .sort_by(|a, b| sort_key(a, action).cmp(&sort_key(b, action)));
    }
    waves
}

fn sort_key(step: &Step, action: Action) -> (u8, Stage, (usize, &str), Option<&str>, &str, &str) {
    (
        step.stage.rank(action),
        step.stage,
        kind_order(&step.target.kind),
        step.target.namespace.as_deref(),
        &step.target.name,
        &step.component,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[&[usize]]) -> Vec<BTreeSet<usize>> {
        edges
            .iter()
            .map(|deps| deps.iter().copied().collect())
            .collect()
    }

    #[test]
    fn levels_follow_the_longest_path() {
        // 0 <- 1 <- 2, and 3 waits for 0 and 2.
        let levels = levels(&graph(&[&[], &[0], &[1], &[0, 2]])).unwrap();
        assert_eq!(levels, [0, 1, 2, 3]);
        assert_eq!(super::levels(&[]).unwrap(), Vec::<usize>::new());
    }

    #[test]
    fn cycles_are_reported_as_a_closed_path() {
        // 0 waits for 1, 1 for 2, 2 for 1; 3 is free.
        let cycle = levels(&graph(&[&[1], &[2], &[1], &[]])).unwrap_err();
        assert_eq!(cycle, [1, 2, 1]);
        let itself = levels(&graph(&[&[0]])).unwrap_err();
        assert_eq!(itself, [0, 0]);
    }
}
