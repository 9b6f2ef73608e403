use std::collections::BTreeMap;

use super::ad_hoc_pool::CONNECTION_POOL;
use super::{RepoContext, Rule, declare_rule};
use crate::analysis::facts::PoolSite;
use crate::analysis::repo::Repository;
use crate::support::plural::count;
use crate::support::source::Lang;

declare_rule! {
    pub struct InconsistentPool;
    id: "inconsistent-pool",
    kind: Repository,
    severity: Warning,
    concern: CONNECTION_POOL,
    summary: "more than one connection pool strategy is used for one backend family",
    docs: r#"## What it does
Looks at every place in the repository that chooses a connection pool (the sites
`ad-hoc-pool` knows, owners included) and compares their strategies **within one backend
family** of one language: PostgreSQL, MySQL/MariaDB, SQLite, Redis, … — taken from the URL
scheme, the driver, the manager or the pool type (`PgPoolOptions`, `RedisConnectionManager`,
`create_engine("sqlite://…")`); a pool whose backend is not named (an SQLAlchemy engine
built from a variable) counts as the repository's SQL family when its code in that language
names only one. A Redis pool and a Postgres pool never compete; neither do Python and Rust.
Strategies that build the same kind of pool compare as one (`QueuePool` and
`AsyncAdaptedQueuePool`; sqlx options and sea-orm `ConnectOptions` that set
`max_connections`); sqlx options that never set the size compare as the default pool.

The pool owner decides: the strategies used in `connection-pool` owner files are the main
ones, and the owner's own sites are never flagged. Without an owner, the most used strategy
is the main one, and a tie is reported as a tie ("2 strategies with 3 sites each: choose
one"), never broken by path order. Strategies chosen in one file only (a settings toggle
between a null pool and a sized one) are one decision, not an inconsistency. Each site of
another strategy is reported, with one label per other strategy. Migration tooling (a file
that imports `alembic.context`, Django migrations) is left out of the count. The JSON
summary maps each strategy to its sites under `summary.concerns.connection-pool.strategies`.
It runs whether or not owners are configured.

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
let pool = r2d2::Pool::builder().build(ConnectionManager::<PgConnection>::new(url))?;
```

## Use instead
One strategy per database, chosen once in the `connection-pool` owner, used by every service.
"#,
}

impl Rule for InconsistentPool {
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        let owner = repo.settings.concerns.iter().find(|c| c.name == CONNECTION_POOL);
        let mut families: BTreeMap<(Lang, String), Groups<'_>> = BTreeMap::new();
        for (file, site) in repo.pool_sites() {
            let family = repo.pool_family(file, site);
            families.entry((file.lang, family)).or_default().entry(&site.group).or_default().push((&file.path, site));
        }
        for ((lang, family), groups) in &families {
            // Strategies chosen in one file (a settings toggle between a null pool and a
            // sized one) are one decision, not services disagreeing.
            let files: std::collections::BTreeSet<&str> = groups.values().flatten().map(|(path, _)| *path).collect();
            if groups.len() < 2 || files.len() < 2 {
                continue;
            }
            let owned =
                |sites: &[(&str, &PoolSite)]| owner.is_some_and(|o| sites.iter().any(|(path, _)| o.is_owner(path)));
            let in_owner = |path: &str| owner.is_some_and(|o| o.is_owner(path));
            let owner_groups: Vec<&str> = groups.iter().filter(|(_, sites)| owned(sites)).map(|(g, _)| *g).collect();
            let place = Place { family, language: language(*lang), strategies: groups.len() };
            // The pool owner decides: whatever strategies it uses are the main ones, and its
            // own sites are never flagged. Without one, the most used is; a tie is a tie.
            let (main, by_owner): (Vec<&str>, bool) = if owner_groups.is_empty() {
                let most = groups.values().map(Vec::len).max().unwrap_or_default();
                (groups.iter().filter(|(_, sites)| sites.len() == most).map(|(g, _)| *g).collect(), false)
            } else {
                (owner_groups, true)
            };
            let most = main.iter().map(|g| groups[g].len()).max().unwrap_or_default();
            for (&name, sites) in groups {
                let message = match main.as_slice() {
                    _ if main.contains(&name) && (by_owner || main.len() == 1) => continue,
                    [one] => place.other(name, one, groups[one].len(), by_owner),
                    several if by_owner => place.not_the_owners(name, several),
                    tied if tied.contains(&name) => place.tie(tied, most),
                    tied => place.behind_a_tie(name, tied),
                };
                for (_, site) in sites.iter().filter(|(path, _)| !in_owner(path)) {
                    let mut reported = cx.report(&site.site, message.clone()).help(format!(
                        "choose one strategy in the `{CONNECTION_POOL}` owner and have every service use it"
                    ));
                    for (other, other_sites) in groups.iter().filter(|(other, _)| **other != name) {
                        reported = reported.label(&other_sites[0].1.site, format!("`{other}` is chosen here"));
                    }
                }
            }
        }
    }
}

/// A family's strategy groups, each with its sites and their files.
type Groups<'a> = BTreeMap<&'a str, Vec<(&'a str, &'a PoolSite)>>;

/// Where the strategies compete: one backend family in one language.
struct Place<'a> {
    family: &'a str,
    language: &'a str,
    strategies: usize,
}

impl Place<'_> {
    fn other(&self, name: &str, main: &str, sites: usize, owners: bool) -> String {
        let whose = if owners { ", the pool owner's" } else { "" };
        format!(
            "`{name}` is one of {} {} pool strategies in the repository's {} code; the main one is `{main}` ({}{whose})",
            self.strategies,
            self.family,
            self.language,
            count(sites, "site")
        )
    }

    fn not_the_owners(&self, name: &str, owners: &[&str]) -> String {
        format!(
            "`{name}` is one of {} {} pool strategies in the repository's {} code; the pool owner's are `{}`",
            self.strategies,
            self.family,
            self.language,
            owners.join("`, `")
        )
    }

    fn tie(&self, tied: &[&str], sites: usize) -> String {
        format!(
            "{} {} pool strategies tie in the repository's {} code (`{}`, {} each): choose one",
            tied.len(),
            self.family,
            self.language,
            tied.join("`, `"),
            count(sites, "site")
        )
    }

    fn behind_a_tie(&self, name: &str, tied: &[&str]) -> String {
        format!(
            "`{name}` is one of {} {} pool strategies in the repository's {} code, and the most used ones tie (`{}`)",
            self.strategies,
            self.family,
            self.language,
            tied.join("`, `")
        )
    }
}

fn language(lang: Lang) -> &'static str {
    match lang {
        Lang::Python => "Python",
        Lang::Rust => "Rust",
    }
}
