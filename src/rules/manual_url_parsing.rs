use super::{Context, Rule, declare_rule};
use crate::analysis::model::{Call, Callee, Compare, CompareOp, FormatParts, Node, NodeKind, Value};
use crate::analysis::semantics::DATABASE_URL;
use crate::config::Settings;
use crate::config::concern::CONNECTION_POOL;
use crate::input::prefilter::Trigger;
use crate::support::source::{Lang, Span};

declare_rule! {
    pub struct ManualUrlParsing;
    id: "manual-url-parsing",
    kind: Code,
    severity: Error,
    concern: DATABASE_URL,
    outside_owners: true,
    summary: "a database URL is taken apart, rewritten or assembled by hand outside its owner",
    docs: r#"## What it does
Flags code outside the `database-url` owners that parses, rewrites or builds a database URL
itself:

- parser calls on a URL-like value (`urlparse`, `urlsplit`, `make_url`, `dj_database_url.parse`,
  `url::Url::parse`, `PgConnectOptions::from_str`, `.parse::<PgConnectOptions>()`); a file
  path handed to a driver's option parser is not a URL;
- builders, always: `URL.create`, `URL(drivername=…)`, `dj_database_url.config`,
  `PostgresDsn.build`, and `MultiHostUrl.build` / `AnyUrl.build` given a database scheme;
- string surgery on a URL-like value: splitting it on `@`, `://`, `:`, `/`, `?` (or anything
  holding `://`); replacing or stripping a scheme (`url.replace("postgresql://", …)`) or
  another part (`db_url.replace("${PASSWORD}", pw)`; escaping `%` for ConfigParser is not a
  rewrite); testing it for a scheme or host (`url.startswith("postgresql://")`,
  `"@" in dsn`), where on a URL-like value a bare scheme word counts too
  (`db_url.startswith("sqlite")`, `"sqlite" in db_url`, `url.starts_with("postgres")`), and
  comparing a part of it with a scheme (`urlparse(db_url).scheme == "postgresql"`,
  `&url[..6] == "mysql:"`; a setting that names the engine, `settings.DB_ENGINE == "sqlite"`,
  is not a URL);
- assembly: an f-string, `%`, `.format()`, `+`, `format!` or `concat!` whose text starts
  with a database scheme and interpolates parts, or whose scheme is interpolated too and has a
  URL's shape: credentials (`f"{scheme}://{user}:{pw}@{host}/{db}"`), or a port and a path in
  database code.

A value is URL-like when it is a governed variable read (from the environment or an
application's configuration, `app.config["SQLALCHEMY_DATABASE_URI"]`), a name containing a
provider word (`database_url`, `db_url`, `dsn`, …) or that is a governed variable
(`DATABASE_CREDENTIALS`), a plain `url` inside a function or class about the database, the
result of such a function, or a literal with a database scheme; it is followed through
assignments and transforms in the function, and a loop or comprehension variable over
literal schemes stands for each of them (`any(db_url.startswith(p) for p in ("sqlite",
"postgres"))`, `["sqlite", "postgres"].iter().any(|s| url.starts_with(s))`). Complete constant URLs
(`"sqlite:///:memory:"`) are fine. Tests against environment words such as `"localhost"` are
`environment-sniffing`'s. The `connection-pool` owners are handed the URL to build the
engine: there, parsing it and testing its scheme to choose driver options is fine; taking it
apart, rewriting or assembling it is not. One expression is one finding
(`url.split("@")[1].split(":")`).

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
"#,
}

impl Rule for ManualUrlParsing {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::Call, NodeKind::Compare, NodeKind::Format]
    }

    /// Every problem `check` finds needs a URL-like value, a URL builder, a scheme literal
    /// or a template whose scheme is interpolated.
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        let sem = settings.semantics(lang);
        let (builder, scheme, interpolated) =
            (sem.url_builder_trigger(), sem.scheme_trigger(), sem.interpolated_scheme_trigger());
        Trigger::Any(vec![sem.url_like_trigger(lang), builder, scheme, interpolated])
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Some(db) = cx.sem.database() else { return };
        if cx.owns(db) {
            return;
        }
        let problem = match node {
            Node::Call(call) => call_problem(call, cx),
            Node::Compare(compare) => compare_problem(compare, cx),
            Node::Format(parts, span) => format_problem(parts, span, cx),
            _ => None,
        };
        let Some(Problem { span, kind, message }) = problem else { return };
        // The engine factory is handed the URL: it may parse it and look at its scheme to
        // choose driver options, but not take it apart, rewrite or build it.
        let pool_owner = cx.sem.concerns.iter().find(|c| c.name == CONNECTION_POOL).is_some_and(|c| cx.owns(c));
        if pool_owner && matches!(kind, Kind::Parse | Kind::Inspect) {
            return;
        }
        // `url.split("@")[1].split(":")` is one piece of surgery: one finding, the first.
        if cx.reported_within(span) {
            return;
        }
        let help = format!("let the owner parse and build the URL; {}", db.delegation_help(cx.lang()));
        cx.report(span, message).help(help).subject(kind.as_str());
    }
}

/// What the code does to the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A parser call on the URL.
    Parse,
    /// A test for a scheme or host.
    Inspect,
    /// Taking it apart or rewriting it.
    Surgery,
    /// Building one from parts.
    Assembly,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Parse => "parse",
            Kind::Inspect => "inspect",
            Kind::Surgery => "surgery",
            Kind::Assembly => "assembly",
        }
    }
}

struct Problem {
    span: Span,
    kind: Kind,
    message: String,
}

