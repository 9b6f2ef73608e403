use super::{MetaContext, MetaRule, Registry, Rule, declare_rule};
use crate::input::suppress::Suppression;
use crate::support::words::did_you_mean;

/// The id under which suppressions that suppress nothing are reported.
pub const UNUSED_SUPPRESSION: &str = UnusedSuppression::ID;

declare_rule! {
    pub struct UnusedSuppression;
    id: "unused-suppression",
    kind: Meta,
    severity: Warning,
    summary: "an inline suppression suppresses nothing",
    docs: r#"## What it does
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
"#,
}

impl Rule for UnusedSuppression {}

/// A suppression, and which of its rules (by position in it) suppressed a finding.
pub struct UsedRules<'a> {
    pub suppression: &'a Suppression,
    pub used: &'a dyn Fn(usize) -> bool,
    /// The run's rules, for telling an unknown id (and the closest known one).
    pub registry: &'a Registry,
}

impl MetaRule for UnusedSuppression {
    type Input<'i> = UsedRules<'i>;

    /// A suppression of a rule that is not enabled for the file is left alone: whether it
    /// would suppress something cannot be known.
    fn report(&self, input: UsedRules<'_>, cx: &mut MetaContext<'_>) {
        let UsedRules { suppression, used, registry } = input;
        if suppression.malformed {
            let help = "write `ssotlint: allow(rule-id) -- reason` or `ssotlint: allow-file(rule-id) -- reason`";
            cx.report(&suppression.site, "this `ssotlint:` comment cannot be read".into()).help(help);
            return;
        }
        for (index, (id, site)) in suppression.rules.iter().enumerate() {
            if registry.get(id).is_none() {
                // The suggestion goes in the message: concise and GitHub output show no help.
                let message = match did_you_mean(id, registry.ids()) {
                    Some(close) => format!("`{id}` is not a rule; did you mean `{close}`?"),
                    None => format!("`{id}` is not a rule"),
                };
                cx.report(site, message).help("`ssotlint rules` lists every rule");
            } else if cx.settings().rule_applies(id, &site.path) && !used(index) {
                let message = format!("`{id}` is allowed here but there is nothing to suppress");
                cx.report(site, message).help("remove the suppression");
            }
        }
    }
}
