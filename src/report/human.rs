//! The human format: one miette graphical report per finding, then one summary line.

use std::collections::BTreeSet;
use std::fmt;
use std::io::{self, Write};

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::Report;
use super::source_view::SourceView;
use crate::finding::{ErrorKind, Finding, Label, Severity};

#[derive(Debug, Clone, Copy)]
pub struct HumanOptions {
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
    /// Wrap width of messages.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self { color: false, quiet: false, width: 100 }
    }
}

pub fn write(report: &Report<'_>, options: &HumanOptions, out: &mut dyn Write) -> io::Result<()> {
    let theme = if options.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler =
        GraphicalReportHandler::new_themed(theme).with_width(options.width).with_wrap_lines(false).with_links(false);
    let outcome = report.outcome;
    for finding in &outcome.findings {
        let source = outcome.sources.get(&finding.path).map(|s| SourceView(s));
        let related = finding
            .labels
            .iter()
            .filter_map(|label| {
                let path = label.path.as_ref()?;
                let source = outcome.sources.get(path).map(|s| SourceView(s));
                Some(ElsewhereLabel { label, source })
            })
            .collect();
        let diagnostic = FindingDiagnostic { finding, source, related };
        let mut rendered = String::new();
        handler.render_report(&mut rendered, &diagnostic).map_err(|_| io::Error::other("cannot render a finding"))?;
        out.write_all(rendered.as_bytes())?;
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
        let by_severity: Vec<String> = Severity::ALL.iter().map(|&s| plural(count(s), s.as_str())).collect();
        parts.push(format!("Found {} in {}", by_severity.join(", "), plural(files.len(), "file")));
    }
    let mut scanned = format!("{} scanned", plural(stats.files_scanned, "file"));
    if stats.test_files_skipped > 0 {
        scanned.push_str(&format!(", {} skipped", plural(stats.test_files_skipped, "test file")));
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
            scanned.push_str(&format!(", {} baseline entries fixed or changed", baseline.stale));
        }
    }
    match stats.elapsed {
        Some(elapsed) => parts.push(format!("({scanned}, {:.2}s)", elapsed.as_secs_f64())),
        None => parts.push(format!("({scanned})")),
    }
    parts.join(" ")
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "info") => format!("{n} info"),
        _ => format!("{n} {word}s"),
    }
}

/// A finding as a miette diagnostic, reading its code frame from the file's text.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<SourceView<'a>>,
    /// Labels in other files: miette puts all of a diagnostic's labels in one file, so these
    /// are rendered as related diagnostics with their own code frames.
    related: Vec<ElsewhereLabel<'a>>,
}

struct ElsewhereLabel<'a> {
    label: &'a Label,
    source: Option<SourceView<'a>>,
}

impl fmt::Debug for ElsewhereLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ElsewhereLabel").field("message", &self.label.message).finish()
    }
}

impl fmt::Display for ElsewhereLabel<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, &self.label.path) {
            (None, Some(path)) => {
                let start = self.label.location.start;
                write!(f, "{} ({path}:{}:{})", self.label.message, start.line, start.column)
            }
            _ => f.write_str(&self.label.message),
        }
    }
}

impl std::error::Error for ElsewhereLabel<'_> {}

impl Diagnostic for ElsewhereLabel<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_primary_with_span(None, self.label.span.range()))))
    }
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
        Some(Box::new(format!("{}[{}]", self.finding.severity, self.finding.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
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
