//! The first and last tokens of syn nodes. syn's `Spanned` needs the `printing` feature and
//! rebuilds the node's tokens to find them; the first and last token of the few node kinds
//! the rules report on are cheaper to find by hand. `Offsets` turns them into byte ranges.

use proc_macro2::Span as TokenSpan;
use syn::{Expr, Macro, MacroDelimiter, Member, Path, UnOp};

/// A token's byte range in the parsed text, the slow way (for the rare syntax error).
pub fn token(span: TokenSpan) -> crate::support::source::Span {
    let range = span.byte_range();
    crate::support::source::Span::new(range.start, range.end)
}

/// The first and last token of an expression.
pub fn expr(expr: &Expr) -> (TokenSpan, TokenSpan) {
    (first(expr), last(expr))
}

/// The first and last token of a macro invocation.
pub fn mac(mac: &Macro) -> (TokenSpan, TokenSpan) {
    (path_first(&mac.path), delimiter_close(&mac.delimiter))
}

fn delimiter_close(delimiter: &MacroDelimiter) -> TokenSpan {
    match delimiter {
        MacroDelimiter::Paren(p) => p.span.close(),
        MacroDelimiter::Brace(b) => b.span.close(),
        MacroDelimiter::Bracket(b) => b.span.close(),
    }
}

fn path_first(path: &Path) -> TokenSpan {
    path.leading_colon
        .as_ref()
        .map(|c| c.spans[0])
        .or_else(|| path.segments.first().map(|s| s.ident.span()))
        .unwrap_or_else(TokenSpan::call_site)
}

fn path_last(path: &Path) -> TokenSpan {
    path.segments.last().map_or_else(TokenSpan::call_site, |s| s.ident.span())
}

/// How far a span search follows an expression's leftmost or rightmost operand. A chain
/// deeper than this (`a.b.c…` a hundred thousand times) would make finding the spans of
/// every link quadratic; past it the search stops at the token it has reached.
const MAX_DESCENT: usize = 256;

/// One step towards an expression's first or last token.
enum Step<'e> {
    Done(TokenSpan),
    Into(&'e Expr),
}

fn first(expr: &Expr) -> TokenSpan {
    walk(expr, first_step)
        .unwrap_or_else(|reached| walk(reached, |e| last_step(e, false)).unwrap_or_else(|_| TokenSpan::call_site()))
}

fn last(expr: &Expr) -> TokenSpan {
    walk(expr, |e| last_step(e, true))
        .unwrap_or_else(|reached| walk(reached, first_step).unwrap_or_else(|_| TokenSpan::call_site()))
}

/// Follows `step` down to a token, or gives up on a chain too deep and returns the
/// expression reached, for a token at its other end (one step away, as a rule).
fn walk<'e>(mut expr: &'e Expr, step: impl Fn(&'e Expr) -> Step<'e>) -> Result<TokenSpan, &'e Expr> {
    for _ in 0..MAX_DESCENT {
        match step(expr) {
            Step::Done(span) => return Ok(span),
            Step::Into(inner) => expr = inner,
        }
    }
    Err(expr)
}

fn first_step(expr: &Expr) -> Step<'_> {
    let span = match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Assign(e) => return Step::Into(&e.left),
        Expr::Async(e) => e.async_token.span,
        Expr::Await(e) => return Step::Into(&e.base),
        Expr::Binary(e) => return Step::Into(&e.left),
        Expr::Block(e) => e.block.brace_token.span.open(),
        Expr::Break(e) => e.break_token.span,
        Expr::Call(e) => return Step::Into(&e.func),
        Expr::Cast(e) => return Step::Into(&e.expr),
        Expr::Closure(e) => e.inputs_begin.spans[0],
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Field(e) => return Step::Into(&e.base),
        Expr::ForLoop(e) => e.for_token.span,
        Expr::Group(e) => return Step::Into(&e.expr),
        Expr::If(e) => e.if_token.span,
        Expr::Index(e) => return Step::Into(&e.expr),
        Expr::Let(e) => e.let_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.loop_token.span,
        Expr::Macro(e) => path_first(&e.mac.path),
        Expr::Match(e) => e.match_token.span,
        Expr::MethodCall(e) => return Step::Into(&e.receiver),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Path(e) => path_first(&e.path),
        Expr::Range(e) => match e.start.as_deref() {
            Some(start) => return Step::Into(start),
            None => range_limits(&e.limits),
        },
        Expr::Reference(e) => e.and_token.spans[0],
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => path_first(&e.path),
        Expr::Try(e) => return Step::Into(&e.expr),
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => match &e.op {
            UnOp::Deref(t) => t.spans[0],
            UnOp::Not(t) => t.spans[0],
            UnOp::Neg(t) => t.spans[0],
            _ => return Step::Into(&e.expr),
        },
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => e.while_token.span,
        _ => TokenSpan::call_site(),
    };
    Step::Done(span)
}

/// The step towards an expression's last token; `or_first` says what to do with a kind
/// that has no own last token (follow it towards its first one, or give up).
fn last_step(expr: &Expr, or_first: bool) -> Step<'_> {
    let span = match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Assign(e) => return Step::Into(&e.right),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Binary(e) => return Step::Into(&e.right),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Closure(e) => return Step::Into(&e.body),
        Expr::Field(e) => match &e.member {
            Member::Named(ident) => ident.span(),
            Member::Unnamed(index) => index.span,
        },
        Expr::Group(e) => return Step::Into(&e.expr),
        Expr::If(e) => match &e.else_branch {
            Some((_, other)) => return Step::Into(other),
            None => e.then_branch.brace_token.span.close(),
        },
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Let(e) => return Step::Into(&e.expr),
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => delimiter_close(&e.mac.delimiter),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Path(e) => path_last(&e.path),
        Expr::Range(e) => match e.end.as_deref() {
            Some(end) => return Step::Into(end),
            None => range_limits(&e.limits),
        },
        Expr::Reference(e) => return Step::Into(&e.expr),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Return(e) => match e.expr.as_deref() {
            Some(value) => return Step::Into(value),
            None => e.return_token.span,
        },
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.spans[0],
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unary(e) => return Step::Into(&e.expr),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        _ if or_first => return Step::Done(first(expr)),
        _ => TokenSpan::call_site(),
    };
    Step::Done(span)
}

fn range_limits(limits: &syn::RangeLimits) -> TokenSpan {
    match limits {
        syn::RangeLimits::HalfOpen(t) => t.spans[0],
        syn::RangeLimits::Closed(t) => t.spans[0],
    }
}
