//! Configuration discovery and configuration errors, through the binary.

mod common;

use common::Project;

const READ: &str = "import os\nurl = os.environ[\"DATABASE_URL\"]\n";

/// Runs a check in `project` and returns (exit code, stderr).
fn check_error(project: &Project, args: &[&str]) -> (i32, String) {
    let (code, _, err) = project.concise(args);
    (code, err)
}

#[test]
fn every_config_location_is_found_and_sets_the_project_root() {
    let cases = [
        ("ssotlint.toml", "[concerns.database-url]\nowners = [\"svc/owner.py\"]\n"),
        (".ssotlint.toml", "[concerns.database-url]\nowners = [\"svc/owner.py\"]\n"),
        (
            "pyproject.toml",
            "[project]\nname = \"x\"\n\n[tool.ssotlint.concerns.database-url]\nowners = [\"svc/owner.py\"]\n",
        ),
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\n\n[package.metadata.ssotlint.concerns.database-url]\nowners = [\"svc/owner.py\"]\n",
        ),
        (
            "Cargo.toml",
            "[workspace]\n\n[workspace.metadata.ssotlint.concerns.database-url]\nowners = [\"svc/owner.py\"]\n",
        ),
    ];
    for (name, text) in cases {
        let project = Project::new();
        project.file(name, text).file("svc/owner.py", READ).file("svc/app.py", READ);
        // Run from a subdirectory: the config above it still applies, and paths are relative to
        // where the run starts, as ruff prints them.
        let output =
            project.cmd().current_dir(project.path().join("svc")).args(["--format", "concise"]).output().unwrap();
        let out = common::without_summary(&String::from_utf8(output.stdout).unwrap());
        assert_eq!(out.lines().count(), 1, "{name}: {out}");
        assert!(out.starts_with("app.py:2:7:"), "{name}: {out}");
    }
}

#[test]
fn manifests_without_a_table_are_passed_over() {
    let project = Project::new();
    project
        .file("ssotlint.toml", "[concerns.database-url]\nowners = [\"pkg/owner.py\"]\n")
        .file("pkg/pyproject.toml", "[project]\nname = \"pkg\"\n")
        .file("pkg/owner.py", READ);
    let (code, out, _) = project.concise(&["pkg"]);
    assert_eq!((code, out.as_str()), (0, ""), "the root ssotlint.toml owns pkg/owner.py");
}

#[test]
fn explicit_config_overrides_discovery() {
    let project = Project::new();
    project
        .file("ssotlint.toml", "[rules]\nignore = [\"direct-env-read\"]\n")
        .file("ci/strict.toml", "[rules]\nselect = [\"ALL\"]\n")
        .file("app.py", READ);
    assert_eq!(project.concise(&[]).0, 0);
    let (code, out, _) = project.concise(&["--config", "ci/strict.toml", "app.py"]);
    assert_eq!(code, 1, "{out}");
    // A directory outside the configuration's directory is walked and checked too, not
    // dropped because its files are not under the project root.
    let (code, out, _) = project.concise(&["--config", "ci/strict.toml", "."]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("app.py:2:"), "{out}");
}

#[test]
fn unknown_key_points_at_the_line_and_suggests() {
    let project = Project::new();
    project.file("ssotlint.toml", "include = [\"**/*.py\"]\n\n[concerns.database-url]\nownres = [\"a.py\"]\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ssotlint.toml:4:1"), "{err}");
    assert!(err.contains("unknown field `ownres`"), "{err}");
    assert!(err.contains("did you mean `owners`?"), "{err}");
    assert!(err.contains("4 │ ownres = [\"a.py\"]"), "a code frame: {err}");
}

#[test]
fn wrong_type_is_reported_with_its_position() {
    let project = Project::new();
    project.file("ssotlint.toml", "respect-gitignore = \"yes\"\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ssotlint.toml:1:21"), "{err}");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn invalid_glob_is_reported_at_the_pattern() {
    let project = Project::new();
    project.file("ssotlint.toml", "exclude = [\"ok/**\", \"bad/[x\"]\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ssotlint.toml:1:21"), "{err}");
    assert!(err.contains("invalid glob `bad/[x`"), "{err}");
}

#[test]
fn unknown_rule_ids_in_the_config_are_errors_with_suggestions() {
    for text in [
        "[rules]\nselect = [\"manual-url-parsng\"]\n",
        "[rules]\nseverity = { manual-url-parsng = \"warning\" }\n",
        "[[per-path]]\npaths = [\"a/**\"]\nignore = [\"manual-url-parsng\"]\n",
    ] {
        let project = Project::new();
        project.file("ssotlint.toml", text);
        let (code, err) = check_error(&project, &[]);
        assert_eq!(code, 2, "{text}");
        assert!(err.contains("unknown rule `manual-url-parsng`"), "{text}: {err}");
        assert!(err.contains("did you mean `manual-url-parsing`?"), "{text}: {err}");
        assert!(err.contains("ssotlint.toml:"), "{text}: {err}");
    }
}

