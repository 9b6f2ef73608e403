//! The literal prefilter: one multi-pattern scan over a file's bytes decides whether it is
//! parsed at all, and which rules run on it (SPEC §8). Every rule declares the literals it
//! cannot fire without ([`Trigger`]), derived from its vocabulary, so a rule pack adds its own.
//!
//! A trigger must be a necessary condition: if a rule can report in a file, its trigger is
//! satisfied by the file's text. Call paths are safe to require in full because every
//! segment of a resolved path appears in the file — at the call or in the import that
//! aliased it. The fixture suite and the demo are checked with and without the prefilter.

mod search;

use crate::support::source::Lang;
use search::Search;

/// What a rule needs to find in a file's text before it can report there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trigger {
    /// The rule runs on every file (a rule that does not say).
    Always,
    /// The rule never needs a parse of its own (meta rules, repository-wide rules that work
    /// from facts).
    Never,
    /// Any of these literals, ignoring ASCII case.
    Words(Vec<String>),
    /// Any of these literals as a whole identifier word, ignoring case: `db` in `get_db`,
    /// `dbUrl` or `DB_HOST`, not in `dbg!` or `rdbms`.
    IdentWords(Vec<String>),
    /// Any of these literals exactly, with case (environment variable names: `HOSTNAME`,
    /// not `hostname`).
    ExactWords(Vec<String>),
    /// An identifier word that names a scope or a path owner: on a declaration or import
    /// line (`def`, `class`, `fn`, `impl`, `import`, `use`, …) or in an identifier followed
    /// by `.` or `::`.
    ContextWords(Vec<String>),
    /// Any of these literals at the start of a string literal (right after its opening
    /// quote), ignoring case: the schemes a URL value starts with, not `sqlite::Connection`.
    StringStarts(Vec<String>),
    /// A type declared in the file (`class`, `struct`, `enum` or `impl` before it on its
    /// line) whose name contains one of these literals, case-sensitively.
    TypeNames(Vec<String>),
    Any(Vec<Trigger>),
    All(Vec<Trigger>),
}

impl Trigger {
    /// Every identifier-like token of a call-path pattern appears in a file that calls it
    /// (at the call, or in the import that aliased it), so requiring its telling tokens is
    /// safe: `r2d2::Pool::builder` needs `r2d2`, `platform.node()` needs both words.
    pub fn call_paths<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Trigger {
        Trigger::Any(
            patterns
                .into_iter()
                .map(|pattern| {
                    let tokens = telling_tokens(pattern);
                    if tokens.is_empty() {
                        return Trigger::Always;
                    }
                    Trigger::All(tokens.into_iter().map(|t| Trigger::Words(vec![t.to_owned()])).collect())
                })
                .collect(),
        )
    }

    /// The star-free pieces of name patterns (`POSTGRES_*` needs `POSTGRES_`).
    pub fn pieces<'a>(patterns: impl IntoIterator<Item = &'a str>) -> Trigger {
        let words: Vec<String> =
            patterns.into_iter().flat_map(|p| p.split('*')).filter(|p| !p.is_empty()).map(str::to_owned).collect();
        if words.is_empty() { Trigger::Never } else { Trigger::Words(words) }
    }
}

/// Tokens too common to narrow anything down.
const GENERIC_TOKENS: &[&str] = &[
    "new",
    "get",
    "set",
    "default",
    "builder",
    "build",
    "connect",
    "create",
    "from",
    "from_str",
    "from_url",
    "parse",
    "pool",
    "url",
    "uri",
    "os",
    "std",
    "env",
    "var",
    "sys",
    "self",
    "crate",
    "super",
    "config",
    "open",
    "init",
    "core",
    "engine",
    "str",
    "string",
    "value",
    "options",
    "client",
    "connection",
    "manager",
    "db",
];

