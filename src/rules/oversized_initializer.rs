use std::collections::BTreeMap;

use super::{Context, RepoContext, Rule, declare_rule};
use crate::analysis::facts::{MethodSize, TypeSize};
use crate::analysis::model::{Node, NodeKind, TypeBlock, TypeKind};
use crate::analysis::repo::Repository;
use crate::config::Globs;
use crate::config::Settings;
use crate::config::vocab::SizeLimit;
use crate::finding::Site;
use crate::input::prefilter::Trigger;
use crate::support::plural::count;
use crate::support::source::Lang;

declare_rule! {
    pub struct OversizedInitializer;
    id: "oversized-initializer",
    kind: Code,
    severity: Warning,
    summary: "an initializer, factory or manager type has grown past its size limits",
    docs: r#"## What it does
Flags types whose name marks them as an initializer, factory or manager when they exceed
their limits. Defaults (first matching pattern wins): `*Initializer`, `*Initialiser`,
`*Bootstrap*`, `*Startup*`: 500 lines, 25 methods; `*Factory`: 200 lines, 15 methods;
`*Manager`: 500 lines, 25 methods.

Python: the class from its `class` line to its last body line, and its direct `def` /
`async def` count (methods of nested classes are theirs). Rust: the `struct` or `enum` plus
all its inherent `impl` blocks anywhere in the same crate (the nearest `Cargo.toml`),
summed. Two types of one name in a crate (a `ClientFactory` in `http/` and another in
`grpc/`) are measured apart: an `impl` block counts for the definition in its own file, else
for the one defined nearest above it in the directory tree, and for neither when two are
equally near. The message gives the measured numbers and the limits; secondary labels point at the
three largest methods, the first candidates to split out.

## Why is this bad?
An initializer that owns initialization, migrations, health checks and cleanup at once is
where every service's special case ends up. It becomes a second source of truth for how the
system starts, and nobody can change one step without reading all of them.

## Example
```python
class WorkerInitializer:  # 1,300 lines, 34 methods
    def init_database(self): ...
    def run_migrations(self): ...
    def check_health(self): ...
```

```rust
pub struct LedgerManager { /* ... */ }
impl LedgerManager { /* 40 methods over three files */ }
```

## Use instead
Split by responsibility — `MigrationRunner`, `HealthChecks`, `ShutdownHooks` — and keep the
initializer as a short sequence of calls to them.

## Options
```toml
[rules.oversized-initializer]
limits = [{ pattern = "*Initializer", max-lines = 400, max-methods = 20 }]
```
"#,
}

impl Rule for OversizedInitializer {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::TypeBlock]
    }

    fn triggers(&self, settings: &Settings, _lang: Lang) -> Trigger {
        limits_trigger(&settings.initializer_limits)
    }

    /// Python classes are measured in their file.
    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        if let Node::TypeBlock(block) = node {
            let limits = &cx.settings.initializer_limits;
            check_class(block, limits, cx);
        }
    }

    /// Rust types are measured over all their impl blocks in the crate.
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        check_crates(repo, &repo.settings.initializer_limits, cx, &Globs::default());
    }
}

/// Measures a Python class against the first of `limits` its name matches.
pub fn check_class(block: &TypeBlock, limits: &[SizeLimit], cx: &mut Context<'_>) {
    if block.kind != TypeKind::Class {
        return;
    }
    let Some(limit) = limit_for(limits, &block.name) else { return };
    let source = cx.file.source;
    let lines = source.line_count(block.span);
    let mut methods: Vec<(u32, &str, crate::support::source::Span)> =
        block.methods.iter().map(|(name, span)| (source.line_count(*span), &**name, *span)).collect();
    let Some(message) = verdict(&block.name, lines, methods.len(), limit, "") else { return };
    methods.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut reported = cx.report(block.name_span, message).help(HELP);
    for (lines, name, span) in methods.into_iter().take(3) {
        reported = reported.label(span, format!("`{name}` is {}", count(lines as usize, "line")));
    }
}

/// Measures every Rust type of the repository: its definition plus all its inherent impl
/// blocks in the same crate, against the first of `limits` its name matches. Types defined
/// in `exempt` files are left alone.
pub fn check_crates(repo: &Repository<'_>, limits: &[SizeLimit], cx: &mut RepoContext<'_>, exempt: &Globs) {
    for (name, parts) in rust_types(repo) {
        let Some(limit) = limit_for(limits, name) else { continue };
        let site: &Site = parts.iter().find(|p| p.kind == TypeKind::Definition).map_or(&parts[0].site, |p| &p.site);
        if exempt.is_match(&site.path) {
            continue;
        }
        let lines: u32 = parts.iter().map(|p| p.lines).sum();
        let mut methods: Vec<&MethodSize> = parts.iter().flat_map(|p| &p.methods).collect();
        let impls = parts.iter().filter(|p| p.kind == TypeKind::Impl).count();
        let across = match impls {
            0 | 1 => String::new(),
            n => format!(" across {}", count(n, "impl block")),
        };
        let Some(message) = verdict(name, lines, methods.len(), limit, &across) else { continue };
        methods
            .sort_by(|a, b| b.lines.cmp(&a.lines).then((&a.site.path, a.site.span).cmp(&(&b.site.path, b.site.span))));
        let mut reported = cx.report(site, message).help(HELP);
        for method in methods.into_iter().take(3) {
            reported =
                reported.label(&method.site, format!("`{}` is {}", method.name, count(method.lines as usize, "line")));
        }
    }
}

