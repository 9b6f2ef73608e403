//! The pipeline: discover files, check them in parallel (read → parse → lower → rules and
//! facts, one file per task, its tree dropped at the end of the task), run the
//! repository-wide rules over the merged facts, then sort and fingerprint once so that
//! output does not depend on the thread count.
//!
//! When the paths given are not the whole project (pre-commit passes a few staged files),
//! the rest of the project is still read for facts, so that a file's findings never depend
//! on which other files were passed with it.

mod dispatch;
mod file;
pub mod isolation;
mod outcome;
pub mod resident;
mod suppression;

pub use outcome::{ConcernInfo, Outcome, ProviderInfo, Stats};

pub use suppression::Suppressed;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::analysis::facts::FileFacts;
use crate::analysis::inventory::{Inventory, Source};
use crate::analysis::repo::Repository;
use crate::config::Settings;
use crate::finding::{ErrorKind, FileError, Finding, sort_and_fingerprint, sort_findings};
use crate::input::discovery::FileJob;
use crate::input::prefilter::Prefilters;
use crate::rules::{Registry, RepoContext};
use crate::support::source::SourceFile;

/// Stack for checking threads: deeply nested code recurses deeply in the parsers.
const STACK_SIZE: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; `None` or `0` uses every core, and more than helps is capped.
    pub threads: Option<usize>,
    /// Apply excludes to files named on the command line too.
    pub force_exclude: bool,
    /// Counts files as they are done, for a progress line.
    pub progress: Option<Arc<Progress>>,
    /// Parse every file and run every rule on it, as a check on the prefilter.
    pub no_prefilter: bool,
}

/// Files done out of files to do, updated by the workers.
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn counts(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
}

pub fn run(settings: &Settings, paths: &[PathBuf], options: &RunOptions) -> Outcome {
    let start = Instant::now();
    let walk = crate::input::projects::Walk { force_exclude: options.force_exclude, threads: options.threads };
    let (jobs, errors) = crate::input::projects::files_of(settings, paths, walk);
    let mut outcome = check(settings, &jobs, errors, options);
    outcome.stats.elapsed = Some(start.elapsed());
    outcome
}

/// Checks one project's files: `jobs` (sorted by path) are reported on or read for facts
/// only; `errors` are the files found that cannot be checked.
pub fn check(settings: &Settings, jobs: &[FileJob], errors: Vec<FileError>, options: &RunOptions) -> Outcome {
    let start = Instant::now();
    let mut outcome = Outcome { errors, ..Outcome::default() };
    let progress = options.progress.clone().unwrap_or_default();
    progress.total.fetch_add(jobs.len(), Ordering::Relaxed);
    let registry = Registry::for_settings(settings);
    let prefilter = (!options.no_prefilter).then(|| prefilter_of(settings, &registry));
    let check = |job: &FileJob| {
        let result = isolation::isolated(|| file::check_file(job, settings, &registry, prefilter.as_ref()))
            .unwrap_or_else(|message| panicked(job, &message));
        progress.done.fetch_add(1, Ordering::Relaxed);
        result
    };
    outcome.stats.threads = crate::support::threads::for_items(options.threads, jobs.len());
    let results = in_pool(outcome.stats.threads, || jobs.par_iter().map(check).collect::<Vec<_>>());
    assemble(settings, &registry, jobs, results, &mut outcome);
    outcome.stats.elapsed = Some(start.elapsed());
    outcome
}

/// Checks one in-memory file as the whole project: every per-file and repository-wide step
/// of a run, without discovery or reading. For fuzzing and property tests; a panic is an
/// `internal-error` entry as in a run.
pub fn run_text(settings: &Settings, rel: &str, text: String, prefilter: Option<&Prefilters>) -> Outcome {
    let registry = Registry::for_settings(settings);
    let job = FileJob { path: settings.root.join(rel), rel: rel.into(), report: true, text: None };
    let Some(lang) = crate::support::source::Lang::from_path(&job.path) else { return Outcome::default() };
    let result =
        isolation::isolated(|| file::check_text(&job, lang, text, settings, &registry, prefilter.map(|p| p.get(lang))))
            .unwrap_or_else(|message| panicked(&job, &message));
    let mut outcome = Outcome::default();
    let jobs = [job];
    assemble(settings, &registry, &jobs, vec![result], &mut outcome);
    outcome
}

