//! Expression lowering for the Rust adapter: every expression becomes a [`Value`], and calls,
//! index expressions, comparisons and collections are emitted as nodes on the way.

use syn::visit;
use syn::{BinOp, Expr, ExprCall, ExprMethodCall, GenericArgument, Lit, Member};

use super::items::Lowerer;
use crate::lang::MAX_EXPR_DEPTH;
use crate::model::{
    Access, Call, Callee, Collection, Compare, CompareOp, EnvRead, FormatParts, MAX_PATH_LEN, Node, NodeKind, ReadForm,
    Subscript, Value, ValueKind,
};
use crate::source::Span;

/// Methods whose result is, for these rules, the receiver itself: unwrapping, borrowing and
/// converting between string types (`env::var("X")?.as_str()`).
const TRANSPARENT_METHODS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_else",
    "unwrap_or_default",
    "ok",
    "context",
    "with_context",
    "to_string",
    "to_owned",
    "as_str",
    "as_ref",
    "as_deref",
    "borrow",
    "clone",
    "into",
    "into_string",
    "to_string_lossy",
    "to_str",
    "to_lowercase",
    "to_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "trim",
    "replace",
    "replacen",
    "map_err",
    "cloned",
    // Pieces of a URL are still the URL, for these rules.
    "split",
    "rsplit",
    "splitn",
    "rsplitn",
    "split_once",
    "rsplit_once",
    "next",
    "last",
    "nth",
    "host_str",
    "host",
    "port",
    "port_or_known_default",
    "username",
    "password",
    "path",
    "scheme",
    "get_host",
    "get_database",
    "get_username",
];

/// Functions whose result is, for these rules, their one argument (`Some("localhost")`).
const TRANSPARENT_FUNCTIONS: &[&str] =
    &["Some", "Ok", "String::from", "Cow::from", "Cow::Borrowed", "Box::new", "Arc::new"];

