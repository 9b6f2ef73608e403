//! The README's snippets are checked against the real product: every TOML block that is a
//! configuration must load, every rule it names must exist, and every flag it shows must be
//! accepted by the CLI.

mod common;

use common::{Project, repo_root};

fn readme() -> String {
    std::fs::read_to_string(repo_root().join("README.md")).unwrap()
}

/// The fenced blocks of the README in `language`.
fn blocks(language: &str) -> Vec<String> {
    let text = readme();
    let fence = format!("```{language}\n");
    text.split(&fence).skip(1).map(|rest| rest.split("```").next().unwrap().to_owned()).collect()
}

#[test]
fn configuration_examples_load() {
    let configs: Vec<String> =
        blocks("toml").into_iter().filter(|b| !b.contains("[[rule]]") && !b.contains("[[pool.")).collect();
    assert!(!configs.is_empty());
    for config in configs {
        let project = Project::new();
        project.file("ssotlint.toml", &config).file("tools/ssot-rules/empty.toml", "");
        let (code, _, err) = project.concise(&[]);
        assert_ne!(code, 2, "README config does not load:\n{config}\n{err}");
    }
}

#[test]
fn rule_pack_examples_load() {
    let packs: Vec<String> =
        blocks("toml").into_iter().filter(|b| b.contains("[[rule]]") || b.contains("[[pool.")).collect();
    assert!(packs.len() >= 2);
    for pack in packs {
        let project = Project::new();
        project.file("ssotlint.toml", "rule-packs = [\"pack.toml\"]\n").file("pack.toml", &pack);
        let (code, _, err) = project.concise(&[]);
        assert_ne!(code, 2, "README rule pack does not load:\n{pack}\n{err}");
    }
}

#[test]
fn documented_flags_exist() {
    let text = readme();
    let help_of = |args: &[&str]| {
        let output = assert_cmd::Command::cargo_bin("ssotlint").unwrap().args(args).output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let commands: [&[&str]; 7] = [&[], &["check"], &["rules"], &["init"], &["explain"], &["manpage"], &["graph"]];
    let help = commands.map(|command| help_of(&[command, &["--help"]].concat())).concat();
    // Flags in prose (`--flag`) and on every command line that runs ssotlint.
    let in_prose = text.split('`').filter(|s| s.starts_with("--"));
    let on_command_lines = text.lines().filter(|l| l.contains("ssotlint ")).flat_map(|l| l.split_whitespace());
    let flags: Vec<&str> = in_prose
        .chain(on_command_lines)
        .filter(|s| s.starts_with("--") && s[2..].starts_with(|c: char| c.is_ascii_lowercase()))
        .map(|s| s.split([' ', '=', '`', ',']).next().unwrap())
        .filter(|flag| !["--locked", "--git"].contains(flag))
        .collect();
    assert!(flags.len() > 10, "{flags:?}");
    for flag in flags {
        assert!(help.contains(flag), "README uses {flag}, which no `ssotlint --help` lists");
    }
}

#[test]
fn workflow_commands_run() {
    // The commands of the workflow snippets, run for real in a throw-away project.
    let project = Project::new();
    project
        .file(
            "shared/db.py",
            "import os\n\ndef database_url():\n    return os.environ['DATABASE_URL'] or os.environ['PGHOST']\n",
        )
        .file("app.py", "import os\nurl = os.environ['DATABASE_URL']\n");
    let run = |args: &[&str]| project.cmd().args(args).output().unwrap().status.code().unwrap();
    assert_eq!(run(&["init"]), 0);
    assert_eq!(run(&["check", "--write-baseline", ".ssotlint-baseline.json"]), 0);
    assert_eq!(run(&["check", "--baseline", ".ssotlint-baseline.json"]), 0);
    assert_eq!(
        run(&["check", "--format", "github", "--report", "sarif:ssotlint.sarif", "--report", "json:ssotlint.json"]),
        1
    );
    assert_eq!(
        run(&[
            "check",
            "--format",
            "concise",
            "--report",
            "json:ssotlint.json",
            "--report",
            "sarif:gl-sast-ssotlint.sarif"
        ]),
        1
    );
    assert_eq!(run(&["check", "--statistics"]), 1);
}

#[test]
fn documented_rules_exist_and_every_rule_is_documented() {
    let text = readme();
    for rule in ssotlint::rules::BUILTIN {
        let id = &*rule.meta().id;
        assert!(text.contains(&format!("| `{id}` |")), "README's rule table lacks {id}");
    }
}

#[test]
fn suppression_examples_hide_their_findings() {
    let text = readme();
    let section = text.split("### Suppressions").nth(1).unwrap();
    let block = |language: &str| {
        let fence = format!("```{language}\n");
        section.split(&fence).nth(1).unwrap().split("```").next().unwrap().to_owned()
    };
    let project = Project::owned();
    project
        .file("app.py", &format!("import os\n{}", block("python")))
        .file("importer.rs", &format!("async fn import(url: &str) {{\n{}}}\n", block("rust")));
    let select = ["--select", "direct-env-read,ad-hoc-pool,unused-suppression,suppression-without-reason"];
    assert_eq!(project.concise(&select), (0, String::new(), String::new()));
    // Without the comments, both lines are findings.
    let uncommented = |text: String| text.lines().map(|l| l.split('#').next().unwrap()).collect::<Vec<_>>().join("\n");
    project.file("app.py", &uncommented(format!("import os\n{}", block("python"))));
    project.file(
        "importer.rs",
        &format!("async fn import(url: &str) {{\n{}}}\n", block("rust").replace("// ssotlint", "// no")),
    );
    let (code, out, _) = project.concise(&select);
    assert_eq!(
        (code, common::rules_of(&out)),
        (1, vec!["direct-env-read".to_owned(), "ad-hoc-pool".to_owned()]),
        "{out}"
    );
}