/// Merges the files' results, runs the repository-wide rules, fingerprints and applies
/// suppressions: everything after the per-file work.
fn assemble(
    settings: &Settings,
    registry: &Registry,
    jobs: &[FileJob],
    results: Vec<file::FileOutcome>,
    outcome: &mut Outcome,
) {
    let mut suppressions = HashMap::new();
    let mut fact_only = Vec::new();
    for (job, result) in jobs.iter().zip(results) {
        if job.report {
            outcome.stats.files_scanned += 1;
            outcome.stats.files_parsed += usize::from(result.parsed);
            outcome.stats.test_files_skipped += usize::from(result.skipped_test);
            outcome.findings.extend(result.findings);
        } else {
            fact_only.extend(result.findings);
        }
        outcome.errors.extend(result.errors);
        outcome.facts.extend(result.facts);
        if !result.suppressions.is_empty() {
            suppressions.insert(job.rel.clone(), result.suppressions);
        }
        if let Some(source) = result.source.filter(|_| job.report) {
            outcome.sources.insert(job.rel.clone(), source);
        }
    }
    // Sites of concerns without an owner are not findings: they make the inventory.
    let (unowned, reported): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut outcome.findings)
        .into_iter()
        .partition(|f| unowned_concern_of(settings, registry, f).is_some());
    outcome.findings = reported;
    let mut unowned_sources: Vec<Source> = Vec::new();
    for finding in unowned.iter().chain(&fact_only) {
        if let Some(concern) = unowned_concern_of(settings, registry, finding) {
            unowned_sources.push(Source::of_finding(concern, finding));
        }
    }
    let all_files: Vec<(Arc<str>, PathBuf)> = jobs.iter().map(|j| (j.rel.clone(), j.path.clone())).collect();
    let reported: HashSet<&str> = jobs.iter().filter(|j| j.report).map(|j| &*j.rel).collect();
    let (repository, inventory, providers) = repository_findings(
        settings,
        registry,
        &outcome.facts,
        &all_files,
        &reported,
        unowned_sources,
        &mut outcome.errors,
    );
    outcome.findings.extend(repository);
    outcome.inventory = inventory;
    outcome.concerns = concern_infos(settings, &outcome.facts, providers);
    // Fingerprints are taken before suppressions apply, so adding one does not renumber
    // the identical findings around it.
    sort_and_fingerprint(&mut outcome.findings);
    let (kept, suppressed, mut meta) =
        suppression::apply(std::mem::take(&mut outcome.findings), &unowned, &suppressions, settings, registry);
    sort_and_fingerprint(&mut meta);
    outcome.findings = kept;
    outcome.findings.extend(meta);
    sort_findings(&mut outcome.findings);
    outcome.suppressed = suppressed;
    outcome.errors.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    load_missing_sources(outcome, jobs);
}

/// Each concern's owners, entry points and (for pools) strategies, for the summary; its
/// providers and entry-point calls, for its picture.
fn concern_infos(settings: &Settings, facts: &[FileFacts], mut providers: Vec<Vec<ProviderInfo>>) -> Vec<ConcernInfo> {
    providers.resize_with(settings.concerns.len(), Vec::new);
    settings
        .concerns
        .iter()
        .zip(providers)
        .enumerate()
        .map(|(index, (c, providers))| {
            let strategies = (c.name == crate::rules::CONNECTION_POOL).then(|| {
                let mut strategies: std::collections::BTreeMap<String, Vec<crate::finding::Site>> = Default::default();
                for site in facts.iter().flat_map(|f| &f.pools) {
                    strategies.entry(site.strategy.clone()).or_default().push(site.site.clone());
                }
                strategies
            });
            let entry_calls = facts.iter().flat_map(|f| &f.entry_calls).filter(|call| call.concern == index);
            ConcernInfo {
                name: c.name.clone(),
                owners: c.owners.clone(),
                entry_points: c.entry_points.names.clone(),
                strategies,
                providers,
                entry_calls: entry_calls.map(|call| (call.site.clone(), call.entry_point.clone())).collect(),
            }
        })
        .collect()
}

/// The concern a finding is about when its rule accuses only outside the owners and the
/// concern has none.
fn unowned_concern_of<'s>(settings: &'s Settings, registry: &Registry, finding: &Finding) -> Option<&'s str> {
    let rule = registry.get(&finding.rule)?;
    if !rule.meta().outside_owners {
        return None;
    }
    let name = finding.concern.as_deref()?;
    settings.concerns.iter().find(|c| c.name == name && !c.has_owners()).map(|c| c.name.as_str())
}

