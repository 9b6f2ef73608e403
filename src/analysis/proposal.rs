//! What `ssotlint init` proposes and `unowned-concern` reports: for each concern and
//! language, the file a maintainer would make the owner, from the concern's inventory —
//! providers defined there, variables read, URLs built, pools chosen — preferring settings
//! modules and engine factories, never migrations, plugins, vendored or example code, nor a
//! file that only consumes the value. When two files have comparable evidence, none is
//! proposed: a wrong owner turns the real one into errors.

use std::collections::BTreeMap;
use std::path::Path;

use crate::analysis::facts::FileFacts;
use crate::analysis::inventory::Inventory;
use crate::analysis::semantics::DATABASE_URL;
use crate::config::Globs;
use crate::config::concern::CONNECTION_POOL;
use crate::config::concern::Concern;
use crate::config::vocab::Vocabulary;
use crate::support::plural::count;
use crate::support::source::Lang;

/// A file proposed as a concern's owner, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub path: String,
    pub reason: String,
    /// Public names the owner defines that produce the value (entry-point candidates).
    pub entry_points: Vec<String>,
}

/// What is proposed for one concern in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    Owner(Candidate),
    /// Two files have comparable evidence; neither is proposed.
    Split(Candidate, Candidate),
}

/// The proposal for one concern.
#[derive(Debug, Clone, Default)]
pub struct ConcernProposal {
    pub concern: String,
    pub choices: Vec<Choice>,
    /// The repository's own variable names for the concern's value (`extend-env`).
    pub extend_env: Vec<String>,
}

impl ConcernProposal {
    pub fn owners(&self) -> impl Iterator<Item = &Candidate> {
        self.choices.iter().filter_map(|c| match c {
            Choice::Owner(candidate) => Some(candidate),
            Choice::Split(..) => None,
        })
    }
}

/// How many files import each file, when known (`init` counts them; a check run does not).
pub type FanIn = BTreeMap<String, usize>;

/// What `propose` knows about the project besides the inventory.
pub struct Context<'a> {
    pub facts: &'a [FileFacts],
    pub fan_in: Option<&'a FanIn>,
    /// Whether every file was read (`init`): fields that hold the value without being named
    /// like it and engines left at the default pool count too. A check run uses only what the
    /// prefilter cannot change: sources and what is named like the value.
    pub thorough: bool,
    /// The project a file belongs to (the directory of its nearest `Cargo.toml` or
    /// `pyproject.toml`): two services each own their configuration.
    pub unit_of: &'a dyn Fn(&str) -> String,
}

/// The evidence one file has for owning one concern.
#[derive(Debug, Default, Clone)]
struct Evidence {
    reads: usize,
    /// Competing providers defined here.
    providers: Vec<String>,
    /// Public functions and fields named like the value, competing or not: where the rest
    /// of the code gets it.
    defines: Vec<String>,
    built: usize,
    pools: BTreeMap<String, usize>,
    /// Engines built here with the pool left at its defaults.
    engines: usize,
    lists: usize,
    /// The variables it reads, for telling which database it is about.
    names: Vec<String>,
}

impl Evidence {
    fn add(&mut self, rule: &str, name: &str) {
        if !name.is_empty() && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_owned());
        }
        match rule {
            "direct-env-read" => self.reads += 1,
            "competing-source" => self.providers.push(name.to_owned()),
            "manual-url-parsing" if name == "assembly" => self.built += 1,
            "ad-hoc-pool" => *self.pools.entry(name.to_owned()).or_default() += 1,
            "hardcoded-env-list" => self.lists += 1,
            _ => {}
        }
    }

    /// Whether the file produces or holds the value (a consumer only parses or inspects it).
    fn produces(&self, pool: bool) -> bool {
        if pool {
            !self.pools.is_empty() || self.engines > 0
        } else {
            self.reads + self.providers.len() + self.built + self.defines.len() > 0
        }
    }

    fn describe(&self, pool: bool) -> String {
        if pool {
            let strategies: Vec<String> = self.pools.iter().map(|(s, n)| format!("`{s}` ×{n}")).collect();
            return match (strategies.is_empty(), self.engines) {
                (true, n) => format!("builds {} with the default pool", count(n, "engine")),
                (false, _) => format!("chooses the pool ({})", strategies.join(", ")),
            };
        }
        let mut parts = Vec::new();
        match self.defines.as_slice() {
            [] => {}
            few @ ([_] | [_, _] | [_, _, _]) => parts.push(format!("defines `{}`", few.join("`, `"))),
            [first, second, rest @ ..] => {
                parts.push(format!("defines `{first}`, `{second}` and {} more", rest.len()));
            }
        }
        if self.reads > 0 {
            parts.push(format!("{} of its variables", count(self.reads, "read")));
        }
        if self.built > 0 {
            parts.push(format!("{} built", count(self.built, "URL")));
        }
        parts.join(", ")
    }
}

