//! The pipeline: discover files, check them in parallel (read → parse → lower → rules →
//! findings, one file per task, its tree dropped at the end of the task), then merge and
//! sort once so that output does not depend on the thread count.

mod dispatch;
mod file;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Settings;
use crate::discovery::discover;
use crate::finding::{ErrorKind, FileError, Finding};
use crate::source::SourceFile;

/// Stack for checking threads: deeply nested code recurses deeply in the parsers.
const STACK_SIZE: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Apply excludes to files named on the command line too.
    pub force_exclude: bool,
}

/// Everything a run found, sorted.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Texts of the files with findings, for code frames.
    pub sources: BTreeMap<Arc<str>, Arc<SourceFile>>,
    pub stats: Stats,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files_scanned: usize,
    pub files_parsed: usize,
    pub test_files_skipped: usize,
    pub elapsed: Duration,
}

impl Outcome {
    pub fn parse_errors(&self) -> usize {
        self.errors.iter().filter(|e| e.kind == ErrorKind::ParseError).count()
    }
}

pub fn run(settings: &Settings, paths: &[PathBuf], options: &RunOptions) -> Outcome {
    let start = Instant::now();
    let discovered = discover(paths, settings, options.force_exclude);
    let check = || discovered.files.par_iter().map(|job| file::check_file(job, settings)).collect::<Vec<_>>();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(options.threads.unwrap_or(0)).stack_size(STACK_SIZE).build();
    let results = match pool {
        Ok(pool) => pool.install(check),
        Err(_) => check(),
    };
    let mut outcome = Outcome { errors: discovered.errors, ..Outcome::default() };
    outcome.stats.files_scanned = discovered.files.len();
    for (job, result) in discovered.files.iter().zip(results) {
        outcome.stats.files_parsed += usize::from(result.parsed);
        outcome.stats.test_files_skipped += usize::from(result.skipped_test);
        outcome.findings.extend(result.findings);
        outcome.errors.extend(result.errors);
        if let Some(source) = result.source {
            outcome.sources.insert(job.rel.clone(), source);
        }
    }
    outcome.findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    outcome.errors.sort_by(|a, b| (&a.path, a.kind).cmp(&(&b.path, b.kind)));
    outcome.stats.elapsed = start.elapsed();
    outcome
}
