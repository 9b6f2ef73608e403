//! Paths as the output shows them (SPEC §4, §7): relative to the current directory, as ruff
//! prints them, whichever project root a file belongs to. Inside a run every path is
//! relative to its project root (globs, fingerprints and facts need that); a project's
//! results are moved to shown paths once they are finished.

use std::path::{Component, Path, PathBuf};
use std::sync::LazyLock;

/// The current directory, resolved once.
pub fn current_dir() -> &'static Path {
    static CWD: LazyLock<PathBuf> = LazyLock::new(|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        cwd.canonicalize().unwrap_or(cwd)
    });
    &CWD
}

/// Turns paths relative to one directory into paths relative to another.
#[derive(Debug, Clone)]
pub struct Rebase {
    from: Vec<String>,
    to: Vec<String>,
}

impl Rebase {
    /// From paths relative to `root` to paths relative to the current directory.
    pub fn to_current_dir(root: &Path) -> Self {
        Self::between(root, current_dir())
    }

    /// From paths relative to `from` to paths relative to `to` (both absolute).
    pub fn between(from: &Path, to: &Path) -> Self {
        Self { from: parts(from), to: parts(to) }
    }

    /// Whether every path stays as it is.
    pub fn is_identity(&self) -> bool {
        self.from == self.to
    }

    /// `rel` (relative to `from`, `/`-separated, `..` allowed) relative to `to`.
    pub fn apply(&self, rel: &str) -> String {
        if self.is_identity() && !rel.split('/').any(|p| p == ".." || p == ".") {
            return rel.to_owned();
        }
        let mut full = self.from.clone();
        for part in rel.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    full.pop();
                }
                part => full.push(part.to_owned()),
            }
        }
        let common = full.iter().zip(&self.to).take_while(|(a, b)| a == b).count();
        let mut shown: Vec<&str> = vec![".."; self.to.len() - common];
        shown.extend(full[common..].iter().map(String::as_str));
        if shown.is_empty() { ".".to_owned() } else { shown.join("/") }
    }
}

fn parts(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::Prefix(prefix) => Some(prefix.as_os_str().to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// `path` relative to `root`, `/`-separated; `None` when it is not under the root.
pub fn relative(path: &Path, root: &Path) -> Option<String> {
    // The walk hands out clean paths under a clean root: on Unix, where `/` is the
    // separator, a byte-wise prefix test gives the answer without splitting both paths into
    // components, which costs more than the rest of discovery for each entry.
    #[cfg(unix)]
    if let (Some(path), Some(root)) = (path.to_str(), root.to_str()) {
        let root = root.trim_end_matches('/');
        let clean = |rest: &str| {
            !(rest.contains("//") || rest.contains("/./") || rest.ends_with("/.") || rest.starts_with("./"))
                && rest != "."
        };
        if let Some(rest) = path.strip_prefix(root).and_then(|rest| rest.strip_prefix('/'))
            && clean(rest)
        {
            return Some(rest.trim_end_matches('/').to_owned());
        }
    }
    let rel = path.strip_prefix(root).ok()?;
    let mut text = String::new();
    for (i, part) in rel.components().enumerate() {
        if i > 0 {
            text.push('/');
        }
        text.push_str(&part.as_os_str().to_string_lossy());
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rebase(from: &str, to: &str, rel: &str) -> String {
        Rebase::between(Path::new(from), Path::new(to)).apply(rel)
    }

    #[test]
    fn paths_follow_the_current_directory() {
        assert_eq!(rebase("/repo", "/repo", "app/db.py"), "app/db.py");
        assert_eq!(rebase("/repo/backend", "/repo", "app/db.py"), "backend/app/db.py");
        assert_eq!(rebase("/repo/backend", "/repo/backend/app", "app/db.py"), "db.py");
        assert_eq!(rebase("/repo/backend", "/repo/backend/app", "shared/x.py"), "../shared/x.py");
        assert_eq!(rebase("/repo/backend", "/repo/admin", "app/db.py"), "../backend/app/db.py");
        assert_eq!(rebase("/repo", "/repo", "."), ".");
        assert_eq!(rebase("/repo/backend", "/repo", "../outside.py"), "outside.py");
    }
}
