//! Expression lowering for the Python adapter: every expression becomes a [`Value`], and
//! calls, subscripts, comparisons, interpolated strings and collections are emitted as nodes
//! on the way.

use ruff_python_ast::visitor::walk_expr;
use ruff_python_ast::{
    CmpOp, Expr, ExprAttribute, ExprBinOp, ExprCall, ExprCompare, ExprContext, ExprFString, ExprSubscript, FStringPart,
    InterpolatedStringElement, Number, Operator,
};
use ruff_text_size::Ranged;

use super::span;
use super::stmt::Lowerer;
use crate::lang::MAX_EXPR_DEPTH;
use crate::model::{
    Access, Call, Callee, Collection, Compare, CompareOp, EnvRead, FormatParts, Keyword, MAX_PATH_LEN, Mapping,
    NameRef, Node, NodeKind, Piece, ReadForm, Subscript, Value, ValueKind,
};

/// Methods whose result is, for these rules, the receiver itself (`url.strip()`).
const TRANSPARENT_METHODS: &[&str] = &[
    "lower",
    "upper",
    "strip",
    "lstrip",
    "rstrip",
    "casefold",
    "replace",
    "removeprefix",
    "removesuffix",
    "split",
    "rsplit",
    "partition",
    "rpartition",
    "geturl",
    "_replace",
    "set",
    "render_as_string",
];
/// Functions whose result is, for these rules, their argument (`str(url)`).
const TRANSPARENT_FUNCTIONS: &[&str] = &["str"];

