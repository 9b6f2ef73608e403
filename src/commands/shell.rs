//! `ssotlint completions SHELL` and `ssotlint manpage [--dir DIR]`.

use super::{Status, written};
use crate::cli::shell;
use crate::cli::{CompletionsArgs, ManpageArgs};
use crate::config::UserError;
use crate::output::report;

pub fn completions(args: &CompletionsArgs) -> Status {
    written(shell::write_completions(args.shell, &mut std::io::stdout().lock()))
}

pub fn manpage(args: &ManpageArgs) -> Status {
    let Some(dir) = &args.dir else { return written(shell::write_manpage(&mut std::io::stdout().lock())) };
    match shell::write_manpages(dir) {
        Ok(()) => Status::Clean,
        Err(err) => {
            report::print_error(&UserError::io(format!("cannot write man pages to `{}`: {err}", dir.display())));
            Status::Failed
        }
    }
}
