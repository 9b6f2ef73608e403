//! Findings as LSP diagnostics: the range in the client's encoding, the rule id as the code
//! with a link to its documentation, labels as related information (in other files too).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Url,
};

use super::positions::{Encoding, Lines};
use crate::finding::{ErrorKind, FileError, Finding, Severity};
use crate::support::errors::UserError;
use crate::support::source::{SourceFile, Span};

/// Where the texts of the files a finding points into come from: the open buffers first,
/// then what the run kept, then the disk.
pub struct Texts<'a> {
    root: &'a Path,
    encoding: Encoding,
    open: &'a HashMap<Arc<str>, Arc<str>>,
    kept: &'a BTreeMap<Arc<str>, Arc<SourceFile>>,
    /// Each file's lines, built once per conversion.
    lines: RefCell<HashMap<Arc<str>, Option<Rc<Lines>>>>,
}

impl<'a> Texts<'a> {
    pub fn new(
        root: &'a Path,
        encoding: Encoding,
        open: &'a HashMap<Arc<str>, Arc<str>>,
        kept: &'a BTreeMap<Arc<str>, Arc<SourceFile>>,
    ) -> Self {
        Self { root, encoding, open, kept, lines: RefCell::default() }
    }

    /// The lines of `rel` as the findings saw them.
    pub fn lines(&self, rel: &str) -> Option<Rc<Lines>> {
        if let Some(lines) = self.lines.borrow().get(rel) {
            return lines.clone();
        }
        let lines = self.text_of(rel).map(|text| Rc::new(Lines::new(text, self.encoding)));
        self.lines.borrow_mut().insert(rel.into(), lines.clone());
        lines
    }

    fn text_of(&self, rel: &str) -> Option<Arc<str>> {
        if let Some(text) = self.open.get(rel) {
            return Some(text.clone());
        }
        if let Some(source) = self.kept.get(rel) {
            return Some(source.text.as_str().into());
        }
        std::fs::read_to_string(self.root.join(rel)).ok().map(Into::into)
    }

    pub fn range(&self, rel: &str, span: Span, fallback: crate::finding::Location) -> Range {
        match self.lines(rel) {
            Some(lines) => Range { start: lines.position(span.start), end: lines.position(span.end) },
            // Character columns are right for every line without astral characters.
            None => Range {
                start: lsp_position(fallback.start.line, fallback.start.column),
                end: lsp_position(fallback.end.line, fallback.end.column),
            },
        }
    }
}

fn lsp_position(line: u32, column: u32) -> lsp_types::Position {
    lsp_types::Position { line: line.saturating_sub(1), character: column.saturating_sub(1) }
}

/// The diagnostics of one file, in the findings' order.
pub fn of_file<'f>(findings: impl Iterator<Item = &'f Finding>, texts: &Texts<'_>) -> Vec<Diagnostic> {
    findings.map(|finding| diagnostic(finding, texts)).collect()
}

fn diagnostic(finding: &Finding, texts: &Texts<'_>) -> Diagnostic {
    let range = texts.range(&finding.path, finding.span, finding.location);
    let related = finding
        .labels
        .iter()
        .filter_map(|label| {
            let rel = label.path.as_deref().unwrap_or(&finding.path);
            let uri = Url::from_file_path(texts.root.join(rel)).ok()?;
            let range = texts.range(rel, label.span, label.location);
            Some(DiagnosticRelatedInformation { location: Location { uri, range }, message: label.message.clone() })
        })
        .collect::<Vec<_>>();
    let message = match &finding.help {
        Some(help) => format!("{}\nhelp: {help}", finding.message),
        None => finding.message.clone(),
    };
    Diagnostic {
        range,
        severity: Some(severity(finding.severity)),
        code: Some(NumberOrString::String(finding.rule.to_string())),
        code_description: crate::rules::docs_url(&finding.rule)
            .and_then(|url| Url::parse(&url).ok())
            .map(|href| CodeDescription { href }),
        source: Some("ssotlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// A file that could not be checked completely (an internal error, an unreadable or too
/// large file), at its start: otherwise the editor would show a clean file. Parse errors and
/// invalid UTF-8 are findings already.
pub fn of_file_error(error: &FileError) -> Option<Diagnostic> {
    if matches!(error.kind, ErrorKind::ParseError | ErrorKind::InvalidUtf8) {
        return None;
    }
    let kind = serde_json::to_value(error.kind).ok()?.as_str()?.to_owned();
    let start = lsp_types::Position::default();
    Some(Diagnostic {
        range: Range { start, end: start },
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(kind)),
        source: Some("ssotlint".into()),
        message: format!("ssotlint could not check this file completely: {}", error.message),
        ..Diagnostic::default()
    })
}

/// A configuration that does not load, shown where it is wrong (the start of the file when
/// the error names no place).
pub fn of_config_error(error: &UserError) -> Diagnostic {
    let start = error.place().map_or(lsp_types::Position::default(), |place| lsp_position(place.line, place.column));
    let message = match &error.help {
        Some(help) => format!("{}\nhelp: {help}; the last settings that loaded stay in force", error.message),
        None => format!("{}\n(the last settings that loaded stay in force)", error.message),
    };
    Diagnostic {
        range: Range { start, end: lsp_types::Position { line: start.line, character: start.character + 1 } },
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".into())),
        source: Some("ssotlint".into()),
        message,
        ..Diagnostic::default()
    }
}