impl Lowerer<'_> {
    pub(super) fn value(&mut self, expr: &Expr) -> Value {
        let here = span(expr.range());
        if self.expr_depth >= MAX_EXPR_DEPTH {
            self.too_deep.get_or_insert(here);
            return Value::other(here);
        }
        self.expr_depth += 1;
        let value = self.value_of(expr, here);
        self.expr_depth -= 1;
        value
    }

    fn value_of(&mut self, expr: &Expr, here: crate::source::Span) -> Value {
        match expr {
            Expr::StringLiteral(literal) => Value::str(literal.value.to_str(), here),
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
                    if let Some(key) = &item.key {
                        let key = self.not_a_choice(|this| this.value(key));
                        keys.extend(key.as_str().map(Box::from));
                    }
                    self.value(&item.value);
                }
                let mapping = Mapping { keys, span: here };
                if self.sink.wants(NodeKind::Mapping) {
                    self.emit(Node::Mapping(&mapping));
                }
                Value::new(ValueKind::Mapping(mapping.keys), here)
            }
            Expr::Yield(yielded) => {
                if let Some(value) = &yielded.value {
                    let value = self.value(value);
                    self.bodies.returned(&value);
                }
                Value::other(here)
            }
            Expr::Named(named) => {
                let value = self.value(&named.value);
                if let Expr::Name(target) = &*named.target {
                    self.frames.bind(target.id.as_str(), &value);
                }
                value
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

    /// Lowers `expr` where a pool class is not chosen (a comparison operand, a dict key).
    fn not_a_choice<T>(&mut self, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.not_a_choice += 1;
        let value = lower(self);
        self.not_a_choice -= 1;
        value
    }

    fn name(&mut self, id: &str, here: crate::source::Span) -> Value {
        if let Some(bound) = self.frames.lookup(id) {
            if let Some(text) = bound.as_str() {
                return Value::str(text, here);
            }
            let bound = Some(Box::new(bound.clone()));
            return Value::new(ValueKind::Name { path: id.into(), bound }, here);
        }
        let path = self.imports.resolve(id).unwrap_or(id).to_owned();
        self.watch(&path, here);
        Value::new(ValueKind::Name { path: path.into(), bound: None }, here)
    }

    /// Reports a use of a watched name (a pool class) as a value.
    fn watch(&mut self, path: &str, here: crate::source::Span) {
        let last = crate::model::last_segment(path);
        if self.not_a_choice == 0 && self.sem.lang.watched_values.contains(last) && self.sink.wants(NodeKind::NameRef) {
            let name = NameRef { path: path.into(), span: here };
            self.emit(Node::NameRef(&name));
        }
    }

    fn attribute(&mut self, attribute: &ExprAttribute) -> Value {
        let here = span(attribute.range);
        let base = self.value(&attribute.value);
        let attr = attribute.attr.as_str();
        if matches!(base.kind, ValueKind::Other | ValueKind::Collection(_)) {
            return Value::other(here);
        }
        let base_path = base.path_text().unwrap_or_default();
        if base_path.len() > MAX_PATH_LEN {
            return Value::other(here);
        }
        let path = format!("{base_path}.{attr}");
        self.watch(&path, here);
        match self.frames.lookup(&path) {
            Some(bound) => {
                Value::new(ValueKind::Name { path: path.into(), bound: Some(Box::new(bound.clone())) }, here)
            }
            None => Value::part_of(path, &base, here),
        }
    }

    fn call(&mut self, expr: &ExprCall) -> Value {
        let here = span(expr.range());
        let callee = match &*expr.func {
            Expr::Attribute(attribute) => Callee::Method {
                receiver: Box::new(self.value(&attribute.value)),
                name: attribute.attr.as_str().into(),
                turbofish: None,
            },
            Expr::Name(name) => Callee::Path {
                path: self.imports.resolve(name.id.as_str()).unwrap_or(name.id.as_str()).into(),
                span: span(name.range),
            },
            other => {
                self.value(other);
                Callee::Other
            }
        };
        let tests_a_type =
            matches!(&*expr.func, Expr::Name(name) if matches!(name.id.as_str(), "isinstance" | "issubclass"));
        let args = if tests_a_type {
            self.not_a_choice(|this| expr.arguments.args.iter().map(|arg| this.value(arg)).collect())
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
        let call = Call::new(callee, args, keywords, here);
        if let Some(format) = str_format(&call) {
            return self.emit_format(format, here);
        }
        if self.sink.wants(NodeKind::Call) {
            self.emit(Node::Call(&call));
        }
        if self.bodies.collecting()
            && let Some(path) = call.path()
        {
            self.bodies.call(path, here);
        }
        if let Some(var) = self.sem.env_read_of_call(&call) {
            return self.env_read(var, ReadForm::Call, here);
        }
        if let Some((var, at)) = self.field_env_binding(&call) {
            self.env_read(var, ReadForm::Binding, at);
        }
        if let Some(passed) = transparent(&call).or_else(|| self.sem.passes_through(&call).cloned()) {
            return Value { span: here, ..passed };
        }
        Value::new(self.sem.call_value(&call), here)
    }

    fn subscript(&mut self, expr: &ExprSubscript) -> Value {
        let here = span(expr.range);
        let object = self.value(&expr.value);
        let key = self.value(&expr.slice);
        let access = match expr.ctx {
            ExprContext::Store => Access::Store,
            ExprContext::Del => Access::Delete,
            _ => Access::Load,
        };
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
        let index = match &*expr.slice {
            Expr::NumberLiteral(number) => number_text(&number.value),
            Expr::StringLiteral(literal) => literal.value.to_str().to_owned(),
            _ => String::new(),
        };
        let base = subscript.object.path_text().unwrap_or_default();
        Value::part_of(format!("{base}[{index}]"), &subscript.object, here)
    }

    fn compare(&mut self, expr: &ExprCompare) -> Value {
        let mut left = self.not_a_choice(|this| this.value(&expr.left));
        for (op, comparator) in expr.ops.iter().zip(expr.comparators.iter()) {
            let right = self.not_a_choice(|this| this.value(comparator));
            let op = match op {
                CmpOp::Eq => Some(CompareOp::Eq),
                CmpOp::NotEq => Some(CompareOp::NotEq),
                CmpOp::In => Some(CompareOp::In),
                CmpOp::NotIn => Some(CompareOp::NotIn),
                _ => None,
            };
            if let Some(op) = op {
                let compare = Compare { span: left.span.cover(right.span), left, op, right: right.clone() };
                if self.sink.wants(NodeKind::Compare) {
                    self.emit(Node::Compare(&compare));
                }
                if let Some(var) = self.sem.env_read_of_compare(&compare) {
                    self.env_read(var, ReadForm::Membership, compare.span);
                }
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
        let format = match (expr.op, &left.kind) {
            (Operator::Mod, ValueKind::Str(text)) if text.contains('%') => {
                Some(FormatParts::from_percent_template(text))
            }
            (Operator::Add, _) => FormatParts::concatenation(&left, &right),
            _ => None,
        };
        match format {
            Some(format) if format.interpolated => self.emit_format(format, here),
            Some(format) => Value::new(ValueKind::Format(format), here),
            None => Value::other(here),
        }
    }

    fn fstring(&mut self, fstring: &ExprFString) -> Value {
        let here = span(fstring.range);
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
        let parts = FormatParts::from_pieces(pieces);
        if !parts.interpolated {
            return Value::str(parts.template, here);
        }
        self.emit_format(parts, here)
    }

    fn collection(&mut self, elements: &[Expr], here: crate::source::Span) -> Value {
        let items: Vec<Value> = elements.iter().map(|e| self.value(e)).collect();
        let collection = Collection { items, span: here };
        if self.sink.wants(NodeKind::Collection) {
            self.emit(Node::Collection(&collection));
        }
        Value::new(ValueKind::Collection(collection.items), here)
    }

    pub(super) fn emit_format(&mut self, format: FormatParts, here: crate::source::Span) -> Value {
        if self.sink.wants(NodeKind::Format) {
            self.emit(Node::Format(&format, here));
        }
        Value::new(ValueKind::Format(format), here)
    }

    pub(super) fn env_read(&mut self, var: Box<str>, form: ReadForm, here: crate::source::Span) -> Value {
        if self.sink.wants(NodeKind::EnvRead) {
            let read = EnvRead { var: var.clone(), form, span: here };
            self.emit(Node::EnvRead(&read));
        }
        Value::new(ValueKind::EnvRead(var), here)
    }
}

fn number_text(number: &Number) -> String {
    match number {
        Number::Int(int) => int.to_string(),
        _ => String::from("?"),
    }
}

/// `"postgresql://{}:{}@{}".format(...)`: a format call on a string literal.
fn str_format(call: &Call) -> Option<FormatParts> {
    let (receiver, name) = call.method()?;
    let text = receiver.as_str().filter(|_| name == "format")?;
    Some(FormatParts::from_brace_template(text))
}

fn transparent(call: &Call) -> Option<Value> {
    if let Some((receiver, name)) = call.method() {
        return TRANSPARENT_METHODS.contains(&name).then(|| receiver.clone());
    }
    let name = call.name()?;
    (TRANSPARENT_FUNCTIONS.contains(&name) && call.args.len() == 1).then(|| call.args[0].clone())
}

/// The first value the rules can say something about (`os.getenv("X") or "default"`).
fn first_known(values: Vec<Value>, here: crate::source::Span) -> Value {
    values
        .into_iter()
        .find(|v| !matches!(v.kind, ValueKind::Other))
        .map_or_else(|| Value::other(here), |v| Value { span: here, ..v })
}
