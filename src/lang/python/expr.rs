//! Expression lowering for the Python adapter: matches ruff's expression syntax and hands
//! the pieces (operands, callee, template parts) to the lowering core, which makes every
//! expression a [`Value`] and emits the calls, subscripts, comparisons, templates and
//! collections as nodes. What stays here is Python's own syntax: f-strings, `%` templates,
//! `or`/ternary fallbacks, dict literals, `isinstance` tests.

use ruff_python_ast::visitor::walk_expr;
use ruff_python_ast::{
    CmpOp, Comprehension, Expr, ExprAttribute, ExprBinOp, ExprCall, ExprCompare, ExprContext, ExprFString,
    ExprSubscript, FStringPart, InterpolatedStringElement, Number, Operator,
};
use ruff_text_size::Ranged;

use super::span;
use super::stmt::Lowerer;
use crate::analysis::model::{Access, Call, Callee, Compare, CompareOp, FormatParts, Keyword, Piece, Value, ValueKind};
use crate::lang::core::{Core, Lower};
use crate::support::source::Span;

impl<'s> Lower<'s> for Lowerer<'s> {
    type Expr = Expr;

    fn core(&mut self) -> &mut Core<'s> {
        &mut self.core
    }

    fn span_of(&self, expr: &Expr) -> Span {
        span(expr.range())
    }

    fn value_of(&mut self, expr: &Expr) -> Value {
        let here = span(expr.range());
        match expr {
            Expr::StringLiteral(literal) => self.core.literal(literal.value.to_str(), here),
            Expr::FString(fstring) => self.fstring(fstring),
            Expr::Name(name) => self.name(name.id.as_str(), here),
            Expr::Attribute(attribute) => self.attribute(attribute),
            Expr::Call(call) => self.call(call),
            Expr::Subscript(subscript) => self.subscript(subscript),
            Expr::Compare(compare) => self.compare(compare),
            Expr::BinOp(binop) => self.binop(binop),
            Expr::List(list) => self.collection(&list.elts, here),
            Expr::Tuple(tuple) => self.collection(&tuple.elts, here),
            Expr::Set(set) => self.collection(&set.elts, here),
            Expr::Await(await_expr) => self.value(&await_expr.value),
            Expr::Dict(dict) => {
                let mut keys = Vec::new();
                for item in &dict.items {
                    let key = item.key.as_ref().and_then(|key| self.tested(key).as_str().map(Box::<str>::from));
                    let value = self.value(&item.value);
                    // A nested dict's keys count as `outer.inner` (`"OPTIONS": {"pool": …}`).
                    if let (Some(key), ValueKind::Mapping(inner)) = (&key, &value.kind) {
                        keys.extend(inner.iter().map(|inner| format!("{key}.{inner}").into()));
                    }
                    keys.extend(key);
                }
                self.core.mapping(keys, here)
            }
            Expr::Yield(yielded) => {
                if let Some(value) = &yielded.value {
                    let value = self.value(value);
                    self.core.bodies.returned(&value);
                }
                Value::other(here)
            }
            Expr::Named(named) => {
                let value = self.value(&named.value);
                if let Expr::Name(target) = &*named.target {
                    self.core.frames.bind(target.id.as_str(), &value);
                }
                value
            }
            Expr::Generator(g) => self.comprehension(&g.generators, &[&g.elt], here),
            Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt], here),
            Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt], here),
            Expr::DictComp(c) => {
                let results: Vec<&Expr> = c.key.as_deref().into_iter().chain(std::iter::once(&*c.value)).collect();
                self.comprehension(&c.generators, &results, here)
            }
            Expr::BoolOp(boolop) => first_known(boolop.values.iter().map(|v| self.value(v)).collect(), here),
            Expr::If(ternary) => {
                self.value(&ternary.test);
                let body = self.value(&ternary.body);
                let orelse = self.value(&ternary.orelse);
                first_known(vec![body, orelse], here)
            }
            _ => {
                walk_expr(self, expr);
                Value::other(here)
            }
        }
    }
}

