//! The rules' vocabularies: governed variable names, provider words, URL schemes, read forms,
//! host-name sources. They are data in `rules/*.toml`, embedded in the binary, so that a new
//! library or variable is a one-line change to a TOML file, not to code.

mod files;
mod values;

use crate::support::hashing::FastSet as HashSet;
use std::sync::{Arc, OnceLock};

pub use files::{ConcernVocab, Language, PackKind, RawPackRule, RuleFile, SizeLimitEntry, parse_rule_file};
pub use values::ValueVocab;

use crate::config::Globs;
use crate::support::pattern::{Pattern, PatternSet};
use crate::support::source::Lang;

/// The built-in rule files, as `(path, text)`.
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    ("rules/concerns.toml", include_str!("../../../rules/concerns.toml")),
    ("rules/env-access.toml", include_str!("../../../rules/env-access.toml")),
    ("rules/url-syntax.toml", include_str!("../../../rules/url-syntax.toml")),
    ("rules/environment.toml", include_str!("../../../rules/environment.toml")),
    ("rules/connection-pool.toml", include_str!("../../../rules/connection-pool.toml")),
    ("rules/initializer-limits.toml", include_str!("../../../rules/initializer-limits.toml")),
    ("rules/values.toml", include_str!("../../../rules/values.toml")),
];

/// Every vocabulary, compiled for lookups.
#[derive(Debug)]
pub struct Vocabulary {
    pub concerns: Vec<ConcernVocab>,
    pub schemes: Vec<String>,
    pub hosts: Vec<String>,
    pub host_markers: Vec<String>,
    pub separators: Vec<String>,
    pub env_words: Vec<String>,
    pub cloud_variables: PatternSet,
    pub python: LangVocab,
    pub rust: LangVocab,
    pub pool_sizing_keywords: HashSet<String>,
    pub dict_update_methods: HashSet<String>,
    /// Backend families and their words, in order.
    pub pool_families: Vec<PoolFamily>,
    pub migration_imports: PatternSet,
    /// Path globs of migration tooling.
    pub migration_paths: Globs,
    /// Words of database libraries that do not name the backend.
    pub database_words: Vec<String>,
    /// Calls that build a generic pool's manager or config.
    pub manager_calls: PatternSet,
    pub initializer_limits: Vec<SizeLimit>,
    /// Path globs for proposing owners.
    pub never_owners: Globs,
    pub settings_modules: Globs,
    pub engine_modules: Globs,
}

/// A type-name pattern with its limits.
#[derive(Debug, Clone)]
pub struct SizeLimit {
    pub pattern: Pattern,
    pub max_lines: u32,
    pub max_methods: u32,
}

impl SizeLimit {
    pub fn new(entry: &SizeLimitEntry) -> Self {
        Self { pattern: Pattern::new(&entry.pattern), max_lines: entry.max_lines, max_methods: entry.max_methods }
    }
}

/// A backend family (`PostgreSQL`, `Redis`) and the identifier words that name it.
#[derive(Debug, Clone)]
pub struct PoolFamily {
    pub name: String,
    pub sql: bool,
    pub files: bool,
    pub words: Vec<String>,
}

/// A connection pool strategy and the code that chooses it, in one language.
#[derive(Debug, Default)]
pub struct PoolStrategy {
    pub name: String,
    /// The family when the site names none.
    pub family: Option<String>,
    /// The name it is compared by (see `rules/connection-pool.toml`).
    pub group: String,
    pub generic: bool,
    pub manager: bool,
    /// Methods that size it, and the group it is compared as without one.
    pub sized_by: HashSet<String>,
    pub unsized_group: Option<String>,
    pub values: PatternSet,
    pub calls: PatternSet,
    pub sized_calls: PatternSet,
    pub keys: HashSet<String>,
    pub methods: HashSet<String>,
    pub sizing_methods: HashSet<String>,
    pub sizing_receivers: PatternSet,
}

