use std::borrow::Cow;

use super::triggers;
use super::{Context, Rule, RuleMeta};
use crate::config::Settings;
use crate::finding::Severity;
use crate::model::{Call, Callee, Compare, CompareOp, FormatParts, Node, NodeKind, Value};
use crate::prefilter::Trigger;
use crate::semantics::DATABASE_URL;
use crate::source::{Lang, Span};

pub struct ManualUrlParsing;

static META: RuleMeta = RuleMeta {
    id: Cow::Borrowed("manual-url-parsing"),
    severity: Severity::Error,
    concern: Some(Cow::Borrowed(DATABASE_URL)),
    summary: Cow::Borrowed("a database URL is taken apart, rewritten or assembled by hand outside its owner"),
    docs: Cow::Borrowed(DOCS),
};

const DOCS: &str = r#"## What it does
Flags code outside the `database-url` owners that parses, rewrites or builds a database URL
itself:

- parser calls on a URL-like value (`urlparse`, `urlsplit`, `make_url`, `url::Url::parse`)
  and calls that only handle database URLs (`URL.create`, `dj_database_url.config`,
  `PgConnectOptions::from_str`, `.parse::<PgConnectOptions>()`);
- string surgery: splitting a URL-like value on `@`, `://`, `:`, `/` or `?`; replacing or
  stripping a scheme (`url.replace("postgresql://", "postgresql+asyncpg://")`); testing for
  a scheme or host literal (`url.startswith("postgresql://")`, `"@" in dsn`);
- assembly: an f-string, `%`, `.format()`, `+`, `format!` or `concat!` whose text starts
  with a database scheme and interpolates parts.

A value is URL-like when it is a governed variable read, a name containing a provider word
(`database_url`, `db_url`, `dsn`, …; a plain `url` inside a function or class about the
database), the result of such a function, or a literal with a database scheme. Complete
constant URLs (`"sqlite:///:memory:"`) are fine. Tests against environment words such as
`"localhost"` are reported by `environment-sniffing` instead.

## Why is this bad?
Every hand-written parser handles a different subset of URLs: passwords with `@`, Unix
sockets, query parameters, driver suffixes. When the owner changes the URL's shape (a new
driver, a Cloud SQL socket), hand-made copies break one by one in production.

## Example
```python
def async_url(settings):
    return settings.database_url.replace("postgresql://", "postgresql+asyncpg://")

url = f"postgresql://{user}:{password}@{host}:{port}/{name}"
```

```rust
let (credentials, host) = database_url.split_once('@').unwrap();
let url = format!("postgres://{user}:{password}@{host}/{db}");
```

## Use instead
```python
url = DatabaseURLBuilder.from_env().async_url()
```

```rust
let url = dbconf::database_url()?;
```
"#;

impl Rule for ManualUrlParsing {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::Call, NodeKind::Compare, NodeKind::Format]
    }

    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        let vocab = settings.vocab.lang(lang);
        let calls = Trigger::call_paths(vocab.url_database_calls.patterns());
        // A turbofish target is resolved through imports like a call path is, and always
        // follows a `parse`.
        let targets = Trigger::All(vec![
            Trigger::call_paths(vocab.database_parse_targets.patterns()),
            Trigger::Words(vec!["parse".into()]),
        ]);
        Trigger::Any(vec![triggers::url_like(settings, lang), calls, targets])
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some(db) = cx.sem.database() else { return };
        if cx.owns(db) {
            return;
        }
        let problem = match node {
            Node::Call(call) => call_problem(call, cx),
            Node::Compare(compare) => membership_problem(compare, cx),
            Node::Format(parts, span) => format_problem(parts, span, cx),
            _ => None,
        };
        if let Some((span, message)) = problem {
            let help = format!("let the owner parse and build the URL; {}", db.delegation_help());
            cx.report(span, message).help(help);
        }
    }
}

type Problem = Option<(Span, String)>;

fn call_problem(call: &Call, cx: &Context<'_>) -> Problem {
    let lang = cx.sem.lang;
    let path = call.path().unwrap_or_default();
    let found = |message: String| Some((call.span, message));
    if lang.url_database_calls.matches(path) {
        return found(format!("database URL handled by hand with `{path}`"));
    }
    if lang.url_parse_calls.matches(path) && call.arg(0).is_some_and(|arg| url_like(arg, cx)) {
        return found(format!("database URL taken apart by hand with `{path}`"));
    }
    let Callee::Method { receiver, name, turbofish } = &call.callee else {
        return None;
    };
    if let Some(target) = turbofish.as_deref().filter(|_| &**name == "parse") {
        let parser = format!("{target}::parse");
        if lang.database_parse_targets.matches(target)
            || (lang.url_parse_calls.matches(&parser) && url_like(receiver, cx))
        {
            return found(format!("database URL parsed by hand into `{target}`"));
        }
    }
    let literals = || call.args.iter().flat_map(Value::literals);
    if lang.split_methods.contains(&**name)
        && url_like(receiver, cx)
        && let Some(sep) = literals().find(|text| cx.sem.is_separator(text))
    {
        return found(format!("database URL split on `{sep}` by hand"));
    }
    if lang.rewrite_methods.contains(&**name)
        && let Some(scheme) = call.args.iter().take(2).flat_map(Value::literals).find(|t| cx.sem.is_scheme_literal(t))
    {
        return found(format!("database URL scheme rewritten by hand (`{scheme}`)"));
    }
    if lang.url_test_methods.contains(&**name)
        && let Some(literal) = literals().find(|text| tested_literal(text, receiver, cx))
    {
        return found(format!("database URL inspected by hand for `{literal}`"));
    }
    None
}

/// `"@" in dsn`, `"postgresql://" not in url`.
fn membership_problem(compare: &Compare, cx: &Context<'_>) -> Problem {
    if !matches!(compare.op, CompareOp::In | CompareOp::NotIn) {
        return None;
    }
    let literal = compare.left.as_str()?;
    tested_literal(literal, &compare.right, cx)
        .then(|| (compare.span, format!("database URL inspected by hand for `{literal}`")))
}

/// A scheme literal is URL handling wherever it is tested; a host literal only on a
/// URL-like value. Environment words belong to `environment-sniffing`.
fn tested_literal(literal: &str, subject: &Value, cx: &Context<'_>) -> bool {
    if cx.sem.env_word(literal).is_some() {
        return false;
    }
    cx.sem.is_scheme_literal(literal) || (cx.sem.is_host_literal(literal) && url_like(subject, cx))
}

fn format_problem(parts: &FormatParts, span: Span, cx: &Context<'_>) -> Problem {
    let scheme = cx.sem.scheme_prefix(&parts.prefix)?;
    parts
        .interpolated
        .then(|| (span, format!("database URL assembled by hand from interpolated parts (`{scheme}://…`)")))
}

fn url_like(value: &Value, cx: &Context<'_>) -> bool {
    cx.sem.is_url_like(value, cx.scope)
}
