//! Per-file facts for the repository-wide rules: while a file's tree is alive its nodes are
//! reduced to the few things other files' findings depend on (concern providers, pool
//! strategy sites, Rust type and impl sizes) or the concerns' pictures show (calls of entry
//! points), each with a [`Site`] that can still be
//! reported on after the file's text is gone.

use std::sync::Arc;

use crate::analysis::model::{Call, Function, Node, NodeKind, Scope, TypeBlock, TypeKind};
use crate::analysis::semantics::{Derivation, Semantics};
use crate::input::prefilter::Trigger;
use crate::support::source::{Lang, SourceFile, Span};

mod pools;

pub use crate::finding::Site;
pub use pools::PoolSite;

/// The file being checked, as rules and the facts collector see it.
#[derive(Debug)]
pub struct FileInfo<'a> {
    pub source: &'a SourceFile,
    pub lang: Lang,
    /// For each concern (in settings order), whether this file is one of its owners.
    pub owns: Vec<bool>,
}

impl FileInfo<'_> {
    pub fn path(&self) -> &Arc<str> {
        &self.source.path
    }

    /// A site in this file, for a finding or a repository-wide fact.
    pub fn site(&self, span: Span) -> Site {
        Site::new(self.source, span)
    }
}

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
    /// Whether the file is migration tooling (it imports `alembic.context`): its pools are
    /// a migration run's, not a service's.
    pub migration: bool,
    /// Engine constructions with no pool choice of their own (`create_engine(url)`): where
    /// the engine factory is, for proposing the pool's owner.
    pub engines: Vec<Site>,
    /// Calls of a concern's entry point outside its owners, the first of each entry point.
    pub entry_calls: Vec<EntryCall>,
    /// Calls whose own path or type arguments name a backend (`ConnectionManager::<PgConnection>::new`),
    /// for the pool built from what they return.
    family_hints: Vec<(Span, String)>,
}

impl FileFacts {
    pub fn new(path: Arc<str>, lang: Lang, reported: bool) -> Self {
        Self {
            path,
            lang,
            reported,
            providers: Vec::new(),
            pools: Vec::new(),
            types: Vec::new(),
            migration: false,
            engines: Vec::new(),
            entry_calls: Vec::new(),
            family_hints: Vec::new(),
        }
    }

    /// Settles what needed the whole file: migration tooling has no pools; a generic pool
    /// (bb8 over worker threads) is a database pool only if something named its backend; a
    /// strategy of one backend (asyncpg) gives its family to sites that named none.
    pub fn finish(&mut self, sem: &Semantics<'_>) {
        self.family_hints = Vec::new();
        if self.migration || sem.vocab.migration_paths.is_match(&self.path) {
            self.pools.clear();
            self.engines.clear();
        }
        self.pools.retain_mut(|site| {
            let Some(strategy) = sem.pool_strategy(&site.strategy) else { return true };
            if site.family.is_none() {
                site.family = strategy.family.clone().filter(|f| sem.vocab.pool_families.iter().any(|k| k.name == *f));
            }
            if let Some(default_size) = strategy.unsized_group.as_ref().filter(|_| !site.sized) {
                site.group = default_size.clone();
            }
            // A database that is a file, opened with the default pool on a path rather than
            // the configured URL, is a file being read (another program's history), not the
            // application's pool.
            let file_database =
                site.family.as_ref().is_some_and(|f| sem.vocab.pool_families.iter().any(|k| k.name == *f && k.files));
            if file_database && !site.sized && !site.url_input {
                return false;
            }
            site.family.is_some() || site.database || !strategy.generic
        });
    }

    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
            && self.pools.is_empty()
            && self.types.is_empty()
            && self.engines.is_empty()
            && self.entry_calls.is_empty()
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
    /// Resolved call paths in the body (a call of an entry point anywhere in it delegates).
    pub calls: Vec<(Box<str>, Site)>,
    /// What its returned values derive from; a function named like a provider with none of
    /// these does not provide the value.
    pub derivations: Vec<(Derivation, Site)>,
    /// A field or module-level name that holds the value rather than a function.
    pub field: bool,
}

impl Provider {
    /// The function's own name (`database_url` of `Settings.database_url`).
    pub fn name(&self) -> &str {
        self.symbol.rsplit('.').next().unwrap_or(&self.symbol)
    }
}

