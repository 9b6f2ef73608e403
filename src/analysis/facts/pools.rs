//! Pool facts: where a connection pool strategy is chosen, one site per construction
//! (the manager built for a pool, the builder's sizing calls, the dict of engine options and
//! the assignments that fill it belong to the site), with the backend family it names.

use super::FileInfo;
use super::{FileFacts, Site};
use crate::analysis::model::{Access, Call, Mapping, NameRef, Scope, Subscript, Value, ValueKind};
use crate::analysis::semantics::Semantics;
use crate::config::vocab::PoolStrategy;
use crate::support::source::{Lang, Span};

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
    pub(super) spans: Vec<Span>,
    /// Spans of the values it configures (`ConnectOptions::new(url)` behind `opt`), whose
    /// later sizing calls continue it.
    pub(super) configures: Vec<Span>,
    /// Whether the site so far is only a connection manager (the pool built from it wins).
    pub(super) manager: bool,
    /// Whether its text names a database library (a generic pool is then a database's).
    pub(super) database: bool,
    /// Whether a call that sets its size was made on it (`max_connections(50)`).
    pub(super) sized: bool,
    /// Whether it was given a database URL (rather than, say, a file path).
    pub(super) url_input: bool,
}

/// One use of the pool vocabulary, before it is a site or part of one.
struct Choice<'s> {
    strategy: Option<&'s PoolStrategy>,
    span: Span,
    /// Constructions it continues (a sizing call's options, `.build()` on a builder).
    from_receiver: Vec<Span>,
    /// Constructions it consumes (the manager handed to a builder).
    from_args: Vec<Span>,
    family: Option<String>,
    database: bool,
    /// The method the choice calls (`max_connections`), if it is a method call.
    method: Option<&'s str>,
    url_input: bool,
}

impl<'s> Choice<'s> {
    /// A choice written as a value rather than a call (a pool class, a dict of options, a
    /// key stored into one): nothing but its strategy, where it is and what it continues.
    fn written(strategy: &'s PoolStrategy, span: Span, from_receiver: Vec<Span>) -> Self {
        Self {
            strategy: Some(strategy),
            span,
            from_receiver,
            from_args: Vec::new(),
            family: None,
            database: false,
            method: None,
            url_input: false,
        }
    }
}

/// A call that chooses a pool starts a site, or continues one it consumes: a second sizing
/// call on the same options, a builder given the manager built for it, `.build(manager)` on
/// a pool builder. Either way one construction stays one site.
pub(super) fn call(call: &Call, scope: Scope<'_>, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    let strategy = sem.pool_strategy_of_call(call).and_then(|s| sem.pool_strategy(s));
    if strategy.is_none() {
        // Only Rust builds generic pools from managers.
        let manager = call.path().filter(|path| file.lang == Lang::Rust && sem.vocab.manager_calls.matches(path));
        if let Some(family) =
            manager.and_then(|path| sem.family_named([path].into_iter().chain(call.type_args.as_deref())))
        {
            facts.family_hints.push((call.span, family.to_owned()));
        }
        if sem.is_engine_call(call) {
            facts.engines.push(file.site(call.span));
        }
        if facts.pools.is_empty() {
            return;
        }
    }
    let from_receiver: Vec<Span> = call.receiver().map(constructions).unwrap_or_default();
    let from_args: Vec<Span> =
        call.args.iter().chain(call.keywords.iter().map(|k| &k.value)).flat_map(constructions).collect();
    let hinted = facts
        .family_hints
        .iter()
        .find(|(span, _)| from_receiver.contains(span) || from_args.contains(span))
        .map(|(_, family)| family.clone());
    let family = sem.pool_family_of_call(call).map(str::to_owned).or(hinted);
    let database = family.is_some() || sem.names_a_database(call);
    let method = call.method().map(|(_, name)| name);
    let inputs = call.receiver().into_iter().chain(&call.args).chain(call.keywords.iter().map(|k| &k.value));
    let url_input = inputs.into_iter().any(|value| sem.is_url_like(value, scope));
    let choice = Choice { strategy, span: call.span, from_receiver, from_args, family, database, method, url_input };
    record(facts, file, sem, choice);
}

/// A pool class used as a value (`poolclass=NullPool`).
pub(super) fn name(name: &NameRef, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    let Some(strategy) = sem.pool_strategy_of_name(name).and_then(|s| sem.pool_strategy(s)) else { return };
    record(facts, file, sem, Choice::written(strategy, name.span, Vec::new()));
}

