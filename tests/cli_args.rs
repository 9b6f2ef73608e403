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
