//! Which files a run checks: the paths given, walked with the `ignore` crate (so `.gitignore`,
//! `.ignore` and `.git/info/exclude` apply, nested ones included), filtered by the default
//! excludes, `exclude` and `include`. A file named explicitly is checked even when excluded,
//! unless `--force-exclude` is given: pre-commit passes staged files by name.
//!
//! `ignore` was chosen over walkdir plus our own gitignore code because gitignore semantics
//! (negation, anchoring, nested files, the global excludes file) are easy to get subtly
//! wrong, and ripgrep's walker is among the fastest there is.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use std::sync::Mutex;

use ignore::{ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::config::Settings;
use crate::finding::{ErrorKind, FileError};
pub use crate::support::paths::relative;

/// Directories never walked into (SPEC §4, plus other tool caches).
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    "target",
    ".venv",
    "venv",
    "node_modules",
    "__pycache__",
    "build",
    "dist",
    ".tox",
    ".nox",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "__pypackages__",
    ".eggs",
    ".hg",
    ".svn",
    ".direnv",
];

/// One file to check.
#[derive(Debug, Clone, Default)]
pub struct FileJob {
    /// Where to read it.
    pub path: PathBuf,
    /// Its path relative to the project root, `/`-separated.
    pub rel: Arc<str>,
    /// Whether findings are reported for it, or it only contributes repository-wide facts.
    pub report: bool,
    /// Its text when it does not come from the disk (`--stdin-filename`).
    pub text: Option<Arc<str>>,
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<FileJob>,
    pub errors: Vec<FileError>,
    /// Configuration files found below the walked directories (`ssotlint.toml`, and the
    /// manifests that mention ssotlint): each may start a project of its own.
    pub configs: Vec<PathBuf>,
}

/// Lists the files to check under `paths`, sorted by relative path, without duplicates.
pub fn discover(paths: &[PathBuf], settings: &Settings, force_exclude: bool, threads: Option<usize>) -> Discovered {
    let mut found = Discovered::default();
    for path in paths {
        let absolute = absolute(path);
        if absolute.is_dir() {
            walk(&absolute, settings, threads, &mut found);
        } else {
            let rel = relative_or_up(&absolute, &settings.root);
            let excluded = force_exclude && is_excluded(&rel, settings);
            if excluded || crate::support::source::Lang::from_path(&absolute).is_none() {
                continue;
            }
            // A file named on the command line is read through a symbolic link.
            let kind = std::fs::metadata(&absolute).map_err(|err| (ErrorKind::IoError, format!("{err}; not checked")));
            match kind.and_then(|meta| file_kind(&absolute, meta.file_type(), false)) {
                Ok(()) => found.files.push(FileJob { path: absolute, rel: rel.into(), report: true, text: None }),
                Err((kind, message)) => found.errors.push(FileError::new(rel.into(), kind, message)),
            }
        }
    }
    found.configs.sort();
    found.files.sort_by(|a, b| a.rel.cmp(&b.rel));
    found.files.dedup_by(|a, b| a.rel == b.rel);
    found.errors.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

fn walk(dir: &Path, settings: &Settings, threads: Option<usize>, found: &mut Discovered) {
    let root = settings.root.clone();
    let exclude = settings.exclude.clone();
    let mut builder = WalkBuilder::new(dir);
    builder
        .hidden(false)
        .git_ignore(settings.respect_gitignore)
        .git_exclude(settings.respect_gitignore)
        .git_global(settings.respect_gitignore)
        .ignore(settings.respect_gitignore)
        .parents(settings.respect_gitignore)
        .require_git(false)
        .follow_links(false)
        .filter_entry(move |entry| {
            let name = entry.file_name().to_string_lossy();
            if entry.depth() > 0 && entry.file_type().is_some_and(|t| t.is_dir()) && DEFAULT_EXCLUDES.contains(&&*name)
            {
                return false;
            }
            exclude.is_empty() || relative(entry.path(), &root).is_none_or(|rel| !exclude.is_match(&rel))
        });
    // The walk runs on several threads; each collects its own list, handed over when its
    // visitor is dropped, and the caller sorts the result.
    let lists = Mutex::new(Vec::new());
    // As many threads as the checks may get (`--threads`, capped), so that one means one.
    builder
        .threads(crate::support::threads::capped(threads))
        .build_parallel()
        .visit(&mut Collectors { settings, lists: &lists });
    for list in lists.into_inner().unwrap_or_default() {
        found.files.extend(list.files);
        found.errors.extend(list.errors);
        found.configs.extend(list.configs);
    }
}

struct Collectors<'s> {
    settings: &'s Settings,
    lists: &'s Mutex<Vec<Discovered>>,
}

impl<'s> ParallelVisitorBuilder<'s> for Collectors<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Collector { settings: self.settings, lists: self.lists, found: Discovered::default() })
    }
}

struct Collector<'s> {
    settings: &'s Settings,
    lists: &'s Mutex<Vec<Discovered>>,
    found: Discovered,
}

