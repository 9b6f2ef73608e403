//! Baselines: adopting ssotlint on a legacy repository without fixing everything first.

mod common;

use common::{Project, rules_of};
use serde_json::Value;

const LEGACY: &str = "import os\n\ndef connect():\n    url = os.environ['DATABASE_URL']\n    return url.split('@')\n";

fn json(project: &Project, args: &[&str]) -> Value {
    let output = project.cmd().args(["check", "--format", "json"]).args(args).output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_baseline_hides_legacy_findings_and_survives_unrelated_edits() {
    let project = Project::owned();
    project.file("legacy.py", LEGACY);
    let (code, _, err) = project.concise(&["--write-baseline", "baseline.json"]);
    assert_eq!(code, 0, "everything is in the fresh baseline");
    assert!(err.contains("wrote a baseline of 2 findings to baseline.json"), "{err}");
    assert_eq!(project.concise(&["--baseline", "baseline.json"]), (0, String::new(), String::new()));

    // Lines added above the findings do not change their fingerprints.
    project.file("legacy.py", &format!("\"\"\"Legacy module.\"\"\"\n\n\n{LEGACY}"));
    assert_eq!(project.concise(&["--baseline", "baseline.json"]).0, 0);
    let doc = json(&project, &["--baseline", "baseline.json"]);
    assert_eq!(doc["summary"]["baseline_matched"], 2);
    assert_eq!(doc["summary"]["baseline_stale"], 0);
}

#[test]
fn editing_a_flagged_line_or_adding_a_violation_shows_exactly_the_new_finding() {
    let project = Project::owned();
    project.file("legacy.py", LEGACY);
    project.concise(&["--write-baseline", "baseline.json"]);
    project.file("legacy.py", &LEGACY.replace("url.split('@')", "url.rsplit('@', 1)"));
    project.file("new.py", "import os\nhost = os.getenv('POSTGRES_HOST')\n");
    let (code, out, _) = project.concise(&["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&out), ["manual-url-parsing", "direct-env-read"], "{out}");
    assert!(out.starts_with("legacy.py:5:12:") && out.contains("new.py:2:8:"), "{out}");
    let doc = json(&project, &["--baseline", "baseline.json"]);
    assert_eq!(doc["summary"]["baseline_matched"], 1);
    assert_eq!(doc["summary"]["baseline_stale"], 1, "the edited line's old entry is stale");
}

#[test]
fn more_sources_than_the_baseline_trip_the_ratchet_even_when_suppressed() {
    let project = Project::owned();
    project.file("a.py", "def get_database_url():\n    return 'sqlite://'\n");
    project.concise(&["--write-baseline", "baseline.json"]);
    project.file(
        "b.py",
        "# ssotlint: allow(competing-source) -- reviewed in PR 12\ndef db_url():\n    return 'sqlite://'\n",
    );
    let (code, out, _) = project.concise(&["--baseline", "baseline.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        "b.py:2:5: error[concern-sources-grew] `database-url` now has 2 sources; the baseline allows 1, and `db_url` is new"
    );
}

#[test]
fn the_baseline_file_is_versioned_and_sorted() {
    let project = Project::new();
    project.file("z.py", LEGACY).file("a.py", LEGACY);
    project.concise(&["--write-baseline", "baseline.json"]);
    let text = std::fs::read_to_string(project.path().join("baseline.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["schema_version"], 1);
    let entries = doc["findings"].as_array().unwrap();
    let keys: Vec<(String, String)> =
        entries.iter().map(|e| (e["path"].as_str().unwrap().into(), e["rule"].as_str().unwrap().into())).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert!(entries.iter().all(|e| e["fingerprint"].as_str().unwrap().len() == 16));
    assert!(text.ends_with("}\n"));
}

#[test]
fn a_broken_baseline_is_an_error_with_its_position() {
    let project = Project::new();
    project.file("app.py", "x = 1\n").file("baseline.json", "{\n  \"schema_version\": 1,\n  \"tool\": 3\n}\n");
    let (code, _, err) = project.concise(&["--baseline", "baseline.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("baseline.json:3:"), "{err}");
    assert!(err.contains("invalid baseline"), "{err}");
    let (code, _, err) = project.concise(&["--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read baseline `missing.json`"), "{err}");
}
