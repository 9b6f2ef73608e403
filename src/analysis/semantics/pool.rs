//! Which code chooses a connection pool strategy, and which strategy (`rules/connection-pool.toml`).

use super::Semantics;
use crate::analysis::model::{Call, Callee, NameRef, ValueKind};

impl<'a> Semantics<'a> {
    /// The strategy a call chooses: a pool constructor, a pool class instantiated, a sizing
    /// method on a sea-orm style options value, or an engine call with sizing keywords and no
    /// pool class (the pool class itself, as a keyword value, is reported as a name).
    pub fn pool_strategy_of_call(&self, call: &Call) -> Option<&'a str> {
        if let Some((_, name)) = call.method()
            && self.vocab.dict_update_methods.contains(name)
            && !call.keywords.is_empty()
        {
            return self.pool_strategy_of_keys(call.keywords.iter().map(|k| &*k.name)).map(|s| s.name.as_str());
        }
        // `_create_engine` is a project's thin wrapper of `create_engine`.
        if !call.name().is_some_and(|name| self.lang.pool_call_names.contains(name.trim_start_matches('_'))) {
            return None;
        }
        let strategies = &self.lang.pool_strategies;
        let path = call.path();
        if let Some(path) = path
            && let Some(s) = strategies.iter().find(|s| s.calls.matches(path) || s.values.matches(path))
        {
            return Some(&s.name);
        }
        if let Callee::Method { receiver, name, .. } = &call.callee {
            if let Some(s) = strategies.iter().find(|s| s.methods.contains(&**name)) {
                return Some(&s.name);
            }
            if let Some(s) =
                strategies.iter().find(|s| s.sizing_methods.contains(&**name) && receiver.made_by(&s.sizing_receivers))
            {
                return Some(&s.name);
            }
        }
        let path = path?;
        let explicit_class = call.keywords.iter().any(|k| self.pool_class_value(&k.value.kind).is_some());
        if explicit_class {
            return None;
        }
        let sized = |s: &crate::config::vocab::PoolStrategy| {
            call.keywords
                .iter()
                .any(|k| self.vocab.pool_sizing_keywords.contains(&*k.name) || s.keys.contains(&*k.name))
        };
        strategies.iter().find(|s| s.sized_calls.matches(path) && sized(s)).map(|s| s.name.as_str())
    }

    /// Whether a call builds an engine that could be sized (`create_engine(url)`): where the
    /// engine factory is, even when it leaves the pool at its defaults.
    pub fn is_engine_call(&self, call: &Call) -> bool {
        call.name().is_some_and(|name| self.lang.pool_call_names.contains(name.trim_start_matches('_')))
            && call.path().is_some_and(|path| self.lang.pool_strategies.iter().any(|s| s.sized_calls.matches(path)))
    }

    /// The strategy a dict of engine options chooses by its keys (`{"pool_size": 10}`).
    pub fn pool_strategy_of_keys<'k>(
        &self,
        mut keys: impl Iterator<Item = &'k str>,
    ) -> Option<&'a crate::config::vocab::PoolStrategy> {
        keys.find_map(|key| self.lang.pool_strategies.iter().find(|s| s.keys.contains(key)))
    }

    /// The strategy a pool class names where it is used as a value (`poolclass=NullPool`).
    pub fn pool_strategy_of_name(&self, name: &NameRef) -> Option<&'a str> {
        self.lang.pool_strategies.iter().find(|s| s.values.matches(&name.path)).map(|s| s.name.as_str())
    }

    fn pool_class_value(&self, value: &ValueKind) -> Option<&'a str> {
        match value {
            ValueKind::Name { path, .. } => {
                self.lang.pool_strategies.iter().find(|s| s.values.matches(path)).map(|s| s.name.as_str())
            }
            _ => None,
        }
    }
}

impl<'a> Semantics<'a> {
    /// The strategy a call or name chooses, by its index in the vocabulary.
    pub fn pool_strategy(&self, name: &str) -> Option<&'a crate::config::vocab::PoolStrategy> {
        self.lang.pool_strategies.iter().find(|s| s.name == name)
    }

    /// The backend family a pool call's own text names: its path, its type arguments, the
    /// paths its receiver and arguments come from and the schemes of URL literals it gets
    /// (`PgPoolOptions`, `RedisConnectionManager::new(…)`, `create_engine("sqlite://…")`).
    pub fn pool_family_of_call(&self, call: &Call) -> Option<&'a str> {
        self.family_named(self.pool_texts(call).iter().map(String::as_str))
    }

    /// Whether a pool call's text names a database library (`diesel::r2d2::Pool`) even
    /// where it names no backend.
    pub fn names_a_database(&self, call: &Call) -> bool {
        let words: Vec<String> =
            self.pool_texts(call).iter().flat_map(|t| crate::support::words::split_words(t)).collect();
        self.vocab.database_words.iter().any(|w| words.contains(w))
    }

    /// The texts that can name a pool's backend: the call's path and type arguments, the
    /// paths its receiver and arguments come from, the schemes of URL literals it is given.
    fn pool_texts(&self, call: &Call) -> Vec<String> {
        let mut texts: Vec<String> = Vec::new();
        texts.extend(call.path().map(str::to_owned));
        if let Callee::Method { turbofish: Some(target), .. } = &call.callee {
            texts.push(target.to_string());
        }
        texts.extend(call.type_args.as_deref().map(str::to_owned));
        let values = call.receiver().into_iter().chain(&call.args).chain(call.keywords.iter().map(|k| &k.value));
        for value in values {
            for origin in value.origins() {
                match &origin.kind {
                    ValueKind::Name { path, .. } | ValueKind::Call { path } => texts.push(path.to_string()),
                    ValueKind::BuiltUrl(path) => texts.push(path.to_string()),
                    ValueKind::Str(text) => texts.extend(self.scheme_prefix(text).map(str::to_owned)),
                    ValueKind::Format(parts) => texts.extend(self.scheme_prefix(&parts.prefix).map(str::to_owned)),
                    _ => {}
                }
            }
        }
        texts
    }

    /// The first family whose words one of `texts` has as an identifier word.
    pub fn family_named<'t>(&self, texts: impl Iterator<Item = &'t str>) -> Option<&'a str> {
        let words: Vec<String> = texts.flat_map(crate::support::words::split_words).collect();
        self.vocab
            .pool_families
            .iter()
            .find(|family| family.words.iter().any(|w| words.iter().any(|word| word == w)))
            .map(|family| family.name.as_str())
    }

    /// Whether an import makes a file migration tooling (`from alembic import context`).
    pub fn is_migration_import(&self, path: &str) -> bool {
        self.vocab.migration_imports.matches(path)
    }
}
