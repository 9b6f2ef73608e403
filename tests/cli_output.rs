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

/// `ssotlint ARGS…` in the repository with `SSOTLINT_DETERMINISTIC` set to `deterministic`
/// (unset when `None`): standard output.
fn stdout_of(args: &[&str], deterministic: Option<&str>) -> String {
    let mut cmd = assert_cmd::Command::cargo_bin("ssotlint").unwrap();
    cmd.current_dir(repo_root()).env("NO_COLOR", "1").env_remove("SSOTLINT_DETERMINISTIC").args(args);
    if let Some(value) = deterministic {
        cmd.env("SSOTLINT_DETERMINISTIC", value);
    }
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

/// Whether the human summary line ends with an elapsed time, `(…, 0.21s)`.
fn timed(human: &str) -> bool {
    let summary = human.lines().last().unwrap_or_default();
    assert!(summary.starts_with("Found "), "no summary line: {human}");
    let last = summary.trim_end_matches(')').rsplit(", ").next().unwrap_or_default();
    last.strip_suffix('s').is_some_and(|seconds| seconds.parse::<f64>().is_ok())
}

/// `elapsed_ms` made two runs over the same files differ, so a committed JSON report never
/// diffed cleanly (issue 12, item 17): `--no-timing` and `SSOTLINT_DETERMINISTIC=1` leave
/// timing out (`elapsed_ms` stays, as 0, because schema_version 1 promises the field).
#[test]
fn no_timing_and_the_deterministic_variable_leave_the_elapsed_time_out() {
    let human = ["check", "--exit-zero", "fixtures/demo"];
    let json = ["check", "--exit-zero", "--format", "json", "fixtures/demo"];
    assert!(timed(&stdout_of(&human, None)), "{}", stdout_of(&human, None));
    assert!(timed(&stdout_of(&human, Some("0"))), "0 means no");
    assert!(!timed(&stdout_of(&[&human[..], &["--no-timing"]].concat(), None)));
    assert!(!timed(&stdout_of(&human, Some("1"))));
    for (args, deterministic) in [(&[&json[..], &["--no-timing"]].concat(), None), (&json.to_vec(), Some("1"))] {
        let first = stdout_of(args, deterministic);
        let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(doc["summary"]["elapsed_ms"], 0, "{first}");
        assert_eq!(first, stdout_of(args, deterministic), "two runs differ");
    }
}
