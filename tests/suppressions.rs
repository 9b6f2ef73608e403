//! Inline suppressions: what they hide, and what is reported about them.

mod common;

use common::{Project, rules_of};

#[test]
fn a_suppression_on_the_line_or_the_line_above_hides_the_finding() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\n\
         a = os.environ['DATABASE_URL']  # ssotlint: allow(direct-env-read) -- bootstrap runs before the builder\n\
         # ssotlint: allow(direct-env-read) -- same\n\
         b = os.environ['POSTGRES_HOST']\n\
         c = os.environ['POSTGRES_USER']\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("app.py:5:5: error[direct-env-read] `POSTGRES_USER`"), "{out}");
    let json = project.cmd().args(["--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["summary"]["suppressed"], 2);
    assert_eq!(doc["summary"]["findings"], 1);
}

/// Issue 12, item 1: a trailing comment covered the next line too, so a read there walked
/// through the gate, and a comment after unrelated code was never reported as unused.
#[test]
fn a_trailing_suppression_covers_its_own_line_only() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\n\
         a = os.environ['POSTGRES_HOST']  # ssotlint: allow(direct-env-read) -- this line only\n\
         b = os.environ['POSTGRES_USER']\n\
         timeout = 30  # ssotlint: allow(direct-env-read) -- about nothing on this line\n\
         c = os.environ['POSTGRES_DB']\n",
    );
    project.file(
        "lib.rs",
        "fn f() {\n    \
         let a = std::env::var(\"POSTGRES_HOST\"); // ssotlint: allow(direct-env-read) -- this line only\n    \
         let b = std::env::var(\"POSTGRES_USER\");\n    \
         let timeout = 30; // ssotlint: allow(direct-env-read) -- about nothing on this line\n    \
         let c = std::env::var(\"POSTGRES_DB\");\n}\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().map(|l| l.split(" `").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "app.py:3:5: error[direct-env-read]",
            "app.py:4:33: warning[unused-suppression]",
            "app.py:5:5: error[direct-env-read]",
            "lib.rs:3:13: error[direct-env-read]",
            "lib.rs:4:42: warning[unused-suppression]",
            "lib.rs:5:13: error[direct-env-read]",
        ],
        "{out}"
    );
}

/// A comment alone on its line covers the next line that holds code, across blank lines
/// and other comments (CRLF or not), and not the line after it; one with no code after it
/// suppresses nothing.
#[test]
fn a_suppression_alone_on_its_line_covers_the_next_code_line_only() {
    let project = Project::owned();
    let py = "import os\n\
              # ssotlint: allow(direct-env-read) -- the bootstrap reads it before the builder exists\n\
              \n\
              # the read below is the one meant\n\
              \n\
              a = os.environ['POSTGRES_HOST']\n\
              b = os.environ['POSTGRES_USER']\n\
              # ssotlint: allow(direct-env-read) -- nothing follows\n";
    project.file("app.py", py).file("crlf.py", &py.replace('\n', "\r\n"));
    project.file(
        "lib.rs",
        "fn f() {\n    \
         // ssotlint: allow(direct-env-read) -- the bootstrap reads it before the builder exists\n\
         \n    \
         /* the read below\n       is the one meant */\n    \
         // still a comment\n    \
         let a = std::env::var(\"POSTGRES_HOST\");\n    \
         let b = std::env::var(\"POSTGRES_USER\");\n}\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().map(|l| l.split(" `").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "app.py:7:5: error[direct-env-read]",
            "app.py:8:19: warning[unused-suppression]",
            "crlf.py:7:5: error[direct-env-read]",
            "crlf.py:8:19: warning[unused-suppression]",
            "lib.rs:8:13: error[direct-env-read]",
        ],
        "{out}"
    );
}

