//! What `ssotlint init` proposes and `unowned-concern` reports: for each concern and
//! language, the file a maintainer would make the owner, from the concern's inventory —
//! providers defined there, variables read, URLs built, pools chosen — preferring settings
//! modules and engine factories, never migrations, plugins, vendored or example code, nor a
//! file that only consumes the value. When two files have comparable evidence, none is
//! proposed: a wrong owner turns the real one into errors.

use std::collections::BTreeMap;

use crate::concern::Concern;
use crate::config::Globs;
use crate::facts::FileFacts;
use crate::inventory::Inventory;
use crate::rules::CONNECTION_POOL;
use crate::source::Lang;
use crate::vocab::Vocabulary;

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

/// The evidence one file has for owning one concern.
#[derive(Debug, Default, Clone)]
struct Evidence {
    reads: usize,
    /// Competing providers defined here.
    providers: Vec<String>,
    /// Public functions named like providers defined here, competing or not: the API the
    /// rest of the code calls for the value.
    defines: Vec<String>,
    built: usize,
    pools: BTreeMap<String, usize>,
    lists: usize,
}

impl Evidence {
    fn add(&mut self, rule: &str, name: &str) {
        match rule {
            "direct-env-read" => self.reads += 1,
            "competing-source" => self.providers.push(name.to_owned()),
            "manual-url-parsing" if name == "assembly" => self.built += 1,
            "ad-hoc-pool" => *self.pools.entry(name.to_owned()).or_default() += 1,
            "hardcoded-env-list" => self.lists += 1,
            _ => {}
        }
    }

    /// Whether the file produces the value (a consumer only parses or inspects it).
    fn produces(&self, pool: bool) -> bool {
        if pool { !self.pools.is_empty() } else { self.reads + self.providers.len() + self.built > 0 }
    }

    fn describe(&self, pool: bool) -> String {
        if pool {
            let strategies: Vec<String> = self.pools.iter().map(|(s, n)| format!("`{s}` ×{n}")).collect();
            return format!("chooses the pool ({})", strategies.join(", "));
        }
        let mut parts = Vec::new();
        if !self.defines.is_empty() {
            parts.push(format!("defines `{}`", self.defines.join("`, `")));
        }
        if self.reads > 0 {
            parts.push(format!("{} read{} of its variables", self.reads, plural(self.reads)));
        }
        if self.built > 0 {
            parts.push(format!("{} URL{} built", self.built, plural(self.built)));
        }
        parts.join(", ")
    }
}

