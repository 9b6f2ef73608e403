//! Hands each node the adapter emits to the rules that asked for its kind.

use crate::finding::{Finding, Severity};
use crate::model::{Node, NodeKind, NodeSink, Scope};
use crate::rules::{Context, FileInfo, Rule};
use crate::semantics::Semantics;

/// A rule that runs on the current file, at its effective severity.
#[derive(Clone, Copy)]
pub struct Active<'a> {
    pub rule: &'a dyn Rule,
    pub severity: Severity,
}

pub struct Dispatch<'a> {
    by_kind: [Vec<Active<'a>>; NodeKind::COUNT],
    sem: Semantics<'a>,
    file: &'a FileInfo,
    pub findings: Vec<Finding>,
}

impl<'a> Dispatch<'a> {
    pub fn new(active: &[Active<'a>], sem: Semantics<'a>, file: &'a FileInfo) -> Self {
        let mut by_kind: [Vec<Active<'a>>; NodeKind::COUNT] = Default::default();
        for entry in active {
            for &kind in entry.rule.kinds() {
                by_kind[kind as usize].push(*entry);
            }
        }
        Self { by_kind, sem, file, findings: Vec::new() }
    }
}

impl NodeSink for Dispatch<'_> {
    fn node(&mut self, node: Node<'_>, scope: Scope<'_>) {
        let Self { by_kind, sem, file, findings } = self;
        for active in &by_kind[node.kind() as usize] {
            let mut cx =
                Context { sem: *sem, scope, file, meta: active.rule.meta(), severity: active.severity, findings };
            active.rule.check(node, &mut cx);
        }
    }

    fn wants(&self, kind: NodeKind) -> bool {
        !self.by_kind[kind as usize].is_empty()
    }
}
