//! Which configuration governs each file (SPEC §4). As ruff resolves settings, a file is
//! checked under the nearest `ssotlint.toml`, `.ssotlint.toml`, `pyproject.toml`
//! `[tool.ssotlint]` or `Cargo.toml` metadata above it; the directory holding it is the
//! file's project root. Each project is checked with its own settings, and its
//! repository-wide rules see that project only, whichever files a run names: pre-commit
//! splits a monorepo's staged files into batches, and a file's findings must not depend on
//! its batch. `--config FILE` makes one project of everything.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Overrides, Settings, UserError};
use crate::finding::FileError;
use crate::input::discovery::{self, Discovered, FileJob, absolute, discover, is_excluded, relative};

/// One project of a run: its settings and the files to check.
pub struct Project {
    pub settings: Settings,
    /// The files to report on and, when the paths given do not cover the project, every
    /// other file of the project for its facts only (`report: false`); sorted by path.
    pub jobs: Vec<FileJob>,
    /// Files that were found but cannot be checked.
    pub errors: Vec<FileError>,
}

/// What to check: paths on the disk, or one text from standard input named as a file.
#[derive(Debug, Clone)]
pub enum Input {
    Path(PathBuf),
    Stdin { name: PathBuf, text: Arc<str> },
}

/// Run-wide choices that decide which files are found.
#[derive(Debug, Clone, Copy, Default)]
pub struct Walk {
    pub force_exclude: bool,
    pub threads: Option<usize>,
}

/// Splits the inputs into projects, in root order.
pub fn plan(inputs: &[Input], overrides: &Overrides, walk: Walk) -> Result<Vec<Project>, UserError> {
    let covered = inputs
        .iter()
        .filter_map(|input| match input {
            Input::Path(path) if path.is_dir() => Some(absolute(path)),
            _ => None,
        })
        .collect();
    let mut planner = Planner { overrides, walk, covered, roots: HashMap::new(), projects: BTreeMap::new() };
    if let Some(explicit) = &overrides.config {
        let settings = Settings::resolve(config::load_explicit(explicit)?, overrides)?;
        let root = settings.root.clone();
        planner.projects.insert(root.clone(), Project::new(settings));
        for input in inputs {
            planner.add_to(&root, input);
        }
        return planner.finish(false);
    }
    for input in inputs {
        planner.add(input)?;
    }
    planner.finish(true)
}

struct Planner<'a> {
    overrides: &'a Overrides,
    walk: Walk,
    /// The directories given, absolute: a project under one of them is read whole.
    covered: Vec<PathBuf>,
    /// The project root of each directory looked up so far.
    roots: HashMap<PathBuf, PathBuf>,
    projects: BTreeMap<PathBuf, Project>,
}

