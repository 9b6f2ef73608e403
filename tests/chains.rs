//! Provider chains across files (SPEC §3): the fixture repository in
//! `fixtures/chains/contradiction` reproduces two audits that contradict each other — a
//! wrapper (`app/db.py`) calls an accessor (`app/settings/env.py`) that returns
//! `DATABASE_URL` from the environment when it is set and only then calls the owner's
//! builder — and a provider that delegates through two modules (`app/reports.py` →
//! `app/settings/accessor.py` → the entry point). The finding, its labels, the SARIF code
//! flow and `ssotlint trace` must name every link.

mod common;

use assert_cmd::Command;
use common::{repo_root, validate_sarif};
use serde_json::Value;

const FIXTURE: &str = "fixtures/chains/contradiction";

fn ssotlint(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("ssotlint").unwrap().current_dir(repo_root().join(FIXTURE)).args(args).output().unwrap()
}

fn json_findings() -> Vec<Value> {
    let output = ssotlint(&["check", "--format", "json", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    report["findings"].as_array().unwrap().clone()
}

fn the_wrapper(findings: &[Value]) -> &Value {
    let wrappers: Vec<&Value> =
        findings.iter().filter(|f| f["rule"] == "competing-source" && f["path"] == "app/db.py").collect();
    assert_eq!(wrappers.len(), 1, "{findings:#?}");
    wrappers[0]
}

#[test]
fn the_wrapper_is_reported_with_every_link_of_its_chain() {
    let findings = json_findings();
    let wrapper = the_wrapper(&findings);
    assert_eq!(wrapper["span"]["start"]["line"], 4);
    let message = wrapper["message"].as_str().unwrap();
    for link in [
        "forwards to `BackendEnvironment.get_database_url` (app/settings/env.py:7)",
        "returns `DATABASE_URL` read from the environment at line 8",
        "falls back to `shared.database_url_builder.DatabaseURLBuilder`",
    ] {
        assert!(message.contains(link), "{link:?} is not in {message:?}");
    }
    let labels: Vec<(String, u64, String)> = wrapper["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let line = l["span"]["start"]["line"].as_u64().unwrap();
            (l["path"].as_str().unwrap().to_string(), line, l["message"].as_str().unwrap().to_string())
        })
        .collect();
    let places: Vec<(&str, u64)> = labels.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        places,
        [("app/db.py", 5), ("app/settings/env.py", 7), ("app/settings/env.py", 8), ("app/settings/env.py", 11)],
        "{labels:#?}"
    );
}

#[test]
fn the_accessor_and_its_read_are_reported_where_they_are() {
    let findings = json_findings();
    let at = |rule: &str, path: &str, line: u64| {
        findings.iter().any(|f| f["rule"] == rule && f["path"] == path && f["span"]["start"]["line"] == line)
    };
    assert!(at("competing-source", "app/settings/env.py", 7), "{findings:#?}");
    assert!(at("direct-env-read", "app/settings/env.py", 8), "{findings:#?}");
}

#[test]
fn a_provider_that_delegates_through_two_modules_is_quiet() {
    let findings = json_findings();
    let elsewhere: Vec<&Value> = findings
        .iter()
        .filter(|f| !["app/db.py", "app/settings/env.py"].contains(&f["path"].as_str().unwrap()))
        .collect();
    assert!(elsewhere.is_empty(), "{elsewhere:#?}");
}

#[test]
fn human_output_names_links_in_other_files_as_see_also_lines() {
    let output = ssotlint(&["check", "--no-timing", "."]);
    let text = String::from_utf8(output.stdout).unwrap();
    for line in [
        "see also: app/settings/env.py:7 `BackendEnvironment.get_database_url` is defined here",
        "see also: app/settings/env.py:8 returns `DATABASE_URL` read from the environment here",
        "see also: app/settings/env.py:11 falls back to `shared.database_url_builder.DatabaseURLBuilder` here",
    ] {
        assert!(text.contains(line), "{line:?} is not in:\n{text}");
    }
}

