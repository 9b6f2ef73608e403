//! Repository-wide behaviour: findings for a file do not depend on which other files are
//! checked with it (pre-commit batches), and the repository-wide summaries.

mod common;

use std::collections::BTreeMap;

use assert_cmd::Command;
use common::{Project, repo_root};

/// Concise findings of a run in the demo with `args`, grouped by file.
fn demo_findings(args: &[String]) -> BTreeMap<String, Vec<String>> {
    let output = Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root().join("fixtures/demo"))
        .args(["check", "--format", "concise", "--exit-zero"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in common::without_summary(&String::from_utf8(output.stdout).unwrap()).lines() {
        let path = line.split(':').next().unwrap().to_owned();
        by_file.entry(path).or_default().push(line.to_owned());
    }
    by_file
}

fn demo_source_files() -> Vec<String> {
    let root = repo_root().join("fixtures/demo");
    let mut files: Vec<String> = walk(&root)
        .into_iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| (p.ends_with(".py") || p.ends_with(".rs")) && !p.contains("/tests/"))
        .collect();
    files.sort();
    files
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() { out.extend(walk(&path)) } else { out.push(path) }
    }
    out
}

#[test]
fn findings_of_a_file_do_not_depend_on_its_batch() {
    let whole = demo_findings(&[]);
    let files = demo_source_files();
    assert!(files.len() > 10, "{files:?}");
    let repository_wide = ["inconsistent-pool", "competing-source", "oversized-initializer"];
    assert!(
        repository_wide.iter().all(|rule| whole.values().flatten().any(|line| line.contains(rule))),
        "the demo should exercise every repository-wide rule: {whole:?}"
    );
    // Alone, in batches of three (as pre-commit might split them), and interleaved.
    let alone: Vec<Vec<String>> = files.iter().map(|f| vec![f.clone()]).collect();
    let threes: Vec<Vec<String>> = files.chunks(3).map(<[String]>::to_vec).collect();
    let odd_even: Vec<Vec<String>> = (0..2).map(|k| files.iter().skip(k).step_by(2).cloned().collect()).collect();
    for batches in [alone, threes, odd_even] {
        let mut combined: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for batch in &batches {
            for (file, lines) in demo_findings(batch) {
                assert!(batch.contains(&file), "{file} was reported though only {batch:?} were given");
                combined.entry(file).or_default().extend(lines);
            }
        }
        assert_eq!(combined, whole, "batches {batches:?}");
    }
}

