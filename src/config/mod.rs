//! Configuration: found (`discover`), parsed strictly (`raw`), then resolved here into the
//! [`Settings`] a run uses, with globs compiled and rule ids checked once.

pub mod concern;
mod discover;
pub mod packs;
mod raw;
pub mod vocab;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use toml::Spanned;

pub use crate::support::errors::UserError;
pub use crate::support::globs::Globs;
pub use discover::{Loaded, absolute_dir, default_root, display_name, holds_config, in_dir, load, load_explicit};
pub use raw::{RawEntryPoints, TestCode};

use crate::config::concern::{Concern, EntryPoints};
use crate::config::vocab::{ConcernVocab, SizeLimit, Vocabulary};
use crate::finding::Severity;
use crate::support::pattern::PatternSet;
use crate::support::words::WordSeq;
use raw::{RawConcern, RawConfig};

const DEFAULT_INCLUDE: &[&str] = &["**/*.py", "**/*.pyi", "**/*.rs"];
const DEFAULT_TEST_PATHS: &[&str] = &["**/tests/**", "**/test_*.py", "**/*_test.py", "**/conftest.py", "**/benches/**"];
const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
/// `select = ["ALL"]` selects every rule.
const ALL: &str = "ALL";

/// Everything a run needs to know, resolved and validated.
pub struct Settings {
    /// The project root: paths in the config and in the output are relative to it.
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub include: Globs,
    pub exclude: Globs,
    pub respect_gitignore: bool,
    pub test_paths: Globs,
    pub test_code: TestCode,
    pub max_file_size: u64,
    pub concerns: Vec<Concern>,
    /// Ids of the rules that run, and their severities.
    pub enabled: BTreeSet<String>,
    pub severity: HashMap<String, Severity>,
    pub per_path: Vec<PerPath>,
    /// Limits of `oversized-initializer`, first match wins.
    pub initializer_limits: Vec<SizeLimit>,
    /// Every type-name pattern with a size limit, for the adapters.
    pub sized_types: PatternSet,
    /// The built-in vocabulary, extended by rule packs.
    pub vocab: Arc<Vocabulary>,
    /// The rule packs as read; the rules module compiles their rules
    /// (`rules::Registry::for_settings`), beside these settings rather than inside them.
    pub packs: Arc<[packs::PackSource]>,
    /// Every known rule's default severity (built-in and rule-pack rules).
    defaults: HashMap<String, Severity>,
    /// The configuration's name and text, for errors found once the files are known.
    source: Option<(String, String)>,
}

/// Rules left out for some paths.
pub struct PerPath {
    pub paths: Globs,
    pub ignore: HashSet<String>,
}

/// Command-line values that override the configuration.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    pub config: Option<PathBuf>,
    /// `--select`: replaces the configuration's `select` and `extend-select`.
    pub select: Option<Vec<String>>,
    /// `--extend-select`: added to whatever is selected.
    pub extend_select: Vec<String>,
    /// `--ignore` and `--extend-ignore`: added to the configuration's ignores.
    pub ignore: Vec<String>,
}

impl Settings {
    /// Resolves a configuration as found, given what the rules module knows: every rule
    /// id with its default severity, and the type names rule packs size. (`Settings::load`,
    /// `defaults` and `resolve`, which supply them, live with the rules.)
    pub fn resolve_with(
        loaded: Loaded,
        overrides: &Overrides,
        packs: packs::LoadedPacks,
        known: Known,
    ) -> Result<Settings, UserError> {
        let resolver = Resolver { loaded: &loaded, known, vocab: packs.vocab };
        resolver.resolve(overrides, packs.sources)
    }

    /// The severity a rule reports at.
    pub fn severity_of(&self, id: &str) -> Severity {
        self.severity.get(id).copied().or_else(|| self.defaults.get(id).copied()).unwrap_or(Severity::Error)
    }

