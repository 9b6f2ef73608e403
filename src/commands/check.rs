//! `ssotlint check [PATH…]`: load the configuration, run the engine, write the report.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use super::Status;
use crate::cli::CheckArgs;
use crate::config::{Overrides, UserError};
use crate::finding::ErrorKind;
use crate::input::projects::{self, Input, Project, Walk};
use crate::output::report::progress::ProgressLine;
use crate::output::report::{self, HumanOptions, Report, statistics};
use crate::rules::{Registry, RuleMeta};
use crate::run::baseline::Baseline;
use crate::run::engine::{self, Outcome, RunOptions};
use crate::support::paths::Rebase;
use crate::support::plural::count;

pub fn run(args: &CheckArgs) -> Status {
    match execute(args) {
        Ok(status) => status,
        Err(error) => {
            report::print_error(&error);
            Status::Failed
        }
    }
}

fn execute(args: &CheckArgs) -> Result<Status, UserError> {
    super::preflight::check(args)?;
    let inputs = inputs(args)?;
    let overrides = Overrides {
        config: args.config.clone(),
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: [args.ignore.as_slice(), &args.extend_ignore].concat(),
    };
    let walk = Walk { force_exclude: args.force_exclude, threads: args.threads };
    let projects = projects::plan(&inputs, &overrides, walk)?;
    let baseline = args.baseline.as_deref().map(Baseline::read).transpose()?;
    if args.verbose {
        for project in &projects {
            let settings = &project.settings;
            let config = settings.config_file.as_ref().map_or("none (defaults)".into(), |p| p.display().to_string());
            report::print_note(&format!("config: {config}; project root: {}", settings.root.display()));
        }
    }
    if args.show_files {
        return Ok(show_files(&projects));
    }
    let progress = std::sync::Arc::new(engine::Progress::default());
    let options = RunOptions {
        threads: args.threads,
        force_exclude: args.force_exclude,
        progress: Some(progress.clone()),
        no_prefilter: args.no_prefilter,
    };
    let line = ProgressLine::start(progress, args.quiet);
    let mut outcome = check_projects(args, &projects, baseline.as_ref(), &options)?;
    drop(line);
    if args.no_timing {
        outcome.stats.elapsed = None;
    }
    if args.verbose {
        // `--threads` is capped (see `crate::support::threads`): say what was used.
        report::print_note(&format!("threads: {}", outcome.stats.threads));
    }
    let rules = catalog(&projects);
    let rules: Vec<&RuleMeta> = rules.iter().collect();
    if let Err(err) = write_report(args, &outcome, &rules) {
        return report_failed(err);
    }
    note_internal_errors(&outcome, "everything else was checked, see the report's errors");
    Ok(status(args, &outcome))
}

/// Says on stderr how many internal errors the run had, since exit code 2 must say why
/// whatever the output; `rest` says what became of the rest of the run. Whether it had any.
pub(super) fn note_internal_errors(outcome: &Outcome, rest: &str) -> bool {
    let internal = outcome.errors.iter().filter(|e| e.kind == ErrorKind::InternalError).count();
    if internal > 0 {
        let errors = count(internal, "internal error");
        report::print_note(&format!(
            "{errors} while checking (exit code 2); {rest}. This is a bug in ssotlint: please report it with the message."
        ));
    }
    internal > 0
}

/// The paths given, or the text on standard input under the name `--stdin-filename` gives.
fn inputs(args: &CheckArgs) -> Result<Vec<Input>, UserError> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    if let Some(name) = &args.stdin_filename {
        if args.paths.iter().any(|p| p.as_os_str() != "-") {
            return Err(UserError::usage("`--stdin-filename` checks standard input only: give `-` or no path"));
        }
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|err| UserError::io(format!("cannot read standard input: {err}")))?;
        return Ok(vec![Input::Stdin { name: name.clone(), text: text.into() }]);
    }
    if dash {
        return Err(UserError::usage("`-` reads standard input, which needs a file name")
            .with_help("give one with `--stdin-filename PATH`: the text is checked as if it were that file"));
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(UserError::usage(format!("path `{}` does not exist", missing.display())));
    }
    Ok(paths.into_iter().map(Input::Path).collect())
}

/// The merged outcome of checking `args.paths`, without a baseline or a report.
pub(super) fn outcome_of(args: &CheckArgs) -> Result<Outcome, UserError> {
    let inputs = inputs(args)?;
    let overrides = Overrides { config: args.config.clone(), ..Overrides::default() };
    let projects = projects::plan(&inputs, &overrides, Walk::default())?;
    check_projects(args, &projects, None, &RunOptions::default())
}

