//! Per-file facts for the repository-wide rules: while a file's tree is alive its nodes are
//! reduced to the few things other files' findings depend on (concern providers, pool
//! strategy sites, Rust type and impl sizes), each with a [`Site`] that can still be
//! reported on after the file's text is gone.

use std::sync::Arc;

use crate::model::{Node, Scope, TypeKind};
use crate::rules::FileInfo;
use crate::semantics::Semantics;
use crate::source::Lang;

pub use crate::finding::Site;

#[derive(Debug, Clone)]
pub struct FileFacts {
    pub path: Arc<str>,
    pub lang: Lang,
    /// Whether findings in this file are reported (it was among the paths checked), or the
    /// file only contributes facts (pre-commit passes a few files; pools and providers are
    /// still counted over the whole project).
    pub reported: bool,
    pub providers: Vec<Provider>,
    pub pools: Vec<PoolSite>,
    pub types: Vec<TypeSize>,
}

impl FileFacts {
    pub fn new(path: Arc<str>, lang: Lang, reported: bool) -> Self {
        Self { path, lang, reported, providers: Vec::new(), pools: Vec::new(), types: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.providers.is_empty() && self.pools.is_empty() && self.types.is_empty()
    }
}

/// A function or method named like a producer of a concern's value.
#[derive(Debug, Clone)]
pub struct Provider {
    /// Index of the concern in the settings.
    pub concern: usize,
    /// `get_database_url`, or `Settings.database_url` for a method.
    pub symbol: String,
    pub site: Site,
    /// Resolved call paths in the body.
    pub calls: Vec<(Box<str>, Site)>,
    /// Environment variables read in the body.
    pub reads: Vec<(Box<str>, Site)>,
}

/// Where a connection pool strategy is chosen.
#[derive(Debug, Clone)]
pub struct PoolSite {
    pub strategy: String,
    pub site: Site,
}

/// A Rust type definition or inherent impl block, with its size.
#[derive(Debug, Clone)]
pub struct TypeSize {
    pub name: String,
    pub kind: TypeKind,
    /// The type's name in the definition, or the `impl` line.
    pub site: Site,
    pub lines: u32,
    pub methods: Vec<MethodSize>,
}

#[derive(Debug, Clone)]
pub struct MethodSize {
    pub name: String,
    pub site: Site,
    pub lines: u32,
}

/// Records what `node` contributes to the repository-wide facts.
pub fn collect(node: Node<'_>, scope: Scope<'_>, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    match node {
        Node::Function(function) => {
            let Some(concern) = sem.provider_concern(&function.name) else { return };
            let symbol = match scope.class {
                Some(class) => format!("{class}.{}", function.name),
                None => function.name.to_string(),
            };
            let sites = |list: &[(Box<str>, crate::source::Span)]| {
                list.iter().map(|(text, span)| (text.clone(), file.site(*span))).collect()
            };
            facts.providers.push(Provider {
                concern,
                symbol,
                site: file.site(function.name_span),
                calls: sites(&function.calls),
                reads: sites(&function.reads),
            });
        }
        Node::Call(call) => {
            if let Some(strategy) = sem.pool_strategy_of_call(call) {
                facts.pools.push(PoolSite { strategy: strategy.to_owned(), site: file.site(call.span) });
            }
        }
        Node::NameRef(name) => {
            if let Some(strategy) = sem.pool_strategy_of_name(name) {
                facts.pools.push(PoolSite { strategy: strategy.to_owned(), site: file.site(name.span) });
            }
        }
        Node::TypeBlock(block) if block.kind != TypeKind::Class => {
            let methods = block
                .methods
                .iter()
                .map(|(name, span)| MethodSize {
                    name: name.to_string(),
                    site: file.site(*span),
                    lines: file.source.line_count(*span),
                })
                .collect();
            facts.types.push(TypeSize {
                name: block.name.to_string(),
                kind: block.kind,
                site: file.site(block.name_span),
                lines: file.source.line_count(block.span),
                methods,
            });
        }
        _ => {}
    }
}
