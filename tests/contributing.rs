//! CONTRIBUTING.md stays true to the repository: every path it names exists. A guide that
//! names `src/semantics.rs` after it became a folder sends the next contributor looking for
//! it (issue 13).
//!
//! Two kinds of names are checked, wherever they are in the text (backticks, the layout map,
//! a command):
//! - a path under one of [`FOLDERS`] must exist from the repository root; a placeholder
//!   segment (`<rule-id>`, `<rule_id>.rs`) or one with `*` is a wildcard that must match at
//!   least one entry;
//! - a bare file or folder name (`argv.rs`, `engine/`, `pyproject.toml`) must exist
//!   somewhere in the repository, so that the names in the layout map's descriptions cannot
//!   outlive their files either.

mod common;

use std::path::{Path, PathBuf};

use common::repo_root;
use ssotlint::support::pattern::Pattern;

/// The folders whose paths the guide names in full.
const FOLDERS: [&str; 8] = ["src/", "tests/", "rules/", "fixtures/", "bench/", "benches/", "fuzz/", ".ci/"];

/// The endings that make a bare word a file name.
const FILE_ENDINGS: [&str; 8] = [".rs", ".py", ".toml", ".md", ".sh", ".yaml", ".txt", ".json"];

/// Every word of `text` that looks like a path: split at spaces and the punctuation around
/// names in prose and Markdown, without a sentence's closing period or colon.
fn words(text: &str) -> Vec<&str> {
    let separators = |c: char| c.is_whitespace() || "`(),;\"|[]{}=".contains(c);
    text.split(separators)
        .map(|word| word.trim_end_matches(['.', ':']))
        .filter(|word| !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "_./<>*…-".contains(c)))
        .collect()
}

/// The paths under [`FOLDERS`] that `text` names.
fn full_paths(text: &str) -> Vec<&str> {
    words(text).into_iter().filter(|word| FOLDERS.iter().any(|folder| word.starts_with(folder))).collect()
}

/// The bare file and folder names that `text` names (`argv.rs`, `engine/`).
fn bare_names(text: &str) -> Vec<&str> {
    words(text)
        .into_iter()
        .filter(|word| !FOLDERS.iter().any(|folder| word.starts_with(folder)))
        .filter(|word| word.ends_with('/') || FILE_ENDINGS.iter().any(|ending| word.ends_with(ending)))
        .filter(|word| !is_wildcard(word) && word.trim_matches(['.', '/']).len() > 1)
        .collect()
}

fn is_wildcard(segment: &str) -> bool {
    segment.contains(['*', '<', '…'])
}

/// Whether `path` (relative to `root`, `/`-separated, a trailing `/` for a folder) names
/// something that exists; a wildcard segment matches any entry its pattern fits.
fn exists(root: &Path, path: &str) -> bool {
    let folder = path.ends_with('/');
    let mut found: Vec<PathBuf> = vec![root.to_path_buf()];
    for segment in path.trim_end_matches('/').split('/') {
        found = found
            .iter()
            .flat_map(|dir| -> Vec<PathBuf> {
                if !is_wildcard(segment) {
                    return vec![dir.join(segment)];
                }
                let pattern = Pattern::new(&wildcard(segment));
                let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| pattern.matches(n)))
                    .collect()
            })
            .filter(|p| p.exists())
            .collect();
    }
    found.iter().any(|p| !folder || p.is_dir())
}

/// A segment with each `<placeholder>` and `…` turned into `*`.
fn wildcard(segment: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in segment.chars() {
        match c {
            '<' => {
                inside = true;
                out.push('*');
            }
            '>' => inside = false,
            '…' => out.push('*'),
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every file and folder of the repository, relative to `root` with `/` separators, without
/// build output and version control.
fn repository_entries(root: &Path) -> Vec<String> {
    let mut entries = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if matches!(&*name, "target" | ".git" | ".venv" | "node_modules") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                entries.push(format!("{rel}/"));
                pending.push(path);
            } else {
                entries.push(rel);
            }
        }
    }
    entries
}

/// Whether a bare name (`argv.rs`, `engine/`) is the end of some entry's path.
fn named_somewhere(entries: &[String], name: &str) -> bool {
    entries.iter().any(|entry| entry == name || entry.ends_with(&format!("/{name}")))
}

/// The names of `text` that name nothing in the repository at `root`.
fn missing(root: &Path, text: &str) -> Vec<String> {
    let entries = repository_entries(root);
    let full = full_paths(text).into_iter().filter(|path| !exists(root, path));
    let bare = bare_names(text).into_iter().filter(|name| !named_somewhere(&entries, name));
    full.chain(bare).map(str::to_owned).collect()
}

#[test]
fn every_path_contributing_names_exists() {
    let root = repo_root();
    let text = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    // The guide names dozens of paths: finding few means the reading broke, not the guide.
    assert!(full_paths(&text).len() > 30, "{:?}", full_paths(&text));
    assert!(bare_names(&text).len() > 20, "{:?}", bare_names(&text));
    let missing = missing(&root, &text);
    assert!(missing.is_empty(), "CONTRIBUTING.md names paths that do not exist: {missing:?}");
}

#[test]
fn placeholders_match_what_exists_and_nothing_else_does() {
    let root = repo_root();
    let text = "Write `src/rules/<rule_id>.rs` and `fixtures/rules/<rule-id>/fires.py` with words \
                in `rules/*.toml` (see src/cli.rs, cli/ and argv.rs). Not `src/semantics.rs`, \
                `fixtures/rules/<rule-id>/nothing.py`, `src/<module>/` nor `gone.rs` or `lost/`.";
    assert_eq!(
        full_paths(text),
        [
            "src/rules/<rule_id>.rs",
            "fixtures/rules/<rule-id>/fires.py",
            "rules/*.toml",
            "src/cli.rs",
            "src/semantics.rs",
            "fixtures/rules/<rule-id>/nothing.py",
            "src/<module>/"
        ]
    );
    assert_eq!(missing(&root, text), ["src/semantics.rs", "fixtures/rules/<rule-id>/nothing.py", "gone.rs", "lost/"]);
}
