use std::collections::BTreeSet;

use super::{RepoContext, Rule, declare_rule};
use crate::analysis::inventory::Source;
use crate::analysis::proposal::{self, Choice};
use crate::analysis::repo::Repository;
use crate::support::plural::count;

declare_rule! {
    pub struct UnownedConcern;
    id: "unowned-concern",
    kind: Repository,
    severity: Warning,
    summary: "a concern has sources but no owner: the inventory, with a proposed owner",
    docs: r#"## What it does
When a concern (`database-url`, `connection-pool`, or one of your own) has no `owners` in
ssotlint.toml, the rules that accuse code *outside the owners* (`direct-env-read`,
`competing-source`, `manual-url-parsing`, `ad-hoc-pool`, `hardcoded-env-list`) do not
report each site: with no owner, nothing is outside it. Instead this rule reports one
finding per concern that has sources: how many there are and in how many files, labels on
the strongest ones, and the owner `ssotlint init` would propose with its evidence. The JSON
summary lists every source under `summary.concerns.<name>.sources`.

Rules that hold whatever the owners (`environment-sniffing`, `inconsistent-pool`,
`oversized-initializer`, `parse-error`) still report every site.

## Why is this bad?
A concern with sources in several files and no owner has no single source of truth yet.
Accusing every site before an owner is chosen would also accuse the module that obviously
owns it; choosing the owner first turns the inventory into findings a team can act on.

## Example
```python
# app/core/config.py, services/worker/db.py and scripts/seed.py all read DATABASE_URL
```

```rust
// src/config.rs and src/bin/migrate.rs both call std::env::var("DATABASE_URL")
```

## Use instead
```toml
[concerns.database-url]
owners = ["app/core/config.py"]
entry-points = ["Settings"]
```
Run `ssotlint init --dry-run` to see the proposal with its evidence.
"#,
}

/// How many sources get a label.
const MAX_LABELS: usize = 5;

impl Rule for UnownedConcern {
    fn check_repo(&self, repo: &Repository<'_>, cx: &mut RepoContext<'_>) {
        let settings = repo.settings;
        let unit_of = |rel: &str| proposal::unit_of(&settings.root, rel);
        let context = proposal::Context { facts: repo.files, fan_in: None, thorough: false, unit_of: &unit_of };
        let proposals = proposal::propose(&repo.inventory, &settings.concerns, &settings.vocab, &context);
        for concern in settings.concerns.iter().filter(|c| !c.has_owners()) {
            let sources: Vec<&Source> = repo.inventory.of(&concern.name).collect();
            if sources.is_empty() {
                continue;
            }
            let files: BTreeSet<&str> = sources.iter().map(|s| &*s.site.path).collect();
            let choices =
                proposals.iter().find(|p| p.concern == concern.name).map(|p| p.choices.as_slice()).unwrap_or_default();
            let proposed: Vec<String> = choices
                .iter()
                .map(|choice| match choice {
                    Choice::Owner(c) => format!("`{}` ({})", c.path, c.reason),
                    Choice::Split(a, b) => format!("none (`{}` and `{}` have comparable evidence)", a.path, b.path),
                })
                .collect();
            // The finding sits where the proposal points, else at the first source.
            let anchor = choices
                .iter()
                .find_map(|choice| match choice {
                    Choice::Owner(c) => sources.iter().find(|s| *s.site.path == *c.path),
                    Choice::Split(..) => None,
                })
                .unwrap_or(&sources[0]);
            let message = format!(
                "`{}` has no owner and {} in {}{}",
                concern.name,
                count(sources.len(), "source"),
                count(files.len(), "file"),
                match proposed.as_slice() {
                    [] => String::new(),
                    some => format!("; proposed owner: {}", some.join(" and ")),
                }
            );
            let help = format!(
                "choose the module that owns `{}` and list it under `[concerns.{}] owners` in ssotlint.toml; \
                 `ssotlint init --dry-run` reads every file and who imports it, and may propose better; \
                 until then its sites are not reported one by one",
                concern.name, concern.name
            );
            let mut reported = cx.report(&anchor.site, message).concern(concern.name.clone()).help(help);
            for source in strongest(&sources) {
                if !std::ptr::eq(source, *anchor) {
                    reported = reported.label(&source.site, source.message.clone());
                }
            }
        }
    }
}

/// The sources to label: providers first, then direct reads, then the rest; a few.
fn strongest<'s>(sources: &[&'s Source]) -> Vec<&'s Source> {
    let weight = |s: &Source| match &*s.rule {
        "competing-source" => 0,
        "direct-env-read" => 1,
        "ad-hoc-pool" => 2,
        _ => 3,
    };
    let mut ordered = sources.to_vec();
    ordered.sort_by_key(|s| weight(s));
    ordered.truncate(MAX_LABELS);
    ordered
}
