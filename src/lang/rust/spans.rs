//! The first and last tokens of syn nodes. syn's `Spanned` needs the `printing` feature and
//! rebuilds the node's tokens to find them; the first and last token of the few node kinds
//! the rules report on are cheaper to find by hand. `Offsets` turns them into byte ranges.

use proc_macro2::Span as TokenSpan;
use syn::{Expr, Macro, MacroDelimiter, Member, Path, UnOp};

/// A token's byte range in the parsed text, the slow way (for the rare syntax error).
pub fn token(span: TokenSpan) -> crate::source::Span {
    let range = span.byte_range();
    crate::source::Span::new(range.start, range.end)
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

fn first(expr: &Expr) -> TokenSpan {
    match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Assign(e) => first(&e.left),
        Expr::Async(e) => e.async_token.span,
        Expr::Await(e) => first(&e.base),
        Expr::Binary(e) => first(&e.left),
        Expr::Block(e) => e.block.brace_token.span.open(),
        Expr::Break(e) => e.break_token.span,
        Expr::Call(e) => first(&e.func),
        Expr::Cast(e) => first(&e.expr),
        Expr::Closure(e) => e.inputs_begin.spans[0],
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::Field(e) => first(&e.base),
        Expr::ForLoop(e) => e.for_token.span,
        Expr::Group(e) => first(&e.expr),
        Expr::If(e) => e.if_token.span,
        Expr::Index(e) => first(&e.expr),
        Expr::Let(e) => e.let_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.loop_token.span,
        Expr::Macro(e) => path_first(&e.mac.path),
        Expr::Match(e) => e.match_token.span,
        Expr::MethodCall(e) => first(&e.receiver),
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Path(e) => path_first(&e.path),
        Expr::Range(e) => e.start.as_deref().map_or_else(|| range_limits(&e.limits), first),
        Expr::Reference(e) => e.and_token.spans[0],
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => path_first(&e.path),
        Expr::Try(e) => first(&e.expr),
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => match &e.op {
            UnOp::Deref(t) => t.spans[0],
            UnOp::Not(t) => t.spans[0],
            UnOp::Neg(t) => t.spans[0],
            _ => first(&e.expr),
        },
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => e.while_token.span,
        _ => TokenSpan::call_site(),
    }
}

fn last(expr: &Expr) -> TokenSpan {
    match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Assign(e) => last(&e.right),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Binary(e) => last(&e.right),
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Closure(e) => last(&e.body),
        Expr::Field(e) => match &e.member {
            Member::Named(ident) => ident.span(),
            Member::Unnamed(index) => index.span,
        },
        Expr::Group(e) => last(&e.expr),
        Expr::If(e) => {
            e.else_branch.as_ref().map_or_else(|| e.then_branch.brace_token.span.close(), |(_, other)| last(other))
        }
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Let(e) => last(&e.expr),
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => delimiter_close(&e.mac.delimiter),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Path(e) => path_last(&e.path),
        Expr::Range(e) => e.end.as_deref().map_or_else(|| range_limits(&e.limits), last),
        Expr::Reference(e) => last(&e.expr),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Return(e) => e.expr.as_deref().map_or(e.return_token.span, last),
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.spans[0],
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unary(e) => last(&e.expr),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        _ => first(expr),
    }
}

fn range_limits(limits: &syn::RangeLimits) -> TokenSpan {
    match limits {
        syn::RangeLimits::HalfOpen(t) => t.spans[0],
        syn::RangeLimits::Closed(t) => t.spans[0],
    }
}
