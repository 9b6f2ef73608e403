//! What the body of a provider function calls and reads, collected while the adapter walks
//! it, for `competing-source` (does it delegate to the owner, or derive the value itself?).
//! Only functions named like providers collect; the others cost one `None` on a stack.

use crate::model::Function;
use crate::source::Span;

#[derive(Debug, Default)]
pub struct Bodies {
    stack: Vec<Option<Body>>,
}

#[derive(Debug, Default)]
struct Body {
    calls: Vec<(Box<str>, Span)>,
    reads: Vec<(Box<str>, Span)>,
}

impl Bodies {
    /// Starts a function body; `collect` says whether it is a provider's.
    pub fn enter(&mut self, collect: bool) {
        self.stack.push(collect.then(Body::default));
    }

    /// Ends the innermost body, returning the provider's function node if it collected.
    pub fn exit(&mut self, name: &str, name_span: Span, span: Span) -> Option<Function> {
        let body = self.stack.pop()??;
        Some(Function { name: name.into(), name_span, span, calls: body.calls, reads: body.reads })
    }

    /// Whether the innermost function collects (callers skip building paths otherwise).
    pub fn collecting(&self) -> bool {
        matches!(self.stack.last(), Some(Some(_)))
    }

    pub fn call(&mut self, path: &str, span: Span) {
        if let Some(Some(body)) = self.stack.last_mut() {
            body.calls.push((path.into(), span));
        }
    }

    pub fn read(&mut self, var: &str, span: Span) {
        if let Some(Some(body)) = self.stack.last_mut() {
            body.reads.push((var.into(), span));
        }
    }
}
