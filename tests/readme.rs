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
    let help = assert_cmd::Command::cargo_bin("ssotlint").unwrap().args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let flags: Vec<&str> = text
        .split('`')
        .filter(|s| s.starts_with("--") && s.len() > 2)
        .map(|s| s.split([' ', '=']).next().unwrap())
        .collect();
    assert!(flags.len() > 5, "{flags:?}");
    for flag in flags {
        assert!(help.contains(flag), "README mentions {flag}, which `ssotlint check --help` does not list");
    }
}

#[test]
fn documented_rules_exist_and_every_rule_is_documented() {
    let text = readme();
    for rule in ssotlint::rules::BUILTIN {
        let id = &*rule.meta().id;
        assert!(text.contains(&format!("| `{id}` |")), "README's rule table lacks {id}");
    }
}
