use super::{RepoContext, Rule, declare_rule};
use crate::analysis::facts::Site;
use crate::analysis::repo::{Repository, Verdict};

declare_rule! {
    pub struct CompetingSource;
    id: "competing-source",
    kind: Repository,
    severity: Error,
    outside_owners: true,
    summary: "a function outside the owners produces a concern's value itself instead of getting it from an entry point",
    docs: r#"## What it does
Flags functions and methods outside a concern's owners whose name says they produce its value
— for `database-url`, names containing `database_url`, `db_url`, `database_uri`, `db_uri`,
`dsn`, `connection_string` or `conn_str` — **and that really produce it**: what they return,
yield or store in `self.<provider word>` derives from a governed environment read, a database
URL written out or assembled (`f"postgresql://…"`, `format!("{}://{}@{}", …)`, `URL.create`,
`PostgresDsn.build`), or the value of another such provider of the project. Calls are
followed across files by name and module path (`from app.settings import get_database_url`,
`crate::config::database_url`, `self.dsn()`); a chain that ends in (or has a branch with) a
direct read or a hand-made URL is reported at the provider, with a label on each link. A
provider whose value comes from an entry point (or the owner's module) delegates and is
quiet; one that returns the variable first and falls back to the entry point is reported
("… before it falls back to `DatabaseURLBuilder`"). A call the project does not define is
not guessed at.

Not providers: consumers (they take the value as a parameter and return nothing, a bool, a
part of it or a masked form: `mask_db_uri(uri)`, `await_dsn_ready(dsn)`), abstract stubs
(`...`, `pass`, `raise NotImplementedError`, trait methods without a body), builder setters
that store what they are given, another service's connection string (Redis, AMQP, ODBC: a
`redis://` literal or a name with `redis`, `queue`, `cache`, `broker`, …), and test functions.

Without owners the providers are the concern's inventory: see `unowned-concern`.

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
"#,
}

impl Rule for CompetingSource {
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        for (id, file, provider) in repo.provider_ids() {
            let concern = &repo.settings.concerns[provider.concern];
            let verdict = repo.verdict(id);
            if concern.is_owner(&file.path) || !verdict.competes() {
                continue;
            }
            let message = format!(
                "`{}` produces `{}` values itself: it {}",
                provider.symbol,
                concern.name,
                what_it_does(repo, verdict, 0)
            );
            let mut reported = cx
                .report(&provider.site, message)
                .concern(concern.name.clone())
                .help(concern.delegation_help(file.lang))
                .chain();
            for (site, label) in chain_labels(repo, verdict, 0) {
                reported = reported.label(&site, label);
            }
        }
    }
}

/// What a provider does with the value, following its forwards to where each chain ends:
/// "returns `DATABASE_URL` read from the environment, before it falls back to `X`".
fn what_it_does(repo: &Repository<'_>, verdict: &Verdict, depth: usize) -> String {
    let mut text = reasons(repo, verdict, depth).join(" and ");
    if let Some((path, _)) = &verdict.delegates {
        text.push_str(&format!(", before it falls back to `{path}`"));
    }
    for unresolved in &verdict.unresolved {
        let why =
            if unresolved.candidates == 0 { "the project does not define it" } else { "several definitions match" };
        let line = unresolved.site.location.start.line;
        text.push_str(&format!("; could not follow `{}` (line {line}: {why})", unresolved.path));
    }
    text
}

/// How deep labels follow a chain of providers into other files.
const MAX_CHAIN_LABELS: usize = 4;

/// What a competing provider does, in the order its body does it; a forward says what the
/// provider it reaches does in turn, a few links deep.
fn reasons(repo: &Repository<'_>, verdict: &Verdict, depth: usize) -> Vec<String> {
    let mut reasons: Vec<String> = Vec::new();
    for (derivation, site) in &verdict.evidence {
        let mut reason = derivation.describe();
        if depth > 0 {
            reason.push_str(&format!(" at line {}", site.location.start.line));
        }
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    for forward in &verdict.forwards {
        let (file, target) = repo.provider(forward.target);
        let line = target.site.location.start.line;
        let theirs = if depth < MAX_CHAIN_LABELS {
            what_it_does(repo, repo.verdict(forward.target), depth + 1)
        } else {
            "produces it too".to_owned()
        };
        reasons.push(format!("forwards to `{}` ({}:{line}), which {theirs}", target.symbol, file.path));
    }
    reasons
}

/// A label on each link: the reads and URLs in the provider, each forward, and what the
/// forwarded-to providers do, a few links deep.
fn chain_labels(repo: &Repository<'_>, verdict: &Verdict, depth: usize) -> Vec<(Site, String)> {
    let mut labels: Vec<(Site, String)> = verdict
        .evidence
        .iter()
        .map(|(derivation, site)| (site.clone(), format!("{} here", derivation.describe())))
        .collect();
    for forward in &verdict.forwards {
        let (_, target) = repo.provider(forward.target);
        labels.push((forward.call.clone(), format!("forwards to `{}` here", target.symbol)));
        if depth < MAX_CHAIN_LABELS {
            labels.push((target.site.clone(), format!("`{}` is defined here", target.symbol)));
            labels.extend(chain_labels(repo, repo.verdict(forward.target), depth + 1));
        }
    }
    if let Some((path, site)) = &verdict.delegates {
        labels.push((site.clone(), format!("falls back to `{path}` here")));
    }
    for unresolved in &verdict.unresolved {
        labels.push((unresolved.site.clone(), format!("could not follow `{}` here", unresolved.path)));
    }
    labels
}
