//! The serde shape of a rule file (`rules/*.toml` and user rule packs). Every table denies
//! unknown keys, so a typo is an error that points at the line, with a suggestion.

use serde::Deserialize;
use toml::Spanned;

use crate::finding::Severity;

use crate::config::UserError;

/// One rule file. All sections are optional; lists from several files are concatenated.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Concerns: things that must have exactly one source of truth.
    #[serde(default)]
    pub concern: Vec<ConcernVocab>,
    /// How each language reads environment variables.
    #[serde(default)]
    pub env_access: EnvAccess,
    /// The syntax of database URLs.
    #[serde(default)]
    pub url_syntax: UrlSyntax,
    /// Words and sources that give away environment sniffing.
    #[serde(default)]
    pub environment: Environment,
    /// Connection pool strategies and sizing.
    #[serde(default)]
    pub pool: Pool,
    /// How values pass through calls and macros (for the lowering).
    #[serde(default)]
    pub values: super::values::Values,
    /// Size limits of `oversized-initializer`.
    #[serde(default)]
    pub initializer_limit: Vec<SizeLimitEntry>,
    /// How owners are proposed (`init`, `unowned-concern`).
    #[serde(default)]
    pub proposal: ProposalVocab,
    /// Declarative rules (user rule packs).
    #[serde(default)]
    pub rule: Vec<RawPackRule>,
}

/// A declarative rule of a rule pack. Which fields apply depends on `kind`; the others are
/// errors that point at the field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPackRule {
    /// Kebab-case id, unique among all rules.
    pub id: Spanned<String>,
    pub kind: Spanned<PackKind>,
    /// One line for `ssotlint rules`; defaults to the message.
    pub summary: Option<String>,
    /// What the finding says.
    pub message: Option<String>,
    pub severity: Option<Severity>,
    /// Globs of the files the rule does not apply to.
    pub owners: Option<Vec<Spanned<String>>>,
    /// `env-read`: variable names (`*` wildcards).
    pub variables: Option<Spanned<Vec<String>>>,
    /// `banned-call`: call paths (`sqlalchemy.create_engine`, `*.get_database_url`).
    pub calls: Option<Spanned<Vec<String>>>,
    /// `banned-import`: module paths (`psycopg2`, `sqlalchemy.pool`, `r2d2`).
    pub modules: Option<Spanned<Vec<String>>>,
    /// `size-limit`: type-name patterns (`*Service`).
    pub types: Option<Spanned<Vec<String>>>,
    pub max_lines: Option<Spanned<u32>>,
    pub max_methods: Option<Spanned<u32>>,
    /// Why the rule exists, shown as help.
    pub reason: Option<String>,
    /// What to use instead, shown as help.
    pub replacement: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackKind {
    EnvRead,
    BannedCall,
    BannedImport,
    SizeLimit,
}

impl PackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackKind::EnvRead => "env-read",
            PackKind::BannedCall => "banned-call",
            PackKind::BannedImport => "banned-import",
            PackKind::SizeLimit => "size-limit",
        }
    }
}

impl RuleFile {
    pub fn merge(&mut self, other: RuleFile) {
        self.concern.extend(other.concern);
        self.env_access.merge(other.env_access);
        self.url_syntax.merge(other.url_syntax);
        self.environment.merge(other.environment);
        self.pool.merge(other.pool);
        self.values.merge(other.values);
        self.initializer_limit.extend(other.initializer_limit);
        self.proposal.merge(other.proposal);
        self.rule.extend(other.rule);
    }
}

/// Concatenates the named list fields of `other` onto `self`.
macro_rules! merge_lists {
    ($self:ident, $other:ident, $($field:ident),+ $(,)?) => {
        $( $self.$field.extend($other.$field); )+
    };
}

/// A concern's built-in vocabulary.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConcernVocab {
    /// Kebab-case name, as used in `[concerns.<name>]`.
    pub name: String,
    /// What the concern is, in a few words, for messages.
    #[serde(default)]
    pub description: String,
    /// Environment variables only the concern's owners may read (`*` wildcards).
    #[serde(default)]
    pub env: Vec<String>,
    /// Variable names `init` proposes to govern when the repository reads them.
    #[serde(default)]
    pub candidate_env: Vec<String>,
    /// Identifier word sequences that mark a producer or holder of the concern's value.
    #[serde(default)]
    pub provider_words: Vec<String>,
    /// Identifier words that make a name belong to another service.
    #[serde(default)]
    pub unrelated_words: Vec<String>,
    /// Function or class name words in which a plain `url`/`uri` is the concern's value.
    #[serde(default)]
    pub context_words: Vec<String>,
    #[serde(default)]
    pub context_value_words: Vec<String>,
}

