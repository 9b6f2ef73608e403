//! `ssotlint init [DIR]`: writes a commented starter `ssotlint.toml`, proposing owners from
//! the repository's own evidence (`--dry-run` prints it instead); never overwrites an
//! existing file without `--force`.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;

use super::Status;
use crate::analysis::proposal::{self, FanIn};
use crate::cli::InitArgs;
use crate::config::{Settings, UserError};
use crate::output::report;
use crate::run::engine::{self, Outcome, RunOptions};
use crate::support::pattern::PatternSet;

pub fn run(args: &InitArgs) -> Status {
    match execute(args) {
        Ok(()) => Status::Clean,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn execute(args: &InitArgs) -> Result<(), UserError> {
    let dir = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        return Err(UserError::usage(format!("`{}` is not a directory", dir.display())));
    }
    let target = dir.join("ssotlint.toml");
    if target.exists() && !args.force && !args.dry_run {
        return Err(UserError::usage(format!("`{}` already exists", target.display()))
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
    // Every file is read for evidence: an engine factory that leaves the pool at its defaults
    // has no word the rules trigger on, and `init` runs once.
    let options = RunOptions { no_prefilter: true, ..RunOptions::default() };
    let outcome = engine::run(&settings, std::slice::from_ref(&dir), &options);
    let unit_of = |rel: &str| proposal::unit_of(&settings.root, rel);
    let fan_in = fan_in(&settings, &dir, &outcome, &unit_of);
    let context = proposal::Context { facts: &outcome.facts, fan_in: Some(&fan_in), thorough: true, unit_of: &unit_of };
    let proposals = proposal::propose(&outcome.inventory, &settings.concerns, &settings.vocab, &context);
    let text = proposal::to_toml(&proposals, &settings.concerns);
    if args.dry_run {
        let mut out = std::io::stdout().lock();
        return out.write_all(text.as_bytes()).map_err(|err| UserError::io(format!("cannot write: {err}")));
    }
    std::fs::write(&target, &text)
        .map_err(|err| UserError::io(format!("cannot write `{}`: {err}", target.display())))?;
    report::print_note(&format!("wrote {}", target.display()));
    for line in text.lines().filter(|l| l.starts_with("# Proposed") || l.starts_with("# Not proposed")) {
        report::print_note(line.trim_start_matches("# "));
    }
    report::print_note(
        "review the owners, then run `ssotlint check`; `--write-baseline FILE` accepts today's findings",
    );
    Ok(())
}

/// How many other files of the project import each candidate file (one with sources or
/// definitions), or name a public provider it defines: the module most others call for a
/// value is the one they treat as its owner.
fn fan_in(settings: &Settings, dir: &Path, outcome: &Outcome, unit_of: &dyn Fn(&str) -> String) -> FanIn {
    let candidates: Vec<&str> = outcome
        .inventory
        .iter()
        .map(|s| &*s.site.path)
        .chain(outcome.facts.iter().filter(|f| !f.providers.is_empty() || !f.engines.is_empty()).map(|f| &*f.path))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    // A function's name says who calls it only when no other file defines one of that name
    // (fields and common names like `database_url` are everywhere).
    let mut defined_in: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in &outcome.facts {
        for provider in file.providers.iter().filter(|p| !p.field) {
            defined_in.entry(provider.name()).or_default().insert(&file.path);
        }
    }
    let mut needles: Vec<String> = Vec::new();
    // Which candidate a needle stands for, and where an import by that text can come from.
    let mut owner_of: Vec<(usize, Reach)> = Vec::new();
    for (index, path) in candidates.iter().enumerate() {
        let names = defined_in
            .iter()
            .filter(|(name, files)| files.len() == 1 && files.contains(path) && !name.starts_with('_'))
            .map(|(name, _)| ((*name).to_owned(), Reach::Anywhere));
        for (needle, reach) in import_needles(path).into_iter().chain(names) {
            needles.push(needle);
            owner_of.push((index, reach));
        }
    }
    let mut counts = FanIn::new();
    let Ok(searcher) = AhoCorasick::new(&needles) else { return counts };
    let units: Vec<String> = candidates.iter().map(|c| unit_of(c)).collect();
    let files = crate::input::discovery::discover(&[dir.to_path_buf()], settings, false, None).files;
    for job in files {
        let Ok(text) = std::fs::read_to_string(&job.path) else { continue };
        let unit = std::cell::OnceCell::new();
        let mut seen = BTreeSet::new();
        for found in searcher.find_overlapping_iter(&text) {
            let whole_word = !text[..found.start()].ends_with(is_ident) && !text[found.end()..].starts_with(is_ident);
            let (candidate, reach) = owner_of[found.pattern().as_usize()];
            let reaches = match reach {
                Reach::Anywhere => true,
                Reach::PathStart => !text[..found.start()].ends_with(':'),
                Reach::SameDir => parent(candidates[candidate]) == parent(&job.rel),
                Reach::SameUnit => *unit.get_or_init(|| unit_of(&job.rel)) == units[candidate],
            };
            if whole_word && reaches && candidates[candidate] != &*job.rel && seen.insert(candidate) {
                *counts.entry(candidates[candidate].to_owned()).or_default() += 1;
            }
        }
    }
    counts
}

/// Where an import written a given way can come from.
#[derive(Debug, Clone, Copy)]
enum Reach {
    Anywhere,
    /// `from .config import`: the same Python package.
    SameDir,
    /// `crate::config`: the same Rust crate.
    SameUnit,
    /// `dbconf::…`: a crate's name where a path starts, not `utils::dbconf::…`.
    PathStart,
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The texts an import of a file contains: `from .config import` in its own package; `from
/// app.core.config import`, `import app.core.config`, `from app.core import config` anywhere;
/// for Rust, `crate::config` in its own crate and `<crate>::config` anywhere.
fn import_needles(path: &str) -> Vec<(String, Reach)> {
    if let Some((before, within)) = path.rsplit_once("src/").filter(|_| path.ends_with(".rs")) {
        let module = within.trim_end_matches(".rs").trim_end_matches("/mod").replace('/', "::");
        let krate = before.trim_end_matches('/').rsplit('/').next().unwrap_or_default().replace('-', "_");
        // A binary is not imported; a library is, by its crate name at the start of a path.
        if module == "main" || module.starts_with("bin::") {
            return Vec::new();
        }
        if module == "lib" {
            return if krate.is_empty() { Vec::new() } else { vec![(format!("{krate}::"), Reach::PathStart)] };
        }
        let mut needles = vec![(format!("crate::{module}"), Reach::SameUnit)];
        if !krate.is_empty() {
            needles.push((format!("{krate}::{module}"), Reach::Anywhere));
        }
        return needles;
    }
    let stem = path.trim_end_matches(".py").trim_end_matches(".pyi").trim_end_matches("/__init__");
    let segments: Vec<&str> = stem.split('/').collect();
    let Some(last) = segments.last() else { return Vec::new() };
    let mut needles =
        vec![(format!("from .{last} import"), Reach::SameDir), (format!("from . import {last}"), Reach::SameDir)];
    for start in 0..segments.len().saturating_sub(1) {
        let module = segments[start..].join(".");
        let parent = segments[start..segments.len() - 1].join(".");
        needles.push((format!("from {module} import"), Reach::Anywhere));
        needles.push((format!("import {module}"), Reach::Anywhere));
        needles.push((format!("from {parent} import {last}"), Reach::Anywhere));
    }
    needles
}
