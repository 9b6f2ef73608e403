//! Per-file hot paths on a corpus, single-threaded, so the numbers survive on other machines:
//! reading, the literal prefilter scan, and parsing plus lowering of the files the prefilter
//! keeps. Prints MB/s; asserts nothing.
//!
//! Usage: `cargo bench --bench hot_paths -- DIR [DIR...]` (defaults to `fixtures/demo`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use ssotlint::config::{Overrides, Settings};
use ssotlint::run::engine::{self, RunOptions};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("py" | "rs")) {
            out.push(path);
        }
    }
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).map(PathBuf::from).collect();
    let dirs = if dirs.is_empty() { vec![PathBuf::from("fixtures/demo")] } else { dirs };
    for dir in dirs {
        let mut paths = Vec::new();
        files(&dir, &mut paths);
        let settings = Settings::load(&dir, &Overrides::default()).unwrap();
        let started = Instant::now();
        let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
        let read = started.elapsed();
        let bytes: usize = texts.iter().map(String::len).sum();
        let mb = bytes as f64 / 1e6;
        let prefilter = engine::prefilter(&settings);
        let registry = ssotlint::rules::Registry::for_settings(&settings);
        focus_stats(&dir, &settings);
        let started = Instant::now();
        let mut kept = 0;
        for (path, text) in paths.iter().zip(&texts) {
            let Some(lang) = ssotlint::support::source::Lang::from_path(path) else { continue };
            let prefilter = prefilter.get(lang);
            let scan = prefilter.scan(text);
            kept += usize::from(
                prefilter.facts_needed(&scan) || registry.indexed().any(|(i, _)| prefilter.rule_active(i, &scan)),
            );
        }
        let scan = started.elapsed();
        let started = Instant::now();
        let too_deep: Vec<&PathBuf> = paths
            .iter()
            .zip(&texts)
            .filter(|(path, text)| {
                let lang = ssotlint::support::source::Lang::from_path(path).expect("only .py and .rs are listed");
                ssotlint::input::nesting::too_deep(text, lang).is_some()
            })
            .map(|(path, _)| path)
            .collect();
        let nesting = started.elapsed();
        let options = RunOptions { threads: Some(1), ..RunOptions::default() };
        let started = Instant::now();
        let outcome = engine::run(&settings, std::slice::from_ref(&dir), &options);
        let run = started.elapsed();
        let started = Instant::now();
        let discovered = ssotlint::input::discovery::discover(std::slice::from_ref(&dir), &settings, false, None);
        let discover = started.elapsed();
        let started = Instant::now();
        let kept_parallel: usize = {
            use rayon::prelude::*;
            discovered
                .files
                .par_iter()
                .map(|job| {
                    let text = std::fs::read_to_string(&job.path).unwrap_or_default();
                    let Some(lang) = ssotlint::support::source::Lang::from_path(&job.path) else { return 0 };
                    let prefilter = prefilter.get(lang);
                    let scan = prefilter.scan(&text);
                    usize::from(prefilter.facts_needed(&scan))
                })
                .sum()
        };
        let read_scan_2 = started.elapsed();
        let options2 = RunOptions::default();
        let started = Instant::now();
        let _ = engine::run(&settings, std::slice::from_ref(&dir), &options2);
        let run2 = started.elapsed();
        println!("{}: {} files, {mb:.1} MB", dir.display(), texts.len());
        println!(
            "  all threads: discover {:.1} ms, read+scan {:.1} ms ({kept_parallel}), full run {:.1} ms",
            discover.as_secs_f64() * 1e3,
            read_scan_2.as_secs_f64() * 1e3,
            run2.as_secs_f64() * 1e3
        );
        println!("  read            {:>8.1} ms  {:>7.0} MB/s", read.as_secs_f64() * 1e3, mb / read.as_secs_f64());
        println!(
            "  prefilter scan  {:>8.1} ms  {:>7.0} MB/s  ({kept} files kept)",
            scan.as_secs_f64() * 1e3,
            mb / scan.as_secs_f64()
        );
        println!(
            "  nesting check   {:>8.1} ms  {:>7.0} MB/s  ({} files too deep{})",
            nesting.as_secs_f64() * 1e3,
            mb / nesting.as_secs_f64(),
            too_deep.len(),
            too_deep.first().map(|p| format!(", first {}", p.display())).unwrap_or_default()
        );
        println!(
            "  full run, 1 thread {:>5.1} ms  {:>7.0} MB/s  ({} parsed, {} findings)",
            run.as_secs_f64() * 1e3,
            mb / run.as_secs_f64(),
            outcome.stats.files_parsed,
            outcome.findings.len()
        );
    }
}

/// How much of the text of the files the prefilter keeps focusing leaves to the parser
/// (test files included), and how often a focused Rust text does not parse (each such file
/// is then parsed twice).
fn focus_stats(dir: &Path, settings: &Settings) {
    let prefilter = engine::prefilter(settings);
    let mut paths = Vec::new();
    files(dir, &mut paths);
    let (mut kept_bytes, mut focused_bytes, mut kept, mut failed) = (0usize, 0usize, 0, 0);
    let all_rules: Vec<ssotlint::input::prefilter::RuleIndex> =
        ssotlint::rules::Registry::for_settings(settings).indexed().map(|(index, _)| index).collect();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let lang = ssotlint::support::source::Lang::from_path(&path).unwrap();
        let prefilter = prefilter.get(lang);
        let scan = prefilter.scan(&text);
        if !prefilter.facts_needed(&scan) && !all_rules.iter().any(|&r| prefilter.rule_active(r, &scan)) {
            continue;
        }
        kept += 1;
        kept_bytes += text.len();
        match ssotlint::input::focus::focus(&text, lang, &scan.matches, true, |ids| {
            prefilter.part_matters(ids, &all_rules, true)
        }) {
            Some(focused) => {
                focused_bytes += focused.bytes().filter(|b| !b.is_ascii_whitespace()).count();
                let ok = match lang {
                    ssotlint::support::source::Lang::Rust => {
                        syn::parse_file(&focused).is_ok() || syn::parse_file(&text).is_err()
                    }
                    ssotlint::support::source::Lang::Python => true,
                };
                failed += usize::from(!ok);
            }
            None => focused_bytes += text.bytes().filter(|b| !b.is_ascii_whitespace()).count(),
        }
    }
    println!(
        "  focus: {kept} files kept, {:.1} MB → {:.1} MB of code to parse, {failed} focused Rust texts fail to parse",
        kept_bytes as f64 / 1e6,
        focused_bytes as f64 / 1e6
    );
}
