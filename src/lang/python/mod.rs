//! The Python adapter: parses with ruff's parser and lowers the tree to the neutral model.
//!
//! `ruff_python_parser` is pinned to 0.0.10 and its API is explicitly unstable, so every use
//! of ruff's crates stays inside this module: a version bump touches nothing else.

mod expr;
mod imports;
mod settings;
mod stmt;

use ruff_python_ast::PySourceType;
use ruff_text_size::Ranged;

use crate::analysis::model::{NodeSink, ParseOutcome, SyntaxError};
use crate::analysis::semantics::Semantics;
use crate::support::source::Span;

/// Parses `text` and emits its nodes into `sink`. A file with syntax errors is still lowered:
/// ruff's parser recovers and returns a usable tree, so one bad line does not hide the rest.
pub fn lower(text: &str, pyi: bool, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    let source_type = if pyi { PySourceType::Stub } else { PySourceType::Python };
    let parsed = ruff_python_parser::parse_unchecked_source(text, source_type);
    let outcome = outcome(parsed.errors());
    let mut lowerer = stmt::Lowerer::new(sem, sink);
    lowerer.module(&parsed.syntax().body);
    lowerer.core.finish(parsed, outcome)
}

fn outcome(errors: &[ruff_python_parser::ParseError]) -> ParseOutcome {
    let first = errors.iter().min_by_key(|e| e.range().start());
    ParseOutcome {
        error: first.map(|err| SyntaxError { message: err.error.to_string(), span: span(err.range()) }),
        more_errors: errors.len().saturating_sub(1),
    }
}

fn span(range: ruff_text_size::TextRange) -> Span {
    Span { start: range.start().to_u32(), end: range.end().to_u32() }
}
