//! The subcommands. Each returns a [`Status`]; `main` turns it into the exit code.

pub mod check;
pub mod explain;
pub mod graph;
pub mod init;
mod preflight;
pub mod rules;
pub mod server;
pub mod shell;
pub mod trace;

use std::io;
use std::path::Path;

use crate::cli::CatalogArgs;
use crate::config::{Overrides, Settings, UserError};
use crate::output::report;
use crate::rules::Registry;

/// The rules of the project in the current directory (built-in and rule packs); `None`
/// after printing the error when its configuration is broken.
fn registry(args: &CatalogArgs) -> Option<Registry> {
    let overrides = Overrides { config: args.config.clone(), ..Overrides::default() };
    match Settings::load(Path::new("."), &overrides) {
        Ok(settings) => Some(Registry::for_settings(&settings)),
        Err(error) => {
            report::print_error(&error);
            None
        }
    }
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing at or above `--fail-on`.
    Clean,
    /// Findings at or above `--fail-on`.
    Findings,
    /// A usage, configuration or internal error.
    Failed,
    /// Standard output was closed by its reader (`ssotlint check | head -1`) before all of
    /// it was written; nothing was said about it.
    OutputClosed,
}

/// Whether a write failed because the reader of the pipe has gone: the Rust runtime ignores
/// `SIGPIPE`, so a closed pipe arrives as this error instead of ending the process.
pub fn reader_gone(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::BrokenPipe
}

/// The status of a command whose work was to write its output: a reader that went away is
/// [`Status::OutputClosed`], any other failure is said on stderr.
fn written(result: io::Result<()>) -> Status {
    match result {
        Ok(()) => Status::Clean,
        Err(err) if reader_gone(&err) => Status::OutputClosed,
        Err(err) => {
            report::print_error(&UserError::io(format!("cannot write the output: {err}")));
            Status::Failed
        }
    }
}
