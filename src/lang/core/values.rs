//! The language-neutral operations on values: what a name, a member, a subscript, a call, a
//! comparison, a template or a collection evaluates to, and the nodes each one emits. The
//! adapters lower the operands from their syntax and call these.

use super::Core;
use crate::analysis::model::{
    Access, Call, Callee, Collection, Compare, EnvRead, FormatParts, MAX_PATH_LEN, Mapping, NameRef, Node, NodeKind,
    Piece, ReadForm, Subscript, Value, ValueKind,
};
use crate::support::source::Span;

impl Core<'_> {
    /// A name used as a value: what it was last bound to in scope, else the path it stands
    /// for (`resolve` applies the file's import aliases).
    pub fn name(&mut self, text: &str, here: Span, resolve: impl FnOnce() -> String) -> Value {
        if let Some(bound) = self.frames.lookup(text) {
            if bound.is_literal() {
                return Value { span: here, ..bound.clone() };
            }
            let bound = Some(Box::new(bound.clone()));
            return Value::new(ValueKind::Name { path: text.into(), bound }, here);
        }
        let path = resolve();
        self.watch(&path, here);
        Value::new(ValueKind::Name { path: path.into(), bound: None }, here)
    }

    /// `base.member` (a Python attribute, a Rust field): a part of `base` that remembers it,
    /// so that `urlparse(db_url).hostname` is still about the database URL.
    pub fn member(&mut self, base: &Value, member: &str, here: Span) -> Value {
        if matches!(base.kind, ValueKind::Other | ValueKind::Collection(_) | ValueKind::OneOf(_)) {
            return Value::other(here);
        }
        let base_path = base.path_text().unwrap_or_default();
        if base_path.len() > MAX_PATH_LEN {
            return Value::other(here);
        }
        let path = format!("{base_path}.{member}");
        self.watch(&path, here);
        match self.frames.lookup(&path) {
            Some(bound) => {
                Value::new(ValueKind::Name { path: path.into(), bound: Some(Box::new(bound.clone())) }, here)
            }
            None => Value::part_of(path, base, here),
        }
    }

    /// Reports a use of a watched name (a pool class) as a value, unless it is only tested.
    fn watch(&mut self, path: &str, here: Span) {
        let last = crate::analysis::model::last_segment(path);
        if self.not_a_choice == 0 && self.sem.lang.watched_values.contains(last) && self.wants(NodeKind::NameRef) {
            let name = NameRef { path: path.into(), span: here };
            self.emit(Node::NameRef(&name));
        }
    }

    /// `object[key]`: an environment read (`os.environ["X"]`), a setting looked up, or a part
    /// of `object` named by the key's literal text (else `index`, the key as written when it
    /// is a number literal). A subscript written or deleted is a node, and no value.
    pub fn subscript(
        &mut self,
        object: Value,
        key: Value,
        access: Access,
        here: Span,
        index: impl FnOnce() -> Option<String>,
    ) -> Value {
        let subscript = Subscript { object, key, access, span: here };
        if access != Access::Load {
            if self.wants(NodeKind::Subscript) {
                self.emit(Node::Subscript(&subscript));
            }
            return Value::other(here);
        }
        if let Some(var) = self.sem.env_read_of_subscript(&subscript) {
            return self.env_read(var, ReadForm::Subscript, here);
        }
        if let Some(var) = self.sem.setting_of_subscript(&subscript) {
            return Value::new(ValueKind::Setting(var), here);
        }
        if matches!(subscript.object.kind, ValueKind::Other | ValueKind::Collection(_) | ValueKind::OneOf(_)) {
            return Value::other(here);
        }
        let index = match subscript.key.as_str() {
            Some(text) => text.to_owned(),
            None => index().unwrap_or_default(),
        };
        let base = subscript.object.path_text().unwrap_or_default();
        Value::part_of(format!("{base}[{index}]"), &subscript.object, here)
    }

    /// A call whose callee and operands are lowered: emits it, records it in the provider's
    /// body, and works out its value (an environment read, a template filled in, the value
    /// handed through a transparent call, or the call's result).
    pub fn call(&mut self, call: Call) -> Value {
        if let Some(format) = self.format_method(&call) {
            return self.format(format, call.span);
        }
        if self.wants(NodeKind::Call) {
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
        if let Some((var, at)) = self.sem.env_binding_of_call(&call) {
            self.env_read(var, ReadForm::Binding, at);
        }
        if let Some(passed) = self.transparent(&call).or_else(|| self.sem.passes_through(&call)) {
            return Value { span: call.span, ..passed.clone() };
        }
        Value::new(self.sem.call_value(&call), call.span)
    }

    /// `"postgresql://{}@{}".format(user, host)`: a format method called on a literal.
    fn format_method(&self, call: &Call) -> Option<FormatParts> {
        let (receiver, name) = call.method()?;
        let template = receiver.as_str()?;
        self.sem.lang.values.format_methods.contains(name).then(|| FormatParts::from_brace_template(template))
    }

    /// The value a transparent call hands on: a transparent method's receiver (known or not:
    /// `x.strip()` of an unknown `x` is unknown), a transparent function's one argument.
    fn transparent<'c>(&self, call: &'c Call) -> Option<&'c Value> {
        let values = &self.sem.lang.values;
        match (&call.callee, call.args.as_slice()) {
            (Callee::Method { receiver, name, .. }, _) => {
                values.transparent_methods.contains(&**name).then_some(receiver)
            }
            (Callee::Path { path, .. }, [only]) => values.transparent_functions.matches(path).then_some(only),
            _ => None,
        }
    }

    /// A comparison of two lowered operands; `"X" in os.environ` reads `X` too.
    pub fn compare(&mut self, compare: Compare) {
        if self.wants(NodeKind::Compare) {
            self.emit(Node::Compare(&compare));
        }
        if let Some(var) = self.sem.env_read_of_compare(&compare) {
            self.env_read(var, ReadForm::Membership, compare.span);
        }
    }

    /// A string literal written in the code, emitted when a rule wants literals (most runs
    /// need none, and a file holds many).
    pub fn literal(&mut self, text: impl Into<Box<str>>, here: Span) -> Value {
        let value = Value::str(text, here);
        if self.wants(NodeKind::Str)
            && let ValueKind::Str(text) = &value.kind
        {
            self.emit(Node::Str(text, here));
        }
        value
    }

    /// A string built from a template; emitted when something is interpolated (a constant
    /// text is no assembly).
    pub fn format(&mut self, parts: FormatParts, here: Span) -> Value {
        if parts.interpolated && self.wants(NodeKind::Format) {
            self.emit(Node::Format(&parts, here));
        }
        Value::new(ValueKind::Format(parts), here)
    }

    /// Literal text and holes in order (an f-string, `concat!`): a literal when nothing is
    /// interpolated (`f"postgres://app:pw@db"`, `concat!("a", "b")` as a whole), else a
    /// template.
    pub fn pieces<'p>(&mut self, pieces: impl IntoIterator<Item = Piece<'p>>, here: Span) -> Value {
        let parts = FormatParts::from_pieces(pieces);
        if !parts.interpolated {
            return self.literal(parts.template, here);
        }
        self.format(parts, here)
    }

    /// `left + right`, folded into a template when `left` is text (`"postgres://" + user`).
    pub fn concatenation(&mut self, left: &Value, right: &Value, here: Span) -> Value {
        match FormatParts::concatenation(left, right) {
            Some(parts) => self.format(parts, here),
            None => Value::other(here),
        }
    }

    /// A literal list, tuple, set or array of lowered items.
    pub fn collection(&mut self, items: Vec<Value>, here: Span) -> Value {
        let collection = Collection { items, span: here };
        if self.wants(NodeKind::Collection) {
            self.emit(Node::Collection(&collection));
        }
        Value::new(ValueKind::Collection(collection.items), here)
    }

    /// A literal mapping (a Python dict) with its literal string keys.
    pub fn mapping(&mut self, keys: Vec<Box<str>>, here: Span) -> Value {
        let mapping = Mapping { keys, span: here };
        if self.wants(NodeKind::Mapping) {
            self.emit(Node::Mapping(&mapping));
        }
        Value::new(ValueKind::Mapping(mapping.keys), here)
    }

    /// A read of the environment variable `var`, emitted, and the value it gives.
    pub fn env_read(&mut self, var: Box<str>, form: ReadForm, here: Span) -> Value {
        if self.wants(NodeKind::EnvRead) {
            let read = EnvRead { var: var.clone(), form, span: here };
            self.emit(Node::EnvRead(&read));
        }
        Value::new(ValueKind::EnvRead(var), here)
    }
}
