use super::{Context, Rule, declare_rule};
use crate::analysis::model::{Node, NodeKind, ReadForm};
use crate::config::Settings;
use crate::input::prefilter::Trigger;
use crate::support::source::Lang;

declare_rule! {
    pub struct DirectEnvRead;
    id: "direct-env-read",
    kind: Code,
    severity: Error,
    outside_owners: true,
    summary: "a governed environment variable is read outside the concern's owners",
    docs: r#"## What it does
Flags reads of a governed environment variable (`DATABASE_URL`, `POSTGRES_*`, …, or the
variables a concern lists in `ssotlint.toml`) in files that are not the concern's owners.

Reads are `os.environ["X"]`, `os.environ.get("X")`, `os.getenv("X")`, `"X" in os.environ`,
the same through aliases (`from os import getenv as ge`), pydantic `BaseSettings` fields named
after the variable or bound by `Field(env="X")` / `alias` / `validation_alias`; in Rust
`std::env::var("X")`, `env::var_os`, `dotenvy::var`, `env!`, `option_env!` and clap's
`#[arg(env = "X")]`. Project wrappers count when they name the environment: a function named
like a getter of it (`get_env("X")`, `getenv("X")`, `required_var("X")`), or a method of the
environment or of something named after it (`get_env().get("X")`, `env.str("X")`,
`self.environ["X"]`: an identifier word `env`, `environ`, `environment`, `dotenv` — the list
is `environment-words` in `rules/env-access.toml`). The ecosystem's wrappers count too:
python-decouple's and Starlette's `config("X", cast=...)` (also through an instance,
`config = Config(".env")`), environs' and django-environ's `env("X")` / `env.str("X")`,
django-environ's `env.db()` (which reads `DATABASE_URL` without naming it); in Rust a
governed name given to figment's `Env::raw().only(&["X"])`, and the fields of a struct filled
by `envy::from_env::<T>()` (a field `database_url` reads `DATABASE_URL`; the struct is
followed when it is defined in the same file). A web framework's application
configuration is not the environment: `app.config["SQLALCHEMY_DATABASE_URI"]`,
`current_app.config.get(...)`, `settings["X"]` are not reads (they hold the concern's value,
which other rules know). A module-level string constant counts as its literal. Writes
(`os.environ["X"] = v`, `setdefault`, `env::set_var`, a container's `with_env_var("X", v)`),
deletions and the name inside a message or docstring are not reads.

Without owners the reads are the concern's inventory: see `unowned-concern`.

## Why is this bad?
When every service reads `DATABASE_URL` itself, each one also decides what a missing value
means, which default applies and how the parts are combined. The owner module exists so
that those decisions are made once; a direct read bypasses it and drifts from it.

## Example
```python
import os

engine = create_engine(os.environ["DATABASE_URL"])
```

```rust
let url = std::env::var("DATABASE_URL")?;
let pool = PgPool::connect(&url).await?;
```

## Use instead
```python
from shared.database_url_builder import DatabaseURLBuilder

engine = create_engine(DatabaseURLBuilder.from_env().url())
```

```rust
let url = dbconf::database_url()?;
```

## Options
`[concerns.<name>] env` replaces a concern's governed variables, `extend-env` adds to them,
`owners` lists the files allowed to read them.
"#,
}

impl Rule for DirectEnvRead {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::EnvRead]
    }

    /// `check` asks whether the variable read is governed. A settings class's `env_prefix`
    /// makes a field named `host` read `PGHOST`, a name written nowhere
    /// (`lang/python/settings.rs`).
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        let reads = settings.semantics(lang).env_read_trigger(lang, None);
        Trigger::Any(vec![reads, Trigger::Words(vec!["env_prefix".into()])])
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let Node::EnvRead(read) = node else { return };
        let Some(concern) = cx.sem.governing(&read.var) else { return };
        if cx.owns(concern) {
            return;
        }
        let how = match read.form {
            ReadForm::Binding => "read from the environment by a settings field",
            ReadForm::Attribute => "read from the environment by a field attribute",
            ReadForm::Membership => "tested directly in the environment",
            ReadForm::Call | ReadForm::Subscript => "read directly from the environment",
        };
        let message = format!("`{}` is {how}; {}", read.var, concern.owner_phrase(cx.lang()));
        let help = concern.delegation_help(cx.lang());
        let name = concern.name.clone();
        cx.report(read.span, message).help(help).concern(name).subject(read.var.to_string());
    }
}
