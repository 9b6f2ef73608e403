//! The CI formats: SARIF validated against the official 2.1.0 schema, GitHub annotations,
//! and several reports written in one run.

mod common;

use common::{OWNED, Project, repo_root, validate_sarif as validate};
use serde_json::Value;

fn sarif_of(project: &Project, args: &[&str]) -> Value {
    let output = project.cmd().args(["check", "--format", "sarif"]).args(args).output().unwrap();
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

#[test]
fn sarif_of_the_demo_validates_and_carries_everything() {
    let output = assert_cmd::Command::cargo_bin("ssotlint")
        .unwrap()
        .current_dir(repo_root())
        .args(["check", "fixtures/demo", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    validate(&sarif);
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "ssotlint");
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ssotlint::rules::BUILTIN.len());
    let direct = rules.iter().find(|r| r["id"] == "direct-env-read").unwrap();
    assert_eq!(direct["defaultConfiguration"]["level"], "error");
    assert!(direct["fullDescription"]["text"].as_str().unwrap().starts_with("Flags reads"));
    let results = run["results"].as_array().unwrap();
    let snapshot = std::fs::read_to_string(repo_root().join("tests/snapshots/demo-findings.txt")).unwrap();
    assert_eq!(results.len(), common::without_summary(&snapshot).lines().count());
    for result in results {
        let rule_index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[rule_index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(!location["artifactLocation"]["uri"].as_str().unwrap().starts_with('/'));
        assert_eq!(result["partialFingerprints"]["ssotlint/v1"].as_str().unwrap().len(), 16);
    }
    let with_related = results.iter().find(|r| r["ruleId"] == "inconsistent-pool").unwrap();
    assert!(!with_related["relatedLocations"].as_array().unwrap().is_empty());
}

#[test]
fn suppressed_findings_are_sarif_results_with_a_suppression() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\nurl = os.environ['DATABASE_URL']  # ssotlint: allow(direct-env-read) -- bootstrap\n",
    );
    let sarif = sarif_of(&project, &[]);
    validate(&sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["suppressions"][0]["kind"], "inSource");
    assert_eq!(result["suppressions"][0]["justification"], "bootstrap");
}

#[test]
fn baseline_and_sarif_share_fingerprints() {
    let project = Project::new();
    project.file("app.py", "import os\nurl = os.environ['DATABASE_URL']\n");
    project.concise(&["--exit-zero", "--write-baseline", "baseline.json"]);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(project.path().join("baseline.json")).unwrap()).unwrap();
    let sarif = sarif_of(&project, &[]);
    assert_eq!(
        sarif["runs"][0]["results"][0]["partialFingerprints"]["ssotlint/v1"],
        baseline["findings"][0]["fingerprint"]
    );
}

#[test]
fn github_annotations_are_escaped_workflow_commands() {
    let project = Project::owned();
    project
        .file("app.py", "import os\nurl = os.environ['DATABASE_URL']\n")
        .file("ssotlint.toml", &format!("{OWNED}[rules]\nseverity = {{ direct-env-read = \"warning\" }}\n"));
    let output = project.cmd().args(["--format", "github"]).output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("::warning file=app.py,line=2,col=7,endLine=2,endColumn=33,title=direct-env-read::`DATABASE_URL` is read directly from the environment; `database-url` is owned by `settings.py`%0Ahelp: "),
        "{text}"
    );
}

#[test]
fn several_reports_are_written_in_one_run() {
    let project = Project::owned();
    project.file("app.py", "import os\nurl = os.environ['DATABASE_URL']\n");
    let output = project
        .cmd()
        .args([
            "--report",
            "json:out/report.json",
            "--report",
            "sarif:report.sarif",
            "--report",
            "github:annotations.txt",
        ])
        .output();
    // The directory `out/` does not exist: a report that cannot be written is a usage error.
    assert_eq!(output.unwrap().status.code(), Some(2));
    let output = project
        .cmd()
        .args(["--report", "json:report.json", "--report", "sarif:report.sarif", "--report", "github:annotations.txt"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stdout).contains("error[direct-env-read]"), "human output still on stdout");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(project.path().join("report.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["findings"], 1);
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(project.path().join("report.sarif")).unwrap()).unwrap();
    validate(&sarif);
    assert!(std::fs::read_to_string(project.path().join("annotations.txt")).unwrap().starts_with("::error "));
    let bad = project.cmd().args(["--report", "xml:report.xml"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown format `xml`"));
}