/// The pattern's identifier tokens worth searching for: the ones that are not generic, and
/// the generic ones long enough to be rare (`Config` in `postgres::Config`, `from_str` in
/// `*::Config::from_str`: together they are rare, either alone is not); or the longest one
/// if that leaves none (searching for `new` would cost more than it tells).
fn telling_tokens(pattern: &str) -> Vec<&str> {
    let all: Vec<&str> =
        pattern.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()).collect();
    let generic = |t: &&str| GENERIC_TOKENS.iter().any(|g| g.eq_ignore_ascii_case(t));
    let telling: Vec<&str> = all.iter().copied().filter(|t| !generic(t) || t.len() >= RARE_GENERIC_LEN).collect();
    if telling.is_empty() { all.iter().copied().max_by_key(|t| t.len()).into_iter().collect() } else { telling }
}

/// Generic tokens of this length and more are searched for too.
const RARE_GENERIC_LEN: usize = 6;

/// A rule's place among the triggers the prefilter was built from. The registry hands them
/// out (`Registry::indexed`) in the order it hands out the triggers (`Registry::triggers`),
/// so the engine cannot ask about one rule with another's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleIndex(usize);

impl RuleIndex {
    pub(crate) fn new(index: usize) -> Self {
        Self(index)
    }

    pub fn get(self) -> usize {
        self.0
    }
}

/// A trigger compiled against the prefilter's pattern list.
#[derive(Debug, Clone, PartialEq)]
enum Compiled {
    Always,
    Never,
    Words(Vec<usize>),
    StringStarts(Vec<usize>),
    TypeNames(Vec<usize>),
    IdentWords(Vec<usize>),
    ExactWords(Vec<usize>),
    ContextWords(Vec<usize>),
    Any(Vec<Compiled>),
    All(Vec<Compiled>),
}

/// The prefilter of one run: the rules' triggers over one automaton.
#[derive(Debug)]
pub struct Prefilter {
    /// `None` when there is nothing to search for.
    search: Option<Search>,
    /// No search could be built: every file is parsed and every rule runs.
    open: bool,
    /// For each pattern, how a match is confirmed.
    kinds: Vec<PatternKind>,
    patterns: Vec<String>,
    rules: Vec<Gate>,
    facts: Gate,
}

/// A compiled trigger, split into its alternatives and indexed by the patterns they need
/// ([`keys`]). Vocabulary triggers are `Any` trees of hundreds of call paths, while a file
/// or an item holds a few patterns: only the alternatives filed under a present pattern can
/// hold, since a pattern appearing never turns a trigger false.
#[derive(Debug)]
struct Gate {
    alternatives: Vec<Compiled>,
    /// For each pattern, the alternatives filed under it.
    by_pattern: Vec<Vec<usize>>,
    /// Holds with no pattern present (an `Always` among the alternatives).
    unconditional: bool,
}

impl Gate {
    fn new(tree: Compiled, pattern_count: usize) -> Gate {
        let unconditional = holds_with(&tree, &|_| false);
        let mut flat = Vec::new();
        flatten_any(tree, &mut flat);
        // Triggers composed of shared parts repeat alternatives (a URL builder is URL-like
        // and a rule may ask for both): each is tried once.
        let mut alternatives: Vec<Compiled> = Vec::with_capacity(flat.len());
        for alternative in flat {
            if !alternatives.contains(&alternative) {
                alternatives.push(alternative);
            }
        }
        let mut by_pattern = vec![Vec::new(); pattern_count];
        for (index, alternative) in alternatives.iter().enumerate() {
            keys(alternative).into_iter().for_each(|id| by_pattern[id].push(index));
        }
        Gate { alternatives, by_pattern, unconditional }
    }

    /// `ids`: the patterns present, each once; `present`: the same as a lookup.
    fn holds(&self, ids: &[usize], present: &impl Fn(usize) -> bool) -> bool {
        self.unconditional
            || ids.iter().any(|&id| self.by_pattern[id].iter().any(|&a| holds_with(&self.alternatives[a], present)))
    }
}

fn flatten_any(tree: Compiled, into: &mut Vec<Compiled>) {
    match tree {
        Compiled::Any(parts) => parts.into_iter().for_each(|part| flatten_any(part, into)),
        other => into.push(other),
    }
}