/// Chooses owners for every concern that has sources, from its inventory and the providers
/// the files define.
pub fn propose(
    inventory: &Inventory,
    facts: &[FileFacts],
    concerns: &[Concern],
    vocab: &Vocabulary,
    fan_in: Option<&FanIn>,
) -> Vec<ConcernProposal> {
    let paths = Paths { never: &vocab.never_owners, settings: &vocab.settings_modules, engines: &vocab.engine_modules };
    let mut proposals = Vec::new();
    for concern in concerns {
        let mut files: BTreeMap<&str, Evidence> = BTreeMap::new();
        for source in inventory.of(&concern.name) {
            files
                .entry(&source.site.path)
                .or_default()
                .add(&source.rule, source.subject.as_deref().unwrap_or_default());
        }
        for file in facts {
            let index = concerns.iter().position(|c| c.name == concern.name);
            for provider in file.providers.iter().filter(|p| Some(p.concern) == index && is_public(&p.symbol)) {
                if let Some(evidence) = files.get_mut(&*file.path)
                    && !evidence.defines.contains(&provider.symbol)
                {
                    evidence.defines.push(provider.symbol.clone());
                }
            }
        }
        let mut proposal = ConcernProposal { concern: concern.name.clone(), ..ConcernProposal::default() };
        for lang in [Lang::Python, Lang::Rust] {
            // The pool is usually configured next to the URL's owner (`shared/db/engine.py`
            // beside `shared/database_url_builder.py`).
            let url_owner = proposals
                .iter()
                .filter(|p: &&ConcernProposal| p.concern == crate::semantics::DATABASE_URL)
                .flat_map(|p| p.owners())
                .find(|c| Lang::from_path(std::path::Path::new(&c.path)) == Some(lang));
            let near = url_owner.map(|c| top_dir(&c.path).to_owned());
            if let Some(choice) = choose(&files, lang, concern, &paths, fan_in, near.as_deref()) {
                proposal.choices.push(choice);
            }
        }
        proposal.extend_env = inventory
            .of(&concern.name)
            .filter_map(|s| s.subject.as_ref().filter(|_| s.rule == "direct-env-read"))
            .filter(|var| !concern.env_list.iter().any(|e| crate::pattern::Pattern::new(e).matches(var)))
            .filter(|var| !concern.is_unrelated(&crate::words::split_words(var)))
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

struct Paths<'v> {
    never: &'v Globs,
    settings: &'v Globs,
    engines: &'v Globs,
}

/// The best candidate of one language, or a split between the two best.
fn choose(
    files: &BTreeMap<&str, Evidence>,
    lang: Lang,
    concern: &Concern,
    paths: &Paths<'_>,
    fan_in: Option<&FanIn>,
    near: Option<&str>,
) -> Option<Choice> {
    let pool = concern.name == CONNECTION_POOL;
    let mut scored: Vec<Scored<'_>> = files
        .iter()
        .filter(|(path, e)| Lang::from_path(std::path::Path::new(path)) == Some(lang) && e.produces(pool))
        .filter(|(path, _)| !paths.never.is_match(path))
        .map(|(path, evidence)| Scored {
            path,
            evidence,
            score: score(path, evidence, pool, fan_in),
            marks: marks(path, concern, paths, near),
        })
        .collect();
    scored.sort_by(|a, b| (b.score, b.marks).cmp(&(a.score, a.marks)).then(a.path.cmp(b.path)));
    let imported = |path: &str| match fan_in.and_then(|f| f.get(path)) {
        Some(&n) if n > 0 => format!(", imported by {n} file{}", plural(n)),
        _ => String::new(),
    };
    let candidate = |s: &Scored<'_>| Candidate {
        path: s.path.to_owned(),
        reason: format!("{}{}{}", s.evidence.describe(pool), imported(s.path), s.why_marked()),
        entry_points: s.evidence.defines.iter().map(|p| entry_point(p)).fold(Vec::new(), |mut all, p| {
            if !all.contains(&p) {
                all.push(p);
            }
            all
        }),
    };
    match scored.as_slice() {
        [] => None,
        [best] => Some(Choice::Owner(candidate(best))),
        [best, second, ..] => {
            // Comparable evidence (the runner-up has at least three quarters of the best's
            // score) is settled only by where the files are: a settings module, a file named
            // after the value, the engine factory next to the URL's owner. Otherwise it is a
            // split: guessing would make the real owner a source of errors.
            let comparable = second.score * 4 >= best.score * 3;
            let best = scored.iter().filter(|s| s.score * 4 >= best.score * 3).max_by_key(|s| s.marks).unwrap_or(best);
            let settled = !comparable
                || scored.iter().filter(|s| s.score * 4 >= best.score * 3 && s.marks == best.marks).count() == 1;
            if settled {
                Some(Choice::Owner(candidate(best)))
            } else {
                let other = scored.iter().find(|s| s.path != best.path).unwrap_or(second);
                Some(Choice::Split(candidate(best), candidate(other)))
            }
        }
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
    fn why_marked(&self) -> String {
        match self.marks {
            (0, _) => String::new(),
            (_, why) => format!(", {why}"),
        }
    }
}

/// Providers weigh most, then reads and built URLs; files many others import weigh in too.
fn score(path: &str, e: &Evidence, pool: bool, fan_in: Option<&FanIn>) -> usize {
    let imported = fan_in.and_then(|f| f.get(path)).copied().unwrap_or(0).min(5);
    if pool {
        // One construction or five, a file that chooses a pool is a candidate; which one is
        // the factory is said by where it is and who imports it.
        return 2 + imported;
    }
    3 * e.providers.len() + 2 * e.defines.len().min(3) + e.reads + e.built + e.lists + imported
}

/// Where a maintainer puts an owner: a settings module or a file named after the value; for
/// the pool, an engine module, best next to the URL's owner.
fn marks(path: &str, concern: &Concern, paths: &Paths<'_>, near: Option<&str>) -> (usize, &'static str) {
    if concern.name == CONNECTION_POOL {
        let beside = near.is_some_and(|dir| path.starts_with(dir));
        let engine = paths.engines.is_match(path);
        return match (beside, engine) {
            (true, true) => (3, "an engine module next to the database URL's owner"),
            (true, false) => (2, "next to the database URL's owner"),
            (false, true) => (1, "an engine module"),
            (false, false) => (0, ""),
        };
    }
    if named_after_the_value(path, concern) {
        (1, "named after the value")
    } else if paths.settings.is_match(path) {
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
fn top_dir(path: &str) -> &str {
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
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
    for concern in concerns.iter().filter(|c| c.name == crate::semantics::DATABASE_URL || c.name == CONNECTION_POOL) {
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
