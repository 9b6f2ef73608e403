//! `use` aliases and string constants of one Rust file, collected before the walk because
//! Rust items are order-independent: a `const` may be defined below the function using it.

use crate::support::hashing::FastMap as HashMap;

use syn::{Expr, ImplItem, Item, Lit, Type, UseTree};

use crate::analysis::model::Value;

#[derive(Debug, Default)]
pub struct Uses {
    aliases: HashMap<String, String>,
}

impl Uses {
    /// Collects every `use` of the file, at any depth; `use` inside a function is rare
    /// enough that scoping it is not worth a second map.
    pub fn collect(items: &[Item]) -> Self {
        let mut uses = Uses::default();
        uses.items(items);
        uses
    }

    fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Use(item) => self.tree(&item.tree, &mut Vec::new()),
                Item::Mod(module) => {
                    if let Some((_, items)) = &module.content {
                        self.items(items);
                    }
                }
                _ => {}
            }
        }
    }

    fn tree(&mut self, tree: &UseTree, prefix: &mut Vec<String>) {
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.tree(&path.tree, prefix);
                prefix.pop();
            }
            UseTree::Name(name) if name.ident == "self" => {
                if let Some(last) = prefix.last() {
                    self.aliases.insert(last.clone(), prefix.join("::"));
                }
            }
            UseTree::Name(name) => {
                let ident = name.ident.to_string();
                let path = join(prefix, &ident);
                self.aliases.insert(ident, path);
            }
            UseTree::Rename(rename) => {
                let path =
                    if rename.ident == "self" { prefix.join("::") } else { join(prefix, &rename.ident.to_string()) };
                self.aliases.insert(rename.rename.to_string(), path);
            }
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.tree(tree, prefix);
                }
            }
            UseTree::Glob(_) => {}
        }
    }

    /// The full path a path's first segment stands for, applied to the whole path.
    pub fn resolve(&self, path: &str) -> String {
        let (first, rest) = match path.split_once("::") {
            Some((first, rest)) => (first, Some(rest)),
            None => (path, None),
        };
        match (self.aliases.get(first), rest) {
            (Some(full), Some(rest)) => format!("{full}::{rest}"),
            (Some(full), None) => full.clone(),
            (None, _) => path.to_owned(),
        }
    }
}

fn join(prefix: &[String], ident: &str) -> String {
    if prefix.is_empty() { ident.to_owned() } else { format!("{}::{ident}", prefix.join("::")) }
}

/// String constants: `const NAME: &str = "…";` and `static`, at module level and in
/// inherent impls (as `Self::NAME` and `Type::NAME`).
pub fn string_constants(items: &[Item], out: &mut Vec<(String, Value)>) {
    for item in items {
        match item {
            Item::Const(item) => push_literal(item.ident.to_string(), &item.expr, out),
            Item::Static(item) => push_literal(item.ident.to_string(), &item.expr, out),
            Item::Mod(module) => {
                if let Some((_, items)) = &module.content {
                    string_constants(items, out);
                }
            }
            Item::Impl(imp) if imp.trait_.is_none() => {
                let type_name = type_name(&imp.self_ty);
                for item in &imp.items {
                    if let ImplItem::Const(constant) = item {
                        let name = constant.ident.to_string();
                        push_literal(format!("Self::{name}"), &constant.expr, out);
                        if let Some(type_name) = &type_name {
                            push_literal(format!("{type_name}::{name}"), &constant.expr, out);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn push_literal(name: String, expr: &Expr, out: &mut Vec<(String, Value)>) {
    if let Expr::Lit(lit) = expr
        && let Lit::Str(text) = &lit.lit
    {
        // A constant stands in for its literal at the use site, which gives the span.
        out.push((name, Value::str(text.value(), crate::support::source::Span::default())));
    }
}

/// The last path segment of a type (`Config` for `crate::config::Config<T>`).
pub fn type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(reference) => type_name(&reference.elem),
        Type::Group(group) => type_name(&group.elem),
        Type::Paren(paren) => type_name(&paren.elem),
        _ => None,
    }
}