/// The patterns under which a gate files `tree`: one of them is present whenever `tree`
/// holds (and does not hold unconditionally). An `All` holds only if each of its parts does,
/// so the patterns of its narrowest part are enough: `environment-sniffing` is tried on a
/// file with an environment word, not on every file with one of hundreds of URL words.
/// Sorted, without duplicates.
fn keys(tree: &Compiled) -> Vec<usize> {
    let mut keys = match tree {
        Compiled::Always | Compiled::Never => Vec::new(),
        Compiled::Words(ids)
        | Compiled::StringStarts(ids)
        | Compiled::TypeNames(ids)
        | Compiled::IdentWords(ids)
        | Compiled::ExactWords(ids)
        | Compiled::ContextWords(ids) => ids.clone(),
        Compiled::Any(parts) => parts.iter().flat_map(keys).collect(),
        Compiled::All(parts) => {
            let conditional = parts.iter().filter(|part| !holds_with(part, &|_| false));
            conditional.map(keys).min_by_key(Vec::len).unwrap_or_default()
        }
    };
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// One prefilter per language, each with only its language's vocabulary: a Rust call path
/// such as `hostname::get` never makes a Python file that mentions host names parsed.
#[derive(Debug)]
pub struct Prefilters {
    python: Prefilter,
    rust: Prefilter,
}

impl Prefilters {
    /// `triggers` gives, for one language, each rule's trigger (in `RuleIndex` order: see
    /// `Registry::triggers`) and the facts collector's.
    pub fn new(mut triggers: impl FnMut(Lang) -> (Vec<Trigger>, Trigger)) -> Prefilters {
        let mut build = |lang| {
            let (rules, facts) = triggers(lang);
            Prefilter::new(rules, facts)
        };
        Prefilters { python: build(Lang::Python), rust: build(Lang::Rust) }
    }

    pub fn get(&self, lang: Lang) -> &Prefilter {
        match lang {
            Lang::Python => &self.python,
            Lang::Rust => &self.rust,
        }
    }
}

/// Which patterns a file contains, and where.
#[derive(Debug, Clone)]
pub struct Scan {
    present: Vec<bool>,
    /// The patterns present, each once, in order.
    ids: Vec<usize>,
    /// Every confirmed match: its start offset and pattern, in order.
    pub matches: Vec<(usize, usize)>,
}

impl Prefilter {
    /// Compiles the triggers of each rule (in `RuleIndex` order) and of the facts collector.
    pub fn new(rules: Vec<Trigger>, facts: Trigger) -> Prefilter {
        let mut builder = Builder::default();
        let rules: Vec<Compiled> = rules.iter().map(|t| builder.compile(t)).collect();
        let facts = builder.compile(&facts);
        let count = builder.patterns.len();
        let rules = rules.into_iter().map(|tree| Gate::new(tree, count)).collect();
        let facts = Gate::new(facts, count);
        let search = (!builder.patterns.is_empty()).then(|| Search::new(&builder.patterns)).flatten();
        let open = search.is_none() && !builder.patterns.is_empty();
        Prefilter { search, open, kinds: builder.kinds, patterns: builder.patterns, rules, facts }
    }

    /// One pass over `text`, recording which patterns occur, and where.
    pub fn scan(&self, text: &str) -> Scan {
        let mut present = vec![false; self.patterns.len()];
        let mut matches = self.search.as_ref().map(|s| s.all(text.as_bytes())).unwrap_or_default();
        matches.retain(|&(start, id)| self.confirm(id, text, start, start + self.patterns[id].len()));
        for &(_, id) in &matches {
            present[id] = true;
        }
        let ids = present.iter().enumerate().filter(|(_, p)| **p).map(|(id, _)| id).collect();
        Scan { present, ids, matches }
    }

    fn confirm(&self, id: usize, text: &str, start: usize, end: usize) -> bool {
        match self.kinds[id] {
            PatternKind::Text => true,
            PatternKind::StringStart => start > 0 && matches!(text.as_bytes()[start - 1], b'"' | b'\''),
            PatternKind::TypeName => declared_type(text, start, end, &self.patterns[id]),
            PatternKind::IdentWord => ident_word(text.as_bytes(), start, end),
            PatternKind::Exact => text.as_bytes()[start..end] == *self.patterns[id].as_bytes(),
            PatternKind::ContextWord => ident_word(text.as_bytes(), start, end) && scope_or_owner(text, start, end),
        }
    }

    /// Whether rule `index` can report in a file with this scan.
    pub fn rule_active(&self, index: RuleIndex, scan: &Scan) -> bool {
        self.open || self.rules.get(index.0).is_none_or(|gate| holds(gate, scan))
    }

    /// Whether the file can contribute repository-wide facts.
    pub fn facts_needed(&self, scan: &Scan) -> bool {
        self.open || holds(&self.facts, scan)
    }

    /// Whether one part of a file, holding the matches of `patterns` (sorted, without
    /// duplicates), can matter to the rules at `rules` or, with `facts`, to the
    /// repository-wide facts.
    pub fn part_matters(&self, patterns: &[usize], rules: &[RuleIndex], facts: bool) -> bool {
        let present = |id: usize| patterns.binary_search(&id).is_ok();
        self.open
            || (facts && self.facts.holds(patterns, &present))
            || rules.iter().any(|r| self.rules.get(r.0).is_none_or(|gate| gate.holds(patterns, &present)))
    }
}

fn holds(gate: &Gate, scan: &Scan) -> bool {
    gate.holds(&scan.ids, &|id| scan.present[id])
}

fn holds_with(trigger: &Compiled, present: &impl Fn(usize) -> bool) -> bool {
    match trigger {
        Compiled::Always => true,
        Compiled::Never => false,
        Compiled::Words(ids)
        | Compiled::StringStarts(ids)
        | Compiled::TypeNames(ids)
        | Compiled::IdentWords(ids)
        | Compiled::ExactWords(ids)
        | Compiled::ContextWords(ids) => ids.iter().any(|&id| present(id)),
        Compiled::Any(parts) => parts.iter().any(|p| holds_with(p, present)),
        Compiled::All(parts) => parts.iter().all(|p| holds_with(p, present)),
    }
}

/// Whether the match at `start..end` is inside a type name declared on its line, with the
/// literal's exact case.
fn declared_type(text: &str, start: usize, end: usize, literal: &str) -> bool {
    let bytes = text.as_bytes();
    if &bytes[start..end] != literal.as_bytes() {
        return false;
    }
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let ident_start = bytes[..start].iter().rposition(|&b| !is_ident(b)).map_or(0, |p| p + 1);
    let line_start = bytes[..ident_start].iter().rposition(|&b| b == b'\n' || b == b'\r').map_or(0, |p| p + 1);
    let before = &text[line_start..ident_start];
    before
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .any(|word| matches!(word, "class" | "struct" | "enum" | "impl"))
}

/// Whether the match at `start..end` is a whole identifier word: not preceded by a letter or
/// digit, and not followed by a lowercase letter or digit (`dbUrl` and `get_db` hold `db`).
fn ident_word(bytes: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| bytes[i]);
    let after = bytes.get(end).copied();
    let starts = before.is_none_or(|b| !b.is_ascii_alphanumeric())
        || (bytes[start].is_ascii_uppercase() && before.is_some_and(|b| b.is_ascii_lowercase()));
    let ends = after.is_none_or(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit()))
        || (after.is_some_and(|b| b.is_ascii_uppercase()));
    starts && ends
}

