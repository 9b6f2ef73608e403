//! `ssotlint init [DIR]`: writes a commented starter `ssotlint.toml`, proposing owners from
//! the repository's own evidence (`--dry-run` prints it instead); never overwrites an
//! existing file without `--force`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;

use super::Status;
use crate::cli::InitArgs;
use crate::config::{ConfigError, Settings};
use crate::engine::{self, RunOptions};
use crate::pattern::PatternSet;
use crate::proposal::{self, FanIn};
use crate::report;

pub fn run(args: &InitArgs) -> Status {
    match execute(args) {
        Ok(()) => Status::Clean,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn execute(args: &InitArgs) -> Result<(), ConfigError> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(ConfigError::plain(format!("`{}` is not a directory", dir.display())));
    }
    let target = dir.join("ssotlint.toml");
    if target.exists() && !args.force && !args.dry_run {
        return Err(ConfigError::plain(format!("`{}` already exists", target.display()))
            .with_help("pass `--force` to overwrite it, or `--dry-run` to see the proposal"));
    }
    let mut settings = Settings::defaults(&dir)?;
    // The repository's own names for the URL are read like the built-in ones, so that the
    // proposal can name them.
    for concern in &mut settings.concerns {
        let Some(vocab) = settings.vocab.concerns.iter().find(|c| c.name == concern.name) else { continue };
        let mut names = concern.env_list.clone();
        names.extend(vocab.candidate_env.iter().cloned());
        concern.env = PatternSet::new(names.iter().map(String::as_str));
    }
    let outcome = engine::run(&settings, std::slice::from_ref(&dir), &RunOptions::default());
    let fan_in = fan_in(&settings, &dir, &outcome);
    let proposals =
        proposal::propose(&outcome.inventory, &outcome.facts, &settings.concerns, &settings.vocab, Some(&fan_in));
    let text = proposal::to_toml(&proposals, &settings.concerns);
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        return out.write_all(text.as_bytes()).map_err(|err| ConfigError::plain(format!("cannot write: {err}")));
    }
    std::fs::write(&target, &text)
        .map_err(|err| ConfigError::plain(format!("cannot write `{}`: {err}", target.display())))?;
    report::print_note(&format!("wrote {}", target.display()));
    for line in text.lines().filter(|l| l.starts_with("# Proposed") || l.starts_with("# Not proposed")) {
        report::print_note(line.trim_start_matches("# "));
    }
    report::print_note(
        "review the owners, then run `ssotlint check`; `--write-baseline FILE` accepts today's findings",
    );
    Ok(())
}

/// How many other files of the project import each file that has sources, or name one of
/// the providers it defines: the module most others call for a value is the one they treat
/// as its owner.
fn fan_in(settings: &Settings, dir: &Path, outcome: &crate::engine::Outcome) -> FanIn {
    let candidates: Vec<String> = outcome
        .inventory
        .iter()
        .map(|s| s.site.path.to_string())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut needles: Vec<String> = Vec::new();
    // Which candidate a needle stands for, and whether it is a relative import (which only
    // a file in the same package can mean).
    let mut owner_of: Vec<(usize, bool)> = Vec::new();
    for (index, path) in candidates.iter().enumerate() {
        let defined = outcome.facts.iter().filter(|f| *f.path == **path).flat_map(|f| &f.providers);
        let names = defined.map(|p| p.symbol.rsplit('.').next().unwrap_or(&p.symbol).to_owned());
        let (relative, absolute) = import_needles(path);
        for needle in absolute.into_iter().chain(names.filter(|n| !n.starts_with('_'))) {
            needles.push(needle);
            owner_of.push((index, false));
        }
        for needle in relative {
            needles.push(needle);
            owner_of.push((index, true));
        }
    }
    let mut counts = FanIn::new();
    let Ok(searcher) = AhoCorasick::new(&needles) else { return counts };
    let files = crate::discovery::discover(&[dir.to_path_buf()], settings, false, None).files;
    for job in files {
        let Ok(text) = std::fs::read_to_string(&job.path) else { continue };
        let mut seen = std::collections::BTreeSet::new();
        for found in searcher.find_overlapping_iter(&text) {
            let whole_word = !text[..found.start()].ends_with(is_ident) && !text[found.end()..].starts_with(is_ident);
            let (candidate, relative) = owner_of[found.pattern().as_usize()];
            let sibling = parent(&candidates[candidate]) == parent(&job.rel);
            if whole_word && (sibling || !relative) && candidates[candidate] != *job.rel && seen.insert(candidate) {
                *counts.entry(candidates[candidate].clone()).or_default() += 1;
            }
        }
    }
    counts
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The texts an import of a file contains, as (relative, absolute) imports: `from .config
/// import` in its own package; `from app.core.config import`, `import app.core.config`,
/// `from app.core import config` anywhere; for Rust, `crate::config` and `<crate>::config`.
fn import_needles(path: &str) -> (Vec<String>, Vec<String>) {
    if let Some((before, within)) = path.rsplit_once("src/").filter(|_| path.ends_with(".rs")) {
        let module = within.trim_end_matches(".rs").trim_end_matches("/mod").replace('/', "::");
        let krate = before.trim_end_matches('/').rsplit('/').next().unwrap_or_default().replace('-', "_");
        if module == "lib" || module == "main" {
            return (Vec::new(), if krate.is_empty() { Vec::new() } else { vec![format!("{krate}::")] });
        }
        let mut needles = vec![format!("crate::{module}")];
        if !krate.is_empty() {
            needles.push(format!("{krate}::{module}"));
        }
        return (Vec::new(), needles);
    }
    let stem = path.trim_end_matches(".py").trim_end_matches(".pyi").trim_end_matches("/__init__");
    let segments: Vec<&str> = stem.split('/').collect();
    let Some(last) = segments.last() else { return (Vec::new(), Vec::new()) };
    let relative = vec![format!("from .{last} import"), format!("from . import {last}")];
    let mut absolute = Vec::new();
    for start in 0..segments.len().saturating_sub(1) {
        let module = segments[start..].join(".");
        let parent = segments[start..segments.len() - 1].join(".");
        absolute.push(format!("from {module} import"));
        absolute.push(format!("import {module}"));
        absolute.push(format!("from {parent} import {last}"));
    }
    (relative, absolute)
}