    /// Whether rule `id` runs on the file at `path` (relative to the root).
    pub fn rule_applies(&self, id: &str, path: &str) -> bool {
        self.enabled.contains(id) && !self.per_path.iter().any(|p| p.ignore.contains(id) && p.paths.is_match(path))
    }

    /// An error for the first `owners` glob that matches none of the project's `files`
    /// (relative to the root): help that names an owner must name a file that exists.
    pub fn check_owners<'a>(&self, files: impl Iterator<Item = &'a str>) -> Result<(), UserError> {
        let mut unmatched: Vec<(usize, usize)> = self
            .concerns
            .iter()
            .enumerate()
            .flat_map(|(c, concern)| (0..concern.owners.len()).map(move |o| (c, o)))
            .collect();
        for file in files {
            if unmatched.is_empty() {
                return Ok(());
            }
            unmatched.retain(|&(c, o)| !self.concerns[c].owner_set.matching(file).contains(&o));
        }
        let (Some(&(c, o)), Some((name, text))) = (unmatched.first(), &self.source) else { return Ok(()) };
        let concern = &self.concerns[c];
        let message =
            format!("`owners` glob `{}` of `{}` matches no file in the project", concern.owners[o], concern.name);
        Err(UserError::at(name, text, concern.owner_spans[o].clone(), message).with_help(
            "owners are paths relative to the folder of this configuration, of Python or Rust files that are checked \
             (not excluded)",
        ))
    }

    pub fn is_test_path(&self, path: &str) -> bool {
        self.test_paths.is_match(path)
    }
}

/// What configuration needs to know of the rules, from the rules module.
#[derive(Debug, Default)]
pub struct Known {
    /// Every rule id (built-in and rule-pack) with its default severity, in registry order.
    pub rules: Vec<(String, Severity)>,
    /// Type-name patterns rule packs put size limits on.
    pub sized_types: Vec<String>,
}

impl Known {
    fn ids(&self) -> impl Iterator<Item = &str> + Clone {
        self.rules.iter().map(|(id, _)| id.as_str())
    }
}

struct Resolver<'a> {
    loaded: &'a Loaded,
    known: Known,
    vocab: Arc<Vocabulary>,
}

