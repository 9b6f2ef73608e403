//! The subcommands. Each returns a [`Status`]; `main` turns it into the exit code.

pub mod check;
pub mod explain;
pub mod rules;

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
