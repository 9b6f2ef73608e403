//! What a person reads: counts in the right number, code frames that fit on a screen,
//! colours and links, and the concise format's closing line.

mod common;

use common::Project;

/// Tests the host name for an environment word: one finding with or without owners.
const SNIFF: &str = "import socket\n\nif \"staging\" in socket.gethostname():\n    pass\n";

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Regression: a run with one finding in one file said "1 findings in 1 files scanned", and
/// one stale baseline entry was "1 baseline entries fixed or changed".
#[test]
fn counts_of_one_are_singular() {
    let project = Project::new();
    project.file("jobs.py", SNIFF);
    let statistics = project.cmd().arg("--statistics").output().unwrap();
    assert!(stdout(&statistics).ends_with("\n1 finding in 1 file scanned\n"), "{}", stdout(&statistics));

    let written = project.cmd().args(["--write-baseline", "baseline.json"]).output().unwrap();
    let note = String::from_utf8_lossy(&written.stderr);
    assert!(note.contains("wrote a baseline of 1 finding to baseline.json"), "{note}");
    project.file("jobs.py", "import socket\n");
    let fixed = project.cmd().args(["--baseline", "baseline.json"]).output().unwrap();
    let summary = stdout(&fixed);
    assert!(summary.contains(", 1 baseline entry fixed or changed,"), "{summary}");
    assert!(summary.contains("(1 file scanned,"), "{summary}");
}
