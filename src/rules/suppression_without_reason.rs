use super::{MetaContext, MetaRule, Rule, declare_rule};
use crate::input::suppress::Suppression;

/// The id under which suppressions without a reason are reported.
pub const SUPPRESSION_WITHOUT_REASON: &str = SuppressionWithoutReason::ID;

declare_rule! {
    pub struct SuppressionWithoutReason;
    id: "suppression-without-reason",
    kind: Meta,
    severity: Warning,
    summary: "an inline suppression does not say why",
    docs: r#"## What it does
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
"#,
}

impl Rule for SuppressionWithoutReason {}

impl MetaRule for SuppressionWithoutReason {
    type Input<'i> = &'i Suppression;

    /// A comment that cannot be read is `unused-suppression`'s: it has no rules to give a
    /// reason for.
    fn report(&self, suppression: &Suppression, cx: &mut MetaContext<'_>) {
        if suppression.malformed || suppression.reason.is_some() {
            return;
        }
        let ids: Vec<String> = suppression.rules.iter().map(|(id, _)| format!("`{id}`")).collect();
        let message = format!("suppression of {} has no reason", ids.join(", "));
        cx.report(&suppression.site, message).help("say why after `--`: `-- the reason`");
    }
}