fn call_problem(call: &Call, cx: &Context<'_>) -> Option<Problem> {
    let lang = cx.sem.lang;
    let path = call.path().unwrap_or_default();
    let found = |kind, message: String| Some(Problem { span: call.span, kind, message });
    if cx.sem.is_url_builder(call) {
        return found(Kind::Assembly, format!("database URL built by hand with `{path}`"));
    }
    if lang.url_parse_calls.matches(path) && call.arg(0).is_some_and(|arg| url_like(arg, cx)) {
        return found(Kind::Parse, format!("database URL taken apart by hand with `{path}`"));
    }
    let Callee::Method { receiver, name, turbofish } = &call.callee else {
        return None;
    };
    if let Some(target) = turbofish.as_deref().filter(|_| &**name == "parse") {
        let parser = format!("{target}::parse");
        let parses = lang.database_parse_targets.matches(target) || lang.url_parse_calls.matches(&parser);
        if parses && url_like(receiver, cx) {
            return found(Kind::Parse, format!("database URL parsed by hand into `{target}`"));
        }
    }
    let literals = || call.args.iter().flat_map(Value::literals);
    if lang.split_methods.contains(&**name)
        && url_like(receiver, cx)
        && let Some(sep) = literals().find(|text| cx.sem.is_separator(text))
    {
        return found(Kind::Surgery, format!("database URL split on `{sep}` by hand"));
    }
    if lang.rewrite_methods.contains(&**name) {
        let mut tested = call.args.iter().take(2).flat_map(Value::literals);
        if let Some(scheme) = tested.find(|t| cx.sem.is_scheme_literal(t)) {
            return found(Kind::Surgery, format!("database URL scheme rewritten by hand (`{scheme}`)"));
        }
        // `db_url.replace("${PASSWORD}", pw)`, `url.replace("postgres", "postgresql")`; not
        // `url.replace("%", "%%")`, which escapes it for ConfigParser without changing it.
        let structural =
            |text: &str| text.contains([':', '/', '@', '?', '=', '&', '$', '{']) || cx.sem.is_bare_scheme(text);
        if call.args.len() >= 2 && url_like(receiver, cx) && call.args[0].as_str().is_some_and(structural) {
            return found(Kind::Surgery, "database URL rewritten by hand".to_owned());
        }
    }
    if lang.url_test_methods.contains(&**name)
        && let Some(literal) = literals().find(|text| tested_literal(text, receiver, cx))
    {
        return found(Kind::Inspect, format!("database URL inspected by hand for `{literal}`"));
    }
    None
}

/// `"@" in dsn`, `"postgresql://" not in url`, `"sqlite" in db_url`, `&url[..6] == "mysql:"`.
fn compare_problem(compare: &Compare, cx: &Context<'_>) -> Option<Problem> {
    let (literal, subject) = match compare.op {
        CompareOp::In | CompareOp::NotIn => (compare.left.as_str()?, &compare.right),
        CompareOp::Eq | CompareOp::NotEq => match (compare.left.as_str(), compare.right.as_str()) {
            (Some(text), None) => (text, &compare.right),
            (None, Some(text)) => (text, &compare.left),
            _ => return None,
        },
    };
    let equality = matches!(compare.op, CompareOp::Eq | CompareOp::NotEq);
    // A whole URL never equals a scheme: equality inspects a part of one
    // (`urlparse(db_url).scheme == "postgresql"`, `&url[..6] == "mysql:"`), not a setting that
    // names the engine (`settings.DB_ENGINE == "sqlite"`).
    let inspects = if equality {
        cx.env_word_free(literal)
            && (cx.sem.is_scheme_literal(literal) || cx.sem.is_bare_scheme(literal))
            && part_of_a_url(subject, cx)
    } else {
        tested_literal(literal, subject, cx)
    };
    inspects.then(|| Problem {
        span: compare.span,
        kind: Kind::Inspect,
        message: format!("database URL inspected by hand for `{literal}`"),
    })
}

/// A scheme literal is URL handling wherever it is tested; a host literal or a bare scheme
/// word (`"sqlite"`) only on a URL-like value. Environment words belong to
/// `environment-sniffing`.
fn tested_literal(literal: &str, subject: &Value, cx: &Context<'_>) -> bool {
    if !cx.env_word_free(literal) {
        return false;
    }
    cx.sem.is_scheme_literal(literal)
        || ((cx.sem.is_host_literal(literal) || cx.sem.is_bare_scheme(literal)) && url_like(subject, cx))
}

/// An interpolated string that starts with a database scheme, or whose scheme is
/// interpolated too and whose shape is a database URL's (credentials, or a port and a path
/// inside database code).
fn format_problem(parts: &FormatParts, span: Span, cx: &Context<'_>) -> Option<Problem> {
    if !parts.interpolated {
        return None;
    }
    let message = match cx.sem.scheme_prefix(&parts.prefix) {
        Some(scheme) => format!("database URL assembled by hand from interpolated parts (`{scheme}://…`)"),
        None if parts.scheme_is_interpolated()
            && (parts.has_credentials() || (parts.has_port_and_path() && cx.sem.in_database_scope(cx.scope))) =>
        {
            "database URL assembled by hand from interpolated parts, scheme included (`{}://…`)".to_owned()
        }
        None => return None,
    };
    Some(Problem { span, kind: Kind::Assembly, message })
}

/// A part taken out of a URL-like value: `db_url.scheme`, `url[..6]`, `parsed.drivername`.
fn part_of_a_url(value: &Value, cx: &Context<'_>) -> bool {
    match &value.kind {
        crate::analysis::model::ValueKind::Name { bound: Some(whole), .. } => {
            url_like(whole, cx) || part_of_a_url(whole, cx)
        }
        _ => false,
    }
}

fn url_like(value: &Value, cx: &Context<'_>) -> bool {
    cx.sem.is_url_like(value, cx.scope)
}
