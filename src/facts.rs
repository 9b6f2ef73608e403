//! Per-file facts for the repository-wide rules: while a file's tree is alive its nodes are
//! reduced to the few things other files' findings depend on (concern providers, pool
//! strategy sites, Rust type and impl sizes), each with a [`Site`] that can still be
//! reported on after the file's text is gone.

use std::sync::Arc;

use crate::model::{Call, Node, Scope, TypeKind, Value, ValueKind};
use crate::rules::FileInfo;
use crate::semantics::{Derivation, Semantics};
use crate::source::{Lang, Span};

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
    /// Whether the file is migration tooling (it imports `alembic.context`): its pools are
    /// a migration run's, not a service's.
    pub migration: bool,
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
        }
        self.pools.retain_mut(|site| {
            let Some(strategy) = sem.pool_strategy(&site.strategy) else { return true };
            if site.family.is_none() {
                site.family = strategy.family.clone().filter(|f| sem.vocab.pool_families.iter().any(|k| k.name == *f));
            }
            site.family.is_some() || !strategy.generic
        });
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
    /// Resolved call paths in the body (a call of an entry point anywhere in it delegates).
    pub calls: Vec<(Box<str>, Site)>,
    /// What its returned values derive from; a function named like a provider with none of
    /// these does not provide the value.
    pub derivations: Vec<(Derivation, Site)>,
}

impl Provider {
    /// The function's own name (`database_url` of `Settings.database_url`).
    pub fn name(&self) -> &str {
        self.symbol.rsplit('.').next().unwrap_or(&self.symbol)
    }
}

/// Where a connection pool strategy is chosen: one construction, whatever calls it takes
/// (the manager built for it, the builder's sizing calls).
#[derive(Debug, Clone)]
pub struct PoolSite {
    pub strategy: String,
    /// The name it is compared by (several strategies build the same kind of pool).
    pub group: String,
    /// The backend family (`PostgreSQL`, `Redis`, …) when the site or its strategy names one.
    pub family: Option<String>,
    pub site: Site,
    /// Spans of the calls this construction is made of, to recognise its continuations.
    spans: Vec<Span>,
    /// Spans of the values it configures (`ConnectOptions::new(url)` behind `opt`), whose
    /// later sizing calls continue it.
    configures: Vec<Span>,
    /// Whether the site so far is only a connection manager (the pool built from it wins).
    manager: bool,
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
            let calls = function.calls.iter().map(|(path, span)| (path.clone(), file.site(*span))).collect();
            let derivations = function
                .returns
                .iter()
                .flat_map(|value| sem.derivations(&sem.concerns[concern], value))
                .map(|(derivation, span)| (derivation, file.site(span)))
                .collect();
            facts.providers.push(Provider { concern, symbol, site: file.site(function.name_span), calls, derivations });
        }
        Node::Call(call) => pool_call(call, file, sem, facts),
        Node::NameRef(name) => {
            if let Some(strategy) = sem.pool_strategy_of_name(name).and_then(|s| sem.pool_strategy(s)) {
                facts.pools.push(PoolSite {
                    strategy: strategy.name.clone(),
                    group: strategy.group.clone(),
                    family: None,
                    site: file.site(name.span),
                    spans: vec![name.span],
                    configures: Vec::new(),
                    manager: strategy.manager,
                });
            }
        }
        Node::Import(import) => facts.migration |= sem.is_migration_import(&import.path),
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

/// A call that chooses a pool starts a site, or continues one it consumes: a second sizing
/// call on the same options, a builder given the manager built for it, `.build(manager)` on
/// a pool builder. Either way one construction stays one site.
fn pool_call(call: &Call, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    let choice = sem.pool_strategy_of_call(call).and_then(|s| sem.pool_strategy(s));
    if choice.is_none() {
        let own = call.path().into_iter().chain(call.type_args.as_deref());
        if let Some(family) = sem.family_named(own) {
            facts.family_hints.push((call.span, family.to_owned()));
        }
        if facts.pools.is_empty() {
            return;
        }
    }
    let consumed = |value: &Value| {
        value.origins().filter(|o| matches!(o.kind, ValueKind::Call { .. })).map(|o| o.span).collect::<Vec<_>>()
    };
    let from_receiver: Vec<Span> = call.receiver().map(consumed).unwrap_or_default();
    let from_args: Vec<Span> =
        call.args.iter().chain(call.keywords.iter().map(|k| &k.value)).flat_map(consumed).collect();
    let touches = |site: &PoolSite, spans: &[Span]| {
        site.spans.iter().any(|own| spans.contains(own) || (call.span.start <= own.start && own.end <= call.span.end))
    };
    let continued = facts
        .pools
        .iter()
        .position(|site| site.spans.iter().chain(&site.configures).any(|own| from_receiver.contains(own)));
    let absorbed: Vec<usize> =
        (0..facts.pools.len()).filter(|&i| Some(i) != continued && touches(&facts.pools[i], &from_args)).collect();
    let hinted = facts
        .family_hints
        .iter()
        .find(|(span, _)| from_receiver.contains(span) || from_args.contains(span))
        .map(|(_, family)| family.clone());
    let family = sem.pool_family_of_call(call).map(str::to_owned).or(hinted);
    let primary = match (continued, choice) {
        (Some(i), _) => i,
        (None, Some(strategy)) => {
            facts.pools.push(PoolSite {
                strategy: strategy.name.clone(),
                group: strategy.group.clone(),
                family: None,
                site: file.site(call.span),
                spans: Vec::new(),
                configures: Vec::new(),
                manager: strategy.manager,
            });
            facts.pools.len() - 1
        }
        (None, None) if absorbed.is_empty() => return,
        (None, None) => absorbed[0],
    };
    // A pool built from a manager is the pool's site, named after the pool.
    if let Some(strategy) = choice.filter(|s| facts.pools[primary].manager && !s.manager) {
        let site = &mut facts.pools[primary];
        site.strategy = strategy.name.clone();
        site.group = strategy.group.clone();
        site.site = file.site(call.span);
        site.manager = false;
    }
    let mut merged_spans = vec![call.span];
    let mut merged_family = family;
    for &i in absorbed.iter().rev().filter(|&&i| i != primary) {
        let other = facts.pools.remove(i);
        merged_spans.extend(other.spans);
        merged_spans.extend(other.configures);
        merged_family = merged_family.or(other.family);
    }
    let primary = primary - absorbed.iter().filter(|&&i| i < primary).count();
    let site = &mut facts.pools[primary];
    site.spans.extend(merged_spans);
    site.configures.extend(from_receiver);
    if site.family.is_none() {
        site.family = merged_family;
    }
}
