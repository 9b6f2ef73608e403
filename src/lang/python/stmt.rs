//! Statement walking for the Python adapter: scopes, imports, assignments and settings classes.

use ruff_python_ast::visitor::{Visitor, walk_expr, walk_stmt};
use ruff_python_ast::{Expr, Operator, Stmt, StmtClassDef, StmtFunctionDef};
use ruff_text_size::Ranged;

use super::imports::Imports;
use super::span;
use crate::analysis::model::{Access, NodeKind, NodeSink, TypeBlock, TypeKind, Value, ValueKind};
use crate::analysis::semantics::Semantics;
use crate::lang::core::{Core, FrameKind, Lower};
use crate::support::source::Span;

pub struct Lowerer<'s> {
    pub(super) core: Core<'s>,
    pub(super) imports: Imports,
    /// Classes of this file that derive from a settings base, directly or through another.
    pub(super) settings_classes: Vec<String>,
}

impl<'s> Lowerer<'s> {
    pub fn new(sem: Semantics<'s>, sink: &'s mut dyn NodeSink) -> Self {
        Self { core: Core::new(sem, sink), imports: Imports::default(), settings_classes: Vec::new() }
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
                self.core.frames.bind_module(name.id.as_str(), value);
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match stmt {
            Stmt::Import(import) => {
                self.imports.import(import);
                self.emit_imports(import.names.iter().map(|a| (a.name.to_string(), a.range)));
            }
            Stmt::ImportFrom(import) => {
                self.imports.import_from(import);
                let dots = ".".repeat(import.level as usize);
                let module = format!("{dots}{}", import.module.as_ref().map_or("", |m| m.as_str()));
                let joined = |name: &str| {
                    if module.is_empty() || module.ends_with('.') {
                        format!("{module}{name}")
                    } else {
                        format!("{module}.{name}")
                    }
                };
                self.emit_imports(import.names.iter().map(|a| (joined(a.name.as_str()), a.range)));
            }
            Stmt::FunctionDef(def) => self.function(def),
            Stmt::ClassDef(class) => self.class(class),
            Stmt::Assign(assign) => {
                let value = self.value(&assign.value);
                for target in &assign.targets {
                    self.holder(target);
                    self.assign(target, &value);
                }
            }
            Stmt::AnnAssign(assign) => {
                self.annotation(&assign.annotation);
                self.holder(&assign.target);
                if let Some(value) = &assign.value {
                    let value = self.value(value);
                    self.assign(&assign.target, &value);
                }
            }
            Stmt::Return(ret) => {
                if let Some(value) = &ret.value {
                    let value = self.value(value);
                    self.core.bodies.returned(&value);
                }
            }
            Stmt::Delete(delete) => {
                for target in &delete.targets {
                    self.target(target, &Value::other(span(target.range())), Access::Delete);
                }
            }
            Stmt::For(for_stmt) => {
                // `for p in ["dev", "local"]: if p in host` tests the host for each word.
                let iterable = self.value(&for_stmt.iter);
                self.assign(&for_stmt.target, &iterable.element(span(for_stmt.target.range())));
                self.body(&for_stmt.body);
                self.body(&for_stmt.orelse);
            }
            Stmt::With(with) => {
                for item in &with.items {
                    let value = self.value(&item.context_expr);
                    if let Some(vars) = &item.optional_vars {
                        self.assign(vars, &value);
                    }
                }
                self.body(&with.body);
            }
            Stmt::AugAssign(aug) if matches!(&*aug.target, Expr::Name(_)) => {
                let current = self.value(&aug.target);
                let added = self.value(&aug.value);
                let here = span(aug.range);
                // `url += "?sslmode=require"` is still the URL, a template when it was text.
                let value = match aug.op {
                    Operator::Add => match self.core.concatenation(&current, &added, here) {
                        Value { kind: ValueKind::Other, .. } => Value { span: here, ..current },
                        joined => joined,
                    },
                    _ => Value::other(here),
                };
                self.assign(&aug.target, &value);
            }
            // A bare string statement (a docstring, a string used as a comment) runs nothing:
            // its text is documentation, not a value of the program.
            Stmt::Expr(expr) if matches!(&*expr.value, Expr::StringLiteral(_)) => {}
            _ => walk_stmt(self, stmt),
        }
    }