/// Chooses owners for every concern that has sources, from its inventory and what the files
/// define.
pub fn propose(
    inventory: &Inventory,
    concerns: &[Concern],
    vocab: &Vocabulary,
    cx: &Context<'_>,
) -> Vec<ConcernProposal> {
    let paths = Paths { never: &vocab.never_owners, settings: &vocab.settings_modules, engines: &vocab.engine_modules };
    let mut proposals: Vec<ConcernProposal> = Vec::new();
    for (index, concern) in concerns.iter().enumerate() {
        let files = evidence(inventory, concern, index, cx);
        let mut proposal = ConcernProposal { concern: concern.name.clone(), ..ConcernProposal::default() };
        for lang in [Lang::Python, Lang::Rust] {
            // The pool is usually configured next to the URL's owner (`shared/db/engine.py`
            // beside `shared/database_url_builder.py`).
            let url_owners = proposals.iter().filter(|p| p.concern == DATABASE_URL).flat_map(ConcernProposal::owners);
            let near: Vec<&str> = url_owners
                .filter(|c| Lang::from_path(Path::new(&c.path)) == Some(lang))
                .map(|c| parent_dir(&c.path))
                .collect();
            let place = Place { concern, vocab, paths: &paths, near: &near, cx };
            proposal.choices.extend(choose(&files, lang, &place));
        }
        proposal.extend_env = inventory
            .of(&concern.name)
            .filter_map(|s| s.subject.as_ref().filter(|_| s.rule == "direct-env-read"))
            .filter(|var| !concern.env_list.iter().any(|e| crate::support::pattern::Pattern::new(e).matches(var)))
            .filter(|var| !concern.is_unrelated(&crate::support::words::split_words(var)))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if !proposal.choices.is_empty() || !proposal.extend_env.is_empty() {
            proposals.push(proposal);
        }
    }
    proposals
}

/// Each file's evidence for one concern: its sources, the public names it defines for the
/// value, and (for the pool) the engines it builds.
fn evidence<'f>(
    inventory: &'f Inventory,
    concern: &Concern,
    index: usize,
    cx: &Context<'f>,
) -> BTreeMap<&'f str, Evidence> {
    let mut files: BTreeMap<&str, Evidence> = BTreeMap::new();
    for source in inventory.iter().filter(|s| s.concern == concern.name) {
        files.entry(&source.site.path).or_default().add(&source.rule, source.subject.as_deref().unwrap_or_default());
    }
    let counted = |p: &&crate::analysis::facts::Provider| {
        p.concern == index && is_public(&p.symbol) && (cx.thorough || concern.is_provider_name(p.name()))
    };
    for file in cx.facts {
        for provider in file.providers.iter().filter(counted) {
            let evidence = files.entry(&file.path).or_default();
            if !evidence.defines.contains(&provider.symbol) {
                evidence.defines.push(provider.symbol.clone());
            }
        }
        if cx.thorough && concern.name == CONNECTION_POOL && !file.engines.is_empty() {
            files.entry(&file.path).or_default().engines += file.engines.len();
        }
    }
    files
}

/// What decides between candidates besides their evidence.
struct Place<'a> {
    concern: &'a Concern,
    vocab: &'a Vocabulary,
    paths: &'a Paths<'a>,
    /// Directories of the URL's owners, for the pool.
    near: &'a [&'a str],
    cx: &'a Context<'a>,
}

struct Paths<'v> {
    never: &'v Globs,
    settings: &'v Globs,
    engines: &'v Globs,
}

