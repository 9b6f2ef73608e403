//! The prefilter's half of the semantics: for each predicate a check asks, the text a file
//! must hold for the predicate to answer yes (a [`Trigger`]). Each is named after the
//! predicate it guards and built from the vocabulary that predicate reads, one alternative
//! per way it can say yes; a rule's `triggers` combines the ones its `check` asks.
//! `the_prefilter_never_drops_a_finding_on_any_fixture_line` (tests/rules.rs) fails when an
//! alternative is missing.

use super::Semantics;
use crate::analysis::model::last_segment;
use crate::config::concern::Concern;
use crate::input::prefilter::Trigger;
use crate::support::source::Lang;

impl Semantics<'_> {
    /// For [`Concern::governs`] (of `only`, else of any concern): a governed name as a file
    /// of `lang` spells it.
    pub fn governed_trigger(&self, lang: Lang, only: Option<&Concern>) -> Trigger {
        let concerns = self.concerns.iter().filter(|c| only.is_none_or(|only| std::ptr::eq(*c, only)));
        let pieces = || Trigger::pieces(concerns.clone().flat_map(Concern::governed_pieces));
        match lang {
            // A settings field reads its own name in upper case (`database_url: str`).
            Lang::Python => pieces(),
            // A literal keeps its case (`postgres_type` is not `POSTGRES_*`); only a bare
            // `#[arg(env)]` reads a field's name in upper case.
            Lang::Rust => {
                let exact = match pieces() {
                    Trigger::Words(words) => Trigger::ExactWords(words),
                    other => other,
                };
                let keys = Trigger::IdentWords(self.lang.attribute_keys.iter().cloned().collect());
                // `envy::from_env::<Config>()` reads a field's name in upper case too.
                let typed = self.lang.typed_readers.literal_pieces().map(|p| last_segment(p).to_owned());
                let typed = Trigger::Words(typed.collect());
                Trigger::Any(vec![exact, Trigger::All(vec![pieces(), Trigger::Any(vec![keys, typed])])])
            }
        }
    }

    /// For `Semantics::implicit_read`: a method of the environment that reads a governed
    /// variable (of `only`, else of any concern) without naming it (`env.db()`).
    pub fn implicit_read_trigger(&self, only: Option<&Concern>) -> Trigger {
        let concerns = self.concerns.iter().filter(|c| only.is_none_or(|only| std::ptr::eq(*c, only)));
        let governed = |var: &str| concerns.clone().any(|c| c.governs(var));
        let reads = self.lang.implicit_reads.iter().filter(|(_, var)| governed(var));
        Trigger::Words(reads.map(|(method, _)| format!(".{method}(")).collect())
    }

    /// For [`Semantics::env_read_of_call`] and the other reads of a governed variable (of
    /// `only`, else of any concern): its name, or a method that reads it unnamed.
    pub fn env_read_trigger(&self, lang: Lang, only: Option<&Concern>) -> Trigger {
        Trigger::Any(vec![self.governed_trigger(lang, only), self.implicit_read_trigger(only)])
    }

    /// For [`Concern::is_provider_name`] (of `only`, else of any concern, as
    /// [`Semantics::provider_concern`] asks).
    pub fn provider_trigger(&self, only: Option<&Concern>) -> Trigger {
        let concerns = self.concerns.iter().filter(|c| only.is_none_or(|only| std::ptr::eq(*c, only)));
        Trigger::Words(concerns.flat_map(Concern::provider_spellings).collect())
    }

    /// For [`Semantics::scheme_prefix`] and [`Semantics::is_scheme_literal`]: a scheme at the
    /// start of a literal, followed by `:` or a `+driver` (`"postgres://…"`,
    /// `f"postgresql+{driver}…"`), not a bare word (`Postgres`) or a module path
    /// (`sqlite::Connection`).
    pub fn scheme_trigger(&self) -> Trigger {
        Trigger::StringStarts(self.vocab.schemes.iter().flat_map(|s| [format!("{s}:"), format!("{s}+")]).collect())
    }

    /// For [`FormatParts::scheme_is_interpolated`](crate::analysis::model::FormatParts::scheme_is_interpolated):
    /// a template that starts with a hole and `://` (`f"{scheme}://…"`, `"{}://…"`,
    /// `"%s://…" % …`, `scheme + "://" + …`).
    pub fn interpolated_scheme_trigger(&self) -> Trigger {
        Trigger::Any(vec![
            Trigger::Words(vec!["}://".into(), "%s://".into(), ")s://".into()]),
            Trigger::StringStarts(vec!["://".into()]),
        ])
    }

    /// For [`Semantics::is_url_builder`]: a call of a URL builder.
    pub fn url_builder_trigger(&self) -> Trigger {
        let builders = self.lang.url_builder_calls.patterns().chain(self.lang.url_generic_builder_calls.patterns());
        Trigger::call_paths(builders)
    }

    /// For [`Semantics::is_url_like`], one alternative per kind of value it accepts.
    pub fn url_like_trigger(&self, lang: Lang) -> Trigger {
        let Some(db) = self.database() else { return Trigger::Never };
        // A plain `url` counts only inside a function or class whose name holds a database
        // word, or on a database-named owner (`db.url`).
        let plain_url = Trigger::All(vec![
            Trigger::IdentWords(db.context_value_words.clone()),
            Trigger::ContextWords(db.context_words.clone()),
        ]);
        Trigger::Any(vec![
            // An environment read or setting of a governed variable, a name that is one.
            self.env_read_trigger(lang, Some(db)),
            // A name or call result named like a provider.
            self.provider_trigger(Some(db)),
            plain_url,
            // A literal or template that starts with a scheme.
            self.scheme_trigger(),
            // A template whose scheme is interpolated too (`{}://{}:{}@…`).
            self.interpolated_scheme_trigger(),
            // A URL built by a builder.
            self.url_builder_trigger(),
        ])
    }

    /// For [`Semantics::is_host_source`].
    pub fn host_source_trigger(&self) -> Trigger {
        Trigger::call_paths(self.lang.host_sources.patterns())
    }

    /// For [`Semantics::cloud_variable`]: variable names are matched with case, so
    /// `hostname` in prose does not count.
    pub fn cloud_variable_trigger(&self) -> Trigger {
        Trigger::ExactWords(self.vocab.cloud_variables.literal_pieces().map(str::to_owned).collect())
    }

    /// For [`Semantics::env_word`].
    pub fn env_word_trigger(&self) -> Trigger {
        Trigger::Words(self.vocab.env_words.clone())
    }

    /// For [`Semantics::is_sized_type`]: the declaration of a type with size limits (any
    /// file, when a pattern such as `*` limits every type).
    pub fn sized_type_trigger(&self) -> Trigger {
        if self.sized_types.matches_any_name() {
            return Trigger::Always;
        }
        Trigger::TypeNames(self.sized_types.literal_pieces().map(str::to_owned).collect())
    }

    /// For [`Semantics::pool_strategy_of_call`], [`Semantics::pool_strategy_of_keys`] and
    /// [`Semantics::pool_strategy_of_name`]: any way a file chooses or sizes a pool.
    pub fn pool_trigger(&self) -> Trigger {
        let sizing_keywords = Trigger::Words(self.vocab.pool_sizing_keywords.iter().cloned().collect());
        let each = self.lang.pool_strategies.iter().flat_map(|s| {
            [
                Trigger::call_paths(s.values.patterns().chain(s.calls.patterns())),
                Trigger::Words(s.methods.iter().cloned().collect()),
                Trigger::All(vec![
                    Trigger::call_paths(s.sizing_receivers.patterns()),
                    Trigger::Words(s.sizing_methods.iter().cloned().collect()),
                ]),
                Trigger::All(vec![Trigger::call_paths(s.sized_calls.patterns()), sizing_keywords.clone()]),
                // Its own keys size a dict of engine options or a call (`conn_max_age=60`).
                Trigger::Any(s.keys.iter().map(|key| key_trigger(key)).collect()),
            ]
        });
        Trigger::Any(each.collect())
    }

    /// For [`Semantics::entry_point_called`]: a concern's entry point named.
    pub fn entry_point_trigger(&self) -> Trigger {
        Trigger::Words(self.concerns.iter().flat_map(|c| c.entry_points.names.iter().cloned()).collect())
    }

    /// For [`Semantics::holder_concern`]: a name that holds a concern's value.
    pub fn holder_trigger(&self) -> Trigger {
        let mut alternatives = vec![self.provider_trigger(None)];
        // Named after a governed variable written out in full (`pg_host` holds `PG_HOST`).
        let exact = self.concerns.iter().flat_map(|c| c.env.patterns().filter(|p| !p.contains('*')));
        alternatives.push(Trigger::Words(exact.map(str::to_owned).collect()));
        if let Some(db) = self.database() {
            // A plain `url` field of a type about the database.
            alternatives.push(Trigger::All(vec![
                Trigger::IdentWords(db.context_value_words.clone()),
                Trigger::ContextWords(db.context_words.clone()),
            ]));
        }
        Trigger::Any(alternatives)
    }
}

/// A key of a dict of engine options. A nested one (`OPTIONS.pool`) is how the adapters name
/// string keys at two levels (`{"OPTIONS": {"pool": …}}`, `db["OPTIONS"]["pool"] = …`): each
/// part starts a string literal (`options` and `pool` alone are everywhere).
fn key_trigger(key: &str) -> Trigger {
    if !key.contains('.') {
        return Trigger::Words(vec![key.to_owned()]);
    }
    Trigger::All(key.split('.').map(|part| Trigger::StringStarts(vec![part.to_owned()])).collect())
}
