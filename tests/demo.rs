//! The demo repository the README's first command lints: it must keep failing (exit 1) with
//! exactly the findings it was written to have. When a change alters them on purpose,
//! regenerate the snapshot with the command whose output `.ci/run` compares with it,
//! `cargo run --release --locked --quiet -- check fixtures/demo --format concise --exit-zero > tests/snapshots/demo-findings.txt`,
//! and review the diff.

mod common;

use assert_cmd::Command;
use common::repo_root;

#[test]
fn demo_has_exactly_its_expected_findings() {
    let output = Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .args(["check", "fixtures/demo", "--format", "concise"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "the demo has findings, so the run fails");
    let expected = std::fs::read_to_string(repo_root().join("tests/snapshots/demo-findings.txt")).unwrap();
    let actual = String::from_utf8(output.stdout).unwrap();
    if actual != expected {
        let missing: Vec<&str> = expected.lines().filter(|l| !actual.lines().any(|a| a == *l)).collect();
        let extra: Vec<&str> = actual.lines().filter(|l| !expected.lines().any(|e| e == *l)).collect();
        panic!("demo findings changed\nmissing:\n{}\nnew:\n{}", missing.join("\n"), extra.join("\n"));
    }
}

/// Every code rule fires in the demo; meta rules (parse errors, suppressions, baselines) are
/// about files and workflows and have their own tests.
#[test]
fn demo_exercises_every_code_rule() {
    let expected = std::fs::read_to_string(repo_root().join("tests/snapshots/demo-findings.txt")).unwrap();
    for rule in ssotlint::rules::BUILTIN.iter().filter(|r| r.meta().kind != ssotlint::rules::RuleKind::Meta) {
        let id = &*rule.meta().id;
        assert!(expected.contains(&format!("[{id}]")), "the demo never triggers {id}");
    }
}

#[test]
fn demo_owners_and_delegating_code_stay_quiet() {
    let expected = std::fs::read_to_string(repo_root().join("tests/snapshots/demo-findings.txt")).unwrap();
    for quiet in ["shared/database_url_builder.py", "crates/dbconf/src/lib.rs", "services/worker/tests/"] {
        assert!(!expected.lines().any(|l| l.starts_with(quiet)), "{quiet} should have no findings");
    }
}
