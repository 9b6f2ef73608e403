//! Rule packs as a user meets them: their rules everywhere built-in rules appear, their
//! vocabulary extending the built-in one, and precise errors for broken packs.

mod common;

use common::{OWNED, Project};

const BAN: &str = r#"
[[rule]]
id = "no-direct-engine"
kind = "banned-call"
calls = ["sqlalchemy.create_engine"]
owners = ["shared/engine.py"]
message = "engines are created in one place"
reason = "every engine needs the shared pool settings"
replacement = "shared.engine.get_engine"
"#;

fn project_with_pack(pack: &str) -> Project {
    let project = Project::new();
    project
        .file("ssotlint.toml", "rule-packs = [\"rules/team.toml\"]\n")
        .file("rules/team.toml", pack)
        .file("app.py", "from sqlalchemy import create_engine\nengine = create_engine(URL)\n")
        .file("shared/engine.py", "from sqlalchemy import create_engine\nengine = create_engine(URL)\n");
    project
}

#[test]
fn a_banned_call_is_reported_with_reason_and_replacement() {
    let project = project_with_pack(BAN);
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        "app.py:2:10: error[no-direct-engine] `sqlalchemy.create_engine` is banned here: engines are created in one place"
    );
    let json = project.cmd().args(["--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        doc["findings"][0]["help"],
        "every engine needs the shared pool settings; use `shared.engine.get_engine` instead"
    );
    assert_eq!(doc["summary"]["by_rule"]["no-direct-engine"], 1);
}

#[test]
fn pack_rules_are_listed_explained_and_selectable() {
    let project = project_with_pack(BAN);
    let rules = String::from_utf8(project.cmd().arg("rules").output().unwrap().stdout).unwrap();
    assert!(rules.lines().any(|l| l.starts_with("no-direct-engine") && l.contains("error")), "{rules}");
    let explain = project.cmd().args(["explain", "no-direct-engine"]).output().unwrap();
    let docs = String::from_utf8(explain.stdout).unwrap();
    assert!(docs.contains("## What it does") && docs.contains("`sqlalchemy.create_engine`"), "{docs}");
    assert!(docs.contains("Use `shared.engine.get_engine`."), "{docs}");
    assert_eq!(project.concise(&["--ignore", "no-direct-engine"]).0, 0);
    assert_eq!(project.concise(&["--select", "no-direct-engine"]).0, 1);
}

#[test]
fn a_pack_can_teach_a_new_pool_library() {
    let project = Project::owned();
    project
        .file("ssotlint.toml", &format!("rule-packs = [\"rules\"]\n{OWNED}"))
        .file(
            "rules/pools.toml",
            "[[pool.strategy]]\nname = \"ourdb pool\"\nlanguage = \"python\"\ncalls = [\"ourdb.make_pool\"]\n",
        )
        .file("app.py", "import ourdb\npool = ourdb.make_pool(size=4)\n");
    let (_, out, _) = project.concise(&["--select", "ad-hoc-pool"]);
    assert!(out.contains("app.py:2:8: error[ad-hoc-pool] connection pool chosen here (`ourdb pool`)"), "{out}");
}

/// Runs a check and returns (exit code, stderr).
fn error_of(project: &Project) -> (i32, String) {
    let (code, _, err) = project.concise(&[]);
    (code, err)
}

#[test]
fn an_unknown_pack_field_points_into_the_pack() {
    let project = project_with_pack("[[rule]]\nid = \"x\"\nkind = \"banned-call\"\ncals = [\"a\"]\n");
    let (code, err) = error_of(&project);
    assert_eq!(code, 2);
    assert!(err.contains("rules/team.toml:4:1"), "{err}");
    assert!(err.contains("did you mean `calls`?"), "{err}");
}

#[test]
fn a_field_of_another_kind_is_an_error_at_the_field() {
    let project =
        project_with_pack("[[rule]]\nid = \"x\"\nkind = \"env-read\"\nvariables = [\"A\"]\ncalls = [\"a\"]\n");
    let (code, err) = error_of(&project);
    assert_eq!(code, 2);
    assert!(err.contains("rules/team.toml:5:9"), "{err}");
    assert!(err.contains("`calls` does not apply to `env-read` rules"), "{err}");
}

#[test]
fn a_missing_field_is_an_error_at_the_kind() {
    let project = project_with_pack("[[rule]]\nid = \"x\"\nkind = \"banned-import\"\n");
    let (code, err) = error_of(&project);
    assert_eq!(code, 2);
    assert!(err.contains("rules/team.toml:3:8"), "{err}");
    assert!(err.contains("a `banned-import` rule needs `modules`"), "{err}");
}

#[test]
fn an_unknown_kind_suggests_the_right_one() {
    let project = project_with_pack("[[rule]]\nid = \"x\"\nkind = \"banned-cal\"\ncalls = [\"a\"]\n");
    let (code, err) = error_of(&project);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `banned-call`?"), "{err}");
}

#[test]
fn rule_ids_must_be_unique_and_kebab_case() {
    let taken = project_with_pack("[[rule]]\nid = \"direct-env-read\"\nkind = \"env-read\"\nvariables = [\"A\"]\n");
    let (code, err) = error_of(&taken);
    assert_eq!(code, 2);
    assert!(err.contains("rule id `direct-env-read` is already taken"), "{err}");
    let shouting = project_with_pack("[[rule]]\nid = \"No_Engines\"\nkind = \"env-read\"\nvariables = [\"A\"]\n");
    let (code, err) = error_of(&shouting);
    assert_eq!(code, 2);
    assert!(err.contains("rule id `No_Engines` is not kebab-case"), "{err}");
}

#[test]
fn a_missing_pack_is_an_error_in_the_config() {
    let project = Project::new();
    project.file("ssotlint.toml", "rule-packs = [\"nowhere\"]\n");
    let (code, err) = error_of(&project);
    assert_eq!(code, 2);
    assert!(err.contains("ssotlint.toml:1:15"), "{err}");
    assert!(err.contains("rule pack `nowhere` does not exist"), "{err}");
}
