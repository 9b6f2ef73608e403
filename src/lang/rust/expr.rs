//! Expression lowering for the Rust adapter: matches syn's expression syntax and hands the
//! pieces (operands, callee, paths with `use` aliases resolved) to the lowering core, which
//! makes every expression a [`Value`] and emits calls, index expressions, comparisons and
//! collections as nodes.

use syn::visit;
use syn::{BinOp, Expr, ExprCall, ExprMethodCall, GenericArgument, Lit, Member};

use super::items::Lowerer;
use crate::analysis::model::{Access, Call, Callee, Compare, CompareOp, Value};
use crate::lang::core::{Core, Lower};
use crate::support::source::Span;

impl<'s> Lower<'s> for Lowerer<'s> {
    type Expr = Expr;

    fn core(&mut self) -> &mut Core<'s> {
        &mut self.core
    }

    fn span_of(&self, expr: &Expr) -> Span {
        self.expr_span(expr)
    }

    fn value_of(&mut self, expr: &Expr) -> Value {
        match expr {
            Expr::Lit(lit) => self.literal(&lit.lit),
            Expr::Path(path) => self.path_value(&path.path, self.expr_span(expr)),
            Expr::Field(field) => self.field(field, expr),
            Expr::Call(call) => self.call(call, expr),
            Expr::MethodCall(call) => self.method_call(call),
            Expr::Macro(mac) => self.macro_value(&mac.mac),
            Expr::Binary(binary) => self.binary(binary),
            Expr::Reference(e) => self.passthrough(&e.expr, expr),
            Expr::Paren(e) => self.passthrough(&e.expr, expr),
            Expr::Group(e) => self.passthrough(&e.expr, expr),
            Expr::Try(e) => self.passthrough(&e.expr, expr),
            Expr::Await(e) => self.passthrough(&e.base, expr),
            Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => self.passthrough(&e.expr, expr),
            Expr::Array(array) => self.collection(array.elems.iter(), self.expr_span(expr)),
            Expr::Tuple(tuple) => self.collection(tuple.elems.iter(), self.expr_span(expr)),
            Expr::Index(index) => self.index(index, Access::Load),
            Expr::ForLoop(for_loop) => self.for_loop(for_loop, expr),
            Expr::Assign(assign) => {
                let value = self.value(&assign.right);
                match &*assign.left {
                    Expr::Index(index) => {
                        self.index(index, Access::Store);
                    }
                    Expr::Path(path) if path.path.get_ident().is_some() => {
                        let name = path.path.segments[0].ident.to_string();
                        self.core.frames.bind(&name, &value);
                    }
                    left => {
                        self.value(left);
                    }
                }
                Value::other(self.expr_span(expr))
            }
            Expr::Return(ret) => {
                if let Some(returned) = &ret.expr {
                    let value = self.value(returned);
                    self.core.bodies.returned(&value);
                }
                Value::other(self.expr_span(expr))
            }
            Expr::Let(binding) => {
                let value = self.value(&binding.expr);
                self.bind_pattern(&binding.pat, &value);
                Value::other(self.expr_span(expr))
            }
            _ => {
                visit::visit_expr(self, expr);
                Value::other(self.expr_span(expr))
            }
        }
    }
}

