//! What neutral nodes mean: which calls read the environment, which values are database
//! URLs or host names, which literals are schemes, hosts or environment words.
//!
//! Language-independent: the per-language differences are vocabulary (`rules/*.toml`).

mod entry;
mod pool;
mod provenance;
mod triggers;

pub use provenance::Derivation;

use crate::analysis::model::{
    Access, Call, Callee, Compare, CompareOp, Scope, Subscript, Value, ValueKind, last_segment,
};
use crate::config::concern::Concern;
use crate::config::vocab::{LangVocab, Vocabulary};
use crate::support::pattern::PatternSet;
use crate::support::source::Lang;
use crate::support::words::contains_at_word_start;

/// The concern whose values are database URLs; URL rules look at it.
pub use crate::config::concern::DATABASE_URL;

/// The settings-field keyword that names an environment variable outright, in any class
/// (`Field(..., env="X")`); the other `field-keywords` name one only in a settings class.
pub const FIELD_ENV_KEYWORD: &str = "env";

#[derive(Clone, Copy)]
pub struct Semantics<'a> {
    pub vocab: &'a Vocabulary,
    pub lang: &'a LangVocab,
    pub concerns: &'a [Concern],
    /// Type-name patterns with size limits; other types need no size facts.
    pub sized_types: &'a PatternSet,
    database: Option<&'a Concern>,
}

impl<'a> Semantics<'a> {
    pub fn new(vocab: &'a Vocabulary, lang: Lang, concerns: &'a [Concern], sized_types: &'a PatternSet) -> Self {
        let database = concerns.iter().find(|c| c.name == DATABASE_URL);
        Self { vocab, lang: vocab.lang(lang), concerns, sized_types, database }
    }

    /// The index of the first concern whose provider words name this function. Test
    /// functions (`test_*`) are never providers, whatever else their name says.
    pub fn provider_concern(&self, name: &str) -> Option<usize> {
        if name.starts_with("test_") {
            return None;
        }
        self.concerns.iter().position(|c| c.is_provider_name(name))
    }

    /// Whether a type of this name has size limits.
    pub fn is_sized_type(&self, name: &str) -> bool {
        self.sized_types.matches(name)
    }

