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

/// Parses `text` and emits its nodes into `sink`.
pub fn lower(text: &str, options: LowerOptions, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    match options.lang {
        Lang::Python => python::lower(text, options.stub, sem, sink),
        Lang::Rust => rust::lower(text, options.skip_test_code, sem, sink),
    }
}
