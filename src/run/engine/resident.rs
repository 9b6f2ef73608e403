//! A project kept in memory between edits, for the language server: every file's results
//! (findings, facts, suppressions) stay after the first scan, an edit re-checks only the
//! edited file, and the repository-wide pass runs again over the kept facts. The results
//! are the same a `check` of the project would give with the edited texts on the disk.

use std::sync::Arc;

use rayon::prelude::*;

use super::file::{self, FileOutcome};
use super::{Outcome, assemble, in_pool, isolation, panicked, prefilter_of};
use crate::config::Settings;
use crate::finding::FileError;
use crate::input::discovery::FileJob;
use crate::input::prefilter::Prefilters;
use crate::rules::Registry;

/// One project's files and what checking each gave, in path order.
pub struct Resident {
    settings: Settings,
    registry: Registry,
    prefilter: Prefilters,
    files: Vec<Kept>,
    /// Files found that cannot be checked (from the walk).
    walk_errors: Vec<FileError>,
}

/// A file and its last results.
struct Kept {
    job: FileJob,
    outcome: FileOutcome,
}

impl Resident {
    /// Checks every file of the project once; every file is reported on.
    pub fn scan(settings: Settings, jobs: Vec<FileJob>, walk_errors: Vec<FileError>, threads: Option<usize>) -> Self {
        let registry = Registry::for_settings(&settings);
        let prefilter = prefilter_of(&settings, &registry);
        let mut resident = Self { settings, registry, prefilter, files: Vec::new(), walk_errors };
        // Every file is reported on: any may be opened, and its suppressions must be read.
        let jobs: Vec<FileJob> = jobs.into_iter().map(|job| FileJob { report: true, ..job }).collect();
        let threads = crate::support::threads::for_items(threads, jobs.len());
        let outcomes = in_pool(threads, || jobs.par_iter().map(|job| resident.check(job)).collect::<Vec<_>>());
        resident.files = jobs.into_iter().zip(outcomes).map(|(job, outcome)| Kept { job, outcome }).collect();
        resident
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Whether `rel` is one of the project's files.
    pub fn contains(&self, rel: &str) -> bool {
        self.position(rel).is_ok()
    }

    /// Checks `rel` again with `text` (an editor's unsaved buffer), or with what is on the
    /// disk when `text` is `None`; a file the project did not have is added.
    pub fn update(&mut self, rel: &str, path: std::path::PathBuf, text: Option<Arc<str>>) {
        let job = FileJob { path, rel: rel.into(), report: true, text };
        let outcome = self.check(&job);
        match self.position(rel) {
            Ok(at) => self.files[at] = Kept { job, outcome },
            Err(at) => self.files.insert(at, Kept { job, outcome }),
        }
    }

    /// Forgets a file that is gone.
    pub fn remove(&mut self, rel: &str) {
        if let Ok(at) = self.position(rel) {
            self.files.remove(at);
        }
    }

    /// The project's findings as a run would report them: the kept per-file results plus a
    /// fresh repository-wide pass.
    pub fn outcome(&self) -> Outcome {
        let mut outcome = Outcome { errors: self.walk_errors.clone(), ..Outcome::default() };
        let jobs: Vec<FileJob> = self.files.iter().map(|kept| kept.job.clone()).collect();
        let results = self.files.iter().map(|kept| kept.outcome.clone()).collect();
        assemble(&self.settings, &self.registry, &jobs, results, &mut outcome);
        outcome
    }

    fn check(&self, job: &FileJob) -> FileOutcome {
        isolation::isolated(|| file::check_file(job, &self.settings, &self.registry, Some(&self.prefilter)))
            .unwrap_or_else(|message| panicked(job, &message))
    }

    fn position(&self, rel: &str) -> Result<usize, usize> {
        self.files.binary_search_by(|kept| (*kept.job.rel).cmp(rel))
    }
}
