//! Hands each node the adapter emits to the facts collector and to the rules that asked for
//! its kind.

use super::isolation;
use crate::analysis::facts::{self, FileFacts};
use crate::analysis::model::{Node, NodeKind, NodeSink, Scope};
use crate::analysis::semantics::Semantics;
use crate::config::Settings;
use crate::finding::{Finding, Severity};
use crate::rules::{Context, FileInfo, Rule};

fn is_fact_kind(kind: NodeKind) -> bool {
    facts::KINDS.contains(&kind)
}

/// A rule that runs on the current file, at its effective severity.
#[derive(Clone, Copy)]
pub struct Active<'a> {
    pub rule: &'a dyn Rule,
    pub severity: Severity,
}

pub struct Dispatch<'a> {
    settings: &'a Settings,
    by_kind: [Vec<Active<'a>>; NodeKind::COUNT],
    sem: Semantics<'a>,
    file: &'a FileInfo<'a>,
    pub findings: Vec<Finding>,
    /// Facts being collected, when the file can contribute any.
    pub facts: Option<FileFacts>,
    /// Rules that panicked on this file and the panic's message; they sit out the rest of it.
    pub failures: Vec<(String, String)>,
    /// A rule to panic in on purpose (tests; see `isolation`).
    inject: Option<&'static str>,
}

impl<'a> Dispatch<'a> {
    pub fn new(
        settings: &'a Settings,
        active: &[Active<'a>],
        sem: Semantics<'a>,
        file: &'a FileInfo<'a>,
        facts: Option<FileFacts>,
        inject: Option<&'static str>,
    ) -> Self {
        let mut by_kind: [Vec<Active<'a>>; NodeKind::COUNT] = Default::default();
        for entry in active {
            for &kind in entry.rule.kinds() {
                by_kind[kind as usize].push(*entry);
            }
        }
        Self { settings, by_kind, sem, file, findings: Vec::new(), facts, failures: Vec::new(), inject }
    }
}

impl NodeSink for Dispatch<'_> {
    fn node(&mut self, node: Node<'_>, scope: Scope<'_>) {
        let Self { settings, by_kind, sem, file, findings, facts, failures, inject } = self;
        if let Some(facts) = facts.as_mut().filter(|_| is_fact_kind(node.kind())) {
            facts::collect(node, scope, file, sem, facts);
        }
        for active in &by_kind[node.kind() as usize] {
            let id = &*active.rule.meta().id;
            if !failures.is_empty() && failures.iter().any(|(failed, _)| failed == id) {
                continue;
            }
            let mut cx = Context {
                settings,
                sem: *sem,
                scope,
                file,
                meta: active.rule.meta(),
                severity: active.severity,
                findings,
            };
            let checked = isolation::catch(|| {
                if *inject == Some(id) {
                    panic!("injected panic (SSOTLINT_INJECT_PANIC)");
                }
                active.rule.check(node, &mut cx);
            });
            if let Err(message) = checked {
                failures.push((id.to_owned(), message));
            }
        }
    }

    fn wants(&self, kind: NodeKind) -> bool {
        (self.facts.is_some() && is_fact_kind(kind)) || !self.by_kind[kind as usize].is_empty()
    }
}