/// Without an owner, a rule "outside the owners" has nothing to accuse yet: the sites are
/// the concern's inventory, summarised in one `unowned-concern` finding where the proposed
/// owner is, and listed in the JSON summary. Rules that hold whatever the owners still
/// report every site.
#[test]
fn without_owners_the_sites_are_one_inventory_finding_per_concern() {
    let project = Project::new();
    project
        .file(
            "app/settings.py",
            "import os

def get_database_url():
    return os.environ['DATABASE_URL']
",
        )
        .file(
            "app/jobs.py",
            "import os
host = os.getenv('POSTGRES_HOST')
local = 'localhost' in os.environ['DATABASE_URL']
",
        )
        .file("b.rs", "fn database_url() -> String {\n    String::from(\"postgres://localhost/app\")\n}\n");
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("app/jobs.py:3:9: error[environment-sniffing]"), "{out}");
    assert!(
        lines[1].starts_with(
            "app/settings.py:3:5: warning[unowned-concern] `database-url` has no owner and 5 sources in 3 files; proposed owner: `app/settings.py` (defines `get_database_url`, 1 read of its variables, a settings module) and `b.rs` (defines `database_url`)"
        ),
        "{out}"
    );
    let json = project.cmd().args(["--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let sources = doc["summary"]["concerns"]["database-url"]["sources"].as_array().unwrap();
    let rules: Vec<&str> = sources.iter().map(|s| s["rule"].as_str().unwrap()).collect();
    assert_eq!(
        rules,
        ["direct-env-read", "direct-env-read", "competing-source", "direct-env-read", "competing-source"],
        "{sources:?}"
    );
}

/// The inventory is taken over the whole project, so the one finding is the same whichever
/// files pre-commit passes, and it appears only with its own file.
#[test]
fn the_inventory_finding_does_not_depend_on_the_batch() {
    let project = Project::new();
    project
        .file("app/settings.py", "import os\n\nDATABASE_URL = os.environ['DATABASE_URL']\n")
        .file("app/jobs.py", "import os\nhost = os.getenv('POSTGRES_HOST')\n")
        .file(".git/HEAD", "ref: refs/heads/main\n");
    let (_, whole, _) = project.concise(&[]);
    let (_, alone, _) = project.concise(&["app/settings.py"]);
    let (_, other, _) = project.concise(&["app/jobs.py"]);
    assert!(whole.contains("has no owner and 2 sources in 2 files"), "{whole}");
    assert_eq!(alone, whole);
    assert_eq!(other, "", "the finding is not in app/jobs.py");
}

#[test]
fn a_configured_severity_wins_for_the_inventory_finding() {
    let project = Project::new();
    project
        .file("a.py", "def get_database_url():\n    return 'sqlite://'\n")
        .file("ssotlint.toml", "[rules]\nseverity = { unowned-concern = \"info\" }\n");
    let (_, out, _) = project.concise(&[]);
    assert!(out.contains("info[unowned-concern]"), "{out}");
}

#[test]
fn json_summary_lists_sources_and_strategies() {
    let output = Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .args(["check", "fixtures/demo", "--format", "json", "--exit-zero"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let concerns = &doc["summary"]["concerns"];
    let sources = concerns["database-url"]["sources"].as_array().unwrap();
    assert!(
        sources
            .iter()
            .any(|s| s["symbol"] == "get_database_url" && s["path"] == "fixtures/demo/services/api/app/cli.py"),
        "{sources:?}"
    );
    assert!(sources.iter().all(|s| s["line"].as_u64().is_some()));
    let strategies = concerns["connection-pool"]["strategies"].as_object().unwrap();
    // Paths are relative to the current directory, as in the findings.
    assert_eq!(strategies["NullPool"][0]["path"], "fixtures/demo/services/api/app/db.py");
    assert!(strategies.contains_key("sqlx PgPoolOptions"), "{strategies:?}");
    // A label in another file keeps its own path.
    let findings = doc["findings"].as_array().unwrap();
    let inconsistent = findings.iter().find(|f| f["rule"] == "inconsistent-pool").unwrap();
    let labels = inconsistent["labels"].as_array().unwrap();
    assert!(labels.iter().any(|l| l["path"] != inconsistent["path"]), "{labels:?}");
}

/// A file that chooses between two strategies on a setting (a null pool when pooling is
/// disabled, a sized one otherwise) makes one decision: with no other file choosing a pool,
/// nothing is inconsistent (found on redash's `models/base.py`).
#[test]
fn a_toggle_between_strategies_in_one_file_is_not_inconsistent() {
    let project = Project::new();
    project.file(
        "app/engine.py",
        "from sqlalchemy import create_engine\nfrom sqlalchemy.pool import NullPool\n\n\ndef engine(url, disabled):\n    if disabled:\n        return create_engine(url, poolclass=NullPool)\n    return create_engine(url, pool_size=10)\n",
    );
    let (_, out, _) = project.concise(&["--select", "inconsistent-pool"]);
    assert_eq!(out, "", "one file, one decision");
    project.file("app/worker.py", "from sqlalchemy import create_engine\n\nengine = create_engine('postgresql://db/app', pool_size=1, max_overflow=0)\nother = create_engine('postgresql://db/app', pool_size=2)\n");
    let (_, out, _) = project.concise(&["--select", "inconsistent-pool"]);
    assert!(
        out.contains("app/engine.py:7:45: warning[inconsistent-pool]"),
        "another file makes it a disagreement: {out}"
    );
}

/// A size limit for every type (`pattern = "*"`) has no literal piece for the prefilter to
/// look for: no file was parsed for it, and focusing blanked the items without a match, so a
/// type's impl blocks went unmeasured (found when ssotlint measured its own types). Such a
/// pattern needs every file and every item.
#[test]
fn a_size_limit_without_a_literal_piece_measures_every_file() {
    let project = Project::new();
    project
        .file(
            "ssotlint.toml",
            "[rules.oversized-initializer]\nlimits = [{ pattern = \"*\", max-lines = 50, max-methods = 2 }]\n",
        )
        .file("Cargo.toml", "[package]\nname = \"app\"\n")
        .file("src/lib.rs", "mod more;\npub struct Ledger;\nimpl Ledger {\n    fn a(&self) {}\n}\n")
        .file("src/more.rs", "impl super::Ledger {\n    fn b(&self) {}\n    fn c(&self) {}\n}\n");
    let (code, out, _) = project.concise(&["--select", "oversized-initializer"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("`Ledger` has 8 lines and 3 methods across 2 impl blocks"), "{out}");
}