/// Only real comments suppress: a docstring that shows the syntax hides nothing.
#[test]
fn a_docstring_quoting_a_suppression_hides_nothing() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\n\ndef f():\n    \"\"\"Suppress a read like this:\n    # ssotlint: allow(direct-env-read) -- why\"\"\"\n    return os.environ['DATABASE_URL']\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&out), ["direct-env-read"], "{out}");
}

/// A finding that spans lines is covered by a suppression of the line it starts on (where
/// its code frame points).
#[test]
fn a_multi_line_finding_is_covered_on_its_first_line() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\n\
         a = os.environ.get(  # ssotlint: allow(direct-env-read) -- r\n    'POSTGRES_HOST',\n)\n\
         # ssotlint: allow(direct-env-read) -- r\n\
         b = os.environ.get(\n    'POSTGRES_USER',\n)\n\
         c = os.environ.get(\n    'POSTGRES_DB',  # ssotlint: allow(direct-env-read) -- not the first line\n)\n",
    );
    let (_, out, _) = project.concise(&[]);
    let lines: Vec<&str> = out.lines().map(|l| l.split(" `").next().unwrap()).collect();
    assert_eq!(lines, ["app.py:9:5: error[direct-env-read]", "app.py:10:39: warning[unused-suppression]"], "{out}");
}

#[test]
fn several_rules_and_rust_comments() {
    let project = Project::owned();
    project.file(
        "lib.rs",
        "fn f() {\n    // ssotlint: allow(direct-env-read, manual-url-parsing) -- one-off migration tool\n    let (a, b) = std::env::var(\"DATABASE_URL\").unwrap().split_once('@').unwrap();\n}\n",
    );
    assert_eq!(project.concise(&[]), (0, String::new(), String::new()));
}

#[test]
fn file_wide_suppressions_cover_the_file() {
    let project = Project::owned();
    project.file(
        "loader.py",
        "\"\"\"Settings.\"\"\"\n# ssotlint: allow-file(direct-env-read) -- this module is the settings loader\nimport os\n\nA = os.environ['DATABASE_URL']\nB = os.environ['PGHOST']\n",
    );
    assert_eq!(project.concise(&[]).0, 0);
}

#[test]
fn a_missing_reason_still_suppresses_but_is_reported() {
    let project = Project::owned();
    project.file("app.py", "import os\nurl = os.environ['DATABASE_URL']  # ssotlint: allow(direct-env-read)\n");
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1, "the meta finding is a warning, and warnings fail by default");
    assert_eq!(rules_of(&out), ["suppression-without-reason"], "{out}");
    assert!(
        out.contains("app.py:2:35: warning[suppression-without-reason] suppression of `direct-env-read` has no reason"),
        "{out}"
    );
}

#[test]
fn unused_unknown_and_unreadable_suppressions_are_reported() {
    let project = Project::new();
    project.file(
        "app.py",
        "x = 1  # ssotlint: allow(direct-env-read) -- stale\n\
         y = 2  # ssotlint: allow(direct-env-reed) -- typo\n\
         z = 3  # ssotlint: alow(direct-env-read) -- typo\n",
    );
    let (_, out, _) = project.concise(&[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].contains(
            "1:26: warning[unused-suppression] `direct-env-read` is allowed here but there is nothing to suppress"
        ),
        "{out}"
    );
    assert!(
        lines[1].contains(
            "2:26: warning[unused-suppression] `direct-env-reed` is not a rule; did you mean `direct-env-read`?"
        ),
        "{out}"
    );
    assert!(lines[2].contains("3:8: warning[unused-suppression] this `ssotlint:` comment cannot be read"), "{out}");
    let json = project.cmd().args(["--format", "json"]).output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["findings"][1]["help"], "`ssotlint rules` lists every rule");
}

