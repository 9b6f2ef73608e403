//! What every target checks, in one place: the fuzz targets call these functions, and
//! `tests/fuzz_regressions.rs` includes this file to run them on the kept inputs.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::LazyLock;

use ssotlint::config::{Overrides, Settings};
use ssotlint::finding::ErrorKind;
use ssotlint::input::prefilter::Prefilters;
use ssotlint::output::report::{self, Format, HumanOptions, Report};
use ssotlint::run::baseline::Baseline;
use ssotlint::run::engine::{self, Outcome};
use ssotlint::support::source::{Lang, SourceFile};

pub struct Setup {
    pub settings: Settings,
    pub prefilter: Prefilters,
}

pub static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    let root = scratch_dir("project");
    let settings = Settings::defaults(&root).expect("defaults load");
    let prefilter = engine::prefilter(&settings);
    Setup { settings, prefilter }
});

/// A directory of this process's own under the system's temporary directory.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ssotlint-fuzz-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Checks `data` as the file `rel`, with and without the prefilter, on a thread with the
/// stack a real run's workers have. Panics (which libFuzzer reports) when the run records
/// an internal error, when a finding's span is outside the text, or when the prefilter
/// changes the findings of a file that parses.
pub fn check_source(rel: &'static str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = text.to_owned();
    let worker = std::thread::Builder::new().stack_size(64 * 1024 * 1024).spawn(move || {
        let setup = &*SETUP;
        let with = engine::run_text(&setup.settings, rel, text.clone(), Some(&setup.prefilter));
        let without = engine::run_text(&setup.settings, rel, text.clone(), None);
        for outcome in [&with, &without] {
            assert_sound(outcome, &text);
            render(outcome, &setup.settings);
        }
        // A file the prefilter leaves unparsed cannot hold a finding, but its syntax errors
        // go unreported, and a parser recovers from an error differently in a focused text:
        // the findings must be equal for text that parses, and a syntax error reported with
        // the prefilter must be one without it too.
        let has_error = |o: &Outcome| o.findings.iter().any(|f| f.rule == "parse-error");
        if has_error(&without) {
            return;
        }
        assert!(!has_error(&with), "the prefilter reported a syntax error in text that parses");
        let ids = |o: &Outcome| o.findings.iter().map(|f| (f.span, f.rule.to_string())).collect::<Vec<_>>();
        assert_eq!(ids(&with), ids(&without), "the prefilter changed the findings");
    });
    if let Err(panic) = worker.expect("spawn").join() {
        std::panic::resume_unwind(panic);
    }
}

fn assert_sound(outcome: &Outcome, text: &str) {
    let internal: Vec<_> = outcome.errors.iter().filter(|e| e.kind == ErrorKind::InternalError).collect();
    assert!(internal.is_empty(), "internal errors: {internal:?}");
    for finding in &outcome.findings {
        let (start, end) = (finding.span.start as usize, finding.span.end as usize);
        assert!(start <= end && end <= text.len(), "span {start}..{end} outside a text of {} bytes", text.len());
        assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} splits a character");
    }
}

/// Every output format, into nothing: line and column conversion and the renderers run.
fn render(outcome: &Outcome, settings: &Settings) {
    let registry = ssotlint::rules::Registry::for_settings(settings);
    let rules: Vec<&ssotlint::rules::RuleMeta> = registry.iter().map(|r| r.meta()).collect();
    let report = Report { outcome, rules: &rules, file_links: None };
    for format in [Format::Human, Format::Concise, Format::Json, Format::Sarif, Format::Github] {
        report::write(format, &report, &HumanOptions::default(), &mut std::io::sink()).expect("writing to a sink");
    }
}

static CONFIG_DIRS: LazyLock<[PathBuf; 3]> =
    LazyLock::new(|| [scratch_dir("config"), scratch_dir("pyproject"), scratch_dir("pack")]);

/// The input written as `ssotlint.toml`, `pyproject.toml`, or a rule pack named by a fixed
/// configuration, as its first byte picks. Loading may fail, but never panic, and the error
/// must render as the command line shows it.
pub fn check_config(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else { return };
    let dir = &CONFIG_DIRS[usize::from(pick % 3)];
    let file = match pick % 3 {
        0 => "ssotlint.toml",
        1 => "pyproject.toml",
        _ => {
            std::fs::write(dir.join("ssotlint.toml"), "rule-packs = [\"pack.toml\"]\n").expect("write");
            "pack.toml"
        }
    };
    std::fs::write(dir.join(file), rest).expect("write");
    if let Err(error) = Settings::load(dir, &Overrides::default()) {
        assert!(!report::render_error(&error, false).is_empty());
    }
}

/// Suppression comments parsed from the input as Python and as Rust.
pub fn check_suppressions(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for (name, lang) in [("fuzz.py", Lang::Python), ("fuzz.rs", Lang::Rust)] {
        let source = SourceFile::new(name.into(), text.to_owned());
        for suppression in ssotlint::input::suppress::parse(&source, lang) {
            let _ = suppression.covers("direct-env-read", 1);
        }
    }
}

/// The input read as a baseline and applied to a run with two findings.
pub fn check_baseline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(baseline) = Baseline::parse("baseline.json", text) else { return };
    let setup = &*SETUP;
    let source = "import os\nA = os.environ['DATABASE_URL']\nB = os.environ['DATABASE_URL']\n";
    let mut outcome = engine::run_text(&setup.settings, "app.py", source.to_owned(), Some(&setup.prefilter));
    let stats = baseline.apply(&mut outcome, &setup.settings);
    assert!(stats.matched <= 2);
}
