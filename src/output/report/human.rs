//! The human format: one miette graphical report per finding, then one summary line.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::Report;
use super::frame;
use super::source_view::SourceView;
use crate::finding::{ErrorKind, Finding, Severity};
use crate::rules;
use crate::support::plural;

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Link rule ids to their documentation (OSC 8). On with colours: output that gets
    /// colours goes to a terminal (or is forced to), which shows links too.
    pub links: bool,
    /// Leave out the summary line.
    pub quiet: bool,
    /// Wrap width of messages.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self { color: false, links: false, quiet: false, width: 100 }
    }
}

pub fn write(report: &Report<'_>, options: &HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(options.width).with_wrap_lines(false).with_links(false);
    let outcome = report.outcome;
    for finding in &outcome.findings {
        let source = outcome.sources.get(&finding.path).map(|s| SourceView(s));
        let docs = options.links.then(|| rules::docs_url(&finding.rule)).flatten();
        let diagnostic = FindingDiagnostic { finding, source, docs };
        let mut rendered = String::new();
        handler.render_report(&mut rendered, &diagnostic).map_err(|_| io::Error::other("cannot render a finding"))?;
        out.write_all(frame::fold(&rendered, &frame::hidden_lines(finding)).as_bytes())?;
        for label in &finding.labels {
            if let Some(path) = &label.path {
                writeln!(out, "  see also: {path}:{} {}", label.location.start.line, label.message)?;
            }
        }
        writeln!(out)?;
    }
    let unchecked: Vec<_> = outcome.errors.iter().filter(|e| e.kind != ErrorKind::ParseError).collect();
    for error in &unchecked {
        writeln!(out, "  ! {}: {}", error.path, error.message)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary_line(report, unchecked.len()))?;
    }
    Ok(())
}

fn summary_line(report: &Report<'_>, unchecked: usize) -> String {
    let outcome = report.outcome;
    let stats = &outcome.stats;
    let count = |severity| outcome.findings.iter().filter(|f| f.severity == severity).count();
    let files: BTreeSet<&str> = outcome.findings.iter().map(|f| &*f.path).collect();
    let mut parts = Vec::new();
    if outcome.findings.is_empty() {
        parts.push("No findings".to_owned());
    } else {
        let by_severity: Vec<String> = Severity::ALL.iter().map(|&s| plural::count(count(s), s.as_str())).collect();
        parts.push(format!("Found {} in {}", by_severity.join(", "), plural::count(files.len(), "file")));
    }
    let mut scanned = format!("{} scanned", plural::count(stats.files_scanned, "file"));
    if stats.test_files_skipped > 0 {
        scanned.push_str(&format!(", {} skipped", plural::count(stats.test_files_skipped, "test file")));
    }
    if unchecked > 0 {
        scanned.push_str(&format!(", {unchecked} not checked"));
    }
    if !outcome.suppressed.is_empty() {
        scanned.push_str(&format!(", {} suppressed", outcome.suppressed.len()));
    }
    if let Some(baseline) = outcome.baseline {
        scanned.push_str(&format!(", {} in the baseline", baseline.matched));
        if baseline.stale > 0 {
            scanned.push_str(&format!(", {} fixed or changed", plural::count(baseline.stale, "baseline entry")));
        }
    }
    match stats.elapsed {
        Some(elapsed) => parts.push(format!("({scanned}, {:.2}s)", elapsed.as_secs_f64())),
        None => parts.push(format!("({scanned})")),
    }
    parts.join(" ")
}

/// A finding as a miette diagnostic, reading its code frame from the file's text. Only its
/// labels in the same file are drawn in the frame: miette puts all of a diagnostic's labels
/// in one file, and a frame per label elsewhere would repeat every other site, so those
/// become one `see also` line each.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<SourceView<'a>>,
    /// The rule's documentation page, when the terminal shows links: the rule id links to
    /// it. Without one, the help names `ssotlint explain` instead.
    docs: Option<String>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic").field("rule", &self.finding.rule).finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let (severity, rule) = (self.finding.severity, &self.finding.rule);
        Some(Box::new(match &self.docs {
            // OSC 8: `ESC ] 8 ; ; URL ESC \` opens the link, an empty URL closes it.
            Some(url) => format!("{severity}[\u{1b}]8;;{url}\u{1b}\\{rule}\u{1b}]8;;\u{1b}\\]"),
            None => format!("{severity}[{rule}]"),
        }))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.finding.help.as_deref();
        if self.docs.is_some() {
            return help.map(|h| Box::new(h) as Box<dyn fmt::Display>);
        }
        let explain = format!("for more, run `ssotlint explain {}`", self.finding.rule);
        Some(Box::new(help.map_or(explain.clone(), |h| format!("{h}\n{explain}"))))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let finding = self.finding;
        let primary = LabeledSpan::new_primary_with_span(None, finding.span.range());
        let secondary = finding
            .labels
            .iter()
            .filter(|label| label.path.is_none())
            .map(|label| LabeledSpan::new_with_span(Some(label.message.clone()), label.span.range()));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}
