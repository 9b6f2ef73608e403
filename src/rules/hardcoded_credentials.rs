use super::{Context, Rule, declare_rule};
use crate::analysis::model::{Node, NodeKind};
use crate::analysis::semantics::{DATABASE_URL, Semantics};
use crate::config::Settings;
use crate::input::prefilter::Trigger;
use crate::support::source::Lang;

declare_rule! {
    pub struct HardcodedCredentials;
    id: "hardcoded-credentials",
    kind: Code,
    severity: Error,
    concern: DATABASE_URL,
    outside_owners: true,
    summary: "a database URL literal embeds a password outside the owner",
    docs: r#"## What it does
Flags a string literal outside the `database-url` owners that is a database URL with a
password in it: `"postgresql://app:s3cret@db/app"`, `"mysql+pymysql://u:p@h/db"`,
`"mongodb://user:pw@127.0.0.1"`, also as a command-line default
(`#[arg(default_value = "postgres://app:s3cret@db/app")]`). The scheme is one of the vocabulary's database schemes
(`schemes` in `rules/url-syntax.toml`, a `+driver` allowed); the literal may be a constant, a
default, an argument or a match arm, and a template whose constant text already holds the
password counts too (`f"postgresql://app:s3cret@{host}/db"`, `format!("…@{host}")`). A
literal default password such as `password` is a password. The message shows the URL with
the password masked (`postgresql://app:****@db/app`); it never prints the password.

Not a credential: a URL without `user:password@`, an empty password, a password that is a
placeholder (it holds `{`, `}`, `$`, `%`, `<` or `>`, or is all `*` or `x`: `${DB_PASSWORD}`,
`%(password)s`, `<password>`, `****`), a template whose password is interpolated
(`f"postgresql://{user}:{pw}@{host}/db"`), URLs of other services (`redis://`, `https://`),
docstrings, comments and test code.

## Why is this bad?
A password in the source is in every clone, fork, backup and CI log of the repository, and
it cannot be rotated without a commit. A default that "only applies locally" is the one that
reaches production the day a variable is missing. The owner builds the URL from the
environment or a secret store, so the code never needs to know the password.

## Example
```python
DATABASE_URL = os.getenv("DATABASE_URL", "postgresql://app:s3cret@localhost:5432/app")
```

```rust
const DATABASE_URL: &str = "postgres://app:s3cret@localhost:5432/app";
```

## Use instead
```python
DATABASE_URL = DatabaseURLBuilder.from_env().url()
```

```rust
let url = dbconf::database_url()?;
```
"#,
}

impl Rule for HardcodedCredentials {
    fn kinds(&self) -> &[NodeKind] {
        &[NodeKind::Str, NodeKind::Format]
    }

    /// `check` needs a literal that starts with a database scheme followed by `://` or a
    /// `+driver`, and an `@` before the host.
    fn triggers(&self, settings: &Settings, lang: Lang) -> Trigger {
        let schemes = &settings.semantics(lang).vocab.schemes;
        let starts = schemes.iter().flat_map(|s| [format!("{s}://"), format!("{s}+")]);
        Trigger::All(vec![Trigger::StringStarts(starts.collect()), Trigger::Words(vec!["@".into()])])
    }

    fn check(&self, node: Node<'_>, cx: &mut Context<'_>) {
        let (text, span) = match node {
            Node::Str(text, span) => (text, span),
            // An f-string's holes are `{}` in its template, so an interpolated password is a
            // placeholder.
            Node::Format(parts, span) => (&*parts.template, span),
            _ => return,
        };
        let Some(db) = cx.sem.database() else { return };
        let Some(url) = credentials(&cx.sem, text) else { return };
        // A template and the literal it is made from are one finding (`"…" % host`,
        // `format!("…")`, `concat!(…)`).
        if cx.owns(db) || cx.reported_within(span) {
            return;
        }
        let message = format!("database URL with an embedded password: `{}`", url.masked(text));
        let help = format!(
            "keep the password out of the code: let the owner build the URL from the environment or a secret store; {}",
            db.delegation_help(cx.lang())
        );
        cx.report(span, message).help(help);
    }
}

/// Where the password of a database URL sits in a literal's text.
#[derive(Debug, PartialEq, Eq)]
struct Credentials {
    /// The password's byte range in the text.
    password: std::ops::Range<usize>,
    /// Where the URL ends (the first whitespace, or the end of the text).
    end: usize,
}

impl Credentials {
    /// The URL with the password replaced by `****`, cut at a readable length.
    fn masked(&self, text: &str) -> String {
        const SHOWN: usize = 120;
        let rest = &text[self.password.end..self.end];
        let mut tail: String = rest.chars().take(SHOWN).collect();
        if tail.len() < rest.len() {
            tail.push('…');
        }
        format!("{}****{tail}", &text[..self.password.start])
    }
}

