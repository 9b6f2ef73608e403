//! Finding the configuration: upward from the first path for `ssotlint.toml`,
//! `.ssotlint.toml`, `[tool.ssotlint]` in `pyproject.toml`, and
//! `[workspace.metadata.ssotlint]` / `[package.metadata.ssotlint]` in `Cargo.toml`.

use std::path::{Path, PathBuf};

use super::raw::{CargoManifest, PyProject, RawConfig};
use crate::support::errors::UserError;

/// File names searched in each directory, in order of precedence.
const CANDIDATES: &[&str] = &["ssotlint.toml", ".ssotlint.toml", "pyproject.toml", "Cargo.toml"];

/// A configuration as found: where it is, its text, and its raw shape.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The project root: the directory holding the configuration.
    pub root: PathBuf,
    pub file: Option<PathBuf>,
    /// The file's name as shown in messages.
    pub name: String,
    pub text: String,
    pub raw: RawConfig,
}

/// Loads `explicit` if given, else searches upward from `start`. With no configuration the
/// project root is the nearest directory above `start` holding `.git`, else `start` itself.
pub fn load(start: &Path, explicit: Option<&Path>) -> Result<Loaded, UserError> {
    if let Some(path) = explicit {
        return load_explicit(path);
    }
    let start = absolute_dir(start);
    for dir in start.ancestors() {
        if let Some(loaded) = in_dir(dir)? {
            return Ok(loaded);
        }
    }
    Ok(Loaded { root: default_root(&start), ..Loaded::default() })
}

/// The configuration held by `dir` itself, if any (not searching upward).
pub fn in_dir(dir: &Path) -> Result<Option<Loaded>, UserError> {
    for name in CANDIDATES {
        let candidate = dir.join(name);
        if candidate.is_file()
            && let Some(loaded) = load_candidate(&candidate, false)?
        {
            return Ok(Some(loaded));
        }
    }
    Ok(None)
}

/// Whether the file at `path` may hold a configuration: an `ssotlint.toml`, or a manifest
/// that mentions ssotlint (loading it tells for sure).
pub fn holds_config(path: &Path) -> bool {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("ssotlint.toml" | ".ssotlint.toml") => path.is_file(),
        Some("pyproject.toml" | "Cargo.toml") => {
            std::fs::read(path).is_ok_and(|bytes| bytes.windows(8).any(|w| w == b"ssotlint"))
        }
        _ => false,
    }
}

/// The project root of files no configuration governs: the repository (the nearest
/// directory above `start` holding `.git`), else `start` itself.
pub fn default_root(start: &Path) -> PathBuf {
    start.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(start).to_path_buf()
}

pub fn load_explicit(path: &Path) -> Result<Loaded, UserError> {
    if !path.is_file() {
        return Err(UserError::usage(format!("config file `{}` does not exist", path.display())));
    }
    load_candidate(path, true)?.ok_or_else(|| {
        UserError::config(format!(
            "`{}` has no ssotlint table (`[tool.ssotlint]` in pyproject.toml, `[package.metadata.ssotlint]` in Cargo.toml)",
            path.display()
        ))
    })
}

/// Reads one candidate; `None` when it is a `pyproject.toml` or `Cargo.toml` without an
/// ssotlint table (the search then goes on upward).
fn load_candidate(path: &Path, explicit: bool) -> Result<Option<Loaded>, UserError> {
    let name = display_name(path);
    let text = std::fs::read_to_string(path)
        .map_err(|err| UserError::io(format!("cannot read config file `{name}`: {err}")))?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let embedded = matches!(file_name, "pyproject.toml" | "Cargo.toml");
    // A manifest that never mentions us is not parsed: its unrelated errors are not ours.
    if embedded && !text.contains("ssotlint") && !explicit {
        return Ok(None);
    }
    let parse_error = |err: toml::de::Error| UserError::from_toml(&name, &text, &err);
    let raw = match file_name {
        "pyproject.toml" => {
            toml::from_str::<PyProject>(&text).map_err(parse_error)?.tool.and_then(|tool| tool.ssotlint)
        }
        "Cargo.toml" => {
            let manifest = toml::from_str::<CargoManifest>(&text).map_err(parse_error)?;
            let section = |s: Option<super::raw::CargoSection>| s.and_then(|s| s.metadata).and_then(|m| m.ssotlint);
            section(manifest.workspace).or_else(|| section(manifest.package))
        }
        _ => Some(toml::from_str::<RawConfig>(&text).map_err(parse_error)?),
    };
    let Some(raw) = raw else { return Ok(None) };
    let root = absolute_dir(path.parent().unwrap_or(Path::new(".")));
    Ok(Some(Loaded { root, file: Some(path.to_path_buf()), name, text, raw }))
}

/// The directory `path` is or is in, absolute and without symlinks where possible.
pub fn absolute_dir(path: &Path) -> PathBuf {
    let path = if path.as_os_str().is_empty() { Path::new(".") } else { path };
    // Anything but a directory (a file, a FIFO, a broken link) starts from its parent.
    let dir = if path.is_dir() { path } else { path.parent().unwrap_or(Path::new(".")) };
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    dir.canonicalize().unwrap_or_else(|_| std::env::current_dir().unwrap_or_default().join(dir))
}

/// A path as the user would recognise it: relative to the current directory when inside it.
pub fn display_name(path: &Path) -> String {
    // The current directory, resolved once: a walk outside the project root names every
    // file through here.
    static CWD: std::sync::LazyLock<Option<PathBuf>> =
        std::sync::LazyLock::new(|| std::env::current_dir().ok().map(|cwd| cwd.canonicalize().unwrap_or(cwd)));
    if let Some(rel) =
        CWD.as_deref().and_then(|cwd| crate::support::paths::relative(path, cwd)).filter(|r| !r.is_empty())
    {
        return rel;
    }
    let cwd = std::env::current_dir().ok();
    let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    cwd.and_then(|cwd| absolute.strip_prefix(cwd.canonicalize().unwrap_or(cwd)).ok().map(Path::to_path_buf))
        .unwrap_or(absolute)
        .to_string_lossy()
        .replace('\\', "/")
}
