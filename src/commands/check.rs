//! `ssotlint check [PATH…]`: load the configuration, run the engine, write the report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use super::Status;
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{ConfigError, Overrides, Settings};
use crate::engine::{self, Outcome, RunOptions};
use crate::finding::ErrorKind;
use crate::report::{self, HumanOptions, Report};

pub fn run(args: &CheckArgs) -> Status {
    match execute(args) {
        Ok(status) => status,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn execute(args: &CheckArgs) -> Result<Status, ConfigError> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(ConfigError::plain(format!("path `{}` does not exist", missing.display())));
    }
    if args.threads == Some(0) {
        return Err(ConfigError::plain("`--threads` must be at least 1"));
    }
    let overrides = Overrides { config: args.config.clone(), select: args.select.clone(), ignore: args.ignore.clone() };
    let settings = Settings::load(&paths[0], &overrides)?;
    if args.verbose {
        let config = settings.config_file.as_ref().map_or("none (defaults)".into(), |p| p.display().to_string());
        report::print_note(&format!("config: {config}; project root: {}", settings.root.display()));
    }
    let options = RunOptions { threads: args.threads, force_exclude: args.force_exclude };
    let outcome = engine::run(&settings, &paths, &options);
    write_report(args, &outcome, &settings)
        .map_err(|err| ConfigError::plain(format!("cannot write the report: {err}")))?;
    Ok(status(args, &outcome))
}

fn write_report(args: &CheckArgs, outcome: &Outcome, settings: &Settings) -> io::Result<()> {
    let report = Report { outcome, settings };
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let human =
        HumanOptions { color: use_color(args.color, to_terminal), quiet: args.quiet, ..HumanOptions::default() };
    match &args.output {
        Some(path) => {
            let mut out = BufWriter::new(File::create(path)?);
            report::write(args.format, &report, &human, &mut out)?;
            out.flush()
        }
        None => {
            let mut out = BufWriter::new(io::stdout().lock());
            report::write(args.format, &report, &human, &mut out)?;
            out.flush()
        }
    }
}

fn use_color(choice: ColorChoice, to_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Internal errors fail the run whatever the findings; otherwise findings at or above
/// `--fail-on` do, unless `--exit-zero`.
fn status(args: &CheckArgs, outcome: &Outcome) -> Status {
    if outcome.errors.iter().any(|e| e.kind == ErrorKind::InternalError) {
        return Status::Failed;
    }
    let threshold = args.fail_on.threshold();
    let failing = outcome.findings.iter().any(|f| f.severity >= threshold);
    if failing && !args.exit_zero { Status::Findings } else { Status::Clean }
}
