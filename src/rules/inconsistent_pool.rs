use std::borrow::Cow;

use super::ad_hoc_pool::CONNECTION_POOL;
use super::{RepoContext, Rule, RuleMeta};
use crate::facts::PoolSite;
use crate::finding::Severity;
use crate::repo::Repository;
use crate::source::Lang;

pub struct InconsistentPool;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("inconsistent-pool"),
    severity: Severity::Warning,
    concern: Some(Cow::Borrowed(CONNECTION_POOL)),
    summary: Cow::Borrowed("the repository uses more than one connection pool strategy"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Looks at every place in the repository that chooses a connection pool strategy (the sites
`ad-hoc-pool` knows, owners included) and, when more than one strategy is in use, reports
every site of each strategy except the most used one, with a secondary label on one site of
every other strategy. Python and Rust code are compared separately: they cannot share a
pool. Runs whether or not owners are configured: an owner can be inconsistent with itself.

Ties are broken deterministically: among the strategies with the most sites, one used in a
`connection-pool` owner file wins; then the one whose first site comes first in path order.

The JSON summary maps each strategy to its sites under
`summary.concerns.connection-pool.strategies`.

## Why is this bad?
Different pool strategies behave differently under load: a `NullPool` opens a connection per
checkout, a `QueuePool` keeps `pool_size + max_overflow` open. Mixed strategies make
capacity planning guesswork and turn one slow query into an outage in one service only.

## Example
```python
# services/api/db.py
engine = create_engine(url, poolclass=NullPool)
# services/worker/db.py
engine = create_engine(url, pool_size=20)
```

```rust
// ledger/src/db.rs
let pool = PgPoolOptions::new().max_connections(50).connect(&url).await?;
// billing/src/db.rs
let pool = r2d2::Pool::builder().build(manager)?;
```

## Use instead
One strategy, chosen once in the `connection-pool` owner, used by every service.
"#;

impl Rule for InconsistentPool {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        for lang in [Lang::Python, Lang::Rust] {
            check_language(repo, cx, lang);
        }
    }
}

/// Python and Rust services cannot share a pool, so each language is compared on its own.
fn check_language(repo: &Repository<'_>, cx: &mut RepoContext<'_>, lang: Lang) {
    let strategies = repo.pool_strategies(lang);
    if strategies.len() < 2 {
        return;
    }
    let owner = repo.settings.concerns.iter().find(|c| c.name == CONNECTION_POOL);
    let in_owner = |sites: &[&PoolSite]| owner.is_some_and(|o| sites.iter().any(|s| o.is_owner(&s.site.path)));
    // Most sites, then used by an owner, then the earliest first site (path, line).
    let majority = strategies
        .iter()
        .min_by(|(_, a), (_, b)| {
            b.len().cmp(&a.len()).then(in_owner(b).cmp(&in_owner(a))).then(sort_key(a[0]).cmp(&sort_key(b[0])))
        })
        .map(|(name, _)| *name)
        .expect("at least two strategies");
    let total = strategies.len();
    let language = match lang {
        Lang::Python => "Python",
        Lang::Rust => "Rust",
    };
    for (&name, sites) in strategies.iter().filter(|(name, _)| **name != majority) {
        for site in sites {
            let count = strategies[majority].len();
            let message = format!(
                "`{name}` is one of {total} connection pool strategies in the repository's {language} code; the main one is `{majority}` ({count} site{})",
                if count == 1 { "" } else { "s" }
            );
            let mut reported = cx
                .report(&site.site, message)
                .help(format!("choose one strategy in the `{CONNECTION_POOL}` owner and have every service use it"));
            for (other, other_sites) in strategies.iter().filter(|(other, _)| **other != name) {
                reported = reported.label(&other_sites[0].site, format!("`{other}` is chosen here"));
            }
        }
    }
}

fn sort_key(site: &PoolSite) -> (&str, u32, u32) {
    (&site.site.path, site.site.location.start.line, site.site.location.start.column)
}
