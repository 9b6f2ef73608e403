//! Language adapters: each parses one file and lowers its tree to the neutral model
//! (`crate::analysis::model`), emitting nodes into a sink while it walks, so no tree outlives its file.
//! The adapters (`python/`, `rust/`) only match syntax; what the pieces mean, and the state
//! of the walk (scopes, provider bodies, the depth budget), is the shared `core/`.

mod core;
mod python;
mod rust;

use crate::analysis::model::{NodeSink, ParseOutcome};
use crate::analysis::semantics::Semantics;
use crate::support::source::Lang;

/// How to lower one file.
#[derive(Debug, Clone, Copy)]
pub struct LowerOptions {
    pub lang: Lang,
    /// A Python stub (`.pyi`).
    pub stub: bool,
    /// Leave out Rust `#[cfg(test)]` items and `#[test]` functions.
    pub skip_test_code: bool,
}

/// Resets what a parse that panicked half-way may have left in the thread's state.
pub fn after_panic() {
    rust::after_panic();
}

/// Parses `text` and emits its nodes into `sink`.
pub fn lower(text: &str, options: LowerOptions, sem: Semantics<'_>, sink: &mut dyn NodeSink) -> ParseOutcome {
    if let Some(at) = crate::input::nesting::too_deep(text, options.lang) {
        let span = crate::support::source::Span::new(at, at + text[at..].chars().next().map_or(0, char::len_utf8));
        return ParseOutcome::too_deep(
            span,
            crate::input::nesting::MAX_NESTING,
            "brackets, blocks or chained operators",
            "the file is not checked",
        );
    }
    match options.lang {
        Lang::Python => python::lower(text, options.stub, sem, sink),
        Lang::Rust => rust::lower(text, options.skip_test_code, sem, sink),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model::{Node, NodeKind, Scope};

    /// Collects the string literals lowered, when it wants them.
    struct Literals {
        wanted: bool,
        found: Vec<(String, String)>,
        text: &'static str,
    }

    impl NodeSink for Literals {
        fn node(&mut self, node: Node<'_>, _scope: Scope<'_>) {
            if let Node::Str(text, span) = node {
                self.found.push((text.to_owned(), self.text[span.start as usize..span.end as usize].to_owned()));
            }
        }

        fn wants(&self, kind: NodeKind) -> bool {
            self.wanted && kind == NodeKind::Str
        }
    }

    fn literals(lang: Lang, text: &'static str, wanted: bool) -> Vec<(String, String)> {
        let settings = crate::config::Settings::defaults(std::path::Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
        let mut sink = Literals { wanted, found: Vec::new(), text };
        let options = LowerOptions { lang, stub: false, skip_test_code: true };
        let outcome = lower(text, options, settings.semantics(lang), &mut sink);
        assert!(outcome.error.is_none(), "{:?}", outcome.error);
        sink.found
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected.iter().map(|(value, written)| (value.to_string(), written.to_string())).collect()
    }

    /// Constants, class defaults, arguments and f-strings without holes are literals, each
    /// once, at the literal's own span; docstrings and bare string statements are prose.
    #[test]
    fn python_string_literals_are_nodes_but_docstrings_are_not() {
        let text = r#""""Module docs: postgres://doc:doc@db/app."""
DATABASE_URL = "postgres://app" "@db/app"


class Settings:
    """Class docs."""

    url: str = 'sqlite:///x.db'


def connect(timeout=None):
    "Function docs."
    "a string used as a comment"
    client = make("arg", key=f"plain")
    return f"{client}://"
"#;
        let expected = [
            ("postgres://app@db/app", r#""postgres://app" "@db/app""#),
            ("sqlite:///x.db", "'sqlite:///x.db'"),
            ("arg", r#""arg""#),
            ("plain", r#"f"plain""#),
        ];
        assert_eq!(literals(Lang::Python, text, true), pairs(&expected));
        assert_eq!(literals(Lang::Python, text, false), Vec::new(), "emitted only when a rule wants literals");
    }

    /// Constants, struct values and macro arguments are literals; doc comments, attributes,
    /// characters and `#[cfg(test)]` code (when test code is skipped) are not.
    #[test]
    fn rust_string_literals_are_nodes_but_docs_and_test_code_are_not() {
        let text = r#"//! Crate docs: postgres://doc:doc@db/app
/// Item docs.
const URL: &str = "postgres://app@db/app";

#[doc = "attribute"]
fn connect() {
    let separator = ':';
    open(r"arg", format!("{}", 1));
}

impl Default for Settings {
    fn default() -> Self {
        Self { url: "sqlite://x.db".into() }
    }
}

#[cfg(test)]
mod tests {
    const TEST_URL: &str = "postgres://test:test@db/test";
}
"#;
        let expected = [
            ("postgres://app@db/app", r#""postgres://app@db/app""#),
            ("arg", r#"r"arg""#),
            ("{}", r#""{}""#),
            ("sqlite://x.db", r#""sqlite://x.db""#),
        ];
        assert_eq!(literals(Lang::Rust, text, true), pairs(&expected));
        assert_eq!(literals(Lang::Rust, text, false), Vec::new(), "emitted only when a rule wants literals");
    }
}
