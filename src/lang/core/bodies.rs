//! What the body of a provider function calls and returns, collected while the adapter walks
//! it, for `competing-source` (does it delegate to the owner, or derive the value itself?).
//! Only functions named like providers collect; the others cost one `None` on a stack.

use crate::analysis::model::{Function, MAX_ORIGIN_DEPTH, Value, ValueKind};

/// Returned values a provider keeps: a function with more return statements than this is
/// judged on its first ones.
const MAX_RETURNS: usize = 64;
use crate::support::source::Span;

#[derive(Debug, Default)]
pub struct Bodies {
    stack: Vec<Option<Body>>,
}

#[derive(Debug, Default)]
struct Body {
    calls: Vec<(Box<str>, Span)>,
    returns: Vec<Value>,
}

impl Bodies {
    /// Starts a function body; `collect` says whether it is a provider's.
    pub fn enter(&mut self, collect: bool) {
        self.stack.push(collect.then(Body::default));
    }

    /// Ends the innermost body, returning the provider's function node if it collected.
    pub fn exit(&mut self, name: &str, name_span: Span, span: Span) -> Option<Function> {
        let body = self.stack.pop()??;
        Some(Function { name: name.into(), name_span, span, calls: body.calls, returns: body.returns, field: false })
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

    /// A value the innermost function returns, yields or stores as its result.
    pub fn returned(&mut self, value: &Value) {
        if let Some(Some(body)) = self.stack.last_mut()
            && !matches!(value.kind, ValueKind::Other)
            && body.returns.len() < MAX_RETURNS
        {
            body.returns.push(value.clone().truncated(MAX_ORIGIN_DEPTH));
        }
    }
}
