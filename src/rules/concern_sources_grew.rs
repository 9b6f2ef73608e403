use std::collections::{BTreeMap, HashSet};

use super::{MetaContext, MetaRule, Rule, declare_rule};
use crate::analysis::inventory::SourceRecord;
use crate::finding::Site;
use crate::support::plural::count;

/// The id under which a concern with more sources than its baseline is reported.
pub const CONCERN_SOURCES_GREW: &str = ConcernSourcesGrew::ID;

declare_rule! {
    pub struct ConcernSourcesGrew;
    id: "concern-sources-grew",
    kind: Meta,
    severity: Error,
    summary: "a concern has more sources than the baseline recorded",
    docs: r#"## What it does
With `--baseline FILE`: reports each new source of a concern when the concern now has more
sources than the baseline recorded — providers of its value (the functions
`competing-source` looks at), and for `connection-pool` the places that choose a pool. It is
reported even when every new site is itself baselined: the baseline accepts the legacy, it
does not let it grow.

## Why is this bad?
A baseline lets a legacy repository adopt the linter without fixing everything first. If
new sources could hide behind it, the number of places that define the database URL would
keep growing while CI stays green.

## Example
The baseline recorded 5 providers of `database-url`; a branch adds
`def get_replica_database_url(): ...` in a new service.

## Use instead
Delegate the new code to the owner, or remove an old source in the same change, then
refresh the baseline with `--write-baseline`.
"#,
}

impl Rule for ConcernSourcesGrew {}

/// One concern's sources now, against what the baseline recorded for it.
pub struct Growth<'a> {
    pub concern: &'a str,
    /// Each source with the record the baseline would keep of it.
    pub sources: &'a [(SourceRecord, Site)],
    /// How many sources the baseline allows, and which ones it recorded.
    pub allowed: usize,
    pub known: &'a [SourceRecord],
    /// The files whose findings are reported (the paths being checked).
    pub reported: &'a HashSet<&'a str>,
}

impl MetaRule for ConcernSourcesGrew {
    type Input<'i> = Growth<'i>;

    /// One finding per source that is not in the baseline, when the concern has more sources
    /// than the baseline allows. A recorded source is matched once, so a second provider of
    /// the same name in the same file is new.
    fn report(&self, growth: Growth<'_>, cx: &mut MetaContext<'_>) {
        let Growth { concern, sources, allowed, known, reported } = growth;
        if sources.len() <= allowed {
            return;
        }
        let mut budget: BTreeMap<&SourceRecord, usize> = BTreeMap::new();
        for record in known {
            *budget.entry(record).or_default() += 1;
        }
        for (record, site) in sources {
            let in_baseline = budget.get_mut(record).is_some_and(|n| {
                let had = *n > 0;
                *n = n.saturating_sub(1);
                had
            });
            if in_baseline || !reported.contains(&*site.path) {
                continue;
            }
            let message = format!(
                "`{concern}` now has {}; the baseline allows {allowed}, and `{}` is new",
                count(sources.len(), "source"),
                record.name
            );
            cx.report(site, message)
                .concern(concern)
                .help("delegate to the owner, or remove an old source and refresh the baseline");
        }
    }
}