impl Lowerer<'_> {
    pub(super) fn name(&mut self, id: &str, here: Span) -> Value {
        self.core.name(id, here, || self.imports.resolve(id).unwrap_or(id).to_owned())
    }

    fn attribute(&mut self, attribute: &ExprAttribute) -> Value {
        let base = self.value(&attribute.value);
        self.core.member(&base, attribute.attr.as_str(), span(attribute.range))
    }

    fn call(&mut self, expr: &ExprCall) -> Value {
        let callee = match &*expr.func {
            Expr::Attribute(attribute) => Callee::Method {
                receiver: Box::new(self.value(&attribute.value)),
                name: attribute.attr.as_str().into(),
                turbofish: None,
            },
            Expr::Name(name) => Callee::Path { path: self.callee_path(name.id.as_str()), span: span(name.range) },
            other => {
                self.value(other);
                Callee::Other
            }
        };
        let tests_a_type =
            matches!(&*expr.func, Expr::Name(name) if matches!(name.id.as_str(), "isinstance" | "issubclass"));
        let args = if tests_a_type {
            expr.arguments.args.iter().map(|arg| self.tested(arg)).collect()
        } else {
            expr.arguments.args.iter().map(|arg| self.value(arg)).collect()
        };
        let keywords = expr
            .arguments
            .keywords
            .iter()
            .filter_map(|keyword| {
                let value = self.value(&keyword.value);
                let name = keyword.arg.as_ref()?;
                Some(Keyword { name: name.as_str().into(), value })
            })
            .collect();
        self.core.call(Call::new(callee, args, keywords, span(expr.range())))
    }

    /// What a called name stands for: a local assigned from a call is an instance of what
    /// that call made (`config = Config(".env"); config("X")` calls `starlette.config.Config()`);
    /// else the name with import aliases resolved.
    fn callee_path(&self, id: &str) -> Box<str> {
        let made_by = self.core.frames.lookup(id).and_then(|bound| {
            bound.origins().find_map(|origin| match &origin.kind {
                ValueKind::Call { path } => Some(format!("{path}()").into()),
                _ => None,
            })
        });
        made_by.unwrap_or_else(|| self.imports.resolve(id).unwrap_or(id).into())
    }

    fn subscript(&mut self, expr: &ExprSubscript) -> Value {
        let object = self.value(&expr.value);
        let key = self.value(&expr.slice);
        let access = match expr.ctx {
            ExprContext::Store => Access::Store,
            ExprContext::Del => Access::Delete,
            _ => Access::Load,
        };
        self.core.subscript(object, key, access, span(expr.range), || match &*expr.slice {
            Expr::NumberLiteral(number) => Some(number_text(&number.value)),
            _ => None,
        })
    }

    fn compare(&mut self, expr: &ExprCompare) -> Value {
        let mut left = self.tested(&expr.left);
        for (op, comparator) in expr.ops.iter().zip(expr.comparators.iter()) {
            let right = self.tested(comparator);
            let op = match op {
                CmpOp::Eq => Some(CompareOp::Eq),
                CmpOp::NotEq => Some(CompareOp::NotEq),
                CmpOp::In => Some(CompareOp::In),
                CmpOp::NotIn => Some(CompareOp::NotIn),
                _ => None,
            };
            if let Some(op) = op {
                self.core.compare(Compare { span: left.span.cover(right.span), left, op, right: right.clone() });
            }
            left = right;
        }
        Value::other(span(expr.range))
    }

    /// `"…%s…" % args` and `"…" + x + "…"` build strings by interpolation.
    fn binop(&mut self, expr: &ExprBinOp) -> Value {
        let here = span(expr.range);
        let left = self.value(&expr.left);
        let right = self.value(&expr.right);
        match (expr.op, &left.kind) {
            (Operator::Mod, ValueKind::Str(text)) if text.contains('%') => {
                self.core.format(FormatParts::from_percent_template(text), here)
            }
            (Operator::Add, _) => self.core.concatenation(&left, &right, here),
            _ => Value::other(here),
        }
    }

    fn fstring(&mut self, fstring: &ExprFString) -> Value {
        let mut texts: Vec<Option<String>> = Vec::new();
        for part in fstring.value.iter() {
            match part {
                FStringPart::Literal(literal) => texts.push(Some(literal.as_str().to_owned())),
                FStringPart::FString(inner) => {
                    for element in &inner.elements {
                        match element {
                            InterpolatedStringElement::Literal(literal) => texts.push(Some(literal.to_string())),
                            InterpolatedStringElement::Interpolation(interpolation) => {
                                self.value(&interpolation.expression);
                                texts.push(None);
                            }
                        }
                    }
                }
            }
        }
        let pieces = texts.iter().map(|t| t.as_deref().map_or(Piece::Hole, Piece::Text));
        self.core.pieces(pieces, span(fstring.range))
    }

    /// `any(p in host for p in ["dev", "local"])`: each variable stands for an element of
    /// what it ranges over, within the comprehension only.
    fn comprehension(&mut self, generators: &[Comprehension], results: &[&Expr], here: Span) -> Value {
        self.core.frames.push_block();
        for generator in generators {
            let iterable = self.value(&generator.iter);
            self.assign(&generator.target, &iterable.element(span(generator.target.range())));
            for condition in &generator.ifs {
                self.value(condition);
            }
        }
        for result in results {
            self.value(result);
        }
        self.core.frames.pop();
        Value::other(here)
    }

    fn collection(&mut self, elements: &[Expr], here: Span) -> Value {
        let items = elements.iter().map(|e| self.value(e)).collect();
        self.core.collection(items, here)
    }
}

fn number_text(number: &Number) -> String {
    match number {
        Number::Int(int) => int.to_string(),
        _ => String::from("?"),
    }
}

/// The first value the rules can say something about (`os.getenv("X") or "default"`).
fn first_known(values: Vec<Value>, here: Span) -> Value {
    values
        .into_iter()
        .find(|v| !matches!(v.kind, ValueKind::Other))
        .map_or_else(|| Value::other(here), |v| Value { span: here, ..v })
}