/// What is left of a file whose check panicked: an internal error, whoever was to report it.
fn panicked(job: &FileJob, message: &str) -> file::FileOutcome {
    crate::lang::after_panic();
    let message = format!("panicked while checking this file: {message}");
    file::FileOutcome {
        errors: vec![FileError::new(job.rel.clone(), ErrorKind::InternalError, message)],
        ..Default::default()
    }
}

/// The prefilters of this run's rules and facts, one per language.
pub fn prefilter(settings: &Settings) -> Prefilters {
    prefilter_of(settings, &Registry::for_settings(settings))
}

fn prefilter_of(settings: &Settings, registry: &Registry) -> Prefilters {
    Prefilters::new(|lang| {
        (registry.triggers(settings, lang), crate::analysis::facts::trigger(&settings.semantics(lang)))
    })
}

fn in_pool<T: Send>(threads: usize, work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).stack_size(STACK_SIZE).build();
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Runs the repository-wide part of every enabled rule and keeps the findings located in
/// reported files, where the rule applies.
///
/// A rule whose pass panics becomes an internal error (the project root is its path) and
/// contributes no findings; the other rules go on.
fn repository_findings(
    settings: &Settings,
    registry: &Registry,
    facts: &[FileFacts],
    all_files: &[(Arc<str>, PathBuf)],
    reported: &HashSet<&str>,
    unowned: Vec<Source>,
    errors: &mut Vec<FileError>,
) -> (Vec<Finding>, Inventory, Vec<Vec<ProviderInfo>>) {
    let repo = Repository::new(settings, facts, all_files, unowned);
    let providers = provider_infos(&repo);
    let mut findings = Vec::new();
    for rule in registry.iter().filter(|r| settings.enabled.contains(&*r.meta().id)) {
        let id = &rule.meta().id;
        let mut found = Vec::new();
        let mut cx = RepoContext {
            meta: rule.meta(),
            severity: settings.severity_of(id),
            configured: settings.severity.contains_key(&**id),
            findings: &mut found,
        };
        let checked = isolation::isolated(|| {
            if isolation::injected_for_repository(id) {
                panic!("injected panic (SSOTLINT_INJECT_PANIC)");
            }
            rule.check_repo(&repo, &mut cx);
        });
        if let Err(message) = checked {
            let message = format!("rule `{id}` panicked in its repository-wide pass: {message}");
            errors.push(FileError {
                rule: Some(id.to_string()),
                ..FileError::new(".".into(), ErrorKind::InternalError, message)
            });
            continue;
        }
        // A repository-wide rule's sites of an unowned concern are in the inventory already.
        findings.extend(found.into_iter().filter(|f| {
            reported.contains(&*f.path)
                && settings.rule_applies(id, &f.path)
                && unowned_concern_of(settings, registry, f).is_none()
        }));
    }
    (findings, repo.inventory, providers)
}

/// Per concern, every provider that provides the value, with its verdict, for the graph.
fn provider_infos(repo: &Repository<'_>) -> Vec<Vec<ProviderInfo>> {
    let mut infos = vec![Vec::new(); repo.settings.concerns.len()];
    for (id, _, provider) in repo.provider_ids() {
        let verdict = repo.verdict(id);
        if !verdict.provides() {
            continue;
        }
        let calls = verdict
            .forwards
            .iter()
            .map(|f| f.target)
            .chain(verdict.delegates_through)
            .map(|target| {
                let (file, target) = repo.provider(target);
                (file.path.clone(), target.symbol.clone())
            })
            .collect();
        infos[provider.concern].push(ProviderInfo {
            symbol: provider.symbol.clone(),
            site: provider.site.clone(),
            competes: verdict.competes(),
            delegates_to: verdict.delegates.as_ref().map(|(path, _)| path.to_string()),
            calls,
        });
    }
    infos
}

/// Re-reads the files that got findings (or labels) only from the repository-wide pass, for
/// their code frames; a file that cannot be read again is shown without one.
fn load_missing_sources(outcome: &mut Outcome, jobs: &[FileJob]) {
    let label_paths = outcome.findings.iter().flat_map(|f| f.labels.iter().filter_map(|l| l.path.clone()));
    let missing: HashSet<Arc<str>> = outcome
        .findings
        .iter()
        .map(|f| f.path.clone())
        .chain(label_paths)
        .filter(|p| !outcome.sources.contains_key(p))
        .collect();
    for job in jobs.iter().filter(|j| missing.contains(&j.rel)) {
        if let Ok(text) = std::fs::read_to_string(&job.path) {
            outcome.sources.insert(job.rel.clone(), Arc::new(SourceFile::new(job.rel.clone(), text)));
        }
    }
}