/// The best candidate of one language; with comparable evidence, the one a place marks
/// (a settings module, the engine factory next to the URL's owner), the best of each
/// project when they are in different ones, else a split.
fn choose(files: &BTreeMap<&str, Evidence>, lang: Lang, place: &Place<'_>) -> Vec<Choice> {
    let pool = place.concern.name == CONNECTION_POOL;
    let in_lang = |path: &&str| Lang::from_path(Path::new(path)) == Some(lang);
    // An engine left at the default pool is evidence only where no file chooses a pool.
    let someone_chooses = files.iter().any(|(path, e)| in_lang(path) && !e.pools.is_empty());
    let mut scored: Vec<Scored<'_>> = files
        .iter()
        .filter(|(path, e)| in_lang(path) && e.produces(pool) && !(pool && someone_chooses && e.pools.is_empty()))
        .filter(|(path, _)| !place.paths.never.is_match(path))
        .map(|(path, evidence)| Scored {
            path,
            evidence,
            score: score(path, evidence, pool, place.cx.fan_in),
            marks: marks(path, place),
        })
        .collect();
    scored.sort_by(|a, b| (b.score, b.marks).cmp(&(a.score, a.marks)).then(a.path.cmp(b.path)));
    let Some(first) = scored.first() else { return Vec::new() };
    // Comparable: at least three quarters of the best score.
    let comparable: Vec<&Scored<'_>> = scored.iter().filter(|s| s.score * 4 >= first.score * 3).collect();
    let best_marks = comparable.iter().map(|s| s.marks).max().unwrap_or_default();
    let leaders: Vec<&Scored<'_>> = comparable.iter().copied().filter(|s| s.marks == best_marks).collect();
    let candidate = |s: &Scored<'_>| s.candidate(pool, place.cx.fan_in);
    // Leaders in different projects, or about different databases (the ClickHouse URL and
    // the Postgres one), do not compete: each group gets its owner.
    let mut groups: BTreeMap<(String, Option<&str>), Vec<&Scored<'_>>> = BTreeMap::new();
    for leader in leaders {
        let key = ((place.cx.unit_of)(leader.path), database_named(leader, place.vocab));
        groups.entry(key).or_default().push(leader);
    }
    let imported = |s: &Scored<'_>| place.cx.fan_in.and_then(|f| f.get(s.path)).copied().unwrap_or(0);
    groups
        .into_values()
        .map(|group| {
            // The module most others import for the value: twice as many as any other.
            let most = group.iter().copied().max_by_key(|s| imported(s)).expect("groups are not empty");
            if group.iter().all(|s| s.path == most.path || imported(most) >= 2 * imported(s).max(1)) {
                Choice::Owner(candidate(most))
            } else {
                Choice::Split(candidate(group[0]), candidate(group[1]))
            }
        })
        .collect()
}

/// The database a candidate is about, when its path, the variables it reads or the names it
/// defines name one (`clickhouse/mod.rs`, `TENSORZERO_POSTGRES_URL`).
fn database_named<'v>(candidate: &Scored<'_>, vocab: &'v Vocabulary) -> Option<&'v str> {
    let texts = std::iter::once(candidate.path).chain(candidate.evidence.names.iter().map(String::as_str));
    let words: Vec<String> = texts.flat_map(crate::support::words::split_words).collect();
    let families = vocab.pool_families.iter().filter(|f| f.words.iter().any(|w| words.contains(w)));
    let named: Vec<&str> = families.map(|f| f.name.as_str()).collect();
    match named.as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// A candidate with its evidence score, and how strongly its place marks it as an owner.
struct Scored<'a> {
    path: &'a str,
    evidence: &'a Evidence,
    score: usize,
    marks: (usize, &'static str),
}

impl Scored<'_> {
    fn candidate(&self, pool: bool, fan_in: Option<&FanIn>) -> Candidate {
        let imported = match fan_in.and_then(|f| f.get(self.path)) {
            Some(&n) if n > 0 => format!(", imported by {}", count(n, "file")),
            _ => String::new(),
        };
        let marked = match self.marks {
            (0, _) => String::new(),
            (_, why) => format!(", {why}"),
        };
        let mut entry_points: Vec<String> = Vec::new();
        for name in self.evidence.defines.iter().map(|p| entry_point(p)) {
            if !entry_points.contains(&name) {
                entry_points.push(name);
            }
        }
        Candidate {
            path: self.path.to_owned(),
            reason: format!("{}{imported}{marked}", self.evidence.describe(pool)),
            entry_points,
        }
    }
}

/// Providers weigh most, then what the file defines, reads and builds (or, for the pool,
/// whether it chooses one); the files that import it weigh in on a log scale, so that a
/// module imported everywhere stands out without drowning the rest.
fn score(path: &str, e: &Evidence, pool: bool, fan_in: Option<&FanIn>) -> usize {
    let imported = fan_in.and_then(|f| f.get(path)).copied().unwrap_or(0);
    let imported = 2 * (usize::BITS - imported.leading_zeros()) as usize;
    if pool {
        // One construction or five, a file that chooses a pool is a candidate; which one is
        // the factory is said by where it is and who imports it.
        // Choosing the pool's settings weighs more than building an engine with the defaults.
        return 4 * usize::from(!e.pools.is_empty()) + usize::from(e.engines > 0) + imported;
    }
    3 * e.providers.len() + 2 * e.defines.len().min(3) + e.reads + e.built + e.lists + imported
}

/// Where a maintainer puts an owner: a settings module or a file named after the value; for
/// the pool, an engine module, best next to the URL's owner.
fn marks(path: &str, place: &Place<'_>) -> (usize, &'static str) {
    if place.concern.name == CONNECTION_POOL {
        let beside = place.near.iter().any(|dir| path.starts_with(dir));
        let engine = place.paths.engines.is_match(path);
        return match (beside, engine) {
            (true, true) => (3, "an engine module next to the database URL's owner"),
            (true, false) => (2, "next to the database URL's owner"),
            (false, true) => (1, "an engine module"),
            (false, false) => (0, ""),
        };
    }
    if named_after_the_value(path, place.concern) {
        (1, "named after the value")
    } else if place.paths.settings.is_match(path) {
        (1, "a settings module")
    } else {
        (0, "")
    }
}