/// Each Rust type of the repository with its parts: its definition and its inherent impl
/// blocks in the same crate. Same-named types of one crate (a `ClientFactory` in `http/` and
/// another in `grpc/`) are told apart by where they are defined: an impl block belongs to
/// the definition in its own file, else to the one defined nearest above it in the
/// directory tree; an impl block two definitions are equally near to, or that none is
/// above, is left out rather than guessed.
fn rust_types<'f>(repo: &'f Repository<'_>) -> Vec<(&'f str, Vec<&'f TypeSize>)> {
    let mut by_name: BTreeMap<(String, &str), Vec<&TypeSize>> = BTreeMap::new();
    for file in repo.files {
        let krate = repo.crate_of(&file.path).map(|c| c.dir.clone()).unwrap_or_default();
        for size in &file.types {
            by_name.entry((krate.clone(), &size.name)).or_default().push(size);
        }
    }
    let mut types = Vec::new();
    for ((_, name), parts) in by_name {
        let definitions: Vec<&TypeSize> = parts.iter().copied().filter(|p| p.kind == TypeKind::Definition).collect();
        if definitions.len() < 2 {
            types.push((name, parts));
            continue;
        }
        let mut split: Vec<Vec<&TypeSize>> = definitions.iter().map(|d| vec![*d]).collect();
        for part in parts.iter().filter(|p| p.kind != TypeKind::Definition) {
            if let Some(at) = nearest_definition(part, &definitions) {
                split[at].push(part);
            }
        }
        types.extend(split.into_iter().map(|parts| (name, parts)));
    }
    types
}

/// The definition an impl block belongs to among same-named ones, if one is nearest.
fn nearest_definition(part: &TypeSize, definitions: &[&TypeSize]) -> Option<usize> {
    let path = std::path::Path::new(&*part.site.path);
    let dir = path.parent().unwrap_or(std::path::Path::new(""));
    let closeness = |definition: &TypeSize| {
        let defined = std::path::Path::new(&*definition.site.path);
        let defined_dir = defined.parent().unwrap_or(std::path::Path::new(""));
        dir.starts_with(defined_dir).then(|| (defined == path, defined_dir.components().count()))
    };
    let scored: Vec<(usize, (bool, usize))> =
        definitions.iter().enumerate().filter_map(|(at, d)| closeness(d).map(|score| (at, score))).collect();
    let best = scored.iter().map(|(_, score)| *score).max()?;
    let mut nearest = scored.iter().filter(|(_, score)| *score == best);
    match (nearest.next(), nearest.next()) {
        (Some((at, _)), None) => Some(*at),
        _ => None,
    }
}

const HELP: &str =
    "split the type by responsibility (migrations, health checks, cleanup) and keep it a short sequence of calls";

/// The first limit whose pattern matches the type's name.
pub fn limit_for<'l>(limits: &'l [SizeLimit], name: &str) -> Option<&'l SizeLimit> {
    limits.iter().find(|limit| limit.pattern.matches(name))
}

/// For [`limit_for`]: the declaration of a type whose name holds a piece of a limit's
/// pattern (`*Initializer` needs `Initializer`); any file when a pattern such as `*` has no
/// such piece.
pub fn limits_trigger(limits: &[SizeLimit]) -> Trigger {
    if limits.iter().any(|limit| limit.pattern.matches_any_name()) {
        return Trigger::Always;
    }
    let pieces = limits.iter().flat_map(|l| l.pattern.as_str().split('*')).filter(|p| !p.is_empty());
    Trigger::TypeNames(pieces.map(str::to_owned).collect())
}

/// The message when `lines` or `methods` exceed the limit.
fn verdict(name: &str, lines: u32, methods: usize, limit: &SizeLimit, across: &str) -> Option<String> {
    if lines <= limit.max_lines && methods <= limit.max_methods as usize {
        return None;
    }
    Some(format!(
        "`{name}` has {} and {}{across}, over the limits for `{}` ({}, {})",
        count(lines as usize, "line"),
        count(methods, "method"),
        limit.pattern.as_str(),
        count(limit.max_lines as usize, "line"),
        count(limit.max_methods as usize, "method")
    ))
}