/// A dict of engine options with pool keys (`{"pool_size": 10}`, Flask-SQLAlchemy's
/// `SQLALCHEMY_ENGINE_OPTIONS`, Django's `"CONN_MAX_AGE": 60`): the pool is sized where the
/// dict is written, whatever call it is handed to later. A pool class inside it is the choice.
pub(super) fn mapping(mapping: &Mapping, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    let Some(strategy) = sem.pool_strategy_of_keys(mapping.keys.iter().map(|k| &**k)) else { return };
    let holds_a_site = facts
        .pools
        .iter()
        .any(|site| site.spans.iter().any(|s| mapping.span.start <= s.start && s.end <= mapping.span.end));
    if holds_a_site {
        return;
    }
    record(facts, file, sem, Choice::written(strategy, mapping.span, vec![mapping.span]));
}

/// `engine_kwargs["pool_size"] = 10`: sizes the pool of the dict it fills.
pub(super) fn store(subscript: &Subscript, file: &FileInfo<'_>, sem: &Semantics<'_>, facts: &mut FileFacts) {
    if subscript.access != Access::Store {
        return;
    }
    let Some(key) = subscript.key.as_str() else { return };
    // `DATABASES["default"]["OPTIONS"]["pool"] = …` writes `OPTIONS.pool`.
    let path = subscript.object.path_text().unwrap_or_default();
    let parent = path.strip_suffix(']').and_then(|p| p.rsplit_once('[')).map(|(_, parent)| format!("{parent}.{key}"));
    let Some(strategy) = sem.pool_strategy_of_keys(std::iter::once(key).chain(parent.as_deref())) else { return };
    record(facts, file, sem, Choice::written(strategy, subscript.span, constructions(&subscript.object)));
}

/// The constructions a value comes from: the calls and dict literals it was built by.
fn constructions(value: &Value) -> Vec<Span> {
    value
        .origins()
        .filter(|o| matches!(o.kind, ValueKind::Call { .. } | ValueKind::Mapping(_)))
        .map(|o| o.span)
        .collect()
}

/// Starts a site for a choice, or adds it to the construction it continues or consumes.
fn record(facts: &mut FileFacts, file: &FileInfo<'_>, sem: &Semantics<'_>, choice: Choice<'_>) {
    let Choice { strategy, span, from_receiver, from_args, family, database, method, url_input } = choice;
    let inside = |own: &Span| span.start <= own.start && own.end <= span.end;
    let continued = facts
        .pools
        .iter()
        .position(|site| site.spans.iter().chain(&site.configures).any(|own| from_receiver.contains(own)));
    let absorbed: Vec<usize> = (0..facts.pools.len())
        .filter(|&i| {
            Some(i) != continued && facts.pools[i].spans.iter().any(|own| from_args.contains(own) || inside(own))
        })
        .collect();
    let primary = match (continued, strategy) {
        (Some(i), _) => i,
        (None, Some(strategy)) => {
            facts.pools.push(PoolSite {
                strategy: strategy.name.clone(),
                group: strategy.group.clone(),
                family: None,
                site: file.site(span),
                spans: Vec::new(),
                configures: Vec::new(),
                manager: strategy.manager,
                database: false,
                sized: false,
                url_input: false,
            });
            facts.pools.len() - 1
        }
        (None, None) if absorbed.is_empty() => return,
        (None, None) => absorbed[0],
    };
    // A pool built from a manager is the pool's site, named after the pool.
    if let Some(strategy) = strategy.filter(|s| facts.pools[primary].manager && !s.manager) {
        let site = &mut facts.pools[primary];
        site.strategy = strategy.name.clone();
        site.group = strategy.group.clone();
        site.site = file.site(span);
        site.manager = false;
    }
    let mut merged_spans = vec![span];
    let mut merged_family = family;
    let mut merged_database = database;
    for &i in absorbed.iter().rev().filter(|&&i| i != primary) {
        let other = facts.pools.remove(i);
        merged_database |= other.database;
        merged_spans.extend(other.spans);
        merged_spans.extend(other.configures);
        merged_family = merged_family.or(other.family);
    }
    let primary = primary - absorbed.iter().filter(|&&i| i < primary).count();
    let site = &mut facts.pools[primary];
    site.spans.extend(merged_spans);
    site.configures.extend(from_receiver);
    site.database |= merged_database;
    let sizes = |name: &str| sem.pool_strategy(&site.strategy).is_some_and(|s| s.sized_by.contains(name));
    site.sized |= method.is_some_and(sizes);
    site.url_input |= url_input;
    if site.family.is_none() {
        site.family = merged_family;
    }
}
