use std::borrow::Cow;

use super::{Rule, RuleMeta};
use crate::finding::Severity;

/// The id under which the engine reports a concern with more sources than its baseline.
pub const CONCERN_SOURCES_GREW: &str = "concern-sources-grew";

pub struct ConcernSourcesGrew;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed(CONCERN_SOURCES_GREW),
    outside_owners: false,
    severity: Severity::Error,
    concern: None,
    summary: Cow::Borrowed("a concern has more sources than the baseline recorded"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
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
"#;

impl Rule for ConcernSourcesGrew {
    fn meta(&self) -> &RuleMeta {
        &META
    }
}
