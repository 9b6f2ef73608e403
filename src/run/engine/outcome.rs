//! What a run found, and how the results of several projects become one report: each
//! project's paths are moved from its root to the current directory (`crate::support::paths`), then
//! the projects' results are merged and sorted once more.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::Suppressed;
use crate::analysis::facts::FileFacts;
use crate::analysis::inventory::Inventory;
use crate::finding::{ErrorKind, FileError, Finding, Site, sort_findings};
use crate::support::paths::Rebase;
use crate::support::source::SourceFile;

/// Everything a run found, sorted.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Texts of the files with findings, for code frames.
    pub sources: BTreeMap<Arc<str>, Arc<SourceFile>>,
    /// Facts of every file of the project that has any, in path order, relative to the
    /// project root; a merged outcome of several projects has none.
    pub facts: Vec<FileFacts>,
    /// Findings hidden by inline suppressions.
    pub suppressed: Vec<Suppressed>,
    /// What a baseline hid, when one was applied.
    pub baseline: Option<crate::run::baseline::BaselineStats>,
    /// Every concern's sources (see `crate::analysis::inventory`).
    pub inventory: Inventory,
    /// Each concern's owners and entry points, and where pools are chosen, for the summary.
    pub concerns: Vec<ConcernInfo>,
    pub stats: Stats,
}

/// A concern as the JSON summary describes it.
#[derive(Debug, Clone, Default)]
pub struct ConcernInfo {
    pub name: String,
    pub owners: Vec<String>,
    pub entry_points: Vec<String>,
    /// For `connection-pool`: each strategy and where it is chosen.
    pub strategies: Option<BTreeMap<String, Vec<Site>>>,
    /// Every function of the project that provides the concern's value, with how.
    pub providers: Vec<ProviderInfo>,
    /// Calls of an entry point outside the owners (the first per file and entry point) and
    /// the entry point they call: the files that delegate.
    pub entry_calls: Vec<(Site, String)>,
}

/// A provider of a concern's value and where its value comes from, for the concern's graph.
#[derive(Debug, Clone)]
pub struct ProviderInfo {
    pub symbol: String,
    pub site: Site,
    /// Whether it produces the value itself (a read, a hand-made URL, a competing provider).
    pub competes: bool,
    /// The entry point or owner name it calls, when a branch delegates.
    pub delegates_to: Option<String>,
    /// The providers of the project it forwards to: their file and symbol.
    pub calls: Vec<(Arc<str>, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files_scanned: usize,
    pub files_parsed: usize,
    pub test_files_skipped: usize,
    /// Threads that checked the files (`--threads`, capped; see `crate::support::threads`).
    pub threads: usize,
    /// `None` when timing is left out for reproducible output (`--no-timing`).
    pub elapsed: Option<Duration>,
}

impl Outcome {
    /// Files that do not parse; a file that is not UTF-8 cannot be parsed either.
    pub fn parse_errors(&self) -> usize {
        self.errors.iter().filter(|e| matches!(e.kind, ErrorKind::ParseError | ErrorKind::InvalidUtf8)).count()
    }

    /// Moves every path from the project root to where `rebase` says (the current
    /// directory); the project's facts are dropped, having served the run.
    pub fn relocate(&mut self, rebase: &Rebase) {
        self.facts = Vec::new();
        if rebase.is_identity() {
            return;
        }
        let mut cache: BTreeMap<Arc<str>, Arc<str>> = BTreeMap::new();
        let mut shown = |path: &Arc<str>| -> Arc<str> {
            cache.entry(path.clone()).or_insert_with(|| rebase.apply(path).into()).clone()
        };
        for finding in self.findings.iter_mut().chain(self.suppressed.iter_mut().map(|s| &mut s.finding)) {
            finding.path = shown(&finding.path);
            for label in &mut finding.labels {
                label.path = label.path.as_ref().map(&mut shown);
            }
        }
        for error in &mut self.errors {
            error.path = shown(&error.path);
        }
        self.sources = std::mem::take(&mut self.sources)
            .into_iter()
            .map(|(path, source)| {
                let path = shown(&path);
                (path.clone(), Arc::new(SourceFile::new(path, source.text.clone())))
            })
            .collect();
        self.inventory.relocate(&mut |site: &mut Site| site.path = shown(&site.path));
        for concern in &mut self.concerns {
            for owner in &mut concern.owners {
                *owner = rebase.apply(owner);
            }
            for site in concern.strategies.iter_mut().flat_map(|s| s.values_mut()).flatten() {
                site.path = shown(&site.path);
            }
            for (site, _) in &mut concern.entry_calls {
                site.path = shown(&site.path);
            }
            for provider in &mut concern.providers {
                provider.site.path = shown(&provider.site.path);
                for (path, _) in &mut provider.calls {
                    *path = shown(path);
                }
            }
        }
    }

    /// Adds another project's results (both relocated already) and sorts again.
    pub fn merge(&mut self, other: Outcome) {
        self.findings.extend(other.findings);
        sort_findings(&mut self.findings);
        self.errors.extend(other.errors);
        self.errors.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
        self.sources.extend(other.sources);
        self.suppressed.extend(other.suppressed);
        self.baseline = match (self.baseline, other.baseline) {
            (Some(a), Some(b)) => Some(a.plus(b)),
            (a, b) => a.or(b),
        };
        self.inventory.merge(other.inventory);
        for concern in other.concerns {
            match self.concerns.iter_mut().find(|c| c.name == concern.name) {
                Some(known) => known.merge(concern),
                None => self.concerns.push(concern),
            }
        }
        self.stats.files_scanned += other.stats.files_scanned;
        self.stats.files_parsed += other.stats.files_parsed;
        self.stats.test_files_skipped += other.stats.test_files_skipped;
        self.stats.threads = self.stats.threads.max(other.stats.threads);
        self.stats.elapsed = match (self.stats.elapsed, other.stats.elapsed) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }
}

impl ConcernInfo {
    fn merge(&mut self, other: ConcernInfo) {
        self.owners.extend(other.owners);
        self.providers.extend(other.providers);
        self.entry_calls.extend(other.entry_calls);
        for name in other.entry_points {
            if !self.entry_points.contains(&name) {
                self.entry_points.push(name);
            }
        }
        if let Some(strategies) = other.strategies {
            let mine = self.strategies.get_or_insert_with(BTreeMap::new);
            for (strategy, sites) in strategies {
                let known = mine.entry(strategy).or_default();
                known.extend(sites);
                known.sort_by(|a, b| (&a.path, a.location.start).cmp(&(&b.path, b.location.start)));
            }
        }
    }
}