#[test]
fn sarif_gives_the_chain_as_a_code_flow_in_order() {
    let output = ssotlint(&["check", "--format", "sarif", "."]);
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    validate_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let wrapper = results
        .iter()
        .find(|r| {
            r["ruleId"] == "competing-source"
                && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .ends_with("app/db.py")
        })
        .expect("the wrapper's result");
    let steps = wrapper["codeFlows"][0]["threadFlows"][0]["locations"].as_array().unwrap();
    let places: Vec<(String, u64, u64)> = steps
        .iter()
        .map(|s| {
            let physical = &s["location"]["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().unwrap();
            let file = uri.rsplit_once("contradiction/").map_or(uri, |(_, rest)| rest).to_string();
            (file, physical["region"]["startLine"].as_u64().unwrap(), s["executionOrder"].as_u64().unwrap())
        })
        .collect();
    let expected = [("app/db.py", 4), ("app/db.py", 5), ("app/settings/env.py", 7), ("app/settings/env.py", 8)];
    for (i, (file, line)) in expected.iter().enumerate() {
        assert_eq!((places[i].0.as_str(), places[i].1, places[i].2), (*file, *line, i as u64 + 1), "{places:?}");
    }
    assert_eq!(places.len(), 5, "{places:?}");
    let direct_read = results.iter().find(|r| r["ruleId"] == "direct-env-read").unwrap();
    assert!(direct_read.get("codeFlows").is_none(), "a finding without a chain has no code flow");
}

#[test]
fn trace_prints_the_chain_as_a_tree() {
    let output = ssotlint(&["trace", "get_database_url"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let expected = "\
`get_database_url` (app/db.py:4): competes
└── forwards to `BackendEnvironment.get_database_url` at app/db.py:5, defined at app/settings/env.py:7: competes, then delegates
    ├── returns `DATABASE_URL` read from the environment at app/settings/env.py:8: competes
    └── falls back to `shared.database_url_builder.DatabaseURLBuilder` at app/settings/env.py:11: an entry point

`BackendEnvironment.get_database_url` (app/settings/env.py:7): competes, then delegates
├── returns `DATABASE_URL` read from the environment at app/settings/env.py:8: competes
└── falls back to `shared.database_url_builder.DatabaseURLBuilder` at app/settings/env.py:11: an entry point
";
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

#[test]
fn trace_by_place_follows_a_delegation_through_two_modules() {
    let output = ssotlint(&["trace", "app/reports.py:5"]);
    let expected = "\
`reporting_database_url` (app/reports.py:4): delegates
└── forwards to `database_url` at app/reports.py:5, defined at app/settings/accessor.py:4: delegates
    └── gets it from `shared.database_url_builder.build_database_url` at app/settings/accessor.py:5: an entry point
";
    assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
}

#[test]
fn trace_as_json_nests_the_links() {
    let output = ssotlint(&["trace", "reporting_database_url", "--format", "json"]);
    let trees: Value = serde_json::from_slice(&output.stdout).unwrap();
    let link = &trees[0]["children"][0];
    assert_eq!(link["defined_at"], "app/settings/accessor.py:4");
    assert_eq!(link["children"][0]["verdict"], "an entry point");
}

#[test]
fn trace_of_an_unknown_name_says_what_is_close() {
    let output = ssotlint(&["trace", "get_databse_url"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("did you mean `get_database_url`?"), "{stderr}");
}

#[test]
fn the_readme_example_is_what_trace_prints() {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let start = readme.find("$ ssotlint trace get_database_url\n").expect("the README's trace example");
    let example = &readme[start..];
    let example = &example["$ ssotlint trace get_database_url\n".len()..example.find("```").unwrap()];
    let output = String::from_utf8(ssotlint(&["trace", "get_database_url"]).stdout).unwrap();
    assert!(output.starts_with(example), "README:\n{example}\ntrace:\n{output}");
}
