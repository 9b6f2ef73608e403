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

/// `--statistics --format json` printed the text table (issue 12, item 7): scripts get the
/// documented JSON; SARIF and GitHub annotations have no form for counts and are refused.
#[test]
fn statistics_are_json_when_asked() {
    let project = Project::owned();
    project
        .file("svc/a.py", "import os\nx = os.environ['DATABASE_URL']\ny = os.environ['PGHOST']\n")
        .file("lib/b.rs", "fn f() { let _ = std::env::var(\"DATABASE_URL\"); }\n");
    let output = project.cmd().args(["check", "--statistics", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "statistics do not change the exit code");
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let expected = serde_json::json!({
        "schema_version": 1,
        "findings": 3,
        "files_scanned": 3,
        "rules": [{ "rule": "direct-env-read", "severity": "error", "count": 3 }],
        "concerns": [{ "concern": "database-url", "count": 3 }],
        "directories": [{ "directory": "svc", "count": 2 }, { "directory": "lib", "count": 1 }],
    });
    assert_eq!(doc, expected);
    let sarif = project.cmd().args(["check", "--statistics", "--format", "sarif"]).output().unwrap();
    assert_eq!(sarif.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&sarif.stderr).contains("`--statistics` cannot be written as `sarif`"));
}

/// Scripts and editors read the rule list (issue 12, item 7): `rules --format json` gives
/// every rule with the metadata the table and `explain` show.
#[test]
fn rules_are_json_when_asked() {
    let output = Project::new().cmd().args(["rules", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rules.len(), ssotlint::rules::BUILTIN.len());
    for (entry, rule) in rules.iter().zip(ssotlint::rules::BUILTIN) {
        let meta = rule.meta();
        assert_eq!(entry["id"], *meta.id);
        assert_eq!(entry["default_severity"], meta.severity.as_str());
        assert_eq!(entry["concern"].as_str(), meta.concern.as_deref());
        assert_eq!(entry["summary"], *meta.summary);
        assert_eq!(entry["docs"], *meta.docs);
    }
}

/// `-o same.out --report json:same.out` let the last writer win (issue 12, item 9): two
/// outputs to one file, however the path is spelled, or an output over the baseline being
/// read, are a usage error before anything runs or is written.
#[test]
fn outputs_to_one_file_are_refused_before_the_run() {
    let project = Project::owned();
    project.file("app.py", "import os\nurl = os.environ[\"DATABASE_URL\"]\n").file("sub/keep.txt", "");
    let cases: [&[&str]; 4] = [
        &["-o", "same.out", "--report", "json:same.out"],
        &["--report", "json:r.out", "--report", "sarif:sub/../r.out"],
        &["--baseline", "b.json", "--output", "./b.json"],
        &["--write-baseline", "w.json", "--report", "sarif:w.json"],
    ];
    for args in cases {
        let output = project.cmd().arg("check").args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("is named by both"), "{args:?}: {stderr}");
        for written in ["same.out", "r.out", "b.json", "w.json"] {
            assert!(!project.path().join(written).exists(), "{args:?} wrote {written}");
        }
    }
}
