use super::{RepoContext, Rule, declare_rule};
use crate::analysis::repo::Repository;

/// The concern whose owners may choose pools.
pub use crate::config::concern::CONNECTION_POOL;

declare_rule! {
    pub struct AdHocPool;
    id: "ad-hoc-pool",
    kind: Repository,
    severity: Error,
    concern: CONNECTION_POOL,
    outside_owners: true,
    summary: "a connection pool strategy or pool size is chosen outside the pool's owner",
    docs: r#"## What it does
Flags code outside the `connection-pool` owners that chooses a pool strategy or sizes a pool:

- Python: a SQLAlchemy pool class (`NullPool`, `StaticPool`, `QueuePool`,
  `AsyncAdaptedQueuePool`, `SingletonThreadPool`, `AssertionPool`) used as a value —
  `poolclass=`, a dict entry, an assignment, a conditional — or instantiated; not the import,
  a type annotation, a dict key, a comparison (`pool_class == QueuePool`) or `isinstance`.
  `pool_size=`, `max_overflow=`, `pool_timeout=`, `pool_recycle=`, `pool_pre_ping=` in
  `create_engine` and friends (a project's own `_create_engine` wrapper too), and the same
  keys in a dict of engine options (`engine_kwargs = {"pool_size": 10}`,
  `SQLALCHEMY_ENGINE_OPTIONS`, `engine_kwargs["pool_size"] = 10`), sized where the dict is
  written. `asyncpg.create_pool`, `psycopg_pool.ConnectionPool`, `psycopg2.pool.*`,
  `aiomysql.create_pool`, `aiopg.create_pool`; Django's `CONN_MAX_AGE` and
  `dj_database_url.config(conn_max_age=…)`.
- Rust: `PgPoolOptions::new()` and the other sqlx `*PoolOptions`, `PgPool::connect` and
  `connect_lazy` (a pool with defaults is a choice too), `r2d2::Pool::builder()`,
  `bb8::Pool::builder()`, deadpool's `create_pool` and `Pool::builder`, diesel-async pool
  managers, and sea-orm `ConnectOptions` sizing calls.

One construction is one site: the manager built in the builder's argument, the builder
chain's calls and later sizing calls on the same options belong to it. The message names
the strategy and, when it is known, the backend family. Not reported: a generic pool
(r2d2, bb8, deadpool) of something that is not a database (worker threads), another
service's pool (Redis, MongoDB: that service's concern), a SQLite file opened by path with
the default pool (a file being read, not the application's pool), and migration tooling (a
file that imports `alembic.context`, Django migrations). The vocabulary is data in
`rules/connection-pool.toml`.

Without owners the pools are the concern's inventory: see `unowned-concern`.

## Why is this bad?
When every service picks its own pool — a null pool here, a static pool in a helper, a queue
pool of 50 in a third service — the same database sees three different behaviours under
load, and nobody can say how many connections the system opens.

## Example
```python
engine = create_async_engine(url, poolclass=NullPool)
```

```rust
let pool = PgPoolOptions::new().max_connections(50).connect(&url).await?;
```

## Use instead
```python
from shared.db.engine import engine
```

```rust
let pool = dbconf::pool::connect().await?;
```

## Options
`[concerns.connection-pool] owners` lists the files allowed to choose pools.
"#,
}

impl Rule for AdHocPool {
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        let Some(concern) = repo.settings.concerns.iter().find(|c| c.name == CONNECTION_POOL) else { return };
        for (file, pool) in repo.pool_sites() {
            if concern.is_owner(&file.path) || !repo.is_database_pool(file, pool) {
                continue;
            }
            let family = repo.known_pool_family(file, pool).map(|f| format!(", {f}")).unwrap_or_default();
            let message = format!(
                "connection pool chosen here (`{}`{family}); {}",
                pool.strategy,
                concern.owner_phrase(file.lang)
            );
            let help = match concern.owners_for(file.lang).as_slice() {
                [] => "choose one module to own the engine and pool (`[concerns.connection-pool] owners`) and get connections from it".to_owned(),
                owners => format!("get the engine or pool from `{}`", owners.join("` or `")),
            };
            cx.report(&pool.site, message).help(help).subject(pool.strategy.clone());
        }
    }
}