/// The vocabulary that differs per language.
#[derive(Debug, Default)]
pub struct LangVocab {
    pub read_calls: PatternSet,
    pub read_macros: PatternSet,
    pub mappings: PatternSet,
    pub getter_names: PatternSet,
    /// Identifier words that name the environment (`env`, `environ`).
    pub environment_words: HashSet<String>,
    pub writer_names: PatternSet,
    /// Names that set a variable when given a name and a value (`Command::env(K, V)`).
    pub pair_writer_names: PatternSet,
    pub settings_bases: PatternSet,
    pub field_keywords: HashSet<String>,
    pub field_calls: PatternSet,
    pub alias_calls: PatternSet,
    pub attributes: HashSet<String>,
    pub attribute_keys: HashSet<String>,
    /// Classes whose instances read the variable they are called with
    /// (`config = Config(".env"); config("DATABASE_URL")`).
    pub reader_instances: PatternSet,
    /// Methods of the environment that read a fixed variable when given no name
    /// (django-environ's `env.db()` reads `DATABASE_URL`).
    pub implicit_reads: crate::support::hashing::FastMap<String, String>,
    /// Environment sources of configuration libraries (figment's `Env::raw()`): a governed
    /// name given to a method of one reads that variable.
    pub source_calls: PatternSet,
    /// Calls that fill a struct from the environment, one variable per field, the struct
    /// given as a type argument (`envy::from_env::<Config>()`).
    pub typed_readers: PatternSet,
    pub url_parse_calls: PatternSet,
    /// Calls that build a database URL from parts (`URL.create`).
    pub url_builder_calls: PatternSet,
    /// Generic URL builders, which build a database URL when given a database scheme.
    pub url_generic_builder_calls: PatternSet,
    pub database_parse_targets: PatternSet,
    pub split_methods: HashSet<String>,
    pub rewrite_methods: HashSet<String>,
    pub url_test_methods: HashSet<String>,
    pub host_sources: PatternSet,
    pub env_test_methods: HashSet<String>,
    pub regex_calls: PatternSet,
    pub pool_strategies: Vec<PoolStrategy>,
    /// Last segments of pool class names, which the adapter reports as name references.
    pub watched_values: HashSet<String>,
    /// Every last name segment a pool-choosing call can have, to pass over the rest at once.
    pub pool_call_names: HashSet<String>,
    /// How values pass through calls and macros.
    pub values: ValueVocab,
}

impl Vocabulary {
    /// The vocabulary built from the embedded `rules/*.toml`.
    pub fn builtin() -> Arc<Vocabulary> {
        static BUILTIN: OnceLock<Arc<Vocabulary>> = OnceLock::new();
        BUILTIN.get_or_init(|| Arc::new(Vocabulary::from_files(builtin_files()))).clone()
    }

    /// The built-in vocabulary extended by rule packs.
    pub fn with_extra(extra: Vec<RuleFile>) -> Vocabulary {
        Vocabulary::from_files(builtin_files().chain(extra))
    }

    pub fn from_files(files: impl IntoIterator<Item = RuleFile>) -> Vocabulary {
        let mut merged = RuleFile::default();
        for file in files {
            merged.merge(file);
        }
        let env = merged.env_access;
        let url = merged.url_syntax;
        let environment = merged.environment;
        let values = merged.values;
        let strategies = |language: Language| -> Vec<PoolStrategy> {
            merged
                .pool
                .strategy
                .iter()
                .filter(|s| s.language == language)
                .map(|s| PoolStrategy {
                    name: s.name.clone(),
                    family: s.family.clone(),
                    group: s.group.clone().unwrap_or_else(|| s.name.clone()),
                    generic: s.generic,
                    manager: s.manager,
                    sized_by: set(s.sized_by.clone()),
                    unsized_group: s.unsized_group.clone(),
                    values: patterns(&s.values),
                    calls: patterns(&s.calls),
                    sized_calls: patterns(&s.sized_calls),
                    keys: set(s.keys.clone()),
                    methods: set(s.methods.clone()),
                    sizing_methods: set(s.sizing_methods.clone()),
                    sizing_receivers: patterns(&s.sizing_receivers),
                })
                .collect()
        };
        let (python_pools, rust_pools) = (strategies(Language::Python), strategies(Language::Rust));
        let lang = |env: files::EnvAccessLang,
                    url: files::UrlSyntaxLang,
                    envir: files::EnvironmentLang,
                    values: values::ValuesLang,
                    pool_strategies: Vec<PoolStrategy>| LangVocab {
            values: ValueVocab::new(values),
            pool_call_names: pool_strategies
                .iter()
                .flat_map(|s| {
                    let paths =
                        s.values.literal_pieces().chain(s.calls.literal_pieces()).chain(s.sized_calls.literal_pieces());
                    paths
                        .map(|p| crate::support::words::last_segment(p).to_owned())
                        .chain(s.methods.iter().cloned())
                        .chain(s.sizing_methods.iter().cloned())
                        .collect::<Vec<_>>()
                })
                .collect(),
            watched_values: pool_strategies
                .iter()
                .flat_map(|s| s.values.literal_pieces())
                .map(|v| crate::support::words::last_segment(v).to_owned())
                .collect(),
            pool_strategies,
            read_calls: patterns(&env.read_calls),
            read_macros: patterns(&env.read_macros),
            mappings: patterns(&env.mappings),
            getter_names: patterns(&env.getter_names),
            environment_words: set(env.environment_words),
            writer_names: patterns(&env.writer_names),
            pair_writer_names: patterns(&env.pair_writer_names),
            settings_bases: patterns(&env.settings_bases),
            field_keywords: set(env.field_keywords),
            field_calls: patterns(&env.field_calls),
            alias_calls: patterns(&env.alias_calls),
            attributes: set(env.attributes),
            attribute_keys: set(env.attribute_keys),
            reader_instances: patterns(&env.reader_instances),
            implicit_reads: env.implicit_reads.into_iter().collect(),
            source_calls: patterns(&env.source_calls),
            typed_readers: patterns(&env.typed_readers),
            url_parse_calls: patterns(&url.parse_calls),
            url_builder_calls: patterns(&url.builder_calls),
            url_generic_builder_calls: patterns(&url.generic_builder_calls),
            database_parse_targets: patterns(&url.database_parse_targets),
            split_methods: set(url.split_methods),
            rewrite_methods: set(url.rewrite_methods),
            url_test_methods: set(url.test_methods),
            host_sources: patterns(&envir.host_sources),
            env_test_methods: set(envir.test_methods),
            regex_calls: patterns(&envir.regex_calls),
        };
        Vocabulary {
            concerns: merged.concern,
            schemes: url.schemes,
            hosts: url.hosts,
            host_markers: url.host_markers,
            separators: url.separators,
            env_words: environment.words,
            cloud_variables: patterns(&environment.cloud_variables),
            python: lang(env.python, url.python, environment.python, values.python, python_pools),
            rust: lang(env.rust, url.rust, environment.rust, values.rust, rust_pools),
            pool_families: merged
                .pool
                .family
                .iter()
                .map(|f| PoolFamily { name: f.name.clone(), sql: f.sql, files: f.files, words: f.words.clone() })
                .collect(),
            migration_imports: patterns(&merged.pool.migration_imports),
            migration_paths: globs(&merged.pool.migration_paths),
            database_words: merged.pool.database_words.clone(),
            manager_calls: patterns(&merged.pool.manager_calls),
            pool_sizing_keywords: set(merged.pool.sizing_keywords),
            dict_update_methods: set(merged.pool.dict_update_methods.clone()),
            initializer_limits: merged.initializer_limit.iter().map(SizeLimit::new).collect(),
            never_owners: globs(&merged.proposal.never_owners),
            settings_modules: globs(&merged.proposal.settings_modules),
            engine_modules: globs(&merged.proposal.engine_modules),
        }
    }