impl Resolver<'_> {
    fn resolve(self, overrides: &Overrides, packs: Vec<packs::PackSource>) -> Result<Settings, UserError> {
        let sized_by_packs = &self.known.sized_types;
        let raw: &RawConfig = &self.loaded.raw;
        let vocab = &*self.vocab;
        let include = match &raw.include {
            Some(globs) => self.globs(globs)?,
            None => Globs::defaults(DEFAULT_INCLUDE),
        };
        let test_paths = match &raw.test_paths {
            Some(globs) => self.globs(globs)?,
            None => Globs::defaults(DEFAULT_TEST_PATHS),
        };
        let (enabled, severity) = self.rule_selection(overrides)?;
        let per_path = raw
            .per_path
            .iter()
            .map(|entry| {
                Ok(PerPath {
                    paths: self.globs(&entry.paths)?,
                    ignore: self.rule_ids(&entry.ignore)?.into_iter().collect(),
                })
            })
            .collect::<Result<_, UserError>>()?;
        let initializer_limits: Vec<SizeLimit> = match &raw.rules.oversized_initializer {
            Some(options) => options.limits.iter().map(SizeLimit::new).collect(),
            None => vocab.initializer_limits.clone(),
        };
        let limited = initializer_limits.iter().map(|l| l.pattern.as_str());
        let sized_types = PatternSet::new(limited.chain(sized_by_packs.iter().map(String::as_str)));
        Ok(Settings {
            initializer_limits,
            sized_types,
            root: self.loaded.root.clone(),
            config_file: self.loaded.file.clone(),
            include,
            exclude: self.globs(&raw.exclude)?,
            respect_gitignore: raw.respect_gitignore.unwrap_or(true),
            test_paths,
            test_code: raw.test_code.unwrap_or_default(),
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            concerns: self.concerns(vocab)?,
            enabled,
            severity,
            per_path,
            vocab: self.vocab.clone(),
            defaults: self.known.rules.iter().cloned().collect(),
            packs: packs.into(),
            source: self.loaded.file.is_some().then(|| (self.loaded.name.clone(), self.loaded.text.clone())),
        })
    }

    fn globs(&self, patterns: &[Spanned<String>]) -> Result<Globs, UserError> {
        Globs::new(patterns.iter().map(|p| (p.get_ref().as_str(), p.span()))).map_err(|(span, message)| {
            UserError::at(&self.loaded.name, &self.loaded.text, span, message)
                .with_help("globs are relative to the project root; `*` stays within a directory, `**` crosses them")
        })
    }

    fn rule_ids(&self, ids: &[Spanned<String>]) -> Result<Vec<String>, UserError> {
        ids.iter().map(|id| self.rule_id(id)).collect()
    }

    fn rule_id(&self, id: &Spanned<String>) -> Result<String, UserError> {
        canonical_rule_id(&self.known, id.get_ref()).ok_or_else(|| self.unknown_rule(id.get_ref(), id.span()))
    }

    fn unknown_rule(&self, id: &str, span: std::ops::Range<usize>) -> UserError {
        let known: Vec<&str> = self.known.ids().collect();
        UserError::unknown(&self.loaded.name, &self.loaded.text, span, "rule", id, known.iter().copied())
    }

    fn rule_selection(
        &self,
        overrides: &Overrides,
    ) -> Result<(BTreeSet<String>, HashMap<String, Severity>), UserError> {
        let rules = &self.loaded.raw.rules;
        // As in ruff: a `--select` on the command line replaces the configuration's
        // selection (its `extend-select` too); every extension and every ignore adds up.
        let mut select = match (&overrides.select, &rules.select) {
            (Some(cli), _) => cli_rule_ids(&self.known, cli, "--select")?,
            (None, Some(config)) => [self.rule_ids(config)?, self.rule_ids(&rules.extend_select)?].concat(),
            (None, None) => [vec![ALL.to_owned()], self.rule_ids(&rules.extend_select)?].concat(),
        };
        select.extend(cli_rule_ids(&self.known, &overrides.extend_select, "--extend-select")?);
        let mut ignore = self.rule_ids(&rules.ignore)?;
        ignore.extend(self.rule_ids(&rules.extend_ignore)?);
        ignore.extend(cli_rule_ids(&self.known, &overrides.ignore, "--ignore")?);
        let enabled = expand(&self.known, &select, &ignore);
        let mut severity = HashMap::new();
        for (id, level) in &rules.severity {
            severity.insert(self.rule_id(id)?, *level);
        }
        Ok((enabled, severity))
    }

    /// The built-in concerns with the configuration applied, then the user's own.
    fn concerns(&self, vocab: &Vocabulary) -> Result<Vec<Concern>, UserError> {
        let raw = &self.loaded.raw.concerns;
        let configured = |name: &str| raw.iter().find(|(key, _)| key.get_ref() == name).map(|(_, config)| config);
        let mut concerns = Vec::new();
        for builtin in &vocab.concerns {
            concerns.push(self.concern(builtin, configured(&builtin.name))?);
        }
        for (name, config) in raw {
            if vocab.concerns.iter().all(|c| &c.name != name.get_ref()) {
                self.check_user_concern(vocab, name, config)?;
                let blank = ConcernVocab {
                    name: name.get_ref().clone(),
                    description: config.description.clone().unwrap_or_else(|| name.get_ref().clone()),
                    ..ConcernVocab::default()
                };
                concerns.push(self.concern(&blank, Some(config))?);
            }
        }
        Ok(concerns)
    }

    /// A concern of the user's own must not be a typo of a built-in one (which would then
    /// run without its owners) and must say what it governs.
    fn check_user_concern(
        &self,
        vocab: &Vocabulary,
        name: &Spanned<String>,
        config: &RawConcern,
    ) -> Result<(), UserError> {
        let at = |message: String| UserError::at(&self.loaded.name, &self.loaded.text, name.span(), message);
        let builtins = vocab.concerns.iter().map(|c| c.name.as_str());
        if let Some(close) = crate::support::words::did_you_mean(name.get_ref(), builtins) {
            return Err(at(format!("unknown concern `{}`", name.get_ref()))
                .with_help(format!("did you mean `{close}`? (a concern of your own needs a name of its own)")));
        }
        let governs = config.env.as_ref().is_some_and(|e| !e.is_empty())
            || !config.extend_env.is_empty()
            || config.provider_words.as_ref().is_some_and(|w| !w.is_empty())
            || !config.extend_provider_words.is_empty();
        if !governs {
            return Err(at(format!("concern `{}` governs nothing", name.get_ref())).with_help(
                "a concern of your own needs the variables it governs (`env = [\"REDIS_URL\"]`) or the words \
                 its providers are named with (`provider-words = [\"redis_url\"]`)",
            ));
        }
        Ok(())
    }

    fn concern(&self, builtin: &ConcernVocab, config: Option<&RawConcern>) -> Result<Concern, UserError> {
        let empty = RawConcern::default();
        let config = config.unwrap_or(&empty);
        let mut env = config.env.clone().unwrap_or_else(|| builtin.env.clone());
        env.extend(config.extend_env.iter().cloned());
        let mut words = config.provider_words.clone().unwrap_or_else(|| builtin.provider_words.clone());
        words.extend(config.extend_provider_words.iter().cloned());
        Ok(Concern {
            name: builtin.name.clone(),
            description: config.description.clone().unwrap_or_else(|| builtin.description.clone()),
            owners: config.owners.iter().map(|o| o.get_ref().clone()).collect(),
            owner_set: self.globs(&config.owners)?,
            owner_spans: config.owners.iter().map(Spanned::span).collect(),
            entry_points: EntryPoints::from_raw(&config.entry_points),
            env: PatternSet::new(env.iter().map(String::as_str)),
            env_list: env,
            provider_words: words.iter().map(|w| WordSeq::new(w)).collect(),
            unrelated_words: builtin.unrelated_words.clone(),
            context_words: builtin.context_words.clone(),
            context_value_words: builtin.context_value_words.clone(),
        })
    }
}

