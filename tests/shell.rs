//! Shell completions and man pages (issue 12, item 16), generated from the clap definitions:
//! they must name every command and every option of `check`.

mod common;

use clap::CommandFactory;
use common::Project;
use ssotlint::cli::Cli;

/// `ssotlint ARGS…` must succeed; its standard output.
fn stdout(project: &Project, args: &[&str]) -> String {
    let output = project.cmd().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn commands() -> Vec<String> {
    Cli::command().get_subcommands().map(|c| c.get_name().to_owned()).collect()
}

/// The long options of `check`, without the leading `--`.
fn check_options() -> Vec<String> {
    let cli = Cli::command();
    let check = cli.find_subcommand("check").unwrap();
    check.get_arguments().filter_map(|a| a.get_long()).map(str::to_owned).collect()
}

#[test]
fn bash_completion_loads_and_names_every_command_and_option() {
    let project = Project::new();
    let script = stdout(&project, &["completions", "bash"]);
    assert!(commands().len() >= 6 && check_options().len() >= 15);
    for word in commands().into_iter().chain(check_options().iter().map(|o| format!("--{o}"))) {
        assert!(script.contains(&word), "the bash completion lacks {word}");
    }
    // bash itself loads the script and registers the completion.
    project.file("ssotlint.bash", &script);
    let bash = std::process::Command::new("bash")
        .current_dir(project.path())
        .args(["-c", "source ./ssotlint.bash && complete -p ssotlint"])
        .output()
        .unwrap();
    let registered = String::from_utf8_lossy(&bash.stdout);
    assert!(bash.status.success() && registered.contains("_ssotlint"), "{registered}");
}

#[test]
fn every_other_shell_gets_a_script_with_every_option() {
    let project = Project::new();
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&project, &["completions", shell]);
        for word in commands().into_iter().chain(check_options()) {
            assert!(script.contains(&word), "the {shell} completion lacks {word}");
        }
    }
    let unknown = project.cmd().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn the_man_page_has_its_sections_and_every_option_of_check() {
    let project = Project::new();
    let page = stdout(&project, &["manpage"]);
    for section in [".TH ssotlint 1", ".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "the man page lacks {section}");
    }
    for option in check_options() {
        // roff writes `-` as `\-`.
        let roff = format!("\\fB\\-\\-{}\\fR", option.replace('-', "\\-"));
        assert!(page.contains(&roff), "the man page lacks --{option}");
    }
    // `--dir` writes the same page and the pages it refers to, one per command.
    stdout(&project, &["manpage", "--dir", "man"]);
    assert_eq!(std::fs::read_to_string(project.path().join("man/ssotlint.1")).unwrap(), page);
    for command in commands() {
        assert!(page.contains(&format!("ssotlint\\-{command}(1)")), "ssotlint.1 does not refer to {command}");
        let file = project.path().join(format!("man/ssotlint-{command}.1"));
        assert!(std::fs::read_to_string(&file).unwrap().contains(".SH SYNOPSIS"), "{}", file.display());
    }
}