#[test]
fn bad_enum_value_suggests_the_valid_ones() {
    let project = Project::new();
    project.file("ssotlint.toml", "test-code = \"chek\"\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `check`?"), "{err}");
}

#[test]
fn errors_in_pyproject_point_into_pyproject() {
    let project = Project::new();
    project.file("pyproject.toml", "[project]\nname = \"x\"\n\n[tool.ssotlint]\nincldue = []\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("pyproject.toml:5:1"), "{err}");
    assert!(err.contains("did you mean `include`?"), "{err}");
}

#[test]
fn toml_syntax_errors_are_config_errors() {
    let project = Project::new();
    project.file("ssotlint.toml", "[rules\nselect = []\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("ssotlint.toml:1:"), "{err}");
}

#[test]
fn missing_explicit_config_is_a_usage_error() {
    let project = Project::new();
    let (code, err) = check_error(&project, &["--config", "nope.toml"]);
    assert_eq!(code, 2);
    assert!(err.contains("config file `nope.toml` does not exist"), "{err}");
}

#[test]
fn no_config_at_all_uses_the_defaults() {
    let project = Project::new();
    project.file("a/b/app.py", READ);
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert!(out.starts_with("a/b/app.py:2:7:"), "{out}");
}

#[test]
fn a_concern_named_like_a_built_in_one_is_a_typo() {
    let project = Project::new();
    project.file("db.py", "").file("ssotlint.toml", "[concerns.databse-url]\nowners = [\"db.py\"]\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown concern `databse-url`"), "{err}");
    assert!(err.contains("did you mean `database-url`?"), "{err}");
    assert!(err.contains("ssotlint.toml:1:11"), "{err}");
}

#[test]
fn a_concern_of_ones_own_must_say_what_it_governs() {
    let project = Project::new();
    project.file("cache.py", "").file("ssotlint.toml", "[concerns.redis-url]\nowners = [\"cache.py\"]\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("concern `redis-url` governs nothing"), "{err}");
    project.file("ssotlint.toml", "[concerns.redis-url]\nowners = [\"cache.py\"]\nextend-env = [\"REDIS_URL\"]\n");
    assert_eq!(check_error(&project, &[]).0, 0);
}

#[test]
fn an_owner_glob_that_matches_no_file_is_an_error_at_the_glob() {
    let project = Project::new();
    project
        .file("shared/db.py", "")
        .file("app.py", READ)
        .file("ssotlint.toml", "[concerns.database-url]\nowners = [\"shared/db.py\", \"shared/dbconf.py\"]\n");
    let (code, err) = check_error(&project, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("`owners` glob `shared/dbconf.py` of `database-url` matches no file in the project"), "{err}");
    assert!(err.contains("ssotlint.toml:2:27"), "{err}");
    // The owner exists but is not among the files given: it is still part of the project.
    project.file("shared/dbconf.py", "");
    let (code, _) = check_error(&project, &["app.py"]);
    assert_eq!(code, 1);
}

#[test]
fn entry_points_per_language_give_help_in_the_finding_s_language() {
    let project = Project::new();
    project
        .file("shared/db.py", "def build_database_url():\n    return 'x'\n")
        .file("crates/dbconf/src/lib.rs", "pub fn database_url() -> String { String::new() }\n")
        .file("app.py", READ)
        .file("svc/src/main.rs", "fn main() { let _ = std::env::var(\"DATABASE_URL\"); }\n");
    let json = |project: &Project| {
        let output = project.cmd().args(["check", "--format", "json"]).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let help = |path: &str| {
            let findings = doc["findings"].as_array().unwrap();
            findings.iter().find(|f| f["path"] == path).map(|f| f["help"].as_str().unwrap().to_owned()).unwrap()
        };
        (help("app.py"), help("svc/src/main.rs"))
    };
    // One list: each name's language is its owner file's.
    project.file(
        "ssotlint.toml",
        "[concerns.database-url]\nowners = [\"shared/db.py\", \"crates/dbconf/src/lib.rs\"]\nentry-points = [\"build_database_url\", \"database_url\"]\n",
    );
    let (python, rust) = json(&project);
    assert_eq!(python, "get the value through `build_database_url` (from `shared/db.py`)");
    assert_eq!(rust, "get the value through `database_url` (from `crates/dbconf/src/lib.rs`)");
    // Per language, with only a Python owner: Rust code is told how to configure one.
    project.file(
        "ssotlint.toml",
        "[concerns.database-url]\nowners = [\"shared/db.py\"]\nentry-points = { python = [\"build_database_url\"] }\n",
    );
    let (python, rust) = json(&project);
    assert_eq!(python, "get the value through `build_database_url` (from `shared/db.py`)");
    assert!(rust.contains("has no owner or entry point in Rust"), "{rust}");
    assert!(rust.contains("entry-points = { rust = [...] }"), "{rust}");
}
