//! Statement walking for the Python adapter: scopes, imports, assignments and settings classes.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::imports::Imports;
use super::span;
use crate::lang::frames::{FrameKind, Frames};
use crate::model::{Access, Node, NodeKind, NodeSink, Subscript, Value, ValueKind};
use crate::semantics::Semantics;

pub struct Lowerer<'s> {
    pub(super) sem: Semantics<'s>,
    pub(super) sink: &'s mut dyn NodeSink,
    pub(super) frames: Frames,
    pub(super) imports: Imports,
    /// Classes of this file that derive from a settings base, directly or through another.
    pub(super) settings_classes: Vec<String>,
}

impl<'s> Lowerer<'s> {
    pub fn new(sem: Semantics<'s>, sink: &'s mut dyn NodeSink) -> Self {
        Self { sem, sink, frames: Frames::default(), imports: Imports::default(), settings_classes: Vec::new() }
    }

    pub(super) fn emit(&mut self, node: Node<'_>) {
        self.sink.node(node, self.frames.scope());
    }

    pub fn module(&mut self, body: &[Stmt]) {
        self.bind_module_constants(body);
        for stmt in body {
            self.stmt(stmt);
        }
    }

    /// Module-level `NAME = "literal"` counts as the literal anywhere in the file, even in a
    /// function defined above the assignment.
    fn bind_module_constants(&mut self, body: &[Stmt]) {
        for stmt in body {
            let (target, value) = match stmt {
                Stmt::Assign(assign) if assign.targets.len() == 1 => (&assign.targets[0], &*assign.value),
                Stmt::AnnAssign(assign) => match &assign.value {
                    Some(value) => (&*assign.target, &**value),
                    None => continue,
                },
                _ => continue,
            };
            if let (Expr::Name(name), Expr::StringLiteral(literal)) = (target, value) {
                let value = Value::str(literal.value.to_str(), span(literal.range));
                self.frames.bind_module(name.id.as_str(), value);
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(import) => self.imports.import(import),
            Stmt::ImportFrom(import) => self.imports.import_from(import),
            Stmt::FunctionDef(def) => self.function(def),
            Stmt::ClassDef(class) => self.class(class),
            Stmt::Assign(assign) => {
                let value = self.value(&assign.value);
                for target in &assign.targets {
                    self.assign(target, &value);
                }
            }
            Stmt::AnnAssign(assign) => {
                self.value(&assign.annotation);
                if let Some(value) = &assign.value {
                    let value = self.value(value);
                    self.assign(&assign.target, &value);
                }
            }
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    self.target(target, &Value::other(span(target.range())), Access::Delete);
                }
            }
            Stmt::For(for_stmt) => {
                self.value(&for_stmt.iter);
                self.assign(&for_stmt.target, &Value::other(span(for_stmt.target.range())));
                self.body(&for_stmt.body);
                self.body(&for_stmt.orelse);
            }
            Stmt::With(with) => {
                for item in &with.items {
                    let value = self.value(&item.context_expr);
                    if let Some(vars) = &item.optional_vars {
                        self.assign(vars, &Value::other(value.span));
                    }
                }
                self.body(&with.body);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn body(&mut self, body: &[Stmt]) {
        for stmt in body {
            self.stmt(stmt);
        }
    }

    fn function(&mut self, def: &StmtFunctionDef) {
        for decorator in &def.decorator_list {
            self.value(&decorator.expression);
        }
        self.visit_parameters(&def.parameters);
        if let Some(returns) = &def.returns {
            self.value(returns);
        }
        self.frames.push(FrameKind::Function, def.name.as_str());
        self.body(&def.body);
        self.frames.pop();
    }

    fn class(&mut self, class: &StmtClassDef) {
        for decorator in &class.decorator_list {
            self.value(&decorator.expression);
        }
        let mut is_settings = false;
        if let Some(arguments) = &class.arguments {
            for base in &arguments.args {
                let value = self.value(base);
                is_settings |= self.is_settings_base(&value);
            }
            for keyword in &arguments.keywords {
                self.value(&keyword.value);
            }
        }
        self.frames.push(FrameKind::Class, class.name.as_str());
        if is_settings {
            self.settings_classes.push(class.name.to_string());
            self.settings_fields(&class.body);
        }
        self.body(&class.body);
        self.frames.pop();
    }

    fn is_settings_base(&self, base: &Value) -> bool {
        match &base.kind {
            ValueKind::Name { path, .. } => {
                self.sem.lang.settings_bases.matches(path) || self.settings_classes.iter().any(|c| c == &**path)
            }
            _ => false,
        }
    }

    /// Binds an assignment target to the assigned value; subscript targets become subscript
    /// nodes with a store or delete access, which no rule treats as a read.
    fn assign(&mut self, target: &Expr, value: &Value) {
        self.target(target, value, Access::Store);
    }

    fn target(&mut self, target: &Expr, value: &Value, access: Access) {
        match target {
            Expr::Name(name) => self.frames.bind(name.id.as_str(), value),
            Expr::Attribute(_) => {
                if let ValueKind::Name { path, .. } = self.value(target).kind {
                    self.frames.bind(&path, value);
                }
            }
            Expr::Subscript(sub) => {
                let object = self.value(&sub.value);
                let key = self.value(&sub.slice);
                if self.sink.wants(NodeKind::Subscript) {
                    let node = Subscript { object, key, access, span: span(sub.range) };
                    self.emit(Node::Subscript(&node));
                }
            }
            Expr::Tuple(tuple) => self.assign_each(&tuple.elts, value),
            Expr::List(list) => self.assign_each(&list.elts, value),
            _ => walk_expr(self, target),
        }
    }

    fn assign_each(&mut self, targets: &[Expr], value: &Value) {
        let items = match &value.kind {
            ValueKind::Collection(items) if items.len() == targets.len() => Some(items.clone()),
            _ => None,
        };
        for (i, target) in targets.iter().enumerate() {
            let item = items.as_ref().map_or_else(|| Value::other(span(target.range())), |items| items[i].clone());
            self.assign(target, &item);
        }
    }
}

impl<'a> Visitor<'a> for Lowerer<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        self.stmt(stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        self.value(expr);
    }
}
