use super::{Context, Rule, declare_rule};
use crate::analysis::model::{Call, Compare, CompareOp, Node, NodeKind, Value, ValueKind};
use crate::analysis::semantics::DATABASE_URL;
use crate::config::Settings;
use crate::input::prefilter::Trigger;
use crate::support::source::{Lang, Span};

declare_rule! {
    pub struct EnvironmentSniffing;
    id: "environment-sniffing",
    kind: Code,
    severity: Error,
    concern: DATABASE_URL,
    summary: "the deployment environment is guessed by pattern-matching a URL, host name or platform variable",
    docs: r#"## What it does
Flags substring, prefix, membership and equality tests of an environment or host word
(`localhost`, `127.0.0.1`, `0.0.0.0`, `dev`, `test`, `stag`, `prod`, `local`, …) against:

- a database URL (`"localhost" in db_url`, `url.contains("staging")`);
- the machine's host name (`socket.gethostname()`, `platform.node()`,
  `os.uname().nodename`, the `HOSTNAME` variable, Rust `hostname::get()`);
- a platform variable (`K_SERVICE`, `GOOGLE_CLOUD_PROJECT`, `GAE_ENV`,
  `KUBERNETES_SERVICE_HOST`, `AWS_EXECUTION_ENV`, …), read from the environment or from a
  mapping it was copied into (`cfg.get("K_SERVICE")`).

The tested value is followed through the function: assignments, `with … as`, walrus, `let`
(with `?`, `.unwrap()`, `.await`), and transforms that keep its meaning (`.lower()`,
`.strip()`, `to_lowercase()`, `to_string_lossy()`, … — `transparent-methods` in
`rules/values.toml`). A loop, comprehension or closure variable over a literal list stands
for each of its words: `any(p in db_url for p in ["localhost", "dev"])`,
`for w in ("dev", "local"): if w in host`, `["dev", "local"].iter().any(|p| h.contains(p))`.

Comparing an explicitly configured setting (`settings.environment == "production"`) is the
fix, not the problem, and is not reported. The rule applies in owner files too: the owner
should not guess either.

## Why is this bad?
A guess made from strings is wrong the day a staging database lives on a host called
`db-prod-replica`, or a developer points a laptop at a cloud database. Each service guesses
differently, so two services in one deployment can disagree about where they run.

## Example
```python
if "localhost" in db_url or "127.0.0.1" in db_url:
    env = "development"
elif "staging" in socket.gethostname():
    env = "staging"
```

```rust
let env = if database_url.contains("localhost") { Env::Dev } else { Env::Prod };
```

## Use instead
```python
env = settings.environment  # set explicitly, e.g. ENVIRONMENT=staging
```

```rust
let env: Env = config.environment;
```
"#,
}

impl Rule for EnvironmentSniffing {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::Call, NodeKind::Compare]
    }

    /// Every sniff tests a host name, a platform variable or a URL-like value for an
    /// environment word in a literal (`"prod"`, `"localhost"`).
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        let sem = settings.semantics(lang);
        let subjects = vec![sem.host_source_trigger(), sem.cloud_variable_trigger(), sem.url_like_trigger(lang)];
        Trigger::All(vec![Trigger::Any(subjects), sem.env_word_trigger()])
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let found = match node {
            Node::Compare(compare) => compare_sniff(compare, cx),
            Node::Call(call) => call_sniff(call, cx),
            _ => None,
        };
        if let Some((span, subject, word)) = found {
            let message = format!("deployment environment guessed by testing {subject} for {word}");
            cx.report(span, message)
                .help("set the environment explicitly (one `ENVIRONMENT` setting) and read it in one place");
        }
    }
}

/// The span, what was tested, and the environment word it was tested for.
type Sniff = Option<(Span, String, String)>;

fn compare_sniff(compare: &Compare, cx: &Context<'_>) -> Sniff {
    let (left, right) = (&compare.left, &compare.right);
    let pairs: &[(&Value, &Value)] = match compare.op {
        // `"staging" in host`, and `host in ("localhost", "127.0.0.1")`.
        CompareOp::In | CompareOp::NotIn => &[(left, right), (right, left)],
        CompareOp::Eq | CompareOp::NotEq => &[(left, right), (right, left)],
    };
    pairs.iter().find_map(|(needle, subject)| {
        let word = env_word_in(needle, cx)?;
        let subject = sniffed(subject, cx)?;
        Some((compare.span, subject, word))
    })
}

fn call_sniff(call: &Call, cx: &Context<'_>) -> Sniff {
    let lang = cx.sem.lang;
    if let Some((receiver, name)) = call.method()
        && lang.env_test_methods.contains(name)
    {
        // `host.startswith("prod")`, and Rust `["localhost", "127.0.0.1"].contains(&host)`.
        let found = call.args.iter().find_map(|arg| {
            let as_needle = env_word_in(arg, cx).zip(sniffed(receiver, cx));
            let as_subject = || env_word_in(receiver, cx).zip(sniffed(arg, cx));
            as_needle.or_else(as_subject)
        });
        return found.map(|(word, subject)| (call.span, subject, word));
    }
    let path = call.path()?;
    if lang.regex_calls.matches(path) {
        let word = env_word_in(call.arg(0)?, cx)?;
        let subject = sniffed(call.arg(1)?, cx)?;
        return Some((call.span, subject, word));
    }
    None
}

/// The literal (or collection element) that holds an environment word, as written.
fn env_word_in(value: &Value, cx: &Context<'_>) -> Option<String> {
    if matches!(value.kind, ValueKind::Collection(_) | ValueKind::Str(_) | ValueKind::OneOf(_)) {
        value.literals().find(|text| cx.sem.env_word(text).is_some()).map(|text| format!("{text:?}"))
    } else {
        None
    }
}

/// What a value is, if testing it for an environment word is sniffing.
fn sniffed(value: &Value, cx: &Context<'_>) -> Option<String> {
    if cx.sem.is_host_source(value) {
        return Some("the host name".into());
    }
    if let Some(var) = cx.sem.cloud_variable(value) {
        return Some(format!("the platform variable `{var}`"));
    }
    cx.sem.is_url_like(value, cx.scope).then(|| "the database URL".into())
}
