use std::borrow::Cow;

use super::{RepoContext, Rule, RuleMeta};
use crate::facts::Site;
use crate::finding::Severity;
use crate::repo::{Repository, Verdict};
use crate::semantics::Derivation;

pub struct CompetingSource;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("competing-source"),
    outside_owners: true,
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
        for (id, file, provider) in repo.provider_ids() {
            let concern = &repo.settings.concerns[provider.concern];
            let verdict = repo.verdict(id);
            if concern.is_owner(&file.path) || !verdict.competes() {
                continue;
            }
            let fallback = match &verdict.delegates {
                None => String::new(),
                Some((path, _)) => format!(", before it falls back to `{path}`"),
            };
            let message = format!(
                "`{}` produces `{}` values itself: it {}{fallback}",
                provider.symbol,
                concern.name,
                reasons(repo, verdict).join(" and ")
            );
            let mut reported =
                cx.report(&provider.site, message).concern(concern.name.clone()).help(concern.delegation_help());
            for (site, label) in chain_labels(repo, verdict, 0) {
                reported = reported.label(&site, label);
            }
            if let Some((path, site)) = &verdict.delegates {
                reported.label(site, format!("falls back to `{path}` here"));
            }
        }
    }
}

/// How deep labels follow a chain of providers into other files.
const MAX_CHAIN_LABELS: usize = 4;

/// What a competing provider does, in the order its body does it.
fn reasons(repo: &Repository<'_>, verdict: &Verdict) -> Vec<String> {
    let mut reasons: Vec<String> = Vec::new();
    for (derivation, _) in &verdict.evidence {
        let reason = derivation_text(derivation);
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    for forward in &verdict.forwards {
        let (file, target) = repo.provider(forward.target);
        let line = target.site.location.start.line;
        reasons.push(format!("forwards to `{}` ({}:{line}), which produces it too", target.symbol, file.path));
    }
    reasons
}

fn derivation_text(derivation: &Derivation) -> String {
    match derivation {
        Derivation::EnvRead(var) => format!("returns `{var}` read from the environment"),
        Derivation::Assembly(what) if what.contains("://") => format!("assembles a `{what}` URL by hand"),
        Derivation::Assembly(what) => format!("builds the URL with `{what}`"),
        Derivation::Call(path) => format!("forwards to `{path}`"),
    }
}

/// A label on each link: the reads and URLs in the provider, each forward, and what the
/// forwarded-to providers do, a few links deep.
fn chain_labels(repo: &Repository<'_>, verdict: &Verdict, depth: usize) -> Vec<(Site, String)> {
    let mut labels: Vec<(Site, String)> = verdict
        .evidence
        .iter()
        .map(|(derivation, site)| (site.clone(), format!("{} here", derivation_text(derivation))))
        .collect();
    for forward in &verdict.forwards {
        let (_, target) = repo.provider(forward.target);
        labels.push((forward.call.clone(), format!("forwards to `{}` here", target.symbol)));
        if depth < MAX_CHAIN_LABELS {
            labels.push((target.site.clone(), format!("`{}` is defined here", target.symbol)));
            labels.extend(chain_labels(repo, repo.verdict(forward.target), depth + 1));
        }
    }
    labels
}