impl Lowerer<'_> {
    pub(super) fn value(&mut self, expr: &Expr) -> Value {
        if self.expr_depth >= MAX_EXPR_DEPTH {
            let here = self.expr_span(expr);
            self.too_deep.get_or_insert(here);
            return Value::other(here);
        }
        self.expr_depth += 1;
        let value = self.value_of(expr);
        self.expr_depth -= 1;
        value
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
            Expr::Assign(assign) => {
                let value = self.value(&assign.right);
                match &*assign.left {
                    Expr::Index(index) => {
                        self.index(index, Access::Store);
                    }
                    Expr::Path(path) if path.path.get_ident().is_some() => {
                        let name = path.path.segments[0].ident.to_string();
                        self.frames.bind(&name, &value);
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
                    self.bodies.returned(&value);
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

    fn passthrough(&mut self, inner: &Expr, outer: &Expr) -> Value {
        let value = self.value(inner);
        Value { span: self.expr_span(outer), ..value }
    }

    fn literal(&self, lit: &Lit) -> Value {
        let here = self.token(lit.span());
        match lit {
            Lit::Str(text) => Value::str(text.value(), here),
            Lit::Char(c) => Value::str(c.value().to_string(), here),
            _ => Value::other(here),
        }
    }

    /// A path expression: a local, a same-file constant, or an item path with `use`
    /// aliases resolved.
    pub(super) fn path_value(&mut self, path: &syn::Path, here: Span) -> Value {
        let text = path_text(path);
        if let Some(bound) = self.frames.lookup(&text) {
            if let Some(literal) = bound.as_str() {
                return Value::str(literal, here);
            }
            let bound = Some(Box::new(bound.clone()));
            return Value::new(ValueKind::Name { path: text.into(), bound }, here);
        }
        let resolved = self.uses.resolve(&text);
        Value::new(ValueKind::Name { path: resolved.into(), bound: None }, here)
    }

    fn field(&mut self, field: &syn::ExprField, whole: &Expr) -> Value {
        let here = self.expr_span(whole);
        let base = self.value(&field.base);
        let member = match &field.member {
            Member::Named(ident) => ident.to_string(),
            Member::Unnamed(index) => index.index.to_string(),
        };
        if matches!(base.kind, ValueKind::Other | ValueKind::Collection(_)) {
            return Value::other(here);
        }
        let base_path = base.path_text().unwrap_or_default();
        if base_path.len() > MAX_PATH_LEN {
            return Value::other(here);
        }
        let path = format!("{base_path}.{member}");
        match self.frames.lookup(&path) {
            Some(bound) => {
                Value::new(ValueKind::Name { path: path.into(), bound: Some(Box::new(bound.clone())) }, here)
            }
            None => Value::part_of(path, &base, here),
        }
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
        }
        self.finish_call(call)
    }

    fn method_call(&mut self, expr: &ExprMethodCall) -> Value {
        let receiver = self.value(&expr.receiver);
        let turbofish = expr.turbofish.as_ref().and_then(|generics| {
            generics.args.iter().find_map(|arg| match arg {
                GenericArgument::Type(syn::Type::Path(ty)) => Some(self.uses.resolve(&path_text(&ty.path)).into()),
                _ => None,
            })
        });
        let callee = Callee::Method { receiver: Box::new(receiver), name: expr.method.to_string().into(), turbofish };
        let args = expr.args.iter().map(|arg| self.value(arg)).collect();
        let span = self.token(expr.method.span()).cover(self.token(expr.paren_token.span.close()));
        let span = self.expr_span(&expr.receiver).cover(span);
        self.finish_call(Call::new(callee, args, Vec::new(), span))
    }

    /// Emits a call node and works out the call's value.
    pub(super) fn finish_call(&mut self, call: Call) -> Value {
        if self.sink.wants(NodeKind::Call) {
            self.emit(Node::Call(&call));
        }
        if self.bodies.collecting()
            && let Some(path) = call.path()
        {
            self.bodies.call(path, call.span);
        }
        if let Some(var) = self.sem.env_read_of_call(&call) {
            return self.env_read(var, ReadForm::Call, call.span);
        }
        if let Some((receiver, name)) = call.method()
            && TRANSPARENT_METHODS.contains(&name)
            && !matches!(receiver.kind, ValueKind::Other)
        {
            return Value { span: call.span, ..receiver.clone() };
        }
        if let (Callee::Path { path, .. }, [only]) = (&call.callee, call.args.as_slice())
            && TRANSPARENT_FUNCTIONS.contains(&&**path)
        {
            return Value { span: call.span, ..only.clone() };
        }
        if let Some(passed) = self.sem.passes_through(&call) {
            return Value { span: call.span, ..passed.clone() };
        }
        Value::new(self.sem.call_value(&call), call.span)
    }

    fn index(&mut self, index: &syn::ExprIndex, access: Access) -> Value {
        let object = self.value(&index.expr);
        let key = self.value(&index.index);
        let here = self.expr_span(&index.expr).cover(self.token(index.bracket_token.span.close()));
        let subscript = Subscript { object, key, access, span: here };
        if access != Access::Load && self.sink.wants(NodeKind::Subscript) {
            self.emit(Node::Subscript(&subscript));
        }
        if let Some(var) = self.sem.env_read_of_subscript(&subscript) {
            return self.env_read(var, ReadForm::Subscript, here);
        }
        if let Some(var) = self.sem.setting_of_subscript(&subscript) {
            return Value::new(ValueKind::Setting(var), here);
        }
        if matches!(subscript.object.kind, ValueKind::Other | ValueKind::Collection(_)) {
            return Value::other(here);
        }
        let index = subscript.key.as_str().unwrap_or_default();
        let base = subscript.object.path_text().unwrap_or_default();
        Value::part_of(format!("{base}[{index}]"), &subscript.object, here)
    }

    fn binary(&mut self, binary: &syn::ExprBinary) -> Value {
        let left = self.value(&binary.left);
        let right = self.value(&binary.right);
        let here = left.span.cover(right.span);
        let op = match binary.op {
            BinOp::Eq(_) => CompareOp::Eq,
            BinOp::Ne(_) => CompareOp::NotEq,
            BinOp::Add(_) => return self.concatenation(left, right, here),
            _ => return Value::other(here),
        };
        if self.sink.wants(NodeKind::Compare) {
            let compare = Compare { left, op, right, span: here };
            self.emit(Node::Compare(&compare));
        }
        Value::other(here)
    }

    /// `String::from("postgres://") + &user + "@" + &host`.
    fn concatenation(&mut self, left: Value, right: Value, here: Span) -> Value {
        match FormatParts::concatenation(&left, &right) {
            Some(parts) => self.format(parts, here),
            None => Value::other(here),
        }
    }

    pub(super) fn format(&mut self, parts: FormatParts, here: Span) -> Value {
        if parts.interpolated && self.sink.wants(NodeKind::Format) {
            self.emit(Node::Format(&parts, here));
        }
        Value::new(ValueKind::Format(parts), here)
    }

    pub(super) fn collection<'e>(&mut self, elements: impl Iterator<Item = &'e Expr>, here: Span) -> Value {
        let items: Vec<Value> = elements.map(|e| self.value(e)).collect();
        let collection = Collection { items, span: here };
        if self.sink.wants(NodeKind::Collection) {
            self.emit(Node::Collection(&collection));
        }
        Value::new(ValueKind::Collection(collection.items), here)
    }

    pub(super) fn env_read(&mut self, var: Box<str>, form: ReadForm, here: Span) -> Value {
        if self.sink.wants(NodeKind::EnvRead) {
            let read = EnvRead { var: var.clone(), form, span: here };
            self.emit(Node::EnvRead(&read));
        }
        Value::new(ValueKind::EnvRead(var), here)
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
