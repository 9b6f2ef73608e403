//! A concern as the run uses it: the built-in vocabulary merged with the repository's
//! configuration (owners, entry points, governed variables).

use crate::config::Globs;
use crate::pattern::PatternSet;
use crate::source::Lang;
use crate::words::{WordSeq, any_seq_in, split_words};

#[derive(Debug, Clone)]
pub struct Concern {
    pub name: String,
    pub description: String,
    /// Owner globs as written in the configuration, for messages and the JSON summary.
    pub owners: Vec<String>,
    pub owner_set: Globs,
    /// Names through which the rest of the code should reach the owner.
    pub entry_points: Vec<String>,
    /// Governed variable names as configured, for messages.
    pub env_list: Vec<String>,
    pub env: PatternSet,
    pub provider_words: Vec<WordSeq>,
    pub unrelated_words: Vec<String>,
    pub context_words: Vec<String>,
    pub context_value_words: Vec<String>,
}

impl Concern {
    pub fn governs(&self, var: &str) -> bool {
        self.env.matches(var)
    }

    /// Whether `var` is one of the governed names written out in full (not a `POSTGRES_*`
    /// pattern): a field named after it holds it.
    pub fn names_exactly(&self, var: &str) -> bool {
        self.env.exact_contains(var)
    }

    /// Whether `path` (relative to the project root, `/`-separated) is one of the owners.
    pub fn is_owner(&self, path: &str) -> bool {
        self.owner_set.is_match(path)
    }

    pub fn has_owners(&self) -> bool {
        !self.owners.is_empty()
    }

    /// Whether an identifier names a producer or holder of this concern's value:
    /// `get_database_url`, `DATABASE_URL`, `pg_dsn`, but not `sentry_dsn`.
    pub fn is_provider_name(&self, ident: &str) -> bool {
        let words = split_words(ident);
        any_seq_in(&self.provider_words, &words) && !self.is_unrelated(&words)
    }

    pub fn is_unrelated(&self, words: &[String]) -> bool {
        words.iter().any(|w| self.unrelated_words.contains(w))
    }

    /// Whether an enclosing function or class name places a plain `url` in this concern.
    pub fn is_context_name(&self, ident: &str) -> bool {
        split_words(ident).iter().any(|w| self.context_words.contains(w))
    }

    /// Whether an identifier's last word is a plain `url`/`uri`.
    pub fn is_context_value_name(&self, ident: &str) -> bool {
        split_words(ident).last().is_some_and(|w| self.context_value_words.contains(w))
    }

    /// A short phrase naming who owns the concern, for messages: the owners in the same
    /// language as the file at hand when there are any.
    pub fn owner_phrase(&self, lang: Lang) -> String {
        let owners = self.owners_for(lang);
        match owners.as_slice() {
            [] => format!("no owner is configured for `{}`", self.name),
            [one] => format!("`{}` is owned by `{one}`", self.name),
            many => format!("`{}` is owned by `{}`", self.name, many.join("`, `")),
        }
    }

    /// The owner globs that can match files of `lang`, or all of them if none is specific.
    fn owners_for(&self, lang: Lang) -> Vec<&str> {
        let extension = match lang {
            Lang::Python => ".py",
            Lang::Rust => ".rs",
        };
        let same: Vec<&str> = self.owners.iter().map(String::as_str).filter(|o| o.ends_with(extension)).collect();
        if same.is_empty() { self.owners.iter().map(String::as_str).collect() } else { same }
    }

    /// How code outside the owners should get the value.
    pub fn delegation_help(&self) -> String {
        match (self.entry_points.as_slice(), self.owners.as_slice()) {
            ([], []) => format!(
                "choose one module to own `{}` and list it under `[concerns.{}] owners` in ssotlint.toml",
                self.name, self.name
            ),
            ([], owners) => format!("get the value from the owner (`{}`)", owners.join("`, `")),
            (entry, _) => format!("get the value through `{}`", entry.join("` or `")),
        }
    }
}