/// A file outside a concern's owners that calls one of its entry points: it delegates to the
/// owner (the concern's picture draws it so, with an edge to the entry point).
#[derive(Debug, Clone)]
pub struct EntryCall {
    /// Index of the concern in the settings.
    pub concern: usize,
    /// The entry point, as configured.
    pub entry_point: String,
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

/// Declares [`collect`] and [`KINDS`] from one list of arms, so that the node kinds the
/// engine hands the collector (and asks the adapters to build) are exactly the ones it reads.
macro_rules! collectors {
    ($node:ident, $scope:ident, $file:ident, $sem:ident, $facts:ident; $($kind:ident($binding:pat) => $body:expr,)+) => {
        /// The node kinds [`collect`] reads.
        pub const KINDS: &[NodeKind] = &[$(NodeKind::$kind,)+];

        /// Records what a node contributes to the repository-wide facts.
        pub fn collect($node: Node<'_>, $scope: Scope<'_>, $file: &FileInfo<'_>, $sem: &Semantics<'_>, $facts: &mut FileFacts) {
            match $node {
                $(Node::$kind($binding) => $body,)+
                _ => {}
            }
        }
    };
}

collectors! { node, scope, file, sem, facts;
    Function(function) => provider(function, scope, file, sem, facts),
    Call(call) => {
        pools::call(call, scope, file, sem, facts);
        entry_call(call, file, sem, facts);
    },
    NameRef(name) => pools::name(name, file, sem, facts),
    Mapping(mapping) => pools::mapping(mapping, file, sem, facts),
    Subscript(subscript) => pools::store(subscript, file, sem, facts),
    Import(import) => facts.migration |= sem.is_migration_import(&import.path),
    TypeBlock(block) => type_size(block, file, facts),
}

/// What a file must hold for [`collect`] to record anything: one alternative per arm.
/// (`Import` only clears the pools of migration tooling; the engines `Call` records as well
/// matter only to `init`, which reads every file.)
pub fn trigger(sem: &Semantics<'_>) -> Trigger {
    Trigger::Any(vec![
        // `Function`: a provider of a concern's value, or a name that holds it.
        sem.holder_trigger(),
        // `Call`, `NameRef`, `Mapping`, `Subscript`: a pool chosen or sized.
        sem.pool_trigger(),
        // `TypeBlock`: a type with size limits.
        sem.sized_type_trigger(),
        // `Call`: an entry point called.
        sem.entry_point_trigger(),
    ])
}

/// A function named like a provider of a concern's value, with what it calls and returns.
fn provider(function: &Function, scope: Scope<'_>, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    let concern =
        if function.field { sem.holder_concern(&function.name, scope) } else { sem.provider_concern(&function.name) };
    let Some(concern) = concern else { return };
    let symbol = match scope.class {
        Some(class) => format!("{class}.{}", function.name),
        None => function.name.to_string(),
    };
    let calls = function.calls.iter().map(|(path, span)| (path.clone(), file.site(*span))).collect();
    let derivations = function
        .returns
        .iter()
        .flat_map(|value| sem.derivations(&sem.concerns[concern], value))
        .map(|(derivation, span)| (derivation, file.site(span)))
        .collect();
    let site = file.site(function.name_span);
    facts.providers.push(Provider { concern, symbol, site, calls, derivations, field: function.field });
}

/// A call of an entry point of a concern the file does not own (see
/// [`Semantics::entry_point_called`]). One per entry point and file: the picture needs the
/// file and the name, not every call.
fn entry_call(call: &Call, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    for (concern, (spec, owned)) in sem.concerns.iter().zip(&file.owns).enumerate() {
        let Some(name) = sem.entry_point_called(call, spec).filter(|_| !owned) else { continue };
        if !facts.entry_calls.iter().any(|c| c.concern == concern && c.entry_point == name) {
            facts.entry_calls.push(EntryCall { concern, entry_point: name.to_owned(), site: file.site(call.span) });
        }
    }
}

/// A Rust type definition or impl block and its size (Python classes are measured where
/// they are, by `oversized-initializer`).
fn type_size(block: &TypeBlock, file: &FileInfo<'_>, facts: &mut FileFacts) {
    if block.kind == TypeKind::Class {
        return;
    }
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
