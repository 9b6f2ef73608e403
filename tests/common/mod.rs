//! A throw-away project directory and the `ssotlint` binary pointed at it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Project {
    dir: TempDir,
}

impl Project {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    /// A project whose concerns have an owner (`settings.py`), so that rules outside the
    /// owners report each site; without one they only make the concern's inventory.
    pub fn owned() -> Self {
        let project = Self::new();
        project.file("settings.py", "").file("ssotlint.toml", OWNED);
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel`, creating directories.
    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// `ssotlint` run from the project directory, with colours off.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("ssotlint").unwrap();
        cmd.current_dir(self.dir.path()).env("NO_COLOR", "1");
        cmd
    }

    /// Runs `ssotlint check --format concise ARGS…` and returns (exit code, the findings,
    /// stderr): stdout without its closing `Found …`/`All checks passed!` line, which
    /// `tests/report.rs` checks.
    pub fn concise(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.cmd().arg("check").args(["--format", "concise"]).args(args).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            without_summary(&String::from_utf8(output.stdout).unwrap()),
            String::from_utf8(output.stderr).unwrap(),
        )
    }
}

/// A configuration that gives both built-in concerns an owner, `settings.py`.
pub const OWNED: &str =
    "[concerns.database-url]\nowners = [\"settings.py\"]\n\n[concerns.connection-pool]\nowners = [\"settings.py\"]\n";

/// Concise output without its closing summary line (absent under `--quiet`).
pub fn without_summary(concise: &str) -> String {
    let mut lines: Vec<&str> = concise.lines().collect();
    let summary = |l: &&str| l.starts_with("Found ") || l.starts_with("No findings") || *l == "All checks passed!";
    if lines.last().is_some_and(summary) {
        lines.pop();
    }
    lines.iter().map(|line| format!("{line}\n")).collect()
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The rule ids of concise output lines, in order.
pub fn rules_of(concise: &str) -> Vec<String> {
    concise
        .lines()
        .filter_map(|line| line.split_once('[').and_then(|(_, rest)| rest.split_once(']')))
        .map(|(rule, _)| rule.to_owned())
        .collect()
}

/// Fails the test unless `sarif` validates against the official SARIF 2.1.0 schema.
pub fn validate_sarif(sarif: &serde_json::Value) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join("tests/schemas/sarif-2.1.0.json")).unwrap())
            .unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("sarif-2.1.0.json", schema).unwrap();
    let index = compiler.compile("sarif-2.1.0.json", &mut schemas).unwrap();
    if let Err(error) = schemas.validate(sarif, index) {
        panic!("SARIF output does not validate: {error:#}");
    }
}
