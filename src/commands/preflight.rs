//! Checks of `check`'s command line that need neither the configuration nor the files: made
//! before anything runs, so that a mistake costs no run and leaves no half-written report.

use crate::cli::CheckArgs;
use crate::config::ConfigError;
use crate::report::Format;

/// A usage error in `args`, if there is one.
pub fn validate(args: &CheckArgs) -> Result<(), ConfigError> {
    statistics_format(args)
}

/// Statistics are a table or JSON; SARIF and GitHub annotations have no place for counts,
/// and printing the table instead would surprise a script that asked for them (ruff refuses
/// the same).
fn statistics_format(args: &CheckArgs) -> Result<(), ConfigError> {
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github) {
        let error = ConfigError::plain(format!("`--statistics` cannot be written as `{}`", args.format.name()));
        return Err(error.with_help("use `--format human` for tables or `--format json`"));
    }
    Ok(())
}