/// The password a literal embeds, if it is a database URL (a vocabulary scheme, an optional
/// `+driver`, `://`) with a `user:password@` part whose password is written out.
fn credentials(sem: &Semantics<'_>, text: &str) -> Option<Credentials> {
    let scheme = sem.scheme_prefix(text)?;
    let after_scheme = &text[scheme.len()..];
    let separator = after_scheme.find("://")?;
    let driver = &after_scheme[..separator];
    let is_driver_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '+');
    if !(driver.is_empty() || (driver.starts_with('+') && driver.chars().all(is_driver_char))) {
        return None;
    }
    let authority_start = scheme.len() + separator + 3;
    let end = text[authority_start..].find(char::is_whitespace).map_or(text.len(), |at| authority_start + at);
    let url = &text[authority_start..end];
    // The user information ends at the last `@` before the path (a password may hold an
    // unescaped `@`; drivers split at the last one too).
    let authority = &url[..url.find(['/', '?', '#']).unwrap_or(url.len())];
    let userinfo = &authority[..authority.rfind('@')?];
    let colon = userinfo.find(':')?;
    let password = &userinfo[colon + 1..];
    if is_placeholder(password) {
        return None;
    }
    let start = authority_start + colon + 1;
    Some(Credentials { password: start..start + password.len(), end })
}

/// An empty password, or one that stands for the real one: a template field or variable
/// (`{password}`, `${DB_PASSWORD}`, `%(password)s`, `<password>`), or a mask (`****`, `xxx`).
fn is_placeholder(password: &str) -> bool {
    password.is_empty()
        || password.contains(['{', '}', '$', '%', '<', '>'])
        || password.chars().all(|c| matches!(c, '*' | 'x' | 'X'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `scheme://userinfo@rest`, put together at run time: written as one literal, each
    /// credential would be flagged by this very rule when ssotlint checks its own tests
    /// (`tests/dogfood.rs`, test code checked).
    fn url(scheme: &str, userinfo: &str, rest: &str) -> String {
        [scheme, "://", userinfo, "@", rest].concat()
    }

    fn password(text: &str) -> Option<String> {
        let settings = Settings::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sem = settings.semantics(Lang::Python);
        credentials(&sem, text).map(|found| text[found.password].to_owned())
    }

    #[test]
    fn finds_the_password_after_the_scheme_and_user() {
        for (scheme, userinfo, rest, expected) in [
            ("postgres", "user:secret", "host/db", "secret"),
            ("mysql+pymysql", "u:p", "h", "p"),
            ("postgresql+unknowndriver", "u:p", "h/db", "p"),
            ("MongoDB", "off:off-wger", "127.0.0.1", "off-wger"),
            // Drivers split at the last `@`: a password may hold one.
            ("postgres", "u:p@ss", "host/db", "p@ss"),
            // A template whose host is a hole.
            ("postgres", "u:secret", "{}/db", "secret"),
        ] {
            let text = url(scheme, userinfo, rest);
            assert_eq!(password(&text).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn placeholders_and_urls_without_a_password_are_not_credentials() {
        for text in [
            "postgres://host/db",
            "postgres://user@host/db",
            "postgres://user:@host/db",
            "postgres://{}:{}@{}/{}",
            "postgres://app:{password}@db/app",
            "postgres://app:${DB_PASSWORD}@db/app",
            "postgres://app:%(password)s@db/app",
            "postgres://app:<password>@db/app",
            "postgres://app:****@db/app",
            "postgres://app:XXXX@db/app",
            "postgres://host:5432/db?user=a@b",
        ] {
            assert_eq!(password(text), None, "{text}");
        }
        // A password, but not in a database URL at the start of the literal.
        for (scheme, rest) in [("redis", "cache:6379/0"), ("https", "example.com"), ("postgres_ext", "h")] {
            let text = url(scheme, "user:secret", rest);
            assert_eq!(password(&text), None, "{text}");
        }
        assert_eq!(password(&format!("see {}", url("postgres", "u:p", "h"))), None);
        assert_eq!(password("postgresql:dbname@host"), None);
    }

    #[test]
    fn the_message_masks_the_password() {
        let settings = Settings::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let sem = settings.semantics(Lang::Rust);
        let text = url("postgres", "user:hunter2", "host/db and more");
        let masked = credentials(&sem, &text).unwrap().masked(&text);
        assert_eq!(masked, "postgres://user:****@host/db");
    }
}
