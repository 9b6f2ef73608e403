//! The command line's words before clap reads them. clap takes a command only as the first
//! word, so `ssotlint -v check` made `check` a path to check and `ssotlint chek` said "path
//! `chek` does not exist". Here the first word that is neither an option nor an option's
//! value is moved to the front when it names a command, so options may come before it; a
//! word that names no command and no existing path, but is close to a command, is a usage
//! error with a suggestion.
//!
//! A command's name always means the command, whether or not a file of that name exists:
//! what a command line means must not change when someone creates a directory. A directory
//! named `check` is checked as `ssotlint check check`, `ssotlint ./check` or
//! `ssotlint -- check`.

use std::ffi::OsString;
use std::path::Path;

use clap::CommandFactory;

use super::Cli;
use crate::config::UserError;
use crate::support::words::did_you_mean;

/// `args` (the program's name first) with the command, if any, moved to the front; an error
/// when the first word looks like a mistyped command.
pub fn command_first(mut args: Vec<OsString>) -> Result<Vec<OsString>, UserError> {
    let cli = Cli::command();
    let Some(at) = first_word(&args, &cli) else { return Ok(args) };
    let Some(word) = args[at].to_str() else { return Ok(args) };
    // clap adds `help` when it builds the command, after this looks at it.
    let commands: Vec<&str> = cli.get_subcommands().map(|c| c.get_name()).chain(["help"]).collect();
    if commands.contains(&word) {
        let command = args.remove(at);
        args.insert(1, command);
        return Ok(args);
    }
    // `src/app.py`, `-` (standard input) and the like are paths, whether or not they exist.
    let command_like = word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !command_like || Path::new(word).exists() {
        return Ok(args);
    }
    let error = || UserError::usage(format!("`{word}` is neither a command nor an existing path"));
    match did_you_mean(word, commands.iter().copied().chain(["version"])) {
        Some("version") => Err(error().with_help("`ssotlint --version` prints the version")),
        Some(close) => Err(error().with_help(format!("did you mean `ssotlint {close}`?"))),
        None => Ok(args),
    }
}

/// Where the first word that is neither an option nor an option's value is; `None` when
/// there is none before `--` (after it every word is a path).
fn first_word(args: &[OsString], cli: &clap::Command) -> Option<usize> {
    let mut at = 1;
    while at < args.len() {
        let Some(arg) = args[at].to_str() else { return Some(at) };
        if arg == "--" {
            return None;
        }
        if let Some(long) = arg.strip_prefix("--") {
            // `--format json` takes the next word; `--format=json` does not.
            if !long.contains('=') && takes_value(cli, |a| a.get_long() == Some(long)) {
                at += 1;
            }
        } else if let Some(shorts) = arg.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-qv`; `-o FILE` takes the next word, `-oFILE` the rest of its own.
            let valued = shorts.char_indices().find(|&(_, c)| takes_value(cli, |a| a.get_short() == Some(c)));
            if valued.is_some_and(|(i, c)| i + c.len_utf8() == shorts.len()) {
                at += 1;
            }
        } else {
            return Some(at);
        }
        at += 1;
    }
    None
}

fn takes_value(cli: &clap::Command, is: impl Fn(&clap::Arg) -> bool) -> bool {
    cli.get_arguments().any(|arg| is(arg) && arg.get_action().takes_values())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn reordered(line: &str) -> String {
        let args = command_first(words(line)).unwrap();
        args.iter().map(|a| a.to_str().unwrap()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_command_moves_before_the_options_and_their_values() {
        assert_eq!(reordered("ssotlint -v check"), "ssotlint check -v");
        assert_eq!(reordered("ssotlint --format json check src"), "ssotlint check --format json src");
        assert_eq!(reordered("ssotlint --format=json -qo out.txt check"), "ssotlint check --format=json -qo out.txt");
        assert_eq!(reordered("ssotlint -oout.txt rules"), "ssotlint rules -oout.txt");
        assert_eq!(reordered("ssotlint --config check check"), "ssotlint check --config check");
        assert_eq!(reordered("ssotlint -- check"), "ssotlint -- check");
        assert_eq!(reordered("ssotlint -v - check"), "ssotlint -v - check");
        assert_eq!(reordered("ssotlint explain check"), "ssotlint explain check");
    }

    #[test]
    fn a_word_close_to_a_command_is_a_usage_error() {
        let help = |line: &str| command_first(words(line)).unwrap_err().help.unwrap();
        assert_eq!(help("ssotlint chek"), "did you mean `ssotlint check`?");
        assert_eq!(help("ssotlint -q rule"), "did you mean `ssotlint rules`?");
        assert_eq!(help("ssotlint version"), "`ssotlint --version` prints the version");
        assert_eq!(reordered("ssotlint no-such-dir"), "ssotlint no-such-dir");
    }
}
