//! ssotlint lints its own repository, as clippy's `tests/dogfood.rs` does: the real binary,
//! run from the repository root on its own code — `src/`, `tests/`, `benches/`, `fuzz/` and
//! `bench/` (not `fixtures/`: those are projects of their own, with their own configurations
//! and findings on purpose) — must report no finding of any severity and no error, with the
//! default configuration and again with test code checked.
//!
//! What that covers: every built-in rule, on the Rust files of `src/`, `tests/`, `benches/`
//! and `fuzz/` and the Python scripts of `bench/`. One rule needs a word more:
//! `oversized-initializer` measures only types named by its patterns, and with the defaults
//! (`rules/initializer-limits.toml`: `*Initializer`, `*Factory`, `*Manager`, …) no type of
//! ssotlint has such a name (`OversizedInitializer` is declared inside `declare_rule!` and
//! has no inherent impl), so the clean run says nothing about ssotlint's own sizes. The last
//! test therefore holds every type to the limits of an initializer, with the two known
//! exceptions listed there.
//!
//! `.ci/run` runs the release binary the same way.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::{Project, repo_root};
use serde_json::Value;

/// ssotlint's own code, relative to the repository root.
const OWN_CODE: [&str; 5] = ["src", "tests", "benches", "fuzz", "bench"];

/// `ssotlint check OWN_CODE…` from the repository root.
fn ssotlint() -> Command {
    let mut cmd = Command::cargo_bin("ssotlint").unwrap();
    cmd.current_dir(repo_root()).env("NO_COLOR", "1").arg("check").args(OWN_CODE);
    cmd
}

/// `ssotlint check OWN_CODE… --format json` with `args` added: the exit code and the JSON
/// report.
fn check_own_code(args: &[&str]) -> (Option<i32>, Value) {
    let output = ssotlint().args(["--format", "json", "--no-timing"]).args(args).output().unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr:\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code(), report)
}

/// A configuration file for `--config`, outside the repository: one inside would apply to
/// the runs of the other tests, which go on at the same time. Its directory becomes the
/// project root (which holds nothing else).
fn config(project: &Project, text: &str) -> String {
    project.file("ssotlint.toml", text);
    project.path().join("ssotlint.toml").to_str().unwrap().to_owned()
}

fn assert_clean(code: Option<i32>, report: &Value) {
    let pretty = serde_json::to_string_pretty(&report["findings"]).unwrap();
    assert_eq!(
        report["findings"].as_array().map(Vec::len),
        Some(0),
        "ssotlint has findings in its own code:\n{pretty}"
    );
    let errors = serde_json::to_string_pretty(&report["errors"]).unwrap();
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "ssotlint cannot check its own code:\n{errors}");
    assert_eq!(code, Some(0));
}

#[test]
fn ssotlint_reports_nothing_in_its_own_repository() {
    let (code, report) = check_own_code(&["--fail-on", "info"]);
    assert_clean(code, &report);
}

/// The same run with test code checked: `tests/`, `benches/` and `#[cfg(test)]` modules.
#[test]
fn ssotlint_reports_nothing_in_its_own_tests_either() {
    let project = Project::new();
    let config = config(&project, "test-code = \"check\"\n");
    let (code, report) = check_own_code(&["--fail-on", "info", "--config", &config]);
    assert_clean(code, &report);
    assert_eq!(report["summary"]["test_files_skipped"], 0, "test files were skipped");
}

/// Each of the directories contributes files, so that a renamed or emptied one cannot make
/// the run above pass by checking nothing.
#[test]
fn every_directory_of_its_own_code_is_checked() {
    let listed = String::from_utf8(ssotlint().arg("--show-files").output().unwrap().stdout).unwrap();
    for dir in OWN_CODE {
        let files = listed.lines().filter(|line| Path::new(line).starts_with(dir)).count();
        assert!(files > 0, "no file of {dir}/ is checked:\n{listed}");
    }
    assert!(listed.lines().any(|line| line.ends_with(".py")), "no Python file is checked:\n{listed}");
}

/// Types known to be over an initializer's limits; remove an entry once its type is split.
/// - `Lowerer`, twice: each language adapter's walker (`src/lang/python/`, `src/lang/rust/`;
///   measured apart since same-named types of a crate are told apart by where they are
///   defined) matches every syntax form it lowers, a little over 500 lines each.
/// - `Semantics`: one type answers every question about what a value means.
const OVER_THE_LIMITS: [&str; 3] = ["Lowerer", "Lowerer", "Semantics"];

/// Every type of ssotlint, whatever its name, within the default limits of an initializer
/// (500 lines and 25 methods, over all its impl blocks), except the known ones above.
#[test]
fn every_ssotlint_type_keeps_within_an_initializer_s_limits() {
    let project = Project::new();
    let limits = "[rules.oversized-initializer]\nlimits = [{ pattern = \"*\", max-lines = 500, max-methods = 25 }]\n";
    let config = config(&project, limits);
    let (code, report) = check_own_code(&["--select", "oversized-initializer", "--exit-zero", "--config", &config]);
    assert_eq!(code, Some(0));
    assert_eq!(report["errors"].as_array().map(Vec::len), Some(0), "{report}");
    let mut over: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["message"].as_str().unwrap().split('`').nth(1).unwrap())
        .collect();
    over.sort_unstable();
    let messages: Vec<&Value> = report["findings"].as_array().unwrap().iter().map(|f| &f["message"]).collect();
    assert_eq!(over, OVER_THE_LIMITS, "types over an initializer's limits changed: {messages:#?}");
}
