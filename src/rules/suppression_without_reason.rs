use std::borrow::Cow;

use super::{Rule, RuleMeta};
use crate::finding::Severity;

/// The id under which the engine reports suppressions without a reason.
pub const SUPPRESSION_WITHOUT_REASON: &str = "suppression-without-reason";

pub struct SuppressionWithoutReason;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed(SUPPRESSION_WITHOUT_REASON),
    outside_owners: false,
    severity: Severity::Warning,
    concern: None,
    summary: Cow::Borrowed("an inline suppression does not say why"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Reports an inline suppression (`# ssotlint: allow(rule-id)` or `// ssotlint: allow(rule-id)`)
that has no reason after `--`. The suppression still applies.

## Why is this bad?
A suppression is a decision that the single source of truth does not apply here. Without
the reason, the next reader cannot tell a deliberate exception from a shortcut, and nobody
can tell when the exception stops being true.

## Example
```python
url = os.environ["DATABASE_URL"]  # ssotlint: allow(direct-env-read)
```

## Use instead
```python
url = os.environ["DATABASE_URL"]  # ssotlint: allow(direct-env-read) -- migration script runs before the builder exists
```
"#;

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &RuleMeta {
        &META
    }
}
