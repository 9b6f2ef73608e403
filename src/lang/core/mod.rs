//! The lowering core: what both language adapters share. An adapter matches its syntax and
//! hands the core language-neutral pieces (a member of a value, a subscript, a finished call,
//! the parts of a template); the core decides what they mean (through `Semantics` and the
//! vocabulary), emits nodes into the sink, and keeps the scope frames, the provider bodies
//! and the depth budget. A semantic written here holds for Python and Rust alike.

mod bodies;
mod frames;
mod scopes;
mod values;

pub use frames::FrameKind;

use bodies::Bodies;
use frames::Frames;

use crate::analysis::model::{Node, NodeKind, NodeSink, ParseOutcome, Value};
use crate::analysis::semantics::Semantics;
use crate::support::source::Span;

/// How deep the adapters follow an expression tree. Brackets and prefix operators are
/// bounded before parsing (`crate::input::nesting`); this bounds the left-nested chains the
/// parsers build without recursing (`a + b + c…`, `a.b.c…`), whose walk would recurse.
pub const MAX_EXPR_DEPTH: usize = 2048;

/// The state of lowering one file that does not depend on its language.
pub struct Core<'s> {
    pub sem: Semantics<'s>,
    sink: &'s mut dyn NodeSink,
    pub frames: Frames,
    pub bodies: Bodies,
    /// Expressions being lowered inside one another, and where that went too deep.
    expr_depth: usize,
    too_deep: Option<Span>,
    /// Inside a comparison, an `isinstance` test or a dict key: a pool class named there is
    /// tested or looked up, not chosen.
    not_a_choice: usize,
}

impl<'s> Core<'s> {
    pub fn new(sem: Semantics<'s>, sink: &'s mut dyn NodeSink) -> Self {
        Self {
            sem,
            sink,
            frames: Frames::default(),
            bodies: Bodies::default(),
            expr_depth: 0,
            too_deep: None,
            not_a_choice: 0,
        }
    }

    /// Whether any rule wants nodes of this kind (building the others is skipped).
    pub fn wants(&self, kind: NodeKind) -> bool {
        self.sink.wants(kind)
    }

    /// Hands a node to the rules, with the scope it sits in.
    pub fn emit(&mut self, node: Node<'_>) {
        self.sink.node(node, self.frames.scope());
    }

    /// What lowering `tree` came to: `parsed` (the parser's own outcome), or "too deep" when
    /// the walk stopped at the depth budget and the parser found nothing worse.
    pub fn finish<T>(self, tree: T, parsed: ParseOutcome) -> ParseOutcome {
        let Some(at) = self.too_deep else { return parsed };
        // Dropping a tree this deep would recurse as deep: leak it instead (once per such file).
        std::mem::forget(tree);
        if parsed.error.is_some() {
            return parsed;
        }
        ParseOutcome::too_deep(at, MAX_EXPR_DEPTH, "nested expressions", "the deeper parts are not checked")
    }
}

/// An adapter's side of lowering expressions: how to lower one expression of its tree. The
/// provided methods wrap that in what the core owns (the depth budget, tested operands).
pub trait Lower<'s> {
    type Expr;

    fn core(&mut self) -> &mut Core<'s>;

    /// Where an expression is; asked only when it is too deep to lower, since finding a
    /// syn expression's span walks its tokens.
    fn span_of(&self, expr: &Self::Expr) -> Span;

    /// What an expression evaluates to, emitting the nodes inside it.
    fn value_of(&mut self, expr: &Self::Expr) -> Value;

    /// [`Lower::value_of`] within the depth budget: past it, an unknown value, and the file
    /// says where the walk stopped.
    fn value(&mut self, expr: &Self::Expr) -> Value {
        let core = self.core();
        if core.expr_depth >= MAX_EXPR_DEPTH {
            let here = self.span_of(expr);
            let core = self.core();
            core.too_deep.get_or_insert(here);
            return Value::other(here);
        }
        core.expr_depth += 1;
        let value = self.value_of(expr);
        self.core().expr_depth -= 1;
        value
    }

    /// Lowers an expression whose names are tested or looked up, not chosen (a comparison
    /// operand, an `isinstance` argument, a dict key): `pool == NullPool` picks no pool.
    fn tested(&mut self, expr: &Self::Expr) -> Value {
        self.core().not_a_choice += 1;
        let value = self.value(expr);
        self.core().not_a_choice -= 1;
        value
    }
}
