//! The command line's words: thread counts, commands and flags in any order, paths that
//! cannot be checked.

mod common;

use std::time::Duration;

use assert_cmd::Command;
use common::repo_root;

/// `ssotlint ARGS…` in the repository: (exit code, stdout, stderr). The timeout guards
/// against a hang (100,000 threads never finished); it is not a speed target.
fn run(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

/// The threads a `--verbose` run says it used.
fn threads_used(stderr: &str) -> usize {
    let line = stderr.lines().find_map(|l| l.strip_prefix("ssotlint: threads: "));
    line.unwrap_or_else(|| panic!("no threads line: {stderr}")).parse().unwrap()
}

/// `--threads 1000` took 13.7 s on the 23-file demo and 100,000 never finished; `--threads 0`
/// was an error. Now 0 means every core, and any wish is capped at the files and at a few
/// threads per core, without changing a byte of the output.
#[test]
fn thread_counts_are_capped_and_zero_means_every_core() {
    let json = |threads: &str| {
        let (code, out, err) = run(&[
            "check",
            "--format",
            "json",
            "--exit-zero",
            "--no-timing",
            "-v",
            "--threads",
            threads,
            "fixtures/demo",
        ]);
        assert_eq!(code, 0, "--threads {threads}: {err}");
        (out, threads_used(&err))
    };
    let cores = std::thread::available_parallelism().unwrap().get();
    let files = run(&["check", "--show-files", "fixtures/demo"]).1.lines().count();
    let (one, used) = json("1");
    assert_eq!(used, 1);
    let (huge, used) = json("100000");
    assert_eq!(huge, one, "output differs between 1 and 100,000 threads");
    assert!(used <= files && used <= 4 * cores, "{used} threads for {files} files on {cores} cores");
    let (all, used) = json("0");
    assert_eq!(all, one);
    assert_eq!(used, cores.min(files));
}

/// `ssotlint check README.md` checked 0 files and passed in silence (issue 12, item 9): a
/// named file that is neither Python nor Rust gets a warning on stderr, except in `--quiet`.
#[test]
fn a_named_file_that_is_not_python_or_rust_is_warned_about() {
    let project = common::Project::new();
    project.file("README.md", "DATABASE_URL\n").file("app.py", "x = 1\n");
    let output = project.cmd().args(["check", "README.md", "app.py"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr, "ssotlint: `README.md` is not a Python or Rust file; not checked\n");
    let quiet = project.cmd().args(["check", "--quiet", "README.md"]).output().unwrap();
    assert_eq!((quiet.status.code(), quiet.stderr.as_slice()), (Some(0), &b""[..]));
    let walked = project.cmd().args(["check", "."]).output().unwrap();
    assert!(walked.stderr.is_empty(), "files found by walking are not warned about");
}

const READ: &str = "import os\nurl = os.environ[\"DATABASE_URL\"]\n";

/// (exit code, stdout, stderr) of `ssotlint ARGS…` in `project`.
fn in_project(project: &common::Project, args: &[&str]) -> (i32, String, String) {
    let output = project.cmd().args(args).output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (output.status.code().unwrap_or(-1), text(output.stdout), text(output.stderr))
}

/// `ssotlint chek` and `ssotlint version` said "path … does not exist" (issue 12, item 8): a
/// first word that is no path but close to a command is a usage error with a suggestion.
#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let project = common::Project::new();
    project.file("app.py", READ);
    let cases: [(&[&str], &str); 4] = [
        (&["chek"], "did you mean `ssotlint check`?"),
        (&["-q", "rule"], "did you mean `ssotlint rules`?"),
        (&["explian", "direct-env-read"], "did you mean `ssotlint explain`?"),
        (&["version"], "`ssotlint --version` prints the version"),
    ];
    for (args, help) in cases {
        let (code, out, err) = in_project(&project, args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(err.contains("is neither a command nor an existing path") && err.contains(help), "{args:?}: {err}");
    }
    let (code, _, err) = in_project(&project, &["nothing-like-a-command"]);
    assert_eq!(code, 2);
    assert!(err.contains("path `nothing-like-a-command` does not exist"), "{err}");
}

/// `ssotlint -v check` and `ssotlint --format json check src` made `check` a path (issue 12,
/// item 8): options may come before the command.
#[test]
fn options_may_come_before_the_command() {
    let project = common::Project::owned();
    project.file("src/app.py", READ).file("other.py", READ);
    let (code, out, err) = in_project(&project, &["-v", "check"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("ssotlint: config: ") && out.contains("direct-env-read"), "{err}\n{out}");
    let (code, out, _) = in_project(&project, &["--format", "json", "--quiet", "check", "src"]);
    assert_eq!(code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["summary"]["files_scanned"], 1, "only src was checked: {out}");
    let (code, out, _) = in_project(&project, &["--color", "never", "--config", "ssotlint.toml", "check", "other.py"]);
    assert_eq!(code, 1);
    assert!(out.contains("other.py") && !out.contains("src/app.py"), "{out}");
    let (code, out, _) = in_project(&project, &["--format", "json", "rules"]);
    assert_eq!(code, 0);
    assert!(out.starts_with('['), "{out}");
}

/// A command's name always means the command, even when a directory has that name (what a
/// command line means must not change when someone creates a directory); the directory is
/// checked when it is named as a path.
#[test]
fn a_directory_named_like_a_command_is_checked_as_a_path() {
    let project = common::Project::owned();
    project.file("check/app.py", READ).file("other.py", READ);
    let files = |args: &[&str]| {
        let (code, out, err) = in_project(&project, &[&["--format", "concise"], args].concat());
        assert_eq!(code, 1, "{args:?}: {err}");
        common::without_summary(&out).lines().map(|l| l.split(':').next().unwrap().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(files(&["check"]), ["check/app.py", "other.py"], "the command, over `.`");
    assert_eq!(files(&["-v", "check"]), ["check/app.py", "other.py"], "the command, after an option");
    for as_path in [&["check", "check"][..], &["./check"], &["--", "check"]] {
        assert_eq!(files(as_path), ["check/app.py"], "{as_path:?}");
    }
}
