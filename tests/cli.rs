//! The command line as a user meets it: exit codes, paths, selection, output files, colours.

mod common;

use common::{OWNED, Project, rules_of};

const READ: &str = "import os\nurl = os.environ[\"DATABASE_URL\"]\n";

#[test]
fn findings_exit_with_one_and_a_clean_tree_with_zero() {
    let project = Project::owned();
    project.file("app.py", READ);
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(
        out.trim(),
        "app.py:2:7: error[direct-env-read] `DATABASE_URL` is read directly from the environment; `database-url` is owned by `settings.py`"
    );

    let clean = Project::new();
    clean.file("app.py", "import os\nlevel = os.environ['LOG_LEVEL']\n");
    let (code, out, _) = clean.concise(&[]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn exit_zero_and_fail_on_change_only_the_exit_code() {
    let project = Project::owned();
    project
        .file("app.py", READ)
        .file("ssotlint.toml", &format!("{OWNED}[rules]\nseverity = {{ direct-env-read = \"warning\" }}\n"));
    assert_eq!(project.concise(&[]).0, 1, "warnings fail by default");
    let (code, out, _) = project.concise(&["--fail-on", "error"]);
    assert_eq!(code, 0);
    assert!(out.contains("warning[direct-env-read]"), "the finding is still shown: {out}");
    assert_eq!(project.concise(&["--exit-zero"]).0, 0);
}

#[test]
fn missing_path_is_a_usage_error() {
    let project = Project::new();
    let (code, _, err) = project.concise(&["nope/"]);
    assert_eq!(code, 2);
    assert!(err.contains("path `nope/` does not exist"), "{err}");
}

#[test]
fn unknown_rule_on_the_command_line_suggests_the_right_one() {
    let project = Project::new();
    project.file("app.py", READ);
    let (code, _, err) = project.concise(&["--select", "direct-env-reed"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `direct-env-reed` in --select"), "{err}");
    assert!(err.contains("did you mean `direct-env-read`?"), "{err}");
}

#[test]
fn select_and_ignore_choose_rules() {
    let project = Project::owned();
    project.file("app.py", "import os\nu = os.environ['DATABASE_URL']\nv = u.split('@')\n");
    let (_, out, _) = project.concise(&[]);
    assert_eq!(rules_of(&out), ["direct-env-read", "manual-url-parsing"]);
    let (_, out, _) = project.concise(&["--select", "manual-url-parsing"]);
    assert_eq!(rules_of(&out), ["manual-url-parsing"]);
    let (_, out, _) = project.concise(&["--ignore", "manual-url-parsing"]);
    assert_eq!(rules_of(&out), ["direct-env-read"]);
}

#[test]
fn extend_select_and_extend_ignore_add_to_the_selection_in_any_case() {
    let project = Project::owned();
    project.file("app.py", "import os\nu = os.environ['DATABASE_URL']\nv = u.split('@')\n");
    let (_, out, _) = project.concise(&["--select", "MANUAL-URL-PARSING", "--extend-select", "Direct-Env-Read"]);
    assert_eq!(rules_of(&out), ["direct-env-read", "manual-url-parsing"]);
    let (_, out, _) = project.concise(&["--extend-ignore", "direct-env-read"]);
    assert_eq!(rules_of(&out), ["manual-url-parsing"]);
    let (_, out, _) = project.concise(&["--ignore", "all", "--extend-select", "direct-env-read"]);
    assert_eq!(rules_of(&out), Vec::<String>::new(), "an ignore of ALL wins over any selection");
    let (code, _, err) = project.concise(&["--extend-select", "Direct-Env-Reed"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean `direct-env-read`?"), "{err}");
}

#[test]
fn config_extend_select_and_extend_ignore_follow_ruff() {
    let project = Project::owned();
    let config = format!(
        "{}\n[rules]\nselect = [\"manual-url-parsing\"]\nextend-select = [\"DIRECT-ENV-READ\"]\nextend-ignore = [\"Manual-Url-Parsing\"]\nseverity = {{ DIRECT-ENV-READ = \"info\" }}\n",
        common::OWNED
    );
    project.file("ssotlint.toml", &config);
    project.file("app.py", "import os\nu = os.environ['DATABASE_URL']\nv = u.split('@')\n");
    let (_, out, _) = project.concise(&[]);
    assert!(out.starts_with("app.py:2:5: info[direct-env-read]"), "{out}");
    assert_eq!(rules_of(&out), ["direct-env-read"]);
    // `--select` on the command line replaces the configuration's select and extend-select.
    let (_, out, _) = project.concise(&["--select", "ALL"]);
    assert_eq!(rules_of(&out), ["direct-env-read"], "extend-ignore still applies");
}

#[test]
fn output_file_receives_the_report() {
    let project = Project::owned();
    project.file("app.py", READ);
    let (code, out, _) = project.concise(&["--output", "report.txt"]);
    assert_eq!((code, out.as_str()), (1, ""));
    let written = std::fs::read_to_string(project.path().join("report.txt")).unwrap();
    assert!(written.starts_with("app.py:2:7: error[direct-env-read]"), "{written}");
}

#[test]
fn explicit_excluded_files_are_checked_unless_force_exclude() {
    let project = Project::owned();
    project.file("ssotlint.toml", &format!("exclude = [\"legacy/**\"]\n{OWNED}")).file("legacy/old.py", READ);
    assert_eq!(project.concise(&[]).1, "", "excluded when walking");
    let (code, out, _) = project.concise(&["legacy/old.py"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("legacy/old.py:2:7:"), "{out}");
    assert_eq!(project.concise(&["--force-exclude", "legacy/old.py"]).0, 0);
}

#[test]
fn gitignored_files_are_skipped() {
    let project = Project::owned();
    project.file(".gitignore", "generated/\n").file("generated/app.py", READ).file("app.py", READ);
    let (_, out, _) = project.concise(&[]);
    assert_eq!(out.lines().count(), 1, "{out}");
    project.file("ssotlint.toml", &format!("respect-gitignore = false\n{OWNED}"));
    assert_eq!(project.concise(&[]).1.lines().count(), 2);
}

#[test]
fn default_excludes_skip_virtualenvs_and_build_output() {
    let project = Project::new();
    for dir in [".venv/lib", "node_modules/x", "target/debug", "__pycache__"] {
        project.file(&format!("{dir}/a.py"), READ);
    }
    assert_eq!(project.concise(&[]), (0, String::new(), String::new()));
}

#[test]
fn test_code_is_skipped_unless_configured() {
    let project = Project::owned();
    project
        .file("tests/test_db.py", READ)
        .file("src/lib.rs", "#[cfg(test)]\nmod tests { fn t() { std::env::var(\"DATABASE_URL\"); } }\n");
    assert_eq!(project.concise(&[]).1, "");
    project.file("ssotlint.toml", &format!("test-code = \"check\"\n{OWNED}"));
    let (_, out, _) = project.concise(&[]);
    assert_eq!(rules_of(&out), ["direct-env-read", "direct-env-read"], "{out}");
}

#[test]
fn per_path_ignores_apply_to_matching_files_only() {
    let project = Project::owned();
    project.file("scripts/seed.py", READ).file("app.py", READ).file(
        "ssotlint.toml",
        &format!("{OWNED}[[per-path]]\npaths = [\"scripts/**\"]\nignore = [\"direct-env-read\"]\n"),
    );
    let (_, out, _) = project.concise(&[]);
    assert!(out.starts_with("app.py:") && out.lines().count() == 1, "{out}");
}

#[test]
fn owners_may_read_their_variables() {
    let project = Project::new();
    project
        .file("shared/db.py", READ)
        .file("app.py", READ)
        .file("ssotlint.toml", "[concerns.database-url]\nowners = [\"shared/db.py\"]\n");
    let (_, out, _) = project.concise(&[]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.contains("is owned by `shared/db.py`"), "{out}");
}

#[test]
fn user_concerns_govern_their_own_variables() {
    let project = Project::new();
    project
        .file("app.py", "import os\nr = os.getenv('REDIS_URL')\n")
        .file("cache.py", "")
        .file("ssotlint.toml", "[concerns.redis-url]\nenv = [\"REDIS_URL\"]\nowners = [\"cache.py\"]\n");
    let (_, out, _) = project.concise(&[]);
    assert!(
        out.contains("`REDIS_URL` is read directly from the environment; `redis-url` is owned by `cache.py`"),
        "{out}"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let project = Project::owned();
    project.file("app.py", READ);
    let plain = project.cmd().arg("app.py").output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
    let coloured = project.cmd().args(["--color", "always", "app.py"]).output().unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn quiet_leaves_out_the_summary() {
    let project = Project::owned();
    project.file("app.py", READ);
    let loud = project.cmd().output().unwrap();
    assert!(String::from_utf8_lossy(&loud.stdout).contains("Found 1 error"));
    let quiet = project.cmd().arg("--quiet").output().unwrap();
    let text = String::from_utf8_lossy(&quiet.stdout);
    assert!(text.contains("direct-env-read") && !text.contains("Found"), "{text}");
    assert!(quiet.stderr.is_empty());
}

#[test]
fn rules_lists_every_rule_and_explain_shows_docs() {
    let project = Project::new();
    let rules = project.cmd().arg("rules").output().unwrap();
    let table = String::from_utf8(rules.stdout).unwrap();
    for rule in ssotlint::rules::BUILTIN {
        assert!(table.contains(&*rule.meta().id), "{table}");
    }
    let explain = project.cmd().args(["explain", "manual-url-parsing"]).output().unwrap();
    let docs = String::from_utf8(explain.stdout).unwrap();
    assert!(docs.contains("## Why is this bad?") && docs.contains("```rust"), "{docs}");
    let unknown = project.cmd().args(["explain", "manual-url-parse"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `manual-url-parsing`?"));
}

#[test]
fn human_output_has_a_code_frame_and_help() {
    let project = Project::owned();
    project.file("app.py", READ);
    let out = project.cmd().output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[direct-env-read]"), "{text}");
    assert!(text.contains("[app.py:2:7]"), "{text}");
    assert!(text.contains("2 │ url = os.environ[\"DATABASE_URL\"]"), "{text}");
    assert!(text.contains("help: get the value from the owner (`settings.py`)"), "{text}");
}

#[test]
fn statistics_count_by_rule_concern_and_directory() {
    let project = Project::owned();
    project
        .file("svc/a.py", "import os\nx = os.environ['DATABASE_URL']\ny = os.environ['PGHOST']\n")
        .file("lib/b.rs", "fn f() { let _ = std::env::var(\"DATABASE_URL\"); }\n");
    let output = project.cmd().arg("--statistics").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "statistics do not change the exit code");
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("    3  direct-env-read  error"), "{text}");
    assert!(text.contains("    3  database-url"), "{text}");
    assert!(text.contains("    2  svc\n    1  lib"), "{text}");
    assert!(text.ends_with("3 findings in 3 files scanned\n"), "{text}");
}

#[test]
fn nothing_is_written_to_stderr_when_it_is_not_a_terminal() {
    let project = Project::new();
    project.file("app.py", READ);
    let output = project.cmd().output().unwrap();
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn files_without_trigger_words_are_not_parsed_unless_asked() {
    let project = Project::owned();
    project.file("broken.py", "def f(:\n").file("app.py", READ);
    let (_, out, _) = project.concise(&[]);
    assert_eq!(rules_of(&out), ["direct-env-read"], "{out}");
    let (_, out, _) = project.concise(&["--no-prefilter"]);
    assert_eq!(rules_of(&out), ["direct-env-read", "parse-error"], "{out}");
}

#[test]
fn show_files_lists_what_would_be_checked_and_notes_what_cannot_be() {
    let project = Project::new();
    project
        .file(".gitignore", "generated/\n")
        .file("generated/app.py", READ)
        .file("src/app.py", READ)
        .file("src/lib.rs", "fn f() {}\n")
        .file("notes.txt", "DATABASE_URL\n");
    std::os::unix::fs::symlink("missing.py", project.path().join("dangling.py")).unwrap();
    let output = project.cmd().args(["check", "--show-files"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "src/app.py\nsrc/lib.rs\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("dangling.py"), "{stderr}");
}

#[test]
fn each_user_error_says_its_kind() {
    let project = Project::new();
    project.file("ssotlint.toml", "[concerns.database-url]\nownres = []\n").file("app.py", "x = 1\n");
    project.file("good/ssotlint.toml", "");
    let kind_of = |args: &[&str]| {
        let output = project.cmd().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        stderr.lines().next().unwrap_or_default().trim().to_owned()
    };
    assert_eq!(kind_of(&["check", "does-not-exist"]), "ssotlint::usage");
    assert_eq!(kind_of(&["check", "app.py"]), "ssotlint::config");
    assert_eq!(
        kind_of(&["check", "--baseline", "missing.json", "app.py", "--config", "good/ssotlint.toml"]),
        "ssotlint::io"
    );
}