impl Planner<'_> {
    fn add(&mut self, input: &Input) -> Result<(), UserError> {
        let dir = match input {
            Input::Path(path) => config::absolute_dir(path),
            Input::Stdin { name, .. } => existing_dir(&absolute(name)),
        };
        let root = self.root_of(&dir)?;
        let nested = self.add_to(&root, input);
        for config in nested {
            let Some(dir) = config.parent() else { continue };
            if dir != root && !self.projects.contains_key(dir) {
                self.root_of(dir)?;
            }
        }
        Ok(())
    }

    /// Adds the files of `input` to the project at `root`; returns the configurations found
    /// below it, which may start projects of their own.
    fn add_to(&mut self, root: &Path, input: &Input) -> Vec<PathBuf> {
        let project = self.projects.get_mut(root).expect("the project was registered");
        match input {
            Input::Path(path) => {
                let found =
                    discover(std::slice::from_ref(path), &project.settings, self.walk.force_exclude, self.walk.threads);
                project.absorb(found)
            }
            Input::Stdin { name, text } => {
                let path = absolute(name);
                let rel = discovery::relative_or_up(&path, &project.settings.root);
                project.jobs.push(FileJob { path, rel: rel.into(), report: true, text: Some(text.clone()) });
                Vec::new()
            }
        }
    }

    /// The project root governing `dir`: the nearest directory at or above it holding a
    /// configuration, loaded once; without any, the repository around it.
    fn root_of(&mut self, dir: &Path) -> Result<PathBuf, UserError> {
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(root) = self.roots.get(ancestor) {
                found = Some(root.clone());
                break;
            }
            visited.push(ancestor.to_path_buf());
            if let Some(loaded) = config::in_dir(ancestor)? {
                self.register(loaded)?;
                found = Some(ancestor.to_path_buf());
                break;
            }
        }
        let root = match found {
            Some(root) => root,
            None => {
                let root = config::default_root(dir);
                if !self.projects.contains_key(&root) {
                    self.register(config::Loaded { root: root.clone(), ..config::Loaded::default() })?;
                }
                root
            }
        };
        for dir in visited {
            self.roots.insert(dir, root.clone());
        }
        Ok(root)
    }

    fn register(&mut self, loaded: config::Loaded) -> Result<(), UserError> {
        let settings = Settings::resolve(loaded, self.overrides)?;
        self.projects.insert(settings.root.clone(), Project::new(settings));
        Ok(())
    }

    /// Moves each file to the project that governs it (when configurations nest), adds the
    /// rest of each partly given project for its facts, and checks what needed the files
    /// (owners that match none).
    fn finish(mut self, nesting: bool) -> Result<Vec<Project>, UserError> {
        let nested: HashSet<PathBuf> = if nesting { self.projects.keys().cloned().collect() } else { HashSet::new() };
        let mut moved: Vec<(PathBuf, FileJob)> = Vec::new();
        for project in self.projects.values_mut() {
            let deeper = deeper_roots(&project.settings.root, &nested);
            if deeper.is_empty() {
                continue;
            }
            project.jobs.retain(|job| match governing(&job.path, &deeper) {
                Some(deeper) => {
                    moved.push((deeper, job.clone()));
                    false
                }
                None => true,
            });
        }
        for (root, job) in moved {
            let project = self.projects.get_mut(&root).expect("a registered root");
            project.adopt(job);
        }
        let mut projects: Vec<Project> =
            self.projects.into_values().filter(|p| !p.jobs.is_empty() || !p.errors.is_empty()).collect();
        for project in &mut projects {
            let whole = self.covered.iter().any(|dir| project.settings.root.starts_with(dir));
            project.complete(whole, &nested, self.walk.threads)?;
        }
        Ok(projects)
    }
}

impl Project {
    fn new(settings: Settings) -> Self {
        Self { settings, jobs: Vec::new(), errors: Vec::new() }
    }

    fn absorb(&mut self, found: Discovered) -> Vec<PathBuf> {
        self.jobs.extend(found.files);
        self.errors.extend(found.errors);
        found.configs
    }

    /// A file another project's walk found: named relative to this root, and checked only
    /// if this project's own `include` and `exclude` let it in.
    fn adopt(&mut self, job: FileJob) {
        let Some(rel) = relative(&job.path, &self.settings.root) else { return };
        if self.settings.include.is_match(&rel) && !is_excluded(&rel, &self.settings) {
            self.jobs.push(FileJob { rel: rel.into(), ..job });
        }
    }

    /// Sorts the files, adds the rest of the project for its facts when the inputs did not
    /// cover it, checks the owners against the files, and learns where the entry points
    /// are defined.
    fn complete(&mut self, whole: bool, nested: &HashSet<PathBuf>, threads: Option<usize>) -> Result<(), UserError> {
        let jobs = std::mem::take(&mut self.jobs);
        self.jobs = with_rest(&self.settings, jobs, whole, nested, threads);
        self.settings.check_owners(self.jobs.iter().map(|j| &*j.rel))?;
        self.locate_entry_points();
        Ok(())
    }

