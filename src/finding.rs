//! Findings: what a rule reports, with byte spans while checking and lines and columns once
//! a file is finished. Findings are sorted once, by the engine; reporters never sort.

use std::borrow::Cow;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::source::{Position, SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a span is, in the units the output formats use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

impl Default for Position {
    fn default() -> Self {
        Position { line: 1, column: 1 }
    }
}

/// A secondary place involved in a finding ("another pool strategy is chosen here").
#[derive(Debug, Clone)]
pub struct Label {
    /// The label's file when it is not the finding's own.
    pub path: Option<Arc<str>>,
    pub span: Span,
    pub message: String,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Cow<'static, str>,
    pub severity: Severity,
    pub concern: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub path: Arc<str>,
    pub span: Span,
    pub labels: Vec<Label>,
    pub location: Location,
    pub fingerprint: String,
}

impl Finding {
    pub fn new(rule: Cow<'static, str>, severity: Severity, path: Arc<str>, span: Span, message: String) -> Self {
        Self {
            rule,
            severity,
            concern: None,
            message,
            help: None,
            path,
            span,
            labels: Vec::new(),
            location: Location::default(),
            fingerprint: String::new(),
        }
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn concern(&mut self, concern: impl Into<String>) -> &mut Self {
        self.concern = Some(concern.into());
        self
    }

    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label { path: None, span, message: message.into(), location: Location::default() });
        self
    }

    /// The sort order of every output: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Position, &str, Position, &str) {
        (&self.path, self.location.start, &self.rule, self.location.end, &self.message)
    }
}

/// A file that could not be checked, or not completely: the JSON `errors` entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub path: Arc<str>,
    pub kind: ErrorKind,
    pub message: String,
    /// The rule that was running, for internal errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    ParseError,
    IoError,
    InvalidUtf8,
    TooLarge,
    InternalError,
}

impl FileError {
    pub fn new(path: Arc<str>, kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { path, kind, message: message.into(), rule: None }
    }

    pub fn io(path: Arc<str>, message: impl Into<String>) -> Self {
        Self::new(path, ErrorKind::IoError, message)
    }
}

/// Fills in lines, columns and fingerprints of one file's findings (labels in the same file
/// included), and sorts them.
pub fn finalize(findings: &mut [Finding], source: &SourceFile) {
    for finding in findings.iter_mut() {
        finding.location = locate(source, finding.span);
        for label in finding.labels.iter_mut().filter(|l| l.path.is_none()) {
            label.location = locate(source, label.span);
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    assign_fingerprints(findings, source);
}

pub fn locate(source: &SourceFile, span: Span) -> Location {
    Location { start: source.position(span.start), end: source.position(span.end) }
}

/// Fingerprints survive unrelated edits: rule, path, the flagged line's text with
/// whitespace collapsed, and the index among findings with the same three in the file;
/// not the line number.
fn assign_fingerprints(findings: &mut [Finding], source: &SourceFile) {
    let mut seen: Vec<(u64, usize)> = Vec::new();
    for finding in findings.iter_mut() {
        let line = source.lines.line_text(&source.text, finding.location.start.line as usize - 1);
        let normalized: String = line.split_whitespace().collect::<Vec<_>>().join(" ");
        let base = fnv1a(&[finding.rule.as_bytes(), finding.path.as_bytes(), normalized.as_bytes()]);
        let index = match seen.iter_mut().find(|(hash, _)| *hash == base) {
            Some((_, count)) => {
                *count += 1;
                *count
            }
            None => {
                seen.push((base, 0));
                0
            }
        };
        finding.fingerprint = format!("{:016x}", fnv1a(&[&base.to_le_bytes(), &index.to_le_bytes()]));
    }
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `DefaultHasher`.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding_at(source: &SourceFile, needle: &str) -> Finding {
        let start = source.text.find(needle).unwrap();
        Finding::new(
            Cow::Borrowed("direct-env-read"),
            Severity::Error,
            source.path.clone(),
            Span::new(start, start + needle.len()),
            "m".into(),
        )
    }

    fn fingerprints(text: &str) -> Vec<String> {
        let source = SourceFile::new("a.py".into(), text.into());
        let mut findings: Vec<Finding> = text
            .match_indices("getenv")
            .map(|(at, _)| {
                let mut f = finding_at(&source, "getenv");
                f.span = Span::new(at, at + 6);
                f
            })
            .collect();
        finalize(&mut findings, &source);
        findings.into_iter().map(|f| f.fingerprint).collect()
    }

    #[test]
    fn fingerprint_ignores_line_shifts_but_not_edits() {
        let before = fingerprints("x = getenv('A')\n");
        let shifted = fingerprints("import os\n\n\nx  =  getenv('A')\n");
        let edited = fingerprints("y = getenv('A')\n");
        assert_eq!(before, shifted);
        assert_ne!(before, edited);
    }

    #[test]
    fn identical_lines_get_distinct_fingerprints() {
        let prints = fingerprints("x = getenv('A')\nx = getenv('A')\n");
        assert_eq!(prints.len(), 2);
        assert_ne!(prints[0], prints[1]);
    }
}
