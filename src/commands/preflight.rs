//! Checks of `check`'s command line that need neither the configuration nor the files: made
//! before anything runs, so that a mistake costs no run and leaves no half-written report.

use std::path::{Path, PathBuf};

use crate::cli::CheckArgs;
use crate::config::UserError;
use crate::output::report::{self, Format};

/// A usage error in `args`, if there is one; warns about named files that will not be
/// checked.
pub fn check(args: &CheckArgs) -> Result<(), UserError> {
    statistics_format(args)?;
    distinct_outputs(args)?;
    if !args.quiet {
        warn_unchecked_files(&args.paths);
    }
    Ok(())
}

/// Statistics are a table or JSON; SARIF, GitHub annotations and markdown have no place for them,
/// and printing the table instead would surprise a script that asked for them (ruff refuses
/// the same).
fn statistics_format(args: &CheckArgs) -> Result<(), UserError> {
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github | Format::Markdown) {
        let error = UserError::usage(format!("`--statistics` cannot be written as `{}`", args.format.name()));
        return Err(error.with_help("use `--format human` for tables or `--format json`"));
    }
    Ok(())
}

/// Two outputs to one file would leave only the last one written, and an output over the
/// baseline would destroy what the run reads: both are refused before anything is written.
fn distinct_outputs(args: &CheckArgs) -> Result<(), UserError> {
    let mut files: Vec<(String, &Path)> = Vec::new();
    let named =
        [("--baseline", &args.baseline), ("--write-baseline", &args.write_baseline), ("--output", &args.output)];
    for (flag, path) in named {
        files.extend(path.as_deref().map(|path| (flag.to_owned(), path)));
    }
    for extra in &args.reports {
        files.push((format!("--report {}:{}", extra.format.name(), extra.path.display()), &extra.path));
    }
    let identities: Vec<PathBuf> = files.iter().map(|(_, path)| identity(path)).collect();
    for (later, identity) in identities.iter().enumerate() {
        if let Some(earlier) = identities[..later].iter().position(|other| other == identity) {
            let (first, second) = (&files[earlier], &files[later]);
            let message = format!("`{}` is named by both `{}` and `{}`", second.1.display(), first.0, second.0);
            return Err(UserError::usage(message).with_help("give each output its own file"));
        }
    }
    Ok(())
}

/// The file a path names, whether or not it exists yet: its directory resolved (symbolic
/// links, `..`), its own name kept.
fn identity(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if let Ok(real) = absolute.canonicalize() {
        return real;
    }
    match (absolute.parent().and_then(|dir| dir.canonicalize().ok()), absolute.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => absolute,
    }
}

/// A file named on the command line that is neither Python nor Rust would be dropped in
/// silence (`ssotlint check README.md` checked 0 files and passed).
fn warn_unchecked_files(paths: &[PathBuf]) {
    for path in paths.iter().filter(|p| p.is_file() && crate::support::source::Lang::from_path(p).is_none()) {
        report::print_note(&format!("`{}` is not a Python or Rust file; not checked", path.display()));
    }
}
