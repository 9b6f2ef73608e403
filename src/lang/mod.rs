//! Language adapters: each parses one file and lowers its tree to the neutral model
//! (`crate::analysis::model`), emitting nodes into a sink while it walks, so no tree outlives its file.
//! The adapters (`python/`, `rust/`) only match syntax; what the pieces mean, and the state
//! of the walk (scopes, provider bodies, the depth budget), is the shared `core/`.

mod core;
mod python;
mod rust;

use crate::analysis::model::{NodeSink, ParseOutcome};
use crate::analysis::semantics::Semantics;
use crate::support::source::Lang;

/// How to lower one file.
#[derive(Debug, Clone, Copy)]
pub struct LowerOptions {
    pub lang: Lang,
    /// A Python stub (`.pyi`).
    pub stub: bool,
    /// Leave out Rust `#[cfg(test)]` items and `#[test]` functions.
    pub skip_test_code: bool,
}

/// Resets what a parse that panicked half-way may have left in the thread's state.
pub fn after_panic() {
    rust::after_panic();
}

/// Parses `text` and emits its nodes into `sink`.
pub fn lower(text: &str, options: LowerOptions, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    if let Some(at) = crate::input::nesting::too_deep(text, options.lang) {
        let span = crate::support::source::Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8));
        return ParseOutcome::too_deep(
            span,
            crate::input::nesting::MAX_NESTING,
            "brackets, blocks or chained operators",
            "the file is not checked",
        );
    }
    match options.lang {
        Lang::Python => python::lower(text, options.stub, sem, sink),
        Lang::Rust => rust::lower(text, options.skip_test_code, sem, sink),
    }
}
