use std::borrow::Cow;

use super::{Rule, RuleMeta};
use crate::finding::Severity;

/// The id under which the engine reports suppressions that suppress nothing.
pub const UNUSED_SUPPRESSION: &str = "unused-suppression";

pub struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed(UNUSED_SUPPRESSION),
    outside_owners: false,
    severity: Severity::Warning,
    concern: None,
    summary: Cow::Borrowed("an inline suppression suppresses nothing"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Reports an inline suppression that did not suppress any finding of the rules it names on
the line it covers (or, for `allow-file`, in the file), a suppression naming a rule that
does not exist (with the closest rule id, when one is close: "did you mean"), and a
`ssotlint:` comment that cannot be read. Suppressions of rules that
are not enabled for the file are left alone.

A comment that follows code covers its own line only; a comment alone on its line covers
the next line that holds code (blank lines and other comments may come between), and only
it. A finding that spans several lines is covered on the line where it starts.

## Why is this bad?
A stale suppression hides the next real finding on that line: code changes, the comment
stays, and a new direct read slips through without review.

## Example
```python
url = DatabaseURLBuilder.from_env().url()  # ssotlint: allow(direct-env-read) -- legacy
timeout = 30  # ssotlint: allow(direct-env-read) -- covers this line, not the read below
host = os.environ["POSTGRES_HOST"]
```

## Use instead
Delete the suppression once the code no longer needs it.
"#;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &RuleMeta {
        &META
    }
}