impl ParallelVisitor for Collector<'_> {
    fn visit(&mut self, entry: Result<ignore::DirEntry, ignore::Error>) -> WalkState {
        visit(entry, self.settings, &mut self.found);
        WalkState::Continue
    }
}

impl Drop for Collector<'_> {
    fn drop(&mut self) {
        if let Ok(mut lists) = self.lists.lock() {
            lists.push(std::mem::take(&mut self.found));
        }
    }
}

fn visit(entry: Result<ignore::DirEntry, ignore::Error>, settings: &Settings, found: &mut Discovered) {
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => {
            found.errors.push(FileError::io(walk_error_path(&err, &settings.root), err.to_string()));
            return;
        }
    };
    if crate::support::source::Lang::from_path(entry.path()).is_none() {
        // Read here, on the walk's threads: a Rust monorepo has a manifest in every crate.
        if entry.depth() > 0 && crate::config::holds_config(entry.path()) {
            found.configs.push(entry.into_path());
        }
        return;
    }
    // A directory outside the project root (a `--config` from elsewhere) is still checked,
    // its files named as the command line would name them.
    let rel = relative(entry.path(), &settings.root).unwrap_or_else(|| relative_or_up(entry.path(), &settings.root));
    if !settings.include.is_match(&rel) {
        return;
    }
    let Some(file_type) = entry.file_type() else { return };
    // A directory named `x.py` is walked like any other.
    if file_type.is_dir() {
        return;
    }
    match file_kind(entry.path(), file_type, entry.path_is_symlink()) {
        Ok(()) => found.files.push(FileJob { path: entry.into_path(), rel: rel.into(), report: true, text: None }),
        Err(error) => found.errors.push(FileError::new(rel.into(), error.0, error.1)),
    }
}

/// Whether a path the walk found is a file to read: a regular file, or a symbolic link to
/// one. Anything else with a checked name is reported, never dropped silently.
fn file_kind(path: &Path, file_type: std::fs::FileType, symlink: bool) -> Result<(), (ErrorKind, String)> {
    if file_type.is_file() {
        return Ok(());
    }
    if symlink {
        return match path.metadata() {
            Ok(target) if target.is_file() => Ok(()),
            // Symbolic links to directories are not followed (ripgrep's default too): they
            // would check files twice or loop.
            Ok(target) if target.is_dir() => {
                Err((ErrorKind::NotAFile, "symbolic link to a directory; not followed".to_owned()))
            }
            Ok(_) => Err((ErrorKind::NotAFile, "symbolic link to something other than a file; not checked".to_owned())),
            Err(err) => Err((ErrorKind::IoError, format!("broken symbolic link ({err}); not checked"))),
        };
    }
    Err((ErrorKind::NotAFile, "not a regular file (a FIFO, socket or device); not checked".to_owned()))
}

fn walk_error_path(err: &ignore::Error, root: &Path) -> Arc<str> {
    let path = match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } => return walk_error_path(err, root),
        _ => None,
    };
    path.map(|p| relative(&p, root).unwrap_or_else(|| crate::config::display_name(&p))).unwrap_or_default().into()
}

/// Whether a path (relative to the root) or any directory above it is excluded.
pub fn is_excluded(rel: &str, settings: &Settings) -> bool {
    let mut prefix = String::new();
    rel.split('/').any(|part| {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(part);
        DEFAULT_EXCLUDES.contains(&part) || settings.exclude.is_match(&prefix)
    })
}

pub fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    // Resolve symlinks in the directories but keep the file's own name.
    match (joined.parent().and_then(|p| p.canonicalize().ok()), joined.file_name()) {
        (Some(parent), Some(name)) if !joined.is_dir() => parent.join(name),
        _ => joined.canonicalize().unwrap_or_else(|_| normalize(&joined)),
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to `root`, `/`-separated, with `..` when it is outside the root.
pub fn relative_or_up(path: &Path, root: &Path) -> String {
    if let Some(rel) = relative(path, root) {
        return rel;
    }
    let path: Vec<_> = path.components().collect();
    let root: Vec<_> = root.components().collect();
    let common = path.iter().zip(&root).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..".to_owned(), root.len() - common);
    let down = path[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `Path::strip_prefix` and components give, which the fast path must agree with.
    fn by_components(path: &str, root: &str) -> Option<String> {
        let rel = Path::new(path).strip_prefix(root).ok()?;
        Some(rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"))
    }

    #[test]
    fn relative_paths_agree_with_component_wise_stripping() {
        let cases = [
            ("/repo/src/app.py", "/repo"),
            ("/repo/src/app.py", "/repo/"),
            ("/repo", "/repo"),
            ("/repo/", "/repo"),
            ("/repository/app.py", "/repo"),
            ("/elsewhere/app.py", "/repo"),
            ("/repo//src/./app.py", "/repo"),
            ("/repo/./app.py", "/repo"),
            ("/repo/src/", "/repo"),
            ("/app.py", "/"),
            ("/repo/dir with spaces/ü.py", "/repo"),
        ];
        for (path, root) in cases {
            assert_eq!(relative(Path::new(path), Path::new(root)), by_components(path, root), "{path} under {root}");
        }
    }
}
