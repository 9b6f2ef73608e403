//! The Rust adapter: parses with syn (full syntax, span locations) and lowers the tree to
//! the neutral model.
//!
//! syn trees are not `Send`, so a file is parsed and walked on one thread. syn keeps every
//! parsed file's text in a thread-local source map; `lower` clears it when done, or memory
//! grows with every file the thread has seen. syn cannot recover from a syntax error: such a
//! file yields its error and no nodes.

mod expr;
mod items;
mod macros;
mod offsets;
mod spans;
mod types;
mod uses;

use crate::analysis::model::{NodeSink, ParseOutcome, SyntaxError};
use crate::analysis::semantics::Semantics;

pub fn lower(text: &str, skip_test_code: bool, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    let (body, base) = strip_preamble(text);
    let outcome = match syn::parse_str::<syn::File>(body) {
        Ok(file) => {
            let offsets = offsets::Offsets::new(body);
            let mut lowerer = items::Lowerer::new(sem, sink, base, offsets, skip_test_code, &file.items);
            lowerer.file(&file);
            lowerer.core.finish(file, ParseOutcome::default())
        }
        Err(err) => ParseOutcome {
            error: Some(SyntaxError { message: err.to_string(), span: spans::token(err.span()).shifted(base) }),
            more_errors: 0,
        },
    };
    proc_macro2::extra::invalidate_current_thread_spans();
    outcome
}

/// A parse that panicked did not clear the thread's source map; its spans are gone with
/// the unwound tree, so clearing it now is safe.
pub fn after_panic() {
    proc_macro2::extra::invalidate_current_thread_spans();
}

/// The text syn should parse and its offset in the file: a BOM and a `#!` line (but not an
/// inner attribute `#![…]`) are left out, as rustc does.
fn strip_preamble(text: &str) -> (&str, u32) {
    let mut base = crate::support::source::bom_len(text) as usize;
    let rest = &text[base..];
    if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        base += rest.find('\n').unwrap_or(rest.len());
    }
    (&text[base..], base as u32)
}

#[cfg(test)]
mod tests {
    use super::strip_preamble;

    #[test]
    fn shebang_is_skipped_but_inner_attribute_is_not() {
        assert_eq!(strip_preamble("#!/usr/bin/env run\nfn main() {}").1, 18);
        assert_eq!(strip_preamble("#![allow(dead_code)]\nfn main() {}").1, 0);
        assert_eq!(strip_preamble("\u{feff}fn main() {}").1, 3);
    }
}
