//! Where the output goes and what shape it takes: closed pipes, JSON statistics and rule
//! lists, colliding output files, reproducible reports.

mod common;

use std::process::{Command, Stdio};

use common::{Project, repo_root};

/// `ssotlint ARGS…` in the repository with standard output a pipe whose reader has already
/// gone, as after `| head -1` has read its line: (exit code, stderr).
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(assert_cmd::cargo::cargo_bin("ssotlint"))
        .current_dir(repo_root())
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// `ssotlint check fixtures/demo | head -1` printed "cannot write the report: Broken pipe"
/// and exited 2; a reader that stops reading is not an error (issue 12, item 4).
#[test]
fn a_closed_pipe_ends_every_command_quietly_with_zero() {
    let commands: [&[&str]; 7] = [
        &["check", "fixtures/demo"],
        &["check", "--format", "json", "fixtures/demo"],
        &["check", "--statistics", "fixtures/demo"],
        &["check", "--show-files", "fixtures/demo"],
        &["fixtures/demo"],
        &["rules"],
        &["explain", "direct-env-read"],
    ];
    for args in commands {
        let (code, stderr) = with_closed_stdout(args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "ssotlint {}", args.join(" "));
    }
}

#[test]
fn a_closed_pipe_still_writes_the_report_files() {
    let project = Project::owned();
    project.file("app.py", "import os\nurl = os.environ[\"DATABASE_URL\"]\n");
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let status = Command::new(assert_cmd::cargo::cargo_bin("ssotlint"))
        .current_dir(project.path())
        .args(["check", "--report", "json:report.json"])
        .stdout(writer)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let written = std::fs::read_to_string(project.path().join("report.json")).unwrap();
    assert!(written.contains("\"direct-env-read\""), "{written}");
}
