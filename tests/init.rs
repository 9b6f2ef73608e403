//! `ssotlint init`: a starter configuration proposed from the repository's own evidence.

mod common;

use std::path::Path;

use common::repo_root;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn ssotlint(dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("ssotlint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn init_proposes_the_demo_owners_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("fixtures/demo"), dir.path());
    std::fs::remove_file(dir.path().join("ssotlint.toml")).unwrap();

    let output = ssotlint(dir.path()).arg("init").output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let config = std::fs::read_to_string(dir.path().join("ssotlint.toml")).unwrap();
    assert!(config.contains("owners = [\"shared/database_url_builder.py\", \"crates/dbconf/src/lib.rs\"]"), "{config}");
    assert!(
        config.contains("entry-points = [\"DatabaseURLBuilder\", \"build_database_url\", \"database_url\"]"),
        "{config}"
    );
    assert!(config.contains("owners = [\"shared/db/engine.py\", \"crates/dbconf/src/pool.rs\"]"), "{config}");
    assert!(
        config.contains("# Proposed: `shared/database_url_builder.py` defines `DatabaseURLBuilder.url`, `DatabaseURLBuilder.libpq_dsn`, `build_database_url`, 6 reads of its variables"),
        "the reason is written down: {config}"
    );

    // The written file is a valid configuration for the next run.
    let check = ssotlint(dir.path()).args(["check", "--format", "concise"]).output().unwrap();
    assert_eq!(check.status.code(), Some(1), "{}", String::from_utf8_lossy(&check.stderr));
    let findings = String::from_utf8(check.stdout).unwrap();
    assert!(!findings.lines().any(|l| l.starts_with("shared/database_url_builder.py")), "{findings}");

    let again = ssotlint(dir.path()).arg("init").output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(dir.path().join("ssotlint.toml")).unwrap(), config, "left untouched");
    assert_eq!(ssotlint(dir.path()).args(["init", "--force"]).output().unwrap().status.code(), Some(0));
}

#[test]
fn init_without_evidence_leaves_owners_for_the_user() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), "print('hello')\n").unwrap();
    assert_eq!(ssotlint(dir.path()).arg("init").output().unwrap().status.code(), Some(0));
    let config = std::fs::read_to_string(dir.path().join("ssotlint.toml")).unwrap();
    assert!(
        config.contains("# No candidate found: list the module that should own `database-url`.\nowners = []"),
        "{config}"
    );
    assert_eq!(ssotlint(dir.path()).args(["check"]).output().unwrap().status.code(), Some(0));
}
