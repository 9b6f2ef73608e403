use std::borrow::Cow;

use super::{RepoContext, Rule, RuleMeta};
use crate::facts::{FileFacts, Provider};
use crate::finding::Severity;
use crate::repo::Repository;

pub struct CompetingSource;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("competing-source"),
    severity: Severity::Error,
    concern: None,
    summary: Cow::Borrowed("a function produces a concern's value outside its owners instead of delegating to them"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Flags functions and methods whose name says they produce a concern's value — for
`database-url`, names containing `database_url`, `db_url`, `database_uri`, `db_uri`, `dsn`,
`connection_string` or `conn_str` — that are defined outside the concern's owners and whose
body does not call one of the concern's entry points or a name imported from an owner module.
A secondary label shows what the body reads or forwards to instead. A thin wrapper that
forwards to another project function is still a competing source: it is one more place that
claims to know the answer.

With no owners configured, every provider is reported as a warning and the message says how
many providers the repository has, so that you can choose one. The JSON summary lists every
provider under `summary.concerns.<name>.sources`.

## Why is this bad?
Two functions that both answer "what is the database URL?" will eventually give different
answers: one adds `sslmode`, the other forgets the driver suffix; one reads
`POSTGRES_HOST`, the other `DB_HOST`.

## Example
```python
def get_database_url():
    return os.environ.get("DATABASE_URL", "sqlite:///local.db")
```

```rust
pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_default()
}
```

## Use instead
```python
from shared.database_url_builder import DatabaseURLBuilder

def get_database_url():
    return DatabaseURLBuilder.from_env().url()
```

```rust
pub fn database_url() -> String {
    dbconf::database_url()
}
```

## Options
`[concerns.<name>] owners`, `entry-points`, and `provider-words` / `extend-provider-words`.
"#;

impl Rule for CompetingSource {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        for (index, concern) in repo.settings.concerns.iter().enumerate() {
            let providers: Vec<(&FileFacts, &Provider)> =
                repo.providers().filter(|(_, p)| p.concern == index).collect();
            let count = providers.len();
            for (file, provider) in providers.iter().copied() {
                if concern.is_owner(&file.path) || (concern.has_owners() && repo.delegates(file, provider)) {
                    continue;
                }
                let (label, message) = evidence(provider);
                let reported = if concern.has_owners() {
                    cx.report(
                        &provider.site,
                        format!("`{}` produces `{}` values outside its owner", provider.symbol, concern.name),
                    )
                } else {
                    let others = match count {
                        1 => "the only provider".to_owned(),
                        n => format!("one of {n} providers"),
                    };
                    cx.report(
                        &provider.site,
                        format!(
                            "`{}` produces `{}` values; it is {others} in the repository and no owner is configured",
                            provider.symbol, concern.name
                        ),
                    )
                    .default_severity(Severity::Warning)
                };
                let reported = reported.concern(concern.name.clone()).help(concern.delegation_help());
                if let Some(site) = label {
                    reported.label(site, message);
                }
            }
        }
    }
}

/// What the provider's body does instead of delegating: the first variable it reads, or else
/// the first call it forwards to.
fn evidence(provider: &Provider) -> (Option<&crate::finding::Site>, String) {
    if let Some((var, site)) = provider.reads.first() {
        return (Some(site), format!("reads `{var}` itself"));
    }
    if let Some((path, site)) = provider.calls.first() {
        return (Some(site), format!("forwards to `{path}`, which is not an entry point of the owner"));
    }
    (None, String::new())
}