    /// A class field or module-level name that holds a concern's value
    /// (`database_url: str` in a settings class, `DATABASE_URL = …` in a settings module).
    fn holder(&mut self, target: &Expr) {
        let Expr::Name(name) = target else { return };
        if !self.core.frames.in_function() {
            self.core.holder(name.id.as_str(), span(name.range));
        }
    }

    /// A type annotation names types (`-> QueuePool`, `pool: NullPool | None`): that is not
    /// choosing a pool or reading a value, so only what an annotation calls is lowered
    /// (`Annotated[str, Field(validation_alias="DATABASE_URL")]`).
    fn annotation(&mut self, expr: &Expr) {
        match expr {
            Expr::Name(_) | Expr::Attribute(_) | Expr::StringLiteral(_) | Expr::NoneLiteral(_) => {}
            Expr::Subscript(subscript) => {
                self.annotation(&subscript.value);
                self.annotation(&subscript.slice);
            }
            Expr::Tuple(tuple) => tuple.elts.iter().for_each(|element| self.annotation(element)),
            Expr::BinOp(union) => {
                self.annotation(&union.left);
                self.annotation(&union.right);
            }
            other => {
                self.value(other);
            }
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
        for parameter in def.parameters.iter() {
            if let Some(annotation) = parameter.annotation() {
                self.annotation(annotation);
            }
            if let Some(default) = parameter.default() {
                self.value(default);
            }
        }
        if let Some(returns) = &def.returns {
            self.annotation(returns);
        }
        let name = def.name.as_str();
        self.core.enter_function(name, true);
        self.body(&def.body);
        let whole = Span::new(def.name.range.start().to_usize(), def.range.end().to_usize());
        self.core.exit_function(name, span(def.name.range), whole);
    }

    fn emit_imports(&mut self, imports: impl Iterator<Item = (String, ruff_text_size::TextRange)>) {
        if !self.core.wants(NodeKind::Import) {
            return;
        }
        for (path, range) in imports {
            self.core.import(path, span(range));
        }
    }

    /// A class with size limits, with its direct methods, for `oversized-initializer`.
    fn emit_type_block(&mut self, class: &StmtClassDef) {
        let name = class.name.as_str();
        if !self.core.wants_type_block(name) {
            return;
        }
        let from_name = |name: &ruff_python_ast::Identifier, end: ruff_text_size::TextSize| {
            Span::new(name.range.start().to_usize(), end.to_usize())
        };
        let methods = class
            .body
            .iter()
            .filter_map(|stmt| match stmt {
                Stmt::FunctionDef(def) => Some((def.name.as_str().into(), from_name(&def.name, def.range.end()))),
                _ => None,
            })
            .collect();
        let block = TypeBlock {
            name: name.into(),
            kind: TypeKind::Class,
            name_span: span(class.name.range),
            span: from_name(&class.name, class.range.end()),
            methods,
        };
        self.core.type_block(&block);
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
        self.core.frames.push(FrameKind::Class, class.name.as_str());
        if is_settings {
            self.settings_classes.push(class.name.to_string());
            self.settings_fields(&class.body);
        }
        self.body(&class.body);
        self.core.frames.pop();
        self.emit_type_block(class);
    }

    fn is_settings_base(&self, base: &Value) -> bool {
        match &base.kind {
            ValueKind::Name { path, .. } => {
                self.core.sem.lang.settings_bases.matches(path) || self.settings_classes.iter().any(|c| c == &**path)
            }
            _ => false,
        }
    }

    /// Binds an assignment target to the assigned value; subscript targets become subscript
    /// nodes with a store or delete access, which no rule treats as a read.
    pub(super) fn assign(&mut self, target: &Expr, value: &Value) {
        self.target(target, value, Access::Store);
    }

    fn target(&mut self, target: &Expr, value: &Value, access: Access) {
        match target {
            Expr::Name(name) => self.core.frames.bind(name.id.as_str(), value),
            Expr::Attribute(attribute) => {
                if let ValueKind::Name { path, .. } = self.value(target).kind {
                    self.core.frames.bind(&path, value);
                }
                // `self.database_url = …` in a provider stores its result.
                let on_self =
                    matches!(&*attribute.value, Expr::Name(base) if matches!(base.id.as_str(), "self" | "cls"));
                if on_self && self.core.sem.provider_concern(attribute.attr.as_str()).is_some() {
                    self.core.bodies.returned(value);
                }
            }
            Expr::Subscript(sub) => {
                let object = self.value(&sub.value);
                let key = self.value(&sub.slice);
                self.core.subscript(object, key, access, span(sub.range), || None);
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