/// Whether the identifier around `start..end` names a scope (a declaration keyword precedes
/// it on its line) or owns a path (`.` or `::` follows it).
fn scope_or_owner(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let is_ident = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
    let ident_end = end + bytes[end..].iter().take_while(|b| is_ident(b)).count();
    let after = &bytes[ident_end..];
    if after.starts_with(b".") || after.starts_with(b"::") {
        return true;
    }
    let line_start = bytes[..start].iter().rposition(|&b| b == b'\n' || b == b'\r').map_or(0, |p| p + 1);
    text[line_start..start].split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|word| {
        matches!(word, "def" | "class" | "fn" | "impl" | "struct" | "enum" | "trait" | "mod" | "import" | "use")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternKind {
    Text,
    StringStart,
    TypeName,
    IdentWord,
    Exact,
    ContextWord,
}

#[derive(Default)]
struct Builder {
    patterns: Vec<String>,
    kinds: Vec<PatternKind>,
}

impl Builder {
    fn id(&mut self, literal: &str, kind: PatternKind) -> usize {
        let existing = self.patterns.iter().zip(&self.kinds).position(|(p, &k)| {
            let exact = matches!(kind, PatternKind::TypeName | PatternKind::Exact);
            k == kind && if exact { p == literal } else { p.eq_ignore_ascii_case(literal) }
        });
        existing.unwrap_or_else(|| {
            self.patterns.push(literal.to_owned());
            self.kinds.push(kind);
            self.patterns.len() - 1
        })
    }

    fn compile(&mut self, trigger: &Trigger) -> Compiled {
        match trigger {
            Trigger::Always => Compiled::Always,
            Trigger::Never => Compiled::Never,
            Trigger::Words(words) => Compiled::Words(words.iter().map(|w| self.id(w, PatternKind::Text)).collect()),
            Trigger::StringStarts(words) => {
                Compiled::StringStarts(words.iter().map(|w| self.id(w, PatternKind::StringStart)).collect())
            }
            Trigger::IdentWords(words) => {
                Compiled::IdentWords(words.iter().map(|w| self.id(w, PatternKind::IdentWord)).collect())
            }
            Trigger::TypeNames(names) => {
                Compiled::TypeNames(names.iter().map(|n| self.id(n, PatternKind::TypeName)).collect())
            }
            Trigger::ExactWords(words) => {
                Compiled::ExactWords(words.iter().map(|w| self.id(w, PatternKind::Exact)).collect())
            }
            Trigger::ContextWords(words) => {
                Compiled::ContextWords(words.iter().map(|w| self.id(w, PatternKind::ContextWord)).collect())
            }
            Trigger::Any(parts) => Compiled::Any(parts.iter().map(|p| self.compile(p)).collect()),
            Trigger::All(parts) => Compiled::All(parts.iter().map(|p| self.compile(p)).collect()),
        }
    }
}

impl Prefilter {
    /// The literals searched for, for tuning and benchmarks.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Trigger {
        Trigger::Words(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn words_match_ignoring_case_and_overlapping() {
        let filter = Prefilter::new(vec![words(&["DATABASE_URL"]), words(&["url"])], Trigger::Never);
        let scan = filter.scan("x = settings.database_url");
        assert!(filter.rule_active(RuleIndex(0), &scan) && filter.rule_active(RuleIndex(1), &scan));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("x = 1")));
    }

    #[test]
    fn all_needs_every_part() {
        let both = Trigger::All(vec![words(&["url", "uri"]), words(&["database", "db"])]);
        let filter = Prefilter::new(vec![both], Trigger::Never);
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("def get_db(url): ...")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("def get(url): ...")));
    }

    /// A gate files an `All` under its narrowest part only: the answer must not change, also
    /// when that part holds unconditionally or the `All` sits inside an `Any`.
    #[test]
    fn an_all_filed_under_its_narrowest_part_still_needs_every_part() {
        let wide = words(&["url", "uri", "dsn", "host"]);
        let nested = Trigger::Any(vec![Trigger::All(vec![wide.clone(), words(&["prod"])]), words(&["never_here"])]);
        let always = Trigger::All(vec![Trigger::Always, words(&["prod"])]);
        let filter = Prefilter::new(vec![nested.clone(), nested, always], Trigger::Never);
        for (text, active) in [("url = 'prod'", true), ("url = 1", false), ("x = 'prod'", false)] {
            assert_eq!(filter.rule_active(RuleIndex(0), &filter.scan(text)), active, "{text}");
            assert_eq!(filter.rule_active(RuleIndex(1), &filter.scan(text)), active, "{text}");
        }
        assert!(filter.rule_active(RuleIndex(2), &filter.scan("x = 'prod'")));
        assert!(!filter.rule_active(RuleIndex(2), &filter.scan("x = 1")));
    }

    #[test]
    fn type_names_need_a_declaration() {
        let filter = Prefilter::new(vec![Trigger::TypeNames(vec!["Manager".into()])], Trigger::Never);
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("class PoolManager(Base):")));
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("impl<'a> LedgerManager<'a> {")));
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("pub(crate) struct Manager;")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("with manager.session(): ContextManager()")));
    }

    #[test]
    fn call_paths_need_their_most_telling_token() {
        let trigger = Trigger::call_paths(["r2d2::Pool::builder", "os.getenv"]);
        let filter = Prefilter::new(vec![trigger], Trigger::Never);
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("use r2d2::Pool;\nPool::builder()")));
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("from os import getenv")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("Pool::builder()")));
    }

    #[test]
    fn call_paths_of_generic_tokens_need_the_long_ones_together() {
        let filter = Prefilter::new(vec![Trigger::call_paths(["*::Config::from_str"])], Trigger::Never);
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("use tokio_postgres::Config;\nConfig::from_str(raw)")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("let n = u16::from_str(raw);")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("let c = Config::default();")));
    }

    #[test]
    fn string_starts_need_the_opening_quote_right_before() {
        let filter = Prefilter::new(vec![Trigger::StringStarts(vec!["sqlite:".into()])], Trigger::Never);
        for yes in ["\"sqlite://app.db\"", "'SQLite:memory:'", "r#\"sqlite::memory:\"#", "f\"sqlite:///{path}\""] {
            assert!(filter.rule_active(RuleIndex(0), &filter.scan(yes)), "{yes}");
        }
        for no in ["use diesel::sqlite::SqliteConnection;", "// connects to sqlite: the file", "\"a sqlite: db\""] {
            assert!(!filter.rule_active(RuleIndex(0), &filter.scan(no)), "{no}");
        }
    }

    #[test]
    fn each_language_has_its_own_vocabulary() {
        let filters = Prefilters::new(|lang| {
            let word = match lang {
                Lang::Python => "asyncpg",
                Lang::Rust => "hostname",
            };
            (vec![words(&[word])], Trigger::Never)
        });
        let (python, rust) = (filters.get(Lang::Python), filters.get(Lang::Rust));
        assert!(python.rule_active(RuleIndex(0), &python.scan("import asyncpg")));
        assert!(!python.rule_active(RuleIndex(0), &python.scan("host = facts['hostname']")));
        assert!(rust.rule_active(RuleIndex(0), &rust.scan("hostname::get()")));
        assert!(!rust.rule_active(RuleIndex(0), &rust.scan("// as fast as asyncpg")));
    }

    #[test]
    fn exact_words_keep_their_case_and_context_words_need_a_scope() {
        let filter = Prefilter::new(
            vec![Trigger::ExactWords(vec!["HOSTNAME".into()]), Trigger::ContextWords(vec!["db".into()])],
            Trigger::Never,
        );
        assert!(filter.rule_active(RuleIndex(0), &filter.scan("os.getenv('HOSTNAME')")));
        assert!(!filter.rule_active(RuleIndex(0), &filter.scan("host.hostname")));
        for scope in ["def get_db(url):", "class DbConfig:", "impl DbPool {", "config.db.url", "db::url()"] {
            assert!(filter.rule_active(RuleIndex(1), &filter.scan(scope)), "{scope}");
        }
        assert!(!filter.rule_active(RuleIndex(1), &filter.scan("x = db(url)")));
    }

    #[test]
    fn ident_words_need_word_boundaries() {
        let filter = Prefilter::new(vec![Trigger::IdentWords(vec!["db".into()])], Trigger::Never);
        for yes in ["get_db()", "dbUrl", "DB_HOST", "userDB", "db.url"] {
            assert!(filter.rule_active(RuleIndex(0), &filter.scan(yes)), "{yes}");
        }
        for no in ["dbg!(x)", "rdbms", "mydb"] {
            assert!(!filter.rule_active(RuleIndex(0), &filter.scan(no)), "{no}");
        }
    }
}
