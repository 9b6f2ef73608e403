//! Output formats: the JSON document's shape (SPEC §7, field by field), the concise format,
//! and byte-identical output for any thread count.

mod common;

use common::{Project, repo_root};
use serde_json::Value;

fn json(project: &Project, args: &[&str]) -> Value {
    let output = project.cmd().args(["check", "--format", "json"]).args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    keys
}

#[test]
fn json_has_the_documented_shape() {
    let project = Project::new();
    project
        .file(
            "ssotlint.toml",
            "[concerns.database-url]\nowners = [\"shared/db.py\"]\nentry-points = [\"DatabaseURLBuilder\"]\n",
        )
        .file("shared/db.py", "")
        .file("svc/é.py", "import os\nnaïve = os.environ[\"DATABASE_URL\"]\n")
        .file("broken.py", "def f(:  # DATABASE_URL\n");
    let doc = json(&project, &[]);
    assert_eq!(keys(&doc), ["errors", "findings", "schema_version", "summary", "tool"]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["tool"]["name"], "ssotlint");
    assert_eq!(doc["tool"]["version"], env!("CARGO_PKG_VERSION"));

    let summary = &doc["summary"];
    for key in [
        "files_scanned",
        "files_parsed",
        "findings",
        "by_rule",
        "by_severity",
        "suppressed",
        "baseline_matched",
        "parse_errors",
        "elapsed_ms",
        "concerns",
    ] {
        assert!(summary.get(key).is_some(), "summary.{key} missing: {summary}");
    }
    assert_eq!(summary["files_scanned"], 3);
    assert_eq!(summary["files_parsed"], 2, "the empty owner has no word a rule looks for");
    assert_eq!(summary["findings"], 2);
    assert_eq!(summary["by_rule"]["direct-env-read"], 1);
    assert_eq!(summary["by_rule"]["parse-error"], 1);
    assert_eq!(keys(&summary["by_severity"]), ["error", "info", "warning"]);
    assert_eq!(summary["by_severity"]["error"], 2);
    assert_eq!(summary["parse_errors"], 1);
    assert!(summary["elapsed_ms"].is_u64());
    assert_eq!(summary["concerns"]["database-url"]["owners"], serde_json::json!(["shared/db.py"]));

    let findings = doc["findings"].as_array().unwrap();
    assert_eq!(findings[0]["path"], "broken.py", "sorted by path");
    let read = &findings[1];
    assert_eq!(keys(read), ["concern", "fingerprint", "help", "labels", "message", "path", "rule", "severity", "span"]);
    assert_eq!(read["rule"], "direct-env-read");
    assert_eq!(read["severity"], "error");
    assert_eq!(read["concern"], "database-url");
    assert_eq!(read["path"], "svc/é.py");
    assert_eq!(read["help"], "get the value through `DatabaseURLBuilder`");
    // Columns count characters: `naïve = ` is 8 characters but 9 bytes.
    let span = &read["span"];
    assert_eq!(span["start"], serde_json::json!({ "line": 2, "column": 9 }));
    assert_eq!(span["end"], serde_json::json!({ "line": 2, "column": 35 }));
    let text = "import os\nnaïve = os.environ[\"DATABASE_URL\"]\n";
    let offset = text.find("os.environ[").unwrap();
    assert_eq!(span["offset"], offset);
    assert_eq!(span["length"], "os.environ[\"DATABASE_URL\"]".len());
    assert!(read["labels"].as_array().unwrap().is_empty());
    assert_eq!(read["fingerprint"].as_str().unwrap().len(), 16);

    let errors = doc["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(keys(&errors[0]), ["kind", "message", "path"]);
    assert_eq!(errors[0]["kind"], "parse-error");
    assert_eq!(errors[0]["path"], "broken.py");
}

#[test]
fn concise_is_one_line_per_finding() {
    let project = Project::owned();
    project.file("a.py", "import os\nx = os.getenv('POSTGRES_HOST')\ny = os.getenv('POSTGRES_PORT')\n");
    let (_, out, _) = project.concise(&[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("a.py:2:5: error[direct-env-read] `POSTGRES_HOST`"), "{out}");
    assert!(lines[1].starts_with("a.py:3:5: error[direct-env-read] `POSTGRES_PORT`"), "{out}");
}

/// The JSON output with `--no-timing`, which leaves out the only field allowed to vary
/// (`elapsed_ms` is 0).
fn stable_json(args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .args(["check", "--format", "json", "--exit-zero", "--no-timing"])
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    for target in ["fixtures/rules", "fixtures/demo"] {
        let one = stable_json(&["--threads", "1", target]);
        let four = stable_json(&["--threads", "4", target]);
        assert!(one.contains("\"findings\""), "{one}");
        assert_eq!(one, four, "{target}: output differs between 1 and 4 threads");
    }
}
