use super::{Context, Rule, declare_rule};
use crate::analysis::model::{Node, NodeKind, Value};
use crate::config::Settings;
use crate::input::prefilter::Trigger;
use crate::support::plural::count;
use crate::support::source::Lang;

declare_rule! {
    pub struct HardcodedEnvList;
    id: "hardcoded-env-list",
    kind: Code,
    severity: Warning,
    outside_owners: true,
    summary: "a literal list of governed variable names duplicates what the owner knows",
    docs: r#"## What it does
Flags a list, tuple, set or array literal of at least 3 string literals, at least 2 of them
governed variable names of one concern, outside that concern's owners: a hand-kept list of
required variables, usually for a start-up check.

Python: list, tuple and set literals at module, class or function level. Rust: `const` and
`static` arrays and slices, `vec![…]` and array literals.

## Why is this bad?
The owner already knows which variables make a valid configuration (and that
`DATABASE_URL` makes the `POSTGRES_*` parts optional). A second list disagrees with it the
day a variable is added or renamed, and the start-up check then rejects a valid deployment
or accepts a broken one.

## Example
```python
REQUIRED_ENV = ["DATABASE_URL", "POSTGRES_HOST", "POSTGRES_USER", "REDIS_URL"]
```

```rust
const REQUIRED: [&str; 3] = ["DATABASE_URL", "POSTGRES_HOST", "POSTGRES_USER"];
```

## Use instead
```python
DatabaseURLBuilder.from_env().validate()
```

```rust
dbconf::validate_environment()?;
```
"#,
}

/// A list shorter than this is too small to be a duplicated validation list.
const MIN_STRINGS: usize = 3;
/// How many of its strings must be governed variables of one concern.
const MIN_GOVERNED: usize = 2;

impl Rule for HardcodedEnvList {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::Collection]
    }

    /// `check` counts the strings a concern governs.
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        settings.semantics(lang).governed_trigger(lang, None)
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Node::Collection(collection) = node else { return };
        let strings: Vec<&str> = collection.items.iter().filter_map(Value::as_str).collect();
        if strings.len() < MIN_STRINGS {
            return;
        }
        let governed_by = |concern: &crate::config::concern::Concern| -> Vec<&str> {
            strings.iter().copied().filter(|s| concern.governs(s)).collect()
        };
        let Some((concern, names)) = cx
            .sem
            .concerns
            .iter()
            .map(|c| (c, governed_by(c)))
            .filter(|(_, names)| names.len() >= MIN_GOVERNED)
            .max_by_key(|(_, names)| names.len())
        else {
            return;
        };
        if cx.owns(concern) {
            return;
        }
        let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
        let more = if names.len() > 3 { ", …" } else { "" };
        let message = format!(
            "list of {} ({}{more}) duplicates what the owner of `{}` knows",
            count(names.len(), "governed variable name"),
            shown.join(", "),
            concern.name
        );
        let help = format!("let the owner validate its own inputs; {}", concern.delegation_help(cx.lang()));
        let name = concern.name.clone();
        cx.report(collection.span, message).help(help).concern(name);
    }
}
