//! A concern as the run uses it: the built-in vocabulary merged with the repository's
//! configuration (owners, entry points, governed variables).

/// The built-in concerns that rules and facts single out by name.
pub const DATABASE_URL: &str = "database-url";
pub const CONNECTION_POOL: &str = "connection-pool";

use crate::config::Globs;
use crate::config::RawEntryPoints;
use crate::support::pattern::PatternSet;
use crate::support::source::Lang;
use crate::support::words::{WordSeq, any_seq_in, split_words};

#[derive(Debug, Clone)]
pub struct Concern {
    pub name: String,
    pub description: String,
    /// Owner globs as written in the configuration, for messages and the JSON summary.
    pub owners: Vec<String>,
    pub owner_set: Globs,
    /// Where each owner glob is written in the configuration, for errors.
    pub owner_spans: Vec<std::ops::Range<usize>>,
    /// Names through which the rest of the code should reach the owner.
    pub entry_points: EntryPoints,
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

    /// What [`Concern::governs`] needs in a file's text: a piece of a governed name
    /// (`POSTGRES_*` needs `POSTGRES_`).
    pub fn governed_pieces(&self) -> impl Iterator<Item = &str> {
        self.env.literal_pieces()
    }

    /// What [`Concern::is_provider_name`] needs in a file's text: a provider word sequence
    /// as an identifier spells it, with its underscores or run together (`database_url`,
    /// `databaseUrl`, `DatabaseURL`).
    pub fn provider_spellings(&self) -> impl Iterator<Item = String> + '_ {
        self.provider_words.iter().flat_map(|seq| {
            let snake = seq.text();
            let joined = snake.replace('_', "");
            [snake, joined]
        })
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
    pub fn owners_for(&self, lang: Lang) -> Vec<&str> {
        let same = self.same_language_owners(lang);
        if same.is_empty() { self.owners.iter().map(String::as_str).collect() } else { same }
    }

    /// The owner globs that name files of `lang`.
    fn same_language_owners(&self, lang: Lang) -> Vec<&str> {
        self.owners.iter().map(String::as_str).filter(|o| o.ends_with(lang.extension())).collect()
    }

    /// How code in `lang` outside the owners should get the value: the entry point to call
    /// in that language and where it is defined, else the owner in that language, else how
    /// to configure one.
    pub fn delegation_help(&self, lang: Lang) -> String {
        if let Some(entries) = self.entry_points.for_lang(lang) {
            return format!("get the value through {entries}");
        }
        let owners = self.same_language_owners(lang);
        if !owners.is_empty() {
            return format!("get the value from the owner (`{}`)", owners.join("`, `"));
        }
        let key = lang.config_key();
        if self.owners.is_empty() {
            return format!(
                "choose one module to own `{}` and list it under `[concerns.{}] owners` in ssotlint.toml",
                self.name, self.name
            );
        }
        format!(
            "`{}` has no owner or entry point in {}: add one under `[concerns.{}] owners` or `entry-points = {{ {key} = [...] }}` in ssotlint.toml",
            self.name,
            lang.name(),
            self.name
        )
    }
}

/// The names through which code outside the owners reaches a concern's value, each with
/// its language and the owner file that defines it when known.
#[derive(Debug, Clone, Default)]
pub struct EntryPoints {
    /// Every name, as configured.
    pub names: Vec<String>,
    /// Each name's language: configured per language, or learned from the owner that
    /// defines it (`None` until then: the name is offered to both languages).
    langs: Vec<Option<Lang>>,
    /// The owner file that defines each name, when one was found.
    homes: Vec<Option<String>>,
}

impl EntryPoints {
    pub fn from_raw(raw: &RawEntryPoints) -> Self {
        let (names, langs): (Vec<String>, Vec<Option<Lang>>) = match raw {
            RawEntryPoints::Any(names) => names.iter().map(|n| (n.clone(), None)).unzip(),
            RawEntryPoints::PerLanguage(per) => {
                let python = per.python.iter().map(|n| (n.clone(), Some(Lang::Python)));
                python.chain(per.rust.iter().map(|n| (n.clone(), Some(Lang::Rust)))).unzip()
            }
        };
        let homes = vec![None; names.len()];
        Self { names, langs, homes }
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Learns where each name is defined from the owners' files, `(path, text)`: the first
    /// owner (in path order) that defines it, in its language if one was configured.
    pub fn locate<'a>(&mut self, owners: impl Iterator<Item = (&'a str, &'a str)>) {
        for (path, text) in owners {
            let Some(lang) = Lang::from_path(std::path::Path::new(path)) else { continue };
            for (i, name) in self.names.iter().enumerate() {
                let fits = self.langs[i].is_none_or(|l| l == lang);
                if self.homes[i].is_none() && fits && defines(text, name, lang) {
                    self.homes[i] = Some(path.to_owned());
                    self.langs[i] = Some(lang);
                }
            }
        }
    }

    /// The names code in `lang` can call, as help shows them: `` `a` or `b` (from `path`) ``,
    /// grouped by the owner file that defines them.
    pub fn for_lang(&self, lang: Lang) -> Option<String> {
        let mut groups: Vec<(Option<&str>, Vec<String>)> = Vec::new();
        for i in (0..self.names.len()).filter(|&i| self.langs[i].is_none_or(|l| l == lang)) {
            let home = self.homes[i].as_deref();
            let name = format!("`{}`", self.names[i]);
            match groups.iter_mut().find(|(h, _)| *h == home) {
                Some((_, names)) => names.push(name),
                None => groups.push((home, vec![name])),
            }
        }
        let phrases: Vec<String> = groups
            .into_iter()
            .map(|(home, names)| match home {
                Some(home) => format!("{} (from `{home}`)", names.join(" or ")),
                None => names.join(" or "),
            })
            .collect();
        (!phrases.is_empty()).then(|| phrases.join(" or "))
    }
}

/// Whether `text` defines `name`: a function, class, struct, constant or variable of that
/// name (its keyword before it, or an assignment after it).
fn defines(text: &str, name: &str, lang: Lang) -> bool {
    let keywords: &[&str] = match lang {
        Lang::Python => &["def ", "class ", "async def "],
        Lang::Rust => &["fn ", "struct ", "enum ", "trait ", "type ", "const ", "static ", "mod "],
    };
    text.match_indices(name).any(|(at, _)| {
        let before = &text[..at];
        let after = &text[at + name.len()..];
        let whole_word = !before.ends_with(|c: char| c.is_alphanumeric() || c == '_')
            && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
        let declared = keywords.iter().any(|k| before.ends_with(k));
        let assigned = lang == Lang::Python
            && before.rsplit('\n').next().is_some_and(|line| line.trim().is_empty())
            && (after.trim_start().starts_with('=') && !after.trim_start().starts_with("==")
                || after.trim_start().starts_with(':'));
        whole_word && (declared || assigned)
    })
}