/// Checks each project and merges the results, their paths relative to the current
/// directory; a baseline applies to (and is written from) every project.
fn check_projects(
    args: &CheckArgs,
    projects: &[Project],
    baseline: Option<&Baseline>,
    options: &RunOptions,
) -> Result<Outcome, UserError> {
    let home = args.write_baseline.as_deref().or(args.baseline.as_deref()).map(baseline_home);
    let mut written: Option<Baseline> = None;
    let mut parts = Vec::new();
    for project in projects {
        let settings = &project.settings;
        let outcome = engine::check(settings, &project.jobs, project.errors.clone(), options);
        // The project root as seen from the baseline's folder: `backend`, or `.`.
        let key = home.as_ref().map(|home| Rebase::between(&settings.root, home).apply("."));
        if args.write_baseline.is_some() {
            let part = Baseline::of_project(&outcome, key.as_deref());
            match &mut written {
                Some(all) => all.merge(part),
                None => written = Some(part),
            }
        }
        parts.push((outcome, key, settings));
    }
    let applied = written.as_ref().or(baseline);
    let mut applying = applied.map(Baseline::start);
    let mut merged = Outcome::default();
    for (mut outcome, key, settings) in parts {
        if let Some(applying) = &mut applying {
            applying.project(&mut outcome, settings, key.as_deref());
        }
        outcome.relocate(&Rebase::to_current_dir(&settings.root));
        merged.merge(outcome);
    }
    merged.baseline = applying.map(|a| a.finish());
    if let (Some(path), Some(written)) = (&args.write_baseline, &written) {
        written
            .write(path)
            .map_err(|err| UserError::io(format!("cannot write baseline `{}`: {err}", path.display())))?;
        if !args.quiet {
            let findings = count(written.findings.len(), "finding");
            report::print_note(&format!("wrote a baseline of {findings} to {}", path.display()));
        }
    }
    Ok(merged)
}

/// The folder of a baseline file, absolute: project keys in it are relative to it.
fn baseline_home(file: &Path) -> PathBuf {
    crate::config::absolute_dir(file.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")))
}

/// Every rule of the run's projects (rule packs may differ between them), first wins.
fn catalog(projects: &[Project]) -> Vec<RuleMeta> {
    let mut rules: Vec<RuleMeta> = Vec::new();
    for project in projects {
        for rule in Registry::for_settings(&project.settings).iter() {
            if !rules.iter().any(|known| known.id == rule.meta().id) {
                rules.push(rule.meta().clone());
            }
        }
    }
    rules
}

/// `--show-files`: the files a run would check, as the output shows their paths; what
/// cannot be checked goes to stderr.
fn show_files(projects: &[Project]) -> Status {
    let mut shown: Vec<String> = Vec::new();
    for project in projects {
        let rebase = Rebase::to_current_dir(&project.settings.root);
        shown.extend(project.jobs.iter().filter(|j| j.report).map(|j| rebase.apply(&j.rel)));
        for error in &project.errors {
            report::print_note(&format!("{}: {}", rebase.apply(&error.path), error.message));
        }
    }
    shown.sort();
    let mut out = BufWriter::new(io::stdout().lock());
    let listed = shown.iter().try_for_each(|path| writeln!(out, "{path}")).and_then(|()| out.flush());
    super::written(listed)
}

/// The end of a run whose report could not be written: quiet when the reader of standard
/// output went away (`ssotlint check | head -1`), an error otherwise.
fn report_failed(err: io::Error) -> Result<Status, UserError> {
    if super::reader_gone(&err) {
        return Ok(Status::OutputClosed);
    }
    Err(UserError::io(format!("cannot write the report: {err}")))
}

fn write_report(args: &CheckArgs, outcome: &Outcome, rules: &[&RuleMeta]) -> io::Result<()> {
    let file_links = github_file_links(|name| std::env::var(name).ok());
    let report = Report { outcome, rules, file_links: file_links.as_deref() };
    let to_terminal = args.output.is_none() && io::stdout().is_terminal();
    let color = report::color::enabled(args.color, to_terminal);
    let human = HumanOptions { color, links: color, quiet: args.quiet, ..HumanOptions::default() };
    for extra in &args.reports {
        let plain = HumanOptions { color: false, links: false, ..human };
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

/// Inside a GitHub Actions job, where a link to a file at the checked commit starts
/// (`https://github.com/o/r/blob/SHA/`): a relative `path#L12` does not resolve on the job's
/// summary page. Paths are shown relative to the current directory, so this assumes the run
/// starts at the repository's root, as a job's steps do by default.
fn github_file_links(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let [server, repository, sha] =
        ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"].map(|name| var(name).filter(|v| !v.is_empty()));
    Some(format!("{}/{}/blob/{}/", server?.trim_end_matches('/'), repository?, sha?))
}

fn write_file(
    path: &std::path::Path,
    format: crate::output::report::Format,
    report: &Report<'_>,
    human: &HumanOptions,
) -> io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    report::write(format, report, human, &mut out)?;
    out.flush()
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

#[cfg(test)]
mod tests {
    use super::github_file_links;

    #[test]
    fn file_links_need_all_three_github_variables() {
        let vars = |missing: &'static str| {
            move |name: &str| {
                let value = match name {
                    "GITHUB_SERVER_URL" => "https://github.com/",
                    "GITHUB_REPOSITORY" => "o/r",
                    "GITHUB_SHA" => "abc123",
                    _ => return None,
                };
                (name != missing).then(|| value.to_owned())
            }
        };
        assert_eq!(github_file_links(vars("")).as_deref(), Some("https://github.com/o/r/blob/abc123/"));
        for missing in ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"] {
            assert_eq!(github_file_links(vars(missing)), None, "without {missing}");
        }
    }
}
