//! SPEC §9 with the real binary: odd files are reported and never crash, hang or vanish
//! silently; a panic stays with its file; nesting deep enough to overflow a parser's stack
//! is a `parse-error`, not an abort (a stack overflow cannot be caught, so each case runs
//! in its own process).

mod common;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;
use std::time::Duration;

use common::{OWNED, Project};
use serde_json::Value;

const VIOLATION_PY: &str = "import os\nA = os.environ[\"DATABASE_URL\"]\n";
const VIOLATION_RS: &str = "fn url() -> String {\n    std::env::var(\"DATABASE_URL\").unwrap()\n}\n";

/// Runs `check --format json` with a time limit, so a hang fails instead of blocking.
fn json_run(project: &Project, args: &[&str]) -> (Output, Value) {
    let output = project
        .cmd()
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let doc = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", String::from_utf8_lossy(&output.stderr)));
    (output, doc)
}

/// `(path, kind)` of every `errors` entry.
fn errors(doc: &Value) -> Vec<(String, String)> {
    doc["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["path"].as_str().unwrap().to_owned(), e["kind"].as_str().unwrap().to_owned()))
        .collect()
}

/// `path:line:column rule` of every finding.
fn findings(doc: &Value) -> Vec<String> {
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let start = &f["span"]["start"];
            format!(
                "{}:{}:{} {}",
                f["path"].as_str().unwrap(),
                start["line"],
                start["column"],
                f["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn nesting_a_hundred_thousand_deep_is_a_parse_error_in_both_languages() {
    let n = 100_000;
    let cases = [
        ("parens.py", format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n))),
        ("lists.py", format!("x = {}{}\n", "[".repeat(n), "]".repeat(n))),
        ("dicts.py", format!("x = {}1{}\n", "{1: ".repeat(n), "}".repeat(n))),
        ("nots.py", format!("x = {}y\n", "not ".repeat(n))),
        ("lambdas.py", format!("x = {}1\n", "lambda: ".repeat(n))),
        ("sums.py", format!("x = 1{}\n", " + 1".repeat(n))),
        ("attributes.py", format!("x = a{}\n", ".b".repeat(n))),
        ("fstrings.py", format!("x = {}1{}\n", "f'{".repeat(n), "}'".repeat(n))),
        ("parens.rs", format!("fn f() {{ let x = {}1{}; }}\n", "(".repeat(n), ")".repeat(n))),
        ("blocks.rs", format!("fn f() {}{}\n", "{".repeat(n), "}".repeat(n))),
        ("arrays.rs", format!("fn f() {{ let x = {}{}; }}\n", "[".repeat(n), "]".repeat(n))),
        ("nots.rs", format!("fn f() {{ let x = {}y; }}\n", "!".repeat(n))),
        ("closures.rs", format!("fn f() {{ let x = {}1; }}\n", "|| ".repeat(n))),
        ("types.rs", format!("type T = {}u8{};\n", "Vec<".repeat(n), ">".repeat(n))),
        ("modules.rs", format!("{}{}\n", "mod a { ".repeat(n), "}".repeat(n))),
        ("methods.rs", format!("fn f() {{ let x = a{}; }}\n", ".b()".repeat(n))),
        ("macros.rs", format!("fn f() {{ {}1{}; }}\n", "format!(\"{}\", ".repeat(n), ")".repeat(n))),
    ];
    for (name, text) in cases {
        let project = Project::owned();
        project.file(name, &text).file("good.py", VIOLATION_PY);
        // Without the prefilter every file is parsed, whatever words it holds.
        let (output, doc) = json_run(&project, &["--no-prefilter"]);
        assert_eq!(output.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(errors(&doc), [(name.to_owned(), "parse-error".to_owned())], "{name}");
        let message = doc["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("nesting too deep"), "{name}: {message}");
        let found = findings(&doc);
        assert!(found.contains(&"good.py:2:5 direct-env-read".to_owned()), "{name}: {found:?}");
        assert!(found.iter().any(|f| f.starts_with(name) && f.ends_with("parse-error")), "{name}: {found:?}");
    }
}

#[test]
fn nesting_that_real_code_uses_is_not_too_deep() {
    let project = Project::owned();
    let call = format!("x = {}os.environ['DATABASE_URL']{}\n", "f(".repeat(100), ")".repeat(100));
    let chain = format!("y = 1{}\n", " + 1".repeat(1000));
    project.file("deep.py", &format!("import os\n{call}{chain}"));
    let (_, doc) = json_run(&project, &[]);
    assert_eq!(errors(&doc), []);
    assert_eq!(findings(&doc), ["deep.py:2:205 direct-env-read"]);
}

#[test]
fn a_panicking_rule_is_an_internal_error_for_its_file_and_exit_code_2() {
    let project = Project::owned();
    project.file("a.py", VIOLATION_PY).file("b.py", VIOLATION_PY).file("c.rs", VIOLATION_RS);
    let output = project
        .cmd()
        .env("SSOTLINT_INJECT_PANIC", "direct-env-read@a.py")
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(errors(&doc), [("a.py".to_owned(), "internal-error".to_owned())]);
    assert_eq!(doc["errors"][0]["rule"], "direct-env-read");
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("injected panic"));
    assert_eq!(findings(&doc), ["b.py:2:5 direct-env-read", "c.rs:2:5 direct-env-read"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("1 internal error") && !stderr.contains("panicked at"), "{stderr}");
}

#[test]
fn a_panicking_parser_or_repository_pass_is_an_internal_error_too() {
    let project = Project::owned();
    project.file("a.py", VIOLATION_PY).file("b.rs", VIOLATION_RS);
    let output =
        project.cmd().env("SSOTLINT_INJECT_PANIC", "parser@b.rs").args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(errors(&doc), [("b.rs".to_owned(), "internal-error".to_owned())]);
    assert_eq!(findings(&doc), ["a.py:2:5 direct-env-read"]);

    let output = project
        .cmd()
        .env("SSOTLINT_INJECT_PANIC", "competing-source@repository")
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 2);
}

#[test]
fn odd_files_are_reported_and_every_other_file_is_checked() {
    let project = Project::owned();
    project
        .file("good.py", VIOLATION_PY)
        .file("empty.py", "")
        .file("bom_only.py", "\u{feff}")
        .file("crlf.py", "import os\r\nA = 1\r\nB = os.environ[\"DATABASE_URL\"]\r\n")
        .file("lone_cr.py", "import os\rA = 1\rB = os.environ[\"DATABASE_URL\"]\r")
        .file("tabs.py", "import os\nif 1:\n\tB =\tos.environ[\"DATABASE_URL\"]\n")
        .file("unicode.py", "import os\nnäme = \"ü\"; ß = os.environ[\"DATABASE_URL\"]\n")
        .file("unicode.rs", "fn ü() { let ß = \"é\"; let u = std::env::var(\"DATABASE_URL\"); }\n")
        .file("long.py", &format!("x = \"{}\"; import os; y = os.environ[\"DATABASE_URL\"]\n", "a".repeat(50_000)))
        .file("nul.py", "x = \"\0\"\nimport os\nos.environ[\"DATABASE_URL\"]\n")
        .file("dir with spaces/ünïcödé ß.py", VIOLATION_PY)
        .file("x.py/inside.py", VIOLATION_PY)
        .file("y.rs/inside.rs", VIOLATION_RS);
    let root = project.path();
    std::fs::write(root.join("invalid_utf8.py"), b"x = '\xff\xfe'\n").unwrap();
    std::fs::write(root.join("binary.py"), [0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0xff, 0xd8, 0, 0]).unwrap();
    std::os::unix::fs::symlink("loop_b.py", root.join("loop_a.py")).unwrap();
    std::os::unix::fs::symlink("loop_a.py", root.join("loop_b.py")).unwrap();
    std::os::unix::fs::symlink("missing.py", root.join("dangling.py")).unwrap();
    std::os::unix::fs::symlink("good.py", root.join("link.py")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(root.join("fifo.py")).status().unwrap();
    assert!(fifo.success());

    let (output, doc) = json_run(&project, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(
        errors(&doc),
        [
            ("binary.py", "invalid-utf8"),
            ("dangling.py", "io-error"),
            ("fifo.py", "not-a-file"),
            ("invalid_utf8.py", "invalid-utf8"),
            ("loop_a.py", "io-error"),
            ("loop_b.py", "io-error"),
        ]
        .map(|(p, k)| (p.to_owned(), k.to_owned()))
    );
    // Columns count characters: a tab, `ä` and `ß` are one column each; CRLF and a lone CR
    // end lines.
    assert_eq!(
        findings(&doc),
        [
            "binary.py:1:9 parse-error",
            "crlf.py:3:5 direct-env-read",
            "dir with spaces/ünïcödé ß.py:2:5 direct-env-read",
            "good.py:2:5 direct-env-read",
            "invalid_utf8.py:1:6 parse-error",
            "link.py:2:5 direct-env-read",
            "lone_cr.py:3:5 direct-env-read",
            "long.py:1:50024 direct-env-read",
            "nul.py:3:1 direct-env-read",
            "tabs.py:3:6 direct-env-read",
            "unicode.py:2:17 direct-env-read",
            "unicode.rs:1:31 direct-env-read",
            "x.py/inside.py:2:5 direct-env-read",
            "y.rs/inside.rs:2:5 direct-env-read",
        ]
    );
    assert_eq!(doc["summary"]["files_scanned"], 17, "16 and the owner");
}

/// Issue 12, item 9: a file that is not UTF-8 used to be an `errors` entry only, and the run
/// exited 0 when nothing else was wrong, so a gate passed a file it never read. It counts as
/// a syntax error does (ruff's E902): a `parse-error` finding at the first invalid byte and
/// an `invalid-utf8` entry, exit code 1 under the default `--fail-on`; every other file is
/// still checked.
#[test]
fn a_file_that_is_not_utf8_fails_the_run_like_a_parse_error() {
    let project = Project::owned();
    project.file("good.py", "x = 1\n").file("app.rs", VIOLATION_RS);
    std::fs::write(project.path().join("latin1.py"), b"import os\n# caf\xe9\nA = 1\n").unwrap();
    let (output, doc) = json_run(&project, &["--select", "parse-error"]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(errors(&doc), [("latin1.py".to_owned(), "invalid-utf8".to_owned())]);
    assert_eq!(findings(&doc), ["latin1.py:2:6 parse-error"]);
    let message = doc["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("not valid UTF-8"), "{message}");
    assert_eq!(doc["findings"][0]["span"]["offset"], 15);
    assert_eq!(doc["summary"]["parse_errors"], 1);
    // The other files are still checked.
    let (_, doc) = json_run(&project, &[]);
    assert_eq!(findings(&doc), ["app.rs:2:5 direct-env-read", "latin1.py:2:6 parse-error"]);
    // The human report shows it with a code frame, whose text carries no control bytes
    // from the file (an escape sequence in a binary file must not reach the terminal).
    std::fs::write(project.path().join("binary.py"), b"\x1b[2J\x1b]0;title\x07\xff").unwrap();
    let human = project.cmd().arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("binary.py:1:") && text.contains("latin1.py:2:6"), "{text}");
    assert!(!text.contains('\x1b') && !text.contains('\x07'), "{text}");
    std::fs::remove_file(project.path().join("binary.py")).unwrap();
    let (code, out, _) = project.concise(&["--select", "parse-error"]);
    assert_eq!(code, 1);
    assert!(out.starts_with("latin1.py:2:6: error[parse-error] file is not valid UTF-8"), "{out}");
    // Ignoring the rule keeps the `errors` entry and no longer fails the run.
    let (output, doc) = json_run(&project, &["--select", "parse-error", "--ignore", "parse-error"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(errors(&doc).len(), 1);
}

#[test]
fn a_file_over_max_file_size_is_skipped_with_a_note() {
    let project = Project::owned();
    project.file("good.py", VIOLATION_PY);
    // A sparse file of 100 MB: over the 10 MB default without costing the disk.
    let big = std::fs::File::create(project.path().join("big.py")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let (output, doc) = json_run(&project, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(errors(&doc), [("big.py".to_owned(), "too-large".to_owned())]);
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("max-file-size"));
    assert_eq!(findings(&doc), ["good.py:2:5 direct-env-read"]);

    project.file("ssotlint.toml", &format!("max-file-size = 20\n{OWNED}"));
    let (_, doc) = json_run(&project, &[]);
    assert_eq!(
        errors(&doc),
        [("big.py", "too-large"), ("good.py", "too-large")].map(|(p, k)| (p.to_owned(), k.to_owned()))
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_is_checked() {
    let project = Project::owned();
    project.file("good.py", VIOLATION_PY).file("secret.py", VIOLATION_PY);
    let root = project.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(root.join("secret.py"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads anything: run as `nobody` then, as CI machines often run tests as root.
    let as_root = std::fs::read(root.join("secret.py")).is_ok();
    let mut cmd = if as_root {
        let mut cmd = assert_cmd::Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(assert_cmd::cargo::cargo_bin("ssotlint"));
        cmd
    } else {
        assert_cmd::Command::cargo_bin("ssotlint").unwrap()
    };
    let output = cmd.current_dir(root).args(["check", "--format", "json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(errors(&doc), [("secret.py".to_owned(), "io-error".to_owned())]);
    assert!(doc["errors"][0]["message"].as_str().unwrap().contains("ermission denied"));
    assert_eq!(findings(&doc), ["good.py:2:5 direct-env-read"]);
}

#[test]
fn a_config_with_every_kind_of_mistake_is_a_clear_error_not_a_crash() {
    let broken = [
        ("ssotlint.toml", "inclued = [\"**/*.py\"]\n", "did you mean `include`"),
        ("ssotlint.toml", "exclude = \"build\"\n", "expected"),
        ("ssotlint.toml", "exclude = [\"[\"]\n", "glob"),
        ("ssotlint.toml", "[rules]\nselect = [\"direct-env-reed\"]\n", "direct-env-read"),
        ("ssotlint.toml", "max-file-size = -1\n", "max-file-size"),
        ("ssotlint.toml", "[concerns.database-url\nowners = []\n", "unclosed table"),
        ("ssotlint.toml", "[[per-path]]\npaths = [1]\n", "expected"),
        ("ssotlint.toml", "rule-packs = [\"missing.toml\"]\n", "missing.toml"),
        ("pyproject.toml", "[tool.ssotlint]\ntest-code = \"sometimes\"\n", "skip"),
    ];
    for (name, text, expected) in broken {
        let project = Project::new();
        project.file(name, text).file("a.py", VIOLATION_PY);
        let output = project.cmd().args(["check"]).timeout(Duration::from_secs(60)).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{text}: {stderr}");
        assert!(stderr.contains(expected), "{text}: expected `{expected}` in\n{stderr}");
        assert!(!stderr.contains("panicked"), "{text}: {stderr}");
    }
    let project = Project::new();
    project.file("a.py", VIOLATION_PY);
    std::fs::write(project.path().join("ssotlint.toml"), b"include = [\"\xff\"]\n").unwrap();
    let output = project.cmd().arg("check").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("UTF-8"));
}

/// Every file under `dir` (path, bytes and permissions), in a stable order.
fn tree_state(dir: &std::path::Path) -> Vec<(String, Vec<u8>, u32)> {
    let mut state = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            let meta = std::fs::symlink_metadata(entry.path()).unwrap();
            let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if meta.is_dir() {
                stack.push(entry.path());
                state.push((rel, Vec::new(), meta.permissions().mode()));
            } else {
                state.push((rel, std::fs::read(entry.path()).unwrap_or_default(), meta.permissions().mode()));
            }
        }
    }
    state.sort();
    state
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_run_never_writes_into_the_checked_tree() {
    let project = Project::new();
    copy_tree(&common::repo_root().join("fixtures/demo"), project.path());
    let elsewhere = tempfile::tempdir().unwrap();
    let out = |name: &str| elsewhere.path().join(name).to_string_lossy().into_owned();
    let before = tree_state(project.path());
    assert!(before.len() > 20, "the demo was copied");
    let baseline = out("baseline.json");
    let runs: Vec<Vec<String>> = vec![
        vec!["check".into()],
        vec!["check".into(), "--format".into(), "sarif".into(), "--output".into(), out("report.sarif")],
        vec!["check".into(), "--write-baseline".into(), baseline.clone()],
        vec!["check".into(), "--baseline".into(), baseline],
        vec!["check".into(), "--report".into(), format!("json:{}", out("r.json")), "--statistics".into()],
        vec!["check".into(), "--no-prefilter".into(), "--threads".into(), "1".into(), "services".into()],
        vec!["rules".into()],
        vec!["explain".into(), "direct-env-read".into()],
    ];
    for args in runs {
        let output = project.cmd().args(&args).output().unwrap();
        assert!(matches!(output.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(tree_state(project.path()) == before, "`ssotlint {}` changed the checked tree", args.join(" "));
    }
    assert!(elsewhere.path().join("r.json").is_file() && elsewhere.path().join("report.sarif").is_file());
}
