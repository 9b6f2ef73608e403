//! Language adapters: each parses one file and lowers its tree to the neutral model
//! (`crate::model`), emitting nodes into a sink while it walks, so no tree outlives its file.

pub mod bodies;
pub mod frames;
mod python;
mod rust;

use crate::model::{NodeSink, ParseOutcome};
use crate::semantics::Semantics;
use crate::source::Lang;

/// How to lower one file.
#[derive(Debug, Clone, Copy)]
pub struct LowerOptions {
    pub lang: Lang,
    /// A Python stub (`.pyi`).
    pub stub: bool,
    /// Leave out Rust `#[cfg(test)]` items and `#[test]` functions.
    pub skip_test_code: bool,
}

/// How deep the adapters follow an expression tree. Brackets and prefix operators are
/// bounded before parsing (`crate::nesting`); this bounds the left-nested chains the
/// parsers build without recursing (`a + b + c…`, `a.b.c…`), whose walk would recurse.
pub const MAX_EXPR_DEPTH: usize = 2048;

/// Resets what a parse that panicked half-way may have left in the thread's state.
pub fn after_panic() {
    rust::after_panic();
}

/// Parses `text` and emits its nodes into `sink`.
pub fn lower(text: &str, options: LowerOptions, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    if let Some(at) = crate::nesting::too_deep(text, options.lang) {
        let span = crate::source::Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8));
        return ParseOutcome::too_deep(
            span,
            crate::nesting::MAX_NESTING,
            "brackets, blocks or chained operators",
            "the file is not checked",
        );
    }
    match options.lang {
        Lang::Python => python::lower(text, options.stub, sem, sink),
        Lang::Rust => rust::lower(text, options.skip_test_code, sem, sink),
    }
}