    pub fn lang(&self, lang: Lang) -> &LangVocab {
        match lang {
            Lang::Python => &self.python,
            Lang::Rust => &self.rust,
        }
    }
}

fn builtin_files() -> impl Iterator<Item = RuleFile> {
    BUILTIN_FILES.iter().map(|(path, text)| {
        // The embedded files are checked by a unit test; failing here is a build defect.
        parse_rule_file(path, text).unwrap_or_else(|err| panic!("built-in {path}: {err}"))
    })
}

/// Path globs; a rule pack's invalid glob is left out (its file was validated on load).
fn globs(list: &[String]) -> Globs {
    let valid = list.iter().filter(|p| Globs::new([(p.as_str(), 0..0)]).is_ok());
    Globs::new(valid.map(|p| (p.as_str(), 0..0))).unwrap_or_default()
}

fn patterns(list: &[String]) -> PatternSet {
    PatternSet::new(list.iter().map(String::as_str))
}

fn set(list: Vec<String>) -> HashSet<String> {
    list.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse_and_fill_every_section() {
        for (path, text) in BUILTIN_FILES {
            parse_rule_file(path, text).unwrap_or_else(|err| panic!("{path}: {err}"));
        }
        let vocab = Vocabulary::builtin();
        assert!(vocab.concerns.iter().any(|c| c.name == "database-url"));
        assert!(vocab.python.read_calls.matches("os.getenv"));
        assert!(vocab.rust.read_calls.matches("std::env::var"));
        assert!(vocab.rust.url_parse_calls.matches("sqlx::postgres::PgConnectOptions::from_str"));
        assert!(vocab.python.url_builder_calls.matches("sqlalchemy.engine.URL.create"));
        assert!(vocab.schemes.iter().any(|s| s == "postgresql+asyncpg"));
        assert!(vocab.cloud_variables.matches("K_SERVICE"));
        assert!(vocab.python.host_sources.matches("socket.gethostname()"));
        assert!(vocab.concerns.iter().any(|c| c.name == "connection-pool"));
        assert!(vocab.python.watched_values.contains("NullPool"));
        assert!(vocab.rust.pool_strategies.iter().any(|s| s.calls.matches("sqlx::postgres::PgPoolOptions::new")));
        assert_eq!(vocab.initializer_limits[0].pattern.as_str(), "*Initializer");
        // Every list survives the merge of the built-in files.
        assert!(vocab.pool_families.iter().any(|f| f.name == "Redis" && !f.sql));
        assert!(vocab.migration_imports.matches("alembic.context"));
        assert!(vocab.migration_paths.is_match("app/alembic/env.py"));
        assert!(vocab.database_words.iter().any(|w| w == "diesel"));
        assert!(vocab.manager_calls.matches("diesel::r2d2::ConnectionManager::new"));
        assert!(vocab.never_owners.is_match("app/migrations/0001_initial.py"));
        assert!(vocab.settings_modules.is_match("app/core/config.py"));
        assert!(vocab.engine_modules.is_match("app/db/engine.py"));
        assert!(vocab.concerns.iter().any(|c| c.candidate_env.iter().any(|e| e == "*_DB_URI")));
        assert!(vocab.python.pool_strategies.iter().any(|s| s.keys.contains("CONN_MAX_AGE")));
    }
}