/// Path globs that steer which files `init` proposes as owners.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ProposalVocab {
    /// Files never proposed (migrations, plugins, vendored and example code).
    #[serde(default)]
    pub never_owners: Vec<String>,
    /// Settings modules, preferred as owners of a value.
    #[serde(default)]
    pub settings_modules: Vec<String>,
    /// Engine and pool factories, preferred as owners of the pool.
    #[serde(default)]
    pub engine_modules: Vec<String>,
}

impl ProposalVocab {
    fn merge(&mut self, other: ProposalVocab) {
        merge_lists!(self, other, never_owners, settings_modules, engine_modules);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvAccess {
    #[serde(default)]
    pub python: EnvAccessLang,
    #[serde(default)]
    pub rust: EnvAccessLang,
}

impl EnvAccess {
    fn merge(&mut self, other: EnvAccess) {
        self.python.merge(other.python);
        self.rust.merge(other.rust);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvAccessLang {
    #[serde(default)]
    pub read_calls: Vec<String>,
    #[serde(default)]
    pub read_macros: Vec<String>,
    #[serde(default)]
    pub mappings: Vec<String>,
    #[serde(default)]
    pub getter_names: Vec<String>,
    #[serde(default)]
    pub environment_words: Vec<String>,
    #[serde(default)]
    pub writer_names: Vec<String>,
    #[serde(default)]
    pub pair_writer_names: Vec<String>,
    #[serde(default)]
    pub settings_bases: Vec<String>,
    #[serde(default)]
    pub field_keywords: Vec<String>,
    #[serde(default)]
    pub field_calls: Vec<String>,
    #[serde(default)]
    pub alias_calls: Vec<String>,
    #[serde(default)]
    pub attributes: Vec<String>,
    #[serde(default)]
    pub attribute_keys: Vec<String>,
    #[serde(default)]
    pub reader_instances: Vec<String>,
    #[serde(default)]
    pub implicit_reads: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub source_calls: Vec<String>,
    #[serde(default)]
    pub typed_readers: Vec<String>,
}

impl EnvAccessLang {
    fn merge(&mut self, other: EnvAccessLang) {
        merge_lists!(
            self,
            other,
            read_calls,
            read_macros,
            mappings,
            getter_names,
            environment_words,
            writer_names,
            pair_writer_names,
            settings_bases,
            field_keywords,
            field_calls,
            alias_calls,
            attributes,
            attribute_keys,
            reader_instances,
            source_calls,
            typed_readers,
        );
        self.implicit_reads.extend(other.implicit_reads);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UrlSyntax {
    #[serde(default)]
    pub schemes: Vec<String>,
    #[serde(default)]
    pub hosts: Vec<String>,
    #[serde(default)]
    pub host_markers: Vec<String>,
    #[serde(default)]
    pub separators: Vec<String>,
    #[serde(default)]
    pub python: UrlSyntaxLang,
    #[serde(default)]
    pub rust: UrlSyntaxLang,
}

impl UrlSyntax {
    fn merge(&mut self, other: UrlSyntax) {
        merge_lists!(self, other, schemes, hosts, host_markers, separators);
        self.python.merge(other.python);
        self.rust.merge(other.rust);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct UrlSyntaxLang {
    #[serde(default)]
    pub parse_calls: Vec<String>,
    #[serde(default)]
    pub builder_calls: Vec<String>,
    #[serde(default)]
    pub generic_builder_calls: Vec<String>,
    #[serde(default)]
    pub database_parse_targets: Vec<String>,
    #[serde(default)]
    pub split_methods: Vec<String>,
    #[serde(default)]
    pub rewrite_methods: Vec<String>,
    #[serde(default)]
    pub test_methods: Vec<String>,
}

impl UrlSyntaxLang {
    fn merge(&mut self, other: UrlSyntaxLang) {
        merge_lists!(
            self,
            other,
            parse_calls,
            builder_calls,
            generic_builder_calls,
            database_parse_targets,
            split_methods,
            rewrite_methods,
            test_methods,
        );
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Environment {
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub cloud_variables: Vec<String>,
    #[serde(default)]
    pub python: EnvironmentLang,
    #[serde(default)]
    pub rust: EnvironmentLang,
}

impl Environment {
    fn merge(&mut self, other: Environment) {
        merge_lists!(self, other, words, cloud_variables);
        self.python.merge(other.python);
        self.rust.merge(other.rust);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvironmentLang {
    #[serde(default)]
    pub host_sources: Vec<String>,
    #[serde(default)]
    pub test_methods: Vec<String>,
    #[serde(default)]
    pub regex_calls: Vec<String>,
}

impl EnvironmentLang {
    fn merge(&mut self, other: EnvironmentLang) {
        merge_lists!(self, other, host_sources, test_methods, regex_calls);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Pool {
    /// Keywords of an engine call that size its pool.
    #[serde(default)]
    pub sizing_keywords: Vec<String>,
    /// Methods that write keyword arguments into a dict as keys (`kwargs.update(pool_size=5)`).
    #[serde(default)]
    pub dict_update_methods: Vec<String>,
    /// Imports that make a file migration tooling (out of the pool rules).
    #[serde(default)]
    pub migration_imports: Vec<String>,
    /// Path globs of migration tooling.
    #[serde(default)]
    pub migration_paths: Vec<String>,
    /// Words that mark a database library without naming the backend.
    #[serde(default)]
    pub database_words: Vec<String>,
    /// Calls that build a generic pool's manager or config.
    #[serde(default)]
    pub manager_calls: Vec<String>,
    /// Backend families, within which strategies are compared.
    #[serde(default)]
    pub family: Vec<PoolFamilyEntry>,
    #[serde(default)]
    pub strategy: Vec<PoolStrategyEntry>,
}

impl Pool {
    fn merge(&mut self, other: Pool) {
        merge_lists!(
            self,
            other,
            sizing_keywords,
            dict_update_methods,
            migration_imports,
            migration_paths,
            database_words,
            manager_calls,
            family,
            strategy
        );
    }
}

/// A backend family and the identifier words that name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolFamilyEntry {
    pub name: String,
    /// Whether it is an SQL database (default); a pool of unknown backend may be one.
    #[serde(default = "yes")]
    pub sql: bool,
    /// Whether its databases are files: a default pool opened on a path is a file being read.
    #[serde(default)]
    pub files: bool,
    pub words: Vec<String>,
}

fn yes() -> bool {
    true
}

/// One pool strategy and the code that chooses it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PoolStrategyEntry {
    /// The name findings and the JSON summary use (`NullPool`, `sqlx PgPoolOptions`).
    pub name: String,
    pub language: Language,
    /// The family when nothing at the site names a backend.
    pub family: Option<String>,
    /// The name strategies are compared by, when several build the same kind of pool
    /// (sea-orm's `ConnectOptions` sizes an sqlx pool); defaults to `name`.
    pub group: Option<String>,
    /// A generic pool (r2d2, bb8, deadpool): a database pool only when the site names a
    /// backend family.
    #[serde(default)]
    pub generic: bool,
    /// A connection manager: the pool built from it is one site with it.
    #[serde(default)]
    pub manager: bool,
    /// Methods of the construction that set its size; without one of them the site is
    /// compared as `unsized-group`.
    #[serde(default)]
    pub sized_by: Vec<String>,
    pub unsized_group: Option<String>,
    /// Pool classes, reported where used as a value or instantiated.
    #[serde(default)]
    pub values: Vec<String>,
    /// Constructor call paths.
    #[serde(default)]
    pub calls: Vec<String>,
    /// Calls that choose this strategy when given a sizing keyword (or one of `keys`) and no
    /// pool class.
    #[serde(default)]
    pub sized_calls: Vec<String>,
    /// Keys of a dict of engine options (or keywords of `sized-calls`) that choose this
    /// strategy where the dict is written (`{"pool_size": 10}`, `"CONN_MAX_AGE": 60`).
    #[serde(default)]
    pub keys: Vec<String>,
    /// Method names that choose this strategy on any receiver.
    #[serde(default)]
    pub methods: Vec<String>,
    /// Sizing method names, counted on values built by `sizing-receivers`.
    #[serde(default)]
    pub sizing_methods: Vec<String>,
    #[serde(default)]
    pub sizing_receivers: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    Python,
    Rust,
}

/// A type-name pattern with its size limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SizeLimitEntry {
    pub pattern: String,
    pub max_lines: u32,
    pub max_methods: u32,
}

/// Parses one rule file; `path` names it in errors.
pub fn parse_rule_file(path: &str, text: &str) -> Result<RuleFile, UserError> {
    toml::from_str(text).map_err(|err| UserError::from_toml(path, text, &err))
}