/// Issue 12, item 6: a rule id that does not exist is a finding that names the closest one,
/// in the message itself (concise and GitHub output show no help), in both languages and in
/// `allow-file`; a name close to nothing gets no guess.
#[test]
fn an_unknown_rule_id_is_a_finding_with_did_you_mean() {
    let project = Project::new();
    project
        .file(
            "app.py",
            "# ssotlint: allow-file(hardcoded-env-lst) -- typo\nx = 1  # ssotlint: allow(zzz) -- no such rule\n",
        )
        .file("lib.rs", "fn f() {\n    // ssotlint: allow(ad-hoc-pol) -- typo\n    g();\n}\n");
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1, "a warning fails the run by default");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "app.py:1:24: warning[unused-suppression] `hardcoded-env-lst` is not a rule; did you mean `hardcoded-env-list`?",
            "app.py:2:26: warning[unused-suppression] `zzz` is not a rule",
            "lib.rs:2:24: warning[unused-suppression] `ad-hoc-pol` is not a rule; did you mean `ad-hoc-pool`?",
        ],
        "{out}"
    );
    let github = project.cmd().args(["check", "--format", "github"]).output().unwrap();
    assert!(String::from_utf8_lossy(&github.stdout).contains("did you mean `ad-hoc-pool`?"));
}

#[test]
fn suppressions_of_disabled_rules_are_not_unused() {
    let project = Project::new();
    project.file("app.py", "x = 1  # ssotlint: allow(direct-env-read) -- off here anyway\n");
    assert_eq!(project.concise(&["--ignore", "direct-env-read"]).0, 0);
}

#[test]
fn repository_wide_findings_can_be_suppressed() {
    let project = Project::owned();
    project.file(
        "app.py",
        "# ssotlint: allow(competing-source) -- the CLI's own fallback, reviewed\ndef get_database_url():\n    return 'sqlite://'\n",
    );
    assert_eq!(project.concise(&["--select", "competing-source,unused-suppression"]).0, 0);
}

/// Issue 13: a Python 3.12 f-string may nest quotes of its own kind in a field. The lexer
/// used to end the string at the inner quote, so it missed the real comment after `{"'"}`
/// and took `# ssotlint:` inside a nested string for one.
#[test]
fn f_strings_nesting_their_own_quotes_hide_and_show_the_right_comments() {
    let project = Project::owned();
    project.file(
        "app.py",
        "import os\n\
         a = f\"{os.environ[\"DATABASE_URL\"]}{\"'\"}\"  # ssotlint: allow(direct-env-read) -- bootstrap\n\
         b = f\"{os.environ[\"POSTGRES_HOST\"]}{\"# ssotlint: allow(direct-env-read) -- quoted\"}\"\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&out), ["direct-env-read"], "{out}");
    assert!(out.starts_with("app.py:3:") && out.contains("`POSTGRES_HOST`"), "{out}");
}

/// Issue 13: `ssotlint check src` reported the syntax quoted in ssotlint's own docs. Rust doc
/// comments (`//!`, `///`) are documentation, as a docstring is: they suppress nothing, and
/// neither do raw strings.
#[test]
fn doc_comments_and_raw_strings_quoting_a_suppression_hide_nothing() {
    let project = Project::owned();
    project.file(
        "lib.rs",
        "//! Suppress with `// ssotlint: allow(direct-env-read) -- why`.\n\
         const HELP: &str = r#\"\n\
         // ssotlint: allow(direct-env-read) -- why\n\
         \"#;\n\
         /// Or: // ssotlint: allow(direct-env-read) -- why\n\
         fn f() { std::env::var(\"DATABASE_URL\"); }\n",
    );
    let (code, out, _) = project.concise(&[]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&out), ["direct-env-read"], "{out}");
}

/// ssotlint's own sources quote the suppression syntax in docs and strings only.
#[test]
fn ssotlint_sources_hold_no_suppressions() {
    let src = common::repo_root().join("src");
    let output = Project::new()
        .cmd()
        .arg("check")
        .arg(src)
        .args(["--format", "concise", "--exit-zero", "--no-timing"])
        .args(["--select", "unused-suppression,suppression-without-reason"])
        .output()
        .unwrap();
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(rules_of(&out).is_empty(), "{out}");
}
