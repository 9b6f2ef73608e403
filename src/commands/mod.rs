//! The subcommands. Each returns a [`Status`]; `main` turns it into the exit code.

pub mod check;
pub mod explain;
pub mod init;
pub mod rules;

use std::path::Path;

use crate::cli::CatalogArgs;
use crate::config::{Overrides, Settings};
use crate::report;
use crate::rules::Registry;

/// The rules of the project in the current directory (built-in and rule packs); `None`
/// after printing the error when its configuration is broken.
fn registry(args: &CatalogArgs) -> Option<Registry> {
    let overrides = Overrides { config: args.config.clone(), ..Overrides::default() };
    match Settings::load(Path::new("."), &overrides) {
        Ok(settings) => Some(settings.registry),
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
}
