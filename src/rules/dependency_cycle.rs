//! D204 dependency-cycle: `after` links that lead back to where they started. Each cycle is
//! reported once, at the `after` name that closes it in the cycle's first node in source
//! order, and the message names the whole cycle (`a → b → c → a`).

use foldhash::{HashMap, HashMapExt, HashSet};
use std::collections::VecDeque;

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Model, NodeId};

pub fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let edges = edges(model);
    for cycle in cycles(&edges) {
        let Some(&first) = cycle.nodes.first() else {
            continue;
        };
        // The link out of the first node: to the second, or to itself in a cycle of one.
        let next = cycle.nodes.get(1).copied().unwrap_or(first);
        let Some(after) = model
            .nodes
            .get(first)
            .and_then(|n| n.after.iter().find(|a| a.node == Some(next)))
        else {
            continue;
        };
        let names: Vec<String> = cycle
            .nodes
            .iter()
            .chain(std::iter::once(&first))
            .filter_map(|&n| model.nodes.get(n).map(|n| n.id.clone()))
            .collect();
        out.push(
            Diagnostic::new(
                Code::D204,
                model.at(after.span.clone()),
                Msg::DependencyCycle { cycle: names },
            )
            .label(Msg::DependencyCycleLabel)
            .help(Msg::DependencyCycleHelp),
        );
    }
}

/// For each node, the nodes it comes `after`, in written order.
fn edges(model: &Model) -> Vec<Vec<NodeId>> {
    model
        .nodes
        .iter()
        .map(|n| n.after.iter().filter_map(|a| a.node).collect())
        .collect()
}

/// A cycle of `after` links: `nodes[0]` after `nodes[1]` after … after `nodes[0]`. A node
/// after itself is a cycle of one.
#[derive(Debug, PartialEq, Eq)]
struct Cycle {
    nodes: Vec<NodeId>,
}

/// The strongly connected component of every node (Tarjan), as a component number.
pub fn components_of(model: &Model) -> Vec<usize> {
    components(&edges(model))
}

fn components(edges: &[Vec<NodeId>]) -> Vec<usize> {
    struct State<'a> {
        edges: &'a [Vec<NodeId>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<NodeId>,
        next: usize,
        comp: Vec<usize>,
        comps: usize,
    }
    fn visit(s: &mut State, v: NodeId) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in s.edges.get(v).map_or(&[][..], |e| e.as_slice()) {
            match s.index.get(w).copied().flatten() {
                None if w < s.index.len() => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                _ => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.comp[w] = s.comps;
                if w == v {
                    break;
                }
            }
            s.comps += 1;
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        comp: vec![0; n],
        comps: 0,
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.comp
}

/// One cycle per strongly connected component that has one: from the component's first
/// node, through its first `after` link into the component, the shortest way back.
fn cycles(edges: &[Vec<NodeId>]) -> Vec<Cycle> {
    let comp = components(edges);
    let mut done = vec![false; edges.len()];
    let mut out = Vec::new();
    for (first, succ) in edges.iter().enumerate() {
        let c = comp[first];
        if done[c] {
            continue;
        }
        if succ.contains(&first) {
            done[c] = true;
            out.push(Cycle { nodes: vec![first] });
            continue;
        }
        let Some(&next) = succ.iter().find(|&&w| comp.get(w) == Some(&c)) else {
            continue;
        };
        done[c] = true;
        // Breadth-first from `next` back to `first`, inside the component: the search
        // touches only the component, so many small cycles cost no more than one large one.
        let mut prev: HashMap<NodeId, NodeId> = HashMap::new();
        let mut queue = VecDeque::from([next]);
        let mut seen: HashSet<_> = std::iter::once(next).collect();
        while let Some(v) = queue.pop_front() {
            if v == first {
                break;
            }
            for &w in &edges[v] {
                if comp.get(w) == Some(&c) && seen.insert(w) {
                    prev.insert(w, v);
                    queue.push_back(w);
                }
            }
        }
        let mut path = vec![first];
        let mut v = first;
        while let Some(&p) = prev.get(&v) {
            path.push(p);
            v = p;
        }
        // `path` runs first ← … ← next; the cycle reads first → next → … → first.
        let mut nodes = vec![first];
        nodes.extend(path.into_iter().skip(1).rev());
        out.push(Cycle { nodes });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cycle_of_three_is_found_once_from_its_first_node() {
        // 0 after 1, 1 after 2, 2 after 0; 3 after 0 is not in it.
        let edges = vec![vec![1], vec![2], vec![0], vec![0]];
        assert_eq!(
            cycles(&edges),
            vec![Cycle {
                nodes: vec![0, 1, 2]
            }]
        );
    }

    #[test]
    fn a_node_after_itself_is_a_cycle() {
        let edges = vec![vec![0], vec![]];
        assert_eq!(cycles(&edges), vec![Cycle { nodes: vec![0] }]);
    }

    #[test]
    fn two_separate_cycles_and_a_chain() {
        let edges = vec![vec![1], vec![0], vec![3], vec![4], vec![2], vec![0]];
        assert_eq!(
            cycles(&edges),
            vec![
                Cycle { nodes: vec![0, 1] },
                Cycle {
                    nodes: vec![2, 3, 4]
                }
            ]
        );
    }

    #[test]
    fn no_cycle_in_a_diamond() {
        let edges = vec![vec![1, 2], vec![3], vec![3], vec![]];
        assert!(cycles(&edges).is_empty());
        let comp = components(&edges);
        assert_ne!(comp[0], comp[1]);
    }

    #[test]
    fn a_tangle_reports_one_shortest_cycle() {
        // 0→1→2→0 and 0→1→0: one component, the shortest way back from 1 is 1→0.
        let edges = vec![vec![1], vec![2, 0], vec![0]];
        assert_eq!(cycles(&edges), vec![Cycle { nodes: vec![0, 1] }]);
    }
}
