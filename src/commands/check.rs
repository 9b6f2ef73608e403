//! `ssotlint check [PATH…]`: load the configuration, run the engine, write the report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use super::Status;
use crate::baseline::Baseline;
use crate::cli::{CheckArgs, ColorChoice};
use crate::config::{ConfigError, Overrides, Settings};
use crate::engine::{self, Outcome, RunOptions};
use crate::finding::ErrorKind;
use crate::report::progress::ProgressLine;
use crate::report::{self, HumanOptions, Report, statistics};

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
    super::preflight::check(args)?;
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(ConfigError::plain(format!("path `{}` does not exist", missing.display())));
    }
    let overrides = Overrides { config: args.config.clone(), select: args.select.clone(), ignore: args.ignore.clone() };
    let settings = Settings::load(&paths[0], &overrides)?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    if args.verbose {
        let config = settings.config_file.as_ref().map_or("none (defaults)".into(), |p| p.display().to_string());
        report::print_note(&format!("config: {config}; project root: {}", settings.root.display()));
    }
    if args.show_files {
        return Ok(show_files(&settings, &paths, args.force_exclude));
    }
    let progress = std::sync::Arc::new(engine::Progress::default());
    let options = RunOptions {
        threads: args.threads,
        force_exclude: args.force_exclude,
        progress: Some(progress.clone()),
        no_prefilter: args.no_prefilter,
    };
    let line = ProgressLine::start(progress, args.quiet);
    let mut outcome = engine::run(&settings, &paths, &options);
    drop(line);
    if args.no_timing {
        outcome.stats.elapsed = None;
    }
    if args.verbose {
        // `--threads` is capped (see `crate::threads`): say what was used.
        report::print_note(&format!("threads: {}", outcome.stats.threads));
    }
    if let Some(path) = &args.write_baseline {
        let written = Baseline::of(&outcome);
        written
            .write(path)
            .map_err(|err| ConfigError::plain(format!("cannot write baseline `{}`: {err}", path.display())))?;
        if !args.quiet {
            let count = written.findings.len();
            report::print_note(&format!("wrote a baseline of {count} findings to {}", path.display()));
        }
        outcome.baseline = Some(written.apply(&mut outcome, &settings));
    } else if let Some(baseline) = &baseline {
        outcome.baseline = Some(baseline.apply(&mut outcome, &settings));
    }
    if let Err(err) = write_report(args, &outcome, &settings) {
        return report_failed(err);
    }
    let internal = outcome.errors.iter().filter(|e| e.kind == ErrorKind::InternalError).count();
    if internal > 0 {
        // Exit code 2 must say why on stderr, whatever the report format.
        let errors = if internal == 1 { "1 internal error".to_owned() } else { format!("{internal} internal errors") };
        report::print_note(&format!(
            "{errors} while checking (exit code 2); everything else was checked, see the report's errors. \
             This is a bug in ssotlint: please report it with the message."
        ));
    }
    Ok(status(args, &outcome))
}

/// `--show-files`: the files a run would check, as the output shows their paths; what
/// cannot be checked goes to stderr.
fn show_files(settings: &Settings, paths: &[PathBuf], force_exclude: bool) -> Status {
    let discovered = crate::discovery::discover(paths, settings, force_exclude, None);
    for error in &discovered.errors {
        report::print_note(&format!("{}: {}", error.path, error.message));
    }
    let mut out = BufWriter::new(io::stdout().lock());
    let listed = discovered.files.iter().try_for_each(|job| writeln!(out, "{}", job.rel)).and_then(|()| out.flush());
    super::written(listed)
}

/// The end of a run whose report could not be written: quiet when the reader of standard
/// output went away (`ssotlint check | head -1`), an error otherwise.
fn report_failed(err: io::Error) -> Result<Status, ConfigError> {
    if super::reader_gone(&err) {
        return Ok(Status::OutputClosed);
    }
    Err(ConfigError::plain(format!("cannot write the report: {err}")))
}

fn write_report(args: &CheckArgs, outcome: &Outcome, settings: &Settings) -> io::Result<()> {
    let report = Report { outcome, settings };
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let human =
        HumanOptions { color: use_color(args.color, to_terminal), quiet: args.quiet, ..HumanOptions::default() };
    for extra in &args.reports {
        let plain = HumanOptions { color: false, ..human };
        write_file(&extra.path, extra.format, &report, &plain)?;
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(File::create(path)?)),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    if args.statistics {
        statistics::write(args.format, &report, &mut out)?;
    } else {
        report::write(args.format, &report, &human, &mut out)?;
    }
    out.flush()
}

fn write_file(
    path: &std::path::Path,
    format: crate::report::Format,
    report: &Report<'_>,
    human: &HumanOptions,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    report::write(format, report, human, &mut out)?;
    out.flush()
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
