//! Whether output is coloured. From strongest to weakest:
//! 1. `--color never` and `--color always`;
//! 2. under `--color auto` (the default), a non-empty `NO_COLOR` turns colours off;
//! 3. then `FORCE_COLOR` or `CLICOLOR_FORCE`, set to anything but empty or `0`, turns them
//!    on even when the output is not a terminal (CI logs that render colours);
//! 4. otherwise colours are on exactly when the output is a terminal.
//!
//! Hyperlinks on rule ids come with colours: a terminal that gets colours gets links too.

use std::ffi::OsString;

/// Whether output to a stream that `is_terminal` (or not) is coloured under `choice`.
pub fn enabled(choice: ColorChoice, is_terminal: bool) -> bool {
    decide(choice, is_terminal, |name| std::env::var_os(name))
}

fn decide(choice: ColorChoice, is_terminal: bool, env: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| env(name).is_some_and(|value| !value.is_empty());
    let forced = |name: &str| env(name).is_some_and(|value| !value.is_empty() && value != "0");
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto => forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") || is_terminal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let vars: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
    }

    #[test]
    fn the_flag_beats_the_environment_and_no_color_beats_force_color() {
        use ColorChoice::{Always, Auto, Never};
        assert!(decide(Auto, true, with(&[])));
        assert!(!decide(Auto, false, with(&[])));
        assert!(decide(Auto, false, with(&[("FORCE_COLOR", "1")])));
        assert!(decide(Auto, false, with(&[("CLICOLOR_FORCE", "yes")])));
        assert!(!decide(Auto, false, with(&[("FORCE_COLOR", "0"), ("CLICOLOR_FORCE", "")])));
        assert!(!decide(Auto, true, with(&[("NO_COLOR", "1"), ("FORCE_COLOR", "1")])));
        assert!(decide(Auto, true, with(&[("NO_COLOR", "")])), "an empty NO_COLOR is not set");
        assert!(!decide(Never, true, with(&[("FORCE_COLOR", "1")])));
        assert!(decide(Always, false, with(&[("NO_COLOR", "1")])));
    }
}

/// `--color`: when to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}