    /// Reads the owner files of concerns whose entry points are configured, to tell each
    /// name's language and where it is defined (help names them).
    fn locate_entry_points(&mut self) {
        let jobs = &self.jobs;
        for concern in &mut self.settings.concerns {
            if concern.entry_points.is_empty() || !concern.has_owners() {
                continue;
            }
            let owners: Vec<(&str, String)> = jobs
                .iter()
                .filter(|j| concern.owner_set.is_match(&j.rel))
                .filter_map(|j| {
                    let text = match &j.text {
                        Some(text) => text.to_string(),
                        None => std::fs::read_to_string(&j.path).ok()?,
                    };
                    Some((&*j.rel, text))
                })
                .collect();
            concern.entry_points.locate(owners.iter().map(|(path, text)| (*path, text.as_str())));
        }
    }
}

/// The files of one project with the given settings, for callers that have them already
/// (`init`, tests, benchmarks): the files under `paths`, and the rest of the project for
/// facts when they do not cover it. Configurations below are not looked for.
pub fn files_of(settings: &Settings, paths: &[PathBuf], walk: Walk) -> (Vec<FileJob>, Vec<FileError>) {
    let found = discover(paths, settings, walk.force_exclude, walk.threads);
    let whole = paths.iter().any(|p| p.is_dir() && settings.root.starts_with(absolute(p)));
    (with_rest(settings, found.files, whole, &HashSet::new(), walk.threads), found.errors)
}

/// `jobs` sorted, with (unless `whole`) every other file of the project added for its
/// facts only, leaving out the files of projects nested below it.
fn with_rest(
    settings: &Settings,
    mut jobs: Vec<FileJob>,
    whole: bool,
    nested: &HashSet<PathBuf>,
    threads: Option<usize>,
) -> Vec<FileJob> {
    jobs.sort_by(|a, b| a.rel.cmp(&b.rel));
    jobs.dedup_by(|a, b| a.rel == b.rel);
    if whole {
        return jobs;
    }
    let root = settings.root.clone();
    let reported: HashSet<Arc<str>> = jobs.iter().map(|j| j.rel.clone()).collect();
    let rest = discover(std::slice::from_ref(&root), settings, false, threads);
    // Projects below this one that no input named are still not this one's.
    let mut nested = nested.clone();
    let below = rest.configs.iter().filter_map(|c| c.parent()).filter(|d| config::in_dir(d).is_ok_and(|c| c.is_some()));
    nested.extend(below.map(Path::to_path_buf));
    let deeper = deeper_roots(&root, &nested);
    let others = rest
        .files
        .into_iter()
        .filter(|j| !reported.contains(&j.rel) && (deeper.is_empty() || governing(&j.path, &deeper).is_none()))
        .map(|j| FileJob { report: false, ..j });
    jobs.extend(others);
    jobs.sort_by(|a, b| a.rel.cmp(&b.rel));
    jobs
}

/// The root of the deepest of the `deeper` projects that holds `path`, if any.
fn governing(path: &Path, deeper: &[&PathBuf]) -> Option<PathBuf> {
    deeper.iter().filter(|r| path.starts_with(r)).max_by_key(|r| r.as_os_str().len()).map(|r| r.to_path_buf())
}

/// The project roots strictly below `root`: usually none, and then no file's path needs
/// looking at (a walk lists thousands).
fn deeper_roots<'r>(root: &Path, roots: &'r HashSet<PathBuf>) -> Vec<&'r PathBuf> {
    roots.iter().filter(|r| r.as_path() != root && r.starts_with(root)).collect()
}

/// The nearest directory at or above `path` that exists (a name given with
/// `--stdin-filename` need not exist).
fn existing_dir(path: &Path) -> PathBuf {
    let start = path.parent().unwrap_or(path);
    let dir = start.ancestors().find(|dir| dir.is_dir()).unwrap_or(start);
    config::absolute_dir(dir)
}