impl Lowerer<'_> {
    fn passthrough(&mut self, inner: &Expr, outer: &Expr) -> Value {
        let value = self.value(inner);
        Value { span: self.expr_span(outer), ..value }
    }

    fn literal(&mut self, lit: &Lit) -> Value {
        let here = self.token(lit.span());
        match lit {
            Lit::Str(text) => self.core.literal(text.value(), here),
            Lit::Char(c) => Value::str(c.value().to_string(), here),
            _ => Value::other(here),
        }
    }

    /// A path expression: a local, a same-file constant, or an item path with `use`
    /// aliases resolved.
    fn path_value(&mut self, path: &syn::Path, here: Span) -> Value {
        let text = path_text(path);
        self.core.name(&text, here, || self.uses.resolve(&text))
    }

    fn field(&mut self, field: &syn::ExprField, whole: &Expr) -> Value {
        let base = self.value(&field.base);
        let member = match &field.member {
            Member::Named(ident) => ident.to_string(),
            Member::Unnamed(index) => index.index.to_string(),
        };
        self.core.member(&base, &member, self.expr_span(whole))
    }

    fn call(&mut self, expr: &ExprCall, whole: &Expr) -> Value {
        let mut type_args = Vec::new();
        let callee = match &*expr.func {
            Expr::Path(path) => {
                type_arg_names(&path.path, &mut type_args, 0);
                Callee::Path {
                    path: self.uses.resolve(&path_text(&path.path)).into(),
                    span: self.expr_span(&expr.func),
                }
            }
            other => {
                self.value(other);
                Callee::Other
            }
        };
        let args = expr.args.iter().map(|arg| self.value(arg)).collect();
        let span = self.expr_span(whole);
        let mut call = Call::new(callee, args, Vec::new(), span);
        if !type_args.is_empty() {
            call.type_args = Some(type_args.join(" ").into());
            if call.path().is_some_and(|path| self.core.sem.lang.typed_readers.matches(path)) {
                self.typed_reads
                    .extend(type_args.first().map(|ty| crate::analysis::model::last_segment(ty).to_owned()));
            }
        }
        self.core.call(call)
    }

    fn method_call(&mut self, expr: &ExprMethodCall) -> Value {
        let receiver = self.value(&expr.receiver);
        let turbofish = expr.turbofish.as_ref().and_then(|generics| {
            generics.args.iter().find_map(|arg| match arg {
                GenericArgument::Type(syn::Type::Path(ty)) => Some(self.uses.resolve(&path_text(&ty.path)).into()),
                _ => None,
            })
        });
        let name = expr.method.to_string();
        let element =
            self.core.sem.lang.values.element_methods.contains(&name).then(|| receiver.element(receiver.span));
        let args = expr
            .args
            .iter()
            .map(|arg| match (arg, &element) {
                (Expr::Closure(closure), Some(element)) => self.closure_over(closure, element),
                _ => self.value(arg),
            })
            .collect();
        let callee = Callee::Method { receiver: Box::new(receiver), name: name.into(), turbofish };
        let span = self.token(expr.method.span()).cover(self.token(expr.paren_token.span.close()));
        let span = self.expr_span(&expr.receiver).cover(span);
        self.core.call(Call::new(callee, args, Vec::new(), span))
    }

    /// A closure handed each element in turn: its first parameter stands for `element`
    /// within its body only.
    fn closure_over(&mut self, closure: &syn::ExprClosure, element: &Value) -> Value {
        self.core.frames.push_block();
        if let Some(parameter) = closure.inputs.first() {
            self.bind_pattern(parameter, element);
        }
        self.value(&closure.body);
        self.core.frames.pop();
        Value::other(self.expr_span(&closure.body))
    }

    /// `for p in ["dev", "local"] { if host.contains(p) … }`: the loop variable stands for
    /// each element, within the loop only.
    fn for_loop(&mut self, for_loop: &syn::ExprForLoop, whole: &Expr) -> Value {
        let iterable = self.value(&for_loop.expr);
        self.core.frames.push_block();
        self.bind_pattern(&for_loop.pat, &iterable.element(iterable.span));
        syn::visit::visit_block(self, &for_loop.body);
        self.core.frames.pop();
        Value::other(self.expr_span(whole))
    }

    fn index(&mut self, index: &syn::ExprIndex, access: Access) -> Value {
        let object = self.value(&index.expr);
        let key = self.value(&index.index);
        let here = self.expr_span(&index.expr).cover(self.token(index.bracket_token.span.close()));
        self.core.subscript(object, key, access, here, || match &*index.index {
            Expr::Lit(syn::ExprLit { lit: Lit::Int(int), .. }) => Some(int.base10_digits().to_owned()),
            _ => None,
        })
    }

    fn binary(&mut self, binary: &syn::ExprBinary) -> Value {
        let op = match binary.op {
            BinOp::Eq(_) => Some(CompareOp::Eq),
            BinOp::Ne(_) => Some(CompareOp::NotEq),
            _ => None,
        };
        let Some(op) = op else {
            let left = self.value(&binary.left);
            let right = self.value(&binary.right);
            let here = left.span.cover(right.span);
            return match binary.op {
                // `String::from("postgres://") + &user + "@" + &host`.
                BinOp::Add(_) => self.core.concatenation(&left, &right, here),
                _ => Value::other(here),
            };
        };
        let left = self.tested(&binary.left);
        let right = self.tested(&binary.right);
        let here = left.span.cover(right.span);
        self.core.compare(Compare { left, op, right, span: here });
        Value::other(here)
    }

    pub(super) fn collection<'e>(&mut self, elements: impl Iterator<Item = &'e Expr>, here: Span) -> Value {
        let items = elements.map(|e| self.value(e)).collect();
        self.core.collection(items, here)
    }
}

/// A path as written, segments joined by `::`, without generic arguments.
pub(super) fn path_text(path: &syn::Path) -> String {
    let mut text = String::new();
    for (i, segment) in path.segments.iter().enumerate() {
        if i > 0 {
            text.push_str("::");
        }
        text.push_str(&segment.ident.to_string());
    }
    text
}

/// The names of the types in a path's angle brackets, nested ones included
/// (`Pool::<ConnectionManager<PgConnection>>::builder` gives `ConnectionManager PgConnection`).
fn type_arg_names(path: &syn::Path, names: &mut Vec<String>, depth: usize) {
    if depth > 8 {
        return;
    }
    for segment in &path.segments {
        let syn::PathArguments::AngleBracketed(args) = &segment.arguments else { continue };
        for arg in &args.args {
            if let GenericArgument::Type(syn::Type::Path(ty)) = arg {
                names.push(path_text(&ty.path));
                type_arg_names(&ty.path, names, depth + 1);
            }
        }
    }
}