    pub fn database(&self) -> Option<&'a Concern> {
        self.database
    }

    /// The first concern that governs `var`.
    pub fn governing(&self, var: &str) -> Option<&'a Concern> {
        self.concerns.iter().find(|c| c.governs(var))
    }

    fn governed(&self, var: &str) -> bool {
        self.governing(var).is_some()
    }

    /// The variable a call reads, if it is an environment read with a literal name.
    ///
    /// Library forms (`os.getenv`, `env::var`, `env!`) read any variable; the generic forms
    /// that catch project wrappers count only for governed variables: a function named like
    /// a getter of the environment (`get_env("X")`, `required_var("X")`), or a method of
    /// the environment or of something named after it (`get_env().get("X")`,
    /// `env.str("X")`). `app.config.get("X")` reads the application's configuration.
    pub fn env_read_of_call(&self, call: &Call) -> Option<Box<str>> {
        if let Some(var) = self.implicit_read(call).or_else(|| self.source_read(call)) {
            return Some(var);
        }
        let var = call.arg(0)?.as_str()?;
        let path = call.path();
        let library = match &call.callee {
            Callee::Path { path, .. } if path.ends_with('!') => {
                let path = path.trim_end_matches('!');
                self.lang.read_macros.matches(path) || self.lang.read_macros.matches(last_segment(path))
            }
            // `config("X")` where `config = Config(".env")`: the adapter names the callee
            // after the call it was assigned from.
            Callee::Path { path, .. } if path.ends_with("()") => {
                self.lang.reader_instances.matches(path.trim_end_matches("()"))
            }
            _ => path.is_some_and(|p| self.lang.read_calls.matches(p)),
        };
        if library {
            return Some(var.into());
        }
        // The generic forms count only for governed variables: test that first, it is cheap.
        if !self.governed(var) {
            return None;
        }
        let name = call.name()?.to_ascii_lowercase();
        let sets_pair = call.args.len() == 2 && self.lang.pair_writer_names.matches(&name);
        if sets_pair || self.lang.writer_names.matches(&name) {
            return None;
        }
        let wrapper = match &call.callee {
            Callee::Method { receiver, .. } => self.names_environment(&name) || self.is_environment(receiver),
            Callee::Path { .. } => self.lang.getter_names.matches(&name),
            Callee::Other => false,
        };
        wrapper.then(|| var.into())
    }

    /// `env.db()`: a method of the environment that reads a fixed variable when given no name.
    fn implicit_read(&self, call: &Call) -> Option<Box<str>> {
        let Callee::Method { receiver, name, .. } = &call.callee else { return None };
        if !call.args.is_empty() || self.lang.implicit_reads.is_empty() {
            return None;
        }
        let var = self.lang.implicit_reads.get(&**name)?;
        (receiver.made_by(&self.lang.reader_instances) || self.is_environment(receiver)).then(|| var.as_str().into())
    }

    /// `Env::raw().only(&["DATABASE_URL"])`: a governed name handed to an environment source
    /// of a configuration crate.
    fn source_read(&self, call: &Call) -> Option<Box<str>> {
        let Callee::Method { receiver, .. } = &call.callee else { return None };
        if call.args.is_empty() || self.lang.source_calls.is_empty() {
            return None;
        }
        if !receiver.made_by(&self.lang.source_calls) {
            return None;
        }
        call.args.iter().flat_map(Value::literals).find(|var| self.governed(var)).map(Box::from)
    }

    /// The variable a settings field call binds its field to wherever it is called
    /// (`Field(..., env="X")`), with the span of the name.
    pub fn env_binding_of_call(&self, call: &Call) -> Option<(Box<str>, crate::support::source::Span)> {
        // Most calls have no such keyword: test that before the path patterns.
        let value = call.keyword(FIELD_ENV_KEYWORD)?;
        let path = call.path()?;
        let is_field = self.lang.field_calls.matches(path) || self.lang.field_calls.matches(last_segment(path));
        if !is_field {
            return None;
        }
        Some((value.as_str()?.into(), value.span))
    }

    /// The variable a subscript reads: `os.environ["X"]`, or `<environment>["X"]` for a
    /// governed `X`.
    pub fn env_read_of_subscript(&self, subscript: &Subscript) -> Option<Box<str>> {
        if subscript.access != Access::Load {
            return None;
        }
        let var = subscript.key.as_str()?;
        (self.is_mapping(&subscript.object) || (self.governed(var) && self.is_environment(&subscript.object)))
            .then(|| var.into())
    }

    /// The governed variable a call looks up in something that is not the environment
    /// (`current_app.config.get("SQLALCHEMY_DATABASE_URI")`): the concern's value all the same.
    /// A platform variable looked up the same way (`cfg.get("K_SERVICE")`) is the platform's
    /// value too: its name says what it holds, whatever mapping it was copied into.
    fn setting_of_call(&self, call: &Call) -> Option<Box<str>> {
        let var = call.arg(0)?.as_str().filter(|var| self.governed(var) || self.is_cloud_variable(var))?;
        let name = call.name()?.to_ascii_lowercase();
        let writes = self.lang.writer_names.matches(&name)
            || (call.args.len() == 2 && self.lang.pair_writer_names.matches(&name));
        (!writes).then(|| var.into())
    }

    /// The governed variable a subscript looks up in an application's configuration
    /// (`app.config["SQLALCHEMY_DATABASE_URI"]`).
    pub fn setting_of_subscript(&self, subscript: &Subscript) -> Option<Box<str>> {
        let var = subscript.key.as_str()?;
        let known = self.governed(var) || self.is_cloud_variable(var);
        (subscript.access == Access::Load && known).then(|| var.into())
    }

    /// Whether a value is the environment or named after it: `os.environ`, `env`,
    /// `get_env()`, `self.environment` (or was assigned from one of them).
    pub fn is_environment(&self, value: &Value) -> bool {
        value.origins().any(|origin| match &origin.kind {
            ValueKind::Name { path, .. } | ValueKind::Call { path } => {
                self.lang.mappings.matches(path)
                    || path.split(['.', ':']).any(|segment| self.names_environment(segment))
            }
            _ => false,
        })
    }

    /// Whether an identifier has a word that names the environment (`get_env`, `environ`).
    fn names_environment(&self, ident: &str) -> bool {
        crate::support::words::split_words(ident).iter().any(|word| self.lang.environment_words.contains(word))
    }

    /// The variable a membership test reads: `"X" in os.environ`.
    pub fn env_read_of_compare(&self, compare: &Compare) -> Option<Box<str>> {
        if !matches!(compare.op, CompareOp::In | CompareOp::NotIn) {
            return None;
        }
        let var = compare.left.as_str()?;
        self.is_mapping(&compare.right).then(|| var.into())
    }

    fn is_mapping(&self, value: &Value) -> bool {
        matches!(&value.kind, ValueKind::Name { path, .. } if self.lang.mappings.matches(path))
    }

    /// The value of a call expression: an environment read, a built URL, or the result of a
    /// named call.
    pub fn call_value(&self, call: &Call) -> ValueKind {
        if let Some(var) = self.env_read_of_call(call) {
            return ValueKind::EnvRead(var);
        }
        if self.is_url_builder(call) {
            return ValueKind::BuiltUrl(call.path().unwrap_or_default().into());
        }
        if let Some(var) = self.setting_of_call(call) {
            return ValueKind::Setting(var);
        }
        match call.path() {
            Some(path) => ValueKind::Call { path: path.into() },
            None => ValueKind::Other,
        }
    }

    /// Whether a call builds a database URL from parts: a database URL builder, or a generic
    /// URL builder given a database scheme (`MultiHostUrl.build(scheme="postgresql", ...)`).
    pub fn is_url_builder(&self, call: &Call) -> bool {
        let Some(path) = call.path() else { return false };
        if self.lang.url_builder_calls.matches(path) {
            return true;
        }
        self.lang.url_generic_builder_calls.matches(path)
            && call.args.iter().chain(call.keywords.iter().map(|k| &k.value)).filter_map(Value::as_str).any(|text| {
                let lower = text.to_ascii_lowercase();
                self.is_scheme_literal(text) || self.vocab.schemes.contains(&lower)
            })
    }

    /// The argument a call only reshapes: a URL parser's result is still the URL
    /// (`urlparse(db_url).hostname` is part of the database URL).
    pub fn passes_through<'v>(&self, call: &'v Call) -> Option<&'v Value> {
        let path = call.path()?;
        if self.lang.url_parse_calls.matches(path) { call.arg(0) } else { None }
    }

    /// Whether a value is (or was assigned from) a database URL: a governed variable read,
    /// a name or call result named like one, or a literal that starts with a database scheme.
    pub fn is_url_like(&self, value: &Value, scope: Scope<'_>) -> bool {
        let Some(db) = self.database else {
            return false;
        };
        value.origins().any(|origin| match &origin.kind {
            ValueKind::EnvRead(var) | ValueKind::Setting(var) => db.governs(var),
            ValueKind::Name { path, .. } => self.is_url_name(db, path, scope),
            ValueKind::Call { path } => db.is_provider_name(last_segment(path)),
            ValueKind::Str(text) => self.scheme_prefix(text).is_some(),
            ValueKind::Format(parts) => {
                self.scheme_prefix(&parts.prefix).is_some()
                    || (parts.scheme_is_interpolated() && parts.has_credentials())
            }
            ValueKind::BuiltUrl(_) => true,
            ValueKind::Collection(_) | ValueKind::OneOf(_) | ValueKind::Mapping(_) | ValueKind::Other => false,
        })
    }

    /// Whether a field or module-level name holds a concern's value: named like it
    /// (`database_url`), or a plain `url`/`uri` of a type about the database
    /// (`struct Database { url: String }`).
    pub fn holder_concern(&self, name: &str, scope: Scope<'_>) -> Option<usize> {
        if let Some(concern) = self.provider_concern(name) {
            return Some(concern);
        }
        // `pg_host: String` holds `PG_HOST`, as a settings class field named after it would;
        // a pattern (`POSTGRES_*`) says too little about a field (`postgres_connection_info`).
        let upper = name.to_ascii_uppercase();
        if let Some(concern) = self.concerns.iter().position(|c| c.names_exactly(&upper)) {
            return Some(concern);
        }
        let db = self.database?;
        let in_database_type = scope.class.is_some_and(|c| db.is_context_name(c));
        (db.is_context_value_name(name) && in_database_type)
            .then(|| self.concerns.iter().position(|c| std::ptr::eq(c, db)))?
    }

    /// Whether the enclosing function or class is about the database (`connect_db`,
    /// `PostgresConfig`).
    pub fn in_database_scope(&self, scope: Scope<'_>) -> bool {
        self.database.is_some_and(|db| {
            scope.function.is_some_and(|f| db.is_context_name(f)) || scope.class.is_some_and(|c| db.is_context_name(c))
        })
    }

    fn is_url_name(&self, db: &Concern, path: &str, scope: Scope<'_>) -> bool {
        let last = last_segment(path);
        // `DATABASE_URL`, `DATABASE_CREDENTIALS`: a name that is a governed variable's holds it.
        if db.is_provider_name(last) || db.governs(last) {
            return true;
        }
        if !db.is_context_value_name(last) || db.is_unrelated(&crate::support::words::split_words(path)) {
            return false;
        }
        let owner_segments = path.rsplit(['.', ':']).skip(1);
        owner_segments.into_iter().any(|seg| db.is_context_name(seg))
            || scope.function.is_some_and(|f| db.is_context_name(f))
            || scope.class.is_some_and(|c| db.is_context_name(c))
    }

    /// Whether a value is (or was assigned from) the machine's host name.
    pub fn is_host_source(&self, value: &Value) -> bool {
        value.origins().any(|origin| origin.path_text().is_some_and(|text| self.lang.host_sources.matches(&text)))
    }

    /// The platform variable a value was read from (`K_SERVICE`, `HOSTNAME`), from the
    /// environment or a mapping it was copied into, if any.
    pub fn cloud_variable<'v>(&self, value: &'v Value) -> Option<&'v str> {
        value.origins().find_map(|origin| match &origin.kind {
            ValueKind::EnvRead(var) | ValueKind::Setting(var) if self.is_cloud_variable(var) => Some(&**var),
            _ => None,
        })
    }

    fn is_cloud_variable(&self, var: &str) -> bool {
        self.vocab.cloud_variables.matches(var)
    }

    /// The database scheme a text starts with, followed by `:` or a `+driver`.
    pub fn scheme_prefix(&self, text: &str) -> Option<&'a str> {
        let lower = text.get(..text.len().min(24))?.to_ascii_lowercase();
        self.vocab
            .schemes
            .iter()
            .filter(|scheme| {
                lower.strip_prefix(scheme.as_str()).is_some_and(|rest| rest.starts_with(':') || rest.starts_with('+'))
            })
            .max_by_key(|scheme| scheme.len())
            .map(String::as_str)
    }

    /// A scheme literal: a scheme followed by `:`/`://`, or one that names a driver.
    pub fn is_scheme_literal(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.scheme_prefix(text).is_some() || self.vocab.schemes.iter().any(|s| s.contains('+') && lower == *s)
    }

    /// A host literal: `localhost`, `127.0.0.1`, … (optionally with a port or path), or a
    /// literal containing `@`, `/cloudsql/` or `.internal`.
    pub fn is_host_literal(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.vocab.hosts.iter().any(|host| {
            lower.strip_prefix(host.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with([':', '/']))
        }) || self.vocab.host_markers.iter().any(|m| lower.contains(m.as_str()))
    }

    /// The environment or host word a literal contains at a word start, if any.
    pub fn env_word(&self, text: &str) -> Option<&'a str> {
        let lower = text.to_lowercase();
        self.vocab.env_words.iter().find(|word| contains_at_word_start(&lower, word)).map(String::as_str)
    }

    /// A separator that takes a URL apart: one of the vocabulary's, or anything holding
    /// `://` (`":///"`).
    pub fn is_separator(&self, text: &str) -> bool {
        self.vocab.separators.iter().any(|s| s == text) || text.contains("://")
    }

    /// A scheme written as a bare word (`"sqlite"`, `"Postgres"`): URL handling only when
    /// tested on a value that is already a database URL.
    pub fn is_bare_scheme(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.vocab.schemes.contains(&lower)
    }
}
impl crate::config::Settings {
    /// The meaning of code in `lang` under these settings.
    pub fn semantics(&self, lang: crate::support::source::Lang) -> Semantics<'_> {
        Semantics::new(&self.vocab, lang, &self.concerns, &self.sized_types)
    }
}
