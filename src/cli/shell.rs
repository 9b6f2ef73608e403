//! The command line described for the shell: completion scripts and man pages, both
//! generated from the clap definitions, so they name exactly the commands and options that
//! `--help` does.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::Cli;

pub fn write_completions(shell: Shell, out: &mut dyn Write) -> io::Result<()> {
    // clap_complete panics when its writer fails (a closed pipe): it writes to memory, and
    // the failure of the real write is returned.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ssotlint", &mut script);
    out.write_all(&script)
}

/// `ssotlint.1` in roff.
pub fn write_manpage(out: &mut dyn Write) -> io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(for_man()).render(&mut page)?;
    out.write_all(&page)
}

/// `ssotlint.1` and one page per command (`ssotlint-check.1`, …), which `ssotlint.1` refers
/// to, in `dir` (created if need be).
pub fn write_manpages(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(for_man(), dir)
}

/// The command as the pages show it: `help` is `--help` there, so it gets no page of its own
/// for `ssotlint.1` to refer to.
fn for_man() -> clap::Command {
    Cli::command().disable_help_subcommand(true)
}
