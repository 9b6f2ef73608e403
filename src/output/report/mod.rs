//! Output formats. Each writes a finished, sorted [`Outcome`] to any `Write`; none sorts or
//! filters. Only this module and `main.rs` print.

pub mod catalog;
pub mod color;
mod concise;
mod frame;
mod github;
pub mod graph;
mod human;
mod json;
mod markdown;
pub mod progress;
mod sarif;
mod source_view;
pub mod statistics;
pub mod trace;

use std::io::{self, Write};

use clap::ValueEnum;

use crate::rules::RuleMeta;
use crate::run::engine::Outcome;

pub use human::HumanOptions;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    /// Code frames with labels and help (miette), then a summary line.
    Human,
    /// `path:line:column: severity[rule-id] message`, one per line.
    Concise,
    /// The JSON document described in the README (schema_version 1).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// GitHub Actions annotations (`::error file=…::message`).
    Github,
    /// A summary for `$GITHUB_STEP_SUMMARY` and pull requests: counts, a table of findings
    /// with links, and a Mermaid picture of each concern.
    Markdown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Concise => "concise",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Github => "github",
            Format::Markdown => "markdown",
        }
    }
}

/// An extra report of the same run: `--report json:ssotlint.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    pub format: Format,
    pub path: std::path::PathBuf,
}

impl std::str::FromStr for ReportTarget {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, String> {
        let (format, path) = value.split_once(':').ok_or_else(|| format!("expected FORMAT:FILE, got `{value}`"))?;
        let format = Format::from_str(format, true).map_err(|_| {
            let known: Vec<&str> = Format::value_variants().iter().map(|f| f.name()).collect();
            format!("unknown format `{format}`; expected one of {}", known.join(", "))
        })?;
        if path.is_empty() {
            return Err(format!("`{value}` names no file"));
        }
        Ok(ReportTarget { format, path: path.into() })
    }
}

/// What every format needs to render a run.
pub struct Report<'a> {
    pub outcome: &'a Outcome,
    /// Every rule the run knows (built-in and its projects' rule packs), for SARIF.
    pub rules: &'a [&'a RuleMeta],
    /// What a link to a file starts with, the path and `#Lline` following it
    /// (`https://github.com/o/r/blob/SHA/`); `None` links relative to the current directory.
    /// The command decides it from the environment, so formats stay pure.
    pub file_links: Option<&'a str>,
}

/// Prints an error of the run itself (configuration, usage) on standard error.
pub fn print_error(error: &dyn miette::Diagnostic) {
    let color = color::enabled(
        crate::output::report::color::ColorChoice::Auto,
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
    );
    // `eprint!` panics when standard error is a closed pipe; an error that cannot be said
    // still ends the run with its exit code.
    let _ = write!(io::stderr().lock(), "{}", render_error(error, color));
}

/// An error as `print_error` shows it: miette's graphical report with its code frame.
pub fn render_error(error: &dyn miette::Diagnostic, color: bool) -> String {
    let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut rendered = String::new();
    if handler.render_report(&mut rendered, error).is_err() {
        rendered = format!("error: {error}\n");
    }
    frame::fold(&rendered, &Default::default())
}

/// A note on stderr, for what is not a finding.
pub fn print_note(note: &str) {
    let _ = writeln!(io::stderr().lock(), "ssotlint: {note}");
}

pub fn write(format: Format, report: &Report<'_>, human: &HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::write(report, human, out),
        Format::Concise => concise::write(report, human.quiet, out),
        Format::Json => json::write(report, out),
        Format::Sarif => sarif::write(report, out),
        Format::Github => github::write(report, out),
        Format::Markdown => markdown::write(report, out),
    }
}
