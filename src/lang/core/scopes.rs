//! The language-neutral side of definitions: functions as scopes whose bodies a provider
//! collects, the fields and names that hold a concern's value, sized type blocks, imports.

use super::{Core, FrameKind};
use crate::analysis::model::{Function, Import, Node, NodeKind, TypeBlock};
use crate::support::source::Span;

impl Core<'_> {
    /// Opens a function's scope; its body is collected when its name marks a provider and
    /// `may_provide` (test functions never do).
    pub fn enter_function(&mut self, name: &str, may_provide: bool) {
        let provider = may_provide && self.wants(NodeKind::Function) && self.sem.provider_concern(name).is_some();
        self.bodies.enter(provider);
        self.frames.push(FrameKind::Function, name);
    }

    /// Closes the innermost function's scope, emitting it if it was a provider's.
    pub fn exit_function(&mut self, name: &str, name_span: Span, span: Span) {
        if let Some(function) = self.bodies.exit(name, name_span, span) {
            self.emit(Node::Function(&function));
        }
        self.frames.pop();
    }

    /// A field or module-level name: emitted when it holds a concern's value
    /// (`database_url: str` in a settings class, `struct Config { database_url: String }`).
    pub fn holder(&mut self, name: &str, span: Span) {
        if self.wants(NodeKind::Function) && self.sem.holder_concern(name, self.frames.scope()).is_some() {
            self.emit(Node::Function(&Function::field(name, span)));
        }
    }

    /// Whether a type block of this name is wanted (only types with size limits are).
    pub fn wants_type_block(&self, name: &str) -> bool {
        self.wants(NodeKind::TypeBlock) && self.sem.is_sized_type(name)
    }

    pub fn type_block(&mut self, block: &TypeBlock) {
        self.emit(Node::TypeBlock(block));
    }

    /// One imported path; callers test `wants(NodeKind::Import)` before building paths.
    pub fn import(&mut self, path: String, span: Span) {
        let import = Import { path: path.into(), span };
        self.emit(Node::Import(&import));
    }
}
