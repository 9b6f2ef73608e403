//! Scopes an adapter keeps while it walks: the enclosing function and class names (rules use
//! them to decide whether a plain `url` is a database URL) and what each local name was last
//! assigned from, so that `url = os.environ["DATABASE_URL"]; url.split("@")` is seen as
//! surgery on a database URL.

use crate::support::hashing::FastMap as HashMap;

use crate::analysis::model::{MAX_ORIGIN_DEPTH, Scope, Value, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    Module,
    Function,
    Class,
    /// A comprehension, a loop body or a closure whose variable ranges over a collection:
    /// its bindings end with it, its scope is the enclosing one's.
    Block,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    name: Option<String>,
    bindings: HashMap<String, Value>,
}

#[derive(Debug)]
pub struct Frames {
    stack: Vec<Frame>,
}

impl Default for Frames {
    fn default() -> Self {
        Self { stack: vec![Frame { kind: FrameKind::Module, name: None, bindings: HashMap::default() }] }
    }
}

impl Frames {
    pub fn push(&mut self, kind: FrameKind, name: &str) {
        self.stack.push(Frame { kind, name: Some(name.to_owned()), bindings: HashMap::default() });
    }

    /// Opens a block whose bindings (a loop or comprehension variable) end with it.
    pub fn push_block(&mut self) {
        self.stack.push(Frame { kind: FrameKind::Block, name: None, bindings: HashMap::default() });
    }

    pub fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    /// Records that `name` now holds `value`; a value nothing can be said about forgets
    /// the earlier binding.
    pub fn bind(&mut self, name: &str, value: &Value) {
        let frame = self.stack.last_mut().expect("the module frame is never popped");
        if matches!(value.kind, ValueKind::Other) {
            frame.bindings.remove(name);
        } else {
            frame.bindings.insert(name.to_owned(), value.clone().truncated(MAX_ORIGIN_DEPTH));
        }
    }

    /// Binds a module-level name before the walk starts (constants defined below their use).
    pub fn bind_module(&mut self, name: &str, value: Value) {
        self.stack[0].bindings.insert(name.to_owned(), value);
    }

    /// What `name` holds: the innermost function or module binding. Class bodies are not
    /// visible from methods, as in Python.
    pub fn lookup(&self, name: &str) -> Option<&Value> {
        let innermost = self.stack.len() - 1;
        self.stack
            .iter()
            .enumerate()
            .rev()
            .filter(|(i, frame)| *i == innermost || frame.kind != FrameKind::Class)
            .find_map(|(_, frame)| frame.bindings.get(name))
    }

    pub fn scope(&self) -> Scope<'_> {
        let named = |kind| self.stack.iter().rev().find(|f| f.kind == kind).and_then(|f| f.name.as_deref());
        Scope { function: named(FrameKind::Function), class: named(FrameKind::Class) }
    }

    /// Whether the innermost scope is a function's (not a class body or the module).
    pub fn in_function(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .find(|frame| frame.kind != FrameKind::Block)
            .is_some_and(|f| f.kind == FrameKind::Function)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::support::source::Span;

    #[test]
    fn methods_do_not_see_class_bindings_but_see_module_ones() {
        let mut frames = Frames::default();
        frames.bind("A", &Value::str("module", Span::default()));
        frames.push(FrameKind::Class, "Settings");
        frames.bind("B", &Value::str("class", Span::default()));
        assert!(frames.lookup("B").is_some());
        frames.push(FrameKind::Function, "get");
        assert!(frames.lookup("B").is_none());
        assert_eq!(frames.lookup("A").and_then(Value::as_str), Some("module"));
        assert_eq!(frames.scope().class, Some("Settings"));
        assert_eq!(frames.scope().function, Some("get"));
    }

    #[test]
    fn a_block_sees_its_scope_and_its_bindings_end_with_it() {
        let mut frames = Frames::default();
        frames.push(FrameKind::Function, "detect");
        frames.bind("host", &Value::str("outer", Span::default()));
        frames.push_block();
        frames.bind("p", &Value::str("dev", Span::default()));
        assert_eq!(frames.lookup("host").and_then(Value::as_str), Some("outer"));
        assert!(frames.in_function());
        assert_eq!(frames.scope().function, Some("detect"));
        frames.pop();
        assert!(frames.lookup("p").is_none());
    }

    #[test]
    fn reassigning_to_unknown_forgets() {
        let mut frames = Frames::default();
        frames.bind("x", &Value::str("a", Span::default()));
        frames.bind("x", &Value::other(Span::default()));
        assert!(frames.lookup("x").is_none());
    }
}
