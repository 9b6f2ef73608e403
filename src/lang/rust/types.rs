//! Item-level nodes of the Rust adapter: provider functions with their bodies, type
//! definitions and inherent impl blocks with their sizes, and `use` paths.

use syn::visit::Visit;
use syn::{Block, Expr, ImplItem, ItemEnum, ItemImpl, ItemStruct, ItemUse, Signature, Stmt, UseTree};

use super::items::Lowerer;
use super::uses;
use crate::analysis::model::{NodeKind, TypeBlock, TypeKind};
use crate::lang::core::Lower;
use crate::support::source::Span;

impl Lowerer<'_> {
    /// Walks a function as a scope, collecting its body and what it returns when it is a
    /// provider (test functions never are).
    pub(super) fn function(&mut self, sig: &Signature, block: &Block, is_test: bool) {
        let name = sig.ident.to_string();
        self.core.enter_function(&name, !is_test);
        self.visit_signature(sig);
        self.returning_block(block);
        let whole = self.token(sig.fn_token.span).cover(self.token(block.brace_token.span.close()));
        self.core.exit_function(&name, self.token(sig.ident.span()), whole);
    }

    /// A block whose tail expression is what the enclosing function returns.
    fn returning_block(&mut self, block: &Block) {
        let last = block.stmts.len().saturating_sub(1);
        for (i, stmt) in block.stmts.iter().enumerate() {
            match stmt {
                Stmt::Expr(tail, None) if i == last => self.tail(tail),
                other => self.visit_stmt(other),
            }
        }
    }

    /// A tail expression: each branch of an `if` or `match` returns its own tail.
    fn tail(&mut self, expr: &Expr) {
        match expr {
            Expr::If(branch) => {
                self.value(&branch.cond);
                self.returning_block(&branch.then_branch);
                if let Some((_, otherwise)) = &branch.else_branch {
                    self.tail(otherwise);
                }
            }
            Expr::Match(choice) => {
                let scrutinee = self.value(&choice.expr);
                for arm in &choice.arms {
                    self.bind_pattern(&arm.pat, &scrutinee);
                    self.tail(&arm.body);
                }
            }
            Expr::Block(block) if block.label.is_none() => self.returning_block(&block.block),
            Expr::Unsafe(block) => self.returning_block(&block.block),
            other => {
                let value = self.value(other);
                self.core.bodies.returned(&value);
            }
        }
    }

    pub(super) fn emit_struct(&mut self, item: &ItemStruct) {
        let end = match (&item.fields, &item.semi_token) {
            (_, Some(semi)) => semi.spans[0],
            (syn::Fields::Named(fields), None) => fields.brace_token.span.close(),
            (syn::Fields::Unnamed(fields), None) => fields.paren_token.span.close(),
            (syn::Fields::Unit, None) => item.ident.span(),
        };
        let span = self.token(item.struct_token.span).cover(self.token(end));
        self.emit_definition(&item.ident, span);
    }

    pub(super) fn emit_enum(&mut self, item: &ItemEnum) {
        let span = self.token(item.enum_token.span).cover(self.token(item.brace_token.span.close()));
        self.emit_definition(&item.ident, span);
    }

    fn emit_definition(&mut self, ident: &syn::Ident, span: Span) {
        let name = ident.to_string();
        if !self.core.wants_type_block(&name) {
            return;
        }
        let block = TypeBlock {
            name: name.into(),
            kind: TypeKind::Definition,
            name_span: self.token(ident.span()),
            span,
            methods: Vec::new(),
        };
        self.core.type_block(&block);
    }

    /// An inherent impl block of a sized type, with its `fn`s.
    pub(super) fn emit_impl(&mut self, item: &ItemImpl) {
        let Some(name) = uses::type_name(&item.self_ty) else { return };
        if item.trait_.is_some() || !self.core.wants_type_block(&name) {
            return;
        }
        let methods = item
            .items
            .iter()
            .filter_map(|item| match item {
                ImplItem::Fn(f) => {
                    let span = self.token(f.sig.fn_token.span).cover(self.token(f.block.brace_token.span.close()));
                    Some((f.sig.ident.to_string().into(), span))
                }
                _ => None,
            })
            .collect();
        let impl_token = self.token(item.impl_token.span);
        let block = TypeBlock {
            name: name.into(),
            kind: TypeKind::Impl,
            name_span: impl_token,
            span: impl_token.cover(self.token(item.brace_token.span.close())),
            methods,
        };
        self.core.type_block(&block);
    }

    /// One import node per path a `use` brings in (`use r2d2::{Pool, PooledConnection}`).
    pub(super) fn emit_use(&mut self, item: &ItemUse) {
        if !self.core.wants(NodeKind::Import) {
            return;
        }
        let span = self.token(item.use_token.span).cover(self.token(item.semi_token.spans[0]));
        let mut paths = Vec::new();
        leaf_paths(&item.tree, &mut Vec::new(), &mut paths);
        for path in paths {
            self.core.import(path, span);
        }
    }
}

fn leaf_paths(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<String>) {
    match tree {
        UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            leaf_paths(&path.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(name) if name.ident == "self" => out.push(prefix.join("::")),
        UseTree::Name(name) => out.push(join(prefix, &name.ident.to_string())),
        UseTree::Rename(rename) => out.push(join(prefix, &rename.ident.to_string())),
        UseTree::Glob(_) => out.push(prefix.join("::")),
        UseTree::Group(group) => group.items.iter().for_each(|tree| leaf_paths(tree, prefix, out)),
    }
}

fn join(prefix: &[String], last: &str) -> String {
    if prefix.is_empty() { last.to_owned() } else { format!("{}::{last}", prefix.join("::")) }
}