/// The rules that run: everything selected (`ALL` is every rule) but what is ignored.
fn expand(known: &Known, select: &[String], ignore: &[String]) -> BTreeSet<String> {
    let every = |ids: &[String]| ids.iter().any(|id| id == ALL);
    let mut enabled: BTreeSet<String> =
        if every(select) { known.ids().map(str::to_owned).collect() } else { select.iter().cloned().collect() };
    if every(ignore) {
        enabled.clear();
    }
    enabled.retain(|id| !ignore.contains(id));
    enabled
}

/// A rule id as the registry spells it, whatever its case (`DIRECT-ENV-READ`, `all`).
fn canonical_rule_id(known: &Known, id: &str) -> Option<String> {
    if id.eq_ignore_ascii_case(ALL) {
        return Some(ALL.to_owned());
    }
    known.ids().find(|known| known.eq_ignore_ascii_case(id)).map(str::to_owned)
}

/// Rule ids given on the command line; a typo is a usage error with a suggestion.
fn cli_rule_ids(known: &Known, ids: &[String], flag: &str) -> Result<Vec<String>, UserError> {
    ids.iter()
        .flat_map(|list| list.split(','))
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            if let Some(known) = canonical_rule_id(known, id) {
                return Ok(known);
            }
            let error = UserError::usage(format!("unknown rule `{id}` in {flag}"));
            Err(match crate::support::words::did_you_mean(&id.to_ascii_lowercase(), known.ids()) {
                Some(close) => error.with_help(format!("did you mean `{close}`?")),
                None => error.with_help("`ssotlint rules` lists every rule"),
            })
        })
        .collect()
}