/// Whether a file is named after the concern's value (`database_url_builder.py`, `dsn.rs`).
fn named_after_the_value(path: &str, concern: &Concern) -> bool {
    let stem = path.rsplit('/').next().unwrap_or(path);
    let stem = stem.split('.').next().unwrap_or(stem);
    concern.is_provider_name(stem)
}

/// The directory of a path with its `/` (`shared/` of `shared/database_url_builder.py`), or a
/// path no file has for a file at the root (nothing is next to it).
fn parent_dir(path: &str) -> &str {
    match path.rfind('/') {
        Some(at) => &path[..=at],
        None => "\0",
    }
}

/// A public name: no segment starts with `_`.
fn is_public(symbol: &str) -> bool {
    symbol.split('.').all(|segment| !segment.starts_with('_'))
}

/// The name callers use: a method's class (`Settings` of `Settings.database_url`).
fn entry_point(symbol: &str) -> String {
    symbol.split('.').next().unwrap_or(symbol).to_owned()
}

/// The project a file is in: the directory of the nearest `Cargo.toml`, `pyproject.toml`,
/// `setup.py` or `setup.cfg` above it, up to `root`.
pub fn unit_of(root: &Path, rel: &str) -> String {
    let mut dir = Path::new(rel).parent();
    while let Some(current) = dir {
        if ["Cargo.toml", "pyproject.toml", "setup.py", "setup.cfg"]
            .iter()
            .any(|m| root.join(current).join(m).is_file())
        {
            return current.to_string_lossy().into_owned();
        }
        dir = current.parent();
    }
    String::new()
}

/// A commented starter `ssotlint.toml` for the proposals; concerns without a proposal get
/// an empty owner list to fill in.
pub fn to_toml(proposals: &[ConcernProposal], concerns: &[Concern]) -> String {
    use std::fmt::Write as _;
    let mut text = String::from(
        "# ssotlint configuration, written by `ssotlint init`.\n\
         # Every key is explained in the README; `ssotlint rules` lists the rules.\n\n\
         # Paths not to check, on top of .gitignore and the defaults (.venv, target, node_modules, ...).\n\
         exclude = []\n\n\
         # Test files and #[cfg(test)] code are skipped; \"check\" includes them.\n\
         test-code = \"skip\"\n",
    );
    for concern in concerns.iter().filter(|c| c.name == DATABASE_URL || c.name == CONNECTION_POOL) {
        let _ = writeln!(text, "\n[concerns.{}]", concern.name);
        let proposal = proposals.iter().find(|p| p.concern == concern.name);
        let choices = proposal.map(|p| p.choices.as_slice()).unwrap_or_default();
        if choices.is_empty() {
            let _ = writeln!(text, "# No candidate found: list the module that should own `{}`.", concern.name);
        }
        for choice in choices {
            match choice {
                Choice::Owner(c) => {
                    let _ = writeln!(text, "# Proposed: `{}` {}.", c.path, c.reason);
                }
                Choice::Split(a, b) => {
                    let _ = writeln!(
                        text,
                        "# Not proposed: `{}` ({}) and `{}` ({}) have comparable evidence; list the one that owns `{}`.",
                        a.path, a.reason, b.path, b.reason, concern.name
                    );
                }
            }
        }
        let owners: Vec<String> =
            proposal.into_iter().flat_map(|p| p.owners()).map(|c| format!("\"{}\"", c.path)).collect();
        let _ = writeln!(text, "owners = [{}]", owners.join(", "));
        if concern.name == CONNECTION_POOL {
            continue;
        }
        let names: Vec<String> = proposal
            .into_iter()
            .flat_map(|p| p.owners())
            .flat_map(|c| &c.entry_points)
            .map(|e| format!("\"{e}\""))
            .collect();
        if !names.is_empty() {
            let _ = writeln!(text, "# The names the rest of the code should call to get the value.");
            let _ = writeln!(text, "entry-points = [{}]", names.join(", "));
        }
        let env: Vec<String> = proposal.into_iter().flat_map(|p| &p.extend_env).map(|v| format!("\"{v}\"")).collect();
        if !env.is_empty() {
            let _ = writeln!(text, "# The repository's own names for the URL and its parts, read in the code.");
            let _ = writeln!(text, "extend-env = [{}]", env.join(", "));
        }
    }
    text.push_str("\n[rules]\nselect = [\"ALL\"]\nignore = []\n");
    text
}
